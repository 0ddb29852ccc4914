"""Risk flags fire, and do not fire, on hand-built partnerships; recommendations follow the weakest factors."""

from __future__ import annotations

import pytest

from clsp_research.assess import assess, load_rubric
from clsp_research.assess.factors import FactorScore
from clsp_research.assess.recommend import recommend
from clsp_research.literature import item
from clsp_research.partnership.model import Member, MembershipChange, Partnership, PartnershipInfo, Tie

ALL_GROUPS = [("lsc", "funder"), ("cab", "provider"), ("law", "provider"), ("ten", "community"),
              ("cvs", "network"), ("hosp", "other_sector")]


def members(spec=ALL_GROUPS) -> list[Member]:
    return [Member(i, i.upper(), groups=(g,)) for i, g in spec]


def flags(p: Partnership) -> dict[str, str]:
    return {f.id: f.severity for f in assess(p).flags}


def flag(p: Partnership, fid: str):
    return next((f for f in assess(p).flags if f.id == fid), None)


# -- talking shop -----------------------------------------------------------------------------------

INFO_ONLY = [Tie("cab", "law", "information_exchange"), Tie("cab", "ten", "information_exchange"),
             Tie("lsc", "cab", "information_exchange")]


def test_talking_shop_when_members_only_talk_and_nothing_is_held_or_planned():
    p = Partnership(PartnershipInfo("x", budget="none", strategic_plan=False), members(), INFO_ONLY)
    f = flag(p, "talking_shop")
    assert f is not None and f.severity == "high"
    assert "information exchange" in f.message
    assert f.cites == item("risk_flags", "talking_shop").cites


def test_talking_shop_is_medium_when_budget_and_plan_are_not_recorded():
    p = Partnership(PartnershipInfo("x"), members(), INFO_ONLY)
    f = flag(p, "talking_shop")
    assert f.severity == "medium" and "not recorded" in f.message


@pytest.mark.parametrize("change", [
    {"extra": Tie("cab", "law", "joint_project")},      # joint work: a function taken on
    {"info": {"budget": "own"}},                        # resources of its own
    {"info": {"strategic_plan": True}},                 # the lead body for a strategy
])
def test_no_talking_shop_once_the_partnership_does_something(change):
    info = {"budget": "none", "strategic_plan": False, **change.get("info", {})}
    ties = [*INFO_ONLY, *([change["extra"]] if "extra" in change else [])]
    assert "talking_shop" not in flags(Partnership(PartnershipInfo("x", **info), members(), ties))


def test_co_operation_with_a_working_agreement_is_not_a_talking_shop():
    ties = [*INFO_ONLY, Tie("cab", "law", "referral")]
    p = Partnership(PartnershipInfo("x", budget="none", strategic_plan=False), members(), ties)
    assert flags(p)["talking_shop"] == "medium"
    p.add_tie(Tie("cab", "law", "agreement", formal=True))
    assert "talking_shop" not in flags(p)


# -- power and funding ------------------------------------------------------------------------------

def funded(amounts: dict[tuple[str, str], float]) -> Partnership:
    spec = [("lsc", "funder"), ("la", "funder"), ("cab", "provider"), ("law", "provider"), ("ten", "community"),
            ("cvs", "network"), ("hosp", "other_sector")]
    ties = [Tie(f, t, "funding", amount=a) for (f, t), a in amounts.items()]
    ties += [Tie("cab", "ten", "referral"), Tie("cvs", "law", "information_exchange"),
             Tie("hosp", "cab", "referral"), Tie("lsc", "la", "information_exchange")]
    return Partnership("x", members(spec), ties)


def test_power_imbalance_when_one_funder_gives_most_of_the_money():
    p = funded({("lsc", "cab"): 90000, ("la", "law"): 10000})
    f = flag(p, "power_imbalance")
    assert f.severity == "high" and "90%" in f.message and "LSC" in f.message


def test_no_power_imbalance_with_balanced_funders():
    p = funded({("lsc", "cab"): 50000, ("la", "law"): 50000})
    assert "power_imbalance" not in flags(p)


def test_power_imbalance_from_a_star_shaped_network():
    spec = [("hub", "provider")] + [(f"m{i}", "provider") for i in range(8)]
    p = Partnership("x", members(spec), [Tie("hub", f"m{i}", "referral") for i in range(8)])
    f = flag(p, "power_imbalance")
    assert f.severity == "medium" and "1.00" in f.message  # a star: degree centralization 1


def test_explanations_never_round_a_near_miss_into_an_apparent_hit():
    # The largest funder gives 59.9%: "at least 60% expected, found 60%" would contradict itself.
    p = funded({("lsc", "cab"): 59900, ("la", "law"): 40100})
    text = assess(p).explain("power_imbalance")
    assert "at least 60.0% expected, found 59.9%" in text
    assert "at least 75% expected, found 60%" in text  # far from the threshold: the usual rounding


