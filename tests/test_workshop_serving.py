"""The workshop server without a browser: what a page request gets, what its kernel websocket refuses,
idle kernels culled, the room-full page, and the servers dying with ``clsp workshop`` (even kill -9).

Needs Voilà (the ui-test extra); skipped without it unless the browser tier is required
(``CLSP_SKIP_BROWSER`` unset makes a missing Voilà a failure in tests/browser/ only).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil  # the test extra declares both
import pytest
import websocket

from clsp_research.workshop.serving import free_port, listening

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]
CULL = 10


def _kernels(pid: int) -> list:
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []
    found = []
    for c in children:
        try:  # a kernel being culled can exit between the listing and this look: it is not counted
            if "clsp_research.workshop.kernel" in " ".join(c.cmdline()):  # the light kernel
                found.append(c)
        except psutil.Error:
            continue
    return found


@contextmanager
def _workshop(answers: Path, *options: str, env: dict | None = None) -> Iterator[dict]:
    """``clsp workshop --dir answers OPTIONS`` on a free port, its banner shown; stopped afterwards."""
    port = free_port("127.0.0.1")
    out = answers.parent / f"clsp-workshop-{port}.out"
    with open(out, "w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "clsp_research.cli", "workshop", "--dir", str(answers), "--port", str(port),
             *options],
            stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + 90
        while not (listening("127.0.0.1", port) and "CLSP workshop is running" in out.read_text()):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"clsp workshop did not start:\n{out.read_text()}", pytrace=False)
            time.sleep(0.3)
        yield {"proc": proc, "port": port, "dir": answers, "out": out, "url": f"http://127.0.0.1:{port}/"}
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with _workshop(tmp_path_factory.mktemp("answers"), "--preheat", "1", "--max-pages", "2",
                   "--cull-idle", str(CULL)) as running:
        yield running


def _get(url: str) -> tuple[int, str, list[str]]:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, r.read().decode("utf-8"), r.headers.get_all("Set-Cookie") or []
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8"), []


def _wait_kernels(pid: int, n: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(_kernels(pid)) <= n:
            break
        time.sleep(1)
    return len(_kernels(pid))


def test_the_banner_is_clean_and_the_server_log_goes_to_the_folder(server):
    text = server["out"].read_text()
    assert "Participants open:" in text and server["url"] in text and "Ctrl-C" in text
    assert str(server["dir"]) in text
    assert "[Voila]" not in text and "not trusted" not in text  # Voilà's messages are in the log file
    assert "[Voila]" in (server["dir"] / "workshop-server.log").read_text()


def test_a_page_request_sets_its_cookies_and_names_no_outside_asset(server):
    status, page, cookies = _get(server["url"])
    assert status == 200
    assert "Loading the self-assessment..." in page and "<title>Partnership self-assessment</title>" in page
    assert not re.search(r"(src|href)=\"https?://(?!127\.0\.0\.1)", page)  # no CDN stylesheet or script
    names = {c.split("=", 1)[0] for c in cookies}
    assert {"_xsrf", "clsp_participant"} <= names
    token = next(c for c in cookies if c.startswith("clsp_participant=")).split("=", 1)[1].split(";", 1)[0]
    assert re.fullmatch(r"[0-9a-f]{16}", token)
    assert "httponly" in next(c for c in cookies if c.startswith("clsp_participant=")).lower()


def test_the_kernel_websocket_runs_no_code(server, tmp_path):
    _status, page, _cookies = _get(server["url"])
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', page).group(1)
    marker = tmp_path / "executed.txt"
    ws = websocket.create_connection(f"ws://127.0.0.1:{server['port']}/api/kernels/{kernel_id}/channels",
                                     timeout=30)

    def message(msg_type: str, content: dict) -> str:
        return json.dumps({"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "t",
                                      "session": uuid.uuid4().hex, "date": "", "version": "5.3"},
                           "parent_header": {}, "metadata": {}, "content": content, "channel": "shell",
                           "buffers": []})

    try:
        code = f"open({str(marker)!r}, 'w').write('ran')"
        ws.send(message("execute_request", {"code": code, "silent": False, "store_history": False,
                                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}))
        ws.send(message("kernel_info_request", {}))  # a control: the channel answers what it allows
        replies = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "kernel_info_reply" not in replies:
            replies.append(json.loads(ws.recv())["header"]["msg_type"])
        assert "kernel_info_reply" in replies  # the websocket works ...
        time.sleep(3)
        assert "execute_reply" not in replies and "execute_input" not in replies  # ... and ran nothing
        assert not marker.exists()
    finally:
        ws.close()


def test_pages_never_opened_are_culled_and_a_full_room_says_so(server):
    pid = server["proc"].pid
    # Pages that never connected get three times the idle time before they are culled.
    time.sleep(3 * CULL + 12)  # the earlier tests' pages are culled: only the pre-started pool is left
    base = _wait_kernels(pid, 1, 30)
    assert base == 1
    for _ in range(2):  # two GETs with no websocket: two kernels ...
        assert _get(server["url"])[0] == 200
    status, page, _ = _get(server["url"])  # ... and the cap (2 pages) is reached
    assert status == 503 and "The room is full" in page and "try again in a minute" in page
    assert len(_kernels(pid)) <= 2 + 1 + 1  # two pages, the pool, at most one pool refill in flight
    assert len(_kernels(pid)) >= 2  # the pages' kernels are not culled at once: a slow browser may still be drawing
    assert _wait_kernels(pid, 1, 3 * CULL + 40) == 1  # culled: memory given back
    assert _get(server["url"])[0] == 200  # and the room has space again


def test_the_servers_die_with_clsp_workshop_even_on_kill_9(server):
    proc = server["proc"]
    children = psutil.Process(proc.pid).children(recursive=True)
    assert children
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    _gone, alive = psutil.wait_procs(children, timeout=30)
    assert alive == []
    deadline = time.monotonic() + 10
    while listening("127.0.0.1", server["port"]) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert not listening("127.0.0.1", server["port"])
    assert Path(server["dir"]).is_dir()


def test_pages_take_turns_to_start_their_scripts(tmp_path):
    """With one turn at a time, a second page gets its loading message at once, and its form's cell (its
    kernel learns the page's request at the page's turn) and Voilà's scripts only when the first page has
    connected to its kernel; a page whose kernel never connects holds its turn for BOOT_HOLD seconds at
    most. The pool of pre-started kernels shrinks as pages open."""
    import threading

    from clsp_research.workshop.voila_server import BOOT_HOLD, ENV_BOOTS

    with _workshop(tmp_path / "answers", "--preheat", "3", env={**os.environ, ENV_BOOTS: "1"}) as running:
        proc, port = running["proc"], running["port"]
        deadline = time.monotonic() + 90  # the three kernels of the pool started
        while len(_kernels(proc.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.5)
        pages: dict[int, dict] = {}

        def fetch(i: int) -> None:
            seen: dict = {"start": time.monotonic()}
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120) as r:
                body = b""
                while chunk := r.read1(65536):
                    body += chunk
                    if b"Loading the self-assessment..." in body and "loading" not in seen:
                        seen["loading"] = time.monotonic()
                    if b"widget-view+json" in body and "form" not in seen:  # the cell that shows the form
                        seen["form"] = time.monotonic()
            seen["done"], seen["body"] = time.monotonic(), body.decode("utf-8")
            pages[i] = seen

        threads = [threading.Thread(target=fetch, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while not pages and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pages, "neither page was served"
        first = next(iter(pages))
        second = 1 - first
        # The first page's browser connects to its kernel, a while later (time enough for a kernel that knew its
        # request to run the form's cell): the second page's turn begins.
        time.sleep(1.5)
        kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', pages[first]["body"]).group(1)
        ws = websocket.create_connection(f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels", timeout=30)
        connected = time.monotonic()
        for t in threads:
            t.join(timeout=60)
        ws.close()
        a, b = pages[first], pages[second]
        assert "/static/voila.js" in a["body"] and "/static/voila.js" in b["body"]
        assert "theme-light.css" in b["body"] and "voila-style.js" in b["body"]  # held back, then sent
        assert b["loading"] - b["start"] < BOOT_HOLD / 2  # the loading message did not wait for the turn
        assert b["form"] >= connected  # the second page's kernel ran its form's cell at the page's turn
        assert b["done"] - connected < BOOT_HOLD * 0.85  # released by the connection, not by the hold's end
        # A third page waits for the second's turn, which no browser ends: the hold's end does.
        fetch(2)
        assert pages[2]["done"] - b["done"] >= BOOT_HOLD * 0.75
        # The pool was sized for the room's arrival: with three pages open, two spares remain (Voilà's own
        # pool would have refilled to three).
        deadline = time.monotonic() + 60
        while len(_kernels(proc.pid)) < 5 and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(4)
        assert len(_kernels(proc.pid)) == 5
