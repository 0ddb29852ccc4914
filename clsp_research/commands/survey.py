"""``clsp survey summarize|levels FILE.csv``, ``clsp survey compare WAVE1.csv WAVE2.csv``: what a self-assessment
survey or a set of partner ratings shows, and what changed between two waves.

``summarize`` reads a long CSV of ratings, at factor level (``respondent,member,factor,rating``)
or item level (``respondent,member,item,rating``: one row per statement of the
instrument, detected by its header), with an optional ``group`` column, and prints per
success factor the mean, count, spread, confidence interval, band and agreement, the
gaps between stakeholder groups and the response per member. Respondents are
pseudonymised as the file is read (``R1``, ``R2``...) unless ``--keep-names`` is given.

``levels`` reads partner-to-partner ratings on the Levels of Collaboration Scale
(``rater,ratee,level``, 0-5) and prints the mean level, the share of pairs at each level
and the pairs whose two ratings of each other differ by ``--threshold`` or more.

The readers are public so that notebooks and widgets read survey files the same way:

Examples
--------
>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
>>> _ = path.write_text("respondent,member,factor,rating\\nAnn,cab,trust,4\\n\\nBob,lsc,trust,\\n")
>>> loaded = read_responses(path)
>>> loaded.level, loaded.pseudonymised, list(loaded.responses.respondent)
('factor', True, ['R1', 'R2'])
>>> _ = path.write_text("respondent,member,factor,rating\\nAnn,cab,trust,4\\n\\nBob,lsc,trust,6\\n")
>>> read_responses(path)
Traceback (most recent call last):
...
clsp_research.errors.CLSPInputError: ...s.csv:4: rating: rating '6' is out of range; expected a whole number ...
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import CLSPInputError, UnknownValueError

NAME = "survey"
HELP = "summarise a factor self-assessment survey or partner-to-partner collaboration levels; compare two waves"
DESCRIPTION = (
    "Summarise survey files. 'summarize' reads ratings of the success factors (factor or item level) and "
    "prints means, bands, agreement and gaps between stakeholder groups; 'levels' reads partner-to-partner "
    "ratings on the Levels of Collaboration Scale (0-5); 'compare' sets two waves of the survey side by side."
)

__all__ = [
    "LoadedSurvey",
    "expected_respondents",
    "load_case_arg",
    "read_csv_table",
    "read_levels",
    "read_responses",
    "respondent_detail",
    "summarize_file",
]


# -- reading -------------------------------------------------------------------------------------

def read_csv_table(
    path: str | Path, what: str = "survey file", expected: str = "respondent,member,factor,rating"
) -> tuple[pd.DataFrame, list[int]]:
    """Read a CSV file as text cells with :func:`clsp_research.tables.read_table`; return the table
    (empty cells as ``None``) and the file line of each row.

    Header names are matched case-insensitively (spaces and hyphens read as ``_``), blank
    lines are skipped (the line numbers stay right), a UTF-8 byte-order mark (as Excel writes)
    is ignored, and ``;`` or tab separated files are read too. A row with more cells than the
    header is an error naming its line; missing trailing cells read as empty. ``expected``
    names the header that an empty file should have had.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "empty.csv"
    >>> _ = path.write_text("")
    >>> read_csv_table(path)
    Traceback (most recent call last):
    ...
    clsp_research.errors.CLSPInputError: ...empty.csv:1: the survey file is empty; expected a header line: respo...
    """
    from ..tables import read_table

    try:
        df = read_table(path, [], what=what, name=str(path))
    except CLSPInputError as exc:
        if exc.line == 1 and exc.message.startswith(f"the {what} is empty"):
            raise CLSPInputError(f"the {what} is empty; expected a header line: {expected}", file=exc.file,
                                 line=1) from None
        raise
    lines = [int(i) for i in df.index]
    return df.reset_index(drop=True), lines


def _relocate(exc: CLSPInputError, path: Path, lines: list[int]) -> CLSPInputError:
    """Map a validator's line (data rows numbered from 2) back to the file's own line."""
    line = exc.line
    if line is not None and line >= 2 and line - 2 < len(lines):
        line = lines[line - 2]
    return type(exc)(exc.message, file=path, line=line, field=exc.field)


def _none_if_empty(series: pd.Series) -> pd.Series:
    return series.map(lambda v: None if v is None or (isinstance(v, str) and not v.strip()) else v).astype(object)


def _check_column_values(df: pd.DataFrame, column: str, valid: tuple[str, ...] | list[str], what: str,
                         path: Path, lines: list[int]) -> None:
    for pos, v in enumerate(df[column]):
        if v is not None and v not in valid:
            raise UnknownValueError.for_value(v, tuple(valid), what, file=path, line=lines[pos], field=column)


def _validate_items(df: pd.DataFrame, path: Path, lines: list[int]) -> pd.DataFrame:
    """Check an item-level table (``respondent, member, item, rating``); ratings become floats."""
    from ..survey import instrument, rating_value

    inst = instrument()
    ids = [i.id for i in inst.items]
    lo, hi = inst.scale_min, inst.scale_max
    ratings = []
    for pos, (resp, item, raw) in enumerate(zip(df["respondent"], df["item"], df["rating"], strict=True)):
        line = lines[pos]
        if not resp:
            raise CLSPInputError("respondent is empty; expected a respondent id or name", file=path, line=line,
                                 field="respondent")
        if item not in ids:
            raise UnknownValueError.for_value(item, tuple(ids), "survey item", file=path, line=line, field="item")
        ratings.append(rating_value(raw, (lo, hi), source=path, line=line))
    out = df.copy()
    out["rating"] = pd.Series(ratings, index=out.index, dtype=float)
    dup = out.duplicated(["respondent", "item"], keep=False)
    if dup.any():
        second = [i for i, d in enumerate(dup) if d][1]
        raise CLSPInputError("a second answer to the same statement by the same respondent; expected one row "
                             "per respondent and statement", file=path, line=lines[second], field="item")
    return out


@dataclass
class LoadedSurvey:
    """A survey file read, validated and (unless asked otherwise) pseudonymised.

    Attributes
    ----------
    responses
        Factor-level ratings: ``respondent, member, factor, rating`` (+ ``group`` if given).
    level
        ``"factor"`` or ``"item"``: the level the file was written at.
    pseudonymised
        Whether respondents were replaced by pseudonyms.
    items
        The item-level answers when the file was item level (else ``None``).
    source
        The file read.
    detail
        Per respondent: member, group, answers given and *don't know* answers
        (see :func:`respondent_detail`).
    """

    responses: pd.DataFrame
    level: str
    pseudonymised: bool
    items: pd.DataFrame | None = None
    source: Path | None = None
    detail: pd.DataFrame = field(default_factory=pd.DataFrame)

    def summarize(self, **kwargs: Any) -> Any:
        """:func:`clsp_research.survey.summarize` of the responses (already validated on reading).

        Item-level files give factor ratings that are means of two statements (e.g. 3.5),
        so they are not validated again as whole-number factor ratings.
        """
        from ..survey import summarize

        return summarize(self.responses, validate=False, **kwargs)


def read_responses(
    path: str | Path, *, keep_names: bool = False, members: Any = None
) -> LoadedSurvey:
    """Read a survey CSV (factor or item level), validate every row, pseudonymise respondents.

    Parameters
    ----------
    path
        The CSV file.
    keep_names
        Keep respondents as written instead of replacing them by ``R1``, ``R2``...
    members
        A :class:`~clsp_research.model.Partnership`: member ids in the file must be its members.

    Raises
    ------
    CLSPInputError
        Naming the file, the line and the column of the first problem, and what is expected.
    """
    from ..model import STAKEHOLDER_GROUPS
    from ..survey import RESPONSE_COLUMNS, item_responses_to_factors, pseudonymise, validate_responses

    path = Path(path)
    df, lines = read_csv_table(path)
    level = "item" if "item" in df.columns and "factor" not in df.columns else "factor"
    needed = ("respondent", "member", level, "rating")
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise CLSPInputError(
            f"missing column(s) {', '.join(missing)}; expected the columns respondent,member,factor,rating "
            "(one row per respondent and success factor) or respondent,member,item,rating (one row per "
            "respondent and statement), optionally with group", file=path, line=1, field=missing[0])
    if len(df) == 0:
        raise CLSPInputError("the file has a header but no ratings; expected one row per respondent and "
                             f"{level}", file=path, line=2)
    for col in ("member", "group"):
        if col in df.columns:
            df[col] = _none_if_empty(df[col])
    if "group" in df.columns:
        _check_column_values(df, "group", STAKEHOLDER_GROUPS, "stakeholder group", path, lines)
    if members is not None and hasattr(members, "members"):
        _check_column_values(df, "member", list(members.members), f"member of {members.name!r}", path, lines)
    items = None
    if level == "item":
        items = _validate_items(df, path, lines)
        factors = item_responses_to_factors(items)
        factors["member"] = _none_if_empty(factors["member"])
        if "group" in factors.columns:
            factors["group"] = _none_if_empty(factors["group"])
        answered = items
    else:
        try:
            factors = validate_responses(df, source=path, line_offset=2)
        except CLSPInputError as exc:
            raise _relocate(exc, path, lines) from None
        keep = [*RESPONSE_COLUMNS, *(["group"] if "group" in df.columns else [])]
        factors = factors[keep]
        answered = factors
    detail = respondent_detail(answered)
    if not keep_names:
        factors, key = pseudonymise(factors)
        detail = detail.assign(respondent=detail["respondent"].map(key))
        if items is not None:
            items = items.assign(respondent=items["respondent"].map(key))
    return LoadedSurvey(factors, level, not keep_names, items, path, detail)


def respondent_detail(answers: pd.DataFrame) -> pd.DataFrame:
    """Per respondent: member, group (if known), answers given and *don't know* answers.

    ``answers`` is a long table with ``respondent``, ``member`` and ``rating`` (factor or
    item level).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"respondent": ["R1", "R1", "R2"], "member": ["cab", "cab", None],
    ...                    "rating": [4.0, None, 2.0]})
    >>> for row in respondent_detail(df).to_dict(orient="records"):
    ...     print(row)
    {'respondent': 'R1', 'member': 'cab', 'answered': 1, 'dont_know': 1}
    {'respondent': 'R2', 'member': None, 'answered': 1, 'dont_know': 0}
    """
    rows = []
    has_group = "group" in answers.columns
    for resp, sub in answers.groupby("respondent", sort=False):
        members = [m for m in sub["member"] if isinstance(m, str)]
        row: dict[str, Any] = {"respondent": resp, "member": members[0] if members else None}
        if has_group:
            groups = [g for g in sub["group"] if isinstance(g, str)]
            row["group"] = groups[0] if groups else None
        row["answered"] = int(sub["rating"].notna().sum())
        row["dont_know"] = int(sub["rating"].isna().sum())
        rows.append(row)
    cols = ["respondent", "member", *(["group"] if has_group else []), "answered", "dont_know"]
    out = pd.DataFrame(rows, columns=cols)
    for col in ("member", "group"):
        if col in out.columns:
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out


def read_levels(path: str | Path) -> pd.DataFrame:
    """Read and validate a ``rater,ratee,level`` CSV; errors name the file's own line."""
    from ..collaboration_levels import validate_levels

    path = Path(path)
    df, lines = read_csv_table(path, what="levels file", expected="rater,ratee,level")
    if len(df) == 0:
        raise CLSPInputError("the file has a header but no ratings; expected one row rater,ratee,level per "
                             "rating", file=path, line=2)
    try:
        return validate_levels(df, source=path, line_offset=2)
    except CLSPInputError as exc:
        raise _relocate(exc, path, lines) from None


