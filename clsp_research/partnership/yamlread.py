r"""Safe YAML reading that keeps line numbers: the first step of reading a case file.

Hostile files are stopped here, before any command does work (:func:`_check_tree`): a
value that aliases (``*name``) expand beyond :data:`MAX_ALIAS_NODES` items or
:data:`MAX_ALIAS_CHARS` characters (the "billion laughs"), an alias to itself, nesting
deeper than :data:`MAX_DEPTH`, a YAML tag other than the plain ones (``!!binary``,
``!!set``, ``!!omap``...), a whole number longer than :data:`MAX_DIGITS` digits and a
number that is not finite (``.inf``, ``.nan``, ``1e999``) and a control character written
as an escape (``"\x01"``, which breaks GraphML, GEXF and terminals) are each one located error.
A number written as ``1e5`` or ``1.0e308`` is read as a number (YAML 1.1 would take it
for text).

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
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..errors import CLSPInputError

__all__ = ["MAX_ALIAS_CHARS", "MAX_ALIAS_NODES", "MAX_DEPTH", "MAX_DIGITS", "CaseSyntaxError"]

#: Values that aliases may add to a file (each alias counts the items it repeats), plus ten
#: times the values written out in it (merge keys such as ``<<: *defaults`` on every member).
MAX_ALIAS_NODES = 10_000
#: Characters of text that aliases may add to a file (plus ten times the file's own).
MAX_ALIAS_CHARS = 1_000_000
#: How deeply lists and mappings may nest (a case file needs about 6 levels).
MAX_DEPTH = 50
#: Digits of a whole number (a year has 4, an amount of money a dozen; Python stops at 4,300).
MAX_DIGITS = 100


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
_FLOAT_TAG = _TAG + "float"
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_PLAIN_TAGS = _SCALAR_TAGS | {_TAG + "seq", _TAG + "map", _MERGE_TAG}
# 1e5, 1.0e308, -2.5E-3: numbers in YAML 1.2 and everywhere else, text to YAML 1.1's resolver
# what XML 1.0 cannot hold: control characters but tab and line ends, lone surrogates, U+FFFE/FFFF
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXP_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$")


class _DuplicateKey(Exception):
    def __init__(self, key: Any, node: Any, first: Any) -> None:
        super().__init__(key)
        self.key, self.node, self.first = key, node, first

    def describe(self) -> str:
        """'the key 'x' appears twice', or, for two keys Python reads as one (1 and true), both."""
        new, old = self.node.value, getattr(self.first, "value", None)
        if old is not None and (new != old or self.node.tag != self.first.tag):
            return (f"the keys {old!r} (line {self.first.start_mark.line + 1}) and {new!r} are read as the "
                    "same key; rename one (or put both in quotes)")
        return f"the key {new!r} appears twice (first on line {self.first.start_mark.line + 1}); keep one of them"


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
        seen[key] = knode  # 1 and true are equal in Python: reported as one key, with both spellings
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
                    tag = super().resolve(kind, value, implicit)
                    if tag == _STR_TAG and _EXP_FLOAT.match(value):
                        tag = _FLOAT_TAG
                    self._tags[value] = tag
                return tag
            return super().resolve(kind, value, implicit)

    return _Loader


def _compose(text: str, source: str) -> Any:
    import yaml

    try:
        root = yaml.compose(text, Loader=_loader_class())
    except RecursionError:  # the pure-Python parser on deep nesting (libyaml stops at 1,000 levels)
        raise CLSPInputError(f"lists or mappings nested too deeply; a case file nests at most {MAX_DEPTH} levels",
                             file=source) from None
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
    if root is not None:
        _check_tree(root, source)
    return root


def _check_tree(root: Any, source: str) -> None:
    """Refuse alias bombs, recursive aliases, deep nesting, unusual tags, huge or infinite numbers.

    One pass over the distinct nodes (a node that aliases repeat is visited once; its
    expanded size is remembered), so the check costs a fraction of reading the file. The
    field path of a problem is worked out only when there is one (a second pass).

    Examples
    --------
    >>> bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\\n" + "".join(
    ...     f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\\n" for p, c in zip("abcd", "bcde"))
    >>> try:
    ...     _compose(bomb, "bomb.yaml")
    ... except CLSPInputError as exc:
    ...     print(exc)  # doctest: +ELLIPSIS
    bomb.yaml:4: d: aliases (*name) repeat this value into more than 10,000 items; ...
    >>> try:
    ...     _compose("a: !!binary aGVsbG8=", "t.yaml")
    ... except CLSPInputError as exc:
    ...     print(exc)
    t.yaml:1: a: unsupported YAML tag '!!binary'; write plain values (text, numbers, true/false, lists, mappings)
    """
    problem = _scan(root, paths=False)
    if problem is not None:
        message, node, path = _scan(root, paths=True) or problem
        raise CLSPInputError(message, file=source, line=node.start_mark.line + 1, field=path or None)


def _scalar_problem(node: Any) -> str | None:
    tag, value = node.tag, node.value
    if tag not in _PLAIN_TAGS:
        shown = tag.replace(_TAG, "!!", 1) if len(tag) <= 60 else tag[:57] + "..."
        return f"unsupported YAML tag {shown!r}; write plain values (text, numbers, true/false, lists, mappings)"
    bad = _CONTROL.search(value)
    if bad:
        return f"the control character U+{ord(bad.group()):04X} (written as an escape such as \\x01); remove it"
    if tag == _INT_TAG and sum(ch.isdigit() for ch in value[: MAX_DIGITS + 40]) > MAX_DIGITS:
        return f"a whole number of more than {MAX_DIGITS} digits; put it in quotes if it is text"
    if tag == _FLOAT_TAG and not _finite(value):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"expected a finite number, found {shown!r}; put it in quotes if it is text"
    return None


def _scan(root: Any, *, paths: bool) -> tuple[str, Any, str] | None:
    """The first problem of :func:`_check_tree` as (message, node, field path), or ``None``.

    Field paths are built only when ``paths`` (they cost more than the rest of the scan).
    """
    import yaml

    mapping, scalar = yaml.MappingNode, yaml.ScalarNode
    plain_tags, control = _PLAIN_TAGS, _CONTROL
    int_tag, float_tag = _INT_TAG, _FLOAT_TAG
    size: dict[int, tuple[int, int]] = {}  # id(container) -> (expanded nodes, expanded characters)
    distinct_nodes = distinct_chars = 0
    on_path: set[int] = set()
    if isinstance(root, scalar):
        problem = _scalar_problem(root)
        return None if problem is None else (problem, root, "")
    stack: list[tuple[Any, int, bool, str]] = [(root, 1, False, "")]
    while stack:
        node, depth, done, path = stack.pop()
        key = id(node)
        children = [x for pair in node.value for x in pair] if isinstance(node, mapping) else node.value
        if done:
            on_path.discard(key)
            n, c = 1, 0
            for child in children:
                if isinstance(child, scalar):
                    n += 1
                    c += len(child.value)
                else:
                    cn, cc = size[id(child)]
                    n += cn
                    c += cc
            size[key] = (n, c)
            # merge keys (<<: *defaults) repeat a little per use: the allowance grows with the file
            if (n - distinct_nodes > MAX_ALIAS_NODES + 10 * distinct_nodes
                    or c - distinct_chars > MAX_ALIAS_CHARS + 10 * distinct_chars):
                return (f"aliases (*name) repeat this value into more than {MAX_ALIAS_NODES:,} items; "
                        "a case file may repeat a value by alias only a few times", node, path)
            continue
        if key in size:
            continue
        if key in on_path:
            return "an alias (*name) inside the value it names: it would repeat for ever", node, path
        if depth > MAX_DEPTH:
            return f"lists or mappings nested more than {MAX_DEPTH} levels deep", node, path
        if node.tag not in plain_tags:
            return _scalar_problem(node) or "", node, path
        distinct_nodes += 1
        on_path.add(key)
        stack.append((node, depth, True, path))
        if paths:
            if isinstance(node, mapping):
                names = []
                for knode, _ in node.value:
                    kname = knode.value if isinstance(knode.value, str) and len(knode.value) <= 60 else "?"
                    names += [path, f"{path}.{kname}" if path else kname]
            else:
                names = [f"{path}[{i}]" for i in range(len(children))]
        for i in range(len(children) - 1, -1, -1):
            child = children[i]
            if isinstance(child, scalar):
                value = child.value
                tag = child.tag
                if id(child) not in size:
                    size[id(child)] = (1, len(value))
                    distinct_nodes += 1
                    distinct_chars += len(value)
                if (tag not in plain_tags or control.search(value) is not None
                        or (tag == int_tag and len(value) > MAX_DIGITS)
                        or (tag == float_tag and not _finite(value))):
                    problem = _scalar_problem(child)
                    if problem is not None:
                        return problem, child, names[i] if paths else ""
            else:
                stack.append((child, depth + 1, False, names[i] if paths else ""))
    return None


def _finite(text: str) -> bool:
    t = text.replace("_", "").lower().lstrip("+-")
    if t in (".inf", ".nan") or ":" in t:
        return t not in (".inf", ".nan")
    try:
        return math.isfinite(float(t))
    except ValueError:
        return True  # the constructor says what is wrong with it


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
