"""Figures of need and provision, funding co-ordination, referral seamlessness and variance.

Each function takes ``ax=`` (a new figure when ``None``) and returns the Axes;
matplotlib is imported inside the functions (seaborn is not needed).

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"area": ["N", "N", "S"], "category": ["debt", "housing", "debt"],
...                   "need": [100.0, 50.0, 80.0], "provision": [60.0, 70.0, 80.0],
...                   "gap": [40.0, 0.0, 0.0], "coverage": [0.6, 1.4, 1.0]})
>>> ax = gap_heatmap(t)
>>> [t.get_text() for t in ax.get_xticklabels()], [t.get_text() for t in ax.get_yticklabels()]
(['debt', 'housing'], ['N', 'S'])
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._common import axes as _axes
from ._common import label as _label
from ._common import plain as _plain

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "funding_heatmap",
    "gap_heatmap",
    "need_provision_bars",
    "referral_matrix",
    "variance_lines",
    "withdrawal_bars",
]

#: Okabe-Ito colours used across these figures.
NEED_COLOUR = "#D55E00"
PROVISION_COLOUR = "#0072B2"
DEMAND_COLOUR = "#009E73"
STEP_IN_COLOUR = "#E69F00"
#: Referrals needed to reach a category: 0, 1, 2, 3 or more (darker blue for fewer), as the
#: referral explorer colours its grid; UNREACHABLE_COLOUR where no route of at most k referrals exists.
HOP_COLOURS = ("#0072B2", "#56B4E9", "#9fd3f0", "#cfe8f6")
UNREACHABLE_COLOUR = "#f4c7a8"


def _heat(ax: Any, m: pd.DataFrame, *, cmap: Any, vmin: float, vmax: float, fmt: Any, cbar: str | None,
          highlight_rows: Any = (), highlight_cols: Any = (), norm: Any = None, background: str = "#eeeeee",
          ticks: Any = None) -> None:
    import numpy as np

    values = m.to_numpy(dtype=float)
    masked = np.ma.masked_invalid(values)
    scale = {"norm": norm} if norm is not None else {"vmin": vmin, "vmax": vmax}
    im = ax.imshow(masked, cmap=cmap, aspect="auto", **scale)
    ax.set_facecolor(background)
    ax.set_xticks(range(m.shape[1]))
    ax.set_xticklabels([_plain(c) for c in m.columns], rotation=40, ha="right")
    ax.set_yticks(range(m.shape[0]))
    ax.set_yticklabels([_plain(i) for i in m.index])
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            v = values[i, j]
            text = fmt(v)
            if text:
                ax.text(j, i, text, ha="center", va="center", fontsize=8, color=_ink(im, v))
    rows, cols = list(m.index), list(m.columns)
    for r in highlight_rows:
        if r in rows:
            i = rows.index(r)
            ax.add_patch(_rect(-0.5, i - 0.5, len(cols), 1))
    for c in highlight_cols:
        if c in cols:
            j = cols.index(c)
            ax.add_patch(_rect(j - 0.5, -0.5, 1, len(rows)))
    if cbar:
        ax.figure.colorbar(im, ax=ax, label=cbar, fraction=0.04, pad=0.02, ticks=ticks)


def _ink(im: Any, v: float) -> str:
    """Black or white text, whichever reads better on the cell's colour."""
    if v != v:
        return "black"
    r, g, b, _ = im.cmap(im.norm(v))
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "white"


def _rect(x: float, y: float, w: float, h: float) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, fill=False, edgecolor="black", linewidth=2.2)


