"""Survey files read with located errors: factor self-assessments and partner-to-partner levels.

:func:`read_responses` reads a long CSV of ratings, at factor level
(``respondent,member,factor,rating``) or item level (``respondent,member,item,rating``),
with an optional ``group`` column, checks every cell and pseudonymises respondents as it
reads (``R1``, ``R2``..., drawn at random, not in the file's order) unless asked to keep names;
:func:`read_levels` reads ratings on the Levels of Collaboration Scale (``rater,ratee,level``,
0-5). ``clsp survey``, the debrief and the notebooks read survey files through these functions,
so every reader reports a bad cell in the same words (file, line, column and what was expected).

Examples
--------
>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
>>> _ = path.write_text("respondent,member,factor,rating\\nAnn,cab,trust,4\\n\\nBob,lsc,trust,\\n")
>>> loaded = read_responses(path)
>>> loaded.level, loaded.pseudonymised, sorted(loaded.responses.respondent)
('factor', True, ['R1', 'R2'])
>>> _ = path.write_text("respondent,member,factor,rating\\nAnn,cab,trust,4\\n\\nBob,lsc,trust,6\\n")
>>> read_responses(path)
Traceback (most recent call last):
...
clsp_research.errors.CLSPInputError: ...s.csv:4: rating: rating '6' is out of range; expected a whole number ...
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import CLSPInputError, UnknownValueError

__all__ = [
    "LoadedSurvey",
    "expected_respondents",
    "read_csv_table",
    "read_levels",
    "read_responses",
    "respondent_detail",
]


# -- reading -------------------------------------------------------------------------------------

def read_csv_table(
    path: str | Path, what: str = "survey file", expected: str = "respondent,member,factor,rating"
) -> tuple[pd.DataFrame, list[int]]:
    """Read a CSV file as text cells with :func:`clsp_research.partnership.tables.read_table`; return the table
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
    from ..partnership.tables import read_table

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
    from ..workshop.survey import instrument, rating_value

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
        """:func:`clsp_research.workshop.survey.summarize` of the responses (already validated on reading).

        Item-level files give factor ratings that are means of two statements (e.g. 3.5),
        so they are not validated again as whole-number factor ratings.
        """
        from ..workshop.survey import summarize

        return summarize(self.responses, validate=False, **kwargs)


def read_responses(
    path: str | Path, *, keep_names: bool = False, members: Any = None, seed: int | None = None
) -> LoadedSurvey:
    """Read a survey CSV (factor or item level), validate every row, pseudonymise respondents.

    Parameters
    ----------
    path
        The CSV file.
    keep_names
        Keep respondents as written instead of replacing them by ``R1``, ``R2``...
    members
        A :class:`~clsp_research.partnership.model.Partnership`: member ids in the file must be its members.
    seed
        Seed of the pseudonyms (:func:`~clsp_research.workshop.survey.pseudonymise`): random per
        run when ``None``, and never in the file's order. The table of respondents is sorted by
        pseudonym, so it does not keep the file's order either.

    Raises
    ------
    CLSPInputError
        Naming the file, the line and the column of the first problem, and what is expected.
    """
    from ..partnership.model import STAKEHOLDER_GROUPS
    from ..workshop.survey import RESPONSE_COLUMNS, item_responses_to_factors, pseudonymise, validate_responses

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
        factors, key = pseudonymise(factors, seed=seed)
        detail = detail.assign(respondent=detail["respondent"].map(key))
        order = detail["respondent"].str.slice(1).astype(int).sort_values(kind="stable").index
        detail = detail.loc[order].reset_index(drop=True)
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
    has_group = "group" in answers.columns
    cols = ["respondent", "member", *(["group"] if has_group else []), "answered", "dont_know"]
    if len(answers) == 0:
        return pd.DataFrame(columns=cols)
    # vectorised (a loop over respondents took 2 minutes for a million rows): the first text
    # member and group of each respondent, and counts of ratings given and not given
    g = answers.groupby("respondent", sort=False)
    out = pd.DataFrame({"respondent": g.size().index})
    for col in ("member", *(["group"] if has_group else [])):
        text = answers[col].where(answers[col].map(lambda v: isinstance(v, str)))
        out[col] = text.groupby(answers["respondent"], sort=False).first().to_numpy()
    answered = g["rating"].count()
    out["answered"] = answered.to_numpy().astype(int)
    out["dont_know"] = (g.size() - answered).to_numpy().astype(int)
    for col in ("member", "group"):
        if col in out.columns:
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out[cols]


def read_levels(path: str | Path) -> pd.DataFrame:
    """Read and validate a ``rater,ratee,level`` CSV; errors name the file's own line."""
    from ..workshop.collaboration_levels import validate_levels

    path = Path(path)
    df, lines = read_csv_table(path, what="levels file", expected="rater,ratee,level")
    if len(df) == 0:
        raise CLSPInputError("the file has a header but no ratings; expected one row rater,ratee,level per "
                             "rating", file=path, line=2)
    try:
        return validate_levels(df, source=path, line_offset=2)
    except CLSPInputError as exc:
        raise _relocate(exc, path, lines) from None


def expected_respondents(partnership: Any) -> dict[str, int]:
    """Expected respondents per member: its current representatives (no ``until`` year), at least one.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, Representative
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
