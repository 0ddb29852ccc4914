"""A partnership map as inline SVG, for widgets that redraw on every edit.

Drawing with matplotlib costs 0.15-0.5 s a map; writing the same picture as SVG text costs a
few milliseconds, so the builder and the what-if explorer can redraw at every click. The
styling follows :mod:`clsp_research.plotting.network` (Okabe-Ito group colours, tie kinds
from dotted and thin to solid and thick, arrows on directed kinds), and positions come from
its seeded :func:`~clsp_research.plotting.network.layout`, so a member keeps its place
between two versions of a partnership.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> p = Partnership("P", [Member("a", "A <&>", groups=("funder",)), Member("b", "B", groups=("provider",))],
...                 [Tie("a", "b", "funding")])
>>> svg = partnership_svg(p, {"a": (0.0, 0.0), "b": (1.0, 1.0)})
>>> svg.startswith("<svg") and svg.count("<circle") >= 2 and "marker-end" in svg
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

from ..partnership.model import STAKEHOLDER_GROUPS, TIE_KINDS, Partnership
from ..plotting.network import GROUP_COLOURS, TIE_STYLES

__all__ = ["partnership_svg"]

_DASH = {":": "2 3", "--": "6 4", "-.": "7 3 2 3", "-": ""}


def place_labels(points: Mapping[str, tuple[float, float]], radius: float = 8, char_w: float = 6.0,
                 line_h: float = 11.0) -> dict[str, tuple[float, float, str]]:
    """Where to write each member's label so that labels do not overlap one another or the dots.

    Greedy: each label (in turn) takes the first free place of above, below, right and left of
    its dot; when none is free it takes the least crowded. Returns ``{id: (x, y, text-anchor)}``.

    Examples
    --------
    >>> spots = place_labels({"a": (50.0, 50.0), "b": (52.0, 52.0)})
    >>> spots["a"][1] != spots["b"][1] or spots["a"][2] != spots["b"][2]
    True
    """
    def box(n: str, x: float, y: float, anchor: str) -> tuple[float, float, float, float]:
        w = char_w * len(n)
        left = x - w / 2 if anchor == "middle" else x if anchor == "start" else x - w
        return left, y - line_h + 2, left + w, y + 2

    def overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
        dx = min(a[2], b[2]) - max(a[0], b[0])
        dy = min(a[3], b[3]) - max(a[1], b[1])
        return dx * dy if dx > 0 and dy > 0 else 0.0

    dots = [(x - radius, y - radius, x + radius, y + radius) for x, y in points.values()]
    placed: list[tuple[float, float, float, float]] = []
    out: dict[str, tuple[float, float, str]] = {}
    for n, (x, y) in points.items():
        options = [(x, y - radius - 3, "middle"), (x, y + radius + line_h, "middle"),
                   (x + radius + 3, y + 4, "start"), (x - radius - 3, y + 4, "end")]
        scored = []
        for i, (lx, ly, anchor) in enumerate(options):
            b = box(n, lx, ly, anchor)
            crowd = sum(overlap(b, o) for o in placed) + sum(overlap(b, d) for d in dots)
            scored.append((crowd, i, (lx, ly, anchor), b))
        crowd, _, spot, b = min(scored)
        out[n] = spot
        placed.append(b)
    return out


def partnership_svg(
    p: Partnership, pos: Mapping[str, tuple[float, float]], *, width: int = 560, height: int = 430,
    title: str | None = None, legend: bool = True, highlight: frozenset[str] | set[str] = frozenset(),
) -> str:
    """The partnership's map as an SVG string (member ids as labels; names in tooltips).

    ``pos`` gives every member's position (any scale; it is fitted to the picture).
    """
    esc = html.escape
    legend_w = 150 if legend else 0  # room for "information exchange"
    pad = 28
    nodes = list(p.graph.nodes)
    xs = [pos[n][0] for n in nodes] or [0.0]
    ys = [pos[n][1] for n in nodes] or [0.0]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    sx = (width - legend_w - 2 * pad) / ((x1 - x0) or 1.0)
    sy = (height - 2 * pad - 18) / ((y1 - y0) or 1.0)

    def at(n: str) -> tuple[float, float]:
        x, y = pos[n]
        return pad + (x - x0) * sx, pad + 18 + (y1 - y) * sy

    out = [f"<svg class='clsp-map' xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
           f"role='img' aria-label='{esc(p.name)}: map of members and ties' "
           "style='font-family:sans-serif;font-size:10px;background:white'>"]
    markers = "".join(
        f"<marker id='arr-{k}' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' markerHeight='7' "
        f"orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' fill='{TIE_STYLES[k]['colour']}'/></marker>"
        for k in ("referral", "funding"))
    out.append(f"<defs>{markers}</defs>")
    out.append(f"<text x='{(width - legend_w) / 2:.0f}' y='14' text-anchor='middle' font-size='12' "
               f"font-weight='bold'>{esc(p.name if title is None else title)}</text>")
    seen: dict[frozenset[str], int] = {}
    radius = 8
    for u, v, d in p.graph.edges(data=True):
        pair = frozenset((u, v))
        k = seen.get(pair, 0)
        seen[pair] = k + 1
        (ax, ay), (bx, by) = at(u), at(v)
        dx, dy = bx - ax, by - ay
        dist = math.hypot(dx, dy) or 1.0
        # stop short of the circles, so that arrow heads stay visible
        ax, ay = ax + dx / dist * radius, ay + dy / dist * radius
        bx, by = bx - dx / dist * (radius + 1), by - dy / dist * (radius + 1)
        bend = 0.0 if k == 0 else 0.18 * ((k + 1) // 2) * (1 if k % 2 else -1)
        if u > v:  # the same bend whichever way a tie is stored
            bend = -bend
        cx, cy = (ax + bx) / 2 - dy * bend, (ay + by) / 2 + dx * bend
        st = TIE_STYLES[d["kind"]]
        dash = _DASH.get(st["style"], "")
        extra = f" stroke-dasharray='{dash}'" if dash else ""
        if d["tie"].directed:
            extra += f" marker-end='url(#arr-{d['kind']})'"
        out.append(f"<path d='M{ax:.1f},{ay:.1f} Q{cx:.1f},{cy:.1f} {bx:.1f},{by:.1f}' fill='none' "
                   f"stroke='{st['colour']}' stroke-width='{st['width']:.1f}' stroke-opacity='0.85'{extra}>"
                   f"<title>{esc(u)} - {esc(v)}: {esc(d['kind'].replace('_', ' '))}</title></path>")
    labels = place_labels({n: at(n) for n in nodes}, radius)
    for n in nodes:
        x, y = at(n)
        groups = p.graph.nodes[n]["groups"]
        colour = GROUP_COLOURS.get(groups[0], "#777777") if groups else "#777777"
        ring = "stroke='black' stroke-width='2.5'" if n in highlight else "stroke='white' stroke-width='1'"
        name = p.graph.nodes[n]["name"]
        out.append(f"<g><title>{esc(name)} ({esc(', '.join(groups))})</title>"
                   f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{radius}' fill='{colour}' {ring}/>")
        if len(groups) > 1:
            out.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{radius * 0.45:.1f}' "
                       f"fill='{GROUP_COLOURS.get(groups[1], '#777777')}'/>")
        lx_, ly_, anchor = labels[n]
        out.append(f"<text x='{lx_:.1f}' y='{ly_:.1f}' text-anchor='{anchor}' paint-order='stroke' "
                   f"stroke='white' stroke-width='3' stroke-linejoin='round'>{esc(n)}</text></g>")
    if legend:
        lx, ly = width - legend_w + 6, 30
        present = [g for g in STAKEHOLDER_GROUPS if any(g in p.graph.nodes[n]["groups"] for n in nodes)]
        for g in present:
            out.append(f"<circle cx='{lx + 5}' cy='{ly - 3}' r='5' fill='{GROUP_COLOURS[g]}'/>"
                       f"<text x='{lx + 14}' y='{ly}'>{esc(g.replace('_', ' '))}</text>")
            ly += 15
        ly += 6
        kinds = [k for k in TIE_KINDS if any(d["kind"] == k for *_, d in p.graph.edges(data=True))]
        for k in kinds:
            st = TIE_STYLES[k]
            dash = _DASH.get(st["style"], "")
            extra = f" stroke-dasharray='{dash}'" if dash else ""
            out.append(f"<line x1='{lx}' x2='{lx + 22}' y1='{ly - 3}' y2='{ly - 3}' stroke='{st['colour']}' "
                       f"stroke-width='{st['width']:.1f}'{extra}/><text x='{lx + 27}' y='{ly}'>"
                       f"{esc(k.replace('_', ' '))}</text>")
            ly += 15
    out.append("</svg>")
    return "".join(out)
