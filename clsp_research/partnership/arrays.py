"""The partnership as numpy arrays: ties, connected pairs and the compressed adjacency.

The structural measures read these arrays instead of a networkx graph: they are built once
per version of the partnership, straight from its ties, and cached on it
(:meth:`~clsp_research.partnership.model.Partnership.cached`). Members are numbered in
member order (position ``i`` is ``ids[i]``); tie kinds by their place in
:data:`~clsp_research.partnership.model.TIE_KINDS`; stakeholder groups as bits of
:data:`~clsp_research.partnership.model.STAKEHOLDER_GROUPS` (``funder`` is bit 0).

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> p = Partnership("P", [Member(i, i.upper(), groups=("provider",)) for i in "abc"],
...                 [Tie("a", "b", "referral"), Tie("b", "a", "funding"), Tie("b", "c", "referral")])
>>> a = tie_arrays(p)
>>> a.ids, a.pair_u.tolist(), a.pair_v.tolist(), a.pair_weight.tolist()
(('a', 'b', 'c'), [0, 1], [1, 2], [2, 1])
>>> a.degree.tolist(), a.indptr.tolist(), a.indices.tolist()
([1, 2, 1], [0, 1, 3, 4], [1, 2, 0, 1])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import STAKEHOLDER_GROUPS, TIE_KINDS, Partnership

__all__ = ["TieArrays", "kind_sets", "tie_arrays"]

_KIND_CODE = {k: i for i, k in enumerate(TIE_KINDS)}
_GROUP_BIT = {g: 1 << i for i, g in enumerate(STAKEHOLDER_GROUPS)}


@dataclass(frozen=True, eq=False)
class TieArrays:
    """A partnership's members, ties and connected pairs as arrays (read-only: shared via the cache).

    Attributes
    ----------
    ids
        Member ids in member order; ``index`` maps an id to its position.
    groups
        Per member, its stakeholder groups as a bit mask (``funder`` = 1, ``provider`` = 2...).
    id_rank
        Per member, the rank of its id in sorted order (to break ties by id without strings).
    tie_src, tie_dst, tie_kind, tie_amount
        Per tie, in the order of ``p.ties``: source and target positions, kind code, amount
        (NaN when not recorded or not a funding tie).
    pair_u, pair_v
        Per connected pair (one per pair of members with any tie, in the order of their first
        tie): the ends, oriented as that first tie.
    pair_kinds, pair_weight
        Per pair: the tie kinds between the two as a bit mask (bit ``i`` for ``TIE_KINDS[i]``)
        and the number of ties.
    indptr, indices
        The undirected simple graph of all ties in compressed sparse row form: the neighbours
        of member ``i`` are ``indices[indptr[i]:indptr[i + 1]]``.
    degree
        Per member, its number of neighbours.
    """

    ids: tuple[str, ...]
    index: dict[str, int]
    groups: np.ndarray
    id_rank: np.ndarray
    tie_src: np.ndarray
    tie_dst: np.ndarray
    tie_kind: np.ndarray
    tie_amount: np.ndarray
    pair_u: np.ndarray
    pair_v: np.ndarray
    pair_kinds: np.ndarray
    pair_weight: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    degree: np.ndarray

    @property
    def n(self) -> int:
        """Number of members."""
        return len(self.ids)


def kind_sets(mask: int) -> set[str]:
    """The tie kinds a bit mask of :attr:`TieArrays.pair_kinds` stands for.

    Examples
    --------
    >>> sorted(kind_sets(0b110))
    ['funding', 'referral']
    """
    return {k for i, k in enumerate(TIE_KINDS) if mask >> i & 1}


def tie_arrays(p: Partnership) -> TieArrays:
    """The arrays of ``p``, built from its ties once per version of the partnership (cached)."""
    return p.cached(("arrays", "ties"), lambda: _build(p))


def _build(p: Partnership) -> TieArrays:
    nodes = p.graph.nodes
    ids = tuple(nodes)
    n = len(ids)
    index = {u: i for i, u in enumerate(ids)}
    groups = np.fromiter((sum(_GROUP_BIT[g] for g in set(nodes[u]["groups"])) for u in ids), np.int64, count=n)
    id_rank = np.empty(n, dtype=np.int64)
    id_rank[np.argsort(np.array(ids, dtype=object), kind="stable")] = np.arange(n)
    # The ties in the order of p.ties (= p.graph.edges), read from networkx's adjacency directly:
    # its edge views cost several times more per tie.
    src_l, dst_l, kind_l, amount_l = [], [], [], []
    for u, nbrs in p.graph._adj.items():
        i = index[u]
        for v, keyed in nbrs.items():
            j = index[v]
            for d in keyed.values():
                src_l.append(i)
                dst_l.append(j)
                kind_l.append(_KIND_CODE[d["kind"]])
                amount_l.append(np.nan if d["amount"] is None or d["kind"] != "funding" else d["amount"])
    src = np.array(src_l, dtype=np.int64)
    dst = np.array(dst_l, dtype=np.int64)
    kind = np.array(kind_l, dtype=np.int64)
    amount = np.array(amount_l, dtype=np.float64)
    # Connected pairs, in the order of their first tie, oriented as that tie.
    key = np.minimum(src, dst) * n + np.maximum(src, dst)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    pair_of_tie = rank[inverse.ravel()]
    pair_u, pair_v = src[first[order]], dst[first[order]]
    npairs = len(order)
    pair_kinds = np.zeros(npairs, dtype=np.int64)
    np.bitwise_or.at(pair_kinds, pair_of_tie, np.left_shift(1, kind))
    pair_weight = np.bincount(pair_of_tie, minlength=npairs)
    heads = np.concatenate((pair_u, pair_v))
    tails = np.concatenate((pair_v, pair_u))
    by_head = np.argsort(heads, kind="stable")
    degree = np.bincount(heads, minlength=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(degree, out=indptr[1:])
    return TieArrays(
        ids=ids, index=index, groups=groups, id_rank=id_rank,
        tie_src=src, tie_dst=dst, tie_kind=kind, tie_amount=amount,
        pair_u=pair_u, pair_v=pair_v, pair_kinds=pair_kinds, pair_weight=pair_weight,
        indptr=indptr, indices=tails[by_head], degree=degree,
    )
