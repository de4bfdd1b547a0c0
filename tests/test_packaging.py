"""The wheel works outside the checkout: built, installed into a fresh venv, then `hubdocs init`,
`check`, `build` and `serve` (one page fetched over HTTP) in an empty temporary folder."""

from __future__ import annotations

import os
import re
import shutil
import signal
import site
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


def run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (the checkout gets no build/ folder)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "MANIFEST.in"):
        shutil.copy(ROOT / name, src / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "renderer", src / "renderer", ignore=skip)
    shutil.copytree(ROOT / "site_template", src / "site_template", ignore=skip)
    dist = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(dist), str(src)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    (found,) = dist.glob("hubdocs-*.whl")
    return found


def test_wheel_holds_every_theme_file_and_module_but_not_the_sample_brands(wheel: Path) -> None:
    """The wheel's files are the tree's: every template, static file and module (a file added to
    `site_template/` cannot be left out of the package data), and none of the sample brands."""
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = ROOT / "site_template"
    want = {
        "renderer/site_template/" + p.relative_to(theme).as_posix()
        for p in theme.rglob("*")
        if p.is_file() and "brands" not in p.relative_to(theme).parts
    }
    want |= {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "renderer").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    want |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "renderer/render/data").iterdir()}
    shipped = {n for n in names if n.startswith("renderer/")}
    assert sorted(want - shipped) == [], "left out of the wheel"
    assert sorted(shipped - want) == [], "in the wheel but not in the tree"
    assert not [n for n in names if "/brands/" in n or n.startswith(("tests/", "guides/"))]
    meta = zipfile.ZipFile(wheel).read("hubdocs-0.1.0.dist-info/METADATA").decode()
    requires = [line for line in meta.splitlines() if line.startswith("Requires-Dist:")]
    runtime = [r for r in requires if "extra ==" not in r]
    assert not [r for r in runtime if "beautifulsoup4" in r], runtime
    assert any(r.startswith("Requires-Dist: mkdocs") and "<2" in r for r in runtime), runtime


class Installed:
    """A fresh venv outside the checkout with only the wheel installed (dependencies seen
    through a path line, offline)."""

    def __init__(self, venv: Path, env: dict[str, str]):
        self.bin, self.env = venv / "bin", env
        (self.purelib,) = venv.glob("lib/python*/site-packages")

    def run(self, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        return run(*args, cwd=cwd, env=self.env)


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # Offline: the fresh venv sees the dependencies of the test venv through a .pth line (a
    # path line only: the checkout's editable install, a .pth *inside* it, is not run).
    (purelib,) = venv.glob("lib/python*/site-packages")
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (purelib / "deps.pth").write_text("\n".join(deps) + "\n")
    install = subprocess.run(  # the test venv's pip, installing into the fresh venv
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q"]
        + ["--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HUBDOCS_BRAND")}
    env["HUBDOCS_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    return Installed(venv, env)


def test_init_check_build_serve_with_only_the_wheel(installed: Installed, tmp_path: Path) -> None:
    project = tmp_path / "docs"
    project.mkdir()
    bin_, env = installed.bin, installed.env
    hubdocs = bin_ / "hubdocs"

    where = installed.run(
        bin_ / "python", "-c", "import renderer; print(renderer.__file__)", cwd=project
    )
    assert where.stdout.strip().startswith(str(installed.purelib)), where.stdout + where.stderr

    for args in (("init",), ("check",), ("build",)):
        proc = installed.run(hubdocs, *args, cwd=project)
        assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr
    assert "no problems" in installed.run(hubdocs, "check", cwd=project).stdout
    guide = "connectors/acmecrm/guides/link-account/api-key"
    for brand in ("lumen", "partner"):
        assert (project / "site" / brand / f"{guide}.html").is_file()
        assert (project / "site" / brand / "assets/style.css").is_file()
    assert "site/" in (project / ".gitignore").read_text()

    new = installed.run(hubdocs, "new", "shortcut", "link-account", "API Token", cwd=project)
    assert new.returncode == 0, new.stderr
    proc = installed.run(hubdocs, "check", "--strict", cwd=project)
    assert proc.returncode == 0, proc.stdout

    server = subprocess.Popen(
        [str(hubdocs), "serve", "--port", "0", "--no-watch", "--no-build"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = server.stdout.readline()  # type: ignore[union-attr]
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert port, line + server.stderr.read()  # type: ignore[union-attr]
        url = f"http://127.0.0.1:{port.group(1)}/{guide}"
        with urllib.request.urlopen(url, timeout=30) as resp:  # noqa: S310 - local server
            body = resp.read().decode()
        assert resp.status == 200
        assert "Connect AcmeCRM with API Key" in body and 'class="hd-step"' in body
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        for stream in (server.stdout, server.stderr):
            stream.close()  # type: ignore[union-attr]


def test_every_component_and_a_docs_json_site_with_only_the_wheel(
    installed: Installed, tmp_path: Path
) -> None:
    """A docs.json site using every component partial (tabs, redirects, snippets included)
    builds from the installed wheel alone."""
    project = tmp_path / "kestrel"
    shutil.copytree(ROOT / "tests/fixtures/every-component", project)
    proc = installed.run(installed.bin / "hubdocs", "build", "--config", "docs.json", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    page = (project / "site/kestrel-docs/components.html").read_text()
    for mark in ("hd-step", "Only for people.", "main.py", "Write a test."):
        assert mark in page, mark


def test_the_mkdocs_plugin_in_a_material_site_with_only_the_wheel(
    installed: Installed, tmp_path: Path
) -> None:
    from .test_mkdocs_plugin import GUIDE, make_material_site

    site_dir = make_material_site(tmp_path, hubdocs_first=False, directory_urls=False)
    out = tmp_path / "out"
    proc = installed.run(
        installed.bin / "python", "-m", "mkdocs", "build", "--strict", "-d", out, cwd=site_dir
    )
    assert proc.returncode == 0, proc.stderr
    assert 'class="hd-step"' in (out / f"{GUIDE}.html").read_text()


def test_sdist_holds_what_the_tests_need(tmp_path: Path) -> None:
    import tarfile

    src = tmp_path / "src"
    top = {".venv", ".git", "site", ".hubdocs", "build", "test-results", "hubdocs.egg-info"}

    def skip(folder: str, names: list[str]) -> set[str]:  # local state, at the top only
        return {n for n in names if n == "__pycache__" or (Path(folder) == ROOT and n in top)}

    shutil.copytree(ROOT, src, ignore=skip)
    code = f"from setuptools import build_meta as b; print(b.build_sdist({str(tmp_path)!r}))"
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=src, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    name = proc.stdout.strip().splitlines()[-1]
    with tarfile.open(tmp_path / name) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for rel in (
        "Makefile",
        "mkdocs.yml",
        "tests/conftest.py",
        "tests/test_packaging.py",
        "tests/fixtures/site/mkdocs.yml",
        "tests/golden/main/index.html",
        "guides/leapsome/link-account/scim-api-token.mdx",
        "site_template/brands/stackone/brand.yml",
        "site_template/static/guide.js",
        "bench/generate.py",
    ):
        assert rel in names, rel
    assert not [n for n in names if "__pycache__" in n]
