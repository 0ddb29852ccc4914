"""Plumbing the controllers share (ipywidgets and IPython are imported inside the functions)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..plotting._common import chart_width

__all__ = ["chart_image", "chart_svg", "refilling", "show_svg"]


@contextmanager
def refilling(controller: Any) -> Iterator[None]:
    """Set ``controller._loading`` while its widgets are refilled, so that its observers stand still.

    A controller's observers return at once while ``_loading`` is true: setting a dropdown's
    options and value then does not redraw for every intermediate state. ``_loading`` is
    false again afterwards, even when refilling fails; the caller redraws once itself.

    Parameters
    ----------
    controller
        The controller whose ``_loading`` attribute to set.

    Examples
    --------
    >>> class C:
    ...     _loading = False
    >>> c = C()
    >>> with refilling(c):
    ...     c._loading
    True
    >>> c._loading
    False
    """
    controller._loading = True
    try:
        yield
    finally:
        controller._loading = False


def chart_image(size: tuple[float, float]) -> Any:
    """An ``Image`` widget for a chart of ``size`` inches drawn by
    :func:`~clsp_research.plotting._common.chart_png`: shown at its CSS width, never wider than
    its box, so that it is sharp on HiDPI screens.

    Examples
    --------
    >>> img = chart_image((8, 3.4))
    >>> img.width, img.layout.max_width, img.format
    ('576', '100%', 'png')
    """
    import ipywidgets as w

    return w.Image(format="png", width=str(chart_width(size)), layout=w.Layout(max_width="100%", height="auto"))


def chart_svg(fig: Any) -> bytes:
    """A matplotlib ``Figure`` as SVG with its text kept as text (``svg.fonttype: none``).

    Text as text is searchable and selectable, half the size of text drawn as outlines, and
    quicker to write; the browser draws it in the figure's sans-serif font at the display's
    resolution.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1))
    >>> _ = fig.subplots().set_title("Trust & time")
    >>> svg = chart_svg(fig)
    >>> svg.lstrip().startswith(b"<?xml") and b">Trust &amp; time</text>" in svg
    True
    """
    import io

    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format="svg")
    return buf.getvalue()


def show_svg(data: bytes) -> None:
    """Display SVG bytes (from :func:`chart_svg`) in an ``Output`` widget or a cell."""
    from IPython.display import SVG, display

    display(SVG(data))
