"""The stub connect API over real HTTP on 127.0.0.1 with a real SQLite file: every refusal,
secrets kept out of logs, responses and the database, concurrency, static-file traversal."""

from __future__ import annotations

import http.client
import json
import socket
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from renderer.config import load_config
from renderer.connect_stub import ConnectStore
from renderer.model import Field
from renderer.serve import State, make_server

from .conftest import ROOT

CANARY = "CANARY-3f1c9a7e-secret"
FIELDS = {
    ("leapsome", "scim-api-token"): (
        Field("scim_authentication_token", "SCIM Authentication Token", "password", True, True),
    ),
    ("bamboohr", "api-key"): (
        Field("api_key", "API Key", "password", True, True),
        Field("company_subdomain", "Company Subdomain", "text", True, False),
        Field("region", "Region", "text", False, False),
    ),
}


class Api:
    def __init__(self, root: Path, tmp: Path):
        self.db = tmp / "connect.sqlite3"
        self.log = tmp / "server.log"
        self.store = ConnectStore(self.db, FIELDS)
        brand = load_config(ROOT / "mkdocs.yml").brand("stackone")
        self.state = State(root, brand, self.store, log=open(self.log, "a", buffering=1))  # noqa: SIM115
        self.server = make_server("127.0.0.1", 0, self.state, timeout=1.5)
        self.port = self.server.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.responses: list[bytes] = []

    def request(self, method: str, path: str, body=None, headers=None, raw: bytes | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        hdrs = {"Content-Type": "application/json", "Origin": self.origin}
        hdrs.update(headers or {})
        hdrs = {k: v for k, v in hdrs.items() if v is not None}
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        payload = resp.read()
        self.responses.append(payload)
        conn.close()
        return resp, (json.loads(payload) if payload.startswith(b"{") else payload)

    def session(self, provider="leapsome", method="scim-api-token") -> str:
        resp, data = self.request(
            "POST", "/api/connect_sessions", {"provider": provider, "auth_method": method}
        )
        assert resp.status == 201, data
        return data["token"]

    def link(self, token: str, creds: dict, provider="leapsome", method="scim-api-token"):
        body = {"provider": provider, "auth_method": method, "credentials": creds}
        return self.request("POST", "/api/accounts", body, {"Authorization": f"Bearer {token}"})

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def api(built: Path, tmp_path: Path):
    a = Api(built / "stackone", tmp_path)
    yield a
    a.close()


def test_link_flow_and_secret_never_leaves(api: Api) -> None:
    resp, data = api.link(api.session(), {"scim_authentication_token": CANARY})
    assert resp.status == 201
    assert set(data) == {"id", "provider", "auth_method", "status", "created_at"}
    assert data["status"] == "active" and resp.getheader("Cache-Control") == "no-store"
    resp, listing = api.request("GET", "/api/accounts")
    assert resp.status == 200 and [a["id"] for a in listing["accounts"]] == [data["id"]]
    con = sqlite3.connect(api.db)
    con.execute("PRAGMA wal_checkpoint(FULL)")
    stored = con.execute("SELECT values_json FROM accounts").fetchone()[0]
    con.close()
    assert json.loads(stored)["scim_authentication_token"].startswith("scrypt$")
    blobs = b"".join(p.read_bytes() for p in api.db.parent.glob("connect.sqlite3*"))
    assert CANARY.encode() not in blobs
    assert CANARY.encode() not in b"".join(api.responses)
    assert CANARY not in api.log.read_text()
    assert "POST /api/accounts 201" in api.log.read_text()


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
        "bogus": "unknown field",
        "company_subdomain": "Company Subdomain is required",
    }
    assert CANARY not in json.dumps(data)
    for payload in api.responses:
        assert b"no-store" not in payload  # header, not body
    resp, _ = api.request("GET", "/api/accounts")
    assert resp.getheader("Cache-Control") == "no-store"


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
    for _ in range(20):
        api.link("wrong", {})
    resp, _ = api.link("wrong", {})
    assert resp.status == 429 and int(resp.getheader("Retry-After")) > 0


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


def test_scripted_curl_session() -> None:
    import shutil
    import subprocess

    if not shutil.which("curl"):
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
        env={**__import__("os").environ, "PORT": str(free)},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for status in ("401", "403", "415", "413", "422", "405", "429"):
        assert f"-> {status}" in proc.stdout
    assert "absent from the server output" in proc.stdout


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
