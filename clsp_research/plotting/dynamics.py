"""Figures of simulated partnership dynamics: trajectories with bands (seaborn), stage shares, sweep heatmaps.

Every function reads the tidy frames of :mod:`clsp_research.dynamics` (``simulate`` or
``sweep``), takes ``ax=`` (a new figure when ``None``) and returns the Axes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["MEASURE_LABELS", "STAGE_COLOURS", "plot_stage_shares", "plot_sweep_heatmap", "plot_trajectories"]

#: Colour-blind-safe colours (Okabe-Ito) of the continuum's stages, loosest to closest.
STAGE_COLOURS: dict[str, str] = {
    "networking": "#E69F00",
    "co-operation": "#56B4E9",
    "co-ordination": "#009E73",
    "integration": "#0072B2",
}
_SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")

#: Axis labels of the measures.
MEASURE_LABELS: dict[str, str] = {
    "mean_trust": "mean trust (0-1)",
    "mean_level": "mean stage (1 networking - 4 integration)",
    "stage_index": "placement (0 networking - 3 integration)",
    "influence_gini": "inequality of influence (Gini)",
    "membership": "members",
    "mean_commitment": "mean commitment (0-1)",
    "mean_capacity": "mean capacity (0-1)",
    "resources": "resources (mean initial member = 1)",
    "success_rate": "share of joint activities that succeed",
}


def plot_trajectories(
    df: pd.DataFrame,
    measure: str = "mean_trust",
    by: str | None = None,
    level: float = 0.9,
    band: str = "runs",
    ax: Axes | None = None,
    title: str | None = None,
    labels: dict[Any, str] | None = None,
    seed: int = 0,
) -> Axes:
    """The ensemble mean of a measure over time with a shaded band, one line per group (seaborn).

    Parameters
    ----------
    df
        A frame from ``simulate`` (or several concatenated, with a column to group ``by``).
    measure
        The measure to draw.
    by
        Column that distinguishes ensembles (e.g. ``"strategy"``), or ``None``.
    level
        Coverage of the band.
    band
        ``"runs"``: the central ``level`` share of the runs (their spread, seaborn's percentile
        interval); ``"ci"``: a bootstrap confidence interval of the mean.
    labels
        Legend text per group value (default: the value with underscores as spaces).
    seed
        Seed of the bootstrap (``band="ci"``), so that the same runs give the same figure.

    Examples
    --------
    >>> df = pd.DataFrame({"run": [0, 1, 0, 1], "period": [0, 0, 1, 1], "mean_trust": [0.2, 0.4, 0.5, 0.7],
    ...                    "strategy": "small_wins"})
    >>> ax = plot_trajectories(df, by="strategy")
    >>> [t.get_text() for t in ax.get_legend().get_texts()], ax.get_ylabel()
    (['small wins'], 'mean trust (0-1)')
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    from ..text import label as _label

    if band not in ("runs", "ci"):
        raise ValueError("band must be 'runs' or 'ci'")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    errorbar = ("pi", 100 * level) if band == "runs" else ("ci", 100 * level)
    kw: dict[str, Any] = {}
    if by is not None:
        names = {v: (labels or {}).get(v, _label(v)) for v in pd.unique(df[by])}  # in order of appearance
        data = df[["period", measure]].reset_index(drop=True).assign(ensemble=df[by].map(names).to_numpy())
        order = list(names.values())
        kw = {"hue": "ensemble", "hue_order": order,
              "palette": [_SERIES_COLOURS[k % len(_SERIES_COLOURS)] for k in range(len(order))]}
    else:
        data = df[["period", measure]].reset_index(drop=True)  # concatenated ensembles repeat index labels
        kw = {"color": _SERIES_COLOURS[0]}
    sns.lineplot(data=data, x="period", y=measure, estimator="mean", errorbar=errorbar, seed=seed, n_boot=500,
                 ax=ax, linewidth=1.8, err_kws={"alpha": 0.2, "linewidth": 0}, **kw)
    ax.set_xlabel("period (about a quarter)")
    ax.set_ylabel(MEASURE_LABELS.get(measure, measure.replace("_", " ")))
    what = "runs" if band == "runs" else "CI of the mean"
    ax.set_title(title if title is not None else f"{measure.replace('_', ' ')}: mean and {level:.0%} band ({what})",
                 fontsize=10)
    legend = ax.get_legend()
    if legend is not None:
        legend.set_title(None)
        legend.set_frame_on(False)
        for t in legend.get_texts():
            t.set_fontsize(8)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_stage_shares(df: pd.DataFrame, ax: Axes | None = None, title: str | None = None,
                      what: str = "runs") -> Axes:
    """Stacked areas over time: the share of runs placed at each stage (``what="runs"``) or the
    mean share of relationships at each stage (``what="relationships"``)."""
    import matplotlib.pyplot as plt

    from ..dynamics.parameters import STAGES

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    if what == "runs":
        counts = pd.crosstab(df["period"], df["stage_index"]).reindex(columns=range(len(STAGES)), fill_value=0)
        shares = counts.div(counts.sum(axis=1), axis=0).to_numpy().T
        periods = counts.index.to_numpy()
        ylabel = "share of runs placed at the stage"
    elif what == "relationships":
        means = df.groupby("period")[[f"share_{s}" for s in STAGES]].mean()
        shares = means.fillna(0.0).to_numpy().T
        periods = means.index.to_numpy()
        ylabel = "mean share of relationships"
    else:
        raise ValueError("what must be 'runs' or 'relationships'")
    ax.stackplot(periods, shares, labels=list(STAGES), colors=[STAGE_COLOURS[s] for s in STAGES], alpha=0.9)
    ax.set_ylim(0, 1)
    ax.set_xlim(periods.min(), periods.max())
    ax.set_xlabel("period (about a quarter)")
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    ax.set_title(title if title is not None else "Placement on the continuum", fontsize=10)
    return ax


