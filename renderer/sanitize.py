"""Allowlist sanitising of author HTML (nh3) and the inline Markdown renderer for prose."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline.autolink import AUTOLINK_RE, EMAIL_RE
from markdown_it.rules_inline.state_inline import StateInline

from .tags import TagSyntaxError, scan_tag

INLINE_TAGS = {
    "a",
    "abbr",
    "b",
    "br",
    "code",
    "del",
    "em",
    "i",
    "img",
    "kbd",
    "mark",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "u",
}
BLOCK_TAGS = INLINE_TAGS | {
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
DROP_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "template",
    "noscript",
    "textarea",
    "title",
    "math",
    "svg",
    "select",
    "frame",
    "frameset",
    "noembed",
    "xmp",
    "applet",
}
ATTRIBUTES = {
    "a": {"href", "title", "target"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
    "code": {"class"},
}
_CLASS = re.compile(r"^[A-Za-z0-9_ -]{1,200}$")


def _attr_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "target":
        return "_blank" if value == "_blank" else None
    if attr == "class":
        return value if re.fullmatch(r"language-[A-Za-z0-9_+-]{1,40}", value) else None
    if tag == "img" and attr == "src" and value.strip().lower().startswith("data:"):
        return None
    return value


def _cleaner(tags: set[str]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=tags,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_attr_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_INLINE = _cleaner(INLINE_TAGS)
_BLOCK = _cleaner(BLOCK_TAGS)


def clean_inline(html: str) -> str:
    """Sanitise an inline fragment (prose inside a paragraph, title or list item)."""
    return _INLINE.clean(html)


def clean_block(html: str) -> str:
    """Sanitise a block fragment (raw HTML blocks, tables, quotes)."""
    return _BLOCK.clean(html)


def clean_class(value: str) -> str:
    """A `className` value, or empty when it holds anything but plain class names."""
    return value if _CLASS.match(value) else ""


@functools.cache
def markdown() -> MarkdownIt:
    """CommonMark with raw HTML and tables; output is always sanitised afterwards."""
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 32})
    md.enable("table")
    md.disable("code")
    return md


_NOT_PLAIN = re.compile(r"[\n\r\x00*_`\[\]!\\&~]")


def inline_html(text: str) -> str:
    """What `markdown().renderInline(text)` returns, without running the inline parser when the
    text is plain words and simple HTML tags (the common case in guides): every `<` opens a tag
    the parser would pass through, and no character can start emphasis, code, a link, an
    entity, an escape or a line break. Anything else goes through markdown-it."""
    if _NOT_PLAIN.search(text):
        return markdown().renderInline(text)
    out = []
    pos = 0
    while (at := text.find("<", pos)) >= 0:
        out.append(escapeHtml(text[pos:at]))
        nxt = text[at + 1 : at + 2].lower()
        end = text.find(">", at)
        if text[at + 1 : at + 3].lstrip("/")[:1].isupper():  # a component: markdown-it decides
            return markdown().renderInline(text)
        if not (nxt == "/" or "a" <= nxt <= "z") or end < 0 or "<" in text[at + 1 : end]:
            return markdown().renderInline(text)
        inner = text[at + 1 : end]
        tag = HTML_TAG_RE.match(text[at:])
        if tag is None or AUTOLINK_RE.search(inner) or EMAIL_RE.search(inner):
            return markdown().renderInline(text)
        out.append(tag.group(0))
        pos = at + len(tag.group(0))
    out.append(escapeHtml(text[pos:]))
    return "".join(out)


# -- inline components -------------------------------------------------------------------------
# A component tag in prose (`<Icon icon="check" />`, `<Tooltip tip="…">word</Tooltip>`) or an
# embed (`<iframe>`, `<video>`) becomes a placeholder (two private-use characters around an
# index) before nh3 runs; after it, each placeholder standing in text is replaced with the
# component's HTML, made by the caller's (trusted, autoescaping) renderer. Markers written by
# the author are replaced first, so the source cannot forge a placeholder.

_OPEN, _CLOSE = "\ue000", "\ue001"
_MARK = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_STARTS = re.compile(r"<(?:[A-Z]|iframe\b|video\b)")
_HTML_TAG = re.compile(r"<(?:[^>\"]|\"[^\"]*\")*>")
EMBED_TAGS = ("iframe", "video")
MAX_DEPTH = 8
"""Paired inline components nest at most this deep."""


@dataclass(frozen=True, slots=True)
class Part:
    """One component found in a fragment."""

    name: str
    attrs: dict[str, Any]
    """Attribute name -> value (a valueless attribute is True)."""
    inner: str | None
    """The HTML between its tags (unsanitised), None for a self-closing tag."""


Render = Callable[[str, dict[str, Any], str | None, int], str]
"""(name, attributes, sanitised inner HTML or None, index in the fragment) -> trusted HTML."""


def has_component(text: str) -> bool:
    """Does the text contain a tag the inline-component path must handle?"""
    return "<" in text and _STARTS.search(text) is not None


def _unforge(text: str) -> str:
    return text.replace(_OPEN, "\ufffd").replace(_CLOSE, "\ufffd")


def read_component(
    src: str, pos: int, names: frozenset[str], paired: frozenset[str]
) -> tuple[str, dict[str, Any], str | None, int] | None:
    """The component whose tag starts at `src[pos]`: (name, attributes, inner source or None,
    end offset); None when it is not one of `names` (or `iframe`/`video`) or is malformed."""
    try:
        tag = scan_tag(src, pos)
    except TagSyntaxError:
        return None
    if tag is None or tag.closing:
        return None
    name = tag.name
    if name not in names and name.lower() not in EMBED_TAGS:
        return None
    attrs = {a.name: True if a.value is None else a.value for a in tag.attrs}
    if tag.self_closing or (name not in paired and name.lower() not in EMBED_TAGS):
        close = src.find(f"</{name}>", tag.end) if not tag.self_closing else -1
        if close >= 0 and not src[tag.end : close].strip():  # `<Icon icon="x"></Icon>`
            return name, attrs, None, close + len(name) + 3
        return name, attrs, None, tag.end
    depth, i = 1, tag.end
    pattern = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])[^>]*>", re.I if name.islower() else 0)
    while (hit := pattern.search(src, i)) is not None:
        if hit.group(1):
            depth -= 1
            if depth == 0:
                inner = src[tag.end : hit.start()]
                if name.lower() == "video":
                    attrs["sources"] = _sources(inner)
                    inner = ""
                return name, attrs, inner if name in paired else None, hit.end()
        elif not hit.group(0).endswith("/>"):
            depth += 1
        i = hit.end()
    return None


def _sources(inner: str) -> tuple[tuple[str, str], ...]:
    out = []
    for hit in re.finditer(r"<source\b", inner, re.I):
        try:
            tag = scan_tag(inner, hit.start())
        except TagSyntaxError:
            continue
        if tag is not None and tag.get("src"):
            out.append((tag.get("src") or "", tag.get("type") or ""))
    return tuple(out)


def broken(src: str, pos: int, names: frozenset[str]) -> bool:
    """Is the tag at `pos` one of `names` that does not scan (`icon={expr}`, unterminated)?
    Such text stays visible, escaped, for the parser to report, instead of being stripped."""
    found = re.match(r"<([A-Z][\w.]*)", src[pos : pos + 80])
    if found is None or found.group(1) not in names:
        return False
    try:
        scan_tag(src, pos)
    except TagSyntaxError:
        return True
    return False


def _rule(names: frozenset[str], paired: frozenset[str]) -> Callable[[StateInline, bool], bool]:
    def rule(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] != "<" or not _STARTS.match(state.src, state.pos):
            return False
        found = read_component(state.src, state.pos, names, paired)
        if found is None:
            if not broken(state.src, state.pos, names):
                return False
            if not silent:
                state.push("text", "", 0).content = "<"
            state.pos += 1
            return True
        name, attrs, inner, end = found
        if inner is not None and state.env.get("hd_depth", 0) >= MAX_DEPTH:
            return False  # absurd nesting: raw inline HTML (stripped by nh3), not recursion
        if not silent:
            parts = state.env.setdefault("hd_parts", [])
            html = None
            if inner is not None:
                state.env["hd_depth"] = state.env.get("hd_depth", 0) + 1
                html = state.md.renderInline(inner, state.env)
                state.env["hd_depth"] -= 1
            state.push("hd_component", "", 0).content = str(len(parts))
            parts.append(Part(name, attrs, html))
        state.pos = end
        return True

    return rule


@functools.lru_cache(maxsize=8)
def markdown_components(names: frozenset[str], paired: frozenset[str]) -> MarkdownIt:
    """`markdown()` plus a rule (before raw inline HTML; code spans stay text) that turns the
    components `names` and embeds into placeholders."""
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 32})
    md.enable("table")
    md.disable("code")
    md.inline.ruler.before("html_inline", "hd_component", _rule(names, paired))
    md.add_render_rule(
        "hd_component", lambda _s, tokens, idx, _o, _e: _OPEN + tokens[idx].content + _CLOSE
    )
    return md


def _fill(html: str, parts: list[Part], render: Render, clean: Callable[[str], str]) -> str:
    """Replace placeholders that stand in text with the components' HTML (any other is dropped)."""
    used: set[int] = set()

    def one(hit: re.Match[str]) -> str:
        i = int(hit.group(1))
        if i >= len(parts) or i in used:
            return ""
        used.add(i)
        p = parts[i]
        inner = None if p.inner is None else fill(clean(p.inner))
        return render(p.name, p.attrs, inner, i)

    def fill(fragment: str) -> str:
        out, pos = [], 0
        for tag in _HTML_TAG.finditer(fragment):
            out.append(_MARK.sub(one, fragment[pos : tag.start()]))
            out.append(_MARK.sub("", tag.group(0)))
            pos = tag.end()
        out.append(_MARK.sub(one, fragment[pos:]))
        return "".join(out)

    return fill(html)


