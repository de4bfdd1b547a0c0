"""One brand's Site variant -> every output file as (path, bytes): pages, twins, assets, indexes."""

from __future__ import annotations

import functools
import hashlib
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import meta, nodes
from markupsafe import Markup

from renderer.config.colors import palette_css
from renderer.config.schema import Brand, Config, cache_root
from renderer.core import model as m
from renderer.parse.embeds import EmbedUse, embeds_for, page_embeds
from renderer.parse.front_matter import page_meta
from renderer.render.api.html import api_html
from renderer.render.code import has_mermaid
from renderer.render.components import needs_script
from renderer.render.contextual import menu_items
from renderer.render.defang import defang
from renderer.render.headers import headers_file
from renderer.render.icon_set import IconSet, sprite, sprite_ids
from renderer.render.icons import icon_html
from renderer.render.images import sized_images
from renderer.render.jsonld import element, guide_steps, page_graph
from renderer.render.llms import (
    LlmsBudget,
    LlmsOutput,
    connector_file,
    llms_file_for,
    llms_files,
    llms_full_chunk,
)
from renderer.render.page_html import (
    BodyMemo,
    Components,
    actions_json,
    connect_context,
    jinja_env,
    render_body,
    toc,
)
from renderer.render.seo import meta_tags, noindex_all, robots_txt
from renderer.render.style_classes import STYLESHEET, page_rules, styles_url, stylesheet
from renderer.render.twin import body, preamble, twin
from renderer.vary.site import GUIDE_TYPE_LABELS, ConnectorGroup, Site, file_for
from renderer.vary.variant import TermSwap

if TYPE_CHECKING:
    from renderer.render.nav import NavView

Output = tuple[str, bytes]


@dataclass
class Parts:
    """Per-page pieces of the llms-full.txt files, kept so an incremental build can splice one
    page."""

    chunks: dict[str, bytes] = field(default_factory=dict)
    """URL -> that page's part of llms-full.txt (and of its connector's)."""
    embeds: dict[str, EmbedUse] = field(default_factory=dict)
    """URL -> the CSP sources its embeds need (pages with an embed only)."""
    icons: dict[str, frozenset[str]] = field(default_factory=dict)
    """URL -> the sprite symbols its HTML uses (pages with an icon only)."""
    mermaid: set[str] = field(default_factory=set)
    """URLs of the pages with a Mermaid diagram (the site ships Mermaid only if one has)."""
    styles: dict[str, dict[str, str]] = field(default_factory=dict)
    """URL -> the generated style classes its blocks use (class -> declarations)."""

    def add(self, g: m.Guide, brand: Brand, mode: str, text: str | None = None) -> None:
        self.chunks[g.url] = llms_full_chunk(g, brand, mode, text)
        use = page_embeds(g.blocks, embeds_for(brand))
        if use.frames or use.media:
            self.embeds[g.url] = use


def _page(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "head_title": "",
        "title": "",
        "description": "",
        "url": "/",
        "twin_url": "",
        "kind": "page",
        "crumbs": [],
        "toc": [],
        "body": Markup(""),
        "styles": "",
        "noindex": False,
        "edit_url": "",
        "connector_name": "",
        "guide_type_label": "",
        "actions_json": "[]",
        "connect": None,
        "mintlify_js": False,
        "mermaid": False,
        "api_scripts": (),
        "auth_method": "",
        "describedby": "/llms.txt",
        "jsonld": "",
        "contextual": [],
        "at": "",
        "canonical": "",
        "searchable": True,
        "metatags": None,
    }
    base.update(kw)
    return base


BRAND_GLOBALS = frozenset({"brand", "assets", "logo_name", "site_name"})


def _brand_neutral(env: jinja2.Environment, brand: Brand) -> bool:
    """Do the component templates render the same for every brand? (No template of the brand's
    own, and no component that reads a brand global or includes, imports or extends another.)"""
    if brand.folder.is_dir() and any(brand.folder.rglob("*.html")):
        return False
    bare = jinja2.Environment(loader=env.loader)  # noqa: S701 - parsed, never rendered
    sources = []
    for name in bare.list_templates(filter_func=lambda n: n.startswith("components/")):
        source, filename, _ = bare.loader.get_source(bare, name)  # type: ignore[union-attr]
        sources.append((name, filename, source))
    return _components_neutral(tuple(sources))


