"""mkdocs.yml `hubdocs` plugin section + site_template/brands/<name>/brand.yml -> validated Config."""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from renderer.config.options import PLUGIN_OPTIONS, SITE_KEYS, check_options, did_you_mean
from renderer.config.yaml_files import Collector, read_mkdocs_yml, read_yaml
from renderer.core.errors import GuideError, Problem, SourcePos

if TYPE_CHECKING:
    from renderer.config.site_nav import SiteNav

_HEX = re.compile(r"^#[0-9a-fA-F]{6}\Z")
_HOST = re.compile(r"^(?=.{1,253}\Z)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\Z")
_BRAND_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}\Z")
_CTRL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_SAFE_URL = re.compile(r"^https://[^\s\"'<>\\;,]+\Z")
_LOCAL_URL = re.compile(r"^http://(127\.0\.0\.1|localhost)(:\d+)?(/[^\s\"'<>\\;,]*)?\Z")
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


DEFAULT_EMBED_HOSTS = (
    "www.youtube.com",
    "www.youtube-nocookie.com",
    "player.vimeo.com",
    "www.loom.com",
)
EMBED_HOSTS = frozenset(DEFAULT_EMBED_HOSTS)
"""Hosts an `<iframe>` may embed on every site; a brand adds its own with `embed_hosts`."""


def _packaged_theme() -> Path:
    """The theme shipped with hubdocs: `renderer/site_template/` in an installed wheel (package
    data), the checkout's top-level `site_template/` when running from the repository."""
    here = Path(__file__).resolve().parent.parent  # renderer/
    installed = here / "site_template"
    return installed if installed.is_dir() else here.parent / "site_template"


PACKAGED_THEME = _packaged_theme()


@dataclass(frozen=True, slots=True)
class Brand:
    """One brand: who the site speaks for and how it looks."""

    key: str
    """Folder name under site_template/brands/."""
    name: str
    """Display name ("StackOne", "Acme")."""
    site_name: str
    """The site's name in titles and llms.txt."""
    base_url: str
    """Absolute https URL the site is published at, no trailing slash."""
    whitelabel: bool
    """True: hidden blocks are dropped and the parent's words must not appear."""
    terms: tuple[tuple[str, str], ...]
    """(parent term, brand term), longest first."""
    folder: Path
    """The brand folder (template and static overrides)."""
    logo: str = ""
    """Logo file name inside the brand folder."""
    primary: str = "#2b59c3"
    accent: str = "#1f9d8b"
    support: str = ""
    """https or mailto URL."""
    connect_endpoint: str = ""
    """Root-relative path or https URL of the connect API; empty = no connect form."""
    repo_url: str = ""
    """https URL of the guides repository, for "Edit this page"."""
    summary: str = ""
    """One line under the llms.txt title."""
    allow_words: tuple[str, ...] = ()
    """Parent words this brand may show (leak-check allowlist)."""
    leak_words: tuple[str, ...] = ()
    """Words of the parent brand that must not appear (white-label only)."""
    urls: tuple[tuple[str, str], ...] = ()
    """(parent URL prefix, this brand's), longest first: links, autolinks, code spans and
    fenced code in every output use the brand's URLs."""
    embed_hosts: tuple[str, ...] = ()
    """Hosts whose `<iframe>`/`<video>` embeds this brand allows beyond the built-in list."""
    given: tuple[str, ...] = ()
    """The keys brand.yml sets (the MkDocs plugin keeps the site's name and URL otherwise)."""


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a build needs besides the sources."""

    root: Path
    config_path: Path
    site_name: str
    site_url: str
    guides_dir: Path
    theme_dir: Path
    brands: tuple[Brand, ...]
    twins: str = "faithful"
    extra: dict[str, Any] = field(default_factory=dict)
    llms_budget: int = 100_000
    """Characters of the root llms.txt before it lists connectors instead of pages."""
    llms_full_budget: int = 5_000_000
    """Bytes of the root llms-full.txt before it becomes an index of the connectors' files."""
    nav: SiteNav | None = None
    """A Mintlify site's docs.json settings (navigation, redirects, …); None for mkdocs.yml."""

    @property
    def embed_hosts(self) -> frozenset[str]:
        """Hosts an `<iframe>` may embed on some brand's site (built-in and brands' own)."""
        return EMBED_HOSTS.union(*(b.embed_hosts for b in self.brands))

    theme_path: tuple[Path, ...] = ()
    """Theme folders after the brand folder, first wins: the project's `theme_dir` (when it
    has one), then the theme shipped with hubdocs."""

    def brand(self, key: str) -> Brand:
        for b in self.brands:
            if b.key == key:
                return b
        raise KeyError(key)

    def search_path(self, brand: Brand) -> list[str]:
        """Template search path of a brand: its folder, the project's theme, the packaged one."""
        return [str(brand.folder), *(str(t) for t in self.theme_path or (self.theme_dir,))]

    def theme_file(self, rel: str) -> Path:
        """A theme file (`static/guide.js`) from the first theme folder that has it."""
        for folder in self.theme_path or (self.theme_dir,):
            if (folder / rel).is_file():
                return folder / rel
        return (self.theme_path or (self.theme_dir,))[-1] / rel


