"""``clsp import``: members and ties CSVs to a case file, and back again."""

from __future__ import annotations

import json
from pathlib import Path

from clsp_research.cli import main
from clsp_research.partnership.casefile import load_case
from clsp_research.partnership.datasets import load_case_study

FIXTURES = Path(__file__).parent / "fixtures" / "io"


def test_export_to_csv_then_import_gives_back_the_members_and_ties(tmp_path, capsys):
    assert main(["export", "referral_concordat", "--to", "csv", "-o", f"{tmp_path}/"]) == 0
    out = tmp_path / "case.yaml"
    assert main(["import", str(tmp_path / "members.csv"), str(tmp_path / "ties.csv"), "-o", str(out),
                 "--name", "Westmere"]) == 0
    original, back = load_case_study("referral_concordat"), load_case(out)
    assert back.name == "Westmere"
    assert back.members == original.members
    assert sorted(back.ties, key=repr) == sorted(original.ties, key=repr)


def test_json_describes_what_was_written(tmp_path, capsys):
    out = tmp_path / "p.yaml"
    assert main(["import", str(FIXTURES / "members.csv"), str(FIXTURES / "ties.csv"), "-o", str(out), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d == {"case": str(out), "partnership": d["partnership"], "members": 2, "ties": 2,
                 "report": {"mapped": [], "guessed": [], "dropped": []}}
    assert load_case(out).n_ties == 2


def test_a_bad_row_names_file_line_and_column_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "p.yaml"
    code = main(["import", str(FIXTURES / "members.csv"), str(FIXTURES / "ties_unknown_member.csv"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "ties_unknown_member.csv:4: target: unknown member 'cabb'" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_an_existing_case_file_is_kept_without_force(tmp_path, capsys):
    out = tmp_path / "p.yaml"
    out.write_text("keep me")
    assert main(["import", str(FIXTURES / "members.csv"), "-o", str(out)]) == 1
    assert out.read_text() == "keep me"
    assert "--force" in capsys.readouterr().err
    assert main(["import", str(FIXTURES / "members.csv"), "-o", str(out), "--force"]) == 0
    assert len(load_case(out)) == 2


def test_the_output_must_be_a_case_file_name(tmp_path, capsys):
    assert main(["import", str(FIXTURES / "members.csv"), "-o", str(tmp_path / "p.csv")]) == 1
    assert "expected a case file name ending in" in capsys.readouterr().err
