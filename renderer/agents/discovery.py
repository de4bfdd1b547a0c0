"""The files that let agents find a brand's docs and its MCP server, from the built brand alone:
`/.well-known/llms.txt`, `/.well-known/mcp.json` (Mintlify's discovery document, with the tools
and their input schemas), the MCP Server Card (SEP-2127, `/.well-known/mcp/server-card.json`)
and the AI Catalog that points at it (`/.well-known/ai-catalog.json`), `skill.md` with its
agent-skills discovery index, and a `robots.txt` that names the AI crawlers.

`agent_files(site)` returns them as {path below the brand folder: bytes}; all are deterministic.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any
from urllib.parse import urlsplit

from renderer import __version__
from renderer.agents import tools as t
from renderer.agents.site import BuiltSite
from renderer.agents.skill import skill_description, skill_md, skill_name

CARD_SCHEMA = "https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json"
"""The Server Card schema (experimental-ext-server-card, the SEP-2127 wire format)."""
CARD_TYPE = "application/mcp-server-card+json"
SKILLS_SCHEMA = "https://schemas.agentskills.io/discovery/0.2.0/schema.json"
CARD_DESCRIPTION_MAX = 100

AI_CRAWLERS = (
    "GPTBot",
    "OAI-SearchBot",
    "ChatGPT-User",
    "ClaudeBot",
    "Claude-User",
    "Claude-SearchBot",
    "anthropic-ai",
    "PerplexityBot",
    "Perplexity-User",
    "Google-Extended",
    "GoogleOther",
    "Applebot-Extended",
    "Amazonbot",
    "meta-externalagent",
    "Meta-ExternalFetcher",
    "CCBot",
    "cohere-ai",
    "MistralAI-User",
    "DuckAssistBot",
    "Bytespider",
)
"""User agents of AI crawlers and assistants' fetchers, named in robots.txt."""

WELL_KNOWN_LLMS = ".well-known/llms.txt"
MCP_JSON = ".well-known/mcp.json"
SERVER_CARD = ".well-known/mcp/server-card.json"
AI_CATALOG = ".well-known/ai-catalog.json"
SKILLS_INDEX = ".well-known/agent-skills/index.json"
SKILL = "skill.md"
ROBOTS = "robots.txt"


def default_mcp_url(site: BuiltSite) -> str | None:
    """Where the brand's MCP server is expected: `<site URL>/mcp` (as `hubdocs serve` mounts it
    and Mintlify hosts it); None when the site does not say where it is published."""
    return site.url("/mcp") if site.base_url else None


def agent_files(
    site: BuiltSite, mcp_url: str | None = "", ai_crawlers: bool = True, robots: str = ""
) -> dict[str, bytes]:
    """Every discovery file of a built brand. `mcp_url`: the MCP endpoint to advertise ("" =
    `<site URL>/mcp`; None = the brand runs none: no MCP files, skill.md without it);
    `ai_crawlers=False`: the brand opts out, and robots.txt disallows the AI crawlers."""
    url = default_mcp_url(site) if mcp_url == "" else mcp_url
    skill = skill_md(site, url).encode()
    out = {SKILL: skill, ROBOTS: robots_txt(site, ai_crawlers, robots).encode()}
    llms = site.read("llms.txt")
    if llms is not None:
        out[WELL_KNOWN_LLMS] = llms
    name = skill_name(site)
    out[f".well-known/agent-skills/{name}/SKILL.md"] = skill
    out[SKILLS_INDEX] = _json(skills_index(site, skill))
    if url:
        card = server_card(site, url)
        out[SERVER_CARD] = _json(card)
        out[MCP_JSON] = _json(mcp_json(site, url))
        out[AI_CATALOG] = _json(ai_catalog(site, card))
    return out


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def card_name(site: BuiltSite) -> str:
    """The Server Card's reverse-DNS name: docs.acme.example -> "example.acme.docs/docs"."""
    host = urlsplit(site.base_url).hostname or "localhost"
    return ".".join(reversed(host.split("."))) + "/" + (skill_name(site) or "docs")


def server_card(site: BuiltSite, mcp_url: str) -> dict[str, Any]:
    """The MCP Server Card (schema v1: identity and transport; tools are listed at run time by
    `tools/list`, and in mcp.json)."""
    card: dict[str, Any] = {
        "$schema": CARD_SCHEMA,
        "name": card_name(site),
        "version": __version__,
        "title": _clip(site.name or "Docs", CARD_DESCRIPTION_MAX),
        "description": _clip(site.summary or site.name or "Documentation", CARD_DESCRIPTION_MAX),
        "remotes": [{"type": "streamable-http", "url": mcp_url}],
    }
    if site.base_url:
        card["websiteUrl"] = site.url("/")
    return card


def mcp_json(site: BuiltSite, mcp_url: str) -> dict[str, Any]:
    """`/.well-known/mcp.json`: the discovery document Mintlify serves (version, transport,
    url, servers) plus the server's identity, capabilities and tools with input schemas."""
    return {
        "version": __version__,
        "name": site.name,
        "description": site.summary or f"Search and read the {site.name} documentation.",
        "transport": "http",
        "url": mcp_url,
        "authentication": "none",
        "servers": [
            {"name": "public", "url": mcp_url, "transport": "http", "authentication": "none"}
        ],
        "serverCard": site.url("/" + SERVER_CARD),
        "capabilities": {"tools": True, "resources": True},
        "tools": [dict(tool) for tool in t.TOOLS],
    }


def ai_catalog(site: BuiltSite, card: dict[str, Any]) -> dict[str, Any]:
    """`/.well-known/ai-catalog.json`: one entry, the Server Card (by URL)."""
    host = urlsplit(site.base_url).hostname or "localhost"
    return {
        "specVersion": "1.0",
        "entries": [
            {
                "identifier": f"urn:air:{host}:mcp:{card['name'].split('/', 1)[1]}",
                "type": CARD_TYPE,
                "url": site.url("/" + SERVER_CARD),
            }
        ],
    }


def skills_index(site: BuiltSite, skill: bytes) -> dict[str, Any]:
    """`/.well-known/agent-skills/index.json` (agent-skills discovery 0.2.0)."""
    name = skill_name(site)
    return {
        "$schema": SKILLS_SCHEMA,
        "skills": [
            {
                "name": name,
                "type": "skill-md",
                "description": skill_description(site),
                "url": f"/.well-known/agent-skills/{name}/SKILL.md",
                "digest": "sha256:" + hashlib.sha256(skill).hexdigest(),
            }
        ],
    }


def robots_txt(site: BuiltSite, ai_crawlers: bool = True, base: str = "") -> str:
    """Everyone may crawl; the AI crawlers are named too (allowed, or with `ai_crawlers=False`
    disallowed), so a reader of the file sees the brand's choice for each. `base`: the
    renderer's robots.txt; a site that asked not to be indexed (`Disallow: /` for everyone)
    keeps it as it is: no crawler is invited in."""
    if re.search(r"(?m)^Disallow: /$", base):
        return base
    rule = "Allow: /" if ai_crawlers else "Disallow: /"
    lines = ["User-agent: *", "Allow: /", ""]
    lines.append(
        "# AI crawlers and assistants: "
        + ("allowed to read these docs" if ai_crawlers else "not allowed")
    )
    lines += [f"User-agent: {agent}" for agent in AI_CRAWLERS]
    lines += [rule, ""]
    if site.base_url:
        lines.append(f"Sitemap: {site.url('/sitemap.xml')}")
    return "\n".join(lines).rstrip("\n") + "\n"


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"
