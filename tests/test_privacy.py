"""Respondents' names never reach an output unless the user asks (``--keep-names``)."""

from __future__ import annotations

import json

import pytest

from clsp_research.cli import main
from clsp_research.commands.survey import summarize_file
from clsp_research.workshop.survey import summarize
from clsp_research.workshop.survey_files import read_responses

NAMES = ["Alice Wonderland", "Bartholomew Quist", "Cordelia Fenwick"]


@pytest.fixture
def named_csv(tmp_path):
    path = tmp_path / "named.csv"
    rows = ["respondent,member,factor,rating,group"]
    for k, name in enumerate(NAMES):
        for f, r in (("trust", 2 + k), ("clarity", 5 - k), ("time", None)):
            rows.append(f"{name},m{k},{f},{'' if r is None else r},{['funder', 'provider', 'community'][k]}")
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.fixture
def named_items_csv(tmp_path):
    path = tmp_path / "named_items.csv"
    rows = ["respondent,member,item,rating"] + [f"{n},cab,trust_1,{3 + k}" for k, n in enumerate(NAMES)]
    path.write_text("\n".join(rows) + "\n")
    return path


def _contains_a_name(text: str) -> bool:
    return any(part in text for n in NAMES for part in n.split())


@pytest.mark.parametrize("extra", [["--json"], []])
def test_summarize_output_carries_no_name(named_csv, capsys, extra):
    assert main(["survey", "summarize", str(named_csv), *extra]) == 0
    out = capsys.readouterr()
    assert not _contains_a_name(out.out + out.err)


def test_item_level_output_carries_no_name(named_items_csv, capsys):
    assert main(["survey", "summarize", str(named_items_csv), "--json"]) == 0
    assert not _contains_a_name(capsys.readouterr().out)


def test_names_appear_only_when_asked_for(named_csv, capsys):
    assert main(["survey", "summarize", str(named_csv), "--json", "--keep-names"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["pseudonymised"] is False
    assert {r["respondent"] for r in d["respondent_detail"]} == set(NAMES)


def test_pseudonymised_on_import_before_any_analysis(named_csv):
    loaded = read_responses(named_csv)
    assert not _contains_a_name(loaded.responses.to_csv()) and not _contains_a_name(loaded.detail.to_csv())
    d = summarize(loaded.responses).to_dict()
    assert not _contains_a_name(json.dumps(d))
    assert not _contains_a_name(json.dumps(summarize_file(named_csv)))


def test_an_error_message_names_the_line_not_the_person(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("respondent,member,factor,rating\nAlice Wonderland,cab,trust,9\n")
    assert main(["survey", "summarize", str(path)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv:2" in err and not _contains_a_name(err)


def test_workshop_files_hold_no_name(tmp_path):
    pytest.importorskip("ipywidgets")
    from clsp_research.ui.self_assessment import SelfAssessment

    app = SelfAssessment(directory=tmp_path)
    assert not any("name" in str(getattr(w, "description", "")).lower() for w in app.widget.children)
    app.group.value = "provider"
    for tb in app.toggles.values():
        tb.value = 3
    path = app.submit()
    rec = json.loads(path.read_text())
    assert set(rec) == {"schema", "respondent", "member", "group", "instrument", "version", "submitted",
                        "sequence", "answers"}
    assert rec["respondent"] == app.token and len(app.token) == 16
