"""Power from every resource (griffith2002 §3.42-3.49), read per connected piece, graded, and named fairly."""

from __future__ import annotations

import pytest
from assess_probes import pool_case, staff_case, two_copies

from clsp_research.assess import assess
from clsp_research.assess.power import resource_power
from clsp_research.partnership.model import Member, Partnership, PartnershipInfo, Tie


def power_flag(p):
    return next((f for f in assess(p).flags if f.id == "power_imbalance"), None)


def test_a_pooled_budget_contribution_counts_as_power():
    # 95% of a GBP 1M pool from the council; only a GBP 65k side grant is on a funding tie.
    p = pool_case(0.95)
    f = power_flag(p)
    assert f is not None and f.severity == "high"
    assert "Council" in f.message and "89%" in f.message and "75%" in f.message  # figure and threshold
    assert "950,000 of 1,065,000" in f.message
    assert assess(p).factor("power_balance").score < 0.5
    # an even pool: no flag from the resources, and a better balance of power
    even = pool_case(0.5)
    assert assess(even).factor("power_balance").score > assess(p).factor("power_balance").score


def test_an_amount_on_a_pooled_budget_tie_is_the_contribution_of_its_source():
    ms = [Member("council", "Council", groups=("funder",)), Member("lsc", "LSC", groups=("funder",)),
          Member("cab", "CAB", groups=("provider",))]
    p = Partnership("x", ms, [Tie("council", "lsc", "pooled_budget", amount=950_000),
                              Tie("lsc", "cab", "funding", amount=50_000)])
    r = resource_power(p)
    assert r.holders == ("Council",) and r.share == pytest.approx(0.95)


def test_members_own_resources_count_without_any_funding_tie():
    ms = [Member("council", "Council", groups=("funder",), resources=900_000),
          Member("cab", "CAB", groups=("provider",), resources=100_000),
          Member("ten", "Tenants", groups=("community",))]
    p = Partnership(PartnershipInfo("x"), ms, [Tie("council", "cab", "joint_project"), Tie("cab", "ten", "referral")])
    r = resource_power(p)
    assert r.share == pytest.approx(0.9) and r.holders == ("Council",) and r.resources == ("money",)
    assert power_flag(p).severity == "high"


def test_staff_count_as_a_resource():
    p = staff_case()
    r = resource_power(p)
    assert r.resources == ("staff",) and r.share == pytest.approx(0.9)
    assert power_flag(p).severity == "high"


def test_money_and_staff_are_averaged_where_both_are_recorded():
    ms = [Member("a", "A", groups=("funder",), resources=900.0, attrs={"staff": 1}),
          Member("b", "B", groups=("provider",), resources=100.0, attrs={"staff": 9})]
    r = resource_power(Partnership("x", ms, [Tie("a", "b", "joint_project")]))
    assert r.share == pytest.approx(0.5) and set(r.holders) == {"A", "B"}  # 0.9/0.1 and 0.1/0.9: a tie


def test_two_disconnected_copies_are_as_dominated_as_one():
    one, two = pool_case(0.95), two_copies(pool_case(0.95))
    a1, a2 = assess(one), assess(two)
    assert a1.factor("power_balance").score == pytest.approx(a2.factor("power_balance").score)
    assert power_flag(one).severity == power_flag(two).severity == "high"
    assert "a connected piece of 8 of the 16 members" in power_flag(two).message
    assert resource_power(two).whole_share < resource_power(two).share  # the whole dilutes it; the piece does not
    assert a2.components["pieces"] == 2 and a2.components["sizes"] == [8, 8]
    assert "in 2 pieces that no chain of ties joins" in a2.explain("stage")
    assert "its largest connected piece (8 of 16 members)" in a2.explain("stage")


@pytest.mark.parametrize("share", [0.70, 0.745, 0.755, 0.80])
def test_a_small_change_in_money_makes_a_small_change_in_score_and_strength(share):
    a, b = assess(pool_case(share)), assess(pool_case(share + 0.002))  # GBP 2k of a GBP 1M pool
    assert abs(a.factor("power_balance").score - b.factor("power_balance").score) < 0.01
    fa, fb = power_flag(pool_case(share)), power_flag(pool_case(share + 0.002))
    assert fa is not None and fb is not None and abs(fa.strength - fb.strength) < 0.01


def test_strength_rises_smoothly_with_the_share():
    strengths = [power_flag(pool_case(s)).strength for s in (0.7, 0.8, 0.9, 0.95)]
    assert strengths == sorted(strengths) and strengths[0] < strengths[-1]


def test_tied_holders_are_all_named_whatever_the_ids():
    ms = [Member("z_council", "council", groups=("funder",), resources=500.0),
          Member("a_lsc", "lsc", groups=("funder",), resources=500.0),
          Member("cab", "cab", groups=("provider",))]
    p = Partnership("x", ms, [Tie("z_council", "cab", "joint_project"), Tie("a_lsc", "cab", "joint_project")])
    ctx_text = assess(p).explain("power_balance")
    assert "council and lsc, tied" in ctx_text


def test_most_central_and_main_funder_ties_name_every_member():
    ms = [Member(i, n, groups=g) for i, n, g in
          [("b", "council", ("funder",)), ("a", "lsc", ("funder",)), ("c", "cab", ("provider",)),
           ("d", "law", ("provider",)), ("e", "tenants", ("community",)), ("f", "advice", ("provider",))]]
    ties = [Tie("b", "c", "funding"), Tie("b", "d", "funding"), Tie("a", "e", "funding"), Tie("a", "f", "funding")]
    a = assess(Partnership("x", ms, ties))
    text = a.explain("power_balance")
    assert "council and lsc, tied" in text


def test_no_resource_recorded_is_unknown_not_balance():
    p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abc"],
                    [Tie("a", "b", "referral"), Tie("b", "c", "referral")])
    assert resource_power(p).share is None
    ev = {e.source: e for e in assess(p).factor("power_balance").evidence}
    assert ev["dominant_resource_share"].score is None and ev["dominant_resource_share"].effect == 0


def test_validate_warns_of_a_partnership_in_pieces(tmp_path, capsys):
    from clsp_research.cli import main
    from clsp_research.partnership.casefile import dumps_case
    from clsp_research.partnership.checks import check_case

    two = two_copies(pool_case(0.95))
    warnings = [w.message for w in check_case(two)]
    assert any("in 2 pieces that no chain of ties joins" in w for w in warnings)
    assert not any("pieces" in w for w in (x.message for x in check_case(pool_case(0.95))))
    case = tmp_path / "two.yaml"
    case.write_text(dumps_case(two), encoding="utf-8")
    assert main(["validate", str(case)]) == 0
    assert "2 pieces" in capsys.readouterr().err
