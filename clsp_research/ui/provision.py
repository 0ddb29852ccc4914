"""Controllers of ``notebooks/08-need-and-provision.ipynb``: gaps, funding withdrawal, variance.

- :class:`GapExplorer`: pick an area or a category of law and see need against provision,
  the gap and coverage, optionally counting only Quality Mark provision.
- :class:`FundingExplorer`: pick a case and a funder to withdraw, and optionally a funder that
  steps in for part of it; see which providers and categories lose how much.
- :class:`VarianceExplorer`: pick an area and a category and see need, provision and demand
  over the years with the actions taken (the LSC Guidance's variance analysis).

Everything is computed by :mod:`clsp_research.tasks.provision` and :mod:`clsp_research.tasks.funding`;
tables are precomputed on construction, figures cached per state. Headless use::

    g = GapExplorer()
    g.pick.value = "category"; g.category.value = "debt"
    g.selection, g.summary
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import ipywidgets as w
import pandas as pd

from ..partnership.datasets import case_studies, data_path
from ..plotting._common import chart_png
from ..tasks.funding import category_dependency, duplication, funders, funding_flows, withdraw
from ..tasks.provision import (
    QUALITY_MARK_LEVELS,
    gap_summary,
    gap_table,
    read_actions,
    read_demand,
    read_need,
    read_provision,
    variance_analysis,
)
from ..text import plural
from ._cases import case_study as _case
from ._html import mix
from ._widgets import chart_image, refilling

__all__ = [
    "FigureCache",
    "FundingExplorer",
    "GapExplorer",
    "VarianceExplorer",
    "amount_colour",
    "coverage_colour",
    "funded_case_studies",
    "html_heatmap",
    "png",
    "table_html",
]


#: Fixed figure margins: tight_layout costs an extra drawing pass (about 40 ms here).
MARGINS = {"left": 0.1, "bottom": 0.3, "right": 0.97, "top": 0.9}


#: Sizes in inches of the widget charts (shown at 72 CSS pixels an inch, drawn at twice that).
BARS_SIZE, WITHDRAW_SIZE, VARIANCE_SIZE = (8, 3.4), (8, 3.6), (6.5, 3.8)


def png(draw: Callable[[Any], Any], size: tuple[float, float], margins: dict[str, float] | None = None) -> bytes:
    """Render ``draw(ax)`` on a new (pyplot-free) figure at the display's resolution and return PNG bytes.

    The margins are fixed (default :data:`MARGINS`); see
    :func:`clsp_research.plotting._common.chart_png`, and show it in a
    :func:`~clsp_research.ui._widgets.chart_image`.
    """
    return chart_png(draw, size, margins=margins or MARGINS)


_RED, _WHITE, _BLUE, _GREY = (213, 94, 0), (255, 255, 255), (0, 114, 178), (238, 238, 238)


def coverage_colour(v: float) -> str:
    """Cell colour for a coverage: vermilion at 0, white at 1, blue at 1.5 or more; grey if unknown.

    Examples
    --------
    >>> coverage_colour(0.0), coverage_colour(1.0), coverage_colour(float("nan"))
    ('#d55e00', '#ffffff', '#eeeeee')
    """
    if v != v:
        return mix(_GREY, _GREY, 0)
    return mix(_RED, _WHITE, v) if v <= 1 else mix(_WHITE, _BLUE, (v - 1) / 0.5)


def amount_colour(v: float, top: float) -> str:
    """Cell colour for an amount from white (0) to vermilion (``top``); grey if unknown."""
    if v != v:
        return mix(_GREY, _GREY, 0)
    return mix(_WHITE, _RED, v / top if top > 0 else 0.0)


def html_heatmap(m: pd.DataFrame, colour: Callable[[float], str], fmt: Callable[[float], str], css: str, *,
                 highlight: Any = None, row_label: str = "", title: str = "") -> str:
    """A heatmap as an escaped HTML table (instant to redraw, unlike a figure).

    Cells get ``colour(value)`` as background and ``fmt(value)`` as text; the row or column
    named ``highlight`` is outlined.

    Examples
    --------
    >>> m = pd.DataFrame({"debt": [0.5]}, index=["<N>"])
    >>> "&lt;N&gt;" in html_heatmap(m, coverage_colour, lambda v: f"{v:.0%}", "x")
    True
    """
    esc = html.escape
    cols, rows = [str(c) for c in m.columns], [str(i) for i in m.index]
    vals = m.to_numpy(dtype=float)
    out = [f'<table class="{esc(css)}" style="border-collapse:collapse;font-size:12px">']
    if title:
        out.append(f'<caption style="caption-side:top;text-align:left"><b>{esc(title)}</b></caption>')
    out.append(f"<tr><th>{esc(row_label)}</th>")
    for c in cols:
        hl = "border-top:3px solid black;" if c == highlight else ""
        out.append(f'<th style="padding:2px 6px;{hl}">{esc(c.replace("_", " "))}</th>')
    out.append("</tr>")
    for i, r in enumerate(rows):
        row_hl = r == highlight
        out.append(f'<tr><th style="text-align:left;padding:2px 6px">{esc(r.replace("_", " "))}</th>')
        for j, c in enumerate(cols):
            v = vals[i, j]
            border = "border:1px solid #ffffff;"
            if row_hl or c == highlight:
                border = "border:2px solid #000000;"
            out.append(f'<td style="background:{colour(v)};{border}padding:2px 8px;text-align:center">'
                       f"{esc(fmt(v))}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


class FigureCache:
    """PNG bytes by key, computed once (a controller's figures for the states already seen)."""

    def __init__(self, maxsize: int = 128) -> None:
        self._store: dict[Any, bytes] = {}
        self.maxsize = maxsize

    def get(self, key: Any, make: Callable[[], bytes]) -> bytes:
        if key not in self._store:
            if len(self._store) >= self.maxsize:
                self._store.pop(next(iter(self._store)))
            self._store[key] = make()
        return self._store[key]


def table_html(df: pd.DataFrame, css: str, formats: dict[str, str] | None = None, max_rows: int = 40) -> str:
    """A small escaped HTML table (numbers formatted per column: ``{:,.0f}``, ``{:.0%}``...).

    Examples
    --------
    >>> out = table_html(pd.DataFrame({"area": ["<N>"], "coverage": [0.5]}), "x", {"coverage": "{:.0%}"})
    >>> out[out.index("<tbody>"):]
    '<tbody><tr><td>&lt;N&gt;</td><td>50%</td></tr></tbody></table>'
    """
    formats = formats or {}
    esc = html.escape
    head = "".join(f"<th>{esc(str(c).replace('_', ' '))}</th>" for c in df.columns)
    body = []
    for rec in df.head(max_rows).to_dict("records"):
        cells = []
        for c, v in rec.items():
            if v is None or (isinstance(v, float) and v != v):
                text = "-"
            elif c in formats and isinstance(v, int | float) and not isinstance(v, bool):
                text = formats[c].format(v)
            else:
                text = str(v)
            cells.append(f"<td>{esc(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f"<p>... and {len(df) - max_rows} more rows</p>" if len(df) > max_rows else ""
    return f'<table class="{esc(css)}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{more}'


_NUM = {"need": "{:,.0f}", "provision": "{:,.0f}", "gap": "{:,.0f}", "coverage": "{:.0%}", "surplus": "{:,.0f}",
        "quality_share": "{:.0%}"}
_QUALITY_LABELS = [("any provision", None)] + [
    (f"Quality Mark: {lvl.replace('_', ' ')} or above", lvl) for lvl in QUALITY_MARK_LEVELS
]


class GapExplorer:
    """Need against provision by area and category of law.

    Parameters
    ----------
    need, provision
        Tables (paths or DataFrames); default the illustrative ``data/provision/need.csv`` and
        ``provision.csv``.
    show_figures
        Draw the heatmap and the bar chart (tests may switch this off).

    Attributes
    ----------
    pick
        ``area`` or ``category``: what to look at.
    area, category
        The area or category picked.
    value
        What the heatmap shows: ``coverage`` or ``gap``.
    min_quality
        Count only provision at or above a CLS Quality Mark level (``None``: all).
    table
        The whole gap table for the current quality setting.
    selection
        Its rows for the area or category picked.
    summary
        :func:`~clsp_research.tasks.provision.gap_summary` of the selection.
    worst
        The selected row with the largest gap (a dict), or ``None``.
    """

    def __init__(self, need: Any = None, provision: Any = None, *, show_figures: bool = True) -> None:
        self._need = read_need(need if need is not None else data_path("provision", "need.csv"))
        self._prov = read_provision(provision if provision is not None else data_path("provision", "provision.csv"))
        self._tables = {lvl: gap_table(self._need, self._prov, min_quality=lvl) for _, lvl in _QUALITY_LABELS}
        base = self._tables[None]
        areas = sorted(set(base["area"]))
        cats = sorted(set(base["category"]))
        self.pick = w.ToggleButtons(options=[("By area", "area"), ("By category", "category")], value="area",
                                    description="Look at")
        self.area = w.Dropdown(options=areas, value=areas[0] if areas else None, description="Area")
        self.category = w.Dropdown(options=[(c.replace("_", " "), c) for c in cats],
                                   value=cats[0] if cats else None, description="Category")
        self.value = w.ToggleButtons(options=[("Coverage", "coverage"), ("Gap", "gap")], value="coverage",
                                     description="Heatmap")
        self.min_quality = w.Dropdown(options=_QUALITY_LABELS, value=None, description="Count",
                                      layout=w.Layout(width="360px"))
        self.show_figures = show_figures
        self._figures = FigureCache()
        self.heatmap = w.HTML()
        self.bars = chart_image(BARS_SIZE)
        self.headline = w.HTML()
        self.details = w.HTML()
        self.heatmap.add_class("clsp-gaps-heatmap-box")
        for wid, css in ((self.pick, "clsp-gaps-pick"), (self.area, "clsp-gaps-area"),
                         (self.category, "clsp-gaps-category"), (self.value, "clsp-gaps-value"),
                         (self.min_quality, "clsp-gaps-quality"), (self.headline, "clsp-gaps-headline"),
                         (self.details, "clsp-gaps-table")):
            wid.add_class(css)
        self.table: pd.DataFrame = base
        self.selection: pd.DataFrame = base
        self.summary: dict[str, Any] = {}
        self.worst: dict[str, Any] | None = None
        for wid in (self.pick, self.area, self.category, self.value, self.min_quality):
            wid.observe(self._update, names="value")
        self.widget = w.VBox([
            w.HBox([self.pick, self.value]),
            w.HBox([self.area, self.category, self.min_quality]),
            self.headline, self.heatmap, self.bars, self.details,
        ])
        self.widget.add_class("clsp-gaps")
        self._update()

    def _update(self, change: object = None) -> None:
        lvl = self.min_quality.value
        self.table = self._tables[lvl]
        by = self.pick.value
        item = self.area.value if by == "area" else self.category.value
        self.area.disabled = by != "area"
        self.category.disabled = by != "category"
        self.selection = self.table[self.table[by] == item].reset_index(drop=True)
        self.summary = gap_summary(self.selection)
        self.worst = None
        if len(self.selection) and float(self.selection["gap"].max()) > 0:
            self.worst = self.selection.loc[self.selection["gap"].idxmax()].to_dict()
        esc = html.escape
        label = str(item).replace("_", " ")
        s = self.summary
        cov = "-" if s["coverage"] is None else f"{s['coverage']:.0%}"
        worst = ""
        if self.worst is not None:
            other = "category" if by == "area" else "area"
            worst = (f" Largest gap: <b>{esc(str(self.worst[other]).replace('_', ' '))}</b> "
                     f"({self.worst['gap']:,.0f} of {self.worst['need']:,.0f}).")
        self.headline.value = (f"<p><b>{esc(label)}</b>: need {s['need']:,.0f}, provision {s['provision']:,.0f}, "
                               f"gap {s['gap']:,.0f} in {s['cells_with_gap']} of {s['cells']} cells; coverage "
                               f"{cov}.{worst}</p>")
        cols = ["category" if by == "area" else "area", "need", "provision", "gap", "coverage", "n_providers"]
        self.details.value = table_html(self.selection[cols], "clsp-gaps-details", _NUM)
        self.heatmap.value = self._heatmap_html(self.value.value, by, item)
        if self.show_figures:
            from ..plotting.provision import need_provision_bars

            table = self.table
            kw = {"area": item} if by == "area" else {"category": item}
            self.bars.value = self._figures.get(
                (lvl, by, item), lambda: png(lambda ax: need_provision_bars(table, ax=ax, **kw), BARS_SIZE))

    def _heatmap_html(self, value: str, by: str, item: str) -> str:
        m = self.table.pivot_table(index="area", columns="category", values=["need", "provision", "gap"],
                                   aggfunc="sum")
        if value == "coverage":
            grid = (m["provision"] / m["need"]).where(m["need"] > 0)
            colour, fmt = coverage_colour, (lambda v: "-" if v != v else f"{v:.0%}")
        else:
            grid = m["gap"]
            top = float(grid.max().max()) if grid.size else 0.0
            colour, fmt = (lambda v: amount_colour(v, top)), (lambda v: "-" if v != v else f"{v:,.0f}")
        title = "Coverage (provision / need)" if value == "coverage" else "Gap (need not met by provision)"
        return html_heatmap(grid, colour, fmt, "clsp-gaps-heatmap", highlight=item, row_label="area", title=title)


# -- funding -------------------------------------------------------------------------------


def funded_case_studies() -> list[str]:
    """Shipped case studies that record at least one funding tie."""
    return [n for n in case_studies() if _case(n).ties_of_kind("funding")]


@lru_cache(maxsize=256)
def _withdraw(name: str, funder: str, step_in: str | None, share: float) -> Any:
    return withdraw(_case(name), funder, step_in, share)


@lru_cache(maxsize=256)
def _withdraw_png(name: str, funder: str, step_in: str | None, share: float, by: str) -> bytes:
    from ..plotting.provision import withdrawal_bars

    return png(lambda ax: withdrawal_bars(_withdraw(name, funder, step_in, share), ax=ax, by=by), WITHDRAW_SIZE)


class FundingExplorer:
    """What happens when a funder withdraws, and another steps in.

    Parameters
    ----------
    case
        A shipped case study with funding ties (default ``referral_concordat``).
    show_figures
        Draw the bar chart.

    Attributes
    ----------
    case, funder, step_in, share, by
        The widgets: case study, funder that withdraws, funder that steps in (``None``: nobody),
        the share of each grant it replaces, and whether the chart shows recipients or categories.
    partnership
        The case's partnership.
    flows, duplication, dependency
        :func:`~clsp_research.tasks.funding.funding_flows`, :func:`~clsp_research.tasks.funding.duplication`
        and :func:`~clsp_research.tasks.funding.category_dependency` of the case as recorded.
    withdrawal
        The :class:`~clsp_research.tasks.funding.Withdrawal` for the current choice.
    """

    def __init__(self, case: str = "referral_concordat", *, show_figures: bool = True) -> None:
        names = funded_case_studies()
        self.case = w.Dropdown(options=names, value=case if case in names else names[0], description="Case")
        self.funder = w.Dropdown(description="Withdraws")
        self.step_in = w.Dropdown(description="Steps in")
        self.share = w.FloatSlider(value=1.0, min=0.0, max=1.0, step=0.05, description="Replaces",
                                   readout_format=".0%", continuous_update=False)
        self.by = w.ToggleButtons(options=[("By provider", "recipient"), ("By category", "category")],
                                  value="recipient", description="Show")
        self.show_figures = show_figures
        self.chart = chart_image(WITHDRAW_SIZE)
        self.headline = w.HTML()
        self.details = w.HTML()
        self.context = w.HTML()
        for wid, css in ((self.case, "clsp-funding-case"), (self.funder, "clsp-funding-funder"),
                         (self.step_in, "clsp-funding-stepin"), (self.share, "clsp-funding-share"),
                         (self.headline, "clsp-funding-headline"), (self.details, "clsp-funding-table")):
            wid.add_class(css)
        self.partnership: Any = None
        self.flows: pd.DataFrame | None = None
        self.duplication: pd.DataFrame | None = None
        self.dependency: pd.DataFrame | None = None
        self.withdrawal: Any = None
        self._loading = False
        self.case.observe(self._on_case, names="value")
        self.funder.observe(self._on_funder, names="value")
        for wid in (self.step_in, self.share, self.by):
            wid.observe(self._update, names="value")
        self.widget = w.VBox([self.case, w.HBox([self.funder, self.step_in, self.share]), self.by,
                              self.headline, self.chart, self.details, self.context])
        self.widget.add_class("clsp-funding")
        self._on_case()

    def _on_case(self, change: object = None) -> None:
        self.partnership = p = _case(self.case.value)
        self.flows = funding_flows(p)
        self.duplication = duplication(p)
        self.dependency = category_dependency(p)
        fs = funders(p)
        with refilling(self):
            self.funder.options = [(f"{p.member(f).name} ({f})", f) for f in fs]
            self.funder.value = fs[0]
            self._step_options()
        esc = html.escape
        dup = self.duplication
        dep = self.dependency[self.dependency["dependent"]]
        self.context.value = (
            f"<p><b>As recorded.</b> {len(dup)} categor{'y is' if len(dup) == 1 else 'ies are'} paid for by two or "
            f"more funders ({esc(', '.join(c.replace('_', ' ') for c in dup['category'])) or 'none'}); "
            f"{len(dep)} categor{'y rests' if len(dep) == 1 else 'ies rest'} mainly on one funder ("
            + esc(", ".join(f"{c.replace('_', ' ')}: {f}" for c, f in zip(dep["category"], dep["top_funder"],
                                                                          strict=True)) or "none")
            + ").</p>")
        self._update()

    def _step_options(self) -> None:
        p = self.partnership
        others = [m for m in p.members_in("funder") if m != self.funder.value]
        self.step_in.options = [("nobody", None)] + [(f"{p.member(m).name} ({m})", m) for m in others]
        self.step_in.value = None

    def _on_funder(self, change: object = None) -> None:
        if self._loading:
            return
        with refilling(self):
            self._step_options()
        self._update()

    def _update(self, change: object = None) -> None:
        if self._loading:
            return
        name, funder, step, share = self.case.value, self.funder.value, self.step_in.value, float(self.share.value)
        self.withdrawal = wd = _withdraw(name, funder, step, share)
        esc = html.escape
        parts = [f"<p>If <b>{esc(funder)}</b> withdraws, {wd.total_withdrawn:,.0f} a year of known funding goes"]
        if step:
            parts.append(f"; <b>{esc(step)}</b> replaces {wd.total_replaced:,.0f}, so the net loss is "
                         f"{wd.net_loss:,.0f}")
        parts.append(".")
        if wd.n_unknown_amounts:
            parts.append(f" {plural(wd.n_unknown_amounts, 'withdrawn grant')} "
                         f"{'has' if wd.n_unknown_amounts == 1 else 'have'} no recorded amount.")
        if wd.unfunded_recipients:
            parts.append(" Left with no funding: <b>" + esc(", ".join(wd.unfunded_recipients)) + "</b>.")
        if wd.uncovered_categories:
            parts.append(" Categories no longer funded by anyone: <b>"
                         + esc(", ".join(c.replace("_", " ") for _, c in wd.uncovered_categories)) + "</b>.")
        if wd.new_dependents:
            parts.append(" Now dependent on a single funder: <b>" + esc(", ".join(wd.new_dependents)) + "</b>.")
        self.headline.value = "".join(parts) + "</p>"
        if self.by.value == "recipient":
            df = wd.by_recipient[["recipient", "before", "withdrawn", "replaced", "after", "change_share"]]
        else:
            df = wd.by_category[["category", "before", "after", "n_funders_before", "n_funders_after", "change_share"]]
        fmt = {c: "{:,.0f}" for c in ("before", "withdrawn", "replaced", "after")}
        fmt["change_share"] = "{:+.0%}"
        self.details.value = table_html(df, "clsp-funding-details", fmt)
        if self.show_figures:
            self.chart.value = _withdraw_png(name, funder, step, share, self.by.value)


# -- variance -------------------------------------------------------------------------------


class VarianceExplorer:
    """Need, provision and demand over the years for one area and category, with the actions taken.

    Parameters
    ----------
    need, provision, demand, actions
        Tables with a ``year`` (paths or DataFrames); default the illustrative files in
        ``data/provision/`` (``need_by_year.csv``, ``provision_by_year.csv``,
        ``demand_by_year.csv``, ``actions.csv``).
    show_figures
        Draw the line chart.

    Attributes
    ----------
    variance
        The whole :class:`~clsp_research.tasks.provision.VarianceResult` (computed once).
    cell
        Its ``demand_vs_need`` rows for the area and category picked.
    effects
        Its ``effect`` rows for them.
    """

    def __init__(self, need: Any = None, provision: Any = None, demand: Any = None, actions: Any = None, *,
                 show_figures: bool = True) -> None:
        d = lambda f: data_path("provision", f)  # noqa: E731
        if need is None and provision is None and demand is None and actions is None:
            actions = d("actions.csv")
        self.variance = variance_analysis(
            read_need(need if need is not None else d("need_by_year.csv"), years=True),
            read_provision(provision if provision is not None else d("provision_by_year.csv"), years=True),
            read_demand(demand if demand is not None else d("demand_by_year.csv")),
            read_actions(actions) if actions is not None else None,
        )
        t = self.variance.demand_vs_need
        areas, cats = sorted(set(t["area"])), sorted(set(t["category"]))
        acted = self.variance.effect[self.variance.effect["action"].notna()]
        first = acted.iloc[0] if len(acted) else None
        self.area = w.Dropdown(options=areas, value=first["area"] if first is not None else areas[0],
                               description="Area")
        self.category = w.Dropdown(options=[(c.replace("_", " "), c) for c in cats],
                                   value=first["category"] if first is not None else cats[0], description="Category")
        self.area.add_class("clsp-variance-area")
        self.category.add_class("clsp-variance-category")
        self.show_figures = show_figures
        self._figures = FigureCache()
        self.chart = chart_image(VARIANCE_SIZE)
        self.details = w.HTML()
        self.details.add_class("clsp-variance-table")
        self.cell: pd.DataFrame = t.iloc[0:0]
        self.effects: pd.DataFrame = self.variance.effect.iloc[0:0]
        self.area.observe(self._update, names="value")
        self.category.observe(self._update, names="value")
        self.widget = w.VBox([w.HBox([self.area, self.category]), self.chart, self.details])
        self.widget.add_class("clsp-variance")
        self._update()

    def _update(self, change: object = None) -> None:
        v = self.variance
        a, c = self.area.value, self.category.value
        t, e = v.demand_vs_need, v.effect
        self.cell = t[(t["area"] == a) & (t["category"] == c)].reset_index(drop=True)
        self.effects = e[(e["area"] == a) & (e["category"] == c)].reset_index(drop=True)
        q1 = table_html(self.cell[["year", "need", "demand", "provision", "ratio", "verdict"]],
                        "clsp-variance-demand", {"need": "{:,.0f}", "demand": "{:,.0f}", "provision": "{:,.0f}",
                                                 "ratio": "{:.2f}"})
        q2 = table_html(self.effects[["year_from", "year_to", "gap_before", "gap_after", "verdict", "action",
                                      "intended_met"]],
                        "clsp-variance-effect", {"gap_before": "{:,.0f}", "gap_after": "{:,.0f}"})
        self.details.value = ("<p><b>Did demand reflect assessed need?</b></p>" + q1
                              + "<p><b>Did the action taken have the intended effect?</b></p>" + q2)
        if self.show_figures:
            from ..plotting.provision import variance_lines

            self.chart.value = self._figures.get(
                (a, c), lambda: png(lambda ax: variance_lines(v, a, c, ax=ax), VARIANCE_SIZE))
