"""The stage profile: how substantially each stage of a continuum is present, and the placement.

Real partnerships mix stages (griffith2002, §2.8), so each stage gets a score in
[0, 1] rather than a yes or no. For the composite continuum's stage ``s``
(``rules/continuum.yaml`` holds the numbers)::

    ties(s)          share of members whose closest tie is at stage s or above
    arrangements(s)  weighted share of the stage's characteristics (catalogue ranks) that the
                     recorded arrangements reach; unrecorded ones follow ties(s)
    gate(s)          min(1, ties(s) / gate)
    score(s)       = w_ties * ties(s) + w_arrangements * gate(s) * arrangements(s)

The placement is the highest stage whose score reaches the threshold, networking when
none does.

Why the guarantees hold by construction
---------------------------------------
*Scores never rise from one stage to the next*: ``ties(s)`` counts members at ``s`` *or
above*; a characteristic met at a stage must be met at every lower one (the rubric takes
the running minimum), and the catalogue's ranks never fall along the stages; the gate is a
non-decreasing function of ``ties(s)``. So every term is non-increasing in ``s``, and the
placement (the last stage at or above the threshold) has every lower stage above it too.

*Adding or upgrading a tie never lowers a score or the placement*: a member's level is the
highest level among its ties, so a new tie (or a closer kind, or a tie recorded as formal)
can only raise it (the rubric loader refuses tie-level rules where a closer kind or an
upgrade would rank lower); the denominator is the number of members, which ties do not
change. Counting *pairs* instead would not work: a new loose pair would dilute the share
of close pairs. Every term of the score is a non-decreasing function of ``ties(s)`` with
the arrangements held fixed (an unrecorded characteristic takes ``ties(s)``), so the
score and the placement cannot fall.

*No tie, no stage above networking*: without ties ``ties(s) = 0`` and ``gate(s) = 0`` for
every stage, so every score is 0 and the placement is the floor, networking. Arrangements
on paper cannot lift a partnership whose members do not work together (the "talking shop"
of griffith2002, §3.78).

Alternative continua (frameworks ``continuum_*`` of the catalogue) take the composite
profile through their items' ``maps_to``; see :func:`map_profile`.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, PartnershipInfo, Tie
>>> from clsp_research.assess.rubric import load_rubric
>>> from clsp_research.assess.signals import Context
>>> p = Partnership(PartnershipInfo("x"), [Member(i, i, groups=("provider",)) for i in "abcd"],
...                 [Tie("a", "b", "joint_project"), Tie("c", "d", "information_exchange")])
>>> prof = composite_profile(Context(p, load_rubric()))
>>> [round(d.ties, 2) for d in prof]
[1.0, 0.5, 0.5, 0.0]
>>> placement([d.score for d in prof], 0.5) >= 0
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import CLSPError, UnknownKeyError
from ..text import clauses
from .signals import Context
from .ties import member_levels, pair_levels
from .vocabulary import STAGES

__all__ = [
    "CharacteristicCheck",
    "StageDetail",
    "characteristic_evidence",
    "composite_profile",
    "continua",
    "map_profile",
    "placement",
    "stage_ranks",
    "stage_scores",
]


@dataclass(frozen=True)
class CharacteristicCheck:
    """One stage characteristic at one stage: required, met, or taken from the ties."""

    name: str
    weight: float
    required: str | None  # the catalogue's label of the characteristic at this stage
    met: float  # value used (1 met, 0 not met, else the ties' share)
    status: str  # "floor", "met", "not met", "unrecorded"
    because: str  # the evidence rule that decided, or why none did


@dataclass(frozen=True)
class StageDetail:
    """How one composite stage's score was reached."""

    stage: str
    score: float
    ties: float
    pair_share: float
    arrangements: float
    gate: float
    confidence: float
    characteristics: tuple[CharacteristicCheck, ...]


def continua() -> list[str]:
    """Ids of the continua an assessment can use: ``continuum`` and every ordered ``continuum_*`` framework.

    A framework whose authors say its forms are not a hierarchy (``ordered: false``, Pratt and
    colleagues' forms) is not a ladder to place a partnership on, so it is left out.

    Examples
    --------
    >>> continua()[0]
    'continuum'
    """
    try:
        from ..literature import framework, frameworks

        others = [f for f in frameworks() if f.startswith("continuum_") and framework(f).ordered]
    except CLSPError:  # catalogue not available: the composite still works
        others = []
    return ["continuum", *others]


