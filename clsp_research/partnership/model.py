"""The partnership model: members, typed ties and partnership-level attributes.

A :class:`Partnership` wraps a networkx :class:`~networkx.MultiDiGraph` whose
nodes are member organisations and whose edges are typed ties. The controlled
vocabularies (stakeholder groups, sectors, tie kinds) are defined in
:mod:`~clsp_research.partnership.vocabulary` and re-exported here.

Unknown values in any field are treated as *not recorded* (``None``), never as
"no": the assessment lowers its confidence for missing evidence instead of
scoring it as absent. The three list fields of :class:`PartnershipInfo` are the exception:
an empty list records that there are none.

The module is about 830 lines long because each of its data classes carries its own checks
and the numpydoc description of every field (the reference a case file's author reads); a
field and the check that guards it stay side by side.

Examples
--------
>>> p = Partnership(PartnershipInfo(name="Anytown CLSP"))
>>> p.add_member(Member("lsc", "LSC regional office", groups=("funder",), sector="statutory"))
>>> p.add_member(Member("cab", "Anytown CAB", groups=("provider",), sector="voluntary"))
>>> p.add_tie(Tie("lsc", "cab", "funding", amount=120000))
>>> p.add_tie(Tie("cab", "lsc", "information_exchange"))
>>> len(p), p.n_ties
(2, 2)
>>> sorted(p.tie_kinds_between("cab", "lsc"))
['funding', 'information_exchange']
"""

from __future__ import annotations

import copy as _copy
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

import networkx as nx

from ..errors import CLSPInputError, UnknownKeyError, UnknownValueError
from .spelling import canonical
from .vocabulary import (
    BUDGET_TYPES,
    DIRECTED_TIE_KINDS,
    MEMBERSHIP_CHANGES,
    SECTORS,
    STAKEHOLDER_GROUPS,
    TIE_KINDS,
)

__all__ = [
    "BUDGET_TYPES",
    "DIRECTED_TIE_KINDS",
    "MEMBERSHIP_CHANGES",
    "SECTORS",
    "STAKEHOLDER_GROUPS",
    "TIE_KINDS",
    "Member",
    "MembershipChange",
    "Partnership",
    "PartnershipInfo",
    "Representative",
    "Tie",
    "tie_rank",
]


def tie_rank(kind: str) -> int:
    """Position of a tie kind on the loosest-to-closest scale (0-based).

    Examples
    --------
    >>> tie_rank("information_exchange"), tie_rank("pooled_budget")
    (0, 6)
    """
    try:
        return TIE_KINDS.index(kind)
    except ValueError:
        raise UnknownValueError.for_value(kind, TIE_KINDS, "tie kind", field="kind") from None


def _check_choice(value: str | None, valid: tuple[str, ...], what: str, fld: str) -> str | None:
    """``value`` as the id it spells (``Referral`` is ``referral``; see :mod:`.spelling`), or an error."""
    if value is None or value in valid:
        return value
    return canonical(value, valid, what, fld)


def _as_tuple(value: Any, fld: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable):
        out = tuple(value)
        for v in out:
            if not isinstance(v, str):
                raise CLSPInputError(f"expected a list of text values, found {v!r}", field=fld)
        return out
    raise CLSPInputError(f"expected a list of text values, found {value!r}", field=fld)


#: The largest amount, resource or count a case may hold (a sum of many stays finite).
MAX_NUMBER = 1e12


def _check_name(value: str, what: str, fld: str) -> None:
    """Refuse control characters (tab and line ends excepted) and lone surrogates in a name (they break XML)."""
    import unicodedata

    for i, ch in enumerate(value):
        if (unicodedata.category(ch) == "Cs" or ch in "\ufffe\uffff"
                or (ch < " " and ch not in "\t\n\r")):
            raise CLSPInputError(
                f"{what} holds the control character U+{ord(ch):04X} at position {i + 1}; remove it", field=fld
            )


