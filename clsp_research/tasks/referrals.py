"""Referral seamlessness: can a client who arrives anywhere reach help in every category of law?

The CLSP idea grew from the wish that people should reach suitable help for their
problem without delay, and the LSC called the development of a "seamless referral
network" a central function of every partnership (lsc2000, pp.4 and 35, in
griffith2002, §4.23); a seamless service for the client is one of its three
outcomes (lsc2000, p.16, in griffith2002, §4.26). The consultation paper before it
called referral between providers "a vital part of the vision" (lcd1999, para 3.14,
in griffith2002, §4.5), and the LSC page describes clients trying several agencies
before finding one that can help (lsc_clsp_web, "Why work in partnership?").

Definition used here. Providers are the members in the ``provider`` group; the
categories are those served by any provider. For every provider ``a`` and category
``c``, the pair is *reachable within k* when some provider serving ``c`` can be
reached from ``a`` along at most ``k`` ``referral`` ties, followed in their direction
(from the referring member to the one referred to) and through any member (a
community group or library that passes clients on counts). A provider reaches itself
in 0 referrals when it serves ``c``. *Seamlessness* is the share of reachable pairs.
By default any referral tie carries a client of any category; with
``by_category=True`` a tie that names categories carries only clients in those
categories (a tie naming none carries all).

One breadth-first search per provider (per provider and category with
``by_category``), cut off at ``k``: fast enough for widgets.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> p = Partnership("x", [Member("cab", "CAB", groups=("provider",), categories=("debt",)),
...                       Member("law", "Law centre", groups=("provider",), categories=("housing",)),
...                       Member("sol", "Solicitor", groups=("provider",), categories=("family",))],
...                 [Tie("cab", "law", "referral"), Tie("law", "sol", "referral")])
>>> r = seamlessness(p, max_hops=1)
>>> r.seamlessness, r.unreachable
(0.5556, [('law', 'debt'), ('sol', 'debt'), ('cab', 'family'), ('sol', 'housing')])
>>> seamlessness(p, max_hops=2).unreachable
[('law', 'debt'), ('sol', 'debt'), ('sol', 'housing')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from ..errors import CLSPInputError
from ..partnership.model import Partnership

__all__ = [
    "DEFAULT_MAX_HOPS",
    "ReferralResult",
    "critical_referrals",
    "referral_graph",
    "seamlessness",
]

#: Default number of referrals a client is assumed to tolerate. A convention: the
#: sources give no number; two means "at most one agency between the first and the right one".
DEFAULT_MAX_HOPS = 2


def referral_graph(p: Partnership, category: str | None = None) -> nx.DiGraph:
    """The directed graph of referral ties (every member a node), cached on the partnership.

    With ``category``, only the ties that name that category or name none.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abc"],
    ...                 [Tie("a", "b", "referral", categories=("debt",)), Tie("b", "c", "referral")])
    >>> sorted(referral_graph(p).edges()), sorted(referral_graph(p, "housing").edges())
    ([('a', 'b'), ('b', 'c')], [('b', 'c')])
    """

    def build() -> nx.DiGraph:
        g = nx.DiGraph()
        g.add_nodes_from(p.graph.nodes)
        for u, v, d in p.graph.edges(data=True):
            if d["kind"] != "referral":
                continue
            cats = d["tie"].categories
            if category is None or not cats or category in cats:
                g.add_edge(u, v)
        return g

    return p.cached(("referrals", "graph", category), build)


def _check_hops(max_hops: int | None) -> None:
    if max_hops is None:
        return
    if isinstance(max_hops, bool) or not isinstance(max_hops, int) or max_hops < 0:
        raise CLSPInputError(
            f"expected a whole number of referrals of 0 or more (or no limit), found {max_hops!r}",
            field="max_hops",
        )


@dataclass(frozen=True)
class ReferralResult:
    """Seamlessness of a partnership's referral network (see :func:`seamlessness`).

    Attributes
    ----------
    max_hops
        The ``k`` used (``None``: no limit).
    by_category
        Whether referral ties carried only the categories they name.
    providers, categories
        The providers and the categories served, sorted.
    pairs
        One row per provider x category: ``provider``, ``category``, ``reachable``,
        ``hops`` (referrals to the nearest provider serving the category within the limit;
        ``<NA>`` if none) and ``nearest`` (that provider; ties broken by id).
    seamlessness
        Share of pairs reachable (rounded to 4 places); ``None`` with no pair.
    unreachable
        The unreachable ``(provider, category)`` pairs, by category then provider.
    """

    max_hops: int | None
    by_category: bool
    providers: tuple[str, ...]
    categories: tuple[str, ...]
    pairs: pd.DataFrame
    seamlessness: float | None
    unreachable: list[tuple[str, str]]

    def category_seamlessness(self) -> dict[str, float]:
        """Share of providers that reach each category."""
        return {c: round(float(v), 4) for c, v in self.pairs.groupby("category", sort=True)["reachable"].mean().items()}

    def provider_seamlessness(self) -> dict[str, float]:
        """Share of categories each provider reaches."""
        return {c: round(float(v), 4) for c, v in self.pairs.groupby("provider", sort=True)["reachable"].mean().items()}

    def matrix(self) -> pd.DataFrame:
        """Provider x category table of hops (NaN where unreachable)."""
        m = self.pairs.pivot(index="provider", columns="category", values="hops").astype("float64")
        return m.reindex(index=list(self.providers), columns=list(self.categories))

    def to_dict(self) -> dict[str, Any]:
        """The ``clsp referrals --json`` object."""
        return {
            "max_hops": self.max_hops,
            "by_category": self.by_category,
            "providers": list(self.providers),
            "categories": list(self.categories),
            "n_pairs": len(self.pairs),
            "n_reachable": int(self.pairs["reachable"].sum()) if len(self.pairs) else 0,
            "seamlessness": self.seamlessness,
            "unreachable": [list(x) for x in self.unreachable],
            "by_category_share": self.category_seamlessness(),
            "by_provider_share": self.provider_seamlessness(),
        }


def _serving(p: Partnership) -> tuple[list[str], list[str], dict[str, tuple[str, ...]]]:
    members = p.members
    providers = sorted(p.members_in("provider"))
    serves = {m: tuple(dict.fromkeys(members[m].categories)) for m in providers}
    categories = sorted({c for cs in serves.values() for c in cs})
    return providers, categories, serves


def _nearest(p: Partnership, max_hops: int | None, by_category: bool) -> dict[tuple[str, str], tuple[int, str]]:
    providers, categories, serves = _serving(p)
    best: dict[tuple[str, str], tuple[int, str]] = {}
    if not by_category:
        g = referral_graph(p)
        for a in providers:
            dist = nx.single_source_shortest_path_length(g, a, cutoff=max_hops)
            for node, d in dist.items():
                for c in serves.get(node, ()):
                    cand = (d, node)
                    if (a, c) not in best or cand < best[(a, c)]:
                        best[(a, c)] = cand
        return best
    servers = {c: {m for m in providers if c in serves[m]} for c in categories}
    for c in categories:
        g = referral_graph(p, c)
        for a in providers:
            dist = nx.single_source_shortest_path_length(g, a, cutoff=max_hops)
            hits = [(d, n) for n, d in dist.items() if n in servers[c]]
            if hits:
                best[(a, c)] = min(hits)
    return best


def seamlessness(
    p: Partnership, max_hops: int | None = DEFAULT_MAX_HOPS, *, by_category: bool = False
) -> ReferralResult:
    """For each provider and category, can a client reach a provider serving it within ``max_hops`` referrals?

    Parameters
    ----------
    p
        The partnership (its ``referral`` ties and providers' ``categories``).
    max_hops
        Most referrals allowed (``0``: only the provider itself; ``None``: no limit).
    by_category
        Let a referral tie that names categories carry only clients in those categories.

    Returns
    -------
    ReferralResult

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member("cab", "CAB", groups=("provider",), categories=("debt", "housing")),
    ...                       Member("lib", "Library", groups=("community",)),
    ...                       Member("law", "Law centre", groups=("provider",), categories=("immigration",))],
    ...                 [Tie("cab", "lib", "referral"), Tie("lib", "law", "referral", categories=("housing",)),
    ...                  Tie("law", "cab", "referral")])
    >>> r = seamlessness(p, max_hops=2)
    >>> r.seamlessness, r.unreachable  # cab reaches law through the library
    (1.0, [])
    >>> r.pairs.query("provider == 'cab' and category == 'immigration'")[["hops", "nearest"]].values.tolist()
    [[2, 'law']]
    >>> seamlessness(p, max_hops=2, by_category=True).unreachable  # the library passes on housing cases only
    [('cab', 'immigration')]
    """
    _check_hops(max_hops)
    providers, categories, _ = _serving(p)
    key = ("referrals", "seamlessness", max_hops, bool(by_category))

    def compute() -> ReferralResult:
        best = _nearest(p, max_hops, by_category)
        rows = []
        for a in providers:
            for c in categories:
                hit = best.get((a, c))
                rows.append({"provider": a, "category": c, "reachable": hit is not None,
                             "hops": None if hit is None else hit[0], "nearest": None if hit is None else hit[1]})
        pairs = pd.DataFrame(rows, columns=["provider", "category", "reachable", "hops", "nearest"])
        pairs["provider"] = pairs["provider"].astype(object)
        pairs["category"] = pairs["category"].astype(object)
        pairs["reachable"] = pairs["reachable"].astype(bool)
        pairs["hops"] = pd.array(pairs["hops"].tolist(), dtype="Int64")
        pairs["nearest"] = pairs["nearest"].astype(object)
        unreachable = [(a, c) for c in categories for a in providers if (a, c) not in best]
        share = None if not rows else round(sum(r["reachable"] for r in rows) / len(rows), 4)
        return ReferralResult(max_hops, bool(by_category), tuple(providers), tuple(categories), pairs, share,
                              unreachable)

    return p.cached(key, compute)


def critical_referrals(
    p: Partnership, max_hops: int | None = DEFAULT_MAX_HOPS, *, by_category: bool = False
) -> pd.DataFrame:
    """How many reachable provider-category pairs each referral tie carries alone.

    For each referral tie ``source -> target`` (parallel ties between one pair count as
    one), the pairs that become unreachable within ``max_hops`` without it. A tie many
    pairs depend on is a single point of failure of the network: if the referral
    arrangement lapses (a representative leaves, griffith2002, §3.26), clients lose
    their route.

    Returns
    -------
    pandas.DataFrame
        ``source``, ``target``, ``pairs_lost`` and ``seamlessness_without``, most pairs lost
        first (then by ids).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("x", [Member("a", "A", groups=("provider",), categories=("debt",)),
    ...                       Member("b", "B", groups=("provider",), categories=("housing",)),
    ...                       Member("c", "C", groups=("provider",), categories=("family",))],
    ...                 [Tie("a", "b", "referral"), Tie("b", "c", "referral"), Tie("a", "c", "referral")])
    >>> critical_referrals(p, max_hops=1).to_dict("records")
    [{'source': 'a', 'target': 'b', 'pairs_lost': 1, 'seamlessness_without': 0.5556},
     {'source': 'a', 'target': 'c', 'pairs_lost': 1, 'seamlessness_without': 0.5556},
     {'source': 'b', 'target': 'c', 'pairs_lost': 1, 'seamlessness_without': 0.5556}]
    """
    _check_hops(max_hops)
    base = seamlessness(p, max_hops, by_category=by_category)
    reach = set(zip(base.pairs["provider"], base.pairs["category"], strict=True)) - set(base.unreachable)
    edges = sorted({(t.source, t.target) for t in p.ties_of_kind("referral")})
    rows = []
    n = len(base.pairs)
    for u, v in edges:
        q = p.copy()
        q.remove_ties(u, v, kind="referral")
        # remove_ties drops both directions: put back the reverse tie(s)
        for t in p.ties_of_kind("referral"):
            if t.source == v and t.target == u:
                q.add_tie(t)
        r = seamlessness(q, max_hops, by_category=by_category)
        lost = len(reach & set(r.unreachable))
        rows.append({"source": u, "target": v, "pairs_lost": lost,
                     "seamlessness_without": r.seamlessness if n else None})
    out = pd.DataFrame(rows, columns=["source", "target", "pairs_lost", "seamlessness_without"])
    if len(out):
        out = out.sort_values(["pairs_lost", "source", "target"], ascending=[False, True, True],
                              kind="stable").reset_index(drop=True)
    return out
