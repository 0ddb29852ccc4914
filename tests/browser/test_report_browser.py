"""Browser tier: the HTML report read in Debian's headless Chromium (Playwright).

The first screen (1280 x 800) must say where the partnership stands and what to do: the summary
box with the stage and its margin, three strongest and three weakest factors, the flags and the
first recommendations, all above the fold; long citation lists fold into "and N more", which
opens on a click. Needs playwright and ``/usr/bin/chromium``; fails with the reason when one is
missing unless ``CLSP_SKIP_BROWSER=1``.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

CHROMIUM = Path(os.environ.get("CLSP_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module", autouse=True)
def _prerequisites() -> None:
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the Python package playwright (pip install -e '.[ui-test]')")
    if not CHROMIUM.exists():
        missing.append(f"Debian's chromium at {CHROMIUM}")
    if not missing:
        return
    message = "browser tier cannot run; missing: " + "; ".join(missing)
    if os.environ.get("CLSP_SKIP_BROWSER") == "1":
        pytest.skip(message)
    pytest.fail(message + ". Set CLSP_SKIP_BROWSER=1 to skip this tier on purpose.", pytrace=False)


@pytest.fixture(scope="module")
def page_of(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    from clsp_research.partnership.datasets import load_case_study
    from clsp_research.report import write_report

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)

        def open_report(case: str):
            path = write_report(load_case_study(case), tmp_path_factory.mktemp(case) / "report.html")
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(path.as_uri())
            return page

        yield open_report
        browser.close()


@pytest.mark.parametrize("case, stage", [("funder_dominated", "co-ordination"), ("talking_shop", "networking")])
def test_the_first_screen_gives_the_verdict(page_of, case, stage):
    page = page_of(case)
    summary = page.locator("#summary")
    box = summary.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800, f"summary runs below the first screen: {box}"
    text = summary.inner_text()
    assert f"Stage: {stage}" in text and "threshold" in text
    assert "Strongest factors" in text and "Weakest factors" in text
    assert summary.locator("ul").nth(0).locator("li").count() == 3
    assert summary.locator("ul").nth(1).locator("li").count() == 3
    assert "Risk flags:" in text and "First steps" in text
    assert summary.locator("ol li").count() >= 1
    # the summary comes before the detail
    assert page.locator("h2").first.inner_text() == "Summary"
    assert "[@" not in page.content() and "cited as" not in page.inner_text("body")


def test_long_citation_lists_fold_and_open(page_of):
    page = page_of("funder_dominated")
    more = page.locator("details.more").first
    assert "more" in more.locator("summary").inner_text()
    hidden_before = more.evaluate("d => d.open")
    more.locator("summary").click()
    assert not hidden_before and more.evaluate("d => d.open")
