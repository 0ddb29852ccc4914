"""What-if scenarios: pure functions returning changed copies with a description."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clsp_research.assess.scenarios import (
    SCENARIOS,
    add_community_groups,
    add_pooled_budget,
    apply_scenarios,
    dominant_funder,
    lose_champion,
    remove_dominant_funder,
)
from clsp_research.partnership.model import Member, Partnership, PartnershipInfo, Tie
from clsp_research.partnership.synthetic import synthetic_partnership


def _case() -> Partnership:
    info = PartnershipInfo(name="Anytown", champions=("cab", "council"), budget="none")
    members = [Member("lsc", "LSC", groups=("funder",)), Member("council", "Council", groups=("funder", "provider")),
               Member("cab", "CAB", groups=("provider",)), Member("law", "Law Centre", groups=("provider",)),
               Member("net", "Advice network", groups=("network",))]
    ties = [Tie("lsc", "cab", "funding", amount=50000), Tie("council", "cab", "funding", amount=90000),
            Tie("council", "law", "funding", amount=30000), Tie("cab", "law", "referral"),
            Tie("net", "cab", "information_exchange"), Tie("net", "law", "information_exchange")]
    return Partnership(info, members, ties)


def test_the_dominant_funder_gives_the_most_money():
    p = _case()
    assert dominant_funder(p) == "council"  # 120,000 of 170,000
    s = remove_dominant_funder(p)
    assert "council" not in s.partnership and "council" in p
    assert "71%" in s.description and "120,000 of 170,000" in s.description and "2 ties" in s.description
    assert s.partnership.info.champions == ("cab",)  # its champion goes with it


def test_without_amounts_the_number_of_grants_decides():
    p = Partnership("P", [Member("a", "A", groups=("funder",)), Member("b", "B", groups=("funder",)),
                          Member("c", "C", groups=("provider",)), Member("d", "D", groups=("provider",))],
                    [Tie("a", "c", "funding"), Tie("b", "c", "funding"), Tie("b", "d", "funding")])
    assert dominant_funder(p) == "b"
    assert "2 members" in remove_dominant_funder(p).description


def test_no_funder_means_no_change():
    p = Partnership("P", [Member("c", "C", groups=("provider",))])
    s = remove_dominant_funder(p)
    assert not s.changed and len(s.partnership) == 1


def test_pooled_budget_ties_the_funders_together():
    p = _case()
    s = add_pooled_budget(p)
    q = s.partnership
    assert q.info.budget == "pooled" and p.info.budget == "none"
    assert [(t.source, t.target) for t in q.ties_of_kind("pooled_budget")] == [("lsc", "council")]
    assert p.ties_of_kind("pooled_budget") == []
    single = Partnership("P", [Member("a", "A", groups=("funder",)), Member("b", "B", groups=("provider",)),
                               Member("c", "C", groups=("provider",))],
                         [Tie("a", "c", "funding"), Tie("b", "c", "referral")])
    pooled = add_pooled_budget(single).partnership.ties_of_kind("pooled_budget")
    assert [(t.source, t.target) for t in pooled] == [("a", "c")]  # the best-connected other member


def test_community_groups_join_with_referrals_and_information():
    p = _case()
    s = add_community_groups(p, n=3)
    q = s.partnership
    new = [m for m in q.members if m not in p.members]
    assert new == ["community_group_1", "community_group_2", "community_group_3"]
    assert all(q.members[m].groups == ("community",) for m in new)
    assert q.tie_kinds_between("community_group_1", "cab") == {"referral"}  # cab has the most ties
    assert q.tie_kinds_between("community_group_1", "net") == {"information_exchange"}
    again = add_community_groups(q, n=1).partnership
    assert "community_group_4" in again
    with pytest.raises(ValueError):
        add_community_groups(p, n=0)


def test_losing_a_champion():
    p = _case()
    s = lose_champion(p)
    assert s.partnership.info.champions == ("council",) and p.info.champions == ("cab", "council")
    assert "CAB" in s.description and "1 champion(s) remain" in s.description
    assert lose_champion(p, "council").partnership.info.champions == ("cab",)
    unchanged = lose_champion(p, "law")
    assert not unchanged.changed and "not (or no longer) a recorded champion" in unchanged.description
    assert not lose_champion(Partnership("P")).changed


def test_apply_scenarios_composes_in_a_fixed_order_without_touching_the_input():
    p = _case()
    before = p.to_dict()
    q, steps = apply_scenarios(p, list(SCENARIOS), n=1, champion="council")
    assert [s.id for s in steps] == list(SCENARIOS)
    assert p.to_dict() == before
    assert "council" not in q and "community_group_1" in q and q.info.budget == "pooled"
    # the champion scenario after the funder left: the council's champion has gone already
    assert not steps[-1].changed or q.info.champions == ()
    with pytest.raises(Exception, match="unknown scenario"):
        apply_scenarios(p, ["merge_everything"])


@settings(max_examples=25, deadline=None)
@given(st.integers(3, 40), st.integers(0, 1000), st.sets(st.sampled_from(list(SCENARIOS))))
def test_scenarios_never_change_their_input(n, seed, ids):
    p = synthetic_partnership(n, seed=seed)
    before = p.to_dict()
    q, steps = apply_scenarios(p, ids)
    assert p.to_dict() == before
    assert len(steps) == len(ids)
    if "add_community_groups" in ids:
        assert len([m for m in q.members if m.startswith("community_group_")]) == 2


def test_pooling_an_already_pooled_budget_changes_nothing():
    q = add_pooled_budget(_case()).partnership
    again = add_pooled_budget(q)
    assert not again.changed and "already pooled" in again.description
    assert again.partnership.n_ties == q.n_ties


def test_scenario_overview_matches_assessing_each_scenario():
    from clsp_research.assess import assess
    from clsp_research.assess.scenarios import scenario_overview
    from clsp_research.partnership.datasets import load_case_study

    case = load_case_study("funder_dominated")
    df = scenario_overview(case).set_index("scenario")
    assert list(df.index) == list(SCENARIOS)
    base = assess(case)
    for sid, row in df.iterrows():
        after = assess(apply_scenarios(case, [sid])[0])
        assert row["stage_before"] == base.stage and row["stage_after"] == after.stage
        assert row["flags_raised"] == sorted(set(after.flag_ids) - set(base.flag_ids))
        assert row["flags_cleared"] == sorted(set(base.flag_ids) - set(after.flag_ids))
