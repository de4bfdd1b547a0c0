"""docs.json / mint.json (+ an optional hubdocs.yml beside it) -> Config with a SiteNav: the
Mintlify repository is the guides folder, its navigation the sidebar, its name/colours/logo the
brand (unless hubdocs.yml names brands)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from renderer.config.brand_file import load_brand
from renderer.config.colors import parse_color
from renderer.config.options import did_you_mean
from renderer.config.schema import (
    CTRL,
    DEFAULT_PRIMARY,
    PACKAGED_THEME,
    Brand,
    Config,
    with_leak_words,
)
from renderer.config.site_nav import ApiPage, FooterColumn, NavLink, Redirect, SiteNav
from renderer.config.yaml_files import Collector, read_yaml
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.mintlify.json_lines import JsonFile
from renderer.mintlify.navigation import NavReader, mint_tabs
from renderer.parse.discover import display

USED_KEYS = frozenset(
    [
        "$schema",
        "api",
        "openapi",
        "name",
        "description",
        "colors",
        "logo",
        "favicon",
        "navigation",
        "navbar",
        "footer",
        "redirects",
        "seo",
        "tabs",
        "topbarLinks",
        "topbarCtaButton",
        "footerSocials",
        "icons",
        "search",
        "banner",
        "errors",
        "markdown",
        "contextual",
    ]
)
"""docs.json / mint.json keys that mean something here (the others are named in a note)."""
_PATH = re.compile(r"^/(?!/)[^\s\"'<>\\?#]*\Z")
_SEO_PATH = re.compile(r"[^\s/\\?#]+(?:/[^\s/\\?#]+)*")
"""A `seo.paths` folder as Mintlify's schema takes it: `guides/v2` (no leading or trailing
slash, no empty segment, whitespace, backslash, `?` or `#`; `.` and `..` are refused too)."""
USED_PARTS = {
    "seo": frozenset({"metatags", "indexing", "paths"}),
    "search": frozenset({"prompt"}),
    "banner": frozenset({"content", "dismissible"}),
    "errors": frozenset({"404"}),
    "logo": frozenset({"light", "dark", "href"}),
}
"""Sections hubdocs reads key by key: their other keys are named in the note too
(`seo.organization`, `seo.trailingSlash`, `banner.type`, …)."""


def _source(value: object) -> object:
    """A redirect `source` as Mintlify reads it: a `#fragment` is dropped (a browser never sends
    it, so only the path can match) and a path without its leading `/` is root-relative."""
    if not isinstance(value, str):
        return value
    path = value.strip().split("#", 1)[0]
    if path and not path.startswith("/") and not re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I):
        path = "/" + path
    return path or "/"


def _instructions(data: dict, where: Any, problems: list[Problem]) -> tuple[str, ...]:
    """docs.json `markdown.instructions`: a string or a list of strings."""
    from renderer.config.brand_file import instruction_lines

    markdown = data.get("markdown")
    value = markdown.get("instructions") if isinstance(markdown, dict) else None
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        problems.append(
            where.problem("instructions", "`markdown.instructions` must be a string or a list")
        )
        return ()
    return instruction_lines(items)


def _contextual(data: dict, where: Any, problems: list[Problem]) -> tuple:
    """docs.json `contextual.options`: Mintlify's identifiers and custom options."""
    from renderer.core.contextual import BUILTIN, UNSUPPORTED

    contextual = data.get("contextual")
    if contextual is None:
        return ()
    options = contextual.get("options") if isinstance(contextual, dict) else None
    if not isinstance(options, list):
        problems.append(where.problem("contextual", "`contextual.options` must be a list"))
        return ()
    out = []
    for opt in options:
        if isinstance(opt, str) and opt in BUILTIN:
            out.append((opt, *BUILTIN[opt], ""))
        elif isinstance(opt, str) and opt in UNSUPPORTED:
            problems.append(
                where.problem(opt, f"contextual option `{opt}` needs a hosted service: left out",
                              level="warning")
            )  # fmt: skip
        elif isinstance(opt, str):
            problems.append(
                where.problem(
                    opt,
                    f"unknown contextual option `{opt}`",
                    did_you_mean(opt, set(BUILTIN)) or "one of " + ", ".join(BUILTIN),
                )
            )
        else:
            custom = _custom_option(opt)
            if isinstance(custom, str):
                problems.append(where.problem("options", custom))
            else:
                out.append(custom)
    return tuple(out)


