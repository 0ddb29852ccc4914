"""Reading small CSV tables into validated :class:`pandas.DataFrame` objects.

The need, provision, demand, population, rate and affiliation tables that the
provision, funding, referral and interlock analyses read are small CSV files that
people type or export from a spreadsheet. :func:`read_table` checks one against a
list of :class:`Column` specifications and returns a DataFrame whose index holds
each row's CSV line number (the header is line 1), so that later checks can
still point at the row at fault. Every problem raises a
:class:`~clsp_research.errors.CLSPInputError` naming the file, the line and the
column, and saying what was expected.

Header names are matched case-insensitively, with spaces and hyphens read as
``_`` (``Quality Mark`` is ``quality_mark``). Blank lines are skipped. Columns
the specification does not name are kept as text. Numbers may carry a currency
sign or thousands separators (``£1,200``).

A DataFrame can be passed instead of a file (from a notebook): it is checked the
same way, and its rows are numbered as if it had been written to CSV with a header
(first row = line 2).

Examples
--------
>>> import io
>>> spec = [Column("area"), Column("category"), Column("need", "number", minimum=0)]
>>> df = read_table(io.StringIO("Area,Category,Need\\nNorth,debt,120\\n\\nSouth,debt,80.5\\n"),
...                 spec, what="need table")
>>> df.to_dict("index")
{2: {'area': 'North', 'category': 'debt', 'need': 120.0}, 4: {'area': 'South', 'category': 'debt', 'need': 80.5}}
>>> read_table(io.StringIO("area,category,need\\nNorth,debt,lots\\n"), spec, what="need table")
Traceback (most recent call last):
...
clsp_research.errors.CLSPInputError: <stream>:2: need: expected a number such as 120 or 0.5, found 'lots'
"""

from __future__ import annotations

import csv
import io as _io
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pandas as pd

from ..errors import CLSPInputError

__all__ = ["COLUMN_KINDS", "Column", "check_header", "check_unique", "csv_lines", "delimiter_of", "header_name",
           "read_table"]

#: Kinds of column :class:`Column` understands.
COLUMN_KINDS: tuple[str, ...] = ("text", "number", "int", "year", "flag")

_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


@dataclass(frozen=True)
class Column:
    """What one column of a table must hold.

    Parameters
    ----------
    name
        Column name (lower case, ``_`` between words).
    kind
        ``text``, ``number`` (float), ``int``, ``year`` (an int from 1900 to 2100) or
        ``flag`` (true/false, yes/no, 1/0).
    required
        Whether the column must be in the header.
    allow_empty
        Whether a cell may be empty (read as ``None`` for text, NaN for numbers).
        A required text column never may.
    minimum
        Smallest value allowed for a number.
    choices
        The values allowed in a text column (an empty cell is allowed when
        ``allow_empty``).
    default
        Value used for every row when an optional column is absent from the header.
    maximum
        Largest size allowed for a number (default :data:`MAX_NUMBER`), so that totals over
        many rows stay finite (two needs of 1e308 once summed to infinity).
    """

    name: str
    kind: str = "text"
    required: bool = True
    allow_empty: bool = False
    minimum: float | None = None
    choices: tuple[str, ...] | None = None
    default: Any = None
    maximum: float | None = 1e12

    def __post_init__(self) -> None:
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; expected one of {COLUMN_KINDS}")


def header_name(cell: str) -> str:
    """A header cell as a column name: lower case, spaces and hyphens read as ``_``.

    Examples
    --------
    >>> header_name(" Quality Mark "), header_name("year-from")
    ('quality_mark', 'year_from')
    """
    return re.sub(r"[\s\-]+", "_", cell.strip().lower())


def delimiter_of(text: str) -> str:
    """The delimiter :func:`csv_lines` reads ``text`` with: a comma, else a tab, else a semicolon.

    Examples
    --------
    >>> delimiter_of("id;name;groups\\na;1,5;x\\n"), delimiter_of("a,b\\n")
    (';', ',')
    """
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if "," not in first:
        if "\t" in first:
            return "\t"
        if ";" in first:
            return ";"
    return ","


