"""Success-factor scores with their evidence (griffith2002, §3.52-3.72; resources and power, §3.28-3.51).

Each factor of the catalogue's ``success_factors`` framework is scored from the indicators
of ``rules/factors.yaml``: the weighted mean of the indicators whose signal is recorded.
Unrecorded signals lower the *confidence* (the recorded share of the indicators' weight)
and leave the score to the rest of the evidence; they never count as "no". Each piece of
evidence carries an *effect*, ``weight share x (indicator score - 0.5)``, so that a factor's
score is 0.5 plus the sum of its effects.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, PartnershipInfo
>>> from clsp_research.assess.rubric import load_rubric
>>> from clsp_research.assess.signals import Context
>>> rub = load_rubric()
>>> rule = next(f for f in rub.factors if f.id == "evaluation")
>>> p = Partnership(PartnershipInfo("x", evaluation=True, baselines=False),
...                 [Member("a", "A", groups=("provider",))])
>>> fs = score_factor(Context(p, rub), rule)
>>> round(fs.score, 3), round(fs.confidence, 3)
(0.667, 0.75)
>>> round(0.5 + sum(e.effect for e in fs.evidence), 3)
0.667
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import CLSPInputError
from .rubric import FactorRule, Indicator
from .signals import Context
from .vocabulary import SIGNALS

__all__ = ["Evidence", "FactorScore", "fill", "score_factor", "score_factors", "survey_means"]


@dataclass(frozen=True)
class Evidence:
    """One observed fact that moved (or could have moved) a score.

    ``effect`` is signed: positive raises the factor's score, negative lowers it, 0 for a
    fact not recorded. ``source`` names the measure or attribute read.
    """

    text: str
    effect: float
    source: str
    score: float | None = None
    weight: float = 0.0
    cite: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{text, effect, source}`` plus the indicator's ``score``, ``weight`` and ``cite``."""
        return {"text": self.text, "effect": self.effect, "source": self.source,
                "score": self.score, "weight": self.weight, "cite": self.cite}


@dataclass(frozen=True)
class FactorScore:
    """A success factor's score, confidence, evidence and citations (from the catalogue)."""

    id: str
    name: str
    score: float
    confidence: float
    evidence: tuple[Evidence, ...]
    cites: tuple[str, ...]
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{id, name, score, confidence, evidence, cites}``."""
        return {"id": self.id, "name": self.name, "score": self.score,
                "confidence": self.confidence, "evidence": [e.to_dict() for e in self.evidence],
                "cites": list(self.cites)}


_FORMATTER = string.Formatter()


def fill(template: str, ctx: Context, value_signal: str | None = None) -> str:
    """Fill a rule's text template: ``{signal_id}`` or ``{value}``, with an optional format spec.

    Only plain names are allowed (no attribute or index access): templates come from
    data files.
    """
    out = []
    for literal, name, spec, _conv in _FORMATTER.parse(template):
        out.append(literal)
        if name is None:
            continue
        sig = value_signal if name == "value" else name
        if sig not in SIGNALS:
            raise CLSPInputError(f"unknown placeholder {{{name}}} in {template!r}", field="text")
        out.append(ctx.format(sig, spec or ""))
    return "".join(out)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _evidence_text(ind: Indicator, ctx: Context, value: Any) -> str:
    texts = dict(ind.texts)
    if value is None:
        t = texts.get("unknown")
        if t is None:
            return f"Not recorded: {SIGNALS[ind.signal].label}."
    elif isinstance(value, bool):
        t = texts.get("true" if value else "false") or texts.get("default")
    else:
        t = texts.get("default")
    if t is None:
        return f"{_capital(SIGNALS[ind.signal].label)}: {ctx.format(ind.signal)}."
    return fill(t, ctx, ind.signal)


@lru_cache(maxsize=64)
def _catalogue_item(factor_id: str) -> tuple[str, tuple[str, ...], str]:
    from ..literature import item

    it = item("success_factors", factor_id)
    return it.name, tuple(it.cites), it.summary


def score_factor(ctx: Context, rule: FactorRule, survey: tuple[float, int | None] | None = None) -> FactorScore:
    """Score one factor from its indicators (and a survey mean, when given)."""
    rub = ctx.rubric
    rows: list[tuple[float | None, float, str, str, str | None]] = []  # (score, weight, text, source, cite)
    for ind in rule.indicators:
        value = ctx.get(ind.signal)
        rows.append((ind.score(value), ind.weight, _evidence_text(ind, ctx, value), ind.signal, ind.cite))
    if survey is not None:
        mean, n = survey
        lo, hi = rub.survey_scale
        x = min(1.0, max(0.0, (mean - lo) / (hi - lo)))
        who = f" ({n} ratings)" if n else ""
        rows.append((x, rub.survey_weight, f"Members rate this factor {mean:.1f} on average on the "
                     f"{lo:g}-{hi:g} survey scale{who}.", "survey", None))
    total = sum(w for _, w, *_ in rows)
    known = sum(w for s, w, *_ in rows if s is not None)
    score = sum(s * w for s, w, *_ in rows if s is not None) / known if known else rub.no_evidence_score
    evidence = tuple(
        Evidence(text, (s - 0.5) * w / known if (s is not None and known) else 0.0, src, s, w, cite)
        for s, w, text, src, cite in rows
    )
    name, cites, summary = _catalogue_item(rule.catalogue_id)
    return FactorScore(rule.id, name, score, known / total if total else 0.0, evidence, cites, summary)


def survey_means(evidence_from_survey: Any) -> dict[str, tuple[float, int | None]]:
    """Factor means from survey results: a :class:`~clsp_research.workshop.survey.SurveySummary`, a DataFrame
    with ``id`` (or ``factor``) and ``mean`` columns (and optionally ``n``), or a mapping
    ``factor id -> mean``. Means that are missing or NaN are left out."""
    if evidence_from_survey is None:
        return {}
    df = getattr(evidence_from_survey, "factors", evidence_from_survey)
    out: dict[str, tuple[float, int | None]] = {}
    if isinstance(df, Mapping):
        for k, v in df.items():
            if isinstance(v, int | float) and not isinstance(v, bool) and v == v:
                out[str(k)] = (float(v), None)
        return out
    if hasattr(df, "columns"):
        idcol = "id" if "id" in df.columns else "factor"
        for row in df.to_dict(orient="records"):
            mean = row.get("mean")
            if isinstance(mean, int | float) and mean == mean:
                n = row.get("n")
                out[str(row[idcol])] = (float(mean), int(n) if isinstance(n, int | float) and n == n else None)
        return out
    raise CLSPInputError("evidence_from_survey: expected a SurveySummary, a DataFrame with id and mean "
                         "columns, or a mapping factor id -> mean", field="evidence_from_survey")


def score_factors(ctx: Context, evidence_from_survey: Any = None) -> list[FactorScore]:
    """Every factor of the rubric, in the rubric's order."""
    means = survey_means(evidence_from_survey)
    return [score_factor(ctx, rule, means.get(rule.id)) for rule in ctx.rubric.factors]
