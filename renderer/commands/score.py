"""`hubdocs score`: how ready a brand's docs are for AI agents, by the checks Mintlify's agent
readiness score (Agent Rank, `mint score`) and AFDocs run: llms.txt (exists, parses with the
llms-txt reference parser, size, links resolve and are Markdown, structure), the directive in
every twin, llms-full.txt, skill.md, content negotiation (Markdown, plain text), the MCP server
(discoverable, tools), an OpenAPI spec (when there is one), robots.txt and the AI crawlers,
sitemap.xml, JSON-LD, Link headers and latency.

A target is a built brand folder (offline: the checks that need a server say "n/a") or the URL
of a running server. Only the target's own origin is ever fetched: links to the site's public
URL are followed on the target. Each result: pass / fail / skip (a check it depends on failed;
scores 0) / n/a (not counted), the file or URL looked at, what was found, and how to fix it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET  # noqa: S405 - parses the target's own sitemap, no DTDs
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from renderer.agents.discovery import AI_CRAWLERS, MCP_JSON, SERVER_CARD, SKILLS_INDEX

TIMEOUT = 10.0
MAX_BYTES = 20 * 1024 * 1024
LLMS_MAX = 100_000
LLMS_WARN = 50_000
FULL_MIN, FULL_MAX = 500, 5_000_000
LATENCY = 2.0
SAMPLE = 50
"""Links or pages fetched over HTTP, at most, per check."""
OPENAPI_PATHS = tuple(
    f"{prefix}/{name}.{ext}"
    for prefix in ("", "/api")
    for name in ("openapi", "swagger")
    for ext in ("json", "yaml", "yml")
)
MD_ACCEPT = "text/markdown, text/html;q=0.9"
PLAIN_ACCEPT = "text/plain, text/html;q=0.9"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".json": "application/json",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
}
_LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
_LD = re.compile(
    r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)
_ALT = re.compile(r"<link\b[^>]*\brel=\"alternate\"[^>]*\btype=\"text/markdown\"[^>]*>", re.I)


# -- fetching -------------------------------------------------------------------------------


@dataclass
class Fetched:
    where: str
    status: int
    content_type: str = ""
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def is_html(self) -> bool:
        head = self.body[:512].lstrip().lower()
        return "html" in self.content_type or head.startswith((b"<!doctype html", b"<html"))


class Target:
    """Where the files come from: `get(path)` -> Fetched."""

    online = False
    base = ""

    def get(self, path: str, accept: str | None = None) -> Fetched:
        raise NotImplementedError

    def label(self) -> str:
        raise NotImplementedError


class FolderTarget(Target):
    """A built brand folder, read as a static host would serve it."""

    def __init__(self, root: Path):
        self.root = root

    def label(self) -> str:
        return str(self.root)

    def get(self, path: str, accept: str | None = None) -> Fetched:
        rel = urlsplit(path).path.lstrip("/")
        candidates = ["index.html"] if rel in ("", "index") else [rel, rel + ".html"]
        if rel.endswith("/"):
            candidates = [rel + "index.html", rel.rstrip("/") + ".html"]
        base = os.path.realpath(self.root)
        for c in candidates:
            full = os.path.realpath(os.path.join(base, c))
            if os.path.commonpath([base, full]) == base and os.path.isfile(full):
                with open(full, "rb") as f:
                    body = f.read(MAX_BYTES)
                ctype = TYPES.get(Path(full).suffix, "application/octet-stream")
                return Fetched(os.path.join(str(self.root), c), 200, ctype, body)
        return Fetched(os.path.join(str(self.root), candidates[0]), 404)


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follow redirects on the target's origin only."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        old, new = urlsplit(req.full_url), urlsplit(newurl)
        if (old.scheme, old.netloc) != (new.scheme, new.netloc):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class UrlTarget(Target):
    """A running server (`hubdocs serve`, a deployment): GET requests on its origin only."""

    online = True

    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{url!r} is not an http(s) URL")
        self.base = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        self.opener = urllib.request.build_opener(_SameOrigin())

    def label(self) -> str:
        return self.base

    def get(self, path: str, accept: str | None = None) -> Fetched:
        url = self.base + "/" + path.lstrip("/")
        req = urllib.request.Request(url, headers={"User-Agent": "agent-readiness-check"})  # noqa: S310 - http(s) only (checked above)
        if accept:
            req.add_header("Accept", accept)
        start = time.monotonic()
        try:
            with self.opener.open(req, timeout=TIMEOUT) as resp:  # noqa: S310 - http(s) only
                seconds = time.monotonic() - start
                body = resp.read(MAX_BYTES)
                headers = {k.lower(): v for k, v in resp.headers.items()}
                return Fetched(
                    url, resp.status, headers.get("content-type", ""), body, headers, seconds
                )
        except urllib.error.HTTPError as e:
            return Fetched(url, e.code, e.headers.get("Content-Type", "") if e.headers else "")
        except (OSError, ValueError) as e:
            return Fetched(url, 0, "", str(e).encode(), seconds=time.monotonic() - start)


# -- results ----------------------------------------------------------------------------------


@dataclass
class Result:
    id: str
    title: str
    weight: int
    status: str
    """pass, fail, skip (a check it needs failed) or n/a (not counted)."""
    where: str
    detail: str
    fix: str = ""


@dataclass
class Report:
    target: str
    name: str
    score: int
    results: list[Result]

    def as_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "name": self.name,
            "score": self.score,
            "checks": [asdict(r) for r in self.results],
        }


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    weight: int
    run: Callable[[Context], tuple[str, str, str] | None]
    """-> (status, where, detail); None when it cannot apply here (n/a)."""
    fix: str
    needs: str = ""
    online_only: bool = False


class Context:
    """What the checks share: the target, and files fetched once."""

    def __init__(self, target: Target):
        self.target = target
        self._cache: dict[tuple[str, str | None], Fetched] = {}
        self.site_base = ""

    def get(self, path: str, accept: str | None = None) -> Fetched:
        key = (path, accept)
        if key not in self._cache:
            self._cache[key] = self.target.get(path, accept)
        return self._cache[key]

    def local(self, link: str) -> str | None:
        """A link of the site -> its path on the target; None for other sites."""
        for base in (self.site_base, self.target.base):
            if base and (link == base or link.startswith(base + "/")):
                return link[len(base) :] or "/"
        if link.startswith("/") and not link.startswith("//"):
            return link
        return None

    def pages(self) -> list[str]:
        """Page paths from the sitemap (site order)."""
        found = self.get("/sitemap.xml")
        if not found.ok:
            return []
        locs = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", found.text)
        return [p for p in (self.local(loc.replace("&amp;", "&")) for loc in locs) if p]


# -- the checks -------------------------------------------------------------------------------


def _text_file(ctx: Context, paths: tuple[str, ...]) -> tuple[str, str, str]:
    tried = []
    for path in paths:
        f = ctx.get(path)
        tried.append(f.where)
        if f.ok and f.body.strip() and not f.is_html():
            if ctx.target.online and not f.content_type.startswith("text/"):
                return "fail", f.where, f"served as {f.content_type or 'no type'}, not text"
            return "pass", f.where, f"found, {len(f.text):,} characters"
    return "fail", tried[0], "not found (tried " + ", ".join(tried) + ")"


def check_llms_exists(ctx: Context) -> tuple[str, str, str]:
    return _text_file(ctx, ("/llms.txt", "/.well-known/llms.txt"))


def _llms(ctx: Context) -> Fetched:
    f = ctx.get("/llms.txt")
    return f if f.ok else ctx.get("/.well-known/llms.txt")


def check_llms_valid(ctx: Context) -> tuple[str, str, str]:
    import llms_txt

    f = _llms(ctx)
    try:
        parsed = llms_txt.parse_llms_file(f.text)
    except Exception as e:  # the reference parser raises on lines it cannot read
        return "fail", f.where, f"the llms-txt reference parser rejects it ({type(e).__name__})"
    links = [link for section in parsed.sections.values() for link in section]
    if not parsed.title or not links:
        return "fail", f.where, "no title or no `- [title](url)` links"
    return (
        "pass",
        f.where,
        f"title {parsed.title!r}, {len(parsed.sections)} sections, {len(links)} links",
    )


def check_llms_size(ctx: Context) -> tuple[str, str, str]:
    f = _llms(ctx)
    n = len(f.text)
    if n >= LLMS_MAX:
        return "fail", f.where, f"{n:,} characters (limit {LLMS_MAX:,})"
    risk = f"; over {LLMS_WARN:,}, agents may truncate it" if n > LLMS_WARN else ""
    return "pass", f.where, f"{n:,} characters{risk}"


def _links(text: str) -> list[str]:
    return [m.group(1) for m in _LINK.finditer(text)]


def _resolve_links(ctx: Context, f: Fetched) -> tuple[str, str, str]:
    links = [p for p in (ctx.local(link) for link in _links(f.text)) if p]
    links = list(dict.fromkeys(links))
    if ctx.target.online:
        links = links[:SAMPLE]
    if not links:
        return "pass", f.where, "no links to this site"
    broken = [p for p in links if not ctx.get(p.split("#", 1)[0]).ok]
    share = 1 - len(broken) / len(links)
    status = "pass" if share >= 0.9 else "fail"
    more = f"; broken: {', '.join(broken[:5])}" if broken else ""
    return status, f.where, f"{len(links) - len(broken)}/{len(links)} links resolve{more}"


def check_llms_links_resolve(ctx: Context) -> tuple[str, str, str]:
    return _resolve_links(ctx, _llms(ctx))


def check_llms_links_markdown(ctx: Context) -> tuple[str, str, str]:
    f = _llms(ctx)
    links = [link.split("#", 1)[0] for link in _links(f.text)]
    if not links:
        return "fail", f.where, "no links"
    md = sum(1 for link in links if link.endswith(".md"))
    status = "pass" if md * 2 >= len(links) else "fail"
    return status, f.where, f"{md}/{len(links)} links point to Markdown (.md)"


def check_llms_structure(ctx: Context) -> tuple[str, str, str]:
    f = _llms(ctx)
    lines = [line for line in f.text.splitlines() if line.strip()]
    problems = []
    if not lines or not lines[0].startswith("# "):
        problems.append("the first line is not an H1 title")
    if len(lines) < 2 or not lines[1].startswith(">"):
        problems.append("no `>` summary under the title")
    if not any(line.startswith("## ") for line in lines):
        problems.append("no `##` sections")
    if problems:
        return "fail", f.where, "; ".join(problems)
    return "pass", f.where, "H1 title, summary, sections"


def check_directive(ctx: Context) -> tuple[str, str, str]:
    f = _llms(ctx)
    twins = [p for p in (ctx.local(link) for link in _links(f.text)) if p and p.endswith(".md")]
    twins = list(dict.fromkeys(twins))[: SAMPLE if ctx.target.online else None]
    if not twins:
        return "fail", f.where, "llms.txt links no Markdown pages"
    missing = []
    for path in twins:
        head = "\n".join(ctx.get(path).text.splitlines()[:12])
        if "llms.txt" not in head:
            missing.append(path)
    if missing:
        where = ctx.get(missing[0]).where
        return "fail", where, f"{len(missing)}/{len(twins)} pages lack it: {', '.join(missing[:5])}"
    return (
        "pass",
        ctx.get(twins[0]).where,
        f"all {len(twins)} Markdown pages point to llms.txt at the top",
    )


def check_full_exists(ctx: Context) -> tuple[str, str, str]:
    return _text_file(ctx, ("/llms-full.txt", "/.well-known/llms-full.txt"))


def _full(ctx: Context) -> Fetched:
    f = ctx.get("/llms-full.txt")
    return f if f.ok else ctx.get("/.well-known/llms-full.txt")


def check_full_size(ctx: Context) -> tuple[str, str, str]:
    f = _full(ctx)
    n = len(f.text)
    status = "pass" if FULL_MIN <= n <= FULL_MAX else "fail"
    return status, f.where, f"{n:,} characters (between {FULL_MIN:,} and {FULL_MAX:,} pass)"


def check_full_structure(ctx: Context) -> tuple[str, str, str]:
    f = _full(ctx)
    lines = [line for line in f.text.splitlines() if line.strip()]
    headings = sum(1 for line in lines if re.match(r"#{1,6}\s", line))
    if not lines or not lines[0].startswith("# ") or headings < 2:
        return "fail", f.where, f"needs an H1 first and 2+ headings ({headings} headings)"
    return "pass", f.where, f"H1 first, {headings} headings"


def check_full_links(ctx: Context) -> tuple[str, str, str]:
    return _resolve_links(ctx, _full(ctx))


def check_skill(ctx: Context) -> tuple[str, str, str]:
    index = ctx.get("/" + SKILLS_INDEX)
    if index.ok:
        try:
            skills = json.loads(index.text)["skills"]
            url = skills[0]["url"]
        except (ValueError, KeyError, IndexError, TypeError):
            return "fail", index.where, "the skills index is not valid JSON with a skill URL"
        path = ctx.local(urljoin(ctx.target.base + "/", url) if ctx.target.online else url)
        skill = ctx.get(path) if path else Fetched(url, 0)
        problem = _skill_problem(skill, skills[0].get("digest"))
        return (
            ("fail", skill.where, problem) if problem else ("pass", skill.where, "listed and valid")
        )
    skill = ctx.get("/skill.md")
    problem = _skill_problem(skill, None)
    if problem:
        return "fail", skill.where, f"no skills index ({index.where}); skill.md: {problem}"
    return "pass", skill.where, "found (no skills index)"


def _skill_problem(skill: Fetched, digest: str | None) -> str:
    import hashlib

    if not skill.ok:
        return "not found"
    if skill.is_html():
        return "is HTML, not Markdown"
    text = skill.text
    if not re.match(r"---\s*\n(?:.*\n)*?name:\s*\S", text) or "\ndescription:" not in text:
        return "no frontmatter with name and description"
    if digest and digest != "sha256:" + hashlib.sha256(skill.body).hexdigest():
        return "its sha256 differs from the index's digest"
    return ""


def _negotiation(ctx: Context, accept: str, kinds: tuple[str, ...]) -> tuple[str, str, str]:
    f = ctx.get("/", accept)
    ctype = f.content_type.split(";")[0].strip().lower()
    if f.ok and ctype in kinds and not f.is_html():
        return "pass", f.where, f"Accept: {accept} -> {f.content_type}"
    return "fail", f.where, f"Accept: {accept} -> {f.status} {f.content_type or 'no type'}"


def check_markdown_negotiation(ctx: Context) -> tuple[str, str, str] | None:
    if not ctx.target.online:
        return None
    return _negotiation(ctx, MD_ACCEPT, ("text/markdown", "text/x-markdown"))


def check_plain_negotiation(ctx: Context) -> tuple[str, str, str] | None:
    if not ctx.target.online:
        return None
    return _negotiation(ctx, PLAIN_ACCEPT, ("text/plain", "text/markdown", "text/x-markdown"))


def check_mcp_discoverable(ctx: Context) -> tuple[str, str, str]:
    if ctx.target.online:
        url = ctx.target.base + "/mcp"
        info = _mcp_online(url)
        if isinstance(info, str):
            return "fail", url, info
        return "pass", url, f"initialize -> serverInfo.name {info['name']!r}"
    doc = ctx.get("/" + MCP_JSON)
    try:
        data = json.loads(doc.text) if doc.ok else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or not str(data.get("url", "")).endswith("/mcp"):
        return "fail", doc.where, "no discovery document naming the /mcp endpoint"
    card = ctx.get("/" + SERVER_CARD)
    problem = card_problem(card)
    if problem:
        return "fail", card.where, problem
    return "pass", doc.where, f"endpoint {data['url']}; server card valid"


def card_problem(card: Fetched) -> str:
    """What is wrong with a Server Card (schema v1's required fields and patterns), or ""."""
    try:
        data = json.loads(card.text) if card.ok else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return "no server card"
    missing = [k for k in ("$schema", "name", "version", "description") if not data.get(k)]
    if missing:
        return "server card lacks " + ", ".join(missing)
    if not re.fullmatch(r"[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+", str(data["name"])):
        return "server card name is not reverse-DNS (namespace/name)"
    if len(str(data["description"])) > 100:
        return "server card description is over 100 characters"
    remotes = data.get("remotes") or []
    if not any(r.get("type") == "streamable-http" and r.get("url") for r in remotes):
        return "server card has no streamable-http remote"
    return ""


def _mcp_online(url: str) -> dict[str, Any] | str:
    """initialize + tools/list with the MCP SDK's client: {"name", "tools"} or a problem."""
    import anyio
    from mcp import Client

    async def probe() -> dict[str, Any]:
        with anyio.fail_after(3 * TIMEOUT):
            return await _initialize(url)

    async def _initialize(url: str) -> dict[str, Any]:
        async with Client(url, mode="legacy", read_timeout_seconds=TIMEOUT) as client:
            info = client.server_info
            tools = (await client.list_tools()).tools
            return {
                "name": info.name if info else "",
                "tools": [t.model_dump(by_alias=True, exclude_none=True) for t in tools],
            }

    try:
        return _in_thread(anyio.run, probe)
    except BaseException as e:  # noqa: BLE001 - any failure is the check's answer
        if isinstance(e, KeyboardInterrupt):
            raise
        return f"no MCP server answered ({type(e).__name__})"


def check_mcp_tools(ctx: Context) -> tuple[str, str, str]:
    if ctx.target.online:
        url = ctx.target.base + "/mcp"
        info = _mcp_online(url)
        if isinstance(info, str):
            return "fail", url, info
        tools, where = info["tools"], url
    else:
        assert isinstance(ctx.target, FolderTarget)
        try:
            tools = _tools_offline(ctx.target.root)
        except Exception as e:  # the server could not be built from the folder
            return "fail", str(ctx.target.root), f"the MCP server does not start: {e}"
        where = str(ctx.target.root) + " (hubdocs mcp)"
    good = [t for t in tools if t.get("inputSchema") and t.get("description")]
    if not good:
        return "fail", where, "tools/list returns no tool with a description and input schema"
    ro = sum(1 for t in good if (t.get("annotations") or {}).get("readOnlyHint"))
    names = ", ".join(t["name"] for t in good)
    return "pass", where, f"{len(good)} tools ({names}), {ro} marked read-only"


def _tools_offline(root: Path) -> list[dict[str, Any]]:
    from renderer.serve.mcp import build_server, tool_list_json

    return _in_thread(lambda: tool_list_json(build_server(root.parent, root.name)))


def _in_thread(fn: Callable[..., Any], *args: Any) -> Any:
    """`fn(*args)` on a thread of its own: the MCP client and server run their own event loop,
    which cannot start on a thread that already runs one (a notebook, an agent framework, a
    browser test driver)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def check_openapi(ctx: Context) -> tuple[str, str, str] | None:
    import yaml

    for path in OPENAPI_PATHS:
        f = ctx.get(path)
        if not f.ok or f.is_html():
            continue
        try:
            data = json.loads(f.text) if path.endswith(".json") else yaml.safe_load(f.text)
        except (ValueError, yaml.YAMLError):
            return "fail", f.where, "does not parse"
        if isinstance(data, dict) and ("openapi" in data or "swagger" in data):
            version = data.get("openapi") or data.get("swagger")
            return "pass", f.where, f"OpenAPI {version}"
        return "fail", f.where, "no `openapi` or `swagger` version field"
    return None


def _robots_groups(text: str) -> list[tuple[list[str], list[tuple[str, str]]]]:
    groups: list[tuple[list[str], list[tuple[str, str]]]] = []
    agents: list[str] = []
    rules: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if rules:
                groups.append((agents, rules))
                agents, rules = [], []
            agents.append(value.lower())
        elif key in ("allow", "disallow") and agents:
            rules.append((key, value))
    if agents:
        groups.append((agents, rules))
    return groups


def blocked_agents(text: str) -> list[str]:
    """The AI crawlers a robots.txt keeps off the whole site."""
    groups = _robots_groups(text)
    out = []
    for agent in AI_CRAWLERS:
        name = agent.lower()
        mine = [r for a, r in groups if any(x != "*" and x in name for x in a)]
        rules = [r for group in mine for r in group] or [
            r for a, group in groups if "*" in a for r in group
        ]
        disallow_all = any(k == "disallow" and v in ("/", "/*") for k, v in rules)
        allow_all = any(k == "allow" and v in ("/", "/*") for k, v in rules)
        if disallow_all and not allow_all:
            out.append(agent)
    return out


def check_robots(ctx: Context) -> tuple[str, str, str]:
    f = ctx.get("/robots.txt")
    if not f.ok or f.is_html():
        return "pass", f.where, "no robots.txt: nothing is blocked"
    blocked = blocked_agents(f.text)
    if blocked:
        return "fail", f.where, "blocks " + ", ".join(blocked)
    named = sum(1 for a in AI_CRAWLERS if a.lower() in f.text.lower())
    return "pass", f.where, f"AI crawlers allowed ({named} named)"


def check_sitemap(ctx: Context) -> tuple[str, str, str]:
    f = ctx.get("/sitemap.xml")
    if not f.ok:
        return "fail", f.where, "not found"
    try:
        root = ET.fromstring(f.body)  # noqa: S314 - the target's own file
    except ET.ParseError as e:
        return "fail", f.where, f"not valid XML ({e})"
    tag = root.tag.rsplit("}", 1)[-1]
    locs = [e.text or "" for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "loc"]
    if tag not in ("urlset", "sitemapindex") or not locs:
        return "fail", f.where, "no <urlset> or <sitemapindex> with <loc> entries"
    return "pass", f.where, f"{len(locs)} URLs"


def _jsonld_problem(f: Fetched) -> str:
    if not f.ok:
        return "not found"
    blocks = _LD.findall(f.text)
    if not blocks:
        return 'no <script type="application/ld+json">'
    for block in blocks:
        try:
            data = json.loads(block)
        except ValueError:
            return "JSON-LD that does not parse"
        if "schema.org" not in json.dumps(
            data.get("@context", "") if isinstance(data, dict) else ""
        ):
            return "JSON-LD without a schema.org @context"
    return ""


def check_jsonld(ctx: Context) -> tuple[str, str, str]:
    pages = ["/"] + [p for p in ctx.pages() if p != "/"]
    if ctx.target.online:
        pages = pages[:SAMPLE]
    home = ctx.get("/")
    problems = []
    for path in pages:
        problem = _jsonld_problem(ctx.get(path))
        if problem:
            problems.append(f"{path}: {problem}")
    if problems:
        return "fail", home.where, f"{len(problems)}/{len(pages)} pages: " + "; ".join(problems[:3])
    return "pass", home.where, f"valid JSON-LD on {len(pages)} pages"


def check_link_headers(ctx: Context) -> tuple[str, str, str]:
    pages = [p for p in ctx.pages() if p != "/"] or ["/"]
    if ctx.target.online:
        f = ctx.get(pages[0])
        link = f.headers.get("link", "")
        if 'rel="alternate"' in link and "text/markdown" in link and "llms.txt" in link:
            return "pass", f.where, f"Link: {link}"
        return "fail", f.where, f"Link header: {link or 'none'}"
    headers = ctx.get("/_headers")
    missing = []
    for path in pages:
        page = ctx.get(path)
        if not page.ok or not _ALT.search(page.text):
            missing.append(path)
    rules = headers.text if headers.ok else ""
    uncovered = [p for p in pages if f"\n{p}\n  Link: " not in rules]
    if missing or uncovered:
        what = [f"pages without <link rel=alternate>: {', '.join(missing[:3])}"] if missing else []
        what += [f"no Link rule in _headers for {', '.join(uncovered[:3])}"] if uncovered else []
        return "fail", headers.where, "; ".join(what)
    return "pass", headers.where, f"{len(pages)} pages link their twin and llms.txt"


def check_latency(ctx: Context) -> tuple[str, str, str] | None:
    if not ctx.target.online:
        return None
    f = ctx.target.get("/")
    if f.status == 0:
        return "fail", f.where, "no answer"
    status = "pass" if f.seconds < LATENCY else "fail"
    return (
        status,
        f.where,
        f"first byte after {f.seconds * 1000:.0f} ms (limit {LATENCY * 1000:.0f} ms)",
    )


CHECKS: tuple[Check, ...] = (
    Check("llms-txt-exists", "llms.txt exists", 5, check_llms_exists,
          "Build the brand (hubdocs build) and publish /llms.txt as text/plain."),
    Check("llms-txt-valid", "llms.txt parses", 3, check_llms_valid,
          "Keep llms.txt to the format: `# Title`, `> summary`, `## Section`, `- [Title](url): note` lines.",
          needs="llms-txt-exists"),
    Check("llms-txt-size", "llms.txt size", 2, check_llms_size,
          "Lower the llms.txt budget so the root file lists connectors instead of pages.",
          needs="llms-txt-exists"),
    Check("llms-txt-links-resolve", "llms.txt links resolve", 3, check_llms_links_resolve,
          "Rebuild and deploy the whole brand folder; fix pages the build reports as missing.",
          needs="llms-txt-exists"),
    Check("llms-txt-links-markdown", "llms.txt links are Markdown", 2, check_llms_links_markdown,
          "Link each page's .md twin in llms.txt (the build does; keep twins on).",
          needs="llms-txt-exists"),
    Check("llms-txt-structure", "llms.txt structure", 2, check_llms_structure,
          "Start with `# Site name`, then `> summary`, then `##` sections of links.",
          needs="llms-txt-exists"),
    Check("llms-txt-directive", "Pages point to llms.txt", 2, check_directive,
          "Keep the documentation-index blockquote at the top of every Markdown twin.",
          needs="llms-txt-exists"),
    Check("llms-full-exists", "llms-full.txt exists", 3, check_full_exists,
          "Publish /llms-full.txt (the build writes it) as text/plain."),
    Check("llms-full-size", "llms-full.txt size", 2, check_full_size,
          "Raise or lower the llms-full budget so the file holds 500 to 5,000,000 characters.",
          needs="llms-full-exists"),
    Check("llms-full-structure", "llms-full.txt structure", 2, check_full_structure,
          "Start llms-full.txt with `# Site name` and a heading per page.",
          needs="llms-full-exists"),
    Check("llms-full-links-resolve", "llms-full.txt links resolve", 1, check_full_links,
          "Fix the broken links the build reports; deploy every file of the brand.",
          needs="llms-full-exists"),
    Check("skill-md", "skill.md", 8, check_skill,
          "Publish skill.md and /.well-known/agent-skills/ (the agents step of the build writes them)."),
    Check("markdown-negotiation", "Markdown on Accept: text/markdown", 10,
          check_markdown_negotiation,
          "Answer page URLs asked for with Accept: text/markdown with the page's twin "
          "(hubdocs serve does; on Vercel deploy vercel.json; on Netlify or Cloudflare Pages "
          "add an edge function).",
          online_only=True),
    Check("plaintext-negotiation", "Text on Accept: text/plain", 5, check_plain_negotiation,
          "Answer page URLs asked for with Accept: text/plain with the twin as text/plain.",
          online_only=True),
    Check("mcp-discoverable", "MCP server discoverable", 12, check_mcp_discoverable,
          "Publish /.well-known/mcp.json and the server card, and run the MCP server at /mcp "
          "(hubdocs mcp --transport http, or hubdocs serve)."),
    Check("mcp-tool-count", "MCP server has tools", 8, check_mcp_tools,
          "Serve the brand's built folder with hubdocs mcp: it offers search and get_page.",
          needs="mcp-discoverable"),
    Check("openapi-spec", "OpenAPI spec", 12, check_openapi,
          "Publish the API's spec at /openapi.json (or .yaml) with an `openapi` version field."),
    Check("robots-ai", "robots.txt allows AI crawlers", 8, check_robots,
          "Remove the `Disallow: /` rules for the AI crawlers (or the brand's opt-out)."),
    Check("sitemap", "sitemap.xml", 5, check_sitemap,
          "Publish /sitemap.xml (the build writes it)."),
    Check("json-ld", "JSON-LD structured data", 4, check_jsonld,
          "Add the page's JSON-LD (<script type=\"application/ld+json\">) to every page head."),
    Check("link-headers", "Link headers", 3, check_link_headers,
          "Send `Link: <twin.md>; rel=\"alternate\"; type=\"text/markdown\"` and the llms.txt "
          "(rel=\"describedby\") with every page: deploy _headers or vercel.json."),
    Check("latency", "Response time", 3, check_latency,
          "Serve the docs from a CDN or a static host close to the agents.",
          online_only=True),
)  # fmt: skip


def run_checks(target: Target, only: tuple[str, ...] = ()) -> Report:
    """Every check (or those in `only`) against one target."""
    ctx = Context(target)
    sitemap = ctx.get("/sitemap.xml")
    first = re.search(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.text) if sitemap.ok else None
    ctx.site_base = first.group(1).rstrip("/") if first else ""
    results: dict[str, Result] = {}
    for check in CHECKS:
        if only and check.id not in only:
            continue
        results[check.id] = _run_one(check, ctx, results)
    counted = [r for r in results.values() if r.status != "n/a"]
    total = sum(r.weight for r in counted)
    earned = sum(r.weight for r in counted if r.status == "pass")
    score = round(100 * earned / total) if total else 0
    return Report(target.label(), _site_name(ctx), score, list(results.values()))


def _run_one(check: Check, ctx: Context, done: dict[str, Result]) -> Result:
    parent = done.get(check.needs) if check.needs else None
    if parent is not None and parent.status != "pass":
        return Result(check.id, check.title, check.weight, "skip", parent.where,
                      f"needs {check.needs}, which did not pass", check.fix)  # fmt: skip
    if check.online_only and not ctx.target.online:
        return Result(check.id, check.title, check.weight, "n/a", ctx.target.label(),
                      "needs a running server: give a URL")  # fmt: skip
    found = check.run(ctx)
    if found is None:
        return Result(check.id, check.title, check.weight, "n/a", ctx.target.label(),
                      "nothing to check here")  # fmt: skip
    status, where, detail = found
    return Result(check.id, check.title, check.weight, status, where, detail,
                  check.fix if status == "fail" else "")  # fmt: skip


def _site_name(ctx: Context) -> str:
    f = _llms(ctx)
    m = re.match(r"#\s+(.+)", f.text) if f.ok else None
    return m.group(1).strip() if m else ""


# -- output and the command --------------------------------------------------------------------


MARK = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP", "n/a": "N/A "}


def render_text(report: Report) -> str:
    lines = [f"{report.name or report.target} ({report.target}): {report.score}/100"]
    for r in report.results:
        lines.append(f"  {MARK[r.status]}  {r.id:<24} {r.detail}")
        if r.status in ("pass", "fail"):
            lines.append(f"        {'':<24} {r.where}")
        if r.fix and r.status == "fail":
            lines.append(f"        {'':<24} fix: {r.fix}")
    return "\n".join(lines)


def targets(args: argparse.Namespace) -> list[Target] | str:
    """The targets the arguments name, or a message saying why there are none."""
    if args.target and re.match(r"^https?://", args.target):
        return [UrlTarget(args.target)]
    if args.target:
        root = Path(args.target)
        return [FolderTarget(root)] if (root / "llms.txt").is_file() else f"{root}: no llms.txt"
    out = Path(args.out)
    if args.brand:
        root = out / args.brand
        if not (root / "llms.txt").is_file():
            return f"{root}: not built (hubdocs build --brand {args.brand})"
        return [FolderTarget(root)]
    roots = sorted(d for d in out.iterdir() if (d / "llms.txt").is_file()) if out.is_dir() else []
    return [FolderTarget(r) for r in roots] or f"{out}: no built brand (hubdocs build)"


def main(args: argparse.Namespace) -> int:
    found = targets(args)
    if isinstance(found, str):
        print(f"hubdocs score: {found}", file=sys.stderr)
        return 1
    reports = [run_checks(t) for t in found]
    low = args.min is not None and any(r.score < args.min for r in reports)
    if args.format == "json":
        data = {"min": args.min, "ok": not low, "reports": [r.as_json() for r in reports]}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print("\n\n".join(render_text(r) for r in reports))
        if low:
            print(f"\nbelow --min {args.min}", file=sys.stderr)
    return 1 if low else 0


run = main
"""`hubdocs score` (renderer/cli.py calls `run(args)`)."""
