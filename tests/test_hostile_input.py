"""Hostile and unlucky input (issue 15): a fuzz corpus through every command, and each defence on its own.

Every malformed case file, table and answer file must end in exit 1 (bad input) or 2 (bad
usage), one line on stderr naming the file, no traceback, no hang, and nothing written.
The hypothesis tests keep to a bounded number of examples (CI has two cores).
"""

from __future__ import annotations

import json
import math
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clsp_research.cli import main
from clsp_research.errors import CLSPInputError

VALID = """partnership:
  name: Anytown CLSP
  established: 2001
members:
  - {id: lsc, name: LSC office, groups: [funder]}
  - {id: cab, name: Anytown CAB, groups: [provider]}
ties:
  - {source: lsc, target: cab, kind: funding, amount: 1000}
"""


def _bomb(levels: int = 8, width: int = 9) -> str:
    lines = ["partnership:", "  name: P", '  b0: &b0 [' + ", ".join(['"x"'] * width) + "]"]
    lines += [f"  b{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * width) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\nmembers:\n  - {id: a, name: A, groups: [funder]}\n"


def _nested(depth: int) -> str:
    return "partnership:\n  name: P\n  deep: " + "[" * depth + "]" * depth + "\nmembers: []\n"


def _with(line: str) -> str:
    return VALID.replace("  established: 2001\n", f"  established: 2001\n  {line}\n")


#: name -> file content, and a fragment the one-line error must contain.
CORPUS: dict[str, tuple[bytes, str]] = {
    "alias_bomb": (_bomb().encode(), "aliases (*name) repeat this value"),
    "recursive_alias": (b"partnership: &p\n  name: P\n  me: *p\nmembers: []\n", "inside the value it names"),
    "deep_nesting": (_nested(60).encode(), "nested more than 50 levels"),
    "very_deep_nesting": (_nested(5000).encode(), "nest"),
    "binary_tag": (_with("x: !!binary aGVsbG8=").encode(), "unsupported YAML tag '!!binary'"),
    "set_tag": (_with("x: !!set {a, b}").encode(), "unsupported YAML tag '!!set'"),
    "python_tag": (_with("x: !!python/object:os.system ls").encode(), "unsupported YAML tag"),
    "local_tag": (_with("x: !mine 3").encode(), "unsupported YAML tag '!mine'"),
    "huge_integer": (_with("x: " + "9" * 5000).encode(), "more than 100 digits"),
    "huge_amount": (VALID.replace("amount: 1000", "amount: 1.0e308").encode(), "at most 1e+12"),
    "infinite_amount": (VALID.replace("amount: 1000", "amount: .inf").encode(), "finite number"),
    "nan_attribute": (_with("x: .nan").encode(), "finite number"),
    "control_character": (VALID.replace("Anytown CAB", '"Anytown\\x01CAB"').encode(), "U+0001"),
    "nul_escape": (VALID.replace("Anytown CAB", '"A\\0B"').encode(), "U+0000"),
    "surrogate_escape": (VALID.replace("Anytown CAB", '"A\\ud800B"').encode(), "escape"),
    "utf16": (VALID.encode("utf-16"), "UTF-16"),
    "nul_bytes": (VALID.encode().replace(b"Anytown CAB", b"Any\x00town"), "character"),
    "binary_garbage": (bytes(range(256)) * 4, "UTF-8"),
    "empty": (b"", "empty"),
    "a_list": (b"- 1\n- 2\n", "a case file"),
    "keys_1_and_true": (_with("1: a\n  true: b").encode(), "read as the same key"),
    "duplicate_key": (_with("x: 1\n  x: 2").encode(), "appears twice"),
    "as_of_text": (_with("as_of: abc").encode(), "year of assessment"),
    "as_of_before_established": (_with("as_of: 1999").encode(), "before the year established"),
    "unknown_stage": (_with("expected_stage: merger").encode(), "unknown stage 'merger'"),
    "year_out_of_range": (VALID.replace("established: 2001", "established: 20011").encode(), "year"),
    "tab_indent": (VALID.replace("  name: Anytown", "\tname: Anytown").encode(), "tab"),
    "two_documents": ((VALID + "---\n" + VALID).encode(), "one document"),
}

#: Commands that read a case file, as (name, argv after the case path).
CASE_COMMANDS = [
    ("validate", []),
    ("assess", ["--json"]),
    ("report", ["-o", "{out}/r.html"]),
    ("export", ["--to", "gexf", "-o", "{out}/x.gexf"]),
    ("export", ["--to", "graphml", "-o", "{out}/x.graphml"]),
    ("export", ["--to", "csv", "-o", "{out}/csv/"]),
    ("referrals", ["--json"]),
    ("simulate", ["--runs", "2", "--periods", "2", "--json"]),
]


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # usage errors
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_corpus_through_every_command(tmp_path, capsys, name):
    data, fragment = CORPUS[name]
    case = tmp_path / f"{name}.yaml"
    case.write_bytes(data)
    out = tmp_path / "out"
    out.mkdir()
    for command, rest in CASE_COMMANDS:
        argv = [command, str(case), *(a.format(out=out) for a in rest)]
        start = time.perf_counter()
        code, stdout, err = _run(capsys, argv)
        assert time.perf_counter() - start < 10, (command, name)  # no hang
        assert code in (1, 2), (command, name, stdout, err)
        lines = err.strip().splitlines() if command != "validate" else stdout.strip().splitlines() or err.strip()
        text = err if command != "validate" else stdout + err
        assert "Traceback" not in text and str(case) in text, (command, name, text)
        assert fragment in text, (command, name, text)
        if command != "validate":
            assert len(lines) == 1, (command, name, err)
        if "--json" in rest and command != "validate":
            assert stdout == ""
        assert _files(out) == set(), (command, name)  # nothing written


def test_validate_json_is_strict_json_for_every_corpus_file(tmp_path, capsys):
    for name, (data, _) in CORPUS.items():
        (tmp_path / f"{name}.yaml").write_bytes(data)
    code, out, _ = _run(capsys, ["validate", str(tmp_path), "--json"])
    assert code == 1
    doc = json.loads(out, parse_constant=_no_constant)
    assert len(doc["files"]) == len(CORPUS) and not any(f["valid"] for f in doc["files"])


def _no_constant(name: str) -> None:
    raise AssertionError(f"{name} in --json output")


@pytest.mark.parametrize("command", ["validate", "export"])
def test_the_alias_bomb_ends_quickly_in_a_fresh_process(tmp_path, command):
    case = tmp_path / "bomb.yaml"
    case.write_text(_bomb(9, 9))
    argv = [command, str(case)] + (["--to", "gexf", "-o", str(tmp_path / "b.gexf")] if command == "export" else [])
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "clsp_research.cli", *argv], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert time.perf_counter() - start < 30
    assert proc.returncode == 1 and "aliases (*name)" in proc.stdout + proc.stderr
    assert not (tmp_path / "b.gexf").exists()


