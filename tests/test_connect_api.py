"""The stub connect API over real HTTP on 127.0.0.1 with a real SQLite file: every refusal,
secrets kept out of logs, responses and the database, concurrency, static-file traversal."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import sqlite3
import sys
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest

from renderer.core.model import Field
from renderer.serve.connect_store import (
    FAILURES_ALLOWED,
    SESSION_TTL,
    ConnectStore,
    Reply,
    validate,
)

from .conftest import ROOT
from .stub_api import ACCOUNT_KEYS, CANARY, PLAIN_CANARY, Api


@pytest.fixture
def api(built: Path, tmp_path: Path):
    a = Api(built / "stackone", tmp_path)
    yield a
    a.close()


def test_link_flow_and_secret_never_leaves(api: Api) -> None:
    resp, data = api.link(api.session(), {"scim_authentication_token": CANARY})
    assert resp.status == 201
    assert set(data) == ACCOUNT_KEYS
    assert data["status"] == "active" and resp.getheader("Cache-Control") == "no-store"
    resp, listing = api.request("GET", "/api/accounts")
    assert resp.status == 200 and [a["id"] for a in listing["accounts"]] == [data["id"]]
    stored = api.rows("SELECT credential_keys FROM accounts")
    assert stored == [('["scim_authentication_token"]',)]
    assert CANARY.encode() not in api.file_bytes()
    assert CANARY.encode() not in b"".join(api.responses)
    assert CANARY not in api.log.read_text()
    assert "POST /api/accounts 201" in api.log.read_text()


def test_no_credential_value_is_stored_secret_or_not(api: Api) -> None:
    """Not even a field that is not secret: the stub keeps which fields were given, and a null
    optional field counts as not given."""
    creds = {"api_key": CANARY, "company_subdomain": PLAIN_CANARY, "region": None}
    resp, _ = api.link(api.session("bamboohr", "api-key"), creds, "bamboohr", "api-key")
    assert resp.status == 201
    assert api.rows("SELECT credential_keys FROM accounts") == [
        ('["api_key", "company_subdomain"]',)
    ]
    con = sqlite3.connect(api.db)
    con.execute("PRAGMA wal_checkpoint(FULL)")
    con.close()
    blob = api.file_bytes()
    assert CANARY.encode() not in blob and PLAIN_CANARY.encode() not in blob


def test_listing_returns_no_stored_data(api: Api) -> None:
    for n in range(2):
        resp, _ = api.link(
            api.session("bamboohr", "api-key"),
            {"api_key": CANARY, "company_subdomain": f"{PLAIN_CANARY}{n}", "region": "eu"},
            "bamboohr",
            "api-key",
        )
        assert resp.status == 201
    resp, listing = api.request("GET", "/api/accounts")
    assert resp.status == 200 and list(listing) == ["accounts"]
    assert [set(a) for a in listing["accounts"]] == [ACCOUNT_KEYS, ACCOUNT_KEYS]
    assert PLAIN_CANARY.encode() not in api.responses[-1]
    assert b"api_key" not in api.responses[-1] and b"eu" not in api.responses[-1]


def test_session_token_is_stored_as_its_hash_for_ten_minutes(api: Api) -> None:
    before = time.time()
    resp, data = api.request(
        "POST", "/api/connect_sessions", {"provider": "leapsome", "auth_method": "scim-api-token"}
    )
    assert resp.status == 201 and resp.getheader("Cache-Control") == "no-store"
    token = data["token"]
    assert len(token) >= 43  # 256 random bits
    rows = api.rows("SELECT token_hash, provider, auth_method, expires_at, used FROM sessions")
    assert rows == [
        (hashlib.sha256(token.encode()).hexdigest(), "leapsome", "scim-api-token", rows[0][3], 0)
    ]
    assert token.encode() not in api.file_bytes()
    assert SESSION_TTL == 600
    assert before + 600 - 1 <= rows[0][3] <= time.time() + 600
    shown = datetime.fromisoformat(data["expires_at"].replace("Z", "+00:00")).timestamp()
    assert before + 600 - 2 <= shown <= time.time() + 600


def test_refusals(api: Api) -> None:
    token = api.session()
    # 401: missing, forged, reused, expired
    assert api.link("", {"scim_authentication_token": "x"})[0].status == 401
    assert api.link("forged", {"scim_authentication_token": "x"})[0].status == 401
    assert api.link(token, {"scim_authentication_token": "x"})[0].status == 201
    assert api.link(token, {"scim_authentication_token": "x"})[0].status == 401
    old = api.session()
    con = sqlite3.connect(api.db)
    con.execute("UPDATE sessions SET expires_at = 0")
    con.commit()
    con.close()
    assert api.link(old, {"scim_authentication_token": "x"})[0].status == 401
    # 403 foreign origin, 415 not JSON, 405 GET on a POST route
    resp, _ = api.request(
        "POST",
        "/api/connect_sessions",
        {"provider": "leapsome"},
        {"Origin": "https://evil.example"},
    )
    assert resp.status == 403
    resp, _ = api.request(
        "POST",
        "/api/connect_sessions",
        raw=b"provider=leapsome",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert resp.status == 415
    resp, _ = api.request("GET", "/api/connect_sessions")
    assert resp.status == 405 and resp.getheader("Allow") == "POST"
    # 422 with per-field errors that never echo values
    resp, data = api.link(
        api.session("bamboohr", "api-key"),
        {"api_key": CANARY, "bogus": "zzz"},
        "bamboohr",
        "api-key",
    )
    assert resp.status == 422
    assert data["errors"] == {
        "credentials": "1 unknown field name (not shown)",
        "company_subdomain": "Company Subdomain is required",
    }
    assert CANARY not in json.dumps(data)
    resp, _ = api.request("GET", "/api/accounts")
    assert resp.status == 200
    statuses = [status for status, _ in api.api_replies]
    assert statuses == [201, 401, 401, 201, 401, 201, 401, 403, 415, 405, 201, 422, 200]
    assert [cache for _, cache in api.api_replies] == ["no-store"] * len(statuses)


def test_body_over_limit_refused_before_reading(api: Api) -> None:
    with socket.create_connection(("127.0.0.1", api.port), timeout=5) as s:
        s.sendall(
            f"POST /api/connect_sessions HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\n"
            "Content-Type: application/json\r\nContent-Length: 70000\r\n\r\n".encode()
        )
        start = time.monotonic()
        reply = s.recv(4096)
        assert reply.startswith(b"HTTP/1.1 413")
        assert time.monotonic() - start < 1.0  # answered without waiting for a body


def test_chunked_body_over_limit(api: Api) -> None:
    with socket.create_connection(("127.0.0.1", api.port), timeout=5) as s:
        s.sendall(
            f"POST /api/connect_sessions HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
        )
        chunk = b"a" * 8192
        try:
            for _ in range(9):
                s.sendall(b"2000\r\n" + chunk + b"\r\n")
        except OSError:
            pass
        assert s.recv(4096).startswith(b"HTTP/1.1 413")


def test_slow_body_times_out_and_server_lives(api: Api) -> None:
    with socket.create_connection(("127.0.0.1", api.port), timeout=5) as s:
        s.sendall(
            f"POST /api/connect_sessions HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\n"
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{".encode()
        )
        assert s.recv(4096).startswith(b"HTTP/1.1 408")
    assert api.session()


def test_deeply_nested_json_is_a_400(api: Api) -> None:
    resp, _ = api.request("POST", "/api/connect_sessions", raw=b"[" * 10000 + b"]" * 10000)
    assert resp.status == 400
    assert api.session()


def test_rate_limit_after_repeated_failures(api: Api) -> None:
    statuses = [api.link("wrong", {})[0].status for _ in range(21)]
    assert FAILURES_ALLOWED == 20
    assert statuses == [401] * 20 + [429]
    resp, data = api.link("wrong", {})
    assert resp.status == 429 and 1 <= int(resp.getheader("Retry-After")) <= 61
    assert data == {"error": "too many failed attempts; try again later"}
    assert resp.getheader("Cache-Control") == "no-store"


def test_wrong_host_is_refused(api: Api) -> None:
    resp, _ = api.request("GET", "/", headers={"Host": "evil.example"})
    assert resp.status == 421


def test_concurrent_links_never_corrupt_the_store(api: Api) -> None:
    def one(n: int) -> int:
        return api.link(api.session(), {"scim_authentication_token": f"t{n}"})[0].status

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(one, range(48)))
    assert statuses == [201] * 48
    con = sqlite3.connect(api.db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM accounts").fetchone()[0] == 48
    con.close()


@pytest.mark.parametrize(
    "path",
    [
        "/../mkdocs.yml",
        "/%2e%2e/mkdocs.yml",
        "/%252e%252e/mkdocs.yml",
        "/..%5cmkdocs.yml",
        "//evil.example/",
        "/.git/config",
        "/assets/../../guides",
        "/connect.sqlite3",
        "/_headers/..",
    ],
)
def test_static_traversal_is_refused(api: Api, path: str) -> None:
    resp, body = api.request("GET", path)
    assert resp.status == 404
    assert resp.getheader("Location") is None


def test_pages_carry_security_headers(api: Api) -> None:
    resp, body = api.request("GET", "/connectors/leapsome/guides/link-account/scim-api-token")
    assert resp.status == 200
    assert "script-src 'self'" in resp.getheader("Content-Security-Policy")
    assert resp.getheader("Referrer-Policy") == "no-referrer"
    assert resp.getheader("X-Content-Type-Options") == "nosniff"
    resp, _ = api.request("GET", "/connectors/leapsome/guides/link-account/scim-api-token.md")
    assert resp.getheader("Content-Type") == "text/markdown; charset=utf-8"


SESSION_STATUSES = [201, 201, 401, 401, 403, 415, 413, 422, 405, 200, 429]
"""scripts/stub-session.sh, call by call: session, link, reused token, missing token, foreign
Origin, form-encoded, body over 64 KiB, missing field, GET on a POST route, listing, 429."""


def test_scripted_curl_session() -> None:
    import os
    import re
    import shutil
    import subprocess

    if not shutil.which("curl"):  # the same sequence runs from Python in the next test
        pytest.skip("curl is not installed")
    port = socket.socket()
    port.bind(("127.0.0.1", 0))
    free = port.getsockname()[1]
    port.close()
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts/stub-session.sh")],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PORT": str(free), "HUBDOCS": f"{sys.executable} -m renderer"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    statuses = [int(s) for s in re.findall(r"-> (\d{3})$", proc.stdout, re.M)]
    assert statuses == SESSION_STATUSES, proc.stdout
    assert "absent from the server output" in proc.stdout


def test_stub_session_over_http(built: Path, tmp_path: Path) -> None:
    """The curl script's sequence from Python (http.client), against a real `hubdocs serve`."""
    import http.client

    from .serve_proc import ServeProcess

    db = tmp_path / "connect.sqlite3"
    server = ServeProcess(
        *("--brand", "stackone", "--port", "0", "--no-build", "--no-watch"),
        *("--out", str(built), "--db", str(db), "--config", str(ROOT / "mkdocs.yml")),
        cwd=tmp_path,
    )
    try:
        server.wait_serving()
        port = server.port
        replies: list[tuple[int, bytes, dict[str, str]]] = []

        def call(path: str, body: bytes | None, headers: dict[str, str], method="POST") -> dict:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request(method, "/api/" + path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            conn.close()
            replies.append((resp.status, data, dict(resp.getheaders())))
            return json.loads(data) if data.startswith(b"{") else {}

        js = {"Content-Type": "application/json"}
        ask = json.dumps({"provider": "leapsome", "auth_method": "scim-api-token"}).encode()
        canary = f"CANARY-{time.time_ns()}"
        link = json.dumps(
            {
                "provider": "leapsome",
                "auth_method": "scim-api-token",
                "credentials": {"scim_authentication_token": canary},
            }
        ).encode()
        call("connect_sessions", ask, js)
        token = call("connect_sessions", ask, js)["token"]
        replies.pop()  # the script fetches this token without printing its status
        bearer = {**js, "Authorization": f"Bearer {token}"}
        call("accounts", link, bearer)
        call("accounts", link, bearer)
        call("accounts", link, js)
        call("connect_sessions", b"{}", {**js, "Origin": "https://evil.example"})
        call("connect_sessions", b"provider=leapsome", {})
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(
                f"POST /api/connect_sessions HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                "Content-Type: application/json\r\nContent-Length: 70000\r\n\r\n".encode()
            )
            replies.append((int(s.recv(4096).split()[1]), b"", {}))
        fresh = call("connect_sessions", ask, js)["token"]
        replies.pop()
        empty = b'{"provider":"leapsome","auth_method":"scim-api-token","credentials":{}}'
        call("accounts", empty, {**js, "Authorization": f"Bearer {fresh}"})
        call("connect_sessions", None, {}, "GET")
        call("accounts", None, {}, "GET")
        for _ in range(20):
            call("accounts", b"{}", {**js, "Authorization": "Bearer nope"})
            replies.pop()
        call("accounts", b"{}", {**js, "Authorization": "Bearer nope"})
        assert [r[0] for r in replies] == SESSION_STATUSES, server.output()
        assert int(replies[-1][2]["Retry-After"]) > 0
        assert all(h["Cache-Control"] == "no-store" for _, _, h in replies if h)
        con = sqlite3.connect(db)
        con.execute("PRAGMA wal_checkpoint(FULL)")
        con.close()
        stored = b"".join(f.read_bytes() for f in tmp_path.glob("connect.sqlite3*"))
        assert canary.encode() not in stored
        assert canary.encode() not in b"".join(data for _, data, _ in replies)
    finally:
        log = server.stop()
    assert canary not in log and "POST /api/accounts 201" in log


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ("Transfer-Encoding: chunked\r\n", b"-1\r\n" + b"a" * 1000, 400),
        ("Transfer-Encoding: identity, chunked\r\n", b"", 501),
        ("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", b"0\r\n\r\n", 400),
    ],
)
def test_transfer_encoding_tricks_are_refused(
    api: Api, headers: str, body: bytes, status: int
) -> None:
    with socket.create_connection(("127.0.0.1", api.port), timeout=5) as s:
        s.sendall(
            f"POST /api/connect_sessions HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\n"
            f"Content-Type: application/json\r\n{headers}\r\n".encode()
            + body
        )
        assert s.recv(4096).startswith(f"HTTP/1.1 {status}".encode())


