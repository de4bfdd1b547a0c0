"""docs.json / mint.json (+ an optional hubdocs.yml beside it) -> Config with a SiteNav: the
Mintlify repository is the guides folder, its navigation the sidebar, its name/colours/logo the
brand (unless hubdocs.yml names brands)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .config import _CTRL, _HEX, Brand, Config, _Collector, _read_yaml, load_brand
from .discover import display
from .errors import GuideError, Problem, SourcePos
from .nav import FooterColumn, NavGroup, NavItem, NavLink, NavPage, NavTab, Redirect, SiteNav
from .parse import route

MINTLIFY_CONFIGS = ("docs.json", "mint.json")
USED_KEYS = frozenset(
    [
        "$schema",
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
    ]
)
"""docs.json / mint.json keys that mean something here (the others are named in a note)."""
THEME = Path(__file__).resolve().parent.parent / "site_template"
_URL = re.compile(r"^(https://[^\s\"'<>\\]+|mailto:[^\s\"'<>]+|/(?!/)[^\s\"'<>\\]*)\Z")
_PATH = re.compile(r"^/(?!/)[^\s\"'<>\\?#]*\Z")


def find_config(arg: str | None) -> Path:
    """The site config: `--config`, else mkdocs.yml, else docs.json or mint.json here."""
    if arg:
        return Path(arg)
    for name in ("mkdocs.yml", *MINTLIFY_CONFIGS):
        if Path(name).is_file():
            return Path(name)
    return Path("mkdocs.yml")  # reported as not found


def is_mintlify(path: Path) -> bool:
    return path.suffix == ".json"


def page_url(page: str) -> str:
    """A page path below the guides folder (no suffix) -> its URL; `x/index` is served at `/x`
    (the root `index` stays `/index`: it is the home page, `index.html`)."""
    url = route(page + ".mdx")[0]
    if url.endswith("/index") and url != "/index" and not route(page + ".mdx")[1]:
        url = url[: -len("/index")]
    return url


class _JsonFile:
    """A loaded JSON file that can say on which line a string stands."""

    def __init__(self, path: Path, shown: str):
        self.path, self.shown = path, shown
        try:
            self.text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise GuideError([Problem(SourcePos(shown, 1, 1), "file not found")]) from None
        except (OSError, UnicodeDecodeError) as err:
            raise GuideError([Problem(SourcePos(shown, 1, 1), f"cannot read: {err}")]) from None
        try:
            self.data = json.loads(self.text)
        except json.JSONDecodeError as err:
            line = self.text.split("\n")[err.lineno - 1] if self.text else ""
            raise GuideError(
                [
                    Problem(
                        SourcePos(shown, err.lineno, err.colno),
                        f"invalid JSON: {err.msg}",
                        "",
                        line,
                    )
                ]
            ) from None
        self.lines = self.text.split("\n")
        self.spots: dict[str, list[tuple[int, int]]] = {}
        for mt in re.finditer(r'"(?:[^"\\\n]|\\.)*"', self.text):
            try:
                value = json.loads(mt.group())
            except json.JSONDecodeError:
                continue
            line = self.text.count("\n", 0, mt.start()) + 1
            col = mt.start() - self.text.rfind("\n", 0, mt.start())
            self.spots.setdefault(value, []).append((line, col))
        self.used: dict[str, int] = {}

    def pos(self, value: str, advance: bool = False) -> SourcePos:
        """Where the string `value` stands (with `advance`, successive calls walk through its
        occurrences in order)."""
        spots = self.spots.get(value) or [(1, 1)]
        n = self.used.get(value, 0)
        if advance:
            self.used[value] = n + 1
        line, col = spots[min(n, len(spots) - 1)]
        return SourcePos(self.shown, line, col)

    def problem(self, value: str, message: str, hint: str = "", level: str = "error") -> Problem:
        pos = self.pos(value)
        return Problem(pos, message, hint, self.lines[pos.line - 1], level)


class _Loader:
    """Reads docs.json (following `$ref`s) into a SiteNav, collecting every problem."""

    def __init__(self, path: Path):
        self.root = path.resolve().parent
        self.main = _JsonFile(path, display(path))
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []

    def deref(self, value: Any, where: _JsonFile) -> tuple[Any, _JsonFile]:
        """Follow `{"$ref": "./file.json"}` (inside the repository only)."""
        hops = 0
        while isinstance(value, dict) and isinstance(value.get("$ref"), str) and hops < 8:
            ref = value["$ref"]
            target = (where.path.parent / ref).resolve()
            if not target.is_relative_to(self.root) or target.suffix != ".json":
                self.problems.append(
                    where.problem(ref, f"`$ref` {ref!r} must name a .json file in the repository")
                )
                return None, where
            where = _JsonFile(target, display(target))
            value, hops = where.data, hops + 1
        return value, where

    def url(self, where: _JsonFile, value: Any, what: str) -> str:
        if isinstance(value, str) and _URL.match(value.strip()) and not _CTRL.search(value):
            return value.strip()
        self.problems.append(
            where.problem(
                str(value),
                f"{what} must be an https, mailto or root-relative URL",
                f"got {value!r}",
            )
        )
        return ""

    def file(self, where: _JsonFile, value: Any, what: str) -> str:
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
        if not target.is_file():
            self.problems.append(
                where.problem(value, f"{what} {value!r} not found", f"no file {display(target)}")
            )
            return ""
        return rel

    # -- navigation ----------------------------------------------------------

    def navigation(self, nav: Any, where: _JsonFile) -> tuple[NavTab, ...]:
        nav, where = self.deref(nav, where)
        if isinstance(nav, list):  # mint.json: a list of groups
            nav = {"groups": nav}
        if not isinstance(nav, dict):
            self.problems.append(where.problem("navigation", "`navigation` must be an object"))
            return ()
        for key in ("languages", "versions", "products"):
            if key in nav:
                return self.choose(nav, key, where)
        tabs: list[NavTab] = []
        for key, label in (("tabs", "tab"), ("anchors", "anchor"), ("dropdowns", "dropdown")):
            if key in nav:
                entries, w2 = self.deref(nav[key], where)
                for entry in entries if isinstance(entries, list) else []:
                    tabs.extend(self.tab(entry, label, w2))
        rest = self.items(nav, where)
        if rest:
            tabs.insert(0, NavTab("Documentation", rest))
        return tuple(tabs)

    def choose(self, nav: dict[str, Any], key: str, where: _JsonFile) -> tuple[NavTab, ...]:
        """`languages`/`versions`/`products`: the default one, else the first, with a note."""
        options, where = self.deref(nav[key], where)
        if not isinstance(options, list) or not options:
            self.problems.append(where.problem(key, f"`{key}` must be a non-empty list"))
            return ()
        resolved = [self.deref(o, where) for o in options]
        pick = next((r for r in resolved if isinstance(r[0], dict) and r[0].get("default")), None)
        pick = pick or resolved[0]
        label = {"languages": "language", "versions": "version", "products": "product"}[key]
        name = ""
        if isinstance(pick[0], dict):
            name = str(pick[0].get(label) or pick[0].get("name") or "")
        self.notes.append(
            where.problem(
                key,
                f"{len(options)} {key} in the navigation: building the "
                f"{label} {name or 'listed first'} only",
                f"the other {key}' pages are built but not in the navigation",
                level="note",
            )
        )
        return self.navigation(pick[0], pick[1])

    def tab(self, entry: Any, label: str, where: _JsonFile) -> list[NavTab]:
        entry, where = self.deref(entry, where)
        if not isinstance(entry, dict):
            self.problems.append(where.problem(label, f"each {label} must be an object"))
            return []
        title = self.title(entry, (label, "name", "item"), where)
        hidden = entry.get("hidden") is True
        if "href" in entry or "url" in entry and str(entry.get("url", "")).startswith("http"):
            href = self.url(where, entry.get("href", entry.get("url")), f"{label} `href`")
            return [NavTab(title, (), href, hidden)]
        items = list(self.items(entry, where))
        for sub in ("tabs", "anchors", "dropdowns", "menu"):  # nested choices: one tab, flat
            subs, w2 = self.deref(entry.get(sub), where)
            for s in subs if isinstance(subs, list) else []:
                for t in self.tab(s, sub.rstrip("s") if sub != "menu" else "item", w2):
                    items.append(
                        NavLink(t.title, t.href) if t.href else NavGroup(t.title, None, t.items)
                    )
        return [NavTab(title, tuple(items), "", hidden)]

    def title(self, entry: dict[str, Any], keys: tuple[str, ...], where: _JsonFile) -> str:
        for k in keys:
            v = entry.get(k)
            if isinstance(v, str) and v.strip() and not _CTRL.search(v):
                return v.strip()
        self.problems.append(where.problem(keys[0], f"a `{keys[0]}` needs a one-line title"))
        return "Untitled"

    def items(self, entry: dict[str, Any], where: _JsonFile) -> tuple[NavItem, ...]:
        out: list[NavItem] = []
        for key in ("groups", "pages"):
            values, w2 = self.deref(entry.get(key), where)
            if values is None:
                continue
            if not isinstance(values, list):
                self.problems.append(w2.problem(key, f"`{key}` must be a list"))
                continue
            for v in values:
                item = self.item(v, w2)
                if item is not None:
                    out.append(item)
        return tuple(out)

    def item(self, value: Any, where: _JsonFile) -> NavItem | None:
        value, where = self.deref(value, where)
        if isinstance(value, str):
            return self.page(value, where)
        if isinstance(value, dict) and "group" in value:
            root = value.get("root")
            return NavGroup(
                self.title(value, ("group",), where),
                self.page(root, where) if isinstance(root, str) else None,
                self.items(value, where),
                value.get("hidden") is True,
            )
        if isinstance(value, dict) and ("href" in value or "url" in value):
            title = self.title(value, ("title", "label", "name", "anchor", "page"), where)
            return NavLink(title, self.url(where, value.get("href", value.get("url")), "`href`"))
        self.problems.append(
            where.problem(
                json.dumps(value)[:40] if not isinstance(value, dict) else "pages",
                "a navigation entry must be a page path, a group or a link",
                'e.g. "quickstart" or {"group": "Guides", "pages": ["guides/intro"]}',
            )
        )
        return None

    def page(self, value: str, where: _JsonFile) -> NavPage | None:
        pos = where.pos(value, advance=True)
        page = re.sub(r"\.mdx?$", "", value.strip()).lstrip("/")
        if not page or ".." in page.split("/") or _CTRL.search(page):
            self.problems.append(Problem(pos, f"{value!r} is not a page path"))
            return None
        return NavPage(page, page_url(page), pos)

    # -- the rest ------------------------------------------------------------

    def links(self, values: Any, where: _JsonFile, what: str) -> tuple[NavLink, ...]:
        values, where = self.deref(values, where)
        out = []
        for v in values if isinstance(values, list) else []:
            if isinstance(v, dict):
                title = self.title(v, ("label", "name", "title"), where)
                href = self.url(where, v.get("href", v.get("url")), f"{what} link")
                if href:
                    out.append(NavLink(title, href))
        return tuple(out)

    def socials(self, values: Any, where: _JsonFile) -> tuple[NavLink, ...]:
        values, where = self.deref(values, where)
        pairs: list[tuple[str, Any]] = []
        if isinstance(values, dict):
            pairs = list(values.items())
        elif isinstance(values, list):  # mint.json: [{"type": "x", "url": "…"}]
            pairs = [(v.get("type", ""), v.get("url")) for v in values if isinstance(v, dict)]
        out = [(str(k), self.url(where, v, f"footer social `{k}`")) for k, v in pairs]
        return tuple(NavLink(k, h) for k, h in out if h)

    def redirects(self, values: Any, where: _JsonFile) -> tuple[Redirect, ...]:
        values, where = self.deref(values, where)
        if values is None:
            return ()
        if not isinstance(values, list):
            self.problems.append(where.problem("redirects", "`redirects` must be a list"))
            return ()
        out = []
        for v in values:
            src = v.get("source") if isinstance(v, dict) else None
            dst = v.get("destination") if isinstance(v, dict) else None
            if not (isinstance(src, str) and _PATH.match(src) and not _CTRL.search(src)):
                self.problems.append(
                    where.problem(str(src), "a redirect `source` must be a root-relative path")
                )
                continue
            dest = self.url(where, dst, "a redirect `destination`")
            if dest:
                pos = where.pos(src, advance=True)
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
        unused = sorted(set(data) - USED_KEYS)
        if unused:
            self.notes.append(
                w.problem(
                    unused[0],
                    "docs.json settings hubdocs does not use: " + ", ".join(unused),
                    "the site is built without them",
                    level="note",
                )
            )
        if "tabs" in data and isinstance(data.get("navigation"), list):  # mint.json
            data = {**data, "navigation": _mint_tabs(data)}
        tabs = self.navigation(data.get("navigation", {}), w)
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
        return SiteNav(
            source=w.shown,
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
            indexing=indexing,
            ignore=self.mintignore(self.root / ".mintignore"),
            notes=tuple(self.notes),
        )


def _mint_tabs(data: dict[str, Any]) -> dict[str, Any]:
    """mint.json's `tabs` ({name, url} folder prefixes) -> docs.json tabs of its groups."""
    groups = [g for g in data["navigation"] if isinstance(g, dict)]
    tabs = [t for t in data.get("tabs") or [] if isinstance(t, dict) and t.get("url")]

    def owner(group: dict[str, Any]) -> int:
        first = next((p for p in group.get("pages") or [] if isinstance(p, str)), "")
        for i, t in enumerate(tabs):
            if first.startswith(str(t["url"]).strip("/") + "/"):
                return i + 1
        return 0

    out = [{"tab": data.get("topAnchor", {}).get("name", "Documentation"), "groups": []}]
    out += [{"tab": t.get("name", "Tab"), "groups": []} for t in tabs]
    for g in groups:
        out[owner(g)]["groups"].append(g)
    return {"tabs": [t for t in out if t["groups"]]}


