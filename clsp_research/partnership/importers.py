"""Networks from other tools: GraphML, GEXF (Gephi), Pajek ``.net`` and UCINET DL files.

:func:`read_network` reads a file in any of these formats (chosen by its suffix, or by
``format=``) into a :class:`~clsp_research.partnership.model.Partnership` and a
:class:`~clsp_research.partnership.graphmap.MappingReport` saying which attributes were mapped
onto the workbench's vocabulary, which values were guessed and what was dropped. The files the
workbench writes itself (:func:`~clsp_research.partnership.formats.export`) read back equal.

Pajek and UCINET files carry no stakeholder groups and, unless their relations are named, no
tie kinds: give ``default_group`` and ``default_kind`` (reported as guessed) and correct the case
file afterwards. A Pajek relation header ``*Arcs :1 "referral"`` and a UCINET ``matrix labels:``
line name the kind of the ties under them.

Every error names the file, the line where the format has lines, and what was expected.
XML is read with the standard library's parser, which does not fetch external entities.

Examples
--------
>>> import io
>>> net = io.StringIO('*Vertices 3\\n1 "LSC"\\n2 "Anytown CAB"\\n3 "Law centre"\\n'
...                   '*Arcs :1 "funding"\\n1 2 90000\\n1 3\\n*Edges :2 "Referral"\\n2 3\\n')
>>> p, report = read_pajek(net, default_group="provider")
>>> [(t.source, t.target, t.kind) for t in p.ties]
[('1', '2', 'funding'), ('1', '3', 'funding'), ('2', '3', 'referral')]
>>> p.member("2").name, p.ties[0].attrs
('Anytown CAB', {'weight': 90000})
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import IO, Any

from ..errors import CLSPInputError, UnknownValueError
from .graphmap import MappingReport
from .inputs import _text_of
from .model import Partnership

__all__ = ["NETWORK_FORMATS", "network_format", "read_gexf", "read_graphml", "read_network", "read_pajek",
           "read_ucinet_dl"]

#: Formats :func:`read_network` reads, with their file suffixes.
NETWORK_FORMATS: dict[str, tuple[str, ...]] = {
    "graphml": (".graphml", ".xml"),
    "gexf": (".gexf",),
    "pajek": (".net", ".paj"),
    "ucinet": (".dl",),
}

Result = tuple[Partnership, MappingReport]


def network_format(path: str | Path) -> str | None:
    """The format a file's suffix names (``None`` for a suffix of none of them).

    Examples
    --------
    >>> network_format("survey.GEXF"), network_format("net.dl"), network_format("x.csv")
    ('gexf', 'ucinet', None)
    """
    suffix = Path(str(path)).suffix.lower()
    return next((fmt for fmt, suffixes in NETWORK_FORMATS.items() if suffix in suffixes), None)


def read_network(path: str | Path | IO, *, format: str | None = None, **options: Any) -> Result:
    """A partnership from a GraphML, GEXF, Pajek or UCINET DL file, with the mapping report.

    ``options`` are those of :meth:`Partnership.from_networkx` (``name``, ``default_group``,
    ``default_kind``).
    """
    fmt = format or network_format(getattr(path, "name", path))
    if fmt is None:
        raise CLSPInputError("cannot tell the format from the file's suffix; expected one of "
                             ".graphml, .gexf, .net (Pajek), .dl (UCINET), or give the format",
                             file=str(getattr(path, "name", path)))
    readers = {"graphml": read_graphml, "gexf": read_gexf, "pajek": read_pajek, "ucinet": read_ucinet_dl}
    if fmt not in readers:
        raise UnknownValueError.for_value(fmt, tuple(readers), "network format", field="format")
    return readers[fmt](path, **options)


def _finish(g: Any, source: str, report_first: list[str] | None = None, **options: Any) -> Result:
    p, report = Partnership.from_networkx(g, report=True, source=source, **options)
    if report_first:
        report.mapped[:0] = report_first
    return p, report


def _xml(path: str | Path | IO, what: str) -> tuple[bytes, str]:
    text, source = _text_of(path, what)
    return text.encode("utf-8"), source


def _xml_error(exc: Exception, source: str, what: str) -> CLSPInputError:
    pos = getattr(exc, "position", None)
    msg = str(exc).split(": line")[0]
    return CLSPInputError(f"not a readable {what} ({msg})", file=source, line=pos[0] if pos else None)


def read_graphml(path: str | Path | IO, **options: Any) -> Result:
    """A partnership from GraphML (yEd, Gephi, igraph, networkx, or :func:`export_graphml`)."""
    import io
    from xml.etree.ElementTree import ParseError

    import networkx as nx

    data, source = _xml(path, "GraphML file")
    try:
        g = nx.read_graphml(io.BytesIO(data))
    except (ParseError, nx.NetworkXError, ValueError, KeyError) as exc:
        raise _xml_error(exc, source, "GraphML file") from None
    return _finish(g, source, **options)


def read_gexf(path: str | Path | IO, **options: Any) -> Result:
    """A partnership from GEXF (Gephi, or :func:`export_gexf`).

    The partnership's fields come from the ``<meta><description>`` the workbench writes; a
    description in words from another tool becomes the partnership's ``description``.
    """
    import io
    from xml.etree import ElementTree as ET

    import networkx as nx

    data, source = _xml(path, "GEXF file")
    try:
        root = ET.fromstring(data)
        g = nx.read_gexf(io.BytesIO(data))
    except (ET.ParseError, nx.NetworkXError, ValueError, KeyError) as exc:
        raise _xml_error(exc, source, "GEXF file") from None
    first = []
    g.graph.pop("mode", None)
    desc = next((el.text for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "description"), None)
    if desc and desc.strip():
        try:
            fields = json.loads(desc)["partnership"]
            if not isinstance(fields, dict):
                raise TypeError
        except (json.JSONDecodeError, KeyError, TypeError):
            g.graph["description"] = desc.strip()
            first.append("graph: the GEXF description read as the partnership's description")
        else:
            g.graph.update(fields)
    return _finish(g, source, first, **options)


# --------------------------------------------------------------------------------------
# Pajek
# --------------------------------------------------------------------------------------
_PAJEK_SECTION = re.compile(r"\*(\w+)(?:\s*:\s*(\d+)\s*(.*))?")


def _split(line: str, source: str, n: int) -> list[str]:
    try:
        return shlex.split(line, posix=True)
    except ValueError:
        raise CLSPInputError("an unclosed quotation mark", file=source, line=n) from None


def read_pajek(path: str | Path | IO, **options: Any) -> Result:
    """A partnership from a Pajek ``.net`` file (``*Vertices``, ``*Arcs``, ``*Edges``, their lists).

    Vertex numbers become member ids and labels their names; a relation's name
    (``*Arcs :1 "funding"``) or an edge label (``l "referral"``) gives the tie kind; a value
    after the two ends is kept as the tie's ``weight``.
    """
    import networkx as nx

    text, source = _text_of(path, "Pajek file")
    g = nx.MultiDiGraph()
    section, kind, n_vertices, undirected = None, None, None, False
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        if line.startswith("*"):
            m = _PAJEK_SECTION.match(line)
            head = m.group(1).lower() if m else ""
            if head == "network":
                g.graph["name"] = line.split(None, 1)[1].strip() if " " in line else ""
                continue
            if head == "vertices":
                parts = line.split()
                if len(parts) < 2 or not parts[1].isdigit():
                    raise CLSPInputError("expected '*Vertices N' with the number of vertices", file=source, line=n)
                n_vertices, section = int(parts[1]), "vertices"
                continue
            if head in ("arcs", "edges", "arcslist", "edgeslist"):
                section, undirected = head, head.startswith("edges")
                name = (m.group(3) or "").strip().strip('"') if m else ""
                kind = name or None
                continue
            raise CLSPInputError(f"unknown section {line.split()[0]!r}; expected *Vertices, *Arcs, *Edges, "
                                 "*Arcslist or *Edgeslist (a *Matrix is not read: save the network with arcs)",
                                 file=source, line=n)
        parts = _split(line, source, n)
        if section == "vertices":
            vid = parts[0]
            if not vid.isdigit() or not 1 <= int(vid) <= (n_vertices or 0):
                raise CLSPInputError(f"expected a vertex number from 1 to {n_vertices}, found {vid!r}",
                                     file=source, line=n)
            g.add_node(vid, **({"label": parts[1]} if len(parts) > 1 else {}))
            continue
        if section is None:
            raise CLSPInputError("a line before any section; a Pajek file starts with '*Vertices N'",
                                 file=source, line=n)
        ends = parts if section.endswith("list") else parts[:2]
        for v in ends:
            if not v.isdigit() or not 1 <= int(v) <= (n_vertices or 0):
                raise CLSPInputError(f"expected vertex numbers from 1 to {n_vertices}, found {v!r}",
                                     file=source, line=n)
            g.add_node(v)
        if len(ends) < 2:
            raise CLSPInputError("expected two vertex numbers", file=source, line=n)
        pairs = [(ends[0], t) for t in ends[1:]]
        attrs: dict[str, Any] = {}
        if not section.endswith("list") and len(parts) > 2:
            rest = parts[2:]
            if rest and re.fullmatch(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?", rest[0]):
                w = float(rest.pop(0))
                attrs["weight"] = int(w) if w.is_integer() else w
            if "l" in rest[:-1]:
                attrs["kind"] = rest[rest.index("l") + 1]
        if kind and "kind" not in attrs:
            attrs["kind"] = kind
        for u, v in pairs:
            g.add_edge(u, v, **attrs)
    if n_vertices is None:
        raise CLSPInputError("no '*Vertices N' line; expected a Pajek network", file=source, line=1)
    for k in range(1, n_vertices + 1):
        g.add_node(str(k))
    first = ["edges: ties under *Edges have no direction in Pajek; they are stored from the first vertex"] \
        if undirected else []
    return _finish(g, source, first, **options)


# --------------------------------------------------------------------------------------
# UCINET DL
# --------------------------------------------------------------------------------------
_DL_KEY = re.compile(r"(\w+)\s*=\s*([\w.]+)")


def _dl_labels(text: str) -> list[str]:
    return [x.strip().strip('"') for x in re.split(r"[,\s]+", text.strip()) if x.strip()]


def read_ucinet_dl(path: str | Path | IO, **options: Any) -> Result:
    """A partnership from a UCINET DL file: ``format=edgelist1``, ``nodelist1`` or ``fullmatrix``.

    ``labels:`` (or ``labels embedded``) give the members' names; with ``nm=`` several matrices,
    ``matrix labels:`` name their relations, read as tie kinds. A value after the two ends of an
    edge list is kept as the tie's ``weight``.

    Examples
    --------
    >>> import io
    >>> dl = io.StringIO("DL n=3 format=edgelist1\\nlabels embedded\\ndata:\\nLSC CAB 2\\nCAB Law\\n")
    >>> p, _ = read_ucinet_dl(dl, default_group="provider", default_kind="referral")
    >>> sorted(p.members), [(t.source, t.target) for t in p.ties]
    (['CAB', 'LSC', 'Law'], [('LSC', 'CAB'), ('CAB', 'Law')])
    """
    import networkx as nx

    text, source = _text_of(path, "UCINET DL file")
    lines = text.splitlines()
    header: dict[str, str] = {}
    labels: list[str] = []
    matrix_labels: list[str] = []
    embedded = False
    n = 0
    data_start = None
    pending: str | None = None
    while n < len(lines):
        line = lines[n].strip()
        n += 1
        if not line:
            continue
        low = line.lower()
        if not header and not low.startswith("dl"):
            raise CLSPInputError("expected a UCINET DL file starting with 'DL n=...'", file=source, line=n)
        if low.startswith("dl"):
            header.update({k.lower(): v.lower() for k, v in _DL_KEY.findall(line)})
            continue
        if re.match(r"format\s*=", low) or re.match(r"n[mr]?\s*=", low):
            header.update({k.lower(): v.lower() for k, v in _DL_KEY.findall(line)})
            continue
        if low.startswith("labels embedded"):
            embedded = True
            continue
        if low.startswith(("row labels", "column labels", "col labels")):
            raise CLSPInputError("a two-mode (rows and columns) DL file; expected a one-mode network of members",
                                 file=source, line=n)
        for key in ("matrix labels", "labels"):
            if low.startswith(key):
                rest = line.split(":", 1)[1] if ":" in line else ""
                pending = key
                (matrix_labels if key == "matrix labels" else labels).extend(_dl_labels(rest))
                break
        else:
            if low.startswith("data"):
                data_start = n
                break
            if pending:
                (matrix_labels if pending == "matrix labels" else labels).extend(_dl_labels(line))
                continue
            raise CLSPInputError(f"unexpected line {line[:40]!r}; expected labels: or data:", file=source, line=n)
    if "n" not in header or not header["n"].isdigit():
        raise CLSPInputError("the DL line needs the number of members, n=N", file=source, line=1)
    if data_start is None:
        raise CLSPInputError("no 'data:' line", file=source, line=len(lines))
    size, fmt = int(header["n"]), header.get("format", "fullmatrix")
    if fmt not in ("edgelist1", "nodelist1", "fullmatrix"):
        raise UnknownValueError.for_value(fmt, ("edgelist1", "nodelist1", "fullmatrix"), "DL format",
                                          file=source, line=1)
    if labels and len(labels) != size:
        raise CLSPInputError(f"{len(labels)} labels for n={size} members", file=source, line=1)
    g = nx.MultiDiGraph()
    names = labels or [str(k) for k in range(1, size + 1)]
    if not embedded:
        for k, lab in enumerate(names, 1):
            g.add_node(str(k), label=lab)
    nm = int(header.get("nm", "1") or 1)
    relation = 0
    row = 0

    def node(token: str, ln: int) -> str:
        if embedded:
            if token not in g and len(g) >= size:
                raise CLSPInputError(f"more than n={size} members ({token!r})", file=source, line=ln)
            g.add_node(token)
            return token
        if not token.isdigit() or not 1 <= int(token) <= size:
            raise CLSPInputError(f"expected a member number from 1 to {size}, found {token!r}", file=source, line=ln)
        return token

    for ln in range(data_start + 1, len(lines) + 1):
        parts = _split(lines[ln - 1].strip(), source, ln)
        if not parts:
            continue
        kind = {"kind": matrix_labels[relation]} if relation < len(matrix_labels) else {}
        if fmt == "fullmatrix":
            if len(parts) != size:
                raise CLSPInputError(f"expected {size} values in a matrix row, found {len(parts)}", file=source,
                                     line=ln)
            for col, cell in enumerate(parts):
                try:
                    w = float(cell)
                except ValueError:
                    raise CLSPInputError(f"expected a number, found {cell!r}", file=source, line=ln) from None
                if w and col != row:
                    g.add_edge(str(row + 1), str(col + 1), **kind, **({"weight": w} if w != 1 else {}))
            row += 1
            if row == size:
                row, relation = 0, relation + 1
            continue
        if parts == ["!"]:
            relation += 1
            continue
        ends = [node(t, ln) for t in (parts if fmt == "nodelist1" else parts[:2])]
        if len(ends) < 2:
            raise CLSPInputError("expected two members on an edge line", file=source, line=ln)
        attrs = dict(kind)
        if fmt == "edgelist1" and len(parts) > 2:
            try:
                w = float(parts[2])
            except ValueError:
                raise CLSPInputError(f"expected a number (the tie's value), found {parts[2]!r}", file=source,
                                     line=ln) from None
            attrs["weight"] = int(w) if w.is_integer() else w
        for t in ends[1:]:
            g.add_edge(ends[0], t, **attrs)
    if nm > 1 and len(matrix_labels) < nm:
        raise CLSPInputError(f"nm={nm} relations but {len(matrix_labels)} matrix labels", file=source, line=1)
    return _finish(g, source, **options)
