"""Whether joint working runs through a few members: betweenness, centralization, brokerage.

Betweenness is exact up to :data:`EXACT_BETWEENNESS_MAX_NODES` members and sampled above
(a numpy Brandes over the simple graph, seeded). Brokers and boundary spanners join
stakeholder groups that are not otherwise in touch (gould1989; burt1992; griffith2002, §3.64).

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> p = Partnership("P", [Member(i, i, groups=("provider",)) for i in "abc"],
...                 [Tie("a", "b", "referral"), Tie("b", "c", "referral")])
>>> most_central(p), betweenness(p)["b"]
('b', 1.0)
"""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ...errors import CLSPInputError
from ..model import Partnership
from ._common import _NS, _clamp01

__all__ = [
    "EXACT_BETWEENNESS_MAX_NODES",
    "betweenness",
    "betweenness_centralization",
    "boundary_spanners",
    "brokers",
    "degree_centralization",
    "most_central",
]

#: Above this many members :func:`betweenness` samples source members by default.
EXACT_BETWEENNESS_MAX_NODES = 1000


# -- centrality and centralization ---------------------------------------------------


def _csr(g: nx.Graph) -> tuple[list[Any], np.ndarray, np.ndarray]:
    """Nodes (in graph order) and the adjacency as CSR arrays of node positions."""
    nodes = list(g)
    index = {u: i for i, u in enumerate(nodes)}
    adj = g._adj  # read-only access to networkx's adjacency dicts (fast path)
    degrees = np.fromiter((len(adj[u]) for u in nodes), dtype=np.int64, count=len(nodes))
    indptr = np.zeros(len(nodes) + 1, dtype=np.int64)
    np.cumsum(degrees, out=indptr[1:])
    indices = np.fromiter(
        (index[v] for u in nodes for v in adj[u]), dtype=np.int64, count=int(indptr[-1])
    )
    return nodes, indptr, indices


