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

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .factors import fill
from .signals import Context
from .vocabulary import SEVERITIES

__all__ = ["Flag", "FlagCheck", "evaluate_flags"]


@dataclass(frozen=True)
class Flag:
    """A raised risk flag."""

    id: str
    name: str
    severity: str
    message: str
    cites: tuple[str, ...]
    evidence: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{id, severity, message, cites, evidence}``."""
        return {"id": self.id, "name": self.name, "severity": self.severity, "message": self.message,
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
            raised.append(Flag(rule.id, name, fired.severity, fill(fired.message, ctx), cites, evidence))
        checks[rule.id] = FlagCheck(rule.id, name, fired is not None, fired.severity if fired else None,
                                    tuple(found), tuple(sorted(unknown)), cites)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    raised.sort(key=lambda f: order[f.severity])  # stable: rubric order within a severity
    return raised, checks


def _plain(v: Any) -> Any:
    if isinstance(v, tuple):
        return list(v)
    if isinstance(v, float):
        return round(v, 4)
    return v
