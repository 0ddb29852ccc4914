"""Parameter sweeps: every combination of a grid, serially, on local cores or on a Dask cluster.

Each point of the grid is one task that simulates ``runs`` runs. Point ``k`` draws from
the ``k``-th child of ``numpy.random.SeedSequence(seed)``, so the result is the same
whichever backend ran it and however many workers it had.

Backends
--------
``"serial"``
    In this process (the default for a single point or ``workers=1``).
``"local"`` (default)
    A :class:`concurrent.futures.ProcessPoolExecutor` over the local cores (``spawn``
    start method: safe in notebooks and with threads).
``"dask"``
    A Dask :class:`distributed.Client`: ``scheduler`` (an address such as
    ``"tcp://10.0.0.5:8786"``, or a ``Client``) when given; else the default Client already
    open in this process (reused, left open: no second cluster starts); else the scheduler in
    Dask's configuration (the ``DASK_SCHEDULER_ADDRESS`` environment variable); else an embedded
    :class:`distributed.LocalCluster` that is closed at the end. Giving ``scheduler``, or
    setting ``DASK_SCHEDULER_ADDRESS``, selects this backend. Every sweep scatters the
    partnership under a fresh key, so repeated sweeps on one Client never share one. Workers
    must be able to import this package: if one cannot, the sweep stops at once with
    :class:`WorkerImportError`, whose message gives the fix (:data:`WORKER_FIX`).

Examples
--------
>>> from clsp_research.partnership.synthetic import synthetic_partnership
>>> res = sweep(synthetic_partnership(15, seed=1), {"funding": [0.0, 0.1], "strategy": ["small_wins", "flagship"]},
...             periods=4, runs=5, seed=2, backend="serial", progress=False)
>>> res.groupby(["funding", "strategy"]).size().tolist()
[5, 5, 5, 5]
>>> len(grid_points({"turnover": [0.0, 0.1, 0.2], "funding": [0, 0.1]}))
6
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import CLSPError, CLSPInputError, UnknownValueError
from .ensemble import _as_params, _check_counts, _check_seed, _simulate_structure, run_summary
from .model import Structure, compile_structure
from .parameters import PARAMETERS, Parameters

if TYPE_CHECKING:  # pragma: no cover
    from ..partnership.model import Partnership

__all__ = ["BACKENDS", "WORKER_FIX", "WorkerImportError", "grid_points", "sweep"]

#: Where a sweep can run.
BACKENDS: tuple[str, ...] = ("serial", "local", "dask")


def grid_points(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of the grid's values (the last name varies fastest), validated.

    Raises :class:`~clsp_research.errors.CLSPInputError` for an unknown parameter name or
    a value out of its range, naming the parameter and what is expected.
    """
    names = list(grid)
    for name in names:
        if name not in PARAMETERS:
            raise UnknownValueError.for_value(name, tuple(PARAMETERS), "parameter")
    values = []
    for name in names:
        vals = grid[name]
        if isinstance(vals, str) or not isinstance(vals, Sequence | np.ndarray) or len(vals) == 0:
            raise CLSPInputError(f"expected a non-empty list of values, found {vals!r}", field=name)
        spec = PARAMETERS[name]
        values.append([v if (v is None and spec.optional) else spec.check(v.item() if hasattr(v, "item") else v)
                       for v in vals])
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values)]


def _task(structure: Structure, params: Parameters, periods: int, runs: int, seed: np.random.SeedSequence,
          keep: str) -> pd.DataFrame:
    df = _simulate_structure(structure, params, periods, runs, seed)
    return df if keep == "all" else run_summary(df)


