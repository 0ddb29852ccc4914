"""Benchmark of the workshop widgets' callbacks, and (optionally) of the memory of Voilà kernels.

Callbacks are timed as a participant or trainer triggers them (setting a widget's value
fires its observers synchronously): medians of repeated runs, in milliseconds, on the
25-member synthetic partnership (seed 4) and a 25-response workshop folder. A callback
should answer well under 200 ms.

    .venv/bin/python scripts/bench_ui.py                     # callbacks
    .venv/bin/python scripts/bench_ui.py --kernels 4         # + memory of 4 participants' Voilà kernels
    .venv/bin/python scripts/bench_ui.py --participants 25   # + a whole workshop, end to end
    .venv/bin/python scripts/bench_ui.py --only-workshop --room 10              # pages requested at once
    .venv/bin/python scripts/bench_ui.py --only-workshop --room 10 --server solara --solara PATH/solara
    .venv/bin/python scripts/bench_ui.py --only-workshop --room 30 --http --every 2   # the server alone

The room measurement (``--room N``) requests N pages at once (each its own browser
context, as N participants), reports when the plain loading message and each form
appeared (first, median, p95, last), the memory of the whole server process tree (PSS,
the server and every kernel) idle, with the N pages open and 10 s after they closed
(each page closed as a browser tab closes, sending its shutdown request), and the
outside requests the pages made (there should be none). ``--server solara`` serves the
same controller with Solara (one process, a virtual kernel per page) for comparison;
Solara is not a dependency of the project: pass the ``solara`` command of a venv that has
``solara`` and ``solara-assets`` (offline assets) installed.

The kernel measurement starts ``clsp workshop`` on a free port, opens N pages in Debian's
headless Chromium, waits until each app is drawn, then reads the resident (RSS) and
proportional (PSS: shared pages divided among their users) memory of every kernel
process, and extrapolates to 25 participants.

The workshop measurement runs N participants against one ``clsp workshop`` server: all N
pages are requested at once (each gets its own Voilà kernel), each participant answers the
28 statements click by click, then all N press *Submit* together. It reports how long the
pages took to open, how long one click takes to come back from the kernel, how long the N
simultaneous submissions took, the memory of the kernels, and checks that the folder holds
N files from N different participants, every one readable by the debrief. It exits with
status 1 if any submission is lost.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib

matplotlib.use("Agg")


def _median_ms(fn: Callable[[], object], runs: int = 15) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def _row(label: str, ms: float) -> None:
    flag = "" if ms < 200 else "   <-- over 200 ms"
    print(f"  {label:58s} {ms:8.1f} ms{flag}")


def bench_self_assessment(folder: Path) -> None:
    from clsp_research.ui.self_assessment import SelfAssessment

    print("participant app (ui.self_assessment)")
    t0 = time.perf_counter()
    app = SelfAssessment(directory=folder)
    _row("build the form, first time (reads instrument + catalogue)", (time.perf_counter() - t0) * 1000)
    _row("build the form again (28 statements)", _median_ms(lambda: SelfAssessment(directory=folder), 5))
    toggles = list(app.toggles.values())
    values = [1, 2, 3, 4, 5]
    k = iter(range(10**6))
    _row("answer one statement (progress update)",
         _median_ms(lambda: setattr(toggles[next(k) % 28], "value", values[next(k) % 5]), 50))
    app.group.value = "provider"
    for tb in toggles:
        tb.value = 3
    _row("submit (validate + atomic write of one file)", _median_ms(app.submit, 20))


def bench_debrief(folder: Path) -> None:
    from clsp_research.ui.debrief import Debrief
    from clsp_research.workshop.submissions import save_submission
    from clsp_research.workshop.survey import instrument

    rng = random.Random(4)
    ids = [i.id for i in instrument().items]
    groups = ["funder", "provider", "community", "network", "other_sector"]
    for n in range(25):
        save_submission(folder, {i: (rng.randint(1, 5) if rng.random() > 0.05 else None) for i in ids},
                        member=f"m{n % 12}", group=groups[n % 5])
    print("trainer's debrief (ui.debrief), 25 responses")
    t0 = time.perf_counter()
    db = Debrief(folder)
    _row("open the dashboard (first read of the folder)", (time.perf_counter() - t0) * 1000)
    _row("Refresh (read 25 files, summarise, draw heatmap + means)", _median_ms(db.refresh, 7))
    vals = iter([3.5, 4.0] * 50)
    _row("change a band cut-off (table + means chart)",
         _median_ms(lambda: setattr(db.strength, "value", next(vals)), 10))


def _add_and_remove_member(b, n: int) -> None:
    b.member_name.value = f"Bench member {n}"
    b.member_groups.value = ("community",)
    b.add_member()
    b.remove_member_select.value = list(b.partnership.members)[-1]
    b.remove_member()


def _add_and_remove_tie(b, a: str, z: str) -> None:
    b.tie_source.value, b.tie_target.value, b.tie_kind.value = a, z, "pooled_budget"
    b.add_tie()
    b.tie_list.value = (a, z, "pooled_budget")
    b.remove_tie()


def bench_builder(p) -> None:
    from clsp_research.ui.builder import Builder

    print(f"partnership builder (ui.builder), {len(p)} members, {p.n_ties} ties")
    members = list(p.members)
    for show_map in (False, True):
        b = Builder(p, show_map=show_map)
        counter = iter(range(10**6))
        label = "with map" if show_map else "no map"
        _row(f"add a member, then remove it (per callback; {label})",
             _median_ms(lambda b=b, c=counter: _add_and_remove_member(b, next(c)), 9) / 2)
        _row(f"add a tie, then remove it (per callback; {label})",
             _median_ms(lambda b=b: _add_and_remove_tie(b, members[0], members[-1]), 9) / 2)


def bench_whatif(p) -> None:
    from clsp_research.ui.whatif import WhatIf

    print(f"what-if explorer (ui.whatif), {len(p)} members")
    for show_maps in (False, True):
        t0 = time.perf_counter()
        wi = WhatIf(p, show_maps=show_maps)
        label = "with maps" if show_maps else "no maps"
        _row(f"open ({label}; first assessment)", (time.perf_counter() - t0) * 1000)
        first = []
        for cb in wi.toggles.values():
            t0 = time.perf_counter()
            cb.value = True
            first.append((time.perf_counter() - t0) * 1000)
            cb.value = False
        _row(f"tick a change, first time (assess + compare; {label})", statistics.median(first))
        cb = wi.toggles["pooled_budget"]
        _row(f"tick a change seen before (cached; {label})",
             _median_ms(lambda cb=cb: setattr(cb, "value", not cb.value), 20))


# -- kernel memory -----------------------------------------------------------------------------------

def _pss_rss(pid: int) -> tuple[float, float]:
    pss = rss = 0.0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return pss, rss


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


#: Run in every page of ``--room``: notes (Date.now) when the loading message or the page drawn in its place,
#: and the form's submit button, are first visible (checked every 50 ms by the page itself).
FIRST_SIGNS_SCRIPT = """
(() => {
  if (!location.href.startsWith("http")) return;
  const visible = (sel) => [...document.querySelectorAll(sel)].some((e) => e.offsetParent !== null);
  const check = () => {
    if (!window.__clspFirstSign && visible("#loading_text, .clsp-sa, .jp-Cell")) window.__clspFirstSign = Date.now();
    if (visible(".clsp-sa-submit")) { window.__clspForm = Date.now(); return; }
    setTimeout(check, 50);
  };
  check();
})();
"""
#: How a page's kernel shows in the process list: the workshop's light kernel (the ordinary one before).
KERNEL_COMMANDS = ("clsp_research.workshop.kernel", "ipykernel_launcher")


@contextmanager
def _workshop_server(folder: Path, preheat: int = 1, case: str | None = None, env: dict[str, str] | None = None
                     ) -> Iterator[tuple[subprocess.Popen, int]]:
    """A running ``clsp workshop --dir folder [--case CASE]`` on a free port, with ``env`` (default: this process's
    environment): (process, port); stopped afterwards."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "clsp_research.cli", "workshop", "--dir", str(folder),
                             "--port", str(port), "--preheat", str(preheat), *(["--case", case] if case else [])],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the workshop server did not start") from None
                time.sleep(0.2)
        yield proc, port
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGTERM)  # clsp stops its Voilà server on SIGTERM
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


