"""JSON-LD for a page (schema.org): `WebSite` for the home page, `TechArticle` for every other
page, `HowTo` with its steps for a guide, and the page's `BreadcrumbList`, as the payload of a
`<script type="application/ld+json">` element.

A script of that type is a data block, never executed, so a strict CSP without
'unsafe-inline' allows it. The payload escapes `<`, `>` and `&` (and U+2028/U+2029) as JSON
`\\uXXXX` escapes, so no text of the page can close the element or start markup in it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from renderer.agents.site import BuiltSite, Page

_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def page_graph(
    *,
    url: str,
    title: str,
    description: str,
    site_name: str,
    site_url: str,
    kind: str,
    crumbs: Sequence[tuple[str, str]] = (),
    steps: Sequence[tuple[str, str, str]] = (),
    language: str = "en",
) -> dict[str, Any]:
    """The JSON-LD of one page, from plain values (what a renderer has at hand).

    `kind`: "home", "guide" or "page"; `crumbs`: (name, absolute URL; "" for the page itself);
    `steps`: (name, text, absolute URL of the step) for a guide's HowTo."""
    graph: list[dict[str, Any]] = []
    site = {"@type": "WebSite", "@id": site_url + "#website", "name": site_name, "url": site_url}
    if kind == "home":
        home = dict(site)
        if description:
            home["description"] = description
        home["inLanguage"] = language
        graph.append(home)
    else:
        article: dict[str, Any] = {
            "@type": "TechArticle",
            "@id": url + "#article",
            "headline": title,
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": language,
            "isPartOf": {"@id": site["@id"]},
        }
        if description:
            article["description"] = description
        graph += [site, article]
        if kind == "guide" and steps:
            graph.append(_howto(url, title, description, steps))
    if crumbs:
        graph.append(_breadcrumbs(url, crumbs))
    return {"@context": "https://schema.org", "@graph": graph}


def _howto(
    url: str, title: str, description: str, steps: Sequence[tuple[str, str, str]]
) -> dict[str, Any]:
    howto: dict[str, Any] = {"@type": "HowTo", "@id": url + "#howto", "name": title, "url": url}
    if description:
        howto["description"] = description
    howto["step"] = [
        {
            "@type": "HowToStep",
            "position": i,
            "name": name,
            "text": text or name,
            "url": step_url,
        }
        for i, (name, text, step_url) in enumerate(steps, 1)
    ]
    return howto


def _breadcrumbs(url: str, crumbs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    items = []
    for i, (name, item) in enumerate(crumbs, 1):
        entry: dict[str, Any] = {"@type": "ListItem", "position": i, "name": name}
        entry["item"] = item or url
        items.append(entry)
    return {"@type": "BreadcrumbList", "@id": url + "#breadcrumb", "itemListElement": items}


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


def script(data: dict[str, Any]) -> str:
    """The `<script type="application/ld+json">` element holding `data` (deterministic)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for raw, escaped in _ESCAPES.items():
        text = text.replace(raw, escaped)
    return f'<script type="application/ld+json">{text}</script>'


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
