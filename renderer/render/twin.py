"""Guide -> Markdown twin: faithful (the source as written) or clean (components flattened)."""

from __future__ import annotations

import html
import re

from renderer.core import model as m
from renderer.core.components import CODE_GROUPS, MINTLIFY, PARAM_PLACES
from renderer.render.code import fence_meta
from renderer.render.defang import defang
from renderer.render.jsx_values import repr_literal, safe_url, text

_INLINE_SUBS = [
    (re.compile(r"<br\s*/?>", re.I), "  \n"),
    (re.compile(r"</?(strong|b)>", re.I), "**"),
    (re.compile(r"</?(em|i)>", re.I), "_"),
    (re.compile(r"</?code>", re.I), "`"),
    (re.compile(r"<a\b[^>]*?href=\"([^\"]*)\"[^>]*>(.*?)</a>", re.I | re.S), r"[\2](\1)"),
    (re.compile(r"<img\b[^>]*?src=\"([^\"]*)\"[^>]*?alt=\"([^\"]*)\"[^>]*>", re.I), r"![\2](\1)"),
    (re.compile(r"</?(span|small|kbd|u|mark)\b[^>]*>", re.I), ""),
]


def preamble(base_url: str, index: str = "llms.txt", instructions: tuple[str, ...] = ()) -> str:
    """The Documentation Index blockquote that opens every twin (`index`: the llms.txt it
    points at, below the site's root), then the site's Agent Instructions, if any."""
    return (
        "> ## Documentation Index\n"
        f"> Fetch the complete documentation index at: {base_url}/{index}\n"
        "> Use this file to discover all available pages before exploring further.\n\n"
    ) + instructions_block(instructions)


def instructions_block(instructions: tuple[str, ...]) -> str:
    """`markdown.instructions` as Mintlify writes them: an `Agent Instructions` blockquote
    ("" when there are none)."""
    if not instructions:
        return ""
    return "> ## Agent Instructions\n" + "".join(f"> {defang(i)}\n" for i in instructions) + "\n"


def head(guide: m.Guide) -> str:
    """`# title` and `> description`, as a twin and llms-full.txt open each page."""
    out = f"# {defang(guide.title)}\n\n"
    if guide.description:
        out += f"> {defang(guide.description)}\n\n"
    return out


def twin(
    guide: m.Guide,
    base_url: str,
    mode: str = "faithful",
    text: str | None = None,
    index: str = "llms.txt",
    instructions: tuple[str, ...] = (),
) -> str:
    """The Markdown twin served at the page URL + `.md` (`text`: its body, if already made;
    `index`: the llms.txt its preamble points at)."""
    return (
        preamble(base_url, index, instructions)
        + head(guide)
        + (body(guide, mode) if text is None else text)
    )


def body(guide: m.Guide, mode: str = "faithful") -> str:
    """The twin's body: the (varied) source as written, or the clean flattening; an API
    reference page's operation first, in Markdown."""
    api = api_markdown(guide.extras.api)
    if mode == "faithful":
        return api + defang(for_agents(guide.body))
    return api + defang(clean_blocks(guide.blocks).strip("\n") + "\n")


def api_markdown(api: object) -> str:
    """An API reference page's operation or schema for agents (empty for other pages)."""
    if api is None:
        return ""
    from renderer.openapi.model import Operation, SchemaPage
    from renderer.render.api.markdown import operation_markdown, schema_markdown

    if isinstance(api, Operation):
        return operation_markdown(api).rstrip("\n") + "\n\n"
    if isinstance(api, SchemaPage):
        return schema_markdown(api).rstrip("\n") + "\n\n"
    return ""


_ICON_TEXT = {"check": "✓", "circle-check": "✓", "x": "✗", "xmark": "✗", "circle-xmark": "✗"}
_INLINE_COMPONENTS = [
    (
        re.compile(r"<Icon\b[^>]*?\bicon=[\"']([^\"']*)[\"'][^>]*?/>"),
        lambda mt: _ICON_TEXT.get(mt.group(1), ""),
    ),
    (
        re.compile(r"<Tooltip\b[^>]*?\btip=\"([^\"]*)\"[^>]*>(.*?)</Tooltip>", re.S),
        lambda mt: f"{mt.group(2)} ({mt.group(1)})",
    ),
    (re.compile(r"<Badge\b[^>]*>(.*?)</Badge>", re.S), lambda mt: f"`{mt.group(1)}`"),
]


