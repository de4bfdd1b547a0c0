"""(Guide, Brand) -> Guide: drop white-label-hidden blocks, swap brand terms in text, unlink hidden targets."""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Callable, Iterable
from typing import Any

from renderer.config.schema import Brand
from renderer.core import model as m
from renderer.core.text import HeadingIds
from renderer.parse.link_scan import find_links, without_code
from renderer.vary.anchors import page_anchors

TextFn = Callable[[str], str]

# Regions where brand terms are never replaced: URLs and URL-bearing attributes.
_PROTECTED = (
    r"(?:href|src|srcset|action|data-[\w-]*url)\s*=\s*(?:\"[^\"]*\"|'[^']*')"
    r"|\]\([^)\s]*"
    r"|<https?://[^>]*>"
    r"|https?://[^\s\"'<>)\]]+"
)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class TermSwap:
    """Replace a brand's parent terms with its own, outside URLs, after mapping the parent's
    URLs to the brand's (`urls`: prefix -> prefix, longest first). Fenced code gets the URL
    map only: a brand word in code stays, and the leak check reports it."""

    def __init__(self, terms: Iterable[tuple[str, str]], urls: Iterable[tuple[str, str]] = ()):
        self.terms = dict(terms)
        if self.terms:
            alts = "|".join(re.escape(t) for t in sorted(self.terms, key=len, reverse=True))
            self.pattern: re.Pattern[str] | None = re.compile(
                rf"(?P<keep>{_PROTECTED})|(?<![\w-])(?P<term>{alts})(?!\w)"
            )
        else:
            self.pattern = None
        self.urls = dict(urls)
        self.url_re = (
            re.compile("|".join(re.escape(u) for u in sorted(self.urls, key=len, reverse=True)))
            if self.urls
            else None
        )

    @classmethod
    def for_brand(cls, brand: Brand) -> TermSwap:
        return cls(brand.terms, brand.urls)

    def map_urls(self, text: str) -> str:
        """The parent's URLs as the brand's (in links, autolinks, code spans and code)."""
        if self.url_re is None or not text or not any(u in text for u in self.urls):
            return text
        return self.url_re.sub(lambda mt: self.urls[mt.group(0)], text)

    def __call__(self, text: str) -> str:
        text = self.map_urls(text)
        if self.pattern is None or not text or not any(t in text for t in self.terms):
            return text
        return self.pattern.sub(self._sub, text)

    def code(self, text: str) -> str:
        return self.map_urls(text)

    def _sub(self, mt: re.Match[str]) -> str:
        term = mt.group("term")
        return self.terms[term] if term else mt.group(0)


class VariantText:
    """A variant's text transform for one page: URLs mapped, terms swapped, dead links
    unlinked (when `unlink`); `code` for fenced code, `body` for the twin's whole source."""

    def __init__(self, swap: TermSwap, unlink: Unlinker | None):
        self.swap, self.unlink = swap, unlink

    def __call__(self, text: str) -> str:
        text = self.swap(text)
        return self.unlink(text) if self.unlink is not None else text

    def code(self, text: str) -> str:
        return self.swap.code(text)

    def body(self, text: str) -> str:
        """The twin's source: fenced code gets the URL map only, the rest everything."""
        if "```" not in text and "~~~" not in text:
            return self(text)
        from renderer.parse.mdx_text import fence_step

        lines = text.split("\n")
        out: list[str] = []
        run: list[str] = []
        fence = None
        for line in lines:
            fence, code = fence_step(fence, line)
            if code:
                if run:
                    out.append(self("\n".join(run)))
                    run = []
                out.append(self.code(line))
            else:
                run.append(line)
        if run:
            out.append(self("\n".join(run)))
        return "\n".join(out)


def internal_path(href: str, page_url: str) -> str | None:
    """The site path a link points at (relative links resolved), or None for other sites."""
    href = href.strip()
    if href.startswith("//") or _SCHEME.match(href):
        return None
    if href.startswith(("/", "#", "?")):
        return href
    base = page_url.rsplit("/", 1)[0] + "/"
    return posixpath.normpath(base + href) + ("/" if href.endswith("/") else "")


