"""Structural measures of a partnership network, each tied to the concept it stands for.

Every function takes a :class:`~clsp_research.model.Partnership` and reads the
members and typed ties it holds. Most measures work on the *undirected simple
graph of all ties* (:meth:`Partnership.simple_graph`: one edge per pair of members
that has any tie, whatever its kind or direction); multiplexity, reciprocity and
funding look at the typed, directed ties themselves.

What each number means for a partnership, how it is computed and where the idea
comes from is kept in :data:`MEASURE_DOCS`, so that reports and notebooks can
explain every figure they show. In brief:

- *density* and *components*: how much of the possible joint working exists and
  whether the partnership hangs together (wasserman1994, ch.4);
- *centralization* and *betweenness*: whether joint working runs through one or a
  few members, the structural side of power imbalance (freeman1979;
  griffith2002, §3.42);
- *multiplexity*: Webb's "multiple points of contact" between organisations
  (webb1991, p.239 in griffith2002, §3.65; verbrugge1979);
- *inner core*: the main k-core, a dense circle of members that can come to
  dominate (seidman1983; webb1991, p.239 in griffith2002, §3.56);
- *brokerage* and *boundary spanners*: members who join stakeholder groups that
  are not otherwise in touch (gould1989; burt1992; griffith2002, §3.64);
- *funding dependency* and *funder shares*: reliance on one funder, which hampers
  equal participation (griffith2002, §3.43; §4.9);
- *group and sector coverage*: whether the five groups the LSC names are present
  (lsc_clsp_web, "Who should be involved?").

All results are memoised on the partnership (:meth:`Partnership.cached`) until
it next changes, so a report, a risk flag and a widget asking for the same
measure pay for it once.

Examples
--------
>>> from clsp_research.model import Member, Partnership, Tie
>>> p = Partnership("Illustrative CLSP", [
...     Member("lsc", "LSC", groups=("funder",), sector="statutory"),
...     Member("cab", "CAB", groups=("provider",), sector="voluntary"),
...     Member("law", "Law centre", groups=("provider",), sector="voluntary"),
...     Member("ten", "Tenants' group", groups=("community",), sector="community"),
... ], [
...     Tie("lsc", "cab", "funding", amount=90000),
...     Tie("lsc", "law", "funding", amount=60000),
...     Tie("cab", "ten", "information_exchange"),
...     Tie("cab", "law", "referral"),
...     Tie("law", "cab", "referral"),
... ])
>>> round(density(p), 3)
0.667
>>> most_central(p)
'cab'
>>> reciprocity(p)  # cab and law refer to each other; the two grants are not returned
0.5
>>> s = summarize(p)
>>> s.missing_groups
('network', 'other_sector')
>>> s.to_dict()["most_central"]
'cab'
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .errors import CLSPInputError
from .model import DIRECTED_TIE_KINDS, SECTORS, STAKEHOLDER_GROUPS, TIE_KINDS, Partnership

__all__ = [
    "EXACT_BETWEENNESS_MAX_NODES",
    "MEASURE_DOCS",
    "SINGLE_FUNDER_THRESHOLD",
    "StructuralSummary",
    "betweenness",
    "betweenness_centralization",
    "boundary_spanners",
    "brokers",
    "components",
    "degree_centralization",
    "density",
    "funder_shares",
    "funding_dependency",
    "group_coverage",
    "inner_core",
    "isolates",
    "missing_groups",
    "most_central",
    "multiplexity",
    "reciprocity",
    "sector_coverage",
    "single_funder_dependency",
    "summarize",
    "tie_kind_counts",
]

#: Above this many members :func:`betweenness` samples source members by default.
EXACT_BETWEENNESS_MAX_NODES = 1000
#: Default share of a member's known funding from one funder that counts as dependency.
#: No source in the catalogue gives a figure: it is a tunable convention (three quarters).
SINGLE_FUNDER_THRESHOLD = 0.75

_NS = "measures"  # prefix of this module's cache keys on the partnership


def _clamp01(x: float) -> float:
    """Clip rounding noise (1.0000000000000002) into [0, 1]."""
    return min(1.0, max(0.0, x))


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
    >>> from clsp_research.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abc"],
    ...                 [Tie("a", "b", "referral"), Tie("b", "a", "funding")])
    >>> round(density(p), 4)  # one connected pair out of three
    0.3333
    """
    g = p.simple_graph()
    n = g.number_of_nodes()
    if n < 2:
        return 0.0
    return 2.0 * g.number_of_edges() / (n * (n - 1))


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
    >>> from clsp_research.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abcd"],
    ...                 [Tie("c", "d", "referral")])
    >>> components(p)
    [['c', 'd'], ['a'], ['b']]
    """

    def compute() -> list[list[str]]:
        comps = [sorted(c) for c in nx.connected_components(p.simple_graph())]
        return sorted(comps, key=lambda c: (-len(c), c[0]))

    return [list(c) for c in p.cached((_NS, "components"), compute)]


def isolates(p: Partnership) -> list[str]:
    """Members with no tie of any kind to any other member (sorted ids).

    Concept: organisations that are members on paper but take no part in the joint
    working: the exclusion of smaller or marginal organisations the literature warns
    of (griffith2002, §3.47); an isolate is a node of degree zero (wasserman1994, ch.4).

    Examples
    --------
    >>> from clsp_research.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "cab"],
    ...                 [Tie("a", "b", "referral")])
    >>> isolates(p)
    ['c']
    """
    g = p.simple_graph()
    return sorted(u for u, d in g.degree() if d == 0)


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
    >>> from clsp_research.model import Member, Partnership, Tie
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
    >>> from clsp_research.model import Member, Partnership, Tie
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
    >>> from clsp_research.model import Member, Partnership, Tie
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
    >>> from clsp_research.model import Member, Partnership, Tie
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


# -- kinds of ties ----------------------------------------------------------------


def tie_kind_counts(p: Partnership) -> dict[str, int]:
    """Number of ties of each kind, every kind of :data:`~clsp_research.model.TIE_KINDS` present.

    Concept: the mix of joint working, from the loosest (information exchange) to the
    closest (pooled budgets): the raw material for placing a partnership on the
    continuum of networking, co-operation, co-ordination and integration
    (griffith2002, §2.3-2.8). Parallel ties count separately.

    Examples
    --------
    >>> from clsp_research.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "ab"],
    ...                 [Tie("a", "b", "referral"), Tie("b", "a", "referral")])
    >>> tie_kind_counts(p)["referral"], tie_kind_counts(p)["pooled_budget"]
    (2, 0)
    """
    counts = Counter(d["kind"] for _, _, d in p.graph.edges(data=True))
    return {kind: counts.get(kind, 0) for kind in TIE_KINDS}


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
    >>> from clsp_research.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abc"],
    ...                 [Tie("a", "b", "funding"), Tie("b", "a", "referral"),
    ...                  Tie("b", "c", "referral")])
    >>> multiplexity(p)
    {'pairs': 2, 'multiplex_pairs': 1, 'share': 0.5, 'mean_kinds': 1.5}
    """
    g = p.simple_graph()
    kinds = [len(d["kinds"]) for _, _, d in g.edges(data=True)]
    pairs = len(kinds)
    multiplex = sum(1 for c in kinds if c >= 2)
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
    means something, :data:`~clsp_research.model.DIRECTED_TIE_KINDS`: ``referral``
    and ``funding``), the distinct ordered pairs ``(A, B)`` with at least one tie of
    that kind from A to B. Such an arc is reciprocated when B has a tie of the *same
    kind* to A. Parallel ties of one kind in one direction count once. A funding tie
    answered by a referral is not counted as reciprocated: it is an exchange between
    different relations, which :func:`multiplexity` captures. The result is
    ``reciprocated arcs / arcs`` (pooled over kinds), or ``None`` when there is no
    directed tie at all (reciprocity is then undefined rather than zero).

    Examples
    --------
    >>> from clsp_research.model import Member, Partnership, Tie
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
    arcs = {(u, v, d["kind"]) for u, v, d in p.graph.edges(data=True) if d["kind"] in wanted}
    if not arcs:
        return None
    mutual = sum(1 for u, v, kind in arcs if (v, u, kind) in arcs)
    return mutual / len(arcs)


