"""``clsp assess CASE [--framework ID] [--json]``: the explained assessment of a case.

Without ``--json`` a readable summary: the placement and the stage profile as bars, the
success factors with their confidence, the risk flags, the recommendations and the works
cited. With ``--json`` one JSON object (``Assessment.to_dict()``) on stdout and nothing
else. ``CASE`` is a case file or the name of a shipped case study. An invalid case file exits
with status 1 and one message on stderr naming the file, line and field; usage errors,
among them an unknown ``--framework`` (the message lists the continua), exit with 2.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any

from ._output import print_json

NAME = "assess"
HELP = "place a case on a continuum, score its success factors, raise risk flags, recommend"
DESCRIPTION = (
    "Assess a partnership case file: its place on a collaboration continuum, the fourteen success "
    "factors with their evidence, risk flags and recommendations, each with its references."
)


def continuum_id(value: str) -> str:
    """Check a ``--framework`` value: the id of a continuum, else a usage error listing them.

    Examples
    --------
    >>> continuum_id("continuum_frey")
    'continuum_frey'
    >>> continuum_id("nope")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: unknown continuum 'nope'; continua are: continuum, ...
    """
    from ..assess import continua

    known = continua()
    if value not in known:
        raise argparse.ArgumentTypeError(f"unknown continuum {value!r}; continua are: {', '.join(known)}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", help="case file (YAML), shipped case study name, or a folder of case files "
                        "(assessed into one table: one row per stage, factor and flag of each case)")
    parser.add_argument("--framework", default="continuum", metavar="ID", type=continuum_id,
                        help="continuum to place the case on: continuum (default) or an alternative such as "
                             "continuum_frey, continuum_pratt, continuum_winer_cyr, continuum_alcapp, "
                             "continuum_himmelman")
    parser.add_argument("--json", action="store_true", help="print the assessment as one JSON object")
    parser.add_argument("--rubric", metavar="FOLDER", default=None,
                        help="folder of rubric files to use instead of the default rules")
    parser.add_argument("--explain", metavar="ITEM", default=None,
                        help="explain one item (a stage, factor, flag or measure id, or 'stage') instead")
    parser.add_argument("-o", "--output", metavar="TABLE", help="for a folder: the table to write (.csv, .jsonl or "
                        ".parquet); default: CSV on stdout")
    parser.add_argument("--force", action="store_true", help="for a folder: replace an existing table")
    parser.add_argument("--skip-invalid", action="store_true", help="for a folder: leave out case files that do "
                        "not load (listed on stderr; the exit status is then 1)")


def _wrap(text: str, indent: str = "    ", width: int = 100) -> str:
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent)


def format_text(a: Any) -> str:
    """The readable summary of an assessment (what ``clsp assess`` prints without ``--json``)."""
    from ..assess.result import _bar, render_cites
    from ..literature.citations import reference_list

    lines = [f"{a.partnership}: assessment on {a.framework_name} ({a.framework}; rubric {a.rubric['id']} "
             f"{a.rubric['version']})", "",
             f"Placement: {a.stage}   (highest stage scoring at least {a.threshold:.2f})"]
    if a.framework != "continuum":
        lines.append(f"Composite continuum placement: {a.composite_stage}")
    width = max(len(s) for s in a.stage_profile)
    for s, v in a.stage_profile.items():
        mark = "  <- placement" if s == a.stage else ""
        lines.append(f"  {s:<{width}}  {_bar(v)} {v:.2f}{mark}")
    lines += ["", "Success factors                 score  confidence"]
    for f in a.factors:
        lines.append(f"  {f.name[:28]:<28}  {f.score:5.2f}  {f.confidence:>9.0%}  {_bar(f.score, 10)}")
    lines += ["", "Risk flags"]
    if a.flags:
        for fl in a.flags:
            lines.append(f"  [{fl.severity}] {fl.id}")
            lines.append(_wrap(f"{fl.message} ({render_cites(fl.cites)})"))
    else:
        lines.append("  none raised")
    lines += ["", "Recommendations"]
    if a.recommendations:
        for i, r in enumerate(a.recommendations, 1):
            lines.append(f"  {i}. {r.factor.replace('_', ' ')} ({r.reason})")
            lines.append(_wrap(f"{r.text} ({render_cites(r.cites)})", indent="     "))
    else:
        lines.append("  none: no factor is both weak and well evidenced")
    m = a.measures
    lines += ["", "Structure",
              f"  {m.n_members} members, {m.n_ties} ties; density {m.density:.3f}; degree centralization "
              f"{m.degree_centralization:.3f}; betweenness centralization {m.betweenness_centralization:.3f}; "
              f"most central: {m.most_central}",
              "", "References"]
    try:
        refs = reference_list(a.cited_keys())
    except KeyError as exc:
        refs = [f"(incomplete: {exc})"]
    lines += [_wrap(r, indent="  ") for r in refs]
    lines += ["", "Use --explain ITEM (a stage, factor or flag id) to see the evidence behind one number."]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from ..assess import assess
    from ..partnership.casefile import load_case
    from ..partnership.datasets import resolve_case

    if Path(args.case).is_dir():  # a portfolio: one tidy table
        from .assess_folder import run_folder

        return run_folder(args)
    p = load_case(resolve_case(args.case))
    a = assess(p, framework=args.framework, rubric=args.rubric)
    if args.explain:
        sys.stdout.write(a.explain(args.explain) + "\n")
        return 0
    if args.json:
        print_json(a.to_dict())
        return 0
    sys.stdout.write(format_text(a))
    return 0
