"""`hubdocs mcp` through the MCP SDK's own client, over stdio and Streamable HTTP, for a branded
and a white-label brand: search, get_page, resources, leaks, traversal, Host/Origin."""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, StdioServerParameters

from tests.conftest import ROOT

from .conftest import BRANDS, SCIM_ANCHORS, SCIM_PAGE, Built, in_thread, run_async

INIT = json.dumps(
    {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "test", "version": "1"},
        },
    }
).encode()


def stdio(built: Built, brand: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "renderer", "mcp", "--brand", brand, "--out", str(built.out)],
        cwd=str(ROOT),
        env={**os.environ},
    )


async def _scim(client: Client) -> tuple[dict[str, Any], str]:
    found = await client.call_tool("search", {"query": "scim token"})
    assert not found.is_error, found.content
    hits = found.structured_content["hits"]
    page = await client.call_tool("get_page", {"page": hits[0]["url"]})
    assert not page.is_error, page.content
    return found.structured_content, page.content[0].text


def _assert_scim(result: dict[str, Any], page: str, brand: str) -> None:
    top = result["hits"][0]
    assert top["url"].endswith(SCIM_PAGE), result
    assert top["anchor"] in SCIM_ANCHORS
    assert top["link"] == f"{top['url']}#{top['anchor']}"
    assert "SCIM" in top["excerpt"]
    assert top["markdown"].endswith(SCIM_PAGE + ".md")
    assert "Generate the SCIM Token" in page
    assert ("StackOne" in top["title"]) == (brand == "stackone")


@pytest.mark.parametrize("brand", BRANDS)
def test_search_finds_the_scim_step_over_stdio(agents_built: Built, brand: str) -> None:
    async def go() -> tuple[dict[str, Any], str]:
        async with Client(stdio(agents_built, brand)) as client:
            return await _scim(client)

    result, page = run_async(go)
    _assert_scim(result, page, brand)


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("mode", ["auto", "legacy"])
def test_search_finds_the_scim_step_over_http(
    agents_built: Built, mcp_http: Any, brand: str, mode: str
) -> None:
    url = mcp_http(brand).url

    async def go() -> tuple[dict[str, Any], str]:
        async with Client(url, mode=mode) as client:
            return await _scim(client)

    result, page = run_async(go)
    _assert_scim(result, page, brand)


async def _everything(client: Client, queries: list[str]) -> list[str]:
    """Every text the server returns: its identity, tools, resources, search results for
    `queries` and every page llms.txt and the sitemap list."""
    texts = [
        json.dumps(client.server_info.model_dump(), ensure_ascii=False),
        client.instructions or "",
    ]
    tools = await client.list_tools()
    texts.append(json.dumps([t.model_dump() for t in tools.tools], ensure_ascii=False))
    resources = await client.list_resources()
    texts.append(json.dumps([r.model_dump(mode="json") for r in resources.resources]))
    for r in resources.resources:
        read = await client.read_resource(str(r.uri))
        texts += [c.text for c in read.contents]
    for q in queries:
        found = await client.call_tool("search", {"query": q, "limit": 50})
        texts.append(json.dumps(found.structured_content["hits"], ensure_ascii=False))
    pages = await client.call_tool("search", {"query": "connect account guide", "limit": 50})
    urls = {h["url"] for h in pages.structured_content["hits"]}
    for resource_text in texts:
        urls |= _md_links(resource_text)
    for url in sorted(urls):
        page = await client.call_tool("get_page", {"page": url})
        texts.append(page.content[0].text)
    return texts


def _md_links(text: str) -> set[str]:
    import re

    return set(re.findall(r"\]\((https?://[^)\s]+\.md)\)", text))


def test_white_label_server_returns_no_parent_word_or_hidden_canary(
    agents_built: Built, mcp_http: Any
) -> None:
    canary = agents_built.canary
    queries = [
        canary,
        "scim token",
        "hub",
        "stackone",
        "linking the account",
        "fill out the fields",
    ]
    queries += list(agents_built.leak_words)

    async def go(url: str) -> list[str]:
        async with Client(url) as client:
            return await _everything(client, queries)

    branded = "\n".join(run_async(go, mcp_http("stackone").url))
    assert canary in branded, "the canary must really be in the branded site"
    assert "StackOne" in branded
    white = run_async(go, mcp_http("acme").url)
    joined = "\n".join(white)
    assert len([t for t in white if t.startswith("> ## Documentation Index")]) >= 20
    assert canary not in joined.lower()
    for word in agents_built.leak_words:
        assert word.lower() not in joined.lower(), word
    assert "hubdocs" not in joined.lower()


