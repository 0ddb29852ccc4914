"""Probe partnerships for the assessment tests, written from the literature, not from the rules.

Each builder says what griffith2002 leads one to expect before the rules are run. They are
illustrative (invented) partnerships, used only by tests.
"""

from __future__ import annotations

import itertools
import random

from clsp_research.partnership.model import (
    STAKEHOLDER_GROUPS,
    TIE_KINDS,
    Member,
    MembershipChange,
    Partnership,
    PartnershipInfo,
    Tie,
)

WRITTEN = dict(strategic_plan=True, shared_mission=True, evaluation=True, smart_objectives=True,
               terms_of_reference=True, baselines=True)


def pool_case(council_share: float = 0.95, side_grant: float = 65_000.0, **info) -> Partnership:
    """A GBP 1M pooled fund, the council bringing ``council_share`` of it; a trust's side grant.

    Expected (griffith2002 §3.42): the partner bringing most of the resources dominates, so at
    95% power is imbalanced (high) and the balance of power is at or below neutral.
    """
    pi = PartnershipInfo("Pool probe", budget="pooled", **{**WRITTEN, **info})
    # each contributor's yearly contribution as its `resources` (data/README.md's convention for a pool)
    ms = [Member("council", "Council", groups=("funder", "provider"), sector="statutory",
                 resources=1_000_000 * council_share),
          Member("lsc", "LSC", groups=("funder",), sector="statutory", resources=1_000_000 * (1 - council_share)),
          Member("trust", "Trust", groups=("funder",), sector="voluntary"),
          Member("cab", "CAB", groups=("provider",), sector="voluntary"),
          Member("law", "Law centre", groups=("provider",), sector="voluntary"),
          Member("ten", "Tenants", groups=("community",), sector="community"),
          Member("cvs", "CVS", groups=("network",), sector="voluntary"),
          Member("pct", "PCT", groups=("other_sector",), sector="statutory")]
    ties = [Tie("council", "lsc", "pooled_budget", formal=True),
            Tie("trust", "cab", "funding", amount=side_grant),
            Tie("council", "cab", "joint_project"), Tie("lsc", "law", "joint_project"),
            Tie("cab", "law", "referral"), Tie("ten", "cab", "referral"),
            Tie("cvs", "ten", "information_exchange"), Tie("pct", "law", "referral"),
            Tie("cvs", "council", "information_exchange")]
    return Partnership(pi, ms, ties)


def two_copies(p: Partnership) -> Partnership:
    """The same partnership twice, as two pieces that no tie joins (each half as dominated as the whole)."""
    ms, ties = [], []
    for suffix in ("_1", "_2"):
        for m in p.members.values():
            ms.append(Member(m.id + suffix, m.name + suffix, groups=m.groups, sector=m.sector,
                             resources=m.resources, attrs=dict(m.attrs)))
        for t in p.ties:
            ties.append(Tie(t.source + suffix, t.target + suffix, t.kind, formal=t.formal, amount=t.amount))
    return Partnership(p.info, ms, ties)


def staff_case() -> Partnership:
    """No money recorded; one member puts in 9 of the 10 staff who do the work (§3.42: staff are resources)."""
    ms = [Member("council", "Council", groups=("funder", "provider"), attrs={"staff": 9}),
          Member("cab", "CAB", groups=("provider",), attrs={"staff": 1}),
          Member("ten", "Tenants", groups=("community",), attrs={"staff": 0})]
    return Partnership(PartnershipInfo("Staff probe"), ms,
                       [Tie("council", "cab", "shared_staff"), Tie("cab", "ten", "referral")])


def talk_only(n: int = 8, formal_share: float = 0.5) -> Partnership:
    """A complete graph of information exchange, part of it under written protocols.

    Expected (griffith2002 §2.4-2.5): swapping information is the first stage however formally
    it is done: networking, and a talking shop when nothing else is held or planned.
    """
    ids = [f"m{i}" for i in range(n)]
    pairs = [(a, b) for j, a in enumerate(ids) for b in ids[j + 1:]]
    k = round(len(pairs) * formal_share)
    ties = [Tie(a, b, "information_exchange", formal=i < k) for i, (a, b) in enumerate(pairs)]
    groups = STAKEHOLDER_GROUPS
    ms = [Member(m, m.upper(), groups=(groups[i % len(groups)],)) for i, m in enumerate(ids)]
    return Partnership(PartnershipInfo("Talk probe", budget="none", strategic_plan=False), ms, ties)


def inner_circle() -> Partnership:
    """Three members tied closely to each other and to everyone; nine others tied only to them.

    Expected (griffith2002 §3.56, §3.67): an inner circle the others see as running things;
    inclusivity and effective networks cannot then count as strengths.
    """
    core = ["a", "b", "c"]
    rest = [f"r{i}" for i in range(12)]
    groups = STAKEHOLDER_GROUPS
    ms = [Member(m, m.upper(), groups=(groups[i % len(groups)],), sector="voluntary")
          for i, m in enumerate(core + rest)]
    ties = [Tie(x, y, k) for x in core for y in core if x < y for k in ("joint_project", "referral", "agreement")]
    ties += [Tie(core[i % 3], r, "referral") for i, r in enumerate(rest)]
    info = PartnershipInfo("Inner circle probe", **WRITTEN, meetings_per_year=10, joint_working_history=6)
    return Partnership(info, ms, ties)


