"""``clsp report CASE -o FILE.html``: a self-contained HTML report of a partnership.

``CASE`` is a case file or the name of a shipped case study. An invalid case file, or an
output path the output-path policy refuses (:func:`clsp_research.fileio.check_output`: an
existing file without ``--force``, a missing folder without ``--mkdir``, a folder, link,
FIFO or device), exits with status 1 and one message on stderr; usage errors, among them an
unknown ``--framework``, exit with 2. Nothing is written unless the whole page could be made.
"""

from __future__ import annotations

import argparse
import sys

NAME = "report"
HELP = "write a self-contained HTML report (map, stage profile, factors, flags, recommendations, references)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ._args import MAX_SEED, add_output_flags, whole_number
    from .assess import continuum_id

    parser.add_argument("case", help="case file (YAML) or shipped case study name")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.html", help="HTML file to write")
    parser.add_argument("--framework", default="continuum", metavar="ID", type=continuum_id,
                        help="continuum to place the case on (default: continuum)")
    parser.add_argument("--seed", type=whole_number(0, MAX_SEED), default=0, help="seed of the map layout (default: 0)")
    add_output_flags(parser)


def run(args: argparse.Namespace) -> int:
    from ..assess import assess
    from ..fileio import check_output
    from ..partnership.casefile import load_case
    from ..partnership.datasets import resolve_case
    from ..report import write_report

    check_output(args.output, force=args.force, mkdir=args.mkdir)
    p = load_case(resolve_case(args.case))
    a = assess(p, framework=args.framework)
    write_report(p, args.output, a, seed=args.seed)
    sys.stdout.write(f"wrote {args.output}\n")
    return 0
