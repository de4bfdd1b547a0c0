"""The build writes each brand's agents files itself (issue 28): discovery files, skill.md,
robots.txt, host configuration and the JSON-LD of every page; the brand.yml keys `mcp_url` and
`ai_crawlers`; the white-label leak check over every one of them; and in Chromium, the JSON-LD
element under the site's strict CSP."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

from .conftest import BRANDS, SCIM_PAGE, Built

AGENT_FILES = (
    "skill.md",
    "robots.txt",
    "_headers",
    "_redirects",
    "vercel.json",
    ".well-known/llms.txt",
    ".well-known/mcp.json",
    ".well-known/mcp/server-card.json",
    ".well-known/ai-catalog.json",
    ".well-known/agent-skills/index.json",
)


def _project(tmp_path: Path) -> Path:
    for name in ("guides", "site_template"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def _brand_yml(project: Path, brand: str, extra: str) -> None:
    path = project / "site_template" / "brands" / brand / "brand.yml"
    path.write_text(path.read_text() + extra)


def _build(project: Path, brands: list[str]) -> Path:
    from renderer.build import build
    from renderer.config.mkdocs_yml import load_config

    out = project / "site"
    build(load_config(project / "mkdocs.yml"), brands, out, jobs=1)
    return out


@pytest.mark.parametrize("brand", BRANDS)
def test_the_build_writes_the_agents_files_as_read_back_from_the_brand(
    agents_built: Built, brand: str
) -> None:
    """Every agents file is in the built brand, and equal to what the agents step computes
    from the written folder alone (the build's in-memory view of the site is the reader's)."""
    from renderer.agents.build_step import agent_outputs

    root = agents_built.root(brand)
    for rel in AGENT_FILES:
        assert (root / rel).is_file(), rel
    name = json.loads((root / ".well-known/agent-skills/index.json").read_text())["skills"][0]
    assert (root / ".well-known/agent-skills" / name["name"] / "SKILL.md").is_file()
    again = agent_outputs(root)
    differ = [rel for rel, data in again.items() if (root / rel).read_bytes() != data]
    assert differ == []
    assert (root / ".well-known/llms.txt").read_bytes() == (root / "llms.txt").read_bytes()


def test_every_page_carries_its_jsonld(agents_built: Built) -> None:
    """Guides: TechArticle + HowTo with the page's steps (hidden ones gone in a white label) +
    BreadcrumbList; the home page: WebSite; connector and docs pages: TechArticle."""
    ld = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
    for brand, steps in (("stackone", 6), ("acme", 3)):
        root = agents_built.root(brand)
        html = (root / (SCIM_PAGE.lstrip("/") + ".html")).read_text()
        [payload] = ld.findall(html)
        assert html.index("application/ld+json") < html.index("</head>")
        graph = json.loads(payload)["@graph"]
        assert [n["@type"] for n in graph] == ["WebSite", "TechArticle", "HowTo", "BreadcrumbList"]
        howto = graph[2]
        assert len(howto["step"]) == steps, [s["name"] for s in howto["step"]]
        gen = [s for s in howto["step"] if s["name"] == "Generate the SCIM Token"]
        assert gen and gen[0]["url"].endswith(SCIM_PAGE + "#step-generate-the-scim-token")
        assert gen[0]["text"] and "<" not in gen[0]["text"]
        ids = set(re.findall(r'id="([^"]+)"', html))
        for step in howto["step"]:  # every step URL lands on an anchor of the page
            assert step["url"].split("#", 1)[1] in ids, step["url"]
        crumbs = graph[3]["itemListElement"]
        assert [c["name"] for c in crumbs] == ["Connectors", "Leapsome", "Link account"]
        [home] = ld.findall((root / "index.html").read_text())
        assert [n["@type"] for n in json.loads(home)["@graph"]] == ["WebSite"]
        [connector] = ld.findall((root / "connectors/leapsome.html").read_text())
        assert "TechArticle" in [n["@type"] for n in json.loads(connector)["@graph"]]
    acme = (agents_built.root("acme") / (SCIM_PAGE.lstrip("/") + ".html")).read_text()
    assert agents_built.canary not in acme


def test_brand_keys_mcp_url_and_ai_crawlers(tmp_path: Path) -> None:
    """`mcp_url: <https URL>` is the endpoint every discovery file names; `mcp_url: none`
    writes no MCP file and no alias; `ai_crawlers: deny` disallows every named AI crawler."""
    from renderer.agents.discovery import AI_CRAWLERS
    from renderer.commands.score import blocked_agents

    project = _project(tmp_path)
    url = "https://mcp.acme-connect.example/docs/mcp"
    _brand_yml(project, "acme", f"mcp_url: {url}\nai_crawlers: deny\n")
    _brand_yml(project, "northwind", "mcp_url: none\nai_crawlers: allow\n")
    out = _build(project, ["acme", "northwind"])
    acme, north = out / "acme", out / "northwind"
    mcp = json.loads((acme / ".well-known/mcp.json").read_text())
    assert mcp["url"] == url and mcp["servers"][0]["url"] == url
    card = json.loads((acme / ".well-known/mcp/server-card.json").read_text())
    assert card["remotes"] == [{"type": "streamable-http", "url": url}]
    assert f"MCP server at {url}" in (acme / "skill.md").read_text()
    assert blocked_agents((acme / "robots.txt").read_text()) == list(AI_CRAWLERS)
    assert (acme / "robots.txt").read_text().startswith("User-agent: *\nAllow: /\n")
    assert blocked_agents((north / "robots.txt").read_text()) == []
    for rel in (".well-known/mcp.json", ".well-known/mcp/server-card.json",
                ".well-known/ai-catalog.json"):  # fmt: skip
        assert not (north / rel).exists(), rel
    assert "mcp" not in (north / "skill.md").read_text().lower()
    assert not (north / "_redirects").exists()
    assert (north / ".well-known/llms.txt").is_file() and (north / "vercel.json").is_file()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("mcp_url: http://mcp.example/mcp\n", "`mcp_url` must be an https URL or `none`"),
        ("mcp_url: [a]\n", "`mcp_url` must be an https URL or `none`"),
        ("ai_crawlers: maybe\n", "`ai_crawlers` must be `allow` or `deny`"),
        ("ai_crawlers: true\n", "`ai_crawlers` must be `allow` or `deny`"),
    ],
)
def test_bad_brand_keys_are_located_errors(tmp_path: Path, extra: str, message: str) -> None:
    from renderer.config.mkdocs_yml import load_config
    from renderer.core.errors import GuideError

    project = _project(tmp_path)
    _brand_yml(project, "acme", extra)
    with pytest.raises(GuideError) as err:
        load_config(project / "mkdocs.yml").brand("acme")
    [problem] = [p for p in err.value.problems if message in p.message]
    assert problem.pos.path.endswith("acme/brand.yml")
    lines = (project / "site_template/brands/acme/brand.yml").read_text().split("\n")
    assert lines[problem.pos.line - 1].startswith(extra.split(":")[0])


def test_an_agents_file_is_leak_checked_like_every_output(tmp_path: Path) -> None:
    """A parent word that reaches only the agents files (the MCP endpoint's host) fails the
    white-label build, naming the agents file; nothing of the brand is written."""
    from renderer.core.errors import GuideError

    project = _project(tmp_path)
    _brand_yml(project, "acme", "mcp_url: https://stackone-mcp.example/mcp\n")
    with pytest.raises(GuideError) as err:
        _build(project, ["acme"])
    text = str(err.value)
    assert "white-label leak for brand acme" in text
    assert re.search(r"\.well-known/mcp\.json|skill\.md|server-card\.json|ai-catalog", text), text
    assert not (project / "site" / "acme").exists()


def test_an_incremental_build_keeps_the_agents_files_of_a_full_build(tmp_path: Path) -> None:
    """A step's text edited: the page (and its JSON-LD) is rebuilt incrementally; the agents
    files are untouched, and everything equals a full build of the same sources."""
    from renderer.build import build
    from renderer.config.mkdocs_yml import load_config
    from tests import search_view

    from .conftest import LEAPSOME

    project = _project(tmp_path)
    cfg = project / "mkdocs.yml"
    out, full = project / "out", project / "full"
    build(load_config(cfg), ["stackone", "acme"], out, jobs=1)
    before = {rel: (out / "acme" / rel).stat().st_mtime_ns for rel in AGENT_FILES}
    guide = project / LEAPSOME
    text = guide.read_text()
    assert "with an admin user." in text
    guide.write_text(text.replace("with an admin user.", "with an admin user (jsonld-edit)."))
    report = build(load_config(cfg), ["stackone", "acme"], out, jobs=1)
    assert report.mode == "incremental"
    after = {rel: (out / "acme" / rel).stat().st_mtime_ns for rel in AGENT_FILES}
    assert after == before
    page = (out / "acme" / (SCIM_PAGE.lstrip("/") + ".html")).read_text()
    assert "jsonld-edit" in page.split("</head>")[0]  # the JSON-LD follows the body edit
    build(load_config(cfg), ["stackone", "acme"], full, jobs=1, incremental=False)
    assert search_view.contents(out) == search_view.contents(full)