@lru_cache(maxsize=4)
def _catalogue_characteristics() -> dict[str, tuple[tuple[float, ...], tuple[str | None, ...]]]:
    """characteristic -> (rank per stage, label per stage), from the catalogue's continuum items."""
    try:
        from ..literature import framework

        items = {it.id: it for it in framework("continuum").items}
    except CLSPError:
        return {}
    out: dict[str, tuple[tuple[float, ...], tuple[str | None, ...]]] = {}
    names: set[str] = set()
    for it in items.values():
        names |= set((it.get("characteristics") or {}).keys())
    for name in names:
        ranks, labels = [], []
        for s in STAGES:
            ch = (items[s].get("characteristics") or {}).get(name) if s in items else None
            if not isinstance(ch, dict) or not isinstance(ch.get("rank"), int | float):
                break
            ranks.append(float(ch["rank"]))
            labels.append(ch.get("label"))
        else:
            out[name] = (tuple(ranks), tuple(labels))
    return out


def stage_ranks(characteristic: str) -> tuple[tuple[float, ...], tuple[str | None, ...]]:
    """The catalogue's rank (and label) of a characteristic at each composite stage.

    Falls back to the stage index (every stage asks more than the one before) when the
    catalogue gives no complete ranks for the characteristic.
    """
    found = _catalogue_characteristics().get(characteristic)
    if found is None:
        return tuple(float(i) for i in range(len(STAGES))), (None,) * len(STAGES)
    return found


def _shares(ctx: Context) -> tuple[list[float], list[float]]:
    levels = member_levels(ctx.p, ctx.rubric)
    n = len(levels)
    pairs = pair_levels(ctx.p, ctx.rubric)
    ties = [sum(1 for v in levels.values() if v >= s) / n if n else 0.0 for s in range(len(STAGES))]
    pair_share = [sum(1 for q in pairs if q.level >= s) / len(pairs) if pairs else 0.0 for s in range(len(STAGES))]
    return ties, pair_share


def composite_profile(ctx: Context) -> list[StageDetail]:
    """The composite continuum's stage details, loosest stage first, cached on the partnership."""
    return ctx.p.cached(("assess", "composite_profile", ctx.rubric.key), lambda: _composite(ctx))


def _composite(ctx: Context) -> list[StageDetail]:
    ties, pair_share = _shares(ctx)
    return _profile_from(ctx, ties, pair_share, characteristic_evidence(ctx))


def characteristic_evidence(ctx: Context) -> list[list[tuple[str, float, str | None, float | None, str, str]]]:
    """Per stage, per characteristic: ``(name, weight, label, raw, status, because)``.

    ``raw`` is 1 (met), 0 (not met) or ``None`` (unrecorded: the ties' share stands in), from
    the recorded arrangements alone; the ties do not enter, so a resample of ties reuses it
    (:mod:`~clsp_research.assess.robustness`). Cached on the partnership.
    """
    return ctx.p.cached(("assess", "characteristic_evidence", ctx.rubric.key), lambda: _char_evidence(ctx))


def _char_evidence(ctx: Context) -> list[list[tuple[str, float, str | None, float | None, str, str]]]:
    rules = ctx.rubric.continuum
    by_char: dict[str, list[Any]] = {name: [] for name, _ in rules.characteristics}
    for ev in rules.evidence:
        by_char[ev.characteristic].append(ev)
    results = {id(ev): ev.clause.evaluate(ctx) for ev in rules.evidence}
    out = []
    for s in range(len(STAGES)):
        rows = []
        for name, w in rules.characteristics:
            ranks, labels = stage_ranks(name)
            req = ranks[s]
            raw: float | None
            if req <= ranks[0]:
                raw, status, because = 1.0, "floor", "asks no more at this stage than at networking"
            else:
                # Rules showing this level or more; only a rule written for this very level can
                # show that the level is *not* reached (a missing budget says nothing about
                # resources pooled for a joint project).
                cands = [ev for ev in by_char[name] if ranks[ev.reaches] >= req]
                exact = [ev for ev in cands if ranks[ev.reaches] == req]
                hit = next((ev for ev in cands if results[id(ev)] is True), None)
                if hit is not None:
                    raw, status, because = 1.0, "met", hit.because
                elif exact and all(results[id(ev)] is False for ev in cands):
                    raw, status = 0.0, "not met"
                    because = "the record shows none of: " + clauses(ev.because for ev in cands)
                else:
                    raw, status = None, "unrecorded"
                    because = ("nothing recorded shows it either way; the ties' share stands in" if exact
                               else "no recorded arrangement speaks to this level; the ties' share stands in")
            rows.append((name, w, labels[s], raw, status, because))
        out.append(rows)
    return out


