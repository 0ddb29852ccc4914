"""``clsp survey summarize|levels``: exit codes, the --json contract, messages on stderr."""

from __future__ import annotations

import json

import pytest

from clsp_research.cli import main

SURVEY = ("respondent,member,factor,rating,group\n"
          "ann,cab,trust,4,provider\nann,cab,clarity,2,provider\n"
          "bob,lsc,trust,5,funder\nbob,lsc,clarity,,funder\n"
          "cy,cab,trust,3,provider\ncy,cab,clarity,3,provider\n")


@pytest.fixture
def survey_csv(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text(SURVEY)
    return path


def _json(capsys) -> dict:
    out = capsys.readouterr().out
    return json.loads(out)  # exactly one JSON object, nothing else


def test_summarize_json_contract(survey_csv, capsys):
    assert main(["survey", "summarize", str(survey_csv), "--json"]) == 0
    d = _json(capsys)
    assert d["respondents"] == 3
    trust = next(f for f in d["factors"] if f["id"] == "trust")
    assert (trust["mean"], trust["n"], trust["sd"], trust["band"]) == (4.0, 3, 1.0, "strength")
    clarity = next(f for f in d["factors"] if f["id"] == "clarity")
    assert (clarity["mean"], clarity["n"], clarity["n_dont_know"], clarity["band"]) == (2.5, 2, 1, "concern")
    assert d["by_group"]["trust"] == {"funder": 5.0, "provider": 3.5}
    assert d["concerns"] == ["clarity"] and d["level"] == "factor" and d["pseudonymised"] is True
    assert {r["respondent"] for r in d["respondent_detail"]} == {"R1", "R2", "R3"}


def test_summarize_text_output(survey_csv, capsys):
    assert main(["survey", "summarize", str(survey_csv)]) == 0
    out = capsys.readouterr().out
    assert "3 respondents" in out and "trust" in out and "strength" in out


def test_band_cut_offs_from_the_command_line(survey_csv, capsys):
    assert main(["survey", "summarize", str(survey_csv), "--json", "--strength", "4.5", "--borderline", "2.5"]) == 0
    d = _json(capsys)
    assert {f["id"]: f["band"] for f in d["factors"]} == {"trust": "borderline", "clarity": "borderline"}
    assert d["bands"]["strength"] == 4.5
    assert main(["survey", "summarize", str(survey_csv), "--strength", "3", "--borderline", "4"]) == 1
    assert "must not exceed" in capsys.readouterr().err


def test_item_level_file(tmp_path, capsys):
    path = tmp_path / "items.csv"
    path.write_text("respondent,member,item,rating\nann,cab,trust_1,4\nann,cab,trust_2,5\nbob,lsc,trust_1,2\n")
    assert main(["survey", "summarize", str(path), "--json"]) == 0
    d = _json(capsys)
    assert d["level"] == "item"
    trust = next(f for f in d["factors"] if f["id"] == "trust")
    assert trust["mean"] == pytest.approx((4.5 + 2) / 2) and trust["n"] == 2


@pytest.mark.parametrize(("body", "where"), [
    ("respondent,member,factor,rating\nann,cab,trust,6\n", "survey.csv:2: rating:"),
    ("respondent,member,factor,rating\nann,cab,nonsense,3\n", "survey.csv:2: factor: unknown factor 'nonsense'"),
    ("respondent,member,rating\nann,cab,3\n", "survey.csv:1: factor: missing column(s) factor"),
    ("respondent,member,factor,rating\nann,cab,trust,4\nbob,lsc,trust,7\n", "survey.csv:3: rating: rating '7' is out"),
    ("respondent,member,factor,rating\nann,cab,trust,four\n", "survey.csv:2: rating: rating 'four' is not a number"),
    ("", "survey.csv:1: the survey file is empty; expected a header line: respondent,member,factor,rating"),
])
def test_bad_survey_exits_1_with_file_and_line_and_no_traceback(tmp_path, capsys, body, where):
    path = tmp_path / "survey.csv"
    path.write_text(body)
    assert main(["survey", "summarize", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert where in captured.err and "Traceback" not in captured.err


def test_missing_file_exits_1(tmp_path, capsys):
    assert main(["survey", "summarize", str(tmp_path / "nope.csv")]) == 1
    assert "nope.csv" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys):
    for argv in (["survey"], ["survey", "summarize"], ["survey", "bogus", "x.csv"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
    capsys.readouterr()


def test_levels_json_contract(tmp_path, capsys):
    path = tmp_path / "levels.csv"
    path.write_text("rater,ratee,level\na,b,4\nb,a,1\na,c,3\nc,a,3\nb,c,2\n")
    assert main(["survey", "levels", str(path), "--json"]) == 0
    d = _json(capsys)
    assert d["mean_level"] == pytest.approx(2.6)
    assert d["level_shares"]["3"] == pytest.approx(2 / 3, abs=1e-4)
    assert d["disagreements"] == [["a", "b"]]
    assert main(["survey", "levels", str(path), "--json", "--threshold", "4"]) == 0
    assert _json(capsys)["disagreements"] == []
    assert main(["survey", "levels", str(path)]) == 0
    assert "a rates b 4; b rates a 1" in capsys.readouterr().out


def test_bad_levels_file(tmp_path, capsys):
    path = tmp_path / "levels.csv"
    path.write_text("rater,ratee,level\na,b,4\na,b,9\n")
    assert main(["survey", "levels", str(path), "--json"]) == 1
    assert "levels.csv:3: level:" in capsys.readouterr().err


def test_case_gives_groups_and_expected_respondents(tmp_path, capsys):
    from clsp_research.partnership.datasets import load_case_study

    case = load_case_study("talking_shop")
    path = tmp_path / "case.csv"
    path.write_text("respondent,member,factor,rating\nann,lsc,trust,5\nbob,cab,trust,2\n")
    assert main(["survey", "summarize", str(path), "--json", "--case", "talking_shop"]) == 0
    d = _json(capsys)
    assert d["partnership"] == case.name
    response = {r["member"]: r for r in d["response"]}
    assert set(response) == set(case.members)  # every member, answered or not
    assert response["lsc"]["respondents"] == 1 and response["lsc"]["response_rate"] == 1.0
    silent = [m for m, r in response.items() if r["respondents"] == 0]
    assert len(silent) == len(case) - 2 and all(response[m]["response_rate"] == 0.0 for m in silent)
    groups_of = {g for m in ("lsc", "cab") for g in case.members[m].groups}
    assert set(d["by_group"]["trust"]) == groups_of


def test_case_rejects_unknown_members_listing_the_valid_ones(tmp_path, capsys):
    path = tmp_path / "case.csv"
    path.write_text("respondent,member,factor,rating\nann,lsc,trust,5\nbob,nobody,trust,2\n")
    assert main(["survey", "summarize", str(path), "--case", "talking_shop"]) == 1
    err = capsys.readouterr().err
    assert "case.csv:3: member: unknown member of" in err and "lsc" in err and "cab" in err
