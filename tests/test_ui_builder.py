"""The partnership builder, driven headlessly: every edit changes the partnership and its assessment."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from clsp_research.assess import assess
from clsp_research.partnership.datasets import load_case_study
from clsp_research.partnership.model import Member, Partnership
from clsp_research.ui.builder import EMPTY, Builder


def _add(b: Builder, name: str, *groups: str, mid: str = "") -> bool:
    b.member_name.value = name
    b.member_id.value = mid
    b.member_groups.value = groups
    return b.add_member()


def _tie(b: Builder, a: str, z: str, kind: str) -> bool:
    b.tie_source.value, b.tie_target.value, b.tie_kind.value = a, z, kind
    return b.add_tie()


def test_from_scratch_members_and_ties_follow_the_form():
    b = Builder(show_map=False)
    assert b.case.value == EMPTY and len(b.partnership) == 0 and b.assessment is None
    assert _add(b, "Legal Services Commission", "funder", mid="lsc")
    assert _add(b, "Anytown CAB", "provider")
    assert list(b.partnership.members) == ["lsc", "anytown_cab"]  # an id made from the name
    assert [v for _, v in b.tie_source.options] == ["lsc", "anytown_cab"]
    assert _tie(b, "lsc", "anytown_cab", "funding")
    assert [(t.source, t.target, t.kind) for t in b.partnership.ties] == [("lsc", "anytown_cab", "funding")]
    assert b.assessment is not None and "2 members, 1 ties" in b.stage.value


def test_the_assessment_is_that_of_the_partnership_built():
    b = Builder(show_map=False)
    for name, group in (("Funder", "funder"), ("Provider", "provider"), ("Network", "network")):
        _add(b, name, group)
    _tie(b, "funder", "provider", "funding")
    _tie(b, "provider", "network", "joint_project")
    fresh = assess(b.partnership.copy())
    assert b.assessment.stage == fresh.stage
    assert b.assessment.flag_ids == fresh.flag_ids
    assert "missing_stakeholder_group" in b.assessment.flag_ids  # no community or other-sector member
    assert "clsp-builder-flag-list" in b.flags.value


def test_bad_edits_are_refused_with_a_message_and_change_nothing():
    b = Builder(show_map=False)
    assert not _add(b, "", "provider")
    assert "name" in b.error
    _add(b, "A", "provider")
    assert not _add(b, "A again", "provider", mid="a")
    assert "duplicate member id 'a'" in b.error
    assert not _add(b, "No group")
    assert "at least one group" in b.error
    _add(b, "B", "funder")
    assert _tie(b, "a", "b", "joint_project")
    assert not _tie(b, "b", "a", "joint_project")  # an undirected kind: the same tie
    assert "already have" in b.error
    assert _tie(b, "a", "b", "referral") and _tie(b, "b", "a", "referral")  # directed: both ways
    assert not _tie(b, "a", "a", "referral")
    assert b.partnership.n_ties == 3 and "clsp-builder-error" in b.message.value


def test_removing_a_tie_removes_only_the_one_chosen():
    b = Builder(show_map=False)
    _add(b, "A", "provider")
    _add(b, "B", "funder")
    _tie(b, "a", "b", "referral")
    _tie(b, "b", "a", "referral")
    b.tie_list.value = ("b", "a", "referral")
    assert b.remove_tie()
    assert [(t.source, t.target) for t in b.partnership.ties] == [("a", "b")]


def test_removing_a_member_removes_its_ties():
    b = Builder(show_map=False)
    for n in ("A", "B", "C"):
        _add(b, n, "provider")
    _tie(b, "a", "b", "referral")
    _tie(b, "b", "c", "joint_project")
    b.remove_member_select.value = "b"
    assert b.remove_member()
    assert list(b.partnership.members) == ["a", "c"] and b.partnership.n_ties == 0
    assert "its 2 ties" in b.message.value


def test_loading_a_case_study_works_on_a_copy():
    b = Builder("talking_shop", show_map=True)
    original = load_case_study("talking_shop")
    assert b.partnership == original
    _add(b, "New community group", "community")
    assert b.partnership != load_case_study("talking_shop")
    assert b.map.value.startswith("<svg") and b.map.value.count("<circle") >= len(b.partnership)
    b.load(EMPTY)
    assert len(b.partnership) == 0


def test_a_partnership_given_directly_is_copied_and_names_are_escaped():
    p = Partnership("Mine", [Member("x", "<script>alert(1)</script>", groups=("provider",))])
    b = Builder(p, show_map=False)
    b.remove_member_select.value = "x"
    b.remove_member()
    assert "x" in p  # the caller's partnership is untouched
    assert "<script>" not in b.message.value and "&lt;script&gt;" in b.message.value
