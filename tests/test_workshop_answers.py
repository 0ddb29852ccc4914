"""From a workshop answers folder to the survey tools: ``clsp survey summarize|compare DIR`` and
``clsp workshop export DIR -o answers.csv``; small-n honesty in their ``--json``."""

from __future__ import annotations

import csv
import json

import pytest

from clsp_research.cli import main
from clsp_research.workshop.submissions import save_submission
from clsp_research.workshop.survey import instrument

IDS = [i.id for i in instrument().items]


def _answers(value, **overrides):
    out = dict.fromkeys(IDS, value)
    out.update(overrides)
    return out


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "answers"
    for n, group in enumerate(["funder", "provider", "provider", "community"]):
        save_submission(d, _answers(1 + n, trust_1=None), member=["lsc", "cab", "cab", "tenants"][n], group=group)
    return d


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_summarize_reads_a_folder_like_its_exported_csv(folder, tmp_path, capsys):
    assert main(["survey", "summarize", str(folder), "--json"]) == 0
    from_folder = _json(capsys)
    out = tmp_path / "answers.csv"
    assert main(["workshop", "export", str(folder), "-o", str(out)]) == 0
    assert "4 respondent(s)" in capsys.readouterr().out
    assert main(["survey", "summarize", str(out), "--json"]) == 0
    from_csv = _json(capsys)
    assert from_folder["respondents"] == from_csv["respondents"] == 4
    assert from_folder["level"] == from_csv["level"] == "item"
    means = {f["id"]: f["mean"] for f in from_folder["factors"]}
    assert means == {f["id"]: f["mean"] for f in from_csv["factors"]}
    assert means["clarity"] == 2.5 and means["trust"] == 2.5  # trust: only the second statement answered
    assert from_folder["factors"][0]["ci_low"] == from_csv["factors"][0]["ci_low"]  # same seed, same interval


def test_export_writes_tokens_never_names_and_keeps_existing_files(folder, tmp_path, capsys):
    out = tmp_path / "answers.csv"
    assert main(["workshop", "export", str(folder), "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["respondent", "member", "group", "item", "rating"]
    assert len(rows) == 4 * 28
    tokens = [r["respondent"] for r in rows]
    assert tokens == sorted(tokens)  # ordered by token, not by who submitted first
    assert all(len(t) == 16 and int(t, 16) >= 0 for t in set(tokens))
    assert {r["rating"] for r in rows if r["item"] == "trust_1"} == {""}  # don't know: an empty cell
    before = out.read_bytes()
    assert main(["workshop", "export", str(folder), "-o", str(out)]) == 1
    assert "--force" in capsys.readouterr().err and out.read_bytes() == before
    assert main(["workshop", "export", str(folder), "-o", str(out), "--force"]) == 0
    assert main(["workshop", "export", str(tmp_path / "nowhere"), "-o", str(tmp_path / "x.csv")]) == 1
    assert "not a folder" in capsys.readouterr().err


def test_small_numbers_get_no_interval_and_no_verdict_in_json_and_text(tmp_path, capsys):
    d = tmp_path / "two"
    save_submission(d, _answers(1), group="funder")
    save_submission(d, _answers(5), group="funder")
    assert main(["survey", "summarize", str(d), "--json"]) == 0
    out = _json(capsys)
    assert out["min_n"] == 3 and "bootstrap" in out["interval_method"]
    for f in out["factors"]:
        assert f["too_few"] is True and f["ci_low"] is None and f["rwg"] is None
    assert out["contested"] == []  # no "respondents disagree" from two answers either
    assert main(["survey", "summarize", str(d)]) == 0
    text = capsys.readouterr().out
    assert "too few answers" in text and "-1." not in text
    save_submission(d, _answers(5), group="funder")
    assert main(["survey", "summarize", str(d), "--json"]) == 0
    for f in _json(capsys)["factors"]:
        assert 1 <= f["ci_low"] <= f["mean"] <= f["ci_high"] <= 5 and f["too_few"] is False


def test_summarize_can_hide_small_groups(folder, capsys):
    assert main(["survey", "summarize", str(folder), "--json", "--min-group-size", "2"]) == 0
    out = _json(capsys)
    assert out["min_group_size"] == 2
    trust = out["by_group"]["clarity"]
    assert trust["funder"] is None and trust["provider"] == 2.5 and trust["community"] is None
    assert out["by_group_n"]["clarity"]["funder"] == 1


def test_compare_takes_two_folders_and_says_too_few(folder, tmp_path, capsys):
    small = tmp_path / "small"
    save_submission(small, _answers(4), group="provider")
    assert main(["survey", "compare", str(folder), str(small), "--json"]) == 0
    out = _json(capsys)
    assert out["respondents"] == {"before": 4, "after": 1}
    clarity = next(f for f in out["factors"] if f["id"] == "clarity")
    assert clarity["too_few"] is True and clarity["delta_low"] is None and clarity["changed"] is False
    assert main(["survey", "compare", str(folder), str(folder)]) == 0
    text = capsys.readouterr().out
    assert "bootstrap" in text


def test_an_empty_folder_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["survey", "summarize", str(tmp_path / "empty")]) == 1
    err = capsys.readouterr().err
    assert "no answers in this folder" in err and "Traceback" not in err
