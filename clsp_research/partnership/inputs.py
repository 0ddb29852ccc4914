"""What reading any input needs: a file's text with clear errors, the model's field kinds, located issues.

The YAML case-file reader (:mod:`~clsp_research.partnership.casefile`), the CSV importer
(:mod:`~clsp_research.partnership.formats`) and the checks
(:mod:`~clsp_research.partnership.checks`) share these pieces, so a file that cannot be
read, a field of the wrong kind or an unknown member id is reported in the same words
whatever format it came in. The field kinds are read from the model's dataclasses, so a
new field of :class:`~clsp_research.partnership.model.Member` is picked up by every reader.

Examples
--------
>>> _kind_of("tuple[str, ...]"), _kind_of("int | None")
('texts', 'int')
>>> _id_list(["lsc", "cab", "law"], near="cabb")
"did you mean 'cab'? Member ids are: lsc, cab, law"
"""

from __future__ import annotations

import codecs
import difflib
import functools
from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO, Any

from ..errors import CLSPInputError
from .graphmap import kind_of as _kind_of
from .model import (
    Member,
    MembershipChange,
    PartnershipInfo,
    Representative,
    Tie,
)

__all__ = ["Issue"]

_MAX_LISTED = 25  # ids listed in an error message before "... and N more"


@dataclass(frozen=True)
class Issue:
    """A problem found in a case: where it is and what is wrong.

    ``level`` is ``"warning"`` (the case loads; something looks odd) or ``"error"``.

    Examples
    --------
    >>> print(Issue("member 'x' has no ties", file="a.yaml", line=9, field="members[2]"))
    a.yaml:9: members[2]: member 'x' has no ties
    """

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    level: str = "warning"
    column: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        return f"{where}{self.field + ': ' if self.field else ''}{self.message}"

    @classmethod
    def from_error(cls, exc: CLSPInputError) -> Issue:
        """The issue of an input error."""
        return cls(
            exc.message,
            file=None if exc.file is None else str(exc.file),
            line=exc.line,
            field=exc.field,
            level="error",
            column=getattr(exc, "column", None),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form for ``--json``: ``text`` is the full one-line message."""
        return {
            "level": self.level,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "text": str(self),
        }



# --------------------------------------------------------------------------------------
# Field kinds, read from the model's dataclasses (so a new model field is picked up)
# --------------------------------------------------------------------------------------
_KINDS: dict[type, dict[str, str]] = {
    cls: {f.name: _kind_of(f.type) for f in fields(cls)}
    for cls in (PartnershipInfo, Member, Tie, Representative, MembershipChange)
}
_WHAT = {
    PartnershipInfo: "partnership",
    Member: "member",
    Tie: "tie",
    Representative: "representative",
    MembershipChange: "membership change",
}
_REQUIRED = {
    PartnershipInfo: ("name",),
    Member: ("id", "name", "groups"),
    Tie: ("source", "target", "kind"),
    Representative: ("name",),
    MembershipChange: ("year", "member", "change"),
}


def _known_keys(cls: type) -> list[str]:
    return [k for k in _KINDS[cls] if k != "attrs"]


@functools.lru_cache(maxsize=1024)
def _close_field(cls: type, key: str) -> str | None:
    """The field name ``key`` is probably a misspelling of, if any."""
    close = difflib.get_close_matches(key, _known_keys(cls), n=1, cutoff=0.75)
    return close[0] if close else None


def _id_list(ids: Sequence[str], near: str | None = None) -> str:
    """'a, b, c' (shortened for long lists), with a did-you-mean for ``near``."""
    if not ids:
        return "(there are no members)"
    shown = ", ".join(ids[:_MAX_LISTED])
    if len(ids) > _MAX_LISTED:
        shown += f", ... and {len(ids) - _MAX_LISTED} more"
    if near is not None:
        close = difflib.get_close_matches(near, list(ids), n=3, cutoff=0.7)
        if close:
            return f"did you mean {' or '.join(repr(c) for c in close)}? Member ids are: {shown}"
    return f"member ids are: {shown}"


# --------------------------------------------------------------------------------------
# Reading text
# --------------------------------------------------------------------------------------
def _read_text(path: str | Path, what: str = "file") -> str:
    """The UTF-8 text of a file, or a :class:`CLSPInputError` saying why it cannot be read."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise CLSPInputError(f"no such {what}", file=str(path)) from None
    except IsADirectoryError:
        raise CLSPInputError(f"is a directory; expected a {what}", file=str(path)) from None
    except PermissionError:
        raise CLSPInputError("permission denied: cannot read the file", file=str(path)) from None
    except OSError as exc:
        raise CLSPInputError(f"cannot read the file: {exc.strerror}", file=str(path)) from None
    return _decode(data, str(path))


def _decode(data: bytes, source: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CLSPInputError("the file is UTF-16 text; save it as UTF-8", file=source, line=1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = data[exc.start : exc.start + 1].decode("cp1252", errors="replace")
        raise CLSPInputError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} at column {col}, "
            f"perhaps a {guess!r} saved by a Windows program); save it as UTF-8 "
            "(in Excel: 'CSV UTF-8')",
            file=source,
            line=line,
        ) from None


def _source_of(path_or_file: Any) -> str:
    return str(getattr(path_or_file, "name", "<stream>"))


def _text_of(path_or_file: str | Path | IO, what: str) -> tuple[str, str]:
    """(text, source name) of a path or an open text/binary file."""
    if hasattr(path_or_file, "read"):
        source = _source_of(path_or_file)
        data = path_or_file.read()  # type: ignore[union-attr]
        return (_decode(data, source) if isinstance(data, bytes) else data.lstrip("\ufeff")), source
    return _read_text(path_or_file, what), str(path_or_file)
