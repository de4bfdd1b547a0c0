"""A parsed page of a Mintlify site -> the page as that site serves it: its URL (`x/index` is
`/x`), nav order, `hidden`/`noindex`, an OpenAPI placeholder, and the local files it shows or
links (checked to exist; the build copies them)."""

from __future__ import annotations

import dataclasses
import functools
import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from renderer.config.schema import Config
from renderer.config.site_nav import SiteNav
from renderer.core import model as m
from renderer.core.errors import Problem, SourcePos
from renderer.parse.discover import Ignore
from renderer.parse.link_scan import without_code
from renderer.vary.variant import internal_path, split_href

STATIC_SUFFIXES = frozenset(
    [
        "pdf",
        "zip",
        "gz",
        "tgz",
        "tar",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "avif",
        "ico",
        "bmp",
        "mp4",
        "webm",
        "mov",
        "mp3",
        "wav",
        "ogg",
        "txt",
        "csv",
        "json",
        "yaml",
        "yml",
        "xml",
        "docx",
        "xlsx",
        "pptx",
        "epub",
        "ttf",
        "woff",
        "woff2",
    ]
)
"""Linked files (not pages) that are copied to the output."""

_ATTR = re.compile(
    r"""\b(src|poster|href|img|image)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["']([^"'{}]*)["']\s*\})"""
)
_MD_LINK = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_TEXT_FIELDS = ("text", "html", "source", "title")
_FILE_ATTRS = frozenset({"src", "poster", "img", "image", "href"})


@dataclass(frozen=True, slots=True)
class Adapted:
    """A page of a Mintlify site and what was found wrong with it."""

    page: m.Guide
    problems: tuple[Problem, ...]


_NAVIGABLE: list[tuple[SiteNav, dict[str, int]]] = []
"""The last config's navigable pages (by identity: hashing a big SiteNav per page is slow)."""


def _navigable(nav: SiteNav) -> dict[str, int]:
    if not _NAVIGABLE or _NAVIGABLE[0][0] is not nav:
        _NAVIGABLE[:] = [(nav, nav.navigable())]
    return _NAVIGABLE[0][1]


def adapt_page(cfg: Config, g: m.Guide, rel: str) -> Adapted:
    """The page as a Mintlify site serves it (unchanged for an mkdocs.yml site)."""
    nav = cfg.nav
    if nav is None:
        return Adapted(g, ())
    # a Mintlify site's navigation and OpenAPI readers (an mkdocs.yml site never loads them)
    from renderer.mintlify.api_pages import with_api
    from renderer.mintlify.navigation import page_url

    problems: list[Problem] = []
    url = page_url(re.sub(r"\.mdx?$", "", rel)) if g.kind == "page" else g.url
    fm = g.front_matter
    order = _navigable(nav).get(url)
    robots = fm.get("robots")  # a page's own robots meta tag asking for noindex: the same
    asks = isinstance(robots, str) and "noindex" in robots.lower().replace(" ", "").split(",")
    hidden, noindex = fm.get("hidden") is True, fm.get("noindex") is True or asks
    out_of_nav = hidden or order is None
    unlisted = g.unlisted or noindex or (out_of_nav and nav.indexing != "all")
    # `groups:` (pages for signed-in users) is refused by the parser for every site
    g, api_problems = with_api(cfg, g, rel)  # `openapi:` / `openapi-schema:` pages
    problems += api_problems
    refs = page_refs(g)
    files, missing = local_files(cfg.guides_dir, nav.ignore, g, url, refs)
    problems += missing
    extras = dataclasses.replace(g.extras, files=files, links=page_links(g, url, refs))
    return Adapted(
        dataclasses.replace(
            g,
            url=url,
            order=g.order if g.order is not None else order,
            unlisted=unlisted,
            extras=extras,
        ),
        tuple(problems),
    )


