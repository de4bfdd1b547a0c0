"""Mintlify attribute values (JSX literals) -> what the partials may print: safe URLs, display
text, booleans, allowlisted class names, grid sizes, anchors, colours."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

ATTR_CLASSES = {
    "Badge.color": (
        "blue",
        "gray",
        "green",
        "orange",
        "purple",
        "red",
        "yellow",
        "white",
        "surface",
    ),
    "Badge.size": ("xs", "sm", "md", "lg"),
    "Badge.shape": ("pill", "rounded"),
    "Callout.color": ("blue", "gray", "green", "orange", "purple", "red", "yellow"),
}
_SAFE_URL = re.compile(
    r"^(?:https?://[^\s\"'<>`]+|mailto:[^\s\"'<>`]+|[/#.?][^\s\"'<>`]*|[A-Za-z0-9_][^\s\"'<>`:]*)$"
)
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_FUNC_COLOR = re.compile(r"^(?:rgba?|hsla?|oklch|oklab|lab|lch)\([0-9.,%/ a-z-]{1,60}\)$")


def safe_url(value: Any) -> str:
    """An href/src the page may use: http(s), mailto, or relative; empty for anything else
    (`javascript:`, `data:`, protocol-relative `//host`, control characters)."""
    if not isinstance(value, str):
        return ""
    v = value.strip()
    if not v or v.startswith("//") or len(v) > 2000 or not _SAFE_URL.match(v):
        return ""
    return v


def text(value: Any) -> str:
    """An attribute value as display text (JSX literals: numbers, booleans, arrays)."""
    if value is None or value is False:
        return ""
    if value is True:
        return ""
    if isinstance(value, tuple):
        return ", ".join(text(v) for v in value)
    if isinstance(value, Mapping):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def flag(value: Any) -> bool:
    """A JSX boolean: valueless or `{true}` or the string "true"."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def choice(component: str, attr: str, value: Any) -> str:
    """A class-safe value from the allowlist of `component.attr`, else empty."""
    v = text(value).strip().lower()
    return v if v in ATTR_CLASSES.get(f"{component}.{attr}", ()) else ""


def cols(value: Any, default: int = 2) -> int:
    """`cols={3}` / `cols="3"` -> 1..4 (the grid classes that exist)."""
    try:
        n = int(text(value) or default)
    except ValueError:
        n = default
    return max(1, min(4, n))


def slug(value: str) -> str:
    """An anchor id from a label (`v1.2 — March 2025` -> `v12-march-2025`)."""
    s = re.sub(r"[^\w\s-]", "", value.lower(), flags=re.UNICODE)
    s = re.sub(r"[\s_]+", "-", s).strip("-")
    return s or "update"


def color_value(value: Any) -> str:
    """A colour usable as an SVG `fill`: a hex or a plain functional colour; else empty."""
    v = text(value).strip()
    return v if _HEX.match(v) or _FUNC_COLOR.match(v) else ""


def uid(*parts: Any) -> str:
    """A short deterministic id for aria links inside a page."""
    raw = "\x1f".join(str(p) for p in parts).encode()
    return "hd-" + hashlib.sha256(raw).hexdigest()[:10]


def repr_literal(value: Any) -> str:
    """A JSX literal shown as written-ish (`"x"` stays x, `true`, `[1, 2]`, `null`)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, tuple):
        return "[" + ", ".join(repr_literal(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {repr_literal(v)}" for k, v in value.items()) + "}"
    return text(value)
