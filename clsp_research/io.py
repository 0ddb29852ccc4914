"""Reading, checking and writing partnerships: YAML case files, CSV tables, GraphML/GEXF/CSV exports.

A *case file* is YAML with three top-level keys, ``partnership`` (the fields of
:class:`~clsp_research.model.PartnershipInfo`), ``members`` and ``ties`` (see
``DESIGN.md`` and ``data/README.md``). Every error names the file, the line of the
offending value and the field's path (``members[3].groups``, counting from 0), and
for a vocabulary value lists the valid ones. Keys a member, tie or the
partnership block does not know are kept in its ``attrs`` and written back.

Soft problems (an isolated member, a repeated tie, a funding tie from a member
outside the ``funder`` group...) are warnings from :func:`check_case` and
:func:`validate_file`, never errors.

Every file written goes through :mod:`clsp_research.fileio`: a failed export leaves
no partial file and keeps the file that was there before.

Examples
--------
>>> p = loads_case('''
... partnership: {name: Anytown CLSP, established: 2000}
... members:
...   - {id: lsc, name: LSC regional office, groups: [funder], sector: statutory}
...   - {id: cab, name: Anytown CAB, groups: [provider], sector: voluntary}
... ties:
...   - {source: lsc, target: cab, kind: funding, amount: 120000}
... ''')
>>> p
<Partnership 'Anytown CLSP': 2 members, 1 ties>
>>> loads_case(dumps_case(p)) == p
True
>>> try:
...     loads_case('''
... partnership: {name: X}
... members:
...   - {id: a, name: A, groups: [funders]}
... ''', source="x.yaml")
... except CLSPInputError as exc:
...     print(exc.file, exc.line, exc.field)
...     print(exc.message)
x.yaml 4 members[0].groups
unknown stakeholder group 'funders'; expected one of: funder, provider, community, network, other_sector
"""

from __future__ import annotations

import codecs
import csv
import difflib
import functools
import gc
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import IO, Any

from .errors import CLSPInputError, UnknownValueError
from .fileio import atomic_write
from .model import (
    Member,
    MembershipChange,
    Partnership,
    PartnershipInfo,
    Representative,
    Tie,
)
from .tables import check_header, csv_lines, header_name

__all__ = [
    "CASE_SUFFIXES",
    "EXPORT_FORMATS",
    "TOP_LEVEL_KEYS",
    "CaseSyntaxError",
    "Issue",
    "ValidationResult",
    "check_case",
    "dumps_case",
    "export",
    "export_csv",
    "export_gexf",
    "export_graphml",
    "export_paths",
    "load_case",
    "load_csv",
    "loads_case",
    "read_members_csv",
    "read_ties_csv",
    "resolve_case",
    "save_case",
    "validate_file",
]

#: File suffixes of case files (a directory given to ``clsp validate`` is searched for these).
CASE_SUFFIXES: tuple[str, ...] = (".yaml", ".yml")
#: The keys a case file may have at its top level.
TOP_LEVEL_KEYS: tuple[str, ...] = ("partnership", "members", "ties")
#: Formats :func:`export` writes.
EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "csv")

_MAX_LISTED = 25  # ids listed in an error message before "... and N more"


# --------------------------------------------------------------------------------------
# Errors and issues
# --------------------------------------------------------------------------------------
@dataclass
class CaseSyntaxError(CLSPInputError):
    """A file that is not well-formed YAML: the message also gives the column.

    Examples
    --------
    >>> str(CaseSyntaxError("YAML syntax error: bad", file="a.yaml", line=3, column=7))
    'a.yaml:3:7: YAML syntax error: bad'
    """

    column: int | None = None

    def __str__(self) -> str:
        if self.file is not None and self.line is not None and self.column is not None:
            return f"{self.file}:{self.line}:{self.column}: {self.message}"
        return super().__str__()


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


@dataclass
class ValidationResult:
    """What :func:`validate_file` found in one file."""

    path: str
    valid: bool
    members: int | None = None
    ties: int | None = None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (the ``files`` entries of ``clsp validate --json``)."""
        return {
            "path": self.path,
            "valid": self.valid,
            "members": self.members,
            "ties": self.ties,
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
        }


# --------------------------------------------------------------------------------------
# Field kinds, read from the model's dataclasses (so a new model field is picked up)
# --------------------------------------------------------------------------------------
def _kind_of(annotation: Any) -> str:
    a = str(annotation).replace(" ", "")
    if a in ("str", "str|None"):
        return "text"
    if a == "tuple[str,...]":
        return "texts"
    if a in ("int", "int|None"):
        return "int"
    if a in ("float", "float|None"):
        return "number"
    if a in ("bool", "bool|None"):
        return "flag"
    if a.startswith("tuple[Representative"):
        return "representatives"
    if a.startswith("tuple[MembershipChange"):
        return "changes"
    if a.startswith("Mapping"):
        return "attrs"
    return "any"


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


# --------------------------------------------------------------------------------------
# YAML: compose (keeping line numbers) then build the model from the node tree
# --------------------------------------------------------------------------------------
_TAG = "tag:yaml.org,2002:"
_NULL_TAG = _TAG + "null"
_STR_TAG = _TAG + "str"
_INT_TAG = _TAG + "int"
_MERGE_TAG = _TAG + "merge"
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))


class _DuplicateKey(Exception):
    def __init__(self, key: Any, node: Any, first: Any) -> None:
        super().__init__(key)
        self.key, self.node, self.first = key, node, first


def _constructor() -> Any:
    """A SafeConstructor that rejects duplicate mapping keys."""
    import yaml

    class _Strict(yaml.constructor.SafeConstructor):
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            if isinstance(node, yaml.MappingNode):
                _check_duplicates(self, node)
            return super().construct_mapping(node, deep=deep)

    return _Strict()


def _construct(ctor: Any, node: Any) -> Any:
    """The value of a node; common scalars without the constructor's overhead."""
    tag = node.tag
    if tag == _STR_TAG:
        return node.value
    if tag == _INT_TAG and node.value.isascii() and node.value.isdigit() and node.value[:1] != "0":
        return int(node.value)  # a leading 0 means octal in YAML 1.1: leave it to the constructor
    if tag == _NULL_TAG:
        return None
    return ctor.construct_object(node, deep=True)


