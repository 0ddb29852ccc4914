"""Controller of the case-study explorer (``notebooks/04-case-studies.ipynb``).

Pick a case study and a continuum: see its map, stage profile, success factors,
risk flags and recommendations; pick a second case to compare the two side by side.
The map, the stage profile and the factor chart are drawn as SVG and HTML (a few
milliseconds, where matplotlib took 0.1-0.4 s a case) and cached, so every change
answers at once. Headless use::

    ex = CaseExplorer()
    ex.case.value = "talking_shop"
    ex.assessment.stage        # the placement shown
    ex.compare_with.value = "integrated_commissioning"
    ex.comparison              # DataFrame of the two side by side
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

import ipywidgets as w
import pandas as pd

from ..assess.continuum import continua
from ..literature import framework
from ..partnership.datasets import case_studies
from ._cases import case_study as _case
from ._html import cites_html, factor_bars_html

__all__ = ["CaseExplorer", "case_summary_html", "compare_cases", "placement_table"]

NONE = "(none)"


@lru_cache(maxsize=64)
def _assessment(name: str, fw: str) -> Any:
    from ..assess import assess

    return assess(_case(name), framework=fw)


@lru_cache(maxsize=32)
def _map(name: str) -> str:
    from ..plotting.network import layout
    from .svgmap import partnership_svg

    p = _case(name)
    return partnership_svg(p, layout(p, seed=0), width=620, height=460, title=p.name)


@lru_cache(maxsize=64)
def _figures(name: str, fw: str) -> tuple[str, str, str]:
    """Map (the same on every continuum, so drawn once per case), stage profile, factors."""
    from .stage_ladder import profile_bars_html

    d = _assessment(name, fw).to_dict()
    return _map(name), profile_bars_html(d["stage_profile"], d["stage"]), factor_bars_html(d["factors"])


def case_summary_html(name: str, fw: str = "continuum") -> str:
    """The text panel of one case: placement, flags, recommendations, with citations (escaped)."""
    p, a = _case(name), _assessment(name, fw)
    d = a.to_dict()
    esc = html.escape
    parts = [f"<h3 class='clsp-case-name'>{esc(p.name)}</h3>"]
    if p.info.description:
        from ..literature.citations import render_inline_keys

        parts.append(f"<p><i>{esc(render_inline_keys(p.info.description))}</i></p>")
    parts.append(f"<p>Placement ({esc(framework(fw).name)}): <b class='clsp-case-stage'>{esc(str(d['stage']))}</b>"
                 f" &middot; {len(p)} members, {p.n_ties} ties</p>")
    if d["flags"]:
        parts.append("<p><b>Risk flags</b></p><ul class='clsp-case-flags'>")
        for f in d["flags"]:
            parts.append(f"<li><b>{esc(f['id'])}</b> ({esc(f['severity'])}): {esc(f['message'])} "
                         f"<small>({cites_html(f.get('cites', []))})</small></li>")
        parts.append("</ul>")
    else:
        parts.append("<p>No risk flag raised.</p>")
    recs = d.get("recommendations") or []
    if recs:
        parts.append("<p><b>What the literature suggests</b></p><ol>")
        for r in recs:
            parts.append(f"<li><b>{esc(str(r['factor']).replace('_', ' '))}</b>: {esc(r['text'])} "
                         f"<small>({cites_html(r.get('cites', []))})</small></li>")
        parts.append("</ol>")
    return "\n".join(parts)


class CaseExplorer:
    """Explore and compare the shipped case studies.

    Attributes
    ----------
    case, continuum, compare_with
        Dropdowns: the case shown, the continuum it is placed on, a second case to compare.
    assessment
        The current case's assessment.
    comparison
        Side-by-side table of the two cases (``None`` when no second case is chosen).
    widget
        The whole app.
    """

    def __init__(self, start: str | None = None) -> None:
        names = case_studies()
        if not names:
            raise FileNotFoundError("no case studies found in data/case_studies")
        self.case = w.Dropdown(options=names, value=start or names[0], description="Case")
        self.continuum = w.Dropdown(options=continua(), value="continuum", description="Continuum")
        self.compare_with = w.Dropdown(options=[NONE, *names], value=NONE, description="Compare with",
                                       style={"description_width": "initial"})
        self.map = w.HTML(layout=w.Layout(max_width="640px"))
        self.profile = w.HTML(layout=w.Layout(max_width="420px"))
        self.factors = w.HTML(layout=w.Layout(max_width="520px"))
        self.summary = w.HTML()
        self.compare_panel = w.HTML()
        for widget, cls in ((self.case, "clsp-case-select"), (self.compare_with, "clsp-case-compare"),
                            (self.summary, "clsp-case-summary")):
            widget.add_class(cls)
        self.assessment: Any = None
        self.comparison: pd.DataFrame | None = None
        for dd in (self.case, self.continuum, self.compare_with):
            dd.observe(self._update, names="value")
        self.widget = w.VBox([
            w.HBox([self.case, self.continuum, self.compare_with]),
            w.HBox([self.map, w.VBox([self.summary, self.profile])]),
            w.HBox([self.factors, self.compare_panel]),
        ])
        self.widget.add_class("clsp-case-explorer")
        self._update()

    def _update(self, change: object = None) -> None:
        name, fw = self.case.value, self.continuum.value
        self.assessment = _assessment(name, fw)
        self.map.value, self.profile.value, self.factors.value = _figures(name, fw)
        self.summary.value = case_summary_html(name, fw)
        other = self.compare_with.value
        if other in (NONE, name):
            self.comparison = None
            self.compare_panel.value = ""
            return
        self.comparison = compare_cases(name, other, fw)
        self.compare_panel.value = (
            f"<h4>{html.escape(name)} vs {html.escape(other)}</h4>"
            + self.comparison.to_html(classes="clsp-case-comparison", float_format=lambda x: f"{x:.2f}",
                                      na_rep="", escape=True)
        )


def compare_cases(a: str, b: str, fw: str = "continuum") -> pd.DataFrame:
    """Two case studies side by side: stage, each stage score, each factor score, flags raised."""
    da, db = _assessment(a, fw).to_dict(), _assessment(b, fw).to_dict()
    rows: list[dict[str, Any]] = [{"item": "stage", a: da["stage"], b: db["stage"]}]
    for s in da["stage_profile"]:
        rows.append({"item": f"stage score: {s}", a: da["stage_profile"][s], b: db["stage_profile"].get(s)})
    fb = {f["id"]: f["score"] for f in db["factors"]}
    for f in da["factors"]:
        rows.append({"item": f"factor: {f['id']}", a: f["score"], b: fb.get(f["id"])})
    flags_a = {f["id"] for f in da["flags"]}
    flags_b = {f["id"] for f in db["flags"]}
    for fl in sorted(flags_a | flags_b):
        rows.append({"item": f"flag: {fl}", a: "yes" if fl in flags_a else "", b: "yes" if fl in flags_b else ""})
    return pd.DataFrame(rows).set_index("item")


def placement_table(names: list[str] | None = None) -> pd.DataFrame:
    """Each case study's placement on every continuum, beside the stage its narrative argues for.

    One row per case (index: the case's file name): ``partnership`` (its name), ``members``,
    ``ties``, ``expected`` (the narrative's ``expected_stage``), one column per continuum id
    (``continuum`` first) holding the placement on it, and ``flags`` (the risk flags raised,
    most severe first, comma-separated).

    Examples
    --------
    >>> t = placement_table(["talking_shop", "integrated_commissioning"])
    >>> t["continuum"].to_dict()
    {'talking_shop': 'networking', 'integrated_commissioning': 'integration'}
    """
    rows = []
    for name in case_studies() if names is None else names:
        p = _case(name)
        row: dict[str, Any] = {"case": name, "partnership": p.name, "members": len(p), "ties": p.n_ties,
                               "expected": p.info.attrs.get("expected_stage")}
        row.update({fw: _assessment(name, fw).stage for fw in continua()})
        row["flags"] = ", ".join(_assessment(name, "continuum").flag_ids)
        rows.append(row)
    return pd.DataFrame(rows).set_index("case")