# -- who is involved ----------------------------------------------------------------


def group_coverage(p: Partnership) -> dict[str, int]:
    """Number of members in each of the LSC's five stakeholder groups (all five keys).

    Concept: whether the right players are involved: the LSC names funders, advice
    providers, community and user groups, local networks and other sectors as the
    groups a CLSP needs (lsc_clsp_web, "Who should be involved?"); inclusivity is a
    condition of success (griffith2002, §3.56). A member in several groups counts in
    each of them.

    Examples
    --------
    >>> from clsp_research.model import Member, Partnership
    >>> p = Partnership("x", [Member("c", "Council", groups=("funder", "provider")),
    ...                       Member("b", "CAB", groups=("provider",))])
    >>> group_coverage(p)
    {'funder': 1, 'provider': 2, 'community': 0, 'network': 0, 'other_sector': 0}
    """
    counts = Counter(g for m in p.members.values() for g in set(m.groups))
    return {g: counts.get(g, 0) for g in STAKEHOLDER_GROUPS}


def missing_groups(p: Partnership) -> list[str]:
    """Stakeholder groups with no member, in the LSC's order.

    Concept: a group the LSC says should be involved but is absent
    (lsc_clsp_web, "Who should be involved?"; griffith2002, §3.56); the evidence of
    the ``missing_stakeholder_group`` risk flag.

    Examples
    --------
    >>> from clsp_research.model import Member, Partnership
    >>> missing_groups(Partnership("x", [Member("c", "Council", groups=("funder", "provider"))]))
    ['community', 'network', 'other_sector']
    """
    return [g for g, c in group_coverage(p).items() if c == 0]