def varied_files(cfg: Config, g: m.Guide) -> m.Guide:
    """A brand's variant of a page with its list of local files redone, when the variant cut
    blocks (a white label must not receive the images of blocks it does not show)."""
    if cfg.nav is None or not g.cuts or not g.extras.files:
        return g
    url = g.url
    keep = set(local_files(cfg.guides_dir, cfg.nav.ignore, g, url)[0])
    files = tuple(f for f in g.extras.files if f in keep)
    if files == g.extras.files:
        return g
    return dataclasses.replace(g, extras=dataclasses.replace(g.extras, files=files))


def _front_matter_line(path: Path, key: str) -> tuple[int, str]:
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return 1, ""
    for n, line in enumerate(lines[1:40], 2):
        if re.match(rf"{re.escape(key)}\s*:", line):
            return n, line
    return 1, lines[0] if lines else ""


_CHILDREN: dict[type, tuple[str, ...]] = {}
"""Model class -> the fields that may hold nodes."""


def _nodes(blocks: tuple[object, ...], out: list[object]) -> list[object]:
    """Every node below `blocks`, whatever its class (the parser may add new ones)."""
    for b in blocks:
        cls = type(b)
        names = _CHILDREN.get(cls)
        if names is None:
            if not dataclasses.is_dataclass(b) or cls is m.Span:
                continue
            names = tuple(f.name for f in dataclasses.fields(b) if f.name != "span")
            _CHILDREN[cls] = names
        out.append(b)
        for name in names:
            value = getattr(b, name)
            if isinstance(value, tuple) and value:
                _nodes(value, out)
            elif dataclasses.is_dataclass(value):
                _nodes((value,), out)
    return out


Ref = tuple[object, str, bool]
"""(the node, the URL as written, is it shown: an image or video rather than a link)."""


def page_refs(g: m.Guide) -> list[Ref]:
    """Every reference to a URL in a page's blocks (code is not looked into)."""
    return [(node, ref, shown) for node in _nodes(g.blocks, []) for ref, shown in _refs(node)]


def _refs(node: object) -> list[tuple[str, bool]]:
    """(URL, is it shown: an image or video rather than a link) for each reference in a node."""
    out: list[tuple[str, bool]] = []
    for name in _TEXT_FIELDS:
        text = getattr(node, name, None)
        if not isinstance(text, str):
            continue
        text = without_code(text)
        for mt in _ATTR.finditer(text):
            value = next(v for v in mt.groups()[1:] if v is not None)
            out.append((value, mt.group(1) != "href"))
        for mt in _MD_LINK.finditer(text):
            out.append((mt.group(2), mt.group(1) == "!"))
    for key, value in getattr(node, "attrs", ()) or ():
        if key in _FILE_ATTRS and isinstance(value, str):
            out.append((value, key != "href"))
        elif key == "icon" and isinstance(value, str) and ("/" in value or "." in value):
            out.append((value, True))  # an icon given as an image, not an icon name
    return out