def _custom_option(opt: Any) -> tuple[str, str, str, str] | str:
    """A custom option -> ("custom", title, description, href template), or the problem."""
    from urllib.parse import quote

    if not isinstance(opt, dict) or not isinstance(opt.get("title"), str):
        return "a custom contextual option needs `title` and `href`"
    href = opt.get("href")
    if isinstance(href, dict):
        query = href.get("query") or []
        pairs = [(q.get("key"), q.get("value")) for q in query if isinstance(q, dict)]
        if not isinstance(href.get("base"), str) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in pairs
        ):
            return "a custom contextual option's `href` needs a `base` and key/value queries"
        sep = "&" if "?" in href["base"] else "?"
        tail = "&".join(f"{quote(k)}={quote(v, safe='$')}" for k, v in pairs)
        href = href["base"] + (sep + tail if tail else "")
    if not isinstance(href, str) or not re.match(r"^(https://|/(?!/))[^\s\"'<>\\]*\Z", href):
        return f"custom contextual option `{opt['title']}`: `href` must be https or a site path"
    description = opt.get("description") if isinstance(opt.get("description"), str) else ""
    return ("custom", " ".join(opt["title"].split()), " ".join(description.split()), href)


class _Loader(NavReader):
    """Reads docs.json (following `$ref`s) into a SiteNav, collecting every problem."""

    def file(self, where: JsonFile, value: Any, what: str) -> str:
        """A site file (`/logo/light.svg`) -> its path below the repository, checked to exist."""
        if not isinstance(value, str) or not value.strip():
            return ""
        rel = value.strip().lstrip("/")
        target = (self.root / rel).resolve()
        if ".." in rel.split("/") or not target.is_relative_to(self.root):
            self.problems.append(
                where.problem(value, f"{what} {value!r} is outside the repository")
            )
            return ""
        if not target.is_file():  # Mintlify builds without it: a warning, the theme's is used
            self.problems.append(
                where.problem(
                    value,
                    f"{what} {value!r} not found: the site is built without it",
                    f"no file {display(target)}: add it or fix the path",
                    level="warning",
                )
            )
            return ""
        return rel

    # -- navigation ----------------------------------------------------------

    def links(self, values: Any, where: JsonFile, what: str) -> tuple[NavLink, ...]:
        values, where = self.deref(values, where)
        out = []
        for v in values if isinstance(values, list) else []:
            if isinstance(v, dict):
                title = self.title(v, ("label", "name", "title"), where)
                href = self.url(where, v.get("href", v.get("url")), f"{what} link")
                if href:
                    out.append(NavLink(title, href))
        return tuple(out)

    def anchors(self, values: Any, where: JsonFile) -> tuple[NavLink, ...]:
        """`navigation.global.anchors`: [{anchor, href, icon}] drawn above every sidebar."""
        values, where = self.deref(values, where)
        out = []
        for v in values if isinstance(values, list) else []:
            if isinstance(v, dict):
                title = self.title(v, ("anchor", "name", "label"), where)
                href = self.url(where, v.get("href", v.get("url")), "global anchor")
                if href:
                    out.append(NavLink(title, href, v.get("icon") or ""))
        return tuple(out)

    def socials(self, values: Any, where: JsonFile) -> tuple[NavLink, ...]:
        values, where = self.deref(values, where)
        pairs: list[tuple[str, Any]] = []
        if isinstance(values, dict):
            pairs = list(values.items())
        elif isinstance(values, list):  # mint.json: [{"type": "x", "url": "…"}]
            pairs = [(v.get("type", ""), v.get("url")) for v in values if isinstance(v, dict)]
        out = [(str(k), self.url(where, v, f"footer social `{k}`")) for k, v in pairs]
        return tuple(NavLink(k, h) for k, h in out if h)

    def redirects(self, values: Any, where: JsonFile) -> tuple[Redirect, ...]:
        values, where = self.deref(values, where)
        if values is None:
            return ()
        if not isinstance(values, list):
            self.problems.append(where.problem("redirects", "`redirects` must be a list"))
            return ()
        out = []
        for v in values:
            raw = v.get("source") if isinstance(v, dict) else None
            dst = v.get("destination") if isinstance(v, dict) else None
            src = _source(raw)
            parts = src.split("/") if isinstance(src, str) else []
            if (
                not (isinstance(src, str) and _PATH.match(src) and not CTRL.search(src))
                or any(p in (".", "..") for p in parts)
                or "//" in src
            ):
                self.problems.append(
                    where.problem(
                        str(raw),
                        "a redirect `source` must be a path on this site",
                        'e.g. "/old-page" or "/blog/:slug*"',
                    )
                )
                continue
            dest = self.url(where, dst, "a redirect `destination`")
            if dest:
                pos = where.pos(str(raw), advance=True)
                out.append(Redirect(src, dest, v.get("permanent", True) is not False, pos))
        return tuple(out)

    def mintignore(self, path: Path) -> tuple[str, ...]:
        """The simple gitignore patterns of `.mintignore`; any other form is refused (a file
        the author meant to keep out must not be published because we misread the rule)."""
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except OSError:
            return ()
        out = []
        for n, line in enumerate(lines, 1):
            pat = line.strip()
            if not pat or pat.startswith("#"):
                continue
            core = pat.removeprefix("**/").removesuffix("/**").strip("/")
            if pat.startswith("!") or "**" in core or "\\" in pat or "[" in pat:
                self.problems.append(
                    Problem(
                        SourcePos(display(path), n, 1),
                        f"`.mintignore` pattern {pat!r} is not supported",
                        "supported: name globs (*.draft.mdx), folders (drafts/), paths "
                        "(internal/notes.mdx), **/name and name/**; no `!` negation",
                        line,
                    )
                )
                continue
            out.append(pat)
        return tuple(out)

    def site(self, data: dict[str, Any]) -> SiteNav:
        w = self.main
        unused = sorted(set(data) - USED_KEYS) + [
            f"{key}.{sub}"
            for key, used in USED_PARTS.items()
            if isinstance(data.get(key), dict)
            for sub in sorted(set(data[key]) - used - {"$ref"})
        ]
        if unused:
            self.notes.append(
                w.problem(
                    unused[0].rsplit(".", 1)[-1],  # a section's key is found by its own name
                    "docs.json settings hubdocs does not use: " + ", ".join(unused),
                    "the site is built without them",
                    level="note",
                )
            )
        if "tabs" in data and isinstance(data.get("navigation"), list):  # mint.json
            data = {**data, "navigation": mint_tabs(data)}
        api = data.get("api") if isinstance(data.get("api"), dict) else {}
        if api.get("openapi") or data.get("openapi"):  # the whole site's spec
            self.root_spec = self.api.spec_of(
                {"openapi": api.get("openapi") or data.get("openapi")}, w, ""
            )
        tabs = self.navigation(data.get("navigation", {}), w)
        navigation = data.get("navigation")
        glob = navigation.get("global") if isinstance(navigation, dict) else None
        anchors = self.anchors(glob.get("anchors") if isinstance(glob, dict) else None, w)
        api_pages: tuple[ApiPage, ...] = ()
        if "api" in self.__dict__:  # the navigation named OpenAPI operations
            api_pages = tuple(self.__dict__["api"].pages)
            self.problems.extend(self.__dict__["api"].problems)
        logo = data.get("logo")
        logo = logo if isinstance(logo, dict) else {"light": logo, "dark": logo}
        favicon = data.get("favicon")
        favicon = favicon.get("light") if isinstance(favicon, dict) else favicon
        navbar = data.get("navbar") or {}
        primary = navbar.get("primary") if isinstance(navbar, dict) else None
        links = navbar.get("links") if isinstance(navbar, dict) else None
        if "topbarLinks" in data:
            links, primary = data["topbarLinks"], data.get("topbarCtaButton")
        cta = None
        if isinstance(primary, dict):
            label = primary.get("label") or primary.get("name") or "GitHub"
            href = self.url(w, primary.get("href", primary.get("url")), "navbar `primary`")
            cta = NavLink(str(label), href) if href else None
        footer = data.get("footer") if isinstance(data.get("footer"), dict) else {}
        columns = []
        for col in footer.get("links") or []:
            if isinstance(col, dict):
                title = str(col.get("header") or "")
                columns.append(FooterColumn(title, self.links(col.get("items"), w, "footer")))
        seo = data.get("seo") if isinstance(data.get("seo"), dict) else {}
        indexing = seo.get("indexing", "navigable")
        if indexing not in ("navigable", "all"):
            self.problems.append(w.problem("indexing", "`seo.indexing` must be navigable or all"))
            indexing = "navigable"
        icons = data.get("icons") if isinstance(data.get("icons"), dict) else {}
        library = icons.get("library", "fontawesome")
        if library not in ("fontawesome", "lucide", "tabler"):
            self.problems.append(
                w.problem("library", "`icons.library` must be fontawesome, lucide or tabler")
            )
            library = "fontawesome"
        return SiteNav(
            source=w.shown,
            icon_library=library,
            tabs=tabs,
            navbar=self.links(links, w, "navbar"),
            navbar_primary=cta,
            footer_socials=self.socials(footer.get("socials", data.get("footerSocials")), w),
            footer_columns=tuple(columns),
            logo_light=self.file(w, logo.get("light"), "logo"),
            logo_dark=self.file(w, logo.get("dark") or logo.get("light"), "logo"),
            logo_href=self.url(w, logo["href"], "logo `href`") if logo.get("href") else "",
            favicon=self.file(w, favicon, "favicon"),
            redirects=self.redirects(data.get("redirects"), w),
            global_anchors=anchors,
            search_prompt=_one_line(data.get("search"), "prompt"),
            metatags=_metatags(seo),
            metatag_paths=self.seo_paths(seo.get("paths"), w),
            banner=_one_line(data.get("banner"), "content", 1000),
            banner_dismissible=(data.get("banner") or {}).get("dismissible") is True
            if isinstance(data.get("banner"), dict)
            else False,
            not_found=_not_found(data.get("errors")),
            indexing=indexing,
            ignore=self.mintignore(self.root / ".mintignore"),
            api_pages=api_pages,
            playground=self.playground(api, w),
            notes=tuple(self.notes),
        )

    def seo_paths(
        self, values: Any, where: JsonFile
    ) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
        """`seo.paths`: [{path, metatags}], meta tags for the pages below a folder."""
        if values is None:
            return ()
        if not isinstance(values, list):
            self.problems.append(
                where.problem("paths", "`seo.paths` must be a list of {path, metatags}")
            )
            return ()
        out: dict[str, tuple[tuple[str, str], ...]] = {}
        for v in values:
            path = v.get("path") if isinstance(v, dict) else None
            if (
                not isinstance(path, str)
                or not _SEO_PATH.fullmatch(path)
                or ({".", ".."} & set(path.split("/")))
            ):
                self.problems.append(
                    where.problem(
                        path if isinstance(path, str) else "paths",
                        f"`seo.paths` path {path!r} is not a folder below the docs root",
                        "write it like `guides/v2`: no leading or trailing `/`, no `.` or `..`",
                    )
                )
            elif path in out:
                self.problems.append(where.problem(path, f"`seo.paths`: {path!r} is listed twice"))
            elif not isinstance(v.get("metatags"), dict):
                self.problems.append(
                    where.problem(path, f"`seo.paths` entry {path!r} needs `metatags`")
                )
            else:
                out[path] = _metatags(v)
        return tuple(sorted(out.items(), key=lambda item: len(item[0])))

    def playground(self, api: dict[str, Any], where: JsonFile) -> str:
        """`api.playground.display`: interactive (Mintlify's default), simple or none (`auth`,
        a playground for signed-in readers, means none on a public site)."""
        shown = (api.get("playground") or {}).get("display", "interactive")
        if api.get("playground") is not None and not isinstance(api.get("playground"), dict):
            shown = "interactive"
        if shown == "auth":
            return "none"
        if shown not in ("interactive", "simple", "none"):
            self.problems.append(
                where.problem(
                    "display", "`api.playground.display` must be interactive, simple or none"
                )
            )
            return "interactive"
        return str(shown)