def _components_md(text: str) -> str:
    """Inline components -> text (`✓`, `term (tip)`, `` `New` ``); code spans stay as written."""
    pieces = re.split(r"(`+[^`]*`+)", text)
    for i in range(0, len(pieces), 2):
        for pat, fn in _INLINE_COMPONENTS:
            pieces[i] = pat.sub(fn, pieces[i])
    return "".join(pieces)


def inline_md(text: str) -> str:
    """Inline HTML in prose -> Markdown equivalents."""
    if "<" in text:
        text = _components_md(text)
    for pat, rep in _INLINE_SUBS:
        text = pat.sub(rep, text)
    return html.unescape(" ".join(text.split("\n")) if "  \n" not in text else text)


def _indent(text: str, n: int) -> str:
    pad = " " * n
    return "\n".join(pad + ln if ln.strip() else "" for ln in text.split("\n"))


def clean_blocks(blocks: tuple[m.Block, ...]) -> str:
    return "\n\n".join(p for p in (clean(b) for b in blocks) if p.strip())


def clean(b: m.Block) -> str:
    """One block in clean Markdown."""
    if isinstance(b, m.Paragraph):
        return inline_md(b.text)
    if isinstance(b, m.Heading):
        return "#" * b.level + " " + inline_md(b.text)
    if isinstance(b, m.ListBlock):
        lines = []
        for n, item in enumerate(b.items, b.start):
            marker = f"{n}. " if b.ordered else "- "
            text = clean_blocks(item.body)
            lines.append(marker + _indent(text, len(marker)).lstrip())
        return "\n".join(lines)
    if isinstance(b, m.CodeBlock):
        return f"```{b.info}\n{b.code.rstrip()}\n```"
    if isinstance(b, (m.HtmlBlock,)):
        return b.html
    if isinstance(b, m.MarkdownBlock):
        return _components_md(b.source) if "<" in b.source else b.source
    if isinstance(b, m.Callout):
        text = clean_blocks(b.body)
        lines = text.split("\n")
        lines[0] = f"**{b.kind}:** " + lines[0]
        return "\n".join("> " + ln if ln else ">" for ln in lines)
    if isinstance(b, m.Section):
        parts = [clean(b.heading)] if b.heading else []
        if b.scopes:
            parts.append(f"_Applies to scopes: {', '.join(f'`{s}`' for s in b.scopes)}_")
        parts.append(clean_blocks(b.body))
        return "\n\n".join(p for p in parts if p)
    if isinstance(b, m.Steps):
        out = []
        for n, s in enumerate(b.steps, 1):
            lines = [f"{n}. **{inline_md(s.title)}**"]
            if s.scopes:
                lines.append(f"   _Applies to scopes: {', '.join(f'`{x}`' for x in s.scopes)}_")
            if s.display_scopes:
                lines.append(f"   Scopes to grant: {', '.join(f'`{x}`' for x in s.display_scopes)}")
            text = clean_blocks(s.body)
            if text:
                lines.append("")
                lines.append(_indent(text, 3))
            out.append("\n".join(lines))
        return "\n\n".join(out)
    if isinstance(b, m.ScopeSelector):
        rows = ["| Action | Scopes |", "| --- | --- |"]
        for a in b.actions:
            scopes = ", ".join(f"`{s}`" for s in a.scopes)
            rows.append(f"| {a.label.replace('|', '/')} (`{a.id}`) | {scopes} |")
        return "\n".join(rows)
    if isinstance(b, (m.Panel, m.Element, m.WhitelabelHide)):
        return clean_blocks(b.body)
    if isinstance(b, m.Component):
        return clean_component(b)
    return ""


def _fence(b: m.CodeBlock, label: str = "") -> str:
    meta = fence_meta(b.info)
    title = ": ".join(t for t in (label, meta.title or meta.lang) if t)
    fence = f"```{meta.lang}\n{b.code.rstrip()}\n```"
    return f"**{title}**\n\n{fence}" if title else fence


def _item(marker: str, head: str, body: str) -> str:
    """A list item: `- head: first paragraph`, further blocks indented under it."""
    first, _, rest = body.partition("\n\n")
    line = f"{marker}{head}: {first}" if head and first else f"{marker}{head or first}"
    return line + ("\n\n" + _indent(rest, len(marker)) if rest else "")


