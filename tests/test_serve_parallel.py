"""200 clients at once against a real `hubdocs serve`: each creates a session and links an
account; no connection is reset, no record is lost, no credential value reaches the database."""

from __future__ import annotations

import http.client
import json
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .conftest import ROOT
from .serve_proc import ServeProcess

CLIENTS = 200


def test_200_parallel_clients_link_accounts(built: Path, tmp_path: Path) -> None:
    db = tmp_path / "connect.sqlite3"
    server = ServeProcess(
        *("--brand", "stackone", "--port", "0", "--no-build", "--no-watch"),
        *("--out", str(built), "--db", str(db), "--config", str(ROOT / "mkdocs.yml")),
        cwd=tmp_path,
    )
    try:
        server.wait_serving()
        port, origin = server.port, server.url
        start = threading.Barrier(CLIENTS)

        def post(path: str, body: dict, headers: dict[str, str]) -> tuple[int, dict]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            try:
                conn.request(
                    "POST",
                    path,
                    body=json.dumps(body).encode(),
                    headers={"Content-Type": "application/json", "Origin": origin, **headers},
                )
                resp = conn.getresponse()
                return resp.status, json.loads(resp.read())
            finally:
                conn.close()

        def client(n: int) -> tuple[int, int, str]:
            form = {"provider": "bamboohr", "auth_method": "api-key"}
            start.wait()
            status, data = post("/api/connect_sessions", form, {})
            if status != 201:
                return status, 0, ""
            creds = {
                "api_key": f"SECRET-{n:03d}-canary",
                "company_subdomain": f"PLAIN-{n:03d}-canary",
            }
            status2, acc = post(
                "/api/accounts",
                {**form, "credentials": creds},
                {"Authorization": f"Bearer {data['token']}"},
            )
            return status, status2, acc.get("id", "")

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = list(pool.map(client, range(CLIENTS)))  # a reset raises here
        assert [r[:2] for r in results] == [(201, 201)] * CLIENTS
        ids = {r[2] for r in results}
        assert len(ids) == CLIENTS
        blob = b"".join(p.read_bytes() for p in sorted(tmp_path.glob("connect.sqlite3*")))
        assert b"-canary" not in blob  # neither the secret nor the plain value, WAL included
        con = sqlite3.connect(db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows = con.execute("SELECT id, credential_keys FROM accounts").fetchall()
            used = con.execute("SELECT count(*) FROM sessions WHERE used=1").fetchone()[0]
        finally:
            con.close()
        assert {r[0] for r in rows} == ids and len(rows) == CLIENTS
        assert {r[1] for r in rows} == {'["api_key", "company_subdomain"]'}
        assert used == CLIENTS
    finally:
        log = server.stop()
    assert "-canary" not in log
    assert log.count("POST /api/accounts 201") == CLIENTS
