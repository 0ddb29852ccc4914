"""The Assessment: JSON contract, citations that resolve, explanations, comparison, and `clsp assess`."""

from __future__ import annotations

import json

import pytest

from clsp_research import cli
from clsp_research.assess import Assessment, assess, compare, continua
from clsp_research.errors import UnknownKeyError
from clsp_research.literature import parse_cite, reference
from clsp_research.partnership.model import Member, Partnership, PartnershipInfo, Tie
from clsp_research.partnership.synthetic import synthetic_partnership


def example() -> Partnership:
    info = PartnershipInfo("Illustrative CLSP", established=2000, budget="none", strategic_plan=False,
                           evaluation=False, shared_mission=True, attrs={"as_of": 2002})
    ms = [Member("lsc", "LSC", groups=("funder",)), Member("cab", "CAB", groups=("provider",)),
          Member("law", "Law centre", groups=("provider",)), Member("ten", "Tenants", groups=("community",))]
    ts = [Tie("lsc", "cab", "funding", amount=90000), Tie("lsc", "law", "funding", amount=10000),
          Tie("cab", "law", "referral"), Tie("law", "cab", "referral"), Tie("cab", "ten", "information_exchange")]
    return Partnership(info, ms, ts)


def all_cites(d: dict) -> list[str]:
    out = []
    for f in d["factors"]:
        out += f["cites"] + [e["cite"] for e in f["evidence"] if e.get("cite")]
    for f in d["flags"]:
        out += f["cites"]
    for r in d["recommendations"]:
        out += r["cites"]
    return out


def test_json_contract_keys_and_types():
    d = assess(example()).to_dict()
    assert {"partnership", "framework", "stage", "stage_profile", "factors", "flags", "recommendations",
            "measures"} <= set(d)
    assert d["partnership"] == "Illustrative CLSP" and d["framework"] == "continuum"
    assert list(d["stage_profile"]) == ["networking", "co-operation", "co-ordination", "integration"]
    assert d["stage"] in d["stage_profile"]
    for f in d["factors"]:
        assert {"id", "name", "score", "confidence", "evidence", "cites"} <= set(f)
        for e in f["evidence"]:
            assert {"text", "effect", "source"} <= set(e) and isinstance(e["effect"], float)
    for f in d["flags"]:
        assert {"id", "severity", "message", "cites"} <= set(f)
        assert f["severity"] in ("high", "medium", "low")
    for r in d["recommendations"]:
        assert {"factor", "text", "cites"} <= set(r)
    assert {"density", "degree_centralization", "betweenness_centralization", "most_central"} <= set(d["measures"])
    assert d["rubric"]["id"] == "clsp-default"
    json.dumps(d)  # plain types only


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_cite_in_every_result_resolves(seed):
    p = synthetic_partnership(30, seed=seed)
    for fw in continua():
        a = assess(p, framework=fw)
        cites = all_cites(a.to_dict()) + [c for cs in a.stage_cites.values() for c in cs]
        assert cites
        for c in cites:
            reference(parse_cite(c)[0])  # raises for a key missing from references.bib
    reference(parse_cite(assess(example()).factors[0].cites[0])[0])


def test_rule_cites_are_seed_paragraphs_and_other_cites_come_from_the_catalogue():
    from clsp_research.literature import item

    a = assess(example())
    for f in a.factors:
        assert f.cites == item("success_factors", f.id).cites
        assert all(e.cite is None or e.cite.startswith(("griffith2002, §", "lsc_clsp_web")) for e in f.evidence)
    for fl in a.flags:
        assert fl.cites == item("risk_flags", fl.id).cites


def test_results_are_cached_until_the_partnership_changes():
    p = example()
    a = assess(p)
    assert assess(p) is a
    p.update_info(evaluation=True)
    assert assess(p) is not a and "no_evaluation" not in assess(p).flag_ids


def test_tie_levels_table():
    df = assess(example()).tie_levels
    assert list(df.columns[:4]) == ["source", "target", "kinds", "level"]
    assert len(df) == 4  # lsc-cab, lsc-law, cab-law (two referrals), cab-ten
    row = df[(df.source == "cab") & (df.target == "law")].iloc[0]
    assert row["kinds"] == "referral" and row["level"] == "co-operation"


