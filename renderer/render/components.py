"""Mintlify components (model `Component` nodes, inline tags) -> HTML through the theme partials."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import jinja2
from markupsafe import Markup

from renderer.core import model as m
from renderer.core.components import CODE_GROUPS, MINTLIFY, PARAM_PLACES, SCRIPTED, Spec, partial
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


def on_page(blocks: tuple[m.Block, ...]) -> Iterator[Any]:
    """`walk(blocks)` without what the HTML page leaves out (`<Visibility for="agents">` and
    everything in it): the table of contents and the JSON-LD steps are the page's own."""
    for b in blocks:
        if isinstance(b, m.Component) and b.name == "Visibility" and text(b.get("for")) == "agents":
            continue
        yield b
        if isinstance(b, m.Steps):
            for s in b.steps:
                yield s
                yield from on_page(s.body)
        elif isinstance(b, m.ListBlock):
            for item in b.items:
                yield item
                yield from on_page(item.body)
        elif isinstance(b, m.Section):
            if b.heading:
                yield b.heading
            yield from on_page(b.body)
        elif hasattr(b, "body") and isinstance(b.body, tuple):
            yield from on_page(b.body)


BlockRenderer = Callable[[tuple[m.Block, ...]], Markup]
InlineRenderer = Callable[[str], Markup]

READERS: dict[str, Callable[[Any, InlineRenderer], Any]] = {
    "text": lambda v, _inline: text(v),
    "inline": lambda v, inline: inline(text(v)),
    "url": lambda v, _inline: safe_url(v),
    "flag": lambda v, _inline: flag(v),
    "cols": lambda v, _inline: cols(v),
}
"""How a registry `Attr` is read for a partial (`choice` is per component, `icon` per site:
ComponentRenderer.context)."""


class ComponentRenderer:
    """Renders `Component` nodes and inline components with `components/mintlify/*.html`."""

    def __init__(self, env: jinja2.Environment, embeds: Embeds, icons: IconSet | None = None):
        self.env = env
        self.embeds = embeds
        self.icons = icons or IconSet()
        """The site's icons (its `icons.library`; what it drew, what it could not)."""
        self._templates: dict[str, jinja2.Template] = {}
        self.field_ids: Mapping[int, str] = {}
        """The page being rendered's field ids (id() of the Component -> id; vary/anchors.py)."""

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

    def block(self, c: m.Component, blocks: BlockRenderer, inline: InlineRenderer) -> Markup:
        """A Component node through its registry entry: the partial with its attributes read
        as the entry says, or the entry's render hook."""
        spec = MINTLIFY.get(c.name)
        if spec is None:
            return blocks(c.body)
        if spec.render:
            hook: Callable[..., Markup] = getattr(self, f"_{spec.render}")
            return hook(c, spec, blocks, inline)
        return self.render(c.name, **self.context(c, spec, inline), body=blocks(c.body))

    def context(self, c: m.Component, spec: Spec, inline: InlineRenderer) -> dict[str, Any]:
        """The partial's variables from the component's attributes (registry `attrs`)."""
        a = dict(c.attrs)
        ctx: dict[str, Any] = {}
        for at in spec.attrs:
            source = at.source or at.name
            if at.reader == "choice":
                ctx[at.name] = choice(c.name, source, a.get(source))
            elif at.reader == "icon":  # the site's icon library; `iconType` picks the style
                value = a.get(source)
                ctx[at.name] = (
                    icon_html(value, None, a.get("iconType"), self.icons) if value else ""
                )
            else:
                ctx[at.name] = READERS[at.reader](a.get(source), inline) or at.default
        return ctx

    @staticmethod
    def uid(c: m.Component) -> str:
        return f"hd-{c.name.replace('.', '-').lower()}-{c.span.line}-{c.span.col}"

    # -- render hooks (registry `render`) ------------------------------------------

    def _visibility(self, c: m.Component, spec: Spec, blocks: BlockRenderer, inline: Any) -> Markup:
        """`<Visibility for="agents">`: nothing on the page (its twin and llms files have it);
        `for="humans"` (and any other value, which the parser refuses): the partial."""
        if text(c.get("for")) == "agents":
            return Markup("")
        return self.render(c.name, body=blocks(c.body))

    def _children(self, c: m.Component, spec: Spec, blocks: BlockRenderer, inline: Any) -> Markup:
        return blocks(c.body)

    def _inline(self, c: m.Component, spec: Spec, blocks: BlockRenderer, inline: Any) -> Markup:
        """An inline component standing alone on its lines: a paragraph of it."""
        return Markup("<p>%s</p>\n") % self.inline(
            c.name, dict(c.attrs), self.inline_body(c, blocks)
        )

    def _tree(self, c: m.Component, spec: Spec, blocks: BlockRenderer, inline: Any) -> Markup:
        icons = {"Tree.Folder": "folder", "Tree.File": "file"}
        icon = icon_html(icons[c.name], icons=self.icons) if c.name in icons else ""
        ctx = self.context(c, spec, inline)
        return self.render(c.name, **ctx, icon=icon, body=blocks(c.body))

    def _prompt(self, c: m.Component, spec: Spec, blocks: BlockRenderer, inline: Any) -> Markup:
        ctx = self.context(c, spec, inline)
        return self.render(c.name, id=self.uid(c), **ctx, body=blocks(c.body))

    def _update(self, c: m.Component, spec: Spec, blocks: BlockRenderer, inline: Any) -> Markup:
        label = text(c.get("label"))
        tags = c.get("tags")
        return self.render(
            "Update",
            id=slug(label),
            label=label,
            description=inline(text(c.get("description"))),
            tags=[text(t) for t in tags] if isinstance(tags, tuple) else [],
            body=blocks(c.body),
        )

    @staticmethod
    def inline_body(c: m.Component, blocks: BlockRenderer) -> Markup:
        """A block-level Tooltip/Badge body, unwrapped from its paragraph."""
        html = blocks(c.body)
        s = str(html).strip()
        if s.startswith("<p>") and s.endswith("</p>") and s.count("<p>") == 1:
            return Markup(s[3:-4])
        return html

    def _tabs(self, c: m.Component, spec: Spec, blocks: BlockRenderer, inline: Any) -> Markup:
        base = self.uid(c)
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

    def _field(self, c: m.Component, spec: Spec, blocks: BlockRenderer, inline: Any) -> Markup:
        a = dict(c.attrs)
        place, name = "", text(a.get("name"))
        if c.name == "ParamField":
            for p in PARAM_PLACES:
                if p in a:
                    place, name = p, text(a[p])
                    break
        default = a.get("default")
        return self.render(
            c.name,
            id=self.field_ids.get(id(c), ""),
            name=name,
            place=place,
            type=text(a.get("type")),
            required=flag(a.get("required")),
            deprecated=flag(a.get("deprecated")),
            default="" if default is None else repr_literal(default),
            body=blocks(c.body),
        )

    def _color(self, c: m.Component, spec: Spec, blocks: BlockRenderer, inline: Any) -> Markup:
        a = dict(c.attrs)
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


def needs_script(blocks: tuple[m.Block, ...]) -> bool:
    """Does a page need `mintlify.js` (tabs, code groups, copy buttons, tooltips)?"""
    for n in walk(blocks):
        if isinstance(n, m.Component) and n.name in SCRIPTED:
            return True
        text = getattr(n, "text", None) or getattr(n, "html", None) or getattr(n, "source", "")
        if isinstance(text, str) and "<Tooltip" in text:
            return True
    return False
