"""mkdocs.yml and brand.yml: typos fail loudly with a hint, INHERIT / !ENV / !relative read as
MkDocs reads them, one schema for the plugin options, the theme layered file by file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renderer.commands.init import init_project
from renderer.config.mkdocs_yml import load_config
from renderer.config.options import PLUGIN_OPTIONS
from renderer.config.schema import PACKAGED_THEME

from .conftest import ROOT, run_cli


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A fresh `hubdocs init` project (brands lumen and partner, two pages)."""
    init_project(tmp_path)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1))


def failing(project: Path, *args: str) -> str:
    """Run hubdocs in the project; it must fail as a user error (exit 1, no traceback)."""
    proc = run_cli(*args, cwd=project)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    return (proc.stdout + proc.stderr).replace(": error: ", ": ")  # check names the level


def test_starter_checks_clean(starter: Path) -> None:
    proc = run_cli("check", "--strict", cwd=starter)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_misspelt_top_level_key(starter: Path) -> None:
    edit(starter / "mkdocs.yml", "site_url:", "site_ulr:")
    for command in ("check", "build"):
        out = failing(starter, command)
        assert "mkdocs.yml:3:1: unknown setting `site_ulr` in mkdocs.yml" in out
        assert "site_ulr: https://docs.lumen.example/" in out  # the line, with a caret
        assert "hint: did you mean `site_url`?" in out


def test_misspelt_plugin_option(starter: Path) -> None:
    edit(starter / "mkdocs.yml", "      brands: [lumen, partner]", "      brnads: [lumen, partner]")
    out = failing(starter, "build", "--strict")
    assert "mkdocs.yml:14:7: unknown hubdocs option `brnads`" in out
    assert "hint: did you mean `brands`?" in out
    assert not (starter / "site").exists()


def test_misspelt_plugin_option_fails_mkdocs_build_too(starter: Path) -> None:
    edit(starter / "mkdocs.yml", "      brands: [lumen, partner]", "      brnads: [lumen, partner]")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=starter,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "unknown hubdocs option `brnads`" in proc.stderr
    assert "did you mean `brands`?" in proc.stderr and "Traceback" not in proc.stderr


def test_ill_typed_plugin_option(starter: Path) -> None:
    edit(starter / "mkdocs.yml", "      brands: [lumen, partner]", "      brands: lumen")
    assert "`brands` must be a list of names" in failing(starter, "check")


def test_unknown_brand_yml_key(starter: Path) -> None:
    edit(starter / "brands/partner/brand.yml", "whitelabel: true", "whitelable: true")
    out = failing(starter, "check")
    assert "brands/partner/brand.yml:5:1: unknown setting `whitelable`" in out
    assert "hint: did you mean `whitelabel`?" in out


def test_powered_by_takes_a_flag_or_an_https_url(starter: Path) -> None:
    brand = starter / "brands/lumen/brand.yml"
    brand.write_text(brand.read_text() + "powered_by: http://example.com\n")
    out = failing(starter, "check")
    line = len(brand.read_text().splitlines())
    assert f"brands/lumen/brand.yml:{line}:1: `powered_by` must be true, false or an https" in out
    assert "hint: got 'http://example.com'" in out
    edit(brand, "powered_by: http://example.com", "powered_by: yes")  # YAML 1.1: a flag
    proc = run_cli("check", cwd=starter)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_brand_that_is_not_there(starter: Path) -> None:
    edit(starter / "mkdocs.yml", "brands: [lumen, partner]", "brands: [lumen, partnr]")
    out = failing(starter, "check")
    assert "mkdocs.yml:14:7: brand `partnr` has no" in out
    assert "did you mean `partner`?" in out


