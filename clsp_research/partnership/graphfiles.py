"""GraphML and GEXF written so that they read back whole: every field, lists as JSON, the partnership too.

Both formats declare one type per attribute and hold only scalars, so a partnership is written
as follows (and :mod:`~clsp_research.partnership.importers` reads it back equal):

- one node per member, one edge per tie, with every field that is recorded; lists
  (``groups``, ``categories``, representatives...) as JSON text such as ``["funder", "provider"]``;
- the partnership's own fields (``name``, ``budget``, ``strategic_plan``, membership changes...)
  as graph attributes in GraphML, and as a JSON object in the ``<meta><description>`` of GEXF,
  which has no graph attributes;
- extra attributes under their own names (``attr_<name>`` when the name is taken by a field or
  by the format); those that are not plain text, numbers or true/false are written as JSON and
  named in the graph attribute ``clsp_json``, so that text that merely looks like JSON stays text;
- no attribute of the writer's own (networkx's ``networkx_key`` is not written).

GEXF is written by this module as GEXF 1.2 (namespace ``http://www.gexf.net/1.2draft``,
``version="1.2"``), the version Gephi and networkx read; the tests check its structure against
the rules of the 1.2 schema (declared attribute ids and types, unique node and edge ids, edges
between declared nodes).

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> p = Partnership("P", [Member("a", "A", groups=("funder", "provider"), attrs={"tags": ["x"]}),
...                       Member("b", "B", groups="provider")], [Tie("a", "b", "funding", amount=100)])
>>> g = partnership_graph(p)
>>> g.nodes["a"]["groups"], g.nodes["a"]["tags"], g.graph["clsp_json"]
('["funder", "provider"]', '["x"]', '{"graph": [], "node": ["tags"], "edge": []}')
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..fileio import atomic_write
from .model import MembershipChange, Partnership, Representative

__all__ = ["GEXF_NAMESPACE", "export_gexf", "export_graphml", "partnership_graph"]

#: The namespace of GEXF 1.2.
GEXF_NAMESPACE = "http://www.gexf.net/1.2draft"
#: Attribute names the formats use themselves (an extra attribute of that name is written ``attr_<name>``).
NODE_RESERVED = {"label", "id", "pid", "start", "end", "viz", "spells", "member"}
EDGE_RESERVED = {"label", "id", "key", "weight", "type", "start", "end", "viz", "spells", "networkx_key", "tie",
                 "directed"}
GRAPH_RESERVED = {"clsp_json", "clsp_format", "node_default", "edge_default", "mode"}


def _plain(value: Any) -> Any:
    """``value`` as JSON-ready data."""
    if isinstance(value, Representative | MembershipChange):
        return {k: v for k, v in asdict(value).items() if v is not None}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return [_plain(v) for v in sorted(value, key=str)]
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def _json(value: Any) -> str:
    return json.dumps(_plain(value), ensure_ascii=False)


def _scalar(value: Any) -> bool:
    return isinstance(value, bool | int | str) or (isinstance(value, float) and math.isfinite(value))


def _record(obj: Any, reserved: set[str], json_names: set[str]) -> dict[str, Any]:
    """A member's, tie's or info's attributes: its recorded fields, then its extra attributes."""
    out: dict[str, Any] = {}
    for f in fields(obj):
        if f.name == "attrs":
            continue
        v = getattr(obj, f.name)
        if v is None or (v == () and f.name not in getattr(obj, "LIST_FIELDS", ())):
            continue  # an empty list field is kept: it records that there are none
        out[f.name] = _json(v) if isinstance(v, tuple) else v
    known = {f.name for f in fields(obj)}
    for k, v in obj.attrs.items():
        name = str(k)
        if name in known or name in reserved or name.startswith("attr_"):
            name = f"attr_{name}"
        if _scalar(v):
            out[name] = v
        else:
            out[name] = _json(v)
            json_names.add(name)
    return out


def _unify(records: list[dict[str, Any]], json_names: set[str], fields_: set[str]) -> None:
    """One type per attribute: numbers of a field become floats; an extra attribute of mixed types, JSON."""
    types: dict[str, set[type]] = {}
    for r in records:
        for k, v in r.items():
            types.setdefault(k, set()).add(type(v))
    for k, ts in types.items():
        if len(ts) <= 1 or k in json_names:
            continue
        if k in fields_ and ts <= {int, float}:
            for r in records:
                if k in r:
                    r[k] = float(r[k])
        else:
            json_names.add(k)
            for r in records:
                if k in r:
                    r[k] = json.dumps(r[k], ensure_ascii=False)


def _records(p: Partnership) -> tuple[dict[str, Any], list[tuple[str, dict]], list[tuple[str, str, dict]], dict]:
    from .model import Member, PartnershipInfo, Tie

    js: dict[str, set[str]] = {"graph": set(), "node": set(), "edge": set()}
    info = _record(p.info, GRAPH_RESERVED, js["graph"])
    nodes = []
    for mid, m in p.members.items():
        rec = _record(m, NODE_RESERVED, js["node"])
        rec.pop("id")
        nodes.append((mid, rec))
    edges = []
    for t in p.ties:
        rec = _record(t, EDGE_RESERVED, js["edge"])
        edges.append((rec.pop("source"), rec.pop("target"), rec))
    _unify([r for _, r in nodes], js["node"], {f.name for f in fields(Member)})
    _unify([r for *_, r in edges], js["edge"], {f.name for f in fields(Tie)})
    _unify([info], js["graph"], {f.name for f in fields(PartnershipInfo)})
    spec = {k: sorted(v) for k, v in js.items()}
    return info, nodes, edges, spec