def _one_line(section: Any, key: str, limit: int = 200) -> str:
    """A string setting inside a section (`search.prompt`) on one line, or ''."""
    value = section.get(key) if isinstance(section, dict) else None
    if not isinstance(value, str):
        return ""
    return " ".join(CTRL.sub(" ", value).split())[:limit]


def _metatags(seo: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """`seo.metatags`: the string values, names as written."""
    tags = seo.get("metatags") if isinstance(seo.get("metatags"), dict) else {}
    return tuple(
        (str(k), _one_line(tags, k, 500))
        for k, v in tags.items()
        if isinstance(v, str) and re.fullmatch(r"[A-Za-z][\w:.-]{0,80}", str(k))
    )


def _not_found(errors: Any) -> tuple[tuple[str, object], ...]:
    """`errors.404` {redirect, title, description}: Mintlify's default redirect is true."""
    page = errors.get("404") if isinstance(errors, dict) else None
    if not isinstance(page, dict):
        return ()
    return (
        ("title", _one_line(page, "title")),
        ("description", _one_line(page, "description", 1000)),
        ("redirect", page.get("redirect", True) is not False),
    )


def _colors(data: dict[str, Any], main: JsonFile, problems: list[Problem]) -> dict[str, str]:
    """docs.json `colors` (any CSS colour form) as `#rrggbb`: `primary`, `light` (the dark
    theme's), `dark` (hover); a value that is no colour is a warning and the default is used."""
    given = data.get("colors") if isinstance(data.get("colors"), dict) else {}
    out = {}
    for key in ("primary", "light", "dark"):
        value = given.get(key)
        parsed = parse_color(value) if value is not None else None
        if value is not None and parsed is None:
            problems.append(
                dataclasses.replace(
                    main.problem(value, f"colour `{key}` is not a CSS colour: the default is used"),
                    level="warning",
                )
            )
        out[key] = parsed or ""
    out["primary"] = out["primary"] or DEFAULT_PRIMARY
    out["light"] = out["light"] or out["primary"]
    out["dark"] = out["dark"] or out["primary"]
    return out


def _in_json(p: Problem) -> bool:
    """A problem located in docs.json / mint.json or a JSON file they `$ref`."""
    return str(p.pos.path).endswith(".json")


def load_mintlify(
    path: Path, guides_dir: str | None = None, twins: str | None = None, keep_going: bool = False
) -> Config:
    """Load docs.json or mint.json (and hubdocs.yml beside it); every problem at once.

    With `keep_going` (`hubdocs build --keep-going`), an error in docs.json or a JSON file it
    `$ref`s does not stop the site: the entry it is about is left out (a link, a redirect, a
    navigation entry, a setting that falls back to its default) and the error is reported with
    the build, which still fails. Errors elsewhere (.mintignore, hubdocs.yml, brand.yml) still
    stop it: ignoring them could publish what the author kept out or hid."""
    loader = _Loader(path)
    data = loader.main.data
    if not isinstance(data, dict):
        raise GuideError([Problem(SourcePos(loader.main.shown, 1, 1), "expected a JSON object")])
    site = loader.site(data)
    root = loader.root
    extra: dict[str, Any] = {}
    problems = list(loader.problems)
    if (root / "hubdocs.yml").is_file():
        extra, text = read_yaml(root / "hubdocs.yml")
        known = {"brands", "brands_dir", "theme_dir", "twins", "site_url"}
        col = Collector(root / "hubdocs.yml", text)
        for k in sorted(set(extra) - known, key=str):
            col.add(str(k), f"unknown setting `{k}` in hubdocs.yml", did_you_mean(str(k), known))
        if extra.get("twins", "faithful") not in ("faithful", "clean"):
            col.add("twins", "`twins` must be `faithful` or `clean`")
        problems += col.problems
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or CTRL.search(name):
        problems.append(loader.main.problem("name", "`name` must be a one-line string"))
        name = "Docs"
    palette = _colors(data, loader.main, problems)
    metatags = (data.get("seo") or {}).get("metatags") or {}
    site_url = str(extra.get("site_url") or metatags.get("canonical") or "").rstrip("/")
    if site_url and not re.match(r"^https?://[^\s\"'<>\\]+\Z", site_url):
        problems.append(Problem(SourcePos(loader.main.shown, 1, 1), "site URL must be https"))
        site_url = ""
    own = (root / str(extra.get("theme_dir") or "site_template")).resolve()
    theme_path = tuple(dict.fromkeys(t for t in (own, PACKAGED_THEME.resolve()) if t.is_dir()))
    theme_dir = theme_path[0] if theme_path else PACKAGED_THEME
    gdir = Path(guides_dir).resolve() if guides_dir else root
    mode = twins or extra.get("twins") or "faithful"
    brands: list[Brand] = []
    names = extra.get("brands")
    if names:
        brands_dir = (root / str(extra.get("brands_dir") or "brands")).resolve()
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            problems.append(
                Problem(SourcePos(display(root / "hubdocs.yml"), 1, 1), "`brands` must be a list")
            )
            names = []
        for key in names:
            try:
                brands.append(load_brand(brands_dir, key, name.strip(), site_url))
            except GuideError as err:
                problems.extend(err.problems)
    else:
        key = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "docs"
        brands.append(
            Brand(
                key=key,
                name=name.strip(),
                site_name=name.strip(),
                base_url=site_url,
                whitelabel=False,
                terms=(),
                folder=theme_dir / "brands" / key,
                primary=palette["primary"],
                light=palette["light"],
                dark=palette["dark"],
                accent=palette["light"],
                summary=str(data.get("description") or "").split("\n")[0][:200],
            )
        )
    instructions = _instructions(data, loader.main, problems)
    menu = _contextual(data, loader.main, problems)
    if keep_going and all(p.level != "error" or _in_json(p) for p in problems):
        site = dataclasses.replace(site, notes=(*site.notes, *problems))
        problems = []
    if any(p.level == "error" for p in problems):
        raise GuideError(problems)
    if not site_url:  # after the errors: a note never joins a refusal
        problems.append(
            Problem(
                SourcePos(loader.main.shown, 1, 1),
                "no site URL: sitemap.xml is not written (its URLs must be absolute) and pages "
                "have no canonical link",
                "set `seo.metatags.canonical` in docs.json (or `site_url` in hubdocs.yml) to the "
                "address the site is served at",
                level="note",
            )
        )
    if problems:  # warnings: reported with the build's notes
        site = dataclasses.replace(site, notes=(*site.notes, *problems))
    brands = [with_leak_words(b, brands) for b in brands]
    if instructions:  # markdown.instructions: every brand that sets none of its own
        brands = [
            b if b.instructions else dataclasses.replace(b, instructions=instructions)
            for b in brands
        ]
    if menu:
        brands = [dataclasses.replace(b, contextual=menu) for b in brands]
    return Config(
        root,
        path,
        name.strip(),
        site_url,
        gdir,
        theme_dir,
        tuple(brands),
        mode,
        nav=site,
        theme_path=theme_path or (PACKAGED_THEME,),
    )
