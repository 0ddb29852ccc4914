"""The output-path policy (``fileio.check_output``) and safe writes, through every command that writes."""

from __future__ import annotations

import dataclasses
import errno
import io
import os
import stat
import sys

import pytest

from clsp_research import fileio
from clsp_research.cli import main
from clsp_research.errors import CLSPInputError
from clsp_research.fileio import atomic_write_text, check_output, sweep_stale_temporaries, write_new_file

# (command, the argv before the output path, the argv after it)
WRITERS = [
    ("report", ["report", "talking_shop", "-o"], []),
    ("export", ["export", "talking_shop", "--to", "gexf", "-o"], []),
    ("export", ["export", "talking_shop", "--to", "graphml", "-o"], []),
]


def _run(capsys, argv):
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def members_csv(tmp_path):
    m = tmp_path / "in_members.csv"
    m.write_text("id,name,groups\na,A,funder\nb,B,provider\n")
    return m


def _writers(members_csv):
    return [*WRITERS, ("import", ["import", str(members_csv), "-o"], [])]


def _occupy(tmp_path, name: str, kind: str):
    """The output path for one case of the policy: what is already there (or the path's flaw)."""
    target = tmp_path / name
    if kind == "symlink":
        (tmp_path / "real").write_text("keep")
        os.symlink(tmp_path / "real", target)
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    elif kind == "empty":
        return ""
    elif kind == "missing_parent":
        return tmp_path / "typo" / "a" / name
    elif kind == "existing":
        target.write_text("keep")
    return target


