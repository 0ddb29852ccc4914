"""Signals: the named facts about a partnership that the rubric's rules read.

A *signal* is one value computed from a partnership: a structural measure
(:mod:`clsp_research.partnership.measures`), a recorded attribute (``p.info``, members' fields) or a
simple derivation of them. ``None`` means *not recorded* (or undefined, like reciprocity
without any directed tie): rules treat it as unknown, never as "no". Rules in
``rules/*.yaml`` name signals by id; :func:`signals` lists them with what they mean.

Conventions worth knowing when reading a score:

- Evidence is three-valued: *recorded yes*, *recorded no* and *not recorded*. A yes/no field
  recorded ``false`` and a list recorded empty (``working_groups: []``, ``champions: []``,
  ``small_wins: []``) are recorded no: the count is 0 and counts against. A field left out is
  not recorded (``None``): it lowers confidence and never counts as no.
  (``membership_changes`` left empty still reads as not recorded: a case that lists no change
  rarely means that nobody ever changed.)
- The *year of assessment* (``as_of``) is ``partnership.as_of`` (or ``year``) of the case
  when given, else the latest year the case records after its establishment (a tie's
  ``since``, a membership change, a representative's years, a member joining or leaving),
  else the rubric's ``params.as_of``. Without it, age and turnover are unknown.
- Turnover counts, per member, the larger of the recorded ``representative_changed``
  changes and the number of successive representatives minus one, over
  ``members x years`` between establishment and ``as_of``.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, PartnershipInfo, Tie
>>> from clsp_research.assess.rubric import load_rubric
>>> p = Partnership(PartnershipInfo("x", budget="own"),
...                 [Member("f", "F", groups=("funder",)), Member("b", "B", groups=("provider",))],
...                 [Tie("f", "b", "funding", amount=10.0)])
>>> ctx = Context(p, load_rubric())
>>> ctx.get("budget_held"), ctx.get("shared_mission"), ctx.get("groups_present")
(True, None, 2)
>>> ctx.format("dominant_funder_share"), ctx.format("missing_groups")
('100%', 'community, network and other_sector')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from ..partnership import measures as M
from ..partnership.arrays import tie_arrays
from .power import resource_power, tied_names
from .ties import member_levels, pair_levels
from .vocabulary import SIGNALS, Signal, format_value, signals

if TYPE_CHECKING:  # pragma: no cover
    from ..partnership.model import Partnership
    from .rubric import Rubric

__all__ = ["SIGNALS", "Context", "Signal", "format_value", "signals"]


def _signal(id_: str, label: str, kind: str, fmt: str, doc: str) -> Callable[[Callable[[Context], Any]], Any]:
    def deco(fn: Callable[[Context], Any]) -> Callable[[Context], Any]:
        SIGNALS[id_] = Signal(id_, label, kind, fmt, doc, fn)
        return fn

    return deco


class Context:
    """The partnership being assessed, its rubric, and every signal computed so far (memoised).

    Parameters
    ----------
    p
        The partnership.
    rubric
        The rubric (its ``params`` set thresholds some signals use).
    """

    def __init__(self, p: Partnership, rubric: Rubric) -> None:
        self.p = p
        self.rubric = rubric
        self.info = p.info
        self._values: dict[str, Any] = {}
        self._summary: M.StructuralSummary | None = None

    @property
    def edges(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Every tie as ``(source, target, attributes)`` (listed once, cached on the partnership)."""
        return self.p.cached(("assess", "edges"), lambda: list(self.p.graph.edges(data=True)))

    @property
    def summary(self) -> M.StructuralSummary:
        """The partnership's structural summary (computed once, cached on the partnership)."""
        if self._summary is None:
            self._summary = M.summarize(self.p)
        return self._summary

    def get(self, name: str) -> Any:
        """The value of a signal (``None`` when not recorded)."""
        try:
            return self._values[name]
        except KeyError:
            pass
        value = SIGNALS[name].compute(self)
        self._values[name] = value
        return value

    def format(self, name: str, spec: str = "") -> str:
        """A signal's value as text: with a format ``spec`` (``'.0%'``) when given, else its default."""
        value = self.get(name)
        if spec and value is not None and not isinstance(value, str | list | tuple | bool):
            return format(value, spec)
        return format_value(value, SIGNALS[name].fmt)

    def name_of(self, member_id: str | None) -> str | None:
        """A member's display name (its id when unknown)."""
        if member_id is None:
            return None
        node = self.p.graph.nodes.get(member_id)
        return node["name"] if node else member_id


