"""`hubdocs serve`: one brand's built site plus the stub connect API, on 127.0.0.1 by default."""

from __future__ import annotations

import contextlib
import json
import mimetypes
import os
import posixpath
import secrets
import socket
import sys
import threading
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from renderer.agents.negotiate import CONTENT_TYPE, negotiate
from renderer.render.headers import built_headers, page_headers
from renderer.render.link_headers import link_header
from renderer.serve.api import ApiHandler
from renderer.serve.connect_store import ConnectStore, Reply
from renderer.serve.hosts import WILDCARDS, allowed_hosts, check_request
from renderer.serve.mcp_mount import McpMount, McpSlot, is_mcp

BACKLOG = 1024
"""Pending connections the kernel queues (http.server's default of 5 resets parallel clients)."""
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

WELL_KNOWN = ".well-known"
PATH_TYPES = {
    ".well-known/mcp/server-card.json": "application/mcp-server-card+json",
}
"""Files whose type is not their suffix's: the MCP server card (SEP-2127)."""


class State:
    """What the request threads share."""

    def __init__(self, root: Path, brand: Any, store: ConnectStore | None, log: Any = None):
        self.root = root
        self.brand = brand
        self.store = store
        self._built: tuple[tuple[int, int], tuple[tuple[str, str], ...] | None] | None = None
        self._default: tuple[tuple[str, str], ...] | None = None
        self.hosts: set[str] = set()
        self.origins: set[str] = set()
        self.log = log or sys.stderr
        self.broker: Any = None
        """A live.Broker when pages should live-reload."""
        self.live_js = b""
        self.url = ""
        """The server's base URL (set by `bind`)."""
        self.mcp_slot = McpSlot(root, lambda: self.hosts, lambda: self.url + "/mcp", self.say)
        """`/mcp`: the brand's MCP server, started by the first request for it."""
        self.answered = threading.Event()
        """Set by the first response: background work waits for it (or a second) so that it
        does not slow the first answer down."""

    @property
    def headers(self) -> tuple[tuple[str, str], ...]:
        """The security headers the build wrote to `_headers` (its CSP lists the site's embed
        hosts), re-read when that file changes; the brand's strict defaults when there is no
        such file or it lacks any of them. Reading the file needs no renderer import, so the
        first answer does not wait for one."""
        try:
            st = (self.root / "_headers").stat()
        except OSError:
            return self.default_headers()
        stamp = (st.st_mtime_ns, st.st_size)
        built = self._built
        if built is None or built[0] != stamp:
            built = self._built = (stamp, built_headers(self.root / "_headers"))
        return built[1] or self.default_headers()

    def default_headers(self) -> tuple[tuple[str, str], ...]:
        if self._default is None:
            self._default = page_headers(self.brand)
        return self._default

    @property
    def csp(self) -> str:
        return self.headers[0][1]

    @property
    def default_csp(self) -> str:
        return self.default_headers()[0][1]

    def refresh(self, brand: Any) -> None:
        """The defaults from `brand` (computed now: at startup, or after a config change)."""
        self.brand = brand
        self._default = page_headers(brand)

    def bind(self, host: str, port: int, extra: tuple[str, ...] = ()) -> None:
        """Answer only to the Host names of this bind (`extra`: more names, `--allow-host`)."""
        self.hosts = allowed_hosts(host, port, extra)
        self.origins = {f"http://{h}" for h in self.hosts}
        shown = "localhost" if host in WILDCARDS else host
        self.url = f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"

    def say(self, line: str) -> None:
        print(line, file=self.log, flush=True)

    def close(self) -> None:
        """Stop what the state started (the MCP bridge, if a request started it)."""
        self.mcp_slot.close()


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
    if any(
        p in ("..", ".") or (p.startswith(".") and not well_known(i, p))
        for i, p in enumerate(parts)
    ):
        return None
    clean = posixpath.normpath(path).lstrip("/")
    candidates = ["index.html"] if clean in ("", ".") else [clean, clean + ".html"]
    if path.endswith("/") and clean not in ("", "."):
        candidates = [clean + "/index.html", clean + ".html"]
    base = root.resolve()
    for c in candidates:
        try:
            full = (base / c).resolve()
        except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop
            continue
        if full.is_relative_to(base) and full.is_file():
            return full
    return None


def well_known(index: int, part: str) -> bool:
    """The one dot-folder served: `/.well-known/` at the root (RFC 8615), for the discovery
    files agents look for. Any other segment starting with a dot stays refused, inside it too."""
    return index == 1 and part == WELL_KNOWN


def content_type(root: Path, full: Path) -> str:
    """The Content-Type of a served file: by its path for the few registered names, else by
    its suffix."""
    rel = full.relative_to(root.resolve()).as_posix()
    return (
        PATH_TYPES.get(rel)
        or TYPES.get(full.suffix)
        or mimetypes.guess_type(full.name)[0]
        or "application/octet-stream"
    )


