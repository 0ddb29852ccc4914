"""Headless tests of the referral-network controller."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from clsp_research.partnership.model import Member, Partnership, Tie
from clsp_research.ui.referrals import ReferralExplorer


def _own() -> Partnership:
    return Partnership("Own", [Member("a", "A", groups=("provider",), categories=("debt",)),
                               Member("b", "B", groups=("provider",), categories=("housing",)),
                               Member("c", "C", groups=("provider",), categories=("family",))],
                       [Tie("a", "b", "referral", categories=("housing",)),
                        Tie("b", "c", "referral", categories=("family",))])


def test_moving_k_changes_seamlessness():
    r = ReferralExplorer(_own())
    assert r.partnership.name == "Own" and r.k.value == 2
    assert r.result.seamlessness == round(6 / 9, 4)
    r.k.value = 0
    assert r.result.seamlessness == round(3 / 9, 4)
    r.k.value = 1
    assert r.result.unreachable == [("b", "debt"), ("c", "debt"), ("a", "family"), ("c", "housing")]
    r.unlimited.value = True
    assert r.max_hops is None and r.k.disabled and r.result.max_hops is None
    r.by_category.value = True
    assert ("a", "family") in r.result.unreachable  # a->b carries housing clients only
    assert ("a", "housing") not in r.result.unreachable and ("b", "family") not in r.result.unreachable


def test_provider_detail_and_critical_ties():
    r = ReferralExplorer(_own())
    r.provider.value = "a"
    assert list(r.provider_pairs["category"]) == ["debt", "family", "housing"]
    assert "No route" not in r.detail.value
    r.k.value = 1
    assert "family" in r.detail.value and "No route" in r.detail.value
    r.critical_toggle.value = True
    assert set(zip(r.critical["source"], r.critical["target"], strict=True)) == {("a", "b"), ("b", "c")}
    assert "clsp-referrals-critical-table" in r.critical_html.value
    r.critical_toggle.value = False
    assert r.critical is None


def test_shipped_case_and_case_switch():
    r = ReferralExplorer("referral_concordat")
    share2 = r.result.seamlessness
    r.k.value = 1
    assert r.result.seamlessness < share2
    assert "clsp-referrals-matrix" in r.grid.value and "✗" in r.grid.value
    r.case.value = "talking_shop"  # no referral ties: only what each provider serves itself
    assert r.provider.value is None
    assert r.result.seamlessness == round(
        sum(len(r.partnership.member(m).categories) for m in r.result.providers) / len(r.result.pairs), 4)