def csv_lines(text: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """The non-blank rows of CSV text, each with the line it starts on and its cells stripped.

    The delimiter is a comma, else a tab, else a semicolon, whichever the first non-blank
    line holds (a comma when it holds none of them).

    Parameters
    ----------
    text
        The CSV text.
    source
        Name of the file, for messages.

    Yields
    ------
    tuple of (int, list of str)
        The 1-based line a row starts on, and its cells.

    Raises
    ------
    CLSPInputError
        At the line of a row the :mod:`csv` module cannot read.

    Examples
    --------
    >>> list(csv_lines("a;b\\n\\n 1 ; 2 \\n", "t.csv"))
    [(1, ['a', 'b']), (3, ['1', '2'])]
    """
    delimiter = delimiter_of(text)
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CLSPInputError(f"not valid CSV: {exc}", file=source, line=start) from None
        cells = [c.strip() for c in raw]
        if any(cells):
            yield start, cells


def check_header(names: Sequence[str], required: Sequence[str], *, what: str, source: str, line: int,
                 hint: str = "") -> None:
    """Raise unless a header names each column once and holds every required one.

    Parameters
    ----------
    names
        The header's column names (see :func:`header_name`); empty ones are ignored.
    required
        The columns the table must have.
    what
        What the table is, for messages (``"need table"``).
    source, line
        The file and the header's line, for messages.
    hint
        Text added to the message about missing columns.

    Raises
    ------
    CLSPInputError
        At the first repeated column, else naming every missing one.

    Examples
    --------
    >>> check_header(["area", "need"], ["area", "category"], what="need table", source="n.csv", line=1)
    Traceback (most recent call last):
    ...
    clsp_research.errors.CLSPInputError: n.csv:1: category: missing column category; the need table needs ...
    """
    seen: set[str] = set()
    for h in names:
        if h and h in seen:
            raise CLSPInputError(f"the column {h!r} appears twice in the header", file=source, line=line, field=h)
        seen.add(h)
    missing = [c for c in required if c not in seen]
    if missing:
        found = ", ".join(h for h in names if h) or "(none)"
        raise CLSPInputError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; the {what} needs "
            f"the columns {', '.join(required)} (found: {found}){hint}",
            file=source,
            line=line,
            field=missing[0],
        )


def _read_text(source: str | Path | IO) -> tuple[str, str]:
    """(text, name) of a path or an open file."""
    if hasattr(source, "read"):
        name = str(getattr(source, "name", "<stream>"))
        data = source.read()
    else:
        name = str(source)
        path = Path(source)
        if not path.exists():
            raise CLSPInputError("no such file", file=name)
        if path.is_dir():
            raise CLSPInputError("expected a CSV file, found a folder", file=name)
        data = path.read_bytes()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise CLSPInputError(
                "the file is not UTF-8 text; save it from the spreadsheet as 'CSV UTF-8'",
                file=name,
                line=line,
            ) from None
    return data.lstrip("\ufeff"), name


def _number(cell: str, col: Column) -> float:
    s = cell.strip().lstrip("£$€").strip()
    if _GROUPED.fullmatch(s):
        s = s.replace(",", "")
    if _NUMBER.fullmatch(s):
        v = float(s)
        if math.isfinite(v):
            if col.minimum is not None and v < col.minimum:
                raise ValueError(f"expected a number of at least {col.minimum:g}, found {cell!r}")
            if col.maximum is not None and abs(v) > col.maximum:
                raise ValueError(f"expected a number of at most {col.maximum:g}, found {cell!r}")
            return v
    raise ValueError(f"expected a number such as 120 or 0.5, found {cell!r}")


def _convert(cell: str, col: Column) -> Any:
    if cell == "":
        if col.kind == "text":
            return None
        return math.nan if col.kind == "number" else None
    if col.kind == "text":
        if col.choices is not None and cell not in col.choices:
            raise ValueError(f"unknown value {cell!r}; expected one of: {', '.join(col.choices)}")
        return cell
    if col.kind == "flag":
        s = cell.lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        raise ValueError(f"expected true or false (or yes/no, 1/0), found {cell!r}")
    if col.kind == "number":
        return _number(cell, col)
    try:
        v = _number(cell, Column(col.name, "number"))
    except ValueError:
        v = math.nan
    if not v.is_integer():
        what = "a year such as 2001" if col.kind == "year" else "a whole number such as 12"
        raise ValueError(f"expected {what}, found {cell!r}")
    iv = int(v)
    if col.kind == "year" and not 1900 <= iv <= 2100:
        raise ValueError(f"expected a year such as 2001, found {cell!r}")
    if col.minimum is not None and iv < col.minimum:
        raise ValueError(f"expected a whole number of at least {col.minimum:g}, found {cell!r}")
    return iv


def _frame_rows(df: pd.DataFrame) -> tuple[list[str], list[tuple[int, list[str]]]]:
    header = [str(c) for c in df.columns]
    rows = []
    for i, values in enumerate(df.itertuples(index=False, name=None)):
        cells = []
        for v in values:
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
                cells.append("")
            elif isinstance(v, float) and v.is_integer():
                cells.append(str(int(v)))
            else:
                cells.append(str(v))
        rows.append((i + 2, cells))
    return header, rows


