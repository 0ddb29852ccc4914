"""What the notebooks show, read from their rendered outputs (issue 14): clean text, rounded tables, whole labels.

Each notebook is executed as the nbval tier executes it (a python3 kernel of this environment),
in a temporary folder, keeping the state of its widgets. Then every output (text, HTML, Markdown,
streams) and every widget's HTML value is searched for:

- ".;": a sentence's full stop left before a clause separator;
- "1 members": a count without its singular;
- a number with more than four decimals in a table meant for people (a cell of a pandas or
  widget HTML table, or a line of a DataFrame's text);
- a table cell cut with "..." (pandas' default width), and a widget label the browser would cut
  (``widget_labels.cut_labels``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from widget_labels import cut_labels

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

LONG_FLOAT = re.compile(r"(?<![\w.])-?\d+\.\d{5,}(?![\w.])")
CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)
CUT_CELL = re.compile(r"\w\.\.\.$")


def glitches(text: str, *, table: bool) -> list[str]:
    """The glitches in one output's text; ``table``: the text is a table meant for people.

    >>> glitches("Trust is high.; Meetings are rare", table=False)
    ['".;" in: Trust is high.; Meetings ar']
    >>> glitches("<table><tr><td>0.961538</td><td>Passing on inform...</td></tr></table>", table=True)
    ['unrounded 0.961538', 'cut cell: Passing on inform...']
    >>> glitches("doi:10.1111/1467-9299.00103 and 1 member", table=False)
    []
    """
    out = [f'".;" in: {text[max(0, m.start() - 20):m.end() + 12]}' for m in re.finditer(r"\.;", text)]
    out += [f"'1 members' in: {text[max(0, m.start() - 30):m.end()]}" for m in re.finditer(r"\b1 members\b", text)]
    if table:
        cells = CELL.findall(text) if "<t" in text else text.split()
        out += [f"unrounded {m.group()}" for c in cells for m in LONG_FLOAT.finditer(re.sub(r"<[^>]+>", "", c))]
        out += [f"cut cell: {c.strip()}" for c in cells if CUT_CELL.search(re.sub(r"<[^>]+>", "", c).strip())]
    return out


def _output_texts(nb: dict) -> list[tuple[str, str, bool]]:
    """(where, text, is a table) of every output of every code cell."""
    out = []
    for i, cell in enumerate(nb["cells"]):
        for o in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            where = f"cell {i}"
            if o.get("output_type") == "error":
                out.append((where, f"error: {o['ename']}: {o['evalue']}", False))
                continue
            if "text" in o:
                out.append((where, "".join(o["text"]), False))
            data = o.get("data", {})
            html = "".join(data.get("text/html", ""))
            is_frame = "dataframe" in html or "<table" in html
            if html:
                out.append((where, html, is_frame))
            if "text/plain" in data:
                out.append((where, "".join(data["text/plain"]), is_frame))
            if "text/markdown" in data:
                out.append((where, "".join(data["text/markdown"]), False))
    return out


def _widget_texts(state: dict) -> list[tuple[str, str, bool]]:
    return [(f"widget {m['model_name']}", s["value"], "<td" in s["value"])
            for m in state.values() for s in [m.get("state", {})] if isinstance(s.get("value"), str)]


def _run(path: Path, tmp: Path) -> dict:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True, store_widget_state=True,
                   resources={"metadata": {"path": str(tmp)}}).execute()
    return json.loads(nbformat.writes(nb))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_rendered_outputs_are_clean(path, tmp_path):
    nb = _run(path, tmp_path)
    state = nb["metadata"].get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    found = [f"{where}: {g}" for where, text, table in [*_output_texts(nb), *_widget_texts(state)]
             for g in glitches(text, table=table)]
    found += [f"widget label cut: {c}" for c in cut_labels(state)]
    found += [f"{where}: {text}" for where, text, _ in _output_texts(nb) if text.startswith("error: ")]
    assert not found, f"{path.name}:\n" + "\n".join(found)
    assert any(cell.get("outputs") for cell in nb["cells"]), "nothing was rendered"


def test_the_checks_see_what_issue_14_saw():
    found = glitches("<td>Not recorded: champions.; Representatives chan...</td>", table=True)
    assert [g.split(":")[0] for g in found] == ['".;" in', "cut cell"], found
    assert glitches("linking groups: 1 members.", table=False)
    assert glitches("cab; housing 312000.000000\n", table=True) == ["unrounded 312000.000000"]
