"""igraph's compiled betweenness, used by :func:`~.centrality.betweenness` for large amounts of work.

igraph (csardi2006) runs Brandes' algorithm (brandes2001) in C, one breadth-first search per
source with a queue; the numpy kernel of :mod:`.centrality` runs the same algorithm level by
level for batches of sources. On the same sources both give the same values (to rounding:
about 1e-15 relative), and both equal networkx's (``tests/test_measures_arrays.py``). igraph is
2.2-2.6 times faster (``scripts/bench_measures.py``: 51 against 125 ms for an exact run at
1,000 members, 141 against 315 ms for 500 sources at 5,000, graph building included), so
:func:`~.centrality.betweenness` hands it the work from :data:`IGRAPH_MIN_WORK` on, where the
time saved repays importing igraph (about 25 ms, once per process).

igraph's drawing modules import ``matplotlib.pyplot`` when they are imported, which would more
than double that cost (about 0.3 s) in a process that draws nothing, such as ``clsp assess``.
:func:`load_igraph` therefore imports igraph with matplotlib hidden when matplotlib has not
been imported yet, no chart is being readied in the background
(:func:`clsp_research.plotting.warm.warm_up`) and no other thread could be importing it; igraph
then has no plotting, which the workbench never asks of it. When igraph cannot be imported the
numpy kernel does all the work: the values are the same.

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

__all__ = ["IGRAPH_MIN_WORK", "igraph_betweenness", "load_igraph"]

#: Work (sources x (members + 2 pairs)) from which betweenness is computed by igraph. At this
#: size (an exact run at about 450 members) numpy takes about 25 ms, what importing igraph costs.
IGRAPH_MIN_WORK = 1_000_000

_lock = threading.Lock()
_igraph: ModuleType | None = None
_tried = False


def _matplotlib_may_load_meanwhile() -> bool:
    """Whether hiding matplotlib could fail an import of it elsewhere (see the module's docstring)."""
    if "matplotlib" in sys.modules:
        return True
    warm = sys.modules.get("clsp_research.plotting.warm")
    thread = getattr(warm, "_thread", None)
    if thread is not None and thread.is_alive():
        return True
    main = threading.main_thread()
    # A Jupyter kernel's own threads (heartbeat, messages) never import matplotlib; other threads may.
    return any(t is not main and t is not threading.current_thread() and not t.daemon for t in threading.enumerate())


def load_igraph() -> ModuleType | None:
    """The ``igraph`` module, imported once without its plotting when that is safe; None if absent.

    Examples
    --------
    >>> load_igraph() is None or hasattr(load_igraph(), "Graph")
    True
    """
    global _igraph, _tried
    with _lock:
        if _tried:
            return _igraph
        _tried = True
        hide = not _matplotlib_may_load_meanwhile()
        if hide:
            sys.modules["matplotlib"] = None  # type: ignore[assignment]  # makes ``import matplotlib`` fail
        try:
            import igraph
        except ImportError:
            igraph = None
        finally:
            if hide:
                del sys.modules["matplotlib"]
        if igraph is None and hide:  # a release that needs matplotlib at import: try once more with it
            try:
                import igraph
            except ImportError:
                igraph = None
        _igraph = igraph
        return _igraph


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