def test_inherit_gives_three_brands(starter: Path) -> None:
    """The plugin settings live in a shared base file; mkdocs.yml only INHERITs it."""
    base = (
        (starter / "mkdocs.yml")
        .read_text()
        .replace("brands: [lumen, partner]", "brands: [lumen, partner, third]")
    )
    (starter / "base.yml").write_text(base.replace("site_name: Lumen Docs", "site_name: Base"))
    (starter / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: Lumen Docs\n")
    third = starter / "brands/third"
    third.mkdir()
    (third / "brand.yml").write_text(
        (starter / "brands/partner/brand.yml").read_text().replace("Partner", "Third")
    )
    (third / "logo.svg").write_bytes((starter / "brands/partner/logo.svg").read_bytes())
    cfg = load_config(starter / "mkdocs.yml")
    assert [b.key for b in cfg.brands] == ["lumen", "partner", "third"]
    assert cfg.site_name == "Lumen Docs"  # the child wins
    proc = run_cli("build", "-q", cwd=starter)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (starter / "site").iterdir() if p.is_dir()) == [
        "lumen",
        "partner",
        "third",
    ]
    # a typo in the inherited file is located there
    edit(starter / "base.yml", "site_url:", "site_ulr:")
    out = failing(starter, "check")
    assert "base.yml:3:1: unknown setting `site_ulr`" in out


def test_inherit_of_a_missing_file(starter: Path) -> None:
    (starter / "mkdocs.yml").write_text("INHERIT: nowhere.yml\nsite_name: X\n")
    out = failing(starter, "check")
    assert "mkdocs.yml:1:1: INHERIT:" in out and "does not exist" in out


def test_env_tags_in_mkdocs_yml_and_brand_yml(starter: Path, monkeypatch) -> None:
    edit(
        starter / "brands/lumen/brand.yml",
        "support: mailto:support@lumen.example",
        "support: !ENV [LUMEN_SUPPORT, 'mailto:help@lumen.example']",
    )
    edit(
        starter / "mkdocs.yml",
        "      brands: [lumen, partner]",
        "      brands: !ENV [HUBDOCS_BRANDS, [lumen, partner]]",
    )
    monkeypatch.delenv("LUMEN_SUPPORT", raising=False)
    monkeypatch.delenv("HUBDOCS_BRANDS", raising=False)
    cfg = load_config(starter / "mkdocs.yml")
    assert cfg.brand("lumen").support == "mailto:help@lumen.example"
    assert [b.key for b in cfg.brands] == ["lumen", "partner"]
    monkeypatch.setenv("LUMEN_SUPPORT", "https://help.lumen.example/")
    cfg = load_config(starter / "mkdocs.yml")
    assert cfg.brand("lumen").support == "https://help.lumen.example/"


def test_relative_tag(starter: Path) -> None:
    edit(
        starter / "mkdocs.yml",
        "      brands_dir: brands",
        "      brands_dir: !relative $config_dir/brands",
    )
    cfg = load_config(starter / "mkdocs.yml")
    assert cfg.brand("lumen").folder == (starter / "brands/lumen").resolve()


def test_one_schema_for_both_hosts() -> None:
    from renderer.mkdocs_plugin import HubdocsPlugin

    assert [k for k, _ in HubdocsPlugin.config_class._schema] == list(PLUGIN_OPTIONS)


def test_project_theme_overrides_the_packaged_one_file_by_file(starter: Path) -> None:
    theme = starter / "site_template"
    (theme / "static").mkdir(parents=True)
    guide = (PACKAGED_THEME / "guide.html").read_text()
    (theme / "guide.html").write_text(
        guide.replace("{% block main %}", "{% block main %}<p>OURS</p>", 1)
    )
    (theme / "static/extra.css").write_text("body { color: red }\n")
    assert "{% block main %}" in guide
    cfg = load_config(starter / "mkdocs.yml")
    assert cfg.theme_path == (theme.resolve(), PACKAGED_THEME.resolve())
    proc = run_cli("build", "-q", cwd=starter)
    assert proc.returncode == 0, proc.stderr
    page = (starter / "site/lumen/connectors/acmecrm/guides/link-account/api-key.html").read_text()
    assert "<p>OURS</p>" in page  # the project's guide.html…
    assert 'class="hd-step"' in page  # …with the packaged components
    assert (starter / "site/lumen/assets/extra.css").is_file()
    assert (starter / "site/lumen/assets/guide.js").is_file()  # from the packaged theme


def test_theme_dir_that_is_not_there(starter: Path) -> None:
    edit(starter / "mkdocs.yml", "      # theme_dir: site_template", "      theme_dir: my_theme")
    out = failing(starter, "check")
    assert "theme folder" in out and "my_theme does not exist" in out


def test_packaged_theme_is_the_checkouts_folder_here() -> None:
    assert PACKAGED_THEME == ROOT / "site_template"
    assert os.path.isfile(PACKAGED_THEME / "base.html")


