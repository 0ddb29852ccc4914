"""Browser tier: notebook 08's widget chart is sharp on a HiDPI screen (issue 14: "blurry widget charts").

Serves, with Voilà, a notebook that shows the gap explorer exactly as notebook 08 does
(``GapExplorer().widget``), opens it in Debian's headless Chromium at device scale factor 2 and
checks that the chart's natural width (its PNG's pixels) is at least its displayed width in
device pixels, so that the browser never stretches it; a screenshot of the chart must then
have the chart's detail (many distinct colours, not one flat scaled blur of a few).

Prerequisites and skipping as in ``test_workshop_browser.py``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from test_workshop_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, _prerequisites

from clsp_research.workshop.serving import free_port, listening

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]
__all__ = ["_prerequisites"]  # the autouse fixture that fails (or skips) without Chromium and Voilà

CELLS = [
    "import clsp_research as clsp\nfrom clsp_research.ui.provision import GapExplorer",
    "explorer = GapExplorer()\nexplorer.widget",
]


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory):
    from clsp_research.workshop.serving import voila_command

    folder = tmp_path_factory.mktemp("chart")
    nb = folder / "chart.ipynb"
    nb.write_text(json.dumps({
        "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c}
                  for c in CELLS],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    port = free_port("127.0.0.1")
    log = folder / "voila.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(voila_command(nb, port, preheat=0), cwd=folder, stdout=fh, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not listening("127.0.0.1", port):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Voilà did not start:\n{log.read_text()}", pytrace=False)
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def test_the_chart_is_drawn_for_the_screen(page_url, tmp_path: Path):
    from PIL import Image
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
                                     timeout=TIMEOUT_MS)
        try:
            context = browser.new_context(device_scale_factor=2, viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(page_url, timeout=TIMEOUT_MS)
            chart = page.locator(".widget-image").first
            chart.wait_for(state="visible", timeout=TIMEOUT_MS)
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle(),
                                   timeout=TIMEOUT_MS)
            size = chart.evaluate("img => ({natural: img.naturalWidth, shown: img.getBoundingClientRect().width, "
                                  "dpr: window.devicePixelRatio})")
            shot = tmp_path / "chart.png"
            chart.screenshot(path=str(shot))
        finally:
            browser.close()
    assert size["dpr"] == 2
    assert size["shown"] >= 400, size  # the chart is shown at a readable size...
    assert size["natural"] >= size["shown"] * size["dpr"], size  # ...and never stretched
    with Image.open(shot) as im:
        assert im.width >= size["shown"] * 2 - 2  # the screenshot is in device pixels
        colours = im.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # a drawn chart, not an empty box
