"""How robust a placement and each flag are to one tie more or less: margins, close calls, resamples.

A placement on the continuum is a threshold call on a score (``rules/continuum.yaml``), and
real partnerships sit between stages (griffith2002, §2.8), so a reader needs to know how
near the call was and whether it would survive small changes in the record:

``margin``
    ``above_threshold``: the placed stage's score minus the threshold; ``next``: the next stage
    (``None`` at integration); ``next_below_threshold``: how far the next stage's score falls
    short of the threshold; ``counts_down``: whether the placement could fall (``False`` on the
    networking floor when even networking scores below the threshold).
``close_call``
    ``True`` when either distance is under :data:`CLOSE_CALL_MARGIN` (0.05 on the 0-1 stage
    score, a tenth of the threshold's distance from either end: a convention of this
    workbench). A placement on the networking floor below the threshold can only be a close
    call upwards.
``stage_shares``
    The share of resamples placing each stage, for two resampling schemes of the ties: leave
    one out (each tie dropped in turn; as many resamples as ties) and a seeded bootstrap
    (``resamples`` draws of as many ties as there are, with replacement: a tie drawn twice
    counts twice, one not drawn is left out). The stage is recomputed from the resampled
    ties with the recorded arrangements held fixed.
``flag_shares``
    For each flag of the rubric, raised or not, the share of the same resamples that raise it.
    Flags that read only recorded attributes (no tie) cannot change and are not recomputed.

Everything is seeded (``seed``) and vectorised: stage shares are numpy arithmetic over all
resamples at once; flags are re-evaluated only for the flags that read ties, on lightweight
partnerships whose measures are computed only when a trigger reads them.

Examples
--------
>>> from clsp_research.partnership.model import Member, Partnership, Tie
>>> p = Partnership("x", [Member(i, i, groups=("provider",)) for i in "abcd"],
...                 [Tie("a", "b", "joint_project"), Tie("c", "d", "referral"), Tie("b", "c", "referral")])
>>> r = robustness(p, seed=1, resamples=50)
>>> r.placed, r.resamples["leave_one_out"], r.resamples["bootstrap"]
('co-ordination', 3, 50)
>>> round(sum(r.stage_shares["bootstrap"].values()), 6)
1.0
>>> robustness(p, seed=1, resamples=50).stage_shares == r.stage_shares  # seeded
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..partnership import measures as M
from ..partnership.model import Partnership
from .continuum import characteristic_evidence, composite_profile, placement, stage_scores
from .rubric import Rubric, load_rubric
from .signals import Context
from .ties import _edge_arrays
from .vocabulary import SIGNALS, STAGES

__all__ = ["CLOSE_CALL_MARGIN", "DEFAULT_RESAMPLES", "Robustness", "close_call_text", "robustness"]

#: A placement is a close call when the placed stage's score, or the next stage's, is within
#: this distance of the threshold (on the 0-1 stage score).
CLOSE_CALL_MARGIN = 0.05
#: Bootstrap resamples by default.
DEFAULT_RESAMPLES = 200


@dataclass(frozen=True)
class Robustness:
    """The robustness of a placement and of each flag (see the module's description)."""

    placed: str
    threshold: float
    margin: dict[str, Any]
    close_call: bool
    close_call_margin: float
    stage_shares: dict[str, dict[str, float]]
    resamples: dict[str, int]
    flag_shares: dict[str, dict[str, float]]
    seed: int
    raised: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The ``robustness`` object of ``clsp assess --json`` (full precision)."""
        return {"continuum": "continuum", "placed": self.placed, "threshold": self.threshold,
                "margin": dict(self.margin), "close_call": self.close_call,
                "close_call_margin": self.close_call_margin,
                "stage_shares": {k: dict(v) for k, v in self.stage_shares.items()},
                "resamples": dict(self.resamples),
                "flag_shares": {k: dict(v) for k, v in self.flag_shares.items()}, "seed": self.seed}


def close_call_text(r: Robustness) -> str:
    """One line for people: whether the placement is a close call, and how robust it is.

    The command line's summary and the HTML report both use it.

    Examples
    --------
    >>> r = Robustness("co-operation", 0.5, {"above_threshold": 0.02, "next_below_threshold": 0.3,
    ...                "next": "co-ordination"}, True, 0.05,
    ...                {"leave_one_out": {"co-operation": 0.9, "networking": 0.1},
    ...                 "bootstrap": {"co-operation": 0.6, "networking": 0.4}},
    ...                {"leave_one_out": 10, "bootstrap": 200}, {}, 0)
    >>> close_call_text(r)  # doctest: +NORMALIZE_WHITESPACE
    'Close call: co-operation scores 0.02 above the threshold (0.50); kept by 90% of 10
    leave-one-tie-out resamples and 60% of 200 bootstrap resamples of the ties.'
    """
    loo = r.stage_shares.get("leave_one_out", {}).get(r.placed, 0.0)
    boot = r.stage_shares.get("bootstrap", {}).get(r.placed, 0.0)
    kept = (f"kept by {loo:.0%} of {r.resamples.get('leave_one_out', 0)} leave-one-tie-out resamples and "
            f"{boot:.0%} of {r.resamples.get('bootstrap', 0)} bootstrap resamples of the ties")
    above, below = r.margin.get("above_threshold"), r.margin.get("next_below_threshold")
    if not r.close_call:
        return (f"Not a close call ({r.placed}: no stage score within {r.close_call_margin:.2f} of the threshold "
                f"decides it): {kept}.")
    parts = []
    if above is not None and r.margin.get("counts_down", True) and abs(above) < r.close_call_margin:
        parts.append(f"{r.placed} scores {above:.2f} above the threshold ({r.threshold:.2f})")
    if below is not None and below < r.close_call_margin:
        parts.append(f"{r.margin.get('next')} falls {below:.2f} short of it")
    return "Close call: " + " and ".join(parts) + f"; {kept}."


# -- a lightweight context: measures computed only when a trigger reads them --------------------------

_LAZY: dict[str, Any] = {
    "n_members": lambda p: p.graph.number_of_nodes(),
    "n_ties": lambda p: p.n_ties,
    "n_pairs": lambda p: p.simple_graph().number_of_edges(),
    "density": M.density,
    "degree_centralization": M.degree_centralization,
    "betweenness_centralization": M.betweenness_centralization,
    "most_central": M.most_central,
    "multiplexity_share": lambda p: M.multiplexity(p)["share"],
    "reciprocity": M.reciprocity,
    "group_coverage": M.group_coverage,
    "missing_groups": lambda p: tuple(M.missing_groups(p)),
    "core_k": lambda p: M.inner_core(p)["k"],
    "core_members": lambda p: tuple(M.inner_core(p)["members"]),
    "core_share": lambda p: M.inner_core(p)["share"],
    "n_components": lambda p: len(M.components(p)),
    "largest_component_share": lambda p: (len(M.components(p)[0]) / len(p)) if len(p) else 0.0,
    "isolates": lambda p: tuple(M.isolates(p)),
    "boundary_spanners": lambda p: tuple(M.boundary_spanners(p)),
    "single_funder_dependent": lambda p: tuple(M.single_funder_dependency(p)),
    "dominant_funder": lambda p: next(iter(M.funder_shares(p)), None),
    "dominant_funder_share": lambda p: (lambda s: s[next(iter(s))] if s else None)(M.funder_shares(p)),
    "tie_kind_counts": M.tie_kind_counts,
}


class _LazySummary:
    def __init__(self, p: Partnership) -> None:
        self._p = p

    def __getattr__(self, name: str) -> Any:
        fn = _LAZY.get(name)
        if fn is None:
            raise AttributeError(name)
        value = fn(self._p)
        setattr(self, name, value)
        return value


class _LightContext(Context):
    @property
    def summary(self) -> Any:  # type: ignore[override]
        if self._summary is None:
            self._summary = _LazySummary(self.p)  # type: ignore[assignment]
        return self._summary


def _tie_dependent(rubric: Rubric) -> list[Any]:
    """The flag rules whose triggers read a signal computed from the ties."""
    out = []
    for rule in rubric.flags:
        sigs = {c.signal for t in rule.triggers for c in t.clause.conditions}
        if any(SIGNALS[s].kind == "measure" for s in sigs):
            out.append(rule)
    return out


def flag_budget(ties: int) -> int:
    """How many resamples of each scheme re-read the flags: all of them for small partnerships,
    fewer as the ties grow (each re-reading rebuilds the partnership's graph).

    ``min(150, max(10, 15000 // ties))``: 120 ties get 125, 1,000 ties 15, 10,000 ties 10.

    Examples
    --------
    >>> flag_budget(120), flag_budget(1000), flag_budget(10000)
    (125, 15, 10)
    """
    return min(150, max(10, 15000 // max(ties, 1)))


def _raised(ctx: Context, rule: Any) -> bool:
    return any(t.clause.evaluate(ctx) is True for t in rule.triggers)


def _resampled(p: Partnership, edges: list[tuple[str, str, dict[str, Any]]], counts: np.ndarray) -> Partnership:
    import networkx as nx

    q = Partnership(p.info)
    g = nx.MultiDiGraph(name=p.graph.graph.get("name"))
    g.add_nodes_from(p.graph.nodes(data=True))
    g.add_edges_from((u, v, d) for (u, v, d), c in zip(edges, counts, strict=True) for _ in range(int(c)))
    q.graph = g
    return q


# -- the computation ------------------------------------------------------------------------------

def _stage_fractions_loo(a: np.ndarray, b: np.ndarray, lv: np.ndarray, n: int) -> np.ndarray:
    """Share of members at each stage or closer (resamples x stages) with each tie dropped in turn.

    Dropping one tie changes the level of at most its two ends (only where it is the member's
    one tie at its highest level), so each resample is the whole partnership's counts less
    those changes: memory and time in proportion to the ties, never ties x members.
    """
    m, stages = len(lv), np.arange(len(STAGES))
    ends = np.concatenate([a, b])
    elv = np.concatenate([lv, lv])
    top = np.full(n, -1)
    np.maximum.at(top, ends, elv)
    at_top = elv == top[ends]
    ntop = np.zeros(n, dtype=np.int64)
    np.add.at(ntop, ends[at_top], 1)
    second = np.full(n, -1)
    np.maximum.at(second, ends[~at_top], elv[~at_top])
    base = (top[:, None] >= stages).sum(axis=0)
    counts = np.broadcast_to(base, (m, len(STAGES))).astype(float)
    for end in (a, b):  # the two ends differ: the model refuses a tie from a member to itself
        alone = (lv == top[end]) & (ntop[end] == 1)
        e = end[alone]
        drop = (top[e][:, None] >= stages).astype(float) - (second[e][:, None] >= stages)
        np.subtract.at(counts, np.flatnonzero(alone), drop)
    return counts / n if n else counts


def _member_levels_counts(a: np.ndarray, b: np.ndarray, lv: np.ndarray, n: int, present: np.ndarray) -> np.ndarray:
    """Member levels (resamples x members) keeping, in each resample, the ties present."""
    r = present.shape[0]
    out = np.full(r * n, -1, dtype=np.int64)
    rows = np.repeat(np.arange(r), len(lv))
    for end in (a, b):
        keep = present.ravel()
        idx = rows[keep] * n + np.tile(end, r)[keep]
        np.maximum.at(out, idx, np.tile(lv, r)[keep])
    return out.reshape(r, n)


def _placements(levels: np.ndarray, ev: Any, rules: Any, thr: float) -> np.ndarray:
    n = levels.shape[1]
    ties = np.stack([(levels >= s).sum(axis=1) / n if n else np.zeros(len(levels)) for s in range(len(STAGES))],
                    axis=-1)
    return _placed(ties, ev, rules, thr)


def _placed(ties: np.ndarray, ev: Any, rules: Any, thr: float) -> np.ndarray:
    """The stage placed in each resample from its shares of members at each stage (resamples x stages)."""
    scores = stage_scores(ties, ev, rules)
    ok = scores >= thr
    return np.where(ok.any(axis=1), len(STAGES) - 1 - np.argmax(ok[:, ::-1], axis=1), 0)


def _shares(placed: np.ndarray) -> dict[str, float]:
    if not len(placed):
        return {}
    counts = np.bincount(placed, minlength=len(STAGES))
    return {s: float(counts[i]) / len(placed) for i, s in enumerate(STAGES) if counts[i]}


def robustness(p: Partnership, rubric: Rubric | str | Path | Mapping[str, Any] | None = None, *, seed: int = 0,
               resamples: int = DEFAULT_RESAMPLES, flag_resamples: int | None = None) -> Robustness:
    """The robustness of a partnership's composite placement and of each flag.

    Parameters
    ----------
    p
        The partnership.
    rubric
        As for :func:`~clsp_research.assess.assess`.
    seed
        Seed of the bootstrap.
    resamples
        Bootstrap resamples of the ties for the stage shares.
    flag_resamples
        Bootstrap resamples used for the flag shares (the first ones of the same draw);
        default ``min(resamples, 100)``, and never more than :func:`flag_budget` of the
        number of ties, which also bounds the leave-one-out resamples used for flags (ties
        chosen with the seed). ``resamples`` of the result says how many were used.

    Returns
    -------
    Robustness
        Cached on the partnership for the same rubric, seed and numbers of resamples.
    """
    if isinstance(rubric, Rubric):
        rub = rubric
    elif isinstance(rubric, Mapping):
        rub = load_rubric(overrides=rubric)
    else:
        rub = load_rubric(rubric)
    nf = min(resamples, 100) if flag_resamples is None else flag_resamples
    return p.cached(("assess", "robustness", rub.key, seed, resamples, nf),
                    lambda: _robustness(p, rub, seed, resamples, nf))


def _robustness(p: Partnership, rub: Rubric, seed: int, resamples: int, nf: int) -> Robustness:
    ctx = Context(p, rub)
    comp = composite_profile(ctx)
    scores = [d.score for d in comp]
    thr = rub.continuum.threshold
    k = placement(scores, thr)
    above = scores[k] - thr
    nxt = k + 1 if k + 1 < len(STAGES) else None
    below = thr - scores[nxt] if nxt is not None else None
    counts_down = k > 0 or scores[0] >= thr
    close = (counts_down and abs(above) < CLOSE_CALL_MARGIN) or (below is not None and below < CLOSE_CALL_MARGIN)
    margin = {"above_threshold": above, "next": STAGES[nxt] if nxt is not None else None,
              "next_below_threshold": below, "counts_down": counts_down}

    ev = characteristic_evidence(ctx)
    us, vs, lv, _, _, _ = _edge_arrays(p, rub)
    index = {m: i for i, m in enumerate(p.graph.nodes)}
    n, m = len(index), len(us)
    a = np.fromiter((index[u] for u in us), dtype=np.int64, count=m)
    b = np.fromiter((index[v] for v in vs), dtype=np.int64, count=m)
    rng = np.random.default_rng(seed)
    boot = rng.multinomial(m, np.full(m, 1.0 / m), size=resamples) if m and resamples else np.zeros((0, m), int)
    stage_shares: dict[str, dict[str, float]] = {}
    if m and n:
        stage_shares["leave_one_out"] = _shares(_placed(_stage_fractions_loo(a, b, lv, n), ev, rub.continuum, thr))
        if resamples:
            levels = _member_levels_counts(a, b, lv, n, boot > 0)
            stage_shares["bootstrap"] = _shares(_placements(levels, ev, rub.continuum, thr))
    else:
        stage_shares = {"leave_one_out": {}, "bootstrap": {}}

    # flags: only those that read ties can change
    from .flags import evaluate_flags

    flags, _ = p.cached(("assess", "flags", rub.key), lambda: evaluate_flags(ctx))
    raised = {f.id for f in flags}
    flag_shares = {rule.id: {"leave_one_out": float(rule.id in raised), "bootstrap": float(rule.id in raised)}
                   for rule in rub.flags}
    moving = _tie_dependent(rub)
    if moving and m:
        edges = list(p.graph.edges(data=True))
        cap = flag_budget(m)
        loo_idx = np.arange(m) if m <= cap else np.sort(rng.choice(m, cap, replace=False))
        schemes = {"leave_one_out": [np.where(np.arange(m) == i, 0, 1) for i in loo_idx],
                   "bootstrap": list(boot[:min(nf, cap)])}
        for scheme, draws in schemes.items():
            hits = dict.fromkeys((r.id for r in moving), 0)
            for counts in draws:
                c = _LightContext(_resampled(p, edges, counts), rub)
                kept = lv[np.asarray(counts) > 0]
                c._values["highest_pair_level"] = int(kept.max()) if len(kept) else -1  # no need to pair them
                for rule in moving:
                    hits[rule.id] += _raised(c, rule)
            for rid, h in hits.items():
                flag_shares[rid][scheme] = h / len(draws) if draws else float(rid in raised)
    sizes = {"leave_one_out": m, "bootstrap": resamples if m else 0}
    if moving and m:
        sizes["leave_one_out_flags"] = min(m, flag_budget(m))
        sizes["bootstrap_flags"] = min(nf, resamples, flag_budget(m))
    return Robustness(STAGES[k], thr, margin, bool(close), CLOSE_CALL_MARGIN, stage_shares, sizes, flag_shares, seed,
                      tuple(sorted(raised)))