class _Progress:
    """A progress reporter: a tqdm bar (a widget in notebooks), a callback, or nothing."""

    def __init__(self, total: int, progress: bool | Callable[[int, int], Any] | None, desc: str) -> None:
        self.total, self.done, self.bar, self.callback = total, 0, None, None
        if callable(progress) and not isinstance(progress, bool):
            self.callback = progress
            return
        if progress is None:
            progress = _interactive()
        if progress:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, desc=desc, unit="point")

    def update(self) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        if self.callback is not None:
            self.callback(self.done, self.total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _interactive() -> bool:
    if "ipykernel" in sys.modules:
        return True
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def sweep(
    partnership: Partnership | Structure,
    grid: Mapping[str, Sequence[Any]],
    periods: int = 40,
    runs: int = 100,
    seed: int | np.random.SeedSequence = 0,
    parameters: Parameters | dict[str, Any] | None = None,
    backend: str = "local",
    workers: int | None = None,
    scheduler: Any = None,
    progress: bool | Callable[[int, int], Any] | None = None,
    keep: str = "runs",
    dask_options: Mapping[str, Any] | None = None,
    **fixed: Any,
) -> pd.DataFrame:
    """Simulate every point of a parameter grid; return the results as one frame.

    Parameters
    ----------
    partnership
        The partnership to start from (or a compiled :class:`~clsp_research.dynamics.model.Structure`).
    grid
        Parameter name -> list of values, e.g. ``{"funding": [0, 0.1, 0.2], "strategy": ["small_wins", "flagship"]}``.
    periods, runs, seed
        As for :func:`~clsp_research.dynamics.ensemble.simulate`; ``runs`` per point.
    parameters, **fixed
        Values of the parameters the grid does not vary.
    backend
        ``"serial"``, ``"local"`` (process pool, the default) or ``"dask"``; see the module docstring.
    workers
        Processes (local) or Dask workers of an embedded cluster; default: the number of cores.
    scheduler
        A Dask scheduler address or ``distributed.Client``; implies ``backend="dask"``.
    progress
        ``True`` for a progress bar (tqdm in a terminal, a widget in a notebook), ``False`` for
        none, ``None`` (default) for a bar when interactive, or a callable ``f(done, total)``.
    keep
        ``"runs"`` (default): one row per point and run with the last period's measures and
        ``reached_<stage>`` (first period at each stage); ``"all"``: every period.
    dask_options
        Keyword arguments for the embedded ``LocalCluster`` (e.g. ``{"processes": False}``).

    Returns
    -------
    pandas.DataFrame
        The grid's parameters as the first columns, then ``point``, ``run`` and the measures.
    """
    periods, runs = _check_counts(periods, runs)
    seed = _check_seed(seed)
    if keep not in ("runs", "all"):
        raise UnknownValueError.for_value(keep, ("runs", "all"), "keep option", field="keep")
    if scheduler is not None or (backend == "local" and os.environ.get("DASK_SCHEDULER_ADDRESS")):
        backend = "dask"
    if backend not in BACKENDS:
        raise UnknownValueError.for_value(backend, BACKENDS, "backend", field="backend")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise CLSPInputError(f"expected a whole number of at least 1, found {workers!r}", field="workers")
    base = _as_params(parameters, fixed)
    points = grid_points(grid)
    structure = partnership if isinstance(partnership, Structure) else compile_structure(partnership)
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    seeds = root.spawn(len(points))
    tasks = [(base.replace(**pt), periods, runs, seeds[k], keep) for k, pt in enumerate(points)]
    bar = _Progress(len(tasks), progress, desc=f"sweep ({backend})")
    try:
        if backend == "dask":
            frames = _run_dask(structure, tasks, bar, workers, scheduler, dict(dask_options or {}))
        elif backend == "local" and len(tasks) > 1 and (workers or os.cpu_count() or 1) > 1:
            frames = _run_local(structure, tasks, bar, workers or os.cpu_count() or 1)
        else:
            frames = []
            for t in tasks:
                frames.append(_task(structure, *t))
                bar.update()
    finally:
        bar.close()
    names = list(grid)
    out = []
    for k, (pt, frame) in enumerate(zip(points, frames, strict=True)):
        frame = frame.copy()
        frame.insert(0, "point", k)
        for j, name in enumerate(names):
            frame.insert(j, name, pt[name])
        out.append(frame)
    result = pd.concat(out, ignore_index=True)
    result.attrs.update({"partnership": structure.name, "seed": seed, "grid": {n: list(grid[n]) for n in names},
                         "parameters": base.to_dict(), "backend": backend})
    return result


def _run_local(structure: Structure, tasks: list[tuple], bar: _Progress, workers: int) -> list[pd.DataFrame]:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed

    frames: list[pd.DataFrame | None] = [None] * len(tasks)
    with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), mp_context=mp.get_context("spawn")) as ex:
        futures = {ex.submit(_task, structure, *t): k for k, t in enumerate(tasks)}
        for fut in as_completed(futures):
            frames[futures[fut]] = fut.result()
            bar.update()
    return frames  # type: ignore[return-value]


