"""Warming the plotting libraries before the first click: ``warm_up()`` in a notebook's first cell.

The first chart a process draws pays for importing matplotlib (about 0.35 s on the
project's machine), pyplot, the font cache and the first PNG encoding (another 0.1 s).
Without warming, that cost lands inside the first widget callback that draws. A
notebook's first cell calls :func:`warm_up`, which does that work on a background
thread while the reader is still reading, so the first click answers as fast as the
later ones. Only pyplot-free matplotlib objects are drawn on the thread (pyplot's state
is not thread-safe); pyplot itself is only imported.

Then the warm-up collects the garbage and freezes what is left (:func:`gc.freeze`): the
imported libraries' objects, which live as long as the kernel, leave the garbage
collector's full passes. Charts are cyclic garbage that only those passes free, and a
pass that lands in a click then walks only the notebook's own objects: measured with ten
dynamics figures of garbage, 82 ms before, 28 ms after. Objects that are alive at the
freeze and become garbage in a cycle later are never freed; what exists during a
notebook's first cell is small and mostly lives to the end anyway.
"""

from __future__ import annotations

import gc
import threading

from ._common import render_png

__all__ = ["warm_up"]

_lock = threading.Lock()
_thread: threading.Thread | None = None


def _work() -> None:
    import matplotlib.pyplot  # noqa: F401  (imported for its cost only)

    def draw(ax):  # text, bars, lines and a legend: the pieces the workbench's charts use
        ax.bar(["a", "b"], [1, 2], label="bars")
        ax.plot([0, 1], [1, 0], label="line")
        ax.set_title("warm-up")
        ax.legend()

    render_png(draw, (2.0, 1.5), dpi=50)
    render_png(draw, (2.0, 1.5), dpi=50, margins={"left": 0.2, "bottom": 0.2, "right": 0.95, "top": 0.9})
    gc.collect()
    gc.freeze()


def warm_up(background: bool = True) -> threading.Thread:
    """Import matplotlib and pyplot and draw a small chart once, on a thread by default.

    The work is done once per process: later calls return the same thread.

    Parameters
    ----------
    background
        ``True``: start a daemon thread and return it at once (``join()`` it to wait);
        ``False``: wait until the work is done, then return the (finished) thread.

    Examples
    --------
    >>> t = warm_up()
    >>> t.join(timeout=60)
    >>> t.is_alive(), warm_up() is t, warm_up(background=False) is t
    (False, True, True)
    """
    global _thread
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_work, name="clsp-warm-up", daemon=True)
            _thread.start()
        thread = _thread
    if not background:
        thread.join()
    return thread
