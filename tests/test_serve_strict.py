"""Strict request handling in `hubdocs serve` (issue 29): exactly one Host header, the optional
whitespace around it and nothing else, absolute-form targets checked like Host, JSON bodies in
UTF-8 only, and a 422 that never echoes a credential name the form does not have."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from renderer.serve.hosts import check_request

from .stub_api import CANARY, Api
from .test_serve_http import assert_secure, head_of

LEAPSOME = "/connectors/leapsome/guides/link-account/scim-api-token"


@pytest.fixture
def api(built: Path, tmp_path: Path):
    a = Api(built / "stackone", tmp_path)
    yield a
    a.close()


def _send(api: Api, request_line: str, headers: str, body: bytes = b"") -> tuple[int, dict, bytes]:
    """One raw request (`{host}` stands for the server's own host:port)."""
    host = f"127.0.0.1:{api.port}"
    head = f"{request_line}\r\n{headers}Connection: close\r\n\r\n".replace("{host}", host)
    return head_of(api.raw(head.encode("latin-1") + body))


def _sessions(api: Api) -> int:
    return api.rows("SELECT count(*) FROM sessions")[0][0]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ("Host: {host}\r\n", 200),
        ("Host: LOCALHOST:{port}\r\n", 200),  # names are case-insensitive
        ("Host: {host} \r\n", 200),  # optional whitespace is not part of a value (RFC 9112)
        ("Host:\t {host}\t \r\n", 200),
        ("", 400),  # no Host
        ("Host: {host}\r\nHost: {host}\r\n", 400),  # two, even when both are ours
        ("Host: {host}\r\nHost: evil.example\r\n", 400),
        ("Host: evil.example\r\nHost: {host}\r\n", 400),
        ("Host: {host} x\r\n", 400),  # whitespace inside the value
        ("Host: {host}\x0b\r\n", 400),
        ("Host: {host}\r\n evil.example\r\n", 400),  # a folded (obs-fold) line
        ("Host: user@{host}\r\n", 400),
        ("Host: {host}/x\r\n", 400),
        ("Host: \r\n", 400),
        ("Host: evil.example\r\n", 421),
        ("Host: 127.0.0.1\r\n", 421),  # another port
        ("Host: evil.example:{port}\r\n", 421),
    ],
)
def test_exactly_one_host_header_and_only_ours(api: Api, headers: str, status: int) -> None:
    """The Host rules hold for every method and path, before anything else runs: a POST with a
    bad Host makes no session, a PUT gets its 400/421 before the 405."""
    headers = headers.replace("{port}", str(api.port))
    body = b'{"provider": "leapsome", "auth_method": "scim-api-token"}'
    extra = f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    for method in ("GET", "HEAD", "POST", "PUT"):
        path = "/api/connect_sessions" if method == "POST" else LEAPSOME
        before = _sessions(api)
        got, hdrs, _ = _send(api, f"{method} {path} HTTP/1.1", headers + extra, body)
        expected = {"POST": 201, "PUT": 405}.get(method, 200) if status == 200 else status
        assert got == expected, method
        assert_secure(hdrs, f"{method} {headers!r}")
        assert _sessions(api) == before + (got == 201)
        if status != 200:
            assert hdrs["connection"] == "close" and hdrs["cache-control"] == "no-store"


def test_an_http_1_0_request_needs_its_host_too(api: Api) -> None:
    assert _send(api, "GET / HTTP/1.0", "")[0] == 400
    assert _send(api, "GET / HTTP/1.0", "Host: {host}\r\n")[0] == 200


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("http://evil.example/llms.txt", 421),
        ("http://evil.example:{port}/llms.txt", 421),
        ("http://127.0.0.1/llms.txt", 421),  # another port
        ("https://{host}/llms.txt", 421),  # not the scheme of this server
        ("ftp://{host}/llms.txt", 421),
        ("http://user@{host}/llms.txt", 400),
        ("http://{host}\\@evil.example/llms.txt", 400),
        ("evil.example:80", 400),  # authority form (CONNECT's)
        ("llms.txt", 400),
        ("http://{host}/llms.txt", 200),
        ("HTTP://{host}/llms.txt", 200),
        ("http://LOCALHOST:{port}/llms.txt", 200),
    ],
)
def test_absolute_form_targets_are_checked_like_host(api: Api, target: str, status: int) -> None:
    """`GET http://evil.example/x` with our Host header is refused (it used to serve /x); one
    naming this server is served as its path, Host still checked."""
    target = target.replace("{port}", str(api.port))
    got, headers, body = _send(api, f"GET {target} HTTP/1.1", "Host: {host}\r\n")
    assert got == status, body
    assert_secure(headers, target)
    if status == 200:
        assert body == (api.state.root / "llms.txt").read_bytes()
        got, _, _ = _send(api, f"GET {target} HTTP/1.1", "Host: evil.example\r\n")
        assert got == 421