def test_empty_brand_list(starter: Path) -> None:
    edit(starter / "mkdocs.yml", "brands: [lumen, partner]", "brands: []")
    out = failing(starter, "serve", "--no-watch")
    assert "mkdocs.yml:14:7: no brands: `brands:` is empty" in out
    assert "hint: list the brands to build: brands: [lumen, partner]" in out


@pytest.mark.parametrize(
    ("old", "new", "message", "hint"),
    [
        ("  - hubdocs:", "  - hubdoc:", "no brands: no `hubdocs` plugin entry (`hubdoc` is listed)",
         "did you mean `hubdocs`?"),
        ("  - hubdocs:", "  - search:", "no brands: mkdocs.yml has no `hubdocs` plugin entry",
         "run `hubdocs init` here"),
        ("brands_dir: brands", "brands_dir: nowhere", "nowhere does not exist",
         "set `brands_dir:`"),
    ],
)  # fmt: skip
def test_no_brands_names_what_it_looked_for(
    starter: Path, old: str, new: str, message: str, hint: str
) -> None:
    text = (starter / "mkdocs.yml").read_text()
    if old == "  - hubdocs:":  # the whole entry goes (its options would be another plugin's)
        text = text.replace(old, new)
        text = "\n".join(ln for ln in text.split("\n") if not ln.startswith("      "))
    else:
        text = text.replace(old, new).replace("brands: [lumen, partner]", "")
    (starter / "mkdocs.yml").write_text(text)
    out = failing(starter, "check")
    assert message in out and hint in out, out
    assert out.count("error") == 1 or "no brands" in out.split("\n")[0], out


@pytest.mark.parametrize(
    ("written", "hex_"),
    [
        ("#fff", "#ffffff"),
        ("#05C168", "#05c168"),
        ("rgb(5 193 104)", "#05c168"),
        ("hsl(150deg 95% 39%)", "#05c263"),
        ("rebeccapurple", "#663399"),
        ("#0d9373cc", "#0d9373"),
    ],
)
def test_css_colours_in_every_form_are_accepted(written: str, hex_: str) -> None:
    from renderer.config.colors import parse_color

    assert parse_color(written) == hex_
    assert parse_color("greenish") is None and parse_color(3) is None


@pytest.mark.parametrize("primary", ["#05C168", "#ffff00", "#fff", "#0D9373", "#000000"])
def test_a_brand_colour_that_fails_contrast_still_gives_readable_text(primary: str) -> None:
    """Never refuse a brand over its colour: text in the brand colour is a shade of it that
    reaches WCAG AA (4.5:1) on the light and the dark theme."""
    from renderer.config.colors import DARK_BG, LIGHT_BG, Palette, contrast

    p = Palette(primary, primary, primary, primary)
    assert contrast(p.text_on_light, LIGHT_BG) >= 4.5
    assert contrast(p.text_on_dark, DARK_BG) >= 4.5
    if contrast(primary, LIGHT_BG) >= 4.5:
        assert p.text_on_light == primary  # a readable colour is kept as it is
    css = p.css()
    assert f"--hd-link: {p.text_on_light};" in css and f"--hd-primary: {primary};" in css


def test_a_white_label_brand_without_terms_is_one_error(project: Path) -> None:
    brand = project / "site_template/brands/acme/brand.yml"
    lines = brand.read_text().split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("terms:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i] and not lines[i][0].isspace())
    brand.write_text("\n".join(lines[:start] + lines[end:]))
    proc = run_cli("build", "--config", str(project / "mkdocs.yml"), "--out", str(project / "o"))
    assert proc.returncode == 1
    errors = [ln for ln in proc.stderr.splitlines() if ": " in ln and "brand.yml:" in ln]
    assert len(errors) == 1, proc.stderr
    assert "a white-label brand needs `terms`" in errors[0]
    assert "hubdocs: 1 error (in 1 file)" in proc.stderr


@given(st.from_regex(r"\s?#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?\s?", fullmatch=True))
def test_hex_colours_read_without_coloraide_as_coloraide_reads_them(written: str) -> None:
    """`#rgb`/`#rrggbb` skip coloraide (its import is a tenth of an incremental build): the
    same `#rrggbb` as coloraide's own reading."""
    from coloraide import Color

    from renderer.config.colors import parse_color

    assert parse_color(written) == Color(written.strip()).convert("srgb").to_string(
        hex=True, compress=False
    )
