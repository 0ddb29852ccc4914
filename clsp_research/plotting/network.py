"""Partnership maps: members coloured by stakeholder group, ties styled by kind.

The layout is seeded (the same seed gives the same picture), and positions can be
passed in, so two versions of a partnership (two survey waves, a what-if) are
drawn with every member in the same place.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> p = Partnership("Example", [Member("a", "A", groups=("funder",)),
...                             Member("b", "B", groups=("provider",))],
...                 [Tie("a", "b", "funding")])
>>> pos = layout(p, seed=1)
>>> pos == layout(p, seed=1)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..partnership.model import STAKEHOLDER_GROUPS, TIE_KINDS, Partnership
from ._common import plain

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "GROUP_COLOURS",
    "MAX_MEMBERS_DRAWN",
    "SPRING_LIMIT",
    "TIE_STYLES",
    "draw_partnership",
    "layout",
    "shared_layout",
    "spring_positions",
]

#: Above this many members a map is drawn by stakeholder group (one circle per group, its
#: size the number of members; one line per pair of groups, its width the number of ties):
#: a map of every member is unreadable long before this, and slow to draw.
MAX_MEMBERS_DRAWN = 300
#: From this many nodes on, networkx's spring layout needs scipy (not a dependency): a
#: numpy-only layout is used instead (see :func:`spring_positions`).
SPRING_LIMIT = 500

#: Okabe-Ito colours (readable with the common colour-vision deficiencies), one per group.
GROUP_COLOURS: dict[str, str] = {
    "funder": "#E69F00",
    "provider": "#0072B2",
    "community": "#009E73",
    "network": "#CC79A7",
    "other_sector": "#56B4E9",
}

#: Line style, width and colour of each tie kind, loosest (thin, dotted) to closest (thick, solid).
TIE_STYLES: dict[str, dict[str, Any]] = {
    "information_exchange": {"style": ":", "width": 1.0, "colour": "#999999"},
    "referral": {"style": "--", "width": 1.4, "colour": "#0072B2"},
    "funding": {"style": "-", "width": 1.6, "colour": "#E69F00"},
    "agreement": {"style": "-.", "width": 1.8, "colour": "#555555"},
    "joint_project": {"style": "-", "width": 2.4, "colour": "#009E73"},
    "shared_staff": {"style": "-", "width": 3.0, "colour": "#CC79A7"},
    "pooled_budget": {"style": "-", "width": 3.8, "colour": "#D55E00"},
}


def layout(
    p: Partnership,
    seed: int = 0,
    pos: Mapping[str, tuple[float, float]] | None = None,
    k: float | None = None,
) -> dict[str, tuple[float, float]]:
    """Seeded spring layout of the members; members already in ``pos`` stay where they are.

    From :data:`SPRING_LIMIT` members on, a numpy-only layout (:func:`spring_positions`).

    Members with no tie (and no fixed position) are set in a row below the others: a spring
    layout pushes them far out, which squeezes the rest of the map into a corner.

    Parameters
    ----------
    p
        The partnership.
    seed
        Random seed of the layout.
    pos
        Fixed positions for some or all members (e.g. the layout of an earlier wave).
        Members of ``p`` missing from it are placed around them; members of ``pos``
        missing from ``p`` are ignored.
    k
        Optimal distance between nodes (networkx's default when ``None``).
    """
    import networkx as nx

    g = p.simple_graph()
    if len(g) == 0:
        return {}
    fixed = {n: tuple(pos[n]) for n in g if pos is not None and n in pos}
    if len(fixed) == len(g):
        return {n: (float(x), float(y)) for n, (x, y) in fixed.items()}
    isolates = [n for n in g if g.degree(n) == 0 and n not in fixed]
    tied = g.subgraph([n for n in g if n not in set(isolates)])
    if len(tied) == 0:  # no ties at all: a circle, in the members' order
        raw = nx.circular_layout(g)
        return {n: (float(raw[n][0]), float(raw[n][1])) for n in g}
    kwargs: dict[str, Any] = {"k": k}
    if fixed:
        kwargs.update(pos=dict(fixed), fixed=list(fixed))
    raw = dict(fixed) if len(fixed) == len(tied) else spring_positions(tied, seed=seed, **kwargs)
    out = {n: (float(raw[n][0]), float(raw[n][1])) for n in tied}
    if isolates:
        xs, ys = [x for x, _ in out.values()], [y for _, y in out.values()]
        x0, x1, y0 = min(xs), max(xs), min(ys)
        span = max(x1 - x0, max(ys) - y0, 1e-9)
        for i, n in enumerate(isolates):
            out[n] = (x0 + (x1 - x0 or span) * (i + 0.5) / len(isolates), y0 - 0.2 * span)
    return {n: out[n] for n in g}


def spring_positions(g: Any, seed: int = 0, **kwargs: Any) -> dict[Any, tuple[float, float]]:
    """A seeded spring layout of graph ``g``, needing no more than numpy at any size.

    Under :data:`SPRING_LIMIT` nodes this is networkx's spring layout (``kwargs`` are passed
    on: ``k``, ``pos``, ``fixed``...); from there on networkx would need scipy, so the
    nodes are set on a sunflower spiral instead, the best connected in the middle (fixed
    positions are kept). Both are deterministic for a seed.

    Examples
    --------
    >>> import networkx as nx
    >>> big = nx.path_graph(600)
    >>> pos = spring_positions(big, seed=1)
    >>> len(pos), pos == spring_positions(big, seed=1)
    (600, True)
    """
    import networkx as nx

    if len(g) < SPRING_LIMIT:
        return nx.spring_layout(g, seed=seed, weight=None, **kwargs)
    import numpy as np

    fixed = {n: kwargs["pos"][n] for n in kwargs.get("fixed") or () if n in kwargs.get("pos", {})}
    rng = np.random.default_rng(seed)
    free = [n for n in g if n not in fixed]
    order = sorted(range(len(free)), key=lambda i: (-g.degree(free[i]), rng.random()))
    n = len(free)
    i = np.arange(n) + 0.5
    r, theta = np.sqrt(i / n), i * np.pi * (3 - np.sqrt(5))  # Vogel's sunflower: even density
    out = {free[j]: (float(r[k] * np.cos(theta[k])), float(r[k] * np.sin(theta[k]))) for k, j in enumerate(order)}
    out.update({m: (float(x), float(y)) for m, (x, y) in fixed.items()})
    return out


def shared_layout(before: Partnership, after: Partnership, seed: int = 0) -> dict[str, tuple[float, float]]:
    """One seeded layout of the members of both versions: pass it as ``pos=`` to both maps."""
    union = before.copy()
    for mid, m in after.members.items():
        if mid not in union:
            union.add_member(m)
    for t in after.ties:
        union.add_tie(t)
    return layout(union, seed=seed)


def _node_colour(groups: Iterable[str]) -> str:
    groups = list(groups)
    return GROUP_COLOURS.get(groups[0], "#777777") if groups else "#777777"


def draw_partnership(
    p: Partnership,
    ax: Axes | None = None,
    *,
    seed: int = 0,
    pos: Mapping[str, tuple[float, float]] | None = None,
    node_size: Mapping[str, float] | None = None,
    labels: bool | Mapping[str, str] = True,
    highlight: Iterable[str] = (),
    kinds: Iterable[str] | None = None,
    legend: bool = True,
    title: str | None = None,
) -> Axes:
    """Draw a partnership map.

    Parameters
    ----------
    p
        The partnership.
    ax
        Axes to draw on (a new figure when ``None``).
    seed, pos
        Layout seed and fixed positions (see :func:`layout`).
    node_size
        Size per member (e.g. betweenness scaled); 300 for all when ``None``.
    labels
        ``True`` for member ids, a mapping for custom labels, ``False`` for none.
    highlight
        Member ids drawn with a thick black ring (e.g. brokers, the inner core).
    kinds
        Tie kinds to draw (all when ``None``).
    legend
        Whether to add the legend of groups and tie kinds.
    title
        Axes title (the partnership's name when ``None``).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    A partnership of more than :data:`MAX_MEMBERS_DRAWN` members (and no ``pos``) is drawn
    by stakeholder group instead of member by member; ``node_size``, ``labels`` and
    ``highlight`` then do not apply.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 6))
    wanted = set(TIE_KINDS if kinds is None else kinds)
    if len(p) > MAX_MEMBERS_DRAWN and pos is None:
        return _draw_by_group(p, ax, wanted, legend=legend, title=title)
    coords = layout(p, seed=seed, pos=pos)
    g = p.graph

    # Ties: parallel ties between a pair are bent apart so every kind shows (a kind repeated
    # between the same two members, in the same direction, is drawn once).
    seen: dict[frozenset[str], int] = {}
    drawn: set[tuple[str, str, str]] = set()
    for u, v, d in g.edges(data=True):
        kind = d["kind"]
        if kind not in wanted:
            continue
        key = (u, v, kind) if d["tie"].directed else (min(u, v), max(u, v), kind)
        if key in drawn:
            continue
        drawn.add(key)
        pair = frozenset((u, v))
        n = seen.get(pair, 0)
        seen[pair] = n + 1
        rad = 0.0 if n == 0 else 0.12 * ((n + 1) // 2) * (1 if n % 2 else -1)
        st = TIE_STYLES[kind]
        directed = d["tie"].directed
        ax.add_patch(
            FancyArrowPatch(
                coords[u],
                coords[v],
                connectionstyle=f"arc3,rad={rad}",
                arrowstyle="-|>" if directed else "-",
                mutation_scale=12,
                linestyle=st["style"],
                linewidth=st["width"],
                color=st["colour"],
                alpha=0.85,
                shrinkA=9,
                shrinkB=9,
                zorder=1,
            )
        )

    nodes = list(g.nodes)
    if nodes:
        xs = [coords[n][0] for n in nodes]
        ys = [coords[n][1] for n in nodes]
        sizes = [300.0 if node_size is None else float(node_size.get(n, 60.0)) for n in nodes]
        colours = [_node_colour(g.nodes[n]["groups"]) for n in nodes]
        hl = set(highlight)
        ax.scatter(xs, ys, s=sizes, c=colours, edgecolors=["black" if n in hl else "white" for n in nodes],
                   linewidths=[2.5 if n in hl else 1.0 for n in nodes], zorder=2)
        # Members in several groups get a second, inner dot in their second group's colour.
        multi = [n for n in nodes if len(g.nodes[n]["groups"]) > 1]
        if multi:
            ax.scatter([coords[n][0] for n in multi], [coords[n][1] for n in multi],
                       s=[0.3 * (300.0 if node_size is None else float(node_size.get(n, 60.0))) for n in multi],
                       c=[GROUP_COLOURS.get(g.nodes[n]["groups"][1], "#777777") for n in multi], zorder=3)
        if labels:
            names = labels if isinstance(labels, Mapping) else {n: n for n in nodes}
            from matplotlib import patheffects

            halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]  # readable over crossing ties
            for n in nodes:
                ax.annotate(plain(names.get(n, n)), coords[n], xytext=(0, 9), textcoords="offset points",
                            ha="center", va="bottom", fontsize=8, zorder=4, path_effects=halo)
        pad = 0.15
        ax.set_xlim(min(xs) - pad, max(xs) + pad)
        ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.set_axis_off()
    ax.set_title(plain(p.name if title is None else title))
    if legend:
        present_groups = [gr for gr in STAKEHOLDER_GROUPS if any(gr in g.nodes[n]["groups"] for n in nodes)]
        present_kinds = [k for k in TIE_KINDS if k in wanted and any(d["kind"] == k for *_, d in g.edges(data=True))]
        handles = [Line2D([], [], marker="o", linestyle="", markersize=8, color=GROUP_COLOURS[gr],
                          label=gr.replace("_", " ")) for gr in present_groups]
        handles += [Line2D([], [], linestyle=TIE_STYLES[k]["style"], linewidth=TIE_STYLES[k]["width"],
                           color=TIE_STYLES[k]["colour"], label=k.replace("_", " ")) for k in present_kinds]
        if handles:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return ax


