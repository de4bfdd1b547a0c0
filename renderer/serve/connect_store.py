"""The stub connect API: single-use sessions (token hashes) and linked accounts in SQLite; no
credential value is ever stored, only which fields were given."""

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
from typing import Any, Protocol

from renderer.core import model as m

SESSION_TTL = 600
"""Seconds a session token lives."""
FAILURES_ALLOWED = 20
"""Failed API requests per client in `FAILURE_WINDOW` seconds before it gets 429s."""
FAILURE_WINDOW = 60
MAX_VALUE = 4096
UNKNOWN_KEY = "credentials"
"""Where a 422 counts the credential names the form does not have (never echoed)."""
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
  credential_keys TEXT NOT NULL
);
"""
_KEYS_ONLY = """
ALTER TABLE accounts RENAME COLUMN values_json TO credential_keys;
UPDATE accounts SET credential_keys = '[]';
"""
"""A database from before values were dropped: forget every stored value (secure_delete
overwrites the freed bytes)."""


def form_fields(site: Any) -> dict[tuple[str, str], tuple[m.Field, ...]]:
    """(provider, auth_method) -> fields, for every link-account guide with a connect form."""
    return {
        (g.connector, g.auth_slug): g.fields
        for g in site.guides
        if g.fields and g.guide_type == "link-account"
    }


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def token_hash(token: str) -> str:
    """What the sessions table keeps of a token (a random 256-bit token needs no salt)."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class Forms(Protocol):
    def __contains__(self, key: object) -> bool: ...
    def get(self, key: object, default: Any = None) -> Any: ...


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: dict[str, Any]
    headers: tuple[tuple[str, str], ...] = ()


class ConnectStore:
    """Sessions and accounts in one SQLite file; safe to share between request threads."""

    def __init__(self, path: Path | str, guides: Forms):
        """`guides`: (provider, auth_method) -> fields, a dict or anything with `in` and `get`
        (`hubdocs serve` reads each guide when first asked for it)."""
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.guides = guides
        self.lock = threading.Lock()
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA busy_timeout=5000")
        self.db.execute("PRAGMA secure_delete=ON")
        self.db.executescript(SCHEMA)
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(accounts)")}
        if "values_json" in columns:
            self.db.executescript(_KEYS_ONLY)
        self.failures: dict[str, deque[float]] = {}

    # -- rate limiting -------------------------------------------------------

    def limited(self, client: str, now: float | None = None) -> int:
        """Seconds to wait when `client` failed too often lately, else 0."""
        now = now or time.time()
        with self.lock:
            q = self.failures.get(client)
            while q and q[0] < now - FAILURE_WINDOW:
                q.popleft()
            if not q or len(q) < FAILURES_ALLOWED:
                return 0
            return max(1, int(FAILURE_WINDOW + 1 - (now - q[0])))

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
                (token_hash(token), provider, method, expires),
            )
        return Reply(201, {"token": token, "expires_at": _iso(expires)})

    def link(self, token: str, body: Any) -> Reply:
        """Link an account with a live session token. The token is used up only when the
        account is stored: a 422 leaves it usable for the corrected form.

        Several processes may share the database file (two `hubdocs serve` on one `--db`), so
        the in-process lock guards only this connection: the token is consumed by one
        conditional `UPDATE … WHERE used=0 AND expires_at>now` inside a write transaction
        (`BEGIN IMMEDIATE`), and only the transaction that changed the row stores an account.
        The first `SELECT` only picks the form to check the body against."""
        digest = token_hash(token)
        with self.lock:
            row = self.db.execute(
                "SELECT provider, auth_method FROM sessions "
                "WHERE token_hash=? AND used=0 AND expires_at>?",
                (digest, time.time()),
            ).fetchone()
            if row is None:
                return _unauthorized()
            problem = self._check(row, body)
            if problem is not None:
                return problem
            given = sorted(k for k, v in body["credentials"].items() if v not in (None, ""))
            acc = {
                "id": "acc_" + secrets.token_hex(8),
                "provider": row[0],
                "auth_method": row[1],
                "status": "active",
                "created_at": _iso(time.time()),
            }
            self.db.execute("BEGIN IMMEDIATE")
            try:
                taken = self.db.execute(
                    "UPDATE sessions SET used=1 "
                    "WHERE token_hash=? AND used=0 AND expires_at>? AND provider=? AND auth_method=?",
                    (digest, time.time(), row[0], row[1]),
                ).rowcount
                if taken != 1:  # another process used it (or it expired) since the SELECT
                    self.db.execute("ROLLBACK")
                    return _unauthorized()
                self.db.execute(
                    "INSERT INTO accounts (id, provider, auth_method, status, created_at,"
                    " credential_keys) VALUES (?,?,?,?,?,?)",
                    (*acc.values(), json.dumps(given)),
                )
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return Reply(201, acc)

    def _check(self, session: tuple[str, str], body: Any) -> Reply | None:
        """A 422 when the body does not fit the session's form, else None."""
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
        fields = {f.key: f for f in self.guides.get((provider, method), ())}
        errors = validate(fields, creds)
        if errors:
            return Reply(422, {"error": "some fields need attention", "errors": errors})
        return None

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


def _unauthorized() -> Reply:
    return Reply(
        401,
        {"error": "missing, expired or already used session token"},
        (("WWW-Authenticate", "Bearer"),),
    )


def validate(fields: dict[str, m.Field], creds: dict[str, Any]) -> dict[str, str]:
    """Per-field messages, keyed by the form's own field names; never echoes a value, nor a
    name the form does not have (a secret pasted into the name would come back): those are
    counted under `credentials`, the object that holds them."""
    errors: dict[str, str] = {}
    unknown = sum(1 for key in creds if key not in fields)
    if unknown:
        errors[UNKNOWN_KEY] = (
            f"{unknown} unknown field name{'s' if unknown > 1 else ''} (not shown)"
        )
    for key, f in fields.items():
        value = creds.get(key)
        if value is None or value == "":
            if f.required:
                errors[key] = f"{f.label} is required"
            continue
        if not isinstance(value, str) or not _is_text(value):
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


def _is_text(value: str) -> bool:
    """False for a lone surrogate (JSON allows `"\\ud800"`; UTF-8 does not)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
