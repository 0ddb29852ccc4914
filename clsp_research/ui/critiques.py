"""Controller of the critiques notebook (``notebooks/12-critiques-accountability-and-policy.ipynb``).

Pick a case study and a lens: the criticisms of partnership (with the political context, the
costs, corporatism, "too equal" partnerships, sustaining a partnership and the paper's critique of
the CLS) or the questions of democracy and accountability. The app lists each item with whether
the case's recorded facts make it pressing, the facts that decided it, the question to ask, and
the paragraphs and works behind it; Williamson's criteria for a true partnership are checked
alongside. The logic lives in :mod:`clsp_research.assess.critique` and
:mod:`clsp_research.assess.williamson`; this module only wires widgets to it. Headless use::

    app = CritiqueExplorer("talking_shop")
    app.lens.value = "accountability"
    app.show.value = "pressing"
    app.findings            # the Finding objects listed
    app.williamson          # the WilliamsonCheck of the case
"""

from __future__ import annotations

import html
from functools import lru_cache

import ipywidgets as w

from ..assess.critique import ACCOUNTABILITY_FRAMEWORKS, CRITIQUE_FRAMEWORKS, Finding, critique
from ..assess.williamson import WilliamsonCheck, check_williamson
from ..literature import framework
from ..partnership.datasets import case_studies
from ._cases import case_study
from ._html import cites_html

__all__ = ["LENSES", "CritiqueExplorer", "findings_html"]

#: The two lenses: label, frameworks.
LENSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "criticisms": ("Criticisms of partnership", CRITIQUE_FRAMEWORKS),
    "accountability": ("Democracy and accountability", ACCOUNTABILITY_FRAMEWORKS),
}
SHOW = {"pressing": "pressing for this case", "all": "every item"}
_STATUS_STYLE = {"pressing": "background:#D55E00;color:white", "not indicated": "background:#e8e8e8",
                 "not recorded": "background:#fff3cd", "always relevant": "background:#cfe3f3"}


@lru_cache(maxsize=64)
def _findings(case: str, lens: str) -> tuple[Finding, ...]:
    return tuple(critique(case_study(case), LENSES[lens][1]))


@lru_cache(maxsize=32)
def _williamson(case: str) -> WilliamsonCheck:
    return check_williamson(case_study(case))


def findings_html(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """The findings as HTML, grouped by framework: status, question, deciding facts, summary, sources.

    Examples
    --------
    >>> from clsp_research.assess.critique import critique
    >>> from clsp_research.partnership.datasets import load_case_study
    >>> page = findings_html(critique(load_case_study("talking_shop"), ["power_too_equal"]))
    >>> "Too equal to decide" in page and "Griffith 2002, §3.44" in page
    True
    """
    esc = html.escape
    if not findings:
        return "<p><i>Nothing to show: no item is pressing for this case on the facts recorded.</i></p>"
    parts: list[str] = []
    current = None
    for f in findings:
        if f.framework != current:
            current = f.framework
            parts.append(f"<h4 class='clsp-critique-framework'>{esc(framework(f.framework).name)}</h4>")
        facts = "".join(f"<li>{esc(e)}</li>" for e in f.evidence)
        parts.append(
            f"<div class='clsp-critique-item' data-item='{esc(f.framework)}/{esc(f.item_id)}' "
            "style='margin:.4em 0 .8em 0'>"
            f"<b>{esc(f.name)}</b> <span style='{_STATUS_STYLE[f.status]};padding:0 .4em;border-radius:.3em;"
            f"font-size:.85em'>{esc(f.status)}</span>"
            + (f"<div><i>Ask:</i> {esc(f.question)}</div>" if f.question else "")
            + (f"<ul style='margin:.2em 0'>{facts}</ul>" if facts else "")
            + f"<div>{esc(f.summary)}</div>"
            f"<div style='color:#555;font-size:.9em'>Behind it: {cites_html(f.cites)}</div></div>")
    return "".join(parts)


def williamson_html(check: WilliamsonCheck) -> str:
    """Williamson's criteria for the case, as a small table."""
    esc = html.escape
    rows = "".join(
        f"<tr><td>{esc(c.name)}</td><td>{ {True: 'met', False: 'not met', None: 'not recorded'}[c.met]}</td>"
        f"<td>{esc(c.evidence)}</td></tr>" for c in check.criteria)
    return (f"<p>{esc(check.summary)}</p><table class='clsp-williamson'><tr><th>criterion</th><th>verdict</th>"
            f"<th>evidence</th></tr>{rows}</table>")


class CritiqueExplorer:
    """Which criticisms and accountability questions apply to a case, with the paragraphs behind them.

    Attributes
    ----------
    case, lens, show
        Case study dropdown, lens buttons (``criticisms`` or ``accountability``) and a filter
        (``pressing`` or ``all``).
    findings
        The :class:`~clsp_research.assess.critique.Finding` objects listed now.
    williamson
        Williamson's criteria checked for the case.
    widget
        The whole app (display this).
    """

    def __init__(self, start: str = "talking_shop", lens: str = "criticisms", show: str = "pressing") -> None:
        names = case_studies()
        self.case = w.Dropdown(options=names, value=start, description="Case")
        self.lens = w.ToggleButtons(options=[(label, key) for key, (label, _) in LENSES.items()], value=lens,
                                    style={"button_width": "auto"})  # each lens name whole
        self.show = w.Dropdown(options=[(label, key) for key, label in SHOW.items()], value=show,
                               description="Show")
        self.counts = w.HTML()
        self.detail = w.HTML(layout=w.Layout(width="100%"))
        self.lens_view = w.HTML()
        for widget, cls in ((self.case, "clsp-critique-case"), (self.lens, "clsp-critique-lens"),
                            (self.show, "clsp-critique-show"), (self.detail, "clsp-critique-detail")):
            widget.add_class(cls)
        self.findings: list[Finding] = []
        self.williamson: WilliamsonCheck | None = None
        for widget in (self.case, self.lens, self.show):
            widget.observe(self._refresh, names="value")
        self.widget = w.VBox([w.HBox([self.case, self.show]), self.lens, self.counts, self.detail,
                              w.HTML("<h4>Williamson's criteria for a true partnership</h4>"), self.lens_view])
        self.widget.add_class("clsp-critiques")
        self._refresh()

    def _refresh(self, change: object = None) -> None:
        every = _findings(self.case.value, self.lens.value)
        self.findings = [f for f in every if self.show.value == "all" or f.status == "pressing"]
        n_press = sum(f.status == "pressing" for f in every)
        self.counts.value = (f"<p>{n_press} of {len(every)} items are pressing for this case on the facts it "
                             "records; items marked <i>always relevant</i> are questions for every CLSP. Which "
                             "facts make an item pressing is the workbench's reading.</p>")
        self.detail.value = findings_html(self.findings)
        self.williamson = _williamson(self.case.value)
        self.lens_view.value = williamson_html(self.williamson)
