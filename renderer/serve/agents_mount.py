"""What `hubdocs serve` needs to answer agents, for its http.server handler (serve is not ASGI):

- `AgentsMixin`: a page URL asked for with `Accept: text/markdown` (or `text/plain`) is answered
  with the page's twin (`Vary: Accept` on every page that has one), and `/mcp` is the brand's
  MCP server.
- `McpBridge`: the MCP server's ASGI app (the SDK's Streamable HTTP transport, stateless, JSON
  responses) run on one event loop in a background thread; a request handler thread hands it a
  whole request and gets a whole response back. Stateless JSON mode answers every POST in one
  response, so nothing streams and no session outlives its request, which is what lets a
  thread-per-request server carry it without a second port or a proxy.

The bridge keeps the same Host/Origin rules as the rest of serve (HostGuard, fed from the
serve state's names).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from renderer.agents.negotiate import CONTENT_TYPE, negotiate, twin_file

MAX_BODY = 4 * 1024 * 1024
"""Largest MCP request body accepted (the SDK's own default limit)."""
TIMEOUT = 30.0
"""Seconds one MCP request may take."""


class McpBridge:
    """The brand's MCP server behind a call: handle(method, path, headers, body) -> (status,
    headers, body). Start once; close when serve stops."""

    def __init__(
        self,
        site_dir: Path,
        brand: str,
        hosts: Callable[[], Iterable[str]],
        mcp_url: str | None = None,
    ):
        from renderer.agents.discovery import server_card
        from renderer.agents.site import load_site
        from renderer.serve.mcp import build_server, http_app

        self.server = build_server(site_dir, brand, mcp_url)
        site = load_site(site_dir / brand)
        card = server_card(site, mcp_url) if mcp_url else None
        self.app = http_app(self.server, hosts, card)
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="mcp-bridge", daemon=True)

    def start(self) -> McpBridge:
        self._thread.start()
        self._ready.wait(TIMEOUT)
        if self._error is not None:
            raise RuntimeError("the MCP server did not start") from self._error
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        with contextlib.suppress(asyncio.CancelledError):
            self._loop.run_until_complete(self._main())

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        try:
            async with self.server.session_manager.run():
                self._ready.set()
                await self._stop.wait()
        except BaseException as e:  # reported by start()
            self._error = e
            self._ready.set()

    def close(self) -> None:
        if self._stop is not None and self._loop.is_running():
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(5)

    def handle(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """One HTTP request through the MCP app (blocking the calling thread only)."""
        parts = urlsplit(target)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": parts.path,
            "raw_path": parts.path.encode("latin-1", "replace"),
            "query_string": parts.query.encode("latin-1", "replace"),
            "root_path": "",
            "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
            "client": ("127.0.0.1", 0),
            "server": ("127.0.0.1", 0),
        }
        future = asyncio.run_coroutine_threadsafe(self._call(scope, body), self._loop)
        return future.result(TIMEOUT)

    async def _call(
        self, scope: dict[str, Any], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        sent = False
        done = asyncio.Event()
        status = 500
        out_headers: list[tuple[str, str]] = []
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await done.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                out_headers.extend(
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in message["headers"]
                )
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    done.set()

        await self.app(scope, receive, send)
        done.set()
        return status, out_headers, b"".join(chunks)


class AgentsMixin:
    """Mix into serve's Handler (before it): `class H(AgentsMixin, Handler)`. Needs the
    handler's `state` to have `root` and, for /mcp, `mcp` (an McpBridge or None).

    Superseded: serve's own Handler now negotiates page URLs (`server.Handler.send_file`) and
    mounts `/mcp` lazily (`mcp_mount`); this mixin stays only for tests/agents/serving.py,
    which builds its server with it, and goes when that helper uses the plain Handler."""

    _vary = False

    def serve(self, head: bool) -> None:  # serve's GET/HEAD entry point
        path = urlsplit(self.path).path  # type: ignore[attr-defined]
        if _is_mcp(path):
            self.mcp_request()
            return
        root: Path = self.state.root  # type: ignore[attr-defined]
        twin = twin_file(root, path) if not path.endswith(".md") else None
        if twin is not None:
            kind = negotiate(self.headers.get("Accept"))  # type: ignore[attr-defined]
            if kind != "html":
                if self.host_ok():  # type: ignore[attr-defined]
                    self.send_twin(twin, kind, head)
                return
        self._vary = twin is not None
        try:
            super().serve(head)  # type: ignore[misc]
        finally:
            self._vary = False

    def send_twin(self, twin: Path, kind: str, head: bool) -> None:
        from renderer.render.link_headers import link_header

        body = twin.read_bytes()
        extra: tuple[tuple[str, str], ...] = (("Cache-Control", "no-cache"), ("Vary", "Accept"))
        link = link_header(self.state.root, twin)  # type: ignore[attr-defined]
        if link is not None:
            extra += (("Link", link),)
        self.send(200, body, CONTENT_TYPE[kind], extra, head=head)  # type: ignore[attr-defined]

    def send(self, status: int, body: bytes, ctype: str, extra: tuple = (), head: bool = False):
        if self._vary:
            extra = (*extra, ("Vary", "Accept"))
        return super().send(status, body, ctype, extra, head)  # type: ignore[misc]

    def not_modified(self, etag: str, cache: str) -> None:
        if self._vary:
            self.send_response(304)  # type: ignore[attr-defined]
            self.security_headers()  # type: ignore[attr-defined]
            self.send_header("ETag", etag)  # type: ignore[attr-defined]
            self.send_header("Cache-Control", cache)  # type: ignore[attr-defined]
            self.send_header("Vary", "Accept")  # type: ignore[attr-defined]
            self.end_headers()  # type: ignore[attr-defined]
            return
        super().not_modified(etag, cache)  # type: ignore[misc]

    def do_POST(self) -> None:  # noqa: N802
        if _is_mcp(urlsplit(self.path).path):  # type: ignore[attr-defined]
            self.guarded(self.mcp_request)  # type: ignore[attr-defined]
            return
        super().do_POST()  # type: ignore[misc]

    def do_DELETE(self) -> None:  # noqa: N802
        if _is_mcp(urlsplit(self.path).path):  # type: ignore[attr-defined]
            self.guarded(self.mcp_request)  # type: ignore[attr-defined]
            return
        super().do_DELETE()  # type: ignore[misc]

    def mcp_request(self) -> None:
        """/mcp through the bridge: Host and Origin checked by serve first, the body bounded."""
        bridge: McpBridge | None = getattr(self.state, "mcp", None)  # type: ignore[attr-defined]
        if not self.host_ok():  # type: ignore[attr-defined]
            return
        if bridge is None:
            self.send(404, b"Not found\n", "text/plain; charset=utf-8")  # type: ignore[attr-defined]
            return
        origin = self.headers.get("Origin")  # type: ignore[attr-defined]
        if origin is not None and origin not in self.state.origins:  # type: ignore[attr-defined]
            self.close_connection = True
            self.send(403, b"Cross-origin request refused\n", "text/plain; charset=utf-8")  # type: ignore[attr-defined]
            return
        body = self._mcp_body()
        if body is None:
            return
        headers = list(self.headers.items())  # type: ignore[attr-defined]
        status, out, data = bridge.handle(self.command, self.path, headers, body)  # type: ignore[attr-defined]
        self.send_response(status)  # type: ignore[attr-defined]
        for k, v in out:
            if k.lower() not in ("content-length", "connection", "date", "server"):
                self.send_header(k, v)  # type: ignore[attr-defined]
        self.send_header("Content-Length", str(len(data)))  # type: ignore[attr-defined]
        self.send_header("Cache-Control", "no-store")  # type: ignore[attr-defined]
        self.end_headers()  # type: ignore[attr-defined]
        if self.command != "HEAD":  # type: ignore[attr-defined]
            self.wfile.write(data)  # type: ignore[attr-defined]

    def _mcp_body(self) -> bytes | None:
        if self.command not in ("POST",):  # type: ignore[attr-defined]
            return b""
        length = self.headers.get("Content-Length")  # type: ignore[attr-defined]
        if length is None or not length.isdigit():
            self.close_connection = True
            self.send(411, b"Length required\n", "text/plain; charset=utf-8")  # type: ignore[attr-defined]
            return None
        if int(length) > MAX_BODY:
            self.close_connection = True
            self.send(413, b"Request body too large\n", "text/plain; charset=utf-8")  # type: ignore[attr-defined]
            return None
        return self.rfile.read(int(length))  # type: ignore[attr-defined]


def _is_mcp(path: str) -> bool:
    return path == "/mcp" or path.startswith("/mcp/")
