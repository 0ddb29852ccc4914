"""The factor inspector, driven headlessly: the factor shown is the assessment's, with its evidence."""

from __future__ import annotations

import html

import pytest

pytest.importorskip("ipywidgets")

from clsp_research.assess import assess
from clsp_research.literature import framework
from clsp_research.partnership.datasets import case_studies, load_case_study
from clsp_research.ui.factor_inspector import FactorInspector, factor_html

FACTORS = framework("success_factors").item_ids


def test_the_score_shown_is_the_assessment_of_the_case():
    fi = FactorInspector("pioneer_first_year")
    assert fi.case.value == "pioneer_first_year" and fi.factor.value == "trust"
    expected = assess(load_case_study("pioneer_first_year")).factor("trust")
    assert fi.score["id"] == "trust"
    assert fi.score["score"] == pytest.approx(expected.score, abs=1e-4)
    assert fi.score["confidence"] == pytest.approx(expected.confidence, abs=1e-4)
    assert len(fi.score["evidence"]) == len(expected.evidence)
    assert f"<b>{expected.score:.2f}</b>" in fi.detail.value


def test_every_factor_can_be_picked_and_shows_the_literature():
    fi = FactorInspector("referral_concordat")
    assert [v for _, v in fi.factor.options] == FACTORS and len(FACTORS) == 14
    for fid in FACTORS:
        fi.factor.value = fid
        item = framework("success_factors").item(fid)
        assert fi.score["id"] == fid
        assert f"<h3>{html.escape(item.name)}</h3>" in fi.detail.value
        assert "Griffith 2002" in fi.detail.value  # citations rendered author-year, not as keys
        assert "What the literature suggests" in fi.detail.value  # every factor carries remedies
        assert fi.detail.value.count("<li>") >= len(fi.score["evidence"]) + len(item.get("remedies"))


def test_power_balance_is_weaker_where_one_funder_dominates():
    fi = FactorInspector("funder_dominated", start_factor="power_balance")
    dominated = fi.score
    fi.case.value = "integrated_commissioning"
    shared = fi.score
    assert dominated["id"] == shared["id"] == "power_balance"
    assert dominated["score"] < 0.5 < shared["score"]
    assert "Tollbridge" in factor_html("funder_dominated", "power_balance")  # the dominant funder is named
    assert "Tollbridge" not in fi.detail.value


def test_evidence_signs_follow_the_effects():
    fi = FactorInspector("integrated_commissioning", start_factor="power_balance")
    signs = [("+" if e["effect"] > 0 else "−" if e["effect"] < 0 else "·") for e in fi.score["evidence"]]
    assert "+" in signs and "−" in signs
    items = fi.detail.value.split("<ul class='clsp-factor-evidence'>")[1].split("</ul>")[0]
    assert [li.split(" ", 1)[0] for li in items.split("<li>")[1:]] == signs


def test_unrecorded_evidence_shows_as_neutral_and_recorded_none_counts_against():
    # talking_shop records `working_groups: []` (none: counts against) and no membership changes (not recorded)
    fi = FactorInspector("talking_shop", start_factor="flexibility")
    assert fi.score["confidence"] == 0.5 and fi.score["score"] == 0.0
    assert "confidence <b>50%</b>" in fi.detail.value
    effects = {e["source"]: e["effect"] for e in fi.score["evidence"]}
    assert effects["joined_since_start"] == 0 and effects["working_groups"] < 0
    assert "<li>·" in fi.detail.value and "<li>−" in fi.detail.value and "<li>+" not in fi.detail.value


def test_an_unknown_start_case_falls_back_to_the_first():
    fi = FactorInspector("no_such_case")
    assert fi.case.value == case_studies()[0]
    assert fi.score["id"] == "trust"
