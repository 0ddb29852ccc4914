"""No citation markup reaches a reader: notebooks' Markdown carries author-year citations that
resolve against ``references.bib``, and unverified works read as honest references."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clsp_research.literature.citations import (
    bibliography,
    cite_label,
    cite_short,
    format_reference,
    render_citation_markup,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# An in-text citation inside parentheses: "(Griffith 2002, §2.3; Webb 1991, p.239)".
_SEGMENT = re.compile(r"(?:(?<=\()|(?<=; ))([A-Z][A-Za-z'\u2019.\- ]*?(?: and [A-Z][A-Za-z'\-]+| et al\.)?) "
                      r"((?:1[89]|20)\d\d[a-z]?|n\.d\.)(?=[,;)])")


def _markdown(nb: Path) -> list[str]:
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def _labels() -> set[str]:
    return {cite_label(k) for k in bibliography()}


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_markdown_has_no_citation_markup(nb):
    for text in _markdown(nb):
        assert "[@" not in text, f"{nb.name}: raw citation markup in: {text[:120]!r}"
        assert "cited as" not in text or "[Work" not in text


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_citations_resolve_against_the_bibliography(nb):
    labels = _labels()
    found = []
    for text in _markdown(nb):
        for m in _SEGMENT.finditer(text):
            label = f"{m.group(1).strip()} {m.group(2)}"
            found.append(label)
            assert label in labels, f"{nb.name}: citation {label!r} matches no references.bib entry"
    if "literature" in nb.name or "continuum" in nb.name:
        assert found, f"{nb.name} cites nothing"


def test_the_resolver_can_fail():
    text = "as shown (Nobody 1999, p.3) and (Griffith 2002, §2.4)"
    labels = _labels()
    got = [f"{m.group(1)} {m.group(2)}" for m in _SEGMENT.finditer(text)]
    assert got == ["Nobody 1999", "Griffith 2002"]
    assert "Nobody 1999" not in labels and "Griffith 2002" in labels


def test_markup_renders_to_author_year():
    assert render_citation_markup("x [@griffith2002, §2.4; @webb1991, p.239].") == \
        "x (Griffith 2002, §2.4; Webb 1991, p.239)."


def test_readme_and_package_text_carry_no_markup():
    for path in [ROOT / "README.md", *(ROOT / "clsp_research").rglob("*.py"),
                 *(ROOT / "clsp_research" / "literature" / "data").rglob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        hits = [m.group(0) for m in re.finditer(r"\[@\w", text)]
        if path.name == "citations.py":  # the renderer documents the markup it removes
            continue
        assert not hits, f"{path.relative_to(ROOT)}: {hits[:3]}"


def test_unverified_entries_read_as_honest_references():
    bib = bibliography()
    placeholders = [k for k, r in bib.items() if (r.get("title") or "").startswith("[")]
    assert len(placeholders) > 20
    for k in placeholders:
        text = format_reference(k)
        assert "[" not in text and "cited as" not in text, text
        assert "not verified" in text, text
        if bib[k].get("cited_in"):
            assert "cited in Griffith 2002 §" in text, text
    dodge = format_reference("dodge1988")
    assert dodge.startswith("Dodge (1988). Work on the US experience of partnership")
    assert "§1.4 (fn 2)" in dodge


def test_long_citation_lists_are_cut_with_a_count():
    cites = [f"griffith2002, §3.{i}" for i in range(40, 50)]
    text = cite_short(cites, limit=3)
    assert text.endswith("and 7 more") and text.count("Griffith 2002") == 3
    assert cite_short(cites[:3], limit=3).count("more") == 0


def test_catalogue_items_as_readers_see_them_carry_no_raw_key():
    from clsp_research.literature import catalogue, framework
    from clsp_research.literature.render import item_to_html, item_to_markdown

    keys = set(bibliography())
    for row in catalogue().itertuples():
        it = framework(row.framework).item(row.id)
        for text in (item_to_html(it), item_to_markdown(it)):
            visible = re.sub(r"<code>.*?</code>|`[^`]*`", " ", text)
            visible = re.sub(r"<[^>]+>", " ", visible)
            raw = {w for w in re.findall(r"\b[a-z][a-z0-9_]*\b", visible) if w in keys}
            assert not raw, f"{row.framework}/{row.id}: raw keys {raw}"
