"""A portfolio of case files assessed into one tidy table, from Python and from ``clsp assess FOLDER``."""

from __future__ import annotations

import io
import json
import shutil

import pandas as pd
import pytest

from clsp_research.assess import assess
from clsp_research.assess.portfolio import assess_portfolio, write_table
from clsp_research.cli import main
from clsp_research.errors import CLSPInputError, UnknownValueError
from clsp_research.partnership.datasets import case_studies, case_study_path, load_case_study


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "cases"
    (d / "sub").mkdir(parents=True)
    for i, name in enumerate(case_studies()):
        shutil.copy(case_study_path(name), (d / "sub" if i % 2 else d) / f"{name}.yaml")
        shutil.copy(case_study_path(name).with_suffix(".md"), d)  # its narrative: not a case file
    return d


def test_portfolio_stacks_each_cases_table(folder):
    calls = []
    df = assess_portfolio(folder, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (6, 6) and len(calls) == 6
    assert df.case.nunique() == 6 and list(df.columns[:3]) == ["case", "partnership", "framework"]
    for name in case_studies():
        one = assess(load_case_study(name)).to_frame()
        part = df[df.case.str.endswith(f"{name}.yaml")].drop(columns="case").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, one)


def test_an_invalid_case_raises_or_is_skipped_and_listed(folder):
    (folder / "broken.yaml").write_text("partnership: {name: X}\nmembers:\n  - {id: a, name: A, groups: [funders]}\n",
                                        encoding="utf-8")
    with pytest.raises(CLSPInputError) as exc:
        assess_portfolio(folder, progress=False)
    assert exc.value.file.endswith("broken.yaml") and exc.value.line == 3
    df = assess_portfolio(folder, progress=False, skip_invalid=True)
    assert df.case.nunique() == 6 and "broken.yaml:3" in df.attrs["errors"][0]


def test_empty_folder_and_not_a_folder(tmp_path):
    with pytest.raises(CLSPInputError, match="no case files"):
        assess_portfolio(tmp_path, progress=False)
    with pytest.raises(CLSPInputError, match="not a folder"):
        assess_portfolio(tmp_path / "missing", progress=False)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_the_command_writes_one_table(folder, tmp_path, capsys, suffix):
    out = tmp_path / f"portfolio{suffix}"
    assert main(["assess", str(folder), "-o", str(out), "--framework", "continuum_frey"]) == 0
    assert f"wrote {out} (6 cases" in capsys.readouterr().out  # as report and export say it
    df = pd.read_csv(out) if suffix == ".csv" else pd.read_json(out, lines=True)
    assert df.case.nunique() == 6 and set(df.framework) == {"continuum_frey"}
    assert set(df.kind) == {"placement", "stage", "factor", "flag"}
    code = main(["assess", str(folder), "-o", str(out)])
    assert code == 1 and "--force" in capsys.readouterr().err


def test_the_command_prints_csv_or_json_lines_without_output(folder, capsys):
    assert main(["assess", str(folder)]) == 0
    df = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert df.case.nunique() == 6
    assert main(["assess", str(folder), "--json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(rows) == len(df) and {"case", "kind", "score", "evidence", "cites"} <= set(rows[0])


def test_skip_invalid_on_the_command_line(folder, capsys, tmp_path):
    (folder / "bad.yaml").write_text("partnership: [\n", encoding="utf-8")
    code = main(["assess", str(folder), "--skip-invalid", "-o", str(tmp_path / "t.csv")])
    err = capsys.readouterr().err
    assert code == 1 and "skipped:" in err and "bad.yaml" in err and (tmp_path / "t.csv").exists()
    code = main(["assess", str(folder), "-o", str(tmp_path / "u.csv")])
    assert code == 1 and "bad.yaml" in capsys.readouterr().err and not (tmp_path / "u.csv").exists()


def test_table_formats(tmp_path, monkeypatch):
    df = pd.DataFrame({"a": [1, 2]})
    with pytest.raises(UnknownValueError, match=r"unknown table suffix '\.xlsx'"):
        write_table(df, tmp_path / "t.xlsx")
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in ("pyarrow", "fastparquet") else real(name, *a))
    with pytest.raises(CLSPInputError, match="needs pyarrow or fastparquet"):
        write_table(df, tmp_path / "t.parquet")
    assert not (tmp_path / "t.parquet").exists()
