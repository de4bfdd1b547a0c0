"""`hubdocs serve`: one brand's built site plus the stub connect API, on 127.0.0.1 by default."""

from __future__ import annotations

import contextlib
import json
import mimetypes
import posixpath
import re
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .connect_stub import ConnectStore, Reply
from .render_site import SECURITY_HEADERS, csp

MAX_BODY = 64 * 1024
_DIGITS = re.compile(r"^[0-9]{1,12}\Z")
_HEX_SIZE = re.compile(rb"^[0-9a-fA-F]{1,8}\Z")
LIVE_TAG = b'<script src="/_hubdocs/live.js" defer></script>\n'
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


class State:
    """What the request threads share."""

    def __init__(self, root: Path, brand: Any, store: ConnectStore | None, log: Any = None):
        self.root = root
        self.brand = brand
        self.store = store
        self.default_csp = csp(brand)
        self._csp: tuple[tuple[int, int], str] | None = None
        self.hosts: set[str] = set()
        self.origins: set[str] = set()
        self.log = log or sys.stderr
        self.broker: Any = None
        """A live.Broker when pages should live-reload."""
        self.live_js = b""

    @property
    def csp(self) -> str:
        """The policy the build wrote to `_headers` (it lists the site's embed hosts), re-read
        when that file changes; the brand's strict default when there is none."""
        try:
            st = (self.root / "_headers").stat()
        except OSError:
            return self.default_csp
        stamp = (st.st_mtime_ns, st.st_size)
        if self._csp is None or self._csp[0] != stamp:
            try:
                text = (self.root / "_headers").read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return self.default_csp
            found = re.search(r"^  Content-Security-Policy: (.+)$", text, re.M)
            self._csp = (stamp, found.group(1) if found else self.default_csp)
        return self._csp[1]

    def bind(self, host: str, port: int) -> None:
        names = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost") else {host}
        self.hosts = {f"{n}:{port}" for n in names}
        self.origins = {f"http://{h}" for h in self.hosts}


def resolve(root: Path, raw_path: str) -> Path | None:
    """A URL path -> a file under `root`, or None (traversal, dotfiles, missing)."""
    path = unquote(urlsplit(raw_path).path, errors="strict")
    if (
        "\\" in path
        or "\0" in path
        or "%" in path
        or not path.startswith("/")
        or path.startswith("//")
    ):
        return None
    parts = path.split("/")
    if any(p in ("..", ".") or p.startswith(".") for p in parts):
        return None
    clean = posixpath.normpath(path).lstrip("/")
    candidates = ["index.html"] if clean in ("", ".") else [clean, clean + ".html"]
    if path.endswith("/") and clean not in ("", "."):
        candidates = [clean + "/index.html", clean + ".html"]
    base = root.resolve()
    for c in candidates:
        full = (base / c).resolve()
        if full.is_relative_to(base) and full.is_file():
            return full
    return None


