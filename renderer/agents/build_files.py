"""The agents files of one brand, written by the build itself (issue 28): the discovery files
(`/.well-known/llms.txt`, `mcp.json`, the MCP Server Card, the AI Catalog, the agent-skills
index), `skill.md`, `robots.txt` naming the AI crawlers, and the host configuration
(`_headers`, `_redirects`, `vercel.json`) with each page's Link headers.

`with_agent_files()` wraps the stream of files the renderer writes once per brand (the files
that list every page: `SiteRenderer.site_files`), so these files go through the same brand pass
(the white-label leak check) as every other output. They are made from the variant's page
summaries and its llms.txt alone, never from page bodies: an incremental build (which rewrites
only changed pages, and falls back to a full build when a title or the page list changes) leaves
them as they are, and they stay byte-identical to a full build's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from renderer.agents.discovery import agent_files
from renderer.agents.host_config import host_files
from renderer.agents.site import BuiltSite, Page, llms_head, page_path, parse_twin
from renderer.config.schema import Brand
from renderer.vary.site import Site, file_for

Output = tuple[str, bytes]
HELD = frozenset({"robots.txt", "_headers", "_redirects"})
"""Files of the renderer this step rewrites (its own rules first, unchanged)."""


def mcp_url(brand: Brand) -> str | None:
    """The MCP endpoint a brand advertises: "" = `<base_url>/mcp`, None = none."""
    return None if brand.mcp_url == "none" else brand.mcp_url


def with_agent_files(
    brand: Brand, variant: Site, listing: Iterable[Output], taken: Iterable[str] = ()
) -> Iterator[Output]:
    """`listing` (the renderer's site files) with the agents files added, and `robots.txt`,
    `_headers` and `_redirects` extended; `taken`: the page files written elsewhere (an agents
    file never replaces a page)."""
    held: dict[str, bytes] = {}
    llms: dict[str, bytes] = {}
    twins: dict[str, bytes] = {}
    seen: set[str] = set(taken)
    for path, data in listing:
        if path in HELD:
            held[path] = data
            continue
        seen.add(path)
        if path.endswith(("llms.txt", "llms-full.txt")):
            llms[path] = data
        elif path.endswith(".md"):
            twins[path] = data
        yield path, data
    site = built_site(brand, variant, llms, twins, seen)
    url = mcp_url(brand)
    robots = held.get("robots.txt", b"").decode("utf-8")
    files = agent_files(site, url, brand.ai_crawlers, robots)
    files.update(
        host_files(
            site,
            held.get("_headers", b"").decode("utf-8"),
            held.get("_redirects", b"").decode("utf-8"),
            mcp=url is not None,
        )
    )
    if not files["_redirects"]:
        del files["_redirects"]
    for path in sorted(files):
        if path not in seen:
            yield path, files[path]


def built_site(
    brand: Brand,
    variant: Site,
    llms: Mapping[str, bytes],
    twins: Mapping[str, bytes],
    seen: set[str],
) -> BuiltSite:
    """What `site.load_site()` reads back from the written folder, from the build's own
    values: the llms.txt head, the brand's URL and every page that has a twin."""
    root_llms = llms.get("llms.txt", b"").decode("utf-8")
    name, summary, sections = llms_head(root_llms)
    pages: dict[str, Page] = {}
    for g in variant.all():
        twin = file_for(g.url, ".md")
        kind = "guide" if g.kind == "guide" else "page"
        pages[twin] = Page(page_path(twin), twin, g.title, g.description, kind, (), ())
    for c in variant.connectors:
        twin = file_for(c.url, ".md")
        pages[twin] = Page(page_path(twin), twin, f"{c.name} guides", "", "page", (), ())
    for twin, data in twins.items():  # the home page, pages copied as they are
        if twin[: -len(".md")] + ".html" in seen and twin not in pages:
            title, description, _ = parse_twin(data.decode("utf-8", errors="replace"))
            pages[twin] = Page(page_path(twin), twin, title, description, "page", (), ())
    ordered = tuple(
        p if p.path != "/" else Page(p.path, p.twin, p.title, p.description, "home", (), ())
        for _, p in sorted(pages.items())
    )
    root = brand.folder  # never read: `files` holds what the agents files need
    return BuiltSite(root, name, summary, brand.base_url, sections, ordered, dict(llms))
