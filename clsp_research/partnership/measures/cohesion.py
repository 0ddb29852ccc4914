"""How much joint working there is and how it hangs together.

Density, components and isolates; the kinds of ties, multiplexity and reciprocity; the
inner core (the main k-core). See :mod:`clsp_research.partnership.measures` for what each
stands for and where the idea comes from.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> p = Partnership("P", [Member(i, i, groups=("provider",)) for i in "abc"],
...                 [Tie("a", "b", "referral"), Tie("b", "a", "referral")])
>>> density(p), isolates(p), reciprocity(p)
(0.3333333333333333, ['c'], 1.0)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ...errors import CLSPInputError
from ..arrays import TieArrays, tie_arrays
from ..model import DIRECTED_TIE_KINDS, TIE_KINDS, Partnership
from ._common import _NS

__all__ = ["components", "density", "inner_core", "isolates", "multiplexity", "reciprocity", "tie_kind_counts"]


# -- density, components, isolates ---------------------------------------------------


def density(p: Partnership) -> float:
    """Share of all possible pairs of members that have any tie.

    Concept: how much of the joint working that could exist among the members does
    exist; a sparse partnership is a set of separate bilateral relationships rather
    than a network with open, frequent communication (griffith2002, §3.67). Density
    of an undirected simple graph: ``2 m / (n (n - 1))`` (wasserman1994, ch.4).

    Computed on the undirected simple graph, so parallel ties of several kinds
    count once. ``0.0`` for fewer than two members.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abc"],
    ...                 [Tie("a", "b", "referral"), Tie("b", "a", "funding")])
    >>> round(density(p), 4)  # one connected pair out of three
    0.3333
    """
    a = tie_arrays(p)
    n = a.n
    if n < 2:
        return 0.0
    return 2.0 * len(a.pair_u) / (n * (n - 1))


def components(p: Partnership) -> list[list[str]]:
    """The connected components: groups of members joined by paths of ties.

    Concept: whether the partnership hangs together or falls apart into separate
    clusters that never meet through any chain of ties (wasserman1994, ch.4).
    Isolated members form components of one.

    Returns
    -------
    list of list of str
        Each component's member ids sorted; components largest first, equal sizes
        ordered by their first id.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abcd"],
    ...                 [Tie("c", "d", "referral")])
    >>> components(p)
    [['c', 'd'], ['a'], ['b']]
    """

    def compute() -> list[list[str]]:
        a = tie_arrays(p)
        if a.n == 0:
            return []
        label = _component_labels(a)
        order = np.lexsort((a.id_rank, label))  # by component, then by id
        cuts = np.flatnonzero(np.diff(label[order])) + 1
        ids = a.ids
        comps = [[ids[i] for i in part] for part in np.split(order, cuts)]
        return sorted(comps, key=lambda c: (-len(c), c[0]))

    return [list(c) for c in p.cached((_NS, "components"), compute)]


def _component_labels(a: TieArrays) -> np.ndarray:
    """Per member, the smallest position in its connected component.

    Minimum-label hooking with pointer jumping (Shiloach and Vishkin's scheme): each
    round hooks the label of every tie's end onto the smaller of the two labels, then
    follows labels to their roots; a few rounds over the pairs suffice.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abcde"],
    ...                 [Tie("e", "d", "referral"), Tie("b", "a", "referral"), Tie("d", "c", "referral")])
    >>> _component_labels(tie_arrays(p)).tolist()
    [0, 0, 2, 2, 2]
    """
    label = np.arange(a.n)
    u, v = a.pair_u, a.pair_v
    while True:
        lu, lv = label[u], label[v]
        low = np.minimum(lu, lv)
        new = label.copy()
        np.minimum.at(new, lu, low)
        np.minimum.at(new, lv, low)
        while True:  # pointer jumping: every label to its root
            nxt = new[new]
            if np.array_equal(nxt, new):
                break
            new = nxt
        if np.array_equal(new, label):
            return label
        label = new


def isolates(p: Partnership) -> list[str]:
    """Members with no tie of any kind to any other member (sorted ids).

    Concept: organisations that are members on paper but take no part in the joint
    working: the exclusion of smaller or marginal organisations the literature warns
    of (griffith2002, §3.47); an isolate is a node of degree zero (wasserman1994, ch.4).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "cab"],
    ...                 [Tie("a", "b", "referral")])
    >>> isolates(p)
    ['c']
    """
    a = tie_arrays(p)
    return sorted(a.ids[i] for i in np.flatnonzero(a.degree == 0))


# -- kinds of ties ----------------------------------------------------------------


def tie_kind_counts(p: Partnership) -> dict[str, int]:
    """Number of ties of each kind, every kind of :data:`~clsp_research.partnership.model.TIE_KINDS` present.

    Concept: the mix of joint working, from the loosest (information exchange) to the
    closest (pooled budgets): the raw material for placing a partnership on the
    continuum of networking, co-operation, co-ordination and integration
    (griffith2002, §2.3-2.8). Parallel ties count separately.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "ab"],
    ...                 [Tie("a", "b", "referral"), Tie("b", "a", "referral")])
    >>> tie_kind_counts(p)["referral"], tie_kind_counts(p)["pooled_budget"]
    (2, 0)
    """
    counts = np.bincount(tie_arrays(p).tie_kind, minlength=len(TIE_KINDS)).tolist()
    return dict(zip(TIE_KINDS, counts, strict=True))


def multiplexity(p: Partnership) -> dict[str, float | int]:
    """How many connected pairs of members are joined by more than one kind of tie.

    Concept: Webb's "multiple points of contact" between organisations, which help
    them collaborate (webb1991, p.239, in griffith2002, §3.65); in network terms a
    multiplex relation, one that carries several role relations at once
    (verbrugge1979). Pairs tied by several kinds of joint working (say referral,
    funding and a joint project) are harder to break than single-stranded ones.

    Counted on pairs of members, whatever the direction: a pair is *connected* when
    any tie joins it, *multiplex* when at least two distinct kinds do (two grants
    between the same pair are one kind).

    Returns
    -------
    dict
        ``pairs`` (connected pairs), ``multiplex_pairs``, ``share``
        (``multiplex_pairs / pairs``, 0.0 without pairs) and ``mean_kinds``
        (mean number of distinct kinds per connected pair, 0.0 without pairs).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abc"],
    ...                 [Tie("a", "b", "funding"), Tie("b", "a", "referral"),
    ...                  Tie("b", "c", "referral")])
    >>> multiplexity(p)
    {'pairs': 2, 'multiplex_pairs': 1, 'share': 0.5, 'mean_kinds': 1.5}
    """
    kinds = _POPCOUNT[tie_arrays(p).pair_kinds]
    pairs = len(kinds)
    multiplex = int((kinds >= 2).sum())
    kinds = kinds.tolist()
    return {
        "pairs": pairs,
        "multiplex_pairs": multiplex,
        "share": multiplex / pairs if pairs else 0.0,
        "mean_kinds": sum(kinds) / pairs if pairs else 0.0,
    }


def reciprocity(p: Partnership, kinds: Iterable[str] | None = None) -> float | None:
    """Share of directed ties returned in kind: A refers to B *and* B refers to A.

    Concept: whether exchange runs both ways. Two-way referral or funding flows are
    mutual exchanges of the kind Webb sees as the basis of collaboration
    (webb1991, in griffith2002, §3.54); one-way, unequal exchanges create patterns of
    power and dependence (webb1991, in griffith2002, §2.28). Reciprocity in
    the dyadic sense of wasserman1994 (ch.13): the share of arcs whose reverse arc is
    also present.

    What is counted: for each kind in ``kinds`` (default the kinds whose direction
    means something, :data:`~clsp_research.partnership.model.DIRECTED_TIE_KINDS`: ``referral``
    and ``funding``), the distinct ordered pairs ``(A, B)`` with at least one tie of
    that kind from A to B. Such an arc is reciprocated when B has a tie of the *same
    kind* to A. Parallel ties of one kind in one direction count once. A funding tie
    answered by a referral is not counted as reciprocated: it is an exchange between
    different relations, which :func:`multiplexity` captures. The result is
    ``reciprocated arcs / arcs`` (pooled over kinds), or ``None`` when there is no
    directed tie at all (reciprocity is then undefined rather than zero).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abc"],
    ...                 [Tie("a", "b", "referral"), Tie("b", "a", "referral"),
    ...                  Tie("a", "c", "funding"), Tie("c", "a", "referral")])
    >>> reciprocity(p)  # 2 of the 4 arcs (a>b, b>a referral; a>c funding; c>a referral)
    0.5
    >>> reciprocity(p, kinds=["funding"])
    0.0
    """
    if kinds is None:
        wanted = frozenset(DIRECTED_TIE_KINDS)
    else:
        wanted = frozenset([kinds] if isinstance(kinds, str) else kinds)
        bad = sorted(k for k in wanted if k not in DIRECTED_TIE_KINDS)
        if bad:
            raise CLSPInputError(
                f"reciprocity needs tie kinds whose direction means something; found "
                f"{', '.join(map(repr, bad))}; expected some of: "
                + ", ".join(sorted(DIRECTED_TIE_KINDS)),
                field="kinds",
            )
    a = tie_arrays(p)
    codes = [TIE_KINDS.index(k) for k in wanted]
    sel = np.isin(a.tie_kind, codes)
    n, nk = a.n, len(TIE_KINDS)
    arcs = np.unique((a.tie_src[sel] * n + a.tie_dst[sel]) * nk + a.tie_kind[sel])  # distinct (A, B, kind)
    if not arcs.size:
        return None
    kind, ends = arcs % nk, arcs // nk
    reverse = (ends % n * n + ends // n) * nk + kind
    return int(np.isin(reverse, arcs).sum()) / len(arcs)


# -- inner core -----------------------------------------------------------------------

_POPCOUNT = np.array([bin(i).count("1") for i in range(1 << len(TIE_KINDS))])  # distinct kinds in a mask


def _core_numbers(a: TieArrays) -> np.ndarray:
    """Per member, its core number: the largest ``k`` such that a k-core contains it.

    Peeling, a level ``k`` at a time: remove every member with at most ``k`` ties to
    members still present, then the neighbours that this leaves with at most ``k``,
    until none is left; the members removed at level ``k`` have core number ``k``.
    Only the neighbours of removed members are looked at again, so the work is linear
    in the ties plus one pass over the members per level (equal to ``nx.core_number``).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abcde"],
    ...                 [Tie("a", "b", "referral"), Tie("b", "c", "referral"),
    ...                  Tie("a", "c", "referral"), Tie("c", "d", "referral")])
    >>> _core_numbers(tie_arrays(p)).tolist()
    [2, 2, 2, 1, 0]
    """
    deg = a.degree.copy()
    core = np.zeros(a.n, dtype=np.int64)
    alive = np.ones(a.n, dtype=bool)
    left = a.n
    k = 0
    while left:
        k = max(k, int(deg[alive].min()))
        drop = np.flatnonzero(alive & (deg <= k))
        while drop.size:
            core[drop] = k
            alive[drop] = False
            left -= drop.size
            cnt = a.degree[drop]
            total = int(cnt.sum())
            if not total:
                break
            offsets = np.repeat(a.indptr[drop] - (np.cumsum(cnt) - cnt), cnt) + np.arange(total)
            nbrs = a.indices[offsets]
            np.subtract.at(deg, nbrs, 1)
            nbrs = np.unique(nbrs)
            drop = nbrs[alive[nbrs] & (deg[nbrs] <= k)]
    return core



def inner_core(p: Partnership) -> dict[str, Any]:
    """The main k-core: the most tightly knit circle of members.

    Concept: an "inner core" of senior parties that the rest of the partnership sees
    as running it; Webb warns partnerships to avoid one (webb1991, p.239, in
    griffith2002, §3.56), and once funds are allocated an inner network tends to
    separate from an outer one (lowndes1998, pp.326-27, in griffith2002, §3.40).

    The k-core of a graph is the largest set of members each tied to at least ``k``
    others inside the set (seidman1983; wasserman1994, ch.7); a member's *core
    number* is the largest ``k`` whose k-core contains it. The *main core* is the
    k-core for the largest core number. A main core that is small (low ``share``)
    and has a high ``k`` is a dense inner circle; when the main core is most of the
    partnership, there is no inner core to speak of. With no ties at all every
    member has core number 0 and the main core (``k = 0``) is everyone. Computed on
    the undirected simple graph (Batagelj-Zaversnik algorithm, linear in the ties).

    Returns
    -------
    dict
        ``k`` (main core number), ``members`` (sorted ids of the main core),
        ``share`` (main core size / members, 0.0 for an empty partnership) and
        ``core_numbers`` (member id -> core number).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abcd"],
    ...                 [Tie("a", "b", "referral"), Tie("b", "c", "referral"),
    ...                  Tie("a", "c", "referral"), Tie("c", "d", "referral")])
    >>> core = inner_core(p)
    >>> core["k"], core["members"], core["share"]
    (2, ['a', 'b', 'c'], 0.75)
    """

    def compute() -> dict[str, Any]:
        a = tie_arrays(p)
        numbers = dict(zip(a.ids, _core_numbers(a).tolist(), strict=True))
        k = max(numbers.values(), default=0)
        members = sorted(u for u, c in numbers.items() if c == k)
        return {
            "k": k,
            "members": members,
            "share": len(members) / len(numbers) if numbers else 0.0,
            "core_numbers": dict(numbers),
        }

    core = p.cached((_NS, "inner_core"), compute)
    return {
        "k": core["k"],
        "members": list(core["members"]),
        "share": core["share"],
        "core_numbers": dict(core["core_numbers"]),
    }
