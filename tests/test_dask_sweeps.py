"""Dask sweeps that behave like Dask: fresh keys, the Client or scheduler the user has, a clear worker error."""

from __future__ import annotations

import importlib
import time

import pandas as pd
import pytest

from clsp_research import dynamics as d
from clsp_research.cli import main
from clsp_research.errors import CLSPInputError
from clsp_research.partnership.synthetic import synthetic_partnership

distributed = pytest.importorskip("distributed")
sweep_mod = importlib.import_module("clsp_research.dynamics.sweep")

GRID = {"turnover": [0.0, 0.2], "strategy": ["small_wins", "flagship"]}


@pytest.fixture(scope="module")
def structure():
    return d.compile_structure(synthetic_partnership(10, seed=5))


@pytest.fixture(scope="module")
def serial(structure):
    return d.sweep(structure, GRID, periods=3, runs=2, seed=4, backend="serial", progress=False)


@pytest.fixture
def cluster():
    c = distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None)
    yield c
    c.close()


@pytest.fixture
def no_new_cluster(monkeypatch):
    """Fail if a sweep starts a LocalCluster of its own."""
    def refuse(*a, **k):
        raise AssertionError("a second cluster was started")

    monkeypatch.setattr(distributed, "LocalCluster", refuse)


@pytest.mark.slow  # about 0.1 s a sweep on an idle core; 20 s on the shared 2-core machine under load 25
def test_fifty_repeated_sweeps_on_one_client_all_finish_and_agree(structure, serial, cluster):
    with distributed.Client(cluster) as client:
        start = time.perf_counter()
        for _ in range(50):
            res = d.sweep(structure, GRID, periods=3, runs=2, seed=4, scheduler=client, progress=False)
            pd.testing.assert_frame_equal(res.reset_index(drop=True), serial.reset_index(drop=True),
                                          check_like=False)
        elapsed = time.perf_counter() - start
        assert client.status == "running"  # a Client we were given stays open
        assert not client.who_has(), "a sweep left data on the borrowed Client"
    assert elapsed < 120, f"50 sweeps took {elapsed:.0f} s"


def test_each_sweep_scatters_under_a_fresh_key(structure, cluster, monkeypatch):
    seen = []
    real = distributed.Client.scatter

    def spy(self, data, *a, **k):
        fut = real(self, data, *a, **k)
        seen.append((k.get("hash"), fut.key))
        return fut

    monkeypatch.setattr(distributed.Client, "scatter", spy)
    with distributed.Client(cluster) as client:
        for _ in range(2):
            d.sweep(structure, GRID, periods=2, runs=1, seed=1, scheduler=client, progress=False)
    assert [h for h, _ in seen] == [False, False] and seen[0][1] != seen[1][1]


def test_an_open_default_client_is_used_and_left_open(structure, serial, cluster, no_new_cluster):
    with distributed.Client(cluster) as client:
        res = d.sweep(structure, GRID, periods=3, runs=2, seed=4, backend="dask", progress=False)
        assert res.equals(serial) and client.status == "running"


def test_dask_scheduler_address_is_honoured(structure, serial, cluster, monkeypatch, no_new_cluster):
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.scheduler_address)
    res = d.sweep(structure, GRID, periods=3, runs=2, seed=4, progress=False)  # default backend
    assert res.attrs["backend"] == "dask" and res.equals(serial)


def test_workers_without_the_package_get_the_documented_fix(structure, cluster, monkeypatch):
    # a worker that cannot import the package answers the probe with ModuleNotFoundError
    def run(self, func, *args, on_error="raise", **kw):
        return {"tcp://10.0.0.9:40000": ModuleNotFoundError("No module named 'clsp_research'",
                                                            name="clsp_research")}

    monkeypatch.setattr(distributed.Client, "run", run)
    with distributed.Client(cluster) as client, pytest.raises(sweep_mod.WorkerImportError) as exc:
        d.sweep(structure, GRID, periods=2, runs=1, scheduler=client, progress=False)
    msg = str(exc.value)
    assert "cannot import clsp_research" in msg and "tcp://10.0.0.9:40000" in msg
    assert "pip install clsp-research==" in msg and "UploadDirectory" in msg and "register_plugin" in msg


def test_an_unreachable_scheduler_is_a_clear_error(structure):
    with pytest.raises(CLSPInputError) as exc:
        d.sweep(structure, GRID, periods=2, runs=1, scheduler="tcp://127.0.0.1:1", progress=False,
                dask_options={"timeout": "1s"})
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in str(exc.value)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_clsp_sweep_on_a_scheduler_writes_the_table(cluster, tmp_path, capsys, suffix):
    out = tmp_path / f"results{suffix}"
    code = main(["sweep", "talking_shop", "--grid", "turnover=0,0.1,0.2", "--grid", "strategy=small_wins,flagship",
                 "--runs", "2", "--periods", "3", "--seed", "7", "--scheduler", cluster.scheduler_address,
                 "--out", str(out)])
    assert code == 0 and "6 points x 2 runs = 12 rows" in capsys.readouterr().out
    df = pd.read_csv(out) if suffix == ".csv" else pd.read_json(out, lines=True)
    assert list(df.columns[:3]) == ["turnover", "strategy", "point"] and len(df) == 12
    from clsp_research.partnership.datasets import load_case_study

    grid = {"turnover": [0, 0.1, 0.2], "strategy": ["small_wins", "flagship"]}
    local = d.sweep(load_case_study("talking_shop"), grid, periods=3, runs=2, seed=7, backend="serial",
                    progress=False)
    assert df["mean_trust"].round(10).tolist() == local["mean_trust"].round(10).tolist()


@pytest.mark.parametrize(("args", "message"), [
    (["--grid", "turnover"], "expected NAME=VALUE1,VALUE2"),
    (["--grid", "nope=1,2"], "unknown parameter 'nope'"),
    (["--grid", "turnover=0,7"], "turnover"),
    (["--grid", "turnover=0", "--out", "x.xlsx"], "unknown table suffix"),
])
def test_clsp_sweep_errors(tmp_path, capsys, args, message, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = ["sweep", "talking_shop", "--runs", "1", "--periods", "2", "--no-progress", "--workers", "1", *args]
    if "--out" not in args:
        argv += ["--out", "r.csv"]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1 and message in err and "Traceback" not in err
    assert not (tmp_path / "r.csv").exists()
