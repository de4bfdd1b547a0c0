"""The dev server's HTTP edge cases: listen backlog, HEAD, log escaping, invalid text in a
credential, `Expect: 100-continue`, and the security headers on every class of response."""

from __future__ import annotations

import json
import os
import re
import socket
import threading
from http import HTTPStatus
from pathlib import Path

import pytest

from renderer.serve.connect_store import FAILURES_ALLOWED
from renderer.serve.live import Broker

from .stub_api import CANARY, Api

LEAPSOME = "/connectors/leapsome/guides/link-account/scim-api-token"
SECURITY = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


@pytest.fixture
def api(built: Path, tmp_path: Path):
    a = Api(built / "stackone", tmp_path)
    yield a
    a.close()


def head_of(reply: bytes) -> tuple[int, dict[str, str], bytes]:
    """A raw HTTP reply -> (status, headers with lower-case names, body)."""
    head, _, body = reply.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return int(lines[0].split()[1]), headers, body


def assert_secure(headers: dict[str, str], what: str) -> None:
    assert "script-src 'self'" in headers.get("content-security-policy", ""), what
    assert headers.get("x-content-type-options") == "nosniff", what
    assert headers.get("referrer-policy") == "no-referrer", what


def test_backlog_holds_many_pending_connections(built: Path, tmp_path: Path) -> None:
    """200 clients connect while the server is not accepting yet: the kernel queues every one
    (a backlog of 5 drops the rest), and each gets its answer once the server runs."""
    from renderer.config.mkdocs_yml import load_config
    from renderer.serve.server import State, make_server

    from .conftest import ROOT

    state = State(built / "stackone", load_config(ROOT / "mkdocs.yml").brand("stackone"), None)
    server = make_server("127.0.0.1", 0, state, timeout=5)
    port = server.server_address[1]
    socks = []
    running = threading.Thread(target=server.serve_forever, daemon=True)
    try:
        for _ in range(200):
            s = socket.socket()
            s.settimeout(3)
            s.connect(("127.0.0.1", port))  # times out when the kernel's queue is full
            socks.append(s)
        running.start()
        for s in socks:
            s.sendall(f"HEAD / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        for s in socks:
            assert s.recv(4096).startswith(b"HTTP/1.1 200")
    finally:
        for s in socks:
            s.close()
        if running.is_alive():
            server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/accounts", 200), ("/api/nope", 404), ("/api/connect_sessions", 405), (LEAPSOME, 200)],
)
def test_head_sends_no_body(api: Api, path: str, status: int) -> None:
    reply = api.raw(
        f"HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\nConnection: close\r\n\r\n".encode()
    )
    got, headers, body = head_of(reply)
    assert got == status
    assert int(headers["content-length"]) > 0 and body == b""
    assert_secure(headers, path)


def test_control_characters_never_reach_the_log_raw(api: Api) -> None:
    api.raw(
        f"GET /a\x1b[31mred\x07\x7f HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\n"
        "Connection: close\r\n\r\n".encode()
    )
    api.raw(b"G\x1b[2JET / HTTP/1.1\r\nConnection: close\r\n\r\n")
    log = api.log.read_text()
    assert "\x1b" not in log and "\x07" not in log and "\x7f" not in log
    assert "GET /a\\x1b[31mred\\x07\\x7f 404" in log
    assert "G\\x1b[2JET" in log


def test_a_lone_surrogate_is_a_422_and_keeps_the_token(api: Api) -> None:
    token = api.session()
    body = (
        b'{"provider": "leapsome", "auth_method": "scim-api-token",'
        b' "credentials": {"scim_authentication_token": "\\ud800' + CANARY.encode() + b'"}}'
    )
    resp, data = api.request(
        "POST", "/api/accounts", raw=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert resp.status == 422
    assert data["errors"] == {"scim_authentication_token": "SCIM Authentication Token must be text"}
    assert resp.getheader("Cache-Control") == "no-store"
    resp, _ = api.link(token, {"scim_authentication_token": "fixed"})
    assert resp.status == 201  # the 422 did not use the token up
    assert CANARY not in api.log.read_text()


def test_invalid_utf8_body_is_a_400(api: Api) -> None:
    token = api.session()
    resp, _ = api.request(
        "POST",
        "/api/accounts",
        raw=b'{"x": "\xff\xfe"}',
        headers={"Authorization": f"Bearer {token}"},
    )
    assert resp.status == 400
    assert api.link(token, {"scim_authentication_token": "t"})[0].status == 201


def _expect(api: Api, headers: str) -> bytes:
    """Send only the headers of a POST with `Expect: 100-continue`; the first reply line."""
    with socket.create_connection(("127.0.0.1", api.port), timeout=5) as s:
        s.sendall(
            f"POST /api/connect_sessions HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\n"
            f"Expect: 100-continue\r\n{headers}\r\n".encode()
        )
        return s.recv(4096)


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ("Content-Type: application/json\r\nContent-Length: 70000\r\n", b"413"),
        ("Content-Type: text/plain\r\nContent-Length: 10\r\n", b"415"),
        (
            "Content-Type: application/json\r\nContent-Length: 10\r\n"
            "Origin: https://evil.example\r\n",
            b"403",
        ),
        ("Content-Type: application/json\r\n", b"411"),
    ],
)
def test_expect_continue_only_after_the_checks(api: Api, headers: str, status: bytes) -> None:
    assert _expect(api, headers).startswith(b"HTTP/1.1 " + status)