def load_mintlify(path: Path, guides_dir: str | None = None, twins: str | None = None) -> Config:
    """Load docs.json or mint.json (and hubdocs.yml beside it); every problem at once."""
    loader = _Loader(path)
    data = loader.main.data
    if not isinstance(data, dict):
        raise GuideError([Problem(SourcePos(loader.main.shown, 1, 1), "expected a JSON object")])
    site = loader.site(data)
    root = loader.root
    extra: dict[str, Any] = {}
    problems = list(loader.problems)
    if (root / "hubdocs.yml").is_file():
        extra, text = _read_yaml(root / "hubdocs.yml")
        known = {"brands", "brands_dir", "theme_dir", "twins", "site_url"}
        col = _Collector(root / "hubdocs.yml", text)
        for k in sorted(set(extra) - known):
            col.add(k, f"unknown setting `{k}`", "known: " + ", ".join(sorted(known)))
        if extra.get("twins", "faithful") not in ("faithful", "clean"):
            col.add("twins", "`twins` must be `faithful` or `clean`")
        problems += col.problems
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or _CTRL.search(name):
        problems.append(loader.main.problem("name", "`name` must be a one-line string"))
        name = "Docs"
    colors = data.get("colors") if isinstance(data.get("colors"), dict) else {}
    primary, accent = colors.get("primary", "#2b59c3"), colors.get("light", "#1f9d8b")
    for key, value in (("primary", primary), ("light", accent)):
        if not (isinstance(value, str) and _HEX.match(value)):
            problems.append(
                loader.main.problem(str(value), f"colour `{key}` must be a hex colour like #1a2b3c")
            )
    metatags = (data.get("seo") or {}).get("metatags") or {}
    site_url = str(extra.get("site_url") or metatags.get("canonical") or "").rstrip("/")
    if site_url and not re.match(r"^https?://[^\s\"'<>\\]+\Z", site_url):
        problems.append(Problem(SourcePos(loader.main.shown, 1, 1), "site URL must be https"))
        site_url = ""
    theme_dir = (root / str(extra["theme_dir"])).resolve() if "theme_dir" in extra else THEME
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
                primary=primary if _HEX.match(str(primary)) else "#2b59c3",
                accent=accent if _HEX.match(str(accent)) else "#1f9d8b",
                summary=str(data.get("description") or "").split("\n")[0][:200],
            )
        )
    if problems:
        raise GuideError(problems)
    from .config import _with_leak_words

    brands = [_with_leak_words(b, brands) for b in brands]
    return Config(
        root, path, name.strip(), site_url, gdir, theme_dir, tuple(brands), mode, nav=site
    )
