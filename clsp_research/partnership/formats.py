"""Partnerships in other formats: members and ties CSV tables in, GraphML, GEXF and CSV out.

:func:`load_csv` builds a partnership from a members table and a ties table (a spreadsheet's
export: a byte-order mark, Windows line ends and extra columns are fine); every error names
the file, the line and the column. :func:`export` writes GraphML or GEXF (for Gephi, yEd,
igraph) or the two CSV tables that :func:`load_csv` reads back. Every file written goes
through :mod:`clsp_research.fileio`: a failed export leaves no partial file and keeps the
file that was there before.

**Formula cells.** A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@``
(or a tab or carriage return) as a formula, which someone else opening an exported table
would not expect (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``). Every CSV this module
writes therefore puts an apostrophe before such a cell unless it is a number (``-5`` and
``+1.5`` stay as they are): the usual rule, which spreadsheets read as "this is text"
(:func:`neutralise_cell`); a cell that begins with an apostrophe gets a second one.
:func:`load_csv` takes one leading apostrophe off again (so a partnership exported and read
back is unchanged) and warns (:class:`FormulaCellWarning`) about cells in its input that
a spreadsheet would run; ``clsp import`` prints these warnings.

**Semicolon tables.** A table separated by semicolons comes from a spreadsheet set up for a
language that writes decimals with a comma: its numbers are read that way (``1,5`` is 1.5,
``1.500,25`` is 1500.25).
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from ..errors import CLSPInputError, UnknownValueError
from ..fileio import FORMULA_STARTS, atomic_write, neutralise_cell
from .graphfiles import export_gexf, export_graphml
from .inputs import _KINDS, _REQUIRED, _WHAT, _id_list, _known_keys, _source_of, _text_of
from .model import (
    Member,
    Partnership,
    PartnershipInfo,
    Representative,
    Tie,
)
from .tables import check_header, csv_lines, delimiter_of, header_name

__all__ = [
    "EXPORT_FORMATS",
    "FORMULA_STARTS",
    "FormulaCellWarning",
    "export",
    "export_csv",
    "export_gexf",
    "export_graphml",
    "export_paths",
    "load_csv",
    "neutralise_cell",
    "partnership_csv_for",
    "read_members_csv",
    "read_partnership_csv",
    "read_ties_csv",
]

#: Formats :func:`export` writes.
EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "csv")


# --------------------------------------------------------------------------------------
# CSV import
# --------------------------------------------------------------------------------------
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}
_MEMBER_COLUMNS = [k for k in _known_keys(Member)]
_TIE_COLUMNS = [k for k in _known_keys(Tie)]
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


class FormulaCellWarning(UserWarning):
    """A cell of an input table that a spreadsheet would run as a formula (it is read as text)."""


def _is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text.strip()))


def _unneutralise(cell: str) -> str:
    """Take off the apostrophe :func:`neutralise_cell` put on (one, before a formula start or another)."""
    if cell[:1] == "'" and (cell[1:2] == "'" or cell[1:].startswith(FORMULA_STARTS)):
        return cell[1:]
    return cell


def _decimal_comma(cell: str) -> str:
    """A number written with a decimal comma (``1.500,25``) as one with a point (``1500.25``).

    Examples
    --------
    >>> [_decimal_comma(c) for c in ["1,5", "1.500,25", "1500", "a,b,c"]]
    ['1.5', '1500.25', '1500', 'a,b,c']
    """
    s = cell.strip()
    if "," not in s or s.count(",") > 1:
        return cell
    if re.fullmatch(r"[+-]?[£$€]?\d{1,3}(\.\d{3})+(,\d+)?", s):
        s = s.replace(".", "")
    return s.replace(",", ".")


def _csv_rows(
    path: str | Path | IO, what: str, required: Sequence[str], meta: dict[str, Any] | None = None
) -> tuple[str, list[str], list[tuple[int, dict[str, str]]]]:
    """(source, columns, [(line, {column: cell})]) of a CSV file; header = first non-blank line.

    ``meta``, if given, receives the ``delimiter`` and the ``formula_cells`` ((line, column,
    cell) of cells a spreadsheet would run as formulas). Cells lose the apostrophe
    :func:`neutralise_cell` puts on.
    """
    text, source = _text_of(path, what)
    formulas: list[tuple[int, str, str]] = []
    if meta is not None:
        meta["delimiter"] = delimiter_of(text)
        meta["formula_cells"] = formulas
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for start, cells in csv_lines(text, source):
        if header is None:
            header = [header_name(c) for c in cells]
            single = len([h for h in header if h]) == 1
            check_header(header, required, what=what, source=source, line=start,
                         hint="; the header has a single column: is the file separated by commas?" if single else "")
            continue
        if len(cells) > len(header) and any(cells[len(header) :]):
            raise CLSPInputError(
                f"this row has {len(cells)} values but the header names {len(header)} columns",
                file=source,
                line=start,
            )
        row: dict[str, str] = {}
        for j, h in enumerate(header):
            value = cells[j] if j < len(cells) else ""
            if not h:
                if value:
                    raise CLSPInputError(
                        f"a value ({value!r}) in column {j + 1}, which has no name in the header",
                        file=source,
                        line=start,
                    )
                continue
            if value[:1] in ("=", "+", "-", "@", "'"):
                if value[:1] != "'" and not _is_number(value):
                    formulas.append((start, h, value))
                value = _unneutralise(value)
            row[h] = value
        rows.append((start, row))
    if header is None:
        raise CLSPInputError(
            f"the {what} is empty; expected a header with the columns {', '.join(required)}",
            file=source,
            line=1,
        )
    return source, [h for h in header if h], rows


def _csv_number(cell: str) -> int | float:
    s = cell.lstrip("£$€").strip()
    if _GROUPED.fullmatch(s):
        s = s.replace(",", "")
    if re.fullmatch(r"[+-]?\d+", s):
        return int(s)
    if _NUMBER.fullmatch(s):
        v = float(s)
        if math.isfinite(v):
            return v
    raise ValueError(f"expected a number such as 1200 or 1200.50, found {cell!r}")


def _csv_int(cell: str) -> int:
    try:
        v = _csv_number(cell)
    except ValueError:
        raise ValueError(f"expected a whole number such as 2001, found {cell!r}") from None
    if isinstance(v, float):
        if not v.is_integer():
            raise ValueError(f"expected a whole number such as 2001, found {cell!r}")
        v = int(v)
    return v


def _csv_flag(cell: str) -> bool:
    s = cell.strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(f"expected true or false (or yes/no, 1/0), found {cell!r}")


def _csv_list(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip())


def _csv_representatives(cell: str) -> tuple[Representative, ...]:
    if cell.startswith("["):
        try:
            data = json.loads(cell)
        except json.JSONDecodeError as exc:
            raise ValueError(f"representatives starting with '[' must be a JSON list: {exc.msg}") from None
        if not isinstance(data, list):
            raise ValueError("representatives must be a JSON list")
        out = []
        for r in data:
            if isinstance(r, str):
                out.append(Representative(r))
            elif isinstance(r, dict):
                unknown = set(r) - set(_known_keys(Representative))
                if unknown:
                    raise ValueError(
                        f"unknown key {sorted(unknown)[0]!r} for a representative; expected: "
                        + ", ".join(_known_keys(Representative))
                    )
                out.append(Representative(**r))
            else:
                raise ValueError(f"expected a name or a mapping for a representative, found {r!r}")
        return tuple(out)
    return tuple(Representative(n) for n in _csv_list(cell))


_EXTRA_INT = re.compile(r"-?(0|[1-9]\d*)")
_EXTRA_FLOAT = re.compile(r"-?(0|[1-9]\d*)(\.\d+([eE][+-]?\d+)?|[eE][+-]?\d+)")


def _csv_extra(cell: str) -> Any:
    """An extra column's cell: whole numbers, decimals and true/false are typed, the rest is text.

    Text such as ``007`` or ``1,200`` stays text (a leading zero or a comma is not a number here);
    a JSON list or mapping (``["a", "b"]``, as :func:`export_csv` writes lists) is read as one.
    """
    if cell[:1] in "[{" and cell[-1:] in "]}":
        try:
            return json.loads(cell)
        except json.JSONDecodeError:
            return cell
    if _EXTRA_INT.fullmatch(cell):
        return int(cell)
    if _EXTRA_FLOAT.fullmatch(cell):
        v = float(cell)
        return v if math.isfinite(v) else cell
    low = cell.lower()
    if low in ("true", "false"):
        return low == "true"
    return cell


def _csv_cell(kind: str, cell: str) -> Any:
    if kind == "text":
        return cell
    if kind == "texts":
        return _csv_list(cell)
    if kind == "int":
        return _csv_int(cell)
    if kind == "number":
        return _csv_number(cell)
    if kind == "flag":
        return _csv_flag(cell)
    if kind == "representatives":
        return _csv_representatives(cell)
    return cell


def _csv_objects(path: str | Path | IO, cls: type, what: str) -> tuple[str, list[tuple[int, Any]]]:
    kinds = _KINDS[cls]
    meta: dict[str, Any] = {}
    source, _, rows = _csv_rows(path, what, _REQUIRED[cls], meta)
    for line, col, cell in meta["formula_cells"]:
        shown = cell if len(cell) <= 40 else cell[:37] + "..."
        warnings.warn(FormulaCellWarning(
            f"{source}:{line}: {col}: the cell {shown!r} begins with {cell[0]!r}, which a spreadsheet runs as a "
            "formula; it is read as text (and exported with a leading apostrophe)"), stacklevel=3)
    comma = meta["delimiter"] == ";"
    out = []
    for line, row in rows:
        kwargs: dict[str, Any] = {}
        attrs: dict[str, str] = {}
        for col, cell in row.items():
            kind = kinds.get(col)
            if kind is None or kind == "attrs" or kind == "changes":
                if cell:
                    extra = _csv_extra(_decimal_comma(cell)) if comma else cell
                    attrs[col] = extra if not isinstance(extra, str) else _csv_extra(cell)
                continue
            if not cell:
                continue
            if comma and kind in ("number", "int"):
                cell = _decimal_comma(cell)
            try:
                kwargs[col] = _csv_cell(kind, cell)
            except CLSPInputError as exc:
                raise CLSPInputError(exc.message, file=source, line=line, field=col) from None
            except (ValueError, TypeError) as exc:
                raise CLSPInputError(str(exc), file=source, line=line, field=col) from None
        missing = [c for c in _REQUIRED[cls] if c not in kwargs]
        if missing:
            raise CLSPInputError(
                f"the {missing[0]} is empty; a {_WHAT[cls]} needs " + ", ".join(_REQUIRED[cls]),
                file=source,
                line=line,
                field=missing[0],
            )
        try:
            out.append((line, cls(**kwargs, attrs=attrs)))
        except CLSPInputError as exc:
            fld = (exc.field or "").split(".")[-1] or None
            raise type(exc)(exc.message, file=source, line=line, field=fld) from None
    return source, out


def read_members_csv(path: str | Path | IO) -> list[Member]:
    """Members from a CSV file.

    Columns ``id, name, groups`` are required; ``sector, categories, client_groups,
    resources, attitude, joined, left, area, representatives`` are optional, and any
    other column is kept (as text) in the member's ``attrs``. List values are separated
    by ``;``. Header names are matched ignoring case and spaces (``Client groups``).
    In extra columns, whole numbers (``12``), decimals (``0.5``) and ``true``/``false``
    are read as such; everything else (``007``, ``1,200``, ``yes``) stays text.

    Examples
    --------
    >>> import io
    >>> f = io.StringIO("id,name,groups,resources\\ncab, Anytown CAB ,provider;network,\\"120,000\\"\\n")
    >>> m, = read_members_csv(f)
    >>> m.name, m.groups, m.resources
    ('Anytown CAB', ('provider', 'network'), 120000)
    """
    return [m for _, m in _csv_objects(path, Member, "members file")[1]]


def read_ties_csv(path: str | Path | IO) -> list[Tie]:
    """Ties from a CSV file: ``source, target, kind`` (+ ``formal, since, amount, categories``).

    Examples
    --------
    >>> import io
    >>> t, = read_ties_csv(io.StringIO("source,target,kind,formal\\nlsc,cab,funding,yes\\n"))
    >>> t.kind, t.formal
    ('funding', True)
    """
    return [t for _, t in _csv_objects(path, Tie, "ties file")[1]]


def read_partnership_csv(path: str | Path | IO) -> PartnershipInfo:
    """The partnership's own fields from a two-column table ``field,value`` (as :func:`export_csv` writes it).

    One row per field of :class:`PartnershipInfo` (``name`` is required); lists are separated by
    ``;`` or written as JSON; membership changes are a JSON list; other fields are kept as extra
    attributes.

    Examples
    --------
    >>> import io
    >>> info = read_partnership_csv(io.StringIO("field,value\\nname,Anytown CLSP\\nbudget,Pooled\\n"
    ...                                         "working_groups,debt;housing\\nstrategic_plan,yes\\n"))
    >>> info.name, info.budget, info.working_groups, info.strategic_plan
    ('Anytown CLSP', 'pooled', ('debt', 'housing'), True)
    """
    kinds = _KINDS[PartnershipInfo]
    source, _, rows = _csv_rows(path, "partnership file", ("field", "value"))
    kwargs: dict[str, Any] = {}
    attrs: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for line, row in rows:
        raw, cell = row.get("field", "").strip(), row.get("value", "")
        if not raw:
            if cell:
                raise CLSPInputError("a value without a field name", file=source, line=line, field="field")
            continue
        fld = header_name(raw)
        kind = kinds.get(fld)
        if fld in lines:
            raise CLSPInputError(f"the field {fld!r} is given twice (first on line {lines[fld]})", file=source,
                                 line=line, field=fld)
        lines[fld] = line
        if not cell:
            continue
        try:
            if kind is None or kind == "attrs":
                attrs[raw] = _csv_extra(cell)
            elif kind == "changes" or (kind == "texts" and cell.startswith("[")):
                data = json.loads(cell)
                if not isinstance(data, list):
                    raise ValueError("expected a JSON list")
                kwargs[fld] = tuple(data)
            else:
                kwargs[fld] = _csv_cell(kind, cell)
        except json.JSONDecodeError as exc:
            raise CLSPInputError(f"expected a JSON list such as [\"a\", \"b\"] ({exc.msg})", file=source,
                                 line=line, field=fld) from None
        except (ValueError, TypeError) as exc:
            raise CLSPInputError(str(exc), file=source, line=line, field=fld) from None
    if "name" not in kwargs:
        raise CLSPInputError("no row 'name'; the partnership file needs the partnership's name", file=source,
                             line=1, field="name")
    try:
        return PartnershipInfo(**kwargs, attrs=attrs)
    except TypeError as exc:  # a membership change with a key it does not have
        raise CLSPInputError(str(exc), file=source, line=lines.get("membership_changes"),
                             field="membership_changes") from None
    except CLSPInputError as exc:
        fld = (exc.field or "").split(".")[-1].split("[")[0] or None
        raise type(exc)(exc.message, file=source, line=lines.get(fld or ""), field=fld) from None


def partnership_csv_for(members_csv: Any) -> Path | None:
    """The partnership table that belongs with a members table, if there is one beside it.

    ``out/members.csv`` goes with ``out/partnership.csv``, ``anytown_members.csv`` with
    ``anytown_partnership.csv``.
    """
    if hasattr(members_csv, "read"):
        return None
    p = Path(str(members_csv))
    m = re.fullmatch(r"(.*?)members", p.stem, flags=re.IGNORECASE)
    if not m:
        return None
    cand = p.with_name(f"{m.group(1)}partnership{p.suffix}")
    return cand if cand.is_file() else None


def _default_name(members_csv: Any) -> str:
    if hasattr(members_csv, "read"):
        members_csv = _source_of(members_csv)
    p = Path(str(members_csv))
    stem = re.sub(r"[_\-. ]?members$", "", p.stem, flags=re.IGNORECASE)
    return stem or p.resolve().parent.name or "partnership"


def load_csv(
    members_csv: str | Path | IO,
    ties_csv: str | Path | IO | None = None,
    *,
    name: str | None = None,
    info: PartnershipInfo | Mapping[str, Any] | None = None,
    partnership_csv: str | Path | IO | bool | None = None,
) -> Partnership:
    """A partnership from a members CSV, (optionally) a ties CSV and a partnership CSV.

    Parameters
    ----------
    members_csv, ties_csv
        The two tables (see :func:`read_members_csv`, :func:`read_ties_csv`).
    name
        The partnership's name; by default the one in the partnership table, else the file name
        without ``members`` (``anytown_members.csv`` gives ``anytown``), or its folder's name.
    info
        Partnership-level fields, as a :class:`PartnershipInfo` or a mapping (instead of a
        partnership table).
    partnership_csv
        The partnership's own fields (:func:`read_partnership_csv`); by default (``None``) the
        ``partnership.csv`` beside the members table when there is one
        (:func:`partnership_csv_for`); ``False`` for none.

    Raises
    ------
    CLSPInputError
        Naming the file, the CSV line (the header is line 1) and the column.
    """
    if info is None and partnership_csv is None:
        partnership_csv = partnership_csv_for(members_csv)
    if info is None and partnership_csv not in (None, False):
        info = read_partnership_csv(partnership_csv)  # type: ignore[arg-type]
    if info is None:
        info = PartnershipInfo(name=name or _default_name(members_csv))
    elif not isinstance(info, PartnershipInfo):
        info = PartnershipInfo(**(dict(info) | ({"name": name} if name else {})))
    elif name:
        from dataclasses import replace

        info = replace(info, name=name)
    source, members = _csv_objects(members_csv, Member, "members file")
    p = Partnership(info)
    first: dict[str, int] = {}
    for line, m in members:
        if m.id in first:
            raise CLSPInputError(
                f"duplicate member id {m.id!r} (first on line {first[m.id]})",
                file=source,
                line=line,
                field="id",
            )
        first[m.id] = line
        p.add_member(m)
    for c in info.champions or ():
        if c not in p:
            raise CLSPInputError(
                f"champion {c!r} is not a member; {_id_list(list(first), c)}", field="champions"
            )
    if ties_csv is not None:
        tsource, ties = _csv_objects(ties_csv, Tie, "ties file")
        for line, t in ties:
            for end in ("source", "target"):
                mid = getattr(t, end)
                if mid not in p:
                    raise CLSPInputError(
                        f"unknown member {mid!r}; {_id_list(list(first), mid)}",
                        file=tsource,
                        line=line,
                        field=end,
                    )
            p.add_tie(t)
    return p


# --------------------------------------------------------------------------------------
# Exports
# --------------------------------------------------------------------------------------
def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple):
        return ";".join(_csv_text(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


def _csv_list_text(values: Sequence[str], where: str) -> str:
    for v in values:
        if ";" in v:
            raise CLSPInputError(
                f"the value {v!r} contains ';', which the CSV format uses to separate list items",
                field=where,
            )
    return ";".join(values)


def _member_row(m: Member) -> dict[str, str]:
    row: dict[str, str] = {}
    for col in _MEMBER_COLUMNS:
        v = getattr(m, col)
        kind = _KINDS[Member][col]
        if kind == "texts":
            row[col] = _csv_list_text(v, f"member {m.id!r}.{col}")
        elif kind == "representatives":
            plain = all(r.role is None and r.since is None and r.until is None for r in v)
            names = [r.name for r in v]
            if plain and not any(";" in n or n.strip() != n or n.startswith("[") for n in names):
                row[col] = ";".join(names)
            else:
                row[col] = json.dumps(
                    [{k: x for k, x in vars(r).items() if x is not None} for r in v], ensure_ascii=False
                )
        else:
            row[col] = _csv_text(v)
    for k, v in m.attrs.items():
        row[str(k)] = _extra_text(v)
    return row


def _tie_row(t: Tie) -> dict[str, str]:
    row: dict[str, str] = {}
    for col in _TIE_COLUMNS:
        v = getattr(t, col)
        row[col] = _csv_list_text(v, f"tie {t.source}->{t.target}.{col}") if isinstance(v, tuple) else _csv_text(v)
    for k, v in t.attrs.items():
        row[str(k)] = _extra_text(v)
    return row


def _extra_text(v: Any) -> str:
    """An extra attribute's cell: text, numbers and true/false as such, anything else as JSON."""
    if v is None or isinstance(v, bool | int | float | str):
        return _csv_text(v)
    from .graphfiles import _json

    return _json(v)


