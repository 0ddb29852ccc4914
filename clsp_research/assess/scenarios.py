"""What-if scenarios: plausible changes to a partnership, each a pure function returning a changed copy.

Each function leaves its input untouched and returns a :class:`Scenario`: the changed
copy and a sentence saying exactly what was changed, so that the assessment before
and after can be read side by side (``assess.compare``). They are teaching devices
that make the literature's claims tangible, not forecasts:

- a **pooled budget** is the mark of the integration end of the continuum
  [griffith2002 §2.7];
- **removing the dominant funder** shows how much of a partnership rests on one
  funder's money and power [griffith2002 §3.37-3.51];
- **adding community groups** widens inclusivity, which the LSC expected of every
  CLSP [lsc_clsp_web] and the literature counts among the success factors
  [griffith2002 §3.56];
- **losing a champion** tests how far the partnership depends on one committed
  individual [griffith2002 §3.64].

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> p = Partnership("P", [Member("lsc", "LSC", groups=("funder",)), Member("la", "Council", groups=("funder",)),
...                       Member("cab", "CAB", groups=("provider",))],
...                 [Tie("lsc", "cab", "funding", amount=100000), Tie("la", "cab", "funding", amount=40000)])
>>> s = remove_dominant_funder(p)
>>> s.description
'Removed LSC (lsc), the source of 71% of recorded funding (100,000 of 140,000), with its 1 tie.'
>>> sorted(s.partnership.members), sorted(p.members)
(['cab', 'la'], ['cab', 'la', 'lsc'])
>>> s = add_pooled_budget(p)
>>> s.partnership.info.budget, [t.kind for t in s.partnership.ties_of_kind("pooled_budget")]
('pooled', ['pooled_budget'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..partnership.model import Member, Partnership, Tie
from ..text import plural

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "SCENARIOS",
    "Scenario",
    "add_community_groups",
    "add_pooled_budget",
    "apply_scenarios",
    "dominant_funder",
    "funding_by_funder",
    "lose_champion",
    "remove_dominant_funder",
    "scenario_overview",
]


@dataclass(frozen=True)
class Scenario:
    """A changed copy of a partnership and what was changed.

    Attributes
    ----------
    id
        The scenario's id (a key of :data:`SCENARIOS`).
    partnership
        The changed copy.
    description
        One sentence saying what was changed (or why nothing was).
    changed
        Whether anything was changed.
    """

    id: str
    partnership: Partnership
    description: str
    changed: bool = True


def _degree(p: Partnership) -> dict[str, int]:
    g = p.simple_graph()
    return {n: g.degree(n) for n in g}


def funding_by_funder(p: Partnership) -> dict[str, tuple[float, int]]:
    """Per member that funds others: (recorded amount given, number of funding ties)."""
    out: dict[str, tuple[float, int]] = {}
    for t in p.ties_of_kind("funding"):
        amount, n = out.get(t.source, (0.0, 0))
        out[t.source] = (amount + (t.amount or 0.0), n + 1)
    return out


def dominant_funder(p: Partnership) -> str | None:
    """The member that gives the most recorded funding (by amount, then number of grants, then id).

    Members of the ``funder`` group without funding ties count as giving nothing; ``None``
    when no member funds another and no member is a funder.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("P", [Member("a", "A", groups=("funder",)), Member("b", "B", groups=("provider",))],
    ...                 [Tie("a", "b", "funding")])
    >>> dominant_funder(p)
    'a'
    """
    given = funding_by_funder(p)
    candidates = set(given) | {m for m, mem in p.members.items() if "funder" in mem.groups}
    if not candidates:
        return None
    return min(candidates, key=lambda m: (-given.get(m, (0.0, 0))[0], -given.get(m, (0.0, 0))[1], m))


def add_pooled_budget(p: Partnership, members: Iterable[str] | None = None) -> Scenario:
    """The funders (or the given members) pool a budget: ``budget: pooled`` and a ``pooled_budget``
    tie between each pair of them.

    With a single funder, it pools with the best-connected other member (a joint commissioning
    arrangement of two), so that the tie kind is present.
    """
    q = p.copy()
    chosen = list(members) if members is not None else [m for m, mem in p.members.items() if "funder" in mem.groups]
    if len(chosen) < 2:
        degree = _degree(p)
        others = sorted((m for m in p.members if m not in chosen), key=lambda m: (-degree.get(m, 0), m))
        chosen = chosen + others[: 2 - len(chosen)]
    if len(chosen) < 2:
        return Scenario("pooled_budget", q, "No change: a pooled budget needs at least two members.", False)
    added = []
    for i, a in enumerate(chosen):
        for b in chosen[i + 1:]:
            if "pooled_budget" not in q.tie_kinds_between(a, b):
                q.add_tie(Tie(a, b, "pooled_budget", formal=True))
                added.append(f"{a}-{b}")
    if not added and p.info.budget == "pooled":
        return Scenario("pooled_budget", q, "No change: the budget is already pooled and its funders already "
                                            "share pooled-budget ties.", False)
    q.update_info(budget="pooled")
    names = ", ".join(p.members[m].name for m in chosen)
    return Scenario("pooled_budget", q,
                    f"Set the budget to pooled and added {plural(len(added), 'pooled-budget tie')} between {names}.")


def remove_dominant_funder(p: Partnership) -> Scenario:
    """Remove the member that gives the most recorded funding, with all its ties."""
    q = p.copy()
    fid = dominant_funder(p)
    if fid is None:
        return Scenario("remove_dominant_funder", q, "No change: no member funds another.", False)
    given = funding_by_funder(p)
    total = sum(a for a, _ in given.values())
    amount, grants = given.get(fid, (0.0, 0))
    n_ties = len([t for t in p.ties if fid in (t.source, t.target)])
    m = p.members[fid]
    q.remove_member(fid)
    if total > 0:
        share = f"the source of {amount / total:.0%} of recorded funding ({amount:,.0f} of {total:,.0f})"
    else:
        share = f"the funder of {plural(grants, 'member')} (no amounts recorded)"
    ties = plural(n_ties, "tie")
    return Scenario("remove_dominant_funder", q, f"Removed {m.name} ({fid}), {share}, with its {ties}.")


def add_community_groups(p: Partnership, n: int = 2) -> Scenario:
    """Add ``n`` community groups, each referring clients to the best-connected provider and exchanging
    information with the best-connected network body (or that provider when there is none)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    q = p.copy()
    degree = _degree(p)

    def best(group: str) -> str | None:
        ids = sorted((m for m, mem in p.members.items() if group in mem.groups), key=lambda m: (-degree.get(m, 0), m))
        return ids[0] if ids else None

    provider = best("provider") or (max(degree, key=lambda m: (degree[m], m)) if degree else None)
    hub = best("network") or provider
    added = []
    k = 0
    while len(added) < n:
        k += 1
        mid = f"community_group_{k}"
        if mid in q:
            continue
        q.add_member(Member(mid, f"Community group {k} (what-if)", groups=("community",), sector="community"))
        if provider is not None:
            q.add_tie(Tie(mid, provider, "referral"))
        if hub is not None:
            q.add_tie(Tie(mid, hub, "information_exchange"))
        added.append(mid)
    linked = f", referring to {p.members[provider].name}" if provider else ""
    return Scenario("add_community_groups", q, f"Added {n} community group(s) ({', '.join(added)}){linked}.")


