"""Browser tier: the README's first command opens JupyterLab on the first notebook.

Runs the ``make lab`` recipe as ``make -n lab`` prints it (so the test follows the Makefile),
without a browser of its own and on a free port, then opens the server's front page in
Debian's headless Chromium and checks that the notebook's tab is open.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time
from pathlib import Path

import pytest
from test_workshop_browser import CHROMIUM, CHROMIUM_ARGS, _prerequisites  # noqa: F401

from clsp_research.workshop.serving import free_port, listening

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

ROOT = Path(__file__).resolve().parents[2]
FIRST = "00-check-environment.ipynb"


def _lab_command() -> list[str]:
    out = subprocess.run(["make", "-n", "-s", "lab"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    line = [ln for ln in out.splitlines() if "jupyter" in ln and " lab" in ln][-1]
    return shlex.split(line)


def test_make_lab_opens_jupyterlab_on_the_first_notebook(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    cmd = _lab_command()
    assert any(FIRST in a for a in cmd), cmd
    port, token = free_port("127.0.0.1"), "clsp-test-token"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"))
    proc = subprocess.Popen([*cmd, "--no-browser", f"--port={port}", "--ServerApp.port_retries=0",
                             f"--IdentityProvider.token={token}"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not listening("127.0.0.1", port):
            assert proc.poll() is None, f"jupyter lab exited with {proc.returncode}"
            assert time.monotonic() < deadline, "jupyter lab did not start within 60 s"
            time.sleep(0.3)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/?token={token}", timeout=60_000)
            expect(page.locator(".lm-TabBar-tabLabel", has_text=FIRST)).to_be_visible(timeout=60_000)
            assert f"/lab/tree/notebooks/{FIRST}" in page.url
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
