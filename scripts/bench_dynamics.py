"""Time the dynamics simulation and a sweep (the issue's target: 1,000 runs x 40 periods on a
60-member partnership in a few seconds on two cores).

The partnerships are illustrative synthetic networks (``clsp_research.partnership.synthetic``), not data
about any real CLSP: one with about four ties per member (typical of the case studies) and a
dense one with about twenty (a far larger number of relationships to follow).

For each, the script prints the median wall time of ``simulate`` (1 and 2 worker processes;
the results are identical) and of a 3 x 3 sweep run serially, on local processes and through
an embedded Dask ``LocalCluster``.

    .venv/bin/python scripts/bench_dynamics.py [--members 60] [--runs 1000] [--periods 40] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from clsp_research import dynamics
from clsp_research.partnership.synthetic import synthetic_partnership


def timed(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--members", type=int, default=60)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--periods", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask sweep")
    args = ap.parse_args()

    for degree in (4.0, 20.0):
        p = synthetic_partnership(args.members, seed=args.seed, mean_degree=degree)
        s = dynamics.compile_structure(p)
        print(f"\n{args.members} members, {s.n_pairs} relationships (mean degree {degree:g})")
        for workers in (1, 2):
            t = timed(lambda s=s, w=workers: dynamics.simulate(s, periods=args.periods, runs=args.runs, seed=0,
                                                               workers=w), args.repeat)
            print(f"  simulate {args.runs} runs x {args.periods} periods, {workers} worker(s): {t:6.2f} s")
        a = dynamics.simulate(s, periods=args.periods, runs=args.runs, seed=0, workers=1)
        b = dynamics.simulate(s, periods=args.periods, runs=args.runs, seed=0, workers=2)
        print(f"  identical with 1 and 2 workers: {a.equals(b)}")

    p = synthetic_partnership(args.members, seed=args.seed)
    grid = {"funding": [0.0, 0.1, 0.2], "initial_trust": [0.2, 0.4, 0.6]}
    runs = max(1, args.runs // 5)
    print(f"\nsweep of 9 points x {runs} runs x {args.periods} periods")
    backends = [("serial", {}), ("local", {"workers": 2})]
    if not args.no_dask:
        backends.append(("dask", {"workers": 2}))
    results = {}
    for backend, kw in backends:
        t0 = time.perf_counter()
        results[backend] = dynamics.sweep(p, grid, periods=args.periods, runs=runs, seed=0, backend=backend,
                                          progress=False, **kw)
        print(f"  {backend:<7} {time.perf_counter() - t0:6.2f} s (including start-up of the workers)")
    first = next(iter(results.values()))
    print(f"  identical across backends: {all(r.equals(first) for r in results.values())}")


if __name__ == "__main__":
    main()