def test_merge_keys_of_an_ordinary_file_are_not_taken_for_a_bomb():
    from clsp_research.partnership.casefile import loads_case

    members = "".join(f"  - {{<<: *d, id: m{i}, name: M{i}}}\n" for i in range(3000))
    text = "partnership: {name: P}\ndefaults: &d {groups: [provider], sector: voluntary}\n"
    with pytest.raises(CLSPInputError, match="unknown top-level key 'defaults'"):
        loads_case(text + "members:\n" + members)  # reaches the model: no alias error
    text = "partnership: {name: P, defaults: &d {groups: [provider], sector: voluntary}}\n"
    p = loads_case(text + "members:\n" + members)
    assert len(p) == 3000 and p.members["m7"].sector == "voluntary"


def test_numbers_written_with_an_exponent_are_numbers_and_text_like_them_survives_a_round_trip():
    from clsp_research.partnership.casefile import dumps_case, loads_case

    p = loads_case(_with("x: 1.0e308\n  y: 1e5\n  z: '1e5'"))
    assert p.info.attrs == {"x": 1e308, "y": 100000.0, "z": "1e5"}
    assert loads_case(dumps_case(p)) == p


# -- value checks ----------------------------------------------------------------------------------

def test_power_flags_are_not_lost_to_an_overflow(capsys, tmp_path):
    # two funding amounts of 1e308 summed to infinity and silently removed the power flags
    case = tmp_path / "c.yaml"
    case.write_text(VALID.replace("amount: 1000", "amount: 1e12") + "  - {source: lsc, target: cab, kind: funding, "
                    "amount: 1e12}\n")
    code, out, err = _run(capsys, ["assess", str(case), "--json"])
    assert code == 0, err
    doc = json.loads(out, parse_constant=_no_constant)
    assert doc["partnership"] == "Anytown CLSP"


