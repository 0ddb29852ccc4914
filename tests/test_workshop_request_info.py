"""A pre-started kernel learns its page's request without importing Voilà (issue 10: kernel memory and start-up)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading

import pytest

pytest.importorskip("websockets")

from clsp_research.workshop.serving import free_port, participant_token, request_info_url, wait_for_request


def _query_server(port: int, reply: str, seen: list[str], ready: threading.Event, stop: threading.Event) -> None:
    from websockets.asyncio.server import serve

    async def handler(ws) -> None:
        seen.append(ws.request.path)
        await ws.send(reply)

    async def main() -> None:
        async with serve(handler, "127.0.0.1", port):
            ready.set()
            while not stop.is_set():
                await asyncio.sleep(0.05)

    asyncio.run(main())


@pytest.fixture
def voila_query(monkeypatch):
    """A stand-in for Voilà 0.5's /voila/query endpoint, and a kernel environment pointing at it."""
    port = free_port("127.0.0.1")
    seen: list[str] = []
    ready, stop = threading.Event(), threading.Event()
    reply = json.dumps({"HTTP_X_CLSP_PARTICIPANT": "a" * 16, "QUERY_STRING": "x=1"})
    t = threading.Thread(target=_query_server, args=(port, reply, seen, ready, stop), daemon=True)
    t.start()
    assert ready.wait(10)
    for k, v in {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k-123", "VOILA_APP_PORT": str(port),
                 "VOILA_APP_IP": "127.0.0.1"}.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("HTTP_X_CLSP_PARTICIPANT", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    yield seen
    stop.set()
    t.join(5)


def test_the_request_arrives_in_the_environment(voila_query, monkeypatch):
    import os

    assert participant_token() == "a" * 16
    assert voila_query == ["/voila/query/k-123"]
    assert os.environ["QUERY_STRING"] == "x=1"


def test_no_server_gives_no_token_and_no_exception(monkeypatch):
    port = free_port("127.0.0.1")
    for k, v in {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": "k", "VOILA_APP_PORT": str(port)}.items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("HTTP_X_CLSP_PARTICIPANT", raising=False)
    assert wait_for_request(timeout=1) is False
    assert participant_token() is None


def test_outside_a_pre_started_kernel_nothing_is_asked(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    assert wait_for_request() is False


def test_the_url_follows_voilas_base_urls():
    env = {"VOILA_WS_PROTOCOL": "wss", "VOILA_APP_IP": "h", "VOILA_APP_PORT": "1", "VOILA_SERVER_URL": "/a/",
           "VOILA_WS_BASE_URL": "/b/", "VOILA_KERNEL_ID": "k"}
    assert request_info_url(env) == "wss://h:1/b/voila/query/k"


def test_the_participant_form_does_not_import_voila(voila_query):
    code = ("import sys, os\n"
            "from clsp_research.ui.self_assessment import SelfAssessment\n"
            "from clsp_research.workshop.serving import participant_token\n"
            "assert participant_token() == 'a' * 16\n"
            "SelfAssessment().widget\n"
            "print(sorted(m for m in ('voila', 'jupyter_server', 'jsonschema', 'requests') if m in sys.modules))\n")
    import os

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ),
                         timeout=120, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
