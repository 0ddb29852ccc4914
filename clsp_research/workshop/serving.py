"""Serving the workshop on this computer: the participant app and the trainer's dashboard through Voilà.

:mod:`clsp_research.commands.workshop` (``clsp workshop``) starts the servers; this module holds
what it needs to do so: the folder and case passed to the app through the environment
(:data:`ENV_DIR`, :data:`ENV_CASE`), the app's and the dashboard's notebooks (written to a
per-user cache folder when the package is installed without its ``notebooks/``), the Voilà
command line and the port checks. The participant app (:mod:`clsp_research.ui.self_assessment`)
and the dashboard (:mod:`clsp_research.ui.debrief`) read the same environment variables.

Voilà runs through :mod:`clsp_research.workshop.voila_server` (Voilà with closed pages giving
their kernel back, a cap on live pages, a participant cookie, local assets only, and death
with its parent). Kernels of pages that never connected or were left are culled after
:data:`CULL_IDLE` seconds; a pool of ``preheat`` kernels is started in advance.

Examples
--------
>>> cmd = voila_command(Path("app.ipynb"), 8866)
>>> "--Voila.ip=127.0.0.1" in cmd and "--port=8866" in cmd
True
>>> "--MappingKernelManager.cull_idle_timeout=120" in cmd
True
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..fileio import atomic_write_text

__all__ = [
    "APP_NOTEBOOK", "CULL_IDLE", "DEBRIEF_NOTEBOOK", "DEFAULT_PORT", "ENV_CASE", "ENV_DIR", "ENV_MEMBERS",
    "IOPUB_TIMEOUT", "app_cells", "app_notebook", "debrief_cells", "debrief_notebook", "free_port", "kernel_spec_path",
    "lan_addresses", "participant_token", "port_free", "request_info_url", "roster", "roster_from_env",
    "roster_json", "voila_command", "wait_for_request", "wait_listening"
]

#: Environment variable naming the folder where the app saves submissions.
ENV_DIR = "CLSP_WORKSHOP_DIR"
#: Environment variable naming the case (a case file path or a case-study name) whose members are offered.
ENV_CASE = "CLSP_WORKSHOP_CASE"
#: Environment variable carrying the case's members to the participant form, as JSON
#: ``[[id, name, [group, ...]], ...]``: the server reads the case once, so the room's kernels need not
#: (reading it would load networkx into each of them, about 12 MB apiece).
ENV_MEMBERS = "CLSP_WORKSHOP_MEMBERS"
#: Largest roster (characters of JSON) passed in the environment; a larger case is read by each kernel.
MAX_ROSTER_CHARS = 64_000
#: The notebook Voilà renders.
APP_NOTEBOOK = "05-self-assessment.ipynb"
DEFAULT_PORT = 8866
#: Seconds Voilà waits for a cell's output after the kernel has answered (nbclient's default is 4).
IOPUB_TIMEOUT = 120

#: The trainer's dashboard that ``--debrief`` serves (written to a per-user cache folder).
DEBRIEF_NOTEBOOK = "clsp-workshop-debrief.ipynb"
#: Seconds after which the kernel of a page without a live connection is shut down (long enough for a slow
#: browser on a busy laptop to open the connection of a page just drawn).
CULL_IDLE = 120
#: The kernel environment variable that carries the participant's token (Voilà's http_header_envs).
_TOKEN_ENV = "HTTP_X_CLSP_PARTICIPANT"


Roster = list[tuple[str, str, tuple[str, ...]]]


def roster(p: Any) -> Roster:
    """A partnership's members as the participant form offers them: ``(id, name, groups)``, in member order.

    Examples
    --------
    >>> from clsp_research.partnership.datasets import load_case_study
    >>> roster(load_case_study("talking_shop"))[0]
    ('lsc', 'LSC regional office', ('funder',))
    """
    return [(str(mid), str(m.name), tuple(m.groups)) for mid, m in p.members.items()]


def roster_json(p: Any) -> str | None:
    """:func:`roster` as the JSON of :data:`ENV_MEMBERS`, or None above :data:`MAX_ROSTER_CHARS`.

    Examples
    --------
    >>> from clsp_research.partnership.datasets import load_case_study
    >>> roster_json(load_case_study("talking_shop"))[:40]
    '[["lsc", "LSC regional office", ["funder'
    """
    text = json.dumps([[i, name, list(groups)] for i, name, groups in roster(p)], ensure_ascii=False)
    return text if len(text) <= MAX_ROSTER_CHARS else None


def roster_from_env(env: Mapping[str, str]) -> Roster | None:
    """The roster in ``env[ENV_MEMBERS]``, or None when it is absent or not a roster (then the case is read).

    Examples
    --------
    >>> roster_from_env({ENV_MEMBERS: '[["cab", "Anytown CAB", ["provider"]]]'})
    [('cab', 'Anytown CAB', ('provider',))]
    >>> roster_from_env({ENV_MEMBERS: '{"not": "a list"}'}) is None, roster_from_env({}) is None
    (True, True)
    """
    text = env.get(ENV_MEMBERS)
    if not text:
        return None
    try:
        rows = json.loads(text)
    except ValueError:
        return None
    if not isinstance(rows, list) or not rows:
        return None
    out: Roster = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 3 and isinstance(row[0], str) and isinstance(row[1], str)
                and isinstance(row[2], list) and all(isinstance(g, str) for g in row[2])):
            return None
        out.append((row[0], row[1], tuple(row[2])))
    return out


def participant_token() -> str | None:
    """The participant token of the page being served (from its ``clsp_participant`` cookie), or ``None``.

    In a pre-started Voilà kernel this waits for the page's request first
    (:func:`wait_for_request`); outside Voilà (JupyterLab, tests) it returns at once.

    Examples
    --------
    >>> participant_token() is None or len(participant_token()) == 16
    True
    """
    from .voila_server import valid_token

    if os.environ.get("VOILA_PREHEAT") == "True" and os.environ.get("VOILA_KERNEL_ID"):
        wait_for_request()
    token = os.environ.get(_TOKEN_ENV)
    return token if valid_token(token) else None


def request_info_url(env: Mapping[str, str]) -> str:
    """Where a pre-started Voilà kernel asks for its page's request (Voilà 0.5's ``/voila/query``).

    Examples
    --------
    >>> request_info_url({"VOILA_APP_PORT": "8870", "VOILA_KERNEL_ID": "k1"})
    'ws://127.0.0.1:8870/voila/query/k1'
    >>> request_info_url({"VOILA_SERVER_URL": "/w/", "VOILA_KERNEL_ID": "k1", "VOILA_APP_IP": "10.0.0.2"})
    'ws://10.0.0.2:8866/w/voila/query/k1'
    """
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    return (f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
            f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{env.get('VOILA_KERNEL_ID', '')}")


def wait_for_request(timeout: float = 5.0) -> bool:
    """In a pre-started Voilà kernel, wait until a page takes the kernel and put its request's
    variables (the participant's cookie among them) into ``os.environ``.

    What ``voila.utils.wait_for_request`` does, without importing Voilà (with Jupyter Server,
    jsonschema and requests) into every participant's kernel: that import alone cost each kernel
    about 1.3 s of CPU and 42 MB. The protocol is Voilà 0.5's (the version the workshop extra
    pins): one websocket message holding a JSON object of strings. Returns whether the request
    arrived (``False`` after ``timeout`` seconds without a connection, or outside a pre-started
    kernel).
    """
    if os.environ.get("VOILA_PREHEAT") != "True" or not os.environ.get("VOILA_KERNEL_ID"):
        return False
    import asyncio
    import threading

    from websockets import connect

    url = request_info_url(os.environ)
    got: list[dict[str, str]] = []  # the request's variables, once they arrived whole

    async def fetch() -> None:
        try:
            async with connect(url, open_timeout=timeout) as ws:
                got.append(dict(json.loads(await ws.recv())))
        except Exception:  # refused, timed out, a failed handshake (websockets' own errors), not a JSON object
            return

    # the kernel's own event loop is running in this thread: ask on another, with its own loop
    thread = threading.Thread(target=lambda: asyncio.run(fetch()), daemon=True)
    thread.start()
    thread.join()
    if not got:
        return False
    os.environ.update({str(k): str(v) for k, v in got[0].items()})
    return True


def lan_addresses() -> list[str]:
    """This computer's IPv4 addresses that other machines on the network can reach (not 127.x).

    Read from the routing choice (a UDP socket "connected" to a public address sends
    nothing) and from the host name; empty when there is no network.
    """
    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet is sent for a UDP connect
            found.append(s.getsockname()[0])
    except OSError:
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    except OSError:
        pass
    return [a for a in dict.fromkeys(found) if not a.startswith("127.") and a != "0.0.0.0"]


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


def free_port(host: str) -> int:
    """A port that is free on ``host`` now (the system picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _cache_dir() -> Path:
    """The per-user cache folder where the command writes what Voilà reads (notebooks, kernel specification)."""
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "clsp-research"


def kernel_spec_path() -> Path:
    """A folder for ``JUPYTER_PATH`` whose ``kernels/python3`` starts :mod:`~clsp_research.workshop.kernel`.

    Written (atomically) to the per-user cache folder under a name of this interpreter's own,
    so that workshops run from two installations do not overwrite each other's. ``clsp workshop``
    puts it first on its Voilà servers' ``JUPYTER_PATH``, so the served notebooks' ``python3``
    kernel is this one: the ordinary IPython kernel without its debugger (about 8 MB less per page).

    Examples
    --------
    >>> spec = json.loads((kernel_spec_path() / "kernels" / "python3" / "kernel.json").read_text())
    >>> spec["argv"][2], spec["language"]
    ('clsp_research.workshop.kernel', 'python')
    """
    import hashlib

    from .kernel import KERNEL_ARGV

    tag = hashlib.sha256(sys.executable.encode()).hexdigest()[:10]
    root = _cache_dir() / f"jupyter-{tag}"
    spec = {"argv": KERNEL_ARGV, "display_name": "Python 3 (workshop, no debugger)", "language": "python",
            "metadata": {"debugger": False}}
    atomic_write_text(root / "kernels" / "python3" / "kernel.json", json.dumps(spec, indent=1))
    return root


def _cached_notebook(name: str, sources: list[str], title: str) -> Path:
    """Write a code-only notebook of ``sources`` to the per-user cache folder (atomically); return its path."""
    path = _cache_dir() / name
    cells = [{"id": f"cell-{i}", "cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
              "source": src} for i, src in enumerate(sources)]  # ids: nbformat 4.5 requires them
    nb = {"cells": cells, "metadata": {"title": title,
                                       "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)",
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
    return _cached_notebook(APP_NOTEBOOK, app_cells(), "Partnership self-assessment")


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
    return _cached_notebook(DEBRIEF_NOTEBOOK, debrief_cells(), "Workshop debrief (trainer)")


def app_cells() -> list[str]:
    """The code cells of the participant app (the notebook's cells, without its narrative)."""
    return [
        "import clsp_research as clsp\nfrom clsp_research.ui.self_assessment import SelfAssessment",
        "app = SelfAssessment()\napp.widget",
    ]


def voila_command(notebook: Path, port: int, ip: str = "127.0.0.1", preheat: int = 1,
                  cull_idle: int = CULL_IDLE) -> list[str]:
    """The command line that serves ``notebook`` with :mod:`~clsp_research.workshop.voila_server`
    (flags in ``docs/architecture.md``).

    ``preheat`` kernels are started in advance, each with the app already imported
    (Voilà's pool). Kernels of pages with no live connection are shut down after
    ``cull_idle`` seconds idle (a page that was never opened in a browser, or was left
    without Voilà's shutdown request reaching the server); pool kernels are never culled.
    """
    return [
        sys.executable, "-m", "clsp_research.workshop.voila_server", str(notebook), "--no-browser",
        f"--port={port}", f"--Voila.ip={ip}", "--Voila.port_retries=0",
        f"--preheat_kernel={preheat > 0}", f"--pool_size={max(preheat, 0)}", "--show_tracebacks=False",
        "--theme=light",
        # nbclient gives up on a cell's output 4 s after the kernel's reply by default: with a room of
        # kernels starting at once on a laptop, some pages then came without the form. Wait longer.
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT}",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
        "--MappingKernelManager.cull_interval=10", "--MappingKernelManager.cull_connected=False",
        "--VoilaConfiguration.http_header_envs=['X-Clsp-Participant']",
    ]


def listening(host: str, port: int) -> bool:
    """Whether something accepts a TCP connection on ``host:port`` now.

    Examples
    --------
    >>> s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(); busy = s.getsockname()[1]
    >>> listening("127.0.0.1", busy)
    True
    >>> s.close(); listening("127.0.0.1", busy)
    False
    """
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_listening(host: str, port: int, proc: subprocess.Popen, timeout: float) -> bool:
    """Whether ``proc`` listens on ``host:port`` within ``timeout`` seconds (probed by TCP connect)."""
    deadline = time.monotonic() + timeout
    probe = "127.0.0.1" if host in ("0.0.0.0", "") else host
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if listening(probe, port):
            return True
        time.sleep(0.2)
    return False
