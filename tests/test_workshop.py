"""Workshop responses on disk, and the ``clsp workshop`` command's checks (no server started here)."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest

from clsp_research.cli import main
from clsp_research.errors import CLSPInputError
from clsp_research.workshop.serving import app_cells, port_free, voila_command
from clsp_research.workshop.submissions import SCHEMA, load_submissions, save_submission, submissions_to_factors
from clsp_research.workshop.survey import instrument

IDS = [i.id for i in instrument().items]


def _answers(value: int | None = 4, **overrides: int | None) -> dict[str, int | None]:
    out: dict[str, int | None] = dict.fromkeys(IDS, value)
    out.update(overrides)
    return out


def test_a_submission_is_one_complete_json_file_without_personal_data(tmp_path):
    path = save_submission(tmp_path, _answers(3, trust_1=None), member="cab", group="provider")
    rec = json.loads(path.read_text())
    assert rec["schema"] == SCHEMA
    assert set(rec) == {"schema", "respondent", "member", "group", "instrument", "version", "submitted",
                        "sequence", "answers"}
    assert len(rec["respondent"]) == 16 and rec["answers"]["trust_1"] is None
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_submissions_never_overwrite_each_other(tmp_path):
    paths = [save_submission(tmp_path, _answers(v), respondent="0123456789abcdef") for v in (1, 2, 3)]
    assert len(set(paths)) == 3
    assert [json.loads(p.read_text())["answers"]["trust_1"] for p in paths] == [1, 2, 3]


def test_concurrent_saves_from_threads_never_collide(tmp_path, monkeypatch):
    n = 24
    monkeypatch.setattr("clsp_research.workshop.submissions.MAX_PER_MINUTE", 100)  # one shared token below
    paths: list[Path] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(n)

    def worker(k: int) -> None:
        try:
            barrier.wait(timeout=10)
            # half the threads share one token, so their file names compete for the same stem
            token = "5a5a5a5a5a5a5a5a" if k % 2 else f"{k:016x}"
            paths.append(save_submission(tmp_path, _answers(1 + k % 5), group="community", respondent=token))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert len(set(paths)) == n == len(list(tmp_path.glob("response-*.json")))
    assert not list(tmp_path.glob(".*.tmp"))
    responses, problems = load_submissions(tmp_path, latest_only=False)
    assert problems == [] and responses["file"].nunique() == n
    latest, _ = load_submissions(tmp_path)
    assert latest["respondent"].nunique() == n // 2 + 1


def _participant_process(directory: str, k: int, token: str, barrier, results) -> None:
    """One workshop participant in a process of its own (as each Voilà page has its own kernel)."""
    try:
        barrier.wait(timeout=30)
        path = save_submission(directory, _answers(1 + k % 5, trust_1=None if k % 3 == 0 else 2),
                               member=f"member {k}", group=("funder", "provider", "community")[k % 3],
                               respondent=token)
        results.put((k, path.name, None))
    except BaseException as exc:  # reported by the parent
        results.put((k, None, repr(exc)))


def test_twenty_five_participants_in_separate_processes_submit_at_once(tmp_path):
    """The workshop size of the issue: 25 kernels saving in the same instant, in one folder."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")  # the processes share nothing but the folder, like Voilà kernels
    n = 25
    barrier, results = ctx.Barrier(n), ctx.Queue()
    # Five pairs of participants share a token prefix, so that their file names compete for the same stem.
    tokens = [(f"5a5a5a{k % 5:02x}" if k < 10 else f"{k:08x}") + f"{k:08x}" for k in range(n)]
    procs = [ctx.Process(target=_participant_process, args=(str(tmp_path), k, tokens[k], barrier, results))
             for k in range(n)]
    for proc in procs:
        proc.start()
    got = [results.get(timeout=60) for _ in range(n)]
    for proc in procs:
        proc.join(timeout=30)
    assert [e for _, _, e in got if e] == []
    assert all(proc.exitcode == 0 for proc in procs)
    names = {name for _, name, _ in got}
    assert len(names) == n == len(list(tmp_path.glob("response-*.json")))
    assert not list(tmp_path.glob(".*.tmp"))
    responses, problems = load_submissions(tmp_path)
    assert problems == [] and responses["respondent"].nunique() == n
    # every file holds its own participant's answers, none overwritten by another's
    by_member = responses[responses["item"] == IDS[-1]].set_index("member")["rating"]
    assert {m: int(r) for m, r in by_member.items()} == {f"member {k}": 1 + k % 5 for k in range(n)}


def test_latest_submission_of_a_respondent_replaces_the_earlier_ones(tmp_path):
    save_submission(tmp_path, _answers(2), respondent="1111111111111111", group="funder")
    save_submission(tmp_path, _answers(5), respondent="1111111111111111", group="funder")  # within the same minute
    save_submission(tmp_path, _answers(3), respondent="2222222222222222", group="provider")
    latest, problems = load_submissions(tmp_path)
    assert problems == []
    by = latest.groupby("respondent")["rating"].mean()
    assert by.to_dict() == {"1111111111111111": 5.0, "2222222222222222": 3.0}
    everything, _ = load_submissions(tmp_path, latest_only=False)
    assert everything["file"].nunique() == 3


