"""Sweeps over parameter grids: the same result serially, on local processes and through Dask."""

from __future__ import annotations

import pytest

from clsp_research import dynamics as d
from clsp_research.errors import CLSPInputError
from clsp_research.partnership.synthetic import synthetic_partnership

GRID = {"funding": [0.0, 0.1], "strategy": ["small_wins", "flagship"]}


@pytest.fixture(scope="module")
def structure() -> d.Structure:
    return d.compile_structure(synthetic_partnership(15, seed=3))


@pytest.fixture(scope="module")
def serial(structure):
    return d.sweep(structure, GRID, periods=6, runs=5, seed=9, backend="serial", progress=False)


def test_a_sweep_has_one_row_per_point_and_run_with_the_grid_as_columns(serial):
    assert list(serial.columns[:3]) == ["funding", "strategy", "point"]
    assert len(serial) == 4 * 5
    assert serial.groupby(["funding", "strategy"]).size().tolist() == [5, 5, 5, 5]
    assert serial["point"].tolist() == [k for k in range(4) for _ in range(5)]
    assert {"mean_trust", "stage", "reached_co-ordination", "influence_gini"} <= set(serial.columns)
    assert serial.attrs["grid"] == GRID


def test_each_point_is_its_own_seeded_simulation(structure, serial):
    # point k draws from the k-th child of SeedSequence(seed), whatever the grid around it
    import numpy as np

    child = np.random.SeedSequence(9).spawn(4)[3]
    alone = d.run_summary(d.simulate(structure, periods=6, runs=5, seed=child, funding=0.1, strategy="flagship"))
    point = serial[serial.point == 3].drop(columns=["funding", "strategy", "point"]).reset_index(drop=True)
    assert point.equals(alone)


def test_local_processes_give_the_serial_result(structure, serial):
    calls = []
    local = d.sweep(structure, GRID, periods=6, runs=5, seed=9, backend="local", workers=2,
                    progress=lambda done, total: calls.append((done, total)))
    assert local.equals(serial)
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_a_dask_local_cluster_gives_the_serial_result(structure, serial):
    pytest.importorskip("distributed")
    res = d.sweep(structure, GRID, periods=6, runs=5, seed=9, backend="dask", workers=1,
                  dask_options={"processes": False}, progress=False)
    assert res.equals(serial)


def test_the_default_embedded_dask_cluster_runs_worker_processes(structure, serial):
    # the default LocalCluster starts worker processes: the structure and parameters travel by pickle
    pytest.importorskip("distributed")
    res = d.sweep(structure, GRID, periods=6, runs=5, seed=9, backend="dask", workers=1, progress=False)
    assert res.attrs["backend"] == "dask"
    assert res.equals(serial)


def test_a_given_dask_client_is_used_and_left_open(structure, serial):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        res = d.sweep(structure, GRID, periods=6, runs=5, seed=9, scheduler=client, progress=False)
        assert res.attrs["backend"] == "dask"
        assert res.equals(serial)
        assert client.status == "running"


def test_keep_all_returns_every_period(structure):
    res = d.sweep(structure, {"turnover": [0.0, 0.2]}, periods=3, runs=2, seed=1, backend="serial",
                  keep="all", progress=False)
    assert len(res) == 2 * 2 * 4
    assert sorted(res["period"].unique()) == [0, 1, 2, 3]


def test_bad_grids_are_input_errors(structure):
    with pytest.raises(CLSPInputError, match="unknown parameter 'fundng'"):
        d.sweep(structure, {"fundng": [0.1]}, backend="serial")
    with pytest.raises(CLSPInputError, match="funding: expected a number from 0 to 10"):
        d.sweep(structure, {"funding": [0.1, -1]}, backend="serial")
    with pytest.raises(CLSPInputError, match="non-empty list"):
        d.sweep(structure, {"funding": []}, backend="serial")
    with pytest.raises(CLSPInputError, match="serial, local, dask"):
        d.sweep(structure, {"funding": [0.1]}, backend="cloud")
    with pytest.raises(CLSPInputError, match="runs, all"):
        d.sweep(structure, {"funding": [0.1]}, keep="final")
