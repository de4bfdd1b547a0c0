"""Paths and loaders shared by the OpenAPI tests."""

from __future__ import annotations

from pathlib import Path

from renderer.openapi import Operation, SpecIndex
from renderer.render_html import jinja_env

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "openapi"
PROJECT = FIXTURES / "project"
BAD = FIXTURES / "bad"
EXPECTED = FIXTURES / "expected"


def index(root: Path = PROJECT) -> SpecIndex:
    return SpecIndex(root)


def op(spec: str, label: str, idx: SpecIndex | None = None) -> Operation:
    loaded = (idx or index()).load(spec)
    return next(o for o in (*loaded.operations, *loaded.webhooks) if o.label == label)


def env():
    return jinja_env([str(ROOT / "site_template")])
