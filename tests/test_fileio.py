"""Safe writing: no partial files, no overwriting, ordinary permissions."""

from __future__ import annotations

import os
import stat

import pytest

from clsp_research.fileio import atomic_write, atomic_write_text, write_new_file


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "case.yaml"
    atomic_write_text(target, "old")
    with pytest.raises(ValueError), atomic_write(target) as fh:
        fh.write("half of the new")
        raise ValueError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["case.yaml"]


def test_write_new_file_never_overwrites(tmp_path):
    paths = [write_new_file(tmp_path, "response", ".json", lambda fh, i=i: fh.write(str(i))) for i in range(3)]
    assert [p.name for p in paths] == ["response.json", "response-2.json", "response-3.json"]
    assert [p.read_text() for p in paths] == ["0", "1", "2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


def test_written_files_get_the_umask_mode_not_mkstemps_0600(tmp_path):
    old = os.umask(0o022)
    try:
        from clsp_research import fileio

        fileio._umask.cache_clear()
        a = atomic_write_text(tmp_path / "a.txt", "x")
        b = write_new_file(tmp_path, "b", ".txt", lambda fh: fh.write("y"))
    finally:
        os.umask(old)
        fileio._umask.cache_clear()
    assert stat.S_IMODE(a.stat().st_mode) == 0o644
    assert stat.S_IMODE(b.stat().st_mode) == 0o644
