"""An `Operation` -> the text search indexes for it, and its one-line llms.txt entry."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from renderer.openapi.model import Operation, Schema, listing
from renderer.render.defang import defang

_TAG = re.compile(r"<[^>]*>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"[*_`#>]+")


def plain(text: str) -> str:
    """Markdown and HTML reduced to its words (tags dropped, links to their text)."""
    return " ".join(_MARKS.sub(" ", _LINK.sub(r"\1", _TAG.sub(" ", text))).split())


def _field_names(s: Schema | None, depth: int = 0) -> list[str]:
    if s is None or depth > 2:
        return []
    target = s.items if s.is_array and s.items is not None else s
    out = []
    for f in target.properties:
        out.append(f.name)
        out += _field_names(f.schema, depth + 1)
    return out


def search_text(op: Operation) -> str:
    """Summary, method and path, operation id, parameter names, body field names and the
    description's words: what a reader may type to find the page."""
    parts = [op.title, op.label, op.operation_id, *(p.name for p in op.parameters)]
    if op.request_body is not None:
        for m in op.request_body.contents[:1]:
            parts += _field_names(m.schema)
    parts.append(plain(op.description))
    return " ".join(" ".join(p.split()) for p in dict.fromkeys(parts) if p)


def llms_line(op: Operation, url: str, title: str = "") -> str:
    """`- [Title](url): description` (its first line), as llms.txt lists pages."""
    return _llms_line(op.title, op.label, op.description, url, title)


def _llms_line(op_title: str, label: str, description: str, url: str, title: str) -> str:
    name = " ".join((title or op_title).split()).replace("]", ")")
    first = next((plain(line) for line in description.split("\n") if plain(line)), "")
    line = f"- [{defang(name)}]({url})"
    return line + (f": {defang(' '.join(first.split()))}" if first else f": {label}")


API_SECTION = "API reference"
"""llms.txt's heading for API pages (`## API reference: <tag group>`); untagged operations and
schema pages go under the bare heading, as Mintlify lists untagged operations."""


def llms_api_sections(
    pages: Iterable[Any],
    url: Callable[[Any], str],
    entry: Callable[[str, str, str], str],
    summary: bool = False,
) -> list[str]:
    """llms.txt's API part: the API reference pages (`extras.api` set) grouped by their tag
    group, in the order the groups first appear; each operation with its description (the
    page's own, else the operation's first line, else its method and path). With `summary`
    (a list of every page would not fit llms.txt's budget): one line per group, linking to its
    first page, with its number of pages."""
    if summary:
        firsts: dict[str, tuple[Any, int]] = {}
        for g in pages:
            api = listing(g.extras.api)
            if api is not None:
                first, n = firsts.get(api.group, (g, 0))
                firsts[api.group] = (first, n + 1)
        if not firsts:
            return []
        lines = [
            entry(group or API_SECTION, url(first), f"{n} page{'s' if n != 1 else ''}")
            for group, (first, n) in firsts.items()
        ]
        return [f"## {API_SECTION}", "", *lines, ""]
    groups: dict[str, list[str]] = {}
    for g in pages:
        api = listing(g.extras.api)
        if api is None:
            continue
        if api.label and not g.description:
            line = _llms_line(g.title, api.label, api.description, url(g), g.title)
        else:  # the page's own description; a schema page
            line = entry(g.title, url(g), g.description)
        groups.setdefault(api.group, []).append(line)
    out: list[str] = []
    for group, lines in groups.items():
        title = f"{API_SECTION}: {defang(' '.join(group.split()))}" if group else API_SECTION
        out += [f"## {title}", "", *lines, ""]
    return out
