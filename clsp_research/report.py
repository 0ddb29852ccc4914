"""Self-contained HTML reports of an assessment.

One file, no external resources: the figures are embedded PNG images, the styles
inline, every piece of user text escaped. The page holds the partnership map, the
stage profile, the factor chart with each factor's evidence, the risk flags, the
recommendations, the structural measures with what each stands for, and the
reference list of every work the page cites.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from .fileio import atomic_write_text
from .literature.citations import cite, cite_many, parse_cite, reference_list
from .partnership.model import Partnership
from .plotting._common import render_png

__all__ = ["render_html", "write_report"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;
color:#222;line-height:1.45}
h1{margin-bottom:.2em}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:1.8em}
.meta{color:#555}.stage{font-size:1.3em;font-weight:600;color:#D55E00}
table{border-collapse:collapse;margin:.5em 0;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3em .5em;
text-align:left;vertical-align:top}th{background:#f3f6fa}
.sev-high{color:#fff;background:#D55E00}.sev-medium{background:#E69F00}.sev-low{background:#e8e8e8}
.sev{padding:.1em .5em;border-radius:.3em;font-size:.85em;font-weight:600}
figure{margin:1em 0}figure img{max-width:100%}figcaption{color:#555;font-size:.9em}
.cites{color:#555;font-size:.88em}.evidence{margin:.2em 0 .2em 1em;font-size:.92em}
.note{background:#fff8e6;border-left:4px solid #E69F00;padding:.5em 1em}
ol.refs li{margin-bottom:.3em}
"""


def _figure_png(draw: Any, size: tuple[float, float]) -> str:
    """Render ``draw(ax)`` on a pyplot-free Figure and return a data: URI."""
    return "data:image/png;base64," + base64.b64encode(render_png(draw, size, dpi=110)).decode("ascii")


def _cites_html(cites: Iterable[str]) -> str:
    return html.escape(cite_many(cites, missing=lambda c: f"{parse_cite(c)[0]} (not in references.bib)"))


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    if isinstance(v, list | tuple | set):
        return ", ".join(map(str, v)) or "none"
    if isinstance(v, dict):
        return ", ".join(f"{k}: {x}" for k, x in v.items())
    return "n/a" if v is None else str(v)


