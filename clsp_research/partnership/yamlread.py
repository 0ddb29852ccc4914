r"""Safe YAML reading that keeps line numbers: the first step of reading a case file.

The text is *composed* into PyYAML's node tree (safe tags only; never ``yaml.load``), so that
every value keeps the line it came from and an error can name it. A file that is not
well-formed YAML raises :class:`CaseSyntaxError`, which gives the column as well as the line;
the constructor of :func:`_constructor` turns a key given twice in one mapping into an
error (:class:`_DuplicateKey`), never a silent overwrite.

Examples
--------
>>> node = _compose("members:\n  - {id: a}\n", "x.yaml")
>>> node.value[0][0].value, node.value[0][1].start_mark.line + 1
('members', 2)
>>> try:
...     _compose("members:\n  - {id: a\n", "x.yaml")
... except CaseSyntaxError as exc:
...     print(exc)
x.yaml:3:1: YAML syntax error: did not find expected ',' or '}' (while parsing a flow mapping on line 2)
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..errors import CLSPInputError

__all__ = ["CaseSyntaxError"]


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