def inline_components(
    text: str,
    render: Render,
    names: frozenset[str],
    paired: frozenset[str],
    env: dict | None = None,
) -> str:
    """Inline Markdown with components -> sanitised HTML."""
    env = dict(env or {})
    html = markdown_components(names, paired).renderInline(_unforge(text), env)
    return _fill(clean_inline(html), env.get("hd_parts", []), render, clean_inline)


def block_components(
    source: str,
    render: Render,
    names: frozenset[str],
    paired: frozenset[str],
    env: dict | None = None,
) -> str:
    """Markdown blocks (tables, quotes) with components in their text -> sanitised HTML."""
    env = dict(env or {})
    html = markdown_components(names, paired).render(_unforge(source), env)
    return _fill(clean_block(html), env.get("hd_parts", []), render, clean_inline)


def clean_block_components(
    html: str, render: Render, names: frozenset[str], paired: frozenset[str]
) -> str:
    """A raw HTML block with components (`<td><Icon icon="check" /></td>`) -> sanitised HTML."""
    parts: list[Part] = []
    marked = _protect(_unforge(html), parts, names, paired)
    return _fill(clean_block(marked), parts, render, clean_inline)


def _protect(
    html: str, parts: list[Part], names: frozenset[str], paired: frozenset[str], depth: int = 0
) -> str:
    """Components in raw HTML -> placeholders (their inner HTML too, recursively)."""
    if depth > MAX_DEPTH:
        return html
    out, pos = [], 0
    for hit in _STARTS.finditer(html):
        if hit.start() < pos:
            continue
        found = read_component(html, hit.start(), names, paired)
        if found is None:
            if broken(html, hit.start(), names):
                out.append(html[pos : hit.start()] + "&lt;")
                pos = hit.start() + 1
            continue
        name, attrs, inner, end = found
        out.append(html[pos : hit.start()])
        inner = None if inner is None else _protect(inner, parts, names, paired, depth + 1)
        out.append(f"{_OPEN}{len(parts)}{_CLOSE}")
        parts.append(Part(name, attrs, inner))
        pos = end
    out.append(html[pos:])
    return "".join(out)
