"""``clsp workshop --dir DIR [--port P] [--case CASE] [--debrief]``: serve the participant app on this computer.

The self-assessment app (``notebooks/05-self-assessment.ipynb``) is served with Voilà
on 127.0.0.1: every browser page gets its own kernel, every submission is written
atomically to its own file in ``DIR`` (:func:`clsp_research.workshop.save_submission`),
and the trainer's debrief (:class:`clsp_research.ui.debrief.Debrief`) reads the folder.
With ``--debrief`` a second Voilà server shows the trainer's dashboard on this folder,
always on 127.0.0.1 only (participants never see it, even with ``--ip 0.0.0.0``), on
``--debrief-port`` (default: the app's port + 1). Without it, the dashboard is one line in
any notebook: ``Debrief("DIR").widget``.

The folder and the case are passed to the app through the environment variables
:data:`ENV_DIR` and :data:`ENV_CASE`. Participants on other computers need the
trainer's machine to listen on the network: ``--ip 0.0.0.0`` does that, on a network
the trainer trusts (there is no login).

Each open page is one Python kernel: about 90 MB of memory each (proportional set size;
115 MB resident) on this project's test machine, plus about 130 MB for the server, so 25
participants need about 2.5-3 GB (``scripts/bench_ui.py --kernels 4`` measures it).
``--preheat N`` keeps N kernels started and ready, so that pages open at once.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from ..errors import CLSPInputError

NAME = "workshop"
HELP = "serve the participant self-assessment app (Voilà) and collect answers in a folder"
DESCRIPTION = (
    "Serve the participant self-assessment app with Voilà on this computer. Each participant opens the "
    "printed address in a browser; each submission is saved as its own file in --dir, which the trainer's "
    "debrief reads."
)

#: Environment variable naming the folder where the app saves submissions.
ENV_DIR = "CLSP_WORKSHOP_DIR"
#: Environment variable naming the case (a case file path or a case-study name) whose members are offered.
ENV_CASE = "CLSP_WORKSHOP_CASE"
#: The notebook Voilà renders.
APP_NOTEBOOK = "05-self-assessment.ipynb"
DEFAULT_PORT = 8866
#: Seconds Voilà waits for a cell's output after the kernel has answered (nbclient's default is 4).
IOPUB_TIMEOUT = 120

#: The trainer's dashboard that ``--debrief`` serves (written to a per-user cache folder).
DEBRIEF_NOTEBOOK = "clsp-workshop-debrief.ipynb"

__all__ = ["APP_NOTEBOOK", "DEBRIEF_NOTEBOOK", "DEFAULT_PORT", "ENV_CASE", "ENV_DIR", "app_notebook", "debrief_cells",
           "debrief_notebook", "port_free", "voila_command"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", required=True, help="folder where participants' answers are saved (created)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--case", help="case file or case-study name: participants choose their organisation "
                                       "from its members")
    parser.add_argument("--ip", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this computer only)")
    parser.add_argument("--preheat", type=int, default=1,
                        help="kernels kept started and ready, so that a page opens at once (default 1; about "
                             "90 MB each; start the server a few minutes before the room arrives)")
    parser.add_argument("--debrief", action="store_true",
                        help="also serve the trainer's debrief dashboard on this folder (on 127.0.0.1 only)")
    parser.add_argument("--debrief-port", type=int, default=None,
                        help="port of the debrief dashboard (default: --port + 1)")


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether nothing listens on ``host:port`` and the port can be bound.

    Examples
    --------
    >>> s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(); busy = s.getsockname()[1]
    >>> port_free(busy)
    False
    >>> s.close()
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _cached_notebook(name: str, sources: list[str]) -> Path:
    """Write a code-only notebook of ``sources`` to the per-user cache folder (atomically); return its path."""
    import json

    from ..fileio import atomic_write_text

    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "clsp-research"
    path = cache / name
    cells = [{"id": f"cell-{i}", "cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": src} for i, src in enumerate(sources)]  # ids: nbformat 4.5 requires them
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    atomic_write_text(path, json.dumps(nb, indent=1))
    return path


def app_notebook() -> Path:
    """The participant app's notebook: the repository's copy, else one written from the package.

    An installed package (not an editable checkout) has no ``notebooks/`` folder; the
    app is then written to a per-user cache folder (atomically) from :func:`app_cells`.
    """
    repo = Path(__file__).resolve().parents[2] / "notebooks" / APP_NOTEBOOK
    if repo.exists():
        return repo
    return _cached_notebook(APP_NOTEBOOK, app_cells())


def debrief_cells() -> list[str]:
    """The code cells of the trainer's dashboard that ``--debrief`` serves.

    :class:`~clsp_research.ui.debrief.Debrief` reads the folder (and the case) from the
    environment variables the command sets.

    Examples
    --------
    >>> "Debrief()" in "".join(debrief_cells())
    True
    """
    return [
        "from clsp_research.ui.debrief import Debrief",
        "debrief = Debrief()\ndebrief.widget",
    ]


def debrief_notebook() -> Path:
    """The dashboard's notebook, written to the per-user cache folder from :func:`debrief_cells`."""
    return _cached_notebook(DEBRIEF_NOTEBOOK, debrief_cells())


def app_cells() -> list[str]:
    """The code cells of the participant app (the notebook's cells, without its narrative)."""
    return [
        "import clsp_research as clsp\nfrom clsp_research.ui.self_assessment import SelfAssessment",
        "app = SelfAssessment()\napp.widget",
    ]


