"""The default rubric does not contradict itself: evidence that raises a risk flag never
counts in favour of a success factor."""

from __future__ import annotations

import pytest

from clsp_research.assess.rubric import load_rubric

RUBRIC = load_rubric()


def _flag_thresholds():
    """(flag, severity, signal, op, value) for every numeric threshold of every flag trigger."""
    out = []
    for flag in RUBRIC.flags:
        for trig in flag.triggers:
            for cond in (*trig.clause.all, *trig.clause.any):
                if cond.op in ("at_least", "above", "at_most", "below") and isinstance(cond.value, int | float):
                    out.append((flag.id, trig.severity, cond.signal, cond.op, float(cond.value)))
    return out


def _indicators(signal):
    return [(f.id, i) for f in RUBRIC.factors for i in f.indicators if i.signal == signal]


PAIRS = [(t, fid, ind) for t in _flag_thresholds() for fid, ind in _indicators(t[2])]


def test_some_flag_thresholds_share_a_signal_with_a_factor():
    assert len(PAIRS) >= 5  # the check below has something to check


@pytest.mark.parametrize("threshold,factor,indicator", PAIRS,
                         ids=[f"{t[0]}-{t[1]}-{t[2]}-{fid}" for t, fid, _ in PAIRS])
def test_a_value_that_raises_a_flag_never_scores_above_neutral(threshold, factor, indicator):
    flag, severity, signal, op, value = threshold
    score = indicator.score(value)
    assert score is not None and score <= 0.5, (
        f"{signal} {op} {value} raises {flag} ({severity}) but scores {score:.2f} for {factor}"
    )


def test_no_evaluation_says_whether_there_was_anything_to_evaluate_against():
    from clsp_research.assess import assess
    from clsp_research.partnership.datasets import load_case_study

    messages = {}
    for name in ("funder_dominated", "talking_shop"):
        flags = {f.id: f for f in assess(load_case_study(name)).flags}
        messages[name] = flags["no_evaluation"].message
    assert "although it has something to judge progress against" in messages["funder_dominated"]
    assert "has no baselines or measurable objectives" in messages["talking_shop"]
