"""Content negotiation for page URLs: an `Accept` header -> HTML, Markdown or plain text, and the
Markdown twin that answers for a page URL."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from renderer.agents.site import Refused, resolve_twin

Kind = Literal["html", "markdown", "plain"]

MEDIA: dict[Kind, tuple[str, ...]] = {
    "html": ("text/html", "application/xhtml+xml"),
    "markdown": ("text/markdown", "text/x-markdown"),
    "plain": ("text/plain",),
}
CONTENT_TYPE: dict[Kind, str] = {
    "html": "text/html; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
    "plain": "text/plain; charset=utf-8",
}
_EXPLICIT_ORDER: dict[Kind, int] = {"markdown": 2, "plain": 1, "html": 0}
"""Ties between types the client named: the one an agent means (browsers never name Markdown)."""
_WILDCARD_ORDER: dict[Kind, int] = {"html": 2, "markdown": 1, "plain": 0}
"""Ties reached through `*/*` or `text/*` only: the page, as for any browser."""
_Q = re.compile(r"^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$")
"""RFC 9110 qvalue; a range with any other q is ignored."""
MAX_ACCEPT = 4096


def negotiate(accept: str | None) -> Kind:
    """The representation to send for a page URL, by RFC 9110 rules: each kind takes the q of
    the most specific range that matches it (exact type, then `text/*`, then `*/*`); the highest
    q > 0 wins. Ties go to a type the client named over one reached by a wildcard, and among
    named types to Markdown, then plain text, then HTML (`text/markdown, text/html` is an
    agent's header); among wildcard matches to HTML (`*/*` is curl's and a browser's). No header,
    an unparsable one, or nothing acceptable: HTML."""
    if not accept or len(accept) > MAX_ACCEPT:
        return "html"
    ranges = _ranges(accept)
    best: tuple[float, int, int] = (0.0, 0, 0)
    choice: Kind = "html"
    for kind in ("html", "markdown", "plain"):
        q, explicit = _quality(kind, ranges)
        if q <= 0:
            continue
        order = (_EXPLICIT_ORDER if explicit else _WILDCARD_ORDER)[kind]
        key = (q, explicit, order)
        if key > best:
            best, choice = key, kind
    return choice


def _ranges(accept: str) -> list[tuple[str, float]]:
    out = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        media = media.lower()
        if not re.fullmatch(r"[a-z0-9!#$&^_.+-]+/(?:[a-z0-9!#$&^_.+-]+|\*)|\*/\*", media):
            continue
        q = 1.0
        for p in params:
            p = p.replace(" ", "").lower()
            if p.startswith("q="):
                m = _Q.match(p)
                q = float(m.group(1)) if m else -1.0
        if q >= 0:
            out.append((media, q))
    return out


def _quality(kind: Kind, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """(q, 1 if the client named the type itself) for one kind."""
    exact = [q for media, q in ranges if media in MEDIA[kind]]
    if exact:
        return max(exact), 1
    for wildcard in ("text/*", "*/*"):
        found = [q for media, q in ranges if media == wildcard]
        if found:
            return max(found), 0
    return 0.0, 0


def twin_path(url_path: str) -> str | None:
    """The twin's URL path for a page URL path: "/" -> "/index.md", "/a/b" or "/a/b.html" ->
    "/a/b.md", "/a/b.md" itself; None for other files ("/assets/x.css", "/llms.txt")."""
    path = url_path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        return None
    if path in ("/", "/index.html"):
        return "/index.md"
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if path.endswith("/"):
        return path.rstrip("/") + ".md"
    if last.endswith((".html", ".md")):
        return path.rsplit(".", 1)[0] + ".md"
    return None if "." in last else path + ".md"


def twin_file(root: Path, url_path: str) -> Path | None:
    """The twin file inside `root` for a page URL path, when that page has one; never a file
    outside `root` (the same checks as the MCP server's get_page)."""
    if twin_path(url_path) is None:
        return None
    try:
        return resolve_twin(root, url_path)
    except Refused:
        return None