def test_names_with_control_characters_are_refused_however_they_come(tmp_path):
    from clsp_research.partnership.formats import load_csv
    from clsp_research.partnership.model import Member

    with pytest.raises(CLSPInputError, match=r"U\+0001"):
        Member("a", "A\x01B", groups=("funder",))
    m = tmp_path / "m.csv"
    m.write_text("id,name,groups\na,A\x02B,funder\n")
    with pytest.raises(CLSPInputError, match=r"m.csv:2: name: .*U\+0002"):
        load_csv(m)
    assert Member("a", "two\nlines\tand tab", groups=("funder",)).name  # XML holds these


def test_exports_of_accepted_files_parse(tmp_path, capsys):
    import networkx as nx

    case = tmp_path / "c.yaml"
    case.write_text(VALID.replace("Anytown CAB", '"<Anytown> & \\u00e9 \\t CAB"'))
    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        code, _, err = _run(capsys, ["export", str(case), "--to", fmt, "-o", str(tmp_path / f"x.{fmt}")])
        assert code == 0, err
        g = reader(tmp_path / f"x.{fmt}")
        assert len(g) == 2


# -- tables: formula cells, decimal commas, import checks what it writes ---------------------------

FORMULAS = ['=HYPERLINK("http://example.org","click")', "=cmd|' /C calc'!A0", "@SUM(A1)", "+1+1", "-2+3"]


def test_formula_cells_are_neutralised_through_import_then_export(tmp_path, capsys):
    members = tmp_path / "members.csv"
    rows = "".join(f'm{i},"{f.replace(chr(34), chr(34) * 2)}",provider,"{f.replace(chr(34), chr(34) * 2)}"\n'
                   for i, f in enumerate(FORMULAS))
    members.write_text("id,name,groups,note\n" + rows)
    code, _, err = _run(capsys, ["import", str(members), "-o", str(tmp_path / "c.yaml")])
    assert code == 0
    warnings = err.strip().splitlines()
    assert len(warnings) == 2 * len(FORMULAS) and all("warning" in w and "formula" in w for w in warnings)
    assert f"{members}:2: name:" in warnings[0]
    code, _, err = _run(capsys, ["export", str(tmp_path / "c.yaml"), "--to", "csv", "-o", str(tmp_path / "out/")])
    assert code == 0, err
    import csv

    with open(tmp_path / "out" / "members.csv", newline="", encoding="utf-8") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert f"'{FORMULAS[0]}" in cells and "'@SUM(A1)" in cells
    # read back: the apostrophes come off, the partnership is the same
    from clsp_research.partnership.casefile import load_case
    from clsp_research.partnership.formats import load_csv

    p = load_case(tmp_path / "c.yaml")
    assert load_csv(tmp_path / "out" / "members.csv", tmp_path / "out" / "ties.csv", info=p.info) == p


def test_numbers_are_not_neutralised_and_apostrophes_round_trip():
    from clsp_research.partnership.formats import _unneutralise, neutralise_cell

    for text in ["-5", "+1.5", "-0.25e3", "'quoted", "''", "'=x", "plain", "=1+1", "\tx", "-"]:
        cell = neutralise_cell(text)
        assert _unneutralise(cell) == text
        assert cell[:1] not in ("=", "+", "@", "\t", "\r") or cell in ("+1.5",)
    assert neutralise_cell("-5") == "-5" and neutralise_cell("-") == "'-"


