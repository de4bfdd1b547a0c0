"""One brand's built output, read back for agents: the site's name and URL (from llms.txt and
sitemap.xml), and every page that has a Markdown twin, split into sections with the anchors the
HTML page uses. Reads only the brand's folder: whatever this returns a reader can already fetch.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from renderer.core.text import plain_text, slugify

SKIP_DIRS = frozenset(("assets", "pagefind"))
"""Folders of a built brand that hold no pages."""
AGENT_FILES = frozenset(("skill.md",))
"""Markdown files at the root that are not page twins."""
DIRECTIVES = ("documentation index", "agent instructions")
"""Blockquote headings that address agents on every page: not page content, never indexed."""
MAX_REF = 2048

_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_MD_HEADING = re.compile(r"^(#{2,6})\s+(.+?)\s*#*\s*$")
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_STEP = re.compile(r"<Step\b[^>]*?\btitle=(?:\"([^\"]*)\"|'([^']*)')[^>]*>", re.DOTALL)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_TAG = re.compile(r"<(/?)([A-Za-z][\w.-]*)?[^<>]*>")
_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
    ]
)
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}.*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)]|>)\s+")
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
_LLMS_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


@dataclass(frozen=True, slots=True)
class Section:
    """A stretch of a page under one heading (the lead text before the first heading has none)."""

    heading: str
    anchor: str
    """The HTML page's id for the heading ("" = the top of the page)."""
    text: str
    """What a reader reads there, as plain text."""
    is_step: bool = False


@dataclass(frozen=True, slots=True)
class Page:
    """A page with a Markdown twin."""

    path: str
    """URL path: "/", "/connectors/leapsome"."""
    twin: str
    """The twin's file below the brand folder: "index.md", "connectors/leapsome.md"."""
    title: str
    description: str
    kind: str
    """"home", "guide" or "page" (from the HTML page's body class)."""
    crumbs: tuple[tuple[str, str], ...]
    """The breadcrumb trail the page shows: (name, URL path; "" for the current one)."""
    sections: tuple[Section, ...]

    @property
    def steps(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.is_step)

    @property
    def twin_path(self) -> str:
        return "/" + self.twin


@dataclass(frozen=True, slots=True)
class BuiltSite:
    """What agents are told about one built brand."""

    root: Path
    name: str
    """The site's name: the llms.txt title."""
    summary: str
    """The llms.txt blockquote."""
    base_url: str
    """Where the site is published, no trailing slash ("" when the output does not say)."""
    sections: tuple[tuple[str, int], ...]
    """The llms.txt sections: (heading, number of links)."""
    pages: tuple[Page, ...]
    files: Mapping[str, bytes] | None = None
    """The llms files in memory (a build that has not written them yet); None: read `root`."""

    def has(self, rel: str) -> bool:
        """Is there a file at `rel` below the brand folder?"""
        return rel in self.files if self.files is not None else (self.root / rel).is_file()

    def read(self, rel: str) -> bytes | None:
        """The file at `rel` below the brand folder, or None."""
        if self.files is not None:
            return self.files.get(rel)
        try:
            return (self.root / rel).read_bytes()
        except OSError:
            return None

    def url(self, path: str) -> str:
        """An absolute URL for a site path (the path itself when the base URL is unknown)."""
        return self.base_url + path if self.base_url else path

    def page(self, path: str) -> Page | None:
        for p in self.pages:
            if p.path == path:
                return p
        return None


class NotBuilt(Exception):
    """The folder holds no built brand."""


class Refused(Exception):
    """A page reference that does not name a page of this site (or tries to leave it)."""


def load_site(root: Path) -> BuiltSite:
    """Read a built brand folder (`site/<brand>`); raises NotBuilt without an llms.txt."""
    llms = root / "llms.txt"
    try:
        text = llms.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as e:
        raise NotBuilt(f"{root}: no llms.txt (is the brand built?)") from e
    name, summary, sections = llms_head(text)
    base = _base_url(root, text)
    pages = tuple(_read_page(root, rel) for rel in twin_files(root))
    return BuiltSite(root, name, summary, base, sections, pages)


def twin_files(root: Path) -> list[str]:
    """Every page twin below `root`, sorted: `.md` files with an HTML page beside them."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and (rel_dir or d not in SKIP_DIRS)
        )
        for f in filenames:
            if not f.endswith(".md") or f.startswith(".") or (not rel_dir and f in AGENT_FILES):
                continue
            if os.path.isfile(os.path.join(dirpath, f[:-3] + ".html")):
                out.append(rel_dir + f)
    return sorted(out)


def page_path(twin: str) -> str:
    """A twin's file -> its page's URL path: connectors/leapsome.md -> /connectors/leapsome,
    index.md -> /, guides/index.md -> /guides/."""
    stem = twin[: -len(".md")]
    if stem == "index":
        return "/"
    if stem.endswith("/index"):
        return "/" + stem[: -len("index")]
    return "/" + stem


def llms_head(text: str) -> tuple[str, str, tuple[tuple[str, int], ...]]:
    name = summary = ""
    sections: list[tuple[str, int]] = []
    for line in text.splitlines():
        if not name and line.startswith("# "):
            name = line[2:].strip()
        elif name and not summary and not sections and line.startswith(">"):
            summary = line.lstrip("> ").strip()
        elif line.startswith("## "):
            sections.append((line[3:].strip(), 0))
        elif sections and line.lstrip().startswith("- ["):
            title, n = sections[-1]
            sections[-1] = (title, n + 1)
    return name, summary, tuple(sections)


def _base_url(root: Path, llms: str) -> str:
    """The site's URL: the sitemap's first entry is the home page; else llms.txt's links."""
    try:
        loc = _LOC.search((root / "sitemap.xml").read_text(encoding="utf-8"))
    except (OSError, UnicodeError):
        loc = None
    if loc is not None:
        return html.unescape(loc.group(1)).rstrip("/")
    link = _LLMS_LINK.search(llms)
    if link is None:
        return ""
    parts = urlsplit(link.group(1))
    return f"{parts.scheme}://{parts.netloc}"


