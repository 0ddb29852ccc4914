"""Self-contained HTML reports of an assessment.

One file, no external resources: the figures are embedded PNG images, the styles
inline, every piece of user text escaped. The page leads with its verdict: a one-screen
summary (the stage and its margin, the three strongest and weakest factors, the flags,
the first recommendations). The detail follows: the partnership map with a key to its
numbered members, the stage profile, the factor chart with each factor's evidence, the
risk flags, the recommendations, the structural measures in plain words, an extra lens
(Williamson's criteria for a true partnership), and the reference list of every work the
page cites. Long citation lists show their first sources and fold the rest away.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from .fileio import atomic_write_text
from .literature.citations import cite, parse_cite, reference_list, render_inline_keys
from .literature.render import folded_cites_html
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
#summary{border:2px solid #0072B2;border-radius:.4em;padding:.6em 1.2em;margin:1em 0;background:#f7fbff}
#summary h2{border:none;margin-top:.2em}#summary .cols{display:flex;gap:2em;flex-wrap:wrap}
#summary .cols div{flex:1;min-width:16em}#summary ul,#summary ol{margin:.2em 0;padding-left:1.3em}
details.more{display:inline}details.more summary{display:inline;cursor:pointer;color:#0072B2}
table.key td:first-child{width:3em;text-align:right;font-weight:600}
"""

#: Above this many members the report leaves out the robustness of the placement (its resamples).
ROBUSTNESS_MAX_MEMBERS = 2000

#: Plain names and one-line meanings of the structural summary's fields, for readers.
MEASURE_PLAIN: dict[str, tuple[str, str]] = {
    "n_members": ("Members", "Organisations in the partnership."),
    "n_ties": ("Ties", "Recorded pieces of joint working (one pair may have several)."),
    "n_pairs": ("Connected pairs", "Pairs of members joined by at least one tie."),
    "density": ("Density", "Share of all possible pairs of members that work together in some way (0-1)."),
    "degree_centralization": ("Concentration on one member",
                              "0 when ties are spread evenly, 1 when every tie runs through one member."),
    "betweenness_centralization": ("Dependence on one go-between",
                                   "0 when no member sits between others more than any other, 1 for a single hub."),
    "betweenness_exact": ("Go-between measure computed exactly",
                          "Yes for small partnerships; large ones use a sampled estimate."),
    "most_central": ("Most central member", "The hub through which most joint working runs."),
    "multiplexity_share": ("Pairs with several kinds of tie",
                           "Share of connected pairs that work together in more than one way."),
    "mean_kinds": ("Kinds of tie per pair", "Average number of different kinds of joint working per connected pair."),
    "reciprocity": ("Two-way flows", "Share of referral and funding flows that also run the other way."),
    "group_coverage": ("Members per stakeholder group", "How many members belong to each of the LSC's five groups."),
    "missing_groups": ("Missing stakeholder groups", "Groups the LSC says should be involved that have no member."),
    "sector_coverage": ("Members per sector", "Statutory, voluntary, private and community members."),
    "core_k": ("Inner-core depth", "Each member of the densest circle has at least this many ties within it."),
    "core_members": ("Inner-core members", "The densest circle of members, who may come to run the partnership."),
    "core_share": ("Share of members in the inner core", "How much of the partnership the densest circle takes up."),
    "n_components": ("Separate pieces", "Groups of members that no chain of ties connects (1 = all connected)."),
    "largest_component_share": ("Share in the largest piece", "Members connected to the main body of the partnership."),
    "isolates": ("Members with no ties", "Members on paper who take no part in the joint working."),
    "boundary_spanners": ("Boundary spanners", "Members linking stakeholder groups not otherwise in touch."),
    "single_funder_dependent": ("Members relying on one funder",
                                "Members getting most of their recorded funding from a single funder."),
    "dominant_funder": ("Largest funder", "The member providing the largest share of recorded funding."),
    "dominant_funder_share": ("Largest funder's share", "Its share of all recorded funding (0-1)."),
    "tie_kind_counts": ("Ties by kind", "The mix of joint working, from information exchange to pooled budgets."),
}


def _figure_png(draw: Any, size: tuple[float, float]) -> str:
    """Render ``draw(ax)`` on a pyplot-free Figure and return a data: URI."""
    return "data:image/png;base64," + base64.b64encode(render_png(draw, size, dpi=110)).decode("ascii")


def _missing(c: str) -> str:
    return f"{parse_cite(c)[0]} (not in references.bib)"


def _cites_html(cites: Iterable[str], limit: int = 3) -> str:
    """Citations as author-year text: the first ``limit`` sources, the rest folded into "and N more"."""
    return folded_cites_html(cites, limit=limit, missing=_missing).replace("clsp-more", "more")


def _names(p: Partnership, ids: Any) -> Any:
    """Member ids replaced by members' names, for readers."""
    def one(x: Any) -> Any:
        return p.member(x).name if isinstance(x, str) and x in p else x
    if isinstance(ids, list | tuple):
        return [one(x) for x in ids]
    return one(ids)