def clean_component(c: m.Component) -> str:
    """A Mintlify component in plain Markdown (tabs as headings, cards as links, …), by its
    registry entry's `flatten`."""
    spec = MINTLIFY.get(c.name)
    flatten = FLATTENERS.get(spec.flatten if spec else "body", _flat_body)
    return flatten(c, dict(c.attrs))


def _title(a: dict) -> str:
    return inline_md(text(a.get("title")))


def _listed(c: m.Component) -> str:
    return "\n".join(x for x in (clean(b) for b in c.body) if x.strip())


def _flat_body(c: m.Component, a: dict) -> str:
    return clean_blocks(c.body)


def _flat_titled(c: m.Component, a: dict) -> str:
    title = _title(a)
    return "\n\n".join(p for p in (f"**{title}**" if title else "", clean_blocks(c.body)) if p)


def _flat_tabs(c: m.Component, a: dict) -> str:
    return "\n\n".join(
        f"#### {inline_md(text(t.get('title')))}\n\n{clean_blocks(t.body)}"
        if isinstance(t, m.Component) and t.name == "Tab"
        else clean(t)
        for t in c.body
    )


def _flat_fences(c: m.Component, a: dict) -> str:
    label = CODE_GROUPS[c.name]
    return "\n\n".join(_fence(x, label) if isinstance(x, m.CodeBlock) else clean(x) for x in c.body)


def _flat_card(c: m.Component, a: dict) -> str:
    title, href = _title(a), safe_url(a.get("href"))
    head = f"[{title}]({href})" if href and title else f"**{title}**" if title else ""
    desc = inline_md(text(a.get("description")))
    return _item("- ", head, "\n\n".join(p for p in (desc, clean_blocks(c.body)) if p))


def _flat_field(c: m.Component, a: dict) -> str:
    place = next((p for p in PARAM_PLACES if p in a), "")
    fname = text(a.get(place)) if place else text(a.get("name"))
    facts = [text(a.get("type"))]
    facts += ["required" if a.get("required") else "", f"{place} parameter" if place else ""]
    facts += ["deprecated" if a.get("deprecated") else ""]
    if a.get("default") is not None:
        facts.append(f"default: `{repr_literal(a.get('default'))}`")
    facts_text = ", ".join(f for f in facts if f)
    head = f"`{fname}`" + (f" ({facts_text})" if facts_text else "")
    return _item("- ", head, clean_blocks(c.body))


def _flat_update(c: m.Component, a: dict) -> str:
    tags = a.get("tags") if isinstance(a.get("tags"), tuple) else ()
    lines = [f"## {text(a.get('label'))}"]
    if a.get("description"):
        lines.append(f"_{inline_md(text(a.get('description')))}_")
    if tags:
        lines.append("Tags: " + ", ".join(text(t) for t in tags))
    body = clean_blocks(c.body)
    return "\n\n".join([*lines, body] if body else lines)


def _flat_tree_entry(c: m.Component, a: dict) -> str:
    head = f"- {text(a.get('name'))}{'/' if c.name == 'Tree.Folder' else ''}"
    kids = _listed(c)
    return head + ("\n" + _indent(kids, 2) if kids else "")


def _flat_frame(c: m.Component, a: dict) -> str:
    caption = inline_md(text(a.get("caption")))
    return "\n\n".join(p for p in (clean_blocks(c.body), f"_{caption}_" if caption else "") if p)


def _flat_color_item(c: m.Component, a: dict) -> str:
    value = a.get("value")
    shown = repr_literal(value) if not isinstance(value, str) else value
    return f"- {text(a.get('name'))}: `{shown}`"


def _flat_colors(c: m.Component, a: dict) -> str:
    items = _listed(c)
    return f"**{text(a.get('title'))}**\n\n{items}" if a.get("title") else items


def _flat_prompt(c: m.Component, a: dict) -> str:
    desc = inline_md(text(a.get("description")))
    return "\n\n".join(p for p in (f"**{desc}**" if desc else "", clean_blocks(c.body)) if p)


def _flat_quote(c: m.Component, a: dict) -> str:
    return "\n".join("> " + ln if ln else ">" for ln in clean_blocks(c.body).split("\n"))


def _flat_inline(c: m.Component, a: dict) -> str:
    return inline_md(_inline_source(c))