def _check_year(value: Any, fld: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
        raise CLSPInputError(f"expected a year such as 2001, found {value!r}", field=fld)


def _check_number(value: Any, fld: str, *, minimum: float | None = 0.0) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CLSPInputError(f"expected a number, found {value!r}", field=fld)
    if isinstance(value, float) and not math.isfinite(value):
        raise CLSPInputError(f"expected a finite number, found {value!r}", field=fld)
    if minimum is not None and value < minimum:
        raise CLSPInputError(f"expected a number of at least {minimum:g}, found {value!r}", field=fld)
    if abs(value) > MAX_NUMBER:
        raise CLSPInputError(f"expected a number of at most {MAX_NUMBER:g}, found {value!r}", field=fld)


def _check_flag(value: Any, fld: str) -> None:
    if value is not None and not isinstance(value, bool):
        raise CLSPInputError(f"expected true or false, found {value!r}", field=fld)


@dataclass(frozen=True)
class Representative:
    """A person who represents a member organisation at the partnership.

    Changes of representative erode continuity and trust (huxham2000; williamson2001),
    so ``since``/``until`` years are kept when known.
    """

    name: str
    role: str | None = None
    since: int | None = None
    until: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise CLSPInputError("a representative needs a non-empty name", field="name")
        _check_name(self.name, "the representative's name", "name")
        _check_year(self.since, "since")
        _check_year(self.until, "until")


@dataclass(frozen=True)
class Member:
    """A member organisation of a partnership.

    Parameters
    ----------
    id
        Stable identifier used by ties (letters, digits, ``_`` and ``-``).
    name
        Display name.
    groups
        One or more of :data:`STAKEHOLDER_GROUPS` (a council that funds advice and runs a
        welfare rights unit is both ``funder`` and ``provider``).
    sector
        One of :data:`SECTORS`, or ``None`` when not recorded.
    categories
        Categories of law the member serves (``debt``, ``housing``...), for providers.
    client_groups
        Client groups served or represented (``older_people``, ``young_people``...).
    resources
        Annual resources the member brings (any consistent unit, e.g. pounds), if known.
    attitude
        Attitude to the partnership, if known (free text or an id of the catalogue's
        ``lowndes_attitudes``).
    representatives
        People who have represented the member, with years.
    joined, left
        Years the member joined or left the partnership.
    area
        Area the member covers, if it differs from the partnership's.
    attrs
        Any further attributes, kept and exported as they are.
    """

    id: str
    name: str
    groups: tuple[str, ...] = ()
    sector: str | None = None
    categories: tuple[str, ...] = ()
    client_groups: tuple[str, ...] = ()
    resources: float | None = None
    attitude: str | None = None
    representatives: tuple[Representative, ...] = ()
    joined: int | None = None
    left: int | None = None
    area: str | None = None
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id or not all(
            c.isalnum() or c in "_-." for c in self.id
        ):
            raise CLSPInputError(
                f"member id must be non-empty text of letters, digits, '_', '-' or '.', found {self.id!r}",
                field="id",
            )
        if not isinstance(self.name, str) or not self.name.strip():
            raise CLSPInputError(f"member {self.id!r} needs a non-empty name", field="name")
        _check_name(self.name, f"the name of member {self.id!r}", "name")
        object.__setattr__(self, "groups", _as_tuple(self.groups, "groups"))
        if not self.groups:
            raise CLSPInputError(
                f"member {self.id!r} needs at least one group; expected some of: "
                + ", ".join(STAKEHOLDER_GROUPS),
                field="groups",
            )
        groups = tuple(_check_choice(g, STAKEHOLDER_GROUPS, "stakeholder group", "groups") for g in self.groups)
        object.__setattr__(self, "groups", groups)
        object.__setattr__(self, "sector", _check_choice(self.sector, SECTORS, "sector", "sector"))
        object.__setattr__(self, "categories", _as_tuple(self.categories, "categories"))
        object.__setattr__(self, "client_groups", _as_tuple(self.client_groups, "client_groups"))
        _check_number(self.resources, "resources")
        _check_year(self.joined, "joined")
        _check_year(self.left, "left")
        reps = tuple(
            r if isinstance(r, Representative) else Representative(**r) if isinstance(r, Mapping)
            else Representative(str(r))
            for r in (self.representatives or ())
        )
        object.__setattr__(self, "representatives", reps)
        object.__setattr__(self, "attrs", dict(self.attrs or {}))

    def in_group(self, group: str) -> bool:
        """Whether the member belongs to ``group``."""
        return group in self.groups

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form as written in a case file (empty fields left out)."""
        out: dict[str, Any] = {"id": self.id, "name": self.name, "groups": list(self.groups)}
        for f in fields(self):
            if f.name in out or f.name == "attrs":
                continue
            v = getattr(self, f.name)
            if v is None or (isinstance(v, tuple) and not v):
                continue
            if f.name == "representatives":
                v = [{k: x for k, x in asdict(r).items() if x is not None} for r in v]
            elif isinstance(v, tuple):
                v = list(v)
            out[f.name] = v
        out.update(self.attrs)
        return out


@dataclass(frozen=True)
class Tie:
    """A typed tie between two members.

    Direction matters for :data:`DIRECTED_TIE_KINDS` (``funding`` flows from funder to
    funded; ``referral`` from the referring member to the one referred to). Other kinds
    are symmetric in meaning whatever their stored direction.

    Parameters
    ----------
    source, target
        Member ids.
    kind
        One of :data:`TIE_KINDS`.
    formal
        Whether the tie rests on a written agreement (``None`` when not recorded).
    since
        Year the tie began.
    amount
        For funding: the annual amount.
    categories
        Categories of law the tie concerns (what a grant pays for; what referrals are about).
    attrs
        Any further attributes.
    """

    source: str
    target: str
    kind: str
    formal: bool | None = None
    since: int | None = None
    amount: float | None = None
    categories: tuple[str, ...] = ()
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _check_choice(self.kind, TIE_KINDS, "tie kind", "kind"))
        if self.kind is None:
            raise CLSPInputError("a tie needs a kind; expected one of: " + ", ".join(TIE_KINDS), field="kind")
        if self.source == self.target:
            raise CLSPInputError(f"a tie cannot join {self.source!r} to itself", field="target")
        _check_flag(self.formal, "formal")
        _check_year(self.since, "since")
        _check_number(self.amount, "amount")
        object.__setattr__(self, "categories", _as_tuple(self.categories, "categories"))
        object.__setattr__(self, "attrs", dict(self.attrs or {}))

    @property
    def directed(self) -> bool:
        """Whether the tie's direction carries meaning."""
        return self.kind in DIRECTED_TIE_KINDS

    @property
    def rank(self) -> int:
        """Position of the tie's kind on the loosest-to-closest scale."""
        return tie_rank(self.kind)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form as written in a case file (empty fields left out)."""
        out: dict[str, Any] = {"source": self.source, "target": self.target, "kind": self.kind}
        for name in ("formal", "since", "amount", "categories"):
            v = getattr(self, name)
            if v is None or (isinstance(v, tuple) and not v):
                continue
            out[name] = list(v) if isinstance(v, tuple) else v
        out.update(self.attrs)
        return out


@dataclass(frozen=True)
class MembershipChange:
    """One change in membership over time (a member joining or leaving, a new representative)."""

    year: int
    member: str
    change: str
    note: str | None = None

    def __post_init__(self) -> None:
        _check_year(self.year, "year")
        if self.year is None:
            raise CLSPInputError("a membership change needs a year", field="year")
        object.__setattr__(self, "change", _check_choice(self.change, MEMBERSHIP_CHANGES, "membership change",
                                                         "change"))


@dataclass(frozen=True)
class PartnershipInfo:
    """Partnership-level attributes that the literature ties to stages and factors.

    Every field but ``name`` is optional; ``None`` means *not recorded*. Each field is
    documented for case-file authors in ``data/README.md``.

    Parameters
    ----------
    name
        The partnership's name.
    area
        The area it covers.
    established
        Year it was set up.
    shared_mission
        Whether the members have agreed a written common mission or vision.
    steering_group
        Whether there is a steering or executive group.
    working_groups
        Names of working groups or sub-groups; ``()`` (an empty list in a case file) records
        that there are none, ``None`` that nothing is recorded (the same for ``champions`` and
        ``small_wins``).
    strategic_plan
        Whether a strategic plan has been agreed.
    coordinator
        Whether there is a paid coordinator or partnership manager servicing the group.
    budget
        ``none``, ``own`` (the partnership controls a budget) or ``pooled`` (members pool funds).
    smart_objectives
        Whether objectives are specific, measurable, achievable, realistic and time-bound.
    baselines
        Whether baselines were recorded against which to measure progress.
    evaluation
        Whether the partnership evaluates and reviews its own work.
    champions
        Member ids of individuals' organisations that champion the partnership.
    joint_working_history
        Years of joint working among the core members before the partnership.
    terms_of_reference
        Whether written terms of reference or a constitution exist.
    meetings_per_year
        How often the main group meets.
    small_wins
        Early, visible joint achievements (short descriptions).
    status
        Nixon's distinction: ``mandatory``, ``permissive`` or ``recommended``.
    level
        Pearson's distinction: ``strategic`` or ``operational``.
    membership_changes
        Changes over time.
    description
        Free-text description.
    references
        Citations (``key, locator``) for the case narrative.
    attrs
        Any further attributes.
    """

    name: str
    area: str | None = None
    established: int | None = None
    shared_mission: bool | None = None
    steering_group: bool | None = None
    working_groups: tuple[str, ...] | None = None
    strategic_plan: bool | None = None
    coordinator: bool | None = None
    budget: str | None = None
    smart_objectives: bool | None = None
    baselines: bool | None = None
    evaluation: bool | None = None
    champions: tuple[str, ...] | None = None
    joint_working_history: float | None = None
    terms_of_reference: bool | None = None
    meetings_per_year: float | None = None
    small_wins: tuple[str, ...] | None = None
    status: str | None = None
    level: str | None = None
    membership_changes: tuple[MembershipChange, ...] = ()
    description: str | None = None
    references: tuple[str, ...] = ()
    attrs: Mapping[str, Any] = field(default_factory=dict)

    BOOL_FIELDS = (
        "shared_mission",
        "steering_group",
        "strategic_plan",
        "coordinator",
        "smart_objectives",
        "baselines",
        "evaluation",
        "terms_of_reference",
    )
    LIST_FIELDS = ("working_groups", "champions", "small_wins")

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise CLSPInputError("the partnership needs a non-empty name", field="partnership.name")
        _check_name(self.name, "the partnership's name", "partnership.name")
        _check_year(self.established, "established")
        for f in self.BOOL_FIELDS:
            _check_flag(getattr(self, f), f)
        object.__setattr__(self, "budget", _check_choice(self.budget, BUDGET_TYPES, "budget type", "budget"))
        object.__setattr__(self, "status", _check_choice(self.status, ("mandatory", "permissive", "recommended"),
                                                         "status", "status"))
        object.__setattr__(self, "level", _check_choice(self.level, ("strategic", "operational"), "level", "level"))
        _check_number(self.joint_working_history, "joint_working_history")
        _check_number(self.meetings_per_year, "meetings_per_year")
        for name in self.LIST_FIELDS:  # three-valued: None not recorded, () recorded as none
            v = getattr(self, name)
            object.__setattr__(self, name, None if v is None else _as_tuple(v, name))
        object.__setattr__(self, "references", _as_tuple(self.references, "references"))
        changes = tuple(
            c if isinstance(c, MembershipChange) else MembershipChange(**c)
            for c in (self.membership_changes or ())
        )
        object.__setattr__(self, "membership_changes", changes)
        object.__setattr__(self, "attrs", dict(self.attrs or {}))

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form as written in a case file (empty fields left out)."""
        out: dict[str, Any] = {"name": self.name}
        for f in fields(self):
            if f.name in ("name", "attrs"):
                continue
            v = getattr(self, f.name)
            if v is None or (isinstance(v, tuple) and not v and f.name not in self.LIST_FIELDS):
                continue
            if f.name == "membership_changes":
                v = [{k: x for k, x in asdict(c).items() if x is not None} for c in v]
            elif isinstance(v, tuple):
                v = list(v)
            out[f.name] = v
        out.update(self.attrs)
        return out

    def recorded(self, name: str) -> bool:
        """Whether a field holds a recorded value: not ``None``, and not empty unless it is one of
        :attr:`LIST_FIELDS` (where an empty list records that there are none)."""
        v = getattr(self, name)
        return v is not None and (v != () or name in self.LIST_FIELDS)


class Partnership:
    """A partnership: its attributes, its members and the typed ties between them.

    The members and ties live in :attr:`graph`, a :class:`networkx.MultiDiGraph`:
    node attributes are the member's fields (``member`` holds the :class:`Member`
    itself), edge attributes the tie's fields (``tie`` holds the :class:`Tie`).
    Use the methods to change a partnership so that the graph stays valid; read
    :attr:`graph` freely.

    Parameters
    ----------
    info
        Partnership-level attributes (or just a name).
    members
        Initial members.
    ties
        Initial ties (their ends must be members).
    """

    def __init__(
        self,
        info: PartnershipInfo | str,
        members: Iterable[Member] = (),
        ties: Iterable[Tie] = (),
    ) -> None:
        self.info = info if isinstance(info, PartnershipInfo) else PartnershipInfo(name=info)
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph(name=self.info.name)
        self._version = 0
        self._cache: dict[Any, Any] = {}
        for m in members:
            self.add_member(m)
        for t in ties:
            self.add_tie(t)

    # -- identity -----------------------------------------------------------------
    @property
    def name(self) -> str:
        """The partnership's name."""
        return self.info.name

    @property
    def version(self) -> int:
        """A counter that changes whenever members, ties or info change (for caches)."""
        return self._version

    def _touch(self) -> None:
        self._version += 1
        self._cache.clear()

    def cached(self, key: Any, compute: Any) -> Any:
        """Return ``compute()`` memoised until the partnership next changes."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def __len__(self) -> int:
        return self.graph.number_of_nodes()

    def __contains__(self, member_id: object) -> bool:
        return member_id in self.graph

    def __repr__(self) -> str:
        return f"<Partnership {self.name!r}: {len(self)} members, {self.n_ties} ties>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Partnership):
            return NotImplemented
        return (
            self.info == other.info
            and self.members == other.members
            and Counter(_tie_key(t) for t in self.ties)
            == Counter(_tie_key(t) for t in other.ties)
        )

    __hash__ = None  # type: ignore[assignment]  # mutable

    # -- members ------------------------------------------------------------------
    @property
    def members(self) -> dict[str, Member]:
        """Members by id, in insertion order."""
        return {n: d["member"] for n, d in self.graph.nodes(data=True)}

    def member(self, member_id: str) -> Member:
        """The member with this id (``UnknownKeyError`` if there is none)."""
        try:
            return self.graph.nodes[member_id]["member"]
        except KeyError:
            raise UnknownKeyError(
                f"no member {member_id!r} in {self.name!r}; members are: "
                + ", ".join(self.graph.nodes)
            ) from None

    def add_member(self, member: Member) -> None:
        """Add a member (its id must be new)."""
        if member.id in self.graph:
            raise CLSPInputError(f"duplicate member id {member.id!r}", field="id")
        self.graph.add_node(member.id, **_member_attrs(member))
        self._touch()

    def replace_member(self, member: Member) -> None:
        """Replace the member with the same id, keeping its ties."""
        self.member(member.id)
        self.graph.nodes[member.id].clear()
        self.graph.nodes[member.id].update(_member_attrs(member))
        self._touch()

    def remove_member(self, member_id: str) -> Member:
        """Remove a member and every tie it has; return the member removed."""
        m = self.member(member_id)
        self.graph.remove_node(member_id)
        if member_id in (self.info.champions or ()):
            self.info = replace(
                self.info, champions=tuple(c for c in self.info.champions or () if c != member_id)
            )
        self._touch()
        return m

    def members_in(self, group: str) -> list[str]:
        """Ids of the members in a stakeholder group."""
        group = _check_choice(group, STAKEHOLDER_GROUPS, "stakeholder group", "group")
        return [n for n, m in self.members.items() if group in m.groups]

    # -- ties ---------------------------------------------------------------------
    @property
    def ties(self) -> list[Tie]:
        """Every tie, in insertion order."""
        return [d["tie"] for _, _, d in self.graph.edges(data=True)]

    @property
    def n_ties(self) -> int:
        """Number of ties (parallel ties of different kinds count separately)."""
        return self.graph.number_of_edges()

    def add_tie(self, tie: Tie) -> None:
        """Add a tie between two existing members."""
        for end, fld in ((tie.source, "source"), (tie.target, "target")):
            if end not in self.graph:
                raise CLSPInputError(
                    f"tie {tie.source!r} -> {tie.target!r} names unknown member {end!r}; "
                    "members are: " + (", ".join(self.graph.nodes) or "(none)"),
                    field=fld,
                )
        self.graph.add_edge(tie.source, tie.target, **_tie_attrs(tie))
        self._touch()

    def remove_ties(
        self, source: str | None = None, target: str | None = None, kind: str | None = None
    ) -> list[Tie]:
        """Remove the ties that match every given criterion; return them.

        With ``source`` and ``target`` both given, ties in either direction between
        the two members match.
        """
        kind = _check_choice(kind, TIE_KINDS, "tie kind", "kind")
        doomed = []
        for u, v, k, d in self.graph.edges(keys=True, data=True):
            if kind is not None and d["kind"] != kind:
                continue
            ends = {u, v}
            if source is not None and target is not None:
                if ends != {source, target}:
                    continue
            elif (source is not None and source not in ends) or (target is not None and target not in ends):
                continue
            doomed.append((u, v, k, d["tie"]))
        for u, v, k, _ in doomed:
            self.graph.remove_edge(u, v, key=k)
        if doomed:
            self._touch()
        return [t for *_, t in doomed]

    def ties_between(self, a: str, b: str) -> list[Tie]:
        """Ties between two members, in either direction."""
        out = []
        for u, v in ((a, b), (b, a)):
            if self.graph.has_edge(u, v):
                out.extend(d["tie"] for d in self.graph[u][v].values())
        return out

    def tie_kinds_between(self, a: str, b: str) -> set[str]:
        """The set of tie kinds between two members, in either direction."""
        return {t.kind for t in self.ties_between(a, b)}

    def ties_of_kind(self, kind: str) -> list[Tie]:
        """All ties of one kind."""
        kind = _check_choice(kind, TIE_KINDS, "tie kind", "kind")
        return [t for t in self.ties if t.kind == kind]

    # -- info ---------------------------------------------------------------------
    def update_info(self, **changes: Any) -> None:
        """Change partnership-level attributes (validated)."""
        self.info = replace(self.info, **changes)
        self.graph.graph["name"] = self.info.name
        self._touch()

    # -- derived views ------------------------------------------------------------
    def simple_graph(self) -> nx.Graph:
        """The undirected simple graph of all ties (one edge per pair that has any tie).

        Edge attribute ``kinds`` holds the set of tie kinds between the pair and
        ``weight`` their number; node attributes are the members' fields. Cached
        until the partnership changes: treat the result as read-only.
        """

        def build() -> nx.Graph:
            # Pairs gathered in plain dicts first (in the order of their first tie, oriented as it),
            # then handed to networkx in one call: about 4 times faster than edge-by-edge updates.
            # (networkx's adjacency read directly, in the order of self.graph.edges: its views cost more.)
            pairs: dict[tuple[str, str], dict[str, Any]] = {}
            for u, nbrs in self.graph._adj.items():
                for v, keyed in nbrs.items():
                    for e in keyed.values():
                        d = pairs.get((u, v)) or pairs.get((v, u))
                        if d is None:
                            pairs[u, v] = {"kinds": {e["kind"]}, "weight": 1}
                        else:
                            d["kinds"].add(e["kind"])
                            d["weight"] += 1
            g = nx.Graph()
            g.add_nodes_from(self.graph.nodes(data=True))
            g.add_edges_from((u, v, d) for (u, v), d in pairs.items())
            return g

        return self.cached("simple_graph", build)

    @classmethod
    def from_networkx(
        cls,
        g: nx.Graph,
        *,
        name: str | None = None,
        default_group: str | None = None,
        default_kind: str | None = None,
        report: bool = False,
        source: str | None = None,
    ) -> Any:
        """A partnership from any networkx graph, its attributes mapped onto the vocabulary.

        Node attributes become member fields (``label`` or ``name`` the name, ``group`` or
        ``groups`` the stakeholder groups...), edge attributes tie fields (``kind``, ``type`` or
        ``relation`` the kind...), graph attributes the partnership's fields, in any case or spelling
        (``Referral``); other attributes are kept (:mod:`~clsp_research.partnership.graphmap`).

        Parameters
        ----------
        g
            A Graph, DiGraph, MultiGraph or MultiDiGraph.
        name
            The partnership's name (default: the graph's ``name``).
        default_group, default_kind
            For nodes without a group and edges without a kind (reported as guessed);
            without them, such a node or edge is an error naming it.
        report
            Also return the :class:`~clsp_research.partnership.graphmap.MappingReport`.
        source
            A file name for error messages.

        Examples
        --------
        >>> g = nx.DiGraph(name="From a survey")
        >>> g.add_node("cab", label="Anytown CAB", group="Provider")
        >>> g.add_node("lsc", label="LSC", group="funder", Sector="Statutory")
        >>> g.add_edge("lsc", "cab", type="Funding", amount=1200)
        >>> p, rep = Partnership.from_networkx(g, report=True)
        >>> p.member("cab").groups, p.ties[0].kind, p.member("lsc").sector
        (('provider',), 'funding', 'statutory')
        >>> print(rep.mapped[-1])
        values: tie kind 'Funding' read as 'funding'
        """
        from .graphmap import build_partnership

        return build_partnership(g, cls, PartnershipInfo, Member, Tie, name=name, default_group=default_group,
                                 default_kind=default_kind, report=report, source=source)

    def copy(self) -> Partnership:
        """An independent copy (members and ties are immutable and shared)."""
        new = Partnership(self.info)
        new.graph = self.graph.copy()
        new.graph.graph = dict(self.graph.graph)
        return new

    def to_dict(self) -> dict[str, Any]:
        """The case-file structure: ``partnership``, ``members``, ``ties``."""
        return {
            "partnership": self.info.to_dict(),
            "members": [m.to_dict() for m in self.members.values()],
            "ties": [t.to_dict() for t in self.ties],
        }

    def iter_pairs(self) -> Iterator[tuple[str, str, set[str]]]:
        """Each connected pair once, with the set of tie kinds between them."""
        for u, v, d in self.simple_graph().edges(data=True):
            yield u, v, set(d["kinds"])

    def __deepcopy__(self, memo: dict[int, Any]) -> Partnership:
        new = self.copy()
        new.info = _copy.deepcopy(self.info, memo)
        return new


def _member_attrs(m: Member) -> dict[str, Any]:
    return {
        "member": m,
        "name": m.name,
        "groups": m.groups,
        "sector": m.sector,
        "categories": m.categories,
    }


def _tie_attrs(t: Tie) -> dict[str, Any]:
    return {"tie": t, "kind": t.kind, "formal": t.formal, "since": t.since, "amount": t.amount}


def _tie_key(t: Tie) -> tuple[Any, ...]:
    ends: tuple[str, ...] = (t.source, t.target) if t.directed else tuple(sorted((t.source, t.target)))
    return (
        ends,
        t.kind,
        t.formal,
        t.since,
        t.amount,
        t.categories,
        tuple(sorted((k, repr(v)) for k, v in t.attrs.items())),
    )
