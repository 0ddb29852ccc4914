"""``assess()``: the explained assessment of a partnership."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import CLSPError, UnknownKeyError
from ..partnership.gcpause import paused_gc
from ..partnership.model import Partnership
from .continuum import composite_profile, continua, map_profile, placement
from .factors import score_factors
from .flags import cap_factors, evaluate_flags
from .recommend import recommend
from .result import Assessment
from .rubric import Rubric, load_rubric
from .signals import Context, component_report
from .ties import pair_levels
from .vocabulary import STAGES

__all__ = ["assess", "resolve_rubric"]


def resolve_rubric(rubric: Rubric | str | Path | Mapping[str, Any] | None) -> Rubric:
    """A :class:`Rubric` from ``None`` (the default), a rubric, a folder, or overrides of the default."""
    if rubric is None:
        return load_rubric()
    if isinstance(rubric, Rubric):
        return rubric
    if isinstance(rubric, Mapping):
        return load_rubric(overrides=rubric)
    return load_rubric(rubric)


@lru_cache(maxsize=16)
def _framework_meta(framework_id: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    try:
        from ..literature import framework

        fw = framework(framework_id)
    except CLSPError:
        if framework_id == "continuum":
            return "the composite continuum", {}
        raise
    return fw.name, {it.id: tuple(it.cites) for it in fw.items}


@paused_gc()  # many small acyclic objects: the collector's passes cost a fifth of the time at 5,000 members
def assess(
    partnership: Partnership,
    framework: str = "continuum",
    rubric: Rubric | str | Path | Mapping[str, Any] | None = None,
    *,
    evidence_from_survey: Any = None,
) -> Assessment:
    """Place a partnership on a continuum, score its success factors, raise risk flags, recommend.

    Parameters
    ----------
    partnership
        The partnership to assess.
    framework
        ``"continuum"`` (the composite of griffith2002, §2.3-2.8) or an alternative continuum
        of the catalogue (``continuum_alcapp``, ``continuum_winer_cyr``,
        ``continuum_himmelman``, ``continuum_frey``...); see
        :func:`~clsp_research.assess.continuum.continua`.
    rubric
        The scoring rules: ``None`` for the default rubric, a folder of rule files, a
        :class:`~clsp_research.assess.rubric.Rubric`, or a mapping of overrides merged over the
        default (``{"continuum": {"threshold": 0.4}}``).
    evidence_from_survey
        Hook for survey responses: a :class:`~clsp_research.workshop.survey.SurveySummary` (or a
        DataFrame with ``id`` and ``mean`` columns, or a mapping factor id -> mean rating on the
        rubric's survey scale, 1-5 by default). Each factor's mean becomes one more piece of
        evidence, weighted by the rubric's ``survey.weight``. ``None``: structure and recorded
        attributes only.

    Returns
    -------
    Assessment
        With every score's evidence and citations. Results without survey evidence are cached
        on the partnership until it changes (treat them as read-only).

    Raises
    ------
    UnknownKeyError
        ``framework`` is not a continuum (the message lists them).
    CLSPInputError
        The rubric is malformed (file, line and field named).

    Examples
    --------
    >>> from clsp_research.partnership.model import Member, Partnership, PartnershipInfo, Tie
    >>> p = Partnership(PartnershipInfo("Illustrative CLSP", budget="pooled", strategic_plan=True),
    ...                 [Member("lsc", "LSC", groups=("funder",)), Member("cab", "CAB", groups=("provider",)),
    ...                  Member("ten", "Tenants", groups=("community",))],
    ...                 [Tie("lsc", "cab", "pooled_budget"), Tie("cab", "ten", "referral")])
    >>> a = assess(p)
    >>> a.stage, list(a.stage_profile)
    ('integration', ['networking', 'co-operation', 'co-ordination', 'integration'])
    >>> sorted(a.to_dict())[:4]
    ['components', 'composite_stage', 'factors', 'flags']
    >>> assess(p, framework="no_such_continuum")
    Traceback (most recent call last):
    ...
    clsp_research.errors.UnknownKeyError: unknown continuum 'no_such_continuum'; continua are: continuum...
    """
    if not isinstance(partnership, Partnership):
        raise TypeError(f"assess() needs a Partnership, found {type(partnership).__name__}")
    known = continua()
    if framework not in known:
        raise UnknownKeyError(f"unknown continuum {framework!r}; continua are: {', '.join(known)}")
    rub = resolve_rubric(rubric)
    if evidence_from_survey is not None:
        return _assess(partnership, framework, rub, evidence_from_survey)
    return partnership.cached(("assess", "result", framework, rub.key),
                              lambda: _assess(partnership, framework, rub, None))


def _assess(p: Partnership, framework: str, rub: Rubric, survey: Any) -> Assessment:
    ctx = Context(p, rub)
    comp = composite_profile(ctx)
    comp_scores = [d.score for d in comp]
    thr = rub.continuum.threshold
    comp_stage = STAGES[placement(comp_scores, thr)]
    fw_name, cites = _framework_meta(framework)
    if framework == "continuum":
        profile = dict(zip(STAGES, comp_scores, strict=True))
        stage, mapped = comp_stage, []
    else:
        mapped = map_profile(framework, comp_scores, rub.continuum.below_networking_score)
        profile = {m.id: m.score for m in mapped}
        stage = mapped[placement([m.score for m in mapped], thr)].id
    if framework != "continuum":  # explanations of an alternative also cite the composite's stages
        _, comp_cites = _framework_meta("continuum")
        cites = {**comp_cites, **cites}
    if survey is None:
        factors = p.cached(("assess", "factors", rub.key), lambda: score_factors(ctx))
        flags, checks = p.cached(("assess", "flags", rub.key), lambda: evaluate_flags(ctx))
    else:
        factors = score_factors(ctx, survey)
        flags, checks = evaluate_flags(ctx)
    factors = cap_factors(list(factors), list(flags), rub)
    return Assessment(
        partnership=p.name,
        framework=framework,
        framework_name=fw_name,
        stage=stage,
        stage_profile=profile,
        threshold=thr,
        factors=list(factors),
        flags=list(flags),
        recommendations=recommend(factors, rub, flags, comp_stage),
        measures=ctx.summary,
        rubric={"id": rub.id, "version": rub.version, "source": rub.source},
        composite=comp,
        composite_stage=comp_stage,
        mapped=mapped,
        flag_checks=dict(checks),
        stage_cites=cites,
        pairs=pair_levels(p, rub),
        components=component_report(ctx),
        _robustness_args=(p, framework, rub),
    )
