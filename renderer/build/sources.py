"""A source of the site -> the page as the site serves it: the one way every build path reads a
page (parse, then in a Mintlify site its URL, nav order, local files and API operation), and
the pages a docs.json generates from OpenAPI specs, which no file holds."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from renderer.config.schema import Config
from renderer.config.site_nav import ApiPage
from renderer.core import model as m
from renderer.core.errors import GuideError, Problem
from renderer.mintlify.pages import Adapted, adapt_page, local_files
from renderer.parse.discover import Tree, mintlify_ignore, scan_tree
from renderer.parse.page import parse_file


@dataclass(frozen=True, slots=True)
class Read:
    """One page read: the page (None when an error leaves it out) and every problem found."""

    page: m.Guide | None
    problems: tuple[Problem, ...]


def source_tree(cfg: Config) -> Tree:
    """The sources of the site (in a Mintlify site, what Mintlify would publish)."""
    return scan_tree(cfg.guides_dir, mintlify_ignore(cfg.nav.ignore) if cfg.nav else None)


def generated_pages(cfg: Config, tree: Tree) -> dict[str, ApiPage]:
    """rel path -> the OpenAPI operation docs.json generates a page for, where no source file
    already is that page (a file written for an endpoint wins, as in Mintlify)."""
    if cfg.nav is None or not cfg.nav.api_pages:
        return {}
    have = {rel for _, rel in tree.files}
    out = {}
    for page in cfg.nav.api_pages:
        rel = f"{page.page}.mdx"
        if rel not in have and f"{page.page}.md" not in have:
            out[rel] = page
    return out


def all_sources(tree: Tree, generated: Mapping[str, ApiPage]) -> list[tuple[str, str]]:
    """(path as shown, rel path) of every page: the files, then the generated pages (shown at
    the docs.json entry that asks for them)."""
    return [*tree.files, *((page.pos.path, rel) for rel, page in sorted(generated.items()))]


def with_local_files(cfg: Config, g: m.Guide) -> Adapted:
    """A page of an mkdocs.yml project with the local files it shows or links (copied to the
    output like a Mintlify site's); a missing one is a warning."""
    files, problems = local_files(cfg.guides_dir, (), g, g.url)
    if not files:
        return Adapted(g, tuple(problems))
    extras = dataclasses.replace(g.extras, files=files)
    return Adapted(dataclasses.replace(g, extras=extras), tuple(problems))


def read_page(
    cfg: Config, shown: str, rel: str, generated: Mapping[str, ApiPage] | None = None
) -> Read:
    """Parse one source (or make a generated API page) and adapt it to the site."""
    try:
        api = (generated or {}).get(rel)
        if api is not None:  # only a docs.json site has generated pages
            from renderer.mintlify.api_pages import api_guide

            g = api_guide(cfg, api, shown)
        else:
            g = parse_file(shown, f"{cfg.guides_dir}/{rel}", rel, cfg.embed_hosts)
    except GuideError as err:
        return Read(None, err.problems)
    adapted = adapt_page(cfg, g, rel)  # a Mintlify site's URL, nav order, files, operation
    if cfg.nav is None:  # the images and files a guide shows, copied (and checked) as in Mintlify
        adapted = with_local_files(cfg, adapted.page)
    problems = (*g.extras.warnings, *adapted.problems)
    if any(p.level == "error" for p in adapted.problems):
        return Read(None, problems)
    return Read(adapted.page, problems)
