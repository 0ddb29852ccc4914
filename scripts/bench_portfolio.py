"""Time assessing a portfolio of case files into one table (``clsp assess FOLDER``), in one process.

The portfolio is illustrative: copies of the six shipped case studies (also illustrative) and
seeded synthetic partnerships of 8 to 40 members (``clsp_research.partnership.synthetic``),
written as case files into a temporary folder; 250 files by default. The script prints the
median wall time over ``--repeat`` runs of

- ``assess_portfolio(folder)`` (read every file, assess it, build the one table), the catalogue
  and rubric already loaded (the first run, which loads them, is reported separately);
- the CPU time of that run (under a shared machine's load the wall time is longer);
- the same and writing the table as CSV through ``clsp assess FOLDER -o portfolio.csv``
  (``cli.main`` in this process).

    .venv/bin/python scripts/bench_portfolio.py [--cases 250] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from clsp_research.assess.portfolio import assess_portfolio
from clsp_research.cli import main
from clsp_research.partnership.datasets import case_studies, case_study_path
from clsp_research.partnership.synthetic import synthetic_partnership


def make_portfolio(folder: Path, n: int) -> None:
    shipped = [case_study_path(c) for c in case_studies()]
    for i in range(n):
        if i % 2 == 0:
            shutil.copy(shipped[(i // 2) % len(shipped)], folder / f"case_{i:03d}.yaml")
        else:
            # (through JSON: synthetic partnerships hold numpy strings, which the YAML writer refuses)
            data = json.loads(json.dumps(synthetic_partnership(8 + i % 33, seed=i).to_dict(), default=str))
            (folder / f"case_{i:03d}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def main_() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=250)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cases"
        folder.mkdir()
        make_portfolio(folder, args.cases)
        t = time.perf_counter()
        df = assess_portfolio(folder, progress=False)
        first = time.perf_counter() - t
        times, cpu, cli = [], [], []
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            df = assess_portfolio(folder, progress=False)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            t = time.perf_counter()
            with contextlib.redirect_stderr(io.StringIO()):
                assert main(["assess", str(folder), "-o", str(Path(tmp) / "portfolio.csv"), "--force"]) == 0
            cli.append(time.perf_counter() - t)
        print(f"{args.cases} case files, {len(df)} rows; load average {os.getloadavg()[0]:.1f}")
        print(f"  first run (loads the catalogue and rubric): {first:.2f} s")
        print(f"  assess_portfolio, median of {args.repeat}: {statistics.median(times):.2f} s "
              f"({1000 * statistics.median(times) / args.cases:.1f} ms a case); CPU time of this process "
              f"{statistics.median(cpu):.2f} s (what the wall time would be on an idle core)")
        print(f"  clsp assess FOLDER -o portfolio.csv, median of {args.repeat}: {statistics.median(cli):.2f} s")


if __name__ == "__main__":
    main_()
