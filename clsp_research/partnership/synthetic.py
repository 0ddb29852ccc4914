"""Seeded synthetic partnerships for benchmarks, simulations and property tests.

These are *illustrative* networks with a plausible mix of stakeholder groups and
tie kinds, not data about any real partnership. The same arguments and seed give
the same partnership.

Examples
--------
>>> p = synthetic_partnership(60, seed=1)
>>> len(p)
60
>>> p == synthetic_partnership(60, seed=1)
True
>>> sorted(set(g for m in p.members.values() for g in m.groups))
['community', 'funder', 'network', 'other_sector', 'provider']
"""

from __future__ import annotations

import numpy as np

from .model import STAKEHOLDER_GROUPS, TIE_KINDS, Member, Partnership, PartnershipInfo, Tie

__all__ = ["GROUP_MIX", "synthetic_partnership", "synthetic_portfolio"]

#: Share of members in each stakeholder group (providers dominate, as in CLSP membership).
GROUP_MIX: dict[str, float] = {
    "funder": 0.12,
    "provider": 0.50,
    "community": 0.18,
    "network": 0.10,
    "other_sector": 0.10,
}
_SECTOR = {"funder": "statutory", "provider": "voluntary", "community": "community",
           "network": "voluntary", "other_sector": "statutory"}
_CATEGORIES = ("debt", "housing", "welfare_benefits", "employment", "immigration", "family", "consumer")
#: Relative frequency of tie kinds (loose ties are far more common than close ones).
_KIND_WEIGHTS = np.array([0.34, 0.24, 0.14, 0.1, 0.1, 0.04, 0.04])


def synthetic_partnership(
    n_members: int,
    seed: int = 0,
    mean_degree: float = 4.0,
    name: str | None = None,
    closeness: float = 1.0,
) -> Partnership:
    """A random partnership of ``n_members`` members with about ``mean_degree`` ties each.

    Parameters
    ----------
    n_members
        Number of members (at least 1).
    seed
        Random seed.
    mean_degree
        Average number of ties per member.
    name
        The partnership's name (``"Synthetic partnership (n=N, seed=S)"`` when ``None``).
    closeness
        Multiplies the weight of the closer tie kinds (joint projects and beyond): below 1
        gives a looser partnership, above 1 a more integrated one.
    """
    if n_members < 1:
        raise ValueError("n_members must be at least 1")
    rng = np.random.default_rng(seed)
    groups = list(STAKEHOLDER_GROUPS)
    probs = np.array([GROUP_MIX[g] for g in groups])
    drawn = rng.choice(len(groups), size=n_members, p=probs / probs.sum())
    # Every group present whenever there is room for it.
    for i in range(min(n_members, len(groups))):
        drawn[i] = i
    members = []
    for i, gi in enumerate(drawn):
        g = groups[gi]
        cats = tuple(sorted(str(c) for c in rng.choice(_CATEGORIES, size=int(rng.integers(1, 4)), replace=False))) \
            if g == "provider" else ()  # plain str, not numpy's str_: a case file can hold it
        members.append(Member(f"m{i:04d}", f"Member {i}", groups=(g,), sector=_SECTOR[g], categories=cats))
    weights = _KIND_WEIGHTS.copy()
    weights[4:] *= closeness
    weights /= weights.sum()
    n_ties = round(mean_degree * n_members / 2) if n_members > 1 else 0
    funders = [i for i, gi in enumerate(drawn) if groups[gi] == "funder"]
    ties: list[Tie] = []
    seen: set[tuple[int, int, str]] = set()
    # Preferential attachment-like choice of ends: a few members are hubs, as in real partnerships.
    activity = rng.pareto(2.0, size=n_members) + 1.0
    activity /= activity.sum()
    for _ in range(20):  # batches of candidate ties; duplicates and loops are dropped
        if len(ties) >= n_ties:
            break
        size = 2 * (n_ties - len(ties)) + 10
        kinds = rng.choice(len(TIE_KINDS), size=size, p=weights)
        ends_a = rng.choice(n_members, size=size, p=activity)
        ends_b = rng.choice(n_members, size=size, p=activity)
        fund_a = rng.choice(funders, size=size) if funders else ends_a
        amounts = rng.integers(5, 200, size=size) * 1000
        for k, a, b, fa, amt in zip(kinds, ends_a, ends_b, fund_a, amounts, strict=True):
            kind = TIE_KINDS[int(k)]
            a = int(fa) if kind == "funding" and funders else int(a)
            b = int(b)
            if a == b or (a, b, kind) in seen:
                continue
            seen.add((a, b, kind))
            ties.append(Tie(f"m{a:04d}", f"m{b:04d}", kind, amount=float(amt) if kind == "funding" else None))
            if len(ties) >= n_ties:
                break
    info = PartnershipInfo(name=name or f"Synthetic partnership (n={n_members}, seed={seed})",
                           description="Illustrative synthetic network generated for benchmarks and tests.")
    return Partnership(info, members, ties)


def synthetic_portfolio(
    n_partnerships: int, seed: int = 0, size_range: tuple[int, int] = (10, 60)
) -> list[Partnership]:
    """A seeded list of synthetic partnerships of varied sizes (a 'national portfolio')."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(size_range[0], size_range[1] + 1, size=n_partnerships)
    seeds = rng.integers(0, 2**31 - 1, size=n_partnerships)
    return [synthetic_partnership(int(n), seed=int(s), name=f"Partnership {i + 1}")
            for i, (n, s) in enumerate(zip(sizes, seeds, strict=True))]
