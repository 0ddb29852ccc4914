"""``clsp report CASE -o FILE.html``: a self-contained HTML report of a partnership."""

from __future__ import annotations

import argparse
import sys

NAME = "report"
HELP = "write a self-contained HTML report (map, stage profile, factors, flags, recommendations, references)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", help="case file (YAML)")
    parser.add_argument("-o", "--output", required=True, help="HTML file to write")
    parser.add_argument("--framework", default="continuum", help="continuum framework id (default: continuum)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the map layout (default: 0)")


def run(args: argparse.Namespace) -> int:
    from ..assess import assess
    from ..io import load_case
    from ..report import write_report

    p = load_case(args.case)
    a = assess(p, framework=args.framework)
    path = write_report(p, args.output, a, seed=args.seed)
    sys.stdout.write(f"wrote {path}\n")
    return 0