def _info_rows(info: PartnershipInfo) -> list[dict[str, str]]:
    from .graphfiles import _json

    rows = []
    for fld, kind in _KINDS[PartnershipInfo].items():
        v = getattr(info, fld)
        if kind == "attrs" or v is None or (v == () and fld not in PartnershipInfo.LIST_FIELDS):
            continue
        if v == ():
            text = "[]"  # recorded as none, not left unrecorded
        elif kind == "changes" or (kind == "texts" and any(";" in x or x != x.strip() or x.startswith("[")
                                                         for x in v)):
            text = _json(v)
        else:
            text = _csv_text(v)
        rows.append({"field": fld, "value": text})
    rows += [{"field": str(k), "value": _extra_text(v)} for k, v in info.attrs.items()]
    return rows


def _write_table(fh: IO, columns: list[str], rows: list[dict[str, str]]) -> None:
    extra: dict[str, None] = {}
    for r in rows:
        for k in r:
            if k not in columns:
                extra[k] = None
    # CRLF (RFC 4180): with it, the writer also quotes text holding a lone "\r"
    w = csv.DictWriter(fh, fieldnames=columns + list(extra), lineterminator="\r\n", restval="")
    w.writeheader()
    w.writerows([{k: neutralise_cell(v) for k, v in r.items()} for r in rows])


