"""`hubdocs build`: golden outputs per brand, the seed twin, white-label integrity, llms files,
determinism and atomic output."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import llms_txt
import pytest
from bs4 import BeautifulSoup

from renderer.brand.leaks import hidden_fragments
from renderer.build import build
from renderer.build.full import MADE
from renderer.config.mkdocs_yml import load_config
from renderer.core.errors import GuideError
from renderer.parse.page import parse_guide
from renderer.vary.site import collect_site

from .conftest import ROOT, SEED, run_cli

FIXTURE = ROOT / "tests" / "fixtures" / "site"
GOLDEN = ROOT / "tests" / "golden"
WHITE_LABEL = ("acme", "northwind")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for rel, data in tree(folder).items():
        h.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


@pytest.mark.parametrize("brand", ["main", "white"])
def test_golden_build(tmp_path: Path, brand: str) -> None:
    """The fixture site, file by file, assets included (brand colours, logo, scripts). Refresh
    with UPDATE_GOLDEN=1 after an intended change: the test then rewrites the golden files and
    is reported as skipped (never as passed) so that a refresh cannot hide a failure."""
    build(load_config(FIXTURE / "mkdocs.yml"), [brand], tmp_path, jobs=1)
    files = {  # Pagefind's bundle is checked by tests/test_search.py
        k: v for k, v in tree(tmp_path / brand).items() if not k.startswith("pagefind/")
    }
    for rel, data in files.items():  # every page's asset links carry the asset's own hash
        for name, v in re.findall(rb"/assets/([\w.-]+)\?v=([0-9a-f]{10})", data):
            asset = files["assets/" + name.decode()]
            assert hashlib.sha256(asset).hexdigest()[:10] == v.decode(), (rel, name)
    # the fingerprints change with every CSS/JS edit: pages show them as HASH (the assets
    # themselves are compared byte for byte below)
    got = {k: re.sub(rb"\?v=[0-9a-f]{10}", b"?v=HASH", v) for k, v in files.items()}
    assert any(k.startswith("assets/") for k in got) and "assets/brand.css" in got
    golden = GOLDEN / brand
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(golden, ignore_errors=True)
        for rel, data in got.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_bytes(data)
        pytest.skip(f"UPDATE_GOLDEN: rewrote {golden}; review `git diff`, rerun without it")
    want = tree(golden)
    assert sorted(got) == sorted(want)
    for rel in want:
        if rel.endswith((".png", ".ico", ".woff2")):
            assert got[rel] == want[rel], rel
        else:
            assert got[rel].decode() == want[rel].decode(), rel


def test_seed_twin_is_byte_identical(built: Path) -> None:
    twin = built / "stackone/connectors/leapsome/guides/link-account/scim-api-token.md"
    assert twin.read_bytes() == SEED.read_bytes()


@pytest.mark.parametrize("brand", WHITE_LABEL)
def test_white_label_has_no_parent_words_or_hidden_text(built: Path, brand: str) -> None:
    files = tree(built / brand)
    assert files
    for rel, data in files.items():
        assert b"stackone" not in data.lower(), rel
    guides = [
        parse_guide(
            str(p.relative_to(ROOT)), p.read_bytes(), p.relative_to(ROOT / "guides").as_posix()
        )
        for p in sorted((ROOT / "guides").rglob("*.mdx"))
    ]
    fragments = set().union(*hidden_fragments(collect_site(guides)).values())
    assert len(fragments) > 5
    text = "\n".join(  # Pagefind's gzip'd files: decompressed in tests/test_search.py
        " ".join(re.sub(r"<[^>]+>", " ", d.decode()).split())
        for k, d in files.items()
        if not k.startswith("pagefind/")
    )
    for frag in fragments:
        assert frag not in text, frag
    # The hub-only docs page is absent, and nothing links to it.
    assert "guides/accounts-section.html" not in files
    assert b"/guides/accounts-section" not in b"".join(files.values())


def test_white_label_unlinks_hidden_targets_and_swaps_terms(tmp_path: Path) -> None:
    build(load_config(FIXTURE / "mkdocs.yml"), out=tmp_path, jobs=1)
    white = (tmp_path / "white/guides/start.md").read_text()
    assert "Readers of the Whiteco Link can also read Hub internals." in white
    html = (tmp_path / "white/guides/start.html").read_text()
    assert "Hub internals" in html and 'href="/guides/hub-only"' not in html
    main = (tmp_path / "main/guides/start.md").read_text()
    assert "[Hub internals](/guides/hub-only)" in main
    guide = (tmp_path / "white/connectors/acmecrm/guides/link-account/api-key.html").read_text()
    assert "Whiteco service account" in guide and "Hidden secret sentence" not in guide


def test_llms_txt_parses_and_every_link_is_a_twin(built: Path) -> None:
    for brand in ("stackone", *WHITE_LABEL):
        cfg = load_config(ROOT / "mkdocs.yml").brand(brand)
        text = (built / brand / "llms.txt").read_text()
        parsed = llms_txt.parse_llms_file(text)
        assert parsed.title == cfg.site_name
        assert cfg.summary.split()[0] in (parsed.summary or parsed.info)
        links = [link for section in parsed.sections.values() for link in section]
        assert len(links) >= 12
        for link in links:
            assert link["url"].startswith(cfg.base_url + "/")
            rel = link["url"][len(cfg.base_url) + 1 :]
            assert rel.endswith(".md") and (built / brand / rel).is_file(), rel
        full = (built / brand / "llms-full.txt").read_text()
        for link in links:
            assert f"# {link['title']}\n" in full


@pytest.mark.parametrize("brand", ["stackone", *WHITE_LABEL])
def test_every_page_links_twin_and_llms_and_has_no_inline_code(built: Path, brand: str) -> None:
    pages = sorted((built / brand).rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = BeautifulSoup(page.read_text(), "html.parser")
        rel = page.relative_to(built / brand).as_posix()
        described = soup.find("link", rel="describedby")["href"]  # the most specific llms.txt
        if rel.startswith("connectors/"):
            assert described == f"/connectors/{rel.split('/')[1].removesuffix('.html')}/llms.txt"
        else:
            assert described == "/llms.txt", page
        assert (built / brand / described.lstrip("/")).is_file(), page
        view = [a["href"] for a in soup.select("a.hd-action")]  # "View as Markdown"
        if page.name not in ("404.html", "accounts.html"):
            alt = soup.find("link", rel="alternate", type="text/markdown")
            assert alt and (built / brand / alt["href"].lstrip("/")).is_file(), page
            # guides and docs pages offer their twin; the generated listings do not
            is_doc = "guides/" in page.relative_to(built / brand).as_posix()
            assert view == ([alt["href"]] if is_doc else []), page
        else:
            assert view == [], page
        for script in soup.find_all("script"):
            # data blocks only (actions, JSON-LD): never run, so the CSP needs no 'unsafe-inline'
            data = script.get("type") in ("application/json", "application/ld+json")
            assert script.get("src") or data, page
        assert not soup.find("style") and not soup.select("[style]"), page
        assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
        for a in soup.find_all("a", href=True):
            href = a["href"]
            assert href.startswith(("/", "#", "https://", "mailto:")), (page, href)
            if href.startswith("/") and not href.startswith("//"):
                path = href.split("#")[0].split("?")[0]
                target = built / brand / (path.lstrip("/") or "index")
                assert (
                    target.with_suffix(target.suffix + ".html").is_file()
                    or target.is_file()
                    or (Path(str(target) + ".html").is_file())
                ), (page, href)


def test_headers_file_sets_csp_and_markdown_type(built: Path) -> None:
    headers = (built / "stackone" / "_headers").read_text()
    assert (
        "Content-Security-Policy: default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; "
        "style-src 'self'" in headers
    )
    assert "/*.md\n  Content-Type: text/markdown; charset=utf-8" in headers


def test_sitemap_and_robots_use_absolute_urls(built: Path) -> None:
    sitemap = (built / "acme" / "sitemap.xml").read_text()
    assert (
        "<loc>https://docs.acme-connect.example/connectors/leapsome/guides/link-account/scim-api-token</loc>"
        in sitemap
    )
    assert (
        "Sitemap: https://docs.acme-connect.example/sitemap.xml"
        in (built / "acme/robots.txt").read_text()
    )


def _build_in_subprocess(out: Path, jobs: int, env_extra: dict[str, str]) -> int:
    """`hubdocs build --full` in a fresh process with the parallel threshold at one page (the
    sample site is smaller than the real threshold); returns how many processes it forked."""
    env = {**os.environ, **env_extra}
    code = (
        "import os, sys\n"
        "forks = []\n"
        "os.register_at_fork(after_in_parent=lambda: forks.append(1))\n"
        "import renderer.build.full\n"
        "renderer.build.full.PARALLEL_MIN = 1\n"
        "from renderer.cli import main\n"
        f"code = main(['build', '--full', '--out', {str(out)!r}, '--jobs', '{jobs}', '--quiet'])\n"
        "print('forks', len(forks))\n"
        "sys.exit(code)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return int(proc.stdout.rsplit("forks ", 1)[1])


def test_builds_are_deterministic(tmp_path: Path) -> None:
    """One process and two forked slice workers, different hash seeds and time zones: the same
    bytes."""
    one = _build_in_subprocess(tmp_path / "a", 1, {"PYTHONHASHSEED": "1", "TZ": "UTC"})
    two = _build_in_subprocess(tmp_path / "b", 2, {"PYTHONHASHSEED": "977", "TZ": "Asia/Kolkata"})
    assert two >= one + 2  # the second build really ran in two forked workers
    assert len(tree(tmp_path / "a")) > 50
    assert tree_hash(tmp_path / "a") == tree_hash(tmp_path / "b")


def test_failed_build_leaves_previous_output_untouched(project: Path) -> None:
    out = project / "site"
    ok = run_cli("build", "--config", str(project / "mkdocs.yml"), "--out", str(out))
    assert ok.returncode == 0, ok.stderr
    before = tree_hash(out)
    last = sorted((project / "guides").rglob("*.mdx"))[-1]
    last.write_text(last.read_text() + "\n<Steps>\n")
    bad = run_cli("build", "--config", str(project / "mkdocs.yml"), "--out", str(out))
    assert bad.returncode == 1
    assert "is never closed" in bad.stderr and "Traceback" not in bad.stderr
    assert tree_hash(out) == before
    made = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert made == ["acme", "northwind", "stackone"]


def test_config_problems_are_all_listed(project: Path) -> None:
    brand = project / "site_template/brands/acme/brand.yml"
    brand.write_text(
        brand.read_text()
        .replace('primary: "#5b3cc4"', "primary: reddish")
        .replace(
            "support: https://help.acme-connect.example/contact", "support: javascript:alert(1)"
        )
        + "colour_scheme: dark\n"
    )
    proc = run_cli("build", "--config", str(project / "mkdocs.yml"), "--out", str(project / "o"))
    assert proc.returncode == 1
    assert re.search(r"brand\.yml:\d+:\d+: colour `primary` must be a CSS colour", proc.stderr)
    assert re.search(r"brand\.yml:\d+:\d+: `support` must be an https or mailto URL", proc.stderr)
    assert re.search(r"brand\.yml:\d+:\d+: unknown setting `colour_scheme`", proc.stderr)
    assert "3 errors" in proc.stderr


def test_unknown_brand_is_an_error() -> None:
    with pytest.raises(GuideError) as info:
        build(load_config(ROOT / "mkdocs.yml"), ["nope"], "/nonexistent")
    assert "unknown brand 'nope'" in str(info.value)


def test_clean_twins_flatten_components(tmp_path: Path) -> None:
    build(load_config(ROOT / "mkdocs.yml"), ["stackone", "acme"], tmp_path, mode="clean", jobs=1)
    page = "connectors/leapsome/guides/link-account/scim-api-token.md"
    text = (tmp_path / "stackone" / page).read_text()
    assert "> **Warning:** Admin permissions in Leapsome are required" in text
    assert "1. **Sign in to Leapsome**" in text and "3. **Generate the SCIM Token**" in text
    assert "[Leapsome account](https://www.leapsome.com/app)" in text
    assert "<Step" not in text and "<section" not in text and "<div" not in text
    slack = (tmp_path / "stackone/connectors/slack/guides/link-account/oauth-2-0.md").read_text()
    assert "| List Users (`slack_list_users`) | `users:read` |" in slack
    assert "_Applies to scopes: `users:read`, `users:read.email`, `chat:write`_" in slack
    white = (tmp_path / "acme" / page).read_text()
    assert "Linking the Account" not in white and "stackone" not in white.lower()
    assert "1. **Sign in to Leapsome**" in (tmp_path / "acme/llms-full.txt").read_text()


def test_sliced_parallel_build_equals_one_process(tmp_path: Path, monkeypatch) -> None:
    """Forked slice workers (each parses and renders its connectors) give the same bytes as
    one process doing everything."""
    import renderer.build.full as b

    monkeypatch.setattr(b, "PARALLEL_MIN", 1)
    cfg = load_config(ROOT / "mkdocs.yml")
    one = build(cfg, out=tmp_path / "one", jobs=1, incremental=False)
    two = build(cfg, out=tmp_path / "two", jobs=2, incremental=False)
    assert one.files == two.files
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*"))
    assert files == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*"))
    for rel in files:
        if (tmp_path / "one" / rel).is_file():
            assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes()


def test_slices_keep_a_connector_together_and_balance_bytes() -> None:
    from renderer.build.slices import split

    files = [(f"g/{r}", r) for r in ("a/link-account/x.mdx", "a/link-account/y.mdx",
             "b/link-account/x.mdx", "c/connector-profile/x.mdx", "intro.md")]  # fmt: skip
    sizes = {"a/link-account/x.mdx": 10, "a/link-account/y.mdx": 10, "b/link-account/x.mdx": 15,
             "c/connector-profile/x.mdx": 4, "intro.md": 1}  # fmt: skip
    slices = split(files, sizes, 2)
    assert sorted(r for s in slices for r in s) == sorted(r for _, r in files)
    assert "intro.md" in slices[0]
    together = [s for s in slices if "a/link-account/x.mdx" in s][0]
    assert "a/link-account/y.mdx" in together
    loads = [sum(sizes[r] for r in s) for s in slices]
    assert max(loads) - min(loads) <= 10


def test_shared_block_html_respects_brand_overrides(project: Path) -> None:
    """Blocks rendered once per worker are shared between brands only when every brand's
    component templates are the same: an override, or a component reading a brand global,
    keeps each brand's HTML its own."""
    override = project / "site_template/brands/acme/components/callout.html"
    override.parent.mkdir(parents=True)
    override.write_text('<aside class="acme-callout">{{ body }}</aside>\n')
    steps = project / "site_template/components/steps.html"
    steps.write_text(
        steps.read_text().replace(
            '<ol class="hd-steps">', '<ol class="hd-steps" data-site="{{ brand.name }}">'
        )
    )
    build(load_config(project / "mkdocs.yml"), out=project / "out", jobs=1, incremental=False)
    page = "connectors/leapsome/guides/link-account/scim-api-token.html"
    stackone = (project / "out/stackone" / page).read_text()
    acme = (project / "out/acme" / page).read_text()
    northwind = (project / "out/northwind" / page).read_text()
    assert 'class="acme-callout"' in acme and 'class="acme-callout"' not in stackone
    assert 'class="acme-callout"' not in northwind
    assert 'data-site="Acme"' in acme and 'data-site="Northwind"' in northwind
    assert 'data-site="StackOne"' in stackone


