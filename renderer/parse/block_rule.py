"""The markdown-it-py block rule that turns component and block-HTML tag lines into tokens.

It emits three token types the tree builder reads:
- `mdx_open` / `mdx_close`: a container tag alone on its line and its matching close line;
  the lines between are tokenized as blocks with the indentation of the content as the base
  (deep indentation is nesting, never an indented code block);
- `mdx_inline`: an element whose content is inline text (`<p>…</p>`, `<h2>…</h2>`,
  a one-line `<li>`, `<Warning>…</Warning>`), possibly spanning lines.
Problems go to `env["problems"]` as (offset, message, hint) and parsing goes on.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from renderer.core.components import COMPONENTS
from renderer.parse.mdx_text import Fence, fence_step
from renderer.parse.tags import NAME, Tag, TagSyntaxError, scan_tag

INLINE_ONLY = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6"))
CONTAINERS = frozenset(("section", "div", "ul", "ol", "li"))
MEDIA = frozenset(("iframe", "video", "audio"))
"""Media elements read as elements (checked and rendered by the theme), never raw HTML."""
HANDLED = INLINE_ONLY | CONTAINERS | MEDIA
MAX_DEPTH = 48
VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"))
VOID |= {"source", "track", "wbr"}
"""HTML elements that never have content (`<img …>` needs no `/>`)."""
_JSXISH = re.compile(r"className|htmlFor|style\s*=|=\s*\{")
"""What only JSX writes in a lowercase tag: markdown-it would not read the tag as HTML."""
_COMPONENT_LINE = re.compile(r"</?[A-Z]")
_TYPE_1_TO_5 = re.compile(r"<(?:!|\?|(?:script|pre|style|textarea)(?:[\s>]|$))", re.I)

_NAME = re.compile(rf"<(/?)({NAME})")
_TICKS = re.compile(r"`+")


def is_component_name(name: str) -> bool:
    """JSX component names start with a capital or hold a dot (`Tree.Folder`)."""
    return name[0].isupper() or "." in name


def _problem(state: StateBlock, offset: int, message: str, hint: str = "") -> None:
    state.env.setdefault("problems", []).append((offset, message, hint))


def _line_of(state: StateBlock, offset: int, start: int, end: int) -> int:
    line = start
    while line < end - 1 and state.eMarks[line] < offset:
        line += 1
    return line


@functools.lru_cache(maxsize=256)
def _tag_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(name)}(?=[\s>/])")


def code_ranges(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """Code spans (backtick runs closed by a run of the same length) in `text[lo:hi]`."""
    hi = len(text) if hi is None else hi
    if "`" not in text[lo:hi]:
        return []
    runs = [(mt.start(), mt.end()) for mt in _TICKS.finditer(text, lo, hi)]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(runs):
        size = runs[i][1] - runs[i][0]
        for j in range(i + 1, len(runs)):
            if runs[j][1] - runs[j][0] == size:
                out.append((runs[i][0], runs[j][1]))
                i = j
                break
        i += 1
    return out


def _in_code(ranges: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in ranges)


def _find_inline_close(state: StateBlock, name: str, start: int, limit: int) -> int:
    """Offset of the `</name>` that closes an element opened just before `start`, or -1
    (tags inside code spans are text)."""
    depth = 1
    ranges: list[tuple[int, int]] | None = None
    for m in _tag_pattern(name).finditer(state.src, start, limit):
        if ranges is None:
            ranges = code_ranges(state.src, start, limit)
        if ranges and _in_code(ranges, m.start()):
            continue
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.start()
    return -1


def _find_close_line(state: StateBlock, name: str, first: int, end: int) -> int:
    """Line whose tag closes the container opened above `first`, or -1. Tags inside fenced
    code and code spans are text."""
    pat = _tag_pattern(name)
    src = state.src
    depth = 1
    fence: Fence = None
    for line in range(first, end):
        b, e = state.bMarks[line], state.eMarks[line]
        text = src[b:e]
        if fence is not None or "`" in text or "~" in text:
            fence, code = fence_step(fence, text)
            if code:
                continue
        if "<" not in text:
            continue
        ranges: list[tuple[int, int]] | None = None
        for m in pat.finditer(src, b, e):
            if ranges is None:
                ranges = code_ranges(src, b, e)
            if ranges and _in_code(ranges, m.start()):
                continue
            if m.group(1):
                depth -= 1
            else:
                tag_end = src.find(">", m.end(), e)
                if tag_end < 0 or src[tag_end - 1] != "/":
                    depth += 1
            if depth == 0:
                return line
    return -1


def _unknown_component(state: StateBlock, tag: Tag) -> None:
    close = difflib.get_close_matches(tag.name, sorted(COMPONENTS), n=1, cutoff=0.5)
    hint = f"did you mean `<{close[0]}>`?" if close else ""
    hint = hint or "hubdocs knows Mintlify's components and the guide components; see README"
    _problem(state, tag.start, f"unknown component `<{tag.name}>`", hint)


def _block_form(state: StateBlock, start_line: int, end_line: int) -> Tag | str | None:
    """How a line starting with a tag reads, as MDX reads it: the scanned tag when the element
    stands as a block (alone on its lines, or a one-line element); "paragraph" when it is
    inline content (text follows it on the line); "error" for a broken tag; None: not ours."""
    src = state.src
    pos = state.bMarks[start_line] + state.tShift[start_line]
    try:
        tag = scan_tag(src, pos, state.eMarks[end_line - 1] if end_line > start_line else None)
    except TagSyntaxError:
        return "error"
    if tag is None:
        return None
    tag_line = _line_of(state, tag.end - 1, start_line, end_line)
    rest = src[tag.end : state.eMarks[tag_line]]
    if tag.closing or not rest.strip():
        return tag
    if tag.self_closing:
        return "paragraph"
    if tag.name in INLINE_ONLY:
        return tag
    close = _find_inline_close(state, tag.name, tag.end, state.eMarks[end_line - 1])
    if close < 0:
        return tag  # reported as never closed
    close_end = close + len(tag.name) + 3
    close_line = _line_of(state, close, start_line, end_line)
    if src[close_end : state.eMarks[close_line]].strip():
        return "paragraph"
    return tag


def mdx_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    src = state.src
    pos = state.bMarks[start_line] + state.tShift[start_line]
    if pos >= state.eMarks[start_line] or src[pos] != "<":
        return False
    m = _NAME.match(src, pos)
    if not m:
        return False
    closing, name = m.group(1) == "/", m.group(2)
    component = is_component_name(name)
    if not (component or name in HANDLED):
        return False if closing else _jsx_html(state, start_line, end_line, silent)
    form = None
    if not closing:
        forms = state.env.setdefault("block_forms", {})
        key = (pos, end_line)
        form = forms.get(key, forms)
        if form is forms:  # silent and real calls ask about the same line: scan it once
            form = forms[key] = _block_form(state, start_line, end_line)
    if form == "paragraph" or (form is None and not closing):
        return False  # inline content: the paragraph rule takes the line
    if silent:
        return True
    if closing:
        broken = state.env.setdefault("broken_tags", {})
        if broken.get(name):
            broken[name] -= 1  # the opening tag was already reported
            state.line = start_line + 1
            return True
        _problem(
            state,
            pos,
            f"`</{name}>` closes nothing",
            f"remove it, or add the matching `<{name}>` above (is an opening tag misspelt?)",
        )
        state.line = start_line + 1
        return True
    try:
        if isinstance(form, Tag):
            tag: Tag | None = form  # scanned once by _block_form
        else:
            limit = state.eMarks[end_line - 1] if end_line > start_line else None
            tag = scan_tag(src, pos, limit)
    except TagSyntaxError as err:
        _problem(state, err.offset, str(err), err.hint)
        unclosed = state.env.setdefault("unclosed", set())
        close_line = (
            -1 if name in unclosed else _find_close_line(state, name, start_line + 1, end_line)
        )
        if close_line < 0:
            unclosed.add(name)
        if close_line < 0:
            broken = state.env.setdefault("broken_tags", {})
            broken[name] = broken.get(name, 0) + 1
        state.line = close_line + 1 if close_line >= 0 else start_line + 1
        return True
    if tag is None:
        return False
    if component and name not in COMPONENTS:
        _unknown_component(state, tag)  # parsed on as a container so later errors still show
    tag_line = _line_of(state, tag.end - 1, start_line, end_line)
    rest = src[tag.end : state.eMarks[tag_line]]
    if tag.self_closing:
        _emit_empty(state, tag, start_line, tag_line)
        return True
    if name in INLINE_ONLY or rest.strip():
        return _inline_element(state, tag, start_line, end_line)
    return _container(state, tag, start_line, tag_line, end_line)


def _jsx_html(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A lowercase tag that only JSX can read (`<img className="x" style={{…}} />`, or one
    spread over several lines) standing as a flow element, alone on its lines: an HTML block
    of its own, as MDX reads it (it may follow a text line). The tree builder rewrites its
    JSX as HTML; a paired tag runs to the next blank line (or component line), like any raw
    HTML block. Anything else is markdown-it's."""
    src = state.src
    pos = state.bMarks[start_line] + state.tShift[start_line]
    first = src[pos : state.eMarks[start_line]]
    if ">" in first and not _JSXISH.search(first):
        return False
    stop = start_line + 1
    while stop < end_line and not state.isEmpty(stop):
        stop += 1
    try:
        tag = scan_tag(src, pos, state.eMarks[stop - 1])
    except TagSyntaxError:
        return False  # the paragraph keeps it; the tree builder reports the broken tag
    if tag is None or tag.end <= state.eMarks[start_line] and not _JSXISH.search(first):
        return False
    tag_line = _line_of(state, tag.end - 1, start_line, stop)
    if src[tag.end : state.eMarks[tag_line]].strip():
        return False  # text follows the tag: inline content of a paragraph
    if silent:
        return True
    last = tag_line
    if not (tag.self_closing or tag.name in VOID):
        last = stop - 1
        for line in range(tag_line + 1, stop):
            at = state.bMarks[line] + state.tShift[line]
            if _COMPONENT_LINE.match(src, at):
                last = line - 1
                break
    tok = state.push("html_block", "", 0)
    tok.map = [start_line, last + 1]
    tok.content = state.getLines(start_line, last + 1, state.blkIndent, True)
    state.line = last + 1
    return True