def test_null_optional_value_links_fine(api: Api) -> None:
    resp, data = api.link(
        api.session("bamboohr", "api-key"),
        {"api_key": "k", "company_subdomain": "acme", "region": None},
        "bamboohr",
        "api-key",
    )
    assert resp.status == 201, data
    assert api.rows("SELECT credential_keys FROM accounts") == [
        ('["api_key", "company_subdomain"]',)
    ]


def test_reset_connections_leave_no_traceback(api: Api, capfd: pytest.CaptureFixture[str]) -> None:
    import struct

    for method in ("PUT", "POST", "GET"):
        s = socket.create_connection(("127.0.0.1", api.port), timeout=5)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.sendall(f"{method} / HTTP/1.1\r\nHost: wrong\r\n\r\n".encode())
        s.close()
    assert api.session()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Traceback" not in api.log.read_text()


STORE_FIELDS = {
    "u": Field("u", "Site URL", "url", True, False),
    "e": Field("e", "Email", "email", False, False),
    "s": Field("s", "Region", "select", False, False, ("eu", "us")),
    "t": Field("t", "Token", "password", True, True),
}


def test_validate_names_every_problem_and_never_a_value() -> None:
    assert validate(STORE_FIELDS, {}) == {"u": "Site URL is required", "t": "Token is required"}
    assert validate(STORE_FIELDS, {"u": "", "t": None}) == {
        "u": "Site URL is required",
        "t": "Token is required",
    }
    bad = {"u": "ftp://x", "e": "a@b", "s": "asia", "t": 5, "k" * 100: "v"}
    assert validate(STORE_FIELDS, bad) == {
        "credentials": "1 unknown field name (not shown)",
        "u": "Site URL must be an http(s) URL",
        "e": "Email must be an email address",
        "s": "Region must be one of the listed options",
        "t": "Token must be text",
    }
    good = {"u": "https://ok.example/x", "e": "a@b.co", "s": "eu", "t": "x" * 4096}
    assert validate(STORE_FIELDS, good) == {}
    assert validate(STORE_FIELDS, {**good, "u": "http://.bad", "t": "x" * 4097}) == {
        "u": "Site URL must be an http(s) URL",
        "t": "Token is longer than 4096 characters",
    }
    assert validate(STORE_FIELDS, {**good, "u": "https://a b", "t": "\ud800"}) == {
        "u": "Site URL must be an http(s) URL",
        "t": "Token must be text",
    }