def gap_heatmap(
    table: pd.DataFrame,
    value: str = "coverage",
    ax: Axes | None = None,
    *,
    rows: str = "area",
    columns: str = "category",
    highlight: str | None = None,
    title: str | None = None,
    colorbar: bool = True,
) -> Axes:
    """Heatmap of a :func:`~clsp_research.tasks.provision.gap_table`: areas x categories.

    Parameters
    ----------
    table
        The gap table.
    value
        ``coverage`` (provision / need; red under 1, blue above, capped at 1.5), ``gap`` or
        ``need`` / ``provision`` (amounts).
    rows, columns
        Columns of the table to lay out (their other grouping columns are summed).
    highlight
        A row or column label to outline (the area or category picked in a widget).
    """
    ax = _axes(ax, (9, 4.5))
    if value not in ("coverage", "gap", "need", "provision", "surplus"):
        raise ValueError(f"unknown value {value!r}; expected coverage, gap, need, provision or surplus")
    agg = table.groupby([rows, columns], sort=True)[["need", "provision", "gap"]].sum()
    if value == "coverage":
        v = (agg["provision"] / agg["need"]).where(agg["need"] > 0)
    elif value == "surplus":
        v = (agg["provision"] - agg["need"]).clip(lower=0)
    else:
        v = agg[value]
    m = v.unstack(columns)
    m.index = [str(i) for i in m.index]
    m.columns = [str(c) for c in m.columns]
    if value == "coverage":
        _heat(ax, m, cmap="RdBu", vmin=0.0, vmax=1.5, fmt=lambda x: "" if x != x else f"{x:.0%}",
              cbar="coverage (provision / need)" if colorbar else None,
              highlight_rows=[highlight], highlight_cols=[highlight])
    else:
        top = float(m.max().max()) if m.size and m.notna().any().any() else 1.0
        _heat(ax, m, cmap="Reds" if value == "gap" else "Blues", vmin=0.0, vmax=max(top, 1e-9),
              fmt=lambda x: "" if x != x else f"{x:,.0f}", cbar=_label(value) if colorbar else None,
              highlight_rows=[highlight], highlight_cols=[highlight])
    ax.set_xlabel(_label(columns))
    ax.set_ylabel(_label(rows))
    default = f"{_label(value).capitalize()} by {_label(rows)} and {_label(columns)}"
    ax.set_title(title if title is not None else default)
    return ax


