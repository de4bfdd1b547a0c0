"""Guide -> HTML body through the jinja2 component templates; prose rendered by markdown-it and sanitised."""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from renderer.config.schema import DEFAULT_EMBED_HOSTS
from renderer.core import model as m
from renderer.core.components import INLINE, PAIRED_INLINE
from renderer.core.model import walk
from renderer.core.text import plain_text, slugify
from renderer.parse.embeds import Embeds, embed_html
from renderer.render.code import code_html
from renderer.render.components import ComponentRenderer, on_page
from renderer.render.icons import IconSet
from renderer.render.inline import (
    block_components,
    clean_block_components,
    has_component,
    inline_components,
    read_component,
)
from renderer.render.sanitize import (
    MARKUP_CHARS,
    clean_block,
    clean_class,
    clean_inline,
    inline_html,
    markdown,
)
from renderer.vary.anchors import page_anchors

ELEMENT_TAGS = {"div", "section", "span", "details", "summary", "figure", "figcaption", "aside"}


def enables(actions: tuple[m.Action, ...], scopes: tuple[str, ...]) -> list[str]:
    """Sorted labels of the actions whose scopes meet `scopes`."""
    wanted = set(scopes)
    return sorted({a.label for a in actions if wanted.intersection(a.scopes)}, key=str.lower)


@functools.lru_cache(maxsize=32768)
def render_inline(text: str) -> Markup:
    """Inline Markdown -> sanitised HTML; cached, since brands and guides repeat most texts."""
    return Markup(clean_inline(inline_html(text)))


def prose_html(text: str, md_env: Mapping[str, Any], render_part: Callable[..., str]) -> Markup:
    """A paragraph's or heading's inline source -> sanitised HTML, as pages show it: components
    through `render_part(name, attrs, inner, (text, n))`, reference links from `md_env`."""
    if not text:
        return Markup("")
    if "<" in text and has_component(text):

        def part(name: str, attrs: dict[str, Any], inner: str | None, n: int) -> str:
            return render_part(name, attrs, inner, (text, n))  # ids unique per text

        return Markup(inline_components(text, part, INLINE, PAIRED_INLINE, md_env))
    if "<" not in text and not any(c in text for c in MARKUP_CHARS):
        return escape(text)
    if md_env:  # reference links make the output depend on this page
        return Markup(clean_inline(markdown().renderInline(text, dict(md_env))))
    return render_inline(text)


COMPONENTS = ("callout", "section", "steps", "scope_selector", "panel", "heading")


class Components:
    """A theme's component templates, loaded once.

    `owner` says whose output they make: "" when every brand's environment renders a block to
    the same HTML (no brand overrides any template, and no component reads a brand global or
    pulls in another template), else the brand's key. Rendered blocks are shared by owner."""

    def __init__(
        self,
        env: jinja2.Environment,
        owner: str = "",
        embeds: Embeds | None = None,
        icons: IconSet | None = None,
    ):
        self.templates = {name: env.get_template(f"components/{name}.html") for name in COMPONENTS}
        self.owner = owner
        self.mintlify = ComponentRenderer(
            env, embeds or Embeds(frozenset(DEFAULT_EMBED_HOSTS)), icons
        )
        """Mintlify's components; their partials load on first use."""


BodyMemo = dict[tuple[int, int, int, str], tuple[m.Block, object, object, Markup]]
"""(id of block, of the guide's actions, of its references; owner) -> (the block, actions and
references themselves, which keeps the ids valid; the HTML)."""


