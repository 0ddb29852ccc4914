"""``clsp import MEMBERS.csv [TIES.csv] -o CASE.yaml``, or ``clsp import NETWORK -o CASE.yaml``: a case file.

The reverse of ``clsp export``: a researcher who keeps members and ties in a spreadsheet writes
them out as CSV (the partnership's own fields in ``partnership.csv`` beside them, as ``clsp export
--to csv`` writes it) and gets a validated case file, which every other command reads. A network
from Gephi (GEXF), yEd or igraph (GraphML), Pajek (``.net``) or UCINET (DL) is read too, with a
report of the attributes mapped onto the vocabulary, the values guessed and what was dropped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._output import print_json

NAME = "import"
HELP = "make a case file (YAML) from CSV tables, GraphML, GEXF, Pajek or UCINET DL"
DESCRIPTION = (
    "Read a members table (id,name,groups[,sector,categories,...]) and, optionally, a ties table "
    "(source,target,kind[,formal,since,amount,categories]) and write them as a YAML case file; a "
    "partnership.csv beside the members table (field,value rows) gives the partnership's own fields. "
    "Or read one network file: .graphml, .gexf, .net (Pajek) or .dl (UCINET), and say which attributes "
    "were mapped, guessed or dropped. List values are separated by ';'. Values are read in any case "
    "(Referral, Provider). Errors name the file, the line and the column. An existing case file is kept "
    "unless --force is given. Cells a spreadsheet would run as formulas (=, +, -, @) are read as text, "
    "with a warning; the case file written is checked as 'clsp validate' would."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ._args import add_output_flags

    parser.add_argument("members", metavar="MEMBERS.csv|NETWORK", help="members table, or a .graphml, .gexf, "
                        ".net or .dl network file")
    parser.add_argument("ties", metavar="TIES.csv", nargs="?", help="ties table (optional)")
    parser.add_argument("--partnership", metavar="PARTNERSHIP.csv", help="the partnership's own fields "
                        "(default: partnership.csv beside the members table, if there is one)")
    parser.add_argument("--format", choices=("csv", "graphml", "gexf", "pajek", "ucinet"),
                        help="the input's format (default: from its suffix)")
    parser.add_argument("--default-group", metavar="GROUP", help="stakeholder group for nodes of a network "
                        "file that have none (reported as guessed)")
    parser.add_argument("--default-kind", metavar="KIND", help="tie kind for edges of a network file that "
                        "have none (reported as guessed)")
    parser.add_argument("-o", "--output", metavar="CASE.yaml", required=True, help="case file to write")
    parser.add_argument("--name", help="the partnership's name (default: from partnership.csv or the network "
                        "file, else from the members file's name)")
    add_output_flags(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object describing what was written")


def run(args: argparse.Namespace) -> int:
    from ..errors import CLSPInputError
    from ..fileio import atomic_write, check_output
    from ..partnership.casefile import CASE_SUFFIXES, dumps_case, loads_case
    from ..partnership.formats import FormulaCellWarning

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
        p, report = _read(args)
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
        print_json({"case": str(out), "partnership": p.name, "members": len(p), "ties": p.n_ties,
                    "report": report})
        return 0
    for what in ("mapped", "guessed", "dropped"):
        for line in report[what]:
            sys.stdout.write(f"{what}: {line}\n")
    sys.stdout.write(f"wrote {out} ({p.name}: {len(p)} members, {p.n_ties} ties); "
                     f"check it with: clsp validate {out}\n")
    return 0


def _read(args: argparse.Namespace) -> tuple[object, dict[str, list[str]]]:
    """The partnership and what reading it did (mapped, guessed, dropped)."""
    from ..errors import CLSPInputError
    from ..partnership.formats import load_csv, partnership_csv_for
    from ..partnership.importers import network_format, read_network
    from ..partnership.spelling import collecting

    fmt = args.format or network_format(args.members) or "csv"
    if fmt != "csv":
        if args.ties or args.partnership:
            raise CLSPInputError(f"a {fmt} file holds the whole network; give it alone, without a ties or "
                                 "partnership table", file=args.members)
        p, rep = read_network(args.members, format=fmt, name=args.name, default_group=args.default_group,
                              default_kind=args.default_kind)
        return p, rep.to_dict()
    report: dict[str, list[str]] = {"mapped": [], "guessed": [], "dropped": []}
    info_file = args.partnership or partnership_csv_for(args.members)
    with collecting() as spelled:
        p = load_csv(args.members, args.ties, name=args.name, partnership_csv=info_file or False)
    if info_file:
        report["mapped"].append(f"the partnership's own fields from {info_file}")
    report["mapped"] += [f"values: {n}" for n in dict.fromkeys(
        f"{x.what} {x.given!r} read as {x.value!r}" for x in spelled)]
    return p, report
