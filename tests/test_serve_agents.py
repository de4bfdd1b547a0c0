"""`hubdocs serve` for agents (issue 28, serve side): content negotiation on page URLs, the
`/.well-known/` folder (and no other dot-folder), the MCP server card's content type, and the
`/mcp` mount: lazy, behind the same Host/Origin rules, 503 when there is no MCP server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from renderer.agents.negotiate import negotiate

from .conftest import ROOT
from .stub_api import Api
from .test_serve_http import assert_secure, head_of

LEAPSOME = "/connectors/leapsome/guides/link-account/scim-api-token"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.fixture
def api(built: Path, tmp_path: Path):
    a = Api(built / "stackone", tmp_path)
    yield a
    a.close()


def _get(api: Api, path: str, headers: str = "", method: str = "GET") -> tuple[int, dict, bytes]:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{api.port}\r\n{headers}"
    return head_of(api.raw(f"{head}Connection: close\r\n\r\n".encode()))


@pytest.mark.parametrize(
    ("accept", "kind"),
    [
        (None, "html"),
        ("", "html"),
        ("*/*", "html"),  # curl
        (BROWSER, "html"),
        ("text/*", "html"),
        ("text/markdown", "markdown"),
        ("text/x-markdown", "markdown"),
        ("TEXT/MARKDOWN", "markdown"),
        ("text/markdown, text/html", "markdown"),  # named types tie: the one agents mean
        ("text/html, text/markdown", "markdown"),
        ("text/markdown;q=0.5, text/html", "html"),
        ("text/markdown, */*;q=0.1", "markdown"),
        ("text/markdown;q=0, */*", "html"),  # refused by name
        ("text/plain", "plain"),
        ("text/plain, text/markdown", "markdown"),
        ("text/plain;q=0.9, text/markdown;q=0.8", "plain"),
        ("text/markdown; charset=utf-8", "markdown"),
        ("text/markdown;q=2", "html"),  # an invalid q drops the range
        ("text/markdown;q=0.1234", "html"),
        ("text/*;q=0, text/markdown", "markdown"),  # the most specific range wins
        ("text/markdown;q=0.5, text/*;q=0.9", "html"),
        ("application/json", "html"),  # nothing acceptable: the page
        ("garbage", "html"),
        ("*/markdown", "html"),
        ("text/markdown," * 1000, "html"),  # too long to parse
    ],
)
def test_negotiate(accept: str | None, kind: str) -> None:
    """serve's rules, and the same answers from `renderer.agents.negotiate` (one table for the
    two copies until they are one: agents' imports its site reader, 0.1 s serve's first answer
    should not pay)."""
    from renderer.agents.negotiate import negotiate as agents_negotiate

    assert negotiate(accept) == kind
    assert agents_negotiate(accept) == kind


@pytest.mark.parametrize(
    ("url", "twin"),
    [
        (LEAPSOME, LEAPSOME + ".md"),
        (LEAPSOME + ".html", LEAPSOME + ".md"),
        ("/", "/index.md"),
        ("/connectors/leapsome", "/connectors/leapsome.md"),
    ],
)
@pytest.mark.parametrize(
    ("accept", "ctype"),
    [
        ("text/markdown", "text/markdown; charset=utf-8"),
        ("text/plain", "text/plain; charset=utf-8"),
        ("text/markdown, text/html;q=0.9", "text/markdown; charset=utf-8"),
    ],
)
def test_a_page_url_answers_with_its_twin(
    api: Api, url: str, twin: str, accept: str, ctype: str
) -> None:
    status, headers, body = _get(api, url, f"Accept: {accept}\r\n")
    assert status == 200
    assert headers["content-type"] == ctype
    assert body == (api.state.root / twin.lstrip("/")).read_bytes()
    assert headers["vary"] == "Accept"
    assert headers["content-location"] == twin
    assert 'rel="describedby"' in headers["link"] and 'rel="alternate"' not in headers["link"]
    assert_secure(headers, f"{url} as {accept}")
    status, headers, body = _get(api, url, f"Accept: {accept}\r\n", method="HEAD")
    assert status == 200 and body == b""
    assert headers["content-type"] == ctype and headers["vary"] == "Accept"
    assert int(headers["content-length"]) == (api.state.root / twin.lstrip("/")).stat().st_size


@pytest.mark.parametrize("accept", [None, BROWSER, "*/*", "text/html"])
def test_browsers_get_the_page_and_are_told_it_varies(api: Api, accept: str | None) -> None:
    status, headers, body = _get(api, LEAPSOME, f"Accept: {accept}\r\n" if accept else "")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert body.startswith(b"<!DOCTYPE html>") or body.lstrip().startswith(b"<")
    assert headers["vary"] == "Accept"
    assert "content-location" not in headers
    assert f'<{LEAPSOME}.md>; rel="alternate"; type="text/markdown"' in headers["link"]


def test_each_representation_has_its_own_etag(api: Api) -> None:
    """A cache keyed by URL and Accept must not revalidate the page with the twin's tag (or
    the reverse); a 304 says Vary too."""
    tags = {}
    for accept in ("text/html", "text/markdown", "text/plain"):
        _, headers, _ = _get(api, LEAPSOME, f"Accept: {accept}\r\n")
        tags[accept] = headers["etag"]
    assert len(set(tags.values())) == 3
    for accept, tag in tags.items():
        status, headers, body = _get(api, LEAPSOME, f"Accept: {accept}\r\nIf-None-Match: {tag}\r\n")
        assert (status, body, headers["vary"]) == (304, b"", "Accept")
        assert_secure(headers, f"304 {accept}")
        for other in tags:
            if other != accept:
                got, _, _ = _get(api, LEAPSOME, f"Accept: {other}\r\nIf-None-Match: {tag}\r\n")
                assert got == 200, (accept, other)


@pytest.mark.parametrize(
    "path", ["/llms.txt", "/assets/style.css", "/no/such/page", "/accounts", LEAPSOME + ".md"]
)
def test_files_without_a_twin_are_not_negotiated(api: Api, path: str) -> None:
    """Only a page with a twin has another representation: other files keep their type and
    say nothing about Accept (the 404 page stays HTML)."""
    plain, headers, body = _get(api, path)
    status, md_headers, md_body = _get(api, path, "Accept: text/markdown\r\n")
    assert (status, md_body) == (plain, body)
    assert md_headers["content-type"] == headers["content-type"]
    assert "vary" not in md_headers


def test_a_twin_link_leading_out_of_the_site_is_not_served(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    for name in ("index.html", "_headers", "404.html"):
        shutil.copy(built / "stackone" / name, root / name)
    (tmp_path / "secret.md").write_text("SECRET-OUTSIDE\n")
    (root / "index.md").symlink_to(tmp_path / "secret.md")
    a = Api(root, tmp_path / "state")
    try:
        status, headers, body = _get(a, "/", "Accept: text/markdown\r\n")
    finally:
        a.close()
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b"SECRET-OUTSIDE" not in body and "vary" not in headers


# -- /.well-known --------------------------------------------------------------------------

CARD = {"$schema": "https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json"}


@pytest.fixture
def well_known(built: Path, tmp_path: Path):
    """A brand folder with discovery files, and dot-files that must stay private."""
    root = tmp_path / "site"
    root.mkdir()
    for name in ("index.html", "index.md", "_headers", "404.html", "llms.txt"):
        shutil.copy(built / "stackone" / name, root / name)
    wk = root / ".well-known"
    (wk / "mcp").mkdir(parents=True)
    (wk / "agent-skills" / "docs").mkdir(parents=True)
    (wk / "llms.txt").write_text("# Docs\n")
    (wk / "mcp.json").write_text('{"version": "1"}')
    (wk / "mcp" / "server-card.json").write_text(json.dumps(CARD))
    (wk / "agent-skills" / "index.json").write_text("{}")
    (wk / "agent-skills" / "docs" / "SKILL.md").write_text("# Skill\n")
    for private in (".env", ".git/config", ".well-known/.secret", "a/.well-known/llms.txt"):
        (root / private).parent.mkdir(parents=True, exist_ok=True)
        (root / private).write_text("PRIVATE-CANARY\n")
    (tmp_path / "outside.txt").write_text("PRIVATE-CANARY\n")
    (wk / "linked.txt").symlink_to(tmp_path / "outside.txt")
    a = Api(root, tmp_path / "state")
    yield a
    a.close()


@pytest.mark.parametrize(
    ("path", "ctype"),
    [
        ("/.well-known/llms.txt", "text/plain; charset=utf-8"),
        ("/.well-known/mcp.json", "application/json"),
        ("/.well-known/mcp/server-card.json", "application/mcp-server-card+json"),
        ("/.well-known/agent-skills/index.json", "application/json"),
        ("/.well-known/agent-skills/docs/SKILL.md", "text/markdown; charset=utf-8"),
        ("/%2Ewell-known/llms.txt", "text/plain; charset=utf-8"),  # the same path, encoded
    ],
)
def test_well_known_files_are_served(well_known: Api, path: str, ctype: str) -> None:
    status, headers, body = _get(well_known, path)
    assert status == 200, path
    assert headers["content-type"] == ctype
    rel = path.replace("%2E", ".").lstrip("/")
    assert body == (well_known.state.root / rel).read_bytes()
    assert_secure(headers, path)


@pytest.mark.parametrize(
    "path",
    [
        "/.env",
        "/.git/config",
        "/.well-known/.secret",
        "/a/.well-known/llms.txt",  # only the root's .well-known
        "/.well-known/../.env",
        "/.well-known/%2e%2e/.env",
        "/.WELL-KNOWN/llms.txt",
        "/.well-knownx/llms.txt",
        "/.well-known/linked.txt",  # a symlink out of the site
        "/..well-known/llms.txt",
    ],
)
def test_no_other_dot_path_is_served(well_known: Api, path: str) -> None:
    status, _, body = _get(well_known, path)
    assert status == 404, path
    assert b"PRIVATE-CANARY" not in body


# -- /mcp ----------------------------------------------------------------------------------


MCP_MODULES = ("mcp", "renderer.agents", "renderer.serve.mcp", "renderer.serve.agents_mount")


@pytest.fixture
def no_agents(monkeypatch: pytest.MonkeyPatch) -> None:
    """The MCP SDK and the agents code cannot be imported (a `None` in `sys.modules` is
    Python's own mark of a module that cannot be imported), even when this session imported
    them already."""
    for name in list(sys.modules):
        if name.startswith(tuple(m + "." for m in MCP_MODULES)):
            monkeypatch.setitem(sys.modules, name, None)
    for name in MCP_MODULES:
        monkeypatch.setitem(sys.modules, name, None)


MCP_INIT = json.dumps(
    {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "t", "version": "1"},
        },
    }
)


def _post_mcp(api: Api, extra: str = "", host: str = "", body: str = MCP_INIT) -> tuple:
    head = (
        f"POST /mcp HTTP/1.1\r\nHost: {host or f'127.0.0.1:{api.port}'}\r\n{extra}"
        "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
        f"Content-Length: {len(body.encode())}\r\nConnection: close\r\n\r\n"
    )
    return head_of(api.raw(head.encode() + body.encode(), timeout=120))  # the SDK loads slowly


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE", "HEAD"])
@pytest.mark.parametrize("path", ["/mcp", "/mcp/", "/mcp/server-card"])
def test_without_the_agents_package_mcp_is_503(
    api: Api, no_agents: None, method: str, path: str
) -> None:
    if method == "POST":
        status, headers, body = _post_mcp(api)
    else:
        status, headers, body = _get(api, path, method=method)
    assert status == 503
    assert body == (b"" if method == "HEAD" else b"MCP server not available\n")
    assert headers["cache-control"] == "no-store"
    assert_secure(headers, f"{method} {path}")
    assert _get(api, LEAPSOME)[0] == 200  # the rest of the site is served as usual
    assert "hubdocs: /mcp: MCP server not available (" in api.log.read_text()


def test_mcp_keeps_the_host_and_origin_rules(api: Api, no_agents: None) -> None:
    """The refusals come before the server is even looked for."""
    assert _post_mcp(api, host="evil.example")[0] == 421
    assert _post_mcp(api, host=f"127.0.0.1:{api.port}\r\nHost: evil.example")[0] == 400
    assert _get(api, "http://evil.example/mcp")[0] == 421
    assert _post_mcp(api, "Origin: https://evil.example\r\n")[0] == 403
    assert _post_mcp(api, f"Origin: {api.origin}\r\nOrigin: https://evil.example\r\n")[0] == 403
    assert "MCP server not available" not in api.log.read_text()
    assert _post_mcp(api, f"Origin: {api.origin}\r\n")[0] == 503


def test_serve_does_not_import_the_mcp_server_until_asked(built: Path, tmp_path: Path) -> None:
    """Importing serve, starting it and answering pages (negotiated ones too) loads neither the
    MCP server nor the SDK (seconds of imports); the first answer does not wait for them."""
    code = f"""
import sys, threading, http.client
from pathlib import Path
from renderer.config.mkdocs_yml import load_config
from renderer.serve.server import State, make_server
brand = load_config(Path({str(ROOT / "mkdocs.yml")!r})).brand("stackone")
state = State(Path({str(built / "stackone")!r}), brand, None, log=open("/dev/null", "w"))
server = make_server("127.0.0.1", 0, state)
threading.Thread(target=server.serve_forever, daemon=True).start()
port = server.server_address[1]
for path, accept in (("/", "text/html"), ("/", "text/markdown"), ("/.well-known/x", "*/*")):
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("GET", path, headers={{"Accept": accept}})
    c.getresponse().read()
heavy = ("mcp", "starlette", "uvicorn", "renderer.agents", "renderer.serve.mcp",
         "renderer.serve.agents_mount")
light = ("renderer.agents", "renderer.agents.negotiate", "renderer.agents.site")  # negotiation
loaded = sorted(m for m in sys.modules if m not in light and (m in heavy or m.startswith(tuple(h + "." for h in heavy))))
print(loaded)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_mcp_answers_through_the_bridge(api: Api) -> None:
    """The first `/mcp` request starts the brand's MCP server, which answers `initialize` and
    lists its tools; its guard and serve's agree on Host and Origin; the server card names the
    server's own URL."""
    status, headers, body = _post_mcp(api, f"Origin: {api.origin}\r\n")
    assert status == 200, body
    assert headers["content-type"].startswith("application/json")
    assert_secure(headers, "mcp")
    assert headers["cache-control"] == "no-store"
    reply = json.loads(body)
    assert reply["id"] == 1 and "serverInfo" in reply["result"]
    listing = json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
    version = "MCP-Protocol-Version: 2025-06-18\r\n"
    status, _, body = _post_mcp(api, version, body=listing)
    assert status == 200, body
    tools = {t["name"] for t in json.loads(body)["result"]["tools"]}
    assert {"search", "get_page"} <= tools
    assert _post_mcp(api, host="evil.example")[0] == 421
    assert _post_mcp(api, "Origin: https://evil.example\r\n")[0] == 403
    status, headers, body = _get(api, "/mcp/server-card")
    assert status == 200 and headers["content-type"].startswith("application/mcp-server-card+json")
    assert json.loads(body)["remotes"][0]["url"] == f"http://127.0.0.1:{api.port}/mcp"


def test_state_close_without_a_bridge_is_harmless(api: Api) -> None:
    api.state.close()
    assert os.path.exists(api.db)


def test_a_handler_without_agents_serves_as_before(api: Api) -> None:
    """`Handler.agents = False` (the planted fault `hubdocs score` must notice): page URLs are
    HTML whatever the Accept header, nothing says Vary, and /mcp is a missing page."""
    api.server.RequestHandlerClass = type(
        "NoAgents", (api.server.RequestHandlerClass,), {"agents": False}
    )
    status, headers, _ = _get(api, LEAPSOME, "Accept: text/markdown\r\n")
    assert (status, headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert "vary" not in headers
    assert _get(api, "/mcp")[0] == 404
    assert _post_mcp(api)[0] == 405