#: What a user whose Dask workers cannot import the package should do (the message names it).
WORKER_FIX = (
    "install the package on every worker, the same version as here (pip install clsp-research=={version}, or "
    "pip install the same checkout), or upload it from this machine with Dask's upload plugin: "
    "from distributed.diagnostics.plugin import UploadDirectory; "
    "client.register_plugin(UploadDirectory('PATH/TO/CHECKOUT', update_path=True))"
)


class WorkerImportError(CLSPError):
    """The Dask workers cannot import ``clsp_research``."""


def _worker_error(where: str, detail: str) -> WorkerImportError:
    from importlib.metadata import PackageNotFoundError, version

    try:
        __version__ = version("clsp-research")
    except PackageNotFoundError:  # a checkout that was never installed
        __version__ = "VERSION"
    return WorkerImportError(f"the Dask workers of {where} cannot import clsp_research ({detail}); "
                             + WORKER_FIX.format(version=__version__))


def _dask_client(scheduler: Any, workers: int | None, options: dict[str, Any]) -> tuple[Any, Any, bool]:
    """(client, cluster to close or None, whether the client is ours to close).

    In order: the ``scheduler`` given (a ``Client`` or an address); the default Client already open in
    this process (``distributed.default_client()``, never a second cluster); the address in Dask's
    configuration (``DASK_SCHEDULER_ADDRESS`` or ``scheduler-address``); else an embedded LocalCluster.
    """
    import dask
    from distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        return scheduler, None, False
    if scheduler is None:
        try:
            from distributed import default_client

            return default_client(), None, False
        except ValueError:  # no Client open
            pass
        scheduler = dask.config.get("scheduler-address", None) or os.environ.get("DASK_SCHEDULER_ADDRESS")
    if scheduler:
        try:
            return Client(scheduler, timeout=options.pop("timeout", "10s")), None, True
        except (OSError, TimeoutError) as exc:
            raise CLSPInputError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); check the address "
                                 "(tcp://HOST:8786) and that the scheduler is running", field="scheduler") from None
    options.setdefault("n_workers", workers or os.cpu_count() or 1)
    options.setdefault("threads_per_worker", 1)
    options.setdefault("dashboard_address", None)
    cluster = LocalCluster(**options)
    return Client(cluster), cluster, True


def _check_workers(client: Any) -> None:
    """Raise :class:`WorkerImportError` if a worker cannot import the package (one round trip)."""
    import importlib

    answers = client.run(importlib.import_module, "clsp_research.dynamics.sweep", on_error="return")
    for worker, answer in answers.items():
        if isinstance(answer, BaseException):
            raise _worker_error(client.scheduler.address, f"worker {worker}: {answer!r}")


def _run_dask(structure: Structure, tasks: list[tuple], bar: _Progress, workers: int | None, scheduler: Any,
              options: dict[str, Any]) -> list[pd.DataFrame]:
    from distributed import as_completed

    client, cluster, own_client = _dask_client(scheduler, workers, options)
    futures: list[Any] = []
    remote = None
    try:
        _check_workers(client)
        # hash=False: a fresh key for every sweep. A content-hashed key is shared by repeated sweeps of one
        # structure, and a re-run could pick up the key while the previous sweep's release was still in
        # flight ("lost dependencies"). Task keys are random too (pure=False).
        remote = client.scatter(structure, broadcast=True, hash=False)
        futures = [client.submit(_task, remote, *t, pure=False) for t in tasks]
        index = {f.key: k for k, f in enumerate(futures)}
        frames: list[pd.DataFrame | None] = [None] * len(tasks)
        for fut in as_completed(futures):
            try:
                frames[index[fut.key]] = fut.result()
            except ModuleNotFoundError as exc:
                if (exc.name or "").startswith("clsp_research"):
                    raise _worker_error(client.scheduler.address, repr(exc)) from None
                raise
            bar.update()
        return frames  # type: ignore[return-value]
    finally:
        if not own_client:  # a Client we borrowed stays open: release what this sweep put on it
            client.cancel([*futures, *([remote] if remote is not None else [])])
        del futures, remote
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()
