"""Host configuration per brand, for the hosts docs are deployed on: Netlify and Cloudflare
Pages read `_headers` and `_redirects`, Vercel reads `vercel.json`. They carry the `Link`
headers agents follow (a page's Markdown twin, `rel="alternate"; type="text/markdown"`, and the
llms.txt that covers it, `rel="describedby"`), the content types of the discovery files, and,
where the host can express it, the `Accept: text/markdown` negotiation.

- Netlify and Cloudflare Pages: header rules and redirects match on the path only (Netlify's
  redirect conditions are country, language, role and cookie; Cloudflare Pages' have none), so
  negotiation needs an edge function there; the files carry the Link headers (exact path per
  page), the content types and the `/.well-known/mcp` alias.
- Vercel: `routes` may test a request header (`has`) and run before the filesystem, so a page
  URL asked for with `Accept: text/markdown` (or `text/plain`) is answered with its twin. The
  header test is a regular expression: it cannot compare q-values.
"""

from __future__ import annotations

import json
import re
from typing import Any

from renderer.agents.discovery import (
    AI_CATALOG,
    MCP_JSON,
    SERVER_CARD,
    SKILLS_INDEX,
    WELL_KNOWN_LLMS,
)
from renderer.agents.site import BuiltSite, Page
from renderer.render.link_headers import describedby

MD_ACCEPT = r".*text/(x-)?markdown.*"
PLAIN_ACCEPT = r".*text/plain.*"
"""Vercel `has` header patterns: plain regular expressions (no inline flags, which not every
engine reads); media types arrive in lower case in practice."""
VERCEL_SCHEMA = "https://openapi.vercel.sh/vercel.json"
GROUP_CHARS = 3000
"""Longest alternation of page paths in one Vercel route."""

CONTENT_TYPES = {
    "/" + WELL_KNOWN_LLMS: "text/plain; charset=utf-8",
    "/" + MCP_JSON: "application/json",
    "/" + SERVER_CARD: "application/mcp-server-card+json",
    "/" + AI_CATALOG: "application/ai-catalog+json",
    "/" + SKILLS_INDEX: "application/json",
    "/skill.md": "text/markdown; charset=utf-8",
}
CORS = "Access-Control-Allow-Origin"
MARKER = "# agents:"
"""The comment that starts what this module appends to `_headers` and `_redirects`."""


def page_links(site: BuiltSite, page: Page) -> str:
    """The `Link` header value for a page: its twin, and the most specific llms.txt."""
    links = [f'<{page.twin_path}>; rel="alternate"; type="text/markdown"']
    llms = describedby(site.root, page.twin, site.has)
    if llms is not None:
        links.append(f'<{llms}>; rel="describedby"; type="text/plain"')
    return ", ".join(links)


def host_files(
    site: BuiltSite, base_headers: str = "", base_redirects: str = "", mcp: bool = True
) -> dict[str, bytes]:
    """`_headers`, `_redirects` and `vercel.json` for a built brand. `base_headers` and
    `base_redirects`: what the build already writes to those files (security headers, a
    Mintlify site's redirects); kept first, unchanged. `mcp`: the brand advertises an MCP
    server (else no `/.well-known/mcp` alias)."""
    return {
        "_headers": headers_file(site, base_headers).encode(),
        "_redirects": redirects_file(base_redirects, mcp).encode(),
        "vercel.json": (
            json.dumps(vercel_json(site, base_headers), indent=2, ensure_ascii=False) + "\n"
        ).encode(),
    }


def headers_file(site: BuiltSite, base: str = "") -> str:
    """Netlify/Cloudflare Pages `_headers`: the build's rules, then the discovery files' types
    and CORS, then one Link rule per page (an exact path matches only that page)."""
    lines = [base.rstrip("\n")] if base.strip() else []
    lines += ["", f"{MARKER} discovery files and the Link headers of pages", "/.well-known/*"]
    lines += [f"  {CORS}: *"]
    for path, ctype in CONTENT_TYPES.items():
        lines += ["", path, f"  Content-Type: {ctype}"]
    if site.has("llms.txt"):
        lines += ["", "/*.md", '  Link: </llms.txt>; rel="describedby"; type="text/plain"']
    for page in site.pages:
        lines += ["", page.path, f"  Link: {page_links(site, page)}"]
    return "\n".join(lines).lstrip("\n") + "\n"


