"""What one build is asked to do (a named record every phase reads), and why a build that could
have been incremental was not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from renderer.config.schema import Config


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


@dataclass(frozen=True, slots=True)
class Fallback:
    """Why a full build is needed (printed as `full build: <reason>`)."""

    reason: str
