"""``clsp interlocks``: the JSON contract on a hand-made table and the shipped examples; bad CSVs."""

from __future__ import annotations

import json

import pytest

from clsp_research.cli import main


def test_json_contract(tmp_path, capsys):
    f = tmp_path / "seats.csv"
    f.write_text("person,body,role\nann,CLSP,chair\nann,LSP,\nbob,CLSP,\ncy,CLSP,\ncy,LSP,\ncy,HAZ,\n")
    assert main(["interlocks", str(f), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert (d["people"], d["bodies"], d["seats"], d["seats_per_person"]) == (3, 3, 6, 2.0)
    assert d["multi_seat_people"] == ["cy", "ann"]
    assert [t["person"] for t in d["top"]] == ["cy", "ann", "bob"] and d["top"][0]["seats"] == 3
    assert main(["interlocks", str(f), "--json", "--min-seats", "3", "--top", "1"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["multi_seat_people"] == ["cy"] and len(d["top"]) == 1


def test_shipped_examples(capsys):
    assert main(["interlocks", "illustrative_bristol", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert (d["people"], d["seats"], d["bodies"]) == (22, 56, 9)
    assert main(["interlocks", "davis_southern_women"]) == 0
    assert "18 people hold 89 seats on 14 bodies" in capsys.readouterr().out


def test_bad_csv(tmp_path, capsys):
    f = tmp_path / "bad.csv"
    f.write_text("person,body\nann,CLSP\nann,CLSP\n")
    assert main(["interlocks", str(f), "--json"]) == 1
    c = capsys.readouterr()
    assert c.out == "" and f"{f}:3: person:" in c.err
    with pytest.raises(SystemExit) as exc:  # a usage error (issue 15)
        main(["interlocks", str(f), "--top", "0"])
    assert exc.value.code == 2
    assert main(["interlocks", str(tmp_path / "none.csv")]) == 1
    assert "no such file" in capsys.readouterr().err
