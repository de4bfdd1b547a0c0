"""Allowlist sanitising of author HTML (nh3) and the inline Markdown renderer for prose."""

from __future__ import annotations

import functools
import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline.autolink import AUTOLINK_RE, EMAIL_RE

from renderer.core.text import STRIKE_OPTIONS
from renderer.parse.css_style import canonical
from renderer.render.style_classes import keep_classes, styled

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
    "label",
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
    "*": {"class", "style", "lang", "title"},  # ammonia's generic lang/title, plus ours
    "a": {"href", "title", "target"},
    "img": {"src", "alt", "title", "width", "height", "nozoom"},  # nozoom: render/images.py
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
        if tag == "code" and re.fullmatch(r"language-[A-Za-z0-9_+-]{1,40}", value):
            return value
        return keep_classes(value) or None
    if attr == "style":  # canonical only (the parse stage wrote it); `styled` makes it a class
        return canonical(value) or None
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
    """Sanitise an inline fragment (prose inside a paragraph, title or list item); styles
    become classes (no inline style runs under the CSP)."""
    return styled(_INLINE.clean(html))


def clean_block(html: str) -> str:
    """Sanitise a block fragment (raw HTML blocks, tables, quotes)."""
    return styled(_BLOCK.clean(html))


def clean_class(value: str) -> str:
    """A `className` value, or empty when it holds anything but plain class names."""
    return value if _CLASS.match(value) else ""


@functools.cache
def markdown() -> MarkdownIt:
    """CommonMark with raw HTML and tables; output is always sanitised afterwards."""
    return prose_markdown()


def prose_markdown() -> MarkdownIt:
    """A new CommonMark parser as prose is rendered: raw HTML, tables, GFM strikethrough (`~x~`
    and `~~x~~`, as remark-gfm reads them), no indented code, and a Markdown link inside a raw
    `<a>` read as that link's text."""
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 32, **STRIKE_OPTIONS})
    md.enable(["table", "strikethrough"])
    md.disable("code")
    md.core.ruler.push("hd_one_link", _one_link)
    return md


_A_OPEN = re.compile(r"<a(?=[\s>/])", re.I)
_A_CLOSE = re.compile(r"</a\s*>", re.I)


def _one_link(state: StateCore) -> None:
    """`<a href="u">[text](u)</a>` is one link, as MDX shows it: the inner link's markup is
    dropped and its text stays inside the outer `<a>` (HTML cannot nest links: a browser, and
    the sanitiser, would close the outer one first and leave it empty)."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        depth = 0
        kept = []
        for child in token.children:
            if child.type == "html_inline":
                if _A_OPEN.match(child.content) and not child.content.rstrip().endswith("/>"):
                    depth += 1
                elif depth and _A_CLOSE.match(child.content):
                    depth -= 1
            elif depth and child.type in ("link_open", "link_close"):
                continue
            kept.append(child)
        token.children = kept


MARKUP_CHARS = "*_`[]!\\&~"
"""Characters that can start inline Markdown (emphasis, code, links, images, escapes, entities,
strikethrough): prose without any of them (and without `<`) renders as its escaped text."""
_NOT_PLAIN = re.compile("[\n\r\x00" + re.escape(MARKUP_CHARS) + "]")


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
