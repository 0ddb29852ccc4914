"""``clsp export CASE --to graphml|gexf|csv -o PATH``: write a partnership for Gephi, yEd, R or a spreadsheet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._output import print_json

NAME = "export"
HELP = "export a case to GraphML, GEXF (Gephi) or CSV tables"
DESCRIPTION = (
    "Write the members and ties of a case file as GraphML, GEXF (Gephi) or two CSV tables "
    "(members.csv and ties.csv, which 'load_csv' reads back). The format is taken from --to, or "
    "from the suffix of -o. For csv, -o is a folder (out/ gives out/members.csv), a prefix ending "
    "in _ or - (out/anytown_ gives out/anytown_members.csv) or a .csv name. Existing files are "
    "kept unless --force is given."
)

_SUFFIX = {"graphml": ".graphml", "gexf": ".gexf", "csv": "_"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..partnership.formats import EXPORT_FORMATS
    from ._args import add_output_flags

    parser.add_argument("case", metavar="CASE", help="case file (YAML) or shipped case study name")
    parser.add_argument("--to", choices=EXPORT_FORMATS, help="output format (default: from the suffix of -o)")
    parser.add_argument(
        "-o", "--output", metavar="PATH", help="file (or, for csv, folder or prefix) to write; "
        "default: the case's name with the format's suffix, in the current folder"
    )
    add_output_flags(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object describing what was written")
    parser.set_defaults(_export_parser=parser)


def _format(args: argparse.Namespace) -> str:
    if args.to:
        return args.to
    suffix = Path(args.output or "").suffix.lower()
    for fmt in ("graphml", "gexf", "csv"):
        if suffix == f".{fmt}":
            return fmt
    args._export_parser.error("say which format to write with --to graphml|gexf|csv")
    raise AssertionError  # pragma: no cover - error() exits


def run(args: argparse.Namespace) -> int:
    from ..errors import CLSPInputError
    from ..fileio import check_output
    from ..partnership.casefile import load_case
    from ..partnership.datasets import resolve_case
    from ..partnership.formats import export, export_paths

    fmt = _format(args)
    case = resolve_case(args.case)
    output = f"{case.stem}{_SUFFIX[fmt]}" if args.output is None else args.output
    if not output.strip():
        check_output(output)  # an empty -o: the policy's one message
    targets = export_paths(fmt, output)
    for t in targets:
        if t.exists() and t.resolve() == case.resolve():
            raise CLSPInputError("refusing to write over the case file being exported", file=str(t))
        named = t.parent if fmt == "csv" and t.name in ("members.csv", "ties.csv", "partnership.csv") else None
        # csv into a folder the user named: that folder may be new (not its parents, without --mkdir)
        check_output(t, force=args.force, mkdir=args.mkdir or (named is not None and named.parent.is_dir()))
    p = load_case(case)
    written = export(p, fmt, output)
    if args.json:
        print_json({
            "case": str(args.case),
            "format": fmt,
            "members": len(p),
            "ties": p.n_ties,
            "files": [str(w) for w in written],
        })
        return 0
    for w in written:
        sys.stdout.write(f"wrote {w} ({fmt}: {len(p)} members, {p.n_ties} ties)\n")
    return 0
