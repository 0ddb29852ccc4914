"""The workshop's Voilà server: Voilà with what a room of participants on one laptop needs.

``python -m clsp_research.workshop.voila_server NOTEBOOK [voila options]`` runs Voilà
(:func:`voila.app.main`) after adjusting its page handler
(``voila.tornado.handler.TornadoVoilaHandler.get``, Voilà 0.5) so that:

- **closed pages give their kernel back**: the page sets the ``_xsrf`` cookie that Voilà's
  own "shut my kernel down" request (sent when the page closes) must carry; without it
  the server refused the request (``403 '_xsrf' argument missing``) and every closed or
  reloaded page kept its kernel (about 100 MB);
- **a full room says so**: past :data:`ENV_MAX_PAGES` live pages, a new page gets a
  short "the room is full, try again in a minute" page (HTTP 503) instead of a kernel;
- **a participant keeps their token**: a ``clsp_participant`` cookie (16 hexadecimal
  digits, set on the first visit, HttpOnly, SameSite=Strict, kept for a day) is passed
  to the page's kernel as the ``X-Clsp-Participant`` header (Voilà's
  ``http_header_envs``), so that a reloaded page shows the participant's saved answers
  and a new submission replaces, never duplicates, them;
- **every asset is served locally**: the two Font Awesome stylesheet links to a public
  CDN in Voilà's ``lab`` template are dropped (Voilà's own bundle already carries Font
  Awesome), the loading message is a plain "Loading the self-assessment..." without Voilà's
  spinning logo (a browser repaints a spinning image every frame: ten pages loading together
  spent about a third of their processor time on it), and a notebook cell whose id ends in
  ``lab-only`` (an introduction for JupyterLab readers) is not shown;
- **a room arriving together takes turns**: a page gets its loading message at once; in its
  turn its pre-started kernel learns the page's request and runs the rest of the notebook, and
  the browser gets the theme's styles and Voilà's scripts (:class:`BootGate`: as many pages at
  once as the computer has cores, at least 2, :data:`ENV_BOOTS`); a turn ends when the page
  connects to its kernel, or after :data:`BOOT_HOLD` seconds. Ten kernels running their
  notebooks and ten browsers drawing at once on the same two cores otherwise all finished late
  together;
- **a pool sized for the room's arrival**: Voilà keeps ``--pool_size`` kernels started in
  advance; here the spares shrink as pages open, to no fewer than :data:`ARRIVED_SPARES`,
  and grow back (after :data:`TOP_UP_DELAY` seconds) as pages close (:func:`spare_target`),
  so the first pages of a room skip a kernel's start and thirty open pages do not carry ten
  idle spares;
- **kernels start light**: ``clsp workshop`` puts a kernel specification first on the server's
  ``JUPYTER_PATH`` (:func:`~clsp_research.workshop.serving.kernel_spec_path`), so the served
  notebooks' ``python3`` kernel is :mod:`~clsp_research.workshop.kernel` (IPython's kernel
  without its debugger);
- **the server dies with its parent**: on Linux the process asks for SIGTERM when its
  parent (``clsp workshop``) dies, even by ``kill -9`` (``PR_SET_PDEATHSIG``); kernels
  exit when their server does (ipykernel's parent poller).

Idle kernels of pages whose connection went away are culled by the kernel manager's own
settings (see :func:`clsp_research.workshop.serving.voila_command`); a kernel whose page never
connected at all (a request without a browser, or a browser still busy drawing the page)
gets :data:`NEVER_CONNECTED_GRACE` times that idle time, so that a slow device's page is not
shut down before it connects, while requests that never become pages are still reclaimed.
Voilà's kernel websocket forwards only widget (comm) messages, kernel information and
shutdown requests: an ``execute_request`` sent to it is dropped, so a page cannot run code
(``tests/test_workshop_serving.py`` checks it).
"""

from __future__ import annotations

import html
import os
import re
import secrets
import signal
import sys
from collections.abc import Mapping
from typing import Any

