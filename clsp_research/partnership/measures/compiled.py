"""igraph's compiled betweenness, used by :func:`~.centrality.betweenness` for large amounts of work.

igraph (csardi2006) runs Brandes' algorithm (brandes2001) in C, one breadth-first search per
source with a queue; the numpy kernel of :mod:`.centrality` runs the same algorithm level by
level for batches of sources. On the same sources both give the same values (to rounding:
about 1e-15 relative), and both equal networkx's (``tests/test_measures_arrays.py``). igraph is
2-3 times faster (``scripts/bench_measures.py``, the same sources: 2.8x at 500 members, 2.4x at
5,000, 1.9x at 20,000; igraph's graph is built in the time), so
:func:`~.centrality.betweenness` hands it the work from :data:`IGRAPH_MIN_WORK` on, where the
time saved repays importing igraph (below).

Importing igraph also imports ``matplotlib.pyplot`` (its drawing modules load it): about 25 ms
where pyplot is loaded already (a notebook: :func:`clsp_research.plotting.warm.warm_up`), about
0.3 s where it is not (``clsp``, a script). So igraph is imported, like renting before buying, once
the import is cheap or once the numpy kernel has spent :data:`IMPORT_COST` on large work in this
process (:func:`igraph_for_large_work`): a single large assessment from the command line stays
with numpy, repeated ones (a portfolio, resamples, a benchmark) move to igraph. (Hiding matplotlib from
igraph's import would make it cheap everywhere, but would leave igraph's own plotting broken for
the rest of the process, in a researcher's code too.) When igraph cannot be imported the numpy
kernel does all the work: the values are the same.

Examples
--------
>>> import numpy as np
>>> igraph_betweenness(3, np.array([0, 1]), np.array([1, 2]), None).tolist()  # the path 0-1-2
[0.0, 2.0, 0.0]
>>> igraph_betweenness(3, np.array([0, 1]), np.array([1, 2]), np.array([0])).tolist()  # from 0 only
[0.0, 1.0, 0.0]
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType

import numpy as np

__all__ = ["IGRAPH_MIN_WORK", "IMPORT_COST", "igraph_betweenness", "igraph_for_large_work", "load_igraph",
           "note_numpy_time", "spent_on_numpy"]

#: Work (sources x (members + 2 pairs)) from which betweenness is computed by igraph: an exact run
#: above about 450 members (where numpy takes about 25 ms), every sampled run above 1,000 members.
IGRAPH_MIN_WORK = 1_000_000

#: Seconds that importing igraph costs where matplotlib.pyplot is not loaded yet (0.27-0.31 s here).
IMPORT_COST = 0.3

_lock = threading.Lock()
_igraph: ModuleType | None = None
_tried = False
_numpy_seconds = 0.0  # spent by the numpy kernel on large work while igraph was not imported


def load_igraph() -> ModuleType | None:
    """The ``igraph`` module, imported on first use; None when it cannot be imported.

    Examples
    --------
    >>> load_igraph() is None or hasattr(load_igraph(), "Graph")
    True
    """
    global _igraph, _tried
    with _lock:
        if not _tried:
            _tried = True
            try:
                import igraph
            except ImportError:
                igraph = None
            _igraph = igraph
        return _igraph


def igraph_for_large_work() -> ModuleType | None:
    """igraph, if it is imported or worth importing now (see the module's docstring); else None.

    Examples
    --------
    >>> import sys
    >>> ig = igraph_for_large_work()
    >>> ig is None or "matplotlib.pyplot" in sys.modules or spent_on_numpy() >= IMPORT_COST
    True
    """
    cheap = _tried or "igraph" in sys.modules or "matplotlib.pyplot" in sys.modules  # imported, or pyplot is
    if not cheap and _numpy_seconds < IMPORT_COST:
        return None
    return load_igraph()


def note_numpy_time(seconds: float) -> None:
    """Count ``seconds`` of the numpy kernel's large work towards importing igraph."""
    global _numpy_seconds
    with _lock:
        _numpy_seconds += seconds


def spent_on_numpy() -> float:
    """Seconds of large work the numpy kernel has done in this process (:func:`note_numpy_time`)."""
    return _numpy_seconds


def igraph_betweenness(n: int, pair_u: np.ndarray, pair_v: np.ndarray, sources: np.ndarray | None) -> np.ndarray:
    """Brandes' dependencies from ``sources`` on the simple graph of pairs ``pair_u``-``pair_v``, by igraph.

    The same quantity as the numpy kernel ``centrality._brandes``: for each of the ``n`` nodes,
    the sum over the sources ``s`` (every node when ``sources`` is None) and all targets ``t`` of
    the share of shortest ``s``-``t`` paths through it, over ordered pairs. igraph counts each
    unordered pair of an undirected graph once, so its values are doubled here. Raises
    ImportError without igraph (:func:`load_igraph` is None).
    """
    ig = load_igraph()
    if ig is None:
        raise ImportError("igraph is not installed")
    g = ig.Graph(n=n, edges=np.column_stack((pair_u, pair_v)), directed=False)
    if sources is None:
        values = g.betweenness(directed=False)
    else:
        values = g.betweenness(directed=False, sources=np.asarray(sources).tolist())
    return 2.0 * np.asarray(values, dtype=np.float64)