def _check_duplicates(ctor: Any, node: Any) -> dict[Any, Any]:
    """Keys of a mapping node (merge keys excepted) -> key nodes; raise on a repeated key."""
    seen: dict[Any, Any] = {}
    for knode, _ in node.value:
        if knode.tag == _MERGE_TAG:
            continue
        key = _construct(ctor, knode)
        try:
            hash(key)
        except TypeError:
            raise _DuplicateKey(None, knode, None) from None
        if key in seen:
            raise _DuplicateKey(key, knode, seen[key])
        seen[key] = knode
    return seen


@functools.cache
def _loader_class() -> type:
    """libyaml's safe loader (if present) with a memo of plain scalars' implicit tags.

    Resolving tags is pure Python and dominated loading time; keys and repeated ids
    make most scalars repeats. The memo lives on the loader instance (one file).
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    scalar_node = yaml.ScalarNode

    class _Loader(base):  # type: ignore[misc, valid-type]
        def __init__(self, stream: Any) -> None:
            super().__init__(stream)
            self._tags: dict[str, str] = {}

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is scalar_node and implicit[0]:
                tag = self._tags.get(value)
                if tag is None:
                    tag = self._tags[value] = super().resolve(kind, value, implicit)
                return tag
            return super().resolve(kind, value, implicit)

    return _Loader


def _compose(text: str, source: str) -> Any:
    import yaml

    try:
        return yaml.compose(text, Loader=_loader_class())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "not valid YAML"
        msg = f"YAML syntax error: {problem}"
        if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
            msg += f" ({exc.context} on line {exc.context_mark.line + 1})"
        if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            msg = "YAML syntax error: a tab character; indent with spaces, not tabs"
        if "single document" in f"{problem} {exc.context}":
            msg = "YAML syntax error: a case file holds one document; remove the second '---'"
        raise CaseSyntaxError(
            msg,
            file=source,
            line=None if mark is None else mark.line + 1,
            column=None if mark is None else mark.column + 1,
        ) from None
    except yaml.YAMLError as exc:  # ReaderError (forbidden characters) and the like
        pos = getattr(exc, "position", None)
        line = text.count("\n", 0, pos) + 1 if isinstance(pos, int) else None
        reason = getattr(exc, "reason", None) or str(exc).splitlines()[0]  # not PyYAML's "in <unicode string>"
        char = getattr(exc, "character", None)
        if isinstance(char, int) or (isinstance(char, str) and len(char) == 1):
            reason = f"{reason} (character U+{char if isinstance(char, int) else ord(char):04X})"
        raise CLSPInputError(f"not a readable YAML file: {reason}; expected a UTF-8 text file", file=source,
                             line=line) from None


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Composing a large YAML file creates hundreds of thousands of nodes, and the
    collector's repeated full passes over them took about 80% of the loading time
    (5,000 members: 2.2 s with, 0.45 s without).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if 0 <= line < len(lines) else ""


def _describe(node: Any) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == _NULL_TAG:
        return "nothing"
    text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return repr(text)


@dataclass
class _Loaded:
    partnership: Partnership
    members: list[Member]
    ties: list[Tie]
    lines: dict[str, int]
    notes: list[Issue]
    source: str


class _Doc:
    """Builds a partnership from a composed YAML node tree, with located errors."""

    def __init__(self, source: str) -> None:
        import yaml

        self.yaml = yaml
        self.source = source
        self.ctor = _constructor()
        self.lines: dict[str, int] = {}
        self.notes: list[Issue] = []
        self._pairs: dict[int, dict[Any, tuple[Any, Any]]] = {}

    # -- primitives -------------------------------------------------------------------
    @staticmethod
    def line(node: Any) -> int:
        return node.start_mark.line + 1

    def fail(self, message: str, node: Any, fld: str | None) -> CLSPInputError:
        return CLSPInputError(message, file=self.source, line=self.line(node), field=fld or None)

    def pairs(self, node: Any, path: str, what: str) -> dict[Any, tuple[Any, Any]]:
        """Key -> (key node, value node) of a mapping node, checked for repeated keys."""
        if not isinstance(node, self.yaml.MappingNode):
            raise self.fail(f"expected {what} (key: value pairs), found {_describe(node)}", node, path)
        memo = self._pairs.get(id(node))
        if memo is not None:
            return memo
        try:
            _check_duplicates(self.ctor, node)
            self.ctor.flatten_mapping(node)
        except _DuplicateKey as exc:
            key_path = f"{path}.{exc.key}" if path and exc.first is not None else path or str(exc.key)
            raise self.duplicate(exc, key_path) from None
        except self.yaml.constructor.ConstructorError as exc:
            raise self.constructor_error(exc, node, path) from None
        out: dict[Any, tuple[Any, Any]] = {}
        for knode, vnode in node.value:
            out[_construct(self.ctor, knode)] = (knode, vnode)
        self._pairs[id(node)] = out
        return out

    def duplicate(self, exc: _DuplicateKey, path: str) -> CLSPInputError:
        if exc.first is None:
            return self.fail("a key must be a single value, not a list or mapping", exc.node, path)
        return self.fail(
            f"the key {exc.key!r} appears twice (first on line {self.line(exc.first)}); "
            "keep one of them",
            exc.node,
            path,
        )

    def constructor_error(self, exc: Any, node: Any, path: str) -> CLSPInputError:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else self.line(node)
        return CLSPInputError(
            f"cannot read this value: {exc.problem or exc}", file=self.source, line=line, field=path
        )

    def value(self, node: Any, path: str) -> Any:
        """Any YAML value (for extra attributes), with repeated keys rejected."""
        try:
            return _construct(self.ctor, node)
        except _DuplicateKey as exc:
            raise self.duplicate(exc, path) from None
        except self.yaml.constructor.ConstructorError as exc:
            raise self.constructor_error(exc, node, path) from None

    def check_tag(self, node: Any, path: str) -> None:
        if node.tag not in _SCALAR_TAGS:
            tag = node.tag.replace(_TAG, "!!", 1)
            raise self.fail(f"unsupported YAML tag {tag!r}; write plain values", node, path)

    def text(self, node: Any, path: str) -> str | None:
        """A text value; a plain scalar keeps its source text (``id: 007`` is '007', ``no`` is 'no')."""
        if not isinstance(node, self.yaml.ScalarNode):
            raise self.fail(f"expected text, found {_describe(node)}", node, path)
        self.check_tag(node, path)
        if node.tag == _NULL_TAG:
            return None
        return node.value

    def texts(self, node: Any, path: str) -> tuple[str, ...]:
        if isinstance(node, self.yaml.ScalarNode):
            t = self.text(node, path)
            return () if t is None else (t,)
        if not isinstance(node, self.yaml.SequenceNode):
            raise self.fail(f"expected a list of text values, found {_describe(node)}", node, path)
        out = []
        for item in node.value:
            t = self.text(item, path)
            if t is None:
                raise self.fail("expected text, found an empty list item", item, path)
            out.append(t)
        return tuple(out)

    def items(self, node: Any, path: str, what: str) -> list[Any]:
        """Item nodes of a list (an empty value counts as an empty list)."""
        if isinstance(node, self.yaml.ScalarNode) and node.tag == _NULL_TAG:
            return []
        if not isinstance(node, self.yaml.SequenceNode):
            raise self.fail(f"expected a list of {what}, found {_describe(node)}", node, path)
        return list(node.value)

    def convert(self, kind: str, node: Any, path: str) -> Any:
        if kind == "text":
            return self.text(node, path)
        if kind == "texts":
            return self.texts(node, path)
        if kind == "representatives":
            out = []
            for i, item in enumerate(self.items(node, path, "representatives")):
                ipath = f"{path}[{i}]"
                if isinstance(item, self.yaml.ScalarNode):
                    out.append(self.build(Representative, {"name": (item, item)}, item, ipath))
                else:
                    out.append(self.build(Representative, self.pairs(item, ipath, "a representative"), item, ipath))
            return tuple(out)
        if kind == "changes":
            out = []
            for i, item in enumerate(self.items(node, path, "membership changes")):
                ipath = f"{path}[{i}]"
                self.lines[ipath] = self.line(item)
                pairs = self.pairs(item, ipath, "a membership change")
                if "member" in pairs:
                    self.lines[f"{ipath}.member"] = self.line(pairs["member"][1])
                out.append(self.build(MembershipChange, pairs, item, ipath))
            return tuple(out)
        if isinstance(node, self.yaml.ScalarNode):
            self.check_tag(node, path)
        value = self.value(node, path)
        if kind == "number" and isinstance(value, float) and not math.isfinite(value):
            raise self.fail(f"expected a finite number, found {node.value!r}", node, path)
        return value

    # -- model objects ----------------------------------------------------------------
    def build(self, cls: type, pairs: dict[Any, tuple[Any, Any]], node: Any, path: str) -> Any:
        kinds = _KINDS[cls]
        what = _WHAT[cls]
        missing = [k for k in _REQUIRED[cls] if k not in pairs]
        if missing:
            raise self.fail(
                f"missing {', '.join(missing)}; a {what} needs "
                + ", ".join(_REQUIRED[cls]),
                node,
                f"{path}.{missing[0]}",
            )
        kwargs: dict[str, Any] = {}
        attrs: dict[Any, Any] = {}
        for key, (knode, vnode) in pairs.items():
            kpath = f"{path}.{key}"
            kind = kinds.get(key) if isinstance(key, str) else None
            if kind is None or kind == "attrs":
                if "attrs" not in kinds:
                    raise self.fail(
                        f"unknown key {key!r} for a {what}; expected: " + ", ".join(_known_keys(cls)),
                        knode,
                        kpath,
                    )
                attrs[key] = self.value(vnode, kpath)
                if (
                    getattr(node, "flow_style", False)
                    and isinstance(vnode, self.yaml.ScalarNode)
                    and vnode.tag == _NULL_TAG
                    and vnode.value == ""
                ):
                    self.notes.append(
                        Issue(
                            f"{key!r} is a key without a value: inside {{ }} an unquoted comma starts "
                            "a new key; put the text in quotes (e.g. \"a, b\") if the comma belongs to it",
                            file=self.source,
                            line=self.line(knode),
                            field=kpath,
                        )
                    )
                elif isinstance(key, str):
                    close = _close_field(cls, key)
                    if close:
                        self.notes.append(
                            Issue(
                                f"unknown key {key!r} kept as an extra attribute; "
                                f"did you mean {close!r}?",
                                file=self.source,
                                line=self.line(knode),
                                field=kpath,
                            )
                        )
                continue
            kwargs[key] = self.convert(kind, vnode, kpath)
        if "attrs" in kinds:
            kwargs["attrs"] = attrs
        try:
            return cls(**kwargs)
        except CLSPInputError as exc:
            raise self.relocate(exc, pairs, node, path) from None

    def relocate(
        self, exc: CLSPInputError, pairs: dict[Any, tuple[Any, Any]], node: Any, path: str
    ) -> CLSPInputError:
        fld = (exc.field or "").removeprefix("partnership.")
        line = self.line(node)
        if fld in pairs:
            vnode = pairs[fld][1]
            line = self.line(vnode)
            if isinstance(vnode, self.yaml.SequenceNode):  # point at the offending item
                for item in vnode.value:
                    if isinstance(item, self.yaml.ScalarNode) and repr(item.value) in exc.message:
                        line = self.line(item)
                        break
        return type(exc)(
            exc.message, file=self.source, line=line, field=f"{path}.{fld}" if fld else path
        )


def _parse(text: str, source: str) -> _Loaded:
    """Parse a case file's text into a partnership plus what validation needs."""
    with _no_gc():
        return _parse_text(text, source)


