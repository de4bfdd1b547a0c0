"""Internal link checking over a site variant: every root-relative or `#` link must hit a page and anchor."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from renderer.config.schema import Brand, Config
from renderer.core import model as m
from renderer.core.errors import Problem, SourcePos
from renderer.core.model import walk
from renderer.parse.link_scan import find_links
from renderer.vary.site import Site, link_targets
from renderer.vary.variant import internal_path, split_href

SITE_FILES = ("/llms.txt", "/llms-full.txt", "/sitemap.xml", "/robots.txt", "/pagefind")
"""Files every built brand has besides its pages and assets (links to them are not broken)."""


@dataclass(frozen=True, slots=True)
class LinkTargets:
    """What links may point at in a build: `white` (pages white-label brands keep; their dead
    links are unlinked against it) and `every` (all pages, for the branded site's warnings)."""

    white: dict[str, frozenset[str]]
    every: dict[str, frozenset[str]]
    files: frozenset[str] = frozenset()
    """Asset and site-file paths (`/assets/style.css`, `/llms.txt`)."""


def file_targets(cfg: Config, brands: Iterable[Brand]) -> frozenset[str]:
    """Paths of the files a build writes besides pages: theme and brand assets, site files."""
    out = set(SITE_FILES) | {"/assets/brand.css", "/404"}
    folders = [Path(t) / "static" for t in cfg.theme_path or (cfg.theme_dir,)]
    for brand in brands:
        folders.append(brand.folder / "static")
        if brand.logo:
            out.add(f"/assets/logo{Path(brand.logo).suffix}")
    for folder in folders:
        if folder.is_dir():
            out.update(f"/assets/{p.name}" for p in folder.iterdir() if p.is_file())
    return frozenset(out)


def _texts(node: object) -> Iterator[str]:
    if isinstance(node, (m.Paragraph, m.Heading)):
        yield node.text
    elif isinstance(node, m.HtmlBlock):
        yield node.html
    elif isinstance(node, m.MarkdownBlock):
        yield node.source
    elif isinstance(node, m.Step):
        yield node.title


def broken_links(
    site: Site, brand_key: str = "", extra: Mapping[str, frozenset[str] | None] | None = None
) -> list[Problem]:
    """A problem for each internal link whose page or anchor does not exist in `site` (or in
    `extra`: assets, files and pages of another host; None: anchors not known)."""
    known = link_targets(site.all(), site.connectors)
    for g in site.all():  # the local files of a Mintlify site's pages are copied to the output
        known.update({f"/{f}": frozenset() for f in g.extras.files})
    return page_broken_links(site.all(), {**(extra or {}), **known}, brand_key)


def page_broken_links(
    pages: Iterable[m.Guide], known: Mapping[str, frozenset[str] | None], brand_key: str = ""
) -> list[Problem]:
    """A problem for each internal link of `pages` that misses `known` (URL path -> anchors);
    a page's `.md` twin and `.html` file count as the page."""
    problems: list[Problem] = []
    where = f" (brand {brand_key})" if brand_key else ""
    for g in pages:
        for node in walk(g.blocks):
            for text in _texts(node):
                for link in find_links(text):
                    href = link.href
                    target = internal_path(href, g.url)
                    if target is None:
                        continue
                    path, frag = split_href(target)
                    path = path.split("?", 1)[0] or g.url
                    if path not in known and path.endswith((".md", ".html")):
                        path = path.rsplit(".", 1)[0] or "/"
                        path = "/" if path == "/index" else path
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
                    elif frag and known[path] is not None and frag not in known[path]:
                        anchors = ", ".join(sorted(known[path] or ())[:8]) or "none"
                        problems.append(
                            Problem(
                                pos,
                                f"broken link to {href}: {path} has no anchor #{frag}{where}",
                                f"anchors on that page: {anchors}",
                                line,
                            )
                        )
    return problems


def _suggest(path: str, known: Mapping[str, frozenset[str] | None]) -> str:
    import difflib

    pages = [k for k in known if "." not in k.rsplit("/", 1)[-1]]  # pages, not files
    close = difflib.get_close_matches(path, pages, n=1)
    return f"did you mean {close[0]}?" if close else "link to a page that exists"
