"""The MkDocs adapter: `.mdx` guides become MkDocs pages rendered by hubdocs' own parse/vary/render."""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from renderer.brand.brand_pass import BrandPass
from renderer.brand.leaks import LeakChecker, hidden_fragments
from renderer.brand.links import broken_links
from renderer.build.full import load_site
from renderer.build.mkdocs_outputs import GUIDES_LLMS, own_llms, write_extras
from renderer.config.mkdocs_yml import load_config
from renderer.config.options import PLUGIN_OPTIONS, Option
from renderer.config.schema import Config
from renderer.core import model as m
from renderer.core.errors import GuideError, Problem
from renderer.core.model import walk
from renderer.parse.discover import Tree, display
from renderer.render.page_html import (
    Components,
    actions_json,
    connect_context,
    jinja_env,
    render_body,
)
from renderer.vary.site import GUIDE_TYPE_LABELS, Site, group_site, variant_targets

log = logging.getLogger("mkdocs.plugins.hubdocs")
ASSETS = ("components.css", "guide.js", "connect.js")


def _option(opt: Option) -> c.BaseConfigOption:
    if opt.choices:
        return c.Choice(opt.choices, default=opt.default)
    if opt.kind is list:
        kind = c.ListOfItems(c.Type(str))
    else:
        kind = c.Type(opt.kind) if opt.default is None else c.Type(opt.kind, default=opt.default)
    return c.Optional(kind) if opt.default is None else kind


HubdocsConfig = type(
    "HubdocsConfig",
    (base.Config,),
    {key: _option(opt) for key, opt in PLUGIN_OPTIONS.items()},
)
"""The plugin's options, made from the one schema in options.py (which `hubdocs` reads too)."""

_ROOT_REL = re.compile(r'\b(href|src)="(/(?!/)[^"]*)"')


class GuideFile(File):
    """A hubdocs source that MkDocs treats as a page."""

    guide: m.Guide

    def is_documentation_page(self) -> bool:
        return True