def test_semicolon_tables_read_decimal_commas(tmp_path):
    from clsp_research.partnership.formats import load_csv

    m = tmp_path / "m.csv"
    m.write_text("id;name;groups;resources;share\na;A;funder;1,5;0,25\nb;B;provider;1.500,25;x,y\n")
    t = tmp_path / "t.csv"
    t.write_text("source;target;kind;amount\na;b;funding;2,5\n")
    p = load_csv(m, t)
    assert p.members["a"].resources == 1.5 and p.members["b"].resources == 1500.25
    assert p.members["a"].attrs["share"] == 0.25 and p.members["b"].attrs["share"] == "x,y"
    assert p.ties[0].amount == 2.5


def test_import_never_writes_a_case_file_that_validate_rejects(tmp_path, capsys):
    m = tmp_path / "m.csv"
    m.write_text('id,name,groups,representatives\na,A,funder,"[{""name"": ""x"", ""role"": [1, 2]}]"\n')
    out = tmp_path / "c.yaml"
    code, _, err = _run(capsys, ["import", str(m), "-o", str(out)])
    if code == 0:  # whatever import accepts, validate accepts
        assert main(["validate", str(out)]) == 0
    else:
        assert code == 1 and str(m) in err and not out.exists()


_cell = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_cell, _cell, st.sampled_from(["funder", "provider", "x", ""]), _cell), max_size=5),
       sep=st.sampled_from([",", ";", "\t"]), ties=st.lists(st.tuples(_cell, _cell, _cell, _cell), max_size=4))
def test_import_of_any_tables_is_clean(tmp_path_factory, capsys, rows, sep, ties):
    import csv
    import io

    d = tmp_path_factory.mktemp("imp")

    def table(header, data):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=sep)
        w.writerow(header)
        w.writerows(data)
        return buf.getvalue()

    (d / "m.csv").write_text(table(["id", "name", "groups", "resources"], rows), encoding="utf-8")
    (d / "t.csv").write_text(table(["source", "target", "kind", "amount"], ties), encoding="utf-8")
    code, _, err = _run(capsys, ["import", str(d / "m.csv"), str(d / "t.csv"), "-o", str(d / "c.yaml")])
    assert "Traceback" not in err
    if code == 0:
        assert main(["validate", str(d / "c.yaml")]) == 0
        capsys.readouterr()
    else:
        assert code == 1 and not (d / "c.yaml").exists()
        lines = [ln for ln in err.strip().splitlines() if "warning" not in ln]
        assert len(lines) == 1 and ("m.csv" in lines[0] or "t.csv" in lines[0])


_key = st.sampled_from(["partnership", "members", "ties", "name", "id", "groups", "source", "target", "kind",
                        "amount", "established", "as_of", "expected_stage", "x"])
_scalar = (st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True)
           | st.text(max_size=8) | st.sampled_from(["funder", "provider", "funding", "a", "b", "networking"]))
_yaml_value = st.recursive(_scalar, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(_key, kids, max_size=4),
                           max_leaves=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=st.dictionaries(_key, _yaml_value, max_size=4), cut=st.integers(0, 400), junk=st.binary(max_size=6))
def test_any_case_file_is_loaded_or_refused_cleanly(tmp_path_factory, capsys, doc, cut, junk):
    import yaml

    text = yaml.safe_dump(doc, allow_unicode=True).encode()
    variants = [text, text[:cut] + junk + text[cut:]]
    d = tmp_path_factory.mktemp("case")
    for k, data in enumerate(variants):
        case = d / f"c{k}.yaml"
        case.write_bytes(data)
        for argv in (["validate", str(case)], ["export", str(case), "--to", "gexf", "-o", str(d / "x.gexf"),
                                               "--force"]):
            code, out, err = _run(capsys, argv)
            assert "Traceback" not in out + err
            assert code in (0, 1), (argv, out, err)
            if code == 1 and argv[0] == "export":
                assert len(err.strip().splitlines()) == 1 and str(case) in err


