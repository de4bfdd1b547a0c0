"""A sample project with canaries, built once for stackone (branded) and acme (white-label) (the
build writes the agents files); `hubdocs mcp` started over HTTP on demand."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

BRANDS = ("stackone", "acme")
LEAPSOME = "guides/leapsome/link-account/scim-api-token.mdx"
SCIM_PAGE = "/connectors/leapsome/guides/link-account/scim-api-token"
SCIM_ANCHORS = {"generate-a-scim-authentication-token", "step-generate-the-scim-token"}


def in_thread(fn, *args):  # noqa: ANN001, ANN002, ANN201
    """`fn(*args)` on a thread of its own: a browser test of the same worker keeps an event
    loop running on the main thread, where no other loop can start."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def run_async(fn, *args):  # noqa: ANN001, ANN002, ANN201
    """`anyio.run(fn, *args)` on a thread of its own (see in_thread)."""
    import anyio

    return in_thread(anyio.run, fn, *args)


@dataclass
class Built:
    out: Path
    """The build output folder: out/<brand>/."""
    canary: str
    """A word only a white-label-hidden block of the Leapsome guide holds."""
    leak_words: tuple[str, ...]
    """acme's parent words (from its brand config)."""

    def root(self, brand: str) -> Path:
        return self.out / brand


def plant_canary(project: Path, canary: str) -> None:
    """A paragraph and a step with the canary inside the Leapsome guide's hidden block."""
    guide = project / LEAPSOME
    text = guide.read_text()
    marker = "<div data-whitelabel-hide>\n"
    assert marker in text
    text = text.replace(
        marker,
        marker + f"  <p>Hidden scim token note {canary} for the branded site only.</p>\n\n",
    )
    guide.write_text(text)


@pytest.fixture(scope="session")
def agents_built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    from renderer.build import build
    from renderer.config.mkdocs_yml import load_config

    project = tmp_path_factory.mktemp("agents-project")
    for name in ("guides", "site_template"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    canary = f"canary{uuid.uuid4().hex[:12]}"
    plant_canary(project, canary)
    cfg = load_config(project / "mkdocs.yml")
    out = project / "site"
    build(cfg, list(BRANDS), out, jobs=1)  # the build writes the agents files itself
    return Built(out, canary, cfg.brand("acme").leak_words)


@pytest.fixture
def brand_copy(agents_built: Built, tmp_path: Path):
    """brand -> a scratch copy of the built brand (site_dir/brand) to break at will."""

    def copy(brand: str = "acme") -> Path:
        dest = tmp_path / "site" / brand
        shutil.copytree(agents_built.root(brand), dest, symlinks=True)
        return dest

    return copy


class McpProcess:
    """`python -m renderer mcp --transport http` on 127.0.0.1, a free port."""

    def __init__(self, out: Path, brand: str, *extra: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "renderer", "mcp", "--brand", brand, "--out", str(out),
             "--transport", "http", "--port", "0", *extra],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        line = self._first_line()
        assert line.startswith("MCP server for "), line
        self.url = line.rsplit(" ", 1)[1].strip()
        self.hostport = self.url.split("/")[2]

    def _first_line(self) -> str:
        box: list[str] = []
        reader = threading.Thread(target=lambda: box.append(self.proc.stdout.readline()))
        reader.start()
        reader.join(60)
        if not box or not box[0]:
            self.stop()
            raise AssertionError(f"hubdocs mcp did not start: {self.proc.stderr.read()}")
        return box[0]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()


@pytest.fixture(scope="session")
def mcp_http(agents_built: Built):
    """brand -> a running HTTP MCP server for it (one per brand, stopped at the end)."""
    running: dict[str, McpProcess] = {}

    def get(brand: str) -> McpProcess:
        if brand not in running:
            running[brand] = McpProcess(agents_built.out, brand)
        return running[brand]

    yield get
    for proc in running.values():
        proc.stop()
