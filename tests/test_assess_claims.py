"""The assessment's rules can fail: each rule switched off makes its literature claim fail.

Like ``test_dynamics_claims.py`` switches a mechanism off, each test here states a claim from
the literature, shows that the assessment meets it, then switches the rule that carries it
off (a rubric edited in a temporary folder, or the one function that implements it patched)
and shows that the claim is then broken. A rule whose removal changed nothing would not be
doing the work it is credited with.
"""

from __future__ import annotations

import dataclasses
import importlib
import shutil

import pytest
from assess_probes import borderline, inner_circle, pool_case, talk_only, two_copies

from clsp_research.assess import assess, load_rubric
from clsp_research.assess import power as P
from clsp_research.assess.continuum import composite_profile
from clsp_research.assess.rubric import DEFAULT_RULES_DIR, Upgrade
from clsp_research.assess.signals import Context
from clsp_research.partnership.casefile import loads_case

R = importlib.import_module("clsp_research.assess.robustness")  # the module (the package exports the function)


def _edited_rubric(tmp_path, fname: str, old: str, new: str):
    folder = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, folder)
    path = folder / fname
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_rubric(folder)


def power_severity(p, rubric=None):
    return next((f.severity for f in assess(p, rubric=rubric).flags if f.id == "power_imbalance"), None)


def test_power_follows_every_resource_not_only_grants(monkeypatch):
    """griffith2002 §3.42: partnerships are dominated by the partners that bring most resources."""
    def power_message(q):
        return next(f.message for f in assess(q).flags if f.id == "power_imbalance")

    assert "held by Council" in power_message(pool_case(0.95))

    def grants_only(q):  # the old reading: amounts on funding ties only
        out = {}
        for mid in q.graph.nodes:
            given = sum(d["amount"] or 0 for u, _, d in q.graph.edges(data=True) if u == mid and d["kind"] == "funding")
            out[mid] = {"money": given or None, "staff": None}
        return out

    monkeypatch.setattr(P, "member_stakes", grants_only)
    # the GBP 950k pool contribution is missed and the trust's GBP 65k side grant is read as the power
    assert "held by Trust" in power_message(pool_case(0.95))


def test_power_is_read_per_piece(monkeypatch):
    """A partnership in two pieces is as dominated as each piece (§3.42 concerns the partners at the table)."""
    two = two_copies(pool_case(0.95))
    assert power_severity(two) == "high"
    real = P._dominant

    def whole_only(members, stakes):
        every = list(stakes)  # every member of the partnership, whatever piece it sits in
        return real(every, stakes)

    monkeypatch.setattr(P, "_dominant", whole_only)
    assert power_severity(two_copies(pool_case(0.95))) != "high"


def test_formality_alone_does_not_lift_information_exchange():
    """griffith2002 §2.4-2.5: swapping information is networking, however formally it is done."""
    p = talk_only(formal_share=0.5)
    assert assess(p).stage == "networking"
    rub = load_rubric()
    old = dataclasses.replace(rub.tie_rules["information_exchange"],
                              upgrades=(Upgrade((("formal", True),), 1, "old rule", ("griffith2002, §2.5",)),))
    switched = dataclasses.replace(rub, tie_rules={**rub.tie_rules, "information_exchange": old}, key="old-formal")
    assert assess(talk_only(formal_share=0.5), rubric=switched).stage == "co-operation"


def test_a_high_flag_caps_the_factors_it_speaks_to(tmp_path):
    """griffith2002 §3.52: the factors work both ways; a failure on one cannot sit beside a strength."""
    a = assess(inner_circle())
    assert a.factor("inclusivity").score <= 0.5 and a.factor("networks").score <= 0.5
    off = _edited_rubric(tmp_path, "flags.yaml", "caps:\n  high: 0.5\n", "caps:\n  high: null\n")
    b = assess(inner_circle(), rubric=off)
    assert "inner_core" in b.flag_ids
    assert max(b.factor("inclusivity").score, b.factor("networks").score) > 0.5


def test_every_flag_brings_a_remedy(tmp_path):
    """A warning sign from the literature comes with the literature's remedy for it."""
    p = inner_circle()
    assert any(r.flag == "inner_core" for r in assess(p).recommendations)
    off = _edited_rubric(tmp_path, "recommendations.yaml", "  inner_core:\n    - {factor: inclusivity, remedy: 1}\n"
                         "    - {factor: networks, remedy: 1}\n", "")
    assert not any(r.flag == "inner_core" for r in assess(inner_circle(), rubric=off).recommendations)


def test_remedies_fit_the_stage(tmp_path):
    """Advice for the outset of a partnership is not given to an integrated one."""
    p = pool_case(0.5, shared_mission=None, strategic_plan=None)
    weak_self_interest = {"factors": {"factors": {"self_interest": {"indicators": [
        {"signal": "budget", "map": {"none": 0.0, "own": 0.0, "pooled": 0.0}}]}}}}
    on = load_rubric(overrides=weak_self_interest)
    assert not any("At the outset" in r.text for r in assess(p, rubric=on).recommendations)
    folder = tmp_path / "nofit"
    shutil.copytree(DEFAULT_RULES_DIR, folder)
    path = folder / "recommendations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("stage_fit:")], encoding="utf-8")
    off = load_rubric(folder, overrides=weak_self_interest)
    assert any("At the outset" in r.text for r in assess(pool_case(0.5, shared_mission=None, strategic_plan=None),
                                                         rubric=off).recommendations)


def test_recorded_none_counts_against(monkeypatch):
    """An empty list of working groups records that there are none: planning is then not met."""
    case = """
partnership: {name: x, working_groups: [], steering_group: false, coordinator: false, strategic_plan: false}
members: [{id: a, name: A, groups: [funder]}, {id: b, name: B, groups: [provider]}]
ties: [{source: a, target: b, kind: referral}]
"""
    rub = load_rubric()

    def planning(p):
        return next(c for c in composite_profile(Context(p, rub))[1].characteristics if c.name == "planning").status

    assert planning(loads_case(case)) == "not met"
    from clsp_research.assess import vocabulary

    old = dataclasses.replace(vocabulary.SIGNALS["working_groups"],
                              compute=lambda c: len(c.info.working_groups) if c.info.working_groups else None)
    monkeypatch.setitem(vocabulary.SIGNALS, "working_groups", old)
    assert planning(loads_case(case)) == "unrecorded"


def test_a_close_call_is_said(monkeypatch):
    """A placement within a hair of the threshold is reported as such (griffith2002 §2.8: stages mix)."""
    assert assess(borderline(16, 3)).robustness().close_call
    monkeypatch.setattr(R, "CLOSE_CALL_MARGIN", 0.0)
    assert not R.robustness(borderline(16, 3)).close_call


@pytest.mark.parametrize("rename", [str.upper, lambda s: "z" + s[::-1]])
def test_names_do_not_decide_the_explanation(rename):
    """Renaming members changes no score, and tied members are all named whatever their ids."""
    from clsp_research.partnership.model import Member, Partnership, Tie

    def build(f):
        ms = [Member(f(i), n, groups=g, resources=r) for i, n, g, r in
              [("c", "council", ("funder",), 500.0), ("l", "lsc", ("funder",), 500.0),
               ("a", "cab", ("provider",), None)]]
        return Partnership("x", ms, [Tie(f("c"), f("a"), "joint_project"), Tie(f("l"), f("a"), "joint_project")])

    a, b = assess(build(lambda s: s)), assess(build(rename))
    assert [f.score for f in a.factors] == [f.score for f in b.factors]
    assert a.explain("power_balance") == b.explain("power_balance")