def lose_champion(p: Partnership, champion: str | None = None) -> Scenario:
    """The champion from ``champion``'s organisation (the first recorded when ``None``) leaves: the
    organisation stays a member but no longer provides a champion."""
    q = p.copy()
    champions = list(p.info.champions or ())
    if not champions:
        return Scenario("lose_champion", q, "No change: the case records no champion.", False)
    who = champion or champions[0]
    if who not in champions:
        return Scenario("lose_champion", q, f"No change: {who} is not (or no longer) a recorded champion; "
                                            f"champions are: {', '.join(champions)}.", False)
    q.update_info(champions=tuple(c for c in champions if c != who))
    name = p.members[who].name if who in p.members else who
    left = len(champions) - 1
    return Scenario("lose_champion", q, f"The champion at {name} ({who}) left; {left} champion(s) remain.")


#: Scenario id -> (label, function taking a partnership and returning a Scenario).
SCENARIOS: dict[str, tuple[str, Callable[..., Scenario]]] = {
    "pooled_budget": ("Add a pooled budget", add_pooled_budget),
    "remove_dominant_funder": ("Remove the dominant funder", remove_dominant_funder),
    "add_community_groups": ("Add community groups", add_community_groups),
    "lose_champion": ("Lose a champion", lose_champion),
}


def apply_scenarios(p: Partnership, ids: Iterable[str], **options: Any) -> tuple[Partnership, list[Scenario]]:
    """Apply several scenarios in turn (in :data:`SCENARIOS` order); return the result and each step.

    ``options`` go to the scenario that takes them (``n=`` for community groups,
    ``champion=`` for losing a champion).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership
    >>> p = Partnership("P", [Member("a", "A", groups=("funder",)), Member("b", "B", groups=("provider",))])
    >>> q, steps = apply_scenarios(p, ["add_community_groups", "pooled_budget"], n=1)
    >>> [s.id for s in steps], len(q), q.info.budget
    (['pooled_budget', 'add_community_groups'], 3, 'pooled')
    """
    wanted = set(ids)
    unknown = wanted - set(SCENARIOS)
    if unknown:
        from ..errors import UnknownValueError

        raise UnknownValueError.for_value(sorted(unknown)[0], tuple(SCENARIOS), "scenario")
    steps = []
    current = p
    for sid, (_, fn) in SCENARIOS.items():
        if sid not in wanted:
            continue
        kwargs = {}
        if sid == "add_community_groups" and "n" in options:
            kwargs["n"] = options["n"]
        if sid == "lose_champion" and options.get("champion"):
            kwargs["champion"] = options["champion"]
        step = fn(current, **kwargs)
        steps.append(step)
        current = step.partnership
    return (current if steps else p.copy()), steps


def scenario_overview(p: Partnership, ids: Iterable[str] | None = None, framework: str = "continuum") -> pd.DataFrame:
    """Each scenario applied on its own: what it changed, the placement before and after, flags raised
    and cleared.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("P", [Member("a", "A", groups=("funder",)), Member("b", "B", groups=("provider",))],
    ...                 [Tie("a", "b", "information_exchange")])
    >>> df = scenario_overview(p, ["pooled_budget", "lose_champion"])
    >>> df[["scenario", "changed"]].to_dict(orient="records")
    [{'scenario': 'pooled_budget', 'changed': True}, {'scenario': 'lose_champion', 'changed': False}]
    """
    import pandas as pd

    from .engine import assess

    base = assess(p, framework=framework)
    rows = []
    for sid in (list(SCENARIOS) if ids is None else list(ids)):
        q, steps = apply_scenarios(p, [sid])
        after = assess(q, framework=framework)
        rows.append({
            "scenario": sid, "changed": steps[0].changed, "description": steps[0].description,
            "stage_before": base.stage, "stage_after": after.stage,
            "flags_raised": sorted(set(after.flag_ids) - set(base.flag_ids)),
            "flags_cleared": sorted(set(base.flag_ids) - set(after.flag_ids)),
        })
    return pd.DataFrame(rows)