class Handler(BaseHTTPRequestHandler):
    server_version = "hubdocs"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 10
    state: State

    # -- plumbing ------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # requests are logged by `log_request` without bodies or query strings

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = urlsplit(getattr(self, "path", "") or "").path[:200]
        method = getattr(self, "command", "") or "-"
        code = code.value if isinstance(code, HTTPStatus) else code
        print(f"{method} {path} {code}", file=self.state.log, flush=True)

    def send(
        self, status: int, body: bytes, ctype: str, extra: tuple = (), head: bool = False
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", self.state.csp)
        for k, v in SECURITY_HEADERS.items():
            self.send_header(k, v)
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def send_json(self, reply: Reply) -> None:
        body = json.dumps(reply.body, sort_keys=True).encode()
        extra = (("Cache-Control", "no-store"), *reply.headers)
        self.send(reply.status, body, "application/json", extra)

    def host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").lower()
        if host in self.state.hosts:
            return True
        self.send(
            421,
            b"Misdirected request: unknown Host\n",
            "text/plain; charset=utf-8",
            (("Connection", "close"),),
        )
        return False

    # -- methods -------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802
        self.guarded(lambda: self.serve(head=False))

    def do_HEAD(self) -> None:  # noqa: N802
        self.guarded(lambda: self.serve(head=True))

    def guarded(self, handle: Any) -> None:
        """Run a handler; an unexpected error answers 500 and never reaches the server loop."""
        try:
            handle()
        except OSError:
            self.close_connection = True
        except Exception:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.send_json(Reply(500, {"error": "internal error"}))

    def do_POST(self) -> None:  # noqa: N802
        self.guarded(lambda: self.host_ok() and self.api_post())

    def do_PUT(self) -> None:  # noqa: N802
        self.guarded(self.not_allowed)

    do_DELETE = do_PATCH = do_OPTIONS = do_PUT  # noqa: N815

    def not_allowed(self, allow: str = "GET, HEAD") -> None:
        self.close_connection = True
        self.send_json(Reply(405, {"error": "method not allowed"}, (("Allow", allow),)))

    def serve(self, head: bool) -> None:
        if not self.host_ok():
            return
        path = urlsplit(self.path).path
        if path.startswith("/api/"):
            if path == "/api/accounts" and self.state.store is not None:
                self.send_json(self.state.store.accounts())
            elif path == "/api/connect_sessions":
                self.not_allowed("POST")
            else:
                self.send_json(Reply(404, {"error": "no such API route"}))
            return
        if path.startswith("/_hubdocs/") and self.state.broker is not None:
            self.live(path, head)
            return
        try:
            full = resolve(self.state.root, self.path)
        except UnicodeDecodeError:
            full = None
        if full is None:
            missing = self.state.root / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"Not found\n"
            self.send(404, body, "text/html; charset=utf-8", head=head)
            return
        ctype = (
            TYPES.get(full.suffix)
            or mimetypes.guess_type(full.name)[0]
            or "application/octet-stream"
        )
        cache = "no-cache" if full.suffix in (".html", ".md", ".txt") else "public, max-age=300"
        body = full.read_bytes()
        if self.state.broker is not None:
            cache = "no-store"
            if full.suffix == ".html":
                body = body.replace(b"</head>", LIVE_TAG + b"</head>", 1)
        self.send(200, body, ctype, (("Cache-Control", cache),), head=head)

    def live(self, path: str, head: bool) -> None:
        """The live-preview script and its server-sent event stream."""
        if path == "/_hubdocs/live.js":
            extra = (("Cache-Control", "no-store"),)
            self.send(200, self.state.live_js, TYPES[".js"], extra, head=head)
            return
        if path != "/_hubdocs/events":
            self.send(404, b"Not found\n", "text/plain; charset=utf-8", head=head)
            return
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if head:
            return

        def write(chunk: bytes) -> None:
            self.wfile.write(chunk)
            self.wfile.flush()

        with contextlib.suppress(OSError):  # the page went away
            self.state.broker.stream(write)

    # -- API -----------------------------------------------------------------

    def api_post(self) -> None:
        path = urlsplit(self.path).path
        store = self.state.store
        if store is None or path not in ("/api/connect_sessions", "/api/accounts"):
            if path.startswith("/api/"):
                self.send_json(Reply(404, {"error": "no such API route"}))
            else:
                self.not_allowed()
            return
        client = self.client_address[0]
        wait = store.limited(client)
        if wait:
            self.close_connection = True
            self.send_json(
                Reply(
                    429,
                    {"error": "too many failed attempts; try again later"},
                    (("Retry-After", str(wait)),),
                )
            )
            return
        origin = self.headers.get("Origin")
        if origin is not None and origin not in self.state.origins:
            store.failed(client)
            self.close_connection = True
            self.send_json(Reply(403, {"error": "cross-origin requests are refused"}))
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/json":
            self.close_connection = True
            self.send_json(Reply(415, {"error": "send application/json"}))
            return
        body = self.read_body()
        if body is None:
            return
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            store.failed(client)
            self.send_json(Reply(400, {"error": "the body is not valid JSON"}))
            return
        if path == "/api/connect_sessions":
            reply = store.create_session(data)
        else:
            auth = self.headers.get("Authorization") or ""
            token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
            session = store.take_session(token) if token else None
            if session is None:
                reply = Reply(
                    401,
                    {"error": "missing, expired or already used session token"},
                    (("WWW-Authenticate", "Bearer"),),
                )
            else:
                reply = store.link(session, data)
        if reply.status >= 400:
            store.failed(client)
        self.send_json(reply)

    def refuse(self, status: int, message: str) -> None:
        self.close_connection = True
        self.send_json(Reply(status, {"error": message}))

    def read_body(self) -> bytes | None:
        """The request body, or None after answering 400/408/413/501 itself."""
        te = self.headers.get("Transfer-Encoding")
        cl = self.headers.get("Content-Length")
        try:
            if te is not None:
                if cl is not None:
                    self.refuse(400, "send Content-Length or Transfer-Encoding, not both")
                    return None
                if te.strip().lower() != "chunked":
                    self.refuse(501, "only Transfer-Encoding: chunked is supported")
                    return None
                return self.read_chunked()
            if cl is None or not _DIGITS.match(cl.strip()):
                self.refuse(411 if cl is None else 400, "send a valid Content-Length")
                return None
            length = int(cl)
            if length > MAX_BODY:
                self.refuse(413, f"body larger than {MAX_BODY} bytes")
                return None
            data = self.rfile.read(length)
        except TimeoutError:
            self.refuse(408, "request body too slow")
            return None
        if len(data) < length:
            self.refuse(400, "body shorter than Content-Length")
            return None
        return data

    def read_chunked(self) -> bytes | None:
        out = bytearray()
        while True:
            line = self.rfile.readline(64).split(b";")[0].strip()
            if not _HEX_SIZE.match(line):
                self.refuse(400, "bad chunk size")
                return None
            size = int(line, 16)
            if size == 0:
                self.rfile.readline(64)
                return bytes(out)
            if len(out) + size > MAX_BODY:
                self.refuse(413, f"body larger than {MAX_BODY} bytes")
                return None
            out += self.rfile.read(size)
            self.rfile.readline(64)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line instead of a traceback: a client that hangs up is not our error."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError)):
            print(
                f"hubdocs: request from {client_address[0]} failed: {type(exc).__name__}",
                file=sys.stderr,
            )


def make_server(host: str, port: int, state: State, timeout: float = 10) -> ThreadingHTTPServer:
    """A threading HTTP server bound to host:port (port 0 = any free port).

    `timeout` bounds every socket read, so a slow body cannot hold a thread for long."""
    handler = type("BoundHandler", (Handler,), {"state": state, "timeout": timeout})
    server = _Server((host, port), handler)
    state.bind(host, server.server_address[1])
    return server
