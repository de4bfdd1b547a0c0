"""docs.json accepted as Mintlify accepts it (issue 30.7), against Mintlify's own validator
(`@mintlify/validation`, a test-only oracle in tests/oracle): every configuration it accepts,
hubdocs loads without an error. A missing favicon or logo is a warning (the site is built
without it), a redirect `source` with a `#fragment` or without its leading `/` is normalised,
short hex colours are read, and the settings hubdocs does not use are named once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from renderer.core.errors import GuideError
from renderer.mintlify.docs_json import load_mintlify

ORACLE = Path(__file__).resolve().parent / "oracle"
CORPUS = Path("/work/corpus/mintlify-docs/docs.json")

LENIENT = {
    "$schema": "https://mintlify.com/docs.json",
    "theme": "mint",
    "name": "Scratch",
    "colors": {"primary": "#fff", "light": "#ABCDEF"},
    "favicon": "/favicon.svg",
    "logo": {"light": "/logo/light.svg", "dark": "/logo/dark.svg"},
    "navigation": {"groups": [{"group": "Start", "pages": ["index"]}]},
    "redirects": [
        {"source": "/old#install", "destination": "/index#part"},
        {"source": "older/page", "destination": "/index"},
        {"source": "/blog/:slug*", "destination": "/index"},
    ],
    "fonts": {"family": "Inter"},
    "contextual": {"options": ["copy"]},
}


def _validate(*paths: Path) -> list[dict]:
    if not shutil.which("node") or not (ORACLE / "node_modules/@mintlify/validation").is_dir():
        pytest.skip("the docs.json oracle is not installed: run `npm ci --prefix tests/oracle`")
    run = subprocess.run(
        ["node", str(ORACLE / "validate_docs.mjs"), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [json.loads(line) for line in run.stdout.splitlines()]


def _repo(tmp_path: Path, config: dict) -> Path:
    (tmp_path / "index.mdx").write_text("---\ntitle: Home\n---\n\nHello.\n\n## Part\n")
    path = tmp_path / "docs.json"
    path.write_text(json.dumps(config, indent=2))
    return path


def test_what_mintlify_accepts_loads_with_warnings_only(tmp_path: Path) -> None:
    path = _repo(tmp_path, LENIENT)
    assert _validate(path)[0]["success"], "the oracle accepts this docs.json"
    cfg = load_mintlify(path)  # raises GuideError on any error
    nav = cfg.nav
    assert nav is not None
    levels = [(p.level, p.message) for p in nav.notes]
    missing = [m for lvl, m in levels if "not found" in m]
    assert len(missing) == 3 and all(lvl == "warning" for lvl, m in levels if "not found" in m), (
        levels
    )
    assert nav.favicon == "" and nav.logo_light == "" and nav.logo_dark == ""
    assert [r.source for r in nav.redirects] == ["/old", "/older/page", "/blog/:slug*"]
    assert nav.redirects[0].destination == "/index#part"
    unused = [m for lvl, m in levels if "does not use" in m]
    assert unused == ["docs.json settings hubdocs does not use: fonts, theme"]
    assert cfg.brands[0].primary.lower() == "#ffffff"


def test_a_path_outside_the_site_is_still_refused_at_its_line(tmp_path: Path) -> None:
    config = {**LENIENT, "redirects": [{"source": "https://evil.example/x", "destination": "/"}]}
    path = _repo(tmp_path, config)
    with pytest.raises(GuideError) as err:
        load_mintlify(path)
    (problem,) = [p for p in err.value.problems if p.level == "error"]
    assert "must be a path on this site" in problem.message
    assert (
        problem.pos.line
        == json.dumps(config, indent=2)
        .split("\n")
        .index('      "source": "https://evil.example/x",')
        + 1
    )


@pytest.mark.skipif(not CORPUS.is_file(), reason="mintlify/docs is not checked out here")
def test_mintlify_docs_own_configuration() -> None:
    assert _validate(CORPUS)[0]["success"]
    assert load_mintlify(CORPUS).nav is not None


def test_keep_going_builds_the_site_around_a_docs_json_error(tmp_path: Path) -> None:
    """`--keep-going`: a docs.json error leaves its entry out, is reported, and the build still
    fails; without it the site stops. An error outside docs.json (.mintignore) still stops it."""
    config = {
        **LENIENT,
        "redirects": [{"source": "https://evil.example/x", "destination": "/"}],
        "navbar": {"links": [{"label": "Bad", "href": "javascript:alert(1)"}]},
    }
    path = _repo(tmp_path, config)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    run = [sys.executable, "-m", "renderer", "build", "--config", str(path), "--out"]
    stopped = subprocess.run([*run, str(tmp_path / "a")], capture_output=True, text=True, env=env)
    assert stopped.returncode == 1 and not (tmp_path / "a").exists(), stopped.stderr
    kept = subprocess.run(
        [*run, str(tmp_path / "b"), "--keep-going"], capture_output=True, text=True, env=env
    )
    assert kept.returncode == 1, kept.stderr
    assert "must be a path on this site" in kept.stderr
    assert "navbar link must be an https" in kept.stderr
    home = next((tmp_path / "b").glob("*/index.html")).read_text()
    assert "javascript:" not in home
    (tmp_path / ".mintignore").write_text("!keep.mdx\n")
    ignored = subprocess.run(
        [*run, str(tmp_path / "c"), "--keep-going"], capture_output=True, text=True, env=env
    )
    assert ignored.returncode == 1 and not (tmp_path / "c").exists(), ignored.stderr
    assert ".mintignore" in ignored.stderr