def _csv_rows(text: str, name: str) -> tuple[list[str] | None, int, list[tuple[int, list[str]]]]:
    rows = list(csv_lines(text, name))
    if not rows:
        return None, 1, []
    (header_line, header), *rest = rows
    return header, header_line, rest


#: From this many characters on, :func:`read_table` tries pandas' C reader first.
FAST_READ_CHARS = 200_000
# characters splitlines() takes for line ends and the csv module does not: the fast reader stands aside
_ODD_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _fast_table(text: str, columns: Sequence[Column], what: str) -> pd.DataFrame | None:
    """:func:`read_table`'s result by pandas' C reader and vectorised checks, or ``None`` to read row by row.

    Used for large, plain files (no quotes, no blank lines, no unusual line breaks): then
    row ``i`` is on line ``i + 2``. Anything the vectorised checks do not pass (a bad cell,
    a ragged row, a header problem) returns ``None``, and the row-by-row reader finds and
    names it, in the same words as for a small file. A million rows: seconds, not a minute.
    """
    if len(text) < FAST_READ_CHARS or '"' in text or _ODD_BREAKS.search(text):
        return None
    lines = text.splitlines()
    if not lines or any(not ln.strip() for ln in lines):
        return None
    delimiter = delimiter_of(text)
    import csv as _csv

    try:
        raw = pd.read_csv(_io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, header=0,
                          skip_blank_lines=False, quoting=_csv.QUOTE_NONE, engine="c", index_col=False)
    except Exception:  # a ragged row and the like: the row-by-row reader names it
        return None
    if len(raw) != len(lines) - 1:
        return None
    names = [header_name(h) for h in raw.columns]
    if any(not n for n in names) or len(set(names)) != len(names) or any(
            str(h).startswith("Unnamed:") for h in raw.columns):
        return None
    raw.columns = names
    spec = {c.name: c for c in columns}
    if any(c.required and c.name not in spec for c in columns) or any(
            c.required and c.name not in names for c in columns):
        return None
    index = pd.Index(range(2, len(raw) + 2), name="line", dtype="int64")
    frame: dict[str, pd.Series] = {}
    cells = {h: raw[h].fillna("").str.strip().set_axis(index) for h in names}
    for c in columns:
        if c.name not in cells:
            frame[c.name] = pd.Series([c.default] * len(index), index=index,
                                      dtype="float64" if c.kind == "number" else "object")
            continue
        col = _fast_column(cells[c.name], c)
        if col is None:
            return None
        frame[c.name] = col
    for h in names:
        if h not in spec:
            v = cells[h]
            frame[h] = v.where(v != "", None).astype(object)
    return pd.DataFrame(frame, index=index)


def _fast_column(cells: pd.Series, c: Column) -> pd.Series | None:
    """One column converted as :func:`_convert` would, or ``None`` if any cell needs the slow path."""
    empty = cells == ""
    if empty.any() and (not c.allow_empty or c.kind not in ("text", "number")):
        return None
    if c.kind == "text":
        if c.choices is not None and not (cells.isin(c.choices) | empty).all():
            return None
        return cells.where(~empty, None).astype(object)
    if c.kind == "flag":
        low = cells.str.lower()
        if not low.isin(_TRUE | _FALSE).all():
            return None
        return low.isin(_TRUE).astype(object)
    s = cells.str.lstrip("£$€").str.strip()
    grouped = s.str.fullmatch(_GROUPED.pattern)
    s = s.where(~grouped, s.str.replace(",", "", regex=False))
    if not (s.str.fullmatch(_NUMBER.pattern) | empty).all():
        return None
    v = pd.to_numeric(s.where(~empty, None), errors="coerce").astype("float64")
    ok = v.isna() | (v.abs() <= (math.inf if c.maximum is None else c.maximum))
    if c.minimum is not None:
        ok &= v.isna() | (v >= c.minimum)
    if not ok.all() or not (v.isna() == empty).all():
        return None
    if c.kind == "number":
        return v
    if not (v == v.round()).all() or (c.kind == "year" and not v.between(1900, 2100).all()):
        return None
    return v.astype("int64")