def split_href(href: str) -> tuple[str, str]:
    """`/a/b.md#x` -> ("/a/b", "x"); query strings dropped."""
    path, _, frag = href.partition("#")
    path = path.split("?", 1)[0]
    for suffix in (".md", ".html"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    if len(path) > 1:
        path = path.rstrip("/")
    return path, frag


class Unlinker:
    """Remove links (keeping their text) whose internal target is absent from a variant."""

    def __init__(self, targets: dict[str, frozenset[str]], page_url: str):
        self.targets = targets
        self.page_url = page_url

    def resolves(self, href: str) -> bool:
        target = internal_path(href, self.page_url)
        if target is None:
            return True
        path, frag = split_href(target)
        path = path or self.page_url
        anchors = self.targets.get(path)
        if anchors is None:
            return False
        return not frag or frag in anchors

    def __call__(self, text: str) -> str:
        out: list[str] = []
        pos = 0
        for link in find_links(text):
            if self.resolves(link.href):
                continue
            out.append(text[pos : link.start])
            out.append(text[link.inner_start : link.inner_end])  # the text it shows, if any
            pos = link.end
        if out:
            out.append(text[pos:])
            text = "".join(out)
        return self.component_hrefs(text)

    def component_hrefs(self, text: str) -> str:
        """`text` without the `href` of a component (`<Card href="/x">`) whose target the
        variant lacks: the card stays, as a link's text does, without the link."""
        if "href" not in text:
            return text
        seen = without_code(text)
        drop = [
            mt.span(1)
            for mt in _COMPONENT_HREF.finditer(seen)
            if not self.resolves(text[mt.start(2) + 1 : mt.end(2) - 1].strip("{}\" '"))
        ]
        for start, end in reversed(drop):
            text = text[:start] + text[end:]
        return text

    def references(self, refs: dict) -> dict:
        """Reference definitions whose targets exist in the variant."""
        return {k: v for k, v in refs.items() if self.resolves(v.get("href", ""))}


_COMPONENT_HREF = re.compile(
    r"<[A-Z][\w.]*\b[^<>]*?(\s+href\s*=\s*(\"[^\"]*\"|'[^']*'|\{\s*\"[^\"]*\"\s*\}))"
)
"""A component tag's `href` attribute (group 1) and its quoted value (group 2)."""


def _replace(node, **changes):  # noqa: ANN001, ANN003, ANN202
    """`node` with `changes`, or `node` itself when nothing actually changed (so unchanged
    subtrees stay the same objects, and a variant costs nothing where it changes nothing)."""
    for key, value in changes.items():
        old = getattr(node, key)
        if value is not old and (type(value) is not str or value != old):
            return dataclasses.replace(node, **changes)
    return node


def _same(new: list | tuple, old: tuple) -> tuple:
    """`old` when `new` holds the same objects, else `new` as a tuple."""
    if len(new) == len(old) and all(a is b for a, b in zip(new, old, strict=True)):
        return old
    return tuple(new)


def drop_hidden(blocks: tuple[m.Block, ...], cuts: list[m.Span]) -> tuple[m.Block, ...]:
    """Blocks without WhitelabelHide nodes (at any depth); their spans go to `cuts`."""
    out: list[m.Block] = []
    for b in blocks:
        if isinstance(b, m.WhitelabelHide):
            cuts.append(b.span)
            continue
        out.append(_map_children(b, lambda bs: drop_hidden(bs, cuts)))
    return _same(out, blocks)


def _map_children(node, fn: Callable[[tuple], tuple]):  # noqa: ANN001, ANN202
    if isinstance(node, m.Steps):
        return _replace(
            node, steps=_same([_replace(s, body=fn(s.body)) for s in node.steps], node.steps)
        )
    if isinstance(node, m.ListBlock):
        return _replace(
            node, items=_same([_replace(i, body=fn(i.body)) for i in node.items], node.items)
        )
    if hasattr(node, "body") and isinstance(node.body, tuple):
        return _replace(node, body=fn(node.body))
    return node


def map_text(blocks: tuple[m.Block, ...], fn: TextFn, anchors: HeadingIds) -> tuple:
    """Apply `fn` to every text a reader sees; heading anchors are given again, in order, from
    the new text (`anchors`: the page's slugger)."""
    return _same([_text_node(b, fn, anchors) for b in blocks], blocks)


def _heading(h: m.Heading, fn: TextFn, anchors: HeadingIds) -> m.Heading:
    text = fn(h.text)
    anchor = anchors.take(text, h.level)
    if text == h.text and anchor == h.anchor:
        return h
    return dataclasses.replace(h, text=text, anchor=anchor)


def _text_node(b, fn: TextFn, anchors: HeadingIds):  # noqa: ANN001, ANN202
    def kids(bs: tuple) -> tuple:
        return map_text(bs, fn, anchors)

    if isinstance(b, m.Paragraph):
        return _replace(b, text=fn(b.text))
    if isinstance(b, m.Heading):
        return _heading(b, fn, anchors)
    if isinstance(b, m.HtmlBlock):
        return _replace(b, html=fn(b.html))
    if isinstance(b, m.MarkdownBlock):
        return _replace(b, source=fn(b.source))
    if isinstance(b, m.CodeBlock):  # code: URLs mapped, words left for the leak check
        return _replace(b, code=getattr(fn, "code", fn)(b.code))
    if isinstance(b, m.Element):
        attrs = tuple((k, fn(v) if k in ("alt", "title", "aria-label") else v) for k, v in b.attrs)
        return _replace(b, attrs=b.attrs if attrs == b.attrs else attrs, body=kids(b.body))
    if isinstance(b, m.ScopeSelector):
        acts = _same([_replace(a, label=fn(a.label)) for a in b.actions], b.actions)
        return _replace(b, actions=acts)
    if isinstance(b, m.Section):
        heading = _heading(b.heading, fn, anchors) if b.heading else None
        return _replace(b, heading=heading, body=kids(b.body))
    if isinstance(b, m.Steps):
        steps = [_replace(s, title=fn(s.title), body=kids(s.body)) for s in b.steps]
        return _replace(b, steps=_same(steps, b.steps))
    unlink = getattr(fn, "unlink", None)
    if isinstance(b, m.Component) and unlink is not None and "href" in dict(b.attrs):
        attrs = tuple(
            (k, v)
            for k, v in b.attrs
            if not (k == "href" and isinstance(v, str) and not unlink.resolves(v))
        )
        if attrs != b.attrs:
            b = dataclasses.replace(b, attrs=attrs)
    return _map_children(b, kids)


def renumber(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
    """Heading anchors given again without the hidden headings (a white-label page must not
    say `#setup-2` where its only `Setup` heading is the second one in the source)."""
    ids = HeadingIds()

    def fix(b):  # noqa: ANN001, ANN202
        if isinstance(b, m.Heading):
            anchor = ids.take(b.text, b.level)
            return b if anchor == b.anchor else _replace(b, anchor=anchor)
        if isinstance(b, m.Section) and b.heading is not None:
            return _replace(b, heading=fix(b.heading), body=_same([fix(x) for x in b.body], b.body))
        return _map_children(b, lambda bs: _same([fix(x) for x in bs], bs))

    return _same([fix(b) for b in blocks], blocks)


def white_anchors(blocks: tuple[m.Block, ...], kind: str = "page") -> frozenset[str]:
    """The anchors a page (of `kind`) keeps in a white-label variant."""
    cuts: list[m.Span] = []
    kept = drop_hidden(blocks, cuts)
    return visible_anchors(renumber(kept) if cuts else kept, kind)


def visible_anchors(blocks: tuple[m.Block, ...], kind: str = "page") -> frozenset[str]:
    """Anchors of a (varied) block tree: heading anchors, field ids, `id` attributes and
    `<a name>`; on a guide (`kind`) also its headings' old ids (vary/anchors.py)."""
    from renderer.core.model import walk

    out: set[str] = set()
    for n in walk(blocks):
        if isinstance(n, m.Heading) and n.anchor:
            out.add(n.anchor)
        if isinstance(n, m.Element):
            out.update(v for k, v in n.attrs if k == "id" and v)
        text = getattr(n, "html", None) or getattr(n, "text", None) or ""
        if isinstance(text, str) and ("id=" in text or "name=" in text):
            out.update(a or b for a, b in _ID_ATTR.findall(text))
    out |= page_anchors(blocks, kind).ids()
    return frozenset(out)


_ID_ATTR = re.compile(r"""<(?:[a-zA-Z][^>]*?\sid|a\s[^>]*?\bname)\s*=\s*(?:"([^"]+)"|'([^']+)')""")


def strip_hidden(guide: m.Guide, brand: Brand) -> m.Guide:
    """First pass of a variant: the guide without hidden blocks (white-label brands only)."""
    if not brand.whitelabel:
        return guide
    cuts: list[m.Span] = []
    blocks = drop_hidden(guide.blocks, cuts)
    actions = guide.actions
    if cuts and actions:  # a hidden scope selector's actions go with it
        from renderer.core.model import walk

        kept = {a.id for n in walk(blocks) if isinstance(n, m.ScopeSelector) for a in n.actions}
        actions = _same([a for a in actions if a.id in kept], actions)
    if cuts:
        blocks = renumber(blocks)
    return _replace(guide, blocks=blocks, cuts=_same(cuts, guide.cuts), actions=actions)


def text_fn(
    swap: TermSwap, targets: dict[str, frozenset[str]] | None, page_url: str
) -> VariantText:
    """The text transform of a variant for one page: URLs and terms, then unlinking (when
    `targets`)."""
    return VariantText(swap, Unlinker(targets, page_url) if targets is not None else None)


def apply_text(guide: m.Guide, fn: TextFn) -> m.Guide:
    """Second pass: every visible text of the guide through `fn`."""
    return _replace(
        guide,
        title=fn(guide.title),
        description=fn(guide.description),
        connector_name=fn(guide.connector_name),
        auth_method=fn(guide.auth_method),
        blocks=map_text(guide.blocks, fn, HeadingIds()),
        actions=_same([_replace(a, label=fn(a.label)) for a in guide.actions], guide.actions),
        fields=_same([_replace(f, label=fn(f.label)) for f in guide.fields], guide.fields),
    )


def vary_page(
    g: m.Guide, brand: Brand, swap: TermSwap, targets: dict[str, frozenset[str]] | None
) -> m.Guide:
    """One page of a variant, given the variant's link targets (None: keep every link).

    Whatever the variant does not change stays the same object (the page itself, for a branded
    site without term swaps)."""
    if not brand.whitelabel and not brand.terms and not brand.urls and targets is None:
        return g
    stripped = strip_hidden(g, brand)
    fn = text_fn(swap, targets, g.url)
    out = apply_text(stripped, fn)
    source = cut_lines(g.body, stripped.cuts, g.body_line) if brand.whitelabel else g.body
    body = fn.body(source)
    if body != out.body:
        out = dataclasses.replace(out, body=body)
    refs = g.extras.references
    hidden_refs = g.extras.hidden_references if brand.whitelabel else ()
    if refs and (targets is not None or hidden_refs):
        kept = {k: v for k, v in refs.items() if k not in hidden_refs}
        if targets is not None:
            kept = Unlinker(targets, g.url).references(kept)
        extras = dataclasses.replace(g.extras, references=m.FrozenMap(kept))
        out = dataclasses.replace(out, extras=extras)
    if g.extras.api is not None:  # an API reference page's operation: its text, its servers
        api = vary_record(g.extras.api, swap)
        if api is not g.extras.api:
            out = dataclasses.replace(out, extras=dataclasses.replace(out.extras, api=api))
    return out


PROSE_FIELDS = frozenset(
    {"summary", "description", "title", "label", "content", "example", "value", "group"}
)
"""Fields of a record (an OpenAPI operation) that readers see as text: terms are swapped."""
URL_FIELDS = frozenset({"url", "href"})
"""Fields that hold URLs (and every `*_url` field): the URL map applies, never the terms."""


def vary_record(obj: Any, swap: TermSwap) -> Any:
    """A frozen record tree (an OpenAPI operation or schema page) with the brand's terms swapped
    in its prose fields and its URL map applied to its URL fields; identifiers (names, paths,
    pointers) are left alone. Unchanged subtrees stay the same objects."""
    if isinstance(obj, tuple):
        items = tuple(vary_record(x, swap) for x in obj)
        return obj if all(a is b for a, b in zip(items, obj, strict=True)) else items
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, str):
            new = (
                swap(value)
                if f.name in PROSE_FIELDS
                else swap.code(value)
                if f.name in URL_FIELDS or f.name.endswith("_url")
                else value
            )
        else:
            new = vary_record(value, swap)
        if new is not value:
            changes[f.name] = new
    return dataclasses.replace(obj, **changes) if changes else obj


def cut_lines(body: str, cuts: tuple[m.Span, ...], body_line: int) -> str:
    """`body` without the lines of each cut span and the blank lines that led up to it."""
    if not cuts:
        return body
    lines = body.split("\n")
    drop = [False] * len(lines)
    for span in cuts:
        start, stop = span.line - body_line, min(span.end_line - body_line, len(lines))
        for i in range(start, stop):
            drop[i] = True
        j = start - 1
        while j >= 0 and not lines[j].strip() and not drop[j]:
            drop[j] = True
            j -= 1
        if j < 0:
            k = stop
            while k < len(lines) and not lines[k].strip():
                drop[k] = True
                k += 1
    kept = [ln for ln, d in zip(lines, drop, strict=True) if not d]
    text = "\n".join(kept)
    return text if text.endswith("\n") else text + "\n"