def plot_sweep_heatmap(
    result: pd.DataFrame,
    x: str,
    y: str,
    value: str = "mean_trust",
    agg: str = "mean",
    ax: Axes | None = None,
    title: str | None = None,
    fmt: str = "{:.2f}",
    cmap: str = "viridis",
    period: int | None = None,
    vmin: float | None = None,
    vmax: float | None = None,
) -> Axes:
    """A heatmap of a sweep: ``value`` aggregated over runs (``agg``: mean, median, or
    ``"share_reached"`` for the share of runs with a non-missing value, e.g. of
    ``reached_co-ordination``) for each combination of the parameters ``x`` and ``y``.

    For a sweep kept with ``keep="all"``, ``period`` picks the period (default: the last).
    ``vmin``/``vmax`` fix the colour scale (e.g. ``-1, 1`` with a diverging ``cmap`` for a
    difference, so that 0 sits in the middle).
    """
    import matplotlib.pyplot as plt

    data = result
    if "period" in data.columns:
        data = data[data["period"] == (data["period"].max() if period is None else period)]
    if agg == "share_reached":
        table = data.groupby([y, x])[value].apply(lambda s: float(s.notna().mean())).unstack(x)
    else:
        table = data.groupby([y, x])[value].agg(agg).unstack(x)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.1 * table.shape[1] + 2.5, 0.6 * table.shape[0] + 1.8))
    vals = table.to_numpy(dtype=float)
    im = ax.imshow(vals, cmap=cmap, aspect="auto", origin="lower", vmin=vmin, vmax=vmax)
    for (r, c), v in np.ndenumerate(vals):
        if np.isfinite(v):
            red, green, blue, _ = im.cmap(im.norm(v))
            dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5
            ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=8, color="white" if dark else "black")
    ax.set_xticks(range(table.shape[1]), [_tick(v) for v in table.columns], fontsize=8)
    ax.set_yticks(range(table.shape[0]), [_tick(v) for v in table.index], fontsize=8)
    ax.set_xlabel(x.replace("_", " "))
    ax.set_ylabel(y.replace("_", " "))
    label = MEASURE_LABELS.get(value, value.replace("_", " "))
    ax.figure.colorbar(im, ax=ax, shrink=0.8).set_label(label if agg != "share_reached" else "share of runs",
                                                        fontsize=8)
    ax.set_title(title if title is not None else f"{agg.replace('_', ' ')} of {value.replace('_', ' ')}",
                 fontsize=10)
    return ax


def _tick(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return str(v).replace("_", " ")
