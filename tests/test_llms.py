"""llms files with a budget: per-connector llms.txt and llms-full.txt, a root llms.txt that lists
pages or connectors to stay under its budget, a root llms-full.txt replaced by an index (with a
build note) when it would be too big; the reference parser and every link, per brand."""

from __future__ import annotations

import re
from pathlib import Path

import llms_txt
import pytest

from renderer.build import build
from renderer.config.mkdocs_yml import load_config

from .conftest import ROOT, run_cli

BRANDS = ("stackone", "acme", "northwind")
LEAPSOME = "guides/leapsome/link-account/scim-api-token.mdx"


def _links(text: str) -> list[dict[str, str]]:
    parsed = llms_txt.parse_llms_file(text)
    assert parsed.title, text[:200]
    return [link for section in parsed.sections.values() for link in section]


def _resolve(site: Path, base: str, url: str) -> Path:
    assert url.startswith(base + "/"), url
    target = site / url[len(base) + 1 :]
    assert target.is_file(), url
    return target


def _check_brand(site: Path, base: str) -> int:
    """Every llms.txt of a built brand parses and every link resolves; returns how many."""
    files = [site / "llms.txt", *sorted((site / "connectors").glob("*/llms.txt"))]
    for f in files:
        for link in _links(f.read_text()):
            _resolve(site, base, link["url"])
    return len(files)


def _budget(project: Path, **options: int) -> Path:
    cfg = project / "mkdocs.yml"
    text = cfg.read_text()
    lines = "".join(f"      {k}: {v}\n" for k, v in options.items())
    cfg.write_text(text.replace("      twins: faithful\n", "      twins: faithful\n" + lines))
    return cfg


@pytest.mark.parametrize("brand", BRANDS)
def test_every_llms_file_parses_and_every_link_resolves(built: Path, brand: str) -> None:
    base = load_config(ROOT / "mkdocs.yml").brand(brand).base_url
    site = built / brand
    connectors = sorted(p.stem for p in (site / "connectors").glob("*.html"))
    assert _check_brand(site, base) == 1 + len(connectors)  # the root and one per connector
    root = (site / "llms.txt").read_text()
    assert "/llms.txt)" not in root  # under budget: pages listed directly, no connector index
    for c in connectors:
        own = (site / f"connectors/{c}/llms.txt").read_text()
        guides = re.findall(r"\]\((\S+\.md)\)", own)
        assert guides, c
        # its guides, in the order the root file (nav order) lists them
        assert guides == [
            u for u in re.findall(r"\]\((\S+\.md)\)", root) if f"/connectors/{c}/" in u
        ]
        full = (site / f"connectors/{c}/llms-full.txt").read_text()
        for url in guides:
            assert f"Source: {url} " in full
            assert f"Source: {url} " in (site / "llms-full.txt").read_text()


def test_small_budgets_list_connectors_and_say_so(project: Path) -> None:
    cfg = _budget(project, llms_budget=3000, llms_full_budget=20000)
    out = project / "out"
    proc = run_cli("build", "--config", str(cfg), "--out", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr
    for brand in BRANDS:  # never a silent cut: the build says what it did
        assert re.search(
            rf"note: {brand}: llms-full.txt would be [\d,]+ bytes, over llms_full_budget \(20,000\)",
            proc.stderr,
        ), proc.stderr
    for brand in BRANDS:
        site, base = out / brand, load_config(cfg).brand(brand).base_url
        root = (site / "llms.txt").read_text()
        assert len(root) <= 3000
        assert "over this file's budget of 3,000" in root
        linked = [link["url"] for link in _links(root)]
        connectors = sorted(p.stem for p in (site / "connectors").glob("*.html"))
        assert [u for u in linked if u.endswith("/llms.txt")] == [
            u for u in linked if re.search(r"/connectors/[^/]+/llms\.txt$", u)
        ]
        assert len([u for u in linked if u.endswith("/llms.txt")]) == len(connectors)
        assert _check_brand(site, base) == 1 + len(connectors)
        full = (site / "llms-full.txt").read_text()
        assert len(full.encode()) <= 20000
        parts = [link["url"] for link in _links(full)]
        assert len([u for u in parts if u.endswith("/llms-full.txt")]) == len(connectors)
        text = ""
        for u in parts:
            text += _resolve(site, base, u).read_text()
        assert "Generate the SCIM Token" in text  # every page is still there in full


def test_big_budgets_list_pages_directly(project: Path) -> None:
    cfg = _budget(project, llms_budget=1_000_000, llms_full_budget=10_000_000)
    out = project / "out"
    report = build(load_config(cfg), ["acme"], out, jobs=1)
    assert report.notes == ()
    root = (out / "acme/llms.txt").read_text()
    assert all(link["url"].endswith(".md") for link in _links(root))
    assert "Generate the SCIM Token" in (out / "acme/llms-full.txt").read_text()


def test_a_budget_even_the_connector_groups_miss_is_a_note_not_an_error(project: Path) -> None:
    cfg = _budget(project, llms_budget=1000)
    proc = run_cli("build", "--config", str(cfg), "--out", str(project / "out"))
    assert proc.returncode == 0, proc.stderr  # llms files never fail a build
    assert "llms.txt is" in proc.stderr and "over llms_budget (1,000) even with its" in proc.stderr
    assert (project / "out/stackone/connectors/by-letter/l/llms.txt").is_file()
    assert "Traceback" not in proc.stderr
    bad = _budget(project, llms_full_budget="lots")  # type: ignore[arg-type]
    proc = run_cli("build", "--config", str(bad), "--out", str(project / "out"))
    assert proc.returncode == 1
    assert "`llms_full_budget` must be a whole number" in proc.stderr


def test_an_edit_across_the_budget_takes_a_full_build(project: Path) -> None:
    out = project / "out"
    first = build(load_config(project / "mkdocs.yml"), ["stackone"], out, jobs=1)
    size = (out / "stackone/llms-full.txt").stat().st_size
    cfg = _budget(project, llms_full_budget=size + 100)
    build(load_config(cfg), ["stackone"], out, jobs=1)  # the config changed: a full build
    guide = project / LEAPSOME
    guide.write_text(guide.read_text().replace("with an admin user.", "with an admin user. " * 20))
    report = build(load_config(cfg), ["stackone"], out, jobs=1)
    assert first.site is not None and report.site is not None  # not spliced: a full build
    assert report.notes and "over llms_full_budget" in report.notes[0]
    assert "/connectors/leapsome/llms-full.txt" in (out / "stackone/llms-full.txt").read_text()
    guide.write_text(guide.read_text().replace("with an admin user. " * 20, "with an admin user."))
    back = build(load_config(cfg), ["stackone"], out, jobs=1)
    assert back.site is not None and back.notes == ()
    assert (out / "stackone/llms-full.txt").stat().st_size == size
