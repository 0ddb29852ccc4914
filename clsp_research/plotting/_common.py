"""Small pieces the figure modules share: the Axes to draw on, tick labels, PNG rendering, widget charts.

matplotlib is imported inside the functions, so importing this module stays light.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from typing import Any

from ..text import label as text_label

__all__ = ["SCREEN_DPI", "WIDGET_SCALE", "axes", "chart_png", "chart_width", "label", "plain", "render_png"]

#: CSS pixels per inch of a figure shown in a widget: an 8-inch chart is 576 CSS pixels wide.
SCREEN_DPI = 72
#: Device pixels per CSS pixel a widget chart is drawn for: 2 keeps it sharp on HiDPI ("retina")
#: screens, where a 72-dpi PNG is stretched to twice its size and blurs.
WIDGET_SCALE = 2


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


def plain(x: Any) -> str:
    """Text for matplotlib drawn as written: ``$`` would start mathematics (``$5 and $10``).

    Every name that comes from a user's file (partnership, member, person, area...) goes
    through this (or :func:`label`) before it reaches a title, label or tick. Inside
    :func:`render_png`, which turns maths off altogether, the text is left as it is.

    Examples
    --------
    >>> print(plain("$5 and $10"))
    \\$5 and \\$10
    """
    text = str(x)
    mpl = sys.modules.get("matplotlib")
    if mpl is not None and not mpl.rcParams["text.parse_math"]:
        return text  # maths is off (as in render_png): the text is drawn as it is
    return text.replace("$", "\\$")


def label(x: Any) -> str:
    """A tick or legend label for an id: underscores read as spaces (:func:`clsp_research.text.label`)
    and ``$`` as written (:func:`plain`).

    Examples
    --------
    >>> label("legal_aid")
    'legal aid'
    """
    return plain(text_label(x))


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
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"text.parse_math": False}):  # no text of a rendered page is read as maths
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


def chart_width(size: tuple[float, float]) -> int:
    """The width in CSS pixels at which a widget chart of ``size`` inches is shown.

    Examples
    --------
    >>> chart_width((8, 3.4))
    576
    """
    return round(size[0] * SCREEN_DPI)


def chart_png(draw: Callable[[Any], Any], size: tuple[float, float], *,
              margins: dict[str, float] | None = None, scale: int = WIDGET_SCALE) -> bytes:
    """A chart for a widget, drawn at the display's resolution: ``scale`` device pixels per CSS pixel.

    Show it :func:`chart_width` CSS pixels wide (:func:`clsp_research.ui._widgets.chart_image`
    does): its natural width is then ``scale`` times the width it is shown at, so it stays sharp
    on a screen of up to ``scale`` device pixels per CSS pixel instead of being stretched.

    Parameters
    ----------
    draw
        Called with the figure's single Axes.
    size
        ``(width, height)`` in inches.
    margins
        As for :func:`render_png` (``None``: ``tight_layout``).
    scale
        Device pixels per CSS pixel.

    Returns
    -------
    bytes
        The PNG image.

    Examples
    --------
    >>> import struct
    >>> data = chart_png(lambda ax: ax.plot([0, 1]), (4, 2))
    >>> struct.unpack(">II", data[16:24]), chart_width((4, 2))  # pixels wide and high; CSS width
    ((576, 288), 288)
    """
    return render_png(draw, size, dpi=SCREEN_DPI * scale, margins=margins)
