"""Case files: reading a partnership from YAML with located errors, and writing it back.

A *case file* is YAML with three top-level keys, ``partnership`` (the fields of
:class:`~clsp_research.partnership.model.PartnershipInfo`), ``members`` and ``ties`` (see
``docs/architecture.md`` and ``data/README.md``). Every error names the file, the line of the
offending value and the field's path (``members[3].groups``, counting from 0), and
for a vocabulary value lists the valid ones. Keys a member, tie or the
partnership block does not know are kept in its ``attrs`` and written back.

Soft problems (an isolated member, a repeated tie, a funding tie from a member
outside the ``funder`` group...) are warnings from
:func:`~clsp_research.partnership.checks.check_case` and
:func:`~clsp_research.partnership.checks.validate_file`, never errors. The other formats
(CSV tables, GraphML, GEXF) are in :mod:`~clsp_research.partnership.formats`.

Every file written goes through :mod:`clsp_research.fileio`: a failed write leaves
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

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import CLSPInputError
from ..fileio import atomic_write
from .inputs import (
    _KINDS,
    _REQUIRED,
    _WHAT,
    Issue,
    _close_field,
    _id_list,
    _known_keys,
    _text_of,
)
from .model import (
    Member,
    MembershipChange,
    Partnership,
    PartnershipInfo,
    Representative,
    Tie,
)
from .spelling import collecting
from .yamlread import (
    _EXP_FLOAT,
    _NULL_TAG,
    _SCALAR_TAGS,
    _TAG,
    CaseSyntaxError,
    _check_duplicates,
    _compose,
    _construct,
    _constructor,
    _describe,
    _DuplicateKey,
    _no_gc,
)

__all__ = ["CASE_SUFFIXES", "TOP_LEVEL_KEYS", "CaseSyntaxError", "dumps_case", "load_case", "loads_case", "save_case"]

#: File suffixes of case files (a directory given to ``clsp validate`` is searched for these).
CASE_SUFFIXES: tuple[str, ...] = (".yaml", ".yml")
#: The keys a case file may have at its top level.
TOP_LEVEL_KEYS: tuple[str, ...] = ("partnership", "members", "ties")


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
            shown = getattr(exc.node, "value", exc.key)
            key_path = f"{path}.{shown}" if path and exc.first is not None else path or str(shown)
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
        return self.fail(exc.describe(), exc.node, path)

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
            with collecting() as spelled:
                obj = cls(**kwargs)
        except CLSPInputError as exc:
            raise self.relocate(exc, pairs, node, path) from None
        for n in spelled:  # a value in another spelling (``Referral``): say what it was read as
            fld = n.field or ""
            where = pairs[fld][1] if fld in pairs else node
            self.notes.append(Issue(f"{n.what} {n.given!r} read as {n.value!r}", file=self.source,
                                    line=self.line(where), field=f"{path}.{fld}" if fld else path))
        return obj

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


def _continuum_stages() -> list[str]:
    from ..literature.catalogue import framework

    return list(framework("continuum").item_ids)


def _check_read_attrs(doc: _Doc, info: PartnershipInfo, pairs: dict[Any, tuple[Any, Any]]) -> None:
    """Check the partnership-level attributes the tools read: ``as_of``/``year`` and ``expected_stage``.

    They are extra attributes (not fields of the model), so the model does not check them:
    a year of assessment must be a year, not before ``established``; the expected stage
    must be a stage of the composite continuum.
    """
    for key in ("as_of", "year"):
        if key not in pairs:
            continue
        vnode = pairs[key][1]
        value = info.attrs.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
            raise doc.fail(f"expected the year of assessment such as 2003, found {_describe(vnode)}",
                           vnode, f"partnership.{key}")
        if info.established is not None and value < info.established:
            line = doc.line(pairs["established"][1]) if "established" in pairs else None
            raise doc.fail(
                f"the year of assessment {value} is before the year established ({info.established}"
                + (f", line {line}" if line else "") + "); correct one of them",
                vnode,
                f"partnership.{key}",
            )
    if "expected_stage" in pairs and info.attrs.get("expected_stage") is not None:
        vnode = pairs["expected_stage"][1]
        stages = _continuum_stages()
        if info.attrs["expected_stage"] not in stages:
            raise doc.fail(
                f"unknown stage {_describe(vnode)}; expected one of: {', '.join(stages)}",
                vnode,
                "partnership.expected_stage",
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
            "clsp_research.partnership.formats.load_csv(members_csv, ties_csv)",
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
    _check_read_attrs(doc, info, pinfo_pairs)

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
        for c, node in zip(info.champions or (), cnodes, strict=False):
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
    """``value`` as plain YAML data (tuples and sets become lists; numpy scalars plain Python values).

    Examples
    --------
    >>> import numpy as np
    >>> _plain({"a": (np.str_("housing"), np.int64(3), np.float64(0.5), np.bool_(True))}, "x")
    {'a': ['housing', 3, 0.5, True]}
    >>> _plain(np.arange(3), "members[0].attrs")
    Traceback (most recent call last):
    ...
    clsp_research.errors.CLSPInputError: ...cannot write a value of type ndarray to a case file...
    """
    import datetime as _dt

    if type(value) in _SCALARS or isinstance(value, _dt.date):
        return value
    for plain in (str, int, float):  # subclasses such as numpy's str_ and float64
        if isinstance(value, plain):
            return plain(value)
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        return _plain(value.item(), where)  # a numpy scalar: its plain Python value
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

    # text such as "1e5" is quoted, since the reader takes it for a number (yamlread._EXP_FLOAT)
    _Dumper.add_implicit_resolver(_TAG + "float", _EXP_FLOAT, list("-+0123456789."))

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
