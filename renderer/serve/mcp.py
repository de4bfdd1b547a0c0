"""`hubdocs mcp`: one brand's docs as an MCP server (the official SDK's `MCPServer`), over stdio
or Streamable HTTP.

It reads only `site/<brand>/` as the build left it: search runs over the brand's Markdown twins,
`get_page` returns a twin, the resources are the brand's `llms.txt` and `skill.md`, and the
server's name and description are the site's own (its llms.txt title and summary). So a
white-label server can return nothing the white-label site does not already publish: no hidden
block, no parent word. Over HTTP it answers only to the Host names of its bind address (421
otherwise) and refuses cross-origin requests (403), as `hubdocs serve` does.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, Field

from renderer import __version__
from renderer.agents import tools as t
from renderer.agents.search import SearchIndex
from renderer.agents.site import BuiltSite, NotBuilt, Refused, load_site, resolve_twin
from renderer.agents.skill import skill_md

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer
    from starlette.types import ASGIApp, Receive, Scope, Send

BRAND_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\Z")
MCP_PATH = "/mcp"
CARD_PATH = "/mcp/server-card"


class SearchHit(BaseModel):
    url: str
    """The page's URL."""
    anchor: str
    """The id of the nearest heading on the page ("" = the top)."""
    link: str
    """The URL with the anchor."""
    title: str
    """The page's title."""
    section: str
    """The heading the match is under ("" = the page's lead text)."""
    markdown: str
    """The URL of the page's Markdown twin (what get_page returns)."""
    excerpt: str


class SearchResults(BaseModel):
    query: str
    hits: list[SearchHit]


class Docs:
    """A built brand folder, re-read when the build replaces it (the folder is swapped
    atomically, so its inode changes; llms.txt changes with every structural edit)."""

    def __init__(self, root: Path):
        self.root = root
        self._lock = threading.Lock()
        self._stamp: tuple[int, ...] | None = None
        self._site: BuiltSite | None = None
        self._index: SearchIndex | None = None
        self.current()

    def _now(self) -> tuple[int, ...]:
        try:
            st = os.stat(self.root)
        except OSError as e:
            raise NotBuilt(f"{self.root}: no such folder (is the brand built?)") from e
        try:
            llms = os.stat(self.root / "llms.txt")
        except OSError:
            return (st.st_ino, st.st_mtime_ns)
        return (st.st_ino, st.st_mtime_ns, llms.st_ino, llms.st_mtime_ns, llms.st_size)

    def current(self) -> tuple[BuiltSite, SearchIndex]:
        with self._lock:
            stamp = self._now()
            if stamp != self._stamp or self._site is None or self._index is None:
                site = load_site(self.root)
                self._site, self._index, self._stamp = site, SearchIndex(site), stamp
            return self._site, self._index


def brand_root(site_dir: Path, brand: str) -> Path:
    """`site_dir/brand`, after checking the brand is a plain folder name."""
    if not BRAND_NAME.match(brand) or brand in (".", ".."):
        raise NotBuilt(f"{brand!r} is not a brand name")
    return site_dir / brand


def build_server(site_dir: Path, brand: str, mcp_url: str | None = None) -> MCPServer:
    """The MCP server of one built brand (`site_dir/brand`); raises NotBuilt when the brand has
    not been built there. `mcp_url`: the public URL the server answers at, named in skill.md."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ResourceError, ToolError
    from mcp_types import ToolAnnotations

    docs = Docs(brand_root(site_dir, brand))
    site, _ = docs.current()
    server: MCPServer = MCPServer(
        site.name or brand,
        title=site.name or brand,
        description=site.summary or None,
        instructions=t.instructions(site.name or brand),
        website_url=site.url("/") if site.base_url else None,
        version=_version(),
        log_level="WARNING",
        warn_on_duplicate_tools=False,
    )
    annotations = ToolAnnotations(
        read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
    )

    def search(
        query: Annotated[
            str, Field(description=t.QUERY_DESCRIPTION, min_length=1, max_length=t.MAX_QUERY)
        ],
        limit: Annotated[
            int, Field(description=t.LIMIT_DESCRIPTION, ge=1, le=t.MAX_LIMIT)
        ] = t.DEFAULT_LIMIT,
    ) -> SearchResults:
        site, index = docs.current()
        return SearchResults(query=query, hits=[_hit(site, h) for h in index.search(query, limit)])

    def get_page(
        page: Annotated[str, Field(description=t.PAGE_DESCRIPTION, min_length=1)],
    ) -> str:
        site, _ = docs.current()
        try:
            twin = resolve_twin(docs.root, page, site.base_url)
            return twin.read_text(encoding="utf-8", errors="replace")
        except Refused as e:
            raise ToolError(str(e)) from None

    specs = {spec["name"]: spec for spec in t.TOOLS}
    for fn, structured in ((search, True), (get_page, False)):
        spec = specs[fn.__name__]
        server.add_tool(
            fn,
            name=spec["name"],
            title=spec["title"],
            description=spec["description"],
            annotations=annotations,
            structured_output=structured,
        )

    def read(name: str) -> Callable[[], str]:
        def reader() -> str:
            site, _ = docs.current()
            path = docs.root / name
            if path.is_file():
                return path.read_text(encoding="utf-8", errors="replace")
            if name == "skill.md":
                return skill_md(site, mcp_url)
            raise ResourceError(f"{name} is missing from the built site")

        reader.__name__ = name.replace(".", "_")
        return reader

    for name, mime, what in (
        ("llms.txt", "text/plain", "Every page of the docs, one line each (llms.txt)."),
        ("skill.md", "text/markdown", "What the docs cover and how to use them (skill.md)."),
    ):
        server.resource(resource_uri(site, name), name=name, description=what, mime_type=mime)(
            read(name)
        )
    return server


def resource_uri(site: BuiltSite, name: str) -> str:
    """A resource's URI: its public URL when the site says where it is published."""
    return site.url("/" + name) if site.base_url else f"docs:///{name}"


