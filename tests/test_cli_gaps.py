"""``clsp gaps``: the JSON contract, the text output and bad CSVs."""

from __future__ import annotations

import json

import pytest

from clsp_research.cli import main
from clsp_research.partnership.datasets import data_path


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text)
    return str(p)


def test_json_contract(tmp_path, capsys):
    need = _write(tmp_path, "need.csv", "area,category,need\nN,debt,100\nN,housing,0\nS,debt,40\n")
    prov = _write(tmp_path, "prov.csv", "provider,area,category,capacity\ncab,N,debt,60\ncab,S,debt,50\n"
                                        "law,E,debt,5\n")
    assert main(["gaps", need, prov, "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    gaps = {(g["area"], g["category"]): g for g in d["gaps"]}
    assert gaps[("N", "debt")] == {**gaps[("N", "debt")], "need": 100, "provision": 60, "gap": 40, "coverage": 0.6}
    assert gaps[("S", "debt")]["gap"] == 0 and gaps[("S", "debt")]["coverage"] == 1.25
    assert gaps[("N", "housing")]["coverage"] is None
    assert d["summary"]["gap"] == 40 and d["unassessed"] == [
        {"area": "E", "category": "debt", "provision": 5.0, "n_providers": 1}]


def test_quality_and_grouping_options(capsys):
    need, prov = str(data_path("provision", "need.csv")), str(data_path("provision", "provision.csv"))
    assert main(["gaps", need, prov, "--json", "--by", "category", "--min-quality", "specialist_help"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["by"] == ["category"] and d["min_quality"] == "specialist_help"
    assert all(set(g) >= {"category", "need", "provision", "gap", "coverage"} for g in d["gaps"])
    assert main(["gaps", need, prov]) == 0
    out = capsys.readouterr().out
    assert "Westmere East" in out and "coverage" in out
    with pytest.raises(SystemExit) as info:
        main(["gaps", need, prov, "--min-quality", "gold"])
    assert info.value.code == 2


def test_bad_csv_names_file_row_and_column(tmp_path, capsys):
    need = _write(tmp_path, "need.csv", "area,category,need\nN,debt,100\nS,debt,lots\n")
    prov = _write(tmp_path, "prov.csv", "provider,area,category,capacity\ncab,N,debt,60\n")
    assert main(["gaps", need, prov, "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{need}:3: need:" in captured.err and "Traceback" not in captured.err
    ok = _write(tmp_path, "ok.csv", "area,category,need\nN,debt,100\n")
    prov2 = _write(tmp_path, "prov2.csv", "provider,area,category\ncab,N,debt\n")
    assert main(["gaps", ok, prov2]) == 1
    assert f"{prov2}:1: capacity: missing column capacity" in capsys.readouterr().err
    assert main(["gaps", str(tmp_path / "missing.csv"), prov]) == 1
    assert "no such file" in capsys.readouterr().err
