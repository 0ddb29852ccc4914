"""Success factors respond to evidence in the right direction; unknowns lower confidence, not scores."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from test_assess_continuum import partnerships

from clsp_research.assess import assess
from clsp_research.partnership.model import Member, MembershipChange, Partnership, PartnershipInfo, Representative, Tie
from clsp_research.workshop.survey import factor_ids

FACTORS = ["self_interest", "inclusivity", "clarity", "commitment_capacity", "evaluation", "personnel",
           "interaction", "networks", "trust", "small_wins", "flexibility", "time", "resources", "power_balance"]


def base(info: PartnershipInfo | None = None, extra: list[Member] | None = None,
         extra_ties: list[Tie] | None = None) -> Partnership:
    members = [
        Member("lsc", "LSC", groups=("funder",), sector="statutory"),
        Member("la", "Council", groups=("funder",), sector="statutory"),
        Member("cab", "CAB", groups=("provider",), sector="voluntary"),
        Member("law", "Law centre", groups=("provider",), sector="voluntary"),
        *(extra or []),
    ]
    ties = [
        Tie("lsc", "cab", "funding", amount=50000),
        Tie("la", "law", "funding", amount=50000),
        Tie("cab", "law", "referral"),
        *(extra_ties or []),
    ]
    return Partnership(info or PartnershipInfo("Illustrative"), members, ties)


def score(p: Partnership, fid: str) -> tuple[float, float]:
    f = assess(p).factor(fid)
    return f.score, f.confidence


def test_every_factor_is_scored_in_the_catalogue_order_with_its_cites():
    a = assess(base())
    assert [f.id for f in a.factors] == FACTORS
    assert set(factor_ids()) <= set(FACTORS) or not factor_ids()
    for f in a.factors:
        assert 0 <= f.score <= 1 and 0 <= f.confidence <= 1
        assert f.cites and f.name


def test_adding_community_groups_raises_inclusivity():
    without = base()
    with_one = base(extra=[Member("ten", "Tenants", groups=("community",), sector="community")],
                    extra_ties=[Tie("ten", "cab", "referral")])
    with_two = base(extra=[Member("ten", "Tenants", groups=("community",), sector="community"),
                           Member("old", "Older people's forum", groups=("community",), sector="community")],
                    extra_ties=[Tie("ten", "cab", "referral"), Tie("old", "law", "referral")])
    s0, s1, s2 = (score(p, "inclusivity")[0] for p in (without, with_one, with_two))
    assert s0 < s1 < s2


def test_a_dominant_funder_lowers_power_balance():
    even = base()
    dominant = base()
    dominant.remove_ties("lsc", "cab", "funding")
    dominant.add_tie(Tie("lsc", "cab", "funding", amount=450000))  # lsc now gives 90%
    assert score(dominant, "power_balance")[0] < score(even, "power_balance")[0]
    ev = {e.source: e for e in assess(dominant).factor("power_balance").evidence}
    assert ev["dominant_resource_share"].effect < 0 and "90%" in ev["dominant_resource_share"].text


def test_single_funder_dependency_lowers_power_balance():
    shared = base(extra_ties=[Tie("la", "cab", "funding", amount=50000), Tie("lsc", "law", "funding", amount=50000)])
    assert score(base(), "power_balance")[0] < score(shared, "power_balance")[0]


@pytest.mark.parametrize("fid,field", [("evaluation", "evaluation"), ("clarity", "shared_mission"),
                                        ("clarity", "strategic_plan"), ("personnel", "coordinator")])
def test_unrecorded_attributes_lower_confidence_not_score(fid, field):
    info = PartnershipInfo("x", evaluation=True, baselines=True, shared_mission=True, strategic_plan=True,
                           smart_objectives=True, coordinator=True, terms_of_reference=True)
    s_yes, c_yes = score(base(info), fid)
    s_no, c_no = score(base(replace(info, **{field: False})), fid)
    s_unknown, c_unknown = score(base(replace(info, **{field: None})), fid)
    assert c_unknown < c_no == c_yes
    assert s_no < s_unknown  # a "no" lowers the score, a missing record does not
    assert s_no < s_yes


def test_a_factor_with_no_evidence_is_mid_scale_with_zero_confidence():
    p = Partnership("bare", [Member("a", "A", groups=("provider",))])
    f = assess(p).factor("evaluation")
    assert (f.score, f.confidence) == (0.5, 0.0)
    assert all(e.effect == 0 and "not recorded" in e.text.lower() for e in f.evidence)


@settings(max_examples=60, deadline=None)
@given(partnerships())
def test_score_is_half_plus_the_effects(p):
    for f in assess(p).factors:
        assert f.score == pytest.approx(0.5 + sum(e.effect for e in f.evidence))


def test_evidence_names_its_source_and_seed_paragraph():
    a = assess(base(PartnershipInfo("x", evaluation=False)))
    ev = a.factor("evaluation").evidence[0]
    assert ev.source == "evaluation" and ev.effect < 0
    assert ev.text == "The partnership does not evaluate its own work."
    assert ev.cite == "griffith2002, §3.61"


def test_turnover_and_age_come_from_the_years_recorded():
    changes = tuple(MembershipChange(2001, m, "representative_changed") for m in ("cab", "law", "cab"))
    info = PartnershipInfo("x", established=2000, membership_changes=changes, attrs={"as_of": 2002})
    a = assess(base(info))
    f = a.factor("personnel")
    ev = {e.source: e for e in f.evidence}
    # 3 changes over 4 members x 2 years = 0.375 per member-year, beyond the 0.3 end of the ramp.
    assert ev["rep_changes_per_member_year"].score == 0.0
    assert "0.38 per member-year" in ev["rep_changes_per_member_year"].text
    t = {e.source: e for e in a.factor("time").evidence}
    assert t["partnership_age"].score == pytest.approx(2 / 4)


def test_successive_representatives_count_as_changes_without_a_change_log():
    reps = (Representative("A", since=2000, until=2001), Representative("B", since=2001))
    extra = [Member("ten", "Tenants", groups=("community",), representatives=reps)]
    p = base(PartnershipInfo("x", established=2000), extra=extra)
    ev = {e.source: e for e in assess(p).factor("personnel").evidence}
    # as_of = 2001 (latest year recorded); 1 change / (5 members x 1 year) = 0.2
    assert "0.20 per member-year" in ev["rep_changes_per_member_year"].text


def test_survey_evidence_is_one_more_indicator():
    p = base(PartnershipInfo("x", evaluation=False))
    plain = assess(p).factor("evaluation")
    rated = assess(p, evidence_from_survey={"evaluation": 5.0}).factor("evaluation")
    assert rated.score > plain.score
    assert rated.confidence > plain.confidence or plain.confidence == 1.0
    assert rated.evidence[-1].source == "survey" and "5.0" in rated.evidence[-1].text
    # The survey hook does not touch the cached structural assessment.
    assert assess(p).factor("evaluation") == plain


def test_survey_evidence_accepts_a_survey_summary_table():
    import pandas as pd

    p = base()
    table = pd.DataFrame({"id": ["trust", "clarity"], "mean": [1.0, float("nan")], "n": [4, 0]})
    a = assess(p, evidence_from_survey=table)
    assert a.factor("trust").evidence[-1].source == "survey"
    assert all(e.source != "survey" for e in a.factor("clarity").evidence)