def load_case_arg(case: str) -> Any:
    """A partnership from ``--case``: a case file path, or the name of a shipped case study."""
    p = Path(case)
    if p.suffix.lower() in (".yaml", ".yml") or p.exists():
        from ..io import load_case

        return load_case(p)
    from ..datasets import load_case_study

    return load_case_study(case)


def expected_respondents(partnership: Any) -> dict[str, int]:
    """Expected respondents per member: its current representatives (no ``until`` year), at least one.

    Examples
    --------
    >>> from clsp_research.model import Member, Partnership, Representative
    >>> p = Partnership("P", [Member("a", "A", groups=("funder",),
    ...                              representatives=(Representative("x"), Representative("y", until=2001))),
    ...                       Member("b", "B", groups=("provider",))])
    >>> expected_respondents(p)
    {'a': 1, 'b': 1}
    """
    out = {}
    for mid, m in partnership.members.items():
        current = [r for r in m.representatives if r.until is None]
        out[mid] = max(1, len(current))
    return out


# -- the command ---------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..cli import _Parser

    sub = parser.add_subparsers(dest="survey_command", metavar="ACTION", parser_class=_Parser)
    sub.required = True
    s = sub.add_parser("summarize", aliases=["summarise"], help="per-factor means, bands, agreement, group gaps",
                       description="Summarise ratings of the success factors (factor-level CSV "
                                   "respondent,member,factor,rating or item-level respondent,member,item,rating; "
                                   "optional group column; empty rating = don't know).")
    s.add_argument("file", help="survey CSV")
    s.add_argument("--json", action="store_true", help="print one JSON object")
    s.add_argument("--keep-names", action="store_true",
                   help="keep respondents' names in the output (default: pseudonyms R1, R2...)")
    s.add_argument("--case", help="case file or case-study name: stakeholder groups of members, expected respondents")
    s.add_argument("--strength", type=float, default=4.0,
                   help="factor means at or above this are a strength (default 4.0, Wilder inventory)")
    s.add_argument("--borderline", type=float, default=3.0,
                   help="factor means at or above this (and under --strength) are borderline (default 3.0)")
    s.add_argument("--gap-threshold", type=float, default=1.0,
                   help="flag factors whose stakeholder-group means differ by this much (default 1.0)")
    s.set_defaults(_survey=_run_summarize)
    lv = sub.add_parser("levels", help="partner-to-partner collaboration levels (0-5)",
                        description="Summarise partner-to-partner ratings (CSV rater,ratee,level; level 0 no "
                                    "interaction to 5 collaboration).")
    lv.add_argument("file", help="levels CSV")
    lv.add_argument("--json", action="store_true", help="print one JSON object")
    lv.add_argument("--threshold", type=int, default=2,
                    help="flag pairs whose two ratings differ by this many levels or more (default 2)")
    lv.set_defaults(_survey=_run_levels)
    cp = sub.add_parser("compare", help="two survey waves: change per factor, and who answered in each",
                        description="Compare two survey waves (each a CSV that 'summarize' reads): each factor's "
                                    "mean in both, the change with its Welch interval, the bands, and how many "
                                    "people answered for each member organisation in each wave.")
    cp.add_argument("before", metavar="WAVE1.csv", help="the earlier wave")
    cp.add_argument("after", metavar="WAVE2.csv", help="the later wave")
    cp.add_argument("--json", action="store_true", help="print one JSON object")
    cp.add_argument("--case", help="case file or case-study name: stakeholder groups of members")
    cp.add_argument("--strength", type=float, default=4.0, help="strength cut-off (default 4.0, Wilder inventory)")
    cp.add_argument("--borderline", type=float, default=3.0, help="borderline cut-off (default 3.0)")
    cp.set_defaults(_survey=_run_compare)