# -- partnership attributes -------------------------------------------------------------------

_BOOL_DOCS = {
    "shared_mission": ("a shared mission", "Whether the members have agreed a written common mission or vision."),
    "steering_group": ("a steering group", "Whether there is a steering or executive group."),
    "strategic_plan": ("a strategic plan", "Whether a strategic plan has been agreed."),
    "coordinator": ("a coordinator", "Whether a paid coordinator or partnership manager services the group."),
    "smart_objectives": ("SMART objectives",
                         "Whether objectives are specific, measurable, achievable, realistic and timed."),
    "baselines": ("baselines", "Whether baselines were recorded to measure progress against."),
    "evaluation": ("evaluation", "Whether the partnership evaluates and reviews its own work."),
    "terms_of_reference": ("terms of reference", "Whether written terms of reference or a constitution exist."),
}


def _bool_signal(name: str, label: str, doc: str) -> None:
    SIGNALS[name] = Signal(name, label, "attribute", "bool", doc, lambda c: getattr(c.info, name))


for _name, (_label, _doc) in _BOOL_DOCS.items():
    _bool_signal(_name, _label, _doc)


@_signal("budget", "the partnership's budget", "attribute", "category", "none, own or pooled (None: not recorded).")
def _budget(c: Context) -> str | None:
    return c.info.budget


@_signal("budget_held", "a budget of the partnership's own or pooled", "attribute", "bool",
         "True for an own or pooled budget, False for none, None when not recorded.")
def _budget_held(c: Context) -> bool | None:
    return None if c.info.budget is None else c.info.budget in ("own", "pooled")


def _count(values: tuple[Any, ...] | None) -> int | None:
    return None if values is None else len(values)


@_signal("working_groups", "working groups", "attribute", "count",
         "Number of working groups (0 when recorded as an empty list; None when not recorded).")
def _wg(c: Context) -> int | None:
    return _count(c.info.working_groups)


@_signal("champions", "champions", "attribute", "count", "Number of member organisations championing the partnership.")
def _champions(c: Context) -> int | None:
    return _count(c.info.champions)


@_signal("small_wins", "small wins", "attribute", "count", "Number of early, visible joint achievements recorded.")
def _small_wins(c: Context) -> int | None:
    return _count(c.info.small_wins)


@_signal("joint_working_history", "years of joint working before the partnership", "attribute", "years",
         "Years the core members had worked together before the partnership.")
def _history(c: Context) -> float | None:
    return c.info.joint_working_history


@_signal("meetings_per_year", "meetings a year", "attribute", "count", "How often the main group meets.")
def _meetings(c: Context) -> float | None:
    return c.info.meetings_per_year


@_signal("mutual_benefit", "whether every member gains (mutual benefit)", "attribute", "bool",
         "partnership.mutual_benefit of the case (kept in info.attrs): whether every member is known to gain.")
def _mutual(c: Context) -> bool | None:
    v = c.info.attrs.get("mutual_benefit")
    return v if isinstance(v, bool) else None


def _years_recorded(c: Context) -> list[int]:
    years: list[int] = [ch.year for ch in c.info.membership_changes]
    for m in c.p.members.values():
        years.extend(y for y in (m.joined, m.left) if y is not None)
        for r in m.representatives:
            years.extend(y for y in (r.since, r.until) if y is not None)
    years.extend(d["since"] for _, _, d in c.edges if d["since"] is not None)
    return years


@_signal("as_of", "the year of assessment", "attribute", "name",
         "partnership.as_of (or year) of the case, else the latest year recorded after establishment, "
         "else the rubric's params.as_of.")
def _as_of(c: Context) -> int | None:
    for key in ("as_of", "year"):
        v = c.info.attrs.get(key)
        if isinstance(v, int) and not isinstance(v, bool):
            return v
    est = c.info.established
    later = [y for y in _years_recorded(c) if est is None or y > est]
    if later:
        return max(later)
    fallback = c.rubric.params.get("as_of")
    return int(fallback) if fallback is not None else None


@_signal("partnership_age", "the partnership's age", "attribute", "years",
         "Years from establishment to the year of assessment (None when either is unknown).")
def _age(c: Context) -> float | None:
    est, as_of = c.info.established, c.get("as_of")
    if est is None or as_of is None:
        return None
    return float(max(as_of - est, 0))


