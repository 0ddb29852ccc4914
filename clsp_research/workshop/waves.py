"""Comparing two waves: two survey rounds, or two versions of a partnership's case file.

Researchers survey partnerships in waves and partnerships change over time: members
join and leave, representatives change [griffith2002 §3.73]. These functions say
what changed and by how much; :func:`clsp_research.plotting.network.shared_layout` gives
one layout for both versions, so that a member stands in the same place on both maps.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> a = Partnership("CLSP 2001", [Member("lsc", "LSC", groups=("funder",)),
...                               Member("cab", "CAB", groups=("provider",))],
...                 [Tie("lsc", "cab", "funding")])
>>> b = a.copy(); b.add_member(Member("age", "Age group", groups=("community",)))
>>> b.add_tie(Tie("cab", "age", "referral"))
>>> ch = membership_changes(a, b)
>>> ch["joined"], ch["left"]
(['age'], [])
>>> tie_changes(a, b)["added"]
[('cab', 'age', 'referral')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..partnership.model import Partnership

__all__ = [
    "PartnershipComparison",
    "compare_partnerships",
    "compare_surveys",
    "membership_changes",
    "response_changes",
    "tie_changes",
]


def compare_surveys(before: Any, after: Any, confidence: float = 0.95, *, seed: int = 0) -> pd.DataFrame:
    """Per factor: the two means, the change, its bootstrap interval, and the bands.

    ``before`` and ``after`` are :class:`~clsp_research.workshop.survey.SurveySummary` objects.
    The interval of the change is a seeded percentile bootstrap, each wave resampled on its
    own (:func:`~clsp_research.workshop.survey.bootstrap_difference_interval`, efron1993
    ch. 13): it never claims a change larger than the scale allows. A factor with fewer
    than three ratings (``MIN_N``) in either wave gets no interval and ``too_few`` is true.
    ``changed`` is true when the interval excludes zero; it is a guide for discussion, not
    a test that corrects for the fourteen comparisons made.
    """
    from .survey import MIN_N, bootstrap_difference_interval

    a = before.factors.set_index("id")
    b = after.factors.set_index("id")
    min_n = max(getattr(before, "min_n", MIN_N), getattr(after, "min_n", MIN_N))
    rows = []
    for fid in [f for f in a.index if f in b.index] + [f for f in b.index if f not in a.index]:
        ra = a.loc[fid] if fid in a.index else None
        rb = b.loc[fid]
        mean_a = float(ra["mean"]) if ra is not None else math.nan
        mean_b = float(rb["mean"])
        delta = mean_b - mean_a
        low, high = bootstrap_difference_interval(getattr(before, "ratings", {}).get(fid, ()),
                                                  getattr(after, "ratings", {}).get(fid, ()), confidence,
                                                  seed=seed, min_n=min_n)
        n_a = int(ra["n"]) if ra is not None else 0
        rows.append({
            "id": fid, "mean_before": mean_a, "mean_after": mean_b, "delta": delta,
            "delta_low": low, "delta_high": high,
            "changed": bool(not math.isnan(low) and (low > 0 or high < 0)),
            "n_before": n_a, "n_after": int(rb["n"]),
            "band_before": ra["band"] if ra is not None else None, "band_after": rb["band"],
            "too_few": n_a < min_n or int(rb["n"]) < min_n,
        })
    return pd.DataFrame(rows)


def response_changes(before: Any, after: Any) -> pd.DataFrame:
    """Per member: how many people answered in each wave, and whether the member took part in both.

    Respondents are pseudonymised within each wave, so people cannot (and should not) be
    followed from one wave to the next; members can. A member that answered in one wave only
    is the survey's own membership change: a change in the mean may come from who answered as
    much as from what changed [griffith2002 §3.73].

    Parameters
    ----------
    before, after
        :class:`~clsp_research.workshop.survey.SurveySummary` objects of the two waves.

    Returns
    -------
    pandas.DataFrame
        One row per member of either wave, sorted by member: ``member``,
        ``respondents_before``, ``respondents_after`` (0 when absent), ``change`` and
        ``status`` (``"both waves"``, ``"first wave only"`` or ``"second wave only"``).

    Examples
    --------
    >>> from types import SimpleNamespace as S
    >>> a = S(response=pd.DataFrame({"member": ["cab", "lsc"], "respondents": [2, 1]}))
    >>> b = S(response=pd.DataFrame({"member": ["cab", "tenants"], "respondents": [3, 1]}))
    >>> response_changes(a, b)[["member", "change", "status"]].values.tolist()
    [['cab', 1, 'both waves'], ['lsc', -1, 'first wave only'], ['tenants', 1, 'second wave only']]
    """
    a = before.response.set_index("member")["respondents"]
    b = after.response.set_index("member")["respondents"]
    members = sorted(set(a.index) | set(b.index), key=str)
    rows = []
    for m in members:
        na, nb = int(a.get(m, 0)), int(b.get(m, 0))
        status = "both waves" if na and nb else "first wave only" if na else "second wave only"
        rows.append({"member": m, "respondents_before": na, "respondents_after": nb, "change": nb - na,
                     "status": status})
    return pd.DataFrame(rows, columns=["member", "respondents_before", "respondents_after", "change", "status"])


def membership_changes(before: Partnership, after: Partnership) -> dict[str, list[str]]:
    """Members who joined, left, or changed stakeholder groups between two versions."""
    ma, mb = before.members, after.members
    return {
        "joined": sorted(set(mb) - set(ma)),
        "left": sorted(set(ma) - set(mb)),
        "changed_groups": sorted(m for m in set(ma) & set(mb) if set(ma[m].groups) != set(mb[m].groups)),
    }


def _tie_set(p: Partnership) -> set[tuple[str, str, str]]:
    out = set()
    for t in p.ties:
        a, b = (t.source, t.target) if t.directed else tuple(sorted((t.source, t.target)))
        out.add((a, b, t.kind))
    return out


def tie_changes(before: Partnership, after: Partnership) -> dict[str, list[tuple[str, str, str]]]:
    """Ties added and removed, as ``(source, target, kind)`` (ends sorted for undirected kinds)."""
    ta, tb = _tie_set(before), _tie_set(after)
    return {"added": sorted(tb - ta), "removed": sorted(ta - tb)}


@dataclass
class PartnershipComparison:
    """Two versions of a partnership side by side."""

    members: dict[str, list[str]]
    ties: dict[str, list[tuple[str, str, str]]]
    measures: pd.DataFrame
    stage_before: str
    stage_after: str
    factors: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "members": self.members,
            "ties": {k: [list(t) for t in v] for k, v in self.ties.items()},
            "stage_before": self.stage_before,
            "stage_after": self.stage_after,
            "measures": self.measures.to_dict(orient="records"),
            "factors": self.factors.to_dict(orient="records"),
        }


def compare_partnerships(
    before: Partnership, after: Partnership, framework: str = "continuum"
) -> PartnershipComparison:
    """Membership, ties, structural measures, stage and factor scores of two versions."""
    from ..assess import assess
    from ..partnership.measures import summarize

    sa, sb = summarize(before).to_dict(), summarize(after).to_dict()
    rows = []
    for k in sa:
        va, vb = sa[k], sb.get(k)
        if isinstance(va, int | float) and not isinstance(va, bool) and isinstance(vb, int | float):
            rows.append({"measure": k, "before": va, "after": vb, "delta": vb - va})
    aa, ab = assess(before, framework=framework), assess(after, framework=framework)
    fa = {f["id"]: f["score"] for f in aa.to_dict()["factors"]}
    fb = {f["id"]: f["score"] for f in ab.to_dict()["factors"]}
    factors = pd.DataFrame([{"id": k, "before": fa[k], "after": fb.get(k), "delta": fb.get(k, math.nan) - fa[k]}
                            for k in fa])
    return PartnershipComparison(
        members=membership_changes(before, after), ties=tie_changes(before, after),
        measures=pd.DataFrame(rows, columns=["measure", "before", "after", "delta"]),
        stage_before=aa.stage, stage_after=ab.stage, factors=factors,
    )