def _hit(site: BuiltSite, h: Any) -> SearchHit:
    url = site.url(h.page.path)
    anchor = h.section.anchor
    return SearchHit(
        url=url,
        anchor=anchor,
        link=f"{url}#{anchor}" if anchor else url,
        title=h.page.title,
        section=h.section.heading,
        markdown=site.url(h.page.twin_path),
        excerpt=h.excerpt,
    )


def _version() -> str:
    return __version__


# -- HTTP -------------------------------------------------------------------------------------


class HostGuard:
    """ASGI middleware: the Host header must be one of `hosts()` (else 421, DNS-rebinding
    protection) and an Origin header, when sent, one of `origins()` (else 403), as in
    `hubdocs serve`. Both are callables so a server that learns its port late can share them."""

    def __init__(
        self,
        app: ASGIApp,
        hosts: Callable[[], Iterable[str]],
        origins: Callable[[], Iterable[str]],
    ):
        self.app, self.hosts, self.origins = app, hosts, origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = [(k.lower(), v) for k, v in scope.get("headers", [])]
        host = [v for k, v in headers if k == b"host"]
        origin = [v for k, v in headers if k == b"origin"]
        if len(host) != 1 or host[0].decode("latin-1").lower() not in set(self.hosts()):
            await _refuse(send, 421, b"Misdirected request: unknown Host\n")
            return
        if origin and (
            len(origin) != 1 or origin[0].decode("latin-1").lower() not in set(self.origins())
        ):
            await _refuse(send, 403, b"Cross-origin request refused\n")
            return
        await self.app(scope, receive, send)


async def _refuse(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def http_app(
    server: MCPServer,
    hosts: Callable[[], Iterable[str]],
    card: dict[str, Any] | None = None,
) -> ASGIApp:
    """The server's Streamable HTTP endpoint at /mcp (stateless, JSON responses: every POST is
    answered in full, nothing is kept between requests) behind HostGuard; GET /mcp/server-card
    answers with `card` when given. Its lifespan runs the SDK's session manager."""
    from mcp.server.transport_security import TransportSecuritySettings
    from starlette.responses import JSONResponse

    def origins() -> list[str]:
        return [f"http://{h}" for h in hosts()]

    if card is not None:

        async def server_card(request: Any) -> Any:
            return JSONResponse(
                card,
                media_type="application/mcp-server-card+json",
                headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache"},
            )

        server.custom_route(CARD_PATH, methods=["GET"])(server_card)
    # HostGuard checks Host and Origin for every path (the SDK's own check would take the
    # names once, here, before a server on port 0 knows its port)
    security = TransportSecuritySettings(enable_dns_rebinding_protection=False)
    app = server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        json_response=True,
        transport_security=security,
    )
    return HostGuard(app, hosts, origins)


# -- the command ------------------------------------------------------------------------------


def main(args: argparse.Namespace) -> int:
    if not args.brand:
        print("hubdocs mcp: which brand? give --brand NAME (or set HUBDOCS_BRAND)", file=sys.stderr)
        return 1
    try:
        server = build_server(Path(args.out), args.brand)
    except NotBuilt as e:
        print(
            f"hubdocs mcp: {e}\n  hint: build it first: hubdocs build --brand {args.brand}",
            file=sys.stderr,
        )
        return 1
    if args.transport == "stdio":
        server.run("stdio")
        return 0
    return _serve_http(server, args)


def _serve_http(server: MCPServer, args: argparse.Namespace) -> int:
    import uvicorn

    from renderer.serve.hosts import WILDCARDS, allowed_hosts

    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as e:
        sock.close()
        print(
            f"hubdocs mcp: cannot listen on {args.host}:{args.port}: {e.strerror}", file=sys.stderr
        )
        return 1
    sock.listen(128)  # connections queue from now on, before the event loop accepts them
    port = sock.getsockname()[1]
    names = allowed_hosts(args.host, port, tuple(args.allow_host or ()))
    shown = "localhost" if args.host in WILDCARDS else args.host
    shown = f"[{shown}]" if ":" in shown else shown
    url = f"http://{shown}:{port}{MCP_PATH}"
    from renderer.agents.discovery import server_card

    site = load_site(brand_root(Path(args.out), args.brand))
    app = http_app(server, lambda: names, server_card(site, url))
    print(f"MCP server for {site.name}: {url}", flush=True)
    config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=2)
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def tool_list_json(server: MCPServer) -> list[dict[str, Any]]:
    """What `tools/list` answers, as plain JSON (for tests and `hubdocs score`)."""
    import anyio

    async def listing() -> list[dict[str, Any]]:
        return [
            json.loads(tool.model_dump_json(by_alias=True, exclude_none=True))
            for tool in await server.list_tools()
        ]

    return anyio.run(listing)
