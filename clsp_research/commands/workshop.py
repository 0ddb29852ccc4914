"""``clsp workshop --dir DIR [--port P] [--case CASE] [--debrief]``: serve the participant app on this computer;
``clsp workshop export DIR -o answers.csv``: the folder's answers as a long survey CSV.

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

Each open page is one Python kernel: about 37 MB of memory each (proportional set size)
on this project's test machine, plus about 180 MB for the server
(``scripts/bench_ui.py --kernels 4`` measures it). A page that is closed or reloaded gives
its kernel back at once; a page that never connected, or whose browser vanished, is
shut down after ``--cull-idle`` seconds; past ``--max-pages`` live pages a newcomer sees
"the room is full, try again in a minute". ``--preheat N`` (default 10) starts N kernels in
advance for a room that arrives together; once pages are open the spares shrink to N less
the open pages, at least 2 (:func:`clsp_research.workshop.voila_server.spare_target`), and
grow back as pages close. Pages take turns, two at a time on a two-core computer, to run their
notebook and start their scripts (:class:`clsp_research.workshop.voila_server.BootGate`), so
that a room's pages are drawn a few at a time instead of all finishing late together. Voilà's messages go
to ``workshop-server.log`` in the answers folder; the terminal shows one banner.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from ..errors import CLSPInputError
from ..workshop.serving import (
    APP_NOTEBOOK,
    CULL_IDLE,
    DEBRIEF_NOTEBOOK,
    DEFAULT_PORT,
    ENV_CASE,
    ENV_DIR,
    ENV_MEMBERS,
    IOPUB_TIMEOUT,
    app_cells,
    app_notebook,
    debrief_cells,
    debrief_notebook,
    free_port,
    kernel_spec_path,
    lan_addresses,
    port_free,
    roster_json,
    voila_command,
    wait_listening,
)

NAME = "workshop"
HELP = "serve the participant self-assessment app (Voilà) and collect answers in a folder; export them"
DESCRIPTION = (
    "Serve the participant self-assessment app with Voilà on this computer. Each participant opens the "
    "printed address in a browser; each submission is saved as its own file in --dir, which the trainer's "
    "debrief reads. 'clsp workshop export DIR -o answers.csv' writes the folder's answers as the long survey "
    "CSV that 'clsp survey summarize' reads (random tokens, never names)."
)
#: The server's log, in the answers folder.
LOG_NAME = "workshop-server.log"
#: How to install Voilà: the workshop extra (Voilà 0.5: the server extends its page handler).
VOILA_PIP = "pip install 'clsp-research[workshop]'"

# What serving needs lives in clsp_research.workshop.serving; these names are re-exported for
# code written against this module before the move.
__all__ = ["APP_NOTEBOOK", "DEBRIEF_NOTEBOOK", "DEFAULT_PORT", "ENV_CASE", "ENV_DIR", "IOPUB_TIMEOUT", "app_cells",
           "app_notebook", "banner", "debrief_cells", "debrief_notebook", "port_free", "voila_command"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=["serve", "export"], default="serve",
                        help="serve (the default) or export (write the answers of a folder as a survey CSV)")
    parser.add_argument("folder", nargs="?", help="with export: the answers folder")
    parser.add_argument("--dir", help="folder where participants' answers are saved (created)")
    parser.add_argument("-o", "--output", help="with export: the CSV file to write")
    parser.add_argument("--force", action="store_true", help="with export: replace an existing CSV")
    parser.add_argument("--mkdir", action="store_true", help="with export: create missing folders of the CSV's path")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--case", help="case file or case-study name: participants choose their organisation "
                                       "from its members")
    parser.add_argument("--ip", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this computer only; 0.0.0.0: the network)")
    parser.add_argument("--preheat", type=int, default=10,
                        help="kernels started in advance for a room arriving together (default 10; about 37 MB "
                             "each; fewer kept once pages are open, at least 2; start the server a minute before "
                             "the room arrives)")
    parser.add_argument("--max-pages", type=int, default=40,
                        help="most participant pages open at once; past it a newcomer is asked to try again in a "
                             "minute (default 40; each page's kernel is about 37 MB)")
    parser.add_argument("--cull-idle", type=int, default=CULL_IDLE,
                        help=f"seconds after which the kernel of a page without a live connection is shut down "
                             f"(default {CULL_IDLE})")
    parser.add_argument("--debrief", action="store_true",
                        help="also serve the trainer's debrief dashboard on this folder (on 127.0.0.1 only)")
    parser.add_argument("--debrief-port", type=int, default=None,
                        help="port of the debrief dashboard (default: --port + 1)")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def banner(participant_urls: list[str], debrief_url: str | None, directory: Path, log: Path,
           note: str = "") -> str:
    """The trainer's terminal banner: where participants go, the dashboard, the folder, the log, how to stop.

    Examples
    --------
    >>> print(banner(["http://192.168.1.5:8866/"], "http://127.0.0.1:8867/", Path("/a"), Path("/a/s.log")))
    CLSP workshop is running.
      Participants open:  http://192.168.1.5:8866/
      Trainer's debrief:  http://127.0.0.1:8867/  (this computer only; press Refresh there for new answers)
      Answers folder:     /a
      Server log:         /a/s.log
      To stop:            press Ctrl-C here
    """
    lines = ["CLSP workshop is running."]
    for n, url in enumerate(participant_urls):
        lines.append(f"  {'Participants open:' if n == 0 else '':19s} {url}")
    if debrief_url:
        lines.append(f"  Trainer's debrief:  {debrief_url}  (this computer only; press Refresh there for new answers)")
    else:
        lines.append(f"  Trainer's debrief:  add --debrief, or in a notebook: Debrief({str(directory)!r}).widget")
    lines += [f"  Answers folder:     {directory}", f"  Server log:         {log}",
              "  To stop:            press Ctrl-C here"]
    if note:
        lines.append(f"  Note: {note}")
    return "\n".join(lines)


def _participant_urls(ip: str, port: int) -> tuple[list[str], str]:
    if ip in ("0.0.0.0", ""):
        lan = lan_addresses()
        urls = [f"http://{a}:{port}/" for a in lan] + [f"http://127.0.0.1:{port}/ (on this computer)"]
        note = "" if lan else "no network address found: only this computer can reach the app"
        return urls, note
    return [f"http://{ip}:{port}/"], ("" if ip != "127.0.0.1" else
                                     "this computer only; add --ip 0.0.0.0 for participants on other computers")


def _run_export(args: argparse.Namespace) -> int:
    from ..workshop.answers_table import write_answers_csv

    folder = args.folder or args.dir
    if not folder:
        raise CLSPInputError("expected the answers folder: clsp workshop export DIR -o answers.csv", field="DIR")
    if not args.output:
        raise CLSPInputError("expected -o FILE.csv, the file to write", field="-o")
    out, respondents, problems = write_answers_csv(folder, args.output, force=args.force, mkdir=args.mkdir)
    for problem in problems:
        sys.stderr.write(f"warning: {problem} (left out)\n")
    sys.stdout.write(f"wrote {out}: {respondents} respondent(s), one row per statement (random tokens, no names)\n")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.action == "export":
        return _run_export(args)
    if args.folder:
        raise CLSPInputError(f"unexpected {args.folder!r}; serve with: clsp workshop --dir FOLDER", field="--dir")
    if not args.dir:
        raise CLSPInputError("expected --dir FOLDER, where participants' answers are saved", field="--dir")
    return _serve(args)


def light_kernel_path(earlier: str | None) -> str | None:
    """The ``JUPYTER_PATH`` under which pages' kernels start without the debugger
    (:mod:`~clsp_research.workshop.kernel`): its specification first, then ``earlier``. None where the
    cache folder cannot be written: pages then get the ordinary kernel (about 8 MB more each).

    Examples
    --------
    >>> light_kernel_path("/opt/jupyter").endswith(os.pathsep + "/opt/jupyter")
    True
    """
    try:
        spec = kernel_spec_path()
    except OSError:
        return None
    return os.pathsep.join([str(spec), *([earlier] if earlier else [])])


def _serve(args: argparse.Namespace) -> int:
    import importlib.util

    if importlib.util.find_spec("voila") is None:
        raise CLSPInputError(f"Voilà, which serves the workshop's pages, is not installed; install it with: "
                             f"{VOILA_PIP}")
    if not 0 <= args.port <= 65535:
        raise CLSPInputError(f"--port must be from 0 to 65535, found {args.port}", field="--port")
    if not 0 <= args.preheat <= 50:
        raise CLSPInputError(f"--preheat must be from 0 to 50, found {args.preheat}", field="--preheat")
    if not 1 <= args.max_pages <= 500:
        raise CLSPInputError(f"--max-pages must be from 1 to 500, found {args.max_pages}", field="--max-pages")
    if not 10 <= args.cull_idle <= 86400:
        raise CLSPInputError(f"--cull-idle must be from 10 to 86400 seconds, found {args.cull_idle}",
                             field="--cull-idle")
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
    from ..workshop.voila_server import ENV_LOADING, ENV_MAX_PAGES

    env = dict(os.environ)
    env[ENV_DIR] = str(directory)
    env[ENV_MAX_PAGES] = str(args.max_pages)
    env.setdefault("PYTHONUNBUFFERED", "1")
    path = light_kernel_path(os.environ.get("JUPYTER_PATH"))
    if path is not None:
        env["JUPYTER_PATH"] = path
    env.pop(ENV_MEMBERS, None)
    if case:
        env[ENV_CASE] = case
        members = roster_json(p)  # the kernels offer these without reading the case (nor loading networkx)
        if members is not None:
            env[ENV_MEMBERS] = members
    else:
        env.pop(ENV_CASE, None)
    notebook = app_notebook()
    cmd = voila_command(notebook, port, args.ip, args.preheat, cull_idle=args.cull_idle)
    log_path = directory / LOG_NAME
    log: IO = open(log_path, "a", encoding="utf-8")  # noqa: SIM115 - kept open for the servers' lifetime
    log.write(f"\n--- clsp workshop started {time.strftime('%Y-%m-%d %H:%M:%S')}: {' '.join(cmd)}\n")
    log.flush()
    # Voilà runs in its own session (a Ctrl-C in the terminal reaches us, not its interactive prompt) and
    # asks Linux to be stopped when we die (voila_server); SIGTERM and SIGHUP are turned into
    # KeyboardInterrupt so that the servers are always stopped with us.
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    procs = [subprocess.Popen(cmd, env=env, cwd=str(notebook.parent), stdin=subprocess.DEVNULL, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)]
    try:
        if debrief_port is not None:
            dash = debrief_notebook()
            dash_env = dict(env, **{ENV_LOADING: "Loading the workshop debrief..."})
            dash_env.pop(ENV_MAX_PAGES, None)
            procs.append(subprocess.Popen(voila_command(dash, debrief_port, "127.0.0.1", preheat=0,
                                                        cull_idle=args.cull_idle),
                                          env=dash_env, cwd=str(dash.parent), stdin=subprocess.DEVNULL,
                                          stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        if not wait_listening(args.ip, port, procs[0], timeout=60):
            code = procs[0].poll()
            raise CLSPInputError(f"the app server did not start (exit code {code}); its messages are in {log_path}",
                                 field="--port")
        if debrief_port is not None and not wait_listening("127.0.0.1", debrief_port, procs[1], timeout=60):
            raise CLSPInputError(f"the debrief server did not start (exit code {procs[1].poll()}); its messages "
                                 f"are in {log_path}", field="--debrief-port")
        urls, note = _participant_urls(args.ip, port)
        debrief_url = f"http://127.0.0.1:{debrief_port}/" if debrief_port is not None else None
        sys.stdout.write(banner(urls, debrief_url, directory, log_path, note) + "\n")
        sys.stdout.flush()
        while True:  # until a server stops by itself, or Ctrl-C / SIGTERM
            for proc in procs:
                code = proc.poll()
                if code is not None:
                    sys.stderr.write(f"a workshop server stopped (exit code {code}); see {log_path}\n")
                    return code or 1
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
        log.close()
