"""The security headers of every page: the brand's strict CSP (widened only for allowlisted
embeds), the `_headers` file a build writes, and what `hubdocs serve` sends (as the build wrote
them, else the brand's defaults). Imports nothing of ours at run time: serve answers at once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from renderer.config.schema import Brand
    from renderer.parse.embeds import EmbedUse

NEEDED = ("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options")


def page_headers(brand: Any) -> tuple[tuple[str, str], ...]:
    """The brand's strict CSP (no embed hosts) and the fixed security headers."""
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


def csp(brand: Brand, use: EmbedUse | None = None) -> str:
    """The strict Content-Security-Policy of every page; `use` (the site's allowlisted embeds)
    adds `frame-src`/`media-src` for exactly those hosts, and nothing when there are none."""
    extra = ""
    ep = brand.connect_endpoint
    if ep.startswith(("https://", "http://")):
        origin = "/".join(ep.split("/")[:3])
        extra = " " + origin
    api = "".join(f" {o}" for o in sorted(use.connect)) if use is not None else ""
    return (
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https:; "
        f"font-src 'self'; connect-src 'self'{extra}{api}; form-action 'self'{extra}; "
        "base-uri 'none'; frame-ancestors 'none'; object-src 'none'; manifest-src 'self'"
        + _embed_sources(use)
    )


def _embed_sources(use: EmbedUse | None) -> str:
    out = ""
    if use is not None and use.frames:
        out += "; frame-src " + " ".join(sorted(use.frames))
    if use is not None and use.media:
        out += "; media-src " + " ".join(sorted(use.media))
    return out


SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def headers_file(brand: Brand, use: EmbedUse | None = None) -> str:
    """`_headers` in the Netlify/Cloudflare Pages format."""
    lines = ["/*", f"  Content-Security-Policy: {csp(brand, use)}"]
    lines += [f"  {k}: {v}" for k, v in SECURITY_HEADERS.items()]
    lines += ["", "/*.md", "  Content-Type: text/markdown; charset=utf-8"]
    lines += ["", "/llms.txt", "  Content-Type: text/plain; charset=utf-8"]
    lines += ["", "/llms-full.txt", "  Content-Type: text/plain; charset=utf-8"]
    lines += ["", "/connectors/*/llms.txt", "  Content-Type: text/plain; charset=utf-8"]
    lines += ["", "/connectors/*/llms-full.txt", "  Content-Type: text/plain; charset=utf-8", ""]
    return "\n".join(lines)