def _draw_by_group(p: Partnership, ax: Axes, wanted: set[str], *, legend: bool, title: str | None) -> Axes:
    """The map of a large partnership: one circle per stakeholder group, one line per pair of groups.

    A member counts in its first group. A circle's area grows with the group's members, a
    line's width with the ties between the two groups (its label gives the number); ties
    within a group are counted in the circle's label.
    """
    import math
    from collections import Counter

    from matplotlib.lines import Line2D

    first = {mid: (m.groups[0] if m.groups else "other") for mid, m in p.members.items()}
    members = Counter(first.values())
    groups = [gr for gr in STAKEHOLDER_GROUPS if gr in members] + sorted(set(members) - set(STAKEHOLDER_GROUPS))
    between: Counter[tuple[str, str]] = Counter()
    within: Counter[str] = Counter()
    for t in p.ties:
        if t.kind not in wanted:
            continue
        a, b = first[t.source], first[t.target]
        if a == b:
            within[a] += 1
        else:
            between[(min(a, b), max(a, b))] += 1
    n = len(groups)
    coords = {gr: (math.cos(math.pi / 2 - 2 * math.pi * i / n), math.sin(math.pi / 2 - 2 * math.pi * i / n))
              if n > 1 else (0.0, 0.0) for i, gr in enumerate(groups)}
    most = max(between.values(), default=1)
    for (a, b), count in sorted(between.items()):
        (x0, y0), (x1, y1) = coords[a], coords[b]
        ax.plot([x0, x1], [y0, y1], color="#777777", alpha=0.7, linewidth=0.8 + 7 * count / most, zorder=1)
        ax.annotate(f"{count:,}", ((x0 + x1) / 2, (y0 + y1) / 2), ha="center", va="center", fontsize=8,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8}, zorder=3)
    biggest = max(members.values())
    for gr in groups:
        x, y = coords[gr]
        ax.scatter([x], [y], s=300 + 2700 * members[gr] / biggest, c=GROUP_COLOURS.get(gr, "#777777"),
                   edgecolors="white", zorder=2)
        ax.annotate(plain(f"{gr.replace('_', ' ')}: {members[gr]:,} members, {within[gr]:,} ties within"),
                    (x, y), xytext=(0, -22), textcoords="offset points", ha="center", va="top", fontsize=8,
                    zorder=4)
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.6, 1.5)
    ax.set_axis_off()
    heading = p.name if title is None else title
    ax.set_title(plain(f"{heading} ({len(p):,} members, by stakeholder group)"))
    if legend:
        handles = [Line2D([], [], color="#777777", linewidth=3, label="ties between groups (number on the line)")]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return ax