def test_expect_continue_then_the_body(api: Api) -> None:
    body = json.dumps({"provider": "leapsome", "auth_method": "scim-api-token"}).encode()
    with socket.create_connection(("127.0.0.1", api.port), timeout=5) as s:
        s.sendall(
            f"POST /api/connect_sessions HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\n"
            f"Expect: 100-continue\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        )
        assert s.recv(4096) == b"HTTP/1.1 100 Continue\r\n\r\n"
        s.sendall(body)
        reply = b""
        while chunk := s.recv(4096):
            reply += chunk
    assert head_of(reply)[0] == 201


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GARBAGE\r\n\r\n", 400),
        (b"BREW / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n", 501),
        (b"GET / HTTP/2.0\r\n\r\n", 505),
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 120 + b"\r\n", 431),
    ],
)
def test_http_servers_own_error_pages_carry_the_headers(
    api: Api, request_bytes: bytes, status: int
) -> None:
    got, headers, body = head_of(api.raw(request_bytes.replace(b"{port}", b"%d" % api.port)))
    assert got == status
    assert_secure(headers, str(status))
    assert headers["cache-control"] == "no-store"
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert headers["connection"] == "close"
    # a fixed text, never an HTML page echoing the request
    assert body == f"{status} {HTTPStatus(status).phrase}\n".encode()


def test_every_response_class_carries_the_security_headers(api: Api) -> None:
    host = f"127.0.0.1:{api.port}"
    seen: dict[str, dict[str, str]] = {}

    def get(
        name: str, path: str, extra: str = "", method: str = "GET", body: str = "", to: str = host
    ) -> int:
        reply = api.raw(
            f"{method} {path} HTTP/1.1\r\nHost: {to}\r\n{extra}Connection: close\r\n\r\n{body}".encode()
        )
        status, headers, _ = head_of(reply)
        seen[name] = headers
        return status

    json_body = "Content-Type: application/json\r\nContent-Length: 2\r\n"
    assert get("200 page", LEAPSOME) == 200
    assert get("304", LEAPSOME, f"If-None-Match: {seen['200 page']['etag']}\r\n") == 304
    assert get("404 page", "/no/such/page") == 404
    assert get("markdown twin", LEAPSOME + ".md") == 200
    assert seen["markdown twin"]["content-type"] == "text/markdown; charset=utf-8"
    assert get("asset", "/llms.txt") == 200
    assert get("API 200", "/api/accounts") == 200
    assert get("API 404", "/api/nope") == 404
    assert get("API 405", "/api/connect_sessions") == 405
    assert get("405 PUT", "/", method="PUT") == 405
    assert get("API 401", "/api/accounts", json_body, "POST", "{}") == 401
    assert get("API 415", "/api/accounts", "Content-Length: 2\r\n", "POST", "{}") == 415
    assert get("API 422", "/api/connect_sessions", json_body, "POST", "{}") == 422
    assert get("API 421", "/api/accounts", to="evil.example") == 421
    assert get("421", "/", to="evil.example") == 421
    for name, headers in seen.items():
        assert_secure(headers, name)
    for name in seen:
        if name.startswith("API"):
            assert seen[name]["cache-control"] == "no-store", name