def _parse_text(text: str, source: str) -> _Loaded:
    root = _compose(text.lstrip("\ufeff"), source)
    if root is None:
        raise CLSPInputError(
            "the file is empty; expected the keys partnership, members and ties", file=source, line=1
        )
    doc = _Doc(source)
    if not isinstance(root, doc.yaml.MappingNode) and source.lower().endswith((".csv", ".tsv")):
        raise doc.fail(
            "this is a CSV table, not a YAML case file; read members and ties tables with "
            "clsp_research.io.load_csv(members_csv, ties_csv)",
            root,
            None,
        )
    top = doc.pairs(root, "", "a case file: a mapping with the keys partnership, members and ties")
    for key, (knode, _) in top.items():
        if key not in TOP_LEVEL_KEYS:
            hint = difflib.get_close_matches(str(key), TOP_LEVEL_KEYS, n=1)
            raise doc.fail(
                f"unknown top-level key {key!r}"
                + (f" (did you mean {hint[0]!r}?)" if hint else "")
                + "; a case file has the keys partnership, members and ties "
                "(put further partnership-level fields under partnership:)",
                knode,
                str(key),
            )
    for key in ("partnership", "members"):
        if key not in top:
            raise doc.fail(
                f"missing the top-level key {key!r}; a case file has the keys "
                "partnership, members and ties",
                root,
                key,
            )
    pnode = top["partnership"][1]
    info = doc.build(PartnershipInfo, doc.pairs(pnode, "partnership", "a mapping"), pnode, "partnership")
    pinfo_pairs = doc.pairs(pnode, "partnership", "a mapping")

    members: list[Member] = []
    first_line: dict[str, int] = {}
    for i, mnode in enumerate(doc.items(top["members"][1], "members", "members")):
        path = f"members[{i}]"
        pairs = doc.pairs(mnode, path, "a member")
        m = doc.build(Member, pairs, mnode, path)
        if m.id in first_line:
            raise doc.fail(
                f"duplicate member id {m.id!r} (first used on line {first_line[m.id]}); "
                "member ids must be unique",
                pairs["id"][1],
                f"{path}.id",
            )
        first_line[m.id] = doc.line(pairs["id"][1])
        doc.lines[path] = doc.line(mnode)
        members.append(m)
    ids = [m.id for m in members]

    if "champions" in pinfo_pairs:
        cnode = pinfo_pairs["champions"][1]
        cnodes = cnode.value if isinstance(cnode, doc.yaml.SequenceNode) else [cnode]
        for c, node in zip(info.champions, cnodes, strict=False):
            if c not in first_line:
                raise doc.fail(
                    f"champion {c!r} is not a member; {_id_list(ids, c)}",
                    node,
                    "partnership.champions",
                )

    ties: list[Tie] = []
    if "ties" in top:
        for i, tnode in enumerate(doc.items(top["ties"][1], "ties", "ties")):
            path = f"ties[{i}]"
            pairs = doc.pairs(tnode, path, "a tie")
            t = doc.build(Tie, pairs, tnode, path)
            for end in ("source", "target"):
                mid = getattr(t, end)
                if mid not in first_line:
                    raise doc.fail(
                        f"unknown member {mid!r}; {_id_list(ids, mid)}",
                        pairs[end][1],
                        f"{path}.{end}",
                    )
            doc.lines[path] = doc.line(tnode)
            ties.append(t)

    p = Partnership(info)
    for m in members:
        p.add_member(m)
    for t in ties:
        p.add_tie(t)
    return _Loaded(p, members, ties, doc.lines, doc.notes, source)


