"""Recommendations: what the literature suggests for the raised flags and the weakest success factors.

Remedies come from the catalogue's ``success_factors`` items (each remedy with its own
citations); ``rules/recommendations.yaml`` says which remedies answer each risk flag, which
factors qualify (a score below ``weak_below`` on at least ``min_confidence`` of the
evidence), how many remedies to give and at which stages a remedy fits. The order is the
order of urgency: remedies for raised flags first, most severe first (every raised flag
brings at least one), then remedies for the weakest factors.

Examples
--------
>>> from clsp_research.assess.factors import FactorScore
>>> from clsp_research.assess.rubric import load_rubric
>>> weak = FactorScore("evaluation", "Evaluation", 0.1, 1.0, (), ())
>>> strong = FactorScore("trust", "Trust", 0.9, 1.0, (), ())
>>> [r.factor for r in recommend([strong, weak], load_rubric())]
['evaluation']
>>> weak_si = FactorScore("self_interest", "Mobilising self-interest", 0.1, 1.0, (), ())
>>> [r.text[:12] for r in recommend([weak_si], load_rubric(), stage="networking")]
['At the outse']
>>> [r.text[:12] for r in recommend([weak_si], load_rubric(), stage="integration")]
['Offer capaci']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .factors import FactorScore
from .rubric import Rubric
from .vocabulary import SEVERITIES, STAGES

if TYPE_CHECKING:  # pragma: no cover
    from .flags import Flag

__all__ = ["Recommendation", "recommend"]


@dataclass(frozen=True)
class Recommendation:
    """A remedy, with the catalogue's citations and the reason it was chosen.

    ``factor`` is the success factor whose remedy it is; ``flag`` the raised flag it answers
    (``None`` for a remedy chosen because the factor is weak) and ``severity`` that flag's.
    """

    factor: str
    text: str
    cites: tuple[str, ...]
    reason: str = ""
    flag: str | None = None
    severity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{factor, text, cites, reason, flag, severity}``."""
        return {"factor": self.factor, "text": self.text, "cites": list(self.cites), "reason": self.reason,
                "flag": self.flag, "severity": self.severity}


@lru_cache(maxsize=64)
def _remedies(factor_id: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    from ..literature import item

    out = []
    for r in item("success_factors", factor_id).get("remedies") or []:
        if isinstance(r, dict) and r.get("text"):
            out.append((" ".join(str(r["text"]).split()), tuple(str(c) for c in r.get("cites") or ())))
    return tuple(out)


def _fits(rubric: Rubric, factor: str, index: int, stage: int | None) -> bool:
    fit = rubric.recommendations.stages.get((factor, index))
    return stage is None or fit is None or stage in fit


def recommend(factors: Sequence[FactorScore], rubric: Rubric, flags: Sequence[Flag] = (),
              stage: str | None = None) -> list[Recommendation]:
    """Remedies for the raised flags (most severe first), then for the weakest well-known factors.

    Parameters
    ----------
    factors
        The scored factors.
    rubric
        The rubric (``recommendations.yaml`` decides).
    flags
        The raised flags; each brings at least one remedy that fits the stage.
    stage
        The composite placement (``None``: every remedy fits).
    """
    rules = rubric.recommendations
    st = STAGES.index(stage) if stage in STAGES else None
    catalogue_ids = {f.id: f.catalogue_id for f in rubric.factors}
    names = {f.id: f.name for f in factors}
    out: list[Recommendation] = []
    given: set[tuple[str, int]] = set()
    order = {s: i for i, s in enumerate(SEVERITIES)}
    for fl in sorted(flags, key=lambda f: order[f.severity]):
        refs = [r for r in rules.for_flags.get(fl.id, ()) if _fits(rubric, r.factor, r.index, st)]
        fresh = [r for r in refs if (r.factor, r.index) not in given]
        for ref in fresh[:1] or refs[:1]:
            rem = _remedies(catalogue_ids.get(ref.factor, ref.factor))
            if ref.index >= len(rem):
                continue
            text, cites = rem[ref.index]
            given.add((ref.factor, ref.index))
            out.append(Recommendation(ref.factor, text, cites,
                                      f"answers the {fl.severity} flag {fl.name.lower()}", fl.id, fl.severity))
    weak = [f for f in factors if f.score < rules.weak_below and f.confidence >= rules.min_confidence]
    weak.sort(key=lambda f: (f.score, -f.confidence, f.id))
    for f in weak:
        cid = catalogue_ids.get(f.id, f.id)
        picked = 0
        for i, (text, cites) in enumerate(_remedies(cid)):
            if picked >= rules.per_factor:
                break
            if not _fits(rubric, f.id, i, st) or (f.id, i) in given:
                continue
            if len(out) >= rules.max_items:
                return out
            given.add((f.id, i))
            picked += 1
            out.append(Recommendation(f.id, text, cites,
                                      f"{names.get(f.id, f.name)} scores {f.score:.2f} on {f.confidence:.0%} "
                                      "of its evidence"))
    return out
