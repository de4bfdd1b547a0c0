"""The stub connect API behind a real in-process server on 127.0.0.1 with a real SQLite file."""

from __future__ import annotations

import http.client
import json
import socket
import sqlite3
import threading
from pathlib import Path

from renderer.config.mkdocs_yml import load_config
from renderer.core.model import Field
from renderer.serve.connect_store import ConnectStore
from renderer.serve.server import State, make_server

from .conftest import ROOT

CANARY = "CANARY-3f1c9a7e-secret"
PLAIN_CANARY = "canary-subdomain-77d1"
"""A value of a field that is not secret: it must not be stored either."""
ACCOUNT_KEYS = {"id", "provider", "auth_method", "status", "created_at"}
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
        self.api_replies: list[tuple[int, str | None]] = []
        """(status, Cache-Control) of every response to an /api/ request."""

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
        if path.startswith("/api/"):
            self.api_replies.append((resp.status, resp.getheader("Cache-Control")))
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

    def rows(self, sql: str) -> list[tuple]:
        con = sqlite3.connect(self.db)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def file_bytes(self) -> bytes:
        """The SQLite file and its WAL and shared-memory files, as they are on disk."""
        return b"".join(p.read_bytes() for p in sorted(self.db.parent.glob("connect.sqlite3*")))

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def raw(self, data: bytes, timeout: float = 5) -> bytes:
        """Send bytes on a new connection; everything the server sends until it closes."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(data)
            out = b""
            while chunk := s.recv(65536):
                out += chunk
        return out