def load_case(path: str | Path | IO) -> Partnership:
    """Read a YAML case file.

    Parameters
    ----------
    path
        Path of the file, or an open text or binary file.

    Returns
    -------
    Partnership

    Raises
    ------
    CLSPInputError
        For a file that cannot be read or is not a valid case file; the error names the
        file, the line and the field (``CaseSyntaxError``, with the column, for bad YAML).

    Examples
    --------
    >>> import io
    >>> fh = io.StringIO("partnership: {name: P}\\nmembers: [{id: a, name: A, groups: community}]")
    >>> load_case(fh).members["a"].groups
    ('community',)
    """
    text, source = _text_of(path, "case file")
    return _parse(text, source).partnership


def loads_case(text: str, source: str = "<string>") -> Partnership:
    """Parse a case file held in a string; ``source`` names it in error messages."""
    return _parse(text, source).partnership


# --------------------------------------------------------------------------------------
# Writing case files
# --------------------------------------------------------------------------------------
_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any, where: str) -> Any:
    """``value`` as plain YAML data (tuples and sets become lists)."""
    import datetime as _dt

    if isinstance(value, (*_SCALARS, _dt.date)):
        return value
    if isinstance(value, Mapping):
        return {k: _plain(v, where) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, where) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_plain(v, where) for v in value)
    raise CLSPInputError(
        f"cannot write a value of type {type(value).__name__} to a case file: {value!r}",
        field=where,
    )


