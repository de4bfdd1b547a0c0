"""`hubdocs init` in an existing MkDocs site: the plugin entry added (the rest of mkdocs.yml
as it was), a brand and a sample guide next to the site, what changed printed; the site then
builds with `mkdocs build --strict` and `hubdocs build`. Never overwrites, never half-done."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from .conftest import run_cli
from .test_mkdocs_plugin import mkdocs

PLUGINS = {
    "list": "plugins:\n  - search\n  - offline\n",
    "mapping": "plugins:\n    search: {}\n    offline: {}\n",
    "none": "",
    "deep-indent": "plugins:\n    - search\n    # a comment\n    - offline\n",
}


def material_site(tmp: Path, plugins: str) -> Path:
    site = tmp / "site"
    (site / "docs").mkdir(parents=True)
    (site / "docs/index.md").write_text("# Home\n\nSee [usage](usage.md).\n")
    (site / "docs/usage.md").write_text("# Usage\n\nRun it.\n")
    (site / "mkdocs.yml").write_text(
        "site_name: Lumen Docs  # ours\nsite_url: https://lumen.example/\n"
        "theme:\n  name: material\n" + plugins + "markdown_extensions:\n  - admonition\n"
    )
    return site


@pytest.mark.parametrize("form", sorted(PLUGINS))
def test_init_adds_hubdocs_to_an_existing_mkdocs_site(tmp_path: Path, form: str) -> None:
    site = material_site(tmp_path, PLUGINS[form])
    before = (site / "mkdocs.yml").read_text()
    proc = run_cli("init", str(site))
    assert proc.returncode == 0, proc.stderr
    assert "mkdocs.yml: added the `hubdocs` plugin entry" in proc.stdout
    assert "brands/lumen/brand.yml: the brand `lumen`" in proc.stdout
    assert "docs/hub/acmecrm/link-account/api-key.mdx: a sample connection guide" in proc.stdout
    after = (site / "mkdocs.yml").read_text()
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    assert not [d for d in diff if d.startswith("- ")], "nothing of the site's config removed"
    added = {d[2:].strip() for d in diff if d.startswith("+ ")}
    assert {"brands_dir: brands"} < added <= {
        "- hubdocs:", "hubdocs:", "brands_dir: brands", "guides_dir: docs/hub", "plugins:", "- search"
    }  # fmt: skip
    assert "name: Lumen\n" in (site / "brands/lumen/brand.yml").read_text()
    built = mkdocs(site, "--strict")
    assert built.returncode == 0, built.stderr
    page = next(
        p for p in (site / "site/hub/acmecrm/link-account").glob("api-key*") if p.suffix != ".md"
    )
    page = page / "index.html" if page.is_dir() else page  # `offline`: no directory URLs
    assert "hd-step" in page.read_text(), "the sample guide is rendered by hubdocs"
    assert list((site / "site").glob("usage*")), "the site's own pages are kept"
    if form == "none":
        assert (site / "site/search/search_index.json").is_file(), "MkDocs' default search kept"
    own = run_cli("build", "--config", str(site / "mkdocs.yml"), "--out", str(tmp_path / "out"))
    assert own.returncode == 0, own.stderr
    again = run_cli("init", str(site))
    assert again.returncode == 1 and "already set up" in again.stderr
    assert (site / "mkdocs.yml").read_text() == after


def test_init_never_overwrites_and_never_leaves_half_a_change(tmp_path: Path) -> None:
    site = material_site(tmp_path, PLUGINS["list"])
    guide = site / "docs/hub/acmecrm/link-account/api-key.mdx"
    guide.parent.mkdir(parents=True)
    guide.write_text("mine\n")
    before = (site / "mkdocs.yml").read_text()
    proc = run_cli("init", str(site))
    assert proc.returncode == 1
    assert f"{guide}:1:1: already exists" in proc.stderr.replace(str(site) + "/", str(site) + "/")
    assert guide.read_text() == "mine\n" and (site / "mkdocs.yml").read_text() == before
    assert not (site / "brands").exists()


def test_init_shows_the_lines_when_plugins_are_inline(tmp_path: Path) -> None:
    site = material_site(tmp_path, "plugins: [search, offline]\n")
    before = (site / "mkdocs.yml").read_text()
    proc = run_cli("init", str(site))
    assert proc.returncode == 1
    assert "mkdocs.yml:5:1: `plugins:` is written inline" in proc.stderr, proc.stderr
    assert "- hubdocs:" in proc.stderr and "Traceback" not in proc.stderr
    assert (site / "mkdocs.yml").read_text() == before and not (site / "brands").exists()
