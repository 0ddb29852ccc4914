"""The dynamics explorer controller, driven headlessly."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from clsp_research.dynamics import STAGES, simulate
from clsp_research.partnership.synthetic import synthetic_partnership
from clsp_research.ui.dynamics import SYNTHETIC, DynamicsExplorer, summary_html


@pytest.fixture
def app() -> DynamicsExplorer:
    return DynamicsExplorer(runs=30, periods=20, draw=False)


def test_starts_with_one_ensemble_of_the_synthetic_partnership(app):
    assert app.source.value == SYNTHETIC
    assert list(app.results) == ["small wins"]
    df = app.results["small wins"]
    assert df.run.nunique() == 30 and df.period.max() == 20
    assert sum(app.final["small wins"]["stage_shares"].values()) == pytest.approx(1.0)
    assert "clsp-dynamics-table" in app.summary.value


def test_sliders_rerun_the_ensemble_with_the_new_parameters(app):
    before = app.final["small wins"]["mean_trust"]
    app.turnover.value = 0.3
    assert app.params.turnover == 0.3
    assert app.final["small wins"]["mean_trust"] < before
    app.funding.value = 0.0
    app.initial_trust.value = 0.2
    assert app.params.funding == 0.0 and app.params.initial_trust == 0.2
    # the stored result is exactly the seeded simulation of those parameters
    again = simulate(app.structure, periods=20, runs=30, seed=0, parameters=app.params, strategy="small_wins")
    assert app.results["small wins"].equals(again)


def test_comparing_strategies_runs_both_with_the_same_seed(app):
    app.initial_trust.value = 0.3
    app.compare.value = True
    assert list(app.results) == ["small wins", "flagship"]
    assert set(app.reached) == {"small wins", "flagship"}
    assert "flagship" in app.summary.value
    app.compare.value = False
    app.strategy.value = "flagship"
    assert list(app.results) == ["flagship"]


def test_a_given_partnership_and_a_case_study_can_be_explored():
    p = synthetic_partnership(12, seed=5, name="My <b>partnership</b>")
    app = DynamicsExplorer(partnership=p, runs=10, periods=8, draw=False)
    assert app.structure.name == p.name
    from clsp_research.partnership.datasets import case_studies

    names = case_studies()
    if names:
        app.source.value = names[0]
        assert app.structure.name != p.name and app.results


def test_drawing_keeps_results_and_does_not_fail():
    app = DynamicsExplorer(runs=10, periods=8, draw=True)
    app.measure.value = "influence_gini"
    app.compare.value = True
    assert set(app.results) == {"small wins", "flagship"}


def test_summary_escapes_labels_and_reports_medians():
    import pandas as pd

    finals = {"<x>": {"mean_trust": 0.5, "influence_gini": None, "membership": 3.0,
                      "stage_shares": dict.fromkeys(STAGES, 0.25)}}
    out = summary_html(finals, {"<x>": pd.Series([1.0, 2.0, 3.0])})
    assert "&lt;x&gt;" in out and "<x>" not in out
    assert "n/a" in out and ">2<" in out


def test_back_and_forth_reuses_ensembles_and_figures_and_labels_stay_inside(monkeypatch):
    import clsp_research.ui.dynamics as dyn

    made = []
    real = dyn.simulate
    monkeypatch.setattr(dyn, "simulate", lambda *a, **k: made.append(k["strategy"]) or real(*a, **k))
    app = DynamicsExplorer(runs=20, periods=12, draw=True)
    app.turnover.value = 0.3
    first = app.results["small wins"]
    figure = app._figures[(app._shown, "mean_trust", "small wins")]
    app.turnover.value = 0.1
    app.turnover.value = 0.3
    assert app.results["small wins"] is first and len(made) == 3  # the return to 0.3 re-ran nothing
    assert app._figures[(app._shown, "mean_trust", "small wins")] is figure
    # a layout kept for one measure is replaced when later tick labels would stick out of the figure
    from matplotlib.transforms import Bbox

    app._layouts[1] = [Bbox.from_bounds(0.0, 0.13, 0.45, 0.8), Bbox.from_bounds(0.5, 0.13, 0.38, 0.8)]
    app.measure.value = "membership"
    assert app._layouts[1][0].x0 > 0.02
    svg = app._figures[(app._shown, "membership", "small wins")].decode()
    assert ">members</text>" in svg  # text kept as text
