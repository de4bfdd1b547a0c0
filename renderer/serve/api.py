"""The stub connect API's HTTP side for `hubdocs serve`: refusals in a fixed order (rate limit,
Origin, content type, size), then the body, then the store. Mixed into the request handler."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from renderer.serve.connect_store import Reply
from renderer.serve.hosts import single_origin

MAX_BODY = 64 * 1024
MAX_LINE = 64
"""Bytes in a chunk-size or trailer line, CRLF included."""
MAX_TRAILERS = 8
_DIGITS = re.compile(r"^[0-9]{1,12}\Z")
_HEX_SIZE = re.compile(rb"^[0-9a-fA-F]{1,8}\Z")
ROUTES = ("/api/connect_sessions", "/api/accounts")


class ApiHandler:
    """POST /api/connect_sessions and POST /api/accounts (needs the handler's `send_json`)."""

    state: Any
    headers: Any
    rfile: Any
    wfile: Any
    path: str
    client_address: Any
    close_connection: bool
    send_json: Any
    not_allowed: Any
    request_version: str

    def handle_expect_100(self) -> bool:
        """`Expect: 100-continue` is answered by `read_body`, after every check of the headers."""
        self.expecting = True
        return True

    def api_post(self) -> None:
        path = urlsplit(self.path).path
        store = self.state.store
        if store is None or path not in ROUTES:
            if path.startswith("/api/"):
                self.refuse(404, "no such API route")
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
        origin = single_origin(self.headers.get_all("Origin") or [])
        if origin is not None and origin.lower() not in self.state.origins:
            store.failed(client)
            self.refuse(403, "cross-origin requests are refused")
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/json":
            self.refuse(415, "send application/json")
            return
        body = self.read_body()
        if body is None:
            return
        try:
            text = body.decode("utf-8")  # json.loads(bytes) would also take UTF-16 and UTF-32
        except UnicodeDecodeError:
            text = "\ufeff"
        if text.startswith("\ufeff"):  # not UTF-8, or a byte order mark (RFC 8259 §8.1)
            store.failed(client)
            self.send_json(Reply(400, {"error": "the body is not UTF-8 (without a BOM)"}))
            return
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            store.failed(client)
            self.send_json(Reply(400, {"error": "the body is not valid JSON"}))
            return
        if path == "/api/connect_sessions":
            reply = store.create_session(data)
        else:
            auth = self.headers.get("Authorization") or ""
            token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
            reply = store.link(token, data)
        if reply.status >= 400:
            store.failed(client)
        self.send_json(reply)

    def refuse(self, status: int, message: str) -> None:
        self.close_connection = True
        self.send_json(Reply(status, {"error": message}))

    def go_on(self) -> None:
        """Tell a client waiting on `Expect: 100-continue` to send the body (once)."""
        if getattr(self, "expecting", False):
            self.expecting = False
            self.wfile.write(f"{self.request_version} 100 Continue\r\n\r\n".encode("latin-1"))
            self.wfile.flush()

    def read_body(self, limit: int = MAX_BODY) -> bytes | None:
        """The request body (at most `limit` bytes), or None after answering
        400/408/411/413/501 itself."""
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
                self.go_on()
                return self.read_chunked(limit)
            if cl is None or not _DIGITS.match(cl.strip()):
                self.refuse(411 if cl is None else 400, "send a valid Content-Length")
                return None
            length = int(cl)
            if length > limit:
                self.refuse(413, f"body larger than {limit} bytes")
                return None
            self.go_on()
            data = self.rfile.read(length)
        except TimeoutError:
            self.refuse(408, "request body too slow")
            return None
        if len(data) < length:
            self.refuse(400, "body shorter than Content-Length")
            return None
        return data

    def read_chunked(self, limit: int = MAX_BODY) -> bytes | None:
        """A chunked body: size lines of at most `MAX_LINE` bytes, each chunk's data followed by
        CRLF, then at most `MAX_TRAILERS` trailer lines (ignored) up to an empty line."""
        out = bytearray()
        while True:
            line = self.rfile.readline(MAX_LINE + 1)
            if not line.endswith(b"\n") or len(line) > MAX_LINE:
                self.refuse(400, "chunk line missing or too long")
                return None
            size = line.split(b";")[0].strip()
            if not _HEX_SIZE.match(size):
                self.refuse(400, "bad chunk size")
                return None
            n = int(size, 16)
            if n == 0:
                break
            if len(out) + n > limit:
                self.refuse(413, f"body larger than {limit} bytes")
                return None
            out += self.rfile.read(n)
            if self.rfile.read(2) != b"\r\n":
                self.refuse(400, "chunk data longer or shorter than its size")
                return None
        for _ in range(MAX_TRAILERS + 1):  # the empty line ends them
            line = self.rfile.readline(MAX_LINE + 1)
            if line in (b"\r\n", b"\n"):
                return bytes(out)
            if not line.endswith(b"\n") or len(line) > MAX_LINE:
                break
        self.refuse(400, "trailer lines missing, too long or too many")
        return None