def _member_years(c: Context) -> float | None:
    age = c.get("partnership_age")
    if age is None or len(c.p) == 0:
        return None
    return len(c.p) * max(age, 1.0)


@_signal("rep_changes_per_member_year", "changes of representative", "attribute", "rate",
         "Changes of representative per member and year (None when neither representatives nor changes "
         "are recorded, or the years are unknown).")
def _rep_rate(c: Context) -> float | None:
    members = c.p.members
    recorded = bool(c.info.membership_changes) or any(m.representatives for m in members.values())
    my = _member_years(c)
    if not recorded or my is None:
        return None
    changed: dict[str, int] = {}
    for ch in c.info.membership_changes:
        if ch.change == "representative_changed":
            changed[ch.member] = changed.get(ch.member, 0) + 1
    total = sum(max(changed.get(mid, 0), max(len(m.representatives) - 1, 0)) for mid, m in members.items())
    total += sum(n for mid, n in changed.items() if mid not in members)  # changes of members who left
    return total / my


@_signal("membership_changes_per_member_year", "members joining or leaving", "attribute", "rate",
         "Members joining (after the founding year) or leaving, per member and year (None when no "
         "membership change is recorded or the years are unknown).")
def _churn(c: Context) -> float | None:
    changes = [ch for ch in c.info.membership_changes if ch.change in ("joined", "left")]
    my = _member_years(c)
    if not c.info.membership_changes or my is None:
        return None
    est = c.info.established
    n = sum(1 for ch in changes if not (ch.change == "joined" and est is not None and ch.year <= est))
    return n / my


@_signal("joined_since_start", "members who joined after the start", "attribute", "count",
         "Members recorded as joining after the founding year (None when no membership change is recorded).")
def _joined(c: Context) -> int | None:
    if not c.info.membership_changes:
        return None
    est = c.info.established
    return sum(1 for ch in c.info.membership_changes
               if ch.change == "joined" and (est is None or ch.year > est))


# Attitudes (lowndes1997 in griffith2002, §3.63 n.61): how far each supports joint working.
_ATTITUDE_SCORES = {"enthusiast": 1.0, "enthusiasts": 1.0, "activist": 1.0, "activists": 1.0,
                    "pragmatist": 0.5, "pragmatists": 0.5, "opponent": 0.0, "opponents": 0.0}


@_signal("positive_attitude_share", "members' attitudes", "attribute", "share",
         "Mean over members with a recorded attitude: enthusiast or activist 1, pragmatist 0.5, opponent 0 "
         "(lowndes1997's types); None when no attitude is recorded.")
def _attitudes(c: Context) -> float | None:
    vals = [_ATTITUDE_SCORES[m.attitude.strip().lower()] for m in c.p.members.values()
            if m.attitude and m.attitude.strip().lower() in _ATTITUDE_SCORES]
    return sum(vals) / len(vals) if vals else None


@_signal("resource_contributor_share", "members bringing resources", "attribute", "share",
         "Share of members with recorded resources who bring some (resources > 0); None when none is recorded.")
def _contributors(c: Context) -> float | None:
    vals = [m.resources for m in c.p.members.values() if m.resources is not None]
    return sum(1 for v in vals if v > 0) / len(vals) if vals else None


# -- structure ---------------------------------------------------------------------------------

def _summary_signal(name: str, field: str, label: str, fmt: str, doc: str) -> None:
    SIGNALS[name] = Signal(name, label, "measure", fmt, doc, lambda c: getattr(c.summary, field))


for _args in (
    ("n_members", "n_members", "members", "count", "Number of members."),
    ("n_pairs", "n_pairs", "connected pairs", "count", "Pairs of members with any tie."),
    ("density", "density", "density", "ratio", "Share of possible pairs that have any tie (measures.density)."),
    ("degree_centralization", "degree_centralization", "degree centralization", "ratio",
     "Freeman's degree centralization of the graph of all ties (measures.degree_centralization)."),
    ("betweenness_centralization", "betweenness_centralization", "betweenness centralization", "ratio",
     "Freeman's betweenness centralization (measures.betweenness_centralization)."),
    ("multiplexity_share", "multiplexity_share", "pairs linked by several kinds of tie", "share",
     "Share of connected pairs joined by two or more tie kinds (measures.multiplexity)."),
    ("reciprocity", "reciprocity", "reciprocity of referral and funding", "share",
     "Share of directed ties returned in kind; None without directed ties (measures.reciprocity)."),
    ("core_k", "core_k", "the main core's k", "count", "Core number of the main k-core (measures.inner_core)."),
    ("core_share", "core_share", "members in the main core", "share", "Main k-core size / members."),
    ("largest_component_share", "largest_component_share", "members in the largest connected part", "share",
     "Share of members in the largest connected component (measures.components)."),
    ("missing_groups", "missing_groups", "missing stakeholder groups", "list",
     "Stakeholder groups with no member (measures.missing_groups)."),
):
    _summary_signal(*_args)


