"""Time ``measures.summarize`` on random partnerships next to networkx's betweenness.

The partnerships are illustrative random networks (not data about any real CLSP),
built with ``clsp_research.partnership.model`` from a seed: each new member ties to two or three
existing members chosen in proportion to their ties (so hubs emerge, as around a
local authority or an LSC office), a fifth of the ties get a second kind, and ties
from funders are funding with an amount.

For each size the script prints the median wall time of

- ``summarize(p)`` on a fresh copy (nothing cached: includes building the simple graph);
- ``summarize(p)`` again (memoised);
- ``measures.betweenness(p)`` with its defaults (exact up to 1,000 members, else 500
  sampled sources; igraph's kernel from about 450 members exact, numpy's below) and with
  ``exact=True``;
- igraph's betweenness from the *same* sources (every member up to 1,000 members, else the
  500 sampled ones: the same work), and the ratio of the default betweenness to it (the
  column shows ``-`` where igraph cannot be imported);
- the project's numpy kernel alone on the same sources (what ``measures.betweenness`` falls
  back on without igraph, and uses for small work), and its ratio to igraph;
- ``networkx.betweenness_centrality`` exact (up to 5,000 members), and with ``k=500, seed=0``
  above 1,000 members.

The summarize, default-betweenness, igraph and numpy columns are medians of interleaved runs: each
repeat runs them in turn, so that a shared machine's load weighs on all three alike.

    .venv/bin/python scripts/bench_measures.py [--sizes 50 500 5000 20000] [--repeat 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

import networkx as nx
import numpy as np

from clsp_research.partnership import measures
from clsp_research.partnership.model import SECTORS, STAKEHOLDER_GROUPS, TIE_KINDS, Member, Partnership, Tie


def random_partnership(n: int, seed: int) -> Partnership:
    """An illustrative random partnership of ``n`` members (preferential attachment); the same for a seed."""
    rng = random.Random(seed)
    p = Partnership(f"Illustrative random partnership ({n} members, seed {seed})")
    weights = (0.15, 0.45, 0.2, 0.1, 0.1)  # funder, provider, community, network, other_sector
    for i in range(n):
        groups = {rng.choices(STAKEHOLDER_GROUPS, weights)[0]}
        if rng.random() < 0.1:
            groups.add(rng.choice(STAKEHOLDER_GROUPS))
        p.add_member(Member(f"m{i}", f"Member {i}", groups=tuple(sorted(groups)),
                            sector=rng.choice((*SECTORS, None))))
    ends: list[str] = []  # each member once per tie: sampling from it is preferential
    kinds = [k for k in TIE_KINDS if k != "funding"]
    for i in range(1, n):
        me = f"m{i}"
        targets = {f"m{j}" for j in rng.sample(range(i), min(i, rng.choice((2, 3))))}
        if ends:
            targets = {rng.choice(ends) if rng.random() < 0.7 else t for t in sorted(targets)} - {me}
        for t in sorted(targets):  # sorted: a set's order changes with the string hash seed
            src, dst = (t, me) if rng.random() < 0.5 else (me, t)
            if "funder" in p.member(src).groups and rng.random() < 0.5:
                p.add_tie(Tie(src, dst, "funding", amount=rng.choice((None, rng.randint(5, 200) * 1000))))
            else:
                p.add_tie(Tie(src, dst, rng.choice(kinds)))
            if rng.random() < 0.2:
                p.add_tie(Tie(dst, src, rng.choice(kinds)))
            ends += [src, dst]
    return p


def median_time(fn: Callable[..., object], repeat: int, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of ``fn()``, or of ``fn(setup())`` with the setup left out of the timing."""
    return interleaved({"t": (fn, setup)}, repeat)["t"]


def interleaved(jobs: dict[str, tuple[Callable[..., object], Callable[[], object] | None]],
                repeat: int) -> dict[str, float]:
    """Median wall time of each job, the jobs run in turn within each repeat (a shared machine's
    load then weighs on all of them alike); a job is ``(fn, setup)``, ``setup`` untimed or ``None``."""
    samples: dict[str, list[float]] = {k: [] for k in jobs}
    for _ in range(repeat):
        for name, (fn, setup) in jobs.items():
            args = (setup(),) if setup else ()
            t0 = time.perf_counter()
            fn(*args)
            samples[name].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in samples.items()}


