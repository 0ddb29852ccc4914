"""Figures of interlocking memberships: the two-mode map, body overlap, seats per person.

Each function takes an :class:`~clsp_research.tasks.interlocks.Interlocks` and ``ax=`` (a new figure
when ``None``) and returns the Axes.

Examples
--------
>>> from clsp_research.tasks.interlocks import analyse_affiliations, illustrative_bristol
>>> r = analyse_affiliations(illustrative_bristol())
>>> ax = draw_affiliations(r, highlight="Person 01")
>>> len(ax.collections)  # plain seats, highlighted seats, people, bodies
4
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._common import axes as _axes
from ._common import plain

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["affiliation_layout", "draw_affiliations", "overlap_heatmap", "seats_bars"]

PERSON_COLOUR = "#0072B2"
BODY_COLOUR = "#E69F00"
HIGHLIGHT_COLOUR = "#D55E00"


def affiliation_layout(r: Any, kind: str = "bipartite", seed: int = 0) -> dict[str, tuple[float, float]]:
    """Positions: ``bipartite`` (people in a column on the left by seats, bodies on the right by size)
    or ``spring`` (seeded force-directed layout of the two-mode graph)."""
    if kind == "spring":
        from .network import spring_positions

        raw = spring_positions(r.graph, seed=seed)
        return {n: (float(x), float(y)) for n, (x, y) in raw.items()}
    if kind != "bipartite":
        raise ValueError(f"unknown layout {kind!r}; expected bipartite or spring")
    people = list(r.seats_by_person.index)
    bodies = list(r.members_by_body.index)

    def column(names: list[str], x: float) -> dict[str, tuple[float, float]]:
        n = len(names)
        return {name: (x, 1.0 - (i / (n - 1) if n > 1 else 0.5)) for i, name in enumerate(names)}

    return {**column(people, 0.0), **column(bodies, 1.0)}


def draw_affiliations(
    r: Any,
    ax: Axes | None = None,
    *,
    highlight: str | None = None,
    min_seats: int = 1,
    layout: str = "bipartite",
    seed: int = 0,
    title: str | None = None,
) -> Axes:
    """The people x bodies network: dot size by seats (people) or members (bodies).

    ``highlight`` (a person or a body) draws its seats in colour; ``min_seats`` hides the
    people holding fewer seats (and their seats), to show the interlocking core.
    """
    ax = _axes(ax, (7, 7))
    seats = r.seats_by_person
    people = [p for p in seats.index if seats[p] >= min_seats]
    shown = set(people) | set(r.bodies)
    pos = affiliation_layout(r, layout, seed)
    edges = [(p, b) for p, b in zip(r.affiliations["person"], r.affiliations["body"], strict=True) if p in shown]
    from matplotlib.collections import LineCollection

    on = [highlight is not None and highlight in e for e in edges]
    for flag, colour, width, z in ((False, "#bbbbbb", 0.7, 1), (True, HIGHLIGHT_COLOUR, 1.8, 2)):
        segs = [(pos[p], pos[b]) for (p, b), o in zip(edges, on, strict=True) if o is flag]
        if segs:
            ax.add_collection(LineCollection(segs, colors=colour, linewidths=width, zorder=z))
    members = r.members_by_body
    ax.scatter([pos[p][0] for p in people], [pos[p][1] for p in people], s=[40 + 40 * seats[p] for p in people],
               c=[HIGHLIGHT_COLOUR if p == highlight else PERSON_COLOUR for p in people], zorder=3,
               edgecolors="white", label="person")
    bodies = list(r.bodies)
    ax.scatter([pos[b][0] for b in bodies], [pos[b][1] for b in bodies], s=[40 + 30 * members[b] for b in bodies],
               marker="s", c=[HIGHLIGHT_COLOUR if b == highlight else BODY_COLOUR for b in bodies], zorder=3,
               edgecolors="white", label="body")
    small = len(shown) <= 60
    if small:
        for p in people:
            ax.annotate(plain(f"{p} ({seats[p]})"), pos[p], xytext=(-8, 0), textcoords="offset points", ha="right",
                        va="center", fontsize=7)
        for b in bodies:
            ax.annotate(plain(f"{b} ({members[b]})"), pos[b], xytext=(8, 0), textcoords="offset points", ha="left",
                        va="center", fontsize=7)
    if layout == "bipartite":
        ax.set_xlim(-0.6, 1.6)
    ax.set_axis_off()
    ax.legend(loc="lower center", ncol=2, frameon=False, bbox_to_anchor=(0.5, -0.05))
    ax.set_title(title if title is not None else f"{r.n_people} people, {r.n_seats} seats, {r.n_bodies} bodies")
    return ax


def overlap_heatmap(r: Any, ax: Axes | None = None, *, measure: str = "count", title: str | None = None) -> Axes:
    """Bodies x bodies: people in common (``count``) or ``jaccard``; the grey diagonal shows each body's size."""
    ax = _axes(ax, (6, 5))
    import numpy as np

    m = r.overlap(measure)
    values = m.to_numpy(dtype=float)
    off = values.copy()
    np.fill_diagonal(off, np.nan)  # the diagonal (each body with itself) would swamp the colour scale
    top = float(np.nanmax(off)) if len(m) > 1 and np.isfinite(off).any() else 1.0
    im = ax.imshow(np.ma.masked_invalid(off), cmap="Purples", vmin=0.0, vmax=max(top, 1e-9))
    ax.set_facecolor("#dddddd")
    n = len(m)
    ax.set_xticks(range(n))
    ax.set_xticklabels([plain(c) for c in m.columns], rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(n))
    ax.set_yticklabels([plain(i) for i in m.index], fontsize=8)
    if n <= 20:
        for i in range(n):
            for j in range(n):
                v = values[i, j]
                ax.text(j, i, f"{v:.0f}" if measure == "count" else f"{v:.2f}", ha="center", va="center",
                        fontsize=7, color="white" if i != j and v > 0.6 * top else "black")
    ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04,
                       label="people in common" if measure == "count" else "Jaccard overlap")
    ax.set_title(title if title is not None else "Overlap between bodies")
    return ax


def seats_bars(r: Any, ax: Axes | None = None, *, min_seats: int = 2, title: str | None = None) -> Axes:
    """Seats per person, most first; people at or above ``min_seats`` in a stronger colour."""
    ax = _axes(ax, (8, 3.5))
    s = r.seats_by_person
    x = list(range(len(s)))
    ax.bar(x, s.to_numpy(), color=[PERSON_COLOUR if v >= min_seats else "#a6c8e0" for v in s.to_numpy()])
    ax.axhline(min_seats - 0.5, color="#777777", linestyle=":", linewidth=1)
    ax.set_xticks(x)
    ax.set_xticklabels([plain(i) for i in s.index], rotation=90, fontsize=7)
    ax.set_ylabel("seats")
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title if title is not None else f"Seats per person ({r.n_seats / max(r.n_people, 1):.2f} on average)")
    return ax
