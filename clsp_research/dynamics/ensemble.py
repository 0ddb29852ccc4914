"""Runs and ensembles: :func:`simulate` and the summaries of its tidy result.

:func:`simulate` returns one row per run and period with the measures of
:data:`~clsp_research.dynamics.model.MEASURES` and the placement ``stage``. Runs are
simulated in chunks of :data:`CHUNK_RUNS`; chunk ``c`` draws from the ``c``-th child of
``numpy.random.SeedSequence(seed)``, so a result depends only on the partnership, the
parameters, ``periods``, ``runs`` and ``seed`` — not on how many processes computed it.

Examples
--------
>>> from clsp_research.partnership.synthetic import synthetic_partnership
>>> p = synthetic_partnership(20, seed=1)
>>> df = simulate(p, periods=5, runs=8, seed=3)
>>> df.shape[0], int(df.period.max()), int(df.run.nunique())
(48, 5, 8)
>>> df.equals(simulate(p, periods=5, runs=8, seed=3))
True
>>> f = final_summary(df)
>>> 0 <= f["mean_trust"] <= 1, round(sum(f["stage_shares"].values()), 6)
(True, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .model import MEASURES, Structure, compile_structure, run_chunk
from .parameters import STAGES, Parameters

if TYPE_CHECKING:  # pragma: no cover
    from ..partnership.model import Partnership

__all__ = [
    "CHUNK_RUNS",
    "SUMMARY_MEASURES",
    "ensemble_summary",
    "final_summary",
    "reached",
    "run_summary",
    "series",
    "simulate",
    "stage_profile",
    "stage_shares",
]

#: Runs simulated together in one vectorised chunk (fixed, so results never depend on workers).
CHUNK_RUNS = 250

#: Measures summarised by :func:`final_summary` and :func:`series`.
SUMMARY_MEASURES: tuple[str, ...] = (
    "mean_trust", "mean_level", "influence_gini", "membership", "mean_commitment", "mean_capacity",
    "resources", "success_rate",
)


def _as_params(parameters: Parameters | dict[str, Any] | None, overrides: dict[str, Any]) -> Parameters:
    base = parameters if isinstance(parameters, Parameters) else Parameters(**(parameters or {}))
    return base.replace(**overrides) if overrides else base


def _check_counts(periods: Any, runs: Any) -> tuple[int, int]:
    from ..errors import CLSPInputError

    for name, v, lo in (("periods", periods, 1), ("runs", runs, 1)):
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < lo:
            raise CLSPInputError(f"expected a whole number of at least {lo}, found {v!r}", field=name)
    return int(periods), int(runs)


def _check_seed(seed: Any) -> int | np.random.SeedSequence:
    """A seed must be a whole number of 0 or more (numpy's rule) or a ``SeedSequence``."""
    from ..errors import CLSPInputError

    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise CLSPInputError(f"expected a whole number of 0 or more (or a numpy SeedSequence), found {seed!r}",
                             field="seed")
    return int(seed)


def _chunk_frames(structure: Structure, params: Parameters, periods: int, runs: int,
                  seed: np.random.SeedSequence, first_run: int) -> pd.DataFrame:
    arrays = run_chunk(structure, params, periods, runs, seed)
    t = periods + 1
    data: dict[str, Any] = {
        "run": np.repeat(np.arange(first_run, first_run + runs), t),
        "period": np.tile(np.arange(t), runs),
    }
    for m in MEASURES:
        data[m] = arrays[m].reshape(-1)
    df = pd.DataFrame(data)
    df["stage_index"] = df["stage_index"].astype(int)
    for col in ("membership", "activities"):
        df[col] = df[col].astype(int)
    return df


def _simulate_structure(structure: Structure, params: Parameters, periods: int, runs: int,
                        seed: int | np.random.SeedSequence, workers: int = 1) -> pd.DataFrame:
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    n_chunks = math.ceil(runs / CHUNK_RUNS)
    children = ss.spawn(n_chunks)
    sizes = [min(CHUNK_RUNS, runs - c * CHUNK_RUNS) for c in range(n_chunks)]
    args = [(structure, params, periods, sizes[c], children[c], c * CHUNK_RUNS) for c in range(n_chunks)]
    if workers > 1 and n_chunks > 1:
        import multiprocessing as mp

        with ProcessPoolExecutor(max_workers=min(workers, n_chunks), mp_context=mp.get_context("spawn")) as ex:
            frames = list(ex.map(_chunk_frames, *zip(*args, strict=True)))
    else:
        frames = [_chunk_frames(*a) for a in args]
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    df.insert(3, "stage", pd.Categorical.from_codes(df["stage_index"].to_numpy(), categories=list(STAGES),
                                                     ordered=True))
    at = df.columns.get_loc(f"share_{STAGES[-1]}") + 1
    for k, (name, values) in enumerate(stage_profile(df).items()):
        df.insert(at + k, name, values)
    return df


def simulate(
    partnership: Partnership | Structure,
    periods: int = 40,
    runs: int = 100,
    seed: int | np.random.SeedSequence = 0,
    parameters: Parameters | dict[str, Any] | None = None,
    workers: int = 1,
    **overrides: Any,
) -> pd.DataFrame:
    """Simulate ``runs`` runs of ``periods`` periods; return a tidy frame (one row per run and period).

    Parameters
    ----------
    partnership
        The partnership to start from (or a :class:`~clsp_research.dynamics.model.Structure`
        compiled from one).
    periods, runs
        Number of periods (about a quarter each) and of independent runs.
    seed
        Seed of the runs (a whole number of 0 or more, or a :class:`numpy.random.SeedSequence`):
        the same seed and arguments give the same frame.
    parameters
        A :class:`~clsp_research.dynamics.parameters.Parameters` (or a dict of values).
    workers
        Processes to use for more than :data:`CHUNK_RUNS` runs (the result does not change;
        starting a process costs about a second, so this pays only for large ensembles).
    **overrides
        Parameter values, e.g. ``turnover=0.2, strategy="flagship"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``run``, ``period`` (0 is the start), ``stage_index``, ``stage`` (the
        placement: an ordered categorical of the continuum's stages), the measures of
        :data:`~clsp_research.dynamics.model.MEASURES` (among them the tie-level shares
        ``share_<stage>``) and the stage profile ``profile_<stage>`` (share of relationships
        at that stage or a closer one: :func:`stage_profile`).

    Examples
    --------
    >>> from clsp_research.partnership.synthetic import synthetic_partnership
    >>> df = simulate(synthetic_partnership(12, seed=2), periods=3, runs=2, seed=1, turnover=0.1)
    >>> [c for c in df.columns if c.startswith("profile_")]
    ['profile_networking', 'profile_co-operation', 'profile_co-ordination', 'profile_integration']
    >>> bool((df["profile_networking"] == 1.0).all())
    True
    """
    periods, runs = _check_counts(periods, runs)
    seed = _check_seed(seed)
    params = _as_params(parameters, overrides)
    structure = partnership if isinstance(partnership, Structure) else compile_structure(partnership)
    df = _simulate_structure(structure, params, periods, runs, seed, workers=workers)
    df.attrs.update({"partnership": structure.name, "seed": seed, "parameters": params.to_dict()})
    return df


def stage_shares(df: pd.DataFrame, period: int | None = None) -> dict[str, float]:
    """Share of runs placed at each stage at ``period`` (the last period when ``None``).

    Examples
    --------
    >>> df = pd.DataFrame({"run": [0, 1, 2, 3], "period": [1, 1, 1, 1], "stage_index": [0, 1, 1, 3]})
    >>> stage_shares(df)
    {'networking': 0.25, 'co-operation': 0.5, 'co-ordination': 0.0, 'integration': 0.25}
    """
    last = df[df["period"] == (df["period"].max() if period is None else period)]
    counts = np.bincount(last["stage_index"].to_numpy(dtype=int), minlength=len(STAGES))
    total = counts.sum()
    return {s: float(counts[k] / total) if total else 0.0 for k, s in enumerate(STAGES)}


def _nanmean(x: pd.Series) -> float | None:
    v = x.to_numpy(dtype=float)
    if np.isnan(v).all():
        return None
    return float(np.nanmean(v))


def final_summary(df: pd.DataFrame, measures: Iterable[str] = SUMMARY_MEASURES) -> dict[str, Any]:
    """Ensemble means at the last period, with ``stage_shares`` (stage -> share of runs placed
    there), ``relationship_shares`` (stage -> mean share of relationships at it) and, when the
    frame has it, ``stage_profile`` (stage -> mean share at it or a closer one); ``None`` where
    undefined."""
    last = df[df["period"] == df["period"].max()]
    out: dict[str, Any] = {m: _nanmean(last[m]) for m in measures}
    out["stage_shares"] = stage_shares(df)
    out["relationship_shares"] = {s: _nanmean(last[f"share_{s}"]) for s in STAGES}
    if all(f"profile_{s}" in last.columns for s in STAGES):
        out["stage_profile"] = {s: _nanmean(last[f"profile_{s}"]) for s in STAGES}
    return out


def series(df: pd.DataFrame, measures: Iterable[str] = SUMMARY_MEASURES) -> list[dict[str, Any]]:
    """Per period: the ensemble mean of each measure and the share of runs at each stage."""
    measures = tuple(measures)
    means = df.groupby("period")[list(measures)].mean()
    counts = pd.crosstab(df["period"], df["stage_index"]).reindex(columns=range(len(STAGES)), fill_value=0)
    shares = counts.div(counts.sum(axis=1), axis=0)
    rows = []
    for period, row in means.iterrows():
        rec: dict[str, Any] = {"period": int(period)}
        rec.update({m: (None if pd.isna(row[m]) else float(row[m])) for m in measures})
        rec["stage_shares"] = {s: float(shares.loc[period, k]) for k, s in enumerate(STAGES)}
        rows.append(rec)
    return rows


def ensemble_summary(df: pd.DataFrame, measures: Iterable[str] = ("mean_trust", "mean_level", "influence_gini",
                                                                   "membership"),
                     level: float = 0.9, by: str | list[str] | None = None) -> pd.DataFrame:
    """Mean of each measure per period with a confidence interval of the mean and a band of runs.

    Returns a long frame with columns (``by``...), ``period``, ``measure``, ``mean``, ``ci_low``,
    ``ci_high`` (normal-approximation interval of the ensemble mean at ``level``), ``low`` and
    ``high`` (the central ``level`` share of runs: their spread) and ``runs``.

    Examples
    --------
    >>> df = pd.DataFrame({"run": [0, 1, 2, 3], "period": [0, 0, 0, 0], "mean_trust": [0.2, 0.4, 0.6, 0.8]})
    >>> s = ensemble_summary(df, ["mean_trust"], level=0.5)
    >>> round(float(s["mean"].iloc[0]), 2), round(float(s["low"].iloc[0]), 2), round(float(s["high"].iloc[0]), 2)
    (0.5, 0.35, 0.65)
    """
    from statistics import NormalDist

    keys = [by] if isinstance(by, str) else list(by or [])
    z = NormalDist().inv_cdf(0.5 + level / 2)
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    frames = []
    for m in measures:
        g = df.groupby([*keys, "period"], observed=True)[m]
        s = pd.DataFrame({"mean": g.mean(), "sd": g.std(ddof=1), "runs": g.count(),
                          "low": g.quantile(lo_q), "high": g.quantile(hi_q)})
        half = z * s["sd"].fillna(0.0) / np.sqrt(s["runs"].clip(lower=1))
        s["ci_low"] = s["mean"] - half
        s["ci_high"] = s["mean"] + half
        s["measure"] = m
        frames.append(s.drop(columns="sd").reset_index())
    out = pd.concat(frames, ignore_index=True)
    return out[[*keys, "period", "measure", "mean", "ci_low", "ci_high", "low", "high", "runs"]]


def reached(df: pd.DataFrame, stage: str = "co-ordination", by: str | list[str] | None = None) -> pd.Series:
    """First period at which each run is placed at ``stage`` or closer (NaN if never).

    Examples
    --------
    >>> df = pd.DataFrame({"run": [0, 0, 0, 1, 1, 1], "period": [0, 1, 2, 0, 1, 2],
    ...                    "stage_index": [1, 2, 2, 1, 1, 1]})
    >>> reached(df, "co-ordination").tolist()
    [1.0, nan]
    """
    from ..errors import UnknownValueError

    if stage not in STAGES:
        raise UnknownValueError.for_value(stage, STAGES, "stage", field="stage")
    keys = [by] if isinstance(by, str) else list(by or [])
    k = STAGES.index(stage)
    per = df[[*keys, "run"]].copy()
    per["t"] = np.where(df["stage_index"].to_numpy() >= k, df["period"].to_numpy(dtype=float), np.nan)
    return per.groupby([*keys, "run"])["t"].min().rename(f"reached_{stage}")


def stage_profile(df: pd.DataFrame) -> pd.DataFrame:
    """The stage profile of each row: ``profile_<stage>``, the share of relationships at that
    stage or a closer one (so ``profile_networking`` is 1 and the profile never rises along the
    continuum). The placement ``stage`` is the closest stage whose profile reaches
    ``placement_share``.

    Examples
    --------
    >>> row = pd.DataFrame({"share_networking": [0.2], "share_co-operation": [0.3],
    ...                     "share_co-ordination": [0.4], "share_integration": [0.1]})
    >>> stage_profile(row).round(2).iloc[0].tolist()
    [1.0, 0.8, 0.5, 0.1]
    """
    shares = df[[f"share_{s}" for s in STAGES]].to_numpy(dtype=float)
    cum = np.flip(np.cumsum(np.flip(shares, axis=1), axis=1), axis=1)
    return pd.DataFrame(cum, columns=[f"profile_{s}" for s in STAGES], index=df.index)


def run_summary(df: pd.DataFrame) -> pd.DataFrame:
    """One row per run: the last period's measures and the first period at each stage
    (``reached_<stage>``, NaN if never)."""
    last = df[df["period"] == df["period"].max()].set_index("run")
    cols = ["stage", "stage_index", *[m for m in MEASURES if m != "stage_index"]]
    cols += [c for c in last.columns if c.startswith("profile_")]
    out = last[cols].copy()
    for s in STAGES[1:]:
        out[f"reached_{s}"] = reached(df, s)
    return out.reset_index()
