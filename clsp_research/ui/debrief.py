"""Controller of the trainer's debrief dashboard (``notebooks/06-workshop-debrief.ipynb``).

Reads every response saved in the workshop folder (press *Refresh* while participants
are still submitting) and shows what the group's answers add up to: per factor the
mean, count, spread and band; a heatmap of factors by stakeholder group; where
respondents disagree (r_wg) and where stakeholder groups do (the gap between group
means); the response counts; and any file that could not be read (one bad file never
hides the others).

A dashboard is often projected to the room, so small groups are protected: every
breakdown by stakeholder group or member needs at least ``min_group_size`` answers
(default 3, never below 2; the trainer can raise it), below which the cell says "fewer
than 3 answers"; the list of members who have not answered stays hidden until that many
people have answered; and the default *projector-safe* view leaves out what only the
trainer should see (answers' ranges, the response table by member), which the
*detailed* view adds on the trainer's own screen. A factor with fewer than three ratings
gets no interval and no agreement verdict. Headless use::

    db = Debrief(directory="answers/")
    db.summary.factors          # the factor table
    db.strength.value = 3.5     # other band cut-offs
    db.min_group.value = 5      # a larger minimum group size
    db.view.value = "detailed"  # the trainer's own screen
    db.refresh()                # read the folder again
"""

from __future__ import annotations

import html
import math
import os
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from ..workshop.serving import ENV_CASE, ENV_DIR
from ..workshop.submissions import load_submissions, submissions_to_factors
from ..workshop.survey import Bands, SurveySummary, summarize
from ..workshop.survey_files import expected_respondents
from ._html import mix

__all__ = ["MIN_GROUP_SIZE", "Debrief", "factor_means_svg", "factor_table_html", "group_heatmap_html"]

#: Default minimum group size of every breakdown (the trainer may raise it, never below 2).
MIN_GROUP_SIZE = 3
_EXPLAIN = (
    "<h2 class='clsp-db-title'>Workshop debrief: how is the partnership doing?</h2>"
    "<p class='clsp-db-explain'>Each success factor is the mean of the participants' ratings of its two "
    "statements, from 1 (strongly disagree) to 5 (strongly agree); <i>don't know</i> is counted, never "
    "averaged. <b>Bands</b> read a mean as a <b>strength</b> (at or above the strength cut-off), "
    "<b>borderline</b>, or a <b>concern</b> (below the borderline cut-off); the defaults 4.0 and 3.0 are the "
    "Wilder Collaboration Factors Inventory's. The <b>interval</b> is a 95% bootstrap interval of the mean "
    "(it stays on the 1-5 scale). <b>r<sub>wg</sub></b> measures how far respondents agree: 1 when everyone "
    "gave the same answer, 0 when answers are as spread as random ones; 0.70 and above is usually read as "
    "agreement. With fewer than 3 answers a factor gets no interval and no agreement verdict.</p>")

_BAND_STYLE = {"strength": "background:#d5f0e6", "borderline": "background:#fdefd3",
               "concern": "background:#f9dccf", None: ""}


def _f(v: Any, spec: str = ".2f") -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else format(v, spec)


