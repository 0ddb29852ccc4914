"""Controller of the stage ladder (``notebooks/02-continuum.ipynb``).

Start from a case study and change what the continuum's stages are made of: the
kinds of tie members have (upgrade the loosest ones, add a tie, remove ties), and the
partnership-level arrangements (a shared mission, a strategic plan, a coordinator, a
budget of its own or pooled). The stage profile and the placement answer at once.
Headless use::

    ladder = StageLadder("talking_shop")
    ladder.budget.value = "pooled"
    ladder.tie_source.value, ladder.tie_target.value = "cab", "iac"
    ladder.tie_kind.value = "joint_project"
    ladder.add_tie()
    ladder.assessment.stage
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from ..errors import CLSPError
from ..partnership.datasets import case_studies, load_case_study
from ..partnership.model import TIE_KINDS, Partnership, Tie
from ._widgets import refilling

__all__ = ["Edit", "StageLadder", "profile_bars_html", "with_changes"]

#: An edit of the ties: ``("add", Tie)``, or ``("remove", (source, target, kind))`` where any of
#: the three may be ``None`` (any member, any kind), as in :meth:`Partnership.remove_ties`.
Edit = tuple[str, Any]

#: Partnership-level arrangements that the continuum's stages describe (griffith2002 §2.4-2.7).
ARRANGEMENTS = ("shared_mission", "terms_of_reference", "strategic_plan", "coordinator", "smart_objectives")


def with_changes(
    base: Partnership,
    *,
    arrangements: dict[str, bool | None] | None = None,
    budget: str | None = None,
    upgrade: str | None = None,
    edits: tuple[Edit, ...] | list[Edit] = (),
) -> Partnership:
    """A copy of ``base`` with arrangements set, a budget type, optionally every tie of the
    loosest kind present upgraded to ``upgrade`` (a teaching device, not a forecast), and
    then the tie ``edits`` applied in order (see :data:`Edit`).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member
    >>> p = Partnership("P", [Member("a", "A", groups=("funder",)), Member("b", "B", groups=("provider",))],
    ...                 [Tie("a", "b", "information_exchange")])
    >>> q = with_changes(p, budget="pooled", upgrade="joint_project")
    >>> q.info.budget, [t.kind for t in q.ties], [t.kind for t in p.ties]
    ('pooled', ['joint_project'], ['information_exchange'])
    >>> r = with_changes(p, edits=[("add", Tie("a", "b", "funding")), ("remove", (None, None, "information_exchange"))])
    >>> [t.kind for t in r.ties]
    ['funding']
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
    for op, arg in edits:
        if op == "add":
            p.add_tie(arg)
        elif op == "remove":
            p.remove_ties(*arg)
        else:
            raise ValueError(f"unknown edit {op!r}; edits are 'add' and 'remove'")
    return p


