"""Components in prose, table cells and raw HTML (`<Icon icon="check" />`, `<Tooltip tip="…">w</Tooltip>`,
`<iframe>`, `<video>`): placeholders around the nh3 sanitiser, then the renderer's trusted HTML."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline.state_inline import StateInline

from renderer.parse.tags import TagSyntaxError, scan_tag
from renderer.render.sanitize import clean_block, clean_inline, prose_markdown

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
    md = prose_markdown()
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
    env: Mapping[str, Any] | None = None,
) -> str:
    """Inline Markdown with components -> sanitised HTML (`env` is copied, never changed)."""
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
