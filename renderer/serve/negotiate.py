"""Content negotiation for page URLs (issue 28): an `Accept` header -> the page (HTML), its
Markdown twin as `text/markdown`, or the twin as `text/plain`.

The rules are RFC 9110 §12.5.1's, with the same tie-breaks as `renderer/agents/negotiate.py`:
each representation takes the q of the most specific range that matches it (its own type,
then `text/*`, then `*/*`); the highest q above 0 wins. Ties go to a type the client named
over one reached through a wildcard; among named types Markdown, then plain text, then HTML
(`text/markdown, text/html` is an agent's header); among wildcard matches HTML (`*/*` is what
curl and browsers send). No header, one that cannot be parsed, or nothing acceptable: HTML.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["html", "markdown", "plain"]

MEDIA: dict[str, tuple[str, ...]] = {
    "html": ("text/html", "application/xhtml+xml"),
    "markdown": ("text/markdown", "text/x-markdown"),
    "plain": ("text/plain",),
}
CONTENT_TYPE: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
    "plain": "text/plain; charset=utf-8",
}
_NAMED_ORDER = {"markdown": 2, "plain": 1, "html": 0}
_WILDCARD_ORDER = {"html": 2, "markdown": 1, "plain": 0}
_MEDIA_RANGE = re.compile(r"[a-z0-9!#$&^_.+-]+/(?:[a-z0-9!#$&^_.+-]+|\*)")
_QVALUE = re.compile(r"q=(0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)")
MAX_ACCEPT = 4096
"""Longer Accept headers are not parsed (HTML)."""


def negotiate(accept: str | None) -> Kind:
    """The representation of a page URL to send for `accept` (see the module's rules)."""
    if not accept or len(accept) > MAX_ACCEPT:
        return "html"
    ranges = _ranges(accept)
    best: tuple[float, int, int] = (0.0, 0, 0)
    choice: Kind = "html"
    for kind in ("html", "markdown", "plain"):
        q, named = _quality(kind, ranges)
        if q <= 0:
            continue
        key = (q, named, (_NAMED_ORDER if named else _WILDCARD_ORDER)[kind])
        if key > best:
            best, choice = key, kind
    return choice


def _ranges(accept: str) -> list[tuple[str, float]]:
    """(media range, q) for every well-formed range; a range with an invalid q is dropped."""
    out = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        media = media.lower()
        if not _MEDIA_RANGE.fullmatch(media) or (media.startswith("*/") and media != "*/*"):
            continue
        q = 1.0
        for p in params:
            p = p.replace(" ", "").lower()
            if p.startswith("q="):
                m = _QVALUE.fullmatch(p)
                q = float(m.group(1)) if m else -1.0
        if q >= 0:
            out.append((media, q))
    return out


def _quality(kind: str, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """(q, 1 when the client named one of the kind's types itself) for one representation."""
    named = [q for media, q in ranges if media in MEDIA[kind]]
    if named:
        return max(named), 1
    for wildcard in ("text/*", "*/*"):
        found = [q for media, q in ranges if media == wildcard]
        if found:
            return max(found), 0
    return 0.0, 0
