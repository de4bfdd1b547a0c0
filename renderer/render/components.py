"""Mintlify components (model `Component` nodes, inline tags) -> HTML through the theme partials."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from markupsafe import Markup

from renderer.core import model as m
from renderer.core.model import walk
from renderer.parse.embeds import Embeds, embed_html
from renderer.render.code import code_html, fence_meta, tab_label
from renderer.render.icons import IconSet, icon_html, icon_label, icon_ref
from renderer.render.jsx_values import (
    choice,
    color_value,
    cols,
    flag,
    repr_literal,
    safe_url,
    slug,
    text,
    uid,
)

INLINE = frozenset({"Icon", "Tooltip", "Badge"})
"""Components rendered inside a line of prose."""
PAIRED_INLINE = frozenset({"Tooltip", "Badge"})
"""Inline components that wrap text (`<Tooltip tip="…">word</Tooltip>`)."""
CODE_GROUPS = {"CodeGroup": "", "RequestExample": "Request", "ResponseExample": "Response"}
PARAM_PLACES = ("path", "query", "body", "header", "cookie")
BlockRenderer = Callable[[tuple[m.Block, ...]], Markup]
InlineRenderer = Callable[[str], Markup]


def partial(name: str) -> str:
    """The theme partial of a component: `CodeGroup` -> `components/mintlify/code-group.html`,
    `Tree.Folder` -> `components/mintlify/tree-folder.html`."""
    kebab = "-".join(re.sub(r"(?<!^)(?=[A-Z])", "-", part) for part in name.split("."))
    return f"components/mintlify/{kebab.lower()}.html"


class ComponentRenderer:
    """Renders `Component` nodes and inline components with `components/mintlify/*.html`."""

    def __init__(self, env: jinja2.Environment, embeds: Embeds, icons: IconSet | None = None):
        self.env = env
        self.embeds = embeds
        self.icons = icons or IconSet()
        """The site's icons (its `icons.library`; what it drew, what it could not)."""
        self._templates: dict[str, jinja2.Template] = {}

    def render(self, component: str, /, **ctx: Any) -> Markup:
        t = self._templates.get(component)
        if t is None:
            t = self._templates[component] = self.env.get_template(partial(component))
        return Markup(t.render(**ctx))

    # -- inline ----------------------------------------------------------------

    def inline(
        self, name: str, attrs: Mapping[str, Any], inner: Markup | None, n: Any = 0
    ) -> Markup:
        """An inline component (or an `<iframe>`/`<video>` embed) from its attributes and the
        sanitised HTML between its tags."""
        if name in ("iframe", "video"):
            return embed_html(name, attrs, self.embeds)
        if name == "Icon":
            return self.icon(attrs)
        inner = inner if inner is not None else Markup("")
        if name == "Tooltip":
            tip = text(attrs.get("tip"))
            return self.render(
                "Tooltip",
                id=uid("tip", tip, inner, n),
                tip=tip,
                headline=text(attrs.get("headline")),
                cta=text(attrs.get("cta")),
                href=safe_url(attrs.get("href")),
                body=inner,
            )
        if name == "Badge":
            return self.badge(attrs, inner)
        return inner

    def icon(self, attrs: Mapping[str, Any]) -> Markup:
        """A standalone icon speaks its name (a ✓ in a feature table is the cell's content)."""
        name = icon_ref(attrs.get("icon"))[0]
        label = text(attrs.get("label")) or text(attrs.get("alt")) or icon_label(name)
        svg = icon_html(attrs.get("icon"), attrs.get("size"), attrs.get("iconType"), self.icons)
        return self.render("Icon", svg=svg, label=label)

    def badge(self, attrs: Mapping[str, Any], inner: Markup) -> Markup:
        return self.render(
            "Badge",
            color=choice("Badge", "color", attrs.get("color")) or "gray",
            size=choice("Badge", "size", attrs.get("size")),
            shape=choice("Badge", "shape", attrs.get("shape")),
            stroke=flag(attrs.get("stroke")),
            disabled=flag(attrs.get("disabled")),
            icon=icon_html(attrs.get("icon"), None, attrs.get("iconType"), self.icons)
            if attrs.get("icon")
            else "",
            body=inner,
        )

    # -- blocks ----------------------------------------------------------------

    def block(self, c: m.Component, blocks: BlockRenderer, inline: InlineRenderer) -> Markup:  # noqa: C901 - a dispatch table
        a = dict(c.attrs)
        name = c.name
        uid_base = f"hd-{name.replace('.', '-').lower()}-{c.span.line}-{c.span.col}"
        if name in ("Tabs", *CODE_GROUPS):
            return self.tabs(c, blocks, inline, uid_base)
        icon = (
            icon_html(a.get("icon"), None, a.get("iconType"), self.icons) if a.get("icon") else ""
        )
        title = inline(text(a.get("title")))
        if name in ("Accordion", "Expandable"):
            default_title = "Show properties" if name == "Expandable" else ""
            return self.render(
                name,
                title=title or default_title,
                description=inline(text(a.get("description"))),
                icon=icon,
                open=flag(a.get("defaultOpen")),
                body=blocks(c.body),
            )
        if name in ("CardGroup", "Columns"):
            return self.render(name, cols=cols(a.get("cols")), body=blocks(c.body))
        if name == "Card":
            return self.render(
                "Card",
                title=title,
                icon=icon,
                href=safe_url(a.get("href")),
                img=safe_url(a.get("img")),
                horizontal=flag(a.get("horizontal")),
                cta=text(a.get("cta")),
                body=blocks(c.body),
            )
        if name == "Tile":
            return self.render(
                "Tile",
                title=title,
                description=inline(text(a.get("description"))),
                href=safe_url(a.get("href")),
                body=blocks(c.body),
            )
        if name == "Frame":
            return self.render(
                "Frame",
                caption=inline(text(a.get("caption"))),
                hint=inline(text(a.get("hint"))),
                body=blocks(c.body),
            )
        if name == "Update":
            label = text(a.get("label"))
            tags = a.get("tags")
            return self.render(
                "Update",
                id=slug(label),
                label=label,
                description=inline(text(a.get("description"))),
                tags=[text(t) for t in tags] if isinstance(tags, tuple) else [],
                body=blocks(c.body),
            )
        if name in ("ParamField", "ResponseField"):
            return self.field(c, a, blocks)
        if name in ("Tree", "Tree.Folder", "Tree.File"):
            return self.render(
                name,
                name=text(a.get("name")),
                open=flag(a.get("defaultOpen")),
                highlight=flag(a.get("highlight")),
                icon=icon_html("folder" if name == "Tree.Folder" else "file", icons=self.icons)
                if name != "Tree"
                else "",
                body=blocks(c.body),
            )
        if name in ("Color", "Color.Row", "Color.Item"):
            return self.color(c, a, blocks)
        if name == "Prompt":
            return self.render(
                "Prompt",
                id=uid_base,
                description=inline(text(a.get("description"))),
                body=blocks(c.body),
            )
        if name == "Callout":
            return self.render(
                "Callout",
                icon=icon,
                color=choice("Callout", "color", a.get("color")),
                body=blocks(c.body),
            )
        if name in ("Icon", "Tooltip", "Badge"):
            body = self.inline_body(c, blocks)
            return Markup("<p>%s</p>\n") % self.inline(name, a, body)
        if name in ("AccordionGroup", "Banner", "View", "Visibility", "Column", "Tab"):
            return self.render(name, title=title, icon=icon, body=blocks(c.body))
        return blocks(c.body)

    @staticmethod
    def inline_body(c: m.Component, blocks: BlockRenderer) -> Markup:
        """A block-level Tooltip/Badge body, unwrapped from its paragraph."""
        html = blocks(c.body)
        s = str(html).strip()
        if s.startswith("<p>") and s.endswith("</p>") and s.count("<p>") == 1:
            return Markup(s[3:-4])
        return html

    def tabs(
        self, c: m.Component, blocks: BlockRenderer, inline: InlineRenderer, base: str
    ) -> Markup:
        panels = []
        for i, child in enumerate(c.body):
            if isinstance(child, m.CodeBlock):
                meta = fence_meta(child.info)
                label = tab_label(meta, CODE_GROUPS.get(c.name, ""), i)
                body = code_html(child, with_title=False, icon=self.icons.html)
                icon = icon_html(meta.icon, icons=self.icons) if meta.icon else ""
            elif isinstance(child, m.Component) and child.name == "Tab":
                label = text(child.get("title")) or f"Tab {i + 1}"
                body = blocks(child.body)
                icon = (
                    icon_html(child.get("icon"), None, child.get("iconType"), self.icons)
                    if child.get("icon")
                    else ""
                )
            else:
                label = ""
                body = blocks((child,))
                icon = ""
            panels.append({"id": f"{base}-{i}", "label": label, "icon": icon, "body": body})
        return self.render(
            c.name,
            id=base,
            label=CODE_GROUPS.get(c.name, ""),
            dropdown=flag(c.get("dropdown")),
            panels=[p for p in panels if p["label"]],
            extra=Markup("").join(p["body"] for p in panels if not p["label"]),
        )

    def field(self, c: m.Component, a: dict[str, Any], blocks: BlockRenderer) -> Markup:
        place, name = "", text(a.get("name"))
        if c.name == "ParamField":
            for p in PARAM_PLACES:
                if p in a:
                    place, name = p, text(a[p])
                    break
        default = a.get("default")
        return self.render(
            c.name,
            id=f"{c.name.lower()}-{place + '-' if place else ''}{slug(name)}" if name else "",
            name=name,
            place=place,
            type=text(a.get("type")),
            required=flag(a.get("required")),
            deprecated=flag(a.get("deprecated")),
            default="" if default is None else repr_literal(default),
            body=blocks(c.body),
        )

    def color(self, c: m.Component, a: dict[str, Any], blocks: BlockRenderer) -> Markup:
        if c.name == "Color.Item":
            value = a.get("value")
            swatches = []
            if isinstance(value, Mapping):
                for mode in ("light", "dark"):
                    if mode in value:
                        swatches.append(
                            {
                                "mode": mode,
                                "text": text(value[mode]),
                                "fill": color_value(value[mode]),
                            }
                        )
            else:
                swatches.append({"mode": "", "text": text(value), "fill": color_value(value)})
            return self.render("Color.Item", name=text(a.get("name")), swatches=swatches)
        variant = text(a.get("variant"))
        return self.render(
            c.name,
            title=text(a.get("title")),
            variant=variant if variant in ("compact", "table") else "compact",
            body=blocks(c.body),
        )


SCRIPTED = frozenset({"Tabs", "CodeGroup", "RequestExample", "ResponseExample", "Prompt"})
"""Components that `mintlify.js` enhances (each page loads it only when it has one)."""


def needs_script(blocks: tuple[m.Block, ...]) -> bool:
    """Does a page need `mintlify.js` (tabs, code groups, copy buttons, tooltips)?"""
    for n in walk(blocks):
        if isinstance(n, m.Component) and n.name in SCRIPTED:
            return True
        text = getattr(n, "text", None) or getattr(n, "html", None) or getattr(n, "source", "")
        if isinstance(text, str) and "<Tooltip" in text:
            return True
    return False