__all__ = [
    "ARRIVED_SPARES",
    "BOOT_HOLD",
    "ENV_BOOTS",
    "ENV_MAX_PAGES",
    "PARTICIPANT_COOKIE",
    "PARTICIPANT_HEADER",
    "ROOM_FULL_HTML",
    "TOP_UP_DELAY",
    "BootGate",
    "boot_slots",
    "clean_page_html",
    "hold_heavy",
    "install",
    "main",
    "spare_target",
    "valid_token",
]

#: Environment variable: the most pages (live kernels handed to a page; the pre-started pool aside) served at once.
ENV_MAX_PAGES = "CLSP_WORKSHOP_MAX_PAGES"
#: Environment variable: the text of the loading message.
ENV_LOADING = "CLSP_WORKSHOP_LOADING"
#: Environment variable: how many pages start their scripts at once (default: the processor count, at least 2).
ENV_BOOTS = "CLSP_WORKSHOP_BOOTS"
#: Seconds a page's turn to start its scripts lasts at most (:class:`BootGate`).
BOOT_HOLD = 4.0
#: Spare kernels kept once the room has arrived (:func:`spare_target`).
ARRIVED_SPARES = 2
#: Seconds after a page's kernel is shut down before the pool is topped up again.
TOP_UP_DELAY = 5.0
#: A kernel that never had a connection is culled after this many times the idle timeout.
NEVER_CONNECTED_GRACE = 3
PARTICIPANT_COOKIE = "clsp_participant"
PARTICIPANT_HEADER = "X-Clsp-Participant"
_TOKEN = re.compile(r"^[0-9a-f]{16}$")

