"""Comparing two survey waves and two versions of a partnership."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from clsp_research.partnership.model import Member, Partnership, Tie
from clsp_research.plotting.network import shared_layout
from clsp_research.workshop.survey import summarize
from clsp_research.workshop.waves import (
    compare_partnerships,
    compare_surveys,
    membership_changes,
    tie_changes,
)


def _wave(trust: list[int], clarity: list[int]) -> pd.DataFrame:
    rows = []
    for k, (t, c) in enumerate(zip(trust, clarity, strict=True)):
        rows += [{"respondent": f"r{k}", "member": "cab", "factor": "trust", "rating": t},
                 {"respondent": f"r{k}", "member": "cab", "factor": "clarity", "rating": c}]
    return pd.DataFrame(rows)


# trust: [1, 1, 2, 2] -> [4, 4, 5, 5]: means 1.5 -> 4.5, both variances 1/3, Welch df = 6
# clarity: [2, 3, 4] + a 4th at 3 -> [4, 5, 4, 5]: means 3 -> 4.5, variances 2/3 and 1/3
BEFORE = summarize(_wave([1, 1, 2, 2], [2, 3, 4, 3]))
AFTER = summarize(_wave([4, 4, 5, 5], [4, 5, 4, 5]))


def test_deltas_and_bootstrap_intervals_stay_within_what_the_data_allow():
    df = compare_surveys(BEFORE, AFTER).set_index("id")
    trust = df.loc["trust"]
    assert (trust["mean_before"], trust["mean_after"], trust["delta"]) == (1.5, 4.5, 3.0)
    # Resampled means lie in [1, 2] before and [4, 5] after: every change is between 2 and 4 (a Welch
    # interval on these four answers is 3 -/+ 1.0, which here happens to fit; on three it would not).
    assert 2.0 <= trust["delta_low"] < 3.0 < trust["delta_high"] <= 4.0
    assert bool(trust["changed"]) and (trust["band_before"], trust["band_after"]) == ("concern", "strength")
    assert not bool(trust["too_few"])
    clarity = df.loc["clarity"]
    assert clarity["delta"] == pytest.approx(1.5)
    assert 0.0 <= clarity["delta_low"] < 1.5 < clarity["delta_high"] <= 3.0
    assert compare_surveys(BEFORE, AFTER, seed=5).equals(compare_surveys(BEFORE, AFTER, seed=5))


def test_fewer_than_three_answers_in_a_wave_give_no_interval():
    small = summarize(_wave([1, 2], [2, 3]))
    df = compare_surveys(small, AFTER).set_index("id")
    assert bool(df.loc["trust", "too_few"]) and math.isnan(df.loc["trust", "delta_low"])
    assert not bool(df.loc["trust", "changed"])


def test_a_factor_new_in_the_second_wave_has_no_change_interval():
    after = summarize(pd.concat([_wave([4, 4, 5, 5], [4, 5, 4, 5]),
                                 pd.DataFrame([{"respondent": "r0", "member": "cab", "factor": "time",
                                                "rating": 3}])]))
    df = compare_surveys(BEFORE, after).set_index("id")
    assert math.isnan(df.loc["time", "mean_before"]) and df.loc["time", "n_before"] == 0
    assert not bool(df.loc["time", "changed"])


def _p(name: str, members: list[tuple[str, str]], ties: list[tuple[str, str, str]]) -> Partnership:
    return Partnership(name, [Member(m, m.upper(), groups=(g,)) for m, g in members],
                       [Tie(a, b, k) for a, b, k in ties])


A = _p("2001", [("lsc", "funder"), ("cab", "provider"), ("law", "provider")],
       [("lsc", "cab", "funding"), ("cab", "law", "referral"), ("law", "cab", "joint_project")])
B = _p("2002", [("lsc", "funder"), ("cab", "provider"), ("age", "community")],
       [("lsc", "cab", "funding"), ("age", "cab", "referral"), ("cab", "lsc", "information_exchange")])


def test_membership_and_tie_changes():
    assert membership_changes(A, B) == {"joined": ["age"], "left": ["law"], "changed_groups": []}
    ch = tie_changes(A, B)
    assert ch["added"] == [("age", "cab", "referral"), ("cab", "lsc", "information_exchange")]
    assert ch["removed"] == [("cab", "law", "joint_project"), ("cab", "law", "referral")]
    regrouped = B.copy()
    regrouped.replace_member(Member("cab", "CAB", groups=("provider", "network")))
    assert membership_changes(B, regrouped)["changed_groups"] == ["cab"]


def test_undirected_ties_match_whatever_their_stored_direction():
    flipped = _p("x", [("cab", "provider"), ("law", "provider")], [("cab", "law", "joint_project")])
    again = _p("x", [("cab", "provider"), ("law", "provider")], [("law", "cab", "joint_project")])
    assert tie_changes(flipped, again) == {"added": [], "removed": []}


def test_shared_layout_places_every_member_of_both_once_and_is_seeded():
    pos = shared_layout(A, B, seed=3)
    assert set(pos) == {"lsc", "cab", "law", "age"}
    assert pos == shared_layout(A, B, seed=3)
    from clsp_research.plotting.network import layout

    assert layout(A, pos=pos) == {m: pos[m] for m in A.members}  # both maps use the same places


def test_compare_partnerships_reports_stage_factors_and_measures():
    pytest.importorskip("clsp_research.assess")
    cmp = compare_partnerships(A, B)
    assert cmp.members["joined"] == ["age"]
    assert {"measure", "before", "after", "delta"} <= set(cmp.measures.columns)
    assert len(cmp.factors) == 14
    d = cmp.to_dict()
    assert d["ties"]["added"][0] == ["age", "cab", "referral"]
    assert d["stage_before"] in ("networking", "co-operation", "co-ordination", "integration")


def test_response_changes_follow_members_not_people():
    from clsp_research.partnership.datasets import data_path
    from clsp_research.workshop.survey_files import read_responses
    from clsp_research.workshop.waves import response_changes

    s1 = read_responses(data_path("surveys", "example_survey_wave1.csv")).summarize()
    s2 = read_responses(data_path("surveys", "example_survey_wave2.csv")).summarize()
    ch = response_changes(s1, s2).set_index("member")
    assert ch["respondents_before"].sum() == s1.respondents == 20
    assert ch["respondents_after"].sum() == s2.respondents == 22
    assert (ch["change"] == ch["respondents_after"] - ch["respondents_before"]).all()
    assert set(ch["status"]) == {"both waves"}  # the same ten members answered both rounds
    # A member that stops answering shows as such.
    s2_without_pct = type(s2)(**{**s2.__dict__, "response": s2.response[s2.response["member"] != "pct"]})
    gone = response_changes(s1, s2_without_pct).set_index("member").loc["pct"]
    assert gone["status"] == "first wave only" and gone["respondents_after"] == 0
