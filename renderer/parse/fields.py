"""Credential fields: validated from front matter `fields:`, or derived from the body's field list."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from renderer.core import model as m
from renderer.core.model import walk
from renderer.core.text import plain_text

FIELD_TYPES = ("text", "password", "url", "email", "select")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}\Z")
_LABEL = re.compile(
    r"^\s*(?:<strong>(?P<html>.+?)</strong>|\*\*(?P<md>.+?)\*\*)\s*(?P<opt>\((?i:optional)\))?"
)
_NAMED = ("organisation", "organization", "org", "company", "tenant", "account", "workspace")
_SECRET_PART = re.compile(
    r"token|secret|key|pass|credential|certificate|private|signature|json|cookie|session"
)
"""A label containing any of these is secret whatever else it says (matched inside words too:
`AccessToken`, `APIKey`, `Passcode`)."""
_SECRET_WORDS = frozenset(("pin", "otp", "code", "pwd", "pw", "auth", "cert", "sig", "mfa"))
_PLAIN_KINDS = """
domain, subdomain, url, uri, host, hostname, endpoint, server, region, datacenter, data center,
email, email address, e mail, username, user name, user id, login, login name, version,
instance, environment, tenant, workspace, organisation, organization, company
"""
_NON_SECRET = frozenset(
    (*(tuple(k.split()) for k in _PLAIN_KINDS.split(",")),)
    + tuple((w, s) for w in _NAMED for s in ("id", "name", "identifier", "slug"))
)
"""Label endings that name a value that is not a secret; every other derived field is."""
_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_FILL = re.compile(r"fill out the following fields", re.I)


def snake_case(label: str) -> str:
    """ "SCIM Authentication Token" -> "scim_authentication_token"."""
    key = re.sub(r"[^a-z0-9]+", "_", plain_text(label).lower()).strip("_")
    if not key or not key[0].isalpha():
        key = "field_" + key
    return key[:64]


def derive_fields(blocks: tuple[m.Block, ...]) -> tuple[m.Field, ...]:
    """Fields from the list that follows "Fill out the following fields" in a step."""
    for node in walk(blocks):
        if not isinstance(node, m.Step):
            continue
        body = node.body
        for i, b in enumerate(body):
            if isinstance(b, m.Paragraph) and _FILL.search(b.text):
                lists = [x for x in body[i + 1 :] if isinstance(x, m.ListBlock)]
                if lists:
                    return tuple(_from_items(lists[0]))
    return ()


def _from_items(lst: m.ListBlock) -> Iterator[m.Field]:
    seen: set[str] = set()
    for item in lst.items:
        first = item.body[0] if item.body else None
        if not isinstance(first, m.Paragraph):
            continue
        mt = _LABEL.match(first.text)
        if not mt:
            continue
        label = plain_text(mt.group("html") or mt.group("md"))
        key = snake_case(label)
        if key in seen:
            continue
        seen.add(key)
        kind = field_kind(label)
        yield m.Field(key, label, kind, not mt.group("opt"), kind == "password")


def label_words(label: str) -> tuple[str, ...]:
    """ "AccessToken" -> ("access", "token"); "Client_Secret" -> ("client", "secret")."""
    return tuple(w.lower() for w in _WORDS.findall(label))


def field_kind(label: str) -> str:
    """The input type of a derived field, failing closed: "password" unless the label ends in a
    known non-secret kind (domain, URL, region, email, username, organisation ID, ...) and has
    no part of a secret's name in it."""
    words = label_words(label)
    if not words or _SECRET_PART.search("".join(words)) or _SECRET_WORDS & set(words):
        return "password"
    if words[-1:] not in _NON_SECRET and words[-2:] not in _NON_SECRET:
        return "password"
    if words[-1] in ("url", "uri"):
        return "url"
    return (
        "email"
        if words[-1] == "email" or words[-2:] in (("email", "address"), ("e", "mail"))
        else "text"
    )


def fields_from_front_matter(raw: Any, report: Callable[[str, str], None]) -> tuple[m.Field, ...]:
    """Validate `fields:`; `report(message, hint)` for each problem."""
    if not isinstance(raw, list):
        report("`fields` must be a list of mappings", "see GUIDE-FORMAT.md, Credential fields")
        return ()
    out: list[m.Field] = []
    keys: set[str] = set()
    for n, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            report(f"field #{n} must be a mapping", "give at least key and label")
            continue
        key, label = item.get("key"), item.get("label")
        kind = item.get("type", "text")
        unknown = set(item) - {"key", "label", "type", "required", "secret", "options"}
        problems = []
        if not isinstance(key, str) or not _KEY.match(key):
            problems.append(("`key` must be snake_case letters, digits and _", "e.g. api_key"))
        elif key in keys:
            problems.append((f"duplicate field key `{key}`", "each field needs its own key"))
        if not isinstance(label, str) or not label.strip() or "\n" in label:
            problems.append(("`label` must be a one-line string", ""))
        if kind not in FIELD_TYPES:
            problems.append((f"`type` must be one of {', '.join(FIELD_TYPES)}", ""))
        for flag in ("required", "secret"):
            if flag in item and not isinstance(item[flag], bool):
                problems.append((f"`{flag}` must be true or false", ""))
        options = item.get("options", [])
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            problems.append(("`options` must be a list of strings", ""))
        elif kind == "select" and not options:
            problems.append(("a `select` field needs `options`", ""))
        if unknown:
            problems.append(
                (
                    f"unknown keys {sorted(unknown)}",
                    "allowed: key, label, type, required, secret, options",
                )
            )
        for msg, hint in problems:
            report(f"field #{n}: {msg}", hint)
        if problems:
            continue
        keys.add(key)
        secret = item.get("secret", kind == "password")
        out.append(
            m.Field(key, label.strip(), kind, item.get("required", True), secret, tuple(options))
        )
    return tuple(out)