def _fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.2f}"
    if isinstance(v, list | tuple | set):
        return ", ".join(map(str, v)) or "none"
    if isinstance(v, dict):
        return ", ".join(f"{str(k).replace('_', ' ')}: {_fmt(x)}" for k, x in v.items())
    return "n/a" if v is None else str(v)


_MEMBER_FIELDS = {"most_central", "core_members", "isolates", "boundary_spanners", "single_funder_dependent",
                  "dominant_funder"}


def _factor_name(d: dict[str, Any], factor_id: str) -> str:
    for f in d.get("factors", []):
        if f["id"] == factor_id:
            return str(f.get("name") or factor_id)
    return str(factor_id).replace("_", " ")


def _strongest_evidence(f: dict[str, Any]) -> str | None:
    """The piece of evidence that moved a factor most (by effect), or None."""
    ev = [e for e in f.get("evidence", []) if e.get("text")]
    if not ev:
        return None
    return str(max(ev, key=lambda e: abs(e.get("effect") or 0)).get("text"))


def summary_html(p: Partnership, d: dict[str, Any], close_call: str | None = None) -> str:
    """The report's first screen: where the partnership stands and what to do first.

    The stage with its margin over the threshold (and how far the next stage is below it), and
    ``close_call`` (how robust the placement is, :meth:`Assessment.close_call_line`) when given;
    the three strongest and three weakest factors (low-confidence scores marked), the risk flags
    and the first three recommendations.
    """
    esc = html.escape
    stage = str(d["stage"])
    prof = d["stage_profile"]
    thr = float(d.get("threshold") or 0.5)
    stages = list(prof)
    i = stages.index(stage) if stage in stages else 0
    margin = float(prof.get(stage, 0.0)) - thr
    nxt = stages[i + 1] if i + 1 < len(stages) else None
    margin_text = f"score {float(prof.get(stage, 0.0)):.2f}, {margin:+.2f} against the threshold of {thr:.2f}"
    if nxt is not None:
        margin_text += f"; the next stage, {nxt}, scores {float(prof[nxt]):.2f}"
    if stage == stages[0] and float(prof.get(stage, 0.0)) < thr:
        margin_text = f"no stage reaches the threshold of {thr:.2f}; the floor is {stage}"
    factors = sorted(d["factors"], key=lambda f: (-float(f["score"]), -float(f.get("confidence", 0))))

    def fac(f: dict[str, Any]) -> str:
        low = float(f.get("confidence", 0)) < 0.5
        return (f"<li>{esc(str(f.get('name') or f['id']))}: {float(f['score']):.2f}"
                + (" <small>(little evidence)</small>" if low else "") + "</li>")

    flags = d.get("flags") or []
    recs = (d.get("recommendations") or [])[:3]
    parts = [
        "<section id='summary' aria-label='Summary'><h2>Summary</h2>",
        f"<p>Stage: <span class='stage'>{esc(stage)}</span> <small>({esc(margin_text)})</small></p>",
        *([f"<p class='robust'>{esc(close_call)}</p>"] if close_call else []),
        "<div class='cols'><div><b>Strongest factors</b><ul>" + "".join(fac(f) for f in factors[:3]) + "</ul></div>",
        "<div><b>Weakest factors</b><ul>" + "".join(fac(f) for f in factors[::-1][:3]) + "</ul></div></div>",
        "<p><b>Risk flags:</b> " + (", ".join(
            f"<span class='sev sev-{esc(str(fl.get('severity')))}'>{esc(str(fl.get('severity')))}</span> "
            f"{esc(str(fl.get('name') or fl['id']))}" for fl in flags) or "none raised") + "</p>",
        "<p><b>First steps</b></p>",
    ]
    if recs:
        parts.append("<ol>" + "".join(
            f"<li><b>{esc(_factor_name(d, r.get('factor', '')))}</b>: {esc(str(r.get('text', '')))}</li>"
            for r in recs) + "</ol>")
    else:
        parts.append("<p>No factor is both weak and well evidenced: no recommendation.</p>")
    parts.append("<p class='meta'>Details, evidence and sources follow below.</p></section>")
    return "\n".join(parts)