@_signal("groups_present", "stakeholder groups with members", "measure", "count",
         "How many of the LSC's five stakeholder groups have at least one member.")
def _groups_present(c: Context) -> int:
    return sum(1 for v in c.summary.group_coverage.values() if v > 0)


@_signal("group_coverage_share", "stakeholder groups with members", "measure", "share",
         "Share of the LSC's five stakeholder groups that have at least one member.")
def _group_share(c: Context) -> float:
    return c.get("groups_present") / len(c.summary.group_coverage)


def _group_count(group: str) -> Callable[[Context], int]:
    return lambda c: c.summary.group_coverage.get(group, 0)


for _g, _lab in (("community", "community and user group members"), ("other_sector", "other-sector members"),
                 ("network", "local network members"), ("funder", "funders"), ("provider", "advice providers")):
    SIGNALS[f"{_g}_members"] = Signal(f"{_g}_members", _lab, "measure", "count",
                                      f"Members in the {_g} stakeholder group (measures.group_coverage).",
                                      _group_count(_g))


@_signal("tied_member_share", "members with at least one tie", "measure", "share",
         "Share of members with any tie (1 - isolates / members).")
def _tied(c: Context) -> float:
    n = c.summary.n_members
    return 1.0 - len(c.summary.isolates) / n if n else 0.0


@_signal("core_size", "members of the main core", "measure", "count", "Size of the main k-core.")
def _core_size(c: Context) -> int:
    return len(c.summary.core_members)


@_signal("core_tie_end_share", "tie ends held by the main core", "measure", "share",
         "Share of all tie ends (the sum of degrees in the graph of all ties) held by members of the main k-core.")
def _core_ends(c: Context) -> float:
    a = tie_arrays(c.p)
    m = len(a.pair_u)
    if not m:
        return 0.0
    return int(a.degree[[a.index[u] for u in c.summary.core_members]].sum()) / (2 * m)


@_signal("core_excess", "the main core's excess share of ties", "measure", "ratio",
         "core_tie_end_share - core_share: how much more of the ties the main core holds than its share of "
         "members (0 when the core is everyone or there are no ties).")
def _core_excess(c: Context) -> float:
    return max(0.0, c.get("core_tie_end_share") - c.get("core_share")) if c.summary.n_pairs else 0.0


@_signal("boundary_spanners", "boundary spanners", "measure", "count",
         "Members who link stakeholder groups not otherwise in touch (measures.boundary_spanners).")
def _spanners(c: Context) -> int:
    return len(c.summary.boundary_spanners)


@_signal("most_central", "the most central member", "measure", "name",
         "Name of the member with most ties; every member sharing the most is named ('council and lsc, tied').")
def _most_central(c: Context) -> str | None:
    a = tie_arrays(c.p)
    if not len(a.pair_u):
        return c.name_of(c.summary.most_central)
    return tied_names([c.name_of(a.ids[i]) or a.ids[i] for i in np.flatnonzero(a.degree == a.degree.max())])


# -- funding -----------------------------------------------------------------------------------

@_signal("funding_ties", "funding ties", "measure", "count", "Number of funding ties.")
def _funding_ties(c: Context) -> int:
    return c.summary.tie_kind_counts.get("funding", 0)


@_signal("dominant_funder_share", "the largest funder's share of recorded funding", "measure", "share",
         "The largest funder's share of all funding with a known amount (measures.funder_shares); "
         "None without amounts.")
def _dom_share(c: Context) -> float | None:
    return c.summary.dominant_funder_share


@_signal("dominant_funder", "the largest funder", "measure", "name",
         "Name of the largest funder (all of them, 'a and b, tied', when several give the same).")