ROOM_FULL_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60"><title>The room is full</title>
<style>body{font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em;line-height:1.5}</style></head>
<body><h1>The room is full</h1>
<p>Too many pages are open on the trainer's computer just now. Please try again in a minute:
this page tries again by itself every minute.</p>
<p>If you have the form open in another tab or window, please use that one.</p></body></html>
"""

_CDN_LINK = re.compile(r'<link[^>]+href="https?://[^"]*(?:fontawesome|font-awesome)[^"]*"[^>]*/?>\s*')
_LOADING = re.compile(r'<h2 id="loading_text">.*?</h2>', re.S)
_PROCESS = "window.voila_process = window.update_loading_text;"
#: Styles added to every page: cells whose id ends in "lab-only" (a notebook's introduction for
#: JupyterLab readers) are hidden, and so is Voilà's animated spinner (the message stays).
_PAGE_CSS = ('[id$="lab-only"].jp-Cell {display: none !important;}\n'
             '#loading .spinner-container, #loading svg {display: none !important;}\n'
             '#loading * {animation: none !important;}')


def valid_token(value: Any) -> bool:
    """Whether ``value`` is a participant token (16 lowercase hexadecimal digits).

    Examples
    --------
    >>> valid_token("0123456789abcdef"), valid_token("../../etc"), valid_token(None)
    (True, False, False)
    """
    return isinstance(value, str) and bool(_TOKEN.match(value))


def clean_page_html(chunk: str, loading: str = "Loading the self-assessment...") -> str:
    """One chunk of Voilà's page with the CDN stylesheets removed and a plain loading message.

    Examples
    --------
    >>> page = ('<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/'
    ...         'all.min.css" type="text/css" />\\n<h2 id="loading_text">Running app...</h2>')
    >>> clean_page_html(page)
    '<h2 id="loading_text">Loading the self-assessment...</h2>'
    >>> "lab-only" in clean_page_html("<head></head>")
    True
    >>> "cdn" in clean_page_html(page)
    False
    >>> "#loading .spinner-container, #loading svg {display: none" in clean_page_html("<head></head>")
    True
    """
    chunk = _CDN_LINK.sub("", chunk)
    chunk = _LOADING.sub(f'<h2 id="loading_text">{html.escape(loading)}</h2>', chunk)
    # The spinner is not drawn: its endless rotation had the browser paint every frame while the page
    # loaded (ten pages loading together spent about a third of their CPU time on it).
    chunk = chunk.replace("</head>", f"<style>{_PAGE_CSS}</style>\n</head>", 1)
    # Keep the plain message: Voilà would replace it by "Executing 1 of 2".
    return chunk.replace(_PROCESS, "window.voila_process = function () {};")


def _live_pages(kernel_manager: Any) -> int:
    """Kernels serving a page: those handed to a page (:func:`note_page_kernel`) that are still alive.

    Counting "all live kernels less the pool" was wrong while a pool refill was still starting:
    its task is in the pool before its kernel is in the live list, so a full room let one
    more page in.

    Examples
    --------
    >>> class KM:
    ...     def list_kernel_ids(self):
    ...         return ["a", "c"]
    >>> km = KM()
    >>> [note_page_kernel(km, c) for c in ('<script>{"baseUrl": "/", "kernelId": "a"}', '"kernelId": "b"', "<p>")]
    ['a', 'b', None]
    >>> _live_pages(km)  # b has gone (closed or culled), c is the pool's
    1
    """
    live = set(kernel_manager.list_kernel_ids())
    pages = getattr(kernel_manager, "_clsp_pages", set()) & live
    kernel_manager._clsp_pages = pages
    return len(pages)


_KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9A-Za-z-]+)"')
#: Where Voilà's own scripts start in its page (the ``lab`` template loads them after the cells).
_MAIN_SCRIPT = re.compile(r'<script src="[^"]*/static/voila\.js"')
#: The theme's stylesheets and Voilà's style script in the page's head (moved after the cells: :func:`hold_heavy`).
_HEAVY_HEAD = re.compile(r'<script src="[^"]*/static/voila-style\.js[^"]*"\s*></script>'
                         r'|<link rel="stylesheet" type="text/css" '
                         r'href="[^"]*/static/(?:index|theme-[a-z-]+)\.css[^"]*"\s*/?>')


def note_page_kernel(kernel_manager: Any, chunk: str) -> str | None:
    """Remember the kernel a page was given (from the ``kernelId`` in the page's configuration);
    its id once found, else None."""
    m = _KERNEL_ID.search(chunk)
    if m is None:
        return None
    pages = getattr(kernel_manager, "_clsp_pages", None)
    if pages is None:
        pages = kernel_manager._clsp_pages = set()
    pages.add(m.group(1))
    return m.group(1)


def hold_heavy(chunk: str, deferred: list[str]) -> tuple[str, str]:
    """Split a chunk of Voilà's page into what is sent at once and what waits for the page's turn.

    The theme's stylesheets and Voilà's style script (about 340 kB of script) are moved from the
    page's head to ``deferred``; Voilà's own scripts, and all that follows them, are returned as
    the second part (empty when the chunk does not reach them). What is sent at once shows the
    loading message.

    Examples
    --------
    >>> page = ('<head><script src="/voila/templates/lab/static/voila-style.js?v=1" ></script><style>s</style>'
    ...         '<link rel="stylesheet" type="text/css" href="/voila/templates/lab/static/index.css?v=2">'
    ...         '</head><body><h2 id="loading_text">Loading</h2>')
    >>> held = []
    >>> hold_heavy(page, held)
    ('<head><style>s</style></head><body><h2 id="loading_text">Loading</h2>', '')
    >>> len(held)
    2
    >>> hold_heavy('<div>cells</div><script src="/voila/static/voila.js"></script></body>', held)
    ('<div>cells</div>', '<script src="/voila/static/voila.js"></script></body>')
    """
    deferred.extend(m.group(0) for m in _HEAVY_HEAD.finditer(chunk))
    chunk = _HEAVY_HEAD.sub("", chunk)
    start = _MAIN_SCRIPT.search(chunk)
    if start is None:
        return chunk, ""
    return chunk[: start.start()], chunk[start.start():]


class BootGate:
    """Turns for pages to run their notebook and start their scripts: at most ``slots`` at once, in order of arrival.

    In its turn a page's pre-started kernel learns the page's request and runs the rest of the
    notebook (:meth:`turn_then`, from :func:`_patch_request_info`), and the browser gets Voilà's
    scripts, which cost it about 1.5 s of processor time with the widgets. Ten pages started
    together shared the processor and all appeared late (forms after 18-28 s on two cores, with
    the browser on the same machine); taking turns, they are drawn a few at a time (the first form
    after 2.0-2.1 s, the last after 6.4-7.1 s in ``scripts/bench_ui.py --room 10``). A page's turn
    ends when its kernel's connection opens (the page's scripts have run: :meth:`connected`) or
    after ``hold`` seconds (a client that is not a browser, or a page closed meanwhile).

    Examples
    --------
    >>> import asyncio
    >>> async def room():
    ...     gate, order = BootGate(slots=1, hold=5.0), []
    ...     async def page(k):
    ...         await gate.turn(k)
    ...         order.append(k)
    ...     tasks = [asyncio.create_task(page(k)) for k in "abc"]
    ...     await asyncio.sleep(0.01)
    ...     gate.connected("a"); await asyncio.sleep(0.01)
    ...     gate.connected("b"); await asyncio.sleep(0.01)
    ...     await asyncio.gather(*tasks)
    ...     return order, gate.waiting
    >>> asyncio.run(room())
    (['a', 'b', 'c'], 1)
    """

    def __init__(self, slots: int, hold: float) -> None:
        import asyncio

        self.hold = hold
        self._slots = asyncio.Semaphore(max(1, slots))
        self._turns: dict[str, Any] = {}
        self._tasks: set[Any] = set()
        self._early: set[str] = set()

    @property
    def waiting(self) -> int:
        """Pages whose turn has begun and not yet ended."""
        return len(self._turns)

    async def turn(self, kernel_id: str | None) -> None:
        """Wait for a free slot; the turn then lasts until :meth:`connected` or ``hold`` seconds."""
        import asyncio

        await self._slots.acquire()
        done = asyncio.Event()
        key = kernel_id or f"anonymous-{id(done)}"
        self._turns[key] = done
        self._spawn(self._end(key, done))

    def _spawn(self, coroutine: Any) -> None:
        """Run ``coroutine`` in the background, keeping a reference until it is done."""
        import asyncio

        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _end(self, key: str, done: Any) -> None:
        import asyncio

        try:
            await asyncio.wait_for(done.wait(), self.hold)
        except TimeoutError:
            pass
        finally:
            self._turns.pop(key, None)
            self._slots.release()

    def turn_then(self, kernel_id: str, action: Any) -> None:
        """Call ``action()`` once ``kernel_id``'s page has its turn (taken now, in the background)."""
        self._early.add(kernel_id)

        async def wait_then_act() -> None:
            await self.turn(kernel_id)
            action()

        self._spawn(wait_then_act())

    def has_turn(self, kernel_id: str | None) -> bool:
        """Whether ``kernel_id``'s page has already asked for its turn (:meth:`turn_then`); asked once only.

        Examples
        --------
        >>> import asyncio
        >>> async def room():
        ...     gate, told = BootGate(slots=1, hold=5.0), []
        ...     gate.turn_then("a", lambda: told.append("a"))
        ...     gate.turn_then("b", lambda: told.append("b"))
        ...     await asyncio.sleep(0.01)
        ...     first = list(told)
        ...     gate.connected("a"); await asyncio.sleep(0.01)
        ...     return first, told, gate.has_turn("a"), gate.has_turn("a"), gate.has_turn("c")
        >>> asyncio.run(room())
        (['a'], ['a', 'b'], True, False, False)
        """
        if kernel_id in self._early:
            self._early.discard(kernel_id)
            return True
        return False

    def connected(self, kernel_id: str) -> None:
        """The page of ``kernel_id`` has connected to its kernel: its turn ends."""
        done = self._turns.get(kernel_id)
        if done is not None:
            done.set()


