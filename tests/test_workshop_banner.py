"""The trainer's terminal: one banner, real network addresses, the right install command."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

import pytest

from clsp_research.commands import workshop as cmd
from clsp_research.errors import CLSPInputError
from clsp_research.workshop.serving import lan_addresses, voila_command


def test_listening_on_every_interface_prints_addresses_participants_can_use(monkeypatch):
    monkeypatch.setattr(cmd, "lan_addresses", lambda: ["192.168.1.23", "10.0.0.7"])
    urls, note = cmd._participant_urls("0.0.0.0", 8866)
    assert urls[:2] == ["http://192.168.1.23:8866/", "http://10.0.0.7:8866/"]
    assert not any("0.0.0.0" in u for u in urls) and note == ""
    monkeypatch.setattr(cmd, "lan_addresses", lambda: [])
    urls, note = cmd._participant_urls("0.0.0.0", 8866)
    assert "no network address" in note and not any("0.0.0.0" in u for u in urls)
    assert all(not a.startswith("127.") and a != "0.0.0.0" for a in lan_addresses())


def test_the_banner_says_where_to_go_and_how_to_stop():
    text = cmd.banner(["http://192.168.1.23:8866/"], None, Path("/tmp/answers"), Path("/tmp/answers/log"))
    lines = text.splitlines()
    assert lines[0] == "CLSP workshop is running."
    assert any("Participants open:" in line and "192.168.1.23" in line for line in lines)
    assert any("Answers folder:" in line for line in lines) and any("Ctrl-C" in line for line in lines)
    assert "Debrief('/tmp/answers').widget" in text  # without --debrief: how to open the dashboard


def test_without_voila_a_wheel_user_gets_a_plain_pip_command(monkeypatch, tmp_path):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "voila" else real(name, *a))
    parser = argparse.ArgumentParser()
    cmd.add_arguments(parser)
    with pytest.raises(CLSPInputError) as err:
        cmd.run(parser.parse_args(["--dir", str(tmp_path)]))
    # the workshop extra, which pins the Voilà the server adjusts; never an editable install or ui-test
    assert "pip install 'clsp-research[workshop]'" in str(err.value)
    assert "-e" not in str(err.value) and "ui-test" not in str(err.value)


def test_the_served_notebooks_run_through_the_adjusted_voila_with_culling_and_the_participant_header(tmp_path):
    args = voila_command(tmp_path / "app.ipynb", 9000, cull_idle=45)
    assert args[1:3] == ["-m", "clsp_research.workshop.voila_server"]
    assert "--MappingKernelManager.cull_idle_timeout=45" in args
    assert "--MappingKernelManager.cull_connected=False" in args
    assert "--VoilaConfiguration.http_header_envs=['X-Clsp-Participant']" in args
