"""The project's own documents: nothing points outside the project; the citation file agrees with the bibliography."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import clsp_research as clsp

ROOT = Path(__file__).resolve().parents[1]


def _project_texts() -> dict[Path, str]:
    paths = [ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "Makefile", ROOT / "pyproject.toml",
             ROOT / "environment.yml", ROOT / "CITATION.cff", ROOT / ".ci" / "run",
             *ROOT.joinpath("clsp_research").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py"),
             *ROOT.joinpath("docs").rglob("*.md"), *ROOT.joinpath("data").rglob("*.md"),
             *ROOT.joinpath("notebooks").glob("*.ipynb"), *ROOT.joinpath("scripts").glob("*.*")]
    return {p: p.read_text(encoding="utf-8") for p in paths if p.is_file()}


def _documents_named(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w/.-])((?:[\w.-]+/)*[\w-]+\.md)\b", text))


def test_the_finder_sees_document_names():
    gone = "GONE" + ".md"  # written so that this file does not name it
    assert _documents_named(f"see {gone} and `docs/architecture.md`, not foo.mdx") == {gone, "docs/architecture.md"}


def test_every_document_the_project_names_is_in_the_project():
    known = {p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.md") if ".venv" not in p.parts}
    basenames = {Path(k).name for k in known}
    missing = {}
    for path, text in _project_texts().items():
        for name in _documents_named(text):
            if name not in basenames and not any(k == name or k.endswith("/" + name) for k in known):
                missing.setdefault(name, str(path.relative_to(ROOT)))
    assert not missing, f"documents named but not in the project (write them under docs/ or drop the name): {missing}"


def test_nothing_points_at_a_developer_machine():
    outside = re.compile("/" + "work/|/" + "home/[a-z]|C:" + r"\\Users")
    hits = [str(p.relative_to(ROOT)) for p, t in _project_texts().items() if outside.search(t)]
    assert not hits, f"paths outside the project in: {hits}"


def _vocabulary_table() -> dict[str, list[str]]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        m = re.match(r"^\| ([^|]+) \| (`.+`) \|$", line)
        if m:
            rows[m.group(1).strip()] = re.findall(r"`([^`]+)`", m.group(2))
    return rows


def test_the_documented_vocabulary_is_the_code_s():
    rows = _vocabulary_table()

    def row(prefix: str) -> list[str]:
        return next(v for k, v in rows.items() if k.startswith(prefix))

    assert row("stakeholder groups") == list(clsp.STAKEHOLDER_GROUPS)
    assert row("sectors") == list(clsp.SECTORS)
    assert row("tie kinds") == list(clsp.TIE_KINDS)
    assert row("continuum stages") == [i.id for i in clsp.framework("continuum").items]
    assert row("success factors") == [i.id for i in clsp.framework("success_factors").items]
    assert set(row("risk flags")) <= {i.id for i in clsp.framework("risk_flags").items}


def _bib(key: str) -> dict[str, str]:
    ref = clsp.reference(key)
    return {k: str(v) for k, v in ref.fields.items()}


def test_citation_cff_cites_the_seed_documents_as_references_bib_records_them():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "software"
    assert cff["title"] and cff["authors"] and cff["message"]
    refs = {re.search(r"references.bib key (\w+)", r["notes"]).group(1): r for r in cff["references"]}
    assert set(refs) == {"griffith2002", "lsc_clsp_web"}

    paper, bib = refs["griffith2002"], _bib("griffith2002")
    assert paper["type"] == "report"
    assert paper["title"] == bib["title"]
    assert paper["authors"] == [{"family-names": "Griffith", "given-names": "Adam"}]
    assert bib["author"] == "Griffith, Adam"
    assert paper["institution"]["name"] == bib["institution"] == "Advice Services Alliance"
    assert (paper["year"], paper["month"]) == (int(bib["year"]), 7) and bib["month"] == "jul"

    page, bib = refs["lsc_clsp_web"], _bib("lsc_clsp_web")
    assert page["type"] == "website"
    assert page["title"] == bib["title"] == "Community Legal Service Partnership"
    assert page["authors"] == [{"name": "Legal Services Commission"}]
    assert page["url"] == bib["url"]
    assert "year" not in page  # the page is undated (references.bib: no date could be verified)


def test_citation_cff_uses_only_keys_the_format_defines():
    # The keys of CFF 1.2.0 used here (the schema's own names); a misspelt key would make the file invalid.
    top = {"cff-version", "message", "type", "title", "abstract", "authors", "version", "license", "keywords",
           "references", "repository-code", "url", "date-released", "doi", "identifiers", "contact"}
    ref = {"type", "title", "authors", "institution", "month", "year", "notes", "url"}
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert set(cff) <= top
    for r in cff["references"]:
        assert set(r) <= ref, set(r) - ref
