"""How fast the command line starts: ``clsp assess CASE --json`` as a process, next to importing networkx and pandas.

Each repeat runs, in turn, a fresh ``python -c "import networkx, pandas"`` and a fresh
``clsp assess CASE --json`` (through ``python -c`` with this interpreter, so no launcher
script is timed), and prints the medians and the median of the per-repeat ratios:
interleaved, so a shared machine's load weighs on both alike. The target is a ratio of
at most 1.3 (the command line should start about as fast as its two big libraries import).

    .venv/bin/python scripts/bench_cli.py [--case talking_shop] [--repeat 9]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def run_time(code: str, *args: str) -> float:
    """Wall time of one fresh interpreter running ``code`` (output discarded; a failure raises)."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", default="talking_shop", help="case file or shipped case study")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    cli = "import sys; from clsp_research.cli import main; sys.exit(main())"  # as the clsp command calls it
    base, clsp = [], []
    for _ in range(args.repeat):
        base.append(run_time("import networkx, pandas"))
        clsp.append(run_time(cli, "assess", args.case, "--json"))
    ratios = [c / b for c, b in zip(clsp, base, strict=True)]
    print(f"import networkx, pandas     median {statistics.median(base) * 1000:7.0f} ms")
    print(f"clsp assess {args.case} --json median {statistics.median(clsp) * 1000:7.0f} ms")
    print(f"ratio (median of {args.repeat} interleaved pairs): {statistics.median(ratios):.2f} (target at most 1.30)")


if __name__ == "__main__":
    main()