def _read_page(root: Path, twin: str) -> Page:
    md = (root / twin).read_text(encoding="utf-8", errors="replace")
    page_html = (root / (twin[: -len(".md")] + ".html")).read_text(
        encoding="utf-8", errors="replace"
    )
    head = _HtmlFacts()
    head.feed(page_html)
    head.close()
    title, description, raw_sections = parse_twin(md)
    anchors = _Anchors(head.headings)
    sections = tuple(
        Section(heading, anchors.take(heading, is_step), text, is_step)
        for heading, text, is_step in raw_sections
    )
    path = page_path(twin)
    kind = "home" if path == "/" else ("guide" if head.kind == "guide" else "page")
    return Page(path, twin, title or head.title, description, kind, tuple(head.crumbs), sections)


def parse_twin(md: str) -> tuple[str, str, list[tuple[str, str, bool]]]:
    """A Markdown twin -> (title, description, [(heading, plain text, is_step)]).

    The blockquotes that address agents (the documentation index pointer, agent instructions)
    are left out; headings are Markdown `##`, HTML `<h2>` and `<Step title>` alike."""
    lines = md.splitlines()
    i = 0
    title = description = ""
    while i < len(lines) and not _H1.match(lines[i]):
        i += 1
    if i == len(lines):
        i = 0  # no title: the whole file is body
    else:
        title = plain_text(_H1.match(lines[i]).group(1))  # type: ignore[union-attr]
        i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        quote = []
        while i < len(lines) and lines[i].startswith(">"):
            quote.append(lines[i].lstrip(">").strip())
            i += 1
        if quote and quote[0].lstrip("# ").lower() not in DIRECTIVES:
            description = " ".join(q for q in quote if q)
        elif quote:
            i -= len(quote)
    return title, description, _sections(lines[i:])


def _sections(lines: list[str]) -> list[tuple[str, str, bool]]:
    out: list[tuple[str, str, bool]] = []
    heading, is_step, buf = "", False, []
    fence = ""
    skipping_quote = False
    for line in lines:
        if fence:
            buf.append(line)
            if line.strip().startswith(fence):
                fence = ""
            continue
        m = _FENCE.match(line)
        if m:
            fence = m.group(1)
            continue
        if skipping_quote or _directive_quote(line):
            skipping_quote = line.startswith(">")
            continue
        found = _heading(line)
        if found is None:
            buf.append(line)
            continue
        before, new_heading, new_step, after = found
        buf.append(before)
        out.append((heading, _plain(buf), is_step))
        heading, is_step, buf = new_heading, new_step, [after]
    out.append((heading, _plain(buf), is_step))
    return [s for s in out if s[0] or s[1]]


def _directive_quote(line: str) -> bool:
    if not line.startswith(">"):
        return False
    return line.lstrip("> ").lstrip("#").strip().lower() in DIRECTIVES


def _heading(line: str) -> tuple[str, str, bool, str] | None:
    """A heading on this line: (text before, heading, is a step, text after), or None."""
    m = _MD_HEADING.match(line)
    if m:
        return "", plain_text(m.group(2)), False, ""
    h = _HTML_HEADING.search(line)
    if h:
        return line[: h.start()], _plain([h.group(2)]), False, line[h.end() :]
    s = _STEP.search(line)
    if s:
        raw = s.group(1) if s.group(1) is not None else s.group(2)
        return line[: s.start()], _plain([raw]), True, line[s.end() :]
    return None


def _plain(lines: list[str]) -> str:
    """Markdown and HTML lines -> the words a reader sees."""
    kept = []
    for line in lines:
        if _TABLE_RULE.match(line) and set(line.strip()) <= set("|:- "):
            continue
        kept.append(_LIST_MARK.sub("", line))
    text = "\n".join(kept)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub(lambda m: "" if (m.group(2) or "").lower() in _INLINE else " ", text)
    text = text.replace("**", "").replace("__", "").replace("`", "").replace("|", " ")
    text = text.replace("\\_", "_").replace("\\*", "*")
    return " ".join(html.unescape(text).split())


