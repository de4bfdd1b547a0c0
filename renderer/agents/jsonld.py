"""JSON-LD for a page (schema.org): `WebSite` for the home page, `TechArticle` for every other
page, `HowTo` with its steps for a guide, and the page's `BreadcrumbList`, as the payload of a
`<script type="application/ld+json">` element.

A script of that type is a data block, never executed, so a strict CSP without
'unsafe-inline' allows it. The payload escapes `<`, `>` and `&` (and U+2028/U+2029) as JSON
`\\uXXXX` escapes, so no text of the page can close the element or start markup in it.
"""

from __future__ import annotations

from typing import Any

from renderer.agents.site import BuiltSite, Page
from renderer.render.jsonld import page_graph, script

__all__ = ["graph_for", "jsonld_files", "page_graph", "script", "with_jsonld"]


def graph_for(site: BuiltSite, page: Page) -> dict[str, Any]:
    """page_graph() for a page of a built brand."""
    url = site.url(page.path)
    crumbs = tuple((name, site.url(path) if path else "") for name, path in page.crumbs)
    steps = tuple((s.heading, s.text, f"{url}#{s.anchor}" if s.anchor else url) for s in page.steps)
    return page_graph(
        url=url,
        title=page.title,
        description=page.description,
        site_name=site.name,
        site_url=site.url("/"),
        kind=page.kind,
        crumbs=crumbs,
        steps=steps,
    )


def with_jsonld(page_html: bytes, element: str) -> bytes:
    """The page with the element inserted before `</head>` (unchanged when it has no head)."""
    marker = b"</head>"
    at = page_html.find(marker)
    if at < 0:
        return page_html
    return page_html[:at] + element.encode() + b"\n" + page_html[at:]


def jsonld_files(site: BuiltSite) -> dict[str, str]:
    """{HTML file below the brand folder: its script element} for every page with a twin."""
    out = {}
    for page in site.pages:
        out[page.twin[: -len(".md")] + ".html"] = script(graph_for(site, page))
    return out
