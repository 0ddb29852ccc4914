"""The stage ladder, driven headlessly: arrangements, upgrades and tie edits move the placement."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from clsp_research.assess import STAGES, assess
from clsp_research.partnership.datasets import case_studies, load_case_study
from clsp_research.partnership.model import Tie
from clsp_research.ui.stage_ladder import StageLadder, with_changes


def _rank(stage: str) -> int:
    return STAGES.index(stage)


def test_the_case_as_recorded_is_the_starting_point():
    ladder = StageLadder("pioneer_first_year")
    case = load_case_study("pioneer_first_year")
    assert ladder.baseline.stage == assess(case).stage == "co-operation"
    assert ladder.assessment.stage == ladder.baseline.stage and ladder.edits == []
    assert ladder.partnership == case and ladder.partnership is not case
    assert {name: cb.value for name, cb in ladder.arrangements.items()} == {
        name: bool(getattr(case.info, name)) for name in ladder.arrangements}
    assert ladder.budget.value == (case.info.budget or "none")
    assert [v for _, v in ladder.tie_source.options][1:] == list(case.members)
    assert "clsp-ladder-stage'>co-operation<" in ladder.result.value


def test_paper_arrangements_cannot_lift_a_talking_shop_but_closer_ties_can():
    ladder = StageLadder("talking_shop")
    for cb in ladder.arrangements.values():
        cb.value = True
    ladder.budget.value = "pooled"
    assert ladder.partnership.info.budget == "pooled" and ladder.partnership.info.strategic_plan is True
    assert ladder.assessment.stage == "networking"  # no tie above networking, no stage above it
    assert ladder.assessment.stage_profile["co-operation"] == 0.0
    seen = []
    for kind in ("referral", "joint_project", "pooled_budget"):
        ladder.upgrade.value = kind
        assert {t.kind for t in ladder.partnership.ties} == {kind}
        seen.append(ladder.assessment.stage)
    assert seen == ["co-operation", "co-ordination", "integration"]
    assert "the case as recorded: <b>networking</b>" in ladder.result.value
    ladder.upgrade.value = None
    assert ladder.assessment.stage == "networking"


def test_taking_the_budget_away_lowers_an_integrated_partnership():
    ladder = StageLadder("integrated_commissioning")
    assert ladder.assessment.stage == "integration" and ladder.budget.value == "pooled"
    ladder.budget.value = "none"
    assert ladder.partnership.info.budget == "none"
    assert _rank(ladder.assessment.stage) < _rank("integration")
    assert ladder.assessment.stage_profile["integration"] < ladder.baseline.stage_profile["integration"]


def test_adding_a_tie_is_the_same_as_adding_it_by_hand():
    ladder = StageLadder("talking_shop")
    ladder.tie_source.value, ladder.tie_target.value, ladder.tie_kind.value = "cab", "iac", "joint_project"
    assert ladder.add_tie() and ladder.error is None
    by_hand = load_case_study("talking_shop").copy()
    by_hand.add_tie(Tie("cab", "iac", "joint_project"))
    assert ladder.partnership == by_hand
    assert ladder.assessment.stage_profile == assess(by_hand).stage_profile
    assert ladder.assessment.stage_profile["co-ordination"] > 0.0
    assert "joint project tie cab → iac" in ladder.result.value


@pytest.mark.parametrize("name", case_studies())
def test_adding_a_pooled_budget_tie_never_lowers_the_stage(name):
    ladder = StageLadder(name)
    members = list(ladder.partnership.members)
    before = ladder.assessment
    for a, b in [(members[0], members[-1]), (members[1], members[2]), (members[-2], members[3])]:
        ladder.tie_source.value, ladder.tie_target.value, ladder.tie_kind.value = a, b, "pooled_budget"
        assert ladder.add_tie()
        after = ladder.assessment
        assert _rank(after.stage) >= _rank(before.stage), (a, b)
        assert all(after.stage_profile[s] >= before.stage_profile[s] - 1e-12 for s in STAGES), (a, b)
        before = after
    assert len(ladder.edits) == 3
    assert ladder.partnership.n_ties == load_case_study(name).n_ties + 3


def test_removing_the_pooled_budget_ties_and_undoing_it():
    ladder = StageLadder("integrated_commissioning")
    n_pooled = len(ladder.partnership.ties_of_kind("pooled_budget"))
    assert n_pooled > 0
    ladder.tie_kind.value = "pooled_budget"  # between any members
    assert ladder.remove_ties()
    assert ladder.partnership.ties_of_kind("pooled_budget") == []
    assert ladder.edits == [("remove", (None, None, "pooled_budget"))]
    assert ladder.assessment.stage_profile["integration"] < ladder.baseline.stage_profile["integration"]
    assert not ladder.remove_ties() and "no pooled budget tie" in ladder.error  # nothing left to remove
    assert len(ladder.edits) == 1
    assert ladder.undo() and ladder.edits == []
    assert len(ladder.partnership.ties_of_kind("pooled_budget")) == n_pooled
    assert ladder.assessment.stage == "integration"
    assert not ladder.undo()


def test_bad_tie_edits_are_refused_and_change_nothing():
    ladder = StageLadder("talking_shop")
    before = ladder.partnership
    assert not ladder.add_tie() and "Choose the two members" in ladder.error  # both "(any member)"
    ladder.tie_source.value = ladder.tie_target.value = "cab"
    assert not ladder.add_tie() and "itself" in ladder.error
    assert ladder.edits == [] and ladder.partnership == before
    assert "clsp-ladder-error" in ladder.result.value
    ladder.tie_target.value = "iac"
    ladder.tie_kind.value = "referral"
    assert ladder.add_tie() and ladder.error is None and "clsp-ladder-error" not in ladder.result.value


def test_buttons_call_the_edits_and_a_new_case_starts_afresh():
    ladder = StageLadder("talking_shop")
    ladder.tie_source.value, ladder.tie_target.value, ladder.tie_kind.value = "cab", "iac", "shared_staff"
    ladder.add_button.click()
    assert [op for op, _ in ladder.edits] == ["add"]
    ladder.undo_button.click()
    assert ladder.edits == []
    ladder.add_button.click()
    ladder.upgrade.value = "referral"
    ladder.case.value = "referral_concordat"
    assert ladder.edits == [] and ladder.upgrade.value is None and ladder.tie_source.value is None
    assert ladder.partnership == load_case_study("referral_concordat")
    assert ladder.baseline.stage == ladder.assessment.stage == "co-operation"


def test_with_changes_leaves_its_input_alone_and_refuses_unknown_edits():
    p = load_case_study("talking_shop")
    kinds = [t.kind for t in p.ties]
    q = with_changes(p, edits=[("remove", ("cab", None, None))])
    assert all("cab" not in (t.source, t.target) for t in q.ties)
    assert [t.kind for t in p.ties] == kinds and any("cab" in (t.source, t.target) for t in p.ties)
    with pytest.raises(ValueError, match="unknown edit"):
        with_changes(p, edits=[("rename", None)])