def test_single_funder_dependency_names_the_members():
    p = funded({("lsc", "cab"): 50000, ("la", "law"): 50000})  # each provider has one funder
    f = flag(p, "single_funder_dependency")
    assert f.severity == "high" and "CAB" in f.message and "LAW" in f.message and "75%" in f.message
    shared = funded({("lsc", "cab"): 50000, ("la", "cab"): 50000, ("lsc", "law"): 50000, ("la", "law"): 50000})
    assert "single_funder_dependency" not in flags(shared)


# -- who is involved ------------------------------------------------------------------------------

def test_missing_groups_are_named_and_community_absence_is_high():
    p = Partnership("x", members([("lsc", "funder"), ("cab", "provider")]), [Tie("lsc", "cab", "funding")])
    f = flag(p, "missing_stakeholder_group")
    assert f.severity == "high"
    for g in ("community", "network", "other_sector"):
        assert g in f.message
    p2 = Partnership("x", members([(i, g) for i, g in ALL_GROUPS if g != "network"]), INFO_ONLY)
    f2 = flag(p2, "missing_stakeholder_group")
    assert f2.severity == "medium" and "network" in f2.message and "community" not in f2.message
    assert "missing_stakeholder_group" not in flags(Partnership("x", members(), INFO_ONLY))


def _core_and_periphery(n_periphery: int) -> Partnership:
    core = ["c1", "c2", "c3", "c4"]
    spec = [(c, "provider") for c in core] + [(f"p{i}", "community") for i in range(n_periphery)]
    ties = [Tie(a, b, "joint_project") for i, a in enumerate(core) for b in core[i + 1:]]
    ties += [Tie(core[i % 4], f"p{i}", "information_exchange") for i in range(n_periphery)]
    return Partnership("x", members(spec), ties)


def test_inner_core_when_a_small_dense_core_holds_most_ties():
    # 4 of 16 members (25%) form a 3-core and hold (4*3 + 12) / (2 * (6 + 12)) = 67% of tie ends.
    f = flag(_core_and_periphery(12), "inner_core")
    assert f.severity == "medium" and "4 of 16" in f.message and "67%" in f.message
    # 4 of 24 (17%) hold (12 + 20) / (2 * 26) = 62%: high.
    assert flags(_core_and_periphery(20))["inner_core"] == "high"


def test_no_inner_core_when_everyone_is_in_the_core():
    ring = [(f"m{i}", "provider") for i in range(8)]
    ties = [Tie(f"m{i}", f"m{(i + 1) % 8}", "referral") for i in range(8)]
    assert "inner_core" not in flags(Partnership("x", members(ring), ties))


# -- purpose, evaluation, turnover ------------------------------------------------------------------

def test_no_evaluation_high_when_recorded_absent_medium_when_inferred():
    assert flags(Partnership(PartnershipInfo("x", evaluation=False), members(), INFO_ONLY))["no_evaluation"] == "high"
    p = Partnership(PartnershipInfo("x", baselines=False, smart_objectives=False), members(), INFO_ONLY)
    assert flags(p)["no_evaluation"] == "medium"
    assert "no_evaluation" not in flags(Partnership(PartnershipInfo("x", evaluation=True), members(), INFO_ONLY))
    assert "no_evaluation" not in flags(Partnership(PartnershipInfo("x"), members(), INFO_ONLY))  # nothing known


def test_unclear_purpose_needs_an_absence_of_written_goals():
    none = PartnershipInfo("x", shared_mission=False, strategic_plan=False, smart_objectives=False)
    assert flags(Partnership(none, members(), INFO_ONLY))["unclear_purpose"] == "high"
    planned = PartnershipInfo("x", shared_mission=False, strategic_plan=True, smart_objectives=True,
                              terms_of_reference=True)
    assert "unclear_purpose" not in flags(Partnership(planned, members(), INFO_ONLY))
    assert "unclear_purpose" not in flags(Partnership(PartnershipInfo("x"), members(), INFO_ONLY))


def test_high_turnover_from_representative_changes_per_member_year():
    changes = tuple(MembershipChange(2001 + (i % 2), m, "representative_changed")
                    for i, m in enumerate(["lsc", "cab", "law", "ten", "cvs", "hosp"] * 2))
    # 12 changes / (6 members x 2 years) = 1.0 per member-year.
    info = PartnershipInfo("x", established=2000, membership_changes=changes, attrs={"as_of": 2002})
    f = flag(Partnership(info, members(), INFO_ONLY), "high_turnover")
    assert f.severity == "high" and "1.00 per member-year" in f.message
    calm = PartnershipInfo("x", established=2000, membership_changes=changes[:1], attrs={"as_of": 2002})
    assert "high_turnover" not in flags(Partnership(calm, members(), INFO_ONLY))
    assert "high_turnover" not in flags(Partnership(PartnershipInfo("x"), members(), INFO_ONLY))  # unknown


def test_a_flag_not_raised_says_why():
    a = assess(Partnership(PartnershipInfo("x"), members(), INFO_ONLY))
    text = a.explain("high_turnover")
    assert "not raised" in text and "Not recorded" in text
    assert a.flag_checks["high_turnover"].unknown