def test_explain_every_kind_of_item():
    a = assess(example())
    assert "substantially present" in a.explain("stage")
    assert "Ties:" in a.explain("co-operation")
    text = a.explain("power_balance")
    assert "Griffith 2002" in text and "100% (money" in text
    assert "raised" in a.explain("power_imbalance")
    assert "pairs" in a.explain("ties")
    assert "density" in a.explain("density")
    with pytest.raises(UnknownKeyError, match="explainable items are"):
        a.explain("no_such_item")


def test_markdown_has_every_section_and_a_reference_list():
    md = assess(example()).to_markdown()
    for heading in ("## Placement", "## Success factors", "## Risk flags", "## Recommendations", "## References"):
        assert heading in md
    assert "Griffith, A." in md or "Griffith" in md.split("## References")[1]


def test_compare_gives_before_after_and_reasons():
    p = example()
    before = assess(p)
    q = p.copy()
    q.update_info(budget="pooled", strategic_plan=True, evaluation=True)
    q.add_tie(Tie("cab", "law", "pooled_budget"))
    q.add_tie(Tie("lsc", "cab", "pooled_budget"))
    after = assess(q)
    df = compare(before, after)
    assert list(df.columns) == ["before", "after", "change", "why"]
    assert df.loc["stage", "after"] == after.stage
    if after.stage != before.stage:
        assert df.loc["stage", "change"] == "up" and df.loc["stage", "why"]
    assert df.loc["factor: resources", "change"] > 0
    assert "budget" in df.loc["factor: resources", "why"]
    assert df.loc["flag: no_evaluation", "change"] == "cleared"
    assert df.loc["stage score: integration", "change"] > 0


def test_an_alternative_continuum_uses_its_own_stage_ids():
    p = example()
    for fw in continua()[1:]:
        a = assess(p, framework=fw)
        assert isinstance(a, Assessment) and a.framework == fw
        assert a.to_dict()["stage"] in a.stage_profile


# -- the command line ------------------------------------------------------------------------------

@pytest.fixture
def case_file(tmp_path):
    from clsp_research.partnership.casefile import save_case

    return save_case(example(), tmp_path / "case.yaml")


def test_cli_json_is_one_object(case_file, capsys):
    assert cli.main(["assess", str(case_file), "--json"]) == 0
    out = capsys.readouterr()
    d = json.loads(out.out)
    assert d["partnership"] == "Illustrative CLSP" and out.err == ""


def test_cli_text_summary(case_file, capsys):
    assert cli.main(["assess", str(case_file)]) == 0
    out = capsys.readouterr().out
    for part in ("Placement:", "Success factors", "Risk flags", "Recommendations", "References", "█"):
        assert part in out


def test_cli_alternative_framework_and_explain(case_file, capsys):
    fw = continua()[-1]
    assert cli.main(["assess", str(case_file), "--framework", fw, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["framework"] == fw
    assert cli.main(["assess", str(case_file), "--explain", "trust"]) == 0
    assert "Evidence" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["assess"], ["report", "-o", "out.html"]])
def test_cli_unknown_framework_is_a_usage_error_listing_the_continua(case_file, capsys, command):
    with pytest.raises(SystemExit) as info:
        cli.main([command[0], str(case_file), *command[1:], "--framework", "nope"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "Traceback" not in err
    assert "continua are: " + ", ".join(continua()) in err


def test_cli_invalid_case_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("partnership: {name: X}\nmembers:\n  - {id: a, name: A, groups: [funders]}\nties: []\n",
                   encoding="utf-8")
    assert cli.main(["assess", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "funders" in err and "Traceback" not in err
    assert cli.main(["assess", str(tmp_path / "missing.yaml")]) == 1


def test_cli_bad_rubric_folder_exits_1(case_file, tmp_path, capsys):
    assert cli.main(["assess", str(case_file), "--rubric", str(tmp_path / "none")]) == 1
    assert "expected a folder" in capsys.readouterr().err
