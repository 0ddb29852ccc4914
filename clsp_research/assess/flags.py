"""Risk flags: warning signs the literature names, raised from recorded evidence (``rules/flags.yaml``).

Each flag names an item of the catalogue's ``risk_flags`` framework, which supplies its
citations. Its triggers are tried in order; the first that holds raises the flag with its
severity and a message naming the numbers that triggered it. Every flag's check is kept,
raised or not, so that an explanation can say why a flag did *not* fire (a condition
failed, or the evidence it needs was not recorded).

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, PartnershipInfo
>>> from clsp_research.assess.rubric import load_rubric
>>> from clsp_research.assess.signals import Context
>>> p = Partnership(PartnershipInfo("x", evaluation=False), [Member("a", "A", groups=("provider",))])
>>> flags, checks = evaluate_flags(Context(p, load_rubric()))
>>> [(f.id, f.severity) for f in flags if f.id == "no_evaluation"]
[('no_evaluation', 'high')]
>>> checks["high_turnover"].raised, checks["high_turnover"].unknown
(False, ('membership_changes_per_member_year', 'rep_changes_per_member_year'))
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .factors import Evidence, FactorScore, fill
from .signals import Context
from .vocabulary import SEVERITIES

if TYPE_CHECKING:  # pragma: no cover
    from .rubric import Rubric

__all__ = ["SEVERITY_STRENGTH", "Flag", "FlagCheck", "cap_factors", "evaluate_flags"]

#: A flag's strength when its rule grades none: the middle of its severity's band.
SEVERITY_STRENGTH = {"high": 0.8, "medium": 0.5, "low": 0.2}


@dataclass(frozen=True)
class Flag:
    """A raised risk flag.

    ``factors`` are the success factors it speaks to; ``strength`` grades it from 0 to 1 along
    the rule's ``strength`` ramp (a small change in the evidence makes a small change in it),
    or is the middle of the severity's band when the rule grades nothing.
    """

    id: str
    name: str
    severity: str
    message: str
    cites: tuple[str, ...]
    evidence: tuple[dict[str, Any], ...] = ()
    factors: tuple[str, ...] = ()
    strength: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{id, name, severity, strength, factors, message, cites, evidence}``."""
        return {"id": self.id, "name": self.name, "severity": self.severity, "strength": self.strength,
                "factors": list(self.factors), "message": self.message,
                "cites": list(self.cites), "evidence": [dict(e) for e in self.evidence]}


@dataclass(frozen=True)
class FlagCheck:
    """The check of one flag, raised or not: each trigger's conditions as found."""

    id: str
    name: str
    raised: bool
    severity: str | None
    triggers: tuple[tuple[str, bool | None, tuple[str, ...]], ...]  # (severity, result, conditions described)
    unknown: tuple[str, ...]  # signals the checks needed but the case does not record
    cites: tuple[str, ...]


@lru_cache(maxsize=64)
def _catalogue_item(flag_id: str) -> tuple[str, tuple[str, ...]]:
    from ..literature import item

    it = item("risk_flags", flag_id)
    return it.name, tuple(it.cites)


def evaluate_flags(ctx: Context) -> tuple[list[Flag], dict[str, FlagCheck]]:
    """Raise the rubric's flags; return them (most severe first) and every flag's check."""
    raised: list[Flag] = []
    checks: dict[str, FlagCheck] = {}
    for rule in ctx.rubric.flags:
        name, cites = _catalogue_item(rule.catalogue_id)
        found: list[tuple[str, bool | None, tuple[str, ...]]] = []
        unknown: set[str] = set()
        fired = None
        for trig in rule.triggers:
            result = trig.clause.evaluate(ctx)
            conds = tuple(c.describe(ctx) for c in trig.clause.conditions)
            unknown |= {c.signal for c in trig.clause.conditions if ctx.get(c.signal) is None}
            found.append((trig.severity, result, conds))
            if result is True and fired is None:
                fired = trig
        if fired is not None:
            evidence = tuple(
                {"text": c.describe(ctx), "source": c.signal, "value": _plain(ctx.get(c.signal))}
                for c in fired.clause.conditions
            )
            raised.append(Flag(rule.id, name, fired.severity, fill(fired.message, ctx), cites, evidence,
                               rule.factors, _strength(ctx, rule.strength, fired.severity)))
        checks[rule.id] = FlagCheck(rule.id, name, fired is not None, fired.severity if fired else None,
                                    tuple(found), tuple(sorted(unknown)), cites)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    raised.sort(key=lambda f: order[f.severity])  # stable: rubric order within a severity
    return raised, checks


def _strength(ctx: Context, ramp: tuple[str, float, float] | None, severity: str) -> float:
    if ramp is None:
        return SEVERITY_STRENGTH[severity]
    value = ctx.get(ramp[0])
    if value is None:
        return SEVERITY_STRENGTH[severity]
    return min(1.0, max(0.0, (float(value) - ramp[1]) / (ramp[2] - ramp[1])))


def _plain(v: Any) -> Any:
    if isinstance(v, tuple):
        return list(v)
    return v


def cap_factors(factors: list[FactorScore], flags: list[Flag], rubric: Rubric) -> list[FactorScore]:
    """Factors with the ceilings the raised flags put on them (``flags.yaml`` ``caps``).

    A factor above the ceiling of a raised flag that names it is lowered to the ceiling; the
    cap is added to its evidence, with its effect (so the score stays 0.5 plus the effects)
    and the rule's citation. Factors no flag caps are returned unchanged.

    Examples
    --------
    >>> from clsp_research.assess.rubric import load_rubric
    >>> f = FactorScore("evaluation", "Evaluation", 0.8, 1.0, (), ())
    >>> fl = Flag("no_evaluation", "No evaluation", "high", "m", (), factors=("evaluation",))
    >>> capped = cap_factors([f], [fl], load_rubric())[0]
    >>> capped.score, capped.evidence[-1].source
    (0.5, 'flag:no_evaluation')
    """
    caps = rubric.flag_caps
    if not caps.by_severity:
        return factors
    ceiling: dict[str, tuple[float, Flag]] = {}
    for fl in flags:
        cap = caps.by_severity.get(fl.severity)
        if cap is None:
            continue
        for fid in fl.factors:
            if fid not in ceiling or cap < ceiling[fid][0]:
                ceiling[fid] = (cap, fl)
    out = []
    for f in factors:
        hit = ceiling.get(f.id)
        if hit is None or f.score <= hit[0]:
            out.append(f)
            continue
        cap, fl = hit
        cite = caps.cites[0] if caps.cites else None
        ev = Evidence(f"Held at {cap:.2f}: the {fl.severity} flag '{fl.name}' speaks to this factor, and a "
                      "warning sign cannot sit beside a strength on the same factor.", cap - f.score,
                      f"flag:{fl.id}", cap, 0.0, cite)
        out.append(replace(f, score=cap, evidence=(*f.evidence, ev)))
    return out
