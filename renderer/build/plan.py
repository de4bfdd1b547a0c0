"""What one build is asked to do (a named record every phase reads), what it did, and why a build
that could have been incremental was not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from renderer.config.schema import Config
from renderer.core.errors import Problem
from renderer.vary.site import Site


@dataclass(frozen=True, slots=True)
class BuildPlan:
    """One build's settings."""

    cfg: Config
    keys: tuple[str, ...]
    """The brands to build, in order."""
    out_dir: Path
    key: str
    """The config key (see `cache.config_key`), taken before anything is read."""
    mode: str
    """How twins are written (`faithful` or `clean`)."""
    jobs: int
    say: Callable[[str], None]
    """Progress messages (phases starting end in "…")."""
    keep_going: bool = False
    """Leave pages with errors out (their problems are returned) instead of stopping."""
    changed: frozenset[str] | None = None
    """Sources a file watcher saw modified since the last build (None: look at the tree)."""
    pages_done: Callable[[], None] | None = None
    """Told when an incremental build has written the changed pages, before the index files."""
    defer_search: bool = False
    """An incremental build leaves the search index behind its pages (marked so in the cache)
    for `search_catch_up` to bring up to date (`hubdocs serve`: the page reloads first)."""


@dataclass(frozen=True, slots=True)
class Fallback:
    """Why a full build is needed (printed as `full build: <reason>`)."""

    reason: str


@dataclass(frozen=True, slots=True)
class BrandResult:
    brand: str
    files: int
    out: str


@dataclass(frozen=True, slots=True)
class BuildReport:
    guides: int
    brands: tuple[BrandResult, ...]
    seconds: float
    site: Site | None
    """The site's pages without their bodies (nav, titles, connect-form fields); None after an
    incremental build (which parses only what changed)."""
    problems: tuple[Problem, ...] = ()
    """Warnings (broken links and anchors of the branded site among them) and, with
    `keep_going`, the errors of the pages left out."""
    notes: tuple[str, ...] = ()
    """What the build did that a user should know (an llms-full.txt over its budget)."""
    mode: str = "full"
    """`full` or `incremental`."""
    reason: str = ""
    """Why a build that could have been incremental was full ("" when it was not asked to
    be incremental)."""

    @property
    def files(self) -> int:
        return sum(b.files for b in self.brands)
