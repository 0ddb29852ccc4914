"""Controller of the literature tour (``notebooks/01-literature-tour.ipynb``).

Browse the catalogue by framework, search it, and read each item with its
rendered references. Headless use::

    tour = LiteratureTour()
    tour.framework.value = "success_factors"
    tour.query.value = "trust"
    tour.results            # the matching rows
    tour.selected           # the CatalogueItem shown
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

from ..literature import framework, frameworks, search
from ..literature.catalogue import CatalogueItem
from ..literature.citations import render_inline_keys
from ..literature.render import item_to_html
from ..text import plural

__all__ = ["LiteratureTour"]

ALL = "(all frameworks)"


class LiteratureTour:
    """Browse and search the literature catalogue.

    Attributes
    ----------
    framework, query, items
        The framework dropdown, the search box and the list of matching items.
    detail
        HTML widget showing the selected item.
    results
        The catalogue rows currently listed (a DataFrame).
    selected
        The :class:`~clsp_research.literature.catalogue.CatalogueItem` shown, or ``None``.
    widget
        The whole app (display this).
    """

    def __init__(self, start_framework: str | None = "continuum") -> None:
        options = [(ALL, ALL)] + [
            (f"{framework(f).name} ({len(framework(f).items)})", f) for f in frameworks()
        ]
        self.framework = w.Dropdown(options=options, value=start_framework or ALL,
                                    description="Framework", layout=w.Layout(width="480px"))
        self.query = w.Text(placeholder="search names and summaries, e.g. trust", description="Search",
                            continuous_update=True, layout=w.Layout(width="480px"))
        self.items = w.Select(options=[], rows=12, layout=w.Layout(width="360px"))
        self.count = w.HTML()
        self.description = w.HTML()
        self.detail = w.HTML(layout=w.Layout(width="100%"))
        for widget, cls in ((self.framework, "clsp-tour-framework"), (self.query, "clsp-tour-search"),
                            (self.items, "clsp-tour-items"), (self.detail, "clsp-tour-detail")):
            widget.add_class(cls)
        self.results: pd.DataFrame = pd.DataFrame()
        self.selected: CatalogueItem | None = None
        self.framework.observe(self._on_filter, names="value")
        self.query.observe(self._on_filter, names="value")
        self.items.observe(self._on_select, names="value")
        self.widget = w.VBox([
            w.HBox([self.framework]),
            w.HBox([self.query, self.count]),
            self.description,
            w.HBox([self.items, self.detail]),
        ])
        self.widget.add_class("clsp-literature-tour")
        self._on_filter()

    # -- callbacks ------------------------------------------------------------------
    def _on_filter(self, change: object = None) -> None:
        fw = self.framework.value
        self.results = search(self.query.value, None if fw == ALL else [fw])
        if fw == ALL:
            self.description.value = ""
        else:
            f = framework(fw)
            self.description.value = (
                f"<p><i>{html.escape(render_inline_keys(f.description))}</i> "
                f"<small>({html.escape(render_inline_keys(f.source))})</small></p>"
            )
        self.count.value = f"<span class='clsp-tour-count'>{plural(len(self.results), 'item')}</span>"
        options = [
            (f"{r.name}" if fw != ALL else f"{r.name}  [{r.framework}]", (r.framework, r.id))
            for r in self.results.itertuples()
        ]
        self.items.options = options
        self.items.value = options[0][1] if options else None
        if not options:
            self._show(None)

    def _on_select(self, change: object = None) -> None:
        if self.items.value is None:
            self._show(None)
            return
        fw, iid = self.items.value
        self._show(framework(fw).item(iid))

    def _show(self, it: CatalogueItem | None) -> None:
        self.selected = it
        self.detail.value = item_to_html(it) if it else "<p><i>No item matches.</i></p>"