def _kernel_memory(proc: subprocess.Popen) -> tuple[list[tuple[float, float]], tuple[float, float]]:
    """(PSS, RSS) in MB of every kernel under the workshop server, and of the Voilà server itself."""
    import psutil

    children = psutil.Process(proc.pid).children(recursive=True)
    server = [c for c in children if "voila" in " ".join(c.cmdline())]
    kernels = [c for c in children if any(k in " ".join(c.cmdline()) for k in KERNEL_COMMANDS)]
    return [_pss_rss(k.pid) for k in kernels], (_pss_rss(server[0].pid) if server else (0.0, 0.0))


def bench_kernels(n: int) -> None:
    from playwright.sync_api import expect, sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="clsp-bench-"))
    with _workshop_server(folder) as (proc, port):
        print(f"Voilà kernels ({n} participants' pages open)")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            pages = []
            t0 = time.perf_counter()
            for _ in range(n):
                page = browser.new_context().new_page()
                page.goto(f"http://127.0.0.1:{port}/", timeout=90_000)
                expect(page.locator(".clsp-sa-submit")).to_be_visible(timeout=90_000)
                pages.append(page)
            print(f"  {n} pages drawn one after another in {time.perf_counter() - t0:.1f} s")
            time.sleep(2)
            sizes, srv = _kernel_memory(proc)
            for i, (pss, rss) in enumerate(sizes):
                print(f"  kernel {i + 1}: PSS {pss:6.1f} MB, RSS {rss:6.1f} MB")
            print(f"  Voilà server: PSS {srv[0]:.1f} MB, RSS {srv[1]:.1f} MB "
                  f"({len(sizes)} kernels = {n} pages + 1 preheated)")
            mean_pss = statistics.mean(p for p, _ in sizes)
            mean_rss = statistics.mean(r for _, r in sizes)
            print(f"  per kernel: PSS {mean_pss:.0f} MB, RSS {mean_rss:.0f} MB; 25 participants (26 kernels + "
                  f"server): about {(26 * mean_pss + srv[0]) / 1024:.1f} GB (PSS) to "
                  f"{(26 * mean_rss + srv[1]) / 1024:.1f} GB (RSS)")
            browser.close()