def turnover_case() -> Partnership:
    """Integrated partnership whose representatives change every year (§3.63, §3.75)."""
    p = pool_case(0.5)
    changes = tuple(MembershipChange(2001 + y, m, "representative_changed") for y in range(3)
                    for m in ("council", "lsc", "cab", "law", "ten"))
    p.update_info(established=2000, membership_changes=changes, attrs={"as_of": 2003})
    return p


def borderline(n: int = 16, referrals: int = 3) -> Partnership:
    """A chain of information exchange with a few referral pairs: co-operation within a hair of the threshold.

    With 16 members and 3 referral pairs co-operation scores 0.517 (placed, just); with 12 and 2
    it scores 0.485 (networking, just short).
    """
    ids = [f"m{i}" for i in range(n)]
    ms = [Member(m, m.upper(), groups=(STAKEHOLDER_GROUPS[i % 5],)) for i, m in enumerate(ids)]
    ties = [Tie(ids[2 * j], ids[2 * j + 1], "referral") for j in range(referrals)]
    ties += [Tie(ids[i], ids[i + 1], "information_exchange") for i in range(n - 1)]
    return Partnership(PartnershipInfo("Borderline probe"), ms, ties)


def random_partnership(seed: int) -> Partnership:
    """A random partnership with random recorded attributes (some recorded no, some not recorded)."""
    rng = random.Random(seed)
    n = rng.randint(4, 30)
    ids = [f"m{i}" for i in range(n)]
    ms = []
    for m in ids:
        groups = tuple(rng.sample(STAKEHOLDER_GROUPS, rng.choice([1, 1, 2])))
        res = rng.choice([None, None, rng.randint(0, 500_000)])
        attrs = {"staff": rng.randint(0, 10)} if rng.random() < 0.2 else {}
        ms.append(Member(m, m.upper(), groups=groups, resources=res, attrs=attrs))
    ties = []
    for _ in range(rng.randint(0, 3 * n)):
        a, b = rng.sample(ids, 2)
        kind = rng.choice(TIE_KINDS)
        amount = rng.randint(1_000, 200_000) if kind in ("funding", "pooled_budget") and rng.random() < 0.7 else None
        ties.append(Tie(a, b, kind, formal=rng.choice([None, False, True]), amount=amount))

    def maybe():
        return rng.choice([None, False, True])

    info = PartnershipInfo(
        f"Random probe {seed}", established=rng.choice([None, 1998, 2000]),
        shared_mission=maybe(), steering_group=maybe(), strategic_plan=maybe(), coordinator=maybe(),
        smart_objectives=maybe(), baselines=maybe(), evaluation=maybe(), terms_of_reference=maybe(),
        budget=rng.choice([None, "none", "own", "pooled"]),
        working_groups=rng.choice([None, (), ("debt",)]), champions=rng.choice([None, ()]),
        small_wins=rng.choice([None, (), ("a duty scheme",)]), meetings_per_year=rng.choice([None, 2, 10]),
        attrs={"as_of": 2003})
    return Partnership(info, ms, ties)


def no_community() -> Partnership:
    """Funders, providers, a network and another sector, but no community or user group.

    Expected (griffith2002 §3.47, §3.56; the LSC's five groups): missing_stakeholder_group high,
    inclusivity not a strength, and the remedy is to invite the groups missing.
    """
    ms = [Member("lsc", "LSC", groups=("funder",)), Member("council", "Council", groups=("funder",)),
          Member("cab", "CAB", groups=("provider",)), Member("law", "Law centre", groups=("provider",)),
          Member("cvs", "CVS", groups=("network",)), Member("pct", "PCT", groups=("other_sector",))]
    ties = [Tie("lsc", "cab", "funding", amount=100_000), Tie("council", "law", "funding", amount=100_000),
            Tie("cab", "law", "referral"), Tie("law", "cab", "referral"), Tie("cvs", "cab", "information_exchange"),
            Tie("pct", "law", "joint_project"), Tie("council", "lsc", "agreement")]
    return Partnership(PartnershipInfo("No community probe", **WRITTEN, budget="none"), ms, ties)


def concordat_network() -> Partnership:
    """Providers bound by a written referral concordat, each keeping its own service.

    Expected (griffith2002 §2.5, §4.5): co-operation; not a talking shop, since the agreements bind
    members to standing arrangements.
    """
    ids = ["cab", "law", "iac", "dis", "hsg", "ten"]
    groups = {"ten": "community"}
    ms = [Member(i, i.upper(), groups=(groups.get(i, "provider"),)) for i in ids]
    ties = [Tie(a, b, "agreement", formal=True) for j, a in enumerate(ids) for b in ids[j + 1:]]
    ties += [Tie(a, b, "referral", formal=True) for a, b in itertools.pairwise(ids)]
    return Partnership(PartnershipInfo("Concordat probe", budget="none", strategic_plan=False,
                                       terms_of_reference=True, steering_group=True), ms, ties)


def joint_projects() -> Partnership:
    """Most members run joint projects under a manager and a plan with SMART objectives.

    Expected (griffith2002 §2.6): co-ordination, well clear of the threshold.
    """
    ids = [f"m{i}" for i in range(10)]
    ms = [Member(m, m.upper(), groups=(STAKEHOLDER_GROUPS[i % 5],)) for i, m in enumerate(ids)]
    ties = [Tie(ids[i], ids[(i + 1) % 10], "joint_project") for i in range(10)]
    info = PartnershipInfo("Joint projects probe", strategic_plan=True, smart_objectives=True, coordinator=True,
                           steering_group=True, terms_of_reference=True, budget="none")
    return Partnership(info, ms, ties)
