"""Links in source text, found as the parsers find them, in linear time: Markdown inline links
(nested and escaped brackets, `<…>` destinations, titles, spaces, text over several lines),
HTML `<a href>` read with the tag scanner (quoted or not, closed or not), and reference
definitions (the URL may stand on the next line). Each comes with its extent, so a variant can
unlink it and keep its text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it.common.utils import normalizeReference
from markdown_it.helpers import parseLinkDestination, parseLinkTitle

from renderer.parse.tags import TagSyntaxError, scan_tag

_A_OPEN = re.compile(r"<a(?=[\s>/])", re.I)
_A_CLOSE = re.compile(r"</a\s*>", re.I)
_REF_DEF = re.compile(
    r"^ {0,3}\[(?P<label>(?:[^\[\]\\\n]|\\.){1,999})\]:[ \t]*\n?[ \t]*"
    r"(?P<href><[^<>\n]*>|[^\s<>]\S*)"
    r"(?:[ \t]*\n?[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*(?:\n|\Z)",
    re.M,
)
_TICKS = re.compile(r"`+")
_BRACKETISH = re.compile(r"[\\\[\]]")


@dataclass(frozen=True, slots=True)
class Link:
    """One link in a text: `text[start:end]` is the whole link, `text[inner_start:inner_end]`
    what it shows (empty for a reference definition)."""

    start: int
    end: int
    href: str
    inner_start: int
    inner_end: int
    kind: str
    """`markdown`, `html`, `html-unclosed` or `definition`."""
    label: str = ""
    """A definition's normalised label."""


def find_links(text: str) -> list[Link]:
    """Every link in `text`, by start offset (links inside code spans are text)."""
    if "[" not in text and "<" not in text:
        return []
    code = _code_spans(text)
    out = [*_markdown_links(text, code), *_html_links(text, code), *_definitions(text)]
    out.sort(key=lambda link: link.start)
    kept: list[Link] = []
    end = -1
    for link in out:
        if link.start >= end:
            kept.append(link)
            end = link.end
    return kept


def without_code(text: str) -> str:
    """`text` with every code span blanked (same length): a tag or URL shown as code is text."""
    spans = _code_spans(text)
    if not spans:
        return text
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(" " * (end - start))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Code spans, paired as CommonMark pairs backtick runs (equal lengths), in one pass."""
    if "`" not in text:
        return []
    open_by_len: dict[int, int] = {}
    spans: list[tuple[int, int]] = []
    for mt in _TICKS.finditer(text):
        size = mt.end() - mt.start()
        if size in open_by_len:
            spans.append((open_by_len.pop(size), mt.end()))
            open_by_len = {k: v for k, v in open_by_len.items() if v > spans[-1][0]}
        else:
            open_by_len[size] = mt.start()
    spans.sort()
    return spans


def _in(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(spans, (pos, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _markdown_links(text: str, code: list[tuple[int, int]]) -> Iterator[Link]:
    """`[text](dest "title")`: brackets matched with a stack (escapes honoured)."""
    stack: list[int] = []
    n = len(text)
    skip_to = 0
    for mt in _BRACKETISH.finditer(text):
        i = mt.start()
        if i < skip_to:
            continue
        ch = text[i]
        if ch == "\\":
            skip_to = i + 2
        elif ch == "[":
            if not code or not _in(code, i):
                stack.append(i)
        elif stack and (not code or not _in(code, i)):
            start = stack.pop()
            if i + 1 < n and text[i + 1] == "(" and not (start > 0 and text[start - 1] == "!"):
                end, href = _destination(text, i + 2)
                if end > 0:
                    stack.clear()  # a link cannot contain a link
                    yield Link(start, end, href, start + 1, i, "markdown")
                    skip_to = end


def _destination(text: str, pos: int) -> tuple[int, str]:
    """Past the `)` of `(dest "title")` starting at `pos` (just after `(`), or (-1, "")."""
    limit = len(text)
    while pos < limit and text[pos] in " \t\n":
        pos += 1
    got = _fast_destination(text, pos)
    if got is None:
        return -1, ""
    href, pos = got
    after = pos
    while pos < limit and text[pos] in " \t\n":
        pos += 1
    if pos < limit and pos > after and text[pos] in "\"'(":
        title = parseLinkTitle(text, pos, limit)
        if title.ok:
            pos = title.pos
            while pos < limit and text[pos] in " \t\n":
                pos += 1
    if pos < limit and text[pos] == ")":
        return pos + 1, href
    return -1, ""


_P0 = r"(?:[^\s()\\<]|\\.)"
_P1 = rf"(?:{_P0}|\((?:{_P0})*\))"
_P2 = rf"(?:{_P0}|\((?:{_P1})*\))"
_DEST = re.compile(rf"(?:{_P0}|\((?:{_P2})*\))*")
"""A destination without spaces, parentheses balanced three deep (deeper is not a link
here; a link left in place is still caught by the white-label href check)."""


def _fast_destination(text: str, pos: int) -> tuple[str, int] | None:
    """A link destination at `pos` as CommonMark reads it (`<…>`, or no spaces with balanced
    parentheses); None when there is none. One regex match: long texts stay fast."""
    if text.startswith("<", pos):
        line_end = text.find("\n", pos)
        end = text.find(">", pos + 1, len(text) if line_end < 0 else line_end)
        if end < 0 or "<" in text[pos + 1 : end]:
            return None
        return text[pos + 1 : end], end + 1
    i = _DEST.match(text, pos).end()  # type: ignore[union-attr]
    if i < len(text) and text[i] in "(<":
        return None
    raw = text[pos:i]
    if "\\" in raw or "&" in raw:
        res = parseLinkDestination(text, pos, i)
        if res.ok:
            return res.str, res.pos
    return raw, i


def _html_links(text: str, code: list[tuple[int, int]]) -> Iterator[Link]:
    """`<a href=…>…</a>` read with the tag scanner; an `<a>` never closed links nothing after
    it but its own tag (which is unlinked on its own)."""
    closes = [mt.start() for mt in _A_CLOSE.finditer(text)]
    close_ends = {mt.start(): mt.end() for mt in _A_CLOSE.finditer(text)}
    breaks = paragraph_ends(text)
    for mt in _A_OPEN.finditer(text):
        if _in(code, mt.start()):
            continue
        try:
            tag = scan_tag(text, mt.start(), next_end(breaks, mt.start()))
        except TagSyntaxError:
            continue
        if tag is None or tag.closing:
            continue
        href = next((a.value for a in tag.attrs if a.name.lower() == "href"), None)
        if not isinstance(href, str):
            continue
        k = bisect.bisect_left(closes, tag.end)
        if k < len(closes):
            yield Link(tag.start, close_ends[closes[k]], href, tag.end, closes[k], "html")
        else:
            yield Link(tag.start, tag.end, href, tag.end, tag.end, "html-unclosed")


def paragraph_ends(text: str) -> list[int]:
    """Offsets of every blank line (`\n\n`) in `text`, and its end."""
    return [mt.start() for mt in re.finditer(r"\n(?=\n)", text)] + [len(text)]


def next_end(ends: list[int], pos: int) -> int:
    """The first offset in `ends` (from `paragraph_ends`) at or after `pos`."""
    return ends[bisect.bisect_left(ends, pos)]


def _definitions(text: str) -> Iterator[Link]:
    for mt in _REF_DEF.finditer(text):
        href = mt.group("href")
        if href.startswith("<"):
            href = href[1:-1]
        yield Link(
            mt.start(),
            mt.end(),
            href,
            mt.start(),
            mt.start(),
            "definition",
            normalizeReference(mt.group("label")),
        )
