"""The discovery files, skill.md, robots.txt, JSON-LD, host configs and content negotiation."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import jsonschema
import llms_txt
import pytest

from .conftest import BRANDS, SCIM_PAGE, Built

# The constraints of the MCP Server Card (schema v1 of the SEP-2127 wire format), written out
# here: the required members, the name and URL patterns, the length limits, no other members.
CARD_SCHEMA = {
    "type": "object",
    "required": ["$schema", "name", "version", "description"],
    "additionalProperties": False,
    "properties": {
        "$schema": {
            "type": "string",
            "pattern": r"^https://static\.modelcontextprotocol\.io/schemas/v1/server-card\.schema\.json$",
        },
        "name": {
            "type": "string",
            "minLength": 3,
            "maxLength": 200,
            "pattern": r"^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$",
        },
        "version": {"type": "string", "maxLength": 255},
        "title": {"type": "string", "minLength": 1, "maxLength": 100},
        "description": {"type": "string", "minLength": 1, "maxLength": 100},
        "websiteUrl": {"type": "string", "pattern": "^https?://"},
        "icons": {"type": "array"},
        "repository": {"type": "object"},
        "_meta": {"type": "object"},
        "remotes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "url"],
                "additionalProperties": False,
                "properties": {
                    "type": {"enum": ["sse", "streamable-http"]},
                    "url": {
                        "type": "string",
                        "pattern": r"^(https?://[^\s]+|\{[a-zA-Z_]\w*\}[^\s]*)$",
                    },
                    "headers": {"type": "array"},
                    "variables": {"type": "object"},
                    "supportedProtocolVersions": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}
SKILLS_INDEX_SCHEMA = {
    "type": "object",
    "required": ["$schema", "skills"],
    "properties": {
        "skills": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "type", "description", "url", "digest"],
                "properties": {
                    "name": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                    "type": {"const": "skill-md"},
                    "description": {"type": "string", "maxLength": 1024},
                    "digest": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
                },
            },
        }
    },
}
CATALOG_SCHEMA = {
    "type": "object",
    "required": ["specVersion", "entries"],
    "properties": {
        "entries": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["identifier", "type", "url"],
                "properties": {
                    "identifier": {"type": "string", "pattern": "^urn:air:"},
                    "type": {"const": "application/mcp-server-card+json"},
                },
            },
        }
    },
}


def _json(root: Path, rel: str) -> dict:
    return json.loads((root / rel).read_text())


@pytest.mark.parametrize("brand", BRANDS)
def test_discovery_documents_validate(agents_built: Built, brand: str) -> None:
    root = agents_built.root(brand)
    card = _json(root, ".well-known/mcp/server-card.json")
    jsonschema.validate(card, CARD_SCHEMA)
    base = (
        "https://docs.stackone.com" if brand == "stackone" else "https://docs.acme-connect.example"
    )
    assert card["remotes"] == [{"type": "streamable-http", "url": base + "/mcp"}]
    catalog = _json(root, ".well-known/ai-catalog.json")
    jsonschema.validate(catalog, CATALOG_SCHEMA)
    card_url = catalog["entries"][0]["url"]
    assert card_url == base + "/.well-known/mcp/server-card.json"
    mcp = _json(root, ".well-known/mcp.json")
    assert mcp["url"] == base + "/mcp" and mcp["servers"][0]["authentication"] == "none"
    assert mcp["serverCard"] == card_url
    for tool in mcp["tools"]:
        jsonschema.Draft202012Validator.check_schema(tool["inputSchema"])
        assert tool["annotations"]["readOnlyHint"] is True
    index = _json(root, ".well-known/agent-skills/index.json")
    jsonschema.validate(index, SKILLS_INDEX_SCHEMA)
    skill = index["skills"][0]
    data = (root / skill["url"].lstrip("/")).read_bytes()
    assert skill["digest"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert data == (root / "skill.md").read_bytes()


@pytest.mark.parametrize("brand", BRANDS)
def test_llms_files_parse_with_the_reference_parser(agents_built: Built, brand: str) -> None:
    root = agents_built.root(brand)
    well_known = (root / ".well-known/llms.txt").read_text()
    assert well_known == (root / "llms.txt").read_text()
    parsed = llms_txt.parse_llms_file(well_known)
    assert parsed.title and parsed.sections


def test_skill_md_is_deterministic_and_describes_the_site(agents_built: Built) -> None:
    from renderer.agents.discovery import agent_files
    from renderer.agents.site import load_site

    root = agents_built.root("acme")
    site = load_site(root)
    assert agent_files(site) == agent_files(load_site(root))
    skill = agent_files(site)["skill.md"].decode()
    front = re.match(r"---\nname: ([a-z0-9-]+)\ndescription: \"([^\n]+)\"\n", skill)
    assert front and front.group(1) == "acme-connect-docs"
    assert "Leapsome" in skill and "Acme Connect Docs" in skill
    assert "https://docs.acme-connect.example/mcp" in skill and "`search`" in skill
    assert "https://docs.acme-connect.example/llms.txt" in skill and "text/markdown" in skill
    no_mcp = agent_files(site, mcp_url=None)
    assert ".well-known/mcp.json" not in no_mcp and "`search`" not in no_mcp["skill.md"].decode()


def test_white_label_agent_files_hold_no_parent_word_or_canary(agents_built: Built) -> None:
    from renderer.agents.build_step import agent_outputs

    root = agents_built.root("acme")
    outputs = agent_outputs(root)
    assert {"skill.md", "robots.txt", ".well-known/mcp.json", "_headers", "vercel.json"} <= set(
        outputs
    )
    for rel, data in outputs.items():
        text = data.decode()
        assert agents_built.canary not in text, rel
        for word in agents_built.leak_words:
            assert word not in text, (rel, word)
        assert "hubdocs" not in text.lower(), rel
    branded = "".join(d.decode() for d in agent_outputs(agents_built.root("stackone")).values())
    assert "StackOne" in branded  # the check above can see the word


def test_robots_names_the_ai_crawlers_and_honours_an_opt_out(agents_built: Built) -> None:
    from renderer.agents.discovery import AI_CRAWLERS, robots_txt
    from renderer.agents.site import load_site
    from renderer.commands.score import blocked_agents

    site = load_site(agents_built.root("acme"))
    allowed = robots_txt(site)
    for agent in ("GPTBot", "ClaudeBot", "PerplexityBot", "Google-Extended"):
        assert f"User-agent: {agent}\n" in allowed
    assert blocked_agents(allowed) == []
    assert "Sitemap: https://docs.acme-connect.example/sitemap.xml" in allowed
    opted_out = robots_txt(site, ai_crawlers=False)
    assert blocked_agents(opted_out) == list(AI_CRAWLERS)
    assert opted_out.startswith("User-agent: *\nAllow: /\n")  # search engines still welcome


def test_jsonld_of_a_guide_has_its_steps_and_breadcrumbs(agents_built: Built) -> None:
    from renderer.agents.jsonld import graph_for
    from renderer.agents.site import load_site

    for brand, steps in (("stackone", 6), ("acme", 3)):
        site = load_site(agents_built.root(brand))
        graph = graph_for(site, site.page(SCIM_PAGE))["@graph"]
        types = [node["@type"] for node in graph]
        assert types == ["WebSite", "TechArticle", "HowTo", "BreadcrumbList"], types
        howto = graph[2]
        assert len(howto["step"]) == steps
        assert howto["step"][2]["name"] == "Generate the SCIM Token"
        assert howto["step"][2]["url"].endswith(SCIM_PAGE + "#step-generate-the-scim-token")
        crumbs = graph[3]["itemListElement"]
        assert [c["name"] for c in crumbs] == ["Connectors", "Leapsome", "Link account"]
        assert crumbs[-1]["item"] == site.url(SCIM_PAGE)
    home = graph_for(site, site.page("/"))["@graph"]
    assert [node["@type"] for node in home] == ["WebSite"]


def test_jsonld_script_cannot_be_closed_by_page_text() -> None:
    from renderer.agents.jsonld import page_graph, script, with_jsonld

    evil = 'A </script><script>alert(1)</script> & <!-- \u2028 "quoted"'
    data = page_graph(url="https://x.example/p", title=evil, description=evil, site_name=evil,
                      site_url="https://x.example/", kind="guide",
                      steps=[(evil, evil, "https://x.example/p#s")])  # fmt: skip
    element = script(data)
    inner = element[len('<script type="application/ld+json">') : -len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner and "\u2028" not in inner
    assert json.loads(inner) == data
    page = with_jsonld(b"<html><head><title>t</title></head><body></body></html>", element)
    assert page.count(b"</script>") == 1 and page.index(b"ld+json") < page.index(b"</head>")


def test_host_files_carry_link_headers_and_negotiation(agents_built: Built) -> None:
    from renderer.agents.site import load_site
    from renderer.render.headers import built_headers

    root = agents_built.root("acme")
    site = load_site(root)
    headers = (root / "_headers").read_text()
    assert built_headers(root / "_headers") is not None  # serve still reads its security headers
    assert headers.startswith("/*\n  Content-Security-Policy:")
    for page in site.pages:
        assert (
            f'\n{page.path}\n  Link: <{page.twin_path}>; rel="alternate"; type="text/markdown"'
            in headers
        )
    assert (
        f'\n{SCIM_PAGE}\n  Link: <{SCIM_PAGE}.md>; rel="alternate"; type="text/markdown", '
        '</connectors/leapsome/llms.txt>; rel="describedby"; type="text/plain"\n'
    ) in headers
    assert "/.well-known/mcp  /.well-known/mcp.json  200" in (root / "_redirects").read_text()
    vercel = json.loads((root / "vercel.json").read_text())
    routes = vercel["routes"]
    assert routes[0]["headers"]["Content-Security-Policy"].startswith("default-src 'none'")
    fs = routes.index({"handle": "filesystem"})
    negotiated = [r for r in routes[:fs] if "has" in r]
    for accept, ctype in (("text/markdown, text/html;q=0.9", "text/markdown"),
                          ("text/plain, text/html;q=0.9", "text/plain")):  # fmt: skip
        for page in site.pages:
            path = page.path
            hit = [
                r for r in negotiated
                if re.search(r["has"][0]["value"], accept) and re.match(r["src"], path)
            ]  # fmt: skip
            assert hit, (accept, path)
            m = re.match(hit[0]["src"], path)
            dest = hit[0]["dest"].replace("$1", m.group(1)) if m.groups() else hit[0]["dest"]
            assert dest == page.twin_path and hit[0]["headers"]["Content-Type"].startswith(ctype)
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert not any(re.search(r["has"][0]["value"], browser) for r in negotiated)


def test_agents_step_is_idempotent(agents_built: Built, brand_copy) -> None:
    from renderer.agents.build_step import agent_outputs, write_agent_outputs

    root = brand_copy("acme")
    before = agent_outputs(root)
    write_agent_outputs(root)
    assert agent_outputs(root) == {k: v for k, v in before.items() if not k.endswith(".html")}
    assert (root / "_headers").read_text().count("# agents:") == 1


NEGOTIATION = [
    (None, "html"),
    ("", "html"),
    ("*/*", "html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
    ("text/markdown", "markdown"),
    ("text/x-markdown", "markdown"),
    ("text/markdown, text/html;q=0.9", "markdown"),
    ("text/markdown, text/html", "markdown"),
    ("text/html, text/markdown", "markdown"),
    ("text/html;q=0.9, text/markdown;q=0.8", "html"),
    ("text/markdown;q=0", "html"),
    ("text/markdown;q=0, */*", "html"),
    ("TEXT/MARKDOWN; Q=0.5, text/html; q=0.4", "markdown"),
    ("text/plain, text/html;q=0.9", "plain"),
    ("text/plain", "plain"),
    ("text/plain;q=0.5, text/markdown;q=0.5", "markdown"),
    ("application/json, text/plain, */*", "plain"),
    ("text/*", "html"),
    ("text/markdown;q=oops, text/html", "html"),
    ("text/markdown;q=1.5", "html"),
    ("nonsense", "html"),
    ("application/json", "html"),
    ("text/markdown;level=1;q=0.7, text/html;q=0.6", "markdown"),
]


@pytest.mark.parametrize(("accept", "kind"), NEGOTIATION)
def test_negotiate(accept: str | None, kind: str) -> None:
    from renderer.agents.negotiate import negotiate

    assert negotiate(accept) == kind


@pytest.mark.parametrize(
    ("url", "twin"),
    [("/", "/index.md"), ("/index.html", "/index.md"), ("/a/b", "/a/b.md"), ("/a/b/", "/a/b.md"),
     ("/a/b.html", "/a/b.md"), ("/a/b.md", "/a/b.md"), ("/a/b?x=1#y", "/a/b.md"),
     ("/assets/site.css", None), ("/llms.txt", None), ("relative", None)],
)  # fmt: skip
def test_twin_path(url: str, twin: str | None) -> None:
    from renderer.agents.negotiate import twin_path

    assert twin_path(url) == twin


def test_twin_file_stays_inside_the_brand(agents_built: Built) -> None:
    from renderer.agents.negotiate import twin_file

    root = agents_built.root("acme")
    assert twin_file(root, SCIM_PAGE).name == "scim-api-token.md"
    assert twin_file(root, "/").name == "index.md"
    for url in ("/../stackone/index", "/accounts", "/.well-known/mcp", "/%2e%2e/stackone/index"):
        assert twin_file(root, url) is None, url
