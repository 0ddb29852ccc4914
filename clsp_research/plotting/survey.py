"""Charts of survey results: factor means with bands, factors by stakeholder group, levels of
collaboration between partners, and the change between two survey waves.

Each function takes ``ax=`` (a new figure when ``None``) and returns the Axes; matplotlib and
seaborn are imported inside the functions. seaborn draws where it computes or groups
something: the factor distributions and the group heatmap, which honour a minimum group size
(a cell or a factor with fewer answers behind it says so instead of showing them), and the
ratings of two waves with seeded bootstrap intervals (:func:`plot_wave_ratings`); the others
are matplotlib alone.

Examples
--------
>>> import pandas as pd
>>> by_group = pd.DataFrame({"funder": [4.5, 2.0], "community": [2.5, None]}, index=["trust", "clarity"])
>>> ax = plot_group_heatmap(by_group)
>>> [t.get_text() for t in ax.get_xticklabels()]
['funder', 'community']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._common import axes as _axes
from ._common import label as _label

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["BAND_COLOURS", "plot_factor_distributions", "plot_factor_means", "plot_group_heatmap", "plot_levels_map",
           "plot_wave_comparison", "plot_wave_ratings"]

#: Colours of the bands (Okabe-Ito: readable with the common colour-vision deficiencies).
BAND_COLOURS: dict[str | None, str] = {
    "strength": "#009E73",
    "borderline": "#E69F00",
    "concern": "#D55E00",
    None: "#999999",
}


def plot_group_heatmap(
    summary: Any, ax: Axes | None = None, *, scale: tuple[int, int] = (1, 5), annotate: bool = True,
    title: str | None = "Mean rating by stakeholder group", min_group_size: int | None = None,
) -> Axes:
    """Heatmap of factor means (rows) by stakeholder group (columns), drawn with seaborn.

    Parameters
    ----------
    summary
        A :class:`~clsp_research.workshop.survey.SurveySummary` or its ``by_group`` table.
    ax
        Axes to draw on.
    scale
        The rating scale; the colour map is centred on its midpoint (red low, blue high).
    annotate
        Write each mean in its cell; a cell hidden for its small group reads "fewer than k".
    title
        Axes title.
    min_group_size
        Hide cells with fewer ratings behind them (default: the summary's own
        ``min_group_size``; needs a summary, whose ``by_group_n`` holds the counts).
    """
    import numpy as np
    import seaborn as sns

    from ..partnership.model import STAKEHOLDER_GROUPS

    table = getattr(summary, "by_group", summary)
    counts = getattr(summary, "by_group_n", None)
    k = min_group_size if min_group_size is not None else int(getattr(summary, "min_group_size", 1))
    order = [g for g in STAKEHOLDER_GROUPS if g in table.columns]
    table = table[order + [c for c in table.columns if c not in order]]
    n_rows, n_cols = table.shape
    ax = _axes(ax, (1.6 + 1.1 * max(n_cols, 1), 1.2 + 0.38 * max(n_rows, 1)))
    if n_rows == 0 or n_cols == 0:
        ax.text(0.5, 0.5, "no ratings with a known stakeholder group yet", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    values = table.to_numpy(dtype=float)
    if counts is not None and len(counts) and k > 1:
        n = counts.reindex(index=table.index, columns=table.columns).fillna(0).to_numpy(dtype=float)
        values = np.where(n >= k, values, np.nan)
    lo, hi = scale
    labels = np.array([[("" if np.isnan(v) else f"{v:.1f}") for v in row] for row in values], dtype=object)
    import warnings

    with warnings.catch_warnings():  # seaborn 0.13 calls matplotlib's soon-deprecated Colormap.set_bad
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        _heatmap(sns, values, ax, lo, hi, labels if annotate else False, table)
    ax.set_facecolor("#eeeeee")
    if annotate and k > 1:
        for i in range(n_rows):
            for j in range(n_cols):
                if np.isnan(values[i, j]) and not np.isnan(table.to_numpy(dtype=float)[i, j]):
                    ax.text(j + 0.5, i + 0.5, f"fewer than {k}", ha="center", va="center", fontsize=6,
                            color="#555555")
    ax.tick_params(length=0, labelsize=8)
    ax.set_xticklabels(ax.get_xticklabels(), rotation=0)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def _heatmap(sns: Any, values: Any, ax: Any, lo: float, hi: float, annot: Any, table: Any) -> None:
    import numpy as np

    sns.heatmap(values, ax=ax, cmap="RdBu", vmin=lo, vmax=hi, center=(lo + hi) / 2, mask=np.isnan(values),
                annot=annot, fmt="", annot_kws={"fontsize": 8}, linewidths=0.5, linecolor="white",
                cbar_kws={"label": "mean rating", "fraction": 0.05, "pad": 0.02},
                xticklabels=[_label(c) for c in table.columns], yticklabels=[_label(r) for r in table.index])


def plot_factor_distributions(responses: Any, ax: Axes | None = None, *, min_n: int = 3, seed: int = 0,
                              scale: tuple[int, int] = (1, 5), names: dict[str, str] | None = None,
                              title: str | None = "How the answers spread, factor by factor") -> Axes:
    """Each factor's ratings as a box (quartiles) with the answers as jittered dots, drawn with seaborn.

    Parameters
    ----------
    responses
        Factor-level ratings (``factor``, ``rating``; *don't know* as NaN, left out).
    min_n
        Factors with fewer ratings are not drawn (listed under the chart instead): a dot
        per person is no disguise when there are one or two of them.
    seed
        Seed of the dots' jitter.
    names
        Factor id -> name for the labels (default: the catalogue's names).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"factor": ["trust"] * 3 + ["clarity"] * 2, "rating": [4, 5, 3, 2, 2]})
    >>> ax = plot_factor_distributions(df)
    >>> [t.get_text() for t in ax.get_yticklabels()], "clarity" in ax.get_xlabel()
    (['Trust'], True)
    """
    import numpy as np
    import seaborn as sns

    from ..workshop.survey import factor_ids

    if names is None:
        from ..literature import framework

        names = {i.id: i.name for i in framework("success_factors").items}
    df = responses.dropna(subset=["rating"])
    counts = df.groupby("factor")["rating"].size()
    shown = [f for f in factor_ids() if counts.get(f, 0) >= min_n]
    few = [f for f in factor_ids() if 0 < counts.get(f, 0) < min_n]
    ax = _axes(ax, (6.5, 1.2 + 0.34 * max(len(shown), 1)))
    data = df[df["factor"].isin(shown)].assign(name=lambda d: d["factor"].map(lambda f: names.get(f, f)))
    order = [names.get(f, f) for f in shown]
    if len(data):
        import warnings

        with warnings.catch_warnings():  # seaborn 0.13 passes matplotlib 3.11's deprecated 'vert'
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.filterwarnings("ignore", message=".*vert.*")
            sns.boxplot(data=data, x="rating", y="name", order=order, ax=ax, color="#cfe2f3", width=0.6,
                        fliersize=0, linewidth=0.8)
        rng = np.random.default_rng(seed)
        pos = {n: i for i, n in enumerate(order)}
        ys = data["name"].map(pos).to_numpy(dtype=float) + rng.uniform(-0.18, 0.18, len(data))
        xs = data["rating"].to_numpy(dtype=float) + rng.uniform(-0.06, 0.06, len(data))
        ax.scatter(xs, ys, s=9, color="#0b4f8a", alpha=0.55, linewidths=0, zorder=3)
    else:
        ax.text(0.5, 0.5, f"no factor has {min_n} or more answers yet", ha="center", va="center",
                transform=ax.transAxes)
        ax.set_yticks([])
    lo, hi = scale
    ax.set_xlim(lo - 0.3, hi + 0.3)
    ax.set_xticks(range(lo, hi + 1))
    ax.set_ylabel("")
    ax.tick_params(labelsize=8)
    note = (f"; fewer than {min_n} answers, not drawn: {', '.join(_label(f) for f in few)}" if few else "")
    ax.set_xlabel(f"rating ({lo} strongly disagree - {hi} strongly agree){note}", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_factor_means(summary: Any, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Each factor's mean with its confidence interval, coloured by band, cut-offs dashed.

    ``summary`` is a :class:`~clsp_research.workshop.survey.SurveySummary` (or its ``to_dict()``).
    """
    from matplotlib.lines import Line2D

    d = summary if isinstance(summary, dict) else summary.to_dict()
    rows = [f for f in d["factors"] if f["mean"] is not None]
    ax = _axes(ax, (6, 1.2 + 0.35 * max(len(rows), 1)))
    for y, f in enumerate(rows):
        colour = BAND_COLOURS.get(f["band"], "#999999")
        if f.get("ci_low") is not None:  # bootstrap intervals stay on the scale; none under three answers
            ax.plot([f["ci_low"], f["ci_high"]], [y, y], color=colour, linewidth=2, alpha=0.6)
        ax.plot([f["mean"]], [y], "o", color=colour, markersize=7)
        ax.annotate(f"n={f['n']}", (1.0, y), xycoords=("axes fraction", "data"), xytext=(3, 0),
                    textcoords="offset points", va="center", fontsize=7, color="#555555", annotation_clip=False)
    for cut in (d["bands"]["borderline"], d["bands"]["strength"]):
        ax.axvline(cut, linestyle="--", color="#777777", linewidth=0.8)
    ax.set_yticks(range(len(rows)), [f["name"] for f in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0.9, 5.1)
    ax.set_xlabel(f"mean rating (1-5) with {int(d['confidence'] * 100)}% bootstrap interval (none under "
                  f"{d.get('min_n', 3)} answers)", fontsize=8)
    ax.legend(handles=[Line2D([], [], marker="o", linestyle="", color=BAND_COLOURS[b], label=b)
                       for b in ("strength", "borderline", "concern")],
              loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=3, fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title or f"Success factors: {d['respondents']} respondent(s)", fontsize=10, pad=18)
    return ax


def plot_levels_map(
    summary: Any, ax: Axes | None = None, *, seed: int = 0, pos: dict[str, tuple[float, float]] | None = None,
    title: str | None = "Levels of collaboration between partners",
) -> Axes:
    """Map of rated pairs: line width by level (0-5), pairs that disagree dashed in red.

    ``summary`` is a :class:`~clsp_research.workshop.collaboration_levels.LevelsSummary`.
    """
    from matplotlib.lines import Line2D

    from ..workshop.collaboration_levels import LEVEL_NAMES, levels_graph
    from .network import spring_positions

    g = levels_graph(summary)
    ax = _axes(ax, (7, 5.5))
    coords = dict(pos) if pos is not None else {}
    missing = [n for n in g if n not in coords]
    if missing:
        kwargs: dict[str, Any] = {}
        if coords:
            kwargs.update(pos={n: coords[n] for n in g if n in coords}, fixed=[n for n in g if n in coords])
        coords.update(spring_positions(g, seed=seed, **kwargs))
    for u, v, d in g.edges(data=True):
        (x0, y0), (x1, y1) = coords[u], coords[v]
        if d["disagreement"]:
            ax.plot([x0, x1], [y0, y1], linestyle="--", color="#D55E00", linewidth=1 + 0.8 * d["level"], zorder=1)
        else:
            ax.plot([x0, x1], [y0, y1], color="#0072B2", alpha=0.35 + 0.13 * d["level"],
                    linewidth=0.5 + 0.8 * d["level"], zorder=1)
    nodes = list(g)
    if nodes:
        ax.scatter([coords[n][0] for n in nodes], [coords[n][1] for n in nodes], s=260, c="#F0E442",
                   edgecolors="#333333", zorder=2)
        for n in nodes:
            ax.annotate(n, coords[n], xytext=(0, 9), textcoords="offset points", ha="center", fontsize=8, zorder=3)
    handles = [Line2D([], [], color="#0072B2", linewidth=0.5 + 0.8 * lv, label=f"{lv} {LEVEL_NAMES[lv]}")
               for lv in (1, 3, 5)]
    handles.append(Line2D([], [], color="#D55E00", linestyle="--", linewidth=2,
                          label=f"ratings differ by {summary.threshold}+"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_wave_comparison(comparison: Any, ax: Axes | None = None, *, labels: tuple[str, str] = ("wave 1", "wave 2"),
                         title: str | None = "Change between survey waves") -> Axes:
    """Dumbbell chart of each factor's mean in two waves (:func:`clsp_research.workshop.waves.compare_surveys`).

    Changes whose interval excludes zero are drawn in a darker line.
    """
    rows = [r for r in comparison.to_dict(orient="records") if r["mean_after"] == r["mean_after"]]
    ax = _axes(ax, (6, 1.2 + 0.35 * max(len(rows), 1)))
    for y, r in enumerate(rows):
        a, b = r["mean_before"], r["mean_after"]
        if a == a:  # not NaN
            ax.plot([a, b], [y, y], color="#333333" if r["changed"] else "#bbbbbb", linewidth=2, zorder=1)
            ax.plot([a], [y], "o", color="#999999", zorder=2, label=labels[0] if y == 0 else None)
        ax.plot([b], [y], "o", color="#0072B2", zorder=3, label=labels[1] if y == 0 else None)
    ax.set_yticks(range(len(rows)), [_label(r["id"]) for r in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0.9, 5.1)
    ax.set_xlabel("mean rating")
    ax.spines[["top", "right"]].set_visible(False)
    if rows:
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_wave_ratings(before: Any, after: Any, ax: Axes | None = None, *,
                      labels: tuple[str, str] = ("wave 1", "wave 2"), level: float = 0.95, seed: int = 0,
                      title: str | None = "Ratings per factor in two survey waves") -> Axes:
    """Each factor's mean rating in two waves with a bootstrap interval of the mean, drawn by seaborn.

    Each respondent's rating of a factor counts once (the mean of their items on it, as the
    summary counts it); seaborn resamples the respondents to give the interval, with ``seed``
    so that the same answers always give the same figure.

    Parameters
    ----------
    before, after
        The two waves: what :func:`clsp_research.workshop.survey_files.read_responses` returns
        (anything with a ``responses`` frame of ``respondent``, ``factor``, ``rating``).
    labels
        The waves' names in the legend.
    level
        Coverage of the intervals.
    seed
        Seed of the bootstrap.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> one = SimpleNamespace(responses=pd.DataFrame({"respondent": ["a", "b", "a", "b"],
    ...                       "factor": ["trust", "trust", "time", "time"], "rating": [2.0, 3.0, 4.0, 5.0]}))
    >>> ax = plot_wave_ratings(one, one, labels=("2003", "2004"))
    >>> [t.get_text() for t in ax.get_legend().get_texts()], [t.get_text() for t in ax.get_yticklabels()]
    (['2003', '2004'], ['trust', 'time'])
    """
    import pandas as pd
    import seaborn as sns

    frames = []
    for wave, survey in zip(labels, (before, after), strict=True):
        r = survey.responses.dropna(subset=["rating"])
        frames.append(r.groupby(["respondent", "factor"], sort=False, as_index=False)["rating"].mean()
                      .assign(wave=wave))
    data = pd.concat(frames, ignore_index=True)
    order = list(dict.fromkeys(data["factor"]))
    data["factor"] = data["factor"].map(_label)
    ax = _axes(ax, (6.5, 1.2 + 0.38 * max(len(order), 1)))
    sns.pointplot(data=data, x="rating", y="factor", hue="wave", order=[_label(f) for f in order],
                  hue_order=list(labels), palette=["#999999", "#0072B2"], errorbar=("ci", 100 * level), seed=seed,
                  n_boot=1000, dodge=0.4, linestyle="none", markersize=5, err_kws={"linewidth": 1.5}, ax=ax)
    ax.set_xlim(0.9, 5.1)
    ax.set_xlabel(f"mean rating, with its {level:.0%} bootstrap interval")
    ax.set_ylabel("")
    ax.tick_params(axis="y", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    legend = ax.get_legend()
    if legend is not None:
        sns.move_legend(ax, "upper left", bbox_to_anchor=(1.0, 1.0), title=None, frameon=False, fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    return ax
