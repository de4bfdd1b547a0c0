"""JSON-LD for a page (schema.org): `WebSite` for the home page, `TechArticle` for every other
page, `HowTo` with its steps for a guide, and the page's `BreadcrumbList`, as the payload of a
`<script type="application/ld+json">` element in the page's head.

A script of that type is a data block, never executed, so a strict CSP without
'unsafe-inline' allows it. The payload escapes `<`, `>` and `&` (and U+2028/U+2029) as JSON
`\\uXXXX` escapes, so no text of the page can close the element or start markup in it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from renderer.core import model as m
from renderer.core.text import plain_text, slugify
from renderer.render.components import on_page

STEP_TEXT = 500
"""Characters of a step's text in its HowToStep, at most."""

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


def script(data: dict[str, Any]) -> str:
    """The `<script type="application/ld+json">` element holding `data` (deterministic)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for raw, escaped in _ESCAPES.items():
        text = text.replace(raw, escaped)
    return f'<script type="application/ld+json">{text}</script>'


def guide_steps(blocks: tuple[m.Block, ...], url: str) -> tuple[tuple[str, str, str], ...]:
    """A page's `<Step>`s as (name, text, URL of the step): the anchors are the ones the page
    gives them (`step-<slug>`, `-2`, `-3` for repeats within one `<Steps>`)."""
    out = []
    for n in on_page(blocks):
        if not isinstance(n, m.Steps):
            continue
        seen: set[str] = set()
        for s in n.steps:
            anchor = base = f"step-{slugify(s.title)}"
            k = 1
            while anchor in seen:
                k += 1
                anchor = f"{base}-{k}"
            seen.add(anchor)
            out.append((plain_text(s.title), _clip(_text(s.body)), f"{url}#{anchor}"))
    return tuple(out)


def _text(blocks: tuple[m.Block, ...]) -> str:
    words = []
    for n in on_page(blocks):
        if isinstance(n, m.Paragraph):
            words.append(plain_text(n.text))
        elif isinstance(n, m.MarkdownBlock):
            words.append(plain_text(n.source))
    return " ".join(" ".join(words).split())


def _clip(text: str) -> str:
    if len(text) <= STEP_TEXT:
        return text
    return text[: STEP_TEXT - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def element(data: dict[str, Any]) -> Markup:
    """script() as markup for a template."""
    return Markup(script(data))  # noqa: S704 - the payload is escaped by script()