class BodyRenderer:
    """Renders one guide's block tree; one instance per page (it holds the page's references)."""

    def __init__(self, components: Components, guide: m.Guide):
        self.guide = guide
        self.refs = guide.extras.references
        self.md_env: dict[str, Any] = {"references": dict(self.refs)} if self.refs else {}
        self.templates = components.templates
        self.mintlify = components.mintlify
        self.anchors = page_anchors(guide.blocks, guide.kind)
        """Field ids and heading aliases (vary/anchors.py: the link checker reads the same)."""
        self.mintlify.field_ids = self.anchors.fields

    def render_part(self, name: str, attrs: dict[str, Any], inner: str | None, n: Any) -> str:
        """An inline component found in prose -> its HTML (`inner` is already sanitised)."""
        return self.mintlify.inline(name, attrs, None if inner is None else Markup(inner), n)

    def inline(self, text: str) -> Markup:
        return prose_html(text, self.md_env, self.render_part)

    def blocks(self, blocks: tuple[m.Block, ...], tight: bool = False) -> Markup:
        return Markup("").join(self.block(b, tight) for b in blocks)

    def block(self, b: m.Block, tight: bool = False) -> Markup:
        t = self.templates
        if isinstance(b, m.Paragraph):
            inner = self.inline(b.text)
            return inner if tight else Markup("<p>%s</p>\n") % inner
        if isinstance(b, m.Heading):
            return Markup(
                t["heading"].render(
                    level=b.level,
                    anchor=b.anchor,
                    alias=self.anchors.aliases.get(id(b), ""),
                    text=self.inline(b.text),
                )
            )
        if isinstance(b, m.ListBlock):
            tag = "ol" if b.ordered else "ul"
            start = Markup(' start="%d"') % b.start if b.ordered and b.start != 1 else ""
            items = Markup("").join(
                Markup("<li>%s</li>\n") % self.blocks(i.body, b.tight) for i in b.items
            )
            return Markup("<%s%s>\n%s</%s>\n") % (Markup(tag), start, items, Markup(tag))
        if isinstance(b, m.CodeBlock):
            return code_html(b, icon=self.mintlify.icons.html)
        if isinstance(b, m.HtmlBlock):
            if has_component(b.html):
                html = clean_block_components(b.html, self.render_part, INLINE, PAIRED_INLINE)
                return Markup(html) + "\n"
            return Markup(clean_block(b.html)) + "\n"
        if isinstance(b, m.MarkdownBlock):
            if has_component(b.source):
                return Markup(
                    block_components(b.source, self.render_part, INLINE, PAIRED_INLINE, self.md_env)
                )
            return Markup(clean_block(markdown().render(b.source, dict(self.md_env))))
        if isinstance(b, m.Component):
            return self.mintlify.block(b, self.blocks, self.inline)
        if isinstance(b, m.Callout):
            return Markup(
                t["callout"].render(kind=b.kind.lower(), label=b.kind, body=self.blocks(b.body))
            )
        if isinstance(b, m.Section):
            return Markup(
                t["section"].render(
                    scopes=" ".join(b.scopes),
                    heading=self.block(b.heading) if b.heading else "",
                    body=self.blocks(b.body),
                )
            )
        if isinstance(b, m.Steps):
            return self.steps(b)
        if isinstance(b, m.ScopeSelector):
            return Markup(t["scope_selector"].render(actions=b.actions))
        if isinstance(b, m.Panel):
            return Markup(t["panel"].render(body=self.blocks(b.body)))
        if isinstance(b, m.WhitelabelHide):
            return Markup('<div class="hd-hub-block">\n%s</div>\n') % self.blocks(b.body)
        if isinstance(b, m.Element):
            return self.element(b)
        return Markup("")

    def steps(self, b: m.Steps) -> Markup:
        views = []
        seen: set[str] = set()
        for s in b.steps:
            anchor = base = f"step-{slugify(s.title)}"  # search results land on a step by this
            n = 1
            while anchor in seen:
                n += 1
                anchor = f"{base}-{n}"
            seen.add(anchor)
            views.append(
                {
                    "title": self.inline(s.title),
                    "anchor": anchor,
                    "scopes": " ".join(s.scopes),
                    "display_scopes": s.display_scopes,
                    "enables": enables(self.guide.actions, s.display_scopes),
                    "body": self.blocks(s.body),
                }
            )
        return Markup(self.templates["steps"].render(steps=views))

    def element(self, b: m.Element) -> Markup:
        if b.tag in ("iframe", "video"):
            return self.embed(b)
        if b.tag not in ELEMENT_TAGS:
            return self.blocks(b.body)
        cls = ""
        for k, v in b.attrs:
            if k in ("className", "class"):
                cls = clean_class(v)
        attr = Markup(' class="%s"') % cls if cls else ""
        return Markup("<%s%s>\n%s</%s>\n") % (
            Markup(b.tag),
            attr,
            self.blocks(b.body),
            Markup(b.tag),
        )

    def embed(self, b: m.Element) -> Markup:
        """`<iframe>`/`<video>` parsed as an element; `<source>` children are read from its body."""
        attrs: dict[str, Any] = dict(b.attrs)
        sources = []
        for n in walk(b.body):
            text = getattr(n, "html", None) or getattr(n, "text", None) or ""
            if "<source" in text:
                found = read_component(f"<video>{text}</video>", 0, frozenset(), frozenset())
                if found is not None:
                    sources += found[1].get("sources", ())
            if isinstance(n, m.Element) and n.tag == "source":
                d = dict(n.attrs)
                sources.append((d.get("src", ""), d.get("type", "")))
        attrs["sources"] = tuple(sources)
        return embed_html(b.tag, attrs, self.mintlify.embeds)


