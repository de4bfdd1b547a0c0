"""A page's anchors besides its heading ids: the ids Mintlify gives ParamField/ResponseField
elements (`#param-icons`) and, on guides, the heading ids hubdocs gave before it used
Mintlify's slugger (kept as aliases, so that links made to them keep working).

The renderer and the link checker both read them from here, so a link is accepted exactly
when the page has the target."""

from __future__ import annotations

from dataclasses import dataclass, field

from renderer.core import model as m
from renderer.core.model import walk
from renderer.core.text import FieldIds, slugify

FIELD_COMPONENTS = frozenset({"ParamField", "Param", "ResponseField"})
"""The components Mintlify gives a `param-…` id."""
PARAM_NAME_ATTRS = ("query", "path", "body", "header")
"""Where a ParamField's name is, in Mintlify's order of precedence."""


def field_name(c: m.Component) -> str:
    """The name a field's id is made from (ResponseField `name`; ParamField's first non-empty
    `query`, `path`, `body` or `header`)."""
    keys = ("name",) if c.name == "ResponseField" else PARAM_NAME_ATTRS
    for key in keys:
        value = c.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


@dataclass(frozen=True)
class PageAnchors:
    """The ids of one page's fields, and the old ids of its headings (guides only)."""

    fields: dict[int, str] = field(default_factory=dict)
    """id() of a field Component -> its id (the author's `id`, else Mintlify's)."""
    aliases: dict[int, str] = field(default_factory=dict)
    """id() of a Heading -> the id hubdocs gave it before (only where that differs and no
    other element of the page has it)."""

    def ids(self) -> set[str]:
        return set(self.fields.values()) | set(self.aliases.values())


def page_anchors(blocks: tuple[m.Block, ...], kind: str = "page") -> PageAnchors:
    """The field ids of a block tree, and for a guide (`kind`) its heading aliases."""
    nodes = list(walk(blocks))
    fields = [n for n in nodes if isinstance(n, m.Component) and n.name in FIELD_COMPONENTS]
    out = PageAnchors()
    if fields:
        claimed = [v for c in fields if isinstance(v := c.get("id"), str) and v]
        ids = FieldIds(claimed)
        for c in fields:
            own = c.get("id")
            if isinstance(own, str) and own:
                out.fields[id(c)] = own
            elif name := field_name(c):
                out.fields[id(c)] = ids.take(name)
    if kind == "guide":
        taken = {n.anchor for n in nodes if isinstance(n, m.Heading)}
        taken |= {v for n in nodes if isinstance(n, m.Element) for k, v in n.attrs if k == "id"}
        taken |= set(out.fields.values())
        counts: dict[str, int] = {}
        for n in nodes:
            if not isinstance(n, m.Heading):
                continue
            base = slugify(n.text)
            k = counts.get(base, 0)
            counts[base] = k + 1
            old = base if k == 0 else f"{base}-{k}"
            if old != n.anchor and old not in taken:
                out.aliases[id(n)] = old
                taken.add(old)
    return out