def factor_table_html(summary: SurveySummary, *, min_group_size: int = 1, detailed: bool = True) -> str:
    """The factor table as HTML (names escaped, bands shaded).

    A factor with fewer than ``min_group_size`` ratings shows "fewer than k answers"
    instead of its mean; one with fewer than the summary's ``min_n`` shows "too few
    answers" instead of an interval and an agreement. ``detailed`` adds the don't-know
    count and the standard deviation.

    Examples
    --------
    >>> import pandas as pd
    >>> from clsp_research.workshop.survey import summarize
    >>> s = summarize(pd.DataFrame({"respondent": ["a", "b"], "member": ["x", "y"], "factor": ["trust"] * 2,
    ...                             "rating": [5, 1]}))
    >>> "fewer than 3 answers" in factor_table_html(s, min_group_size=3)
    True
    >>> "too few answers" in factor_table_html(s) and "3.00" in factor_table_html(s)
    True
    """
    extra = "<th>Don't know</th><th>SD</th>" if detailed else ""
    head = (f"<tr><th>Factor</th><th>Mean</th><th>n</th>{extra}"
            f"<th>{int(summary.confidence * 100)}% interval</th><th>Band</th><th>r<sub>wg</sub></th></tr>")
    rows = []
    for r in summary.factors.to_dict(orient="records"):
        name = f"<td>{html.escape(str(r['name']))}</td>"
        if r["n"] < min_group_size:
            rows.append(f"<tr class='clsp-db-hidden'>{name}<td colspan='{6 if detailed else 4}'>fewer than "
                        f"{min_group_size} answers</td></tr>")
            continue
        ci = (f"{_f(r['ci_low'])} &ndash; {_f(r['ci_high'])}" if not math.isnan(r["ci_low"])
              else "too few answers" if r["n"] else "")
        rwg = _f(r["rwg"]) if not math.isnan(r["rwg"]) else ("&ndash;" if r["n"] else "")
        more = f"<td>{r['n_dont_know']}</td><td>{_f(r['sd'])}</td>" if detailed else ""
        rows.append(
            f"<tr>{name}<td>{_f(r['mean'])}</td><td>{r['n']}</td>{more}<td>{ci}</td>"
            f"<td style='{_BAND_STYLE.get(r['band'], '')}'>{html.escape(r['band'] or '')}</td>"
            f"<td>{rwg}</td></tr>")
    return ("<style>.clsp-db-table td, .clsp-db-table th {padding: 2px 8px; text-align: right}"
            " .clsp-db-table td:first-child {text-align: left; white-space: nowrap}"
            " .clsp-db-table tr.clsp-db-hidden td {color: #555; font-style: italic}</style>"
            "<table class='clsp-db-table' style='border-collapse:collapse'>" + head + "".join(rows) + "</table>")


_RED, _WHITE, _BLUE = (178, 24, 43), (247, 247, 247), (33, 102, 172)


def _cell_colour(v: float, lo: float = 1.0, hi: float = 5.0) -> tuple[str, str]:
    """Background (red low, white at the midpoint, blue high) and a readable text colour."""
    mid = (lo + hi) / 2
    t = max(-1.0, min(1.0, (v - mid) / (hi - mid)))
    bg = mix(_WHITE, _BLUE, t) if t >= 0 else mix(_WHITE, _RED, -t)
    return bg, "white" if abs(t) > 0.55 else "black"


def group_heatmap_html(summary: SurveySummary) -> str:
    """Factors (rows) by stakeholder group (columns) as a shaded HTML table: fast to redraw, and every
    value stays readable as text (also by a screen reader).

    Examples
    --------
    >>> import pandas as pd
    >>> from clsp_research.workshop.survey import summarize
    >>> s = summarize(pd.DataFrame({"respondent": ["a", "b"], "member": ["x", "y"], "factor": ["trust"] * 2,
    ...                             "rating": [5, 1], "group": ["funder", "community"]}))
    >>> html_text = group_heatmap_html(s)
    >>> "5.0" in html_text and "1.0" in html_text and html_text.index("funder") < html_text.index("community")
    True
    """
    from ..partnership.model import STAKEHOLDER_GROUPS

    table = summary.by_group
    counts = summary.by_group_n
    k = summary.min_group_size
    if table.empty:
        return "<p>No answers with a known stakeholder group yet.</p>"
    cols = [g for g in STAKEHOLDER_GROUPS if g in table.columns] + [c for c in table.columns
                                                                   if c not in STAKEHOLDER_GROUPS]
    names = dict(zip(summary.factors["id"], summary.factors["name"], strict=True))
    head = "".join(f"<th style='padding:2px 6px'>{html.escape(str(c).replace('_', ' '))}</th>" for c in cols)
    rows = []
    for fid, row in table.iterrows():
        cells = []
        for c in cols:
            v = row[c]
            n = int(counts.loc[fid, c]) if fid in counts.index and c in counts.columns else 0
            if isinstance(v, float) and math.isnan(v) and 0 < n < k:
                cells.append("<td class='clsp-db-hidden' style='background:#eeeeee;color:#444;font-size:0.85em;"
                             f"text-align:center;padding:2px 6px'>fewer than {k} answers</td>")
            elif isinstance(v, float) and math.isnan(v):
                cells.append("<td style='background:#eeeeee'></td>")
            else:
                bg, fg = _cell_colour(float(v))
                cells.append(f"<td style='background:{bg};color:{fg};text-align:center;padding:2px 6px'>"
                             f"{v:.1f}</td>")
        rows.append(f"<tr><td>{html.escape(str(names.get(fid, fid)))}</td>{''.join(cells)}</tr>")
    return ("<table class='clsp-db-heatmap-table' style='border-collapse:collapse'>"
            "<caption>Mean rating by stakeholder group (red low, blue high; a group's mean is shown only "
            f"with {k} or more answers)</caption><tr><th></th>{head}</tr>"
            + "".join(rows) + "</table>")