def need_provision_bars(
    table: pd.DataFrame,
    ax: Axes | None = None,
    *,
    area: str | None = None,
    category: str | None = None,
    title: str | None = None,
) -> Axes:
    """Need and provision side by side: across categories for one ``area``, or across areas for one ``category``.

    With neither, totals by category; the gap shows as the need bar rising above provision.
    """
    ax = _axes(ax, (8, 3.8))
    t = table
    if area is not None:
        t, by = t[t["area"] == area], "category"
    elif category is not None:
        t, by = t[t["category"] == category], "area"
    else:
        by = "category"
    agg = t.groupby(by, sort=True)[["need", "provision"]].sum()
    x = range(len(agg))
    w = 0.4
    ax.bar([i - w / 2 for i in x], agg["need"], width=w, color=NEED_COLOUR, label="need")
    ax.bar([i + w / 2 for i in x], agg["provision"], width=w, color=PROVISION_COLOUR, label="provision")
    ax.set_xticks(list(x))
    ax.set_xticklabels([_label(i) for i in agg.index], rotation=30, ha="right")
    ax.set_ylabel("problems or cases a year")
    ax.legend(frameon=False)
    what = f"in {area}" if area is not None else f"for {_label(category)}" if category is not None else "(all areas)"
    ax.set_title(title if title is not None else f"Need and provision {what}")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def funding_heatmap(matrix: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Heatmap of a funder x category (or recipient) table of amounts.

    The table is :func:`clsp_research.tasks.funding.funding_matrix`'s.
    """
    ax = _axes(ax, (9, 3.5))
    m = matrix.copy()
    m.columns = [_label(c) for c in m.columns]
    top = float(m.max().max()) if m.size else 1.0
    _heat(ax, m.where(m > 0), cmap="Oranges", vmin=0.0, vmax=max(top, 1e-9),
          fmt=lambda x: "" if x != x else f"{x / 1000:,.0f}k" if x >= 1000 else f"{x:,.0f}", cbar="amount a year")
    ax.set_title(title if title is not None else "Who funds what")
    return ax


def withdrawal_bars(w: Any, ax: Axes | None = None, *, by: str = "recipient", title: str | None = None) -> Axes:
    """Funding before and after a withdrawal (:func:`clsp_research.tasks.funding.withdraw`), per recipient or category.

    Each bar shows what remains, what the step-in funder replaced and what is lost.
    """
    ax = _axes(ax, (8, 3.8))
    if by == "recipient":
        t = w.by_recipient
        labels = [_label(r) for r in t["recipient"]]
        replaced = t["replaced"]
    elif by == "category":
        t = w.by_category
        labels = [_label(c) if not a else f"{_label(c)} ({a})" for a, c in zip(t["area"], t["category"], strict=True)]
        labels = [_label(c) for c in t["category"]] if t["area"].nunique() <= 1 else labels
        replaced = None
    else:
        raise ValueError(f"unknown by {by!r}; expected recipient or category")
    x = list(range(len(t)))
    if replaced is not None:
        kept = t["after"] - replaced
        ax.bar(x, kept, color=PROVISION_COLOUR, label="kept")
        ax.bar(x, replaced, bottom=kept, color=STEP_IN_COLOUR, label=f"replaced by {w.step_in}" if w.step_in else
               "replaced")
    else:
        ax.bar(x, t["after"], color=PROVISION_COLOUR, label="after")
    lost = (t["before"] - t["after"]).clip(lower=0)
    ax.bar(x, lost, bottom=t["after"], color="white", edgecolor=NEED_COLOUR, hatch="//", label="lost")
    ax.set_xticks(x)
    ax.set_xticklabels(labels, rotation=30, ha="right")
    ax.set_ylabel("amount a year")
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    step = f", {w.step_in} stepping in for {w.step_in_share:.0%}" if w.step_in else ""
    ax.set_title(title if title is not None else f"If {w.funder} withdraws{step}")
    return ax


def referral_matrix(result: Any, ax: Axes | None = None, *, highlight: str | None = None,
                    title: str | None = None) -> Axes:
    """Provider x category: referrals needed to reach the category (✗ where unreachable within k).

    ``result`` is a :class:`~clsp_research.tasks.referrals.ReferralResult`; ``highlight`` a provider
    or category to outline. Referrals are whole numbers: each gets one colour of
    :data:`HOP_COLOURS` (as in the referral explorer's grid) and one step of the colour bar;
    unreachable cells are :data:`UNREACHABLE_COLOUR`.

    Examples
    --------
    >>> from clsp_research.partnership.datasets import load_case_study
    >>> from clsp_research.tasks.referrals import seamlessness
    >>> ax = referral_matrix(seamlessness(load_case_study("referral_concordat"), 2))
    >>> [t.get_text() for t in ax.images[0].colorbar.ax.get_yticklabels()]
    ['0', '1', '2']
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap

    ax = _axes(ax, (9, 5))
    m = result.matrix()
    m.columns = [str(c) for c in m.columns]
    k = result.max_hops
    top = int(k) if k is not None else max(1, int(m.max().max()) if m.notna().any().any() else 1)
    levels = list(range(top + 1))
    cmap = ListedColormap([HOP_COLOURS[min(i, len(HOP_COLOURS) - 1)] for i in levels])
    norm = BoundaryNorm([i - 0.5 for i in [*levels, top + 1]], cmap.N)
    _heat(ax, m, cmap=cmap, vmin=0.0, vmax=float(top), norm=norm, background=UNREACHABLE_COLOUR, ticks=levels,
          fmt=lambda x: "✗" if x != x else f"{int(x)}", cbar="referrals needed (✗: not within k)",
          highlight_rows=[highlight], highlight_cols=[highlight])
    ax.set_xticklabels([_label(c) for c in m.columns], rotation=40, ha="right")
    ax.set_xlabel("category of law")
    ax.set_ylabel("provider the client arrives at")
    limit = "no limit" if k is None else f"k = {k}"
    share = "-" if result.seamlessness is None else f"{result.seamlessness:.0%}"
    ax.set_title(title if title is not None else f"Referral seamlessness {share} ({limit})")
    return ax


def variance_lines(v: Any, area: str, category: str, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Need, provision and demand over the years for one cell of a variance analysis, with its actions."""
    ax = _axes(ax, (6.5, 3.6))
    t = v.demand_vs_need
    t = t[(t["area"] == area) & (t["category"] == category)].sort_values("year")
    for col, colour, style in (("need", NEED_COLOUR, "-"), ("provision", PROVISION_COLOUR, "-"),
                               ("demand", DEMAND_COLOUR, "--")):
        ax.plot(t["year"], t[col], style, marker="o", color=colour, label=col)
    e = v.effect
    acts = e[(e["area"] == area) & (e["category"] == category) & e["action"].notna()]
    notes = []
    for r in acts.to_dict("records"):
        ax.axvline(r["year_from"], color="#777777", linestyle=":", linewidth=1)
        notes.append(f"{r['year_from']}: {r['action']}")
        if r["target_provision"] == r["target_provision"]:
            ax.plot([r["year_to"]], [r["target_provision"]], marker="*", markersize=12, color=STEP_IN_COLOUR,
                    linestyle="", label="target provision")
    if notes:
        import textwrap

        ax.text(0.0, -0.22, "\n".join(textwrap.fill(n, 90) for n in notes), transform=ax.transAxes, fontsize=7,
                va="top", ha="left", color="#444444")
    years = [int(y) for y in t["year"]]
    if years:
        ax.set_xticks(years)
    if len(t) and not math.isnan(float(t["need"].max())):
        ax.set_ylim(bottom=0)
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title if title is not None else f"{_label(category).capitalize()} in {area}")
    return ax