class HubdocsPlugin(BasePlugin[HubdocsConfig]):
    """Thin adapter: all the work is hubdocs' parse, vary and render stages."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.cfg: Config = load_config(config.config_file_path)
        except GuideError as err:
            raise PluginError("hubdocs: invalid configuration\n" + str(err)) from None
        keys = [b.key for b in self.cfg.brands]
        key = self.config.brand or keys[0]
        if key not in keys:
            raise PluginError(f"hubdocs: brand {key!r} is not among brands {keys}")
        self.brand = self.cfg.brand(key)
        if self.brand.whitelabel or "site_name" in self.brand.given:
            config.site_name = self.brand.site_name
        if "base_url" in self.brand.given:
            config.site_url = self.brand.base_url + "/"
        if self.brand.whitelabel:
            config.repo_url = config.repo_name = config.edit_uri = None
        self.leaks: list[Problem] = []
        """White-label leaks in the config; the build fails on them in on_post_build."""
        if self.brand.whitelabel:
            self._check_metadata(config, LeakChecker(self.brand, {}))
        self.env = jinja_env(self.cfg.search_path(self.brand), {"brand": self.brand})
        for name in ("components.css", "brand.css"):
            if f"assets/hubdocs/{name}" not in config.extra_css:
                config.extra_css.append(f"assets/hubdocs/{name}")
        scripts = [str(s) for s in config.extra_javascript]
        for name in ("guide.js", "connect.js"):
            if f"assets/hubdocs/{name}" not in scripts:
                config.extra_javascript.append(f"assets/hubdocs/{name}")
        guides = self.config.guides_dir
        self.md_dir = (self.cfg.root / guides).resolve() if guides else None
        return config

    def _check_metadata(self, config: MkDocsConfig, checker: LeakChecker) -> None:
        """The page metadata MkDocs adds to every page from mkdocs.yml must not leak either."""
        from renderer.config.yaml_files import Collector

        text = Path(config.config_file_path).read_text(encoding="utf-8")
        col = Collector(Path(config.config_file_path), text)
        for key in ("site_name", "site_description", "site_author", "copyright"):
            value = getattr(config, key, None) or config.get(key)
            if not isinstance(value, str):
                continue
            for hit in checker.check(f"mkdocs.yml {key}", value.encode()):
                col.add(
                    key,
                    f"white-label leak for brand {self.brand.key}: `{key}` shows "
                    f"{hit.split(':', 2)[2].strip()} on every page",
                    f"give `{key}` words every brand may show, or a value per brand with "
                    f"`!ENV` (as `brand:` is chosen)",
                )
        self.leaks += col.problems

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Every page MkDocs writes, guides and the site's own, is checked for the parent's
        words (a guide for its own hidden text too, the home page for every page's)."""
        checker = self.bp.checker
        if checker is None:
            return output
        dest, data = page.file.dest_uri, output.encode()
        self.checked.add(dest)
        if isinstance(page.file, GuideFile):
            self.sources[dest] = page.file.guide.path
            self.hits += checker.page(dest, data, page.file.guide.url)
        elif dest == "index.html":
            self.hits += checker.listing(dest, data)
        else:
            self.hits += checker.page(dest, data, "")
        return output

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """`mkdocs serve` rebuilds when the theme or the brand folder changes too."""
        for folder in (*self.cfg.theme_path, self.brand.folder):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    def _claims(self, f: File, docs: Path) -> bool:
        """Is this one of ours? `.mdx` files, and `.md` files under `guides_dir` when it is set;
        never an `index.md` or a symbolic link (those stay MkDocs pages)."""
        name = f.src_uri.rsplit("/", 1)[-1]
        if name == "index.md" or not f.abs_src_path or os.path.islink(f.abs_src_path):
            return False
        inclusion = getattr(f, "inclusion", None)  # MkDocs 1.6: exclude_docs keeps the file
        if inclusion is not None and inclusion.is_excluded():
            return False
        if name.endswith(".mdx"):
            return True
        if not name.endswith(".md") or self.md_dir is None:
            return False
        return Path(f.abs_src_path).resolve().is_relative_to(self.md_dir)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        docs = Path(config.docs_dir).resolve()
        cfg = dataclasses.replace(self.cfg, guides_dir=docs)
        ours = sorted(f.src_uri for f in files if self._claims(f, docs))
        for f in list(files):  # a linked source is not ours, and must not be copied as it is
            if f.src_uri.endswith(".mdx") and f.abs_src_path and os.path.islink(f.abs_src_path):
                log.warning(
                    f"{display(docs)}/{f.src_uri}: symbolic link skipped: sources must be "
                    "regular files inside docs_dir (copy the file instead of linking it)"
                )
                files.remove(f)
        shown = display(docs)
        tree = Tree([(f"{shown}/{rel}", rel) for rel in ours], [], {})
        try:
            site, warnings = load_site(cfg, os.cpu_count() or 1, tree)
        except GuideError as err:
            raise PluginError("hubdocs: the guides have errors\n" + str(err)) from None
        for w in warnings:
            log.warning(w.format())
        fragments = hidden_fragments(site) if self.brand.whitelabel else {}
        targets = variant_targets(site, self.brand)
        if targets is not None:  # the site's own pages are the brand's pages too
            claimed = set(ours)
            own = _mkdocs_targets([f for f in files if f.src_uri not in claimed])
            targets = {**dict.fromkeys(own, frozenset()), **targets}
        self.bp = BrandPass(cfg, self.brand, targets, fragments)
        self.hits: list[str] = []
        """White-label leaks found in the pages MkDocs wrote (`file:line: what`)."""
        self.checked: set[str] = set()
        """Output files already leak-checked as pages."""
        self.sources: dict[str, str] = {
            f.dest_uri: f.abs_src_path
            for f in files
            if f.abs_src_path and not f.src_uri.endswith((".md", ".mdx"))
        }
        """An output file as MkDocs names it -> its source (guides' pages, copied files)."""
        self.variant: Site = group_site(self.bp.vary(site.all()))
        for problem in broken_links(self.variant, self.brand.key, _mkdocs_targets(files)):
            log.warning(problem.format())
        for rel in ours:
            files.remove(files.get_file_from_path(rel))
        directory_urls = config.use_directory_urls
        self.by_url: dict[str, File] = {}
        for g in self.variant.all():
            rel = _rel(g, docs)
            dest = g.url.lstrip("/") + ("/index.html" if directory_urls else ".html")
            gf = GuideFile(rel, str(docs), config.site_dir, directory_urls, dest_uri=dest)
            gf.guide = g
            files.append(gf)
            self.by_url[g.url] = gf
        self.llms_dir = self._llms_dir(files, config)
        for name in ASSETS:
            data = self.cfg.theme_file(f"static/{name}").read_text(encoding="utf-8")
            files.append(File.generated(config, f"assets/hubdocs/{name}", content=data))
        if files.get_file_from_path("index.md") is None:
            files.append(File.generated(config, "index.md", content=self.index_markdown(docs)))
        brand_css = self.brand.palette.css()
        files.append(File.generated(config, "assets/hubdocs/brand.css", content=brand_css))
        return files

    def _llms_dir(self, files: Files, config: MkDocsConfig) -> str:
        """Where hubdocs' llms files go: the site's root, unless the site has llms files of its
        own there (a file in docs_dir, or a plugin that writes them) — then `guides/`, said once."""
        own = own_llms((f.src_uri for f in files), config.plugins.keys())
        if not own:
            return ""
        log.info(
            f"hubdocs: the site's own llms.txt ({own}) is kept; the guides' llms.txt and "
            f"llms-full.txt are written to {GUIDES_LLMS}/ (link them from your llms.txt)"
        )
        return GUIDES_LLMS

    def _relative(self, html: str, page: Page, files: Files) -> str:
        """Root-relative links in a rendered guide -> relative URLs, as MkDocs writes them (so
        the site works under a mike version folder, from disk with the offline plugin, and with
        or without use_directory_urls)."""

        def fix(mt: re.Match[str]) -> str:
            href = mt.group(2)
            path, sep, frag = href.partition("#")
            path, qsep, query = path.partition("?")
            target = self.by_url.get(path.rstrip("/") or "/") or _page_file(files, path)
            if target is None:
                return mt.group(0)
            url = target.url_relative_to(page.file)
            return f'{mt.group(1)}="{url}{qsep}{query}{sep}{frag}"'

        return _ROOT_REL.sub(fix, html)

    def index_markdown(self, docs: Path) -> str:
        """A home page listing every connector's guides (links to sources; MkDocs resolves them)."""
        lines = [f"# {self.brand.site_name}", ""]
        pages = [g for g in self.variant.pages if not g.unlisted]
        if pages:
            lines += ["## Guides", ""] + [f"- [{g.title}]({_rel(g, docs)})" for g in pages] + [""]
        for conn in self.variant.connectors:
            lines += [f"## {conn.name}", ""]
            lines += [
                f"- [{g.title}]({_rel(g, docs)})"
                for _, gs in conn.by_type
                for g in gs
                if not g.unlisted
            ]
            lines.append("")
        return "\n".join(lines)

    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        """Folder-named sections ("Microsoft entra", "Link account") get the model's names."""
        for item in nav.items:
            _retitle(item)
        return nav

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if isinstance(page.file, GuideFile):
            g = page.file.guide
            page.meta = {**page.meta, "title": g.title, "description": g.description}
            return ""
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if not isinstance(page.file, GuideFile):
            return html
        g = page.file.guide
        page.toc = get_toc(_toc_tokens(g))
        body = render_body(Components(self.env), g)
        data = actions_json(g)
        if data != "[]":  # an attribute, not a JSON <script>: Material's instant navigation
            # re-creates the scripts of a page it swaps in without their id and type
            body = Markup('<div id="hd-actions" data-actions="%s" hidden></div>\n') % data + body
        head = Markup("")
        if config.theme.name != "material":  # Material prints the page title itself
            head = Markup("<h1>%s</h1>\n") % g.title
        if g.description:
            head += Markup('<p class="hd-lead">%s</p>\n') % g.description
        connect = connect_context(g, self.brand.connect_endpoint)
        if connect:
            page_ctx = {"connect": connect, "connector_name": g.connector_name}
            form = self.env.get_template("components/connect_form.html").render(page=page_ctx)
            body += Markup(form)
        html = f'<div class="hd-article hd-guide">\n{head}{body}</div>\n'
        return self._relative(html, page, files)

    @event_priority(-100)  # after the other plugins: their files (search index, …) are checked
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Twins and llms files, written through the brand pass like `hubdocs build` writes
        them; then every other file in the site folder (theme assets, copied files, other
        plugins' output) is read by the leak check. A leak fails the build, and nothing that
        leaked stays in the site folder."""
        out = Path(config.site_dir)
        done = write_extras(self.cfg, self.bp, self.variant, self.config.twins, out, self.llms_dir)
        leaks = self.hits + list(done.leaks)
        if self.bp.checker is not None:
            leaks += _check_tree(self.bp.checker, out, self.checked)  # twins: checked again, clean
        if not (self.leaks or leaks):
            return
        for rel in {h.split(":", 1)[0] for h in leaks}:  # MkDocs wrote its pages already
            if not rel.startswith("mkdocs.yml"):
                (out / rel).unlink(missing_ok=True)
        found = list(self.bp.error(leaks, self.variant.all(), self.sources).problems)
        problems = sorted(set(self.leaks + found), key=lambda p: (p.pos.path, p.pos.line))
        raise PluginError(
            "hubdocs: white-label leaks\n" + "\n".join(p.format() for p in problems[:100])
        )


def _check_tree(checker: LeakChecker, out: Path, skip: set[str]) -> list[str]:
    """Leaks in the files under `out` not in `skip` (symbolic links are not followed)."""
    hits: list[str] = []
    for folder, dirs, names in os.walk(out):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder, name)
            rel = path.relative_to(out).as_posix()
            if rel not in skip and path.is_file() and not path.is_symlink():
                hits += checker.check(rel, path.read_bytes())
    return hits


def _page_file(files: Files, path: str) -> File | None:
    """The MkDocs file a root-relative URL path names (`/a/b` -> a/b.md, a/b/index.md, a/b)."""
    rel = path.strip("/")
    candidates = [f"{rel}/index.md", "index.md"] if not rel else [f"{rel}.md", f"{rel}/index.md"]
    if rel.endswith(".html"):
        candidates.append(rel[: -len(".html")] + ".md")
    candidates.append(rel)
    for c_ in candidates:
        f = files.get_file_from_path(c_)
        if f is not None:
            return f
    return None


def _mkdocs_targets(files: Iterable[File]) -> dict[str, frozenset[str] | None]:
    """URL paths of MkDocs' own pages and files (anchors unknown: MkDocs checks those)."""
    out: dict[str, frozenset[str] | None] = {}
    for f in files:
        path = "/" + f.src_uri
        if f.src_uri.endswith(".md"):
            path = "/" + f.src_uri[: -len(".md")]
            if path.endswith("/index") or path == "/index":
                path = path[: -len("index")].rstrip("/") or "/"
        out[path] = None
    return out


def _retitle(item: Any) -> None:
    children = getattr(item, "children", None)
    if not children:
        return
    for child in children:
        _retitle(child)
    guides = [
        child.file.guide
        for child in children
        if isinstance(getattr(child, "file", None), GuideFile) and child.file.guide.kind == "guide"
    ]
    if guides:  # a guide-type folder: leapsome/link-account
        item.title = GUIDE_TYPE_LABELS.get(guides[0].guide_type, item.title)
        return
    inner = [child for child in children if getattr(child, "children", None)]
    firsts = [g for g in (_first_guide(child) for child in inner) if g is not None]
    names = {g.connector_name for g in firsts}
    if len(names) == 1:  # a connector folder: leapsome/
        item.title = names.pop()


def _first_guide(item: Any) -> m.Guide | None:
    for child in getattr(item, "children", None) or []:
        f = getattr(child, "file", None)
        if isinstance(f, GuideFile) and f.guide.kind == "guide":
            return f.guide
    return None


def _rel(g: m.Guide, docs: Path) -> str:
    path = Path(g.path)
    try:
        return path.resolve().relative_to(docs).as_posix()
    except ValueError:
        return g.path


def _toc_tokens(g: m.Guide) -> list[dict[str, Any]]:
    from renderer.core.text import plain_text

    tokens: list[dict[str, Any]] = []
    for n in walk(g.blocks):
        if isinstance(n, m.Heading) and n.level in (2, 3):
            item = {"level": n.level, "id": n.anchor, "name": plain_text(n.text), "children": []}
            if n.level == 3 and tokens:
                tokens[-1]["children"].append(item)
            else:
                tokens.append(item)
    return tokens
