"""Shared fixtures: the repository, a built copy of the sample site, a real browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import hypothesis
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_a238d7c3697ac2b4.txt"
LEAPSOME = ROOT / "guides" / "leapsome" / "link-account" / "scim-api-token.mdx"
CHROMIUM = "/usr/bin/chromium"

# Property tests are reproducible: every run draws the same examples (derandomize), unless
# HYPOTHESIS_SEED=<int> asks for another fixed seed (to explore, or to replay a CI failure).
_SEED = os.environ.get("HYPOTHESIS_SEED", "").strip()
if _SEED:
    hypothesis.settings.register_profile("hubdocs-seeded", database=None, print_blob=True)
    hypothesis.settings.load_profile("hubdocs-seeded")
    hypothesis.core.global_force_seed = int(_SEED)
else:
    hypothesis.settings.register_profile(
        "hubdocs", derandomize=True, database=None, print_blob=True
    )
    hypothesis.settings.load_profile("hubdocs")


def run_cli(
    *args: str, cwd: Path = ROOT, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m renderer ARGS` as a user would (`env`: extra environment variables);
    returns the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "renderer", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **env} if env else None,
    )


@pytest.fixture(scope="session", autouse=True)
def _cache_outside_the_repo(tmp_path_factory: pytest.TempPathFactory):
    """Builds made by the tests keep their caches in a temporary folder, not in the sources."""
    old = os.environ.get("HUBDOCS_CACHE_DIR")
    os.environ["HUBDOCS_CACHE_DIR"] = str(tmp_path_factory.mktemp("hubdocs-cache"))
    yield
    if old is None:
        os.environ.pop("HUBDOCS_CACHE_DIR", None)
    else:
        os.environ["HUBDOCS_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's guides built for every brand, once per test session.

    `HUBDOCS_TEST_BUILT=<folder>`: that earlier build instead (the mutation runner builds once
    for the modules no build runs through, e.g. `serve/server.py`, instead of once per mutant;
    the tests only read it)."""
    from renderer.build import build
    from renderer.config.mkdocs_yml import load_config

    given = os.environ.get("HUBDOCS_TEST_BUILT")
    if given:
        return Path(given)
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


class Served:
    """A brand's built site behind a real `hubdocs serve` server on 127.0.0.1."""

    def __init__(self, url: str, root: Path, db: Path, log: Path):
        self.url, self.root, self.db, self.log = url, root, db, log


@pytest.fixture(scope="session")
def served(built: Path, tmp_path_factory: pytest.TempPathFactory):
    """brand -> Served, started on first use; every server stops at the end of the session."""
    import threading

    from renderer.build.full import load_site
    from renderer.config.mkdocs_yml import load_config
    from renderer.serve.connect_store import ConnectStore, form_fields
    from renderer.serve.server import State, make_server

    cfg = load_config(ROOT / "mkdocs.yml")
    site, _ = load_site(cfg, 1)
    guides = form_fields(site)
    running: dict[str, Served] = {}
    servers = []

    def get(brand: str) -> Served:
        if brand not in running:
            tmp = tmp_path_factory.mktemp(f"serve-{brand}")
            log = tmp / "server.log"
            b = cfg.brand(brand)
            store = ConnectStore(tmp / "connect.sqlite3", guides) if b.connect_endpoint else None
            state = State(built / brand, b, store, log=open(log, "a", buffering=1))  # noqa: SIM115
            server = make_server("127.0.0.1", 0, state)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers.append(server)
            port = server.server_address[1]
            running[brand] = Served(
                f"http://127.0.0.1:{port}", built / brand, tmp / "connect.sqlite3", log
            )
        return running[brand]

    yield get
    for server in servers:
        server.shutdown()
        server.server_close()