def render_body(components: Components, guide: m.Guide, memo: BodyMemo | None = None) -> Markup:
    """The article body of a page.

    With `memo`, each top-level block is rendered once for all brands whose variant left it
    (and the guide's actions and references) unchanged: varying keeps those the same objects."""
    r = BodyRenderer(components, guide)
    if memo is None:
        return r.blocks(guide.blocks)
    actions, refs, owner = guide.actions, r.refs, components.owner
    out = []
    for b in guide.blocks:
        key = (id(b), id(actions), id(refs), owner)
        hit = memo.get(key)
        if hit is None or hit[0] is not b or hit[1] is not actions or hit[2] is not refs:
            hit = (b, actions, refs, r.block(b))
            memo[key] = hit
        out.append(hit[3])
    return Markup("").join(out)


def connect_context(guide: m.Guide, endpoint: str) -> dict[str, Any] | None:
    """What the connect form needs, or None when the page gets no form."""
    if guide.guide_type != "link-account" or not guide.fields or not endpoint:
        return None  # connector profiles are an admin's setup, not an account to link
    return {
        "endpoint": endpoint.rstrip("/"),
        "provider": guide.connector,
        "auth_method": guide.auth_slug,
        "fields": guide.fields,
    }


def toc(guide: m.Guide) -> list[dict[str, str]]:
    """Level-2 headings for the on-page table of contents."""
    out = []
    for n in on_page(guide.blocks):
        if isinstance(n, m.Heading) and n.level == 2:
            out.append({"anchor": n.anchor, "text": plain_text(n.text)})
    return out


def actions_json(guide: m.Guide) -> str:
    """The guide's actions as JSON for the page's data block (escaped for a script element)."""
    data = [{"id": a.id, "label": a.label, "scopes": list(a.scopes)} for a in guide.actions]
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates on disk; one that cannot be saved (a full disk) is compiled again next
    time (the outputs' own writes report the disk)."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def jinja_env(
    search_path: list[str],
    globals_: Mapping[str, Any] | None = None,
    cache_dir: Path | None = None,
) -> jinja2.Environment:
    """The theme environment: brand folder first, then the base theme; autoescape, strict.

    With `cache_dir`, compiled templates are kept there for the next process."""
    bytecode = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        bytecode = _BytecodeCache(str(cache_dir))
    env = jinja2.Environment(
        bytecode_cache=bytecode,
        loader=jinja2.FileSystemLoader(search_path),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # one environment per build: no stat per template lookup
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    if globals_:
        env.globals.update(globals_)
    return env
