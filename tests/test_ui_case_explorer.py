"""The case-study explorer, driven headlessly: the case, continuum and comparison shown are the ones picked."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from clsp_research.assess import assess, continua
from clsp_research.partnership.datasets import case_studies, load_case_study
from clsp_research.ui.case_explorer import NONE, CaseExplorer, placement_table


@pytest.fixture(scope="module")
def explorer():
    return CaseExplorer("talking_shop")


def test_picking_a_case_changes_the_placement_shown(explorer):
    explorer.case.value = "talking_shop"
    assert explorer.assessment.stage == "networking"
    assert "clsp-case-stage'>networking<" in explorer.summary.value
    assert "<b>talking_shop</b>" in explorer.summary.value  # its flag
    first_map = explorer.map.value
    explorer.case.value = "integrated_commissioning"
    assert explorer.assessment.stage == "integration"
    assert "clsp-case-stage'>integration<" in explorer.summary.value
    assert load_case_study("integrated_commissioning").name in explorer.summary.value
    assert explorer.map.value != first_map
    # The map shows every member of the case picked; the bars show its stage profile and all 14 factors.
    p = load_case_study("integrated_commissioning")
    assert explorer.map.value.startswith("<svg") and explorer.map.value.count("<circle") >= len(p)
    assert all(f">{mid}<" in explorer.map.value for mid in p.members)
    assert explorer.profile.value.count("integration") >= 1
    d = explorer.assessment.to_dict()
    assert explorer.factors.value.count("clsp-factor-bar'") == len(d["factors"]) == 14
    assert f"{d['factors'][0]['score']:.2f} (conf." in explorer.factors.value


def test_every_case_shows_its_own_assessment(explorer):
    for name in case_studies():
        explorer.case.value = name
        expected = assess(load_case_study(name))
        assert explorer.assessment.stage == expected.stage
        assert explorer.assessment.flag_ids == expected.flag_ids
        for fid in expected.flag_ids:
            assert f"<b>{fid}</b>" in explorer.summary.value


def test_comparing_two_cases_gives_both_columns_with_their_real_stages(explorer):
    explorer.continuum.value = "continuum"
    explorer.case.value = "talking_shop"
    explorer.compare_with.value = "joint_projects_manager"
    table = explorer.comparison
    assert list(table.columns) == ["talking_shop", "joint_projects_manager"]
    assert table.loc["stage", "talking_shop"] == assess(load_case_study("talking_shop")).stage == "networking"
    jpm = assess(load_case_study("joint_projects_manager"))
    assert table.loc["stage", "joint_projects_manager"] == jpm.stage != "networking"
    assert table.loc["stage score: co-ordination", "joint_projects_manager"] == pytest.approx(
        jpm.stage_profile["co-ordination"], abs=1e-4)
    assert table.loc["factor: clarity", "talking_shop"] < table.loc["factor: clarity", "joint_projects_manager"]
    assert table.loc["flag: talking_shop", "talking_shop"] == "yes"
    assert table.loc["flag: talking_shop", "joint_projects_manager"] == ""
    assert "clsp-case-comparison" in explorer.compare_panel.value
    explorer.compare_with.value = "talking_shop"  # the case itself: nothing to compare
    assert explorer.comparison is None and explorer.compare_panel.value == ""
    explorer.compare_with.value = NONE
    assert explorer.comparison is None


def test_another_continuum_places_on_its_own_items(explorer):
    explorer.compare_with.value = NONE
    explorer.case.value = "integrated_commissioning"
    assert [v for v in explorer.continuum.options] == continua()
    explorer.continuum.value = "continuum_frey"
    assert explorer.assessment.framework == "continuum_frey"
    assert explorer.assessment.stage == "collaboration"
    assert explorer.assessment.composite_stage == "integration"
    explorer.compare_with.value = "talking_shop"
    assert explorer.comparison.loc["stage", "talking_shop"] == "networking"
    assert "stage score: coalition" in explorer.comparison.index
    explorer.continuum.value = "continuum"
    assert explorer.assessment.stage == "integration"
    assert "stage score: coalition" not in explorer.comparison.index
    explorer.compare_with.value = NONE


def test_the_placement_table_agrees_with_the_narratives():
    table = placement_table()
    assert list(table.index) == case_studies()
    assert (table["continuum"] == table["expected"]).all()
    assert table.loc["talking_shop", "continuum"] == "networking"
    assert table.loc["integrated_commissioning", "continuum"] == "integration"
    assert set(table["continuum"]) == {"networking", "co-operation", "co-ordination", "integration"}
    assert [c for c in table.columns if c.startswith("continuum")] == continua()
    for name in ("funder_dominated", "pioneer_first_year"):
        assert table.loc[name, "continuum_himmelman"] == assess(load_case_study(name),
                                                                 framework="continuum_himmelman").stage
    assert "talking_shop" in table.loc["talking_shop", "flags"].split(", ")
    assert table.loc["integrated_commissioning", "members"] == len(load_case_study("integrated_commissioning"))
