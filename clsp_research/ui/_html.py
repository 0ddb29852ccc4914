"""HTML pieces the controllers share: escaped citations and cell colours.

Pure string work (no ipywidgets), so each helper can be tested on its own.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from ..literature.citations import cite_many

__all__ = ["cites_html", "mix"]

RGB = tuple[int, int, int]


def cites_html(cites: Iterable[str]) -> str:
    """Citations as escaped author-year text; a key missing from ``references.bib`` shows as written.

    Parameters
    ----------
    cites
        Citation strings (``"key"`` or ``"key, locator"``).

    Returns
    -------
    str
        The citations joined with semicolons, HTML-escaped.

    Examples
    --------
    >>> cites_html(["griffith2002, §2.4", "<unknown>"])
    'Griffith 2002, §2.4; &lt;unknown&gt;'
    """
    return html.escape(cite_many(cites, missing=str))


def mix(a: RGB, b: RGB, t: float) -> str:
    """The colour a fraction ``t`` of the way from ``a`` to ``b`` (clamped to 0..1), as ``#rrggbb``.

    Parameters
    ----------
    a, b
        The end colours as ``(red, green, blue)``, each 0 to 255.
    t
        Where between them: 0 gives ``a``, 1 gives ``b``.

    Returns
    -------
    str

    Examples
    --------
    >>> mix((255, 255, 255), (0, 114, 178), 0.5), mix((0, 0, 0), (255, 255, 255), 2.0)
    ('#80b8d8', '#ffffff')
    """
    t = min(max(t, 0.0), 1.0)
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))
