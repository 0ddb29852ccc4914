"""Render catalogue items for people: HTML for widgets and reports, Markdown for notebooks.

All text is escaped: item fields come from data files that users may edit.

Examples
--------
>>> from clsp_research.literature import item
>>> html_text = item_to_html(item("continuum", "networking"))
>>> "<h3" in html_text and "Griffith 2002" in html_text
True
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from .catalogue import CatalogueItem, framework
from .citations import cite_many, cite_short, format_reference, parse_cite, render_inline_keys

__all__ = ["folded_cites_html", "item_to_html", "item_to_markdown"]

_CHARACTERISTICS = ("formality", "goals", "planning", "authority", "resources", "risk")


def _missing(c: str) -> str:
    """How a citation whose key references.bib lacks is shown: the key, a note, the locator."""
    key, loc = parse_cite(c)
    return f"{key} (missing from references.bib){', ' + loc if loc else ''}"


def _extra_rows(it: CatalogueItem) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    if it.level is not None:
        rows.append(("Level", it.level))
    if it.maps_to:
        rows.append(("Composite stage", it.maps_to))
    ch = it.get("characteristics") or {}
    for name in _CHARACTERISTICS:
        v = ch.get(name)
        if isinstance(v, dict):
            rows.append((name.capitalize(), f"{v.get('label')} (rank {v.get('rank')})"))
        elif v is not None:
            rows.append((name.capitalize(), v))
    if it.get("question"):
        label = "Self-assessment statement" if it.framework == "success_factors" else "Question to ask"
        rows.append((label, it.get("question")))
    if it.get("reading"):
        rows.append(("How the workbench reads a case", it.get("reading")))
    if it.get("indicators"):
        rows.append(("Indicators", "; ".join(map(str, it.get("indicators")))))
    return rows


def folded_cites_html(cites: Iterable[str], limit: int = 3, missing: Callable[[str], str] | None = None) -> str:
    """Escaped author-year citations: the first ``limit`` (the most direct, as the data lists them),
    the rest folded into an expandable "and N more" (an HTML ``<details>``).

    ``missing`` shows a citation whose key ``references.bib`` lacks (default: the key with a note).

    Examples
    --------
    >>> folded_cites_html(["griffith2002, §2.4"])
    'Griffith 2002, §2.4'
    >>> "and 1 more</summary>" in folded_cites_html(["griffith2002, §2.4", "webb1991", "huxham1996", "pratt1999"])
    True
    """
    esc = html.escape
    miss = missing or _missing
    unique = list(dict.fromkeys(cites))
    if len(unique) <= limit:
        return esc(cite_many(unique, missing=miss))
    return (f"<details class='clsp-more' style='display:inline'><summary style='display:inline;cursor:pointer'>"
            f"{esc(cite_short(unique, limit=limit, missing=miss))}</summary>"
            f"{esc(cite_many(unique[limit:], missing=miss))}</details>")


def item_to_html(it: CatalogueItem) -> str:
    """An item as an HTML fragment: name, framework, summary, details, citations, references."""
    esc = html.escape
    fw = framework(it.framework)
    parts = [
        f'<div class="clsp-item"><h3 class="clsp-item-name">{esc(it.name)}</h3>',
        f'<p class="clsp-item-framework"><small>{esc(fw.name)} &middot; <code>{esc(it.framework)}'
        f"/{esc(it.id)}</code> &middot; source: {esc(render_inline_keys(it.source))}</small></p>",
        f'<p class="clsp-item-summary">{esc(it.summary)}</p>',
    ]
    rows = _extra_rows(it)
    if rows:
        parts.append('<table class="clsp-item-details">')
        parts.extend(f"<tr><th>{esc(k)}</th><td>{esc(str(v))}</td></tr>" for k, v in rows)
        parts.append("</table>")
    remedies = it.get("remedies") or []
    if remedies:
        parts.append("<p><b>What the literature suggests</b></p><ul>")
        for r in remedies:
            cites = cite_many(r.get("cites", []), missing=_missing)
            parts.append(f"<li>{esc(str(r.get('text', '')))} <small>({esc(cites)})</small></li>")
        parts.append("</ul>")
    parts.append(f'<p class="clsp-item-cites"><b>Cited:</b> {folded_cites_html(it.cites)}</p>')
    refs = []
    for key in it.keys:
        try:
            refs.append(format_reference(key, style="html"))
        except KeyError:
            refs.append(esc(f"{key}: missing from references.bib"))
    parts.append('<ol class="clsp-item-references">' + "".join(f"<li>{r}</li>" for r in refs) + "</ol>")
    parts.append("</div>")
    return "\n".join(parts)


def item_to_markdown(it: CatalogueItem) -> str:
    """An item as Markdown, for notebooks and reports."""
    lines = [f"**{it.name}** (`{it.framework}/{it.id}`, {render_inline_keys(it.source)})", "", it.summary, ""]
    for k, v in _extra_rows(it):
        lines.append(f"- {k}: {v}")
    lines.append("")
    lines.append("Cited: " + cite_many(it.cites, missing=_missing))
    return "\n".join(lines).strip() + "\n"
