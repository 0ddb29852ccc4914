"""Every command-line example of README.md runs as written (issue 14).

The examples come from ``scripts/readme_examples.py`` (the one list, also read by the wheel
check). Each runs in a fresh folder holding a copy of the repository's ``data/``, as from the
top folder of a fresh checkout, with ``python -m clsp_research.cli`` standing for ``clsp``. A
server (``clsp workshop``) never exits by itself: it runs with free ports (``--port 0``) until it
says it is serving, is then stopped with SIGTERM, and must exit 0.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("readme_examples", ROOT / "scripts" / "readme_examples.py")
readme_examples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(readme_examples)
EXAMPLES = readme_examples.examples()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("MPLBACKEND", None)
    return env


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def test_the_readme_has_the_examples_the_issue_counted():
    assert len(EXAMPLES) >= 15, EXAMPLES
    assert {e.split()[2] for e in EXAMPLES if e.split()[1] == "survey"} == {"summarize", "levels", "compare"}


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES)
def test_example_runs_as_written(example, checkout):
    args = readme_examples.arguments(example)
    cmd = [sys.executable, "-m", "clsp_research.cli", *args]
    if args[0] != "workshop" or args[1:2] == ["export"]:  # everything but the server exits by itself
        r = subprocess.run(cmd, cwd=checkout, env=_env(), capture_output=True, text=True, timeout=240)
        assert r.returncode == 0, f"{example}\n{r.stderr}"
        assert r.stdout.strip(), example  # it said something
        return
    if importlib.util.find_spec("voila") is None:
        pytest.fail("Voilà is missing: install the ui-test extra to run the workshop example")
    cmd += ["--port", "0", "--preheat", "0"] + (["--debrief-port", "0"] if "--debrief" in args else [])
    proc = subprocess.Popen(cmd, cwd=checkout, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    seen, deadline = [], time.monotonic() + 120
    try:
        for line in proc.stdout:
            seen.append(line)
            if line.strip().startswith("To stop:") or time.monotonic() > deadline:
                break
        assert any(line.strip().startswith("Participants open:  http://127.0.0.1:") for line in seen), "".join(seen)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0, "".join(seen)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_missing_file_names_the_shipped_examples(checkout):
    r = subprocess.run([sys.executable, "-m", "clsp_research.cli", "survey", "summarize", "answers.csv"],
                       cwd=checkout, env=_env(), capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "answers.csv: no such file" in r.stderr
    assert "example_factor_ratings.csv" in r.stderr, r.stderr


def test_the_shipped_tables_are_the_pioneer_case():
    from clsp_research.partnership.datasets import data_path, load_case_study
    from clsp_research.partnership.formats import load_csv

    p = load_csv(data_path("tables", "pioneer_first_year_members.csv"),
                        data_path("tables", "pioneer_first_year_ties.csv"))
    case = load_case_study("pioneer_first_year")
    assert sorted(p.graph.nodes) == sorted(case.graph.nodes)
    assert p.n_ties == case.n_ties


def test_the_shipped_network_file_is_the_pioneer_case():
    from clsp_research.partnership.datasets import data_path, load_case_study
    from clsp_research.partnership.importers import read_network

    p, report = read_network(data_path("networks", "pioneer_first_year.gexf"))
    assert not report, str(report)  # the project's own file: nothing mapped, guessed or dropped
    case = load_case_study("pioneer_first_year")
    assert p == case and p.info == case.info
