"""The local web server behind ``shuyu review``: Python's own ``http.server``, nothing to install.

It listens on 127.0.0.1 only, on a free port, and answers only requests whose path begins with
the random token of its URL (``http://127.0.0.1:PORT/TOKEN/``), that come from 127.0.0.1 and
that name 127.0.0.1 or localhost as their host (so that another web site cannot reach it, even
through DNS rebinding).  Edits are POSTs of JSON (a form on another site cannot send them).
The page and its script and style sheet ship in the package (``static/``) and are the only files
served; the page's Content-Security-Policy allows nothing but them, so no text of a document can
run as code.  The server writes only the review file and the export folder inside OUTDIR.

Routes (below ``/TOKEN/``)::

    GET  /                    the page
    GET  static/NAME          app.js, app.css
    GET  api/summary          counts, paths, undo/redo depth
    GET  api/beads?start&count   a page of beads with their sentences
    GET  api/next?from=N      the next bead to review (lowest confidence first)
    GET  api/terms            every term candidate with its examples
    POST api/edit             {"op", "bead", ...}: merge, merge_prev, split, move, confirm
    POST api/term             {"term", "decision"?, "status"?, "en"?, "zh"?}
    POST api/undo, api/redo   {"view": "align" | "terms"}
    POST api/export           write OUTDIR/reviewed/
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Callable
from urllib.parse import parse_qs, urlsplit

from ..errors import ShuyuError
from .session import Session

log = logging.getLogger("shuyu.review")

#: Files the page is made of, with their content types.
STATIC = {"index.html": "text/html; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
          "app.css": "text/css; charset=utf-8"}
#: Largest request body read (an edit is a few hundred bytes).
MAX_BODY = 1 << 20
HOST = "127.0.0.1"
_LOCAL = {"127.0.0.1", "::1", "::ffff:127.0.0.1"}
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


class _Handler(BaseHTTPRequestHandler):
    server: "ReviewServer"
    server_version = "shuyu-review"
    sys_version = ""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        log.debug("%s %s", self.address_string(), format % args)

    # ------------------------------------------------------------------ answers

    def _send(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code)
        for key, value in _HEADERS.items():
            self.send_header(key, value)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, code: int, data) -> None:
        self._send(code, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _refuse(self, code: int, why: str) -> None:
        self._send(code, f"shuyu review: {why}\n".encode("utf-8"), "text/plain; charset=utf-8")

    # ------------------------------------------------------------------ checks

    def _route(self) -> str | None:
        """The path below the token, or None when the request was refused (answered already)."""
        if self.client_address[0] not in _LOCAL:
            self._refuse(403, "only this computer may use this page")
            return None
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.server.hosts:
            self._refuse(403, "unknown host name; open the address that shuyu review printed")
            return None
        parts = urlsplit(self.path)
        segments = parts.path.split("/", 2)
        token = segments[1] if len(segments) > 1 else ""
        if not hmac.compare_digest(token.encode("utf-8", "replace"), self.server.token.encode("ascii")):
            self._refuse(403, "this address needs the token that shuyu review printed")
            return None
        if len(segments) == 2:  # /TOKEN without the slash: the page's relative links need it
            self.send_response(308)
            self.send_header("Location", f"/{token}/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return segments[2]

    # ------------------------------------------------------------------ methods

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's names
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        route = self._route()
        if route is None:
            return
        query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
        session = self.server.session
        if route in ("", "index.html"):
            return self._send(200, _static("index.html"), STATIC["index.html"])
        if route.startswith("static/"):
            name = route[len("static/"):]
            if name in STATIC and name != "index.html":
                return self._send(200, _static(name), STATIC[name])
            return self._refuse(404, "no such file")
        api: dict[str, Callable[[], object]] = {
            "api/summary": session.summary,
            "api/beads": lambda: session.beads(query.get("start", 0), query.get("count", 100)),
            "api/next": lambda: session.next(query.get("from")),
            "api/terms": session.terms,
        }
        if route not in api:
            return self._refuse(404, "no such page")
        self._answer(api[route])

    def do_POST(self) -> None:  # noqa: N802
        route = self._route()
        if route is None:
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/json":
            return self._refuse(415, "edits are sent as JSON")
        origin = self.headers.get("Origin")
        if origin is not None and origin.lower() not in self.server.origins:
            return self._refuse(403, "edits come from the review page only")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            return self._refuse(413, "request too large")
        try:
            payload = json.loads(self.rfile.read(length) or b"{}")
        except (ValueError, UnicodeDecodeError):
            return self._refuse(400, "the request is not JSON")
        if not isinstance(payload, dict):
            return self._refuse(400, "the request is not a JSON object")
        session = self.server.session
        api: dict[str, Callable[[], object]] = {
            "api/edit": lambda: session.edit(payload),
            "api/term": lambda: session.edit_term(payload),
            "api/undo": lambda: session.step(str(payload.get("view", "align"))),
            "api/redo": lambda: session.step(str(payload.get("view", "align")), redo=True),
            "api/export": session.export,
        }
        if route not in api:
            return self._refuse(404, "no such action")
        self._answer(api[route])

    def _answer(self, call: Callable[[], object]) -> None:
        try:
            result = call()
        except ShuyuError as exc:
            return self._json(400, {"error": str(exc)})
        except Exception as exc:  # a bug: say so on the page, keep serving
            log.exception("review server error")
            return self._json(500, {"error": f"internal error: {type(exc).__name__}: {exc} (please report it)"})
        self._json(200, result)


class ReviewServer(ThreadingHTTPServer):
    """The review server of one :class:`Session`, bound to 127.0.0.1 (``port=0``: a free port)."""

    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, session: Session, port: int = 0, token: str | None = None):
        super().__init__((HOST, port), _Handler)
        self.session = session
        self.token = token or secrets.token_urlsafe(24)
        self.port = self.server_address[1]
        self.hosts = {f"{HOST}:{self.port}", f"localhost:{self.port}"}
        self.origins = {f"http://{h}" for h in self.hosts}

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/{self.token}/"

    def start(self) -> threading.Thread:
        """Serve in a background thread (for tests); :meth:`stop` ends it."""
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, name="shuyu-review",
                                  daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def _can_open_browser() -> bool:
    if os.environ.get("CI") or not sys.stdout.isatty():
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("BROWSER"))
    return True


def serve(session: Session, *, port: int = 0, open_browser: bool = True, say: Callable[[str], None] = print,
          token: str | None = None) -> None:
    """Serve ``session`` until Ctrl-C (or SIGTERM); print the address, and open it in a browser when there
    is one."""
    from ..errors import OutputError

    try:
        server = ReviewServer(session, port, token)
    except OSError as exc:
        raise OutputError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}",
                          hint="choose another --port, or leave it out for a free one") from None
    say(f"Review:   {server.url}")
    say(f"Saving:   every edit to {session.path}; Export writes {session.outdir / 'reviewed'}")
    say("Stop:     Ctrl-C (nothing is lost; shuyu review with the same folder resumes)")
    if open_browser and _can_open_browser():
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # Ctrl-C, and SIGTERM through shuyu.files.install_signal_handlers
        pass
    finally:
        server.server_close()
        with session.lock:  # let an edit being saved finish
            pass
    say(f"Stopped:  the review is saved in {session.path}")