def test_event_stream_carries_the_security_headers(api: Api) -> None:
    api.state.broker = Broker()
    api.state.live_js = b"// live\n"
    try:
        with socket.create_connection(("127.0.0.1", api.port), timeout=5) as s:
            s.sendall(
                f"GET /_hubdocs/events HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\n\r\n".encode()
            )
            reply = b""
            while b"\r\n\r\n" not in reply:
                reply += s.recv(4096)
        status, headers, _ = head_of(reply)
        assert status == 200 and headers["content-type"].startswith("text/event-stream")
        assert_secure(headers, "SSE")
        status, headers, _ = head_of(
            api.raw(
                f"GET /_hubdocs/live.js HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\nConnection: close\r\n\r\n".encode()
            )
        )
        assert status == 200
        assert_secure(headers, "live.js")
    finally:
        api.state.broker.close()
        api.state.broker = None


JSON_HEAD = "Content-Type: application/json\r\n"
ROUTE = "/api/connect_sessions"
SESSION = b'{"provider": "leapsome", "auth_method": "scim-api-token"}'


def _post(api: Api, head: str, body: bytes = b"", path: str = "/api/connect_sessions") -> bytes:
    """One POST on a kept-alive connection, the body's end shut: the server must close it."""
    with socket.create_connection(("127.0.0.1", api.port), timeout=5) as s:
        s.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\n{head}\r\n".encode() + body
        )
        s.shutdown(socket.SHUT_WR)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    return out


@pytest.mark.parametrize(
    ("head", "body", "path", "status", "error"),
    [
        (JSON_HEAD + "Content-Length: 2\r\n", b"{}", "/api/nope", 404, "no such API route"),
        (
            JSON_HEAD + "Content-Length: 2\r\nOrigin: https://evil.example\r\n",
            b"{}",
            None,
            403,
            "cross-origin requests are refused",
        ),
        (
            JSON_HEAD + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n",
            b"{}",
            None,
            400,
            "send Content-Length or Transfer-Encoding, not both",
        ),
        (
            JSON_HEAD + "Transfer-Encoding: gzip\r\n",
            b"",
            None,
            501,
            "only Transfer-Encoding: chunked is supported",
        ),
        (JSON_HEAD, b"", None, 411, "send a valid Content-Length"),
        (JSON_HEAD + "Content-Length: 1e3\r\n", b"", None, 400, "send a valid Content-Length"),
        (JSON_HEAD + "Content-Length: 65537\r\n", b"", None, 413, "body larger than 65536 bytes"),
        (
            JSON_HEAD + "Content-Length: 10\r\n",
            b"{}",
            None,
            400,
            "body shorter than Content-Length",
        ),
        (
            JSON_HEAD + "Transfer-Encoding: chunked\r\n",
            b"zz\r\n{}\r\n0\r\n\r\n",
            None,
            400,
            "bad chunk size",
        ),
        (
            "Content-Type: text/plain\r\nContent-Length: 2\r\n",
            b"{}",
            None,
            415,
            "send application/json",
        ),
        (JSON_HEAD + "Content-Length: 2\r\n", b"{x", None, 400, "the body is not valid JSON"),
        (
            JSON_HEAD + "Transfer-Encoding: chunked\r\n",
            b"2;" + b"e" * 61 + b"\r\n{}\r\n0\r\n\r\n",  # a size line of 65 bytes
            None,
            400,
            "chunk line missing or too long",
        ),
        (
            JSON_HEAD + "Transfer-Encoding: chunked\r\n",
            b"1\r\n{}\r\n0\r\n\r\n",
            None,
            400,
            "chunk data longer or shorter than its size",
        ),
        (
            JSON_HEAD + "Transfer-Encoding: chunked\r\n",
            b"2\r\n{}\r\n0\r\n",
            None,
            400,
            "trailer lines missing, too long or too many",
        ),
        (
            JSON_HEAD + "Transfer-Encoding: chunked\r\n",
            b"2\r\n{}\r\n0\r\n" + b"X-T: 1\r\n" * 9 + b"\r\n",
            None,
            400,
            "trailer lines missing, too long or too many",
        ),
        (
            JSON_HEAD + "Transfer-Encoding: chunked\r\n",
            b"8000\r\n" + b" " * 0x8000 + b"\r\n8001\r\n",
            None,
            413,
            "body larger than 65536 bytes",
        ),
    ],
)
def test_refusals_say_why_and_close_the_connection(
    api: Api, head: str, body: bytes, path: str | None, status: int, error: str
) -> None:
    got, headers, data = head_of(_post(api, head, body, path or "/api/connect_sessions"))
    assert (got, json.loads(data)) == (status, {"error": error})
    assert headers["cache-control"] == "no-store"