_GROUP_LABELS = ["Funder (e.g. local authority, Legal Services Commission)", "Advice or legal service provider",
                 "Community or user group", "Network or umbrella body", "Other sector (e.g. health, housing, police)"]


def bench_participants(n: int, preheat: int = 1) -> bool:
    """A whole workshop of ``n`` participants against one server; return whether every submission arrived."""
    from playwright.sync_api import expect, sync_playwright

    from clsp_research.ui.debrief import Debrief
    from clsp_research.workshop.submissions import load_submissions
    from clsp_research.workshop.survey import instrument

    ids = [i.id for i in instrument().items]
    folder = Path(tempfile.mkdtemp(prefix="clsp-workshop-bench-"))
    timeout = 300_000
    with _workshop_server(folder, preheat) as (proc, port), sync_playwright() as pw:
        print(f"a workshop of {n} participants (one server, --preheat {preheat}, {os.cpu_count()} cores)")
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        pages = []
        t0 = time.perf_counter()
        for _ in range(n):  # every page requested before any is waited for: the room arriving together
            context = browser.new_context(viewport={"width": 1200, "height": 4000})
            context.set_default_timeout(timeout)
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{port}/", wait_until="commit", timeout=timeout)
            pages.append(page)
        opened = []
        for page in pages:
            expect(page.locator(".clsp-sa-submit")).to_be_visible(timeout=timeout)
            opened.append(time.perf_counter() - t0)
        print(f"  {n} pages requested at once: first drawn after {min(opened):.1f} s, p95 {_pct(opened, 0.95):.1f} s, "
              f"all after {max(opened):.1f} s")
        rng = random.Random(25)
        clicks = []
        t_fill = time.perf_counter()
        for k, page in enumerate(pages):
            page.locator(".clsp-sa-group select").select_option(label=_GROUP_LABELS[k % 5])
            page.locator(".clsp-sa-member input").fill(f"Organisation {k}")
            for m, item in enumerate(ids):
                t1 = time.perf_counter()
                page.locator(f".clsp-sa-item-{item} button").nth(rng.randint(0, 5)).click()
                if m % 7 == 6:  # the click's round trip: the kernel's progress count comes back to the page
                    expect(page.locator(".clsp-sa-progress")).to_have_text(f"{m + 1} of {len(ids)} answered")
                    clicks.append((time.perf_counter() - t1) * 1000)
        print(f"  {n} x {len(ids)} answers clicked in {time.perf_counter() - t_fill:.1f} s; a click's round trip "
              f"to the kernel and back: median {statistics.median(clicks):.0f} ms, "
              f"max {max(clicks):.0f} ms")
        t2 = time.perf_counter()
        for page in pages:  # everybody presses Submit together
            page.locator(".clsp-sa-submit").click()
        saved = []
        for page in pages:
            expect(page.locator(".clsp-sa-status")).to_contain_text("answers have been saved", timeout=timeout)
            saved.append(time.perf_counter() - t2)
        print(f"  {n} simultaneous submissions: all confirmed on screen within {saved[-1]:.2f} s")
        sizes, srv = _kernel_memory(proc)
        if sizes:
            total = sum(p for p, _ in sizes) + srv[0]
            print(f"  memory: {len(sizes)} kernels, PSS {statistics.mean(p for p, _ in sizes):.0f} MB each; "
                  f"server {srv[0]:.0f} MB; total {total / 1024:.2f} GB (PSS)")
        t3 = time.perf_counter()
        for _ in range(2):  # a reload storm: every page reloaded twice; each must find its saved answers
            for page in pages:
                page.reload(wait_until="commit", timeout=timeout)
            for page in pages:
                expect(page.locator(".clsp-sa-status")).to_contain_text("Welcome back", timeout=timeout)
        print(f"  reload storm ({n} pages reloaded twice): every page showed its saved answers again; "
              f"{time.perf_counter() - t3:.1f} s")
        for page in pages:
            page.close(run_before_unload=True)
        time.sleep(10)
        sizes_after, srv_after = _kernel_memory(proc)
        print(f"  10 s after the pages closed: {len(sizes_after)} kernels (the pool), total "
              f"{(sum(p for p, _ in sizes_after) + srv_after[0]) / 1024:.2f} GB (PSS)")
        browser.close()
    files = sorted(folder.glob("response-*.json"))
    responses, problems = load_submissions(folder)
    debrief = Debrief(folder)
    respondents = debrief.summary.respondents if debrief.summary is not None else 0
    ok = len(files) == n and responses["respondent"].nunique() == n and not problems and respondents == n
    print(f"  folder: {len(files)} files, {responses['respondent'].nunique()} participants, "
          f"{len(problems)} unreadable; the debrief counts {respondents} respondents: "
          f"{'every submission arrived' if ok else 'SUBMISSIONS LOST'}")
    shutil.rmtree(folder, ignore_errors=True)
    return ok