def twin_of(root: Path, full: Path) -> Path | None:
    """The Markdown twin beside a resolved `.html` file, when it has one inside `root`."""
    if full.suffix != ".html":
        return None
    twin = full.with_suffix(".md")
    try:
        real = twin.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop
        return None
    return real if real.is_relative_to(root.resolve()) and real.is_file() else None


def printable(text: str, limit: int = 200) -> str:
    """Text for one log line: control characters (and backslashes) escaped, length capped."""
    text = text[:limit]
    if text.isprintable() and "\\" not in text:
        return text
    return text.encode("unicode_escape").decode("ascii")


class Handler(McpMount, ApiHandler, BaseHTTPRequestHandler):
    server_version = "hubdocs"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.0"
    """A request line without a version gets a reply with headers (HTTP/0.9 replies have none)."""
    timeout = 10
    state: State
    host = ""
    """The request's Host, as the Host rules accepted it."""
    agents = True
    """Answer agents: negotiate page URLs and mount `/mcp`. False serves as before issue 28
    (tests use it as the planted fault of `hubdocs score`)."""

    # -- plumbing ------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # requests are logged by `log_request` without bodies or query strings

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = printable(urlsplit(getattr(self, "path", "") or "").path)
        method = printable(getattr(self, "command", "") or "-", 20)
        code = code.value if isinstance(code, HTTPStatus) else code
        print(f"{method} {path} {code}", file=self.state.log, flush=True)

    def parse_request(self) -> bool:
        """http.server's parsing, then the Host rules (`hosts.check_request`) for every method
        and path, before anything else looks at the request; an absolute-form target is
        served as its path from here on."""
        self.expecting = False
        if not super().parse_request():
            return False
        verdict = check_request(self.headers.get_all("Host") or [], self.path, self.state.hosts)
        if verdict.status:
            self.refuse_request(verdict.status, verdict.reason)
            return False
        self.path, self.host = verdict.path, verdict.host
        return True

    def end_headers(self) -> None:
        super().end_headers()
        self.state.answered.set()

    def security_headers(self) -> None:
        for k, v in self.state.headers:
            self.send_header(k, v)

    def send(
        self, status: int, body: bytes, ctype: str, extra: tuple = (), head: bool = False
    ) -> None:
        """One whole response with the security headers; no body for HEAD."""
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.security_headers()
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if not head and self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (400, 414, 431, 501, ...): same headers as every response,
        a fixed text (never the request's bytes), connection closed."""
        self.close_connection = True
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Error"
        body = f"{code} {phrase}\n".encode()
        extra = (("Cache-Control", "no-store"), ("Connection", "close"))
        self.send(code, body, "text/plain; charset=utf-8", extra)

    def send_json(self, reply: Reply) -> None:
        body = json.dumps(reply.body, sort_keys=True).encode()
        extra = (("Cache-Control", "no-store"), *reply.headers)
        self.send(reply.status, body, "application/json", extra)

    def host_ok(self) -> bool:
        """True: the Host rules ran for every request in `parse_request` (kept for handler
        mixins written against the older per-route check, such as agents_mount.AgentsMixin)."""
        return True

    def refuse_request(self, status: int, reason: str) -> None:
        """400/421 for a request the Host rules refuse: a fixed text, connection closed."""
        self.close_connection = True
        head = "Misdirected request" if status == 421 else "Bad request"
        self.send(
            status,
            f"{head}: {reason}\n".encode(),
            "text/plain; charset=utf-8",
            (("Cache-Control", "no-store"), ("Connection", "close")),
        )

    # -- methods -------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802
        self.guarded(lambda: self.serve(head=False))

    def do_HEAD(self) -> None:  # noqa: N802
        self.guarded(lambda: self.serve(head=True))

    def guarded(self, handle: Any) -> None:
        """Run a handler; an unexpected error answers 500 and never reaches the server loop.

        The error is logged with a request id (also sent as `X-Request-Id`), its type and where
        it was raised — not its message, which may hold request data — and, under
        `HUBDOCS_DEBUG=1`, the whole traceback. The body says only "internal error"."""
        try:
            handle()
        except OSError:
            self.close_connection = True
        except Exception as exc:
            self.close_connection = True
            rid = secrets.token_hex(6)
            self.log_unexpected(rid, exc)
            with contextlib.suppress(OSError):
                self.send_json(Reply(500, {"error": "internal error"}, (("X-Request-Id", rid),)))

    def log_unexpected(self, rid: str, exc: BaseException) -> None:
        path = printable(urlsplit(getattr(self, "path", "") or "").path)
        method = printable(getattr(self, "command", "") or "-", 20)
        frame = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" at {frame[0].filename}:{frame[0].lineno}" if frame else ""
        code = getattr(exc, "sqlite_errorname", None)  # SQLITE_BUSY, SQLITE_FULL, ...
        kind = f"{type(exc).__name__} ({code})" if code else type(exc).__name__
        line = f"error: request {rid}: {method} {path}: unexpected {kind}{where}"
        if os.environ.get("HUBDOCS_DEBUG"):
            line += "\n" + "".join(traceback.format_exception(exc)).rstrip()
        else:
            line += " (HUBDOCS_DEBUG=1 logs the traceback)"
        print(line, file=self.state.log, flush=True)

    def do_POST(self) -> None:  # noqa: N802
        if is_mcp(urlsplit(self.path).path) and self.agents:
            self.guarded(self.mcp_request)
        else:
            self.guarded(self.api_post)

    def do_DELETE(self) -> None:  # noqa: N802
        """The Streamable HTTP transport ends a session with DELETE /mcp; elsewhere 405."""
        if is_mcp(urlsplit(self.path).path) and self.agents:
            self.guarded(self.mcp_request)
        else:
            self.guarded(self.not_allowed)

    def do_PUT(self) -> None:  # noqa: N802
        self.guarded(self.not_allowed)

    do_PATCH = do_OPTIONS = do_PUT  # noqa: N815

    def not_allowed(self, allow: str = "GET, HEAD") -> None:
        self.close_connection = True
        self.send_json(Reply(405, {"error": "method not allowed"}, (("Allow", allow),)))

    def serve(self, head: bool) -> None:
        path = urlsplit(self.path).path
        if is_mcp(path) and self.agents:
            self.mcp_request()
            return
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
        self.send_file(full, head)

    def send_file(self, full: Path, head: bool) -> None:
        """A file under the root; a page with a Markdown twin is negotiated (`Accept:
        text/markdown` or `text/plain` gets the twin; every answer for it says `Vary: Accept`)."""
        root = self.state.root
        kind = "file"
        extra: tuple[tuple[str, str], ...] = ()
        twin = twin_of(root, full) if self.agents else None
        if twin is not None:
            extra = (("Vary", "Accept"),)
            kind = negotiate(self.headers.get("Accept"))
            if kind != "html":
                full = twin
                where = "/" + twin.relative_to(root.resolve()).as_posix()
                extra += (("Content-Location", quote(where)),)
        ctype = CONTENT_TYPE[kind] if kind in CONTENT_TYPE else content_type(root, full)
        cache = "no-cache" if full.suffix in (".html", ".md", ".txt") else "public, max-age=300"
        st = os.stat(full)
        tag = {"markdown": "m-", "plain": "t-"}.get(kind, "")
        etag = f'"{tag}{st.st_size:x}-{st.st_mtime_ns:x}"'
        if self.state.broker is not None:
            cache = "no-store"
        elif self.headers.get("If-None-Match") == etag:
            self.not_modified(etag, cache, extra)
            return
        body = full.read_bytes()
        if self.state.broker is not None and full.suffix == ".html":
            body = body.replace(b"</head>", LIVE_TAG + b"</head>", 1)
        extra += (("Cache-Control", cache),) + (
            (("ETag", etag),) if self.state.broker is None else ()
        )
        link = link_header(root, full)  # llms.txt v2: the twin, the llms.txt
        if link is not None:
            extra += (("Link", link),)
        self.send(200, body, ctype, extra, head=head)

    def not_modified(self, etag: str, cache: str, extra: tuple = ()) -> None:
        """304: headers only (no Content-Length: it would describe the full file)."""
        self.send_response(304)
        self.security_headers()
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", cache)
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()

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
        self.security_headers()
        self.end_headers()
        if head:
            return

        def write(chunk: bytes) -> None:
            self.wfile.write(chunk)
            self.wfile.flush()

        with contextlib.suppress(OSError):  # the page went away
            self.state.broker.stream(write)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = BACKLOG

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line instead of a traceback: a client that hangs up is not our error."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError)):
            print(
                f"hubdocs: request from {client_address[0]} failed: {type(exc).__name__}",
                file=sys.stderr,
            )


def make_server(
    host: str, port: int, state: State, timeout: float = 10, allow: tuple[str, ...] = ()
) -> ThreadingHTTPServer:
    """A threading HTTP server bound to host:port (port 0 = any free port); raises OSError
    when the address cannot be bound.

    `timeout` bounds every socket read, so a slow body cannot hold a thread for long; `allow`
    adds Host names to answer to."""
    handler = type("BoundHandler", (Handler,), {"state": state, "timeout": timeout})
    server_class = _Server6 if ":" in host else _Server
    server = server_class((host, port), handler)
    state.bind(host, server.server_address[1], allow)
    return server


class _Server6(_Server):
    address_family = socket.AF_INET6