def redirects_file(base: str = "", mcp: bool = True) -> str:
    """`_redirects`: the build's rules, then the extensionless alias Mintlify serves."""
    lines = [base.rstrip("\n")] if base.strip() else []
    if not mcp:
        return "\n".join(lines) + "\n" if lines else ""
    lines += [
        f"{MARKER} the MCP discovery document without its extension",
        "/.well-known/mcp  /.well-known/mcp.json  200",
    ]
    return "\n".join(lines) + "\n"


def security_headers(base: str) -> dict[str, str]:
    """The headers of the `/*` block of a `_headers` file."""
    out: dict[str, str] = {}
    lines = base.splitlines()
    if not lines or lines[0].strip() != "/*":
        return out
    for line in lines[1:]:
        if not line.startswith((" ", "\t")):
            break
        name, _, value = line.strip().partition(":")
        if name and value.strip():
            out[name.strip()] = value.strip()
    return out


def vercel_json(site: BuiltSite, base_headers: str = "") -> dict[str, Any]:
    """`vercel.json` with `routes` (they run in order; those before `{"handle":
    "filesystem"}` run before any file is served, which a page URL's negotiation needs, since
    the page's own file would answer first): security headers, content types, Link headers,
    then Markdown for `Accept: text/markdown` and plain text for `Accept: text/plain`."""
    routes: list[dict[str, Any]] = []
    security = security_headers(base_headers)
    if security:
        routes.append({"src": "^/.*$", "headers": security, "continue": True})
    routes.append(
        {
            "src": r"^/.*\.md$",
            "headers": {"Content-Type": "text/markdown; charset=utf-8"},
            "continue": True,
        }
    )
    routes.append(
        {
            "src": r"^/(?:.*/)?llms(?:-full)?\.txt$",
            "headers": {"Content-Type": "text/plain; charset=utf-8"},
            "continue": True,
        }
    )
    routes.append({"src": r"^/\.well-known/.*$", "headers": {CORS: "*"}, "continue": True})
    for path, ctype in CONTENT_TYPES.items():
        routes.append({"src": _exact(path), "headers": {"Content-Type": ctype}, "continue": True})
    for page in site.pages:
        headers = {"Link": page_links(site, page), "Vary": "Accept"}
        routes.append({"src": _page_src(page.path), "headers": headers, "continue": True})
    for accept, ctype in (
        (MD_ACCEPT, "text/markdown; charset=utf-8"),
        (PLAIN_ACCEPT, "text/plain; charset=utf-8"),
    ):
        has = [{"type": "header", "key": "accept", "value": accept}]
        for group in _groups([p for p in site.pages if p.path != "/"]):
            routes.append(
                {
                    "src": "^/(" + "|".join(re.escape(p.path.strip("/")) for p in group) + ")/?$",
                    "has": has,
                    "dest": "/$1.md",
                    "headers": {"Content-Type": ctype},
                }
            )
        if site.page("/") is not None:
            routes.append(
                {
                    "src": r"^/(?:index\.html)?$",
                    "has": has,
                    "dest": "/index.md",
                    "headers": {"Content-Type": ctype},
                }
            )
    routes.append({"handle": "filesystem"})
    routes.append({"src": "^/(.+?)/?$", "dest": "/$1.html", "check": True})
    return {"$schema": VERCEL_SCHEMA, "routes": routes}


def _exact(path: str) -> str:
    return "^" + re.escape(path) + "$"


def _page_src(path: str) -> str:
    if path == "/":
        return r"^/(?:index\.html)?$"
    return "^" + re.escape(path.rstrip("/")) + r"(?:/|\.html)?$"


def _groups(pages: list[Page]) -> list[list[Page]]:
    """Pages in runs whose alternation stays under GROUP_CHARS."""
    out: list[list[Page]] = []
    size = GROUP_CHARS
    for p in pages:
        cost = len(re.escape(p.path)) + 1
        if size + cost > GROUP_CHARS:
            out.append([])
            size = 0
        out[-1].append(p)
        size += cost
    return out
