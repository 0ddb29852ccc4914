"""Who is involved: the stakeholder groups and sectors present among the members.

Whether the five groups the LSC names are present (lsc_clsp_web, "Who should be involved?").

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership
>>> p = Partnership("P", [Member("a", "A", groups=("funder", "provider"))], [])
>>> missing_groups(p)
['community', 'network', 'other_sector']
"""

from __future__ import annotations

from collections import Counter

from ..model import SECTORS, STAKEHOLDER_GROUPS, Partnership

__all__ = ["group_coverage", "missing_groups", "sector_coverage"]


# -- who is involved ----------------------------------------------------------------


def group_coverage(p: Partnership) -> dict[str, int]:
    """Number of members in each of the LSC's five stakeholder groups (all five keys).

    Concept: whether the right players are involved: the LSC names funders, advice
    providers, community and user groups, local networks and other sectors as the
    groups a CLSP needs (lsc_clsp_web, "Who should be involved?"); inclusivity is a
    condition of success (griffith2002, §3.56). A member in several groups counts in
    each of them.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership
    >>> p = Partnership("x", [Member("c", "Council", groups=("funder", "provider")),
    ...                       Member("b", "CAB", groups=("provider",))])
    >>> group_coverage(p)
    {'funder': 1, 'provider': 2, 'community': 0, 'network': 0, 'other_sector': 0}
    """
    counts = Counter(g for m in p.members.values() for g in set(m.groups))
    return {g: counts.get(g, 0) for g in STAKEHOLDER_GROUPS}


def missing_groups(p: Partnership) -> list[str]:
    """Stakeholder groups with no member, in the LSC's order.

    Concept: a group the LSC says should be involved but is absent
    (lsc_clsp_web, "Who should be involved?"; griffith2002, §3.56); the evidence of
    the ``missing_stakeholder_group`` risk flag.

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership
    >>> missing_groups(Partnership("x", [Member("c", "Council", groups=("funder", "provider"))]))
    ['community', 'network', 'other_sector']
    """
    return [g for g, c in group_coverage(p).items() if c == 0]


def sector_coverage(p: Partnership) -> dict[str, int]:
    """Number of members in each sector, with ``unknown`` for members whose sector is not recorded.

    Concept: the balance of statutory, voluntary, private and community
    organisations; power imbalances run between sectors as well as between partners,
    and small voluntary and community organisations are the ones most often left out
    (griffith2002, §3.41; §3.43; §3.47).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership
    >>> p = Partnership("x", [Member("c", "Council", groups=("funder",), sector="statutory"),
    ...                       Member("b", "CAB", groups=("provider",))])
    >>> sector_coverage(p)
    {'statutory': 1, 'voluntary': 0, 'private': 0, 'community': 0, 'unknown': 1}
    """
    counts = Counter(m.sector or "unknown" for m in p.members.values())
    return {s: counts.get(s, 0) for s in (*SECTORS, "unknown")}