def cache_root(cfg: Config) -> Path:
    """Where builds keep their caches: `.hubdocs/` beside the config, or $HUBDOCS_CACHE_DIR."""
    env = os.environ.get("HUBDOCS_CACHE_DIR")
    return Path(env) if env else cfg.root / ".hubdocs"


def plugin_section(mk: dict[str, Any]) -> dict[str, Any]:
    """The `hubdocs` entry of `plugins:` (a list of names or one-key mappings)."""
    plugins = mk.get("plugins") or []
    if isinstance(plugins, dict):
        return plugins.get("hubdocs") or {}
    for p in plugins:
        if isinstance(p, dict) and "hubdocs" in p:
            return p["hubdocs"] or {}
    return {}


def load_config(
    config_path: str | os.PathLike[str] = "mkdocs.yml",
    guides_dir: str | None = None,
    twins: str | None = None,
) -> Config:
    """Load and validate mkdocs.yml and every brand it names; all problems at once.
    (A command finds its config with commands/project.py; docs.json is mintlify/docs_json.py's.)"""
    path = Path(config_path)
    mk, text, parents = read_mkdocs_yml(path)
    root = path.resolve().parent
    col = Collector(path, text, parents)
    for k in sorted(set(mk) - SITE_KEYS, key=str):
        col.add(str(k), f"unknown setting `{k}` in mkdocs.yml", did_you_mean(str(k), SITE_KEYS))
    section = plugin_section(mk)
    if not isinstance(section, dict):
        col.add("hubdocs", "the `hubdocs` plugin entry must map options to values")
        section = {}
    bad = set()
    for key, message, hint in check_options(section):
        col.add(key, message, hint)
        bad.add(key)
    section = {k: v for k, v in section.items() if k in PLUGIN_OPTIONS and k not in bad}
    section = {k: v for k, v in section.items() if v is not None}
    site_name = mk.get("site_name")
    if not isinstance(site_name, str) or not site_name.strip() or _CTRL.search(site_name):
        col.add("site_name", "`site_name` must be a one-line string")
        site_name = "Docs"
    site_url = str(mk.get("site_url") or "").rstrip("/")
    gdir = root / str(guides_dir or section.get("guides_dir") or mk.get("docs_dir") or "guides")
    if guides_dir:
        gdir = Path(guides_dir).resolve()
    own_theme = root / str(section.get("theme_dir") or "site_template")
    if "theme_dir" in section and not own_theme.is_dir():
        col.add("theme_dir", f"theme folder {own_theme} does not exist")
    theme_path = tuple(
        dict.fromkeys(t.resolve() for t in (own_theme, PACKAGED_THEME) if t.is_dir())
    ) or (PACKAGED_THEME,)
    brands_dir = (root / str(section.get("brands_dir") or own_theme / "brands")).resolve()
    mode = twins or section.get("twins") or "faithful"
    if mode not in ("faithful", "clean"):
        col.add("twins", "`twins` must be `faithful` or `clean`")
    budgets = {}
    for name, default in (("llms_budget", 100_000), ("llms_full_budget", 5_000_000)):
        value = section.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1_000:
            col.add(name, f"`{name}` must be a whole number of at least 1000")
            value = default
        budgets[name] = value
    names = section.get("brands")
    if names is None:
        names = sorted(p.parent.name for p in brands_dir.glob("*/brand.yml"))
    if not names and "brands" not in bad:
        where = "brands" if "brands" in section else "hubdocs"
        col.add(where, "no brands", f"list them in `brands:` (folders in {brands_dir})")
    brands: list[Brand] = []
    problems = list(col.problems)
    for key in names:
        if _BRAND_NAME.match(key) and not (brands_dir / key / "brand.yml").is_file():
            have = sorted(p.parent.name for p in brands_dir.glob("*/brand.yml"))
            hint = did_you_mean(key, have) if have else f"create {brands_dir / key}/brand.yml"
            col.add("brands", f"brand `{key}` has no {brands_dir / key}/brand.yml", hint)
            problems.extend(col.problems[-1:])
            continue
        try:
            brands.append(load_brand(brands_dir, key, site_name, site_url))
        except GuideError as err:
            problems.extend(err.problems)
    if problems:
        raise GuideError(problems)
    brands = [_with_leak_words(b, brands) for b in brands]
    return Config(
        root,
        path,
        site_name,
        site_url,
        gdir,
        theme_path[0],
        tuple(brands),
        mode,
        theme_path=theme_path,
        **budgets,
    )


