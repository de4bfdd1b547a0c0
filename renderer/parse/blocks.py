"""markdown-it tokens (with our mdx tokens) -> the block tree of the model, with located problems."""

from __future__ import annotations

import dataclasses
import difflib
import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it.token import Token

from renderer.core import model as m
from renderer.core.components import AUDIENCES, COMPONENTS, INLINE, MINTLIFY_COMPONENTS
from renderer.core.text import HeadingIds
from renderer.parse.block_rule import INLINE_ONLY, MEDIA, code_ranges, is_component_name
from renderer.parse.css_style import from_css, from_object
from renderer.parse.jsx import JsxElement, JsxError
from renderer.parse.jsx_html import lower, needs_lowering
from renderer.parse.tags import NAME, Tag, TagSyntaxError, scan_tag

MAX_BLOCK = 100_000
"""Characters of text one block may hold (markdown-it is slow on huge inline runs)."""
OVERSIZE = (
    f"this block is over {MAX_BLOCK // 1000} KB of text",
    "split it: a guide block this large is a mistake or an attack on the renderer",
)
_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-*:?[ \t]*)*\|?[ \t]*$")
_ENDS_TABLE = tuple(">#`~<")


def oversize_table(lines: Sequence[str]) -> int | None:
    """The index of the first line of a table over MAX_BLOCK characters, found before
    tokenising: markdown-it makes three tokens per cell, so a 4 MB table of empty cells takes
    tens of seconds just to be refused afterwards. A table runs from its header to the first
    blank line or line that starts another block (the same lines its token would span)."""
    i = 0
    while i + 1 < len(lines):
        if "|" not in lines[i] or not _DELIMITER_ROW.match(lines[i + 1]):
            i += 1
            continue
        size, k = 0, i
        while (
            k < len(lines)
            and lines[k].strip()
            and not (k > i + 1 and lines[k].lstrip().startswith(_ENDS_TABLE))
        ):
            size += len(lines[k]) + 1
            k += 1
        if size > MAX_BLOCK:
            return i
        i = k
    return None


_SCOPE_SPLIT = re.compile(r"[\s,]+")
HIDE = "data-whitelabel-hide"
_MARKER = re.compile(r"white[\W_]{0,2}la?b(?:el|le)", re.I)
"""The hide marker and its near misses (`DATA-WHITELABEL-HIDE`, `data-whitelable-hide`,
`data-white-label-hide`, `whitelabel_hide`): anything that may mean "hide this"."""
_INLINE_TAG = re.compile(rf"<(/?)({NAME})")
_MARKUP = re.compile(rf"</?{NAME}(?=[\s/>])[^<>]{{0,4096}}>")
"""A tag in text (autolinks such as `<https://…>` are not tags)."""
BLOCK_COMPONENTS = COMPONENTS - INLINE
"""Components that stand as blocks: inside a line of prose they split its paragraph."""


class _Many(tuple):  # type: ignore[type-arg]
    """Several blocks where the source wrote one (a paragraph split around a block component;
    content standing before a list's first item)."""


def marker_in_markup(raw: str) -> bool:
    """Does a tag in `raw` (its name, attribute names or values) carry the hide marker or a
    near miss? Prose that says "white-label" is prose; tags in code spans are text."""
    if not _MARKER.search(raw):
        return False
    ranges: list[tuple[int, int]] | None = None
    for mt in _MARKUP.finditer(raw):
        if _MARKER.search(mt.group(0)):
            if ranges is None:
                ranges = code_ranges(raw)
            if not any(a <= mt.start() < b for a, b in ranges):
                return True
    return False


