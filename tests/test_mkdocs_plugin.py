"""`mkdocs build` with the hubdocs plugin: default theme and Material, branded and white-label."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SEED

FIXTURE = ROOT / "tests" / "fixtures" / "site"
GUIDE = "connectors/acmecrm/guides/link-account/api-key"


def mkdocs(cwd: Path, *args: str, brand: str | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs ARGS` in the folder `cwd`, in this process (its exit code and output as a
    finished process's: what a user sees; in process so that a mutation run sees the plugin's
    code run — `mkdocs serve` and the packaging tests start real processes)."""
    from click.testing import CliRunner
    from mkdocs.__main__ import cli

    env = {"HUBDOCS_BRAND": brand, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}
    with contextlib.chdir(cwd):
        result = CliRunner().invoke(cli, ["build", *args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(
        ["mkdocs", *args], result.exit_code, result.stdout, result.stderr
    )


def mkdocs_process(
    cwd: Path, *args: str, brand: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ}
    env.pop("HUBDOCS_BRAND", None)
    env["DISABLE_MKDOCS_2_WARNING"] = "true"  # Material 9.7+ and MkDocs' forks advertise
    env["NO_MKDOCS_2_WARNING"] = "1"  # themselves on stderr
    if brand:
        env["HUBDOCS_BRAND"] = brand
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def make_site(tmp: Path, theme: str) -> Path:
    site = tmp / theme
    shutil.copytree(FIXTURE / "guides", site / "guides")
    shutil.copytree(FIXTURE / "brands", site / "brands")
    (site / "mkdocs.yml").write_text(
        "site_name: ParentCo Docs\n"
        "site_url: https://docs.parent.example/\n"
        "docs_dir: guides\n"
        "use_directory_urls: false\n"
        f"theme:\n  name: {theme}\n"
        "plugins:\n"
        "  - hubdocs:\n"
        "      brand: !ENV [HUBDOCS_BRAND, main]\n"
        "      brands: [main, white]\n"
        f"      theme_dir: {ROOT / 'site_template'}\n"
        "      brands_dir: brands\n"
    )
    return site


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_branded_and_white_label_under_theme(tmp_path: Path, theme: str) -> None:
    site = make_site(tmp_path, theme)
    proc = mkdocs(site, "--strict", "--site-dir", str(tmp_path / "out-main"))
    assert proc.returncode == 0, proc.stderr
    main = tmp_path / "out-main"
    page = (main / f"{GUIDE}.html").read_text()
    assert "hd-callout--tip" in page and page.count('class="hd-step"') == 3
    assert "Linking the Account from the Hub" in page
    assert "assets/hubdocs/components.css" in page and "assets/hubdocs/guide.js" in page
    assert "assets/hubdocs/connect.js" in page and "hd-connect-form" in page
    assert 'id="hd-actions"' in page
    assert (main / "assets/hubdocs/guide.js").is_file()
    assert (main / f"{GUIDE}.md").read_text().startswith("> ## Documentation Index")
    assert "https://docs.parent.example/llms.txt" in (main / f"{GUIDE}.md").read_text()
    assert "## AcmeCRM" in (main / "llms.txt").read_text()
    assert not list(main.rglob("*.mdx")), "sources must not be published"
    # toc comes from the model
    assert 'href="#create-an-api-key"' in page

    proc = mkdocs(site, "--strict", "--site-dir", str(tmp_path / "out-white"), brand="white")
    assert proc.returncode == 0, proc.stderr
    white = tmp_path / "out-white"
    page = (white / f"{GUIDE}.html").read_text()
    assert "Linking the Account from the Hub" not in page and "Hidden secret" not in page
    assert "Whiteco service account" in page
    assert not (white / "guides/hub-only.html").exists()
    for f in white.rglob("*"):
        if f.is_file() and f.suffix in (".html", ".md", ".txt", ".xml", ".json"):
            text = f.read_text()
            assert "Hidden secret sentence" not in text, f
            assert "parentco" not in text.lower() and "parent.example" not in text, f


def test_broken_link_fails_strict_build(tmp_path: Path) -> None:
    site = make_site(tmp_path, "mkdocs")
    start = site / "guides/guides/start.mdx"
    start.write_text(start.read_text() + "\nSee [nowhere](/guides/nowhere#x).\n")
    proc = mkdocs(site, "--strict", "--site-dir", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert "broken link to /guides/nowhere#x: no page at /guides/nowhere" in proc.stderr
    assert mkdocs(site, "--site-dir", str(tmp_path / "out2")).returncode == 0


def test_parse_error_is_reported_without_traceback(tmp_path: Path) -> None:
    site = make_site(tmp_path, "mkdocs")
    guide = site / "guides/acmecrm/link-account/api-key.mdx"
    guide.write_text(guide.read_text() + "\n<Steps>\n")
    proc = mkdocs_process(site, "--site-dir", str(tmp_path / "out"))  # what a terminal shows
    assert proc.returncode == 1
    assert "api-key.mdx:" in proc.stderr and "`<Steps>` is never closed" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_repository_mkdocs_build_strict(tmp_path: Path) -> None:
    proc = mkdocs(ROOT, "--strict", "--site-dir", str(tmp_path / "out"), brand="stackone")
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr
    out = tmp_path / "out"
    page = (out / "connectors/leapsome/guides/link-account/scim-api-token.html").read_text()
    assert "hd-callout--warning" in page
    assert page.count('<ol class="hd-steps">') == 2
    twin = out / "connectors/leapsome/guides/link-account/scim-api-token.md"
    assert twin.read_bytes() == SEED.read_bytes()
    index = (out / "index.html").read_text()  # nav sections carry the model's names
    assert (
        ">Microsoft Entra ID" in index and ">Shortcut" in index and "Microsoft entra" not in index
    )


GUIDE_SRC = """\
---
title: "Connect AcmeCRM with API Key – Jay Hub"
description: "Link an AcmeCRM account using an API key."
---

Before you start, read [the usage page](/usage#install) and [revsets](/revsets).

<Steps>
  <Step title="Create an API key">
    In AcmeCRM, open **Settings → API** and create a key. See [the other guide](/connectors/acmecrm/guides/link-account/api-key#create-the-key).
  </Step>
</Steps>

## Create the key

Copy the key.
"""


def make_material_site(tmp: Path, hubdocs_first: bool, directory_urls: bool) -> Path:
    """An existing Material site (three pages, search, redirects, offline) adding hubdocs."""
    site = tmp / "jj"
    docs = site / "docs"
    (docs / "acmecrm/link-account").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nSee [usage](usage.md) and [revsets](revsets.md).\n")
    (docs / "usage.md").write_text("# Usage\n\n## Install\n\nRun it. Back [home](index.md).\n")
    (docs / "revsets.md").write_text("# Revsets\n\nSee [usage](usage.md#install).\n")
    (docs / "acmecrm/link-account/api-key.mdx").write_text(GUIDE_SRC)
    (docs / "drafts").mkdir()
    (docs / "drafts/broken.mdx").write_text("<Steps>\n")  # excluded: never parsed
    (site / "brands/jay").mkdir(parents=True)
    (site / "brands/jay/brand.yml").write_text("name: Jay\n")
    hubdocs = "  - hubdocs:\n      brands_dir: brands\n"
    others = (
        "  - search\n  - redirects:\n      redirect_maps:\n        old.md: usage.md\n  - offline\n"
    )
    (site / "mkdocs.yml").write_text(
        "site_name: jj docs\n"
        "exclude_docs: drafts/\n"
        "site_url: https://jj.example/\n"
        f"use_directory_urls: {'true' if directory_urls else 'false'}\n"
        "theme:\n  name: material\n  features: [navigation.instant]\n"
        "plugins:\n" + (hubdocs + others if hubdocs_first else others + hubdocs)
    )
    return site


@pytest.mark.parametrize("hubdocs_first", [True, False], ids=["hubdocs-first", "hubdocs-last"])
def test_good_citizen_in_a_material_site(tmp_path: Path, hubdocs_first: bool) -> None:
    site = make_material_site(tmp_path, hubdocs_first, directory_urls=False)
    out = tmp_path / "out"
    proc = mkdocs(site, "--strict", "--site-dir", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "WARNING -" not in proc.stderr, proc.stderr
    # the ordinary pages are MkDocs' own: links between them resolved, index.md kept
    home = (out / "index.html").read_text()
    assert 'href="usage.html"' in home and 'href="revsets.html"' in home
    assert "<title>jj docs</title>" in home, "the project's site_name is kept"
    assert ">Home</h1>" in home, "index.md is the project's, not a generated home page"
    assert 'href="usage.html#install"' in (out / "revsets.html").read_text()
    assert (out / "old.html").is_file() or (out / "old/index.html").is_file()  # the redirect
    # the guide: rendered by hubdocs, links relative as MkDocs writes them
    page = (out / f"{GUIDE}.html").read_text()
    assert 'class="hd-step"' in page and "assets/hubdocs/guide.js" in page
    assert 'href="../../../../usage.html#install"' in page
    assert 'href="../../../../revsets.html"' in page
    assert 'href="api-key.html#create-the-key"' in page
    assert not re.search(r'href="/(?!/)', page), "no root-relative links (mike, offline)"
    assert "https://jj.example/" in (out / f"{GUIDE}.md").read_text()
    index = json.loads((out / "search/search_index.json").read_text())
    assert any("usage" in d["location"] for d in index["docs"])


def test_directory_urls_links(tmp_path: Path) -> None:
    site = make_material_site(tmp_path, True, directory_urls=True)
    yml = site / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("  - offline\n", ""))  # offline wants files
    out = tmp_path / "out"
    proc = mkdocs(site, "--strict", "--site-dir", str(out))
    assert proc.returncode == 0, proc.stderr
    page = (out / GUIDE / "index.html").read_text()
    assert 'href="../../../../../usage/#install"' in page
    assert 'href="./#create-the-key"' in page or 'href="#create-the-key"' in page, page


def test_mkdocs_serve_watches_the_brand_and_theme(tmp_path: Path) -> None:
    """`mkdocs serve` rebuilds when brand.yml changes (the plugin registers its folders)."""
    import socket
    import time
    import urllib.request

    from renderer.commands.init import init_project

    init_project(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    env.pop("HUBDOCS_BRAND", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/assets/hubdocs/brand.css"

    def fetch() -> str:
        with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - local server
            return resp.read().decode()

    def wait_for(text: str) -> str:
        last = ""
        for _ in range(600):  # a deadline, not a timing assertion
            with contextlib.suppress(OSError):
                last = fetch()
            if text in last:
                return last
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never served; last: {last!r}")

    try:
        wait_for("#2b59c3")
        yml = tmp_path / "brands/lumen/brand.yml"
        yml.write_text(yml.read_text().replace("#2b59c3", "#123456"))
        assert "#123456" in wait_for("#123456")
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()  # type: ignore[union-attr]


def test_scope_selector_restarts_after_material_instant_navigation(tmp_path: Path, page) -> None:
    """Material's navigation.instant swaps pages without loading scripts again: guide.js
    subscribes to `document$`, so the scope selector works on a page reached that way."""
    import http.server
    import threading
    from functools import partial

    site = make_material_site(tmp_path, True, directory_urls=False)
    docs = site / "docs"
    for rel in ("slack/link-account/oauth-2-0.mdx", "guides/accounts-section.mdx"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "guides" / rel, docs / rel)
    (docs / "usage.md").write_text("# Usage\n\n[Slack](slack/link-account/oauth-2-0.mdx)\n")
    out = tmp_path / "out"
    out.mkdir()
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yml = site / "mkdocs.yml"  # Material navigates instantly only within site_url's origin
    yml.write_text(
        yml.read_text()
        .replace("  - offline\n", "")  # the offline plugin turns instant navigation off
        .replace("site_url: https://jj.example/", f"site_url: {base}/")
    )
    try:
        assert mkdocs(site, "--site-dir", str(out)).returncode == 0
        page.goto(base + "/usage.html")
        page.wait_for_load_state("networkidle")  # Material reads sitemap.xml first
        page.evaluate("window.__sameDocument = true")
        page.locator("article a[href$='oauth-2-0.html']").click()
        page.wait_for_url("**/oauth-2-0.html")
        page.wait_for_selector(".hd-ss-check")
        assert page.evaluate("window.__sameDocument === true"), "not an instant navigation"
        page.get_by_label("List Users", exact=True).check()
        hidden = page.eval_on_selector_all(
            ".hd-step[data-guide-scopes]", "els => els.filter(e => e.hidden).length"
        )
        assert hidden > 0, "guide.js did not start on the swapped-in page"
    finally:
        server.shutdown()
        server.server_close()


def test_md_files_under_guides_dir_are_hubdocs_pages(tmp_path: Path) -> None:
    site = make_material_site(tmp_path, True, directory_urls=False)
    yml = site / "mkdocs.yml"
    yml.write_text(
        yml.read_text()
        .replace(
            "      brands_dir: brands\n", "      brands_dir: brands\n      guides_dir: docs/hub\n"
        )
        .replace("  - offline\n", "")
    )
    (site / "docs/hub").mkdir()
    (site / "docs/hub/intro.md").write_text(
        '---\ntitle: "Hub intro"\ndescription: "What the hub is."\n---\n\n<Note>Read this.</Note>\n'
    )
    out = tmp_path / "out"
    proc = mkdocs(site, "--strict", "--site-dir", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "hd-callout" in (out / "hub/intro.html").read_text()  # rendered by hubdocs
    assert (out / "hub/intro.md").read_text().startswith("> ## Documentation Index")
    assert "hd-callout" not in (out / "usage.html").read_text()  # MkDocs' own page


def test_white_label_mkdocs_build_fails_on_leaks_naming_the_source(tmp_path: Path) -> None:
    """The MkDocs path runs the leak check too: the parent's word in the site metadata MkDocs
    adds to every page, and hidden-block text shown elsewhere on a page, both name their
    source; nothing that leaked stays in the site folder; once fixed, the build passes."""
    site = make_site(tmp_path, "mkdocs")
    yml = site / "mkdocs.yml"
    yml.write_text(yml.read_text() + "site_description: Guides for the ParentCo platform.\n")
    brand_yml = (site / "brands/white/brand.yml").read_text()
    assert "ParentCo" in brand_yml or "whitelabel: true" in brand_yml
    page = site / "guides/connectors-canary.mdx"
    page.write_text(
        "---\ntitle: Canary\ndescription: CANARY hidden sentence for the branded site.\n---\n\n"
        "Visible words.\n\n<div data-whitelabel-hide>\n\nCANARY hidden sentence for the branded "
        "site.\n\n</div>\n"
    )
    proc = mkdocs(site, "--strict", brand="white")
    assert proc.returncode != 0
    assert "mkdocs.yml:" in proc.stderr and "`site_description` shows" in proc.stderr
    assert "guides/connectors-canary.mdx:3:14: white-label leak for brand white: hidden text " in (
        proc.stderr
    )
    assert "(would reach white/connectors-canary.html, white/connectors-canary.md)" in proc.stderr
    assert proc.stderr.count("connectors-canary.mdx:3:14") == 1  # one message per cause
    out = site / "site"
    for path in out.rglob("*") if out.exists() else []:
        if path.is_file():
            assert b"CANARY hidden" not in path.read_bytes(), path
    yml.write_text(yml.read_text().replace("ParentCo platform", "your tools"))
    page.write_text(page.read_text().replace("description: CANARY", "description: A"))
    fixed = mkdocs(site, "--strict", brand="white")
    assert fixed.returncode == 0, fixed.stderr


def test_the_sites_own_llms_files_are_kept(tmp_path: Path) -> None:
    """A Material site with its own llms.txt keeps it: hubdocs writes its index of the guides
    to guides/llms.txt (the twins point there) and says so — never a silent overwrite."""
    site = make_material_site(tmp_path, hubdocs_first=True, directory_urls=False)
    own = "# jj docs\n\n> Hand-written.\n\n- [Usage](https://jj.example/usage.md)\n"
    (site / "docs/llms.txt").write_text(own)
    out = tmp_path / "out"
    proc = mkdocs(site, "--strict", "--site-dir", str(out))
    assert proc.returncode == 0, proc.stderr
    assert (out / "llms.txt").read_text() == own
    assert not (out / "llms-full.txt").exists(), "no root file next to the site's own"
    ours = (out / "guides/llms.txt").read_text()
    assert "Connect AcmeCRM with API Key" in ours
    assert "Connect AcmeCRM with API Key" in (out / "guides/llms-full.txt").read_text()
    assert "https://jj.example/guides/llms.txt" in (out / f"{GUIDE}.md").read_text()
    assert "llms.txt (docs_dir/llms.txt) is kept" in proc.stderr


def test_a_site_without_llms_files_gets_them_at_the_root(tmp_path: Path) -> None:
    site = make_material_site(tmp_path, hubdocs_first=True, directory_urls=False)
    out = tmp_path / "out"
    proc = mkdocs(site, "--strict", "--site-dir", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Connect AcmeCRM with API Key" in (out / "llms.txt").read_text()
    assert not (out / "guides/llms.txt").exists()
    assert "https://jj.example/llms.txt" in (out / f"{GUIDE}.md").read_text()


def test_an_llms_plugin_counts_as_the_sites_own_llms_files() -> None:
    from renderer.build.mkdocs_outputs import own_llms

    assert own_llms(["index.md"], ["search", "llmstxt"]) == "the llmstxt plugin"
    assert own_llms(["llms-full.txt"], ["search"]) == "docs_dir/llms-full.txt"
    assert own_llms(["index.md", "usage.md"], ["search", "hubdocs"]) == ""


@pytest.mark.parametrize(
    "name", ["extra/site.webmanifest", "extra/notes.txt", "extra/data.json", "extra/app.mjs"]
)
def test_white_label_mkdocs_build_checks_every_file_in_the_site(tmp_path: Path, name: str) -> None:
    """A file MkDocs copies as it is (any kind, not a page) is leak-checked too: the build
    fails naming it and the file is not left in the site folder."""
    site = make_site(tmp_path, "mkdocs")
    copied = site / "guides" / name
    copied.parent.mkdir(parents=True, exist_ok=True)
    copied.write_text('{\n  "name": "\\u0050arentCo Docs"\n}\n')
    proc = mkdocs(site, "--strict", brand="white")
    assert proc.returncode != 0, proc.stderr
    assert (
        f"guides/{name}:2:12: white-label leak for brand white: parent brand word 'ParentCo'"
        in (proc.stderr)
    )
    assert not (site / "site" / name).exists()
    copied.write_text('{\n  "name": "Docs"\n}\n')
    assert mkdocs(site, "--strict", brand="white").returncode == 0