def _checked_dict(obj: Any, where: str) -> dict[str, Any]:
    clash = [k for k in obj.attrs if k in _KINDS[type(obj)]]
    if clash:
        raise CLSPInputError(
            f"extra attribute {clash[0]!r} has the name of a field; rename it", field=where
        )
    return _plain(obj.to_dict(), where)


def dumps_case(p: Partnership) -> str:
    """The YAML text of a case file for ``p`` (what :func:`save_case` writes)."""
    import yaml

    class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
        def ignore_aliases(self, data: Any) -> bool:
            return True

    data = {
        "partnership": _checked_dict(p.info, "partnership"),
        "members": [_checked_dict(m, f"members[{i}]") for i, m in enumerate(p.members.values())],
        "ties": [_checked_dict(t, f"ties[{i}]") for i, t in enumerate(p.ties)],
    }
    with _no_gc():
        return yaml.dump(
            data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
        )


def save_case(p: Partnership, path: str | Path) -> Path:
    """Write ``p`` as a YAML case file, atomically; :func:`load_case` reads back an equal partnership.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = Partnership("P", [Member("a", "A", groups=("funder",)), Member("b", "B", groups=("provider",))],
    ...                 [Tie("a", "b", "funding", amount=5000)])
    >>> f = save_case(p, pathlib.Path(tempfile.mkdtemp()) / "p.yaml")
    >>> load_case(f) == p
    True
    """
    text = dumps_case(p)
    with atomic_write(path) as fh:
        fh.write(text)
    return Path(path)


def resolve_case(ref: str | Path) -> Path:
    """The case file a command-line argument names: a path, or a shipped case study's name.

    Raises
    ------
    CLSPInputError
        If ``ref`` is neither an existing file nor the name of a shipped case study.
    """
    path = Path(ref)
    if path.exists():
        return path
    if path.suffix == "" and len(path.parts) == 1:
        from .datasets import case_studies, case_study_path

        try:
            names = case_studies()
        except FileNotFoundError:
            names = []
        if str(ref) in names:
            return case_study_path(str(ref))
        listed = ", ".join(names) if names else "(none shipped)"
        raise CLSPInputError(
            f"no such file or shipped case study; case studies are: {listed}", file=str(ref)
        )
    raise CLSPInputError("no such case file", file=str(ref))


