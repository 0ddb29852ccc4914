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
  Awesome), the loading message is a plain "Loading the self-assessment...", and a
  notebook cell whose id ends in ``lab-only`` (an introduction for JupyterLab readers) is
  not shown;
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
from typing import Any

__all__ = ["ENV_MAX_PAGES", "PARTICIPANT_COOKIE", "PARTICIPANT_HEADER", "ROOM_FULL_HTML", "clean_page_html",
           "install", "main", "valid_token"]

#: Environment variable: the most pages (live kernels handed to a page; the pre-started pool aside) served at once.
ENV_MAX_PAGES = "CLSP_WORKSHOP_MAX_PAGES"
#: Environment variable: the text of the loading message.
ENV_LOADING = "CLSP_WORKSHOP_LOADING"
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
    """
    chunk = _CDN_LINK.sub("", chunk)
    chunk = _LOADING.sub(f'<h2 id="loading_text">{html.escape(loading)}</h2>', chunk)
    # Cells whose id ends in "lab-only" (a notebook's introduction for JupyterLab readers) are not shown.
    chunk = chunk.replace("</head>", '<style>[id$="lab-only"].jp-Cell {display: none !important;}</style>\n</head>', 1)
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
    [True, True, False]
    >>> _live_pages(km)  # b has gone (closed or culled), c is the pool's
    1
    """
    live = set(kernel_manager.list_kernel_ids())
    pages = getattr(kernel_manager, "_clsp_pages", set()) & live
    kernel_manager._clsp_pages = pages
    return len(pages)


_KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9A-Za-z-]+)"')


def note_page_kernel(kernel_manager: Any, chunk: str) -> bool:
    """Remember the kernel a page was given (from the ``kernelId`` in the page's configuration);
    ``True`` once found."""
    m = _KERNEL_ID.search(chunk)
    if m is None:
        return False
    pages = getattr(kernel_manager, "_clsp_pages", None)
    if pages is None:
        pages = kernel_manager._clsp_pages = set()
    pages.add(m.group(1))
    return True


def install() -> None:
    """Replace Voilà's page handler's ``get`` (see the module's description)."""
    import tornado.web
    from voila.tornado.handler import TornadoVoilaHandler

    max_pages = int(os.environ.get(ENV_MAX_PAGES, "0") or 0)
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
        noted = False
        async for chunk in gen:
            noted = noted or note_page_kernel(self.kernel_manager, chunk)
            self.write(clean_page_html(chunk, loading))
            self.flush()

    TornadoVoilaHandler.get = get
    _patch_culling()


def _patch_culling() -> None:
    """Give kernels that never had a connection :data:`NEVER_CONNECTED_GRACE` times the idle timeout."""
    from jupyter_server._tz import utcnow
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager

    connected_once: set[str] = set()
    notify_connect = MappingKernelManager.notify_connect
    cull_kernel_if_idle = MappingKernelManager.cull_kernel_if_idle

    def notify(self: Any, kernel_id: str) -> None:
        connected_once.add(kernel_id)
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