def test_chunked_bodies_at_and_under_the_limit_are_read_whole(api: Api) -> None:
    chunked = JSON_HEAD + "Transfer-Encoding: chunked\r\n"
    one_byte = b"".join(b"1;ext=x\r\n" + bytes([c]) + b"\r\n" for c in SESSION) + b"0\r\n\r\n"
    got, _, data = head_of(_post(api, chunked, one_byte))
    assert got == 201 and set(json.loads(data)) == {"token", "expires_at"}
    longest = f"{len(SESSION):x};".encode() + b"e" * 59 + b"\r\n"  # 64 bytes: the most allowed
    assert len(longest) == 64
    trailers = b"0\r\n" + b"X-T: 1\r\n" * 7 + b"X-" + b"t" * 60 + b"\r\n\r\n"  # 64 bytes
    got, _, data = head_of(_post(api, chunked, longest + SESSION + b"\r\n" + trailers))
    assert got == 201, data
    bare_lf = f"{len(SESSION):x}\r\n".encode() + SESSION + b"\r\n0\r\nX-T: 1\n\n"
    got, _, data = head_of(_post(api, chunked, bare_lf))
    assert got == 201, data  # lines may end in a bare LF, as http.server allows for headers
    whole = SESSION[:-1] + b" " * (0x10000 - len(SESSION)) + b"}"  # exactly 64 KiB
    at_limit = b"8000\r\n" + whole[:0x8000] + b"\r\n8000\r\n" + whole[0x8000:] + b"\r\n0\r\n\r\n"
    assert head_of(_post(api, chunked, at_limit))[0] == 201
    got, _, _ = head_of(_post(api, JSON_HEAD + "Content-Length: 65536\r\n", whole))
    assert got == 201


def test_without_a_store_the_api_routes_are_missing(api: Api) -> None:
    store, api.state.store = api.state.store, None
    try:
        got, _, data = head_of(_post(api, JSON_HEAD + "Content-Length: 2\r\n", b"{}"))
    finally:
        api.state.store = store
    assert (got, json.loads(data)) == (404, {"error": "no such API route"})


def _exchange(
    api: Api, first: bytes, second: bytes, source: str = "127.0.0.1"
) -> tuple[int, dict[str, str], bytes, bool]:
    """Send `first` on a kept-alive connection, read its whole reply, then send `second` on the
    same connection: (status, headers, body, whether the server had closed it instead of
    answering)."""
    with socket.create_connection(
        ("127.0.0.1", api.port), timeout=10, source_address=(source, 0)
    ) as s:
        s.sendall(first)
        reply = b""
        while b"\r\n\r\n" not in reply:
            reply += s.recv(65536)
        status, headers, body = head_of(reply)
        while len(body) < int(headers["content-length"]):
            body += s.recv(65536)
        try:
            s.sendall(second)
            more = s.recv(65536)
        except (BrokenPipeError, ConnectionResetError):
            more = b""
    return status, headers, body, more == b""


def _reply_then_closed(api: Api, first: bytes, source: str = "127.0.0.1") -> tuple[int, dict, bool]:
    """`_exchange` with a valid session request second: (status, JSON body, closed)."""
    second = (
        f"POST /api/connect_sessions HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\n{JSON_HEAD}"
        f"Content-Length: {len(SESSION)}\r\n\r\n"
    ).encode() + SESSION
    status, _, body, closed = _exchange(api, first, second, source)
    return status, json.loads(body), closed


def _request(api: Api, head: str, body: bytes, path: str = "/api/connect_sessions") -> bytes:
    host = f"Host: 127.0.0.1:{api.port}\r\n"
    return f"POST {path} HTTP/1.1\r\n{host}{head}\r\n".encode() + body


@pytest.mark.parametrize(
    ("head", "body", "path", "status"),
    [
        (JSON_HEAD + "Content-Length: 2\r\n", b"{}", "/api/nope", 404),
        (JSON_HEAD + "Content-Length: 2\r\nOrigin: https://evil.example\r\n", b"{}", None, 403),
        ("Content-Type: text/plain\r\nContent-Length: 2\r\n", b"{}", None, 415),
        (JSON_HEAD, b"", None, 411),
        (JSON_HEAD + "Content-Length: 65537\r\n", b"", None, 413),
        (JSON_HEAD + "Transfer-Encoding: gzip\r\n", b"", None, 501),
    ],
)
def test_a_refusal_closes_a_kept_alive_connection(
    api: Api, head: str, body: bytes, path: str | None, status: int
) -> None:
    """A refused request's body may still be on its way: the server answers and closes, it never
    reads what follows as a new request (here a valid one, which would get a 201)."""
    got, _, closed = _reply_then_closed(api, _request(api, head, body, path or ROUTE))
    assert (got, closed) == (status, True)
    head = f"Content-Type: application/json; charset=utf-8\r\nContent-Length: {len(SESSION)}\r\n"
    assert _reply_then_closed(api, _request(api, head, SESSION))[::2] == (201, False)