@functools.lru_cache(maxsize=16)
def _components_neutral(sources: tuple[tuple[str, str | None, str], ...]) -> bool:
    """The template analysis of `_brand_neutral`, once per set of component sources."""
    bare = jinja2.Environment()  # noqa: S701 - parsed, never rendered
    for _name, _filename, source in sources:
        # a bare environment: find_undeclared_variables leaves out the environment's globals
        tree = bare.parse(source)
        if meta.find_undeclared_variables(tree) & BRAND_GLOBALS:
            return False
        if any(tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends))):
            return False
    return True


class SiteRenderer:
    """Renders one brand; holds the brand's template environment and fingerprinted assets."""

    def __init__(self, cfg: Config, brand: Brand, body_memo: BodyMemo | None = None):
        self.cfg, self.brand = cfg, brand
        self.body_memo = body_memo
        """Rendered blocks shared between the brands of one process (see render_body)."""
        self.env = jinja_env(cfg.search_path(brand), cache_dir=cache_root(cfg) / "jinja")
        self.assets: dict[str, bytes] = self._collect_assets()
        urls = {
            name: f"/assets/{name}?v={hashlib.sha256(data).hexdigest()[:10]}"
            for name, data in self.assets.items()
        }
        self.logo_name = f"logo{Path(brand.logo).suffix}" if brand.logo else ""
        self.env.globals.update(
            brand=brand, assets=urls, logo_name=self.logo_name, site_name=brand.site_name
        )
        try:
            folder = cfg.guides_dir.resolve().relative_to(cfg.root.resolve()).as_posix()
        except ValueError:
            folder = ""
        self.edit_prefix = f"{folder}/" if folder not in ("", ".") else ""
        """Where the guides folder sits in the repository, for "Edit this page" links."""
        self._nav: tuple[Site, NavView] | None = None
        self.has_guides: bool | None = None
        """Whether the whole site has connector guides (the search filters depend on it), when
        the `site` given to `html` is only part of it (an incremental re-render); None: ask it."""
        """A Mintlify site's navigation, resolved against the last site rendered."""
        chrome = None
        if cfg.nav is not None:
            from renderer.render.nav import chrome as site_chrome

            chrome = site_chrome(cfg.nav, brand.whitelabel, bool(brand.logo))
        self.env.globals.update(chrome=chrome, site_nav=None)
        neutral = _brand_neutral(self.env, brand) and not brand.embed_hosts
        self.icons = IconSet(cfg.nav.icon_library if cfg.nav is not None else "fontawesome")
        self.playground = cfg.nav.playground if cfg.nav is not None else "none"
        """`api.playground.display` of the API reference pages."""
        """The site's icons: `icons.library`, and the names it could not draw (`problems`)."""
        self.components = Components(
            self.env, "" if neutral else brand.key, embeds_for(brand), self.icons
        )
        self.llms: LlmsOutput | None = None
        """The llms files of the last `site_files` (which are pieced, and build notes)."""

    def _collect_assets(self) -> dict[str, bytes]:
        assets: dict[str, bytes] = {}
        self.asset_sources: dict[str, str] = {}
        """Output path (`assets/x.css`) -> the file it was copied from (to locate a leak)."""
        themes = self.cfg.theme_path or (self.cfg.theme_dir,)
        for folder in (*(t / "static" for t in reversed(themes)), self.brand.folder / "static"):
            if folder.is_dir():
                for p in sorted(folder.iterdir()):
                    if p.is_file() and not p.is_symlink() and not p.name.startswith("."):
                        assets[p.name] = p.read_bytes()
                        self.asset_sources[f"assets/{p.name}"] = str(p)
        assets["brand.css"] = palette_css(
            self.brand.palette, cache_root(self.cfg) / "colors"
        ).encode()
        if self.brand.logo:
            logo = self.brand.folder / self.brand.logo
            assets[f"logo{logo.suffix}"] = logo.read_bytes()
            self.asset_sources[f"assets/logo{logo.suffix}"] = str(logo)
        return assets

    # -- pages ---------------------------------------------------------------

    def page_files(
        self,
        site: Site,
        pages: Iterable[m.Guide],
        connectors: Iterable[ConnectorGroup],
        mode: str,
        parts: Parts,
    ) -> Iterator[Output]:
        """The files of some pages and connectors (`site` needs their connectors and the docs
        pages, for the nav); `parts` receives the pages' pieces of the index files."""
        for g in pages:
            yield from self.guide_files(site, g, mode, parts)
        for c in connectors:
            yield from self.connector_files(site, c)

    def site_files(self, site: Site, parts: Parts) -> Iterator[Output]:
        """The files that list every page (from the pages' summaries and `parts` alone: this
        needs no page body) and the assets."""
        for name, data in sorted(self.assets.items()):
            if name == "contextual.js" and not self.brand.contextual:
                continue  # the page menu's script: only where docs.json asks for the menu
            if name not in MERMAID_ASSETS or parts.mermaid:
                yield f"assets/{name}", data
        icons = set().union(*parts.icons.values())
        rules = {k: v for page in parts.styles.values() for k, v in page.items()}
        if rules:
            yield f"assets/{STYLESHEET}", stylesheet(rules).encode()
        yield from _with_icons(self._site_files(site, parts), icons)
        yield "assets/icons.svg", sprite(icons)

    def _site_files(self, site: Site, parts: Parts) -> Iterator[Output]:
        if self.cfg.nav is None:
            from renderer.render.nav import page_files as copied

            yield from self.index_files(site)
            yield from copied(self.cfg.guides_dir, site)
        else:
            yield from self.mintlify_files(site)
        yield (
            "404.html",
            self.html(
                "404.html", _page(head_title="Page not found", url="/404", noindex=True), site
            ),
        )
        if self.brand.connect_endpoint:
            page = _page(
                head_title=f"Accounts – {self.brand.site_name}",
                title="Linked accounts",
                description="Accounts you have linked from the connection guides.",
                url="/accounts",
                noindex=True,
            )
            yield "accounts.html", self.html("accounts.html", page, site)
        yield from self.index_parts(site, parts)
        if self.brand.base_url and not self.noindex_all:  # a sitemap's URLs must be absolute
            yield "sitemap.xml", self.sitemap(site).encode()
        yield "robots.txt", self.robots().encode()
        use = EmbedUse()
        for page_use in parts.embeds.values():
            use = use | page_use
        yield "_headers", headers_file(self.brand, use).encode()

    def index_parts(self, site: Site, parts: Parts) -> Iterator[Output]:
        """The root and per-connector llms files (llms-full.txt from per-page pieces, in nav
        order, while the root one fits its budget); kept in `self.llms`."""
        cfg = self.cfg
        budget = LlmsBudget(cfg.llms_budget, cfg.llms_full_budget, str(cfg.config_path))
        self.llms = llms_files(site, self.brand, parts.chunks.__getitem__, budget)
        yield from self.llms.files

    def mintlify_files(self, site: Site) -> Iterator[Output]:
        """A Mintlify site's home page (unless a page is: its `index` page, else the landing
        page of `guide_files`), copied files and redirects."""
        from renderer.render.nav import home_page, netlify_redirects, redirect_pages, site_files

        nav = self.cfg.nav
        assert nav is not None
        if home_page(site) is None and not self.nav_view(site).landing():
            yield from self.index_files(site)  # no page to land on: the generated index
        yield from site_files(self.cfg.guides_dir, self.env.globals["chrome"], site)
        if nav.redirects:
            outside = not self.brand.whitelabel  # a white label: no links to the parent's sites
            yield "_redirects", netlify_redirects(nav.redirects, outside).encode()
            urls = [g.url for g in site.all()] + [c.url for c in site.connectors]
            taken = {file_for(u, ".html") for u in urls} | {"index.html", "404.html"}
            taken.add("accounts.html")
            yield from redirect_pages(self.env, nav, taken, self.brand.base_url, outside)

    def nav_view(self, site: Site) -> NavView:
        if self._nav is None or self._nav[0] is not site:
            from renderer.render.nav import NavView

            assert self.cfg.nav is not None
            swap, outside = TermSwap.for_brand(self.brand), not self.brand.whitelabel
            icons = self.icons

            def icon(name: object) -> Markup:
                return icon_html(name, icons=icons) if name else Markup("")

            self._nav = (site, NavView(self.cfg.nav, site, swap, outside, icon))
        return self._nav[1]

    def html(self, template: str, page: dict[str, Any], site: Site, **extra: Any) -> bytes:
        sidebar = extra.pop("sidebar", None) or self.sidebar(site, None)
        if self.cfg.nav is not None:
            extra.setdefault("site_nav", self.nav_view(site).context(page["url"]))
            trail = extra["site_nav"]["trail"]
            if trail and page.get("kind") != "guide" and page.get("title"):
                page = {
                    **page,
                    "crumbs": [{"title": t, "url": "", "current": False} for t in trail],
                }
        guides = bool(site.connectors) if self.has_guides is None else self.has_guides
        extra.setdefault("search_facets", "connector type auth" if guides else "")
        return self.env.get_template(template).render(page=page, sidebar=sidebar, **extra).encode()

    def sidebar(self, site: Site, current: ConnectorGroup | None) -> list[dict[str, Any]]:
        groups: list[dict[str, Any]] = []
        pages = [g for g in site.pages if not g.unlisted]
        if pages:
            groups.append(
                {
                    "title": "Guides",
                    "url": "",
                    "links": [{"title": g.title, "url": g.url} for g in pages],
                }
            )
        if current is not None:
            for gtype, guides in current.by_type:
                links = [{"title": g.auth_method, "url": g.url} for g in guides if not g.unlisted]
                if links:
                    groups.append(
                        {
                            "title": f"{current.name} · {GUIDE_TYPE_LABELS[gtype]}",
                            "url": current.url,
                            "links": links,
                        }
                    )
        groups.append(
            {"title": "Connectors", "url": "", "links": [{"title": "All connectors", "url": "/"}]}
        )
        return groups

    def guide_files(
        self, site: Site, g: m.Guide, mode: str, parts: Parts | None = None
    ) -> Iterator[Output]:
        """A page and its twin; `parts` also receives its pieces of the index files."""
        current = site.connector(g.connector) if g.kind == "guide" else None
        crumbs = [{"title": "Connectors", "url": "/"}]
        if current is not None:
            crumbs += [
                {"title": current.name, "url": current.url},
                {"title": GUIDE_TYPE_LABELS[g.guide_type], "url": ""},
            ]
        else:
            crumbs = [{"title": "Home", "url": "/"}, {"title": g.title, "url": ""}]
        connect = connect_context(g, self.brand.connect_endpoint)
        edit = f"{self.brand.repo_url}/blob/main/{self.edit_prefix}{g.source or g.path}"
        edit = edit if self.brand.repo_url else ""
        api = api_html(g.extras.api, self.env, self.playground)
        styles = page_rules(g.blocks)
        page = _page(
            head_title=g.title if g.kind == "guide" else f"{g.title} – {self.brand.site_name}",
            title=g.title,
            description=g.description,
            url=g.url,
            twin_url=g.url + ".md",
            kind=g.kind,
            crumbs=crumbs,
            toc=toc(g),
            body=api.html
            + sized_images(
                render_body(self.components, g, self.body_memo),
                self.cfg.guides_dir,
                os.path.dirname(g.url.lstrip("/")),
            ),
            api_scripts=api.scripts,
            noindex=g.unlisted,
            edit_url=edit,
            connector_name=g.connector_name,
            guide_type_label=GUIDE_TYPE_LABELS.get(g.guide_type, ""),
            actions_json=actions_json(g),
            connect=connect,
            mintlify_js=needs_script(g.blocks),
            mermaid=has_mermaid(g.blocks),
            styles=styles_url(styles),
            auth_method=g.auth_method,
            describedby=llms_file_for(g),
        )
        page["jsonld"] = self.jsonld(page, guide_steps(g.blocks, self.brand.base_url + g.url))
        page["contextual"] = menu_items(self.brand.contextual, self.brand, g.url, g.url + ".md")
        page["metatags"] = self.page_metatags(g)
        landing = self.cfg.nav is not None and g.url == self.nav_view(site).landing()
        if landing or (self.cfg.nav is not None and g.url == "/index"):
            page["canonical"] = "/"  # the home page's one address, also where it has two
        template = "guide.html" if g.kind == "guide" else "page.html"
        html = self.html(template, page, site, sidebar=self.sidebar(site, current))
        if parts is not None and (ids := sprite_ids(html.decode())):
            parts.icons[g.url] = frozenset(ids)
        if parts is not None and page["mermaid"]:
            parts.mermaid.add(g.url)
        if parts is not None and styles:
            parts.styles[g.url] = styles
        yield file_for(g.url, ".html"), html
        if landing:
            yield "index.html", self.landing_html(template, page, site, current)
        text = body(g, mode)
        if parts is not None and not g.unlisted:
            parts.add(g, self.brand, mode, text)
        if parts is not None and api.connect_origins:  # the playground's servers
            use = EmbedUse(connect=frozenset(api.connect_origins))
            parts.embeds[g.url] = parts.embeds.get(g.url, EmbedUse()) | use
        md = twin(g, self.brand.base_url, mode, text, instructions=self.brand.instructions)
        yield file_for(g.url, ".md"), md.encode()

    def page_metatags(self, g: m.Guide) -> list[dict[str, str]] | None:
        """docs.json `seo.metatags`, overridden by the `seo.paths` folders that hold the page,
        overridden by the page's own front matter (`og:image: …`), as Mintlify merges them
        (None: the site's, as every page has them; a white label shows none of these)."""
        nav = self.cfg.nav
        own = page_meta(g.front_matter) if nav is not None else ()
        if nav is None or not (nav.metatag_paths or own) or self.brand.whitelabel:
            return None
        tags = {k.lower(): (k, v) for k, v in nav.metatags_for(g.source or g.url.lstrip("/"))}
        tags.update({k.lower(): (k, v) for k, v in own})
        return meta_tags(tuple(tags.values()))

    def landing_html(
        self, template: str, page: dict[str, Any], site: Site, current: ConnectorGroup | None
    ) -> bytes:
        """The landing page of a Mintlify site without an `index` page, as Mintlify shows it:
        the first page of the first tab, served at `/` as a page (not a redirect). Its links,
        canonical link, twin and sidebar are the page's own (the page keeps its URL, so every
        link to it still works); it is left out of search (the page itself is in it)."""
        at_root = {**page, "at": "/", "searchable": False}
        return self.html(template, at_root, site, sidebar=self.sidebar(site, current))

    def connector_files(self, site: Site, c: ConnectorGroup) -> Iterator[Output]:
        groups = [
            {"type": t, "label": GUIDE_TYPE_LABELS[t], "guides": [g for g in gs if not g.unlisted]}
            for t, gs in c.by_type
        ]
        title = f"{c.name} guides"
        description = f"How to link {c.name} accounts and set up the {c.name} connector."
        page = _page(
            head_title=f"{title} – {self.brand.site_name}",
            title=title,
            description=description,
            url=c.url,
            twin_url=c.url + ".md",
            crumbs=[{"title": "Connectors", "url": "/"}, {"title": c.name, "url": ""}],
            describedby="/" + connector_file(c.key, "llms.txt"),
        )
        page["jsonld"] = self.jsonld(page)
        yield (
            file_for(c.url, ".html"),
            self.html("connector.html", page, site, groups=groups, sidebar=self.sidebar(site, c)),
        )
        md = [self._preamble() + f"# {title}\n\n> {description}\n"]
        for grp in groups:
            md.append(f"## {grp['label']}\n")
            md += [f"- [{g.title}]({g.url}.md): {g.description}" for g in grp["guides"]]
            md.append("")
        yield file_for(c.url, ".md"), defang("\n".join(md)).encode()

    def index_files(self, site: Site) -> Iterator[Output]:
        connectors = [
            {"name": c.name, "url": c.url, "count": sum(len(gs) for _, gs in c.by_type)}
            for c in site.connectors
        ]
        n = len(connectors)
        description = f"Step-by-step guides for connecting {n} tool{'s' if n != 1 else ''}."
        page = _page(
            head_title=self.brand.site_name,
            title=self.brand.site_name,
            description=description,
            url="/",
            twin_url="/index.md",
        )
        page["jsonld"] = self.jsonld(page)
        pages = [g for g in site.pages if not g.unlisted]
        yield "index.html", self.html("index.html", page, site, connectors=connectors, pages=pages)
        md = [self._preamble() + f"# {self.brand.site_name}\n\n> {description}\n"]
        if pages:
            md += ["## Guides\n"] + [f"- [{g.title}]({g.url}.md)" for g in pages] + [""]
        md += ["## Connectors\n"] + [f"- [{c['name']}]({c['url']}.md)" for c in connectors] + [""]
        yield "index.md", defang("\n".join(md)).encode()

    def _preamble(self) -> str:
        return preamble(self.brand.base_url, instructions=self.brand.instructions)

    def jsonld(self, page: dict[str, Any], steps: tuple[tuple[str, str, str], ...] = ()) -> Any:
        """The page's JSON-LD element (render/jsonld.py), from what its template shows."""
        base = self.brand.base_url
        crumbs = tuple((c["title"], base + c["url"] if c["url"] else "") for c in page["crumbs"])
        graph = page_graph(
            url=base + page["url"],
            title=page["title"],
            description=page["description"],
            site_name=self.brand.site_name,
            site_url=base + "/",
            kind="home" if page["url"] == "/" else page["kind"],
            crumbs=crumbs,
            steps=steps,
        )
        return element(graph)

    # -- indexes -------------------------------------------------------------

    def sitemap(self, site: Site) -> str:
        base = self.brand.base_url
        lastmod = ""
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        if epoch.isdigit():
            lastmod = time.strftime("%Y-%m-%d", time.gmtime(int(epoch)))
        nav = self.cfg.nav
        listed = site.listed()
        if nav is not None and nav.metatag_paths and not self.brand.whitelabel:
            listed = [
                g
                for g in listed
                if not noindex_all(nav.metatags_for(g.source or g.url.lstrip("/")))
            ]
        urls = ["/"] + [c.url for c in site.connectors] + [g.url for g in listed]
        if self.cfg.nav is not None:  # a Mintlify site's home page (/index, or the landing
            home = {"/index", self.nav_view(site).landing()}  # page) is listed once, as /
            urls = [u for u in urls if u not in home]
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        for u in urls:
            mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
            out.append(f"  <url><loc>{_xml_text(base + u)}</loc>{mod}</url>")
        out.append("</urlset>")
        return "\n".join(out) + "\n"

    @property
    def noindex_all(self) -> bool:
        """docs.json `seo.metatags.robots` asks search engines to index no page."""
        return self.cfg.nav is not None and noindex_all(self.cfg.nav.metatags)

    def robots(self) -> str:
        base = self.brand.base_url
        return robots_txt(base, bool(base) and not self.noindex_all, self.noindex_all)

    def headers(self, use: EmbedUse | None = None) -> str:
        return headers_file(self.brand, use)


MERMAID_ASSETS = frozenset(
    {"mermaid.min.js", "mermaid-csp.js", "mermaid-init.js", "mermaid.LICENSE.txt"}
)
"""The vendored Mermaid files: published only on a site that has a diagram (3.5 MB)."""


def _with_icons(files: Iterator[Output], icons: set[str]) -> Iterator[Output]:
    """The files, adding the sprite symbols their pages use to `icons`."""
    for path, data in files:
        if path.endswith(".html"):
            icons.update(sprite_ids(data.decode()))
        yield path, data


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