def run(args: argparse.Namespace) -> int:
    return int(args._survey(args) or 0)


def summarize_file(
    path: str | Path, *, keep_names: bool = False, case: str | None = None, strength: float = 4.0,
    borderline: float = 3.0, gap_threshold: float = 1.0,
) -> dict[str, Any]:
    """The JSON object printed by ``clsp survey summarize --json``."""
    from ..survey import Bands

    bands = Bands(strength=strength, borderline=borderline)
    partnership = load_case_arg(case) if case else None
    loaded = read_responses(path, keep_names=keep_names, members=partnership)
    summary = loaded.summarize(members=partnership, bands=bands, gap_threshold=gap_threshold,
                               roster=expected_respondents(partnership) if partnership is not None else None)
    out = summary.to_dict()
    out.update({
        "source": Path(path).name,
        "level": loaded.level,
        "pseudonymised": loaded.pseudonymised,
        "concerns": summary.concerns(),
        "contested": summary.contested(),
        "respondent_detail": [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in loaded.detail.to_dict(orient="records")
        ],
    })
    if partnership is not None:
        out["partnership"] = partnership.name
    return out


def _fmt(v: Any, spec: str = ".2f") -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else format(v, spec)


def _run_summarize(args: argparse.Namespace) -> int:
    from ..cli import print_json

    out = summarize_file(args.file, keep_names=args.keep_names, case=args.case, strength=args.strength,
                         borderline=args.borderline, gap_threshold=args.gap_threshold)
    if args.json:
        print_json(out)
        return 0
    w = sys.stdout.write
    who = "pseudonymised" if out["pseudonymised"] else "names kept"
    w(f"{out['source']}: {out['respondents']} respondent(s), {out['level']}-level answers ({who}); "
      f"bands: strength >= {out['bands']['strength']:g}, borderline >= {out['bands']['borderline']:g}\n")
    w(f"{'factor':22s} {'mean':>5s} {'n':>3s} {'dk':>3s} {'sd':>5s} {int(out['confidence'] * 100)}% CI"
      f"{'':7s} {'band':10s} {'r_wg':>5s}\n")
    for f in out["factors"]:
        ci = f"{_fmt(f['ci_low'])}-{_fmt(f['ci_high'])}" if f["ci_low"] is not None else ""
        w(f"{f['id']:22s} {_fmt(f['mean']):>5s} {f['n']:3d} {f['n_dont_know']:3d} {_fmt(f['sd']):>5s} "
          f"{ci:13s} {f['band'] or '':10s} {_fmt(f['rwg']):>5s}\n")
    flagged = [g for g in out["group_gaps"] if g["flagged"]]
    if flagged:
        w("\nStakeholder groups disagree (gap between group means):\n")
        for g in flagged:
            w(f"  {g['id']}: {g['high_group']} {_fmt(g['gap'])} points above {g['low_group']}\n")
    if out["contested"]:
        w(f"\nRespondents disagree (r_wg < 0.70): {', '.join(out['contested'])}\n")
    if out["response"]:
        w("\nResponse by member:\n")
        for r in out["response"]:
            rate = f" of {r['expected']} ({_fmt(r['response_rate'] * 100, '.0f')}%)" if r["expected"] else ""
            w(f"  {r['member']}: {r['respondents']}{rate}\n")
    return 0


