"""Controller of the stage ladder (``notebooks/02-continuum.ipynb``).

Start from a case study and change what the continuum's stages are made of: the
kinds of tie members have, and the partnership-level arrangements (a shared mission,
a strategic plan, a coordinator, a budget of its own or pooled). The stage profile
and the placement answer at once. Headless use::

    ladder = StageLadder("talking_shop")
    ladder.budget.value = "pooled"
    ladder.assessment.stage
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ..datasets import case_studies, load_case_study
from ..model import TIE_KINDS, Partnership

__all__ = ["StageLadder", "profile_bars_html", "with_changes"]

#: Partnership-level arrangements that the continuum's stages describe (griffith2002 §2.4-2.7).
ARRANGEMENTS = ("shared_mission", "terms_of_reference", "strategic_plan", "coordinator", "smart_objectives")


def with_changes(
    base: Partnership,
    *,
    arrangements: dict[str, bool | None] | None = None,
    budget: str | None = None,
    upgrade: str | None = None,
) -> Partnership:
    """A copy of ``base`` with arrangements set, a budget type, and optionally every tie of
    the loosest kind present upgraded to ``upgrade`` (a teaching device, not a forecast).

    Examples
    --------
    >>> from clsp_research.model import Member, Tie
    >>> p = Partnership("P", [Member("a", "A", groups=("funder",)), Member("b", "B", groups=("provider",))],
    ...                 [Tie("a", "b", "information_exchange")])
    >>> q = with_changes(p, budget="pooled", upgrade="joint_project")
    >>> q.info.budget, [t.kind for t in q.ties], [t.kind for t in p.ties]
    ('pooled', ['joint_project'], ['information_exchange'])
    """
    from dataclasses import replace

    p = base.copy()
    changes: dict[str, Any] = dict(arrangements or {})
    if budget is not None:
        changes["budget"] = budget
    if changes:
        p.update_info(**changes)
    if upgrade is not None:
        kinds = [t.kind for t in p.ties]
        if kinds:
            loosest = min(kinds, key=TIE_KINDS.index)
            if TIE_KINDS.index(upgrade) > TIE_KINDS.index(loosest):
                for t in p.remove_ties(kind=loosest):
                    p.add_tie(replace(t, kind=upgrade))
    return p


def profile_bars_html(profile: dict[str, float], placed: str) -> str:
    """The stage profile as HTML bars (cheap to redraw on every change)."""
    rows = []
    for stage, score in profile.items():
        colour = "#D55E00" if stage == placed else "#0072B2"
        rows.append(
            f"<div style='display:flex;align-items:center;gap:.5em'><span style='width:8em'>{html.escape(stage)}"
            f"</span><span style='display:inline-block;height:1em;width:{score * 240:.0f}px;background:{colour}'>"
            f"</span><span>{score:.2f}</span></div>")
    return "<div class='clsp-ladder-profile'>" + "".join(rows) + "</div>"


class StageLadder:
    """Change a case's arrangements and ties, and watch its place on the continuum.

    Attributes
    ----------
    case, arrangements, budget, upgrade
        The controls (``arrangements`` maps a field name to its checkbox).
    partnership, assessment
        The modified partnership and its assessment.
    baseline
        The unmodified case's assessment.
    widget
        The whole app.
    """

    def __init__(self, start: str = "talking_shop") -> None:
        names = case_studies()
        self.case = w.Dropdown(options=names, value=start if start in names else names[0], description="Case")
        self.arrangements = {name: w.Checkbox(description=name.replace("_", " "), indent=False)
                             for name in ARRANGEMENTS}
        self.budget = w.ToggleButtons(options=["none", "own", "pooled"], description="Budget")
        self.upgrade = w.Dropdown(options=[("(keep ties as they are)", None)]
                                  + [(f"upgrade loosest ties to {k.replace('_', ' ')}", k) for k in TIE_KINDS[1:]],
                                  value=None, description="Ties")
        self.result = w.HTML()
        self.result.add_class("clsp-ladder-result")
        self.partnership: Partnership | None = None
        self.assessment: Any = None
        self.baseline: Any = None
        self._base: Partnership | None = None
        self._loading = False
        self.case.observe(self._load_case, names="value")
        for cb in self.arrangements.values():
            cb.observe(self._update, names="value")
        self.budget.observe(self._update, names="value")
        self.upgrade.observe(self._update, names="value")
        self.widget = w.VBox([self.case, w.HBox(list(self.arrangements.values())), self.budget, self.upgrade,
                              self.result])
        self.widget.add_class("clsp-stage-ladder")
        self._load_case()

    def _load_case(self, change: object = None) -> None:
        from ..assess import assess

        self._base = load_case_study(self.case.value)
        self.baseline = assess(self._base)
        self._loading = True
        try:  # show the case's own arrangements; unrecorded ones as unticked
            for name, cb in self.arrangements.items():
                cb.value = bool(getattr(self._base.info, name))
            self.budget.value = self._base.info.budget or "none"
            self.upgrade.value = None
        finally:
            self._loading = False
        self._update()

    def _update(self, change: object = None) -> None:
        if self._loading or self._base is None:
            return
        from ..assess import assess

        info = self._base.info
        arrangements = {name: cb.value for name, cb in self.arrangements.items()
                        if cb.value != bool(getattr(info, name))}
        budget = self.budget.value if self.budget.value != (info.budget or "none") else None
        self.partnership = with_changes(self._base, arrangements=arrangements, budget=budget,
                                        upgrade=self.upgrade.value)
        self.assessment = assess(self.partnership)
        d = self.assessment.to_dict()
        moved = "" if d["stage"] == self.baseline.stage else \
            f" (the case as recorded: <b>{html.escape(self.baseline.stage)}</b>)"
        self.result.value = (f"<p>Placement: <b class='clsp-ladder-stage'>{html.escape(d['stage'])}</b>{moved}</p>"
                             + profile_bars_html(d["stage_profile"], d["stage"]))