# --------------------------------------------------------------------------------------
# Checks (warnings)
# --------------------------------------------------------------------------------------
def _tie_label(t: Tie) -> str:
    arrow = "->" if t.directed else "--"
    return f"{t.kind} tie {t.source!r} {arrow} {t.target!r}"


def _lint(
    p: Partnership,
    members: Sequence[Member],
    ties: Sequence[Tie],
    lines: Mapping[str, int] | None = None,
    source: str | None = None,
) -> list[Issue]:
    from_file = lines is not None
    lines = lines or {}

    def issue(message: str, path: str, line_key: str | None = None) -> Issue:
        return Issue(
            message,
            file=source,
            line=lines.get(line_key or path),
            field=path if from_file else None,
        )

    out: list[Issue] = []
    if not members:
        out.append(Issue("the partnership has no members", file=source))
    elif not ties:
        out.append(Issue("no ties are recorded, so every network measure will be empty", file=source))
    else:
        degree = p.graph.degree
        for i, m in enumerate(members):
            if degree[m.id] == 0:
                out.append(issue(f"member {m.id!r} has no ties to any other member", f"members[{i}]"))
    for i, m in enumerate(members):
        if m.joined is not None and m.left is not None and m.left < m.joined:
            out.append(issue(f"member {m.id!r} left ({m.left}) before it joined ({m.joined})", f"members[{i}]"))
        for r in m.representatives:
            if r.since is not None and r.until is not None and r.until < r.since:
                out.append(
                    issue(
                        f"representative {r.name!r} of {m.id!r} ends ({r.until}) before starting ({r.since})",
                        f"members[{i}]",
                    )
                )
    first: dict[tuple[Any, ...], int] = {}
    for j, t in enumerate(ties):
        ends = (t.source, t.target) if t.directed else tuple(sorted((t.source, t.target)))
        key = (t.kind, ends)
        path = f"ties[{j}]"
        if key in first:
            k = first[key]
            other = f"ties[{k}]" + (f" (line {lines[f'ties[{k}]']})" if f"ties[{k}]" in lines else "")
            out.append(
                issue(
                    f"the {_tie_label(t)} repeats {other}; merge them unless they are separate "
                    "arrangements (give each its categories or since)",
                    path,
                )
            )
        else:
            first[key] = j
        if t.kind == "funding" and t.source in p and not p.member(t.source).in_group("funder"):
            groups = ", ".join(p.member(t.source).groups)
            advice = (
                f"the tie may point the wrong way: funding runs from funder ({t.target!r}) to funded"
                if t.target in p and p.member(t.target).in_group("funder")
                else "add 'funder' to its groups or check the direction"
            )
            out.append(
                issue(
                    f"funding tie from {t.source!r}, which is not in the funder group "
                    f"(its groups: {groups}); {advice}",
                    path,
                )
            )
    ids = list(p.members)
    for k, c in enumerate(p.info.membership_changes):
        if c.member not in p:
            path = f"partnership.membership_changes[{k}].member"
            out.append(
                issue(
                    f"membership change of {c.member!r}, who is not among the members "
                    f"(fine for a member that left and was taken off the list; otherwise check the id: "
                    f"{_id_list(ids, c.member)})",
                    path,
                )
            )
    return out


def check_case(p: Partnership) -> list[Issue]:
    """Soft problems in a partnership: warnings, not errors.

    Warns about: no members or no ties; members without any tie; members that left
    before they joined; repeated ties (same kind between the same pair, same direction
    for directed kinds); funding ties whose source is not in the ``funder`` group; and
    membership changes naming someone not among the members (a member that left may
    have been taken off the list, so this is not an error; a champion who is not a
    member *is* an error, raised when loading).

    Examples
    --------
    >>> p = Partnership("P", [Member("a", "A", groups=("provider",)), Member("b", "B", groups=("provider",)),
    ...                       Member("c", "C", groups=("community",))],
    ...                 [Tie("a", "b", "funding"), Tie("b", "a", "information_exchange"),
    ...                  Tie("a", "b", "information_exchange")])
    >>> for w in check_case(p):
    ...     print(w.message.split(";")[0])
    member 'c' has no ties to any other member
    funding tie from 'a', which is not in the funder group (its groups: provider)
    the information_exchange tie 'b' -- 'a' repeats ties[1]
    """
    return _lint(p, list(p.members.values()), p.ties)


def validate_file(path: str | Path) -> ValidationResult:
    """Load a case file and check it: errors (it does not load) and warnings (it loads but looks odd).

    Never raises for bad input: every problem is in the result.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "c.yaml"
    >>> _ = f.write_text("partnership: {name: P}\\nmembers:\\n  - {id: a, name: A, groups: [funder]}\\n")
    >>> r = validate_file(f)
    >>> r.valid, r.members, r.ties, [str(w).split(": ", 1)[1] for w in r.warnings]
    (True, 1, 0, ['no ties are recorded, so every network measure will be empty'])
    """
    name = str(path)
    try:
        text, source = _text_of(path, "case file")
        loaded = _parse(text, source)
    except CLSPInputError as exc:
        return ValidationResult(name, False, errors=[Issue.from_error(exc)])
    warnings = list(loaded.notes) + _lint(
        loaded.partnership, loaded.members, loaded.ties, loaded.lines, loaded.source
    )
    return ValidationResult(
        name, True, len(loaded.members), len(loaded.ties), warnings=warnings
    )