def boot_slots(env: Mapping[str, str] | None = None) -> int:
    """Pages that start their scripts at once: :data:`ENV_BOOTS` if set, else the processor count (at least 2).

    Examples
    --------
    >>> boot_slots({ENV_BOOTS: "3"}), boot_slots({ENV_BOOTS: "0"}) >= 2, boot_slots({}) >= 2
    (3, True, True)
    """
    env = os.environ if env is None else env
    try:
        value = int(env.get(ENV_BOOTS, "0") or 0)
    except ValueError:
        value = 0
    return value if value > 0 else max(2, os.cpu_count() or 2)


def install() -> None:
    """Replace Voilà's page handler's ``get`` (see the module's description)."""
    import tornado.web
    from voila.tornado.handler import TornadoVoilaHandler

    max_pages = int(os.environ.get(ENV_MAX_PAGES, "0") or 0)
    gate = BootGate(boot_slots(), BOOT_HOLD)
    loading = os.environ.get(ENV_LOADING, "Loading the self-assessment...")

    @tornado.web.authenticated
    async def get(self: Any, path: str | None = None) -> None:
        if max_pages and _live_pages(self.kernel_manager) >= max_pages:
            self.log.warning("room full: %d pages live; refused a new page", max_pages)
            self.set_status(503)
            self.set_header("Retry-After", "60")
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(ROOM_FULL_HTML)
            return
        _ = self.xsrf_token  # sets the _xsrf cookie that the page's shutdown request on closing must carry
        token = self.get_cookie(PARTICIPANT_COOKIE)
        if not valid_token(token):
            token = secrets.token_hex(8)
        self.set_cookie(PARTICIPANT_COOKIE, token, path="/", httponly=True, samesite="Strict", expires_days=1)
        self.request.headers[PARTICIPANT_HEADER] = token
        gen = self.get_generator(path=path)
        kernel_id: str | None = None
        waited = False
        deferred: list[str] = []
        async for chunk in gen:
            kernel_id = kernel_id or note_page_kernel(self.kernel_manager, chunk)
            page = clean_page_html(chunk, loading)
            if not waited:
                # The loading message goes now; the theme's styles and Voilà's scripts when it is this page's
                # turn (BootGate), which a pre-started kernel's page took when its request came (the kernel
                # learns the request then: _patch_request_info); before its turn, a page costs little.
                page, held = hold_heavy(page, deferred)
                if held:
                    self.write(page)
                    self.flush()
                    if not gate.has_turn(kernel_id):
                        await gate.turn(kernel_id)
                    waited = True
                    page = "".join(deferred) + held
            self.write(page)
            self.flush()
        if not waited and deferred:  # a page without Voilà's scripts (an error page) keeps its styles
            self.write("".join(deferred))
            self.flush()

    TornadoVoilaHandler.get = get
    _patch_request_info(gate)
    _patch_culling(gate)
    _patch_pool()


