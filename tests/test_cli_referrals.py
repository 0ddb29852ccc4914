"""``clsp referrals``: the JSON contract and errors."""

from __future__ import annotations

import json

import pytest

from clsp_research.cli import main

CASE = """partnership: {name: Tiny CLSP}
members:
  - {id: cab, name: CAB, groups: [provider], categories: [debt]}
  - {id: law, name: Law centre, groups: [provider], categories: [housing]}
  - {id: sol, name: Solicitor, groups: [provider], categories: [family]}
ties:
  - {source: cab, target: law, kind: referral}
  - {source: law, target: sol, kind: referral}
"""


def test_json_contract(tmp_path, capsys):
    case = tmp_path / "tiny.yaml"
    case.write_text(CASE)
    assert main(["referrals", str(case), "--max-hops", "1", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["seamlessness"] == round(5 / 9, 4)
    assert d["unreachable"] == [["law", "debt"], ["sol", "debt"], ["cab", "family"], ["sol", "housing"]]
    assert main(["referrals", str(case), "-k", "none", "--json", "--critical"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["max_hops"] is None and d["seamlessness"] == round(6 / 9, 4)
    assert {(c["source"], c["target"]) for c in d["critical"]} == {("cab", "law"), ("law", "sol")}


def test_shipped_case_text(capsys):
    assert main(["referrals", "referral_concordat", "--max-hops", "2", "--critical"]) == 0
    out = capsys.readouterr().out
    assert "Westmere CLSP" in out and "Unreachable" in out and "->" in out


def test_errors(tmp_path, capsys):
    assert main(["referrals", "no_such_case"]) == 1
    assert "case studies are" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["referrals", "talking_shop", "--max-hops", "-1"])
    assert info.value.code == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text(CASE.replace("kind: referral}", "kind: referal}", 1))
    assert main(["referrals", str(bad), "--json"]) == 1
    err = capsys.readouterr().err
    assert "referal" in err and "Traceback" not in err


RELAY = """partnership: {name: Relay CLSP}
members:
  - {id: cab, name: CAB, groups: [provider], categories: [debt]}
  - {id: lib, name: Library, groups: [community]}
  - {id: law, name: Law centre, groups: [provider], categories: [housing, immigration]}
  - {id: sol, name: Solicitor, groups: [provider], categories: [family]}
ties:
  - {source: cab, target: lib, kind: referral}
  - {source: lib, target: law, kind: referral}
  - {source: law, target: cab, kind: referral}
"""


@pytest.mark.parametrize("k, reachable", [
    # 3 providers x 4 categories; at k=0 each provider reaches only what it serves itself
    (0, {("cab", "debt"), ("law", "housing"), ("law", "immigration"), ("sol", "family")}),
    (1, {("cab", "debt"), ("law", "housing"), ("law", "immigration"), ("sol", "family"), ("law", "debt")}),
    # cab reaches the law centre through the library (two referrals); nobody refers to sol
    (2, {("cab", "debt"), ("law", "housing"), ("law", "immigration"), ("sol", "family"), ("law", "debt"),
         ("cab", "housing"), ("cab", "immigration")}),
])
def test_hand_checked_relay_through_a_non_provider(tmp_path, capsys, k, reachable):
    case = tmp_path / "relay.yaml"
    case.write_text(RELAY)
    assert main(["referrals", str(case), "--max-hops", str(k), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    every = {(a, c) for a in ("cab", "law", "sol") for c in ("debt", "family", "housing", "immigration")}
    assert {tuple(x) for x in d["unreachable"]} == every - reachable
    assert d["seamlessness"] == round(len(reachable) / 12, 4)
    assert d["providers"] == ["cab", "law", "sol"]  # the library relays but is not a provider
