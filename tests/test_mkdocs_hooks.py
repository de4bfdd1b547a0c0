"""The MkDocs plugin's brand and leak-check hooks, through real in-process `mkdocs build`s: the
site's own pages and home page checked (parent words, and on the home page every guide's
hidden text), every metadata key MkDocs puts on each page, files reached through symbolic
links left alone, the brand's name, URL and repository settings applied, and the two
configuration errors as one message each."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .test_mkdocs_plugin import make_site, mkdocs

HIDDEN = "Hidden secret sentence about the parent hub internals."


def _white_fails(site: Path) -> str:
    proc = mkdocs(site, "--strict", brand="white")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stderr


def test_the_sites_own_pages_are_checked(tmp_path: Path) -> None:
    site = make_site(tmp_path, "mkdocs")
    (site / "guides/usage.md").write_text("# Usage\n\nAsk ParentCo support.\n")
    err = _white_fails(site)
    assert "usage.html" in err and "parent brand word 'ParentCo'" in err, err
    assert not (site / "site/usage.html").exists()
    (site / "guides/usage.md").write_text("# Usage\n\nAsk support.\n")
    assert mkdocs(site, "--strict", brand="white").returncode == 0


def test_the_home_page_is_checked_for_every_guides_hidden_text(tmp_path: Path) -> None:
    site = make_site(tmp_path, "mkdocs")
    (site / "guides/index.md").write_text(f"# Home\n\nQuoted: {HIDDEN}\n")
    err = _white_fails(site)
    assert "index.html" in err and "hidden text" in err, err
    assert mkdocs(site, "--strict").returncode == 0  # the branded site may show it


@pytest.mark.parametrize("key", ["site_name", "site_author", "copyright", "site_description"])
def test_every_metadata_key_is_checked(tmp_path: Path, key: str) -> None:
    site = make_site(tmp_path, "mkdocs")
    yml = site / "mkdocs.yml"
    text = yml.read_text()
    if key == "site_name":  # a white label shows its brand's site name: that one can leak
        brand = site / "brands/white/brand.yml"
        brand.write_text(brand.read_text().replace("Whiteco Help", "The ParentCo way"))
    else:
        text += f"{key}: Made by ParentCo\n"
    yml.write_text(text)
    err = _white_fails(site)
    shown = "site_name: ParentCo Docs" if key == "site_name" else f"{key}: Made by ParentCo"
    line = text.splitlines().index(shown) + 1
    assert f"mkdocs.yml:{line}:" in err, err
    assert (
        f"white-label leak for brand white: `{key}` shows parent brand word 'ParentCo' "
        "on every page"
    ) in err, err
    assert f"give `{key}` words every brand may show, or a value per brand with `!ENV`" in err


def test_files_reached_through_symbolic_links_are_not_read(tmp_path: Path) -> None:
    site = make_site(tmp_path, "mkdocs")
    outside = tmp_path / "outside.txt"
    outside.write_text("ParentCo\n")
    (site / "extra").mkdir()
    os.symlink(outside, site / "extra/linked.txt")
    (site / "mkdocs.yml").write_text(
        (site / "mkdocs.yml").read_text() + "hooks: []\n"
    )  # an unrelated key: the config stays valid
    proc = mkdocs(site, "--strict", brand="white")
    assert proc.returncode == 0, proc.stderr
    out = site / "site"
    os.symlink(outside, out / "linked.txt")  # as another plugin could leave one
    from renderer.brand.leaks import LeakChecker
    from renderer.config.mkdocs_yml import load_config
    from renderer.mkdocs_plugin import _check_tree

    white = load_config(site / "mkdocs.yml").brand("white")
    (out / "own.txt").write_text("ParentCo here\n")
    hits = _check_tree(LeakChecker(white, {}), out, {"own.txt"})
    assert hits == [], hits  # the skipped file and the link are not read
    assert (
        _check_tree(LeakChecker(white, {}), out, set())
        == [h for h in _check_tree(LeakChecker(white, {}), out, set()) if h.startswith("own.txt")]
        != []
    )


def test_the_brand_is_applied_to_the_site(tmp_path: Path) -> None:
    site = make_site(tmp_path, "mkdocs")
    yml = site / "mkdocs.yml"
    yml.write_text(
        yml.read_text() + "repo_url: https://git.parent.example/docs\nedit_uri: edit/main/guides/\n"
    )
    main = site / "brands/main/brand.yml"
    main.write_text(
        main.read_text().replace("site_name: ParentCo Docs", "site_name: ParentCo Guides")
    )
    assert mkdocs(site, "--strict", brand="white").returncode == 0
    home = (site / "site/index.html").read_text()
    assert "Whiteco Help" in home and "ParentCo Guides" not in home
    assert 'rel="canonical" href="https://help.whiteco.example/index.html"' in home  # base_url
    assert "git.parent.example" not in home and "edit/main" not in home
    assert "assets/hubdocs/brand.css" in home and "assets/hubdocs/guide.js" in home
    assert (site / "site/assets/hubdocs/brand.css").read_text().count("#aa3377") >= 1
    # the branded brand: its own name only where brand.yml gives one; the repository kept
    assert mkdocs(site, "--strict").returncode == 0
    home = (site / "site/index.html").read_text()
    assert "ParentCo Guides" in home and "git.parent.example" in home  # brand.yml's name
    assert "ParentCo Docs" not in home  # mkdocs.yml's name replaced
    # no `brand:` chosen: the first brand of `brands`
    yml.write_text(yml.read_text().replace("      brand: !ENV [HUBDOCS_BRAND, main]\n", ""))
    assert mkdocs(site, "--strict").returncode == 0
    assert "ParentCo Guides" in (site / "site/index.html").read_text()


def test_configuration_errors_are_one_message_each(tmp_path: Path) -> None:
    site = make_site(tmp_path, "mkdocs")
    proc = mkdocs(site, brand="nosuch")
    assert proc.returncode == 1
    assert "hubdocs: brand 'nosuch' is not among brands ['main', 'white']" in proc.stderr
    (site / "brands/white/brand.yml").write_text("name: [unclosed\n")
    proc = mkdocs(site)
    assert proc.returncode == 1
    assert (
        "hubdocs: invalid configuration\n" in proc.stderr
        and "brand.yml:2:1: invalid YAML" in proc.stderr
    )