def igraph_betweenness(p: Partnership, k: int | None, seed: int = 0) -> Callable[[], object] | None:
    """igraph's betweenness of ``p``'s simple graph from the sources ``measures.betweenness`` uses
    (all members when ``k`` is None, else the ``k`` sampled with ``seed``); None without igraph."""
    try:
        import igraph
    except ImportError:
        return None
    from clsp_research.partnership.arrays import tie_arrays

    a = tie_arrays(p)
    g = igraph.Graph(n=a.n, edges=list(zip(a.pair_u.tolist(), a.pair_v.tolist(), strict=True)))
    sources = same_sources(p, k, seed)
    if sources is None:
        return lambda: g.betweenness()
    return lambda: g.betweenness(sources=sources.tolist())


def same_sources(p: Partnership, k: int | None, seed: int = 0) -> np.ndarray | None:
    """The sources ``measures.betweenness`` uses: None for every member (``k`` None or at least the members),
    else the positions of the ``k`` members it samples with ``seed``."""
    from clsp_research.partnership.arrays import tie_arrays

    a = tie_arrays(p)
    if k is None or k >= a.n:
        return None
    return np.array([a.index[u] for u in random.Random(seed).sample(list(a.ids), k)])


def numpy_betweenness(p: Partnership, k: int | None, seed: int = 0) -> Callable[[], object]:
    """The numpy kernel alone on the sources of :func:`igraph_betweenness` (tie arrays built beforehand)."""
    from clsp_research.partnership.arrays import tie_arrays
    from clsp_research.partnership.measures.centrality import _brandes

    a = tie_arrays(p)
    sources = same_sources(p, k, seed)
    sources = np.arange(a.n) if sources is None else sources
    return lambda: _brandes(a.indptr, a.indices, sources)


def fmt(seconds: float) -> str:
    if seconds != seconds:  # NaN: not measured
        return "-"
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def bench_one(n: int, seed: int, repeat: int, networkx_exact: bool = True) -> str:
    """One table row for a random partnership of ``n`` members."""
    p = random_partnership(n, seed)
    g = p.simple_graph()
    sampled = n > measures.EXACT_BETWEENNESS_MAX_NODES
    few = 1 if sampled else repeat  # slow exact runs: once
    ig_same = igraph_betweenness(p, 500 if sampled else None)
    jobs = {
        "sum": (measures.summarize, p.copy),
        "bdef": (measures.betweenness, p.copy),
        "ig": ((ig_same, None) if ig_same else (lambda: None, None)),
        "np": (numpy_betweenness(p, 500 if sampled else None), None),
    }
    t = interleaved(jobs, repeat)
    if not ig_same:
        t["ig"] = float("nan")
    measures.summarize(p)
    t_cached = median_time(lambda: measures.summarize(p), repeat)
    t_bex = median_time(lambda q: measures.betweenness(q, exact=True), few, setup=p.copy)
    t_nx = median_time(lambda: nx.betweenness_centrality(g), few) if networkx_exact else float("nan")
    t_nxk = float("nan")
    if sampled:
        t_nxk = median_time(lambda: nx.betweenness_centrality(g, k=500, seed=0), few)
    cells = [t["sum"], t_cached, t["bdef"], t["ig"], t["bdef"] / t["ig"], t["np"], t["np"] / t["ig"], t_bex, t_nx,
             t_nxk]
    text = [fmt(c) for c in cells]
    for i in (4, 6):
        text[i] = "-" if cells[i] != cells[i] else f"{cells[i]:.2f}x"
    return f"{n:>8} {p.n_ties:>6} {g.number_of_edges():>6} | " + " ".join(f"{c:>12}" for c in text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    heads = ["summarize", "cached", "betw default", "igraph same", "ratio", "numpy same", "np/igraph", "betw exact",
             "nx exact", "nx k=500"]
    print(f"{'members':>8} {'ties':>6} {'pairs':>6} | " + " ".join(f"{h:>12}" for h in heads))
    for n in args.sizes:
        print(bench_one(n, args.seed, args.repeat, networkx_exact=n <= 5000), flush=True)


if __name__ == "__main__":
    main()