def test_flags_are_ordered_by_severity():
    p = Partnership(PartnershipInfo("x", budget="none", strategic_plan=False, evaluation=False,
                                    shared_mission=False, smart_objectives=False),
                    members([("lsc", "funder"), ("cab", "provider"), ("law", "provider"), ("cvs", "network")]),
                    [Tie("lsc", "cab", "information_exchange"), Tie("cab", "law", "information_exchange")])
    sev = [f.severity for f in assess(p).flags]
    order = {"high": 0, "medium": 1, "low": 2}
    assert sev == sorted(sev, key=order.__getitem__) and len(sev) >= 3


# -- recommendations -------------------------------------------------------------------------------

def fs(fid: str, score: float, conf: float = 1.0) -> FactorScore:
    return FactorScore(fid, fid.title(), score, conf, (), ())


def test_recommendations_take_the_weakest_confident_factors_first():
    rub = load_rubric()
    factors = [fs("trust", 0.3), fs("evaluation", 0.1), fs("clarity", 0.05, conf=0.2), fs("time", 0.9)]
    recs = recommend(factors, rub)
    assert [r.factor for r in recs] == ["evaluation", "trust"]  # clarity: too little evidence
    for r in recs:
        remedy = item("success_factors", r.factor).get("remedies")[0]
        assert r.text == " ".join(remedy["text"].split()) and list(r.cites) == list(remedy["cites"])


def test_recommendations_are_capped():
    rub = load_rubric(overrides={"recommendations": {"max": 2, "remedies_per_factor": 3}})
    factors = [fs(f, 0.1) for f in ("trust", "evaluation", "clarity", "time")]
    assert len(recommend(factors, rub)) == 2
    assert len(recommend(factors, load_rubric())) <= load_rubric().recommendations.max_items


def _piece_centralization_reference(p: Partnership) -> float:
    """The definition, read off networkx: the most centralised of the equal largest connected pieces."""
    import networkx as nx

    g = p.simple_graph()
    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=len, reverse=True)
    if not comps or len(comps[0]) < 3:
        return 0.0
    size, best = len(comps[0]), 0.0
    for comp in (c for c in comps if len(c) == size):
        degrees = [d for _, d in g.subgraph(comp).degree()]
        best = max(best, min(1.0, sum(max(degrees) - d for d in degrees) / ((size - 1) * (size - 2))))
    return best


@pytest.mark.parametrize("n, seed", [(3, 0), (12, 1), (40, 2), (40, 3), (200, 4)])
def test_largest_piece_centralization_is_the_networkx_definition(n, seed):
    from clsp_research.assess.signals import Context, _largest_piece_centralization
    from clsp_research.partnership.datasets import case_studies, load_case_study
    from clsp_research.partnership.synthetic import synthetic_partnership

    for p in [synthetic_partnership(n, seed=seed), *(load_case_study(c) for c in case_studies()[:3] if n == 3)]:
        assert _largest_piece_centralization(Context(p, load_rubric())) == pytest.approx(
            _piece_centralization_reference(p), abs=1e-12)
    # two equal pieces: a star of four and a path of four; the star's centralization wins
    star_and_path = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abcdefgh"],
                                [Tie("a", b, "referral") for b in "bcd"]
                                + [Tie(u, v, "referral") for u, v in ("ef", "fg", "gh")])
    assert _largest_piece_centralization(Context(star_and_path, load_rubric())) == pytest.approx(1.0)
    assert _piece_centralization_reference(star_and_path) == pytest.approx(1.0)


def test_core_ends_most_central_and_piece_density_are_the_networkx_definitions():
    import networkx as nx

    from clsp_research.assess.power import tied_names
    from clsp_research.assess.signals import Context, _core_ends, _most_central, component_report
    from clsp_research.partnership.datasets import case_studies, load_case_study
    from clsp_research.partnership.synthetic import synthetic_partnership

    ties = [Tie("a", b, "referral") for b in "bcd"]
    ties += [Tie("e", "f", "agreement"), Tie("f", "e", "referral"), Tie("f", "g", "funding")]
    pieces = Partnership("x", [Member(i, i.upper(), groups=("provider",)) for i in "abcdefghi"], ties)
    for p in [pieces, *(load_case_study(c) for c in case_studies()), synthetic_partnership(80, seed=5)]:
        c = Context(p, load_rubric())
        g = p.simple_graph()
        m = g.number_of_edges()
        assert _core_ends(c) == pytest.approx(sum(g.degree(u) for u in c.summary.core_members) / (2 * m) if m else 0)
        top = max(d for _, d in g.degree())
        assert _most_central(c) == tied_names([c.name_of(u) for u, d in g.degree() if d == top])
        largest = max(nx.connected_components(g), key=len)
        assert component_report(c)["largest_piece"]["density"] == pytest.approx(nx.density(g.subgraph(largest)))
    assert _most_central(Context(pieces, load_rubric())) == "A"  # three ties; F has two