def partnership_graph(p: Partnership) -> Any:
    """``p`` as a networkx MultiDiGraph of scalar attributes, as :func:`export_graphml` writes it."""
    import networkx as nx

    info, nodes, edges, spec = _records(p)
    g = nx.MultiDiGraph()
    g.graph.update(info)
    g.graph["clsp_json"] = json.dumps(spec)
    for mid, rec in nodes:
        g.add_node(mid, label=p.members[mid].name, **rec)
    for u, v, rec in edges:
        g.add_edge(u, v, **rec)
    return g


def export_graphml(p: Partnership, path: str | Path) -> Path:
    """Write ``p`` as GraphML (for yEd, Gephi, igraph, R), atomically; see the module's docstring.

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("P", [Member("a", "A", groups=("funder", "provider")), Member("b", "B", groups="provider")],
    ...                 [Tie("a", "b", "funding", amount=100)])
    >>> g = nx.read_graphml(export_graphml(p, pathlib.Path(tempfile.mkdtemp()) / "p.graphml"))
    >>> g.nodes["a"]["groups"], [d["kind"] for *_, d in g.edges(data=True)], g.graph["name"]
    ('["funder", "provider"]', ['funding'], 'P')
    """
    import networkx as nx

    g = partnership_graph(p)
    with atomic_write(path, "wb") as fh:
        nx.write_graphml(g, fh, infer_numeric_types=True)
    return Path(path)


_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _gexf_text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return repr(v) if isinstance(v, float) else str(v)


def _declare(parent: ET.Element, cls: str, records: list[dict[str, Any]]) -> dict[str, str]:
    order: dict[str, type] = {}
    for r in records:
        for k, v in r.items():
            order.setdefault(k, type(v))
    ids: dict[str, str] = {}
    if order:
        el = ET.SubElement(parent, "attributes", {"class": cls, "mode": "static"})
        for i, (k, t) in enumerate(order.items()):
            ids[k] = str(i)
            ET.SubElement(el, "attribute", {"id": str(i), "title": k, "type": _GEXF_TYPES[t]})
    return ids


def _attvalues(parent: ET.Element, rec: dict[str, Any], ids: dict[str, str]) -> None:
    if rec:
        vals = ET.SubElement(parent, "attvalues")
        for k, v in rec.items():
            ET.SubElement(vals, "attvalue", {"for": ids[k], "value": _gexf_text(v)})


def export_gexf(p: Partnership, path: str | Path) -> Path:
    """Write ``p`` as GEXF 1.2 (Gephi's format), atomically; see the module's docstring.

    Every edge is written as directed (a mix trips readers such as networkx's); the ``kind`` of a
    tie says whether its direction means something. Edges carry their kind as ``label`` too.

    Examples
    --------
    >>> import tempfile, pathlib, networkx as nx
    >>> from clsp_research.partnership.model import Member, Partnership, Tie
    >>> p = Partnership("P", [Member("a", "A", groups=("funder",)), Member("b", "B", groups="provider")],
    ...                 [Tie("a", "b", "funding"), Tie("a", "b", "agreement")])
    >>> g = nx.read_gexf(export_gexf(p, pathlib.Path(tempfile.mkdtemp()) / "p.gexf"))
    >>> sorted(d["kind"] for *_, d in g.edges(data=True)), any("networkx_key" in d for *_, d in g.edges(data=True))
    (['agreement', 'funding'], False)
    """
    info, nodes, edges, spec = _records(p)
    info["clsp_json"] = json.dumps(spec)
    root = ET.Element("gexf", {"xmlns": GEXF_NAMESPACE, "version": "1.2"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "clsp-research"
    ET.SubElement(meta, "description").text = json.dumps({"partnership": info}, ensure_ascii=False)
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    node_ids = _declare(graph, "node", [r for _, r in nodes])
    edge_ids = _declare(graph, "edge", [r for *_, r in edges])
    nodes_el = ET.SubElement(graph, "nodes")
    for mid, rec in nodes:
        el = ET.SubElement(nodes_el, "node", {"id": mid, "label": p.members[mid].name})
        _attvalues(el, rec, node_ids)
    edges_el = ET.SubElement(graph, "edges")
    for i, (u, v, rec) in enumerate(edges):
        el = ET.SubElement(edges_el, "edge", {"id": str(i), "source": u, "target": v, "label": rec["kind"]})
        _attvalues(el, rec, edge_ids)
    ET.indent(root)
    with atomic_write(path, "wb") as fh:
        fh.write(b"<?xml version='1.0' encoding='utf-8'?>\n")
        fh.write(ET.tostring(root, encoding="utf-8", xml_declaration=False))
        fh.write(b"\n")
    return Path(path)
