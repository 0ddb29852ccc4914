"""Every controller's widget labels are shown whole (issue 14: "Compare ...", "Don't kn...")."""

from __future__ import annotations

import importlib

import pytest
from widget_labels import cut_labels

CONTROLLERS = [
    ("builder", "Builder", {"show_map": False}),
    ("case_explorer", "CaseExplorer", {}),
    ("debrief", "Debrief", {}),
    ("dynamics", "DynamicsExplorer", {"runs": 10, "periods": 8}),
    ("factor_inspector", "FactorInspector", {}),
    ("interlocks", "InterlockExplorer", {"show_figures": False}),
    ("literature_tour", "LiteratureTour", {}),
    ("provision", "GapExplorer", {"show_figures": False}),
    ("provision", "FundingExplorer", {"show_figures": False}),
    ("provision", "VarianceExplorer", {"show_figures": False}),
    ("referrals", "ReferralExplorer", {}),
    ("self_assessment", "SelfAssessment", {}),
    ("stage_ladder", "StageLadder", {}),
    ("whatif", "WhatIf", {"show_maps": False}),
]


def _state(root) -> dict:
    """The widget state of ``root`` and everything below it, as a notebook saves it."""
    import ipywidgets as w

    seen: dict = {}
    todo = [root]
    while todo:
        x = todo.pop()
        if not isinstance(x, w.Widget) or x.model_id in seen:
            continue
        seen[x.model_id] = {"model_name": x._model_name, "state": x.get_state()}
        todo += [getattr(x, a) for a in ("style", "layout") if hasattr(x, a)]
        todo += list(getattr(x, "children", ()))
    return seen


@pytest.mark.parametrize(("module", "name", "kwargs"), CONTROLLERS, ids=[c[1] for c in CONTROLLERS])
def test_no_label_is_cut(module, name, kwargs, tmp_path):
    cls = getattr(importlib.import_module(f"clsp_research.ui.{module}"), name)
    if name in ("Debrief", "SelfAssessment"):
        kwargs = {**kwargs, "directory": tmp_path}
    state = _state(cls(**kwargs).widget)
    assert len(state) > 3  # the walk reached the controls
    assert not cut_labels(state)


def test_the_check_sees_a_cut_label():
    import ipywidgets as w

    box = w.VBox([w.Dropdown(options=["a"], description="Compare with"),
                  w.Button(description="Remove ties of this kind"),
                  w.ToggleButtons(options=["1", "Don't know"], style={"button_width": "6.6em"})])
    cut = sorted(c.split(":")[0] for c in cut_labels(_state(box)))
    assert cut == ["ButtonModel", "DropdownModel", "ToggleButtonsModel"]
