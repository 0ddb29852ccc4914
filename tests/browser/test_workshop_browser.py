"""Browser tier: ``clsp workshop`` served by Voilà, driven in Debian's headless Chromium with Playwright.

Starts the workshop server (with its debrief dashboard) on free ports in a temporary folder,
fills in the participant app as a participant would (click by click), submits, and checks
the file in the folder and what the trainer's debrief sees; then two participants at once,
in two browser contexts, whose answers must not collide; then the trainer's dashboard in the
browser, which counts everyone and picks up a late submission on Refresh; then a room of 10
opening together, a reload storm that gives memory back and loses no answer, the form at a
phone's width, the projector-safe debrief with groups of one, and the debrief's figures at
device scale factor 2. Every page fails its test if it asks anything of another machine
(no font or script from a CDN). Timed figures for 30 participants are in
``scripts/bench_ui.py``, not here.

Needs the test extra (voila, playwright) and ``/usr/bin/chromium`` (``make browser``
installs it with apt; Playwright never downloads a browser here). When one is missing
the tests FAIL with the reason, unless ``CLSP_SKIP_BROWSER=1`` is set, which skips them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clsp_research.workshop.serving import free_port, listening

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

CHROMIUM = Path(os.environ.get("CLSP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
#: Console messages that are not errors of the app (none expected: every asset is local).
IGNORED_CONSOLE: tuple[str, ...] = ()
TIMEOUT_MS = 60_000
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:")


def _missing_prerequisites() -> list[str]:
    missing = []
    for module, extra in (("playwright", "playwright"), ("voila", "voila")):
        if importlib.util.find_spec(module) is None:
            missing.append(f"the Python package {extra} (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        missing.append(f"Debian's chromium at {CHROMIUM} (make browser, or apt-get install -y chromium)")
    return missing


@pytest.fixture(scope="module", autouse=True)
def _prerequisites() -> None:
    missing = _missing_prerequisites()
    if not missing:
        return
    message = "browser tier cannot run; missing: " + "; ".join(missing)
    if os.environ.get("CLSP_SKIP_BROWSER") == "1":
        pytest.skip(message + " (CLSP_SKIP_BROWSER=1)")
    pytest.fail(message + ". Set CLSP_SKIP_BROWSER=1 to skip this tier on purpose.", pytrace=False)


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory):
    """A running ``clsp workshop`` (port, answers folder); stopped, with Voilà, at teardown."""
    answers = tmp_path_factory.mktemp("answers")
    log_path = tmp_path_factory.mktemp("log") / "workshop.log"
    port, debrief_port = free_port("127.0.0.1"), free_port("127.0.0.1")
    while debrief_port == port:
        debrief_port = free_port("127.0.0.1")
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "clsp_research.cli", "workshop", "--dir", str(answers), "--port", str(port),
             "--debrief", "--debrief-port", str(debrief_port), "--preheat", "2", "--cull-idle", "90"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while not (listening("127.0.0.1", port) and listening("127.0.0.1", debrief_port)):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"clsp workshop did not start listening on ports {port} and {debrief_port}:\n"
                            f"{log_path.read_text()}", pytrace=False)
            time.sleep(0.2)
        yield {"port": port, "dir": answers, "url": f"http://127.0.0.1:{port}/", "log": log_path,
               "debrief_url": f"http://127.0.0.1:{debrief_port}/", "proc": proc}
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # clsp stops its Voilà server on SIGTERM
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
                               timeout=TIMEOUT_MS)
        try:
            yield b
        finally:
            b.close()


def _watch(page, errors: list[str]) -> None:
    """Collect console errors, page errors and any request that would leave this machine."""
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else errors.append(f"outside request: {r.url}"))


def _open(browser, url: str, wait: bool = True, **context_args):
    """A fresh participant (own browser context = own cookies, own Voilà kernel) with the app loaded."""
    from playwright.sync_api import expect

    context = browser.new_context(**({"viewport": {"width": 1200, "height": 4000}} | context_args))
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    _watch(page, errors)
    page.goto(url, timeout=TIMEOUT_MS, wait_until="commit" if not wait else "load")
    if wait:
        expect(page.locator(".clsp-sa-submit")).to_be_visible(timeout=TIMEOUT_MS)
    return context, page, errors


def _app_kernels(workshop) -> int:
    """Live kernels of the participant app's server (not the debrief's)."""
    import psutil

    def cmdline(p) -> str:  # a kernel just shut down may be a zombie until reaped: it holds no memory
        try:
            return "" if p.status() == psutil.STATUS_ZOMBIE else " ".join(p.cmdline())
        except psutil.Error:
            return ""

    servers = [c for c in psutil.Process(workshop["proc"].pid).children() if "05-self-assessment" in cmdline(c)]
    return sum(1 for c in servers[0].children(recursive=True) if "clsp_research.workshop.kernel" in cmdline(c))


def _wait_kernels(workshop, at_most: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while (n := _app_kernels(workshop)) > at_most and time.monotonic() < deadline:
        time.sleep(1)
    return n


def _item_ids() -> list[str]:
    from clsp_research.workshop.survey import instrument

    return [i.id for i in instrument().items]


def _fill(page, group_label: str, organisation: str, rating_of) -> None:
    """Choose a group, type an organisation, and click one answer per statement."""
    page.locator(".clsp-sa-group select").select_option(label=group_label)
    page.locator(".clsp-sa-member input").fill(organisation)
    for n, item in enumerate(_item_ids()):
        value = rating_of(n)
        buttons = page.locator(f".clsp-sa-item-{item} button")
        (buttons.nth(5) if value is None else buttons.nth(value - 1)).click()


def _wait_saved(page) -> None:
    from playwright.sync_api import expect

    expect(page.locator(".clsp-sa-status")).to_contain_text("answers have been saved", timeout=TIMEOUT_MS)


def _submit_and_wait(page) -> None:
    page.locator(".clsp-sa-submit").click()
    _wait_saved(page)


def _real_errors(errors: list[str]) -> list[str]:
    return [e for e in errors if not any(s in e for s in IGNORED_CONSOLE)]


def test_a_participant_fills_in_and_submits_and_the_debrief_sees_it(workshop, browser):
    from playwright.sync_api import expect

    context, page, errors = _open(browser, workshop["url"])
    try:
        expect(page.locator(".clsp-sa-progress")).to_have_text("0 of 28 answered")
        # Submitting too early is refused politely and saves nothing.
        page.locator(".clsp-sa-submit").click()
        expect(page.locator(".clsp-sa-status")).to_contain_text("please", timeout=TIMEOUT_MS)
        assert not list(workshop["dir"].glob("response-*.json"))

        _fill(page, "Advice or legal service provider", "Anytown CAB", lambda n: None if n == 0 else 1 + n % 5)
        expect(page.locator(".clsp-sa-progress")).to_have_text("28 of 28 answered")
        _submit_and_wait(page)
    finally:
        context.close()

    files = sorted(workshop["dir"].glob("response-*.json"))
    assert len(files) == 1
    rec = json.loads(files[0].read_text())
    ids = _item_ids()
    assert rec["group"] == "provider" and rec["member"] == "Anytown CAB"
    assert rec["answers"][ids[0]] is None
    assert [rec["answers"][i] for i in ids[1:4]] == [2, 3, 4]

    from clsp_research.ui.debrief import Debrief

    db = Debrief(workshop["dir"])
    assert db.summary is not None and db.summary.respondents == 1
    assert db.problems == []
    assert list(db.summary.by_group.columns) == ["provider"]
    assert _real_errors(errors) == []


def test_two_participants_at_once_do_not_collide(workshop, browser):
    from playwright.sync_api import expect

    before = set(workshop["dir"].glob("response-*.json"))
    a_ctx, a, a_errors = _open(browser, workshop["url"])
    b_ctx, b, b_errors = _open(browser, workshop["url"])
    try:
        _fill(a, "Funder (e.g. local authority, Legal Services Commission)", "Council", lambda n: 5)
        _fill(b, "Community or user group", "Tenants' association", lambda n: 1)
        a.locator(".clsp-sa-submit").click()  # both submissions in flight together
        _submit_and_wait(b)
        _wait_saved(a)
        new = set(workshop["dir"].glob("response-*.json")) - before
        assert len(new) == 2
        records = [json.loads(p.read_text()) for p in new]
        assert {r["group"] for r in records} == {"funder", "community"}
        assert len({r["respondent"] for r in records}) == 2

        # A changes their mind and submits again: a new file, and A's latest answers replace the earlier ones.
        a.locator(f".clsp-sa-item-{_item_ids()[0]} button").nth(1).click()
        a.locator(".clsp-sa-submit").click()
        expect(a.locator(".clsp-sa-status")).to_contain_text("replace", timeout=TIMEOUT_MS)
        assert len(set(workshop["dir"].glob("response-*.json")) - before) == 3
    finally:
        a_ctx.close()
        b_ctx.close()

    from clsp_research.workshop.submissions import load_submissions, submissions_to_factors

    responses, problems = load_submissions(workshop["dir"])
    assert problems == []
    factors = submissions_to_factors(responses)
    assert factors["respondent"].nunique() == 3  # the first test's participant, A and B
    first = _item_ids()[0]
    a_rows = responses[(responses["group"] == "funder") & (responses["item"] == first)]
    assert a_rows["rating"].tolist() == [2.0]
    assert _real_errors(a_errors) == [] and _real_errors(b_errors) == []


def test_the_trainers_dashboard_counts_everyone_and_refreshes(workshop, browser):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 4000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    _watch(page, errors)
    try:
        page.goto(workshop["debrief_url"], timeout=TIMEOUT_MS)
        assert page.title() == "Workshop debrief (trainer)"
        counts = page.locator(".clsp-debrief .clsp-db-counts")
        expect(counts).to_contain_text("3 respondent(s)", timeout=TIMEOUT_MS)  # the two earlier tests' three
        heatmap = page.locator(".clsp-db-heatmap table")
        for group in ("funder", "provider", "community"):
            expect(heatmap).to_contain_text(group)
        expect(page.locator(".clsp-db-factors table")).to_contain_text("Trust")

        # A late participant submits while the trainer watches; Refresh brings them in.
        late, late_page, late_errors = _open(browser, workshop["url"])
        try:
            _fill(late_page, "Network or umbrella body", "Advice network", lambda n: 3)
            _submit_and_wait(late_page)
        finally:
            late.close()
        expect(counts).to_contain_text("3 respondent(s)")  # nothing changes until the trainer asks
        page.locator(".clsp-db-refresh").click()
        expect(counts).to_contain_text("4 respondent(s)", timeout=TIMEOUT_MS)
        expect(heatmap).to_contain_text("network")
    finally:
        context.close()
    assert _real_errors(errors) == [] and _real_errors(late_errors) == []


def test_the_chosen_answer_is_marked_without_colour_and_the_keyboard_works(workshop, browser):
    from playwright.sync_api import expect

    context, page, errors = _open(browser, workshop["url"])
    try:
        assert page.title() == "Partnership self-assessment"
        # The prompt is what the closed dropdown shows (ipywidgets writes its spaces as no-break spaces).
        shown = page.locator(".clsp-sa-group select").evaluate("s => s.options[s.selectedIndex].text")
        assert shown.replace("\xa0", " ") == "(choose a group)"
        first = page.locator(f".clsp-sa-item-{_item_ids()[0]} button")
        first.nth(2).focus()
        page.keyboard.press("Space")  # a keyboard user chooses "3"
        expect(first.nth(2)).to_have_class(re.compile("mod-active"))
        mark = first.nth(2).evaluate("b => getComputedStyle(b, '::before').content")
        assert "\u2713" in mark  # a tick, not only a colour
        unmarked = first.nth(1).evaluate("b => getComputedStyle(b, '::before').content")
        assert "\u2713" not in unmarked
        weight = first.nth(2).evaluate("b => getComputedStyle(b).fontWeight")
        assert int(weight) >= 600
    finally:
        context.close()
    assert _real_errors(errors) == []


def test_the_form_works_at_a_phones_width(workshop, browser):
    context, page, errors = _open(browser, workshop["url"], viewport={"width": 360, "height": 740},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
        for item in _item_ids()[:5]:
            tops = {round(b["y"]) for b in (page.locator(f".clsp-sa-item-{item} button").nth(i).bounding_box()
                                            for i in range(6))}
            assert len(tops) == 1  # the six answers on one line, never 4 under 1
            right = page.locator(f".clsp-sa-item-{item} button").nth(5).bounding_box()
            assert right["x"] + right["width"] <= 360
        for sel in (".clsp-sa-group select", ".clsp-sa-member input"):
            box = page.locator(sel).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        page.screenshot(path=str(workshop["log"].parent / "phone-360.png"))
    finally:
        context.close()
    assert _real_errors(errors) == []


def test_a_room_of_ten_opens_together_and_gives_its_memory_back(workshop, browser):
    from playwright.sync_api import expect

    before = _wait_kernels(workshop, 2)
    opened = [_open(browser, workshop["url"], wait=False) for _ in range(10)]  # all requested at once
    try:
        # a first sign of life: the loading message, or the page already being drawn in its place (the form,
        # or any of the notebook's cells while Voilà still shows "Loading widget...")
        expect(opened[0][1].locator("#loading_text, .clsp-sa, .jp-Cell >> visible=true").first).to_be_visible(
            timeout=10_000)
        for _, page, _ in opened:
            expect(page.locator(".clsp-sa-submit")).to_be_visible(timeout=180_000)
        tokens = {c["value"] for ctx, _, _ in opened for c in ctx.cookies() if c["name"] == "clsp_participant"}
        assert len(tokens) == 10  # ten participants, ten tokens
        assert _app_kernels(workshop) >= 10
    finally:
        for ctx, page, _ in opened:
            page.close(run_before_unload=True)  # the page's own shutdown request, as a closing tab sends it
            ctx.close()
    assert _wait_kernels(workshop, before + 1, 60) <= before + 1  # memory given back (pool may be refilling)
    assert all(_real_errors(e) == [] for _, _, e in opened)


def test_a_reload_storm_loses_no_answer_and_gives_memory_back(workshop, browser):
    from playwright.sync_api import expect

    from clsp_research.workshop.submissions import load_submissions

    before_kernels = _wait_kernels(workshop, 2)
    before, _ = load_submissions(workshop["dir"])
    n_before = before["respondent"].nunique() if len(before) else 0
    people = [_open(browser, workshop["url"]) for _ in range(3)]
    try:
        for k, (_, page, _) in enumerate(people):
            _fill(page, "Network or umbrella body", f"Storm {k}", lambda n, k=k: 1 + (n + k) % 5)
            _submit_and_wait(page)
        for _ in range(2):  # every page reloaded twice
            for _, page, _ in people:
                page.reload()
            for k, (_, page, _) in enumerate(people):
                expect(page.locator(".clsp-sa-status")).to_contain_text("Welcome back", timeout=120_000)
                expect(page.locator(".clsp-sa-progress")).to_have_text("28 of 28 answered")
                expect(page.locator(".clsp-sa-member input")).to_have_value(f"Storm {k}")
        for _, page, _ in people:  # submit again after the reloads: replaces, never duplicates
            page.locator(".clsp-sa-submit").click()
            _wait_saved(page)
    finally:
        for ctx, page, _ in people:
            page.close(run_before_unload=True)
            ctx.close()
    after, problems = load_submissions(workshop["dir"])
    assert problems == [] and after["respondent"].nunique() == n_before + 3
    storm = after[after["member"].fillna("").str.startswith("Storm")]
    assert storm["respondent"].nunique() == 3 and len(storm) == 3 * 28
    assert _wait_kernels(workshop, before_kernels + 1, 60) <= before_kernels + 1
    assert all(_real_errors(e) == [] for _, _, e in people)


def test_the_projector_safe_debrief_hides_groups_of_one_and_draws_sharp_figures(workshop, browser):
    from playwright.sync_api import expect

    from clsp_research.workshop.submissions import save_submission

    answers = dict.fromkeys(_item_ids(), 5)
    save_submission(workshop["dir"], answers, member="Lone funder", group="other_sector")  # a group of one
    context = browser.new_context(viewport={"width": 1400, "height": 3000}, device_scale_factor=2)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    _watch(page, errors)
    try:
        page.goto(workshop["debrief_url"], timeout=TIMEOUT_MS)
        page.locator(".clsp-db-refresh").click()
        heatmap = page.locator(".clsp-db-heatmap table")
        expect(heatmap).to_contain_text("other sector")
        expect(heatmap).to_contain_text("fewer than 3 answers")
        expect(page.locator(".clsp-db-counts")).to_contain_text("Projector-safe view")
        expect(page.locator(".clsp-debrief")).to_contain_text("Workshop debrief")
        assert "Flexibility and freedom to experiment" in page.locator(".clsp-db-means").inner_html()
        page.locator(".clsp-db-draw-figures").click()
        img = page.locator("img.clsp-db-distributions")
        expect(img).to_be_visible(timeout=TIMEOUT_MS)
        natural, shown = img.evaluate("i => [i.naturalWidth, i.getBoundingClientRect().width]")
        assert natural >= 2 * shown - 2  # sharp at device scale factor 2
        page.screenshot(path=str(workshop["log"].parent / "debrief-dpr2.png"), full_page=True)
    finally:
        context.close()
    assert _real_errors(errors) == []
