"""The controlled vocabularies a partnership is described in: stakeholder groups, sectors, tie kinds.

They are the contract shared with case files, JSON output, tests and notebooks (see
``docs/architecture.md``). They live apart from :mod:`~clsp_research.partnership.model`, which
re-exports them, so that code needing only the words (the workshop's participant form, whose
kernel is one of a room's thirty) does not load networkx.

Examples
--------
>>> STAKEHOLDER_GROUPS[0], TIE_KINDS[-1]
('funder', 'pooled_budget')
>>> "referral" in DIRECTED_TIE_KINDS
True
"""

from __future__ import annotations

__all__ = [
    "BUDGET_TYPES",
    "DIRECTED_TIE_KINDS",
    "MEMBERSHIP_CHANGES",
    "SECTORS",
    "STAKEHOLDER_GROUPS",
    "TIE_KINDS",
]

#: The LSC page's five groups that should be involved in a CLSP (lsc_clsp_web, 'Who should be involved?').
STAKEHOLDER_GROUPS: tuple[str, ...] = ("funder", "provider", "community", "network", "other_sector")
#: Sectors a member organisation can belong to.
SECTORS: tuple[str, ...] = ("statutory", "voluntary", "private", "community")
#: Tie kinds, ordered from the loosest to the closest form of joint working.
TIE_KINDS: tuple[str, ...] = (
    "information_exchange",
    "referral",
    "funding",
    "agreement",
    "joint_project",
    "shared_staff",
    "pooled_budget",
)
#: Tie kinds whose direction carries meaning (who funds whom, who refers to whom).
DIRECTED_TIE_KINDS: frozenset[str] = frozenset({"referral", "funding"})
#: Budget arrangements a partnership can have.
BUDGET_TYPES: tuple[str, ...] = ("none", "own", "pooled")
#: Kinds of membership change.
MEMBERSHIP_CHANGES: tuple[str, ...] = ("joined", "left", "representative_changed")
