"""Small pieces the figure modules share: the Axes to draw on, tick labels, PNG rendering.

matplotlib is imported inside the functions, so importing this module stays light.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

__all__ = ["axes", "label", "render_png"]


def axes(ax: Any, size: tuple[float, float]) -> Any:
    """``ax`` itself, or the Axes of a new pyplot figure of ``size`` inches when ``ax`` is ``None``.

    Parameters
    ----------
    ax
        The Axes a caller passed (``None``: make one).
    size
        ``(width, height)`` in inches of the new figure.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = axes(None, (4, 3))
    >>> ax.figure.get_size_inches().tolist()
    [4.0, 3.0]
    >>> axes(ax, (9, 9)) is ax
    True
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size)
    return ax


def label(x: Any) -> str:
    """A tick or legend label for an id: underscores read as spaces.

    Examples
    --------
    >>> label("legal_aid")
    'legal aid'
    """
    return str(x).replace("_", " ")


def render_png(draw: Callable[[Any], Any], size: tuple[float, float], *, dpi: int,
               margins: dict[str, float] | None = None) -> bytes:
    """Render ``draw(ax)`` on a new pyplot-free figure and return the PNG bytes.

    Parameters
    ----------
    draw
        Called with the figure's single Axes.
    size
        ``(width, height)`` in inches.
    dpi
        Resolution.
    margins
        Fixed margins for ``Figure.subplots_adjust`` (``left``, ``bottom``, ``right``, ``top``);
        ``None`` fits them with ``tight_layout`` (an extra drawing pass).

    Returns
    -------
    bytes
        The PNG image.

    Examples
    --------
    >>> data = render_png(lambda ax: ax.plot([0, 1], [1, 0]), (2, 1.5), dpi=50)
    >>> data[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=dpi)
    ax = fig.subplots()
    draw(ax)
    if margins is None:
        fig.tight_layout()
    else:
        fig.subplots_adjust(**margins)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
