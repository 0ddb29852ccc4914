"""Import cost of the package next to the cost of networkx + pandas alone.

``import clsp_research`` itself loads neither (networkx comes with the model's classes, pandas
with the first table), so the rows after it show what a first use costs.

Each measurement is a fresh interpreter (cold import, the way a notebook kernel or
the ``clsp`` command starts); the median of several runs is printed.

    .venv/bin/python scripts/bench_import.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

SNIPPETS = {
    "python (no imports)": "pass",
    "networkx + pandas": "import networkx, pandas",
    "clsp_research": "import clsp_research",
    "clsp_research + Partnership": "import clsp_research as c; c.Partnership",
    "clsp_research + catalogue()": "import clsp_research as c; c.catalogue()",
    "clsp_research + cite()": "import clsp_research as c; c.cite('griffith2002')",
}


def time_once(code: str) -> float:
    """Seconds one fresh interpreter takes to run ``code`` (the interpreter's own start excluded)."""
    timer = (
        f"import time; t0 = time.perf_counter(); exec(compile({code!r}, '<b>', 'exec')); "
        "print(time.perf_counter() - t0)"
    )
    out = subprocess.run([sys.executable, "-c", timer], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    # Interleave the snippets run by run, so that a change in machine load hits all alike.
    samples: dict[str, list[float]] = {label: [] for label in SNIPPETS}
    for _ in range(args.runs):
        for label, code in SNIPPETS.items():
            samples[label].append(time_once(code))
    base = statistics.median(samples["networkx + pandas"])
    print(f"{'what':34s} {'median s':>9s} {'vs nx+pd':>9s}")
    for label, times in samples.items():
        t = statistics.median(times)
        ratio = f"{t / base:8.2f}x" if label != "python (no imports)" else ""
        print(f"{label:34s} {t:9.3f} {ratio:>9s}")


if __name__ == "__main__":
    main()
