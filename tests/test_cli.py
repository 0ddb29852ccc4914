"""The ``clsp`` command as a whole: every command registered, usage errors, closed pipes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from clsp_research.cli import COMMAND_MODULES, build_parser, main


def test_every_command_module_is_registered():
    import importlib

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    names = {importlib.import_module(f"clsp_research.commands.{m}").NAME for m in COMMAND_MODULES}
    assert set(sub.choices) == names
    assert {"validate", "assess", "report", "export", "import", "survey", "workshop", "simulate", "gaps",
            "referrals", "interlocks"} <= names


def test_no_command_and_an_unknown_command_are_usage_errors(capsys):
    assert main([]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_a_reader_that_closes_the_pipe_gets_no_traceback():
    # ``clsp assess CASE --json | head -c 1``: the reader leaves after one byte.
    proc = subprocess.Popen(
        [sys.executable, "-c", "from clsp_research.cli import main; raise SystemExit(main())",
         "simulate", "talking_shop", "--runs", "20", "--periods", "40", "--seed", "1", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err, err
    assert proc.returncode in (0, 141)


def test_an_operating_system_error_is_one_message_and_exit_1(monkeypatch, capsys):
    from clsp_research.commands import assess

    def full_disk(args):
        raise OSError(28, "No space left on device", "report.html")

    monkeypatch.setattr(assess, "run", full_disk)
    assert main(["assess", "talking_shop"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "clsp assess: error: report.html: No space left on device"


def test_a_binary_file_given_as_a_case_is_one_clean_line(tmp_path, capsys):
    f = tmp_path / "photo.yaml"
    f.write_bytes(b"\x00\x01\x02")
    assert main(["assess", str(f)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.endswith("not a readable YAML file: control characters are not allowed (character U+0000); "
                        "expected a UTF-8 text file")


def test_the_program_freezes_its_libraries_out_of_the_collector_but_a_call_from_python_does_not(capsys):
    import gc

    before = gc.get_freeze_count()
    assert main(["assess", "talking_shop", "--json"]) == 0  # a call from Python: the caller's process lives on
    assert gc.get_freeze_count() == before
    code = ("import gc, sys; from clsp_research.cli import main; code = main(); "
            "print(gc.get_freeze_count(), file=sys.stderr); sys.exit(code)")
    out = subprocess.run([sys.executable, "-c", code, "assess", "talking_shop", "--json"], capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0 and '"robustness"' in out.stdout
    assert int(out.stderr.strip().splitlines()[-1]) > 50_000  # pandas' and networkx's objects, frozen
