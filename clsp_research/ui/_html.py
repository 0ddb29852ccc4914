"""HTML pieces the controllers share: escaped citations and cell colours.

Pure string work (no ipywidgets), so each helper can be tested on its own.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

from ..literature.render import folded_cites_html

__all__ = ["cites_html", "factor_bars_html", "mix"]

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

    Long lists show their first three sources (the most direct, as the data lists them) and fold
    the rest into an expandable "and N more":

    >>> "and 1 more</summary>" in cites_html(["griffith2002, §2.4", "webb1991", "huxham1996", "pratt1999"])
    True
    """
    return folded_cites_html(cites, limit=3, missing=str)


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


def factor_bars_html(factors: Iterable[Mapping[str, Any]], width: int = 220) -> str:
    """Success-factor scores as HTML bars, coloured as :func:`~clsp_research.plotting.assessment.plot_factors`
    colours them and paler where confidence is low (cheap enough to redraw on every change).

    Parameters
    ----------
    factors
        The ``factors`` of an assessment's JSON form: mappings with ``id``, ``score``,
        ``confidence`` and optionally ``name``.
    width
        Width in pixels of a bar of score 1.

    Returns
    -------
    str

    Examples
    --------
    >>> out = factor_bars_html([{"id": "trust", "name": "Trust <&>", "score": 0.75, "confidence": 0.5}])
    >>> "Trust &lt;&amp;&gt;" in out, "width:165px" in out, "0.75 (conf. 50%)" in out
    (True, True, True)
    """
    from ..plotting.assessment import factor_colour

    rows = []
    for f in factors:
        score, conf = float(f["score"]), float(f.get("confidence", 1.0))
        name = html.escape(str(f.get("name") or f["id"]).replace("_", " "))
        rows.append(
            f"<div class='clsp-factor-bar' data-factor='{html.escape(str(f['id']))}' "
            "style='display:flex;align-items:center;gap:.5em;font-size:90%'>"
            f"<span style='width:15em;text-align:right'>{name}</span>"
            f"<span style='display:inline-block;height:.9em;width:{score * width:.0f}px;"
            f"background:{factor_colour(score)};opacity:{0.25 + 0.75 * conf:.2f}'></span>"
            f"<span>{score:.2f} (conf. {conf:.0%})</span></div>")
    return ("<div class='clsp-factor-bars'><div style='font-size:80%;color:#555'>score; paler bars: less "
            "evidence</div>" + "".join(rows) + "</div>")
