"""Guide -> Markdown twin: faithful (the source as written) or clean (components flattened)."""

from __future__ import annotations

import html
import re

from . import model as m
from .defang import defang

_INLINE_SUBS = [
    (re.compile(r"<br\s*/?>", re.I), "  \n"),
    (re.compile(r"</?(strong|b)>", re.I), "**"),
    (re.compile(r"</?(em|i)>", re.I), "_"),
    (re.compile(r"</?code>", re.I), "`"),
    (re.compile(r"<a\b[^>]*?href=\"([^\"]*)\"[^>]*>(.*?)</a>", re.I | re.S), r"[\2](\1)"),
    (re.compile(r"<img\b[^>]*?src=\"([^\"]*)\"[^>]*?alt=\"([^\"]*)\"[^>]*>", re.I), r"![\2](\1)"),
    (re.compile(r"</?(span|small|kbd|u|mark)\b[^>]*>", re.I), ""),
]


def preamble(base_url: str) -> str:
    """The Documentation Index blockquote that opens every twin."""
    return (
        "> ## Documentation Index\n"
        f"> Fetch the complete documentation index at: {base_url}/llms.txt\n"
        "> Use this file to discover all available pages before exploring further.\n\n"
    )


def head(guide: m.Guide) -> str:
    """`# title` and `> description`, as a twin and llms-full.txt open each page."""
    out = f"# {defang(guide.title)}\n\n"
    if guide.description:
        out += f"> {defang(guide.description)}\n\n"
    return out


def twin(guide: m.Guide, base_url: str, mode: str = "faithful", text: str | None = None) -> str:
    """The Markdown twin served at the page URL + `.md` (`text`: its body, if already made)."""
    return preamble(base_url) + head(guide) + (body(guide, mode) if text is None else text)


def body(guide: m.Guide, mode: str = "faithful") -> str:
    """The twin's body: the (varied) source as written, or the clean flattening."""
    if mode == "faithful":
        return defang(guide.body)
    return defang(clean_blocks(guide.blocks).strip("\n") + "\n")


def inline_md(text: str) -> str:
    """Inline HTML in prose -> Markdown equivalents."""
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
        return b.source
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
    return ""