def _dom(c: Context) -> str | None:
    shares = M.funder_shares(c.p)
    if not shares:
        return c.name_of(c.summary.dominant_funder)
    top = max(shares.values())
    return tied_names([c.name_of(f) or f for f, v in shares.items() if abs(v - top) <= 1e-12])


# -- power from every resource (griffith2002, §3.42-3.43) -------------------------------------------

@_signal("dominant_resource_share", "the largest member's share of the resources brought", "measure", "share",
         "The largest share of the recorded resources (money: resources, grants given and pool contributions; "
         "staff) held by one member, within any connected piece of two or more members (assess.power); None when "
         "no resource is recorded.")
def _res_share(c: Context) -> float | None:
    return resource_power(c.p).share


@_signal("dominant_resource_holder", "the member bringing most resources", "measure", "name",
         "The member(s) holding dominant_resource_share (tied members all named).")
def _res_holder(c: Context) -> str | None:
    r = resource_power(c.p)
    return tied_names(list(r.holders)) if r.holders else None


@_signal("dominant_resource_share_whole", "the largest member's share of the whole partnership's resources",
         "measure", "share", "The largest share of recorded resources over the whole partnership, pieces together.")
def _res_whole(c: Context) -> float | None:
    return resource_power(c.p).whole_share


@_signal("resource_piece", "where the share was measured", "measure", "name",
         "'the whole partnership' when it is in one piece, else the size of the connected piece where the largest "
         "share was found, with the share over the whole partnership beside it.")
def _res_piece(c: Context) -> str | None:
    r = resource_power(c.p)
    if r.share is None:
        return None
    if r.pieces <= 1 and r.piece_size == len(c.p):
        return "the whole partnership"
    whole = "" if r.whole_share is None else f" ({r.whole_share:.0%} over the whole partnership)"
    return f"a connected piece of {r.piece_size} of the {len(c.p)} members{whole}"


@_signal("resource_figures", "the figures used", "measure", "name",
         "The holders' stake and the piece's total for each resource read ('money 950,000 of 1,015,000').")
def _res_figures(c: Context) -> str | None:
    r = resource_power(c.p)
    if not r.figures:
        return None
    return "; ".join(f"{k} {v:,.0f} of {t:,.0f}" for k, (v, t) in r.figures.items())


@_signal("connected_pieces", "connected pieces", "measure", "count",
         "Connected pieces of the graph of all ties, members without ties counting one piece each "
         "(measures.components).")
def _pieces(c: Context) -> int:
    return len(M.components(c.p))


@_signal("n_funders", "funders with recorded amounts", "measure", "count", "Funders whose grants have known amounts.")
def _n_funders(c: Context) -> int:
    return len(M.funder_shares(c.p))


def _funded(c: Context) -> set[str]:
    return {v for _, v, d in c.edges if d["kind"] == "funding"}


@_signal("funded_members", "funded members", "measure", "count", "Members receiving at least one funding tie.")
def _funded_members(c: Context) -> int:
    return len(_funded(c))


@_signal("single_funder_dependent", "members dependent on one funder", "measure", "list",
         "Names of funded members getting at least params.single_funder_threshold of their known funding from "
         "one funder (measures.single_funder_dependency).")
def _sfd(c: Context) -> list[str]:
    thr = c.get("single_funder_threshold")
    return [c.name_of(m) or m for m in M.single_funder_dependency(c.p, threshold=thr)]


@_signal("single_funder_threshold", "the single-funder threshold", "attribute", "share",
         "The rubric's params.single_funder_threshold (the share from one funder that counts as dependence).")
def _sfd_thr(c: Context) -> float:
    return float(c.rubric.params.get("single_funder_threshold", M.SINGLE_FUNDER_THRESHOLD))


@_signal("single_funder_dependent_count", "members dependent on one funder", "measure", "count",
         "Number of members in single_funder_dependent.")
def _sfd_n(c: Context) -> int:
    return len(c.get("single_funder_dependent"))


@_signal("single_funder_dependent_share", "funded members dependent on one funder", "measure", "share",
         "single_funder_dependent_count / funded_members; None when no member is funded.")
def _sfd_share(c: Context) -> float | None:
    n = c.get("funded_members")
    return c.get("single_funder_dependent_count") / n if n else None


