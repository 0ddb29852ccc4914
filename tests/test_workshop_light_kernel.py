"""The participant form's kernel stays light (issue 10: memory for a room of 30).

Each page of the workshop is its own kernel, so what the form's notebook imports is paid once per
participant: the form needs neither networkx nor pandas (nor numpy), and the case's members reach it
from the server (``CLSP_WORKSHOP_MEMBERS``) instead of each kernel reading the case.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets")

from clsp_research.partnership.datasets import load_case_study
from clsp_research.ui.self_assessment import SelfAssessment
from clsp_research.workshop.serving import (
    ENV_CASE,
    ENV_MEMBERS,
    MAX_ROSTER_CHARS,
    roster,
    roster_from_env,
    roster_json,
)
from clsp_research.workshop.submissions import latest_submission, load_submissions, new_token, save_submission
from clsp_research.workshop.survey import instrument

ROOT = Path(__file__).resolve().parents[1]


def _notebook_code(name: str) -> str:
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def test_the_served_form_notebook_loads_no_networkx_pandas_or_numpy(tmp_path):
    """Every code cell of notebook 05, as Voilà runs it for a participant, in a fresh process."""
    case = load_case_study("pioneer_first_year")
    env = dict(os.environ, **{ENV_CASE: "pioneer_first_year", ENV_MEMBERS: roster_json(case),
                              "CLSP_WORKSHOP_DIR": str(tmp_path)})
    code = (_notebook_code("05-self-assessment.ipynb") + "\nimport sys, json\n"
            "print(json.dumps([sorted(m for m in ('networkx', 'pandas', 'numpy', 'matplotlib') if m in sys.modules),"
            " [v for _, v in app.member.options]]))\n")
    code = code.replace("app.widget\n", "app.widget;\n")  # a bare expression is fine in a script too
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    loaded, options = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == []
    assert options == ["", *case.members]  # the case's members, from the server's roster


def test_the_roster_round_trips_and_a_bad_one_falls_back_to_reading_the_case(monkeypatch, tmp_path):
    case = load_case_study("pioneer_first_year")
    assert roster_from_env({ENV_MEMBERS: roster_json(case)}) == roster(case)
    monkeypatch.setenv(ENV_CASE, "pioneer_first_year")
    monkeypatch.setenv(ENV_MEMBERS, '[["lsc", "LSC", "funder"]]')  # groups not a list: not a roster
    app = SelfAssessment(directory=tmp_path)
    assert app.partnership is not None and app.roster == roster(case)  # the case was read instead
    monkeypatch.setenv(ENV_MEMBERS, roster_json(case))
    app = SelfAssessment(directory=tmp_path)
    assert app.partnership is None and app.roster == roster(case)
    app.member.value = roster(case)[0][0]
    assert app.group.value == roster(case)[0][2][0]  # the member's first group is proposed, as before


def test_a_roster_too_large_for_the_environment_is_not_passed():
    from clsp_research.partnership.synthetic import synthetic_partnership

    big = synthetic_partnership(3000, seed=1)
    assert len(json.dumps(roster(big))) > MAX_ROSTER_CHARS
    assert roster_json(big) is None


def test_latest_submission_agrees_with_the_table_of_latest_answers(tmp_path):
    items = [i.id for i in instrument().items]
    tok_a, tok_b = new_token(), new_token()  # fresh tokens: the per-page rate limit is the process's
    for value in (1, 2, 3):
        save_submission(tmp_path, dict.fromkeys(items, value), respondent=tok_a, group="provider")
    save_submission(tmp_path, dict.fromkeys(items, 5), respondent=tok_b)
    (tmp_path / "response-20990101T0000-broken00.json").write_text("{not json")
    path, rec = latest_submission(tmp_path, tok_a)
    table, problems = load_submissions(tmp_path)
    mine = table[table["respondent"] == tok_a]
    assert set(mine["file"]) == {path.name} and set(mine["rating"]) == {3.0} == set(rec["answers"].values())
    assert len(problems) == 1  # the broken file is skipped by both, never chosen
    assert latest_submission(tmp_path / "missing", tok_a) is None


def test_the_workshop_kernel_runs_the_form_without_the_debugger(monkeypatch, tmp_path):
    """The kernel specification the workshop's server puts first starts a kernel that has no debugpy."""
    jupyter_client = pytest.importorskip("jupyter_client")
    from clsp_research.workshop.serving import kernel_spec_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the specification is written here, not in ~
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_spec_path()))
    monkeypatch.setenv("CLSP_WORKSHOP_DIR", str(tmp_path))
    out: list[str] = []
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name="python3")
    try:
        assert "clsp_research.workshop.kernel" in " ".join(km.format_kernel_cmd())
        info = kc.kernel_info(reply=True, timeout=60)["content"]
        assert info["status"] == "ok" and not info.get("debugger", False)
        reply = kc.execute_interactive(
            "import sys\nfrom clsp_research.ui.self_assessment import SelfAssessment\n"
            "app = SelfAssessment()\nprint(len(app.toggles), sys.modules.get('debugpy'), 'pandas' in sys.modules)",
            timeout=60, output_hook=lambda msg: out.append(msg["content"].get("text", "")))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok"
    assert "".join(out).split() == ["28", "None", "False"]


def test_an_unwritable_cache_gives_the_ordinary_kernel_not_an_error(monkeypatch, tmp_path):
    from clsp_research.commands.workshop import light_kernel_path

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the cache folder would have to be inside a file
    assert light_kernel_path("/opt/jupyter") is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = light_kernel_path(None)
    assert path == str(tmp_path / "cache" / "clsp-research" / Path(path).name)
    assert (Path(path) / "kernels" / "python3" / "kernel.json").is_file()