def _patch_request_info(gate: BootGate) -> None:
    """A pre-started kernel learns its page's request (and so goes on running the notebook) at the page's turn.

    The kernel waits for the request in the notebook's first cells (:func:`.serving.wait_for_request`);
    holding the request back until the page's turn keeps ten kernels from running their notebooks at
    once while the first pages' browsers start, so the first pages' cells arrive sooner.
    """
    from voila.request_info_handler import RequestInfoSocketHandler

    send = RequestInfoSocketHandler.send_updates

    def send_updates(cls: Any, msg: dict) -> None:
        gate.turn_then(msg["kernel_id"], lambda: send(msg))

    RequestInfoSocketHandler.send_updates = classmethod(send_updates)


def _patch_culling(gate: BootGate | None = None) -> None:
    """Give kernels that never had a connection :data:`NEVER_CONNECTED_GRACE` times the idle timeout; tell
    ``gate`` when a page connects to its kernel."""
    from jupyter_server._tz import utcnow
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager

    connected_once: set[str] = set()
    notify_connect = MappingKernelManager.notify_connect
    cull_kernel_if_idle = MappingKernelManager.cull_kernel_if_idle

    def notify(self: Any, kernel_id: str) -> None:
        connected_once.add(kernel_id)
        if gate is not None:
            gate.connected(kernel_id)
        notify_connect(self, kernel_id)

    async def cull(self: Any, kernel_id: str) -> Any:
        kernel = self._kernels.get(kernel_id)
        if kernel_id not in connected_once and kernel is not None and hasattr(kernel, "last_activity"):
            idle = (utcnow() - kernel.last_activity).total_seconds()
            if idle < NEVER_CONNECTED_GRACE * self.cull_idle_timeout:
                return None
        return await cull_kernel_if_idle(self, kernel_id)

    MappingKernelManager.notify_connect = notify
    MappingKernelManager.cull_kernel_if_idle = cull


