"""Controller of the dynamics explorer (``notebooks/11-dynamics.ipynb``).

Sliders for the parameters a workshop argues about (turnover, funding, starting trust,
capacity building, inclusivity), a choice of strategy, and an option to run both
strategies side by side with the same seed. Every change re-runs a seeded ensemble
(:func:`clsp_research.dynamics.simulate`) and redraws the trajectories with their bands
and the placement on the continuum.

Going back and forth stays instant: the controller keeps the last ensembles and figures it
made (a few dozen of each, keyed by every setting that shapes them), and lays its figure out
once (matplotlib's constrained layout, about two thirds of the drawing time), reusing those
axes positions for later figures as long as the y axis's tick labels, the one part whose width
follows the data, still fit; when they do not, the figure is laid out afresh. Headless use::

    app = DynamicsExplorer(draw=False)
    app.funding.value = 0.0
    app.final["small wins"]["stage_shares"]
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import ipywidgets as w
import pandas as pd

from ..dynamics import Parameters, Structure, compile_structure, final_summary, reached, simulate
from ..dynamics.parameters import PARAMETERS, STAGES
from ..partnership.datasets import case_studies, load_case_study
from ._widgets import chart_svg, show_svg

__all__ = ["SYNTHETIC", "DynamicsExplorer", "summary_html"]

#: The source option for the illustrative synthetic partnership.
SYNTHETIC = "synthetic (illustrative, 30 members)"
_GIVEN = "the partnership given"

#: Slider settings: parameter -> (min, max, step).
SLIDERS: dict[str, tuple[float, float, float]] = {
    "turnover": (0.0, 0.3, 0.005),
    "funding": (0.0, 0.4, 0.01),
    "initial_trust": (0.0, 1.0, 0.05),
    "capacity_building": (0.0, 1.0, 0.05),
    "inclusivity": (0.1, 1.0, 0.05),
}
_LABELS = {"small_wins": "small wins", "flagship": "flagship"}
#: How many ensembles and figures a controller keeps (each ensemble of 100 runs x 40 periods is
#: about 0.5 MB; a figure about 40 kB).
KEEP = 24
_T = TypeVar("_T")


def _remember(cache: OrderedDict[Hashable, _T], key: Hashable, make: Callable[[], _T]) -> _T:
    """``cache[key]``, made by ``make()`` on a miss; the least recently used entry goes past :data:`KEEP`.

    Examples
    --------
    >>> c = OrderedDict()
    >>> _remember(c, "a", lambda: 1), _remember(c, "a", lambda: 2)
    (1, 1)
    """
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = cache[key] = make()
    if len(cache) > KEEP:
        cache.popitem(last=False)
    return value


def _fits(fig: Any, ax: Any) -> bool:
    """Whether ``ax``'s y axis (tick labels and label: the only part that changes width with the
    data) lies inside ``fig`` (about 6 ms, against about 65 ms for a constrained layout)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return bool(ax.yaxis.get_tightbbox(FigureCanvasAgg(fig).get_renderer()).x0 >= 1.0)


_MEASURES = ["mean_trust", "mean_level", "influence_gini", "membership", "mean_commitment", "mean_capacity"]


def summary_html(finals: dict[str, dict[str, Any]], times: dict[str, pd.Series]) -> str:
    """A small table of the ensembles' end states (one column per ensemble)."""
    def cell(v: Any, fmt: str = "{:.2f}") -> str:
        return "n/a" if v is None else fmt.format(v)

    rows = [("final mean trust", {k: cell(f["mean_trust"]) for k, f in finals.items()}),
            ("influence Gini", {k: cell(f["influence_gini"]) for k, f in finals.items()}),
            ("members", {k: cell(f["membership"], "{:.1f}") for k, f in finals.items()})]
    for s in STAGES:
        rows.append((f"runs at {s}", {k: f"{f['stage_shares'][s]:.0%}" for k, f in finals.items()}))
    med = {}
    for k, t in times.items():
        med[k] = f"{t.median():.0f}" if t.notna().mean() >= 0.5 else "not in most runs"
    rows.append(("median period reaching co-ordination", med))
    head = "".join(f"<th>{html.escape(k)}</th>" for k in finals)
    body = "".join(f"<tr><td>{html.escape(name)}</td>" + "".join(f"<td>{html.escape(v[k])}</td>" for k in finals)
                   + "</tr>" for name, v in rows)
    return f"<table class='clsp-dynamics-table'><tr><th></th>{head}</tr>{body}</table>"


