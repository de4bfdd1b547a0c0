"""A compact, readable outline of a parsed block tree, for fixture files."""

from __future__ import annotations

from renderer.core import model as m


def outline(blocks: tuple[m.Block, ...], depth: int = 0) -> list[str]:
    pad = "  " * depth
    out: list[str] = []
    for b in blocks:
        if isinstance(b, m.Paragraph):
            out.append(f"{pad}Paragraph {b.text!r}")
        elif isinstance(b, m.Heading):
            out.append(f"{pad}Heading h{b.level} #{b.anchor} {b.text!r}")
        elif isinstance(b, m.ListBlock):
            out.append(f"{pad}List {'ordered' if b.ordered else 'bullet'}")
            for item in b.items:
                out.append(f"{pad}  Item")
                out.extend(outline(item.body, depth + 2))
        elif isinstance(b, m.CodeBlock):
            out.append(f"{pad}Code {b.info!r} {b.code!r}")
        elif isinstance(b, m.HtmlBlock):
            out.append(f"{pad}Html {b.html!r}")
        elif isinstance(b, m.MarkdownBlock):
            out.append(f"{pad}Markdown {b.source!r}")
        elif isinstance(b, m.Element):
            out.append(f"{pad}Element {b.tag} {dict(b.attrs)}")
            out.extend(outline(b.body, depth + 1))
        elif isinstance(b, m.Callout):
            out.append(f"{pad}Callout {b.kind}")
            out.extend(outline(b.body, depth + 1))
        elif isinstance(b, m.Panel):
            out.append(f"{pad}Panel")
            out.extend(outline(b.body, depth + 1))
        elif isinstance(b, m.ScopeSelector):
            acts = ", ".join(f"{a.id}={'/'.join(a.scopes)}" for a in b.actions)
            out.append(f"{pad}ScopeSelector [{acts}]")
        elif isinstance(b, m.Section):
            out.append(f"{pad}Section scopes={list(b.scopes)}")
            if b.heading:
                out.extend(outline((b.heading,), depth + 1))
            out.extend(outline(b.body, depth + 1))
        elif isinstance(b, m.Steps):
            out.append(f"{pad}Steps")
            for s in b.steps:
                extra = ""
                if s.scopes:
                    extra += f" scopes={list(s.scopes)}"
                if s.display_scopes:
                    extra += f" display={list(s.display_scopes)}"
                out.append(f"{pad}  Step {s.title!r}{extra}")
                out.extend(outline(s.body, depth + 2))
        elif isinstance(b, m.Component):
            out.append(f"{pad}Component {b.name} {dict(b.attrs)}")
            out.extend(outline(b.body, depth + 1))
        elif isinstance(b, m.WhitelabelHide):
            out.append(f"{pad}WhitelabelHide {b.form}")
            out.extend(outline(b.body, depth + 1))
    return out
