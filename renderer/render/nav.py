"""A Mintlify site's SiteNav + one variant's pages -> what the templates show (tabs, sidebar
tree, navbar, footer, logos) and the site-level files (redirects, copied files, home page)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from renderer.config.site_nav import NavGroup, NavItem, NavLink, NavPage, NavTab, Redirect, SiteNav
from renderer.core import model as m
from renderer.core.errors import Problem
from renderer.render.seo import banner_key, inline_markdown, meta_tags, not_found
from renderer.vary.site import Site

Output = tuple[str, bytes]
_SPLAT = re.compile(r"(?<=/):[A-Za-z_][A-Za-z0-9_]*\*")
"""Mintlify's `:slug*` (the rest of the path), Netlify's `*` / `:splat`."""
SOCIAL_NAMES = {
    "x": "X", "github": "GitHub", "linkedin": "LinkedIn", "youtube": "YouTube",
    "discord": "Discord", "slack": "Slack", "facebook": "Facebook", "instagram": "Instagram",
    "reddit": "Reddit", "medium": "Medium", "telegram": "Telegram", "twitter": "Twitter",
    "website": "Website", "bluesky": "Bluesky", "threads": "Threads", "podcast": "Podcast",
    "hacker-news": "Hacker News",
}  # fmt: skip


def chrome(nav: SiteNav, whitelabel: bool = False, own_logo: bool = False) -> dict[str, Any]:
    """The parts of every page that do not depend on the page: navbar, footer, logos, favicon.
    A white label shows none of them (they are the parent's); a brand logo replaces the site's."""
    if whitelabel:
        return {"navbar": [], "primary": None, "socials": [], "columns": [], "logo_light": "",
                "logo_dark": "", "logo_href": "", "favicon": "", "search_prompt": "",
                "metatags": [], "banner": None, "not_found": not_found(None)}  # fmt: skip
    out = {
        "navbar": [{"title": x.title, "href": x.href} for x in nav.navbar],
        "primary": {"title": nav.navbar_primary.title, "href": nav.navbar_primary.href}
        if nav.navbar_primary
        else None,
        "socials": [
            {"title": SOCIAL_NAMES.get(x.title, x.title.title()), "href": x.href}
            for x in nav.footer_socials
        ],
        "columns": [
            {"title": c.title, "links": [{"title": x.title, "href": x.href} for x in c.links]}
            for c in nav.footer_columns
        ],
        "logo_light": nav.logo_light,
        "logo_dark": nav.logo_dark,
        "logo_href": nav.logo_href,
        "favicon": nav.favicon,
        "search_prompt": nav.search_prompt,
        "metatags": meta_tags(nav.metatags),
        "banner": {
            "html": inline_markdown(nav.banner),
            "key": banner_key(nav.banner),
            "dismissible": nav.banner_dismissible,
        }
        if nav.banner
        else None,
        "not_found": not_found(dict(nav.not_found)),
    }
    if own_logo:
        out.update(logo_light="", logo_dark="", favicon="")
    return out


class NavView:
    """The navigation resolved against one variant's pages: titles from the pages
    (`sidebarTitle` first), pages that failed, are missing or are `hidden` left out."""

    def __init__(
        self,
        nav: SiteNav,
        site: Site,
        swap: Callable[[str], str] = str,
        outside: bool = True,
        icon: Callable[[object], Markup] | None = None,
    ):
        self.swap = swap
        """The brand's term swap, for the titles the config gives (tabs, groups)."""
        self.outside = outside
        """Whether links to other sites are shown (a white label drops the parent's)."""
        self.icon = icon or (lambda _name: Markup(""))
        """An icon name (or `{name, style, library}`) -> its HTML (the site's icon set)."""
        self.pages = {g.url: g for g in site.all()}
        self.tabs: list[dict[str, Any]] = []
        self.tab_of: dict[str, int] = {}
        self.declared = any(t.declared and not t.hidden for t in nav.tabs)
        """docs.json writes tabs: the tab bar is drawn even when one is left."""
        self.order: list[list[dict[str, Any]]] = []
        """Per tab, its pages in reading order (previous/next links)."""
        self.trail: dict[str, list[str]] = {}
        """URL -> the titles of the groups that hold it, outermost first (breadcrumbs)."""
        for tab in nav.tabs:
            view = self._tab(tab)
            if view is None:
                continue
            for url in view["urls"]:
                self.tab_of.setdefault(url, len(self.tabs))
            pages: list[dict[str, Any]] = []
            self._walk(view.get("children", []), [], pages)
            self.order.append(pages)
            self.tabs.append(view)
        self.anchors = [
            {"title": self.swap(a.title), "url": a.href, "icon": self.icon(a.icon)}
            for a in nav.global_anchors
            if self.outside or a.href.startswith("/")
        ]

    def _walk(
        self, items: list[dict[str, Any]], trail: list[str], pages: list[dict[str, Any]]
    ) -> None:
        for item in items:
            if item["kind"] == "group":
                inner = [*trail, item["title"]]
                if item["url"]:
                    self._visit(item["url"], item["title"], inner, pages)
                self._walk(item["children"], inner, pages)
            elif item["kind"] == "page":
                self._visit(item["url"], item["title"], trail, pages)

    def _visit(self, url: str, title: str, trail: list[str], pages: list[dict[str, Any]]) -> None:
        if url in self.trail:
            return
        self.trail[url] = trail
        pages.append({"title": title, "url": url})

    def _tab(self, tab: NavTab) -> dict[str, Any] | None:
        if tab.hidden:
            return None
        if tab.href and not (self.outside or tab.href.startswith("/")):
            return None
        icon = self.icon(tab.icon) if tab.icon else Markup("")
        if tab.href:
            return {
                "title": self.swap(tab.title),
                "url": tab.href,
                "icon": icon,
                "items": [],
                "urls": frozenset(),
            }
        items = self._items(tab.items)
        if not items:
            return None
        urls = frozenset(u for item in items for u in item["urls"])
        title = self.swap(tab.title)
        return {"title": title, "url": _first(items), "icon": icon, "children": items, "urls": urls}

    def _items(self, items: tuple[NavItem, ...]) -> list[dict[str, Any]]:
        out = []
        for item in items:
            view = self._item(item)
            if view is not None:
                out.append(view)
        return out

    def _item(self, item: NavItem) -> dict[str, Any] | None:
        if isinstance(item, NavLink):
            if not (self.outside or item.href.startswith("/")):
                return None
            title = self.swap(item.title)
            icon = self.icon(item.icon) if item.icon else Markup("")
            return {
                "kind": "link",
                "title": title,
                "url": item.href,
                "icon": icon,
                "urls": frozenset(),
            }
        if isinstance(item, NavPage):
            g = self.pages.get(item.url)
            if g is None or g.front_matter.get("hidden") is True:
                return None
            title = g.front_matter.get("sidebarTitle")  # the brand's terms, like the title
            title = (
                self.swap(title.strip()) if isinstance(title, str) and title.strip() else g.title
            )
            url = "/" if g.url == "/index" else g.url  # the home page
            method = item.method or _method(g.front_matter.get("openapi"))
            icon = g.front_matter.get("icon")
            return {
                "kind": "page",
                "title": title,
                "url": url,
                "urls": frozenset({url}),
                "method": method,
                "icon": self.icon(icon) if icon and not method else Markup(""),
            }
        if isinstance(item, NavGroup):
            if item.hidden:
                return None
            root = self._item(item.root) if item.root is not None else None
            kids = self._items(item.items)
            if root is None and not kids:
                return None
            urls = frozenset(u for k in kids for u in k["urls"]) | (root["urls"] if root else set())
            return {
                "kind": "group",
                "title": self.swap(item.title),
                "url": root["url"] if root else "",
                "icon": self.icon(item.icon) if item.icon else Markup(""),
                "expanded": item.expanded,
                "children": kids,
                "urls": urls,
            }
        return None

    def context(self, url: str) -> dict[str, Any]:
        """What the templates need for the page at `url`: the tabs (the page's marked), the
        sidebar of its tab (the first tab for a page outside the navigation), the global
        anchors, the page's group trail and its previous and next pages in its tab."""
        url = "/" if url == "/index" else url
        current = self.tab_of.get(url, 0)
        tabs = [
            {"title": t["title"], "url": t["url"], "icon": t["icon"], "current": i == current}
            for i, t in enumerate(self.tabs)
        ]
        items = self.tabs[current].get("children", []) if self.tabs else []
        shown = len(tabs) > 1 or (self.declared and len(tabs) == 1)
        prev = nxt = None
        order = self.order[current] if self.order else []
        at = next((i for i, p in enumerate(order) if p["url"] == url), -1)
        if at >= 0:
            prev = order[at - 1] if at > 0 else None
            nxt = order[at + 1] if at + 1 < len(order) else None
        return {
            "tabs": tabs if shown else [],
            "children": items,
            "current": url,
            "anchors": self.anchors,
            "trail": self.trail.get(url, []),
            "prev": prev,
            "next": nxt,
        }

    def landing(self) -> str:
        """The URL of the page shown at `/` when the site has no `index` page (empty when it
        has one, or when no tab has a page): the first page of the first tab that has pages.
        Only pages the navigation shows count, so a `hidden` page, a page of a hidden group
        or tab and a page the brand's variant dropped are never it; a tab that is a link
        (`href`) is passed over even when it points inside the site."""
        if "/index" in self.pages:
            return ""
        return next((t["url"] for t in self.tabs if t.get("children") and t["url"]), "")


_METHOD = re.compile(r"(?:^|\s)(get|post|put|patch|delete|head|options|trace|webhook)\s", re.I)


def _method(openapi: object) -> str:
    """The HTTP method an `openapi:` value names (the sidebar's badge), lower case."""
    mt = _METHOD.search(openapi) if isinstance(openapi, str) else None
    return mt.group(1).lower() if mt else ""


def _first(items: list[dict[str, Any]]) -> str:
    for item in items:
        if item["kind"] == "page" or (item["kind"] == "group" and item["url"]):
            return item["url"]
        if item["kind"] == "group":
            found = _first(item["children"])
            if found:
                return found
    return ""


def netlify_redirects(redirects: tuple[Redirect, ...], outside: bool = True) -> str:
    """`_redirects` in the Netlify / Cloudflare Pages format (`:slug*` becomes a splat);
    without `outside`, redirects to other sites are left out (a white label's)."""
    lines = []
    for r in redirects:
        if not (outside or r.destination.startswith("/")):
            continue
        src = _SPLAT.sub("*", r.source)
        dst = _SPLAT.sub(":splat", r.destination) if src != r.source else r.destination
        lines.append(f"{src} {dst} {301 if r.permanent else 302}")
    return "\n".join(lines) + "\n" if lines else ""


def redirect_pages(
    env: jinja2.Environment, nav: SiteNav, taken: set[str], base_url: str, outside: bool = True
) -> Iterator[Output]:
    """A static page (meta refresh + canonical link, no script) at each plain redirect source
    that no page or generated file uses."""
    template = env.get_template("redirect.html")
    taken = set(taken)
    for r in nav.redirects:
        path = r.source.strip("/")
        if not (outside or r.destination.startswith("/")):
            continue
        if not r.static or not path or f"{path}.html" in taken:
            continue
        canonical = base_url + r.destination if r.destination.startswith("/") else r.destination
        html = template.render(target=r.destination, canonical=canonical)
        taken.add(f"{path}.html")  # the first of two redirects from one source wins
        yield f"{path}.html", html.encode()


def redirect_problems(nav: SiteNav, urls: set[str]) -> list[Problem]:
    """A warning for each redirect whose source is a page of the site (the page wins)."""
    return [
        Problem(
            r.pos,
            f"redirect source {r.source} is a page of this site: the page is served, not the "
            "redirect",
            "remove the redirect or the page",
            level="warning",
        )
        for r in nav.redirects
        if r.source.rstrip("/") in urls
    ]


def site_files(root: Path, shown: dict[str, Any], site: Site) -> Iterator[Output]:
    """The local files the pages show or link, and the logos and favicon the brand shows
    (`shown`: its chrome), at their paths."""
    rels = {shown[k] for k in ("logo_light", "logo_dark", "favicon") if shown[k]}
    for g in site.all():
        rels.update(g.extras.files)
    for rel in sorted(rels):
        yield rel, (root / rel).read_bytes()


def page_files(root: Path, site: Site) -> Iterator[Output]:
    """The local files the pages show or link (images, PDFs), at their paths."""
    for rel in sorted({f for g in site.all() for f in g.extras.files}):
        yield rel, (root / rel).read_bytes()


def home_page(site: Site) -> m.Guide | None:
    """The page at /index (written as index.html), if the site has one."""
    return next((g for g in site.pages if g.url == "/index"), None)