def sector_coverage(p: Partnership) -> dict[str, int]:
    """Number of members in each sector, with ``unknown`` for members whose sector is not recorded.

    Concept: the balance of statutory, voluntary, private and community
    organisations; power imbalances run between sectors as well as between partners,
    and small voluntary and community organisations are the ones most often left out
    (griffith2002, §3.41; §3.43; §3.47).

    Examples
    --------
    >>> from clsp_research.model import Member, Partnership
    >>> p = Partnership("x", [Member("c", "Council", groups=("funder",), sector="statutory"),
    ...                       Member("b", "CAB", groups=("provider",))])
    >>> sector_coverage(p)
    {'statutory': 1, 'voluntary': 0, 'private': 0, 'community': 0, 'unknown': 1}
    """
    counts = Counter(m.sector or "unknown" for m in p.members.values())
    return {s: counts.get(s, 0) for s in (*SECTORS, "unknown")}


# -- inner core -----------------------------------------------------------------------


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
    >>> from clsp_research.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abcd"],
    ...                 [Tie("a", "b", "referral"), Tie("b", "c", "referral"),
    ...                  Tie("a", "c", "referral"), Tie("c", "d", "referral")])
    >>> core = inner_core(p)
    >>> core["k"], core["members"], core["share"]
    (2, ['a', 'b', 'c'], 0.75)
    """

    def compute() -> dict[str, Any]:
        g = p.simple_graph()
        numbers = nx.core_number(g) if g.number_of_nodes() else {}
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
    >>> from clsp_research.model import Member, Partnership, Tie
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
    >>> from clsp_research.model import Member, Partnership, Tie
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


# -- funding ------------------------------------------------------------------------------

_FUNDING_COLUMNS = (
    "member",
    "total",
    "n_grants",
    "n_unknown_amounts",
    "top_funder",
    "top_share",
    "n_funders",
)


def _funding_rows(p: Partnership) -> list[dict[str, Any]]:
    """One plain row per funded member (see :func:`funding_dependency`); cached."""

    def compute() -> list[dict[str, Any]]:
        by_member: dict[str, dict[str, list[float | None]]] = {}
        for u, v, d in p.graph.edges(data=True):
            if d["kind"] == "funding":
                by_member.setdefault(v, {}).setdefault(u, []).append(d["amount"])
        rows = []
        for member, funders in by_member.items():
            known = {
                f: sum(a for a in amounts if a is not None)
                for f, amounts in funders.items()
                if any(a is not None for a in amounts)
            }
            total = sum(known.values())
            grants = sum(len(a) for a in funders.values())
            unknown = sum(1 for a in funders.values() for x in a if x is None)
            if total > 0:
                top = min(known, key=lambda f: (-known[f], f))
                share = known[top] / total
            elif len(funders) == 1:  # one funder: it gives everything, whatever the amount
                top, share = next(iter(funders)), 1.0
            else:
                top, share = None, math.nan
            rows.append(
                {
                    "member": member,
                    "total": float(total) if known else math.nan,
                    "n_grants": grants,
                    "n_unknown_amounts": unknown,
                    "top_funder": top,
                    "top_share": share,
                    "n_funders": len(funders),
                }
            )
        rows.sort(
            key=lambda r: (1, 0.0, r["member"])
            if math.isnan(r["top_share"])
            else (0, -r["top_share"], r["member"])
        )
        return rows

    return p.cached((_NS, "funding_rows"), compute)


def funding_dependency(p: Partnership) -> pd.DataFrame:
    """How far each funded member depends on its largest funder.

    Concept: financial dependence. Voluntary organisations in a funding relationship
    with a dominant partner find it hard to take part on equal terms: dependence
    brings conflicts of interest and discourages criticism (griffith2002, §3.43);
    partnership working tends to be dominated by those who bring the resources
    (§3.42). Joint funding can reduce the influence of any one funder
    (steele1999, in griffith2002, §4.9).

    One row per member that receives at least one ``funding`` tie (funding flows from
    the tie's source to its target):

    ``member``; ``total`` (sum of the known amounts, NaN when no amount is known);
    ``n_grants`` (funding ties received); ``n_unknown_amounts`` (those without an
    amount); ``top_funder`` (the funder with the largest known total, ties broken by
    id); ``top_share`` (that funder's share of the member's *known* total);
    ``n_funders`` (distinct funders). A member with a single funder has
    ``top_share`` 1.0 even when the amount is not recorded; a member with several
    funders and no known amount has no ``top_funder`` and a NaN ``top_share``. When
    some amounts are unknown, ``top_share`` describes the known part only: read it
    with ``n_unknown_amounts``.

    Sorted by ``top_share`` descending (NaN last), then member id.

    Examples
    --------
    >>> from clsp_research.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member("lsc", "LSC", groups=("funder",)),
    ...                       Member("la", "Council", groups=("funder",)),
    ...                       Member("cab", "CAB", groups=("provider",))],
    ...                 [Tie("lsc", "cab", "funding", amount=75000),
    ...                  Tie("la", "cab", "funding", amount=25000)])
    >>> funding_dependency(p).to_dict("records")
    [{'member': 'cab', 'total': 100000.0, 'n_grants': 2, 'n_unknown_amounts': 0,
      'top_funder': 'lsc', 'top_share': 0.75, 'n_funders': 2}]
    """
    rows = _funding_rows(p)
    data = {c: [r[c] for r in rows] for c in _FUNDING_COLUMNS}
    return pd.DataFrame(
        {
            "member": pd.Series(data["member"], dtype="str"),
            "total": pd.Series(data["total"], dtype="float64"),
            "n_grants": pd.Series(data["n_grants"], dtype="int64"),
            "n_unknown_amounts": pd.Series(data["n_unknown_amounts"], dtype="int64"),
            "top_funder": pd.Series(data["top_funder"], dtype="str"),
            "top_share": pd.Series(data["top_share"], dtype="float64"),
            "n_funders": pd.Series(data["n_funders"], dtype="int64"),
        }
    )


def single_funder_dependency(
    p: Partnership, threshold: float = SINGLE_FUNDER_THRESHOLD
) -> list[str]:
    """Members that get at least ``threshold`` of their known funding from one funder (sorted ids).

    Concept: single-funder dependency, the situation griffith2002 (§3.43) describes
    for voluntary organisations tied financially to a dominant partner; the evidence
    of the ``single_funder_dependency`` risk flag.

    The threshold is a tunable convention, not a figure from the literature: no
    source in the catalogue puts a number on dependency. The default 0.75 reads
    "three quarters or more of what the member is known to receive comes from one
    funder"; a member with one funder always qualifies (``top_share`` 1.0). See
    :func:`funding_dependency` for how unknown amounts are treated.

    Examples
    --------
    >>> from clsp_research.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member("lsc", "LSC", groups=("funder",)),
    ...                       Member("la", "Council", groups=("funder",)),
    ...                       Member("cab", "CAB", groups=("provider",))],
    ...                 [Tie("lsc", "cab", "funding", amount=75000),
    ...                  Tie("la", "cab", "funding", amount=25000)])
    >>> single_funder_dependency(p), single_funder_dependency(p, threshold=0.8)
    (['cab'], [])
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not (
        0 < threshold <= 1
    ):
        raise CLSPInputError(
            f"expected a share above 0 and at most 1, found {threshold!r}", field="threshold"
        )
    return sorted(r["member"] for r in _funding_rows(p) if r["top_share"] >= threshold)