@pytest.mark.parametrize(
    ("extra", "body", "status"),
    [("", b"{x", 400), ("Origin: https://evil.example\r\n", b"{}", 403)],
)
def test_the_rate_limit_counts_each_client_apart(
    api: Api, extra: str, body: bytes, status: int
) -> None:
    """Invalid JSON, or a cross-origin request, is a failure of the client that sent it
    (127.0.0.2 here, a real second address on the loopback): after 20 it gets a 429 and the
    connection closed; 127.0.0.1 is not limited by them."""
    bad = _request(api, JSON_HEAD + extra + f"Content-Length: {len(body)}\r\n", body)
    for _ in range(FAILURES_ALLOWED):
        assert _reply_then_closed(api, bad, "127.0.0.2")[0] == status
    got, data, closed = _reply_then_closed(api, bad, "127.0.0.2")
    assert (got, data, closed) == (
        429,
        {"error": "too many failed attempts; try again later"},
        True,
    )
    ok = _request(api, JSON_HEAD + f"Content-Length: {len(SESSION)}\r\n", SESSION)
    assert _reply_then_closed(api, ok)[0] == 201


def test_a_token_is_read_from_the_bearer_scheme_only(api: Api) -> None:
    """`Digest <token>` is as long as `Bearer <token>`: the token is not taken from it (401),
    and it is not used up by the refusal."""
    token = api.session()
    creds = {"scim_authentication_token": "s3cr3t-value"}
    body = {"provider": "leapsome", "auth_method": "scim-api-token", "credentials": creds}
    resp, data = api.request("POST", "/api/accounts", body, {"Authorization": f"Digest {token}"})
    assert (resp.status, data) == (401, {"error": "missing, expired or already used session token"})
    assert api.link(token, creds)[0].status == 201


def test_a_slow_body_gets_a_408(api: Api) -> None:
    """The fixture's server times reads out after 1.5 s: a body that stops short gets a 408 and
    the connection is closed."""
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as s:
        s.sendall(_request(api, JSON_HEAD + "Content-Length: 10\r\n", b"{}"))
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    got, headers, data = head_of(out)
    assert (got, json.loads(data)) == (408, {"error": "request body too slow"})
    assert headers["cache-control"] == "no-store"


@pytest.mark.parametrize("before", [b"", b"2\r\n{}\r\n0\r\n"])
def test_a_long_chunk_or_trailer_line_is_refused_before_it_ends(api: Api, before: bytes) -> None:
    """A size or trailer line is read 65 bytes at most: a client sending an endless line gets
    its 400 at once, not after the server has read (and held) all of it."""
    head = _request(api, JSON_HEAD + "Transfer-Encoding: chunked\r\n", before + b"a" * 200)
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as s:
        s.sendall(head)  # the line never ends, and the connection stays open
        reply = b""
        while b"\r\n\r\n" not in reply:
            reply += s.recv(65536)
    got, _, data = head_of(reply)
    assert got == 400, data


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "HUBDOCS_DEBUG"])
def test_an_unexpected_error_is_logged_with_a_request_id(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, debug: bool
) -> None:
    """A real failure inside a handler (the accounts table dropped under the running server):
    500 with "internal error" only, an `X-Request-Id`, and a log line with that id, the
    exception's type and where it was raised; the traceback only under HUBDOCS_DEBUG=1."""
    if debug:
        monkeypatch.setenv("HUBDOCS_DEBUG", "1")
    else:
        monkeypatch.delenv("HUBDOCS_DEBUG", raising=False)
    a = Api(built / "stackone", tmp_path)
    try:
        a.rows("DROP TABLE accounts")
        resp, data = a.request("GET", "/api/accounts")
        assert (resp.status, data) == (500, {"error": "internal error"})
        rid = resp.getheader("X-Request-Id")
        assert rid and len(rid) == 12
        log = a.log.read_text()
        line = next(x for x in log.splitlines() if rid in x)
        said = (
            rf"error: request {rid}: GET /api/accounts: unexpected OperationalError "
            r"\(SQLITE_ERROR\) at \S*connect_store\.py:\d+"
        )
        if not debug:
            said += re.escape(" (HUBDOCS_DEBUG=1 logs the traceback)")
        assert re.fullmatch(said, line), line
        assert ("Traceback (most recent call last)" in log) is debug
        if debug:  # the traceback on the lines after, ending with the exception, no blank line
            after = log.split(line + "\n", 1)[1]
            assert after.startswith("Traceback (most recent call last):\n")
            assert "sqlite3.OperationalError: no such table: accounts\n" in after
            assert "\n\n" not in after
            frames = re.compile(
                r"Traceback \(most recent call last\):|  File .*|    .*|\S.*Error: .*"
            )
            lines = after.splitlines()  # the traceback, then the request's own log line
            block = lines[: lines.index("sqlite3.OperationalError: no such table: accounts") + 1]
            assert all(frames.fullmatch(x) for x in block), block  # nothing but the traceback
    finally:
        a.close()