def _main_funder(c: Context) -> tuple[str | None, int, int]:
    """(funder that gives the majority of the funding of most funded members, how many, funded members).

    A member's funders are weighed by their known amounts; a member with a single funder depends
    on it whatever the amount (the convention of measures.funding_dependency). Read within each
    connected piece, like the resources (assess.power): the piece where one funder reaches the
    largest share of the funded members counts (the larger piece on a tie), so two disconnected
    copies of a partnership read as one. Funders that tie are all named. Memoised.
    """
    cached = c._values.get("_main_funder")
    if cached is not None:
        return cached
    grants: dict[str, dict[str, float | None]] = {}
    for u, v, d in c.edges:
        if d["kind"] == "funding":
            got = grants.setdefault(v, {})
            amt = d["amount"]
            got[u] = (got.get(u) or 0.0) + amt if amt is not None else got.get(u)
    piece = {m: i for i, comp in enumerate(M.components(c.p)) for m in comp}
    by_piece: dict[int, tuple[dict[str, int], int]] = {}
    for member, funders in grants.items():
        counts, n = by_piece.get(piece[member], ({}, 0))
        by_piece[piece[member]] = (counts, n + 1)
        known = {f: a for f, a in funders.items() if a}
        total = sum(known.values())
        if len(funders) == 1:
            top = next(iter(funders))
        elif total > 0:
            top = max(known, key=known.__getitem__)
            if known[top] / total <= 0.5:
                continue
        else:
            continue
        counts[top] = counts.get(top, 0) + 1
    best: tuple[float, int, str | None, int, int] = (-1.0, 0, None, 0, len(grants))
    for counts, n in by_piece.values():
        top_n = max(counts.values(), default=0)
        tied = [f for f in counts if counts[f] == top_n]
        reach = top_n / n if n else 0.0
        if (reach, n) > best[:2]:
            best = (reach, n, tied_names([c.name_of(f) or f for f in tied]) if tied else None, top_n, n)
    out = (best[2], best[3], best[4])
    c._values["_main_funder"] = out
    return out


@_signal("main_funder", "the funder most members depend on", "measure", "name",
         "The funder that provides more than half of the recorded funding of the most funded members "
         "(measures.funding_dependency); None when no member gets most of its funding from one funder.")
def _main_funder_name(c: Context) -> str | None:
    return _main_funder(c)[0]


@_signal("main_funder_dependents", "funded members getting most of their funding from the main funder", "measure",
         "count", "How many funded members get more than half of their recorded funding from main_funder.")
def _main_funder_n(c: Context) -> int:
    return _main_funder(c)[1]


@_signal("main_funder_reach", "funded members getting most of their funding from the main funder", "measure",
         "share", "main_funder_dependents / funded members of the connected piece read; None when no member is "
         "funded.")
def _main_funder_reach(c: Context) -> float | None:
    _, n, total = _main_funder(c)
    return n / total if total else None


@_signal("funded_member_share", "members other than funders who receive funding", "measure", "share",
         "Share of members outside the funder group that receive a funding tie from another member.")
def _funded_share(c: Context) -> float | None:
    others = [mid for mid, m in c.p.members.items() if "funder" not in m.groups]
    if not others:
        return None
    funded = _funded(c)
    return sum(1 for mid in others if mid in funded) / len(others)


@_signal("funding_member_share", "members in a funding relationship", "measure", "share",
         "Share of members that give or receive at least one funding tie.")
def _funding_members(c: Context) -> float:
    n = len(c.p)
    if not n:
        return 0.0
    ends = {x for u, v, d in c.edges if d["kind"] == "funding" for x in (u, v)}
    return len(ends) / n


# -- tie levels (continuum) ------------------------------------------------------------------------

@_signal("highest_pair_level", "the closest level of joint working", "measure", "stage",
         "Highest stage index among pairs of members (-1 with no tie; tie_levels.yaml).")
def _highest(c: Context) -> int:
    return max((q.level for q in pair_levels(c.p, c.rubric)), default=-1)


@_signal("closest_tie_kind", "the closest kind of tie", "measure", "name",
         "Closest tie kind present (None with no tie).")
def _closest_kind(c: Context) -> str | None:
    kinds = [k for k, n in c.summary.tie_kind_counts.items() if n]
    return max(kinds, key=c.rubric.kind_rank.__getitem__).replace("_", " ") if kinds else None


@_signal("joint_work_member_share", "members in joint work (co-ordination or closer)", "measure", "share",
         "Share of members with a tie at co-ordination or above.")
def _joint_share(c: Context) -> float:
    lv = member_levels(c.p, c.rubric)
    return sum(1 for v in lv.values() if v >= 2) / len(lv) if lv else 0.0