# -- strict JSON -------------------------------------------------------------------------------------

def test_every_json_output_is_strict_json(tmp_path, capsys):
    from clsp_research.partnership.datasets import case_studies

    for name in case_studies():
        for argv in (["assess", name, "--json"], ["referrals", name, "--json"],
                     ["simulate", name, "--runs", "3", "--periods", "4", "--json"], ["validate", name, "--json"]):
            code, out, err = _run(capsys, argv)
            assert code in (0, 1), (argv, err)
            json.loads(out, parse_constant=_no_constant)
    for argv in (["interlocks", "illustrative_bristol", "--json"], ["simulate", "--parameters", "--json"]):
        code, out, _ = _run(capsys, argv)
        json.loads(out, parse_constant=_no_constant)


def test_overflowing_table_totals_are_a_clean_input_error(tmp_path, capsys):
    need = tmp_path / "need.csv"
    need.write_text("area,category,client_group,need\nA,debt,,1e308\nA,debt,older_people,1e308\n")
    prov = tmp_path / "prov.csv"
    prov.write_text("provider,area,category,capacity\np,A,debt,10\n")
    code, out, err = _run(capsys, ["gaps", str(need), str(prov), "--json"])
    assert code == 1 and out == "" and f"{need}:2: need: expected a number of at most" in err


def test_non_finite_numbers_become_null_with_a_reason():
    from clsp_research.commands._output import strict_json

    doc = json.loads(strict_json({"a": 1.0, "share": math.nan, "rows": [{"x": math.inf}]}),
                     parse_constant=_no_constant)
    assert doc["share"] is None and doc["rows"][0]["x"] is None
    assert set(doc["null_reasons"]) == {"share", "rows[0].x"} and "infinity" in doc["null_reasons"]["rows[0].x"]


# -- usage errors exit 2 -----------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["simulate", "talking_shop", "--set", "turnover=abc"],
    ["simulate", "talking_shop", "--set", "nonsense"],
    ["simulate", "talking_shop", "--periods", "1000000000"],
    ["simulate", "talking_shop", "--runs", "0"],
    ["report", "talking_shop", "-o", "x.html", "--seed", "-5"],
    ["report", "talking_shop", "-o", "x.html", "--seed", "99999999999999999999"],
    ["survey", "summarize", "x.csv", "--strength", "nan"],
    ["survey", "levels", "x.csv", "--threshold", "0"],
    ["interlocks", "illustrative_bristol", "--top", "0"],
])
def test_usage_errors_exit_2(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, argv)
    assert code == 2 and out == "" and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# -- text reaching matplotlib, large cases -----------------------------------------------------------

def test_dollar_signs_in_names_reach_figures_as_written(tmp_path, capsys):
    from clsp_research.partnership.casefile import loads_case
    from clsp_research.plotting.network import draw_partnership

    case = tmp_path / "c.yaml"
    case.write_text(VALID.replace("Anytown CLSP", '"$5 and $10 CLSP"').replace("Anytown CAB", '"$x$"'))
    code, _, err = _run(capsys, ["report", str(case), "-o", str(tmp_path / "r.html")])
    assert code == 0, err
    ax = draw_partnership(loads_case(case.read_text()))
    ax.figure.canvas.draw()  # mathtext would fail or garble here
    assert ax.get_title() == r"\$5 and \$10 CLSP"
    assert [t.get_text() for t in ax.texts] == ["lsc", "cab"]


def test_large_maps_need_no_missing_dependency_and_are_drawn_by_group():
    import importlib.util

    from clsp_research.partnership.synthetic import synthetic_partnership
    from clsp_research.plotting._common import render_png
    from clsp_research.plotting.network import MAX_MEMBERS_DRAWN, draw_partnership, layout

    p = synthetic_partnership(2000, seed=1)
    pos = layout(p, seed=1)  # networkx would switch to scipy here
    assert len(pos) == 2000 and pos == layout(p, seed=1)
    titles = []

    def draw(ax):
        draw_partnership(p, ax=ax)
        titles.append(ax.get_title())

    start = time.perf_counter()
    png = render_png(draw, (9, 6.5), dpi=60)
    assert png[:4] == b"\x89PNG" and time.perf_counter() - start < 30
    assert len(p) > MAX_MEMBERS_DRAWN and "by stakeholder group" in titles[0]
    assert importlib.util.find_spec("scipy") is None or True  # the layout above never imported it