def _assert_untouched(tmp_path, target, kind: str) -> None:
    """What was at the path is still there, unchanged; no folder was created."""
    if kind == "symlink":
        assert os.path.islink(target) and (tmp_path / "real").read_text() == "keep"
    elif kind == "fifo":
        assert stat.S_ISFIFO(os.lstat(target).st_mode)
    elif kind == "missing_parent":
        assert not (tmp_path / "typo").exists()
    elif kind == "existing":
        assert target.read_text() == "keep"


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder", "empty", "missing_parent", "existing"])
def test_every_writer_refuses_what_it_must_not_replace(tmp_path, capsys, members_csv, kind, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = _occupy(tmp_path, "out.yaml", kind)
    for name, before, after in _writers(members_csv):
        code, out, err = _run(capsys, [*before, str(target), *after])
        assert code == 1, (name, kind, out, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert (str(target) if target else "''") in err  # the path as given, never a temporary file
        assert ".tmp" not in err
    _assert_untouched(tmp_path, target, kind)
    names = [p.name for p in tmp_path.rglob("*")]
    assert not [n for n in names if n.endswith(".tmp")]


def test_force_replaces_a_regular_file_and_mkdir_creates_folders(tmp_path, capsys, members_csv):
    for i, (name, before, after) in enumerate(_writers(members_csv)):
        target = tmp_path / f"{name}-{i}.yaml"
        target.write_text("old")
        code, _, err = _run(capsys, [*before, str(target), *after, "--force"])
        assert code == 0, err
        assert target.read_text() != "old"
        deep = tmp_path / name / str(i) / "out.yaml"
        code, _, err = _run(capsys, [*before, str(deep), *after, "--mkdir"])
        assert code == 0, err
        assert deep.is_file()


def test_force_never_replaces_a_device_link_or_fifo(tmp_path, capsys):
    os.mkfifo(tmp_path / "pipe.html")
    for target in ("/dev/null", str(tmp_path / "pipe.html")):
        code, _, err = _run(capsys, ["report", "talking_shop", "-o", target, "--force"])
        assert code == 1 and target in err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_full_disk_names_the_users_file_not_the_temporary(tmp_path, monkeypatch, capsys):
    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio.os, "fsync", full)
    target = tmp_path / "r.html"
    code, _, err = _run(capsys, ["report", "talking_shop", "-o", str(target)])
    assert code == 1
    assert err.strip() == f"clsp report: error: {target}: No space left on device"
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_refuses_a_special_file_put_there_while_writing(tmp_path):
    target = tmp_path / "x.txt"
    with pytest.raises(CLSPInputError, match="symbolic link"), fileio.atomic_write(target) as fh:
        fh.write("new")
        os.symlink(tmp_path / "elsewhere", target)
    assert os.path.islink(target) and [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_stale_temporaries_are_swept_on_the_next_write_into_the_folder(tmp_path):
    import subprocess

    # a writer killed mid-write: its process is gone, its temporary file stays
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".x.graphml.{dead.pid}-abcd1234.tmp"
    stale.write_text("half")
    old = tmp_path / ".response-2026.abcd_xyz.tmp"  # an older name without a process id
    old.write_text("half")
    os.utime(old, (0, 0))
    live = tmp_path / f".y.html.{os.getpid()}-zzzz9999.tmp"  # a writer still at work
    live.write_text("busy")
    other = tmp_path / ".notes.tmp"  # not one of ours
    other.write_text("mine")
    atomic_write_text(tmp_path / "a.txt", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.txt", live.name, other.name])
    write_new_file(tmp_path, "response", ".json", lambda fh: fh.write("{}"))
    assert live.exists() and other.exists()


def test_sweep_keeps_young_files_without_a_process_id(tmp_path):
    young = tmp_path / ".x.html.abcdefgh.tmp"
    young.write_text("half")
    assert sweep_stale_temporaries(tmp_path) == [] and young.exists()


def test_check_output_names_the_path_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f").write_text("")
    with pytest.raises(CLSPInputError) as exc:
        check_output("f/x.html", mkdir=True)
    assert str(exc.value).startswith("f/x.html: ")
    with pytest.raises(CLSPInputError, match="ends with '/'"):
        check_output("new/")


def test_export_csv_may_create_the_folder_it_names_but_not_its_parents(tmp_path, capsys):
    code, _, err = _run(capsys, ["export", "talking_shop", "--to", "csv", "-o", str(tmp_path / "out")])
    assert code == 0, err
    assert (tmp_path / "out" / "members.csv").is_file()
    code, _, err = _run(capsys, ["export", "talking_shop", "--to", "csv", "-o", str(tmp_path / "a" / "b" / "out")])
    assert code == 1 and "--mkdir" in err and not (tmp_path / "a").exists()


def _table_writers(tmp_path):
    """The commands that write a table (.csv): a folder of cases, a sweep, a workshop's answers."""
    from clsp_research.partnership.datasets import case_study_path, data_path

    cases = tmp_path / "cases"
    cases.mkdir(exist_ok=True)
    (cases / "talking_shop.yaml").write_bytes(case_study_path("talking_shop").read_bytes())
    return [
        ("assess FOLDER", ["assess", str(cases), "-o"], []),
        ("sweep", ["sweep", "talking_shop", "--grid", "turnover=0,0.1", "--runs", "2", "--periods", "3",
                   "--seed", "1", "--no-progress", "--out"], []),
        ("workshop export", ["workshop", "export", str(data_path("surveys", "example_workshop")), "-o"], []),
    ]


@pytest.mark.parametrize("kind", ["symlink", "fifo", "missing_parent", "existing"])
def test_every_table_writer_follows_the_same_policy(tmp_path, capsys, kind):
    target = _occupy(tmp_path, "out.csv", kind)
    for name, before, after in _table_writers(tmp_path):
        code, out, err = _run(capsys, [*before, str(target), *after])
        assert code == 1, (name, kind, out, err)
        assert str(target) in err and "Traceback" not in err, (name, err)
    _assert_untouched(tmp_path, target, kind)


def test_table_writers_replace_with_force_and_create_folders_with_mkdir(tmp_path, capsys):
    for i, (name, before, after) in enumerate(_table_writers(tmp_path)):
        target = tmp_path / f"{i}.csv"
        target.write_text("old")
        code, _, err = _run(capsys, [*before, str(target), *after, "--force"])
        assert code == 0 and target.read_text() != "old", (name, err)
        deep = tmp_path / f"new{i}" / "deeper" / "out.csv"
        code, _, err = _run(capsys, [*before, str(deep), *after, "--mkdir"])
        assert code == 0 and deep.is_file(), (name, err)


def test_a_portfolio_table_writes_formula_like_names_as_text(tmp_path, capsys):
    import pandas as pd

    from clsp_research.partnership.casefile import load_case, save_case
    from clsp_research.partnership.datasets import case_study_path

    p = load_case(case_study_path("talking_shop"))
    p.info = dataclasses.replace(p.info, name="=HYPERLINK(\"http://x\")")
    (tmp_path / "cases").mkdir()
    save_case(p, tmp_path / "cases" / "evil.yaml")
    assert main(["assess", str(tmp_path / "cases"), "-o", str(tmp_path / "t.csv")]) == 0
    names = set(pd.read_csv(tmp_path / "t.csv")["partnership"])
    assert names == {"'=HYPERLINK(\"http://x\")"}
    capsys.readouterr()
    assert main(["assess", str(tmp_path / "cases")]) == 0  # the table on stdout too
    assert set(pd.read_csv(io.StringIO(capsys.readouterr().out))["partnership"]) == names