def _tree(pid: int) -> list:
    """A process and all its descendants (psutil processes; empty once it has gone)."""
    import psutil

    try:
        return [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return []


def _tree_pss(pid: int) -> float:
    """PSS in MB of a process and all its descendants."""
    return sum(_pss_rss(p.pid)[0] for p in _tree(pid))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


@contextmanager
def _solara_server(folder: Path, solara: str) -> Iterator[tuple[subprocess.Popen, int]]:
    """The same participant controller served by Solara (one process; a virtual kernel per page)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = folder.parent / f"{folder.name}-solara-app.py"
    app.write_text("from clsp_research.ui.self_assessment import SelfAssessment\n\n"
                   "page = SelfAssessment().widget\n")
    env = dict(os.environ, CLSP_WORKSHOP_DIR=str(folder), SOLARA_TELEMETRY_MIXPANEL_ENABLE="False",
               PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.Popen([solara, "run", str(app), "--port", str(port), "--host", "127.0.0.1", "--no-open"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the solara server did not start") from None
                time.sleep(0.3)
        yield proc, port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _settled(pid: int, timeout: float = 90.0) -> None:
    """Wait until the process tree of ``pid`` has used under 0.1 s of processor time in 2 s (at most ``timeout``)."""
    import psutil

    def used() -> float:
        total = 0.0
        for q in _tree(pid):
            try:
                t = q.cpu_times()
            except psutil.Error:  # a process that ended meanwhile
                continue
            total += t.user + t.system
        return total

    time.sleep(3)
    deadline = time.monotonic() + timeout
    before = used()
    while time.monotonic() < deadline:
        time.sleep(2)
        now = used()
        if now - before < 0.1:
            return
        before = now


def bench_room(n: int, server: str = "voila", preheat: int = 2, solara: str | None = None,
               case: str | None = None, every: float = 0.0) -> None:
    """``n`` pages requested at once (or one every ``every`` seconds): loading message and form, each
    timed from its own page's request; memory open and after closing.

    Every page starts from a blank tab and is sent to the app by script (``location.href``), so the
    requests really go out together (a ``goto`` would wait for each response before the next request);
    each page notes when its loading message and its form first showed (:data:`FIRST_SIGNS_SCRIPT`).
    The measurement starts once the server's pool of kernels has started, and again once the browser has
    opened its blank pages (:func:`_settled`).
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="clsp-room-"))
    serve = (_workshop_server(folder, preheat, case) if server == "voila"
             else _solara_server(folder, solara or shutil.which("solara") or "solara"))
    with serve as (proc, port), sync_playwright() as pw:
        _settled(proc.pid)  # the pool of kernels started
        idle = _tree_pss(proc.pid)
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        pages, outside, requested = [], [], []
        for _ in range(n):
            context = browser.new_context(viewport={"width": 1200, "height": 2000})
            context.add_init_script(FIRST_SIGNS_SCRIPT)
            page = context.new_page()
            page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))
                    else outside.append(r.url))
            pages.append(page)
        # The blank pages' browser processes are still starting up: the room arrives once they are idle (this
        # process's tree: the server's and the browser's processes), as participants' browsers are before they
        # open the address.
        _settled(os.getpid())
        loading: dict[int, float] = {}
        opened: dict[int, float] = {}

        def poll() -> None:
            # Each page notes the moment (its own clock, Date.now) its loading message and its form first
            # showed (FIRST_SIGNS_SCRIPT); reading them once a second keeps the benchmark's own work small.
            for i in range(len(requested)):
                if i in opened:
                    continue
                try:
                    seen = pages[i].evaluate("() => [window.__clspFirstSign || 0, window.__clspForm || 0]")
                except PlaywrightError:  # the page is between documents
                    continue
                if seen[0] and i not in loading:
                    loading[i] = seen[0] / 1000 - requested[i]
                if seen[1]:
                    opened[i] = seen[1] / 1000 - requested[i]

        t0 = time.perf_counter()
        for i, page in enumerate(pages):
            while time.perf_counter() < t0 + i * every:
                time.sleep(0.05)
            requested.append(time.time())
            page.evaluate("url => { window.location.href = url; }", f"http://127.0.0.1:{port}/")
        deadline = time.perf_counter() + 600
        while len(opened) < n and time.perf_counter() < deadline:
            time.sleep(1.0)
            poll()
        time.sleep(2)
        open_pss = _tree_pss(proc.pid)
        for page in pages:
            page.close(run_before_unload=True)
        time.sleep(10)
        closed_pss = _tree_pss(proc.pid)
        browser.close()
    load = os.getloadavg()[0]
    how = f"one every {every:g} s" if every else "at once"
    served = f"{server} (--preheat {preheat})" if server == "voila" else server
    print(f"{n} pages requested {how} in Chromium on the same machine, served by {served}; "
          f"{os.cpu_count()} cores, load average {load:.1f}")
    if server == "voila" and loading:
        lv = list(loading.values())
        print(f"  loading message, after its page's request: first {min(lv):.1f} s, "
              f"median {statistics.median(lv):.1f} s, last {max(lv):.1f} s")
    ov = list(opened.values())
    if len(ov) < n:
        print(f"  {n - len(ov)} of {n} forms never appeared within 10 minutes")
    if ov:
        print(f"  form visible, after its page's request: first {min(ov):.1f} s, median {statistics.median(ov):.1f} s, "
              f"p95 {_pct(ov, 0.95):.1f} s, last {max(ov):.1f} s")
    print(f"  memory (PSS of the server's process tree): idle {idle:.0f} MB, {n} pages open {open_pss:.0f} MB, "
          f"10 s after closing {closed_pss:.0f} MB ({closed_pss - idle:+.0f} MB against idle)")
    print(f"  requests that left the machine: {len(outside)}")
    shutil.rmtree(folder, ignore_errors=True)


