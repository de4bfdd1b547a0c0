"""Shared fixtures: the repository, a built copy of the sample site, a real browser."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_a238d7c3697ac2b4.txt"
LEAPSOME = ROOT / "guides" / "leapsome" / "link-account" / "scim-api-token.mdx"
CHROMIUM = "/usr/bin/chromium"


def run_cli(*args: str, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `python -m renderer ARGS` as a user would; returns the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "renderer", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's guides built for every brand, once per test session."""
    from renderer.build import build
    from renderer.config import load_config

    out = tmp_path_factory.mktemp("site")
    build(load_config(ROOT / "mkdocs.yml"), out=out, jobs=1)
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the project's guides, theme and config to break at will."""
    for name in ("guides", "site_template"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium, headless, with no background network traffic."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
