"""Charts of an assessment: the stage profile and the success-factor profile.

Both read the assessment's JSON form (``Assessment.to_dict()``), the stable
contract, so they also draw assessments saved as JSON by ``clsp assess --json``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._common import plain

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["factor_colour", "plot_factor_comparison", "plot_factors", "plot_stage_profile"]

_STAGE_COLOUR = "#0072B2"
_PLACED_COLOUR = "#D55E00"


def factor_colour(score: float) -> str:
    """The colour of a factor score in every chart: green from 0.6, amber from 0.4, else vermilion.

    Examples
    --------
    >>> factor_colour(0.75), factor_colour(0.5), factor_colour(0.2)
    ('#009E73', '#E69F00', '#D55E00')
    """
    return "#009E73" if score >= 0.6 else "#E69F00" if score >= 0.4 else "#D55E00"


def _as_dict(assessment: Any) -> Mapping[str, Any]:
    return assessment if isinstance(assessment, Mapping) else assessment.to_dict()


def plot_stage_profile(
    assessment: Any, ax: Axes | None = None, threshold: float | None = None, title: str | None = None
) -> Axes:
    """Bar chart of the stage profile (a score in [0, 1] per stage), the placement highlighted.

    Parameters
    ----------
    assessment
        An ``Assessment`` or its ``to_dict()`` form.
    ax
        Axes to draw on (a new figure when ``None``).
    threshold
        Draw the "substantially present" threshold as a dashed line.
    title
        Axes title (a default naming the placement when ``None``).
    """
    import matplotlib.pyplot as plt

    a = _as_dict(assessment)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3))
    stages = list(a["stage_profile"])
    scores = [float(a["stage_profile"][s]) for s in stages]
    colours = [_PLACED_COLOUR if s == a["stage"] else _STAGE_COLOUR for s in stages]
    bars = ax.bar(range(len(stages)), scores, color=colours)
    for bar, score in zip(bars, scores, strict=True):
        ax.annotate(f"{score:.2f}", (bar.get_x() + bar.get_width() / 2, score), xytext=(0, 2),
                    textcoords="offset points", ha="center", fontsize=8)
    if threshold is not None:
        ax.axhline(threshold, linestyle="--", color="#555555", linewidth=1)
    ax.set_xticks(range(len(stages)), [s.replace("_", " ") for s in stages], rotation=0, fontsize=8)
    ax.set_ylim(0, 1.08)  # room for the value labels above a full bar
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_ylabel("stage score (0-1)")
    ax.set_title(plain(title if title is not None else f"{a['partnership']}: {a['stage']}"), fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_factors(assessment: Any, ax: Axes | None = None, title: str | None = None,
                 low_confidence: float = 0.5) -> Axes:
    """Horizontal bars of the success-factor scores on the 0-1 scale; low-confidence scores drawn as such.

    A bar whose confidence (how much of the factor's evidence was recorded) is below
    ``low_confidence`` is drawn pale and hatched, and labelled "little evidence", so that a score
    of 0.50 resting on no evidence does not read as a solid half. The axis runs from 0 to 1; the
    value labels sit inside the plot.

    Parameters
    ----------
    assessment
        An ``Assessment`` or its ``to_dict()`` form.
    ax
        Axes to draw on (a new figure when ``None``).
    title
        Axes title (a default naming the partnership when ``None``).
    low_confidence
        Confidence below which a score is drawn as uncertain.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> d = {"partnership": "x", "factors": [{"id": "a", "name": "A", "score": 0.5, "confidence": 0.0},
    ...                                      {"id": "b", "name": "B", "score": 0.9, "confidence": 1.0}]}
    >>> ax = plot_factors(d, ax=Figure().subplots())
    >>> tuple(map(float, ax.get_xlim())), [bool(p.get_hatch()) for p in ax.patches]
    ((0.0, 1.0), [True, False])
    """
    import matplotlib.pyplot as plt

    a = _as_dict(assessment)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 5))
    factors = list(a["factors"])
    names = [f.get("name") or f["id"] for f in factors]
    y = range(len(factors))
    for i, f in enumerate(factors):
        score = float(f["score"])
        conf = float(f.get("confidence", 1.0))
        colour = factor_colour(score)
        low = conf < low_confidence
        ax.barh(i, score, color=colour, alpha=0.3 if low else 0.9, edgecolor=colour,
                hatch="///" if low else None, linewidth=1.0)
        label = f"{score:.2f}" + (" (little evidence)" if low else "")
        inside = score > 0.72  # keep the label within the 0-1 axis
        ax.annotate(label, (score, i), xytext=(-3 if inside else 3, 0), textcoords="offset points",
                    ha="right" if inside else "left", va="center", fontsize=7,
                    color="white" if inside and not low else "#222222")
    ax.set_yticks(list(y), [n.replace("_", " ") for n in names], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("score (hatched and pale: confidence below half)")
    ax.set_title(plain(title if title is not None else f"{a['partnership']}: success factors"), fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_factor_comparison(
    assessments: Sequence[Any], labels: Sequence[str] | None = None, ax: Axes | None = None
) -> Axes:
    """Grouped bars comparing the factor scores of several assessments (cases, waves, what-ifs)."""
    import matplotlib.pyplot as plt

    ds = [_as_dict(a) for a in assessments]
    labels = list(labels) if labels is not None else [d["partnership"] for d in ds]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 5))
    ids = [f["id"] for f in ds[0]["factors"]]
    height = 0.8 / max(len(ds), 1)
    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"]
    for j, (d, label) in enumerate(zip(ds, labels, strict=True)):
        scores = {f["id"]: float(f["score"]) for f in d["factors"]}
        ax.barh([i + j * height for i in range(len(ids))], [scores.get(i, 0.0) for i in ids], height=height,
                label=label, color=palette[j % len(palette)])
    ax.set_yticks([i + height * (len(ds) - 1) / 2 for i in range(len(ids))], [i.replace("_", " ") for i in ids],
                  fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("score")
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    return ax
