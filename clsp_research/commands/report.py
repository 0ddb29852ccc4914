"""``clsp report CASE -o FILE.html``: a self-contained HTML report of a partnership.

``CASE`` is a case file or the name of a shipped case study. An invalid case file, or an
output path that is a folder, exits with status 1 and one message on stderr; usage errors,
among them an unknown ``--framework``, exit with 2. Nothing is written unless the whole
page could be made.
"""

from __future__ import annotations

import argparse
import sys

NAME = "report"
HELP = "write a self-contained HTML report (map, stage profile, factors, flags, recommendations, references)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .assess import continuum_id

    parser.add_argument("case", help="case file (YAML) or shipped case study name")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.html", help="HTML file to write")
    parser.add_argument("--framework", default="continuum", metavar="ID", type=continuum_id,
                        help="continuum to place the case on (default: continuum)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the map layout (default: 0)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..assess import assess
    from ..errors import CLSPInputError
    from ..partnership.casefile import load_case
    from ..partnership.datasets import resolve_case
    from ..report import write_report

    if Path(args.output).is_dir():
        raise CLSPInputError("is a folder; expected the name of the HTML file to write", file=args.output)
    p = load_case(resolve_case(args.case))
    a = assess(p, framework=args.framework)
    path = write_report(p, args.output, a, seed=args.seed)
    sys.stdout.write(f"wrote {path}\n")
    return 0
