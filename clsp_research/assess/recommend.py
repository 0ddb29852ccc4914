"""Recommendations: what the literature suggests for the weakest success factors.

Remedies come from the catalogue's ``success_factors`` items (each remedy with its own
citations); ``rules/recommendations.yaml`` decides which factors qualify (a score below
``weak_below`` on at least ``min_confidence`` of the evidence) and how many remedies to give.

Examples
--------
>>> from clsp_research.assess.factors import FactorScore
>>> from clsp_research.assess.rubric import load_rubric
>>> weak = FactorScore("evaluation", "Evaluation", 0.1, 1.0, (), ())
>>> strong = FactorScore("trust", "Trust", 0.9, 1.0, (), ())
>>> [r.factor for r in recommend([strong, weak], load_rubric())]
['evaluation']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .factors import FactorScore
from .rubric import Rubric

__all__ = ["Recommendation", "recommend"]


@dataclass(frozen=True)
class Recommendation:
    """A remedy for a weak factor, with the catalogue's citations and the reason it was chosen."""

    factor: str
    text: str
    cites: tuple[str, ...]
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{factor, text, cites, reason}``."""
        return {"factor": self.factor, "text": self.text, "cites": list(self.cites), "reason": self.reason}


@lru_cache(maxsize=64)
def _remedies(factor_id: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    from ..literature import item

    out = []
    for r in item("success_factors", factor_id).get("remedies") or []:
        if isinstance(r, dict) and r.get("text"):
            out.append((" ".join(str(r["text"]).split()), tuple(str(c) for c in r.get("cites") or ())))
    return tuple(out)


def recommend(factors: list[FactorScore] | tuple[FactorScore, ...], rubric: Rubric) -> list[Recommendation]:
    """Remedies for the weakest factors that are known well enough, weakest first."""
    rules = rubric.recommendations
    catalogue_ids = {f.id: f.catalogue_id for f in rubric.factors}
    weak = [f for f in factors if f.score < rules.weak_below and f.confidence >= rules.min_confidence]
    weak.sort(key=lambda f: (f.score, -f.confidence, f.id))
    out: list[Recommendation] = []
    for f in weak:
        reason = f"{f.name} scores {f.score:.2f} on {f.confidence:.0%} of its evidence"
        for text, cites in _remedies(catalogue_ids.get(f.id, f.id))[: rules.per_factor]:
            if len(out) >= rules.max_items:
                return out
            out.append(Recommendation(f.id, text, cites, reason))
    return out
