"""Probe partnerships nobody tuned the rules to, with what the literature expects written beside each.

Each probe in ``assess_probes`` states in its docstring what griffith2002 leads one to expect; the
expectations below were written from that reading before the rules were run. A failure here means
the rules and the literature part company on a partnership they were not built around.
"""

from __future__ import annotations

import pytest
from assess_probes import (
    concordat_network,
    inner_circle,
    joint_projects,
    no_community,
    pool_case,
    staff_case,
    talk_only,
    turnover_case,
    two_copies,
)

from clsp_research.assess import assess

#: probe -> (expected stage or None when left open, flags expected raised, flags expected absent)
EXPECTED = {
    "talk_only": (talk_only, "networking", {"talking_shop"}, set()),
    "pool_case": (pool_case, "integration", {"power_imbalance"}, {"talking_shop", "unclear_purpose"}),
    "two_copies": (lambda: two_copies(pool_case()), "integration", {"power_imbalance"}, {"talking_shop"}),
    "staff_case": (staff_case, None, {"power_imbalance"}, set()),
    "inner_circle": (inner_circle, None, {"inner_core"}, {"talking_shop"}),
    "turnover_case": (turnover_case, "integration", {"high_turnover"}, {"talking_shop"}),
    "no_community": (no_community, None, {"missing_stakeholder_group"}, {"talking_shop"}),
    "concordat_network": (concordat_network, "co-operation", set(), {"talking_shop", "power_imbalance"}),
    "joint_projects": (joint_projects, "co-ordination", set(), {"talking_shop", "unclear_purpose"}),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_probe_meets_the_literature(name):
    build, stage, raised, absent = EXPECTED[name]
    a = assess(build())
    if stage is not None:
        assert a.stage == stage, a.explain("stage")
    assert raised <= set(a.flag_ids), a.flag_ids
    assert not (absent & set(a.flag_ids)), a.flag_ids


def test_a_missing_community_group_is_answered_by_inviting_the_groups_missing():
    a = assess(no_community())
    fl = next(f for f in a.flags if f.id == "missing_stakeholder_group")
    assert fl.severity == "high" and a.factor("inclusivity").score <= 0.5
    rec = next(r for r in a.recommendations if r.flag == fl.id)
    assert "invite those missing" in rec.text


def test_joint_projects_are_placed_clearly():
    r = assess(joint_projects()).robustness()
    assert not r.close_call and r.stage_shares["leave_one_out"] == {"co-ordination": 1.0}