def read_table(
    source: str | Path | IO | pd.DataFrame,
    columns: Sequence[Column],
    *,
    what: str = "table",
    name: str | None = None,
) -> pd.DataFrame:
    """Read and check a CSV table (or a DataFrame) against column specifications.

    Parameters
    ----------
    source
        Path, open text/binary file, or a DataFrame.
    columns
        The columns the table must (or may) have.
    what
        What the table is, for messages (``"need table"``).
    name
        Name used for the source in messages (default: the path, or ``what`` for a DataFrame).

    Returns
    -------
    pandas.DataFrame
        One column per specified column (in that order, optional absent ones filled with
        their ``default``) followed by any other columns of the file as text; the index,
        named ``line``, holds each row's CSV line number.

    Raises
    ------
    CLSPInputError
        Naming the file, the line and the column: an unreadable file, a missing required
        column, a repeated column, an empty required cell, a bad number or an unknown value.

    Examples
    --------
    >>> import io
    >>> spec = [Column("person"), Column("body")]
    >>> read_table(io.StringIO("person;body\\nAnn;Board\\n"), spec).to_dict("records")
    [{'person': 'Ann', 'body': 'Board'}]
    >>> read_table(io.StringIO("person,org\\nAnn,Board\\n"), spec, what="affiliation table")
    Traceback (most recent call last):
    ...
    clsp_research.errors.CLSPInputError: <stream>:1: body: missing column body; the affiliation table needs ...
    """
    if isinstance(source, pd.DataFrame):
        src_name = name or what
        header, rows = _frame_rows(source)
        header_line = 1
    else:
        text, src_name = _read_text(source)
        src_name = name or src_name
        fast = _fast_table(text, columns, what)
        if fast is not None:
            fast.attrs["source"] = src_name
            return fast
        header, header_line, rows = _csv_rows(text, src_name)
    needed = [c.name for c in columns if c.required]
    if header is None:
        raise CLSPInputError(
            f"the {what} is empty; expected a header with the columns {', '.join(needed)}",
            file=src_name,
            line=1,
        )
    names = [header_name(h) for h in header]
    check_header(names, needed, what=what, source=src_name, line=header_line)
    spec = {c.name: c for c in columns}
    extra = [h for h in names if h and h not in spec]
    data: dict[str, list[Any]] = {c.name: [] for c in columns}
    data.update({h: [] for h in extra})
    lines: list[int] = []
    for line, cells in rows:
        if len(cells) > len(names) and any(cells[len(names) :]):
            raise CLSPInputError(
                f"this row has {len(cells)} values but the header names {len(names)} columns",
                file=src_name,
                line=line,
            )
        by_name = {h: (cells[j] if j < len(cells) else "") for j, h in enumerate(names) if h}
        for c in columns:
            if c.name not in by_name:
                data[c.name].append(c.default)
                continue
            cell = by_name[c.name]
            if cell == "" and not c.allow_empty:
                hint = f" (one of: {', '.join(c.choices)})" if c.choices else ""
                raise CLSPInputError(
                    f"this {what} row has no {c.name}{hint}", file=src_name, line=line, field=c.name
                )
            try:
                data[c.name].append(_convert(cell, c))
            except ValueError as exc:
                raise CLSPInputError(str(exc), file=src_name, line=line, field=c.name) from None
        for h in extra:
            data[h].append(by_name[h] or None)
        lines.append(line)
    frame: dict[str, pd.Series] = {}
    index = pd.Index(lines, name="line", dtype="int64")
    for c in columns:
        values = data[c.name]
        if c.kind == "number":
            frame[c.name] = pd.Series(values, index=index, dtype="float64")
        elif c.kind in ("int", "year") and all(v is not None for v in values):
            frame[c.name] = pd.Series(values, index=index, dtype="int64")
        else:
            frame[c.name] = pd.Series(values, index=index, dtype="object")
    for h in extra:
        frame[h] = pd.Series(data[h], index=index, dtype="object")
    out = pd.DataFrame(frame, index=index)
    out.attrs["source"] = src_name
    return out


def check_unique(df: pd.DataFrame, keys: Iterable[str], *, what: str = "table") -> None:
    """Raise if two rows share the same values in ``keys`` (naming the second row's line).

    Rows are compared on the values as read; ``df`` comes from :func:`read_table`
    (index = line numbers, ``attrs['source']`` = file name).

    Examples
    --------
    >>> import io
    >>> df = read_table(io.StringIO("area,category\\nN,debt\\nS,debt\\nN,debt\\n"),
    ...                 [Column("area"), Column("category")])
    >>> check_unique(df, ["area", "category"], what="need table")
    Traceback (most recent call last):
    ...
    clsp_research.errors.CLSPInputError: <stream>:4: area: this need table row repeats ... of line 2
    """
    keys = list(keys)
    if not df.duplicated(keys).any():  # vectorised: a million rows in a second
        return
    first: dict[tuple, Any] = {}
    for line, *values in df[keys].itertuples(index=True, name=None):
        key = tuple(values)
        if key in first:
            desc = ", ".join(f"{k} {v!r}" for k, v in zip(keys, values, strict=True) if v is not None)
            raise CLSPInputError(
                f"this {what} row repeats {desc} of line {first[key]}",
                file=df.attrs.get("source"),
                line=int(line),
                field=keys[0],
            )
        first[key] = line