def _brandes(indptr: np.ndarray, indices: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Brandes' dependency accumulation from ``sources``, vectorised over batches of sources.

    Returns, for each node, the sum over the given sources ``s`` and all targets ``t``
    of the share of shortest ``s``-``t`` paths through the node (ordered pairs, so an
    exact run over every source counts each unordered pair twice). Breadth-first
    search runs level by level for a batch of sources at once; work is proportional
    to ``len(sources) * (n + 2m)`` and memory to the batch size times the same.
    """
    n = len(indptr) - 1
    deg = np.diff(indptr)
    bc = np.zeros(n)
    m2 = len(indices)
    if m2 == 0 or len(sources) == 0:
        return bc
    batch = max(1, min(len(sources), 2_000_000 // (m2 + n)))
    for start in range(0, len(sources), batch):
        src = sources[start : start + batch]
        size = len(src) * n
        dist = np.full(size, -1, dtype=np.int64)
        sigma = np.zeros(size)
        slot = np.empty(size, dtype=np.int64)  # scratch space for de-duplicating a level
        front = np.arange(len(src), dtype=np.int64) * n + src  # flat (source, node) indices
        dist[front] = 0
        sigma[front] = 1.0
        levels: list[tuple[np.ndarray, np.ndarray]] = []
        d = 0
        while front.size:
            u = front % n
            cnt = deg[u]
            total = int(cnt.sum())
            if total == 0:
                break
            ends = np.cumsum(cnt)
            pos = np.arange(total) - np.repeat(ends - cnt - indptr[u], cnt)
            parent = np.repeat(front, cnt)
            child = np.repeat(front - u, cnt) + indices[pos]
            fresh = dist[child] < 0  # not reached at this or an earlier level
            child, parent = child[fresh], parent[fresh]
            if child.size == 0:
                break
            np.add.at(sigma, child, sigma[parent])
            # Distinct children without sorting: the last writer of each slot is kept.
            pos = np.arange(child.size)
            slot[child] = pos
            front = child[slot[child] == pos]
            d += 1
            dist[front] = d
            levels.append((child, parent))
        delta = np.zeros(size)
        for child, parent in reversed(levels):
            np.add.at(delta, parent, sigma[parent] / sigma[child] * (1.0 + delta[child]))
        delta[np.arange(len(src), dtype=np.int64) * n + src] = 0.0
        bc += delta.reshape(len(src), n).sum(axis=0)
    return bc


def _betweenness(p: Partnership, exact: bool | None, k: int, seed: int) -> tuple[dict, bool]:
    """Cached normalised betweenness and whether it is exact."""
    g = p.simple_graph()
    n = g.number_of_nodes()
    if exact is None:
        exact = n <= EXACT_BETWEENNESS_MAX_NODES
    if not exact:
        if isinstance(k, bool) or not isinstance(k, int) or k < 2:
            raise CLSPInputError(f"expected a whole number of at least 2, found {k!r}", field="k")
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise CLSPInputError(f"expected a whole number as seed, found {seed!r}", field="seed")
        if k >= n:
            exact = True
    key = (_NS, "betweenness", True) if exact else (_NS, "betweenness", False, k, seed)

    def compute() -> dict[Any, float]:
        nodes, indptr, indices = _csr(g)
        if n < 3:  # no member can lie between two others
            return dict.fromkeys(nodes, 0.0)
        if exact:
            raw = _brandes(indptr, indices, np.arange(n, dtype=np.int64))
            return {u: float(b) / ((n - 1) * (n - 2)) for u, b in zip(nodes, raw, strict=True)}
        # The sample networkx draws for nx.betweenness_centrality(g, k=k, seed=seed) ...
        sample = random.Random(seed).sample(nodes, k)
        index = {u: i for i, u in enumerate(nodes)}
        src = np.array([index[u] for u in sample], dtype=np.int64)
        raw = _brandes(indptr, indices, src)
        # ... and its scaling: a sampled source cannot count itself as a source.
        in_sample = set(sample)
        s_src, s_other = 1.0 / ((k - 1) * (n - 2)), 1.0 / (k * (n - 2))
        return {
            u: float(b) * (s_src if u in in_sample else s_other)
            for u, b in zip(nodes, raw, strict=True)
        }

    return p.cached(key, compute), exact


def betweenness(
    p: Partnership, exact: bool | None = None, k: int = 500, seed: int = 0
) -> dict[str, float]:
    """Normalised betweenness of each member on the undirected simple graph of all ties.

    Concept: how far a member stands *between* others: the share of shortest chains
    of ties joining other pairs of members that pass through it. A member high on
    betweenness can pass on, hold back or colour what flows between the others
    (freeman1979; wasserman1994, ch.5), which is one structural source of the power
    imbalances the partnership literature describes (griffith2002, §3.42; §3.46).

    Paths are counted unweighted (every tie is one step, whatever its kind). For an
    undirected graph of ``n`` members, member ``v`` scores
    ``sum over pairs {s, t} not containing v of sigma_st(v) / sigma_st`` divided by
    ``(n - 1)(n - 2) / 2``, the number of such pairs, so values run from 0 to 1 (the
    centre of a star scores 1). Equal to ``nx.betweenness_centrality(g)``.

    Parameters
    ----------
    p
        The partnership.
    exact
        ``True``: every member is a source of shortest paths (Brandes' algorithm,
        time about ``n * m``). ``False``: only ``k`` sampled sources, an unbiased
        estimate in time about ``k * m``. ``None`` (default): exact for at most
        :data:`EXACT_BETWEENNESS_MAX_NODES` (1,000) members, sampled above.
    k
        Number of sampled sources when not exact (at least 2; when ``k >= n`` the
        result is exact).
    seed
        Seed of the sample. The sample and the scaling are those of
        ``nx.betweenness_centrality(g, k=k, seed=seed)`` (networkx 3.6), so the
        results agree with networkx's (tested to 1e-12); the computation here is a
        vectorised (numpy) version of the same algorithm, about 8 times faster for 500
        members and 17 times for 5,000 in ``scripts/bench_measures.py``.

    Returns
    -------
    dict
        Member id -> normalised betweenness, in member order.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abcd"],
    ...                 [Tie("a", "b", "referral"), Tie("b", "c", "referral"),
    ...                  Tie("c", "d", "referral")])
    >>> {m: round(b, 4) for m, b in betweenness(p).items()}  # path a-b-c-d: b is on 2 of 3 pairs
    {'a': 0.0, 'b': 0.6667, 'c': 0.6667, 'd': 0.0}
    """
    values, _ = _betweenness(p, exact, k, seed)
    return dict(values)


def most_central(p: Partnership) -> str | None:
    """The member that stands most between the others.

    Concept: the hub through which most joint working runs; often a coordinator or
    convenor (griffith2002, §3.64), sometimes a dominant partner (§3.42).

    Highest :func:`betweenness` (default settings); ties broken by the higher degree
    on the simple graph, then the alphabetically first id, so the answer is
    deterministic. Betweenness values are compared after rounding to 12 decimals so
    that floating-point noise does not break ties arbitrarily. ``None`` when the
    partnership has no members or no ties (then nobody is central).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abcd"],
    ...                 [Tie("a", "b", "referral"), Tie("b", "c", "referral"),
    ...                  Tie("c", "d", "referral")])
    >>> most_central(p)  # b and c tie on betweenness and degree: first id
    'b'
    """
    g = p.simple_graph()
    if g.number_of_edges() == 0:
        return None
    bc = betweenness(p)
    return min(g, key=lambda u: (-round(bc[u], 12), -g.degree(u), u))


def degree_centralization(p: Partnership) -> float:
    """Freeman's degree centralization of the undirected simple graph of all ties.

    Concept: how far the partnership's ties are concentrated on one member, from 0
    (everyone equally tied: a cycle or a complete network) to 1 (a star: one member
    tied to all, nobody else tied to anyone). A strongly centralised partnership
    depends on one hub and tends to be dominated by it (griffith2002, §3.42; §3.46).

    Freeman's general form (freeman1979; wasserman1994, ch.5) is
    ``sum_i (c_max - c_i) / max_G sum_i (c_max - c_i)``, the denominator being the
    largest value any graph with ``n`` nodes can reach. With raw degrees the star
    reaches it: the centre has ``n - 1`` and each of the ``n - 1`` leaves has 1, so
    the maximum is ``(n - 1)(n - 1 - 1) = (n - 1)(n - 2)``. Defined as 0.0 for fewer
    than three members (no graph can then be more central than another).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "hab"],
    ...                 [Tie("h", "a", "referral"), Tie("h", "b", "funding")])
    >>> degree_centralization(p)  # a star
    1.0
    """
    g = p.simple_graph()
    n = g.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _, d in g.degree()]
    top = max(degrees)
    return _clamp01(sum(top - d for d in degrees) / ((n - 1) * (n - 2)))


def betweenness_centralization(p: Partnership) -> float:
    """Freeman's betweenness centralization of the undirected simple graph of all ties.

    Concept: how far the members depend on a single go-between to reach one another;
    0 when no member stands between others more than any other does (a cycle, a
    complete network), 1 for a star, where every other pair can only meet through the
    centre (freeman1979; wasserman1994, ch.5; griffith2002, §3.42).

    Derivation. Take raw betweenness ``B_i``: the sum over unordered pairs ``{s, t}``
    not containing ``i`` of the share of shortest ``s``-``t`` paths through ``i``.
    Centralization is ``sum_i (B_max - B_i)`` over its largest possible value, which
    the star attains: its centre lies on the only path of each of the
    ``(n - 1)(n - 2) / 2`` pairs of leaves, and the leaves score 0, so the maximum is
    ``(n - 1) * (n - 1)(n - 2) / 2 = (n - 1)^2 (n - 2) / 2``. (Statements of the
    formula with ``(n - 1)^2 (n - 2)`` count ordered pairs, each pair twice, in both
    numerator and denominator: the ratio is the same.) With normalised betweenness
    ``b_i = B_i / ((n - 1)(n - 2) / 2)`` this equals ``sum_i (b_max - b_i) / (n - 1)``,
    which is how it is computed from :func:`betweenness`. Above 1,000 members the
    betweenness is sampled (see :func:`betweenness`), so the value is an estimate
    (clipped to [0, 1]). Defined as 0.0 for fewer than three members.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abcd"],
    ...                 [Tie("a", "b", "referral"), Tie("b", "c", "referral"),
    ...                  Tie("c", "d", "referral")])
    >>> round(betweenness_centralization(p), 4)  # path of 4: (2 + 0 + 0 + 2) / 9
    0.4444
    """
    n = len(p)
    if n < 3:
        return 0.0
    bc = betweenness(p).values()
    top = max(bc)
    return _clamp01(sum(top - b for b in bc) / (n - 1))


# -- brokerage --------------------------------------------------------------------------


def _brokerage(p: Partnership) -> dict[str, tuple[int, int]]:
    """Member id -> (spanned groups, brokerage count); cached. See :func:`brokers`.

    Cost: grouping each member's neighbours by their group set (at most 31 distinct
    sets of the five groups) gives the cross-group pairs in ``O(deg + 31^2)`` per
    member; the tied ones among them are triangles, found by intersecting the
    neighbourhoods of each cross-group tie, ``O(sum over ties of min degree)``.
    No loop runs over all pairs of members.
    """

    def compute() -> dict[str, tuple[int, int]]:
        g = p.simple_graph()
        adj = g._adj
        sig = {u: frozenset(d["groups"]) for u, d in g.nodes(data=True)}
        out: dict[str, list[int]] = {}
        for u in g:
            counts = Counter(sig[v] for v in adj[u])
            items = list(counts.items())
            open_pairs = 0
            for i, (si, ci) in enumerate(items):
                for sj, cj in items[i + 1 :]:
                    if si.isdisjoint(sj):
                        open_pairs += ci * cj
            spanned = len(frozenset().union(*counts) - sig[u]) if counts else 0
            out[u] = [spanned, open_pairs]
        # A cross-group pair of neighbours that is itself tied closes a triangle: not brokered.
        for v, w in g.edges():
            if sig[v].isdisjoint(sig[w]):
                small, big = (adj[v], adj[w]) if len(adj[v]) <= len(adj[w]) else (adj[w], adj[v])
                for u in small:
                    if u in big:
                        out[u][1] -= 1
        return {u: (s, b) for u, (s, b) in out.items()}

    return p.cached((_NS, "brokerage"), compute)


def _broker_order(p: Partnership) -> list[str]:
    bro = _brokerage(p)
    bc = betweenness(p)
    return sorted(bro, key=lambda u: (-bro[u][1], -round(bc[u], 12), u))


def brokers(p: Partnership) -> pd.DataFrame:
    """Each member's brokerage between stakeholder groups, most brokering first.

    Concept: a broker links others who are not in touch with each other; when those
    others belong to different stakeholder groups, the broker is a boundary spanner,
    the go-between the partnership literature values (griffith2002, §3.64;
    williamson2001, p.124) and a holder of the "structural holes" that give
    information and control advantages (burt1992, ch.1).

    Columns
    -------
    member
        Member id.
    groups
        The member's own stakeholder groups, comma-separated (the tuple is
        ``p.member(id).groups``).
    spanned_groups
        Number of distinct stakeholder groups among the member's neighbours (members
        it has any tie with), not counting the member's own groups.
    brokerage
        Number of unordered pairs ``{j, k}`` of the member's neighbours such that
        ``j`` and ``k`` share no stakeholder group and have no tie of any kind to
        each other: the member is then their only one-step link. This is Gould and
        Fernandez's brokerage count (gould1989) restricted to the roles in which the
        two parties belong to different groups (liaison, representative, gatekeeper;
        the coordinator and itinerant roles, whose two parties are in the same group,
        are left out), taken on the undirected graph of all ties, where the
        representative and gatekeeper roles cannot be told apart. A member belonging
        to several groups is in the same group as anyone sharing one of them.
    betweenness
        Normalised betweenness (:func:`betweenness`).

    Sorted by ``brokerage``, then ``betweenness``, descending, then by id.

    Notes
    -----
    Cost: no loop runs over all pairs of members or of neighbours. Each member's
    neighbours are grouped by their set of groups (at most 31 distinct sets of the
    five groups), which gives the number of cross-group neighbour pairs in
    ``O(degree + 31^2)``; the pairs among them that are tied are triangles, removed
    by intersecting the two neighbourhoods of every cross-group tie, in
    ``O(sum over ties of the smaller degree)``. For 5,000 members and 12,500 tied
    pairs this took about 0.1 s (the betweenness column costs several times more).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member("f", "Funder", groups=("funder",)),
    ...                       Member("b", "CAB", groups=("provider",)),
    ...                       Member("t", "Tenants", groups=("community",))],
    ...                 [Tie("f", "b", "funding"), Tie("b", "t", "information_exchange")])
    >>> brokers(p)[["member", "spanned_groups", "brokerage"]].to_dict("records")[0]
    {'member': 'b', 'spanned_groups': 2, 'brokerage': 1}
    """
    bro = _brokerage(p)
    bc = betweenness(p)
    members = p.members
    order = _broker_order(p)
    return pd.DataFrame(
        {
            "member": pd.Series(order, dtype="str"),
            "groups": pd.Series([", ".join(members[u].groups) for u in order], dtype="str"),
            "spanned_groups": pd.Series([bro[u][0] for u in order], dtype="int64"),
            "brokerage": pd.Series([bro[u][1] for u in order], dtype="int64"),
            "betweenness": pd.Series([bc[u] for u in order], dtype="float64"),
        }
    )


def boundary_spanners(p: Partnership, min_groups: int = 2) -> list[str]:
    """Members who link stakeholder groups that are not otherwise in touch.

    Concept: boundary spanners, people and organisations able to work across agency
    boundaries, whom the literature counts among a partnership's key roles
    (griffith2002, §3.64; williamson2001, p.124); structurally, brokers between
    groups (gould1989; burt1992).

    A member qualifies when its neighbours come from at least ``min_groups``
    stakeholder groups other than its own (``spanned_groups``) *and* it brokers at
    least one pair of neighbours from different groups that are not tied to each
    other (``brokerage > 0``; see :func:`brokers`). Returned in the order of
    :func:`brokers` (most brokering first).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member("f", "Funder", groups=("funder",)),
    ...                       Member("b", "CAB", groups=("provider",)),
    ...                       Member("t", "Tenants", groups=("community",))],
    ...                 [Tie("f", "b", "funding"), Tie("b", "t", "information_exchange")])
    >>> boundary_spanners(p), boundary_spanners(p, min_groups=3)
    (['b'], [])
    """
    if isinstance(min_groups, bool) or not isinstance(min_groups, int) or min_groups < 1:
        raise CLSPInputError(
            f"expected a whole number of at least 1, found {min_groups!r}", field="min_groups"
        )
    bro = _brokerage(p)
    return [u for u in _broker_order(p) if bro[u][0] >= min_groups and bro[u][1] > 0]
