"""The security headers `hubdocs serve` sends: as the build wrote them to `_headers`, else the
brand's strict defaults (computed by the renderer, imported only then)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

NEEDED = ("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options")


def page_headers(brand: Any) -> tuple[tuple[str, str], ...]:
    """The brand's strict CSP (no embed hosts) and the fixed security headers."""
    from .render_site import SECURITY_HEADERS, csp

    return (("Content-Security-Policy", csp(brand)), *SECURITY_HEADERS.items())


def built_headers(headers_file: Path) -> tuple[tuple[str, str], ...] | None:
    """The same headers as the build wrote them into `_headers` (its `/*` block), or None when
    any is missing: lets `serve` answer before the renderer is even imported."""
    try:
        lines = headers_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        return None
    found: dict[str, str] = {}
    if not lines or lines[0].strip() != "/*":
        return None
    for line in lines[1:]:
        if not line.startswith((" ", "\t")):
            break
        name, _, value = line.strip().partition(":")
        if name in NEEDED and value.strip():
            found[name] = value.strip()
    if set(found) != set(NEEDED) or "script-src 'self'" not in found[NEEDED[0]]:
        return None
    return tuple((k, found[k]) for k in NEEDED)
