"""The configuration as records (Config, Brand) and the validators every config loader shares
(mkdocs_yml.py, brand_file.py, and mintlify/docs_json.py for docs.json)."""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from renderer.config.colors import Palette

if TYPE_CHECKING:
    from renderer.config.site_nav import SiteNav

HOST = re.compile(r"^(?=.{1,253}\Z)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\Z")
"""A bare host name."""
BRAND_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}\Z")
"""A brand folder name."""
CTRL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
"""What a one-line config value may not hold."""
SAFE_URL = re.compile(r"^https://[^\s\"'<>\\;,]+\Z")
"""An https URL safe to print in an attribute."""
LOCAL_URL = re.compile(r"^http://(127\.0\.0\.1|localhost)(:\d+)?(/[^\s\"'<>\\;,]*)?\Z")
"""An http URL of this machine (a local preview)."""
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
DEFAULT_PRIMARY, DEFAULT_ACCENT = "#2b59c3", "#1f9d8b"


def one_line(value: object, limit: int = 200) -> bool:
    """A one-line string: no newlines or control characters, at most `limit` characters."""
    return isinstance(value, str) and not CTRL.search(value) and len(value) <= limit


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
    primary: str = DEFAULT_PRIMARY
    """`#rrggbb`: the brand colour (accents on the light theme)."""
    accent: str = DEFAULT_ACCENT
    light: str = ""
    """The brand colour on the dark theme (default: primary)."""
    dark: str = ""
    """Hover and active states (default: primary)."""
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
    allow_files: tuple[str, ...] = ()
    """Output path globs the leak check passes unread (archives or binaries it refuses)."""
    mcp_url: str = ""
    """The brand's MCP server, named in its discovery files: "" = `<base_url>/mcp` (where
    `hubdocs serve` mounts it), "none" = the brand runs none (no MCP discovery files)."""
    ai_crawlers: bool = True
    """robots.txt names the AI crawlers as allowed (True) or disallowed (`ai_crawlers: deny`)."""
    instructions: tuple[str, ...] = ()
    """`markdown.instructions`: lines of guidance for agents, written as an `Agent Instructions`
    block into every Markdown twin and llms file (brand.yml, else docs.json)."""
    contextual: tuple[tuple[str, str, str, str], ...] = ()
    """docs.json `contextual.options`: the page menu's items, (id, title, description, href
    template; id "custom" for a custom option), in order; empty = the plain page actions."""
    powered_by: bool = False
    """Reader-facing text names the tool ("Powered by hubdocs" in the footer, the generator
    meta tag) only when the brand opts in (brand.yml `powered_by`)."""
    powered_by_url: str = ""
    """https URL the "Powered by" words link to (empty: plain words)."""
    given: tuple[str, ...] = ()
    """The keys brand.yml sets (the MkDocs plugin keeps the site's name and URL otherwise)."""

    @property
    def palette(self) -> Palette:
        """The brand's colours as the theme uses them, with readable text shades."""
        p = self.primary
        return Palette(p, self.light or p, self.dark or p, self.accent)


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


def with_leak_words(brand: Brand, brands: list[Brand]) -> Brand:
    """A white-label brand with the parent words it must never show: its terms' parent side
    and every branded brand's name, less its `allow_words`."""
    if not brand.whitelabel:
        return brand
    words = {t for t, _ in brand.terms}
    words |= {b.name for b in brands if not b.whitelabel}
    words -= set(brand.allow_words)
    return dataclasses.replace(brand, leak_words=tuple(sorted(words, key=lambda w: (w.lower(), w))))
