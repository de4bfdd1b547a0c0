"""Site settings a reader or a crawler sees on every page: docs.json `seo.metatags`, the
`banner`, the 404 page's words, robots.txt and whether a sitemap can be written."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

OPEN_GRAPH = re.compile(r"^(og|article|profile|book|fb):", re.I)
"""Meta names written with `property=` (Open Graph) rather than `name=`."""
NOT_META = frozenset({"canonical"})
"""`seo.metatags` keys that are no `<meta>`: `canonical` is the site's base URL."""
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![*\w])[*_](?![*_\s])(.+?)(?<![\s*_])[*_](?![*\w])")
_SAFE_HREF = re.compile(r"^(https://|mailto:|/(?!/))[^\s\"'<>\\]*\Z")


def meta_tags(tags: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    """`seo.metatags` as the attributes of `<meta>` elements (`canonical` left out)."""
    out = []
    for name, content in tags:
        if name.lower() in NOT_META:
            continue
        attr = "property" if OPEN_GRAPH.match(name) else "name"
        out.append({"attr": attr, "name": name, "content": content})
    return out


def noindex_all(tags: tuple[tuple[str, str], ...]) -> bool:
    """`seo.metatags.robots` keeps every page out of search engines."""
    robots = next((c for n, c in tags if n.lower() == "robots"), "")
    return "noindex" in robots.lower().replace(" ", "").split(",")


def robots_txt(base_url: str, sitemap: bool, noindex: bool) -> str:
    """robots.txt: everything allowed (or nothing, for a site that asks for noindex); the
    sitemap named only when one is written (its URL must be absolute)."""
    lines = ["User-agent: *", "Disallow: /" if noindex else "Allow: /"]
    if sitemap and base_url:
        lines += ["", f"Sitemap: {base_url}/sitemap.xml"]
    return "\n".join(lines) + "\n"


def inline_markdown(text: str) -> Markup:
    """The basic MDX a banner may hold (links, bold, italic) as HTML; everything else is
    text. A link to anything but https, mailto or a root-relative path stays text."""
    out: list[str] = []
    pos = 0
    for mt in _LINK.finditer(text):
        out.append(_emphasis(text[pos : mt.start()]))
        label, href = mt.group(1), mt.group(2)
        if _SAFE_HREF.match(href):
            out.append(f'<a href="{escape(href)}">{_emphasis(label)}</a>')
        else:
            out.append(_emphasis(mt.group(0)))
        pos = mt.end()
    out.append(_emphasis(text[pos:]))
    return Markup("".join(out))


def _emphasis(text: str) -> str:
    html = str(escape(text))
    html = _STRONG.sub(r"<strong>\1</strong>", html)
    return _EM.sub(r"<em>\1</em>", html)


def banner_key(content: str) -> str:
    """A short key naming one banner's text (a dismissed banner comes back when it changes)."""
    import hashlib

    return hashlib.sha256(content.encode()).hexdigest()[:12]


def not_found(settings: dict[str, Any] | None) -> dict[str, Any]:
    """docs.json `errors.404` for the 404 page: title, description (basic MDX), redirect."""
    s = settings or {}
    return {
        "title": s.get("title") or "Page not found",
        "description": inline_markdown(s.get("description") or "")
        if s.get("description")
        else Markup(""),
        "redirect": bool(s.get("redirect")),
    }
