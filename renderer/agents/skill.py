"""`skill.md` (agentskills.io format) written from a built brand's structure alone: what the docs
cover, how to find a page, how to read one. Deterministic: the same site gives the same bytes."""

from __future__ import annotations

import re

from renderer.agents.site import BuiltSite, Page
from renderer.render.defang import defang

MAX_NAMES = 60
"""Connector or section names listed by name; the rest are counted."""
MAX_DESCRIPTION = 1024
"""agentskills.io's limit for the frontmatter description."""


def skill_name(site: BuiltSite) -> str:
    """A URL-safe slug of the site's name (agentskills.io: lowercase, digits, hyphens, <= 64)."""
    slug = re.sub(r"[^a-z0-9]+", "-", site.name.lower()).strip("-")
    return (slug or "docs")[:64].strip("-")


def skill_description(site: BuiltSite) -> str:
    topics = _topics(site)
    covers = f" Covers {_names(topics)}." if topics else ""
    lead = (site.summary or f"The documentation of {site.name}").rstrip(".") + "."
    text = (
        f"{lead}{covers} Use it to find and read the right page of "
        f"{site.name}: search the docs, then read a page as Markdown."
    )
    return " ".join(text.split())[:MAX_DESCRIPTION]


def skill_md(site: BuiltSite, mcp_url: str | None = None) -> str:
    """The skill file for a built brand; `mcp_url`: where its MCP server answers, if anywhere."""
    home = site.url("/")
    llms = site.url("/llms.txt")
    full = site.url("/llms-full.txt")
    example = _example(site)
    lines = [
        "---",
        f"name: {skill_name(site)}",
        f"description: {_yaml(skill_description(site))}",
        "metadata:",
        f"  site: {_yaml(home)}",
        f"  pages: {_yaml(str(len(site.pages)))}",
        "---",
        "",
        f"# {site.name}",
        "",
    ]
    if site.summary:
        lines += [f"> {site.summary}", ""]
    lines += ["## What the docs cover", ""]
    lines += _coverage(site)
    lines += ["", "## Find a page", ""]
    n = 1
    if mcp_url:
        lines.append(
            f"{n}. Search: the MCP server at {mcp_url} has a `search` tool. Give it a few "
            "keywords; each result has the page URL, the anchor of the nearest heading and an "
            "excerpt."
        )
        n += 1
    lines.append(
        f"{n}. Browse: {llms} lists every page with a one-line description, as Markdown links "
        "grouped by section."
    )
    n += 1
    if any(p.path.startswith("/connectors/") for p in site.pages):
        lines.append(
            f"{n}. One tool at a time: {site.url('/connectors/<connector>/llms.txt')} lists the "
            "pages about that tool."
        )
    lines += ["", "## Read a page", ""]
    lines.append(
        f"- Add `.md` to a page URL for its Markdown ({site.url(example.path)} -> "
        f"{site.url(example.twin_path)}), or request the page URL with "
        "`Accept: text/markdown`."
        if example
        else "- Add `.md` to a page URL for its Markdown, or request it with "
        "`Accept: text/markdown`."
    )
    if mcp_url:
        lines.append("- With the MCP server: `get_page` with the page URL or path.")
    lines.append(f"- Everything in one file: {full}.")
    lines += _steps_note(site)
    return defang("\n".join(lines) + "\n")  # page titles are the authors' text: inert here too


def _coverage(site: BuiltSite) -> list[str]:
    out = []
    guides = [p for p in site.pages if p.kind == "guide"]
    connectors = _topics(site)
    if connectors:
        out.append(f"- {_count(len(connectors), 'tool')}: {_names(connectors)}.")
    if guides:
        kinds = sorted({_guide_type(p) for p in guides} - {""})
        what = f" ({', '.join(kinds)})" if kinds else ""
        out.append(f"- {_count(len(guides), 'step-by-step guide')}{what}.")
    others = [p for p in site.pages if p.kind == "page" and not _is_connector_index(p)]
    if others:
        shown = [p.title for p in others[:MAX_NAMES]]
        more = f", and {len(others) - MAX_NAMES} more" if len(others) > MAX_NAMES else ""
        out.append(f"- Other pages: {'; '.join(shown)}{more}.")
    return out or [f"- {_count(len(site.pages), 'page')}."]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _steps_note(site: BuiltSite) -> list[str]:
    if not any(p.kind == "guide" for p in site.pages):
        return []
    return [
        "",
        "## Follow a guide",
        "",
        "Guides are numbered steps under section headings; numbering restarts in each section. "
        "Do the steps in order and quote the exact menu names the page gives.",
    ]


def _topics(site: BuiltSite) -> list[str]:
    """The tools the docs cover: llms.txt sections other than the general ones, else the
    connector pages' titles."""
    names = [t for t, _ in site.sections if t.lower() not in ("guides", "docs", "optional")]
    if names:
        return names
    return [p.title for p in site.pages if _is_connector_index(p)]


def _is_connector_index(p: Page) -> bool:
    return p.path.startswith("/connectors/") and p.path.count("/") == 2


def _guide_type(p: Page) -> str:
    parts = p.path.split("/")
    if len(parts) >= 5 and parts[1] == "connectors" and parts[3] == "guides":
        return parts[4].replace("-", " ")
    return ""


def _names(names: list[str]) -> str:
    shown = names[:MAX_NAMES]
    more = f" and {len(names) - MAX_NAMES} more" if len(names) > MAX_NAMES else ""
    return ", ".join(shown) + more


def _example(site: BuiltSite) -> Page | None:
    guides = [p for p in site.pages if p.kind == "guide"]
    pages = guides or [p for p in site.pages if p.path != "/"] or list(site.pages)
    return pages[0] if pages else None


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