def _csv_targets(dest: str | Path) -> tuple[Path, Path, Path]:
    s, d = str(dest), Path(dest)
    if d.is_dir() or s.endswith(("/", os.sep)):
        return d / "members.csv", d / "ties.csv", d / "partnership.csv"
    if d.suffix.lower() == ".csv":
        prefix = str(d.with_suffix("")) + "_"
    elif s.endswith(("_", "-", ".")):
        prefix = s
    else:
        return d / "members.csv", d / "ties.csv", d / "partnership.csv"
    return Path(prefix + "members.csv"), Path(prefix + "ties.csv"), Path(prefix + "partnership.csv")


def export_csv(p: Partnership, dest: str | Path) -> tuple[Path, Path, Path]:
    """Write ``members.csv``, ``ties.csv`` and ``partnership.csv``, which :func:`load_csv` reads back equal.

    ``dest`` is a folder (existing, ending in ``/``, or a new name without a suffix:
    ``out`` gives ``out/members.csv``), or a prefix ending in ``_``, ``-`` or ``.``
    (``out/anytown_`` gives ``out/anytown_members.csv``), or a ``.csv`` name
    (``anytown.csv`` gives ``anytown_members.csv``, ``anytown_ties.csv`` and
    ``anytown_partnership.csv``).

    ``partnership.csv`` holds the partnership's own fields (name, budget, plan...) as
    ``field,value`` rows, so that nothing the assessment reads is lost; :func:`load_csv` finds
    it beside the members table. Extra attributes are written as text, numbers and
    ``true``/``false``, or as JSON when they are lists or mappings; reading them back types
    whole numbers, decimals, ``true``/``false`` and JSON lists (so text that looks like a number
    comes back as a number). Leading and trailing spaces and empty text values are not kept.
    The files are written to temporary files first, so a failure leaves none behind.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = Partnership(PartnershipInfo("P", budget="pooled"), [Member("a", "A", groups=("funder",)),
    ...                 Member("b", "B", groups=("provider",))], [Tie("a", "b", "funding", formal=True)])
    >>> m, t, i = export_csv(p, pathlib.Path(tempfile.mkdtemp()) / "out")
    >>> m.name, t.name, i.name, load_csv(m, t) == p
    ('members.csv', 'ties.csv', 'partnership.csv', True)
    """
    mpath, tpath, ipath = _csv_targets(dest)
    mrows = [_member_row(m) for m in p.members.values()]
    trows = [_tie_row(t) for t in p.ties]
    irows = _info_rows(p.info)
    with atomic_write(mpath) as mfh, atomic_write(tpath) as tfh, atomic_write(ipath) as ifh:
        _write_table(mfh, list(_MEMBER_COLUMNS), mrows)
        _write_table(tfh, list(_TIE_COLUMNS), trows)
        _write_table(ifh, ["field", "value"], irows)
    return mpath, tpath, ipath


def export_paths(to: str, path: str | Path) -> list[Path]:
    """The files :func:`export` would write (to check for files it would replace)."""
    _check_format(to)
    return list(_csv_targets(path)) if to == "csv" else [Path(path)]


def _check_format(to: str) -> None:
    if to not in EXPORT_FORMATS:
        raise UnknownValueError.for_value(to, EXPORT_FORMATS, "export format", field="to")


def export(p: Partnership, to: str, path: str | Path) -> list[Path]:
    """Write ``p`` in format ``to`` (one of :data:`EXPORT_FORMATS`); return the files written."""
    _check_format(to)
    if to == "graphml":
        return [export_graphml(p, path)]
    if to == "gexf":
        return [export_gexf(p, path)]
    return list(export_csv(p, path))