def test_a_symbolic_link_loop_in_the_site_is_a_404(built: Path, tmp_path: Path) -> None:
    """A link loop under the served folder (a theme file gone wrong) is a missing file, for the
    page and for its twin: 404 or the HTML page, never a 500."""
    import shutil

    root = tmp_path / "site"
    root.mkdir()
    for name in ("index.html", "_headers", "404.html"):
        shutil.copy(built / "stackone" / name, root / name)
    (root / "loop.html").symlink_to("loop.html")
    (root / "index.md").symlink_to("index.md")
    a = Api(root, tmp_path / "state")
    try:
        host = f"Host: 127.0.0.1:{a.port}\r\nConnection: close\r\n"
        got, _, _ = head_of(a.raw(f"GET /loop HTTP/1.1\r\n{host}\r\n".encode()))
        assert got == 404
        got, headers, _ = head_of(
            a.raw(f"GET / HTTP/1.1\r\n{host}Accept: text/markdown\r\n\r\n".encode())
        )
        assert (got, headers["content-type"]) == (200, "text/html; charset=utf-8")
        assert "error: request" not in a.log.read_text()
    finally:
        a.close()


@pytest.mark.parametrize(
    ("hosts", "status", "text"),
    [
        ("Host: evil.example\r\n", 421, b"Misdirected request: unknown Host\n"),
        (
            "Host: 127.0.0.1:{port}\r\nHost: 127.0.0.1:{port}\r\n",
            400,
            b"Bad request: send exactly one Host header\n",
        ),
    ],
)
def test_a_host_refusal_is_plain_uncached_and_closes_the_connection(
    api: Api, hosts: str, status: int, text: bytes
) -> None:
    """A request the Host rules refuse gets its fixed text (421 for another host, 400 for a
    malformed Host), is never cached, and its connection is closed: a valid request sent after
    it on the same connection is never answered."""
    first = f"GET / HTTP/1.1\r\n{hosts.format(port=api.port)}\r\n".encode()
    second = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\n\r\n".encode()
    got, headers, body, closed = _exchange(api, first, second)
    assert (got, body, closed) == (status, text, True)
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert (headers["cache-control"], headers["connection"]) == ("no-store", "close")
    assert_secure(headers, f"the {status} refusal")


@pytest.mark.parametrize(
    ("path", "cache"),
    [
        (LEAPSOME, "no-cache"),
        (LEAPSOME + ".md", "no-cache"),
        ("/llms.txt", "no-cache"),
        ("/assets/style.css", "public, max-age=300"),
    ],
)
def test_pages_are_revalidated_and_assets_cached_for_five_minutes(
    api: Api, path: str, cache: str
) -> None:
    """Pages, twins and text files are revalidated on every use (`no-cache`, with an ETag);
    assets, whose URLs carry their content's hash, are kept five minutes. A 304 says the same."""

    status, headers, _ = _get(api, path)
    assert (status, headers["cache-control"]) == (200, cache)
    again, same, body = _get(api, path, f"If-None-Match: {headers['etag']}\r\n")
    assert (again, same["cache-control"], same["etag"], body) == (304, cache, headers["etag"], b"")