def funder_shares(p: Partnership) -> dict[str, float]:
    """Each funder's share of all the partnership's funding whose amount is known.

    Concept: a dominant funder. Power in partnerships follows the resources partners
    bring (griffith2002, §3.42), and joint funding reduces the influence of any one
    funder (steele1999, in griffith2002, §4.9); a single funder providing most of the
    money is a marker of power imbalance.

    Sum of known ``amount`` over each funder's outgoing ``funding`` ties, divided by
    the sum over all funding ties with a known amount. Funders whose amounts are all
    unknown are left out (their share is unknown, not zero). Largest share first,
    ties by id; empty when no amount is known.

    Examples
    --------
    >>> from clsp_research.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member("lsc", "LSC", groups=("funder",)),
    ...                       Member("la", "Council", groups=("funder",)),
    ...                       Member("cab", "CAB", groups=("provider",))],
    ...                 [Tie("lsc", "cab", "funding", amount=75000),
    ...                  Tie("la", "cab", "funding", amount=25000)])
    >>> funder_shares(p)
    {'lsc': 0.75, 'la': 0.25}
    """
    sums: dict[str, float] = {}
    for u, _, d in p.graph.edges(data=True):
        if d["kind"] == "funding" and d["amount"] is not None:
            sums[u] = sums.get(u, 0.0) + float(d["amount"])
    total = sum(sums.values())
    if total <= 0:
        return {}
    return {f: sums[f] / total for f in sorted(sums, key=lambda f: (-sums[f], f))}


