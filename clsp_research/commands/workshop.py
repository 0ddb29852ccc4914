"""``clsp workshop --dir DIR [--port P] [--case CASE] [--debrief]``: serve the participant app on this computer.

The self-assessment app (``notebooks/05-self-assessment.ipynb``) is served with Voilà
on 127.0.0.1: every browser page gets its own kernel, every submission is written
atomically to its own file in ``DIR`` (:func:`clsp_research.workshop.save_submission`),
and the trainer's debrief (:class:`clsp_research.ui.debrief.Debrief`) reads the folder.
With ``--debrief`` a second Voilà server shows the trainer's dashboard on this folder,
always on 127.0.0.1 only (participants never see it, even with ``--ip 0.0.0.0``), on
``--debrief-port`` (default: the app's port + 1). Without it, the dashboard is one line in
any notebook: ``Debrief("DIR").widget``.

This module parses the command line and runs the servers; what serving needs (the
environment variables that pass the folder and the case to the app, the notebooks, the
Voilà command line, port checks) is in :mod:`clsp_research.workshop.serving`. Participants
on other computers need the trainer's machine to listen on the network: ``--ip 0.0.0.0``
does that, on a network the trainer trusts (there is no login).

Each open page is one Python kernel: about 90 MB of memory each (proportional set size;
115 MB resident) on this project's test machine, plus about 130 MB for the server, so 25
participants need about 2.5-3 GB (``scripts/bench_ui.py --kernels 4`` measures it).
``--preheat N`` keeps N kernels started and ready, so that pages open at once.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..errors import CLSPInputError
from ..workshop.serving import (
    APP_NOTEBOOK,
    DEBRIEF_NOTEBOOK,
    DEFAULT_PORT,
    ENV_CASE,
    ENV_DIR,
    IOPUB_TIMEOUT,
    app_cells,
    app_notebook,
    debrief_cells,
    debrief_notebook,
    free_port,
    port_free,
    voila_command,
    wait_listening,
)

NAME = "workshop"
HELP = "serve the participant self-assessment app (Voilà) and collect answers in a folder"
DESCRIPTION = (
    "Serve the participant self-assessment app with Voilà on this computer. Each participant opens the "
    "printed address in a browser; each submission is saved as its own file in --dir, which the trainer's "
    "debrief reads."
)

# What serving needs lives in clsp_research.workshop.serving; these names are re-exported for
# code written against this module before the move.
__all__ = ["APP_NOTEBOOK", "DEBRIEF_NOTEBOOK", "DEFAULT_PORT", "ENV_CASE", "ENV_DIR", "IOPUB_TIMEOUT", "app_cells",
           "app_notebook", "debrief_cells", "debrief_notebook", "port_free", "voila_command"]


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


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    import importlib.util

    if importlib.util.find_spec("voila") is None:
        raise CLSPInputError("Voilà is not installed; install the workshop extra: "
                             "pip install 'clsp-research[workshop]' (in a checkout: pip install -e '.[workshop]')")
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
        from ..partnership.datasets import load_case_ref

        p = load_case_ref(args.case)  # fail now, not in every participant's page
        case = str(Path(args.case).resolve()) if Path(args.case).exists() else args.case
        sys.stdout.write(f"case: {p.name} ({len(p)} members)\n")
    port = args.port or free_port(args.ip)
    if not port_free(port, args.ip):
        raise CLSPInputError(f"port {port} is already in use (another workshop or program is listening there); "
                             f"stop it, or choose another port with --port", field="--port")
    debrief_port = None
    if args.debrief or args.debrief_port is not None:
        debrief_port = args.debrief_port if args.debrief_port is not None else port + 1
        if debrief_port == 0:
            debrief_port = free_port("127.0.0.1")
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
        if not wait_listening(args.ip, port, procs[0], timeout=60):
            code = procs[0].poll()
            raise CLSPInputError(f"the app server did not start (exit code {code}); see the messages above",
                                 field="--port")
        if debrief_port is not None and not wait_listening("127.0.0.1", debrief_port, procs[1], timeout=60):
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
