"""``clsp assess CASE [--framework ID] [--json]``: the explained assessment of a case.

Without ``--json`` a readable summary: the placement and the stage profile as bars, the
success factors with their confidence and, under each, its strongest piece of evidence, the
risk flags, the recommendations, Williamson's criteria for a true partnership as an extra lens,
the works cited, and whether the placement is a close call. With ``--json`` one JSON object
(``Assessment.to_dict(robustness=True)`` plus ``williamson``) on stdout and nothing else,
numbers in full precision. ``CASE`` is a case file or the name of a shipped case study. An
invalid case file exits with status 1 and one message on stderr naming the file, line and
field; usage errors, among them an unknown ``--framework`` (the message lists the continua),
exit with 2.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any

from ..text import column_width, plain
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
        from ..literature import frameworks

        if value in frameworks():
            raise argparse.ArgumentTypeError(
                f"{value!r} is not a continuum to place a partnership on (its authors do not present its "
                f"forms as a ladder); continua are: {', '.join(known)}")
        raise argparse.ArgumentTypeError(f"unknown continuum {value!r}; continua are: {', '.join(known)}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", help="case file (YAML), shipped case study name, or a folder of case files "
                        "(assessed into one table: one row per stage, factor and flag of each case)")
    parser.add_argument("--framework", default="continuum", metavar="ID", type=continuum_id,
                        help="continuum to place the case on: continuum (default) or an alternative such as "
                             "continuum_frey, continuum_winer_cyr, continuum_alcapp, "
                             "continuum_himmelman")
    parser.add_argument("--json", action="store_true", help="print the assessment as one JSON object")
    parser.add_argument("--rubric", metavar="FOLDER", default=None,
                        help="folder of rubric files to use instead of the default rules")
    parser.add_argument("--explain", metavar="ITEM", default=None,
                        help="explain one item (a stage, factor, flag or measure id, or 'stage') instead")
    parser.add_argument("-o", "--output", metavar="TABLE", help="for a folder: the table to write (.csv, .jsonl or "
                        ".parquet); default: CSV on stdout")
    from ._args import add_output_flags

    add_output_flags(parser)  # for a folder's -o: --force replaces a table, --mkdir creates its folder
    parser.add_argument("--skip-invalid", action="store_true", help="for a folder: leave out case files that do "
                        "not load (listed on stderr; the exit status is then 1)")


def _wrap(text: str, indent: str = "    ", width: int = 100) -> str:
    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent)


def _short_cites(cites: Any) -> str:
    """The first three sources, then "and N more" (all are in the reference list)."""
    from ..literature.citations import cite_short, parse_cite

    return cite_short(cites, limit=3, missing=lambda c: f"{parse_cite(c)[0]} (not in references.bib)")


def strongest_evidence(f: Any) -> str | None:
    """The one line of evidence that moved a factor most: ``+`` raised it, ``-`` lowered it.

    Ties in effect go to the first listed (the rubric's order). ``None`` when nothing was recorded.
    """
    ev = [e for e in f.evidence if e.text]
    if not ev:
        return None
    best = max(ev, key=lambda e: abs(e.effect))
    sign = "+" if best.effect > 0 else "-" if best.effect < 0 else "?"
    return f"{sign} {best.text}"


def _member_name(p: Any, member_id: Any) -> str:
    if p is not None and isinstance(member_id, str) and member_id in p:
        return str(p.member(member_id).name)
    return str(member_id)


def _williamson_lines(p: Any) -> list[str]:
    from ..assess.result import render_cites
    from ..assess.williamson import check_williamson

    w = check_williamson(p)
    out = [_wrap(w.summary, indent="  ")]
    for c in w.criteria:
        verdict = {True: "met", False: "not met", None: "not recorded"}[c.met]
        out.append(f"  [{verdict}] {c.name}")
        out.append(_wrap(f"{c.evidence} ({render_cites(c.cites)})", indent="      "))
    return out


def format_text(a: Any, partnership: Any = None) -> str:
    """The readable summary of an assessment (what ``clsp assess`` prints without ``--json``).

    Under each factor, its strongest piece of evidence in one line; factor names in full. With
    ``partnership``, Williamson's criteria for a true partnership follow as an extra lens.
    """
    from ..assess.result import _bar
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
    close = a.close_call_line()
    if close:
        lines.append(_wrap(close, indent="  "))
    name_w = column_width((f.name for f in a.factors), "Success factors")
    lines += ["", f"{'Success factors':<{name_w + 2}}  score  confidence"]
    for f in a.factors:
        low = "  (little evidence)" if f.confidence < 0.5 else ""
        lines.append(f"  {f.name:<{name_w}}  {f.score:5.2f}  {f.confidence:>9.0%}  {_bar(f.score, 10)}{low}")
        best = strongest_evidence(f)
        if best:
            lines.append(_wrap(best, indent="      ", width=110))
    lines += ["", "Risk flags"]
    if a.flags:
        for fl in a.flags:
            lines.append(f"  [{fl.severity}] {fl.name or fl.id} ({fl.id})")
            lines.append(_wrap(f"{fl.message} ({_short_cites(fl.cites)})"))
    else:
        lines.append("  none raised")
    lines += ["", "Recommendations"]
    if a.recommendations:
        for i, r in enumerate(a.recommendations, 1):
            fname = next((f.name for f in a.factors if f.id == r.factor), r.factor.replace("_", " "))
            lines.append(f"  {i}. {fname} ({r.reason})")
            lines.append(_wrap(f"{r.text} ({_short_cites(r.cites)})", indent="     "))
    else:
        lines.append("  none: no factor is both weak and well evidenced")
    if partnership is not None:
        lines += ["", "Another lens: Williamson's criteria for a true partnership"]
        lines += _williamson_lines(partnership)
    m = a.measures
    most = _member_name(partnership, m.most_central)
    if partnership is not None:  # every member sharing the most ties, by name (not the first id)
        from ..assess.rubric import load_rubric
        from ..assess.signals import Context

        most = Context(partnership, load_rubric()).get("most_central") or most
    lines += ["", "Structure",
              f"  {m.n_members} members, {m.n_ties} ties; density {m.density:.3f}; degree centralization "
              f"{m.degree_centralization:.3f}; betweenness centralization {m.betweenness_centralization:.3f}; "
              f"most central: {most}",
              "", "References"]
    keys = list(a.cited_keys())
    if partnership is not None:
        from ..assess.williamson import check_williamson

        w = check_williamson(partnership)
        keys += [*w.cites, *(c for crit in w.criteria for c in crit.cites)]
    try:
        refs = reference_list(keys)
    except KeyError as exc:
        refs = [f"(incomplete: {exc})"]
    lines += [_wrap(r, indent="  ") for r in refs]
    lines += ["", "Use --explain ITEM (a stage, factor or flag id) to see all the evidence behind one number."]
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
        sys.stdout.write(plain(a.explain(args.explain)) + "\n")
        return 0
    if args.json:
        from ..assess.williamson import check_williamson

        print_json({**a.to_dict(robustness=True), "williamson": check_williamson(p).to_dict()})
        return 0
    sys.stdout.write(format_text(a, p))
    return 0
