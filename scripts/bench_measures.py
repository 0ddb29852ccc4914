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
  sampled sources) and with ``exact=True``;
- ``networkx.betweenness_centrality`` exact, and with ``k=500, seed=0`` above 1,000 members.

    .venv/bin/python scripts/bench_measures.py [--sizes 50 500 5000] [--repeat 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

import networkx as nx

from clsp_research.partnership import measures
from clsp_research.partnership.model import SECTORS, STAKEHOLDER_GROUPS, TIE_KINDS, Member, Partnership, Tie


def random_partnership(n: int, seed: int) -> Partnership:
    """An illustrative random partnership of ``n`` members (preferential attachment)."""
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
            targets = {rng.choice(ends) if rng.random() < 0.7 else t for t in targets} - {me}
        for t in targets:
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
    samples = []
    for _ in range(repeat):
        args = (setup(),) if setup else ()
        t0 = time.perf_counter()
        fn(*args)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def fmt(seconds: float) -> str:
    if seconds != seconds:  # NaN: not measured
        return "-"
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def bench_one(n: int, seed: int, repeat: int) -> str:
    """One table row for a random partnership of ``n`` members."""
    p = random_partnership(n, seed)
    g = p.simple_graph()
    few = 1 if n > measures.EXACT_BETWEENNESS_MAX_NODES else repeat  # slow exact runs: once
    t_sum = median_time(measures.summarize, repeat, setup=p.copy)
    measures.summarize(p)
    t_cached = median_time(lambda: measures.summarize(p), repeat)
    t_bdef = median_time(measures.betweenness, repeat, setup=p.copy)
    t_bex = median_time(lambda q: measures.betweenness(q, exact=True), few, setup=p.copy)
    t_nx = median_time(lambda: nx.betweenness_centrality(g), few)
    t_nxk = float("nan")
    if n > measures.EXACT_BETWEENNESS_MAX_NODES:
        t_nxk = median_time(lambda: nx.betweenness_centrality(g, k=500, seed=0), few)
    cells = [t_sum, t_cached, t_bdef, t_bex, t_nx, t_nxk]
    return f"{n:>8} {p.n_ties:>6} {g.number_of_edges():>6} | " + " ".join(f"{fmt(c):>12}" for c in cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    heads = ["summarize", "cached", "betw default", "betw exact", "nx exact", "nx k=500"]
    print(f"{'members':>8} {'ties':>6} {'pairs':>6} | " + " ".join(f"{h:>12}" for h in heads))
    for n in args.sizes:
        print(bench_one(n, args.seed, args.repeat), flush=True)


if __name__ == "__main__":
    main()