def _williamson_html(p: Partnership) -> tuple[str, set[str]] | None:
    """The extra lens: which of Williamson's criteria for a true partnership the case's facts meet."""
    try:
        from .assess.williamson import check_williamson
    except ImportError:  # pragma: no cover
        return None
    esc = html.escape
    res = check_williamson(p)
    keys = {parse_cite(c)[0] for c in res.cites}
    rows = []
    for c in res.criteria:
        keys |= {parse_cite(x)[0] for x in c.cites}
        verdict = {True: "met", False: "not met", None: "not recorded"}[c.met]
        rows.append(f"<tr><td>{esc(c.name)}</td><td>{verdict}</td><td>{esc(c.evidence)}"
                    f"<div class='cites'>{_cites_html(c.cites)}</div></td></tr>")
    html_text = ("<h2>Another lens: Williamson's criteria for a true partnership</h2>"
                 f"<p>{esc(res.summary)}</p><table><tr><th>criterion</th><th>verdict</th><th>evidence</th></tr>"
                 + "".join(rows) + "</table>")
    return html_text, keys


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
    # how robust the placement is: resampling the ties takes about 1.4 s at 2,000 members and 10 s at
    # 10,000 (scripts/bench_assess.py), so a larger report says where to find it instead
    if len(p) <= ROBUSTNESS_MAX_MEMBERS:
        close = a.close_call_line()
    else:
        close = (f"How robust the placement is was not computed for a partnership of more than "
                 f"{ROBUSTNESS_MAX_MEMBERS:,} members; clsp assess --json gives it.")
    parts.append(summary_html(p, d, close))
    if info.description:
        parts.append(f"<h2>About this partnership</h2><p class='note'>{esc(render_inline_keys(info.description))}</p>")
    keys |= {parse_cite(c)[0] for r in (d.get("recommendations") or [])[:3] for c in r.get("cites", [])}

    parts.append("<h2>Partnership map</h2>")
    numbers = {m: str(i) for i, m in enumerate(p.members, 1)}
    map_uri = _figure_png(lambda ax: draw_partnership(p, ax=ax, seed=seed, labels=numbers), (9, 6.5))
    parts.append(f"<figure><img alt='Map of the partnership {esc(p.name)}' src='{map_uri}'>"
                 "<figcaption>Members (numbered: see the key below) coloured by stakeholder group; ties styled by "
                 "kind, from dotted information exchange to thick pooled budgets; arrows show the direction of "
                 "funding and referral.</figcaption></figure>")
    parts.append("<table class='key'><tr><th>no.</th><th>member</th><th>groups</th></tr>" + "".join(
        f"<tr><td>{numbers[m]}</td><td>{esc(p.member(m).name)}</td>"
        f"<td>{esc(', '.join(g.replace('_', ' ') for g in p.member(m).groups))}</td></tr>" for m in p.members)
        + "</table>")

    parts.append("<h2>Stage profile</h2>")
    prof_uri = _figure_png(lambda ax: plot_stage_profile(d, ax=ax, threshold=d.get("threshold")), (6, 3.2))
    parts.append(f"<figure><img alt='Stage profile' src='{prof_uri}'><figcaption>A score for each stage: real "
                 f"partnerships mix stages ({esc(cite('griffith2002, §2.8'))}). The placement is the highest stage "
                 "substantially present (its score reaches the dashed line).</figcaption></figure>")
    parts.append("<table><tr><th>stage</th><th>score</th></tr>" + "".join(
        f"<tr><td>{esc(s)}</td><td>{v:.2f}</td></tr>" for s, v in d["stage_profile"].items()) + "</table>")

    parts.append("<h2>Success factors</h2>")
    fac_uri = _figure_png(lambda ax: plot_factors(d, ax=ax), (7, 5.5))
    parts.append(f"<figure><img alt='Success factor scores' src='{fac_uri}'><figcaption>Scores from 0 to 1; "
                 "hatched, pale bars rest on little evidence (confidence below half).</figcaption></figure>")
    parts.append("<table><tr><th>factor</th><th>score</th><th>confidence</th><th>evidence</th></tr>")
    for f in d["factors"]:
        keys |= {parse_cite(c)[0] for c in f.get("cites", [])}
        seen: set[str] = set()
        ev_rows = []
        for e in f.get("evidence", []):
            text = str(e.get("text", ""))
            if text in seen:  # the same fact read by two indicators is shown once
                continue
            seen.add(text)
            eff = e.get("effect") or 0
            ev_rows.append(f"<div class='evidence'>{'+' if eff > 0 else '−' if eff < 0 else '·'} {esc(text)}</div>")
        ev = "".join(ev_rows)
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
            parts.append(f"<tr><td><span class='sev sev-{sev}'>{sev}</span></td>"
                         f"<td>{esc(str(fl.get('name') or fl['id']))}</td>"
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
            parts.append(f"<li><b>{esc(_factor_name(d, r.get('factor', '')))}</b>: {esc(str(r.get('text', '')))}"
                         f" <span class='cites'>({_cites_html(r.get('cites', []))})</span></li>")
        parts.append("</ol>")
    else:
        parts.append("<p>No recommendation: no factor is weak on the evidence recorded.</p>")

    lens = _williamson_html(p)
    if lens:
        parts.append(lens[0])
        keys |= lens[1]

    parts.append("<h2>Structural measures</h2>")
    try:
        from .partnership.measures import MEASURE_DOCS
    except ImportError:  # pragma: no cover
        MEASURE_DOCS = {}
    by_field = {fld: doc for doc in MEASURE_DOCS.values() for fld in doc.get("fields", [])}
    parts.append("<table><tr><th>measure</th><th>value</th><th>what it means</th></tr>")
    for name, value in d.get("measures", {}).items():
        doc = by_field.get(name, {})
        keys |= {parse_cite(c)[0] for c in doc.get("cites", [])}
        plain, meaning = MEASURE_PLAIN.get(name, (doc.get("label") or name.replace("_", " ").capitalize(),
                                                   doc.get("concept", "")))
        shown = _names(p, value) if name in _MEMBER_FIELDS else value
        parts.append(f"<tr><td>{esc(plain)}</td><td>{esc(_fmt(shown))}</td><td>{esc(meaning)}"
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