def _with_leak_words(brand: Brand, brands: list[Brand]) -> Brand:
    if not brand.whitelabel:
        return brand
    words = {t for t, _ in brand.terms}
    words |= {b.name for b in brands if not b.whitelabel}
    words -= set(brand.allow_words)
    return dataclasses.replace(brand, leak_words=tuple(sorted(words, key=lambda w: (w.lower(), w))))


def _url_pair(parent: object, own: object) -> tuple[str, str] | None:
    """A `urls:` entry as (prefix, prefix): https URL prefixes as written, bare hosts as
    `//host` (so `https://host/…` and `http://host/…` both map)."""
    if not (isinstance(parent, str) and isinstance(own, str)):
        return None
    if _SAFE_URL.match(parent) and _SAFE_URL.match(own):
        return parent, own
    if _HOST.match(parent.lower()) and _HOST.match(own.lower()):
        return f"//{parent}", f"//{own}"
    return None


def load_brand(brands_dir: Path, key: str, site_name: str, site_url: str) -> Brand:
    """Read and validate site_template/brands/<key>/brand.yml."""
    if not _BRAND_NAME.match(key):
        raise GuideError(
            [
                Problem(
                    SourcePos("mkdocs.yml", 1, 1),
                    f"brand name `{key}` is not a folder name",
                    "use lowercase letters, digits, - and _",
                )
            ]
        )
    folder = brands_dir / key
    path = folder / "brand.yml"
    data, text = read_yaml(path)
    c = Collector(path, text)

    def line(k: str, required: bool = False, default: str = "") -> str:
        v = data.get(k, default)
        if v is None or v == "":
            if required:
                c.add(k, f"`{k}` is required")
            return default
        if not isinstance(v, str) or _CTRL.search(v) or len(v) > 200:
            c.add(k, f"`{k}` must be a one-line string (no newlines or control characters)")
            return default
        return v.strip()

    def url(k: str, schemes: tuple[str, ...] = ("https",), local_ok: bool = False) -> str:
        v = line(k)
        if not v:
            return ""
        if "https" in schemes and _SAFE_URL.match(v):
            return v
        if "mailto" in schemes and re.match(r"^mailto:[^\s\"'<>@]+@[^\s\"'<>]+$", v):
            return v
        if local_ok and (_LOCAL_URL.match(v) or re.match(r"^/(?!/)[A-Za-z0-9/_.-]*$", v)):
            return v
        c.add(k, f"`{k}` must be an {' or '.join(schemes)} URL", f"got {v!r}")
        return ""

    known = {
        "name",
        "site_name",
        "base_url",
        "whitelabel",
        "terms",
        "logo",
        "colors",
        "support",
        "connect_endpoint",
        "repo_url",
        "summary",
        "allow_words",
        "domain",
        "embed_hosts",
        "urls",
    }
    for k in sorted(set(data) - known, key=str):
        c.add(str(k), f"unknown setting `{k}`", did_you_mean(str(k), known))
    name = line("name", required=True)
    base_url = line("base_url", required=not site_url).rstrip("/")
    if base_url and not (_SAFE_URL.match(base_url) or _LOCAL_URL.match(base_url)):
        c.add("base_url", "`base_url` must be an https URL", "e.g. https://docs.example.com")
    domain = line("domain")
    if domain and not _HOST.match(domain):
        c.add("domain", "`domain` must be a bare host name", "e.g. docs.example.com")
    whitelabel = data.get("whitelabel", False)
    if not isinstance(whitelabel, bool):
        c.add("whitelabel", "`whitelabel` must be true or false")
        whitelabel = True
    if whitelabel and not base_url and "base_url" not in data:
        c.add(
            "name", "a white-label brand needs its own `base_url`", "the site's URL is the parent's"
        )
    terms = data.get("terms") or {}
    pairs: list[tuple[str, str]] = []
    if not isinstance(terms, dict):
        c.add("terms", "`terms` must map a parent term to this brand's term")
    else:
        for a, b in terms.items():
            if not all(isinstance(x, str) and x.strip() and not _CTRL.search(x) for x in (a, b)):
                c.add("terms", f"term {a!r} -> {b!r}: both must be one-line strings")
            else:
                pairs.append((a, b))
    colors = data.get("colors") or {}
    prim, acc = "#2b59c3", "#1f9d8b"
    if not isinstance(colors, dict):
        c.add("colors", "`colors` must map primary/accent to hex colours")
    else:
        for k2 in sorted(set(colors) - {"primary", "accent"}):
            c.add("colors", f"unknown colour `{k2}`", "known: primary, accent")
        for k2 in ("primary", "accent"):
            v = colors.get(k2)
            if v is not None and not (isinstance(v, str) and _HEX.match(v)):
                c.add(k2, f"colour `{k2}` must be a hex colour like #1a2b3c", f"got {v!r}")
        prim = colors.get("primary") if _HEX.match(str(colors.get("primary", ""))) else prim
        acc = colors.get("accent") if _HEX.match(str(colors.get("accent", ""))) else acc
    logo = line("logo")
    if logo:
        from renderer.config.logo import check_logo

        for msg in check_logo(folder, logo):
            c.add("logo", msg, "use an SVG without scripts or external references, or a PNG")
    allow = data.get("allow_words") or []
    if not isinstance(allow, list) or not all(isinstance(w, str) for w in allow):
        c.add("allow_words", "`allow_words` must be a list of strings")
        allow = []
    embeds = data.get("embed_hosts") or []
    if not isinstance(embeds, list) or not all(
        isinstance(h, str) and _HOST.match(h) for h in embeds
    ):
        c.add(
            "embed_hosts",
            "`embed_hosts` must be a list of bare host names",
            "e.g. [fast.wistia.net]",
        )
        embeds = []
    url_map: list[tuple[str, str]] = []
    urls = data.get("urls") or {}
    if not isinstance(urls, dict):
        c.add("urls", "`urls` must map a parent URL prefix or host to this brand's")
        urls = {}
    for parent, own in urls.items():
        pair = _url_pair(parent, own)
        if pair is None:
            c.add(
                "urls",
                f"`urls`: {parent!r} -> {own!r}: both must be https URL prefixes or bare hosts",
                "e.g. https://api.stackone.com/connect/: https://connect.acme.example/",
            )
        else:
            url_map.append(pair)
    brand = Brand(
        key=key,
        name=name,
        site_name=line("site_name", default=site_name if not whitelabel else f"{name} Docs"),
        base_url=base_url or site_url,
        whitelabel=whitelabel,
        terms=tuple(sorted(pairs, key=lambda p: -len(p[0]))),
        folder=folder,
        logo=logo,
        primary=prim,
        accent=acc,
        support=url("support", ("https", "mailto")),
        connect_endpoint=url("connect_endpoint", local_ok=True),
        repo_url=url("repo_url"),
        summary=line("summary"),
        allow_words=tuple(allow),
        embed_hosts=tuple(h.lower() for h in embeds),
        urls=tuple(sorted(url_map, key=lambda p: -len(p[0]))),
        given=tuple(sorted(str(k) for k in data)),
    )
    if c.problems:
        raise GuideError(c.problems)
    return brand