def local_files(
    root: Path, patterns: tuple[str, ...], g: m.Guide, url: str, refs: list[Ref] | None = None
) -> tuple[tuple[str, ...], list[Problem]]:
    """The local files page `g` (served at `url`) shows or links, as paths below `root`, and a
    located error for each that does not exist or may not be published."""
    found: set[str] = set()
    problems: list[Problem] = []
    lines = g.body.split("\n")
    ignore = Ignore(frozenset(), frozenset(), frozenset(), patterns)
    for node, ref, shown in page_refs(g) if refs is None else refs:
        target = ref.split("#")[0].split("?")[0].strip()
        if not target or _SCHEME.match(target) or target.startswith("//") or "{" in target:
            continue
        suffix = target.rpartition(".")[2].lower() if "." in target.rpartition("/")[2] else ""
        if not shown and suffix not in STATIC_SUFFIXES:
            continue  # a link to a page: the link checker's business
        base = url.rpartition("/")[0]
        rel = posixpath.normpath(
            unquote(target) if target.startswith("/") else f"{base}/{unquote(target)}"
        ).lstrip("/")
        what = "image" if shown else "linked file"
        parts = rel.split("/")
        bad = rel.startswith("..") or any(p.startswith(".") for p in parts)
        if not bad:
            bad = any(
                ignore.skips("/".join(parts[: i + 1]), i < len(parts) - 1)
                for i in range(len(parts))
            )
        if bad:
            message = f"{what} {ref} is outside the published files"
            hint = "dot folders and .mintignore'd files are never published"
            problems.append(_locate(g, node, lines, ref, message, hint))
        elif not (root / rel).resolve().is_relative_to(root.resolve()):
            message = f"{what} {ref} is a link to a file outside the repository"
            problems.append(_locate(g, node, lines, ref, message, "copy the file instead"))
        elif not (root / rel).is_file():  # a warning (an error under --strict): it is shown broken
            hint = f"no file {rel} in the repository: add it or fix the path"
            missing = _locate(g, node, lines, ref, f"{what} {ref} not found", hint)
            problems.append(dataclasses.replace(missing, level="warning", code="missing-file"))
        else:
            found.add(rel)
            if suffix == "svg" and (why := svg_script(root / rel)):
                message = f"{what} {ref} holds {why}"
                hint = (
                    "an image needs no script: remove it (browsers run it when the file is "
                    "opened on its own from a host that does not send the site's CSP; hubdocs "
                    "serve and the _headers file it writes do)"
                )
                warn = _locate(g, node, lines, ref, message, hint)
                problems.append(dataclasses.replace(warn, level="warning", code="svg-script"))
    return tuple(sorted(found)), problems


_SVG_SCRIPT = re.compile(
    r"<script\b|<foreignObject\b|\son[a-z]+\s*=|javascript\s*:|<(?:iframe|embed|object)\b", re.I
)


def svg_script(path: Path) -> str:
    """What in an SVG file could run a script (`<script>`, an `on…=` handler, a `javascript:`
    URL, embedded HTML), or "" for none. Entities are read; files over 8 MiB are not."""
    try:
        st = path.stat()
    except OSError:
        return ""
    return "" if st.st_size > 8 << 20 else _svg_script(str(path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=1024)
def _svg_script(path: str, _mtime: int, _size: int) -> str:
    """`svg_script` of one version of a file (an image many pages show is read once)."""
    try:
        text = html.unescape(Path(path).read_bytes().decode("utf-8", errors="replace"))
    except OSError:
        return ""
    mt = _SVG_SCRIPT.search(text)
    return f"`{mt.group(0).strip()}`" if mt else ""


def page_links(g: m.Guide, url: str, refs: list[Ref]) -> tuple[tuple[str, int, int], ...]:
    """(site path, line, col) of each link of a page to a page of this site, so that a build
    that left pages out (`--keep-going`) can say which links now lead nowhere."""
    out: list[tuple[str, int, int]] = []
    lines = g.body.split("\n")
    for node, ref, shown in refs:
        target = internal_path(ref, url)
        if shown or target is None or target.startswith(("#", "?")):
            continue
        path = split_href(target)[0]
        if path.rpartition(".")[2].lower() in STATIC_SUFFIXES:
            continue
        problem = _locate(g, node, lines, ref, "", "")
        out.append((path, problem.pos.line, problem.pos.col))
    return tuple(dict.fromkeys(out))


def _locate(
    g: m.Guide, node: object, lines: list[str], ref: str, message: str, hint: str
) -> Problem:
    span = getattr(node, "span", None)
    first = (span.line - g.body_line) if span else 0
    last = (span.end_line - g.body_line) if span else len(lines)
    for i in range(max(first, 0), min(max(last, first + 1), len(lines))):
        col = lines[i].find(ref)
        if col >= 0:
            return Problem(
                SourcePos(g.path, g.body_line + i, col + 1),
                message,
                hint,
                lines[i],
            )
    return Problem(SourcePos(g.path, span.line if span else 1, 1), message, hint)