def _edit_label(edit: Edit) -> str:
    op, arg = edit
    if op == "add":
        return f"+ {arg.kind.replace('_', ' ')} tie {arg.source} → {arg.target}"
    a, b, kind = arg
    what = f"{kind.replace('_', ' ')} ties" if kind else "ties"
    where = " and ".join(x for x in (a, b) if x) or "any members"
    return f"− {what} of {where}"


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
    tie_source, tie_target, tie_kind
        The tie to add or remove (:meth:`add_tie`, :meth:`remove_ties`, :meth:`undo`;
        buttons ``add_button``, ``remove_button``, ``undo_button``).
    edits
        The tie edits made since the case was loaded, in order (see :data:`Edit`).
    partnership, assessment
        The modified partnership and its assessment.
    baseline
        The unmodified case's assessment.
    error
        Why the latest tie edit was refused (``None`` after a good one).
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
        any_member = [("(any member)", None)]
        self.tie_source = w.Dropdown(options=any_member, value=None, description="Tie between")
        self.tie_target = w.Dropdown(options=any_member, value=None, description="and")
        self.tie_kind = w.Dropdown(options=[(k.replace("_", " "), k) for k in TIE_KINDS], value="joint_project",
                                   description="Kind")
        self.add_button = w.Button(description="Add tie", icon="plus")
        self.remove_button = w.Button(description="Remove ties of this kind", icon="minus",
                                       layout=w.Layout(width="auto"))
        self.undo_button = w.Button(description="Undo", icon="undo")
        self.add_button.on_click(lambda _: self.add_tie())
        self.remove_button.on_click(lambda _: self.remove_ties())
        self.undo_button.on_click(lambda _: self.undo())
        self.add_button.add_class("clsp-ladder-add-tie")
        self.edits: list[Edit] = []
        self.error: str | None = None
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
                              w.HBox([self.tie_source, self.tie_target, self.tie_kind]),
                              w.HBox([self.add_button, self.remove_button, self.undo_button]), self.result])
        self.widget.add_class("clsp-stage-ladder")
        self._load_case()

    def _load_case(self, change: object = None) -> None:
        from ..assess import assess

        self._base = load_case_study(self.case.value)
        self.baseline = assess(self._base)
        self.edits, self.error = [], None
        members = [("(any member)", None)] + [(f"{m.name} ({mid})", mid) for mid, m in self._base.members.items()]
        with refilling(self):  # show the case's own arrangements; unrecorded ones as unticked
            for name, cb in self.arrangements.items():
                cb.value = bool(getattr(self._base.info, name))
            self.budget.value = self._base.info.budget or "none"
            self.upgrade.value = None
            for dd in (self.tie_source, self.tie_target):
                dd.options, dd.value = members, None
        self._update()

    # -- tie edits ------------------------------------------------------------------------------
    def add_tie(self) -> bool:
        """Add a tie of the chosen kind between the two chosen members; return whether it was added."""
        a, b, kind = self.tie_source.value, self.tie_target.value, self.tie_kind.value
        if a is None or b is None:
            return self._refuse("Choose the two members the new tie joins.")
        try:
            tie = Tie(a, b, kind)
        except CLSPError as exc:
            return self._refuse(f"Could not add the tie: {exc}")
        return self._edit(("add", tie))

    def remove_ties(self) -> bool:
        """Remove the ties of the chosen kind between the chosen members (``None``: any member);
        return whether any tie was removed."""
        a, b, kind = self.tie_source.value, self.tie_target.value, self.tie_kind.value
        if not self.partnership.copy().remove_ties(a, b, kind):
            return self._refuse(f"There is no {kind.replace('_', ' ')} tie there to remove.")
        return self._edit(("remove", (a, b, kind)))

    def undo(self) -> bool:
        """Take back the latest tie edit; return whether there was one."""
        if not self.edits:
            return self._refuse("There is no tie edit to undo.")
        self.edits.pop()
        self.error = None
        self._update()
        return True

    def _edit(self, edit: Edit) -> bool:
        self.edits.append(edit)
        self.error = None
        self._update()
        return True

    def _refuse(self, message: str) -> bool:
        self.error = message
        self._update()
        return False

    def _update(self, change: object = None) -> None:
        if self._loading or self._base is None:
            return
        from ..assess import assess

        info = self._base.info
        arrangements = {name: cb.value for name, cb in self.arrangements.items()
                        if cb.value != bool(getattr(info, name))}
        budget = self.budget.value if self.budget.value != (info.budget or "none") else None
        self.partnership = with_changes(self._base, arrangements=arrangements, budget=budget,
                                        upgrade=self.upgrade.value, edits=self.edits)
        self.assessment = assess(self.partnership)
        d = self.assessment.to_dict()
        moved = "" if d["stage"] == self.baseline.stage else \
            f" (the case as recorded: <b>{html.escape(self.baseline.stage)}</b>)"
        parts = [f"<p>Placement: <b class='clsp-ladder-stage'>{html.escape(d['stage'])}</b>{moved}</p>",
                 profile_bars_html(d["stage_profile"], d["stage"])]
        if self.edits:
            parts.append("<ul class='clsp-ladder-edits'>"
                         + "".join(f"<li>{html.escape(_edit_label(e))}</li>" for e in self.edits) + "</ul>")
        if self.error:
            parts.append(f"<p class='clsp-ladder-error'>{html.escape(self.error)}</p>")
        self.result.value = "".join(parts)
