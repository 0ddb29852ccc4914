"""Controller of the trainer's debrief dashboard (``notebooks/06-workshop-debrief.ipynb``).

Reads every response saved in the workshop folder (press *Refresh* while participants
are still submitting) and shows what the group's answers add up to: per factor the
mean, count, spread and band; a heatmap of factors by stakeholder group; where
respondents disagree (r_wg) and where stakeholder groups do (the gap between group
means); the response counts; and any file that could not be read (one bad file never
hides the others). Headless use::

    db = Debrief(directory="answers/")
    db.summary.factors          # the factor table
    db.strength.value = 3.5     # other band cut-offs
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

__all__ = ["Debrief", "factor_means_svg", "factor_table_html", "group_heatmap_html"]

_BAND_STYLE = {"strength": "background:#d5f0e6", "borderline": "background:#fdefd3",
               "concern": "background:#f9dccf", None: ""}


def _f(v: Any, spec: str = ".2f") -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else format(v, spec)


def factor_table_html(summary: SurveySummary) -> str:
    """The factor table as HTML (names escaped, bands shaded)."""
    head = ("<tr><th>Factor</th><th>Mean</th><th>n</th><th>Don't know</th><th>SD</th>"
            f"<th>{int(summary.confidence * 100)}% CI</th><th>Band</th><th>r<sub>wg</sub></th></tr>")
    rows = []
    for r in summary.factors.to_dict(orient="records"):
        ci = f"{_f(r['ci_low'])} &ndash; {_f(r['ci_high'])}" if not math.isnan(r["ci_low"]) else ""
        rows.append(
            f"<tr><td>{html.escape(str(r['name']))}</td><td>{_f(r['mean'])}</td><td>{r['n']}</td>"
            f"<td>{r['n_dont_know']}</td><td>{_f(r['sd'])}</td><td>{ci}</td>"
            f"<td style='{_BAND_STYLE.get(r['band'], '')}'>{html.escape(r['band'] or '')}</td>"
            f"<td>{_f(r['rwg'])}</td></tr>")
    return ("<style>.clsp-db-table td, .clsp-db-table th {padding: 2px 8px; text-align: right}"
            " .clsp-db-table td:first-child {text-align: left}</style>"
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
            if isinstance(v, float) and math.isnan(v):
                cells.append("<td style='background:#eeeeee'></td>")
            else:
                bg, fg = _cell_colour(float(v))
                cells.append(f"<td style='background:{bg};color:{fg};text-align:center;padding:2px 6px'>"
                             f"{v:.1f}</td>")
        rows.append(f"<tr><td>{html.escape(str(names.get(fid, fid)))}</td>{''.join(cells)}</tr>")
    return ("<table class='clsp-db-heatmap-table' style='border-collapse:collapse'>"
            f"<caption>Mean rating by stakeholder group (red low, blue high)</caption><tr><th></th>{head}</tr>"
            + "".join(rows) + "</table>")


_BAND_COLOURS = {"strength": "#009E73", "borderline": "#E69F00", "concern": "#D55E00"}


def factor_means_svg(summary: SurveySummary, width: int = 460) -> str:
    """Each factor's mean and confidence interval as a small inline SVG chart (coloured by band,
    cut-offs dashed), drawn in a millisecond."""
    rows = [r for r in summary.factors.to_dict(orient="records") if not math.isnan(r["mean"])]
    left, right, step, top = 150, 30, 22, 26
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


class Debrief:
    """The trainer's view of every saved response.

    Parameters
    ----------
    directory
        The workshop folder (default: ``CLSP_WORKSHOP_DIR``, else ``./workshop-responses``).
    case
        A partnership, case file or case-study name: members who have not answered are listed.

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
    widget
        The dashboard.
    """

    def __init__(self, directory: str | Path | None = None, case: Any = None) -> None:
        from .self_assessment import _load_case

        self.directory = Path(directory or os.environ.get(ENV_DIR) or Path.cwd() / "workshop-responses")
        self.partnership = _load_case(case if case is not None else os.environ.get(ENV_CASE) or None)
        self.responses = pd.DataFrame()
        self.factor_responses = pd.DataFrame()
        self.summary: SurveySummary | None = None
        self.problems: list[str] = []
        defaults = Bands()
        self.refresh_button = w.Button(description="Refresh", icon="refresh", button_style="info")
        self.refresh_button.add_class("clsp-db-refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.strength = w.BoundedFloatText(value=defaults.strength, min=1.0, max=5.0, step=0.1,
                                           description="Strength from", style={"description_width": "initial"},
                                           layout=w.Layout(width="12em"))
        self.borderline = w.BoundedFloatText(value=defaults.borderline, min=1.0, max=5.0, step=0.1,
                                             description="Borderline from", style={"description_width": "initial"},
                                             layout=w.Layout(width="12em"))
        for box in (self.strength, self.borderline):
            box.observe(self._on_bands, names="value")
        self.counts = w.HTML()
        self.table = w.HTML()
        self.heatmap = w.HTML()
        self.means = w.HTML()
        self.disagreement = w.HTML()
        self.response_panel = w.HTML()
        self.problems_panel = w.HTML()
        for widget, cls in ((self.counts, "clsp-db-counts"), (self.table, "clsp-db-factors"),
                            (self.heatmap, "clsp-db-heatmap"), (self.disagreement, "clsp-db-disagreement"),
                            (self.problems_panel, "clsp-db-problems"), (self.response_panel, "clsp-db-response")):
            widget.add_class(cls)
        self.widget = w.VBox([
            w.HBox([self.refresh_button, self.strength, self.borderline]),
            self.counts,
            w.HBox([self.table, self.means]),
            w.HBox([self.heatmap, w.VBox([self.disagreement, self.response_panel])]),
            self.problems_panel,
        ])
        self.widget.add_class("clsp-debrief")
        self.refresh()

    # -- reading and summarising ----------------------------------------------------------------
    def refresh(self) -> None:
        """Read the folder again and redraw everything."""
        self.responses, self.problems = load_submissions(self.directory)
        self.factor_responses = (submissions_to_factors(self.responses) if len(self.responses)
                                 else pd.DataFrame(columns=["respondent", "member", "factor", "rating", "group"]))
        self._summarise()
        self.heatmap.value = group_heatmap_html(self.summary) if self.summary is not None else ""
        self._render_problems()

    def _bands(self) -> Bands | None:
        try:
            return Bands(strength=float(self.strength.value), borderline=float(self.borderline.value))
        except ValueError:
            return None

    def _on_bands(self, change: object = None) -> None:
        self._summarise()

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
            return
        roster = expected_respondents(self.partnership) if self.partnership is not None else None
        self.summary = summarize(self.factor_responses, members=self.partnership, bands=bands, roster=roster,
                                 validate=False)
        s = self.summary
        n_files = self.responses["file"].nunique()
        self.counts.value = (f"<p><b>{s.respondents}</b> respondent(s) ({n_files} latest submission file(s)); "
                             f"bands: strength &ge; {bands.strength:g}, borderline &ge; {bands.borderline:g} "
                             "(Wilder inventory defaults: 4.0 and 3.0).</p>")
        self.table.value = factor_table_html(s)
        self.means.value = factor_means_svg(s)
        self.disagreement.value = self._disagreement_html()
        self.response_panel.value = self._response_html()

    # -- panels -----------------------------------------------------------------------------------
    def _disagreement_html(self) -> str:
        s = self.summary
        assert s is not None
        esc = html.escape
        names = dict(zip(s.factors["id"], s.factors["name"], strict=True))
        parts = ["<h4>Where people disagree</h4>"]
        contested = s.factors[s.factors["rwg"] < 0.7].sort_values("rwg")
        if len(contested):
            parts.append("<p>Respondents' answers are spread (agreement r<sub>wg</sub> under 0.70):</p><ul>")
            parts += [f"<li>{esc(str(r.name))}: r<sub>wg</sub> {_f(r.rwg)} (answers {_f(r.min, '.0f')} to "
                      f"{_f(r.max, '.0f')})</li>" for r in contested.itertuples()]
            parts.append("</ul>")
        else:
            parts.append("<p>Respondents broadly agree on every factor with two or more answers.</p>")
        flagged = s.group_gaps.loc[s.group_gaps["flagged"].astype(bool)].sort_values("gap", ascending=False)
        if len(flagged):
            parts.append(f"<p>Stakeholder groups differ by {s.gap_threshold:g} point(s) or more:</p><ul>")
            for r in flagged.itertuples():
                hi = s.by_group.loc[r.id, r.high_group]
                lo = s.by_group.loc[r.id, r.low_group]
                parts.append(f"<li>{esc(names.get(r.id, r.id))}: {esc(r.high_group.replace('_', ' '))} "
                             f"{_f(hi, '.1f')} vs {esc(r.low_group.replace('_', ' '))} {_f(lo, '.1f')}</li>")
            parts.append("</ul>")
        elif len(s.by_group.columns) > 1:
            parts.append("<p>No two stakeholder groups differ by a full point on any factor.</p>")
        return "".join(parts)

    def _response_html(self) -> str:
        esc = html.escape
        fr = self.factor_responses
        per_group = fr.dropna(subset=["group"]).groupby("group")["respondent"].nunique()
        parts = ["<h4>Who answered</h4><ul>"]
        parts += [f"<li>{esc(str(g).replace('_', ' '))}: {int(n)}</li>" for g, n in per_group.items()]
        parts.append("</ul>")
        if self.partnership is not None:
            answered = set(fr["member"].dropna())
            silent = [m.name for mid, m in self.partnership.members.items() if mid not in answered]
            if silent:
                parts.append(f"<p>No answer yet from {len(silent)} of {len(self.partnership)} members: "
                             f"{esc(', '.join(silent))}.</p>")
            # Response rate per member: respondents against the member's current representatives.
            assert self.summary is not None
            rows = []
            for r in self.summary.response.itertuples():
                if r.member not in self.partnership.members or r.expected is None:
                    continue
                name = self.partnership.members[r.member].name
                rows.append(f"<tr><td>{esc(name)}</td><td>{r.respondents} of {int(r.expected)}</td>"
                            f"<td>{_f(r.response_rate * 100, '.0f')}%</td></tr>")
            parts.append("<table class='clsp-db-response-rates'><caption>Response by member (figures use the "
                         "answers given; nothing is imputed for members who did not answer)</caption>"
                         "<tr><th>Member</th><th>Answered</th><th>Rate</th></tr>" + "".join(rows) + "</table>")
        return "".join(parts)

    def _render_problems(self) -> None:
        if not self.problems:
            self.problems_panel.value = ""
            return
        items = "".join(f"<li>{html.escape(p)}</li>" for p in self.problems)
        self.problems_panel.value = (f"<p><b>{len(self.problems)} file(s) could not be read</b> and are left "
                                     f"out (the others are counted):</p><ul>{items}</ul>")