def _run_levels(args: argparse.Namespace) -> int:
    from ..cli import print_json
    from ..collaboration_levels import LEVEL_NAMES, summarize_levels

    if args.threshold < 1:
        raise CLSPInputError(f"--threshold must be at least 1, found {args.threshold}", field="--threshold")
    ratings = read_levels(args.file)
    s = summarize_levels(ratings, threshold=args.threshold, validate=False)
    out = {"source": Path(args.file).name, **s.to_dict()}
    if args.json:
        print_json(out)
        return 0
    w = sys.stdout.write
    w(f"{out['source']}: {out['ratings']} rating(s) of {out['rated_pairs']} pair(s); "
      f"mean level {_fmt(s.mean_level)}\n")
    for lv, share in s.level_shares.items():
        w(f"  {lv} {LEVEL_NAMES[lv]:15s} {share * 100:5.1f}%\n")
    if s.disagreements:
        w(f"Pairs whose ratings of each other differ by {args.threshold} or more:\n")
        for r in s.pairs.itertuples():
            if (r.a, r.b) in set(s.disagreements):
                w(f"  {r.a} rates {r.b} {int(r.a_rates_b)}; {r.b} rates {r.a} {int(r.b_rates_a)}\n")
    else:
        w(f"No pair's ratings of each other differ by {args.threshold} or more.\n")
    return 0