def test_store_refuses_bad_sessions_and_bodies(tmp_path: Path) -> None:
    forms = {("p", "m"): (STORE_FIELDS["t"], Field("o", "Other", "text", False, False))}
    store = ConnectStore(tmp_path / "deep/er/connect.sqlite3", forms)
    assert (tmp_path / "deep/er/connect.sqlite3").is_file()
    req = "invalid session request"
    assert store.create_session([]) == Reply(422, {"error": "expected a JSON object", "errors": {}})
    both = {"provider": "provider is required", "auth_method": "auth_method is required"}
    assert store.create_session({}) == Reply(422, {"error": req, "errors": both})
    assert store.create_session({"provider": "", "auth_method": 5}).body["errors"] == both
    assert store.create_session({"provider": "p", "auth_method": "x"}).body["errors"] == {
        "provider": "no guide with a connect form for this provider and auth method"
    }
    assert store.create_session({"provider": "p"}).body["errors"] == {
        "auth_method": "auth_method is required"
    }
    ok = store.create_session({"provider": "p", "auth_method": "m"})
    assert ok.status == 201 and set(ok.body) == {"token", "expires_at"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", ok.body["expires_at"])
    token = ok.body["token"]
    assert store.link("nope", {}) == Reply(
        401,
        {"error": "missing, expired or already used session token"},
        (("WWW-Authenticate", "Bearer"),),
    )
    assert store.link(token, []) == Reply(422, {"error": "expected a JSON object", "errors": {}})
    mismatch = {"provider": "p", "auth_method": "z", "credentials": {}}
    assert store.link(token, mismatch) == Reply(
        422, {"error": "provider and auth_method must match the session", "errors": {}}
    )
    assert store.link(token, {**mismatch, "auth_method": "m", "credentials": []}) == Reply(
        422, {"error": "credentials must be an object", "errors": {}}
    )
    assert store.link(token, {**mismatch, "auth_method": "m"}) == Reply(
        422, {"error": "some fields need attention", "errors": {"t": "Token is required"}}
    )
    body = {**mismatch, "auth_method": "m", "credentials": {"t": "v", "o": ""}}
    linked = store.link(token, body)
    assert linked.status == 201 and linked.body["status"] == "active"
    assert (linked.body["provider"], linked.body["auth_method"]) == ("p", "m")
    assert re.fullmatch(r"acc_[0-9a-f]{16}", linked.body["id"])
    assert store.accounts() == Reply(200, {"accounts": [linked.body]})
    keys = store.db.execute("SELECT credential_keys FROM accounts").fetchall()
    assert keys == [('["t"]',)]  # an empty optional value is not a given one
    # the guide went away after the session was made: every credential is unknown
    later = store.create_session({"provider": "p", "auth_method": "m"}).body["token"]
    forms.clear()
    assert store.link(later, body) == Reply(
        422,
        {
            "error": "some fields need attention",
            "errors": {"credentials": "2 unknown field names (not shown)"},
        },
    )
    store.close()


def test_rate_limit_window(tmp_path: Path) -> None:
    store = ConnectStore(":memory:", {})
    assert not (tmp_path / ":memory:").exists()
    store.failures["c"] = deque([100.0] * 20)
    assert store.limited("c", 100.5) == 60
    assert store.limited("c", 130) == 31
    assert store.limited("c", 160) == 1  # the first failure is still in the window
    assert store.limited("c", 160.5) == 0 and not store.failures["c"]  # now it is not
    store.failures["c"] = deque([100.0] * 19)
    assert store.limited("c", 100.5) == 0
    assert store.limited("someone else", 100.5) == 0
    store.failures["c"] = deque([100.0] + [120.0] * 19)
    assert store.limited("c", 130) == 31  # counted from the oldest failure in the window
    store.failed("d")
    assert len(store.failures["d"]) == 1 and store.limited("d") == 0


def test_an_old_store_forgets_its_values(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    con = sqlite3.connect(db)
    con.execute(
        "CREATE TABLE accounts (id TEXT PRIMARY KEY, provider TEXT NOT NULL, auth_method TEXT"
        " NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, values_json TEXT NOT NULL)"
    )
    con.execute("INSERT INTO accounts VALUES ('a', 'p', 'm', 'active', 'now', ?)", (CANARY,))
    con.commit()
    con.close()
    ConnectStore(db, {}).close()
    con = sqlite3.connect(db)
    assert con.execute("SELECT credential_keys FROM accounts").fetchall() == [("[]",)]
    con.close()
    assert CANARY.encode() not in db.read_bytes()


def test_form_fields_are_those_of_link_account_guides_with_a_form() -> None:
    from renderer.parse.page import parse_guide
    from renderer.serve.connect_store import form_fields
    from renderer.vary.site import collect_site

    def guide(rel: str, label: str = "") -> object:
        front = f"fields:\n  - {{key: k, label: {label}}}\n" if label else ""
        body = f"---\ntitle: T\ndescription: D\n{front}---\n\nBody.\n"
        return parse_guide(f"guides/{rel}", body, rel)

    site = collect_site(
        [
            guide("x/link-account/api-key.mdx", "Link Key"),
            guide("x/connector-profile/api-key.mdx", "Profile Key"),
            guide("y/link-account/oauth.mdx"),
        ]
    )
    assert form_fields(site) == {("x", "api-key"): (Field("k", "Link Key", "text", True, False),)}


def test_a_failed_link_rolls_back_and_keeps_the_token(tmp_path: Path) -> None:
    store = ConnectStore(tmp_path / "c.sqlite3", {("p", "m"): (STORE_FIELDS["t"],)})
    token = store.create_session({"provider": "p", "auth_method": "m"}).body["token"]
    assert len(token) == 43  # 32 random bytes
    store.db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON accounts BEGIN SELECT RAISE(ABORT, 'full'); END"
    )
    body = {"provider": "p", "auth_method": "m", "credentials": {"t": "v"}}
    with pytest.raises(sqlite3.IntegrityError):
        store.link(token, body)
    store.db.execute("DROP TRIGGER refuse")
    assert store.link(token, body).status == 201  # the session was not used up
    store.close()


def test_times_and_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    from renderer.serve.connect_store import _iso, token_hash

    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        assert _iso(0) == "1970-01-01T00:00:00Z"  # UTC whatever the local zone
    finally:
        monkeypatch.undo()
        time.tzset()
    assert token_hash("t") == hashlib.sha256(b"t").hexdigest()
    assert token_hash("\ud800") == hashlib.sha256(b"?").hexdigest()  # never an exception