@pytest.fixture
def odd_site(tmp_path: Path) -> Path:
    """A site folder holding files named like the spellings `resolve` refuses, so that each
    refusal is seen (without its file, a refused path is a 404 either way)."""
    root = tmp_path / "site"
    for rel in (
        "index.html",
        "a.html",
        "sub.html",
        "sub/index.html",
        "Xylo.html",
        "x%41.html",
        "a\\b.html",
        "\ufffd.html",
        ".env",
        "report.pdf",
        "data.zzq",
        "page.html",
        "loop.html",
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel)
    (root / "loop").symlink_to("loop")  # a link loop where `/loop` looks first
    return root


@pytest.mark.parametrize(
    ("raw", "served"),
    [
        ("/", "index.html"),
        ("/a", "a.html"),
        ("/a?x=1#top", "a.html"),
        ("/sub", "sub.html"),
        ("/sub/", "sub/index.html"),  # a folder URL is its index, even beside sub.html
        ("/Xylo", "Xylo.html"),
        ("/page/", "page.html"),  # a folder URL without a folder: the page
        ("/loop", "loop.html"),  # the first candidate a link loop: the next one is tried
        ("/x%2541.html", None),  # encoded twice: `%` left after decoding
        ("/a%5Cb.html", None),  # a backslash
        ("/a%00.html", None),  # NUL: refused, not a crash
        ("/%2Fa.html", None),  # an encoded slash making the path start with //
        ("/.env", None),  # a dotfile
        ("/sub/../a.html", None),
        ("/./a.html", None),
        ("a.html", None),  # not absolute
    ],
)
def test_resolve_serves_plain_paths_and_refuses_every_odd_spelling(
    odd_site: Path, raw: str, served: str | None
) -> None:
    from renderer.serve.server import resolve

    got = resolve(odd_site, raw)
    assert got == (None if served is None else (odd_site / served).resolve())


def test_a_path_that_is_not_utf8_is_refused_before_any_file_is_looked_up(odd_site: Path) -> None:
    """`%ff` decodes to nothing: never the replacement character's file (the handler answers
    the UnicodeDecodeError with 404)."""
    from renderer.serve.server import resolve

    with pytest.raises(UnicodeDecodeError):
        resolve(odd_site, "/%ff.html")


def test_content_types_beyond_the_table(odd_site: Path) -> None:
    from renderer.serve.server import content_type

    assert content_type(odd_site, odd_site / "report.pdf") == "application/pdf"
    assert content_type(odd_site, odd_site / "data.zzq") == "application/octet-stream"
    assert content_type(odd_site, odd_site / "a.html") == "text/html; charset=utf-8"


def _get(api: Api, path: str, extra: str = "") -> tuple[int, dict[str, str], bytes]:
    host = f"Host: 127.0.0.1:{api.port}\r\n"
    return head_of(
        api.raw(f"GET {path} HTTP/1.1\r\n{host}{extra}Connection: close\r\n\r\n".encode())
    )


def test_each_form_of_a_page_has_its_own_etag(api: Api) -> None:
    """The page and its twin (as Markdown, as plain text) share a URL (`Vary: Accept`): each
    form has its own ETag, so a cache never revalidates one form with another's."""
    tags = {}
    for accept in ("text/html", "text/markdown", "text/plain"):
        status, headers, _ = _get(api, LEAPSOME, f"Accept: {accept}\r\n")
        assert status == 200 and headers["vary"] == "Accept", accept
        tags[accept] = headers["etag"]
    assert tags["text/markdown"].startswith('"m-') and tags["text/plain"].startswith('"t-')
    page = os.stat(api.state.root / (LEAPSOME.lstrip("/") + ".html"))
    assert tags["text/html"] == f'"{page.st_size:x}-{page.st_mtime_ns:x}"'  # no prefix
    assert tags["text/markdown"][3:] == tags["text/plain"][3:] != tags["text/html"][1:]
    status, _, body = _get(
        api, LEAPSOME, f"Accept: text/markdown\r\nIf-None-Match: {tags['text/html']}\r\n"
    )
    assert status == 200 and body.startswith((b"> ", b"# ")), body[:40]


