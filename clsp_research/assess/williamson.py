"""Williamson's criteria for a true partnership, checked against a case's facts: an extra lens.

The paper sets a strict test beside the continuum (griffith2002, §2.9-2.10): keep the word for
ventures where every party shares risk and reward by giving up some power or resources, and,
stricter still, where contributions are comparable and involvement and control equal
(williamson2001, pp.119, 123). The criteria are catalogue data (framework
``williamson_criteria``); how this module reads a case file's facts, and its thresholds, are the
workbench's conventions, stated in each criterion's ``reading``:

- risks and rewards shared: at least half the members in a pooled budget, joint project or
  shared staff tie (:data:`SHARING_KINDS`);
- comparable contributions: no member brings more than twice an equal share of the pooled budget
  (amounts on ``pooled_budget`` ties, by source), or failing that of the members' recorded
  ``resources``; not recorded when neither is;
- equal involvement and control: every member has a tie, and degree centralization is at most 0.5.

Examples
--------
>>> from clsp_research.partnership.datasets import load_case_study
>>> w = check_williamson(load_case_study("talking_shop"))
>>> [(c.id, c.met) for c in w.criteria][:1], w.n_met
([('shared_risk_and_gain', False)], 0)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..partnership.model import Partnership

__all__ = ["CENTRALIZATION_MAX", "SHARE_MULTIPLE", "SHARING_KINDS", "Criterion", "WilliamsonCheck",
           "check_williamson"]

#: Tie kinds through which a member puts something of its own into joint work.
SHARING_KINDS = ("pooled_budget", "joint_project", "shared_staff")
#: Share of members that must share in joint work (convention).
SHARING_SHARE = 0.5
#: A contribution above this multiple of an equal share is not comparable (convention).
SHARE_MULTIPLE = 2.0
#: Degree centralization above which control is not equal (convention).
CENTRALIZATION_MAX = 0.5


@dataclass(frozen=True)
class Criterion:
    """One criterion: met (``True``), not met (``False``) or not recorded (``None``), with evidence."""

    id: str
    name: str
    summary: str
    met: bool | None
    evidence: str
    cites: tuple[str, ...]


@dataclass(frozen=True)
class WilliamsonCheck:
    """The three criteria for one partnership, and a one-line reading of them."""

    partnership: str
    criteria: tuple[Criterion, ...]
    cites: tuple[str, ...]

    @property
    def n_met(self) -> int:
        """How many criteria the facts meet."""
        return sum(c.met is True for c in self.criteria)

    @property
    def summary(self) -> str:
        """The verdict in words, with the counterpoint."""
        n, k = self.n_met, len(self.criteria)
        unknown = sum(c.met is None for c in self.criteria)
        verdict = ("by this strict test it is a true partnership" if n == k
                   else "by this strict test it is not (yet) a true partnership")
        extra = f"; {unknown} cannot be judged from the facts recorded" if unknown else ""
        return (f"{self.partnership} meets {n} of Williamson's {k} criteria{extra}: {verdict}. "
                "Others hold that partnership need not mean equal power (Hutchinson and Campbell 1998, p.28).")

    def to_dict(self) -> dict[str, object]:
        """The JSON form."""
        return {"n_met": self.n_met, "summary": self.summary,
                "criteria": [{"id": c.id, "name": c.name, "met": c.met, "evidence": c.evidence,
                              "cites": list(c.cites)} for c in self.criteria]}


def _sharing(p: Partnership) -> tuple[bool | None, str]:
    n = len(p)
    if n == 0:
        return None, "no members recorded"
    sharing = set()
    for t in p.ties:
        if t.kind in SHARING_KINDS:
            sharing |= {t.source, t.target}
    share = len(sharing) / n
    met = share >= SHARING_SHARE
    return met, (f"{len(sharing)} of {n} members ({share:.0%}) put something into joint work through a pooled "
                 f"budget, a joint project or shared staff (met from {SHARING_SHARE:.0%})")


def _contributions(p: Partnership) -> tuple[bool | None, str]:
    pooled: dict[str, float] = defaultdict(float)
    for t in p.ties:
        if t.kind == "pooled_budget" and t.amount:
            pooled[t.source] += float(t.amount)
    if len(pooled) >= 2 or (pooled and len({t.source for t in p.ties if t.kind == "pooled_budget"}) >= 2):
        what, amounts = "the pooled budget", dict(pooled)
    else:
        amounts = {m: float(p.member(m).resources) for m in p.members if p.member(m).resources}
        what = "the members' recorded resources"
        if len(amounts) < 2:
            return None, "neither contributions to a pooled budget nor members' resources are recorded for two members"
    total = sum(amounts.values())
    top = max(amounts, key=lambda m: (amounts[m], m))
    share = amounts[top] / total
    equal = 1 / len(amounts)
    met = share <= SHARE_MULTIPLE * equal
    return met, (f"{p.member(top).name} brings {share:.0%} of {what} (recorded for {len(amounts)} of {len(p)} "
                 f"members; an equal share would be {equal:.0%}, comparable up to {SHARE_MULTIPLE:g} times that)")


def _control(p: Partnership) -> tuple[bool | None, str]:
    from ..partnership.measures import summarize

    if len(p) < 2:
        return None, "fewer than two members"
    s = summarize(p)
    isolates = list(s.isolates)
    met = not isolates and s.degree_centralization <= CENTRALIZATION_MAX
    tail = (f"; {len(isolates)} member(s) take no part in any tie" if isolates else "; every member has a tie")
    return met, (f"Degree centralization {s.degree_centralization:.2f} (equal control up to {CENTRALIZATION_MAX:g}; "
                 f"most central: {p.member(s.most_central).name if s.most_central in p else s.most_central}){tail}")


def check_williamson(p: Partnership) -> WilliamsonCheck:
    """Which of Williamson's criteria for a true partnership the case's facts meet, with evidence.

    Parameters
    ----------
    p
        The partnership.

    Returns
    -------
    WilliamsonCheck
    """
    from ..literature import framework

    fw = framework("williamson_criteria")
    checks = {"shared_risk_and_gain": _sharing, "comparable_contributions": _contributions,
              "equal_involvement_and_control": _control}
    criteria = []
    for it in fw.items:
        met, evidence = checks[it.id](p)
        criteria.append(Criterion(it.id, it.name, it.summary, met, evidence, tuple(it.cites)))
    return WilliamsonCheck(p.name, tuple(criteria), tuple(fw.cites))