def spare_target(preheat: int, pages: int, floor: int = ARRIVED_SPARES) -> int:
    """Kernels to keep ready when ``pages`` pages are open: ``preheat`` less the pages open, at least ``floor``.

    A room arrives together: ``preheat`` kernels started in advance let its first ``preheat`` pages
    skip a kernel's start (about 1.5 s of processor time each, which ten pages arriving at once
    would otherwise spend while their browsers draw). Once they are open, the room has arrived and
    a few spares serve latecomers and reloads; keeping ``preheat`` spares all along would cost about
    37 MB each on top of the open pages.

    Examples
    --------
    >>> [spare_target(10, pages) for pages in (0, 1, 5, 8, 9, 30)]
    [10, 9, 5, 2, 2, 2]
    >>> spare_target(1, 0), spare_target(1, 5), spare_target(0, 0)
    (1, 1, 0)
    """
    return max(min(floor, preheat), preheat - pages)


def _patch_pool() -> None:
    """Voilà's pool of pre-started kernels keeps :func:`spare_target` kernels instead of a fixed number, and
    refills (after :data:`TOP_UP_DELAY` seconds) when a page's kernel is shut down."""
    import voila.app

    factory = voila.app.voila_kernel_manager_factory

    def patched_factory(base_class: Any, preheat_kernel: bool, default_pool_size: int, *args: Any,
                        **kwargs: Any) -> Any:
        cls = factory(base_class, preheat_kernel, default_pool_size, *args, **kwargs)
        if not preheat_kernel or not hasattr(cls, "fill_if_needed"):
            return cls
        preheat = max(default_pool_size, 0)
        fill = cls.fill_if_needed
        shutdown = cls.shutdown_kernel
        shutdown_all = cls.shutdown_all

        def fill_if_needed(self: Any, delay: float | None = None, notebook_name: str | None = None,
                           **kw: Any) -> None:
            # Voilà calls this with delay=None right after handing a kernel to a page that is not yet counted.
            pages = _live_pages(self) + (1 if delay is None else 0)
            self.kernel_pools_config.setdefault("default", {})["pool_size"] = spare_target(preheat, pages)
            fill(self, delay, notebook_name, **kw)

        async def shutdown_kernel(self: Any, kernel_id: str, *a: Any, **kw: Any) -> Any:
            was_page = kernel_id in getattr(self, "_clsp_pages", set())
            result = await shutdown(self, kernel_id, *a, **kw)
            if was_page and not getattr(self, "_clsp_closing", False) and self.notebook_path is not None:
                self.fill_if_needed(delay=TOP_UP_DELAY, notebook_name=self.notebook_path)
            return result

        async def closing(self: Any, *a: Any, **kw: Any) -> Any:
            self._clsp_closing = True
            return await shutdown_all(self, *a, **kw)

        cls.fill_if_needed = fill_if_needed
        cls.shutdown_kernel = shutdown_kernel
        cls.shutdown_all = closing
        return cls

    voila.app.voila_kernel_manager_factory = patched_factory


def _die_with_parent() -> None:
    """Ask Linux for SIGTERM when the parent process dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except OSError:  # pragma: no cover - no libc: the parent's process-group kill still applies
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os.kill(os.getpid(), signal.SIGTERM)


def main(argv: list[str] | None = None) -> int:
    """Run Voilà with :func:`install`'s handler on ``argv`` (Voilà's own command line)."""
    _die_with_parent()
    install()
    from voila.app import main as voila_main

    sys.argv = ["voila", *(sys.argv[1:] if argv is None else argv)]
    voila_main()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
