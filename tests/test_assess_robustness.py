"""Robustness: margins and close calls, stage and flag shares under resamples of the ties, seeded and fast."""

from __future__ import annotations

import json

import pytest
from assess_probes import borderline, pool_case

from clsp_research.assess import assess
from clsp_research.assess.robustness import CLOSE_CALL_MARGIN, close_call_text, robustness
from clsp_research.cli import main
from clsp_research.partnership.casefile import dumps_case
from clsp_research.partnership.model import Member, Partnership, Tie
from clsp_research.partnership.synthetic import synthetic_partnership


def test_a_placement_just_above_the_threshold_is_a_close_call():
    a = assess(borderline(16, 3))
    r = a.robustness()
    assert a.stage == "co-operation" and r.close_call
    assert 0 < r.margin["above_threshold"] < CLOSE_CALL_MARGIN
    assert r.margin["above_threshold"] == pytest.approx(a.stage_profile["co-operation"] - a.threshold)
    assert "Close call" in a.close_call_line() and "above the threshold" in a.close_call_line()


def test_a_placement_just_below_the_next_stage_is_a_close_call_too():
    a = assess(borderline(12, 2))
    r = a.robustness()
    assert a.stage == "networking" and r.close_call
    assert r.margin["next"] == "co-operation" and 0 < r.margin["next_below_threshold"] < CLOSE_CALL_MARGIN
    assert "co-operation falls" in close_call_text(r)


def test_a_clear_placement_is_not_a_close_call():
    a = assess(pool_case(0.5))
    r = a.robustness()
    assert not r.close_call and a.close_call_line().startswith("Not a close call")


def test_stage_shares_count_resamples_and_add_up():
    p = borderline(16, 3)
    r = robustness(p, seed=3, resamples=120)
    assert r.resamples["leave_one_out"] == p.n_ties and r.resamples["bootstrap"] == 120
    for scheme in ("leave_one_out", "bootstrap"):
        assert sum(r.stage_shares[scheme].values()) == pytest.approx(1.0)
    # dropping any one of the three referral pairs' ties takes co-operation below the threshold
    assert r.stage_shares["leave_one_out"]["networking"] == pytest.approx(3 / p.n_ties)


def test_leave_one_out_agrees_with_assessing_each_smaller_partnership():
    p = borderline(16, 3)
    r = robustness(p)
    stages = []
    for i in range(p.n_ties):
        q = Partnership(p.info, list(p.members.values()), [t for j, t in enumerate(p.ties) if j != i])
        stages.append(assess(q).composite_stage)
    for s, share in r.stage_shares["leave_one_out"].items():
        assert share == pytest.approx(stages.count(s) / len(stages))


def test_flag_shares_follow_the_evidence():
    p = pool_case(0.95)
    r = robustness(p, seed=0, resamples=60)
    assert set(r.flag_shares) == {f.id for f in assess(p).flag_checks.values()}
    # the council's contribution is its recorded resources: no single tie left out clears the flag
    assert r.flag_shares["power_imbalance"]["leave_one_out"] == 1.0
    assert r.flag_shares["no_evaluation"] == {"leave_one_out": 0.0, "bootstrap": 0.0}  # recorded, no ties read
    assert 0.0 <= r.flag_shares["single_funder_dependency"]["bootstrap"] <= 1.0


def test_seeded_and_cached():
    p = synthetic_partnership(30, seed=4)
    a, b = robustness(p, seed=7, resamples=80), robustness(p.copy(), seed=7, resamples=80)
    assert a.stage_shares == b.stage_shares and a.flag_shares == b.flag_shares
    assert robustness(p, seed=7, resamples=80) is a


def test_json_carries_robustness_in_full_precision(tmp_path, capsys):
    # 7 of 12 members at co-operation: the score is not rounded to 4 decimals
    ms = [Member(f"m{i}", f"M{i}", groups=("provider",)) for i in range(12)]
    ties = [Tie("m0", "m1", "referral"), Tie("m2", "m3", "referral"), Tie("m4", "m5", "referral"),
            Tie("m5", "m6", "referral")]
    case = tmp_path / "c.yaml"
    case.write_text(dumps_case(Partnership("Precision", ms, ties)), encoding="utf-8")
    assert main(["assess", str(case), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    detail = assess(Partnership("Precision", ms, ties)).composite[1]
    assert detail.ties == pytest.approx(7 / 12)
    assert out["stage_profile"]["co-operation"] == detail.score  # exactly, not rounded
    rob = out["robustness"]
    assert set(rob) >= {"margin", "close_call", "close_call_margin", "stage_shares", "resamples", "flag_shares"}
    assert rob["resamples"]["leave_one_out"] == 4 and rob["close_call_margin"] == CLOSE_CALL_MARGIN
    assert out["components"]["pieces"] == 3 + 5  # three pieces of tied members and five members alone
    assert out["components"]["sizes"] == [3, 2, 2, 1, 1, 1, 1, 1]


def test_the_human_output_says_close_call(tmp_path, capsys):
    case = tmp_path / "b.yaml"
    case.write_text(dumps_case(borderline(16, 3)), encoding="utf-8")
    assert main(["assess", str(case)]) == 0
    out = capsys.readouterr().out
    assert "Close call: co-operation scores 0.02 above the threshold" in " ".join(out.split())


def _loo_fractions_by_full_matrix(a, b, lv, n):
    """Reference: every resample's member levels written out (ties x members), then counted."""
    import numpy as np

    from clsp_research.assess.robustness import STAGES

    levels = np.full((len(lv), n), -1)
    for i in range(len(lv)):
        for j in range(len(lv)):
            if j != i:
                levels[i, a[j]] = max(levels[i, a[j]], lv[j])
                levels[i, b[j]] = max(levels[i, b[j]], lv[j])
    return np.stack([(levels >= s).sum(axis=1) / n for s in range(len(STAGES))], axis=-1)


def test_leave_one_out_counts_match_writing_every_resample_out():
    # the leave-one-out shares are computed from the two ends of each tie only (memory in
    # proportion to the ties); they must equal counting every resample's member levels
    import numpy as np

    from clsp_research.assess.robustness import _stage_fractions_loo

    rng = np.random.default_rng(7)
    for _ in range(200):
        n, m = int(rng.integers(2, 12)), int(rng.integers(1, 25))
        a, lv = rng.integers(0, n, m), rng.integers(0, 4, m)
        b = (a + rng.integers(1, n, m)) % n  # never a tie from a member to itself (the model refuses one)
        assert np.allclose(_stage_fractions_loo(a, b, lv, n), _loo_fractions_by_full_matrix(a, b, lv, n))