def voila_command(notebook: Path, port: int, ip: str = "127.0.0.1", preheat: int = 1) -> list[str]:
    """The Voilà command line that serves ``notebook`` (flags from TOOLCHAIN.md).

    ``preheat`` kernels are started in advance, each with the app already run (Voilà's pool).
    """
    voila = shutil.which("voila", path=str(Path(sys.executable).parent)) or shutil.which("voila")
    base = [voila] if voila else [sys.executable, "-m", "voila"]
    return [
        *base, str(notebook), "--no-browser", f"--port={port}", f"--Voila.ip={ip}", "--Voila.port_retries=0",
        f"--preheat_kernel={preheat > 0}", f"--pool_size={max(preheat, 0)}", "--show_tracebacks=False",
        "--theme=light",
        # nbclient gives up on a cell's output 4 s after the kernel's reply by default: with a room of
        # kernels starting at once on a laptop, some pages then came without the form. Wait longer.
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT}",
    ]


def _wait_listening(host: str, port: int, proc: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    probe = "127.0.0.1" if host in ("0.0.0.0", "") else host
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection((probe, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    import importlib.util

    if importlib.util.find_spec("voila") is None:
        raise CLSPInputError("Voilà is not installed; install the ui-test extra: pip install -e '.[ui-test]'")
    if not 0 <= args.port <= 65535:
        raise CLSPInputError(f"--port must be from 0 to 65535, found {args.port}", field="--port")
    if not 0 <= args.preheat <= 50:
        raise CLSPInputError(f"--preheat must be from 0 to 50, found {args.preheat}", field="--preheat")
    directory = Path(args.dir).expanduser().resolve()
    if directory.exists() and not directory.is_dir():
        raise CLSPInputError("exists and is not a folder; expected a folder for the answers", file=directory,
                             field="--dir")
    directory.mkdir(parents=True, exist_ok=True)
    if not os.access(directory, os.W_OK):
        raise CLSPInputError("cannot write to this folder; choose a folder you can write to", file=directory,
                             field="--dir")
    case = None
    if args.case:
        from .survey import load_case_arg

        p = load_case_arg(args.case)  # fail now, not in every participant's page
        case = str(Path(args.case).resolve()) if Path(args.case).exists() else args.case
        sys.stdout.write(f"case: {p.name} ({len(p)} members)\n")
    port = args.port or _free_port(args.ip)
    if not port_free(port, args.ip):
        raise CLSPInputError(f"port {port} is already in use (another workshop or program is listening there); "
                             f"stop it, or choose another port with --port", field="--port")
    debrief_port = None
    if args.debrief or args.debrief_port is not None:
        debrief_port = args.debrief_port if args.debrief_port is not None else port + 1
        if debrief_port == 0:
            debrief_port = _free_port("127.0.0.1")
        if not 1 <= debrief_port <= 65535 or debrief_port == port:
            raise CLSPInputError(f"--debrief-port must be from 1 to 65535 and differ from --port, found "
                                 f"{debrief_port}", field="--debrief-port")
        if not port_free(debrief_port, "127.0.0.1"):
            raise CLSPInputError(f"port {debrief_port} (for the debrief) is already in use; choose another with "
                                 "--debrief-port", field="--debrief-port")
    env = dict(os.environ)
    env[ENV_DIR] = str(directory)
    if case:
        env[ENV_CASE] = case
    else:
        env.pop(ENV_CASE, None)
    notebook = app_notebook()
    cmd = voila_command(notebook, port, args.ip, args.preheat)
    # Voilà runs in its own session (a Ctrl-C in the terminal reaches us, not its interactive prompt);
    # SIGTERM and SIGHUP are turned into KeyboardInterrupt so that the server is always stopped with us.
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    procs = [subprocess.Popen(cmd, env=env, cwd=str(notebook.parent), stdin=subprocess.DEVNULL,
                              start_new_session=True)]
    try:
        if debrief_port is not None:
            dash = debrief_notebook()
            procs.append(subprocess.Popen(voila_command(dash, debrief_port, "127.0.0.1", preheat=0), env=env,
                                          cwd=str(dash.parent), stdin=subprocess.DEVNULL, start_new_session=True))
        if not _wait_listening(args.ip, port, procs[0], timeout=60):
            code = procs[0].poll()
            raise CLSPInputError(f"the app server did not start (exit code {code}); see the messages above",
                                 field="--port")
        if debrief_port is not None and not _wait_listening("127.0.0.1", debrief_port, procs[1], timeout=60):
            raise CLSPInputError(f"the debrief server did not start (exit code {procs[1].poll()}); see the "
                                 "messages above", field="--debrief-port")
        host = "127.0.0.1" if args.ip == "127.0.0.1" else args.ip
        debrief = (f"Trainer's debrief (this computer only): http://127.0.0.1:{debrief_port}/ (press Refresh "
                   "there to read new answers)\n" if debrief_port is not None else
                   f"Debrief: add --debrief, or in a notebook: Debrief({str(directory)!r}).widget "
                   "(from clsp_research.ui.debrief import Debrief)\n")
        sys.stdout.write(f"Workshop app: http://{host}:{port}/\n"
                         f"Answers are saved in: {directory}\n"
                         f"{debrief}"
                         "Press Ctrl-C to stop.\n")
        sys.stdout.flush()
        while True:  # until a server stops by itself, or Ctrl-C / SIGTERM
            for proc in procs:
                code = proc.poll()
                if code is not None:
                    return code
            time.sleep(0.5)
    except KeyboardInterrupt:
        sys.stdout.write("stopping the workshop app...\n")
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
