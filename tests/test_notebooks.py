"""How the notebooks are stored: no outputs, python3 kernel, data through the package."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _cells(nb: Path) -> list[dict]:
    return json.loads(nb.read_text(encoding="utf-8"))["cells"]


def test_the_notebooks_are_numbered_in_reading_order_from_00():
    numbers = [int(nb.name[:2]) for nb in NOTEBOOKS]
    assert numbers == list(range(len(NOTEBOOKS))), [nb.name for nb in NOTEBOOKS]


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_without_outputs_and_with_the_python3_kernel(nb):
    meta = json.loads(nb.read_text(encoding="utf-8"))["metadata"]
    assert meta["kernelspec"]["name"] == "python3"
    for i, cell in enumerate(_cells(nb)):
        if cell["cell_type"] != "code" or "keep_output" in cell.get("metadata", {}).get("tags", []):
            continue
        assert not cell.get("outputs"), f"{nb.name} cell {i} is stored with outputs"
        assert cell.get("execution_count") is None, f"{nb.name} cell {i} is stored with an execution count"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_imports_the_package_as_clsp_and_finds_data_through_it(nb):
    code = "\n".join("".join(c["source"]) for c in _cells(nb) if c["cell_type"] == "code")
    assert re.search(r"^import clsp_research as clsp$", code, re.M), nb.name
    assert not re.search(r"""["'](\.\./)+data/|["']data/""", code), f"{nb.name} reads data by a relative path"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_checks_something(nb):
    code = "\n".join("".join(c["source"]) for c in _cells(nb) if c["cell_type"] == "code")
    assert "assert " in code or "# NBVAL_CHECK_OUTPUT" in code, f"{nb.name} checks none of its numbers"


def test_the_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [nb.stem for nb in NOTEBOOKS if f"`{nb.stem}`" not in readme]
    assert not missing, f"README's notebook table lacks {missing}"