def test_parallel_build_failure_stops_workers_and_keeps_old_output(
    project: Path, monkeypatch
) -> None:
    """A leak found while forked workers are still rendering other brands: the build raises,
    no worker is left behind, and every brand's previous tree is untouched."""
    import multiprocessing

    import renderer.build.full as b
    from renderer.core.errors import GuideError

    monkeypatch.setattr(b, "PARALLEL_MIN", 1)
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=2, incremental=False)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    start = project / "guides/guides/getting-started.mdx"
    start.write_text(start.read_text() + "\nVisit https://stackone.com/docs for more.\n")
    with pytest.raises(GuideError) as err:
        build(load_config(cfg), ["acme", "stackone", "northwind"], out, jobs=2, incremental=False)
    assert "white-label leak" in str(err.value)
    assert multiprocessing.active_children() == []
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != MADE]


def test_first_page_at_the_root_and_umask_077(project: Path) -> None:
    """Every brand's temporary folder survives until it is swapped in (a docs page written
    first at the root of it used to find it deleted), and web roots stay world-readable."""
    import os

    (project / "guides/faq.mdx").write_text("---\ntitle: FAQ\norder: 0\n---\n\nQuestions.\n")
    old = os.umask(0o077)
    try:
        build(load_config(project / "mkdocs.yml"), out=project / "out", jobs=1, incremental=False)
    finally:
        os.umask(old)
    for brand in ("stackone", "acme", "northwind"):
        assert (project / "out" / brand / "faq.html").is_file()
        assert (project / "out" / brand).stat().st_mode & 0o777 == 0o755


