"""A foreign graph's attributes mapped onto the partnership vocabulary, with a report of what was done.

A network drawn in Gephi, exported from UCINET or built in networkx names its attributes
as it likes: ``label`` or ``Name`` for the name, ``type`` or ``relation`` for the kind of tie,
``group`` for the stakeholder group, lists as JSON text or separated by ``;``. :func:`graph_records`
reads any networkx graph into plain records (one per node, edge and for the graph itself)
whose keys are the model's fields, and says in a :class:`MappingReport` what it *mapped*
(an attribute read as a field under another name, a value read in another spelling),
*guessed* (a default used because the graph had no value) and *dropped* (what the model
cannot hold, such as drawing positions or a tie from a member to itself). Everything else is
kept, as extra attributes.

This module knows the model only through the field kinds it is given (see :func:`field_kinds`),
so that :meth:`~clsp_research.partnership.model.Partnership.from_networkx` can use it.

Examples
--------
>>> import networkx as nx
>>> g = nx.Graph(name="Survey")
>>> g.add_node("cab", label="Anytown CAB", group="Provider")
>>> g.add_node("lsc", label="LSC", group="funder")
>>> g.add_edge("cab", "lsc", type="Referral")
>>> from clsp_research.partnership.model import Member, PartnershipInfo, Tie
>>> rec = graph_records(g, field_kinds(PartnershipInfo), field_kinds(Member), field_kinds(Tie))
>>> rec.members[0][1]["name"], rec.ties[0][2]["kind"]
('Anytown CAB', 'Referral')
>>> print(rec.report)
mapped: nodes: attribute 'label' read as name (2 nodes)
mapped: nodes: attribute 'group' read as groups (2 nodes)
mapped: edges: attribute 'type' read as kind (1 edge)
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from ..errors import CLSPInputError
from .spelling import collecting

__all__ = ["GraphRecords", "MappingReport", "build_partnership", "field_kinds", "graph_records", "kind_of"]

#: Other names an attribute may carry for a field (matched ignoring case, spaces and hyphens).
ALIASES: dict[str, dict[str, str]] = {
    "member": {"label": "name", "title": "name", "group": "groups", "stakeholder_group": "groups",
               "stakeholder_groups": "groups", "category": "categories", "client_group": "client_groups",
               "representative": "representatives"},
    "tie": {"type": "kind", "relation": "kind", "relationship": "kind", "tie": "kind", "tie_kind": "kind",
            "label": "kind", "category": "categories", "year": "since"},
    "info": {"title": "name", "label": "name"},
}
#: Attributes that describe a drawing or a file, not the partnership: dropped and reported.
DRAWING = {"viz", "x", "y", "z", "pos", "position", "size", "color", "colour", "r", "g", "b", "shape", "pid",
           "start", "end", "spells", "networkx_key", "key", "directed"}
#: Details of a file format (ids of edges, a reader's defaults, the workbench's own markers): dropped silently.
SILENT = {"id", "node_default", "edge_default", "mode", "clsp_json"}
_ID = re.compile(r"[^0-9A-Za-z_.-]+")


def kind_of(annotation: Any) -> str:
    """The kind of a dataclass field from its annotation: how a value from a file is read into it.

    Examples
    --------
    >>> kind_of("tuple[str, ...] | None"), kind_of("int | None"), kind_of("Mapping[str, Any]")
    ('texts', 'int', 'attrs')
    """
    a = str(annotation).replace(" ", "")
    if a in ("str", "str|None"):
        return "text"
    if a in ("tuple[str,...]", "tuple[str,...]|None"):
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


def field_kinds(cls: type) -> dict[str, str]:
    """Field name -> kind (``text``, ``texts``, ``int``, ``number``, ``flag``, ``representatives``, ``changes``).

    Read from a dataclass's annotations with :func:`kind_of`; ``attrs`` is left out.
    """
    return {f.name: kind_of(f.type) for f in fields(cls) if f.name != "attrs"}


@dataclass
class MappingReport:
    """What reading a foreign graph did: lines under ``mapped``, ``guessed`` and ``dropped``."""

    mapped: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(f"{k}: {line}" for k in ("mapped", "guessed", "dropped") for line in getattr(self, k))

    def __bool__(self) -> bool:
        return bool(self.mapped or self.guessed or self.dropped)

    def to_dict(self) -> dict[str, list[str]]:
        """Plain data for ``--json``."""
        return {"mapped": list(self.mapped), "guessed": list(self.guessed), "dropped": list(self.dropped)}


@dataclass
class GraphRecords:
    """The graph as records: ``info`` (a mapping), ``members`` [(node, fields)], ``ties`` [(u, v, fields)]."""

    info: dict[str, Any]
    members: list[tuple[Any, dict[str, Any]]]
    ties: list[tuple[Any, Any, dict[str, Any]]]
    report: MappingReport
    where: dict[int, str] = field(default_factory=dict)


def _plural(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _key(name: str) -> str:
    return re.sub(r"[\s-]+", "_", str(name).strip()).lower()


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(str(v).strip() for v in value if str(v).strip())
    s = str(value).strip()
    if s.startswith("["):
        try:
            data = json.loads(s)
        except json.JSONDecodeError as exc:
            raise CLSPInputError(f"a list starting with '[' must be JSON ({exc.msg})", field=where) from None
        return _texts(data, where)
    return tuple(x.strip() for x in s.split(";") if x.strip())


def _json_items(value: Any, where: str) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    s = str(value).strip()
    if s.startswith("["):
        try:
            data = json.loads(s)
        except json.JSONDecodeError as exc:
            raise CLSPInputError(f"expected a JSON list ({exc.msg})", field=where) from None
        if isinstance(data, list):
            return data
    return [x.strip() for x in s.split(";") if x.strip()]


def _scalar(kind: str, value: Any, where: str) -> Any:
    if isinstance(value, str):
        s = value.strip()
        if kind in ("int", "number") and s:
            try:
                f = float(s.replace(",", ""))
            except ValueError:
                raise CLSPInputError(f"expected a number, found {value!r}", field=where) from None
            return int(f) if kind == "int" and f.is_integer() else f
        if kind == "flag":
            low = s.lower()
            if low in ("true", "yes", "1"):
                return True
            if low in ("false", "no", "0"):
                return False
            raise CLSPInputError(f"expected true or false, found {value!r}", field=where)
        return s or None
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _convert(kind: str, value: Any, where: str) -> Any:
    if kind == "texts":
        return _texts(value, where)
    if kind in ("representatives", "changes"):
        return tuple(_json_items(value, where))
    return _scalar(kind, value, where)


def _fields_of(scope: str, data: Mapping[str, Any], kinds: dict[str, str], json_keys: set[str], where: str,
               counts: Counter, reserved: set[str], own: bool = False) -> dict[str, Any]:
    """One record: fields by kind, the rest in ``attrs``; counts what was mapped or dropped."""
    out: dict[str, Any] = {}
    attrs: dict[str, Any] = {}
    aliases = ALIASES[scope]
    for raw, value in data.items():
        name = str(raw)
        if name.startswith("attr_") and (name[5:] in kinds or name[5:] in reserved or name[5:].startswith("attr_")):
            attrs[name[5:]] = json.loads(value) if name in json_keys and isinstance(value, str) else value
            continue
        if name in json_keys and isinstance(value, str):
            attrs[name] = json.loads(value)
            continue
        if name in kinds:
            target = name
        elif _key(name) in kinds:
            target = _key(name)
            counts[("mapped", scope, f"attribute {name!r} read as {target}")] += 1
        elif _key(name) in aliases:
            target = aliases[_key(name)]
            other = data[target] if target in data else out.get(target)
            if other is not None:  # the field is there too: a copy (a label) is dropped, else kept
                if str(value) != str(other):
                    attrs[name] = value
                continue
            counts[("mapped", scope, f"attribute {name!r} read as {target}")] += 1
        elif _key(name) in SILENT:
            continue
        elif _key(name) in DRAWING and not own:
            counts[("dropped", scope, f"attribute {name!r} (drawing or file detail)")] += 1
            continue
        else:
            attrs[name] = value
            continue
        if value is None or value == "":
            continue
        out[target] = _convert(kinds[target], value, f"{where}.{name}")
    if attrs:
        out["attrs"] = attrs
    return out


def graph_records(
    g: Any,
    info_kinds: dict[str, str],
    member_kinds: dict[str, str],
    tie_kinds: dict[str, str],
    *,
    name: str | None = None,
    default_group: str | None = None,
    default_kind: str | None = None,
) -> GraphRecords:
    """Read a networkx graph (any of the four kinds) into records keyed by the model's fields.

    Parameters
    ----------
    g
        The graph.
    info_kinds, member_kinds, tie_kinds
        The fields of the partnership, a member and a tie, by kind (:func:`field_kinds`).
    name
        The partnership's name (default: the graph's ``name`` attribute).
    default_group, default_kind
        Used, and reported as guessed, for a node without a stakeholder group and an edge without
        a kind; without them such a node or edge is an error naming it.
    """
    report = MappingReport()
    counts: Counter = Counter()
    json_spec = g.graph.get("clsp_json")
    own = json_spec is not None  # written by the workbench: every attribute is the partnership's
    json_keys: dict[str, set[str]] = {"graph": set(), "node": set(), "edge": set()}
    if isinstance(json_spec, str) and json_spec:
        try:
            spec = json.loads(json_spec)
            json_keys = {k: set(spec.get(k, ())) for k in json_keys}
        except (json.JSONDecodeError, AttributeError):
            raise CLSPInputError("expected a JSON mapping of attribute names", field="graph.clsp_json") from None
    info = _fields_of("info", {k: v for k, v in g.graph.items() if k != "name"}, info_kinds, json_keys["graph"],
                      "graph", counts, {"clsp_json", "clsp_format", "node_default", "edge_default", "mode"}, own)
    graph_name = g.graph.get("name")
    info["name"] = name or (str(graph_name).strip() if graph_name not in (None, "") else None)
    if not info["name"]:
        info["name"] = "imported partnership"
        report.guessed.append("the partnership's name: 'imported partnership' (the graph has none; pass a name)")

    ids: dict[Any, str] = {}
    used: set[str] = set()
    members = []
    renamed = 0
    for node, data in g.nodes(data=True):
        nid = str(node).strip()
        mid = _ID.sub("_", nid).strip("_") or "node"
        if mid != nid or mid in used:
            base, k = mid, 2
            while mid in used:
                mid, k = f"{base}_{k}", k + 1
            renamed += 1
        used.add(mid)
        ids[node] = mid
        rec = _fields_of("member", data, member_kinds, json_keys["node"], f"node {nid!r}", counts,
                         {"label", "id", "pid", "start", "end", "viz", "spells", "member"}, own)
        rec["id"] = mid
        if not rec.get("name"):
            rec["name"] = nid
            counts[("guessed", "member", "the name from the node's id")] += 1
        if mid != nid:
            rec.setdefault("attrs", {}).setdefault("original_id", nid)
        if not rec.get("groups"):
            if default_group is None:
                raise CLSPInputError(
                    f"node {nid!r} has no stakeholder group (an attribute 'groups' or 'group'); add one, or "
                    "give a default group (default_group=..., --default-group)", field=f"node {nid!r}.groups")
            rec["groups"] = (default_group,)
            counts[("guessed", "member", f"the stakeholder group {default_group!r} for nodes without one")] += 1
        members.append((node, rec))
    if renamed:
        report.mapped.append(f"nodes: {_plural(renamed, 'node id')} made into member ids (letters, digits, "
                             "_ - .); the original id is kept as 'original_id'")

    ties = []
    loops = 0
    for u, v, data in g.edges(data=True):
        if u == v:
            loops += 1
            continue
        where = f"edge {u!r} -> {v!r}"
        rec = _fields_of("tie", data, tie_kinds, json_keys["edge"], where, counts,
                         {"label", "id", "key", "weight", "type", "start", "end", "viz", "spells", "networkx_key",
                          "tie", "directed"}, own)
        if not rec.get("kind"):
            if default_kind is None:
                raise CLSPInputError(
                    f"{where} has no kind (an attribute 'kind', 'type' or 'relation'); add one, or give a "
                    "default kind (default_kind=..., --default-kind)", field=f"{where}.kind")
            rec["kind"] = default_kind
            counts[("guessed", "tie", f"the tie kind {default_kind!r} for edges without one")] += 1
        rec["source"], rec["target"] = ids[u], ids[v]
        ties.append((u, v, rec))
    if loops:
        report.dropped.append(f"edges: {_plural(loops, 'tie')} from a member to itself (a tie joins two members)")
    units = {"member": ("nodes", "node"), "tie": ("edges", "edge"), "info": ("graph", None)}
    for (what, scope, text), n in counts.items():
        label, unit = units[scope]
        getattr(report, what).append(f"{label}: {text}" + (f" ({_plural(n, unit)})" if unit else ""))
    return GraphRecords(info, members, ties, report)



def build_partnership(g: Any, partnership: type, info: type, member: type, tie: type, *, name: str | None = None,
                      default_group: str | None = None, default_kind: str | None = None, report: bool = False,
                      source: str | None = None) -> Any:
    """What :meth:`Partnership.from_networkx` does, given the model's classes (this module sits below the model)."""
    rec = graph_records(g, field_kinds(info), field_kinds(member), field_kinds(tie), name=name,
                        default_group=default_group, default_kind=default_kind)

    def build(kind: type, data: dict[str, Any], where: str) -> Any:
        try:
            return kind(**data)
        except CLSPInputError as exc:
            raise type(exc)(exc.message, file=source, field=f"{where}.{exc.field}" if exc.field else where) from None
        except TypeError as exc:  # e.g. a representative given with a key it does not have
            raise CLSPInputError(str(exc), file=source, field=where) from None

    with collecting() as spelled:
        p = partnership(build(info, rec.info, "graph"))
        for node, data in rec.members:
            p.add_member(build(member, data, f"node {node!r}"))
        for u, v, data in rec.ties:
            p.add_tie(build(tie, data, f"edge {u!r} -> {v!r}"))
    for what, n in Counter(f"{x.what} {x.given!r} read as {x.value!r}" for x in spelled).items():
        rec.report.mapped.append(f"values: {what}" + (f" ({n}×)" if n > 1 else ""))
    return (p, rec.report) if report else p