# -- summary --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StructuralSummary:
    """The scalar results of the structural measures for one partnership.

    Built by :func:`summarize`; :meth:`to_dict` gives plain JSON-ready types (the
    ``measures`` object of ``clsp assess --json``). Each field is explained in
    :data:`MEASURE_DOCS` (see its ``fields`` entries). Treat as read-only: it is
    shared through the partnership's cache.
    """

    n_members: int
    n_ties: int
    n_pairs: int
    density: float
    degree_centralization: float
    betweenness_centralization: float
    betweenness_exact: bool
    most_central: str | None
    multiplexity_share: float
    mean_kinds: float
    reciprocity: float | None
    group_coverage: Mapping[str, int]
    missing_groups: tuple[str, ...]
    sector_coverage: Mapping[str, int]
    core_k: int
    core_members: tuple[str, ...]
    core_share: float
    n_components: int
    largest_component_share: float
    isolates: tuple[str, ...]
    boundary_spanners: tuple[str, ...]
    single_funder_dependent: tuple[str, ...]
    dominant_funder: str | None
    dominant_funder_share: float | None
    tie_kind_counts: Mapping[str, int]

    def to_dict(self) -> dict[str, Any]:
        """Plain types only: lists for tuples, dicts for mappings, ``None`` for NaN."""
        out: dict[str, Any] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, tuple):
                v = list(v)
            elif isinstance(v, Mapping):
                v = dict(v)
            elif isinstance(v, float) and math.isnan(v):
                v = None
            out[f.name] = v
        return out