def test_page_urls_taken_by_generated_pages_are_errors(project: Path) -> None:
    from renderer.core.errors import GuideError

    (project / "guides/connectors").mkdir()
    (project / "guides/connectors/slack.md").write_text("---\ntitle: Slack\n---\n\nHi.\n")
    (project / "guides/accounts.md").write_text("---\ntitle: Accounts\n---\n\nHi.\n")
    with pytest.raises(GuideError) as err:
        build(load_config(project / "mkdocs.yml"), out=project / "out", jobs=1)
    text = str(err.value)
    assert "/connectors/slack is taken by the generated connector page" in text
    assert "/accounts is taken by the generated accounts page" in text


def test_trash_folder_that_is_a_symlink_is_never_emptied(project: Path, tmp_path: Path) -> None:
    import os

    cfg = load_config(project / "mkdocs.yml")
    out = project / "out"
    build(cfg, out=out, jobs=1, incremental=False)
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("keep")
    from renderer.config.schema import cache_root

    trash = cache_root(cfg) / "trash"
    if trash.exists():
        import shutil as sh

        sh.rmtree(trash)
    os.symlink(precious, trash)
    build(cfg, out=out, jobs=1, incremental=False)  # replaces every brand's tree
    import time

    time.sleep(0.5)
    assert (precious / "keep.txt").read_text() == "keep"
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != MADE]
