"""`/mcp` in `hubdocs serve`: the brand's MCP server (issue 28), started by the first request
for it.

The server is `renderer.serve.mcp` (the MCP SDK's Streamable HTTP app, stateless with JSON
responses, over `renderer.agents`' reading of the built brand), run by
`renderer.serve.agents_mount.McpBridge` on an event loop in a background thread: a request
thread hands it a whole request and gets a whole response back. They are imported here only,
inside `McpSlot.get`, on the first `/mcp` request: importing the SDK takes seconds (13 s on a
loaded 2-core machine), and no other answer of serve waits for it. When they cannot be imported
(the `mcp` package or `renderer.agents` missing), `/mcp` answers 503 "MCP server not available"
and everything else is served as usual.

The same protections as the rest of serve: the Host rules run for every request before this
(`hosts.check_request`: 400/421), an `Origin` must be the server's own (403), the body is
bounded (413) and read only after those checks (`Expect: 100-continue` included); the bridge's
own guard checks Host and Origin again against the same names.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from renderer.serve.hosts import single_origin

MCP_PATH = "/mcp"
MAX_MCP_BODY = 1024 * 1024
"""Largest MCP request body read (JSON-RPC messages of a read-only docs server are small)."""
UNAVAILABLE = b"MCP server not available\n"
_NOT_PASSED = frozenset(
    {
        "content-length",
        "content-type",
        "connection",
        "keep-alive",
        "transfer-encoding",
        "date",
        "server",
        "cache-control",
        "content-security-policy",
        "x-content-type-options",
        "referrer-policy",
    }
)
"""Response headers of the bridge that serve sets itself (or that describe its connection)."""


def is_mcp(path: str) -> bool:
    return path == MCP_PATH or path.startswith(MCP_PATH + "/")


class McpSlot:
    """The MCP bridge of one served brand: nothing until `get()` is first called, then one
    bridge for the life of the server. A missing `renderer.agents` (or SDK) is remembered; any
    other failure to start is logged (its type only) and tried again on the next request."""

    def __init__(
        self,
        root: Path,
        hosts: Callable[[], set[str]],
        url: Callable[[], str],
        log: Callable[[str], None],
    ):
        self.root, self.hosts, self.url, self.log = root, hosts, url, log
        self.lock = threading.Lock()
        self.bridge: Any = None
        self.missing = False

    def get(self) -> Any:
        """The started bridge, or None when there is no MCP server to offer."""
        with self.lock:
            if self.bridge is not None or self.missing:
                return self.bridge
            try:
                from renderer.serve.agents_mount import McpBridge

                bridge = McpBridge(self.root.parent, self.root.name, self.hosts, self.url())
                self.bridge = bridge.start()
            except ImportError as exc:
                self.missing = True
                what = exc.name or "the MCP server"
                self.log(f"hubdocs: /mcp: MCP server not available ({what} cannot be imported)")
            except Exception as exc:
                self.log(f"hubdocs: /mcp: the MCP server did not start: {type(exc).__name__}")
            return self.bridge

    def close(self) -> None:
        with self.lock:
            if self.bridge is not None:
                self.bridge.close()
                self.bridge = None


class McpMount:
    """`/mcp` for the request handler (GET, HEAD, POST, DELETE); needs the handler's `state`
    (with `mcp_slot` and `origins`), `send`, `read_body` and the checked `host`."""

    state: Any
    headers: Any
    path: str
    command: str
    host: str
    close_connection: bool
    send: Any
    read_body: Any

    def mcp_request(self) -> None:
        origin = single_origin(self.headers.get_all("Origin") or [])
        if origin is not None and origin.lower() not in self.state.origins:
            self.close_connection = True
            self.send_text(403, b"Cross-origin request refused\n")
            return
        bridge = self.state.mcp_slot.get()
        if bridge is None:
            self.close_connection = True
            self.send_text(503, UNAVAILABLE)
            return
        body = b""
        if self.command == "POST":
            body = self.read_body(MAX_MCP_BODY)
            if body is None:
                return
        headers = [(k, v) for k, v in self.headers.items() if k.lower() != "host"]
        headers.append(("Host", self.host))  # the value the Host rules accepted
        try:
            status, out, data = bridge.handle(self.command, self.path, headers, body)
        except TimeoutError:
            self.close_connection = True
            self.send_text(504, b"MCP request timed out\n")
            return
        ctype = next((v for k, v in out if k.lower() == "content-type"), "application/json")
        extra = tuple((k, v) for k, v in out if k.lower() not in _NOT_PASSED)
        self.send(status, data, ctype, (("Cache-Control", "no-store"), *extra))

    def send_text(self, status: int, body: bytes) -> None:
        self.send(status, body, "text/plain; charset=utf-8", (("Cache-Control", "no-store"),))