def summarize(p: Partnership) -> StructuralSummary:
    """All the scalar structural measures of a partnership, memoised until it changes.

    Uses the default settings of each measure (exact betweenness up to 1,000 members,
    sampled with ``k=500, seed=0`` above; ``min_groups=2`` for boundary spanners;
    the 0.75 single-funder threshold).

    Examples
    --------
    >>> from clsp_research.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "hab"],
    ...                 [Tie("h", "a", "referral"), Tie("h", "b", "referral")])
    >>> s = summarize(p)
    >>> s.degree_centralization, s.most_central, s.core_k
    (1.0, 'h', 1)
    >>> summarize(p) is s  # memoised
    True
    """
    return p.cached("summary", lambda: _summarize(p))


def _summarize(p: Partnership) -> StructuralSummary:
    g = p.simple_graph()
    n = g.number_of_nodes()
    _, exact = _betweenness(p, None, 500, 0)
    mx = multiplexity(p)
    core = inner_core(p)
    comps = components(p)
    shares = funder_shares(p)
    dominant = next(iter(shares), None)
    return StructuralSummary(
        n_members=n,
        n_ties=p.n_ties,
        n_pairs=g.number_of_edges(),
        density=density(p),
        degree_centralization=degree_centralization(p),
        betweenness_centralization=betweenness_centralization(p),
        betweenness_exact=exact,
        most_central=most_central(p),
        multiplexity_share=mx["share"],
        mean_kinds=mx["mean_kinds"],
        reciprocity=reciprocity(p),
        group_coverage=group_coverage(p),
        missing_groups=tuple(missing_groups(p)),
        sector_coverage=sector_coverage(p),
        core_k=core["k"],
        core_members=tuple(core["members"]),
        core_share=core["share"],
        n_components=len(comps),
        largest_component_share=len(comps[0]) / n if comps else 0.0,
        isolates=tuple(isolates(p)),
        boundary_spanners=tuple(boundary_spanners(p)),
        single_funder_dependent=tuple(single_funder_dependency(p)),
        dominant_funder=dominant,
        dominant_funder_share=shares[dominant] if dominant is not None else None,
        tie_kind_counts=tie_kind_counts(p),
    )


# -- documentation of every measure ------------------------------------------------------------