class DynamicsExplorer:
    """Explore the simulated dynamics of a partnership with sliders.

    Parameters
    ----------
    partnership
        A partnership to explore (otherwise ``case``, or the synthetic example).
    case
        The name of a shipped case study to start from.
    runs, periods, seed
        Initial ensemble size, horizon and seed.
    draw
        Draw figures (turn off for fast headless use).

    Attributes
    ----------
    source, strategy, compare, sliders, runs, periods, seed, measure
        The controls (``sliders`` maps a parameter name to its slider; each is also an attribute).
    params
        The :class:`~clsp_research.dynamics.Parameters` of the last update.
    results, final, reached
        Per ensemble label (``"small wins"``, ``"flagship"``): the simulated frame, its
        :func:`~clsp_research.dynamics.final_summary` and the first period each run reached
        co-ordination.
    widget
        The whole app.
    """

    def __init__(self, partnership: Any = None, case: str | None = None, runs: int = 100, periods: int = 40,
                 seed: int = 0, draw: bool = True) -> None:
        self._given = partnership
        self.draw = draw
        options = ([_GIVEN] if partnership is not None else []) + case_studies() + [SYNTHETIC]
        start = _GIVEN if partnership is not None else case if case in options else SYNTHETIC
        self.source = w.Dropdown(options=options, value=start, description="Partnership",
                                 style={"description_width": "initial"})
        self.strategy = w.ToggleButtons(options=[("small wins", "small_wins"), ("flagship", "flagship")],
                                        value="small_wins", description="Strategy")
        self.compare = w.Checkbox(value=False, description="compare both strategies", indent=False)
        self.sliders: dict[str, w.FloatSlider] = {}
        for name, (lo, hi, step) in SLIDERS.items():
            s = w.FloatSlider(value=PARAMETERS[name].default, min=lo, max=hi, step=step,
                              description=name.replace("_", " "), continuous_update=False,
                              style={"description_width": "initial"}, readout_format=".3g")
            s.tooltip = PARAMETERS[name].meaning
            s.add_class(f"clsp-dynamics-{name.replace('_', '-')}")
            self.sliders[name] = s
            setattr(self, name, s)
        self.runs = w.IntSlider(value=runs, min=10, max=1000, step=10, description="runs", continuous_update=False)
        self.periods = w.IntSlider(value=periods, min=4, max=120, step=4, description="periods",
                                   continuous_update=False)
        self.seed = w.IntText(value=seed, description="seed", layout=w.Layout(width="12em"))
        self.measure = w.Dropdown(options=[(m.replace("_", " "), m) for m in _MEASURES], value="mean_trust",
                                  description="Measure")
        self.summary = w.HTML()
        self.summary.add_class("clsp-dynamics-summary")
        self.out = w.Output()
        self.out.add_class("clsp-dynamics-figure")
        self.structure: Structure | None = None
        self.params: Parameters | None = None
        self.results: dict[str, pd.DataFrame] = {}
        self.final: dict[str, dict[str, Any]] = {}
        self.reached: dict[str, pd.Series] = {}
        self._ensembles: OrderedDict[Hashable, tuple[pd.DataFrame, dict[str, Any], pd.Series]] = OrderedDict()
        self._figures: OrderedDict[Hashable, bytes] = OrderedDict()
        self._layouts: dict[Hashable, list[Any]] = {}
        self._shown: tuple[Hashable, ...] = ()
        self.source.observe(self._load, names="value")
        for c in (self.strategy, self.compare, self.runs, self.periods, self.seed, *self.sliders.values()):
            c.observe(self._update, names="value")
        self.measure.observe(self._redraw, names="value")
        controls = w.VBox([self.source, self.strategy, self.compare, *self.sliders.values(),
                           w.HBox([self.runs, self.periods, self.seed]), self.measure])
        self.widget = w.VBox([controls, self.summary, self.out])
        self.widget.add_class("clsp-dynamics-explorer")
        self._load()

    # -- callbacks ------------------------------------------------------------------------
    def _partnership(self) -> Any:
        if self.source.value == _GIVEN:
            return self._given
        if self.source.value == SYNTHETIC:
            from ..partnership.synthetic import synthetic_partnership

            return synthetic_partnership(30, seed=1, name="Illustrative synthetic partnership (30 members)")
        return load_case_study(self.source.value)

    def _load(self, change: object = None) -> None:
        self.structure = compile_structure(self._partnership())
        self._update()

    def _update(self, change: object = None) -> None:
        if self.structure is None:
            return
        self.params = Parameters(**{name: s.value for name, s in self.sliders.items()})
        strategies = ("small_wins", "flagship") if self.compare.value else (self.strategy.value,)
        self.results, self.final, self.reached = {}, {}, {}
        setting = (self.source.value, tuple(s.value for s in self.sliders.values()), self.periods.value,
                   self.runs.value, self.seed.value)
        for st in strategies:
            label = _LABELS[st]
            df, fin, when = _remember(self._ensembles, (*setting, st), lambda st=st: self._ensemble(st))
            self.results[label], self.final[label], self.reached[label] = df, fin, when
        self._shown = tuple((*setting, st) for st in strategies)
        self.summary.value = summary_html(self.final, self.reached)
        self._redraw()

    def _ensemble(self, strategy: str) -> tuple[pd.DataFrame, dict[str, Any], pd.Series]:
        """One seeded ensemble of the current settings, its end state and when each run reached co-ordination."""
        assert self.structure is not None and self.params is not None
        df = simulate(self.structure, periods=self.periods.value, runs=self.runs.value, seed=self.seed.value,
                      parameters=self.params, strategy=strategy)
        return df, final_summary(df), reached(df, "co-ordination")

    def _redraw(self, change: object = None) -> None:
        if not self.draw or not self.results:
            return
        label = _LABELS[self.strategy.value]
        label = label if label in self.results else next(iter(self.results))
        svg = _remember(self._figures, (self._shown, self.measure.value, label), lambda: self._figure(label))
        self.out.clear_output(wait=True)
        with self.out:
            show_svg(svg)

    def _figure(self, label: str) -> bytes:
        """The trajectories of the shown ensembles and the placements of ``label``'s, as SVG."""
        from matplotlib.figure import Figure

        from ..plotting.dynamics import plot_stage_shares, plot_trajectories

        where = len(self.results)  # one or two ensembles: the legends differ
        laid_out = self._layouts.get(where)
        both = pd.concat([df.assign(ensemble=k) for k, df in self.results.items()], ignore_index=True)
        fig = Figure(figsize=(11, 3.6), layout=None if laid_out else "constrained")
        axes = fig.subplots(1, 2)
        plot_trajectories(both, self.measure.value, by="ensemble", ax=axes[0])
        plot_stage_shares(self.results[label], ax=axes[1], title=f"Placement on the continuum ({label})")
        if laid_out:
            for ax, box in zip(axes, laid_out, strict=True):
                ax.set_position(box)
            if not _fits(fig, axes[0]):  # wider tick labels than the figure this layout was made for
                del self._layouts[where]  # (axes placed by hand stay out of a layout engine: start again)
                return self._figure(label)
        svg = chart_svg(fig)
        if not laid_out:
            self._layouts[where] = [ax.get_position() for ax in axes]
        return svg
