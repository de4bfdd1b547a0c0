"""The stub connect API: single-use sessions and linked accounts in SQLite; secrets only as salted hashes."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import sqlite3
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import model as m

SESSION_TTL = 600
MAX_VALUE = 4096
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  auth_method TEXT NOT NULL,
  expires_at REAL NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS accounts (
  id TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  auth_method TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  values_json TEXT NOT NULL
);
"""


def form_fields(site: Any) -> dict[tuple[str, str], tuple[m.Field, ...]]:
    """(provider, auth_method) -> fields, for every link-account guide with a connect form."""
    return {
        (g.connector, g.auth_slug): g.fields
        for g in site.guides
        if g.fields and g.guide_type == "link-account"
    }


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def hash_secret(value: str, salt: bytes | None = None) -> str:
    """scrypt with a per-value random salt: `scrypt$<salt hex>$<hash hex>`."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(value.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt${salt.hex()}${digest.hex()}"


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: dict[str, Any]
    headers: tuple[tuple[str, str], ...] = ()


class ConnectStore:
    """Sessions and accounts in one SQLite file; safe to share between request threads."""

    def __init__(self, path: Path | str, guides: dict[tuple[str, str], tuple[m.Field, ...]]):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.guides = guides
        self.lock = threading.Lock()
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA busy_timeout=5000")
        self.db.executescript(SCHEMA)
        self.failures: dict[str, deque[float]] = {}

    # -- rate limiting -------------------------------------------------------

    def limited(self, client: str, now: float | None = None) -> int:
        """Seconds to wait when `client` failed too often lately, else 0."""
        now = now or time.time()
        q = self.failures.get(client)
        if not q:
            return 0
        while q and q[0] < now - 60:
            q.popleft()
        return int(61 - (now - q[0])) if len(q) >= 20 else 0

    def failed(self, client: str) -> None:
        with self.lock:
            self.failures.setdefault(client, deque()).append(time.time())

    # -- API -----------------------------------------------------------------

    def create_session(self, body: Any) -> Reply:
        if not isinstance(body, dict):
            return Reply(422, {"error": "expected a JSON object", "errors": {}})
        provider, method = body.get("provider"), body.get("auth_method")
        errors = {}
        if not isinstance(provider, str) or not provider:
            errors["provider"] = "provider is required"
        if not isinstance(method, str) or not method:
            errors["auth_method"] = "auth_method is required"
        if not errors and (provider, method) not in self.guides:
            errors["provider"] = "no guide with a connect form for this provider and auth method"
        if errors:
            return Reply(422, {"error": "invalid session request", "errors": errors})
        token = secrets.token_urlsafe(32)
        expires = time.time() + SESSION_TTL
        with self.lock:
            self.db.execute(
                "INSERT INTO sessions (token_hash, provider, auth_method, expires_at) VALUES (?,?,?,?)",
                (hashlib.sha256(token.encode()).hexdigest(), provider, method, expires),
            )
        return Reply(201, {"token": token, "expires_at": _iso(expires)})

    def take_session(self, token: str) -> tuple[str, str] | None:
        """Consume a live session once; None when missing, expired or already used."""
        digest = hashlib.sha256(token.encode()).hexdigest()
        with self.lock:
            row = self.db.execute(
                "SELECT provider, auth_method FROM sessions "
                "WHERE token_hash=? AND used=0 AND expires_at>?",
                (digest, time.time()),
            ).fetchone()
            if row is None:
                return None
            self.db.execute("UPDATE sessions SET used=1 WHERE token_hash=?", (digest,))
        return row[0], row[1]

    def link(self, session: tuple[str, str], body: Any) -> Reply:
        if not isinstance(body, dict):
            return Reply(422, {"error": "expected a JSON object", "errors": {}})
        provider, method = session
        if body.get("provider") != provider or body.get("auth_method") != method:
            return Reply(
                422,
                {"error": "provider and auth_method must match the session", "errors": {}},
            )
        creds = body.get("credentials")
        if not isinstance(creds, dict):
            return Reply(422, {"error": "credentials must be an object", "errors": {}})
        fields = {f.key: f for f in self.guides[(provider, method)]}
        errors = validate(fields, creds)
        if errors:
            return Reply(422, {"error": "some fields need attention", "errors": errors})
        stored = {
            k: hash_secret(v) if fields[k].secret else v
            for k, v in sorted(creds.items())
            if v not in (None, "")
        }
        now = time.time()
        acc = {
            "id": "acc_" + secrets.token_hex(8),
            "provider": provider,
            "auth_method": method,
            "status": "active",
            "created_at": _iso(now),
        }
        with self.lock:
            self.db.execute(
                "INSERT INTO accounts (id, provider, auth_method, status, created_at, values_json)"
                " VALUES (?,?,?,?,?,?)",
                (*acc.values(), json.dumps(stored, sort_keys=True)),
            )
        return Reply(201, acc)

    def accounts(self) -> Reply:
        with self.lock:
            rows = self.db.execute(
                "SELECT id, provider, auth_method, status, created_at FROM accounts "
                "ORDER BY created_at, id"
            ).fetchall()
        keys = ("id", "provider", "auth_method", "status", "created_at")
        return Reply(200, {"accounts": [dict(zip(keys, r, strict=True)) for r in rows]})

    def close(self) -> None:
        self.db.close()


def validate(fields: dict[str, m.Field], creds: dict[str, Any]) -> dict[str, str]:
    """Per-field messages; never echoes a value."""
    errors: dict[str, str] = {}
    for key in creds:
        if key not in fields:
            errors[str(key)[:64]] = "unknown field"
    for key, f in fields.items():
        value = creds.get(key)
        if value is None or value == "":
            if f.required:
                errors[key] = f"{f.label} is required"
            continue
        if not isinstance(value, str):
            errors[key] = f"{f.label} must be text"
        elif len(value) > MAX_VALUE:
            errors[key] = f"{f.label} is longer than {MAX_VALUE} characters"
        elif f.type == "url" and not _URL.match(value):
            errors[key] = f"{f.label} must be an http(s) URL"
        elif f.type == "email" and not _EMAIL.match(value):
            errors[key] = f"{f.label} must be an email address"
        elif f.type == "select" and value not in f.options:
            errors[key] = f"{f.label} must be one of the listed options"
    return errors
