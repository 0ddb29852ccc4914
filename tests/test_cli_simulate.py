"""``clsp simulate``: the JSON contract, parameters from the command line and bad input."""

from __future__ import annotations

import json

import pytest

from clsp_research.cli import main
from clsp_research.dynamics import PARAMETERS, STAGES

pytest.importorskip("clsp_research.partnership.casefile")

CASE = """\
partnership:
  name: Anytown CLSP
  established: 2000
members:
  - {id: lsc, name: LSC regional office, groups: [funder], sector: statutory}
  - {id: council, name: Anytown Council, groups: [funder, provider], sector: statutory}
  - {id: cab, name: Anytown CAB, groups: [provider], sector: voluntary}
  - {id: law, name: Law centre, groups: [provider], sector: voluntary}
  - {id: tenants, name: Tenants' federation, groups: [community], sector: community}
ties:
  - {source: lsc, target: cab, kind: funding, amount: 120000}
  - {source: council, target: cab, kind: funding, amount: 80000}
  - {source: cab, target: law, kind: referral}
  - {source: law, target: tenants, kind: information_exchange}
  - {source: cab, target: council, kind: joint_project}
"""


@pytest.fixture
def case(tmp_path):
    path = tmp_path / "anytown.yaml"
    path.write_text(CASE, encoding="utf-8")
    return path


def run_json(capsys, *argv: str) -> dict:
    assert main(["simulate", *argv, "--json"]) == 0
    out = capsys.readouterr().out
    return json.loads(out)  # one JSON object and nothing else on stdout


def test_json_has_final_and_series(capsys, case):
    res = run_json(capsys, str(case), "--periods", "6", "--runs", "20", "--seed", "3")
    assert res["partnership"] == "Anytown CLSP"
    final = res["final"]
    assert 0 <= final["mean_trust"] <= 1
    assert 0 <= final["influence_gini"] <= 1
    assert list(final["stage_shares"]) == list(STAGES)
    assert sum(final["stage_shares"].values()) == pytest.approx(1.0)
    assert [row["period"] for row in res["series"]] == list(range(7))
    assert res["series"][-1]["mean_trust"] == pytest.approx(final["mean_trust"], abs=1e-3)
    assert res["series"][0]["influence_gini"] == pytest.approx(0.0, abs=1e-9)
    assert set(res["parameters"]) == set(PARAMETERS)


def test_same_seed_same_output_and_set_changes_the_run(capsys, case):
    a = run_json(capsys, str(case), "--periods", "8", "--runs", "30", "--seed", "1")
    b = run_json(capsys, str(case), "--periods", "8", "--runs", "30", "--seed", "1")
    assert a == b
    c = run_json(capsys, str(case), "--periods", "8", "--runs", "30", "--seed", "1", "--set", "turnover=0.3",
                 "--set", "strategy=flagship", "--set", "initial_trust=0.2", "--set", "funding=0")
    assert c["changed"] == {"turnover": 0.3, "strategy": "flagship", "initial_trust": 0.2, "funding": 0.0}
    assert c["final"]["mean_trust"] < a["final"]["mean_trust"]


def test_a_shipped_case_study_can_be_named(capsys):
    from clsp_research.partnership.datasets import case_studies

    name = case_studies()[0]
    res = run_json(capsys, name, "--periods", "2", "--runs", "5")
    assert res["case"] == name and res["final"]["membership"] > 0


def test_text_output(capsys, case):
    assert main(["simulate", str(case), "--periods", "3", "--runs", "5"]) == 0
    out = capsys.readouterr().out
    assert "Anytown CLSP: 5 runs x 3 periods" in out
    assert "co-ordination" in out


def test_unknown_parameter_lists_the_valid_ones(capsys, case):
    with pytest.raises(SystemExit) as exc:  # a malformed --set is a usage error (issue 15)
        main(["simulate", str(case), "--set", "turnovr=0.1"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "unknown parameter 'turnovr'" in err
    assert "turnover" in err and "funding" in err and "strategy" in err and "initial_trust" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("assignment, expected", [
    ("turnover=2", "turnover: expected a number from 0 to 1, found '2'"),
    ("funding=lots", "funding: expected a number"),
    ("strategy=big_bang", "unknown strategy 'big_bang'; expected one of: small_wins, flagship"),
    ("turnover", "expected NAME=VALUE"),
])
def test_invalid_values_are_usage_errors(capsys, case, assignment, expected):
    with pytest.raises(SystemExit) as exc:
        main(["simulate", str(case), "--set", assignment])
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert expected in captured.err and captured.out == ""


def test_usage_errors_exit_2(capsys, case):
    with pytest.raises(SystemExit) as exc:
        main(["simulate", str(case), "--runs", "0"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["simulate", str(case), "--seed", "-1"])
    assert exc.value.code == 2
    assert "--seed: expected a whole number from 0 to 4294967295, found '-1'" in capsys.readouterr().err
    assert main(["simulate"]) == 2
    assert "CASE is required" in capsys.readouterr().err


def test_a_missing_case_file_is_an_input_error(capsys, tmp_path):
    assert main(["simulate", str(tmp_path / "nowhere.yaml"), "--runs", "2"]) == 1
    assert "nowhere.yaml" in capsys.readouterr().err


def test_parameters_are_listed_with_their_sources(capsys):
    assert main(["simulate", "--parameters"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in PARAMETERS)
    res = run_json(capsys, "--parameters")
    turnover = next(p for p in res["parameters"] if p["name"] == "turnover")
    assert "williamson2001, p.124" in turnover["references"]