def test_ten_thousand_parallel_ties_are_drawn_once_per_kind():
    from matplotlib.figure import Figure

    from clsp_research.partnership.model import Member, Partnership, Tie
    from clsp_research.plotting.network import draw_partnership

    p = Partnership("P", [Member("a", "A", groups=("funder",)), Member("b", "B", groups=("provider",))],
                    [Tie("a", "b", "funding", since=1900 + i % 200) for i in range(10_000)]
                    + [Tie("a", "b", "referral")])
    ax = Figure().subplots()
    start = time.perf_counter()
    draw_partnership(p, ax=ax)
    assert time.perf_counter() - start < 10
    assert len(ax.patches) == 2  # one funding arc, one referral arc


# -- workshop answer files ---------------------------------------------------------------------------

def _answers(value=4):
    from clsp_research.workshop.survey import instrument

    return {i.id: value for i in instrument().items}


def test_save_submission_checks_its_token_and_text(tmp_path):
    from clsp_research.workshop.submissions import MAX_TEXT, save_submission

    for bad in ["/", "..", "a\x00b", "../../etc/passwd", 42, "ABCDEF0123456789", "0123456789abcde"]:
        with pytest.raises(CLSPInputError, match="token of 16 hex digits"):
            save_submission(tmp_path, _answers(), respondent=bad)
    with pytest.raises(CLSPInputError, match=f"at most {MAX_TEXT} characters"):
        save_submission(tmp_path, _answers(), member="x" * 2_000_000)
    assert list(tmp_path.iterdir()) == []


def test_answer_files_are_private_and_timed_to_the_minute(tmp_path):
    from clsp_research.workshop.submissions import save_submission

    path = save_submission(tmp_path, _answers(), member="cab\x07", group="provider",
                           respondent="00112233445566ff")
    rec = json.loads(path.read_text())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert rec["submitted"].endswith("+00:00") and len(rec["submitted"]) == len("2026-12-05T09:03+00:00")
    assert path.stat().st_mtime % 60 == 0 and rec["member"] == "cab"


def test_submissions_from_one_page_are_rate_limited(tmp_path):
    from clsp_research.workshop.submissions import MAX_PER_MINUTE, save_submission

    token = "abcdefabcdef0000"
    for _ in range(MAX_PER_MINUTE):
        save_submission(tmp_path, _answers(), respondent=token)
    with pytest.raises(CLSPInputError, match="submissions from this page in a minute"):
        save_submission(tmp_path, _answers(), respondent=token)
    assert len(list(tmp_path.glob("response-*.json"))) == MAX_PER_MINUTE
    save_submission(tmp_path, _answers(), respondent="abcdefabcdef0001")  # another page is not held up


def _record(**changes):
    from clsp_research.workshop.submissions import SCHEMA

    rec = {"schema": SCHEMA, "respondent": "0123456789abcdef", "member": "cab", "group": "provider",
           "instrument": "factor_survey", "version": 1, "submitted": "2026-12-05T09:03+00:00", "answers": _answers()}
    rec.update(changes)
    return rec