def stage_scores(ties: Any, evidence: list[list[tuple[str, float, str | None, float | None, str, str]]],
                 rules: Any) -> Any:
    """The stage scores for one or many vectors of ``ties(s)`` (the last axis runs over stages).

    The arithmetic of :func:`composite_profile` without its explanations, vectorised with
    numpy so that resamples of ties are scored together.
    """
    import numpy as np

    t = np.asarray(ties, dtype=float)
    total_w = sum(w for _, w in rules.characteristics)
    running = {name: np.ones(t.shape[:-1]) for name, _ in rules.characteristics}
    out = np.empty_like(t)
    for s in range(len(STAGES)):
        ts = t[..., s]
        acc = np.zeros(t.shape[:-1])
        for name, w, _label, raw, _status, _because in evidence[s]:
            value = ts if raw is None else np.full(t.shape[:-1], raw)
            value = np.minimum(value, running[name])
            running[name] = value
            acc = acc + value * w
        arrangements = acc / total_w if total_w else ts
        gate = np.minimum(1.0, ts / rules.gate)
        out[..., s] = np.clip(rules.w_ties * ts + rules.w_arrangements * gate * arrangements, 0.0, 1.0)
    return out


def _profile_from(ctx: Context, ties: list[float], pair_share: list[float],
                  evidence: list[list[tuple[str, float, str | None, float | None, str, str]]]) -> list[StageDetail]:
    rules = ctx.rubric.continuum
    running = {name: 1.0 for name, _ in rules.characteristics}
    total_w = sum(w for _, w in rules.characteristics)
    out = []
    for s, stage in enumerate(STAGES):
        checks = []
        raised_w = recorded_w = 0.0
        for name, w, label, raw, status, because in evidence[s]:
            if status != "floor":
                raised_w += w
                if raw is not None:
                    recorded_w += w
            value = ties[s] if raw is None else raw
            if value > running[name]:
                value = running[name]
                if status == "met":
                    status, because = "not met", "not met at a lower stage, so not at this one"
            running[name] = value
            checks.append(CharacteristicCheck(name, w, label, value, status, because))
        arrangements = sum(c.met * c.weight for c in checks) / total_w if total_w else ties[s]
        gate = min(1.0, ties[s] / rules.gate)
        score = rules.w_ties * ties[s] + rules.w_arrangements * gate * arrangements
        out.append(StageDetail(stage, min(1.0, max(0.0, score)), ties[s], pair_share[s], arrangements, gate,
                               recorded_w / raised_w if raised_w else 1.0, tuple(checks)))
    return out


def placement(scores: list[float], threshold: float) -> int:
    """Index of the highest stage whose score reaches ``threshold``; 0 (the floor) when none does.

    Examples
    --------
    >>> placement([0.9, 0.6, 0.3, 0.1], 0.5), placement([0.2, 0.1, 0.0, 0.0], 0.5)
    (1, 0)
    """
    best = 0
    for i, s in enumerate(scores):
        if s >= threshold:
            best = i
    return best


@dataclass(frozen=True)
class MappedItem:
    """An item of an alternative continuum, the composite stage it maps to, and its score."""

    id: str
    name: str
    level: int | None
    maps_to: str | None
    score: float
    note: str


def map_profile(framework_id: str, composite: list[float], below_networking_score: float = 1.0) -> list[MappedItem]:
    """Carry the composite profile onto an alternative continuum's items.

    Each item takes the score of the composite stage it ``maps_to``. When ``K`` items map to
    the same stage ``m``, the ``j``-th of them (``j = 0..K-1``, in level order) takes
    ``(1 - j/K) * score(m) + (j/K) * score(m + 1)`` (``score(m + 1) = 0`` after integration):
    the later items need more of the next stage's hallmarks, and the profile still never
    rises. An item that maps to no composite stage (``null``: Frey's
    "no interaction") lies below networking: every partnership is at least there, so it
    scores ``below_networking_score`` (1.0 by default).

    Raises
    ------
    UnknownKeyError
        ``framework_id`` is not a continuum (the message lists the continua).
    """
    from ..literature import framework

    if framework_id not in continua() or framework_id == "continuum":
        raise UnknownKeyError(f"unknown continuum {framework_id!r}; continua are: {', '.join(continua())}")
    items = sorted(framework(framework_id).items, key=lambda it: (it.level if it.level is not None else 0, it.position))
    groups: dict[str, list[Any]] = {}
    for it in items:
        if it.maps_to is not None:
            groups.setdefault(it.maps_to, []).append(it)
    out = []
    for it in items:
        if it.maps_to is None:
            out.append(MappedItem(it.id, it.name, it.level, None, below_networking_score,
                                  "below networking: every partnership is at least here"))
            continue
        m = STAGES.index(it.maps_to)
        grp = groups[it.maps_to]
        j, k = grp.index(it), len(grp)
        nxt = composite[m + 1] if m + 1 < len(composite) else 0.0
        score = (1 - j / k) * composite[m] + (j / k) * nxt
        note = (f"the composite {it.maps_to} score" if j == 0
                else f"{j}/{k} of the way from the composite {it.maps_to} score to the next stage's")
        out.append(MappedItem(it.id, it.name, it.level, it.maps_to, score, note))
    return out
