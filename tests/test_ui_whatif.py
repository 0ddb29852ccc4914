"""The what-if explorer, driven headlessly."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from clsp_research.assess import assess
from clsp_research.assess.scenarios import SCENARIOS, apply_scenarios, dominant_funder
from clsp_research.partnership.datasets import load_case_study
from clsp_research.partnership.synthetic import synthetic_partnership
from clsp_research.ui.whatif import WhatIf


def test_nothing_ticked_means_nothing_changed():
    wi = WhatIf("talking_shop", show_maps=False)
    assert wi.steps == []
    assert wi.after.stage == wi.before.stage
    assert list(wi.comparison.columns[:2]) == ["before", "after"]
    assert "Tick a change" in wi.changes.value


def test_removing_the_dominant_funder_matches_the_pure_function():
    wi = WhatIf("funder_dominated", show_maps=False)
    case = load_case_study("funder_dominated")
    funder = dominant_funder(case)
    wi.toggles["remove_dominant_funder"].value = True
    assert funder not in wi.partnership and funder in case
    expected = assess(apply_scenarios(case, ["remove_dominant_funder"])[0])
    assert wi.after.stage == expected.stage and wi.after.flag_ids == expected.flag_ids
    assert [s.id for s in wi.steps] == ["remove_dominant_funder"]
    assert "Removed" in wi.changes.value
    assert "stage" in wi.comparison.index


def test_every_scenario_and_their_combination_run_on_every_case():
    for name in ("talking_shop", "funder_dominated", "integrated_commissioning"):
        wi = WhatIf(name, show_maps=False)
        for sid in SCENARIOS:
            wi.toggles[sid].value = True
        assert len(wi.steps) == len(SCENARIOS)
        assert wi.after is not None and wi.comparison is not None


def test_the_community_slider_and_the_champion_choice():
    wi = WhatIf("pioneer_first_year", show_maps=False)
    wi.toggles["add_community_groups"].value = True
    wi.n_community.value = 4
    assert len([m for m in wi.partnership.members if m.startswith("community_group_")]) == 4
    case = load_case_study("pioneer_first_year")
    assert [v for _, v in wi.champion.options] == (list(case.info.champions) or [None])


def test_answers_come_from_the_cache_when_seen_before():
    wi = WhatIf("talking_shop", show_maps=True)
    wi.toggles["pooled_budget"].value = True
    first = wi.after
    svg = wi.map_after.value
    wi.toggles["pooled_budget"].value = False
    wi.toggles["pooled_budget"].value = True
    assert wi.after is first and wi.map_after.value == svg
    assert svg.startswith("<svg") and "pooled budget" in svg and "pooled budget" not in wi.map_before.value


def test_a_partnership_of_ones_own():
    p = synthetic_partnership(25, seed=4)
    wi = WhatIf(p, show_maps=False)
    assert wi.case.value.startswith("custom-") and wi.case.label.endswith("(yours)")
    wi.toggles["pooled_budget"].value = True
    assert wi.partnership.info.budget == "pooled" and p.info.budget != "pooled"