def test_white_label_server_over_stdio_hides_the_canary(agents_built: Built) -> None:
    async def go() -> Any:
        async with Client(stdio(agents_built, "acme")) as client:
            return await client.call_tool("search", {"query": agents_built.canary})

    found = run_async(go)
    assert found.structured_content["hits"] == []


TRAVERSALS = [
    "../stackone/index",
    "../stackone/index.md",
    "/../stackone/index.md",
    "..%2fstackone/index",
    "/%2e%2e/stackone/index",
    "/%252e%252e/stackone/index",
    "/connectors/../../stackone/index",
    "....//stackone/index",
    "/etc/passwd",
    "file:///etc/passwd",
    "https://evil.example/connectors/leapsome",
    "//evil.example/connectors/leapsome",
    "/.well-known/mcp.json",
    "/llms.txt",
    "/_headers",
    "/skill.md",
    "/connectors\\..\\..\\stackone\\index",
    "/connectors/leapsome.md\x00.html",
    "/escape",
    "/escape-dir/index",
    "/.secret/page",
    ".secret/page.md",
]


def test_get_page_refuses_traversal(agents_built: Built, brand_copy: Any) -> None:
    root = brand_copy("acme")
    stackone = agents_built.root("stackone")
    # a symlink planted inside the brand that leads to the branded site must not be followed
    (root / "escape.md").symlink_to(stackone / "index.md")
    (root / "escape.html").symlink_to(stackone / "index.html")
    (root / "escape-dir").symlink_to(stackone / "guides")
    # dot-folders are never pages (serve refuses them too), even with a twin-shaped pair inside
    (root / ".secret").mkdir()
    (root / ".secret/page.md").write_text("# Secret\n")
    (root / ".secret/page.html").write_text("<html></html>")

    async def go() -> list[Any]:
        from renderer.serve.mcp import build_server

        server = build_server(root.parent, "acme")
        async with Client(server) as client:
            ok = await client.call_tool("get_page", {"page": "/connectors/leapsome"})
            assert not ok.is_error
            return [await client.call_tool("get_page", {"page": ref}) for ref in TRAVERSALS]

    for ref, result in zip(TRAVERSALS, run_async(go), strict=True):
        assert result.is_error, ref
        text = result.content[0].text
        assert "StackOne" not in text and "root:" not in text, ref