def render_html(p: Partnership, assessment: Any | None = None, *, seed: int = 0) -> str:
    """The report page for a partnership as an HTML string.

    Parameters
    ----------
    p
        The partnership.
    assessment
        Its assessment (``assess(p)`` when ``None``).
    seed
        Seed of the map's layout.

    Returns
    -------
    str
        One HTML page with its figures embedded as PNG images; user text is escaped.
    """
    from .assess import assess
    from .plotting.assessment import plot_factors, plot_stage_profile
    from .plotting.network import draw_partnership

    a = assessment if assessment is not None else assess(p)
    d = a.to_dict()
    esc = html.escape
    keys: set[str] = {"griffith2002"}
    info = p.info
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{esc(p.name)}: partnership assessment</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(p.name)}</h1>",
        "<p class='meta'>"
        + esc(" · ".join(x for x in (
            info.area and f"Area: {info.area}",
            info.established and f"established {info.established}",
            f"{len(p)} members, {p.n_ties} ties",
            f"framework: {d['framework']}",
            f"report of {date.today().isoformat()}",
        ) if x))
        + "</p>",
    ]
    if info.description:
        parts.append(f"<p class='note'>{esc(info.description)}</p>")
    parts.append(f"<p>Placement on the continuum: <span class='stage'>{esc(str(d['stage']))}</span></p>")

    parts.append("<h2>Partnership map</h2>")
    map_uri = _figure_png(lambda ax: draw_partnership(p, ax=ax, seed=seed), (9, 6.5))
    parts.append(f"<figure><img alt='Map of the partnership {esc(p.name)}' src='{map_uri}'>"
                 "<figcaption>Members coloured by stakeholder group; ties styled by kind, from dotted "
                 "information exchange to thick pooled budgets; arrows show the direction of funding and "
                 "referral.</figcaption></figure>")

    parts.append("<h2>Stage profile</h2>")
    prof_uri = _figure_png(lambda ax: plot_stage_profile(d, ax=ax, threshold=d.get("threshold")), (6, 3.2))
    parts.append(f"<figure><img alt='Stage profile' src='{prof_uri}'><figcaption>A score for each stage: real "
                 f"partnerships mix stages ({esc(cite('griffith2002, §2.8'))}). The placement is the highest stage "
                 "substantially present (its score reaches the dashed line).</figcaption></figure>")
    parts.append("<table><tr><th>stage</th><th>score</th></tr>" + "".join(
        f"<tr><td>{esc(s)}</td><td>{v:.2f}</td></tr>" for s, v in d["stage_profile"].items()) + "</table>")

    parts.append("<h2>Success factors</h2>")
    fac_uri = _figure_png(lambda ax: plot_factors(d, ax=ax), (7, 5.5))
    parts.append(f"<figure><img alt='Success factor scores' src='{fac_uri}'></figure>")
    parts.append("<table><tr><th>factor</th><th>score</th><th>confidence</th><th>evidence</th></tr>")
    for f in d["factors"]:
        keys |= {parse_cite(c)[0] for c in f.get("cites", [])}
        ev = "".join(
            f"<div class='evidence'>{'+' if (e.get('effect') or 0) > 0 else '−' if (e.get('effect') or 0) < 0 else '·'}"
            f" {esc(str(e.get('text', '')))}</div>" for e in f.get("evidence", []))
        parts.append(
            f"<tr><td><b>{esc(str(f.get('name') or f['id']))}</b><div class='cites'>{_cites_html(f.get('cites', []))}"
            f"</div></td><td>{f['score']:.2f}</td><td>{f.get('confidence', 0):.0%}</td>"
            f"<td>{ev or 'no evidence recorded'}</td></tr>")
    parts.append("</table>")

    parts.append("<h2>Risk flags</h2>")
    if d["flags"]:
        parts.append("<table><tr><th>severity</th><th>flag</th><th>why</th></tr>")
        for fl in d["flags"]:
            keys |= {parse_cite(c)[0] for c in fl.get("cites", [])}
            sev = esc(str(fl.get("severity", "")))
            parts.append(f"<tr><td><span class='sev sev-{sev}'>{sev}</span></td><td>{esc(str(fl['id']))}</td>"
                         f"<td>{esc(str(fl.get('message', '')))}<div class='cites'>{_cites_html(fl.get('cites', []))}"
                         "</div></td></tr>")
        parts.append("</table>")
    else:
        parts.append("<p>No risk flag is raised.</p>")

    parts.append("<h2>Recommendations</h2>")
    recs = d.get("recommendations") or []
    if recs:
        parts.append("<ol>")
        for r in recs:
            keys |= {parse_cite(c)[0] for c in r.get("cites", [])}
            parts.append(f"<li><b>{esc(str(r.get('factor', '')).replace('_', ' '))}</b>: {esc(str(r.get('text', '')))}"
                         f" <span class='cites'>({_cites_html(r.get('cites', []))})</span></li>")
        parts.append("</ol>")
    else:
        parts.append("<p>No recommendation: no factor is weak on the evidence recorded.</p>")

    parts.append("<h2>Structural measures</h2>")
    try:
        from .partnership.measures import MEASURE_DOCS
    except ImportError:  # pragma: no cover
        MEASURE_DOCS = {}
    parts.append("<table><tr><th>measure</th><th>value</th><th>what it stands for</th></tr>")
    for name, value in d.get("measures", {}).items():
        doc = MEASURE_DOCS.get(name, {})
        keys |= {parse_cite(c)[0] for c in doc.get("cites", [])}
        concept = doc.get("concept", "")
        parts.append(f"<tr><td>{esc(name)}</td><td>{esc(_fmt(value))}</td><td>{esc(concept)}"
                     f"<div class='cites'>{_cites_html(doc.get('cites', []))}</div></td></tr>")
    parts.append("</table>")

    keys |= {parse_cite(c)[0] for c in info.references}
    parts.append("<h2>References</h2><ol class='refs'>")
    known = []
    for k in sorted(keys):
        try:
            cite(k)
            known.append(k)
        except KeyError:
            continue
    parts.extend(f"<li>{r}</li>" for r in reference_list(known, style="html"))
    parts.append("</ol>")
    parts.append("<p class='meta'>Made with the CLSP research workbench. Scores follow the rubric shipped with the "
                 "workbench; they summarise recorded evidence and are a starting point for discussion, not a verdict."
                 "</p></body></html>")
    return "\n".join(parts)


def write_report(p: Partnership, path: str | Path, assessment: Any | None = None, *, seed: int = 0) -> Path:
    """Write the report page to ``path`` atomically (temporary file, then rename) and return the path.

    Parameters
    ----------
    p, assessment, seed
        As for :func:`render_html`.
    path
        The HTML file to write; an existing file is replaced only once the page is complete.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from clsp_research.partnership.model import Member, Tie
    >>> p = Partnership("Illustrative <CLSP>", [Member("a", "A", groups=("funder",)),
    ...                                         Member("b", "B", groups=("provider",))],
    ...                 [Tie("a", "b", "funding")])
    >>> page = write_report(p, pathlib.Path(tempfile.mkdtemp()) / "r.html").read_text(encoding="utf-8")
    >>> "<h1>Illustrative &lt;CLSP&gt;</h1>" in page, "<h2>References</h2>" in page
    (True, True)
    """
    return atomic_write_text(path, render_html(p, assessment, seed=seed))