@_signal("agreements", "working agreements", "measure", "count",
         "Number of agreement ties (formal working agreements or concordats).")
def _agreements(c: Context) -> int:
    return c.summary.tie_kind_counts.get("agreement", 0)


@_signal("joint_projects", "joint projects", "measure", "count", "Number of joint_project ties.")
def _joint_projects(c: Context) -> int:
    return c.summary.tie_kind_counts.get("joint_project", 0)


# -- connected pieces (structure on the whole and on the largest piece) ------------------------------

def _largest_piece_centralization(c: Context) -> float:
    comps = M.components(c.p)
    if not comps:
        return 0.0
    size = len(comps[0])
    a = tie_arrays(c.p)  # degrees in the simple graph: a member's ties all stay within its piece
    # equal-sized largest pieces: the most centralised of them (independent of member ids)
    best = 0.0
    for comp in comps:
        if len(comp) != size or size < 3:
            break
        degrees = a.degree[[a.index[u] for u in comp]]
        best = max(best, min(1.0, float((degrees.max() - degrees).sum()) / ((size - 1) * (size - 2))))
    return best


@_signal("piece_degree_centralization", "degree centralization", "measure", "ratio",
         "The higher of the degree centralization of the whole graph and of its largest connected piece: "
         "a partnership in pieces can be dominated within its main piece while the whole looks spread out "
         "(centralization_scope says which was used).")
def _piece_central(c: Context) -> float:
    return max(c.summary.degree_centralization, _largest_piece_centralization(c))


@_signal("centralization_scope", "where centralization was measured", "measure", "name",
         "'the whole partnership' or 'its largest connected piece (N of M members)': where "
         "piece_degree_centralization was measured.")
def _central_scope(c: Context) -> str:
    comps = M.components(c.p)
    if len(comps) <= 1 or _largest_piece_centralization(c) <= c.summary.degree_centralization:
        return "the whole partnership"
    return f"its largest connected piece ({len(comps[0])} of {len(c.p)} members)"


def component_report(c: Context) -> dict[str, Any]:
    """The partnership's connected pieces and where each structural reading was taken.

    ``pieces`` counts connected pieces (a member without ties is a piece of one); ``sizes``
    lists them largest first; ``whole`` and ``largest_piece`` give density and degree
    centralization on each; ``scored_on`` says which the assessment used for what.
    """
    comps = M.components(c.p)
    largest = comps[0] if comps else []
    a = tie_arrays(c.p)
    n = len(largest)
    inside = int(a.degree[[a.index[u] for u in largest]].sum()) // 2 if n else 0  # a piece's ties stay inside it
    dens = 2.0 * inside / (n * (n - 1)) if n >= 2 else 0.0
    power = c.get("resource_piece")
    return {
        "pieces": len(comps),
        "sizes": [len(x) for x in comps],
        "whole": {"members": len(c.p), "density": c.summary.density,
                  "degree_centralization": c.summary.degree_centralization},
        "largest_piece": {"members": n, "density": dens,
                          "degree_centralization": _largest_piece_centralization(c)},
        "scored_on": {
            "density, multiplexity, core and spanners": "the whole partnership",
            "degree centralization (power)": c.get("centralization_scope"),
            "resources (power)": power if power is not None else "no resource recorded",
        },
    }


_MUTUAL_KINDS = frozenset({"joint_project", "shared_staff", "pooled_budget"})


@_signal("two_way_exchange", "two-way exchange", "measure", "share",
         "Share of the pairs that exchange resources or clients (funding, referral, joint project, shared staff, "
         "pooled budget) in which something flows both ways: a pooled budget, shared staff or a joint project "
         "is two-way by nature; a grant or referral counts as returned when any grant or referral runs back. "
         "None when no pair exchanges anything.")
def _two_way(c: Context) -> float | None:
    flows: dict[frozenset[str], set[tuple[str, str]]] = {}
    mutual: set[frozenset[str]] = set()
    for u, v, d in c.edges:
        kind = d["kind"]
        key = frozenset((u, v))
        if kind in _MUTUAL_KINDS:
            mutual.add(key)
            flows.setdefault(key, set())
        elif kind in ("funding", "referral"):
            flows.setdefault(key, set()).add((u, v))
    if not flows:
        return None
    return sum(1 for k, f in flows.items() if k in mutual or len(f) == 2) / len(flows)