def test_an_unknown_brand_or_unbuilt_folder_is_an_error(agents_built: Built) -> None:
    import subprocess

    for brand in ("nosuch", "../acme", "."):
        proc = subprocess.run(
            [sys.executable, "-m", "renderer", "mcp", "--brand", brand,
             "--out", str(agents_built.out)],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert proc.returncode == 1, brand
        assert "hubdocs mcp:" in proc.stderr and "Traceback" not in proc.stderr


def _post(url: str, host: str | None = None, origin: str | None = None) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    if host:
        headers["Host"] = host
    if origin:
        headers["Origin"] = origin
    req = urllib.request.Request(url, data=INIT, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_http_refuses_other_hosts_and_origins(mcp_http: Any) -> None:
    server = mcp_http("acme")
    url, hostport = server.url, server.hostport
    port = hostport.rsplit(":", 1)[1]
    status, body = _post(url)
    assert status == 200 and b"Acme Connect Docs" in body
    assert _post(url, origin=f"http://{hostport}")[0] == 200
    assert _post(url, host=f"localhost:{port}")[0] == 200
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{int(port) + 1}"):
        assert _post(url, host=host)[0] == 421, host
    for origin in ("http://evil.example", f"https://{hostport}", "null", f"http://{hostport}.evil"):
        assert _post(url, origin=origin)[0] == 403, origin
    req = urllib.request.Request(url + "/server-card", headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=30)
    assert e.value.code == 421


def test_http_allow_host_adds_a_name(agents_built: Built) -> None:
    from .conftest import McpProcess

    proc = McpProcess(agents_built.out, "acme", "--allow-host", "docs.internal")
    try:
        port = proc.hostport.rsplit(":", 1)[1]
        assert _post(proc.url, host=f"docs.internal:{port}")[0] == 200
        assert _post(proc.url, host=f"other.internal:{port}")[0] == 421
    finally:
        proc.stop()


def test_http_server_card_validates(mcp_http: Any) -> None:
    import jsonschema

    from .test_discovery import CARD_SCHEMA

    with urllib.request.urlopen(mcp_http("acme").url + "/server-card", timeout=30) as resp:
        assert resp.headers["Content-Type"].startswith("application/mcp-server-card+json")
        card = json.loads(resp.read())
    jsonschema.validate(card, CARD_SCHEMA)
    assert card["remotes"][0]["url"] == mcp_http("acme").url


def test_tools_are_read_only_and_match_the_discovery_document(agents_built: Built) -> None:
    from renderer.serve.mcp import build_server, tool_list_json

    listed = in_thread(lambda: tool_list_json(build_server(agents_built.out, "acme")))
    published = json.loads((agents_built.root("acme") / ".well-known/mcp.json").read_text())
    assert [t["name"] for t in listed] == [t["name"] for t in published["tools"]]
    for live, doc in zip(listed, published["tools"], strict=True):
        assert (
            live["annotations"]
            == doc["annotations"]
            == {
                "readOnlyHint": True,
                "destructiveHint": False,
                "idempotentHint": True,
                "openWorldHint": False,
            }
        )
        assert live["description"] == doc["description"] and live["title"] == doc["title"]
        assert live["inputSchema"]["required"] == doc["inputSchema"]["required"]
        for name, prop in doc["inputSchema"]["properties"].items():
            got = live["inputSchema"]["properties"][name]
            assert {k: v for k, v in got.items() if k != "title"} == prop


def test_server_follows_a_rebuild(agents_built: Built, brand_copy: Any) -> None:
    """The server reads the folder as it is now: a page added by a rebuild is found."""
    root = brand_copy("acme")

    async def go() -> tuple[int, int]:
        from renderer.serve.mcp import build_server

        server = build_server(root.parent, "acme")
        async with Client(server) as client:
            before = await client.call_tool("search", {"query": "zebrafish"})
            (root / "guides/zebra.md").write_text("# Zebra\n\n> Zebrafish care.\n\nZebrafish.\n")
            (root / "guides/zebra.html").write_text("<html><body><main></main></body></html>")
            llms = root / "llms.txt"
            llms.write_text(llms.read_text() + "\n")
            after = await client.call_tool("search", {"query": "zebrafish"})
            return len(before.structured_content["hits"]), len(after.structured_content["hits"])

    assert run_async(go) == (0, 1)


def test_serve_mount_answers_mcp_and_negotiates(agents_built: Built) -> None:
    from .serving import agents_serve

    with agents_serve(agents_built.root("acme")) as base:

        async def go() -> Any:
            async with Client(base + "/mcp") as client:
                return await _scim(client)

        result, page = run_async(go)
        _assert_scim(result, page, "acme")
        req = urllib.request.Request(
            base + SCIM_PAGE, headers={"Accept": "text/markdown, text/html;q=0.9"}
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            assert resp.headers["Content-Type"] == "text/markdown; charset=utf-8"
            assert resp.headers["Vary"] == "Accept"
            assert resp.read() == (agents_built.root("acme") / (SCIM_PAGE[1:] + ".md")).read_bytes()
        html = urllib.request.Request(base + SCIM_PAGE, headers={"Accept": "text/html"})
        with urllib.request.urlopen(html, timeout=30) as resp:  # caches keep the two apart
            assert resp.headers["Content-Type"].startswith("text/html")
            assert resp.headers["Vary"] == "Accept"
            assert 'rel="alternate"; type="text/markdown"' in resp.headers["Link"]
        with urllib.request.urlopen(base + "/llms.txt", timeout=30) as resp:
            assert resp.headers["Vary"] is None
        port = base.rsplit(":", 1)[1]
        assert _post(base + "/mcp", host=f"evil.example:{port}")[0] == 421
        assert _post(base + "/mcp", origin="http://evil.example")[0] == 403


def test_page_refs_resolve_inside_the_brand(agents_built: Built) -> None:
    from renderer.agents.site import Refused, resolve_twin

    root = agents_built.root("acme")
    base = "https://docs.acme-connect.example"
    for ref in ("/", "/index", "index.md", "/index.html", base, base + "/", base + "/#x"):
        assert resolve_twin(root, ref, base) == Path(os.path.realpath(root / "index.md")), ref
    for ref in (SCIM_PAGE, SCIM_PAGE + ".md", SCIM_PAGE + ".html", SCIM_PAGE + "/",
                SCIM_PAGE + "#step-x", SCIM_PAGE + "?q=1", base + SCIM_PAGE, SCIM_PAGE[1:]):  # fmt: skip
        assert resolve_twin(root, ref, base).name == "scim-api-token.md", ref
    for ref in ("http://docs.acme-connect.example.evil" + SCIM_PAGE, "https://docs.stackone.com/"):
        with pytest.raises(Refused):
            resolve_twin(root, ref, base)