FLATTENERS = {
    "body": _flat_body,
    "titled": _flat_titled,
    "tabs": _flat_tabs,
    "fences": _flat_fences,
    "items": lambda c, a: _listed(c),
    "card": _flat_card,
    "field": _flat_field,
    "update": _flat_update,
    "tree_entry": _flat_tree_entry,
    "frame": _flat_frame,
    "color_item": _flat_color_item,
    "colors": _flat_colors,
    "prompt": _flat_prompt,
    "quote": _flat_quote,
    "inline": _flat_inline,
    "visibility": lambda c, a: "" if text(a.get("for")) == "humans" else clean_blocks(c.body),
}
"""Registry `flatten` names -> how a component reads in a clean twin."""


def _inline_source(c: m.Component) -> str:
    a = dict(c.attrs)
    inner = clean_blocks(c.body)
    if c.name == "Icon":
        return _ICON_TEXT.get(text(a.get("icon")), "")
    if c.name == "Tooltip":
        return f"{inner} ({text(a.get('tip'))})"
    return f"`{inner}`"


_VISIBILITY = re.compile(
    r"<Visibility\b((?:[^<>\"'{}]|\"[^\"]*\"|'[^']*'|\{[^{}]*\})*)>|</Visibility\s*>"
)
_FOR = re.compile(r"""\bfor\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["']([^"']*)["']\s*\})""")


def for_agents(source: str) -> str:
    """A page's source as agents read it: `<Visibility for="humans">` blocks removed, the tags
    of `<Visibility for="agents">` removed and their content kept (dedented). Tags in code
    (fences, code spans) are text. The parser has checked every `for` value."""
    if "<Visibility" not in source:
        return source
    tags = [t for t in _VISIBILITY.finditer(source) if not _in_code(source, t.start())]
    if not tags:
        return source
    out = ""
    pos = 0
    stack: list[str] = []
    dropping = -1
    """Depth of the outermost humans block being removed (-1: none)."""
    agents: list[int] = []
    """Where each open agents block's content starts in `out`."""
    for t in tags:
        if t.group(0).startswith("</"):
            if not stack:
                continue
            kind = stack.pop()
            if dropping == len(stack):
                pos, dropping = _cut_end(source, out, t.start(), t.end()), -1
            elif dropping < 0 and kind == "agents":
                s, e = _line_of(source, t.start(), t.end())
                out += source[pos:s]
                at = agents.pop()
                out = out[:at] + _dedent(out[at:])
                pos = _cut_end(source, out, t.start(), t.end())
            continue
        attrs = t.group(1) or ""
        if attrs.rstrip().endswith("/"):  # self-closing: nothing inside
            if dropping < 0:
                out += source[pos : t.start()]
                pos = t.end()
            continue
        found = _FOR.search(attrs)
        kind = next((g for g in found.groups() if g is not None), "") if found else ""
        if dropping < 0 and kind in ("humans", "agents"):
            s, e = _line_of(source, t.start(), t.end())
            out += source[pos:s]
            if kind == "humans":
                dropping = len(stack)
            else:
                pos = e
                agents.append(len(out))
        stack.append(kind)
    return out + source[pos:]


def _line_of(source: str, start: int, end: int) -> tuple[int, int]:
    """A tag's span, widened to its whole line (line break included) when it stands alone."""
    s = source.rfind("\n", 0, start) + 1
    e = source.find("\n", end)
    e = len(source) if e < 0 else e
    if source[s:start].strip() or source[end:e].strip():
        return start, end
    return s, min(e + 1, len(source))


def _cut_end(source: str, out: str, start: int, end: int) -> int:
    """Where the text resumes after a closing tag: past its line when it stands alone there,
    and past one blank line when the text before already ends with one."""
    s, e = _line_of(source, start, end)
    if e != end and (not out or out.endswith("\n\n")) and source.startswith("\n", e):
        e += 1
    return e


def _in_code(source: str, at: int) -> bool:
    """Is `at` inside a fenced code block or a code span of its line?"""
    from renderer.parse.mdx_text import fence_step

    line_start = source.rfind("\n", 0, at) + 1
    if source[line_start:at].count("`") % 2:
        return True
    fence = None
    for line in source[:line_start].split("\n")[:-1]:
        fence, _ = fence_step(fence, line)
    return fence is not None


def _dedent(text: str) -> str:
    lines = text.split("\n")
    pads = [len(ln) - len(ln.lstrip(" ")) for ln in lines if ln.strip()]
    pad = min(pads) if pads else 0
    return "\n".join(ln[pad:] if ln.strip() else ln for ln in lines) if pad else text
