"""Controller of ``notebooks/10-interlocking-partnerships.ipynb``: who sits where.

Pick a data set (the illustrative Bristol-count table, the Southern Women, or one's own),
raise the number of seats that makes someone part of the interlocking core, and pick a
person or a body to see its seats. Headless use::

    x = InterlockExplorer()
    x.min_seats.value = 3
    x.core, x.core_share
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w
import pandas as pd

from ..tasks.interlocks import analyse_affiliations, davis_southern_women, illustrative_bristol
from ..text import plural
from ._html import mix
from ._widgets import chart_image, refilling
from .provision import FigureCache, html_heatmap, png

__all__ = ["DATASETS", "InterlockExplorer", "seats_table"]

#: Size in inches of the people-and-bodies picture.
AFFILIATIONS_SIZE = (7, 6.5)

#: The data sets offered: label -> loader.
DATASETS: dict[str, Any] = {
    "Illustrative: the Bristol counts (22 people, 56 seats, 9 bodies)": illustrative_bristol,
    "Southern Women (Davis et al. 1941): 18 women, 14 events": davis_southern_women,
}


def _purple(v: float, top: float) -> str:
    if v != v:
        return "#dddddd"
    return mix((255, 255, 255), (84, 39, 143), v / top if top > 0 else 0.0)


class InterlockExplorer:
    """Interlocking memberships: the two-mode map, the multi-seat core, the overlap between bodies.

    Parameters
    ----------
    data
        A label of :data:`DATASETS`, or an affiliation table (path or DataFrame of ``person, body``).
    show_figures
        Draw the network map (a PNG; the overlap grid is HTML).

    Attributes
    ----------
    dataset, min_seats, focus, measure
        The widgets: data set, seats that make someone part of the core, the person or body to
        highlight, ``count`` or ``jaccard`` overlap.
    result
        The :class:`~clsp_research.tasks.interlocks.Interlocks` of the data set.
    core
        People holding at least ``min_seats`` seats, most first.
    core_share
        Share of all seats the core holds.
    focus_links
        The bodies of the highlighted person, or the members of the highlighted body.
    """

    def __init__(self, data: Any = None, *, show_figures: bool = True) -> None:
        self._results: dict[str, Any] = {}
        options = list(DATASETS)
        start = options[0]
        if data is not None and not (isinstance(data, str) and data in DATASETS):
            label = "Your table"
            self._results[label] = analyse_affiliations(data)
            options.insert(0, label)
            start = label
        elif isinstance(data, str):
            start = data
        self.dataset = w.Dropdown(options=options, value=start, description="Data",
                                  layout=w.Layout(width="520px"))
        self.min_seats = w.IntSlider(value=2, min=1, max=2, description="Core: seats ≥", continuous_update=True,
                                     style={"description_width": "initial"})
        self.focus = w.Dropdown(description="Highlight")
        self.measure = w.ToggleButtons(options=[("People shared", "count"), ("Jaccard", "jaccard")], value="count",
                                       description="Overlap")
        self.show_figures = show_figures
        self._figures = FigureCache()
        self.headline = w.HTML()
        self.picture = chart_image(AFFILIATIONS_SIZE)
        self.overlap_html = w.HTML()
        self.detail = w.HTML()
        for wid, css in ((self.dataset, "clsp-interlocks-data"), (self.min_seats, "clsp-interlocks-minseats"),
                         (self.focus, "clsp-interlocks-focus"), (self.measure, "clsp-interlocks-measure"),
                         (self.headline, "clsp-interlocks-headline"), (self.overlap_html, "clsp-interlocks-overlap")):
            wid.add_class(css)
        self.result: Any = None
        self.core: list[str] = []
        self.core_share: float | None = None
        self.focus_links: list[str] = []
        self._loading = False
        self.dataset.observe(self._on_data, names="value")
        for wid in (self.min_seats, self.focus, self.measure):
            wid.observe(self._update, names="value")
        self.widget = w.VBox([self.dataset, w.HBox([self.min_seats, self.focus]), self.headline, self.detail,
                              self.picture, self.measure, self.overlap_html])
        self.widget.add_class("clsp-interlocks")
        self._on_data()

    def _result(self, label: str) -> Any:
        if label not in self._results:
            self._results[label] = analyse_affiliations(DATASETS[label]())
        return self._results[label]

    def _on_data(self, change: object = None) -> None:
        self.result = r = self._result(self.dataset.value)
        top = int(r.seats_by_person.max()) if r.n_people else 1
        with refilling(self):
            self.min_seats.max = max(top, 2)
            self.min_seats.value = min(2, self.min_seats.max)
            self.focus.options = ([("(nobody)", None)] + [(f"person: {p}", p) for p in r.seats_by_person.index]
                                  + [(f"body: {b}", b) for b in r.members_by_body.index])
            self.focus.value = None
        self._update()

    def _update(self, change: object = None) -> None:
        if self._loading:
            return
        r = self.result
        k = int(self.min_seats.value)
        self.core = r.multi_seat_people(k)
        held = sum(int(r.seats_by_person[p]) for p in self.core)
        self.core_share = held / r.n_seats if r.n_seats else None
        esc = html.escape
        share = "-" if self.core_share is None else f"{self.core_share:.0%}"
        self.headline.value = (
            f"<p>{r.n_people} people hold {r.n_seats} seats on {r.n_bodies} bodies ({r.mean_seats:.2f} each on "
            f"average). <b>{len(self.core)}</b> hold {k} or more seats and between them <b>{share}</b> of all "
            f"seats.</p>")
        f = self.focus.value
        if f is None:
            self.focus_links = []
            self.detail.value = ""
        elif f in r.people:
            self.focus_links = r.bodies_of(f)
            self.detail.value = (f"<p><b>{esc(f)}</b> sits on {plural(len(self.focus_links), 'body', 'bodies')}: "
                                 f"{esc(', '.join(self.focus_links))}.</p>")
        else:
            inc = r.incidence[f]
            self.focus_links = [p for p in r.seats_by_person.index if inc[p]]
            in_core = [p for p in self.focus_links if p in self.core]
            self.detail.value = (f"<p><b>{esc(f)}</b> has {plural(len(self.focus_links), 'member')}, "
                                 f"{len(in_core)} of them "
                                 f"in the core: {esc(', '.join(self.focus_links))}.</p>")
        m = r.overlap(self.measure.value).astype(float)
        for b in m.index:
            m.loc[b, b] = float("nan")
        top = float(m.max().max()) if m.size and m.notna().any().any() else 1.0
        fmt = (lambda v: "" if v != v else f"{v:.0f}") if self.measure.value == "count" else (
            lambda v: "" if v != v else f"{v:.2f}")
        self.overlap_html.value = html_heatmap(
            m, lambda v: _purple(v, top), fmt, "clsp-interlocks-overlap-grid",
            highlight=f if f in r.bodies else None, row_label="body",
            title="People two bodies have in common" if self.measure.value == "count" else "Jaccard overlap")
        if self.show_figures:
            from ..plotting.interlocks import draw_affiliations

            self.picture.value = self._figures.get(
                (self.dataset.value, k, f),
                lambda: png(lambda ax: draw_affiliations(r, ax=ax, highlight=f, min_seats=k), AFFILIATIONS_SIZE,
                            margins={"left": 0.02, "bottom": 0.06, "right": 0.98, "top": 0.94}))


def seats_table(r: Any) -> pd.DataFrame:
    """People by seats with their bodies (a small helper for notebooks)."""
    return pd.DataFrame([{"person": p, "seats": s, "bodies": ", ".join(r.bodies_of(p))} for p, s in r.top()])