def _escaped(text: str, pos: int) -> bool:
    """Is `text[pos]` escaped by an odd run of backslashes (`\\<Your Region\\>`)?"""
    n = 0
    while pos - n - 1 >= 0 and text[pos - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def split_scopes(value: str | None) -> tuple[str, ...]:
    """`"users:read, users:write"` -> ("users:read", "users:write")."""
    if not value:
        return ()
    return tuple(s for s in _SCOPE_SPLIT.split(html.unescape(value)) if s)


_RAW_OPENERS = (
    (re.compile(r"<!--"), "<!--", "-->"),
    (re.compile(r"<(script|style|textarea|pre)\b", re.I), "", ""),
    (re.compile(r"<\?"), "<?", "?>"),
    (re.compile(r"<!\[CDATA\["), "<![CDATA[", "]]>"),
)


def _unclosed_html(content: str) -> tuple[str, str] | None:
    """(opener, closer) when a raw HTML block starts a construct it never closes (markdown-it
    would run it to the end of the page, and the sanitiser would drop all of it)."""
    head = content.lstrip()
    for pattern, opener, closer in _RAW_OPENERS:
        mt = pattern.match(head)
        if not mt:
            continue
        if not opener:
            opener, closer = f"<{mt.group(1)}>", f"</{mt.group(1).lower()}>"
        if closer.lower() not in head[mt.end() :].lower():
            return opener, closer
        return None
    return None


def _attr_text(value: object) -> str:
    """An attribute value as text (JSX literals: numbers plainly, true as the empty string)."""
    if value is None or value is True:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, JsxElement):
        return value.markup
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, (int, float)) else json.dumps(value)


@dataclass(frozen=True, slots=True)
class _StepBody:
    """The `data-guide-step` div, folded into its Step."""

    scopes: tuple[str, ...]
    display_scopes: tuple[str, ...]
    body: tuple[m.Block, ...]
    span: m.Span


Report = Callable[..., None]
"""report(line0, col, message, hint, level="error") with a 0-based body line and 1-based
column."""


