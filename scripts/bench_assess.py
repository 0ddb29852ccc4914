"""Benchmark of the assessment: case studies, synthetic partnerships and a national portfolio.

For each graph it prints the time of one full assessment (structural measures,
stage profile, factors, flags, recommendations) next to the time networkx alone
takes for exact betweenness centrality on the same graph, the most expensive
classical measure. Times are medians of several runs on a fresh copy of the
partnership (so no cached measure is reused). Above 1,000 members the assessment
estimates betweenness from 500 sampled sources (``measures.betweenness``); the
networkx column is always exact (and left out above 5,000 members). The igraph column
is igraph's betweenness from the same sources the assessment uses (every member up to
1,000 members, the same 500 sampled ones above: the same work), run interleaved with
the assessment, and ``ratio`` is assessment / igraph (``-`` where igraph cannot be
imported). The portfolio row gives totals over its 250 partnerships. Then the robustness of a 60-member
partnership (leave-one-tie-out and 200 bootstrap resamples, flags re-read on the ties they
depend on) and the tie levels of every pair (``pair_levels``) at 60 and 5,000 members, each
the median of several runs.

    .venv/bin/python scripts/bench_assess.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import time

import networkx as nx
from bench_measures import igraph_betweenness, interleaved  # scripts/ is on the path when run as a script

from clsp_research.assess import assess, load_rubric
from clsp_research.assess.robustness import robustness
from clsp_research.assess.ties import pair_levels
from clsp_research.partnership.datasets import case_studies, load_case_study
from clsp_research.partnership.measures import EXACT_BETWEENNESS_MAX_NODES
from clsp_research.partnership.synthetic import synthetic_partnership, synthetic_portfolio


def _median_time(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def _row(label: str, p, runs: int, betweenness: bool = True) -> None:
    """Assessment and igraph's betweenness on the same sources, interleaved; networkx's exact betweenness."""
    sampled = len(p) > EXACT_BETWEENNESS_MAX_NODES
    ig = igraph_betweenness(p, 500 if sampled else None)
    jobs = {"assess": (assess, p.copy), "igraph": (ig or (lambda: None), None)}
    t = interleaved(jobs, runs)
    t_ig = t["igraph"] if ig else float("nan")
    g = p.simple_graph()
    t_btw = _median_time(lambda: nx.betweenness_centrality(g), max(1, runs // 2)) if betweenness else float("nan")
    ratio = f"{t['assess'] / t_ig:.2f}x" if ig else "-"
    print(f"{label:34s} {len(p):6d} {p.n_ties:7d} {t['assess'] * 1000:11.1f} {t_ig * 1000:12.1f} {ratio:>7s} "
          f"{t_btw * 1000:14.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 5,000- and 20,000-member graphs")
    args = parser.parse_args()
    print(f"{'partnership':34s} {'members':>6s} {'ties':>7s} {'assess ms':>11s} {'igraph ms':>12s} {'ratio':>7s} "
          f"{'nx exact btw ms':>14s}")
    for name in case_studies():
        _row(f"case: {name}", load_case_study(name), runs=20)
    for n, runs in ((50, 20), (60, 20), (500, 5), (5000, 5), (20000, 3)):
        if args.quick and n >= 5000:
            continue
        _row(f"synthetic n={n}", synthetic_partnership(n, seed=0), runs=runs, betweenness=n <= 5000)
    portfolio = synthetic_portfolio(250, seed=0)
    t0 = time.perf_counter()
    for p in portfolio:
        assess(p)
    total = time.perf_counter() - t0
    graphs = [p.simple_graph() for p in portfolio]
    t0 = time.perf_counter()
    for g in graphs:
        nx.betweenness_centrality(g)
    total_btw = time.perf_counter() - t0
    sizes = [len(p) for p in portfolio]
    print(f"{'national portfolio (250, total)':34s} {sum(sizes):6d} {sum(p.n_ties for p in portfolio):7d} "
          f"{total * 1000:11.1f} {'':>12s} {'':>7s} {total_btw * 1000:14.1f}")
    print()
    p60 = synthetic_partnership(60, seed=0)

    def robust() -> None:
        q = p60.copy()
        assess(q)  # the assessment itself is not timed here
        t0 = time.perf_counter()
        robustness(q)
        robust.times.append(time.perf_counter() - t0)

    robust.times = []  # type: ignore[attr-defined]
    for _ in range(7):
        robust()
    print(f"robustness, synthetic n=60 ({p60.n_ties} ties, 200 bootstrap resamples): "
          f"{statistics.median(robust.times) * 1000:.1f} ms (median of 7)")  # type: ignore[attr-defined]
    rub = load_rubric()
    for n, runs in ((60, 20), (5000, 5)):
        if args.quick and n == 5000:
            continue
        p = synthetic_partnership(n, seed=0)
        samples = []
        for _ in range(runs):
            q = p.copy()  # no cached result; the copy is not timed
            t0 = time.perf_counter()
            pair_levels(q, rub)
            samples.append(time.perf_counter() - t0)
        print(f"pair_levels, synthetic n={n} ({p.n_ties} ties): {statistics.median(samples) * 1000:.1f} ms "
              f"(median of {runs})")


if __name__ == "__main__":
    main()