def compare_files(before: str | Path, after: str | Path, *, case: str | None = None, strength: float = 4.0,
                  borderline: float = 3.0, confidence: float = 0.95) -> dict[str, Any]:
    """The JSON object printed by ``clsp survey compare --json``.

    ``factors``: per factor ``id``, ``mean_before``, ``mean_after``, ``delta``, ``delta_low``,
    ``delta_high`` (Welch interval), ``changed`` (the interval excludes zero), ``n_before``,
    ``n_after``, ``band_before``, ``band_after``; ``members``: per member the respondents in each
    wave and whether it answered in both (people are pseudonymised within each wave and not
    followed across them); ``respondents``: the number in each wave.
    """
    from ..survey import Bands
    from ..waves import compare_surveys, response_changes

    bands = Bands(strength=strength, borderline=borderline)
    partnership = load_case_arg(case) if case else None
    s1, s2 = (read_responses(f, members=partnership).summarize(members=partnership, bands=bands,
                                                              confidence=confidence) for f in (before, after))

    def clean(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for r in records:
            row = {}
            for k, v in r.items():
                if hasattr(v, "item"):
                    v = v.item()
                row[k] = None if isinstance(v, float) and math.isnan(v) else (round(v, 4) if isinstance(v, float)
                                                                              else v)
            out.append(row)
        return out

    return {
        "before": Path(before).name,
        "after": Path(after).name,
        "respondents": {"before": s1.respondents, "after": s2.respondents},
        "confidence": confidence,
        "bands": {"strength": bands.strength, "borderline": bands.borderline},
        "factors": clean(compare_surveys(s1, s2, confidence=confidence).to_dict(orient="records")),
        "members": clean(response_changes(s1, s2).to_dict(orient="records")),
    }


def _run_compare(args: argparse.Namespace) -> int:
    from ..cli import print_json

    out = compare_files(args.before, args.after, case=args.case, strength=args.strength, borderline=args.borderline)
    if args.json:
        print_json(out)
        return 0
    w = sys.stdout.write
    n = out["respondents"]
    w(f"{out['before']} ({n['before']} respondents) -> {out['after']} ({n['after']} respondents)\n")
    w(f"{'factor':22s} {'before':>6s} {'after':>6s} {'change':>7s} {int(out['confidence'] * 100)}% interval"
      f"{'':4s} band\n")
    for f in out["factors"]:
        ci = f"{_fmt(f['delta_low'])} to {_fmt(f['delta_high'])}" if f["delta_low"] is not None else ""
        mark = " *" if f["changed"] else ""
        w(f"{f['id']:22s} {_fmt(f['mean_before']):>6s} {_fmt(f['mean_after']):>6s} {_fmt(f['delta'], '+.2f'):>7s} "
          f"{ci:16s} {f['band_before'] or '-'} -> {f['band_after'] or '-'}{mark}\n")
    w("* the interval excludes zero (a guide for discussion, not a test corrected for fourteen comparisons)\n")
    moved = [m for m in out["members"] if m["status"] != "both waves"]
    if moved:
        w("\nMembers that answered in one wave only:\n")
        for m in moved:
            w(f"  {m['member']}: {m['status']}\n")
    return 0