def bench_room_http(n: int, every: float = 0.0, preheat: int = 2, case: str | None = None) -> None:
    """The server's own share of a room: ``n`` pages requested with plain HTTP (no browser), one
    every ``every`` seconds (0: all at once); how long until each page's HTML is complete (the
    notebook executed in the page's kernel). Participants' devices draw their own pages, so this
    is what a room waits for from the laptop."""
    import threading
    import urllib.request

    folder = Path(tempfile.mkdtemp(prefix="clsp-room-http-"))
    from clsp_research.workshop.voila_server import ENV_BOOTS

    # No browser opens the pages' kernel connections, so their turns would only end after BOOT_HOLD
    # seconds: let every page have its turn at once (the server's own work is what is measured).
    env = {**os.environ, ENV_BOOTS: str(max(n, 1))}
    done: list[float] = []
    lock = threading.Lock()

    def fetch(url: str) -> None:
        t = time.perf_counter()
        with urllib.request.urlopen(url, timeout=600) as r:
            r.read()
        with lock:
            done.append(time.perf_counter() - t)

    with _workshop_server(folder, preheat, case, env) as (proc, port):
        _settled(proc.pid)  # the pool of kernels started
        threads = []
        for i in range(n):
            if i and every:
                time.sleep(every)
            t = threading.Thread(target=fetch, args=(f"http://127.0.0.1:{port}/",))
            t.start()
            threads.append(t)
        for t in threads:
            t.join()
        pss = _tree_pss(proc.pid)
    how = "at once" if not every else f"one every {every:g} s"
    print(f"{n} pages requested {how} with plain HTTP (no browser), served by voila (--preheat {preheat}); "
          f"{os.cpu_count()} cores")
    print(f"  page complete after its request: first {min(done):.2f} s, median {statistics.median(done):.2f} s, "
          f"p95 {_pct(done, 0.95):.2f} s, last {max(done):.2f} s")
    print(f"  memory (PSS of the server's process tree) with the {n} kernels: {pss:.0f} MB")
    shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernels", type=int, default=0, help="also measure N Voilà kernels (needs chromium)")
    parser.add_argument("--participants", type=int, default=0,
                        help="also run a workshop of N participants end to end (needs chromium)")
    parser.add_argument("--preheat", type=int, default=10,
                        help="kernels the workshop server starts in advance (default 10, as clsp workshop)")
    parser.add_argument("--room", type=int, default=0, help="also request N pages at once and measure them")
    parser.add_argument("--server", choices=["voila", "solara"], default="voila",
                        help="serving for --room (solara: for comparison; needs --solara or solara on PATH)")
    parser.add_argument("--solara", help="the solara command of a venv with solara and solara-assets")
    parser.add_argument("--http", action="store_true",
                        help="--room without a browser: the server's own share (pages requested with plain HTTP)")
    parser.add_argument("--every", type=float, default=0.0,
                        help="with --room: one page requested every S seconds instead of all at once")
    parser.add_argument("--case", default="pioneer_first_year",
                        help="the case whose members the room's form offers (as a trainer runs it; '' for none)")
    parser.add_argument("--only-workshop", action="store_true", help="skip the callback timings")
    args = parser.parse_args()
    from clsp_research.partnership.synthetic import synthetic_partnership

    if not args.only_workshop:
        p = synthetic_partnership(25, seed=4, name="Synthetic CLSP (25 members)")
        with tempfile.TemporaryDirectory() as d:
            bench_self_assessment(Path(d) / "sa")
            bench_debrief(Path(d) / "db")
        bench_builder(p)
        bench_whatif(p)
    if args.kernels:
        bench_kernels(args.kernels)
    if args.room and args.http:
        bench_room_http(args.room, args.every, args.preheat, args.case or None)
    elif args.room:
        bench_room(args.room, args.server, args.preheat, args.solara, args.case or None, args.every)
    if args.participants and not bench_participants(args.participants, args.preheat):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