def test_a_corrupt_file_is_reported_not_fatal(tmp_path):
    save_submission(tmp_path, _answers(4), group="network")
    (tmp_path / "response-broken.json").write_text('{"schema": "clsp-workshop-resp')
    (tmp_path / "response-other.json").write_text(json.dumps({"schema": "something else", "answers": {}}))
    responses, problems = load_submissions(tmp_path)
    assert responses["respondent"].nunique() == 1
    assert sorted(p.split(":")[0] for p in problems) == ["response-broken.json", "response-other.json"]


def test_missing_folder_is_a_problem_not_a_crash(tmp_path):
    responses, problems = load_submissions(tmp_path / "nowhere")
    assert len(responses) == 0 and "no such folder" in problems[0]


@pytest.mark.parametrize(("answers", "kwargs", "words"), [
    ({k: 4 for k in IDS[:-1]}, {}, r"1 statement\(s\) not answered"),
    (_answers(6), {}, "out of range"),
    (_answers(4, extra_item=3), {}, "unknown statement"),
    (_answers(4), {"group": "funders"}, "unknown group"),
])
def test_bad_submissions_are_refused_and_nothing_is_written(tmp_path, answers, kwargs, words):
    with pytest.raises(CLSPInputError, match=words):
        save_submission(tmp_path, answers, **kwargs)
    assert not list(tmp_path.iterdir())


def test_submissions_to_factors_averages_each_factors_statements(tmp_path):
    save_submission(tmp_path, _answers(4, trust_1=2, trust_2=5, time_1=None), member="cab", group="provider")
    factors = submissions_to_factors(load_submissions(tmp_path)[0]).set_index("factor")
    assert factors.loc["trust", "rating"] == 3.5
    assert factors.loc["time", "rating"] == 4.0  # the don't know statement is left out
    assert len(factors) == 14 and set(factors["group"]) == {"provider"}


# -- the command, without starting a server ----------------------------------------------------------

def test_port_in_use_is_refused_with_a_clear_message(tmp_path, capsys):
    pytest.importorskip("voila")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        busy = s.getsockname()[1]
        assert not port_free(busy)
        code = main(["workshop", "--dir", str(tmp_path / "answers"), "--port", str(busy)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"port {busy} is already in use" in err and "--port" in err


def test_debrief_port_in_use_or_equal_to_the_app_port_is_refused(tmp_path, capsys):
    pytest.importorskip("voila")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        busy = s.getsockname()[1]
        free = _free()
        code = main(["workshop", "--dir", str(tmp_path / "a"), "--port", str(free), "--debrief-port", str(busy)])
        err = capsys.readouterr().err
        assert code == 1 and f"port {busy} (for the debrief) is already in use" in err
    assert main(["workshop", "--dir", str(tmp_path / "a"), "--port", str(free), "--debrief-port", str(free)]) == 1
    assert "differ from --port" in capsys.readouterr().err


def test_the_debrief_notebook_reads_the_workshop_folder(tmp_path, monkeypatch):
    import nbformat

    from clsp_research.workshop.serving import DEBRIEF_NOTEBOOK, ENV_DIR, debrief_notebook

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = debrief_notebook()
    assert path.name == DEBRIEF_NOTEBOOK and path.is_relative_to(tmp_path / "cache")
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    # run its cells as Voilà would, with the folder the command passes in the environment
    save_submission(tmp_path / "answers", _answers(2), group="community")
    monkeypatch.setenv(ENV_DIR, str(tmp_path / "answers"))
    scope: dict = {}
    for cell in nb.cells:
        exec(cell.source, scope)
    assert scope["debrief"].summary.respondents == 1 and scope["debrief"].directory == tmp_path / "answers"


def _free() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_dir_that_is_a_file_is_refused(tmp_path, capsys):
    pytest.importorskip("voila")
    f = tmp_path / "file.txt"
    f.write_text("x")
    assert main(["workshop", "--dir", str(f)]) == 1
    assert "not a folder" in capsys.readouterr().err


def test_voila_command_serves_locally_with_a_preheated_kernel(tmp_path):
    cmd = voila_command(tmp_path / "app.ipynb", 9000)
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=9000" in cmd
    assert "--Voila.port_retries=0" in cmd and "--preheat_kernel=True" in cmd and "--no-browser" in cmd


def test_app_cells_match_the_notebook(root):
    import nbformat

    nb = nbformat.read(root / "notebooks" / "05-self-assessment.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for cell in app_cells():
        for line in cell.splitlines():
            assert line in code


def test_voila_waits_long_enough_for_a_busy_kernels_output(tmp_path):
    # With 25 kernels starting at once, nbclient's 4 s wait for a cell's output left some pages without
    # the form ("Timeout waiting for IOPub output"). The command raises it; check Voilà's executor reads it.
    import nbformat
    from traitlets.config import Config
    from traitlets.config.loader import KVArgParseConfigLoader
    from voila.execute import VoilaExecutor

    from clsp_research.workshop.serving import IOPUB_TIMEOUT

    flags = [a for a in voila_command(tmp_path / "app.ipynb", 9000) if a.startswith("--VoilaExecutor.")]
    config = KVArgParseConfigLoader(flags).load_config()
    assert isinstance(config, Config)
    executor = VoilaExecutor(nbformat.v4.new_notebook(), config=config)
    assert executor.iopub_timeout == IOPUB_TIMEOUT >= 60
