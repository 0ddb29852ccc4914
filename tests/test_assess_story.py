"""One story: stage, factors, flags and recommendations agree, on the case studies and on random partnerships.

The rules checked here (rules/flags.yaml ``caps`` and ``factors``, rules/recommendations.yaml):
no high flag beside a factor it speaks to scored above neutral; every flag with at least one
remedy from the literature; remedies ordered by severity and fitted to the stage; recorded
"no" counts against while "not recorded" only lowers confidence.
"""

from __future__ import annotations

import pytest
from assess_probes import (
    concordat_network,
    inner_circle,
    joint_projects,
    no_community,
    pool_case,
    random_partnership,
    staff_case,
    talk_only,
    turnover_case,
)

from clsp_research.assess import STAGES, assess, load_rubric
from clsp_research.assess.continuum import composite_profile
from clsp_research.assess.signals import Context
from clsp_research.partnership.casefile import dumps_case, loads_case
from clsp_research.partnership.datasets import case_studies, load_case_study
from clsp_research.partnership.model import Member, Partnership, PartnershipInfo, Tie

RUB = load_rubric()
SEVERITY = {"high": 0, "medium": 1, "low": 2}


def story_problems(a) -> list[str]:
    """Every way an assessment's parts disagree (empty when they tell one story)."""
    out = []
    scores = {f.id: f.score for f in a.factors}
    for fl in a.flags:
        if not fl.factors:
            out.append(f"{fl.id} names no factor")
        cap = RUB.flag_caps.by_severity.get(fl.severity)
        for fid in fl.factors:
            if cap is not None and scores[fid] > cap + 1e-12:
                out.append(f"{fl.severity} {fl.id} beside {fid} at {scores[fid]:.2f}")
        if not any(r.flag == fl.id for r in a.recommendations):
            out.append(f"{fl.id} has no remedy")
    ranks = [SEVERITY[r.severity] if r.flag else 3 for r in a.recommendations]
    if ranks != sorted(ranks):
        out.append(f"remedies not ordered by severity: {ranks}")
    st = STAGES.index(a.composite_stage)
    for r in a.recommendations:
        fit = [stages for (fac, i), stages in RUB.recommendations.stages.items()
               if fac == r.factor and r.text.startswith(_remedy_text(fac, i)[:30])]
        if fit and st not in fit[0]:
            out.append(f"remedy for {r.factor} does not fit {a.composite_stage}: {r.text[:40]}")
        if not r.cites:
            out.append(f"remedy without citation: {r.text[:40]}")
    return out


def _remedy_text(factor: str, index: int) -> str:
    from clsp_research.assess.recommend import _remedies

    return _remedies(factor)[index][0]


@pytest.mark.parametrize("name", case_studies())
def test_every_case_study_tells_one_story(name):
    assert story_problems(assess(load_case_study(name))) == []


@pytest.mark.parametrize("seed", range(40))
def test_random_partnerships_tell_one_story(seed):
    assert story_problems(assess(random_partnership(seed))) == []


@pytest.mark.parametrize("probe", [pool_case, talk_only, inner_circle, turnover_case, no_community,
                                   concordat_network, joint_projects, staff_case])
def test_probe_partnerships_tell_one_story(probe):
    assert story_problems(assess(probe())) == []


def test_a_high_flag_holds_its_factors_at_neutral_with_the_reason_in_the_evidence():
    a = assess(inner_circle())
    assert ("inner_core", "high") in [(f.id, f.severity) for f in a.flags]
    for fid in ("inclusivity", "networks"):
        f = a.factor(fid)
        assert f.score <= 0.5
        capped = [e for e in f.evidence if e.source == "flag:inner_core"]
        if capped:
            assert capped[0].effect < 0 and capped[0].cite == "griffith2002, §3.52"
            assert f.score == pytest.approx(0.5 + sum(e.effect for e in f.evidence))


def test_information_exchange_alone_is_networking_and_a_talking_shop_together():
    a = assess(talk_only(formal_share=0.5))
    assert a.stage == "networking" and "talking_shop" in a.flag_ids
    assert assess(talk_only(formal_share=0.0)).stage_profile == a.stage_profile


def test_integration_is_not_told_what_to_do_at_the_outset():
    a = assess(pool_case(0.5))
    assert a.composite_stage == "integration"
    outset = ("at the outset", "from the start", "early", "start with")
    assert not any(w in r.text.lower() for r in a.recommendations for w in outset)


def test_high_turnover_brings_continuity_first():
    a = assess(turnover_case())
    rec = next(r for r in a.recommendations if r.flag == "high_turnover")
    assert "keep the same people" in rec.text and "griffith2002, §3.63" in rec.cites


def test_pooled_ties_count_as_two_way_exchange():
    ms = [Member(i, i, groups=("funder",)) for i in "abc"]
    pooled = Partnership("x", ms, [Tie("a", "b", "pooled_budget"), Tie("b", "c", "pooled_budget")])
    grants = Partnership("x", ms, [Tie("a", "b", "funding"), Tie("b", "c", "funding")])
    assert Context(pooled, RUB).get("two_way_exchange") == 1.0
    assert Context(grants, RUB).get("two_way_exchange") == 0.0


# -- three-valued evidence ---------------------------------------------------------------------

CASE = """
partnership:
  name: Three-valued probe
  {extra}
members:
  - {{id: a, name: A, groups: [funder]}}
  - {{id: b, name: B, groups: [provider]}}
ties:
  - {{source: a, target: b, kind: referral}}
"""


@pytest.mark.parametrize("extra,value", [("", None), ("working_groups: []", 0), ("working_groups: [debt]", 1)])
def test_an_empty_list_is_recorded_none_and_a_missing_one_not_recorded(extra, value):
    p = loads_case(CASE.format(extra=extra))
    assert Context(p, RUB).get("working_groups") == value
    again = loads_case(dumps_case(p))
    assert again.info.working_groups == p.info.working_groups  # [] survives a round trip


def test_recorded_no_counts_against_and_not_recorded_lowers_confidence():
    def planning(p):
        co_op = composite_profile(Context(p, RUB))[1]
        return next(c for c in co_op.characteristics if c.name == "planning")

    # the same record but for the working groups: recorded as none, or not recorded at all
    no = "steering_group: false\n  coordinator: false\n  strategic_plan: false"
    none = loads_case(CASE.format(extra=no + "\n  working_groups: []"))
    unknown = loads_case(CASE.format(extra=no))
    assert planning(none).status == "not met" and planning(none).met == 0.0
    assert planning(unknown).status == "unrecorded"
    assert composite_profile(Context(none, RUB))[1].confidence > composite_profile(Context(unknown, RUB))[1].confidence
    flex_none = assess(none).factor("flexibility")
    flex_unknown = assess(unknown).factor("flexibility")
    assert flex_none.score < 0.5 and flex_none.confidence > flex_unknown.confidence


def test_a_written_plan_and_terms_of_reference_without_a_mission_is_not_an_unclear_purpose():
    info = PartnershipInfo("x", shared_mission=False, strategic_plan=True, terms_of_reference=True)
    p = Partnership(info, [Member("a", "A", groups=("provider",)), Member("b", "B", groups=("funder",))],
                    [Tie("a", "b", "referral")])
    assert "unclear_purpose" not in assess(p).flag_ids
    nothing = Partnership(PartnershipInfo("x", shared_mission=False, strategic_plan=False, smart_objectives=False),
                          list(p.members.values()), p.ties)
    assert "unclear_purpose" in assess(nothing).flag_ids