def test_an_absolute_form_post_for_another_host_makes_no_session(api: Api) -> None:
    body = b'{"provider": "leapsome", "auth_method": "scim-api-token"}'
    head = f"Host: {{host}}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    got, _, _ = _send(api, "POST http://evil.example/api/connect_sessions HTTP/1.1", head, body)
    assert got == 421 and _sessions(api) == 0
    got, _, _ = _send(api, "POST http://{host}/api/connect_sessions HTTP/1.1", head, body)
    assert got == 201 and _sessions(api) == 1
    assert "evil.example" not in api.log.read_text()  # the log holds the path only


def test_check_request_rules() -> None:
    allowed = {"localhost:8000", "127.0.0.1:8000", "[::1]:8000"}
    assert check_request(["[::1]:8000"], "/x?q=1", allowed).path == "/x?q=1"
    assert check_request(["localhost:8000"], "http://[::1]:8000", allowed).path == "/"
    assert check_request(["localhost:8000"], "http://[::1]:8000?q", allowed).path == "/?q"
    assert check_request(["localhost:8000"], "*", allowed).status == 0
    absolute = check_request(["localhost:8000"], "http://localhost:8000//evil.example/x", allowed)
    assert absolute.path == "/evil.example/x"  # never a network-path reference
    assert check_request([], "/", allowed).status == 400
    assert check_request(["localhost:8000\r\n"], "/", allowed).status == 400
    assert check_request(["localhost:8000 "], "/", allowed).status == 0


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-16"),  # with its BOM
        lambda t: t.encode("utf-16-le"),
        lambda t: t.encode("utf-16-be"),
        lambda t: t.encode("utf-32"),
        lambda t: t.encode("utf-8-sig"),  # a UTF-8 BOM
        lambda t: t.encode("latin-1"),
    ],
    ids=["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-bom", "latin-1"],
)
def test_json_bodies_are_utf8_only(api: Api, encode) -> None:
    """README: a body that is not UTF-8 is a 400 (json.loads on bytes would take UTF-16 and
    UTF-32 and skip a BOM); the refusal leaves the token usable."""
    token = api.session()
    text = json.dumps(
        {
            "provider": "leapsome",
            "auth_method": "scim-api-token",
            "credentials": {"scim_authentication_token": "t\u00e9"},
        },
        ensure_ascii=False,
    )
    resp, data = api.request(
        "POST", "/api/accounts", raw=encode(text), headers={"Authorization": f"Bearer {token}"}
    )
    assert resp.status == 400
    assert data["error"] in ("the body is not UTF-8 (without a BOM)", "the body is not valid JSON")
    resp, data = api.request(
        "POST",
        "/api/accounts",
        raw=text.encode("utf-8"),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert resp.status == 201, data


def test_a_utf16_session_request_says_utf8(api: Api) -> None:
    body = json.dumps({"provider": "leapsome", "auth_method": "scim-api-token"})
    for raw in (body.encode("utf-16"), body.encode("utf-8-sig")):
        resp, data = api.request("POST", "/api/connect_sessions", raw=raw)
        assert (resp.status, data) == (400, {"error": "the body is not UTF-8 (without a BOM)"})
    assert _sessions(api) == 0


@pytest.mark.parametrize(
    "name",
    [
        CANARY,
        "sk_live_" + "7" * 24,
        "ghp_" + "a" * 36,
        "tenant_nickname",  # a harmless-looking name is not echoed either: no name the form lacks is
    ],
)
def test_a_422_never_echoes_a_name_the_form_does_not_have(api: Api, name: str) -> None:
    """A secret pasted into a field *name* (a hand-made request, a script mixing up keys and
    values) never comes back in the 422, nor reaches the log or the database; the 422 counts
    the unknown names and still names the form's own fields."""
    resp, data = api.link(
        api.session("bamboohr", "api-key"),
        {name: "v", "api_key": "k"},
        "bamboohr",
        "api-key",
    )
    assert resp.status == 422
    assert data["errors"] == {
        "credentials": "1 unknown field name (not shown)",
        "company_subdomain": "Company Subdomain is required",
    }
    assert name not in json.dumps(data)
    assert name not in api.log.read_text()
    con = sqlite3.connect(api.db)
    con.execute("PRAGMA wal_checkpoint(FULL)")
    con.close()
    assert name.encode() not in api.file_bytes()


@pytest.mark.parametrize(
    ("origins", "status"),
    [
        (["{origin}"], 201),
        (["{origin} "], 201),
        (["{origin}", "https://evil.example"], 403),
        (["https://evil.example", "{origin}"], 403),
        (["{origin}", "{origin}"], 403),
        (["null"], 403),
    ],
)
def test_exactly_one_origin_and_ours(api: Api, origins: list[str], status: int) -> None:
    """An Origin header is optional (curl sends none), but when sent there is one and it is
    ours: a second one, whichever comes first, is a foreign origin (403)."""
    body = b'{"provider": "leapsome", "auth_method": "scim-api-token"}'
    lines = "".join(f"Origin: {o}\r\n" for o in origins).replace("{origin}", api.origin)
    head = f"Host: {{host}}\r\n{lines}Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    got, _, _ = _send(api, "POST /api/connect_sessions HTTP/1.1", head, body)
    assert got == status
