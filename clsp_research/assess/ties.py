"""Tie levels: the composite continuum stage that each tie, and each pair of members, stands for.

The rules are data (``rules/tie_levels.yaml``): each tie kind has a base stage, set by what
the members *do together* through the tie, and optional upgrades when the tie's own
attributes show closer work. Formality is not such an attribute: a written protocol makes
us surer that a tie works at its level (its ``confidence``), it does not move an exchange
of information into co-operation (griffith2002, §2.4-2.5; the loader refuses an upgrade
that reads ``formal``). A pair of members takes the highest level among its ties; a
member the highest level among its pairs (``-1`` when it has no tie at all). Levels are
stage indices into :data:`STAGES`.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> from clsp_research.assess.rubric import load_rubric
>>> r = load_rubric()
>>> STAGES[tie_level(Tie("a", "b", "referral"), r)[0]]
'co-operation'
>>> STAGES[tie_level(Tie("a", "b", "information_exchange", formal=True), r)[0]]
'networking'
>>> tie_confidence(Tie("a", "b", "referral", formal=True), r) > tie_confidence(Tie("a", "b", "referral"), r)
True
>>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abc"],
...                 [Tie("a", "b", "information_exchange"), Tie("b", "a", "joint_project")])
>>> [(q.source, q.target, q.kinds, STAGES[q.level]) for q in pair_levels(p, r)]
[('a', 'b', ('information_exchange', 'joint_project'), 'co-ordination')]
>>> member_levels(p, r)
{'a': 2, 'b': 2, 'c': -1}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from .vocabulary import STAGES

if TYPE_CHECKING:  # pragma: no cover
    from ..partnership.model import Partnership, Tie
    from .rubric import Rubric

__all__ = ["STAGES", "PairLevel", "member_levels", "pair_levels", "tie_confidence", "tie_level",
           "tie_levels_frame"]


def _attr(tie: Tie, key: str) -> Any:
    if key == "formal":
        return tie.formal
    return tie.attrs.get(key)


def tie_level(tie: Tie, rubric: Rubric) -> tuple[int, str, tuple[str, ...]]:
    """The stage index of one tie, with the reason and the paragraphs that justify it.

    The base level of the tie's kind, raised by every upgrade whose conditions the tie's
    attributes match. An attribute that is not recorded (``None``) matches nothing.
    """
    rule = rubric.tie_rules[tie.kind]
    level, because, cites = rule.level, rule.because, rule.cites
    for up in rule.upgrades:
        if up.level > level and all(_attr(tie, k) is not None and _attr(tie, k) == v for k, v in up.when):
            level, because, cites = up.level, up.because, up.cites
    return level, because, cites


def tie_confidence(tie: Tie, rubric: Rubric) -> float:
    """How sure the rubric is that a tie works at its level: from its recorded formality.

    ``rules/tie_levels.yaml`` ``confidence``: a formal tie (a written protocol, grant
    conditions, a signed agreement) is the surest; an informal one less; one whose formality
    is not recorded least. Formality never changes the level itself.
    """
    c = rubric.tie_confidence
    return c["formal"] if tie.formal is True else c["informal"] if tie.formal is False else c["unrecorded"]


class PairLevel(NamedTuple):
    """One connected pair of members and the stage its closest tie stands for."""

    source: str
    target: str
    kinds: tuple[str, ...]
    level: int
    decided_by: str
    because: str
    cites: tuple[str, ...]
    confidence: float = 1.0


def _edge_arrays(p: Partnership, rubric: Rubric) -> tuple[list[str], list[str], np.ndarray, np.ndarray, np.ndarray,
                                                         list[tuple[str, str, tuple[str, ...]]]]:
    """Per tie: source, target, level, kind rank, confidence and (kind, because, cites) of its rule."""
    keys = sorted({k for r in rubric.tie_rules.values() for u in r.upgrades for k, _ in u.when})
    rank = rubric.kind_rank
    memo: dict[tuple[Any, ...], tuple[int, int, float, tuple[str, str, tuple[str, ...]]]] = {}
    us: list[str] = []
    vs: list[str] = []
    lv, rk, cf = [], [], []
    rules: list[tuple[str, str, tuple[str, ...]]] = []
    for u, v, d in p.graph.edges(data=True):
        tie = d["tie"]
        key = (d["kind"], tie.formal, *(_attr(tie, k) for k in keys)) if keys else (d["kind"], tie.formal)
        hit = memo.get(key)
        if hit is None:
            level, because, cites = tie_level(tie, rubric)
            hit = (level, rank[d["kind"]], tie_confidence(tie, rubric), (d["kind"], because, cites))
            memo[key] = hit
        us.append(u)
        vs.append(v)
        lv.append(hit[0])
        rk.append(hit[1])
        cf.append(hit[2])
        rules.append(hit[3])
    return us, vs, np.asarray(lv, dtype=np.int64), np.asarray(rk, dtype=np.int64), np.asarray(cf, dtype=float), rules


def pair_levels(p: Partnership, rubric: Rubric) -> list[PairLevel]:
    """Each connected pair once, in the order of its first tie in ``p.graph.edges``; cached on ``p``.

    ``kinds`` is the pair's tie kinds (loosest first); ``level`` the highest stage index
    among its ties; ``decided_by`` the kind of the tie that set the level (the loosest such
    kind when several reach it), with that rule's reason and citations; ``confidence`` the
    highest confidence (:func:`tie_confidence`) among the ties at that level. The pair is
    named in the direction of its first tie. Vectorised: one pass over the ties in Python,
    the grouping in numpy.
    """
    return p.cached(("assess", "pair_levels", rubric.key), lambda: _pair_levels(p, rubric))


def _pair_levels(p: Partnership, rubric: Rubric) -> list[PairLevel]:
    us, vs, lv, rk, cf, rules = _edge_arrays(p, rubric)
    m = len(us)
    if not m:
        return []
    index = {n: i for i, n in enumerate(p.graph.nodes)}
    a = np.fromiter((index[u] for u in us), dtype=np.int64, count=m)
    b = np.fromiter((index[v] for v in vs), dtype=np.int64, count=m)
    n = len(index)
    code = np.minimum(a, b) * n + np.maximum(a, b)
    _, first, inverse = np.unique(code, return_index=True, return_inverse=True)
    k = len(first)
    # the deciding tie: highest level, then loosest kind, then highest confidence, then first added
    order = np.lexsort((np.arange(m), -cf, rk, -lv, inverse))
    starts = np.searchsorted(inverse[order], np.arange(k))
    best = order[starts]
    top = lv[best][inverse]
    conf = np.full(k, -1.0)
    np.maximum.at(conf, inverse, np.where(lv == top, cf, -1.0))
    masks = np.zeros(k, dtype=np.int64)
    np.bitwise_or.at(masks, inverse, np.left_shift(1, rk))
    kinds_of = rubric.kind_order
    names: dict[int, tuple[str, ...]] = {}
    out = []
    for j in np.argsort(first, kind="stable"):
        f, e = int(first[j]), int(best[j])
        mask = int(masks[j])
        ks = names.get(mask)
        if ks is None:
            ks = names[mask] = tuple(kd for i, kd in enumerate(kinds_of) if mask >> i & 1)
        kind, because, cites = rules[e]
        out.append(PairLevel(us[f], vs[f], ks, int(lv[e]), kind, because, cites, float(conf[j])))
    return out


def member_levels(p: Partnership, rubric: Rubric) -> dict[str, int]:
    """Each member's highest pair level (``-1`` for a member with no tie), cached on ``p``."""

    def compute() -> dict[str, int]:
        out = dict.fromkeys(p.graph.nodes, -1)
        for q in pair_levels(p, rubric):
            lv = q.level
            if lv > out[q.source]:
                out[q.source] = lv
            if lv > out[q.target]:
                out[q.target] = lv
        return out

    return p.cached(("assess", "member_levels", rubric.key), compute)


def tie_levels_frame(pairs: list[PairLevel], stages: tuple[str, ...] = STAGES) -> pd.DataFrame:
    """The pairs as a DataFrame: ``source``, ``target``, ``kinds`` (comma-separated, loosest
    first), ``level`` (stage id), ``decided_by`` (the kind that set it), ``because`` and
    ``confidence`` (from the deciding tie's recorded formality)."""
    cols: dict[str, list[Any]] = {
        "source": [q.source for q in pairs],
        "target": [q.target for q in pairs],
        "kinds": [", ".join(q.kinds) for q in pairs],
        "level": [stages[q.level] for q in pairs],
        "decided_by": [q.decided_by for q in pairs],
        "because": [q.because for q in pairs],
    }
    df = pd.DataFrame({k: pd.Series(v, dtype="str") for k, v in cols.items()})
    df["confidence"] = pd.Series([q.confidence for q in pairs], dtype="float64")
    return df
