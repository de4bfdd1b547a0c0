"""The site-level settings of a Mintlify site (docs.json / mint.json) as frozen records: the
navigation tree (tabs, groups, pages, links), navbar, footer, logo, favicon, redirects, SEO."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from renderer.core.errors import Problem, SourcePos

KEPT_FRONT_MATTER = ("hidden", "noindex", "sidebarTitle", "icon", "openapi")
"""Front matter a light page keeps (vary/site.py `light`): the nav needs these."""


@dataclass(frozen=True, slots=True)
class NavPage:
    """A page listed in the navigation."""

    page: str
    """The entry as written, without `.mdx`/`.md` and leading `/` (`create/text`)."""
    url: str
    """The page's URL (`/create/text`; `cli/index` -> `/cli`)."""
    pos: SourcePos
    """Where the config lists it."""
    method: str = ""
    """An API reference page's HTTP method (`get`, …, `webhook`): the sidebar's badge."""


@dataclass(frozen=True, slots=True)
class ApiPage:
    """A page generated from an OpenAPI operation that no `.mdx` file holds (docs.json
    `openapi` on a tab, group or anchor; or a navigation entry written `"GET /path"`)."""

    page: str
    """Its path as a navigation entry (`api-reference/users/get-a-user`)."""
    spec: str
    """The spec file below the repository."""
    operation: str
    """`METHOD /path` or `webhook NAME`, as the spec defines it."""
    pos: SourcePos
    """Where docs.json asks for it."""


@dataclass(frozen=True, slots=True)
class NavLink:
    """An outside (or root-relative) link: navbar, footer, an anchor or tab with `href`."""

    title: str
    href: str
    """https, mailto or root-relative URL (checked when the config loads)."""
    icon: object = ""
    """docs.json `icon` (a name, a path, or `{name, style, library}`), drawn before the title."""


@dataclass(frozen=True, slots=True)
class NavGroup:
    """A group of the sidebar; groups nest."""

    title: str
    root: NavPage | None
    """The group's own page (`root`), linked from its title."""
    items: tuple[NavItem, ...]
    hidden: bool = False
    """Listed in the config but not shown (its pages are not navigable)."""
    icon: object = ""
    """docs.json `icon` of the group, drawn before its title."""
    expanded: bool = False
    """docs.json `expanded`: a nested group drawn open (Mintlify draws them closed)."""


NavItem = NavPage | NavGroup | NavLink


@dataclass(frozen=True, slots=True)
class NavTab:
    """A tab of the top bar (tabs, anchors, dropdowns and menu items all become tabs)."""

    title: str
    items: tuple[NavItem, ...]
    href: str = ""
    """An outside link instead of pages."""
    hidden: bool = False
    icon: object = ""
    declared: bool = True
    """Written as a tab in docs.json (`tabs`, mint.json `tabs`): a tab bar is drawn even for one;
    False for the pages listed outside any tab, and for anchors and dropdowns."""


@dataclass(frozen=True, slots=True)
class FooterColumn:
    title: str
    links: tuple[NavLink, ...]


@dataclass(frozen=True, slots=True)
class Redirect:
    """One entry of `redirects`."""

    source: str
    """Root-relative path; may hold `:name` or `*` parts (then only `_redirects` has it)."""
    destination: str
    """Root-relative path or https URL."""
    permanent: bool
    pos: SourcePos

    @property
    def static(self) -> bool:
        """Whether a static redirect page can stand at the source path."""
        return ":" not in self.source and "*" not in self.source


@dataclass(frozen=True, slots=True)
class SiteNav:
    """What docs.json says about the site beyond brands."""

    source: str
    """The config file as shown in messages."""
    tabs: tuple[NavTab, ...]
    navbar: tuple[NavLink, ...] = ()
    navbar_primary: NavLink | None = None
    footer_socials: tuple[NavLink, ...] = ()
    footer_columns: tuple[FooterColumn, ...] = ()
    logo_light: str = ""
    """Path of the logo below the guides folder (copied to the same path in the output)."""
    logo_dark: str = ""
    logo_href: str = ""
    favicon: str = ""
    redirects: tuple[Redirect, ...] = ()
    metatags: tuple[tuple[str, str], ...] = ()
    """`seo.metatags` (name, content), `canonical` included (the site URL)."""
    metatag_paths: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """`seo.paths`: (folder below the repository, its meta tags), shortest folder first."""
    banner: str = ""
    """`banner.content`: basic MDX (links, bold, italic) shown above every page."""
    banner_dismissible: bool = False
    not_found: tuple[tuple[str, object], ...] = ()
    """`errors.404`: title, description, redirect (redirect: send a missing page home)."""
    search_prompt: str = ""
    """`search.prompt`: the search box's placeholder."""
    global_anchors: tuple[NavLink, ...] = ()
    """`navigation.global.anchors`: links drawn above the sidebar on every page."""
    indexing: str = "navigable"
    """`navigable`: pages outside the navigation stay out of sitemap, search and llms files;
    `all`: every page is indexed."""
    ignore: tuple[str, ...] = ()
    """`.mintignore` patterns (gitignore syntax, the simple forms)."""
    icon_library: str = "fontawesome"
    """`icons.library`: fontawesome, lucide or tabler."""
    api_pages: tuple[ApiPage, ...] = ()
    """Pages generated from OpenAPI operations (no source file of their own)."""
    playground: str = "interactive"
    """`api.playground.display`: interactive, simple or none."""
    notes: tuple[Problem, ...] = ()
    """Notes printed once per build (which language or version was chosen)."""

    def metatags_for(self, source: str) -> tuple[tuple[str, str], ...]:
        """The meta tags of the page made from `source` (its path below the repository), as
        Mintlify merges them: `seo.metatags`, overridden by each `seo.paths` folder that holds
        the page, a longer path over a shorter one (names compared without case)."""
        tags = {name.lower(): (name, content) for name, content in self.metatags}
        for folder, scoped in self.metatag_paths:
            if source.startswith(folder + "/"):
                tags.update({name.lower(): (name, content) for name, content in scoped})
        return tuple(tags.values())

    def pages(self) -> Iterator[NavPage]:
        """Every page entry, hidden ones included, in config order."""
        for tab in self.tabs:
            yield from _pages(tab.items, True)

    def navigable(self) -> dict[str, int]:
        """URL -> position in the navigation, for the pages a reader can reach from it."""
        out: dict[str, int] = {}
        for tab in self.tabs:
            if not tab.hidden:
                for p in _pages(tab.items, False):
                    out.setdefault(p.url, len(out))
        return out

    def files(self) -> tuple[str, ...]:
        """Site files (logo, favicon) to copy, by path below the guides folder."""
        return tuple(sorted({f for f in (self.logo_light, self.logo_dark, self.favicon) if f}))


def _pages(items: tuple[NavItem, ...], hidden_too: bool) -> Iterator[NavPage]:
    for item in items:
        if isinstance(item, NavPage):
            yield item
        elif isinstance(item, NavGroup) and (hidden_too or not item.hidden):
            if item.root is not None:
                yield item.root
            yield from _pages(item.items, hidden_too)
