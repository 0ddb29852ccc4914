"""``clsp import MEMBERS.csv [TIES.csv] -o CASE.yaml``: a case file from two CSV tables.

The reverse of ``clsp export CASE --to csv``: a researcher who keeps members and ties in a
spreadsheet writes them out as CSV and gets a validated case file, which every other command
reads. Partnership-level fields (mission, steering group, plan...) are then added to the YAML
by hand (``data/README.md`` documents them).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._output import print_json

NAME = "import"
HELP = "make a case file (YAML) from a members CSV and a ties CSV"
DESCRIPTION = (
    "Read a members table (id,name,groups[,sector,categories,...]) and, optionally, a ties table "
    "(source,target,kind[,formal,since,amount,categories]) and write them as a YAML case file. List "
    "values are separated by ';'. Errors name the file, the CSV line and the column. An existing "
    "case file is kept unless --force is given. Cells a spreadsheet would run as formulas (=, +, -, @) "
    "are read as text, with a warning; the case file written is checked as 'clsp validate' would."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ._args import add_output_flags

    parser.add_argument("members", metavar="MEMBERS.csv", help="members table")
    parser.add_argument("ties", metavar="TIES.csv", nargs="?", help="ties table (optional)")
    parser.add_argument("-o", "--output", metavar="CASE.yaml", required=True, help="case file to write")
    parser.add_argument("--name", help="the partnership's name (default: from the members file's name)")
    add_output_flags(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object describing what was written")


def run(args: argparse.Namespace) -> int:
    from ..errors import CLSPInputError
    from ..fileio import atomic_write, check_output
    from ..partnership.casefile import CASE_SUFFIXES, dumps_case, loads_case
    from ..partnership.formats import FormulaCellWarning, load_csv

    out = Path(args.output)
    if not args.output.strip():
        check_output(args.output)  # an empty -o: the policy's one message
    if out.suffix.lower() not in CASE_SUFFIXES:
        raise CLSPInputError(f"expected a case file name ending in {' or '.join(CASE_SUFFIXES)}", file=args.output,
                             field="-o")
    check_output(args.output, force=args.force, mkdir=args.mkdir)
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FormulaCellWarning)
        p = load_csv(args.members, args.ties, name=args.name)
    for w in caught:
        if issubclass(w.category, FormulaCellWarning):
            sys.stderr.write(f"clsp import: warning: {w.message}\n")
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    text = dumps_case(p)
    try:  # what is written must be a case file every other command reads
        loads_case(text, source=args.output)
    except CLSPInputError as exc:
        raise CLSPInputError(f"the tables give a case file that would not be valid: {exc.message}",
                             file=args.members, field=exc.field) from None
    with atomic_write(out) as fh:
        fh.write(text)
    if args.json:
        print_json({"case": str(out), "partnership": p.name, "members": len(p), "ties": p.n_ties})
        return 0
    sys.stdout.write(f"wrote {out} ({p.name}: {len(p)} members, {p.n_ties} ties); "
                     f"check it with: clsp validate {out}\n")
    return 0
