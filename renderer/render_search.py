"""Site variant -> search-index.json: per listed page its title, names, headings and text."""

from __future__ import annotations

import json

from . import model as m
from .fields import walk
from .tree import plain_text

TEXT_LIMIT = 2000


def search_entry(g: m.Guide) -> dict[str, str]:
    """One page's search record."""
    heads: list[str] = []
    text: list[str] = []
    for n in walk(g.blocks):
        if isinstance(n, m.Heading):
            heads.append(plain_text(n.text))
        elif isinstance(n, m.Step):
            heads.append(plain_text(n.title))
        elif isinstance(n, m.Paragraph):
            text.append(plain_text(n.text))
    body = " ".join(text)
    return {
        "u": g.url,
        "t": plain_text(g.title),
        "d": plain_text(g.description),
        "n": f"{g.connector_name} {g.auth_method}".strip(),
        "h": " · ".join(dict.fromkeys(heads)),
        "x": body[:TEXT_LIMIT],
    }


def search_entry_json(g: m.Guide) -> bytes:
    """One page's record, encoded as it stands in the index file (`<` as `\\u003c`: the same
    JSON, inert should anything ever read the file as HTML)."""
    raw = json.dumps(search_entry(g), ensure_ascii=False, separators=(",", ":"))
    return raw.replace("<", "\\u003c").encode()


def search_join(entries: list[bytes]) -> bytes:
    """The index file: a JSON list of the listed pages' records, nav order."""
    return b"[" + b",".join(entries) + b"]"