_BAND_COLOURS = {"strength": "#009E73", "borderline": "#E69F00", "concern": "#D55E00"}


def factor_means_svg(summary: SurveySummary, width: int = 520, min_group_size: int = 1) -> str:
    """Each factor's mean and interval as a small inline SVG chart (coloured by band, cut-offs dashed),
    drawn in a millisecond; factors with fewer than ``min_group_size`` ratings are left out.

    The label column is as wide as the longest factor name, so no name is cut.

    Examples
    --------
    >>> import pandas as pd
    >>> from clsp_research.workshop.survey import summarize
    >>> s = summarize(pd.DataFrame({"respondent": list("abc"), "member": "x", "factor": "flexibility",
    ...                             "rating": [5, 4, 4]}))
    >>> "Flexibility and freedom to experiment" in factor_means_svg(s)
    True
    """
    rows = [r for r in summary.factors.to_dict(orient="records")
            if not math.isnan(r["mean"]) and r["n"] >= min_group_size]
    longest = max((len(str(r["name"])) for r in rows), default=10)
    left, right, step, top = max(150, int(6.4 * longest) + 14), 30, 22, 26
    width = max(width, left + 260)
    height = top + step * len(rows) + 24

    def x(v: float) -> float:
        return left + (min(5.0, max(1.0, v)) - 1.0) / 4.0 * (width - left - right)

    parts = [f"<svg class='clsp-db-means' width='{width}' height='{height}' role='img' "
             "aria-label='Mean rating of each factor with its confidence interval' "
             "style='font-family:sans-serif;font-size:11px'>"]
    for v in (1, 2, 3, 4, 5):
        parts.append(f"<text x='{x(v):.1f}' y='{height - 6}' text-anchor='middle' fill='#555'>{v}</text>")
    for cut in (summary.bands.borderline, summary.bands.strength):
        parts.append(f"<line x1='{x(cut):.1f}' x2='{x(cut):.1f}' y1='{top - 8}' y2='{height - 20}' "
                     "stroke='#777' stroke-dasharray='4 3'/>")
    for band, colour in _BAND_COLOURS.items():
        i = list(_BAND_COLOURS).index(band)
        parts.append(f"<circle cx='{left + 8 + i * 90}' cy='9' r='5' fill='{colour}'/>"
                     f"<text x='{left + 16 + i * 90}' y='13'>{band}</text>")
    for i, r in enumerate(rows):
        y = top + i * step + step / 2
        colour = _BAND_COLOURS.get(r["band"], "#999999")
        parts.append(f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end'>{html.escape(str(r['name']))}</text>")
        if not math.isnan(r["ci_low"]):
            parts.append(f"<line x1='{x(r['ci_low']):.1f}' x2='{x(r['ci_high']):.1f}' y1='{y:.1f}' y2='{y:.1f}' "
                         f"stroke='{colour}' stroke-width='3' stroke-opacity='0.55'/>")
        parts.append(f"<circle cx='{x(r['mean']):.1f}' cy='{y:.1f}' r='5' fill='{colour}'>"
                     f"<title>{html.escape(str(r['name']))}: {r['mean']:.2f} (n={r['n']})</title></circle>")
    parts.append("</svg>")
    return "".join(parts)


def _png_img(draw: Any, size: tuple[float, float], alt: str, css_class: str) -> str:
    """A figure as an ``<img>`` drawn at twice its displayed size (sharp on high-density screens)."""
    import base64

    from ..plotting._common import render_png

    shown = int(size[0] * 96)
    data = render_png(draw, size, dpi=192)
    return (f"<img class='{css_class}' alt='{html.escape(alt)}' width='{shown}' style='max-width:100%;height:auto' "
            f"src='data:image/png;base64,{base64.b64encode(data).decode('ascii')}'/>")


class Debrief:
    """The trainer's view of every saved response.

    Parameters
    ----------
    directory
        The workshop folder (default: ``CLSP_WORKSHOP_DIR``, else ``./workshop-responses``).
    case
        A partnership, case file or case-study name: members who have not answered are listed
        (once at least ``min_group_size`` people have answered).
    min_group_size
        Fewest answers behind any mean broken down by stakeholder group or member (at least 2).
    figures
        Draw the seaborn figures (factor distributions, group heatmap) at once and on each
        refresh; otherwise the *Draw figures* button draws them (a second or two).

    Attributes
    ----------
    responses
        Item-level answers read (latest submission per respondent).
    factor_responses
        The same at factor level.
    summary
        The :class:`~clsp_research.workshop.survey.SurveySummary` (``None`` while there are no answers).
    problems
        Files that could not be read, with the reason.
    strength, borderline
        The band cut-offs (defaults of the Wilder inventory, mattessich2001).
    min_group
        The minimum group size (2 or more).
    view
        ``"projector"`` (the default: safe to show the room) or ``"detailed"`` (the trainer's screen).
    widget
        The dashboard.
    """

    def __init__(self, directory: str | Path | None = None, case: Any = None,
                 min_group_size: int = MIN_GROUP_SIZE, figures: bool = False) -> None:
        from ..errors import CLSPInputError
        from .self_assessment import _load_case

        if not isinstance(min_group_size, int) or min_group_size < 2:
            raise CLSPInputError(f"min_group_size must be a whole number of at least 2, found {min_group_size!r}",
                                 field="min_group_size")
        self.directory = Path(directory or os.environ.get(ENV_DIR) or Path.cwd() / "workshop-responses")
        self.partnership = _load_case(case if case is not None else os.environ.get(ENV_CASE) or None)
        self.responses = pd.DataFrame()
        self.factor_responses = pd.DataFrame()
        self.summary: SurveySummary | None = None
        self.problems: list[str] = []
        self.show_figures = figures
        defaults = Bands()
        style = {"description_width": "initial"}
        self.refresh_button = w.Button(description="Refresh", icon="refresh", button_style="info")
        self.refresh_button.add_class("clsp-db-refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.strength = w.BoundedFloatText(value=defaults.strength, min=1.0, max=5.0, step=0.1,
                                           description="Strength from", style=style, layout=w.Layout(width="12em"))
        self.borderline = w.BoundedFloatText(value=defaults.borderline, min=1.0, max=5.0, step=0.1,
                                             description="Borderline from", style=style,
                                             layout=w.Layout(width="12em"))
        self.min_group = w.BoundedIntText(value=min_group_size, min=2, max=50, step=1,
                                          description="Smallest group shown", style=style,
                                          layout=w.Layout(width="14em"))
        self.min_group.add_class("clsp-db-min-group")
        self.view = w.ToggleButtons(options=[("Projector-safe", "projector"), ("Detailed (my screen only)",
                                                                                "detailed")],
                                    value="projector", style={"button_width": "auto"})
        self.view.add_class("clsp-db-view")
        for box in (self.strength, self.borderline):
            box.observe(self._on_bands, names="value")
        self.min_group.observe(self._on_privacy, names="value")
        self.view.observe(self._on_bands, names="value")  # the figures are the same in both views
        self.figures_button = w.Button(description="Draw figures", icon="bar-chart",
                                       tooltip="Answers' spread per factor and the group heatmap (seaborn)")
        self.figures_button.add_class("clsp-db-draw-figures")
        self.figures_button.on_click(lambda _: self.draw_figures())
        self.title = w.HTML(_EXPLAIN)
        self.counts = w.HTML()
        self.table = w.HTML()
        self.heatmap = w.HTML()
        self.means = w.HTML()
        self.disagreement = w.HTML()
        self.response_panel = w.HTML()
        self.problems_panel = w.HTML()
        self.figures = w.HTML()
        for widget, cls in ((self.counts, "clsp-db-counts"), (self.table, "clsp-db-factors"),
                            (self.heatmap, "clsp-db-heatmap"), (self.disagreement, "clsp-db-disagreement"),
                            (self.problems_panel, "clsp-db-problems"), (self.response_panel, "clsp-db-response"),
                            (self.figures, "clsp-db-figures"), (self.title, "clsp-db-head")):
            widget.add_class(cls)
        self.widget = w.VBox([
            self.title,
            w.HBox([self.refresh_button, self.strength, self.borderline, self.min_group, self.figures_button],
                   layout=w.Layout(flex_flow="row wrap")),
            self.view,
            self.counts,
            w.HBox([self.table, self.means], layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.heatmap, w.VBox([self.disagreement, self.response_panel])],
                   layout=w.Layout(flex_flow="row wrap")),
            self.figures,
            self.problems_panel,
        ])
        self.widget.add_class("clsp-debrief")
        self.refresh()

    # -- reading and summarising ----------------------------------------------------------------
    @property
    def min_group_size(self) -> int:
        """The minimum group size in force (never below 2)."""
        return max(2, int(self.min_group.value or 2))

    @property
    def detailed(self) -> bool:
        """Whether the detailed (trainer's screen) view is on."""
        return self.view.value == "detailed"

    def refresh(self) -> None:
        """Read the folder again and redraw everything."""
        self.responses, self.problems = load_submissions(self.directory)
        self.factor_responses = (submissions_to_factors(self.responses) if len(self.responses)
                                 else pd.DataFrame(columns=["respondent", "member", "factor", "rating", "group"]))
        self._summarise()
        self._draw_figures()
        self._render_problems()

    def _bands(self) -> Bands | None:
        try:
            return Bands(strength=float(self.strength.value), borderline=float(self.borderline.value))
        except ValueError:
            return None

    def _on_bands(self, change: object = None) -> None:
        self._summarise()

    def _on_privacy(self, change: object = None) -> None:
        self._summarise()
        self._draw_figures()

    def draw_figures(self) -> None:
        """Draw the seaborn figures now, and again on each refresh from now on."""
        self.show_figures = True
        self._draw_figures()

    def _summarise(self) -> None:
        bands = self._bands()
        if bands is None:
            self.counts.value = ("<p class='clsp-db-warning'>The borderline cut-off must not be above the strength "
                                 "cut-off.</p>")
            return
        if len(self.factor_responses) == 0:
            self.summary = None
            self.counts.value = (f"<p><b>No answers yet</b> in {html.escape(str(self.directory))}. "
                                 "Press Refresh when participants have submitted.</p>")
            self.table.value = self.disagreement.value = self.response_panel.value = self.means.value = ""
            self.heatmap.value = ""
            return
        k = self.min_group_size
        roster = expected_respondents(self.partnership) if self.partnership is not None else None
        self.summary = summarize(self.factor_responses, members=self.partnership, bands=bands, roster=roster,
                                 validate=False, min_group_size=k)
        s = self.summary
        view = ("Detailed view: for the trainer's own screen." if self.detailed else
                "Projector-safe view: no individual answers, no group or member with fewer than "
                f"{k} answers.")
        self.counts.value = (f"<p><b>{s.respondents}</b> respondent(s); bands: strength &ge; {bands.strength:g}, "
                             f"borderline &ge; {bands.borderline:g} (Wilder inventory defaults: 4.0 and 3.0). "
                             f"<i>{view}</i></p>")
        self.table.value = factor_table_html(s, min_group_size=k, detailed=self.detailed)
        self.means.value = factor_means_svg(s, min_group_size=k)
        self.heatmap.value = group_heatmap_html(s)
        self.disagreement.value = self._disagreement_html()
        self.response_panel.value = self._response_html()

    def _draw_figures(self) -> None:
        if not self.show_figures or self.summary is None:
            self.figures.value = ""
            return
        from ..plotting.survey import plot_factor_distributions, plot_group_heatmap

        k = self.min_group_size
        s = self.summary
        n_shown = int((s.factors["n"] >= k).sum())
        parts = ["<h4>Figures</h4>"]
        parts.append(_png_img(lambda ax: plot_factor_distributions(self.factor_responses, ax=ax, min_n=k),
                              (7.5, 1.4 + 0.34 * max(n_shown, 1)),
                              "How the answers spread, factor by factor", "clsp-db-distributions"))
        if not s.by_group.empty:
            parts.append(_png_img(lambda ax: plot_group_heatmap(s, ax=ax), (1.6 + 1.2 * len(s.by_group.columns) + 2.4,
                                                                         1.2 + 0.38 * len(s.by_group)),
                                  "Mean rating by stakeholder group", "clsp-db-group-figure"))
        self.figures.value = "".join(parts)

    # -- panels -----------------------------------------------------------------------------------
    def _disagreement_html(self) -> str:
        s = self.summary
        assert s is not None
        esc = html.escape
        k = self.min_group_size
        names = dict(zip(s.factors["id"], s.factors["name"], strict=True))
        parts = ["<h4>Where people disagree</h4>"]
        judged = s.factors[(s.factors["n"] >= max(k, s.min_n))]
        contested = judged[judged["rwg"] < 0.7].sort_values("rwg")
        if len(contested):
            parts.append("<p>Respondents' answers are spread (agreement r<sub>wg</sub> under 0.70):</p><ul>")
            for r in contested.itertuples():
                spread = (f" (answers {_f(r.min, '.0f')} to {_f(r.max, '.0f')})" if self.detailed else "")
                parts.append(f"<li>{esc(str(r.name))}: r<sub>wg</sub> {_f(r.rwg)}{spread}</li>")
            parts.append("</ul>")
        elif len(judged):
            parts.append(f"<p>Respondents broadly agree on every factor with {max(k, s.min_n)} or more answers.</p>")
        else:
            parts.append(f"<p>Too few answers to judge agreement: a verdict needs {max(k, s.min_n)} or more "
                         "answers to a factor.</p>")
        flagged = s.group_gaps.loc[s.group_gaps["flagged"].astype(bool)].sort_values("gap", ascending=False)
        if len(flagged):
            parts.append(f"<p>Stakeholder groups differ by {s.gap_threshold:g} point(s) or more (groups with "
                         f"{k} or more answers):</p><ul>")
            for r in flagged.itertuples():
                hi = s.by_group.loc[r.id, r.high_group]
                lo = s.by_group.loc[r.id, r.low_group]
                parts.append(f"<li>{esc(names.get(r.id, r.id))}: {esc(r.high_group.replace('_', ' '))} "
                             f"{_f(hi, '.1f')} vs {esc(r.low_group.replace('_', ' '))} {_f(lo, '.1f')}</li>")
            parts.append("</ul>")
        elif s.by_group.notna().any().sum() > 1:
            parts.append("<p>No two stakeholder groups differ by a full point on any factor.</p>")
        return "".join(parts)

    def _response_html(self) -> str:
        esc = html.escape
        k = self.min_group_size
        fr = self.factor_responses
        s = self.summary
        assert s is not None
        per_group = fr.dropna(subset=["group"]).groupby("group")["respondent"].nunique()
        parts = ["<h4>Who answered</h4><ul>"]
        for g, n in per_group.items():
            shown = str(int(n)) if self.detailed or n >= k else f"fewer than {k}"
            parts.append(f"<li>{esc(str(g).replace('_', ' '))}: {shown}</li>")
        parts.append("</ul>")
        if self.partnership is not None:
            answered = set(fr["member"].dropna())
            n_members = len(self.partnership)
            n_answered = sum(1 for mid in self.partnership.members if mid in answered)
            parts.append(f"<p class='clsp-db-members-answered'>Members that answered: <b>{n_answered} of "
                         f"{n_members}</b> ({100 * n_answered / max(n_members, 1):.0f}%).</p>")
            silent = [m.name for mid, m in self.partnership.members.items() if mid not in answered]
            if silent and s.respondents >= k:
                parts.append(f"<p class='clsp-db-silent'>No answer yet from {len(silent)} of {n_members} members: "
                             f"{esc(', '.join(silent))}.</p>")
            elif silent:
                parts.append(f"<p class='clsp-db-silent'>The list of members who have not answered shows once {k} "
                             "people have answered.</p>")
            if self.detailed:
                # Respondents per member (may exceed its representatives), beside the representatives expected.
                rows = []
                for r in s.response.itertuples():
                    if r.member not in self.partnership.members:
                        continue
                    name = self.partnership.members[r.member].name
                    expected = "" if r.expected is None else str(int(r.expected))
                    rows.append(f"<tr><td>{esc(name)}</td><td>{'yes' if r.respondents else 'no'}</td>"
                                f"<td>{r.respondents}</td><td>{expected}</td></tr>")
                parts.append("<table class='clsp-db-response-rates'><caption>Response by member (figures use the "
                             "answers given; nothing is imputed for members who did not answer)</caption>"
                             "<tr><th>Member</th><th>Answered</th><th>Respondents</th>"
                             "<th>Representatives</th></tr>" + "".join(rows) + "</table>")
        return "".join(parts)

    def _render_problems(self) -> None:
        if not self.problems:
            self.problems_panel.value = ""
            return
        items = "".join(f"<li>{html.escape(p)}</li>" for p in self.problems)
        self.problems_panel.value = (f"<p><b>{len(self.problems)} file(s) could not be read</b> and are left "
                                     f"out (the others are counted):</p><ul>{items}</ul>")