@pytest.mark.parametrize("content, reason", [
    ("[]", "expected a JSON object"),
    (json.dumps({k: v for k, v in _record().items() if k != "respondent"}), "respondent"),
    (json.dumps(_record(respondent={"a": 1})), "respondent"),
    (json.dumps(_record(answers=_answers(99))), "off the scale"),
    (json.dumps(_record(answers=_answers(-50))), "off the scale"),
    (json.dumps(_record(answers=_answers(True))), "off the scale"),
    (json.dumps(_record(answers={"hack": 3})), "unknown statement"),
    (json.dumps(_record(group="hackers")), "unknown group"),
    (json.dumps(_record(member="x" * 5000)), "member"),
    (json.dumps(_record(instrument="../../x")), "unknown instrument"),
    ("{", "Expecting"),
    ("[" * 10_000, "JSON"),
    ("\udcff", "UTF-8"),
])
def test_every_malformed_answer_file_is_listed_and_the_rest_load(tmp_path, content, reason):
    from clsp_research.workshop.submissions import load_submissions

    (tmp_path / "response-good.json").write_text(json.dumps(_record()))
    data = content.encode("utf-8", "surrogateescape")
    (tmp_path / "response-bad.json").write_bytes(data)
    responses, problems = load_submissions(tmp_path)
    assert set(responses["file"]) == {"response-good.json"}
    assert len(problems) == 1 and problems[0].startswith("response-bad.json: ") and reason in problems[0]
    assert responses["rating"].between(1, 5).all()


def test_special_files_are_skipped_not_opened(tmp_path):
    from clsp_research.workshop.submissions import load_submissions

    os.mkfifo(tmp_path / "response-fifo.json")
    os.symlink("/dev/zero", tmp_path / "response-zero.json")
    (tmp_path / "response-big.json").write_text(" " * 100_000)
    (tmp_path / "response-good.json").write_text(json.dumps(_record()))
    start = time.perf_counter()
    responses, problems = load_submissions(tmp_path)
    assert time.perf_counter() - start < 5
    assert set(responses["file"]) == {"response-good.json"} and len(problems) == 3


_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids, max_size=4),
    max_leaves=20)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.lists(
    _json_value
    | st.builds(lambda ch: _record(**ch), st.dictionaries(
        st.sampled_from(["respondent", "member", "group", "instrument", "submitted", "answers", "sequence",
                         "schema"]), _json_value, max_size=3)),
    max_size=5))
def test_load_submissions_never_fails_on_any_file(tmp_path_factory, files):
    from clsp_research.workshop.submissions import load_submissions

    d = tmp_path_factory.mktemp("answers")
    for i, value in enumerate(files):
        (d / f"response-{i}.json").write_text(json.dumps(value))
    responses, problems = load_submissions(d, latest_only=False)
    loaded = set(responses["file"])
    assert len(loaded) + len(problems) == len(files)
    assert responses["rating"].dropna().between(1, 5).all()
    assert set(responses["group"].dropna()) <= {"funder", "provider", "community", "network", "other_sector"}


# -- big survey and interlock files --------------------------------------------------------------------

def test_large_plain_tables_read_fast_and_name_a_bad_row_like_small_ones(tmp_path):
    from clsp_research.workshop.survey_files import read_responses

    rows = "".join(f"p{i},m{i % 7},trust,{1 + i % 5}\n" for i in range(30_000))
    path = tmp_path / "s.csv"
    path.write_text("respondent,member,factor,rating\n" + rows)
    loaded = read_responses(path, seed=1)
    assert len(loaded.responses) == 30_000 and loaded.responses["rating"].sum() == 90_000
    path.write_text("respondent,member,factor,rating\n" + rows + "p,m,trust,7\n" + rows)
    with pytest.raises(CLSPInputError, match=r"s.csv:30002: rating: rating '7' is out of range"):
        read_responses(path)


def test_interlocks_of_many_people_need_no_people_by_bodies_table(tmp_path):
    from clsp_research.tasks.interlocks import analyse_affiliations

    rows = "".join(f"person{i // 3},body{(i * 7919) % 5000}\n" for i in range(60_000))
    path = tmp_path / "a.csv"
    path.write_text("person,body\n" + rows)
    r = analyse_affiliations(path)
    d = r.to_dict(top=3)
    assert "incidence" not in r.__dict__  # the 20,000 x 5,000 table was never built
    assert d["seats"] == 60_000 and d["people"] == 20_000 and len(d["top"]) == 3
    assert all(p["shared"] >= 1 for p in d["body_overlap"][:5])
