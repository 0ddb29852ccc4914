"""Power from every resource a member brings: shares per connected piece and for the whole.

Partnerships tend to be run by the partners that bring the most resources to the table
(griffith2002, §3.42), and a member funded by another is the weaker for it (§3.43). So the
balance of power is read from *every* resource the case records, not only from grants:

``money``
    A member's recorded ``resources`` (what it brings in a year, its grants to others and
    its contribution to a pool included, by the case-file convention), or, when that is not
    recorded or is smaller, the amounts on the funding ties it gives plus the ``amount`` on
    the ``pooled_budget`` ties it is the source of (its contribution to the pool).
``staff``
    A member's ``staff`` (an extra member field: staff or posts it commits to the work of
    the partnership, seconded staff included).

For each resource, a member's share is its stake over the stake of all members of the same
connected piece whose stake is recorded; a member's *share of resources* is the mean of its
shares over the resources recorded in its piece. The partnership's figure is the largest
such share in any piece of two or more members (so two disconnected copies of a dominated
partnership are as dominated as one), and the figure for the whole partnership is kept
beside it. Where members tie for the largest share, all of them are named.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> ms = [Member("c", "Council", groups=("funder",), resources=950_000.0),
...       Member("l", "LSC", groups=("funder",), resources=50_000.0),
...       Member("cab", "CAB", groups=("provider",))]
>>> p = Partnership("x", ms, [Tie("c", "l", "pooled_budget"), Tie("l", "cab", "funding", amount=65_000.0)])
>>> r = resource_power(p)
>>> r.holders, round(r.share, 3), r.piece_size
(('Council',), 0.936, 3)
>>> q = Partnership("y", [Member(i, i, groups=("provider",)) for i in "ab"], [Tie("a", "b", "referral")])
>>> resource_power(q).share is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..partnership.model import Partnership

__all__ = ["ResourcePower", "member_stakes", "resource_power", "tied_names"]

#: The resources read, in the order they are reported.
RESOURCES: tuple[str, ...] = ("money", "staff")


def tied_names(names: list[str]) -> str:
    """Names that share first place, in one phrase: ``'council and lsc, tied'``.

    Examples
    --------
    >>> tied_names(["council"]), tied_names(["lsc", "council"]), tied_names(["a", "c", "b"])
    ('council', 'council and lsc, tied', 'a, b and c, tied')
    """
    names = sorted(names, key=str.casefold)
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " and " + names[-1] + ", tied"


def _number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, int | float) or v != v:
        return None
    return float(v)


def member_stakes(p: Partnership) -> dict[str, dict[str, float | None]]:
    """Each member's stake in each resource (``None`` when the case records nothing of it).

    Cached on the partnership until it changes.
    """

    def compute() -> dict[str, dict[str, float | None]]:
        given: dict[str, float] = {}
        for u, _, d in p.graph.edges(data=True):
            if d["kind"] in ("funding", "pooled_budget") and d["amount"] is not None:
                given[u] = given.get(u, 0.0) + float(d["amount"])
        out: dict[str, dict[str, float | None]] = {}
        for mid, node in p.graph.nodes(data=True):
            m = node["member"]
            res = _number(m.resources)
            g = given.get(mid)
            money = None if res is None and g is None else max(res or 0.0, g or 0.0)
            out[mid] = {"money": money, "staff": _number(m.attrs.get("staff"))}
        return out

    return p.cached(("assess", "member_stakes"), compute)


@dataclass(frozen=True)
class ResourcePower:
    """The largest share of the resources held by one member, and where it was found.

    ``share`` is the largest share in any connected piece of two or more members (``None``
    when no resource is recorded); ``holders`` the names of the members that hold it (several
    when tied); ``piece_size`` the size of that piece; ``whole_share`` and ``whole_holders``
    the same over the whole partnership; ``resources`` the resources read in that piece;
    ``figures`` each resource's ``(holders' stake, piece total)``; ``pieces`` the number of
    connected pieces of two or more members.
    """

    share: float | None
    holders: tuple[str, ...] = ()
    piece_size: int = 0
    whole_share: float | None = None
    whole_holders: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    figures: dict[str, tuple[float, float]] = field(default_factory=dict)
    pieces: int = 0


def _dominant(members: list[str], stakes: dict[str, dict[str, float | None]]) -> tuple[
        float | None, list[str], tuple[str, ...], dict[str, tuple[float, float]]]:
    shares: dict[str, list[float]] = {m: [] for m in members}
    used: list[str] = []
    totals: dict[str, float] = {}
    for r in RESOURCES:
        known = {m: stakes[m][r] for m in members if stakes[m][r] is not None}
        total = sum(known.values())  # type: ignore[arg-type]
        if not known or total <= 0:
            continue
        used.append(r)
        totals[r] = total
        for m in members:
            shares[m].append((known.get(m) or 0.0) / total)
    if not used:
        return None, [], (), {}
    mean = {m: sum(v) / len(v) for m, v in shares.items()}
    best = max(mean.values())
    top = [m for m in members if abs(mean[m] - best) <= 1e-12]
    figures = {r: (sum(stakes[m][r] or 0.0 for m in top) / len(top), totals[r]) for r in used}
    return best, top, tuple(used), figures


def resource_power(p: Partnership) -> ResourcePower:
    """The balance of power read from every recorded resource; cached on the partnership."""

    def compute() -> ResourcePower:
        from ..partnership.measures import components

        stakes = member_stakes(p)
        name = {mid: node["name"] for mid, node in p.graph.nodes(data=True)}
        order = {m: i for i, m in enumerate(p.graph.nodes)}  # each piece in the members' order
        # pieces of two or more, each in the members' order, in the order of their first member
        pieces = sorted((sorted(c, key=order.__getitem__) for c in components(p) if len(c) >= 2),
                        key=lambda c: order[c[0]])
        whole, wtop, _, _ = _dominant(list(p.graph.nodes), stakes)
        found = [(share, top, len(c), used, figures) for c in pieces
                 for share, top, used, figures in [_dominant(c, stakes)] if share is not None]
        if not found:
            return ResourcePower(None, whole_share=whole, whole_holders=tuple(name[m] for m in wtop),
                                 pieces=len(pieces))
        share = max(f[0] for f in found)
        best = [f for f in found if abs(f[0] - share) <= 1e-12]
        size = max(f[2] for f in best)
        first = next(f for f in best if f[2] == size)
        holders = tuple(name[m] for f in best for m in f[1])  # every piece where the same share is held
        return ResourcePower(share, holders, size, whole, tuple(name[m] for m in wtop), first[3], first[4],
                             len(pieces))

    return p.cached(("assess", "resource_power"), compute)
