"""Tests of `clsp validate` and `clsp export` (through cli.main and once through the installed script)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from clsp_research.cli import main
from clsp_research.partnership.casefile import load_case
from clsp_research.partnership.formats import load_csv

FIX = Path(__file__).parent / "fixtures" / "io"
ROOT = Path(__file__).resolve().parents[1]

BAD = {
    # fixture: (line, field or None) the one error message must name
    "syntax_error.yaml": (2, None),
    "tab_indent.yaml": (2, None),
    "not_mapping.yaml": (1, None),
    "empty.yaml": (1, None),
    "missing_members.yaml": (1, "members"),
    "unknown_top_key.yaml": (4, "tie"),
    "missing_required.yaml": (4, "members[1].groups"),
    "unknown_group.yaml": (8, "members[1].groups"),
    "unknown_sector.yaml": (3, "members[0].sector"),
    "unknown_tie_kind.yaml": (9, "ties[1].kind"),
    "tie_unknown_member.yaml": (7, "ties[1].target"),
    "duplicate_member_id.yaml": (5, "members[2].id"),
    "duplicate_key.yaml": (7, "members[0].sector"),
    "bad_year.yaml": (3, "partnership.established"),
    "champion_unknown.yaml": (5, "partnership.champions"),
    "self_tie.yaml": (5, "ties[0].target"),
    "two_documents.yaml": (3, None),
    "bad_representative.yaml": (8, "members[0].representatives[1].email"),
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------------------
# clsp validate
# --------------------------------------------------------------------------------------
def test_validate_ok(capsys):
    path = str(FIX / "valid.yaml")
    code, out, err = run(capsys, "validate", path)
    assert code == 0
    assert out == f"{path}: ok (5 members, 5 ties, 1 warning)\n"
    assert err.count("warning:") == 1 and "'oldlaw'" in err and f"{path}:24: warning:" in err


@pytest.mark.parametrize("fixture", sorted(BAD))
def test_validate_bad_file(capsys, fixture):
    path = str(FIX / fixture)
    line, field = BAD[fixture]
    code, out, err = run(capsys, "validate", path)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err  # one clear message per bad file
    assert lines[0].startswith(f"{path}:{line}:") and ": error: " in lines[0]
    if field:
        assert f"error: {field}: " in lines[0]
    assert "Traceback" not in err


def test_validate_several_files_and_quiet_and_strict(capsys):
    good, warn, bad = (str(FIX / f) for f in ("valid.yaml", "warnings.yaml", "unknown_group.yaml"))
    code, out, err = run(capsys, "validate", good, warn, bad)
    assert code == 1
    assert out.splitlines() == [
        f"{good}: ok (5 members, 5 ties, 1 warning)",
        f"{warn}: ok (3 members, 3 ties, 5 warnings)",
    ]
    assert err.count("warning:") == 6 and err.count("error:") == 1
    code, out, err = run(capsys, "validate", "-q", good, warn)
    assert code == 0 and err == ""
    code, out, err = run(capsys, "validate", "--strict", good)
    assert code == 1 and "warning:" in err


def test_validate_json(capsys):
    good, bad, missing = str(FIX / "warnings.yaml"), str(FIX / "syntax_error.yaml"), str(FIX / "nope.yaml")
    code, out, err = run(capsys, "validate", "--json", good, bad, missing)
    assert code == 1 and err == ""
    data = json.loads(out)
    assert list(data) == ["files"]
    g, b, m = data["files"]
    assert set(g) == {"path", "valid", "members", "ties", "errors", "warnings"}
    assert (g["path"], g["valid"], g["members"], g["ties"], g["errors"]) == (good, True, 3, 3, [])
    assert len(g["warnings"]) == 5 and {w["line"] for w in g["warnings"]} == {5, 8, 9, 11, 13}
    assert (b["valid"], b["members"], b["ties"]) == (False, None, None)
    assert (b["errors"][0]["line"], b["errors"][0]["column"]) == (2, 8)
    assert m["valid"] is False and "no such case file" in m["errors"][0]["message"]
    code, out, _ = run(capsys, "validate", "--json", good)
    assert code == 0 and json.loads(out)["files"][0]["valid"] is True


def test_validate_folder(capsys, tmp_path):
    shutil.copy(FIX / "valid.yaml", tmp_path / "a.yaml")
    shutil.copy(FIX / "warnings.yaml", tmp_path / "b.yml")
    (tmp_path / "notes.txt").write_text("not a case", encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(tmp_path))
    assert code == 0
    assert [ln.split(":")[0] for ln in out.splitlines()] == [str(tmp_path / "a.yaml"), str(tmp_path / "b.yml")]
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(capsys, "validate", str(empty))
    assert code == 1 and "no case files" in err


def test_validate_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err


# --------------------------------------------------------------------------------------
# clsp export
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_graph_formats(capsys, tmp_path, fmt):
    target = tmp_path / f"case.{fmt}"
    code, out, err = run(capsys, "export", str(FIX / "valid.yaml"), "--to", fmt, "-o", str(target))
    assert code == 0 and err == ""
    assert out == f"wrote {target} ({fmt}: 5 members, 5 ties)\n"
    g = getattr(nx, f"read_{fmt}")(target)
    assert g.number_of_nodes() == 5 and g.number_of_edges() == 5


def test_export_format_from_suffix_and_default_output(capsys, tmp_path, monkeypatch):
    code, _, _ = run(capsys, "export", str(FIX / "valid.yaml"), "-o", str(tmp_path / "x.gexf"))
    assert code == 0 and (tmp_path / "x.gexf").exists()
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "export", str(FIX / "valid.yaml"), "--to", "graphml")
    assert code == 0 and (tmp_path / "valid.graphml").exists()
    code, _, _ = run(capsys, "export", str(FIX / "valid.yaml"), "--to", "csv")
    assert code == 0 and sorted(p.name for p in tmp_path.glob("valid_*.csv")) == [
        "valid_members.csv", "valid_partnership.csv", "valid_ties.csv"]


def test_export_csv_reads_back(capsys, tmp_path):
    code, out, _ = run(capsys, "export", str(FIX / "valid.yaml"), "--to", "csv", "-o", str(tmp_path / "out"))
    assert code == 0
    m, t, i = (tmp_path / "out" / f for f in ("members.csv", "ties.csv", "partnership.csv"))
    assert out.splitlines() == [f"wrote {f} (csv: 5 members, 5 ties)" for f in (m, t, i)]
    original = load_case(FIX / "valid.yaml")
    assert load_csv(m, t) == original


def test_export_json(capsys, tmp_path):
    target = tmp_path / "c.graphml"
    code, out, err = run(capsys, "export", str(FIX / "valid.yaml"), "-o", str(target), "--json")
    assert code == 0 and err == ""
    assert json.loads(out) == {
        "case": str(FIX / "valid.yaml"), "format": "graphml", "members": 5, "ties": 5, "files": [str(target)]
    }


def test_export_keeps_existing_files_without_force(capsys, tmp_path):
    target = tmp_path / "c.graphml"
    target.write_text("keep me", encoding="utf-8")
    code, out, err = run(capsys, "export", str(FIX / "valid.yaml"), "-o", str(target))
    assert code == 1 and out == "" and "--force" in err and str(target) in err
    assert target.read_text(encoding="utf-8") == "keep me"
    code, _, _ = run(capsys, "export", str(FIX / "valid.yaml"), "-o", str(target), "--force")
    assert code == 0 and target.read_text(encoding="utf-8").startswith("<?xml")


def test_export_never_overwrites_the_case_itself(capsys, tmp_path):
    case = tmp_path / "c.graphml"  # a case file with an odd suffix, exported onto itself
    shutil.copy(FIX / "valid.yaml", case)
    before = case.read_bytes()
    code, _, err = run(capsys, "export", str(case), "--to", "graphml", "-o", str(case), "--force")
    assert code == 1 and "over the case file" in err
    assert case.read_bytes() == before


def test_export_invalid_case_writes_nothing(capsys, tmp_path):
    target = tmp_path / "c.gexf"
    code, out, err = run(capsys, "export", str(FIX / "unknown_group.yaml"), "-o", str(target))
    assert code == 1 and out == ""
    assert err.startswith("clsp export: error: ") and "unknown_group.yaml:8: members[1].groups" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "case.yaml", "--to", "pdf"],
        ["export", "case.yaml", "-o", "out"],  # no --to and no suffix to tell the format
        ["export"],
    ],
)
def test_export_usage_errors(capsys, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_export_missing_case(capsys, tmp_path):
    code, _, err = run(capsys, "export", str(tmp_path / "nope.yaml"), "--to", "gexf", "-o", str(tmp_path / "x.gexf"))
    assert code == 1 and "no such case file" in err
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------
# Through the installed console script
# --------------------------------------------------------------------------------------
def _clsp() -> list[str]:
    script = ROOT / ".venv" / "bin" / "clsp"
    return [str(script)] if script.exists() else [sys.executable, "-m", "clsp_research.cli"]


def test_console_script(tmp_path):
    bad = subprocess.run(
        [*_clsp(), "validate", str(FIX / "valid.yaml"), str(FIX / "duplicate_key.yaml")],
        capture_output=True, text=True, timeout=120,
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert f"{FIX / 'duplicate_key.yaml'}:7: error: members[0].sector: the key 'sector' appears twice" in bad.stderr
    assert bad.stdout.startswith(f"{FIX / 'valid.yaml'}: ok (5 members, 5 ties")
    ok = subprocess.run(
        [*_clsp(), "export", str(FIX / "valid.yaml"), "--to", "gexf", "-o", str(tmp_path / "v.gexf")],
        capture_output=True, text=True, timeout=120,
    )
    assert ok.returncode == 0 and ok.stdout.startswith("wrote ") and (tmp_path / "v.gexf").exists()
