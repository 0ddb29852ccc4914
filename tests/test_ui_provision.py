"""Headless tests of the need-and-provision, funding and variance controllers."""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("ipywidgets")

from clsp_research.ui.provision import FundingExplorer, GapExplorer, VarianceExplorer, html_heatmap

NEED = pd.DataFrame({"area": ["N", "N", "S"], "category": ["debt", "housing", "debt"], "need": [100, 50, 80]})
PROV = pd.DataFrame({"provider": ["cab", "law", "cab"], "area": ["N", "N", "S"],
                     "category": ["debt", "housing", "debt"],
                     "capacity": [60, 70, 20], "quality_mark": ["general_help", "specialist_help", "none"]})


def test_gap_explorer_follows_the_picks():
    g = GapExplorer(NEED, PROV, show_figures=False)
    assert g.area.value == "N" and g.summary["gap"] == 40 and g.worst["category"] == "debt"
    g.area.value = "S"
    assert g.summary == {"cells": 1, "cells_with_gap": 1, "need": 80.0, "provision": 20.0, "gap": 60.0,
                         "coverage": 0.25, "met_share": 0.25}
    g.pick.value = "category"
    g.category.value = "debt"
    assert set(g.selection["area"]) == {"N", "S"} and g.summary["gap"] == 100 and g.worst["area"] == "S"
    assert g.area.disabled and not g.category.disabled
    g.min_quality.value = "specialist_help"
    assert g.summary["provision"] == 0
    g.pick.value = "area"
    g.area.value = "N"
    assert g.summary["provision"] == 70 and g.worst["category"] == "debt"
    assert "clsp-gaps-heatmap" in g.heatmap.value and "border:2px solid" in g.heatmap.value


def test_gap_explorer_on_the_shipped_tables_draws():
    g = GapExplorer()
    assert g.bars.value[:4] == b"\x89PNG" and len(g.selection) == 8
    g.value.value = "gap"
    assert "Gap (need not met" in g.heatmap.value


def test_html_heatmap_escapes():
    m = pd.DataFrame({"<b>": [0.5]}, index=["<script>"])
    out = html_heatmap(m, lambda v: "#fff", lambda v: "<i>", "x")
    assert "<script>" not in out and "&lt;script&gt;" in out and "&lt;i&gt;" in out


def test_funding_explorer_withdraw_and_step_in():
    f = FundingExplorer("funder_dominated", show_figures=False)
    assert f.funder.value == "council"  # the largest funder comes first
    wd = f.withdrawal
    assert wd.funder == "council" and wd.step_in is None and wd.total_withdrawn > 0
    assert "money_advice" in wd.unfunded_recipients
    f.step_in.value = "lsc"
    f.share.value = 0.5
    assert f.withdrawal.step_in == "lsc"
    assert f.withdrawal.total_replaced == pytest.approx(0.5 * f.withdrawal.total_withdrawn)
    assert f.withdrawal.unfunded_recipients == []
    f.funder.value = "lsc"
    assert f.step_in.value is None and "lsc" not in [v for _, v in f.step_in.options]
    assert f.withdrawal.funder == "lsc"
    f.by.value = "category"
    assert "clsp-funding-details" in f.details.value and "n funders after" in f.details.value
    f.case.value = "referral_concordat"
    assert f.partnership.name == "Westmere CLSP" and len(f.duplication) >= 1


def test_variance_explorer():
    v = VarianceExplorer(show_figures=False)
    assert (v.area.value, v.category.value) == ("Westmere East", "debt")  # the first cell with an action
    assert list(v.cell["year"]) == [2001, 2002, 2003]
    acted = v.effects[v.effects["action"].notna()]
    assert len(acted) == 1 and acted.iloc[0]["intended_met"] is True
    v.area.value = "Westmere South"
    v.category.value = "family"
    assert v.effects["verdict"].tolist()[-1] == "gap widened"  # the practice gave up its contract
    assert "Did demand reflect assessed need?" in v.details.value