class TreeBuilder:
    """Walks a flat token list once and returns the block tree."""

    def __init__(
        self,
        tokens: Sequence[Token],
        lines: list[str],
        body_line: int,
        report: Report,
        embed_hosts: frozenset[str] = frozenset(),
    ):
        self.embed_hosts = embed_hosts
        """Hosts an `<iframe>` may embed (the built-in ones and every brand's own)."""
        self.tokens = tokens
        self.lines = lines
        self.body_line = body_line
        self.report = report
        self.anchors = HeadingIds()
        self.match = self._pairs(tokens)

    @staticmethod
    def _pairs(tokens: Sequence[Token]) -> dict[int, int]:
        stack: list[int] = []
        pairs: dict[int, int] = {}
        for i, t in enumerate(tokens):
            if t.nesting == 1:
                stack.append(i)
            elif t.nesting == -1 and stack:
                pairs[stack.pop()] = i
        return pairs

    def span(self, tok: Token, end: Token | None = None) -> m.Span:
        start, stop = tok.map or (0, 1)
        if end is not None and end.map:
            stop = end.map[1]
        col = 1
        if start < len(self.lines):
            col = len(self.lines[start]) - len(self.lines[start].lstrip()) + 1
        return m.Span(self.body_line + start, self.body_line + stop, col)

    def anchor(self, text: str, level: int) -> str:
        """The heading's id as Mintlify gives it (core/text.py `HeadingIds`)."""
        return self.anchors.take(text, level)

    def source(self, tok: Token) -> str:
        start, stop = tok.map or (0, 0)
        chunk = self.lines[start:stop]
        indent = min((len(x) - len(x.lstrip()) for x in chunk if x.strip()), default=0)
        return "\n".join(x[indent:] for x in chunk).strip("\n")

    def problem(self, tok: Token, message: str, hint: str = "", level: str = "error") -> None:
        line0 = (tok.map or (0, 0))[0]
        col = 1
        if line0 < len(self.lines):
            col = len(self.lines[line0]) - len(self.lines[line0].lstrip()) + 1
        self.report(line0, col, message, hint, level)

    def check_inline(self, tok: Token, raw: str) -> None:
        """Components inside text (`<Icon icon="check" />` mid-sentence, in a table cell):
        known names and literal attributes only; tags inside code spans are text."""
        ranges: list[tuple[int, int]] | None = None
        for mt in _INLINE_TAG.finditer(raw):
            name = mt.group(2)
            if not is_component_name(name) or _escaped(raw, mt.start()):
                continue
            if ranges is None:
                ranges = code_ranges(raw)
            if any(a <= mt.start() < b for a, b in ranges):
                continue
            message, hint = "", ""
            if name not in COMPONENTS:
                close = difflib.get_close_matches(name, sorted(COMPONENTS), n=1, cutoff=0.5)
                message = f"unknown component `<{name}>`"
                hint = (
                    f"did you mean `<{close[0]}>`?"
                    if close
                    else "hubdocs knows Mintlify's components; see README"
                )
            elif not mt.group(1):
                try:
                    scan_tag(raw, mt.start())
                except TagSyntaxError as err:
                    message, hint = str(err), err.hint
            if message:
                self.at_text(tok, raw, mt.start(), message, hint)

    def lowered(self, tok: Token, raw: str, code: bool = True) -> str:
        """Text with its JSX-written lowercase tags rewritten as HTML (`jsx_html.lower`), its
        problems located."""
        if not needs_lowering(raw):
            return raw

        def report(offset: int, message: str, hint: str, level: str) -> None:
            self.at_text(tok, raw, offset, message, hint, level)

        return lower(raw, report, code)

    def style_of(self, tok: Token, tag: Tag) -> str:
        """A container tag's `style` as canonical CSS ("" without one); problems reported."""
        value = tag.get("style")
        if value is None:
            return ""
        if isinstance(value, Mapping):
            css, problems = from_object(value)
        elif isinstance(value, str):
            css, problems = from_css(value)
        else:
            self.problem(tok, "`style` must be an object (`style={{ margin: 0 }}`) or CSS text")
            return ""
        for p in problems:
            self.problem(tok, p.message, p.hint, level=p.level)
        return css

    def at_text(
        self, tok: Token, raw: str, offset: int, message: str, hint: str, level: str = "error"
    ) -> None:
        """Report at `offset` of a token's text, found again in its source lines."""
        first = (tok.map or (0, 0))[0]
        line0 = first + raw.count("\n", 0, offset)
        line_start = raw.rfind("\n", 0, offset) + 1
        snippet = raw[offset : offset + 20].split("\n")[0]
        col = 1
        if line0 < len(self.lines):
            found = self.lines[line0].find(snippet)
            col = found + 1 if found >= 0 else offset - line_start + 1
        self.report(line0, col, message, hint, level)

    # -- walking -------------------------------------------------------------

    def build(self, lo: int = 0, hi: int | None = None) -> tuple[object, ...]:
        hi = len(self.tokens) if hi is None else hi
        out: list[object] = []
        i = lo
        while i < hi:
            tok = self.tokens[i]
            j = self.match.get(i, i)
            node = self.node(tok, i, j)
            if isinstance(node, _Many):
                out.extend(node)
            elif node is not None:
                out.append(node)
            i = j + 1
        return tuple(out)

    def node(self, tok: Token, i: int, j: int) -> object | None:
        t = tok.type
        raw = tok.content if t in ("html_block", "fence", "mdx_inline") else ""
        if t in ("paragraph_open", "heading_open"):
            raw = self.tokens[i + 1].content
        elif t in ("table_open", "blockquote_open"):
            raw = self.source(tok)
        if t != "fence" and marker_in_markup(raw):
            self.problem(
                tok,
                "a white-label hide marker here would not hide anything: "
                "`data-whitelabel-hide` works on a block element or component whose tags "
                "start their own lines",
                "put the hidden content in its own <div data-whitelabel-hide> block (not inside "
                "a quote, a table, raw HTML or a line of text), spelt exactly like that",
            )
            return None
        if t != "fence" and "<" in raw:
            self.check_inline(tok, raw)
        size = len(tok.content) + (
            len(self.tokens[i + 1].content) if t.endswith("_open") and i + 1 < j else 0
        )
        if size > MAX_BLOCK or (
            t in ("table_open", "blockquote_open") and self._span_chars(tok) > MAX_BLOCK
        ):
            self.problem(tok, *OVERSIZE)
            return None
        if t == "paragraph_open":
            return self.paragraph(tok, self.lowered(tok, self.tokens[i + 1].content))
        if t == "heading_open":
            text = self.lowered(tok, self.tokens[i + 1].content)
            level = int(tok.tag[1])
            return m.Heading(level, text, self.anchor(text, level), self.span(tok))
        if t in ("bullet_list_open", "ordered_list_open"):
            return self.md_list(tok, i, j)
        if t == "fence":
            return m.CodeBlock(tok.info.strip(), tok.content, self.span(tok))
        if t == "html_block":
            unclosed = _unclosed_html(tok.content)
            if unclosed:
                self.problem(
                    tok,
                    f"`{unclosed[0]}` is never closed: everything after it would vanish from "
                    "the page",
                    f"close it with `{unclosed[1]}`",
                )
                return None
            html = self.lowered(tok, tok.content.strip("\n"), code=False)
            return m.HtmlBlock(html, self.span(tok))
        if t in ("table_open", "blockquote_open", "hr"):
            return m.MarkdownBlock(self.lowered(tok, self.source(tok)), self.span(tok))
        if t == "mdx_inline":
            return self.inline_element(tok)
        if t == "mdx_open":
            return self.container(tok, self.build(i + 1, j), self.tokens[j])
        return None

    def _span_chars(self, tok: Token) -> int:
        start, stop = tok.map or (0, 0)
        return sum(len(x) + 1 for x in self.lines[start:stop])

    def md_list(self, tok: Token, i: int, j: int) -> m.ListBlock:
        items = []
        k = i + 1
        tight = True
        while k < j:
            end = self.match.get(k, k)
            if self.tokens[k].type == "list_item_open":
                body = self.build(k + 1, end)
                items.append(m.ListItem(body, self.span(self.tokens[k])))  # type: ignore[arg-type]
            k = end + 1
        for t in self.tokens[i:j]:
            if t.type == "paragraph_open" and not t.hidden and t.level == tok.level + 2:
                tight = False
        start = int(tok.attrGet("start") or 1)
        return m.ListBlock(
            tok.type == "ordered_list_open", tuple(items), self.span(tok), start, tight
        )

    def inline_element(self, tok: Token) -> object:
        tag: Tag = tok.meta["tag"]
        name, span = tag.name, self.span(tok)
        text = self.lowered(tok, tok.content)
        para = _as_tuple(self.paragraph(tok, text, span)) if text else ()
        if name in ("p", "h1", "h2", "h3", "h4", "h5", "h6"):
            marker = self.hide_marker(tok, tag)
            if name == "p":
                node: object = _Many(para) if len(para) != 1 else para[0]
            else:
                node = m.Heading(int(name[1]), text, self.anchor(text, int(name[1])), span)
            if marker is not None:
                return marker(tuple(node) if isinstance(node, _Many) else (node,), span)
            return _styled(node, self.style_of(tok, tag), span)
        return self.container(tok, para, None)

    def paragraph(self, tok: Token, text: str, span: m.Span | None = None) -> object:
        """A paragraph, or the blocks it holds: a block component written inside a line of
        prose (`Before you start. <Note>…</Note>`) splits it, as a browser lays out a block
        inside a paragraph (MDX keeps it there; Mintlify renders it as a block)."""
        span = span or self.span(tok)
        if "<" not in text:
            return m.Paragraph(text, span)
        out: list[object] = []
        pos = 0
        ranges: list[tuple[int, int]] | None = None
        for mt in _INLINE_TAG.finditer(text):
            name = mt.group(2)
            if mt.group(1) or name not in BLOCK_COMPONENTS or mt.start() < pos:
                continue
            if _escaped(text, mt.start()):
                continue
            if ranges is None:
                ranges = code_ranges(text)
            if any(a <= mt.start() < b for a, b in ranges):
                continue
            found = self._component_in_text(tok, text, mt.start(), span)
            if found is None:
                continue
            node, end = found
            before = text[pos : mt.start()].strip()
            if before:
                out.append(m.Paragraph(before, span))
            out.extend(node if isinstance(node, _Many) else (node,))
            pos = end
        if not out:
            return m.Paragraph(text, span)
        after = text[pos:].strip()
        if after:
            out.append(m.Paragraph(after, span))
        return _Many(out)

    def _component_in_text(
        self, tok: Token, text: str, start: int, span: m.Span
    ) -> tuple[object, int] | None:
        """The block component whose tag starts at `text[start]` and where it ends; None when
        it is not one (a broken tag is reported by `check_inline`)."""
        try:
            tag = scan_tag(text, start)
        except (TagSyntaxError, JsxError):
            return None
        if tag is None:
            return None
        inner_tok = Token("mdx_inline", tag.name, 0)
        inner_tok.map, inner_tok.meta = tok.map, {"tag": tag}
        if tag.self_closing:
            return self.container(inner_tok, (), None), tag.end
        depth = 1
        pattern = re.compile(rf"<(/?){re.escape(tag.name)}(?=[\s/>])")
        for hit in pattern.finditer(text, tag.end):
            if hit.group(1):
                depth -= 1
            elif not text[hit.start() : text.find(">", hit.start()) + 1].endswith("/>"):
                depth += 1
            if depth == 0:
                inner = "\n".join(x.strip() for x in text[tag.end : hit.start()].split("\n"))
                blocks = (
                    _as_tuple(self.paragraph(tok, inner.strip(), span)) if inner.strip() else ()
                )
                end = text.find(">", hit.end()) + 1
                return self.container(inner_tok, blocks, None), end
        self.at_text(
            tok,
            text,
            start,
            f"`<{tag.name}>` is never closed",
            f"add `</{tag.name}>` where its content ends",
        )
        return None

    def container(self, tok: Token, body: tuple[object, ...], close: Token | None) -> object:
        tag: Tag = tok.meta["tag"]
        span = self.span(tok, close)
        marker = self.hide_marker(tok, tag)
        if marker is not None:
            return marker(body, span)
        css = self.style_of(tok, tag)
        node = self._container(tok, tag, body, span)
        if isinstance(node, m.Element):
            attrs = tuple(a for a in node.attrs if a[0] != "style")
            return dataclasses.replace(node, attrs=attrs + ((("style", css),) if css else ()))
        return _styled(node, css, span)

    def audience(self, tok: Token, tag: Tag) -> None:
        """`<Visibility for="humans|agents">`: any other value (or none) is an error, since a
        block meant for one audience must never reach the other by a typo."""
        value = next((a.value for a in tag.attrs if a.name == "for"), None)
        if value not in AUDIENCES:
            got = "no `for`" if value is None else f"for={value!r}"
            self.problem(
                tok,
                f'`<Visibility>` needs for="humans" or for="agents" ({got})',
                'for="humans": the HTML page only; for="agents": the Markdown twin and the '
                "llms files only",
            )

    def _container(self, tok: Token, tag: Tag, body: tuple[object, ...], span: m.Span) -> object:
        name = tag.name
        if name in m.CALLOUT_KINDS:
            return m.Callout(name, self.blocks(body), span)
        if name == "Panel":
            return m.Panel(self.blocks(body), span)
        if name == "Steps":
            return self.steps(tok, body, span)
        if name == "Step":
            return self.step(tok, tag, body, span)
        if name == "Visibility":
            self.audience(tok, tag)
        if name in MINTLIFY_COMPONENTS:
            attrs = []
            for a in tag.attrs:
                if isinstance(a.value, JsxElement):
                    self.problem(
                        tok,
                        f"`{a.name}` of `<{name}>` is a JSX element: hubdocs does not render "
                        "element values; the default is shown",
                        f'use a named icon, e.g. {a.name}="rocket"',
                        level="warning",
                    )
                    continue
                if a.name != "style":
                    attrs.append((a.name, True if a.value is None else a.value))
            return m.Component(name, tuple(attrs), self.blocks(body), span)
        if name in ("ul", "ol"):
            return self.html_list(name, body, span)
        if name == "li":
            return m.ListItem(self.blocks(body), span)
        if name == "section" and tag.has("data-guide-section"):
            heading = body[0] if body and isinstance(body[0], m.Heading) else None
            rest = body[1:] if heading else body
            scopes = split_scopes(tag.get("data-guide-scopes"))
            return m.Section(scopes, heading, self.blocks(rest), span)
        if name == "div" and (
            tag.has("data-guides-scope-selector") or tag.has("data-guide-actions-json")
        ):
            return m.ScopeSelector(self.actions(tok, tag), span)
        if name == "div" and tag.has("data-guide-step"):
            return _StepBody(
                split_scopes(tag.get("data-guide-scopes")),
                split_scopes(tag.get("data-guide-display-scopes-list")),
                self.blocks(body),
                span,
            )
        if name in MEDIA:
            self.check_media(tok, tag)
        attrs = tuple((a.name, _attr_text(a.value)) for a in tag.attrs if a.name != "style")
        return m.Element(name.lower(), attrs, self.blocks(body), span)

    def html_list(self, name: str, body: tuple[object, ...], span: m.Span) -> object:
        """A raw `<ul>`/`<ol>`: its `<li>` items; other content standing between them (a
        `<Frame>` between two items) joins the item before it, content before the first item
        stands before the list (MDX keeps it in place; nothing is dropped)."""
        items: list[m.ListItem] = []
        lead: list[object] = []
        for child in body:
            if isinstance(child, m.ListItem):
                items.append(child)
            elif items:
                last = items[-1]
                items[-1] = dataclasses.replace(last, body=last.body + self.blocks((child,)))
            else:
                lead.extend(self.blocks((child,)))
        node = m.ListBlock(name == "ol", tuple(items), span, 1, True)
        return _Many((*lead, node)) if lead else node

    def hide_marker(self, tok: Token, tag: Tag):  # noqa: ANN201
        """None when the tag carries no hide marker; else a function (body, span) -> the
        WhitelabelHide node. The marker is honoured on any block element or component, in
        any letter case; a near miss or a place it cannot work is an error."""
        found = [a for a in tag.attrs if _MARKER.search(a.name)]
        if not found:
            return None
        attr = found[0]
        if attr.name.lower() != HIDE:
            self.problem(
                tok,
                f"`{attr.name}` is not the white-label hide marker",
                f"write `{HIDE}` (the content would otherwise be published to every brand)",
            )
            return lambda body, span: m.WhitelabelHide(self.blocks(body), span, "div")
        if attr.value not in (None, "", True, "true"):
            self.problem(
                tok,
                f"`{HIDE}` takes no value (got {attr.value!r})",
                f"write a bare `{HIDE}`; to show the content, remove the marker",
            )
        if tag.name in ("Step", "li", "Tab"):
            parent = {"Step": "<Steps>", "li": "list", "Tab": "<Tabs>"}[tag.name]
            self.problem(
                tok,
                f"`{HIDE}` on a `<{tag.name}>` is not supported (its {parent} would be renumbered)",
                f"put the hidden part in its own block inside <div {HIDE}>",
            )
            return None  # reported: keep the structure so no second error follows
        if (tag.name == "div" and len(tag.attrs) == 1) or tag.name in INLINE_ONLY:
            return lambda body, span: m.WhitelabelHide(self.blocks(body), span, "div")
        rest = tuple(a for a in tag.attrs if a is not attr)
        bare = dataclasses.replace(tag, attrs=rest)
        inner_tok = Token(tok.type, tok.tag, tok.nesting)
        inner_tok.map, inner_tok.meta = tok.map, {"tag": bare}

        def wrap(body: tuple[object, ...], span: m.Span) -> m.WhitelabelHide:
            inner = self.container(inner_tok, body, None)
            if isinstance(inner, _Many):
                return m.WhitelabelHide(tuple(inner), span, "div")  # type: ignore[arg-type]
            inner = dataclasses.replace(inner, span=span) if hasattr(inner, "span") else inner
            return m.WhitelabelHide((inner,), span, "div")  # type: ignore[arg-type]

        return wrap

    def check_media(self, tok: Token, tag: Tag) -> None:
        """An `<iframe>` embeds only allowlisted hosts; media sources are https or local."""
        src = tag.get("src")
        if not isinstance(src, str) or not src.strip():
            self.problem(tok, f"`<{tag.name}>` has no `src`", 'add src="https://…"')
            return
        if tag.name == "iframe":
            host = urlsplit(src.strip()).hostname or ""
            if not src.strip().startswith("https://") or host not in self.embed_hosts:
                self.problem(
                    tok,
                    f"`<iframe>` from {host or src[:60]!r} is not an allowed embed",
                    "allowed: "
                    + ", ".join(sorted(self.embed_hosts))
                    + " (https only; a brand may add hosts with `embed_hosts` in brand.yml)",
                )
        elif not (src.startswith(("https://", "/")) or not urlsplit(src).scheme):
            self.problem(tok, f"`<{tag.name}>` source must be https or a local file")

    def blocks(self, body: tuple[object, ...]) -> tuple[m.Block, ...]:
        """Children as blocks: a `<Step>` or `<li>` standing outside `<Steps>` or a list (a
        guide's last step written after `</Steps>`) is rendered in a list of its own; a
        `data-guide-step` div outside a Step is an error (its content is kept)."""
        out: list[m.Block] = []
        run: list[object] = []

        def flush() -> None:
            if not run:
                return
            first, last = run[0].span, run[-1].span  # type: ignore[attr-defined]
            span = m.Span(first.line, last.end_line, first.col)
            if isinstance(run[0], m.Step):
                out.append(m.Steps(tuple(run), span))  # type: ignore[arg-type]
            else:
                out.append(m.ListBlock(False, tuple(run), span, 1, True))  # type: ignore[arg-type]
            run.clear()

        for child in body:
            if run and type(child) is not type(run[0]):
                flush()
            if isinstance(child, _StepBody):
                self.report(
                    child.span.line - self.body_line,
                    child.span.col,
                    "a `data-guide-step` div belongs directly inside a `<Step>`",
                    "move it into the <Step> it describes",
                )
                out.extend(child.body)
            elif isinstance(child, (m.ListItem, m.Step)):
                run.append(child)
            else:
                out.append(child)  # type: ignore[arg-type]
        flush()
        return tuple(out)

    def steps(self, tok: Token, body: tuple[object, ...], span: m.Span) -> object:
        """`<Steps>`: its `<Step>`s; other content standing between them (text, a URL, a
        `<Note>`) joins the step before it, content before the first step stands before the
        steps (MDX keeps it in place, unnumbered; nothing is dropped)."""
        steps: list[m.Step] = []
        lead: list[object] = []
        for child in body:
            if isinstance(child, m.Step):
                steps.append(child)
            elif steps:
                last = steps[-1]
                steps[-1] = dataclasses.replace(last, body=last.body + self.blocks((child,)))
            else:
                lead.extend(self.blocks((child,)))
        node = m.Steps(tuple(steps), span)
        return _Many((*lead, node)) if lead else node

    def step(self, tok: Token, tag: Tag, body: tuple[object, ...], span: m.Span) -> m.Step:
        title = _attr_text(tag.get("title"))
        if not title:
            self.problem(
                tok, "`<Step>` has no title", 'add title="…" to the <Step>', level="warning"
            )
        scopes: tuple[str, ...] = ()
        display: tuple[str, ...] = ()
        if len(body) == 1 and isinstance(body[0], _StepBody):
            scopes, display, blocks = body[0].scopes, body[0].display_scopes, body[0].body
        else:
            blocks = self.blocks(body)
        return m.Step(html.unescape(title or ""), scopes, display, blocks, span)

    def actions(self, tok: Token, tag: Tag) -> tuple[m.Action, ...]:
        raw = tag.get("data-guide-actions-json")
        if raw is None:
            self.problem(
                tok,
                "scope selector without `data-guide-actions-json`",
                "add the actions as entity-encoded JSON",
            )
            return ()
        try:
            data = json.loads(html.unescape(raw))
        except (ValueError, RecursionError) as err:
            self.problem(
                tok,
                f"`data-guide-actions-json` is not valid JSON: {str(err)[:120]}",
                'expected [{"id": …, "label": …, "scopes": […]}, …] with `"` written as &#x22;',
            )
            return ()
        if not isinstance(data, list):
            self.problem(tok, "`data-guide-actions-json` must be a JSON list of actions")
            return ()
        out: list[m.Action] = []
        seen: set[str] = set()
        for n, item in enumerate(data):
            ok = (
                isinstance(item, dict)
                and isinstance(item.get("id"), str)
                and item["id"]
                and isinstance(item.get("label"), str)
                and isinstance(item.get("scopes", []), list)
                and all(isinstance(s, str) for s in item.get("scopes", []))
            )
            if not ok:
                self.problem(
                    tok,
                    f"action #{n + 1} in `data-guide-actions-json` is malformed",
                    'each action is {"id": "…", "label": "…", "scopes": ["…"]}',
                )
                continue
            if item["id"] in seen:
                self.problem(
                    tok,
                    f"duplicate action id `{item['id']}` in `data-guide-actions-json`",
                    "action ids must be unique within a guide",
                )
                continue
            seen.add(item["id"])
            out.append(m.Action(item["id"], item["label"], tuple(item.get("scopes", []))))
        return tuple(out)


def _as_tuple(node: object) -> tuple[object, ...]:
    return tuple(node) if isinstance(node, _Many) else (node,)


def _styled(node: object, css: str, span: m.Span) -> object:
    """A node with a `style`: wrapped in a `<div>` that carries it (the render stage makes it
    a class), since components and guide nodes have no style of their own."""
    if not css:
        return node
    body = tuple(node) if isinstance(node, _Many) else (node,)
    return m.Element("div", (("style", css),), body, span)  # type: ignore[arg-type]
