"""Every command finds a Mintlify repository's docs.json on its own (issue 24: only `build` did;
`check` said "mkdocs.yml: file not found"): `check`, `new`, `build` then `serve --no-build`,
run from inside the repository with no --config."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli

FIXTURE = ROOT / "tests/fixtures/mintlify-site"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    site = tmp_path / "repo"
    shutil.copytree(FIXTURE, site)
    return site


def test_check_and_new_find_docs_json(repo: Path) -> None:
    check = run_cli("check", cwd=repo)
    assert "mkdocs.yml" not in check.stdout + check.stderr, check.stdout + check.stderr
    assert check.returncode == 0, check.stdout + check.stderr
    made = run_cli("new", "acme_crm", "link-account", "API Key", cwd=repo)
    assert made.returncode == 0, made.stderr
    guide = repo / "acme_crm/link-account/api-key.mdx"
    assert guide.is_file() and "created" in made.stdout
    again = run_cli("check", cwd=repo)
    assert again.returncode == 0, again.stdout + again.stderr


def test_serve_no_build_answers_from_the_built_brand(repo: Path) -> None:
    built = run_cli("build", cwd=repo)
    assert built.returncode == 0, built.stderr
    proc = subprocess.Popen(
        [sys.executable, "-m", "renderer", "serve", "--port", "0", "--no-watch", "--no-build"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            mt = re.search(r"http://127\.0\.0\.1:\d+/", line)
            url = mt.group(0) if mt else None
        assert url, "serve printed no URL"
        with urllib.request.urlopen(url + "quickstart") as reply:  # noqa: S310 - our server
            assert reply.status == 200 and b"<html" in reply.read()
    finally:
        proc.terminate()
        proc.wait(10)
