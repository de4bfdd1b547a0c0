"""Paths and loaders shared by the OpenAPI tests."""

from __future__ import annotations

from pathlib import Path

from renderer.openapi.index import SpecIndex
from renderer.openapi.model import Operation
from renderer.render.page_html import jinja_env

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "openapi"
PROJECT = FIXTURES / "project"
BAD = FIXTURES / "bad"
EXPECTED = FIXTURES / "expected"


_SHARED: dict[Path, SpecIndex] = {}


def index(root: Path = PROJECT) -> SpecIndex:
    """One index per fixture project for the whole run (specs are read once, as in a build)."""
    if root not in _SHARED:
        _SHARED[root] = SpecIndex(root)
    return _SHARED[root]


def op(spec: str, label: str, idx: SpecIndex | None = None) -> Operation:
    loaded = (idx or index()).load(spec)
    return next(o for o in (*loaded.operations, *loaded.webhooks) if o.label == label)


_ENV = []


def env():
    """The theme's jinja environment (one per run: templates compile once, as in a build)."""
    if not _ENV:
        _ENV.append(jinja_env([str(ROOT / "site_template")]))
    return _ENV[0]