# --------------------------------------------------------------------------------------
# CSV import
# --------------------------------------------------------------------------------------
_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}
_MEMBER_COLUMNS = [k for k in _known_keys(Member)]
_TIE_COLUMNS = [k for k in _known_keys(Tie)]
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def _csv_rows(
    path: str | Path | IO, what: str, required: Sequence[str]
) -> tuple[str, list[str], list[tuple[int, dict[str, str]]]]:
    """(source, columns, [(line, {column: cell})]) of a CSV file; header = first non-blank line."""
    text, source = _text_of(path, what)
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

    Text such as ``007`` or ``1,200`` stays text (a leading zero or a comma is not a number here).
    """
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
    source, _, rows = _csv_rows(path, what, _REQUIRED[cls])
    out = []
    for line, row in rows:
        kwargs: dict[str, Any] = {}
        attrs: dict[str, str] = {}
        for col, cell in row.items():
            kind = kinds.get(col)
            if kind is None or kind == "attrs" or kind == "changes":
                if cell:
                    attrs[col] = _csv_extra(cell)
                continue
            if not cell:
                continue
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
) -> Partnership:
    """A partnership from a members CSV and (optionally) a ties CSV.

    Parameters
    ----------
    members_csv, ties_csv
        The two tables (see :func:`read_members_csv`, :func:`read_ties_csv`).
    name
        The partnership's name; by default the file name without ``members``
        (``anytown_members.csv`` gives ``anytown``), or its folder's name.
    info
        Partnership-level fields, as a :class:`PartnershipInfo` or a mapping.

    Raises
    ------
    CLSPInputError
        Naming the file, the CSV line (the header is line 1) and the column.
    """
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
    for c in info.champions:
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
def _flat(value: Any) -> Any:
    """A GraphML/GEXF-safe scalar: lists joined with ';', None dropped (returned as None)."""
    if value is None or isinstance(value, bool | int | float | str):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        return value
    if isinstance(value, Representative):
        return value.name
    if isinstance(value, MembershipChange):
        return f"{value.year} {value.change} {value.member}"
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        flat = [_flat(v) for v in items]
        return ";".join(str(v) for v in flat if v is not None) or None
    if isinstance(value, Mapping):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


# Attribute names the GraphML/GEXF writers treat specially, or that we write ourselves.
_NODE_RESERVED = {"label", "id", "pid", "start", "end", "viz", "spells", "member"}
_EDGE_RESERVED = {"label", "id", "key", "weight", "type", "start", "end", "viz", "spells",
                  "networkx_key", "tie", "directed"}


def _record(obj: Any, reserved: set[str]) -> dict[str, Any]:
    """Scalar attributes of a member, tie or info: its fields, then its extra attributes."""
    kinds = _KINDS[type(obj)]
    out: dict[str, Any] = {}
    for name in kinds:
        if name != "attrs":
            flat = _flat(getattr(obj, name))
            if flat is not None:
                out[name] = flat
    for k, v in obj.attrs.items():
        name = str(k)  # never shadow a field or a format keyword
        if name in kinds or name in reserved or name.startswith("attr_"):
            name = f"attr_{name}"
        flat = _flat(v)
        if flat is not None:
            out[name] = flat
    return out


def _unify_types(records: Iterable[dict[str, Any]]) -> None:
    """Give each attribute one type across all records (GraphML/GEXF declare one type per key)."""
    records = list(records)
    types: dict[str, set[type]] = {}
    for r in records:
        for k, v in r.items():
            types.setdefault(k, set()).add(type(v))
    for k, ts in types.items():
        if len(ts) <= 1:
            continue
        to: Callable[[Any], Any] = float if ts <= {int, float} else str
        for r in records:
            if k in r:
                r[k] = to(r[k]) if to is float else (str(r[k]).lower() if isinstance(r[k], bool) else str(r[k]))


def _export_graph(p: Partnership, *, gexf: bool = False) -> Any:
    import networkx as nx

    g = nx.MultiDiGraph()
    graph_attrs = _record(p.info, set())
    g.graph.update({k: v for k, v in graph_attrs.items() if not gexf or k == "name"})
    nodes = []
    for mid, m in p.members.items():
        rec = _record(m, _NODE_RESERVED)
        rec.pop("id", None)
        rec["label"] = m.name
        nodes.append((mid, rec))
    edges = []
    for t in p.ties:
        rec = _record(t, _EDGE_RESERVED)
        rec.pop("source", None)
        rec.pop("target", None)
        rec["directed"] = t.directed
        if gexf:
            rec["label"] = t.kind
        edges.append((t.source, t.target, rec))
    _unify_types(r for _, r in nodes)
    _unify_types(r for *_, r in edges)
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    return g


def export_graphml(p: Partnership, path: str | Path) -> Path:
    """Write ``p`` as GraphML (for yEd, Gephi, igraph, R), atomically.

    A directed multigraph: one node per member (attributes ``label``, ``name``,
    ``groups``, ``sector``... with lists joined by ``;``), one edge per tie
    (``kind``, ``directed`` = whether the kind's direction means something,
    ``formal``, ``since``, ``amount``, ``categories``...), and the partnership's
    fields as graph attributes. Extra attributes are written too (renamed
    ``attr_<name>`` if they would clash with a field or a format keyword).

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx
    >>> p = Partnership("P", [Member("a", "A", groups=("funder", "provider")), Member("b", "B", groups="provider")],
    ...                 [Tie("a", "b", "funding", amount=100)])
    >>> g = nx.read_graphml(export_graphml(p, pathlib.Path(tempfile.mkdtemp()) / "p.graphml"))
    >>> g.nodes["a"]["groups"], [d["kind"] for *_, d in g.edges(data=True)]
    ('funder;provider', ['funding'])
    """
    import networkx as nx

    g = _export_graph(p)
    with atomic_write(path, "wb") as fh:
        nx.write_graphml(g, fh, infer_numeric_types=True)
    return Path(path)


def export_gexf(p: Partnership, path: str | Path) -> Path:
    """Write ``p`` as GEXF 1.2 (Gephi's format), atomically.

    Same nodes, edges and attributes as :func:`export_graphml`; edges also carry
    their kind as ``label``. All edges are written as directed (GEXF readers such as
    networkx's reject a mix); the ``directed`` attribute says which kinds' direction
    means something.
    """
    import networkx as nx

    g = _export_graph(p, gexf=True)
    with atomic_write(path, "wb") as fh:
        nx.write_gexf(g, fh)
    return Path(path)


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
        row[str(k)] = _csv_text(v)
    return row


def _tie_row(t: Tie) -> dict[str, str]:
    row: dict[str, str] = {}
    for col in _TIE_COLUMNS:
        v = getattr(t, col)
        row[col] = _csv_list_text(v, f"tie {t.source}->{t.target}.{col}") if isinstance(v, tuple) else _csv_text(v)
    for k, v in t.attrs.items():
        row[str(k)] = _csv_text(v)
    return row


def _write_table(fh: IO, columns: list[str], rows: list[dict[str, str]]) -> None:
    extra: dict[str, None] = {}
    for r in rows:
        for k in r:
            if k not in columns:
                extra[k] = None
    # CRLF (RFC 4180): with it, the writer also quotes text holding a lone "\r"
    w = csv.DictWriter(fh, fieldnames=columns + list(extra), lineterminator="\r\n", restval="")
    w.writeheader()
    w.writerows(rows)


def _csv_targets(dest: str | Path) -> tuple[Path, Path]:
    s, d = str(dest), Path(dest)
    if d.is_dir() or s.endswith(("/", os.sep)):
        return d / "members.csv", d / "ties.csv"
    if d.suffix.lower() == ".csv":
        prefix = str(d.with_suffix("")) + "_"
    elif s.endswith(("_", "-", ".")):
        prefix = s
    else:
        return d / "members.csv", d / "ties.csv"
    return Path(prefix + "members.csv"), Path(prefix + "ties.csv")


def export_csv(p: Partnership, dest: str | Path) -> tuple[Path, Path]:
    """Write ``members.csv`` and ``ties.csv`` that :func:`load_csv` reads back.

    ``dest`` is a folder (existing, ending in ``/``, or a new name without a suffix:
    ``out`` gives ``out/members.csv``), or a prefix ending in ``_``, ``-`` or ``.``
    (``out/anytown_`` gives ``out/anytown_members.csv``), or a ``.csv`` name
    (``anytown.csv`` gives ``anytown_members.csv`` and ``anytown_ties.csv``).

    The tables hold members and ties only: pass ``info=p.info`` to :func:`load_csv` to
    get back an equal partnership. Extra attributes are written as text; reading them
    back types whole numbers, decimals and ``true``/``false`` (so text that looks like a
    number comes back as a number, and lists come back as ``;``-joined text). Leading and
    trailing spaces and empty text values are not kept. Both files
    are written to temporary files first, so a failure leaves neither behind.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = Partnership("P", [Member("a", "A", groups=("funder",)), Member("b", "B", groups=("provider",))],
    ...                 [Tie("a", "b", "funding", formal=True)])
    >>> m, t = export_csv(p, pathlib.Path(tempfile.mkdtemp()) / "out")
    >>> m.name, t.name, load_csv(m, t, info=p.info) == p
    ('members.csv', 'ties.csv', True)
    """
    mpath, tpath = _csv_targets(dest)
    mrows = [_member_row(m) for m in p.members.values()]
    trows = [_tie_row(t) for t in p.ties]
    with atomic_write(mpath) as mfh, atomic_write(tpath) as tfh:
        _write_table(mfh, list(_MEMBER_COLUMNS), mrows)
        _write_table(tfh, list(_TIE_COLUMNS), trows)
    return mpath, tpath


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