class _Anchors:
    """Heading text -> the ids the HTML page gives it, first come first served."""

    def __init__(self, headings: list[tuple[str, str]]):
        self.free: dict[str, list[str]] = {}
        for text, anchor in headings:
            self.free.setdefault(_key(text), []).append(anchor)
        self.used: set[str] = set()

    def take(self, heading: str, is_step: bool) -> str:
        if not heading:
            return ""
        ids = self.free.get(_key(heading))
        if ids:
            return ids.pop(0)
        return ("step-" if is_step else "") + slugify(heading)


def _key(text: str) -> str:
    return " ".join(text.lower().split())


class _HtmlFacts(HTMLParser):
    """From a built page: the headings with ids inside <main>, the breadcrumbs, the page kind."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str]] = []
        self.crumbs: list[tuple[str, str]] = []
        self.kind = ""
        self.title = ""
        self._main = 0
        self._heading: tuple[str, list[str]] | None = None
        self._crumbs = False
        self._crumb: tuple[str, list[str]] | None = None
        self._h1: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "body":
            for cls in a.get("class", "").split():
                if cls.startswith("hd-kind-"):
                    self.kind = cls[len("hd-kind-") :]
        elif tag == "main":
            self._main += 1
        elif tag == "nav" and "hd-crumbs" in a.get("class", "").split():
            self._crumbs = True
        elif self._crumbs and tag in ("a", "span"):
            self._crumb = (a.get("href", "") if tag == "a" else "", [])
        elif self._main and tag == "h1":
            self._h1 = []
        elif self._main and re.fullmatch(r"h[2-6]", tag) and a.get("id"):
            self._heading = (a["id"], [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._main = max(0, self._main - 1)
        elif tag == "nav":
            self._crumbs = False
        elif self._crumb is not None and tag in ("a", "span"):
            href, words = self._crumb
            self.crumbs.append((" ".join("".join(words).split()), href))
            self._crumb = None
        elif tag == "h1" and self._h1 is not None:
            self.title = self.title or " ".join("".join(self._h1).split())
            self._h1 = None
        elif self._heading is not None and re.fullmatch(r"h[2-6]", tag):
            anchor, words = self._heading
            self.headings.append((" ".join("".join(words).split()), anchor))
            self._heading = None

    def handle_data(self, data: str) -> None:
        for sink in (self._heading, self._crumb):
            if sink is not None:
                sink[1].append(data)
        if self._h1 is not None:
            self._h1.append(data)


def resolve_twin(root: Path, ref: str, base_url: str = "") -> Path:
    """A page reference (absolute URL of this site, URL path, twin path or file path below the
    brand) -> its Markdown twin, a file inside `root`. Raises Refused for anything else: other
    hosts, `..`, dot-files, encoded tricks, symlinks that lead out, files that are not twins."""
    path = _ref_path(ref, base_url)
    parts = path.split("/")
    if any(p in ("..", ".") or p.startswith(".") for p in parts[1:]):
        raise Refused(f"{ref!r} is not a page of this site")
    base = os.path.realpath(root)
    for rel in _twin_rels(path):
        full = os.path.realpath(os.path.join(base, rel))
        if os.path.commonpath([base, full]) != base or not full.endswith(".md"):
            raise Refused(f"{ref!r} is not a page of this site")
        if os.path.isfile(full) and os.path.isfile(full[: -len(".md")] + ".html"):
            return Path(full)
    raise Refused(f"no page at {ref!r}")


def _ref_path(ref: str, base_url: str) -> str:
    ref = ref.strip()
    if not ref or len(ref) > MAX_REF or any(c in ref for c in "\0\\\r\n\t"):
        raise Refused("give a page URL or path, such as /guides/getting-started")
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", ref):
        parts = urlsplit(ref)
        base = urlsplit(base_url) if base_url else None
        same = (
            base is not None
            and parts.scheme in ("http", "https")
            and parts.netloc.lower() == base.netloc.lower()
        )
        prefix = base.path.rstrip("/") if base is not None else ""
        if not same or not (parts.path == prefix or parts.path.startswith(prefix + "/")):
            raise Refused(f"{ref!r} is not a page of this site")
        path = parts.path[len(prefix) :] or "/"
    else:
        path = ref.split("#", 1)[0].split("?", 1)[0]
    try:
        path = unquote(path, errors="strict")
    except UnicodeDecodeError as e:
        raise Refused(f"{ref!r} is not a page of this site") from e
    if any(c in path for c in "\0\\%"):
        raise Refused(f"{ref!r} is not a page of this site")
    return "/" + path.lstrip("/")


def _twin_rels(path: str) -> list[str]:
    """The twin files a URL path may name: "/" -> index.md; "/a/b", "/a/b.html", "/a/b.md"
    -> a/b.md; "/a/b/" -> a/b.md or a folder's index page a/b/index.md."""
    clean = path.strip("/")
    if clean in ("", "index", "index.html", "index.md"):
        return ["index.md"]
    for ext in (".html", ".md"):
        if clean.endswith(ext):
            return [clean[: -len(ext)] + ".md"]
    return [clean + ".md", clean + "/index.md"] if path.endswith("/") else [clean + ".md"]
