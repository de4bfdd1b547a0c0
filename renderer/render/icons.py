"""Icon names (Font Awesome / Lucide spellings) -> an `<svg><use>` of the theme's local sprite."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

SPRITE = "/assets/icons.svg"
"""Served from the site's own origin: no icon CDN, nothing fetched elsewhere."""
ICONS = frozenset(
    [
        "arrow-right",
        "book",
        "book-open",
        "bolt",
        "brain",
        "calendar",
        "chart-line",
        "check",
        "circle-check",
        "clock",
        "cloud",
        "code",
        "copy",
        "database",
        "download",
        "envelope",
        "fallback",
        "file",
        "folder",
        "gear",
        "github",
        "globe",
        "image",
        "info",
        "key",
        "lightbulb",
        "link",
        "list",
        "lock",
        "magnifying-glass",
        "message",
        "minus",
        "palette",
        "pen",
        "plug",
        "plus",
        "puzzle-piece",
        "robot",
        "rocket",
        "shield",
        "sparkles",
        "star",
        "table",
        "terminal",
        "trash",
        "triangle-exclamation",
        "upload",
        "user",
        "users",
        "video",
        "wand-magic-sparkles",
        "x",
        "heart",
        "house",
        "flag",
        "bell",
        "server",
        "play",
        "circle-exclamation",
        "circle-question",
        "arrow-up-right-from-square",
        "chevron-right",
        "wrench",
    ]
)
"""The symbols of `site_template/static/icons.svg` (ids `hd-i-<name>`), `fallback` included."""
ALIASES = {
    "xmark": "x",
    "circle-xmark": "x",
    "close": "x",
    "check-circle": "circle-check",
    "circle-info": "info",
    "info-circle": "info",
    "warning": "triangle-exclamation",
    "exclamation-triangle": "triangle-exclamation",
    "alert-triangle": "triangle-exclamation",
    "triangle-alert": "triangle-exclamation",
    "circle-alert": "circle-exclamation",
    "cog": "gear",
    "settings": "gear",
    "gears": "gear",
    "search": "magnifying-glass",
    "mail": "envelope",
    "comment": "message",
    "comments": "message",
    "message-square": "message",
    "messages": "message",
    "zap": "bolt",
    "file-lines": "file",
    "file-text": "file",
    "file-code": "file",
    "folder-open": "folder",
    "home": "house",
    "pencil": "pen",
    "pen-to-square": "pen",
    "wand-sparkles": "wand-magic-sparkles",
    "wand": "wand-magic-sparkles",
    "external-link": "arrow-up-right-from-square",
    "square-arrow-out-up-right": "arrow-up-right-from-square",
    "question": "circle-question",
    "circle-help": "circle-question",
    "lightbulb-on": "lightbulb",
    "lock-keyhole": "lock",
    "shield-check": "shield",
    "shield-halved": "shield",
    "chart-simple": "chart-line",
    "chart-bar": "chart-line",
    "calendar-days": "calendar",
    "user-group": "users",
    "puzzle": "puzzle-piece",
    "list-check": "list",
    "image-square": "image",
    "film": "video",
    "clipboard": "copy",
    "trash-can": "trash",
    "square-terminal": "terminal",
    "code-simple": "code",
    "brackets-curly": "code",
    "arrow-right-long": "arrow-right",
    "plug-zap": "plug",
    "gauge": "chart-line",
    "star-sparkle": "sparkles",
    "sparkle": "sparkles",
    "microchip-ai": "brain",
    "bot": "robot",
    "earth-americas": "globe",
    "globe-pointer": "globe",
}
_URL = re.compile(r"^(?:https://[^\s\"'<>`]+|/(?!/)[^\s\"'<>`]*)$")


def icon_id(name: str) -> str:
    """The sprite symbol for a Mintlify icon name; `fallback` for any name we do not draw."""
    n = name.strip().lower()
    for prefix in ("fa-", "fas-", "far-", "lucide-"):
        n = n.removeprefix(prefix)
    n = ALIASES.get(n, n)
    return n if n in ICONS else "fallback"


def icon_html(name: str, size: Any = None) -> Markup:
    """Decorative inline SVG for an icon (hidden from screen readers; the partial labels it).

    An image path or https URL (Mintlify allows both) becomes an `<img>`: `img-src` covers it."""
    if _URL.match(name.strip()):
        return Markup('<img class="hd-icon hd-icon--img" src="%s" alt="">') % name.strip()
    return Markup(
        '<svg class="hd-icon" aria-hidden="true" focusable="false">'
        '<use href="%s#hd-i-%s"></use></svg>'
    ) % (Markup(SPRITE), icon_id(name))


def icon_label(name: str) -> str:
    """What a screen reader says for a standalone icon: the name in words (`circle-check`)."""
    n = name.strip()
    if _URL.match(n):
        return ""
    return n.lower().replace("-", " ")
