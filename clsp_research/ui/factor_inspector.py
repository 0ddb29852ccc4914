"""Controller of the factor inspector (``notebooks/03-success-factors-power-and-barriers.ipynb``).

Pick a case study and a success factor: see what the literature says about the
factor, the score and confidence the case gets, every piece of evidence that moved
the score, and what the literature suggests doing about it. Headless use::

    fi = FactorInspector("funder_dominated")
    fi.factor.value = "power_balance"
    fi.score          # the factor's entry of the assessment (a dict)
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import Any

import ipywidgets as w

from ..literature import framework
from ..partnership.datasets import case_studies, load_case_study
from ._html import cites_html

__all__ = ["FactorInspector", "factor_html"]


@lru_cache(maxsize=32)
def _assessed(name: str) -> dict[str, Any]:
    from ..assess import assess

    return assess(load_case_study(name)).to_dict()


def factor_html(case: str, factor_id: str) -> str:
    """One factor of one case as HTML: the literature, the score, the evidence, the remedies."""
    esc = html.escape
    it = framework("success_factors").item(factor_id)
    d = _assessed(case)
    entry = next(f for f in d["factors"] if f["id"] == factor_id)
    parts = [
        f"<h3>{esc(it.name)}</h3><p>{esc(it.summary)} <small>({cites_html(list(it.cites))})</small></p>",
        f"<p class='clsp-factor-score'>Score <b>{entry['score']:.2f}</b> &middot; confidence "
        f"<b>{entry['confidence']:.0%}</b></p>",
    ]
    evidence = entry.get("evidence") or []
    if evidence:
        parts.append("<ul class='clsp-factor-evidence'>")
        for e in evidence:
            effect = e.get("effect") or 0
            sign = "+" if effect > 0 else "−" if effect < 0 else "·"
            parts.append(f"<li>{sign} {esc(str(e.get('text', '')))}</li>")
        parts.append("</ul>")
    else:
        parts.append("<p><i>No evidence recorded for this factor.</i></p>")
    remedies = it.get("remedies") or []
    if remedies:
        parts.append("<p><b>What the literature suggests</b></p><ul>")
        parts.extend(f"<li>{esc(str(r.get('text', '')))} <small>({cites_html(r.get('cites', []))})</small></li>"
                     for r in remedies)
        parts.append("</ul>")
    return "\n".join(parts)


class FactorInspector:
    """Inspect one success factor in one case study.

    Attributes
    ----------
    case, factor
        The dropdowns.
    score
        The factor's entry in the case's assessment (``id``, ``score``, ``confidence``, ``evidence``, ``cites``).
    detail
        HTML panel.
    widget
        The whole app.
    """

    def __init__(self, start_case: str | None = None, start_factor: str = "trust") -> None:
        names = case_studies()
        fw = framework("success_factors")
        self.case = w.Dropdown(options=names, value=start_case if start_case in names else names[0],
                               description="Case")
        self.factor = w.Dropdown(options=[(i.name, i.id) for i in fw.items], value=start_factor,
                                 description="Factor")
        self.detail = w.HTML()
        self.detail.add_class("clsp-factor-detail")
        self.score: dict[str, Any] = {}
        self.case.observe(self._update, names="value")
        self.factor.observe(self._update, names="value")
        self.widget = w.VBox([w.HBox([self.case, self.factor]), self.detail])
        self.widget.add_class("clsp-factor-inspector")
        self._update()

    def _update(self, change: object = None) -> None:
        d = _assessed(self.case.value)
        self.score = next(f for f in d["factors"] if f["id"] == self.factor.value)
        self.detail.value = factor_html(self.case.value, self.factor.value)
