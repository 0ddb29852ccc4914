"""``clsp survey compare``: two survey waves from the command line."""

from __future__ import annotations

import json

import pytest

from clsp_research.cli import main
from clsp_research.partnership.datasets import data_path
from clsp_research.workshop.survey_files import read_responses
from clsp_research.workshop.waves import compare_surveys

W1, W2 = data_path("surveys", "example_survey_wave1.csv"), data_path("surveys", "example_survey_wave2.csv")


@pytest.fixture(scope="module")
def out():
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["survey", "compare", str(W1), str(W2), "--json"]) == 0
    return json.loads(buf.getvalue())


def test_json_gives_the_change_per_factor_as_compare_surveys_computes_it(out):
    expected = compare_surveys(read_responses(W1).summarize(), read_responses(W2).summarize()).set_index("id")
    assert [f["id"] for f in out["factors"]] == list(expected.index)
    for f in out["factors"]:
        row = expected.loc[f["id"]]
        assert f["delta"] == pytest.approx(row["delta"], abs=1e-4)
        assert f["delta"] == pytest.approx(f["mean_after"] - f["mean_before"], abs=2e-4)
        assert f["changed"] == bool(row["changed"])
        assert f["band_after"] == row["band_after"]
    assert out["respondents"] == {"before": 20, "after": 22}


def test_json_follows_member_organisations_between_waves(out):
    members = {m["member"]: m for m in out["members"]}
    assert sum(m["respondents_before"] for m in members.values()) == 20
    assert sum(m["respondents_after"] for m in members.values()) == 22
    assert {m["status"] for m in members.values()} == {"both waves"}


def test_the_text_table_marks_the_changes_whose_interval_excludes_zero(capsys):
    assert main(["survey", "compare", str(W1), str(W2)]) == 0
    text = capsys.readouterr().out
    evaluation = next(line for line in text.splitlines() if line.startswith("evaluation "))
    flexibility = next(line for line in text.splitlines() if line.startswith("flexibility "))
    assert evaluation.endswith("*") and not flexibility.endswith("*")


def test_a_bad_wave_names_its_file_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "wave2.csv"
    bad.write_text("respondent,member,factor,rating\nr1,cab,trust,7\n")
    assert main(["survey", "compare", str(W1), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "wave2.csv:2" in err and "Traceback" not in err