def test_live_preview_pages_carry_the_reload_script_and_are_never_cached(api: Api) -> None:
    """Under `hubdocs serve` with a watcher: every HTML page gets the reload script once, right
    before `</head>`, and `no-store` without an ETag; twins and assets are served as built."""
    status, headers, body = _get(api, LEAPSOME)  # without a watcher: the page as built
    assert b"live.js" not in body and "etag" in headers
    api.state.broker = Broker()
    api.state.live_js = b"// live\n"
    try:
        status, headers, body = _get(api, LEAPSOME)
        assert status == 200 and headers["cache-control"] == "no-store" and "etag" not in headers
        assert body.count(b"/_hubdocs/live.js") == 1
        assert b'<script src="/_hubdocs/live.js" defer></script>\n</head>' in body
        built = (api.state.root / (LEAPSOME.lstrip("/") + ".html")).read_bytes()
        assert body.replace(b'<script src="/_hubdocs/live.js" defer></script>\n', b"") == built
        for path in (LEAPSOME + ".md", "/llms.txt"):
            status, headers, body = _get(api, path)
            assert status == 200 and b"live.js" not in body, path
            assert headers["cache-control"] == "no-store", path
    finally:
        api.state.broker.close()
        api.state.broker = None


def test_an_unexpected_error_without_an_sqlite_code_is_logged_by_its_type(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure that is not SQLite's own (the store's database closed under the running
    server): the log line names the exception's type alone."""
    monkeypatch.delenv("HUBDOCS_DEBUG", raising=False)
    api.store.db.close()
    resp, data = api.request("GET", "/api/accounts")
    assert (resp.status, data) == (500, {"error": "internal error"})
    rid = resp.getheader("X-Request-Id")
    line = next(x for x in api.log.read_text().splitlines() if rid in x)
    said = (
        rf"error: request {rid}: GET /api/accounts: unexpected ProgrammingError "
        r"at \S*connect_store\.py:\d+ \(HUBDOCS_DEBUG=1 logs the traceback\)"
    )
    assert re.fullmatch(said, line), line


def test_api_replies_are_json_with_sorted_keys(api: Api) -> None:
    """Every API answer is `application/json`, its keys in sorted order (the same bytes for the
    same answer); an unknown route says so."""
    status, headers, body = head_of(
        api.raw(_request(api, JSON_HEAD + f"Content-Length: {len(SESSION)}\r\n", SESSION))
    )
    assert status == 201 and headers["content-type"] == "application/json"
    keys = list(json.loads(body))
    assert len(keys) > 1 and keys == sorted(keys), body
    status, headers, body = _get(api, "/api/nope")
    assert (status, headers["content-type"]) == (404, "application/json")
    assert body == b'{"error": "no such API route"}'


def test_a_missing_page_is_the_sites_404_page_or_plain_text(api: Api, tmp_path: Path) -> None:
    """A path no file answers, or one that is not UTF-8, gets the site's own 404 page; a site
    without one gets a plain "Not found"."""
    page = (api.state.root / "404.html").read_bytes()
    for path in ("/no/such/page", "/%ff"):
        status, headers, body = _get(api, path)
        assert (status, body) == (404, page), path
        assert headers["content-type"] == "text/html; charset=utf-8", path
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    bare = Api(tmp_path / "empty", tmp_path / "other")  # its own store and log
    try:
        status, _, body = _get(bare, "/no/such/page")
        assert (status, body) == (404, b"Not found\n")
    finally:
        bare.close()


def test_an_unexpected_error_closes_a_kept_alive_connection(api: Api) -> None:
    """After a 500 the handler's state is not trusted: the connection is closed, not reused."""
    api.store.db.close()
    host = f"Host: 127.0.0.1:{api.port}\r\n"
    status, headers, _, closed = _exchange(
        api,
        f"GET /api/accounts HTTP/1.1\r\n{host}\r\n".encode(),
        f"GET / HTTP/1.1\r\n{host}\r\n".encode(),
    )
    assert status == 500 and "x-request-id" in headers
    assert closed


@pytest.mark.parametrize(
    ("text", "logged"),
    [
        ("/plain/path", "/plain/path"),
        ("/a\\b", "/a\\\\b"),  # a backslash is escaped too: no forged `\x1b` in a log
        ("/a\x1bb", "/a\\x1bb"),
        ("/" + "x" * 300, "/" + "x" * 199),  # capped at 200 characters
    ],
)
def test_printable_escapes_and_caps_what_reaches_a_log_line(text: str, logged: str) -> None:
    from renderer.serve.server import printable

    assert printable(text) == logged


def test_a_request_line_http_server_cannot_parse_is_logged_without_a_path(api: Api) -> None:
    """A malformed request line (no method and target to show) and an over-long method: each
    logged as one short line, the method capped at 20 characters."""
    api.raw(b"GARBAGE\r\n\r\n")
    api.raw(f"{'M' * 30} / HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\n\r\n".encode())
    lines = api.log.read_text().splitlines()
    assert "-  400" in lines
    assert f"{'M' * 20} / 501" in lines
