"""Large inputs end to end: ``clsp report`` at 500, 2,000 and 10,000 members; 1,000,000 survey and seat rows.

Each row is a fresh ``clsp`` process (the way a user runs it), timed and with its peak memory
(the children's maximum resident size); the median of ``--runs`` runs is printed. The inputs
are synthetic and illustrative (seeded), written to a temporary folder that is removed at the
end; ``--keep DIR`` writes them to DIR instead (a new or empty folder, the same output-path
policy as every command: existing files are replaced only with ``--force``).

    .venv/bin/python scripts/bench_large.py [--runs 3] [--rows 1000000] [--keep DIR] [--force]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from clsp_research.fileio import atomic_write, check_output


def _case(folder: Path, n: int, force: bool) -> Path:
    from clsp_research.partnership.casefile import dumps_case
    from clsp_research.partnership.synthetic import synthetic_partnership

    path = check_output(folder / f"synthetic_{n}.yaml", force=force)
    with atomic_write(path) as fh:
        fh.write(dumps_case(synthetic_partnership(n, seed=1)))
    return path


def _survey(folder: Path, rows: int, force: bool) -> Path:
    import numpy as np

    from clsp_research.workshop.survey import factor_ids

    factors = factor_ids()
    groups = ["funder", "provider", "community", "network", "other_sector"]
    ratings = np.random.default_rng(1).integers(1, 6, rows)
    path = check_output(folder / "survey.csv", force=force)
    with atomic_write(path) as fh:
        fh.write("respondent,member,factor,rating,group\n")
        for k in range(rows):
            r = k // len(factors)
            fh.write(f"P{r},m{r % 500},{factors[k % len(factors)]},{ratings[k]},{groups[r % 5]}\n")
    return path


def _seats(folder: Path, rows: int, force: bool) -> Path:
    path = check_output(folder / "seats.csv", force=force)
    with atomic_write(path) as fh:
        fh.write("person,body\n")
        for i in range(rows):
            fh.write(f"person{i // 3},body{(i * 7919) % 2000}\n")
    return path


def _measure(argv: list[str]) -> tuple[float, float]:
    """Seconds and peak MB of one ``clsp`` process (run under a small parent that reports its child's peak)."""
    parent = (
        "import resource, subprocess, sys, time; t0 = time.perf_counter(); "
        "subprocess.run([sys.executable, '-m', 'clsp_research.cli', *sys.argv[1:]], check=True, "
        "stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", parent, *argv], check=True, capture_output=True, text=True)
    seconds, kb = out.stdout.split()
    return float(seconds), int(kb) / 1024  # ru_maxrss is in KB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", metavar="DIR", help="write the inputs here and keep them")
    parser.add_argument("--force", action="store_true", help="replace inputs already in --keep")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        if args.keep:
            folder.mkdir(exist_ok=True)
        out = folder / "report.html"
        jobs = [(f"report, {n:,} members", ["report", str(_case(folder, n, args.force)), "-o", str(out), "--force"])
                for n in (500, 2000, 10_000)]
        jobs.append((f"survey summarize, {args.rows:,} rows",
                     ["survey", "summarize", str(_survey(folder, args.rows, args.force)), "--json"]))
        jobs.append((f"interlocks, {args.rows:,} seats",
                     ["interlocks", str(_seats(folder, args.rows, args.force)), "--json"]))
        print(f"{'what':40s} {'median s':>9s} {'peak MB':>9s}")
        for label, argv in jobs:
            samples = [_measure(argv) for _ in range(args.runs)]
            print(f"{label:40s} {statistics.median(s for s, _ in samples):9.2f} "
                  f"{max(m for _, m in samples):9.0f}", flush=True)


if __name__ == "__main__":
    main()
