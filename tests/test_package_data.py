"""The package carries real copies of data/ and references.bib, identical to the sources."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "clsp_research"


def _sync_module():
    spec = importlib.util.spec_from_file_location("sync_package_data", ROOT / "scripts" / "sync_package_data.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


SYNC = _sync_module()


def test_the_package_copies_are_identical_to_data_and_references_bib():
    diff = SYNC.differences(ROOT)
    assert not diff, (
        "the package's copies of data/ and references.bib are out of date; run\n    "
        + SYNC.COMMAND + "\nand commit the result. Differences:\n  " + "\n  ".join(diff)
    )


def _mini_project(tmp_path: Path) -> Path:
    (tmp_path / "data" / "case_studies").mkdir(parents=True)
    (tmp_path / "data" / "case_studies" / "a.yaml").write_text("partnership: {name: A}\n")
    (tmp_path / "data" / "README.md").write_text("# data\n")
    (tmp_path / "references.bib").write_text("@misc{x, title={X}, year={2000}}\n")
    (tmp_path / "clsp_research" / "literature").mkdir(parents=True)
    return tmp_path


def test_the_check_sees_every_kind_of_difference_and_sync_repairs_them(tmp_path):
    root = _mini_project(tmp_path)
    assert SYNC.differences(root)  # nothing copied yet
    SYNC.sync(root)
    assert SYNC.differences(root) == []
    assert (root / "clsp_research" / "_data" / "case_studies" / "a.yaml").read_text() == "partnership: {name: A}\n"

    (root / "data" / "case_studies" / "a.yaml").write_text("partnership: {name: B}\n")  # edited source
    (root / "data" / "new.csv").write_text("x\n")  # new source file
    (root / "clsp_research" / "_data" / "left_over.csv").write_text("y\n")  # deleted from the source
    (root / "references.bib").write_text("@misc{x, title={Y}, year={2000}}\n")
    diff = "\n".join(SYNC.differences(root))
    assert "_data/case_studies/a.yaml: differs" in diff
    assert "_data/new.csv: missing" in diff
    assert "_data/left_over.csv: not in the source" in diff
    assert "literature/references.bib: differs" in diff

    SYNC.sync(root)
    assert SYNC.differences(root) == []
    assert not (root / "clsp_research" / "_data" / "left_over.csv").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_symbolic_link_in_place_of_a_copy_is_reported_and_replaced(tmp_path):
    root = _mini_project(tmp_path)
    (root / "clsp_research" / "_data").symlink_to(root / "data")
    assert any("symbolic link" in d for d in SYNC.differences(root))
    SYNC.sync(root)
    assert not (root / "clsp_research" / "_data").is_symlink()
    assert SYNC.differences(root) == []


def test_the_check_command_exits_1_and_names_the_command_to_run(tmp_path, monkeypatch, capsys):
    root = _mini_project(tmp_path)
    monkeypatch.setattr(SYNC, "ROOT", root)
    monkeypatch.setattr(SYNC.differences, "__defaults__", (root,))
    assert SYNC.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "scripts/sync_package_data.py" in err and "make sync-data" in err


def test_the_project_holds_no_symbolic_links():
    links = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") or d == ".ci"]
        links += [Path(folder, n).relative_to(ROOT) for n in dirs + files if Path(folder, n).is_symlink()]
    assert not links, f"symbolic links break checkouts without them (Windows) and wheels: {links}"


def test_data_and_bibliography_read_from_the_package_copies(monkeypatch):
    # What an installed package reads: the copies inside it.
    from clsp_research.literature import citations
    from clsp_research.partnership import datasets

    monkeypatch.setenv("CLSP_DATA", str(PACKAGE / "_data"))
    monkeypatch.setenv("CLSP_REFERENCES", str(PACKAGE / "literature" / "references.bib"))
    assert datasets.data_path().resolve() == (PACKAGE / "_data").resolve()
    names = datasets.case_studies()
    assert names == sorted(p.stem for p in (ROOT / "data" / "case_studies").glob("*.yaml"))
    for name in names:
        assert datasets.load_case_study(name).info.name
        assert datasets.data_path("case_studies", f"{name}.md").is_file()  # the narrative too
    assert datasets.data_path("surveys", "example_workshop").is_dir()
    assert citations.bibliography_path() == PACKAGE / "literature" / "references.bib"
    assert citations.cite("griffith2002", "§3.74") == "Griffith 2002, §3.74"


def test_a_checkout_reads_the_files_people_edit(monkeypatch):
    from clsp_research.literature import citations
    from clsp_research.partnership import datasets

    monkeypatch.delenv("CLSP_DATA", raising=False)
    monkeypatch.delenv("CLSP_REFERENCES", raising=False)
    assert datasets.data_path() == ROOT / "data"
    assert citations.bibliography_path() == ROOT / "references.bib"


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / ".git").exists() or shutil.which("git") is None, reason="needs a git checkout")
def test_a_clone_without_symbolic_links_has_the_data_and_the_bibliography(tmp_path):
    # The Windows default: links become small text files holding the target's path.
    clone = tmp_path / "clone"
    subprocess.run(["git", "-c", "core.symlinks=false", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)],
                   check=True, capture_output=True, timeout=120)
    check = subprocess.run([sys.executable, "scripts/sync_package_data.py", "--check"], cwd=clone,
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    bib = clone / "clsp_research" / "literature" / "references.bib"
    assert bib.stat().st_size == (clone / "references.bib").stat().st_size > 10_000
    code = ("import clsp_research as c; from clsp_research.partnership.datasets import case_studies, load_case_study;"
            "print(c.cite('griffith2002')); print(len([load_case_study(n) for n in case_studies()]))")
    env = {**os.environ, "PYTHONPATH": str(clone), "CLSP_DATA": str(clone / "clsp_research" / "_data"),
           "CLSP_REFERENCES": str(bib)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    cited, count = out.stdout.split()[-3:-1], int(out.stdout.split()[-1])
    assert " ".join(cited) == "Griffith 2002"
    assert count == len(list((ROOT / "data" / "case_studies").glob("*.yaml")))