def html_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's HTML block, except that an HTML block that runs to the next blank line
    (CommonMark's kinds 6 and 7) ends before a component line: in MDX every tag line is JSX,
    and `<br />` then `<CardGroup>` on the next line is a break and a card group."""
    from markdown_it.rules_block.html_block import html_block as markdown_it_html_block

    if not markdown_it_html_block(state, start_line, end_line, silent):
        return False
    if silent:
        return True
    tok = state.tokens[-1]
    first, last = tok.map or (start_line, state.line)
    src = state.src
    if _TYPE_1_TO_5.match(src, state.bMarks[first] + state.tShift[first]):
        return True  # comments, <script>, <pre>…: closed by their own end marker
    for line in range(first + 1, last):
        at = state.bMarks[line] + state.tShift[line]
        if _COMPONENT_LINE.match(src, at):
            tok.map = [first, line]
            tok.content = state.getLines(first, line, state.blkIndent, True)
            state.line = line
            break
    return True


def paragraph(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's paragraph rule, except that a line indented four or more columns past
    the paragraph may still end it when it starts a component or block tag: MDX has no
    indented code, so a tab-indented `<Frame>` after a text line is a Frame, not more text."""
    next_line = start_line + 1
    terminators = state.md.block.ruler.getRules("paragraph")
    end_line = state.lineMax
    old_parent = state.parentType
    state.parentType = "paragraph"
    while next_line < end_line:
        if state.isEmpty(next_line):
            break
        if state.sCount[next_line] - state.blkIndent > 3:
            if mdx_block(state, next_line, end_line, True):
                break
            next_line += 1
            continue
        if state.sCount[next_line] < 0:
            next_line += 1
            continue
        if any(rule(state, next_line, end_line, True) for rule in terminators):
            break
        next_line += 1
    content = _md_trim(state.getLines(start_line, next_line, state.blkIndent, False))
    state.line = next_line
    tok = state.push("paragraph_open", "p", 1)
    tok.map = [start_line, state.line]
    tok = state.push("inline", "", 0)
    tok.content = content
    tok.map = [start_line, state.line]
    tok.children = []
    state.push("paragraph_close", "p", -1)
    state.parentType = old_parent
    return True


def _emit_empty(state: StateBlock, tag: Tag, start_line: int, tag_line: int) -> None:
    tok = state.push("mdx_open", tag.name, 1)
    tok.map = [start_line, tag_line + 1]
    tok.meta = {"tag": tag}
    close = state.push("mdx_close", tag.name, -1)
    close.map = [tag_line, tag_line + 1]
    state.line = tag_line + 1


def _inline_element(state: StateBlock, tag: Tag, start_line: int, end_line: int) -> bool:
    src = state.src
    limit = state.eMarks[end_line - 1]
    unclosed = state.env.setdefault("unclosed_inline", set())
    if tag.name in unclosed:
        state.line = start_line + 1
        return True
    close = _find_inline_close(state, tag.name, tag.end, limit)
    if close < 0:
        unclosed.add(tag.name)
        _problem(
            state,
            tag.start,
            f"`<{tag.name}>` is never closed",
            f"add `</{tag.name}>` where its content ends",
        )
        state.line = start_line + 1
        return True
    close_end = close + len(tag.name) + 3
    close_line = _line_of(state, close, start_line, end_line)
    after = src[close_end : state.eMarks[close_line]]
    if after.strip():
        # Several elements on one line (`<li>a</li><li>b</li>`): keep it as raw HTML.
        return False
    content = src[tag.end : close]
    text = "\n".join(part.strip() for part in content.split("\n")).strip()
    tok = state.push("mdx_inline", tag.name, 0)
    tok.map = [start_line, close_line + 1]
    tok.meta = {"tag": tag}
    tok.content = text
    state.line = close_line + 1
    return True


def _container(state: StateBlock, tag: Tag, start_line: int, tag_line: int, end_line: int) -> bool:
    body_start = tag_line + 1
    unclosed = state.env.setdefault("unclosed", set())
    if tag.name in unclosed:  # reported once already; rescanning for each would be quadratic
        state.line = tag_line + 1
        return True
    close_line = _find_close_line(state, tag.name, body_start, end_line)
    if close_line < 0:
        unclosed.add(tag.name)
        _problem(
            state,
            tag.start,
            f"`<{tag.name}>` is never closed",
            f"add `</{tag.name}>` on its own line where the block ends",
        )
        state.line = tag_line + 1
        return True
    src = state.src
    cb = state.bMarks[close_line] + state.tShift[close_line]
    close_text = f"</{tag.name}>"
    if (
        not src.startswith(close_text, cb)
        or src[cb + len(close_text) : state.eMarks[close_line]].strip()
    ):
        _problem(
            state,
            cb,
            f"`{close_text}` must stand on its own line",
            f"move `{close_text}` to a line of its own",
        )
    depth = state.env.get("mdx_depth", 0)
    if depth >= MAX_DEPTH or state.level >= state.md.options.maxNesting - 4:
        _problem(
            state,
            tag.start,
            f"`<{tag.name}>` is nested too deeply ({depth} levels)",
            "flatten the structure; deeper content would be dropped",
        )
        state.line = close_line + 1
        return True
    tok = state.push("mdx_open", tag.name, 1)
    tok.map = [start_line, body_start]
    tok.meta = {"tag": tag}
    indents = [state.sCount[ln] for ln in range(body_start, close_line) if not state.isEmpty(ln)]
    saved = (state.blkIndent, state.parentType, state.lineMax)
    state.blkIndent = min(indents) if indents else state.blkIndent
    state.parentType = "mdx"  # type: ignore[assignment]
    state.lineMax = close_line
    state.env["mdx_depth"] = depth + 1
    state.line = body_start
    state.md.block.tokenize(state, body_start, close_line)
    state.env["mdx_depth"] = depth
    stopped = state.line
    state.blkIndent, state.parentType, state.lineMax = saved
    if stopped < close_line and any(not state.isEmpty(ln) for ln in range(stopped, close_line)):
        _problem(
            state,
            state.bMarks[stopped] + state.tShift[stopped],
            "this content could not be parsed and would be dropped",
            "check the nesting and indentation of the lines above",
        )
    close = state.push("mdx_close", tag.name, -1)
    close.map = [close_line, close_line + 1]
    state.line = close_line + 1
    return True


def indented_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Lines indented four or more columns past the block indent are nested content, as in
    MDX (which has no indented code blocks): a list indented 4 spaces is a list."""
    base = state.sCount[start_line]
    if base - state.blkIndent < 4 or silent:
        return False
    depth = state.env.get("indent_depth", 0)
    if depth >= MAX_DEPTH or state.level >= state.md.options.maxNesting - 4:
        return False  # the paragraph rule takes it; too deep is reported by the parser
    stop = start_line + 1
    while stop < end_line and (state.isEmpty(stop) or state.sCount[stop] >= base):
        stop += 1
    while stop > start_line + 1 and state.isEmpty(stop - 1):
        stop -= 1
    saved = (state.blkIndent, state.lineMax)
    state.blkIndent, state.lineMax = base, stop
    state.env["indent_depth"] = depth + 1
    state.md.block.tokenize(state, start_line, stop)
    state.env["indent_depth"] = depth
    state.blkIndent, state.lineMax = saved
    state.line = max(state.line, stop)
    return True


_TRIM = "\t\n\v\f\r" + "".join(
    c for c in map(chr, range(0x3001)) if unicodedata.category(c) in ("Zs", "Zl", "Zp")
)
"""What markdown-it-py 4 trims from a paragraph (CommonMark's whitespace: `mdTrim`, which
markdown-it-py 3 lacks; a paragraph keeps the same bytes with either)."""


def _md_trim(text: str) -> str:
    return text.strip(_TRIM)


def make_parser() -> MarkdownIt:
    """The block parser for guides: CommonMark + tables, no indented code, our component rule.

    Inline parsing is left to the renderers (`make_inline_renderer`)."""
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": 64})
    md.enable("table")
    md.disable("code")
    md.disable("inline", ignoreInvalid=True)
    md.block.ruler.before(
        "table",
        "mdx",
        mdx_block,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.block.ruler.after("mdx", "indented", indented_block)
    md.block.ruler.at("html_block", html_block, {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.at("paragraph", paragraph)
    return md
