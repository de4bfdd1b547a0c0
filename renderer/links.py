"""Internal link checking over a site variant: every root-relative or `#` link must hit a page and anchor."""

from __future__ import annotations

from collections.abc import Iterator

from . import model as m
from .errors import Problem, SourcePos
from .fields import walk
from .link_scan import find_links
from .site import Site, link_targets
from .vary import internal_path, split_href


def _texts(node: object) -> Iterator[str]:
    if isinstance(node, (m.Paragraph, m.Heading)):
        yield node.text
    elif isinstance(node, m.HtmlBlock):
        yield node.html
    elif isinstance(node, m.MarkdownBlock):
        yield node.source
    elif isinstance(node, m.Step):
        yield node.title


def broken_links(site: Site, brand_key: str = "") -> list[Problem]:
    """A problem for each internal link whose page or anchor does not exist in `site`."""
    known = link_targets(site.all(), site.connectors)
    problems: list[Problem] = []
    for g in site.all():
        for node in walk(g.blocks):
            for text in _texts(node):
                for link in find_links(text):
                    href = link.href
                    target = internal_path(href, g.url)
                    if target is None:
                        continue
                    path, frag = split_href(target)
                    path = path or g.url
                    where = f" (brand {brand_key})" if brand_key else ""
                    span = getattr(node, "span", None)
                    pos = SourcePos(g.path, span.line if span else 1, span.col if span else 1)
                    line = g.body.split("\n")[pos.line - g.body_line] if span and not g.cuts else ""
                    if path not in known:
                        problems.append(
                            Problem(
                                pos,
                                f"broken link to {href}: no page at {path}{where}",
                                _suggest(path, known),
                                line,
                            )
                        )
                    elif frag and frag not in known[path]:
                        anchors = ", ".join(sorted(known[path])[:8]) or "none"
                        problems.append(
                            Problem(
                                pos,
                                f"broken link to {href}: {path} has no anchor #{frag}{where}",
                                f"anchors on that page: {anchors}",
                                line,
                            )
                        )
    return problems


def _suggest(path: str, known: dict[str, frozenset[str]]) -> str:
    import difflib

    close = difflib.get_close_matches(path, list(known), n=1)
    return f"did you mean {close[0]}?" if close else "link to a page that exists"
