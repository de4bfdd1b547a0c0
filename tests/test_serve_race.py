"""Two real `hubdocs serve` processes on one connect database (the default `--db` is one file per
project, so two servers of one project share it): every single-use token is raced on both at
once, and each one links exactly one account."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .conftest import ROOT
from .serve_proc import ServeProcess

TOKENS = 60
FORM = {"provider": "leapsome", "auth_method": "scim-api-token"}


def _send_all_but_last(port: int, source: str, request: bytes) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=60, source_address=(source, 0))
    s.sendall(request[:-1])
    return s


def _finish(s: socket.socket, last: bytes) -> int:
    with s:
        s.sendall(last)
        reply = b""
        while b"\r\n" not in reply:
            chunk = s.recv(4096)
            if not chunk:
                break
            reply += chunk
    return int(reply.split()[1])


def test_a_token_raced_on_two_processes_links_one_account(built: Path, tmp_path: Path) -> None:
    db = tmp_path / "connect.sqlite3"
    args = ("--brand", "stackone", "--port", "0", "--no-build", "--no-watch")
    args += ("--out", str(built), "--db", str(db), "--config", str(ROOT / "mkdocs.yml"))
    servers = [ServeProcess(*args, cwd=tmp_path), ServeProcess(*args, cwd=tmp_path)]
    try:
        ports = [s.port for s in servers if s.wait_serving()]
        tokens = []
        for _ in range(TOKENS):
            s = socket.create_connection(("127.0.0.1", ports[0]), timeout=60)
            body = json.dumps(FORM).encode()
            s.sendall(
                f"POST /api/connect_sessions HTTP/1.1\r\nHost: 127.0.0.1:{ports[0]}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n".encode()
                + body
            )
            reply = b""
            while chunk := s.recv(65536):
                reply += chunk
            s.close()
            tokens.append(json.loads(reply.partition(b"\r\n\r\n")[2])["token"])

        def race(n: int) -> list[int]:
            """Both servers get the whole request but its last byte, then the last byte at once
            (each from its own loopback address: a loser's 401 must not rate-limit the rest)."""
            body = json.dumps(
                {**FORM, "credentials": {"scim_authentication_token": f"t{n}"}}
            ).encode()
            socks = []
            for port in ports:
                request = (
                    f"POST /api/accounts HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                    f"Authorization: Bearer {tokens[n]}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
                ).encode() + body
                socks.append(
                    _send_all_but_last(port, f"127.0.{1 + n // 250}.{1 + n % 250}", request)
                )
            go = threading.Barrier(2)

            def finish(s: socket.socket) -> int:
                go.wait()
                return _finish(s, body[-1:])

            with ThreadPoolExecutor(2) as pair:
                return sorted(pair.map(finish, socks))

        with ThreadPoolExecutor(6) as pool:
            results = list(pool.map(race, range(TOKENS)))
        twice = [n for n, r in enumerate(results) if r == [201, 201]]
        assert not twice, f"{len(twice)} of {TOKENS} tokens linked twice"
        assert results == [[201, 401]] * TOKENS
        con = sqlite3.connect(db)
        try:
            assert con.execute("SELECT count(*) FROM accounts").fetchone()[0] == TOKENS
            assert con.execute("SELECT count(*) FROM sessions WHERE used=1").fetchone()[0] == TOKENS
        finally:
            con.close()
    finally:
        logs = [s.stop() for s in servers]
    for log in logs:
        assert "error: request" not in log, log