#: For each measure (function name): ``label``, ``concept`` (one plain sentence on what it
#: stands for in a partnership), ``how`` (how it is computed), ``cites`` ("key, locator"
#: strings of references.bib keys) and ``fields`` (the :class:`StructuralSummary` fields it
#: fills, empty when it is not in the summary).
MEASURE_DOCS: dict[str, dict[str, Any]] = {
    "density": {
        "label": "Density",
        "concept": "How much of the joint working that could exist among the members does "
        "exist: the share of pairs of members with any tie.",
        "how": "2m / (n(n-1)) on the undirected simple graph of all ties (a pair with ties "
        "of several kinds counts once); 0 for fewer than two members.",
        "cites": ["wasserman1994, ch.4", "griffith2002, §3.67"],
        "fields": ["density", "n_pairs"],
    },
    "degree_centralization": {
        "label": "Degree centralization",
        "concept": "How far the partnership's ties are concentrated on one member, from 0 "
        "(all equally tied) to 1 (a star around one hub), a structural sign of domination.",
        "how": "Freeman's sum of (max degree - degree) over members divided by its star-graph "
        "maximum (n-1)(n-2), on the undirected simple graph; 0 for fewer than three members.",
        "cites": ["freeman1979", "wasserman1994, ch.5", "griffith2002, §3.42"],
        "fields": ["degree_centralization"],
    },
    "betweenness_centralization": {
        "label": "Betweenness centralization",
        "concept": "How far members depend on one go-between to reach each other, from 0 "
        "(no member between others more than any other) to 1 (a star).",
        "how": "Freeman's sum of (max raw betweenness - raw betweenness) over members divided "
        "by the star maximum (n-1)^2(n-2)/2, i.e. the sum of (max - b) over normalised "
        "betweenness divided by n-1; estimated from sampled betweenness above 1,000 members.",
        "cites": ["freeman1979", "wasserman1994, ch.5", "griffith2002, §3.42"],
        "fields": ["betweenness_centralization", "betweenness_exact"],
    },
    "betweenness": {
        "label": "Betweenness",
        "concept": "How far a member stands on the shortest chains of ties between other "
        "members, and so can pass on, hold back or colour what flows between them.",
        "how": "Share of shortest paths between other pairs through the member, summed and "
        "divided by (n-1)(n-2)/2 (Brandes' algorithm, unweighted); exact up to 1,000 members, "
        "above that estimated from 500 sampled sources with a fixed seed, as networkx does.",
        "cites": ["freeman1979", "wasserman1994, ch.5", "griffith2002, §3.46"],
        "fields": [],
    },
    "most_central": {
        "label": "Most central member",
        "concept": "The hub through which most joint working runs: a convenor, or a "
        "dominant partner.",
        "how": "Highest betweenness; ties broken by higher degree, then first id; none when "
        "there are no ties.",
        "cites": ["freeman1979", "griffith2002, §3.64", "griffith2002, §3.42"],
        "fields": ["most_central"],
    },
    "multiplexity": {
        "label": "Multiplexity",
        "concept": "Multiple points of contact: pairs of organisations joined by several "
        "kinds of joint working at once, which makes collaboration more robust.",
        "how": "Share of connected pairs joined by at least two distinct tie kinds (either "
        "direction), and the mean number of distinct kinds per connected pair.",
        "cites": ["webb1991, p.239", "griffith2002, §3.65", "verbrugge1979"],
        "fields": ["multiplexity_share", "mean_kinds"],
    },
    "reciprocity": {
        "label": "Reciprocity",
        "concept": "Whether referral and funding flows run both ways, a sign of mutual "
        "exchange rather than one-way dependence.",
        "how": "Share of distinct directed arcs (A to B, one tie kind among referral and "
        "funding) answered by an arc of the same kind from B to A; none without directed ties.",
        "cites": ["wasserman1994, ch.13", "griffith2002, §3.54", "griffith2002, §2.28"],
        "fields": ["reciprocity"],
    },
    "group_coverage": {
        "label": "Stakeholder groups",
        "concept": "Whether the five groups the LSC says a partnership needs are involved.",
        "how": "Number of members in each stakeholder group; a member in several groups "
        "counts in each.",
        "cites": ["lsc_clsp_web, Who should be involved?", "griffith2002, §3.56"],
        "fields": ["group_coverage"],
    },
    "missing_groups": {
        "label": "Missing stakeholder groups",
        "concept": "Groups the LSC says should be involved but that have no member.",
        "how": "Stakeholder groups with no member, in the LSC's order.",
        "cites": ["lsc_clsp_web, Who should be involved?", "griffith2002, §3.56"],
        "fields": ["missing_groups"],
    },
    "sector_coverage": {
        "label": "Sectors",
        "concept": "The balance of statutory, voluntary, private and community organisations, "
        "across which power is unevenly spread.",
        "how": "Number of members in each sector, with 'unknown' for members whose sector "
        "is not recorded.",
        "cites": ["griffith2002, §3.41", "griffith2002, §3.43", "griffith2002, §3.47"],
        "fields": ["sector_coverage"],
    },
    "inner_core": {
        "label": "Inner core",
        "concept": "A tightly knit circle of members that can come to run the partnership "
        "and leave the others outside.",
        "how": "The main k-core of the undirected simple graph: the largest set in which "
        "everyone has at least k ties inside the set, for the largest such k; its k, members "
        "and share of all members.",
        "cites": [
            "seidman1983",
            "wasserman1994, ch.7",
            "webb1991, p.239",
            "griffith2002, §3.56",
            "lowndes1998, pp.326-27",
            "griffith2002, §3.40",
        ],
        "fields": ["core_k", "core_members", "core_share"],
    },
    "brokers": {
        "label": "Brokerage",
        "concept": "Members who link others from different stakeholder groups who are not "
        "in touch with each other.",
        "how": "For each member, the pairs of its neighbours that share no stakeholder group "
        "and have no tie to each other (Gould-Fernandez roles whose parties are in different "
        "groups, on the undirected graph), with the groups its neighbours span.",
        "cites": ["gould1989", "burt1992, ch.1", "griffith2002, §3.64"],
        "fields": [],
    },
    "boundary_spanners": {
        "label": "Boundary spanners",
        "concept": "Go-betweens able to work across organisational and group boundaries, a "
        "key role in partnerships.",
        "how": "Members whose neighbours come from at least two stakeholder groups other than "
        "their own and who broker at least one cross-group pair.",
        "cites": ["griffith2002, §3.64", "williamson2001, p.124", "gould1989", "burt1992"],
        "fields": ["boundary_spanners"],
    },
    "funding_dependency": {
        "label": "Funding dependency",
        "concept": "How far each funded member relies on its largest funder, which hampers "
        "taking part on equal terms.",
        "how": "Per funded member: known total, grants, grants without amount, top funder "
        "and its share of the known total, number of funders.",
        "cites": ["griffith2002, §3.43", "griffith2002, §3.42"],
        "fields": [],
    },
    "single_funder_dependency": {
        "label": "Single-funder dependency",
        "concept": "Members that get most of their money from one funder.",
        "how": "Members whose top funder gives at least 0.75 of their known funding (a "
        "tunable convention: no source gives a figure); a sole funder always counts.",
        "cites": ["griffith2002, §3.43", "steele1999", "griffith2002, §4.9"],
        "fields": ["single_funder_dependent"],
    },
    "funder_shares": {
        "label": "Funder shares",
        "concept": "Whether one funder provides most of the money, a marker of power "
        "imbalance.",
        "how": "Each funder's share of all funding with a known amount; the largest is the "
        "dominant funder.",
        "cites": ["griffith2002, §3.42", "steele1999", "griffith2002, §4.9"],
        "fields": ["dominant_funder", "dominant_funder_share"],
    },
    "components": {
        "label": "Components",
        "concept": "Whether the partnership hangs together or falls into clusters that no "
        "chain of ties connects.",
        "how": "Connected components of the undirected simple graph, largest first.",
        "cites": ["wasserman1994, ch.4"],
        "fields": ["n_components", "largest_component_share"],
    },
    "isolates": {
        "label": "Isolates",
        "concept": "Members on paper that take no part in the joint working.",
        "how": "Members with no tie of any kind.",
        "cites": ["wasserman1994, ch.4", "griffith2002, §3.47"],
        "fields": ["isolates"],
    },
    "tie_kind_counts": {
        "label": "Tie kinds",
        "concept": "The mix of joint working, from information exchange to pooled budgets, "
        "that places a partnership on the continuum.",
        "how": "Number of ties of each kind; parallel ties count separately.",
        "cites": ["griffith2002, §2.3-2.8"],
        "fields": ["tie_kind_counts", "n_ties"],
    },
}
