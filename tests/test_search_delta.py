"""The search index under edits: an incremental build indexes only the pages edited since the
last full build into a delta bundle (the base bundle untouched), masks their old entries, is
leak-checked before it is swapped in, and answers in Chromium as a full build does; a full
build compacts it all into one bundle, byte for byte the same as a fresh one."""

from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import json
import shutil
import threading
from pathlib import Path

from playwright.sync_api import Page, expect

from renderer.brand.leaks import LeakChecker, hidden_fragments
from renderer.build import build
from renderer.config.mkdocs_yml import load_config
from renderer.parse.page import parse_guide
from renderer.search.index import reindex, search_doc
from renderer.vary.site import collect_site

from . import search_view
from .conftest import ROOT

LEAPSOME = "guides/leapsome/link-account/scim-api-token.mdx"
PAGE = "connectors/leapsome/guides/link-account/scim-api-token.html"
URL = "/connectors/leapsome/guides/link-account/scim-api-token"


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _edit(project: Path, old: str, new: str) -> None:
    guide = project / LEAPSOME
    text = guide.read_text()
    assert old in text
    guide.write_text(text.replace(old, new))


def test_an_edit_indexes_only_the_edited_pages_into_a_delta(project: Path) -> None:
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), ["stackone", "acme"], out, jobs=1)
    before = {b: _files(out / b / "pagefind") for b in ("stackone", "acme")}
    assert json.loads((out / "acme/pagefind/index.json").read_text()) == {"delta": None}
    _edit(project, "with an admin user.", "with an admin zyxwvu.")
    assert build(load_config(cfg), ["stackone", "acme"], out, jobs=1).mode == "incremental"
    deltas = {}
    for b, old in before.items():
        new = _files(out / b / "pagefind")
        index = json.loads((out / b / "pagefind/index.json").read_text())
        delta = index["delta"]
        # the base bundle is untouched: only index.json and the delta's files are new
        assert {k for k in set(new) | set(old) if new.get(k) != old.get(k)} == {
            "index.json",
            *(k for k in new if k.startswith(delta + "/")),
        }
        fragments = list((out / b / "pagefind" / delta / "fragment").iterdir())
        assert len(fragments) == 1  # the edited page alone
        assert b"zyxwvu" in gzip.decompress(fragments[0].read_bytes())
        assert (
            len(index["mask"]) == 1
            and (out / b / f"pagefind/fragment/{index['mask'][0]}.pf_fragment").is_file()
        )
        deltas[b] = delta
    # a second edit of another page: the delta holds both edited pages, the old one is gone
    other = project / "guides/7shifts/link-account/api-key.mdx"
    text = other.read_text().replace("save. Copy the token", "save. Copy the quokka token")
    other.write_text(text)
    assert build(load_config(cfg), ["stackone"], out, jobs=1).mode == "incremental"
    index = json.loads((out / "stackone/pagefind/index.json").read_text())
    assert index["delta"] != deltas["stackone"] and len(index["mask"]) == 2
    assert not (out / "stackone/pagefind" / deltas["stackone"]).exists()
    # what the index answers equals a full build's; a full build compacts into one bundle
    full = project / "full"
    build(load_config(cfg), ["stackone"], full, jobs=1, incremental=False)
    assert search_view.answers(out / "stackone/pagefind") == search_view.answers(
        full / "stackone/pagefind"
    )
    build(load_config(cfg), ["stackone"], out, jobs=1, incremental=False)
    assert _files(out / "stackone/pagefind") == _files(full / "stackone/pagefind")


def test_two_full_builds_write_the_same_bundle(project: Path) -> None:
    cfg = project / "mkdocs.yml"
    build(load_config(cfg), ["acme"], project / "a", jobs=1, incremental=False)
    build(load_config(cfg), ["acme"], project / "b", jobs=2, incremental=False)
    assert _files(project / "a/acme/pagefind") == _files(project / "b/acme/pagefind")


def _hidden() -> dict[str, frozenset[str]]:
    guides = [
        parse_guide(
            str(p.relative_to(ROOT)), p.read_bytes(), p.relative_to(ROOT / "guides").as_posix()
        )
        for p in sorted((ROOT / "guides").rglob("*.mdx"))
    ]
    return hidden_fragments(collect_site(guides))


def test_a_delta_is_leak_checked_before_it_is_swapped_in(built: Path, tmp_path: Path) -> None:
    """The branded tree's edited page indexed as if it were acme's: the delta is refused (the
    hidden text named in its fragment) and the bundle stays as it was."""
    site = tmp_path / "stackone"
    shutil.copytree(built / "stackone", site)
    before = _files(site / "pagefind")
    checker = LeakChecker(load_config(ROOT / "mkdocs.yml").brand("acme"), _hidden())
    hits = reindex(site, checker, tmp_path / "trash", [PAGE], {})
    assert any("pagefind/delta-" in h and "/fragment/" in h and "hidden text" in h for h in hits), (
        hits
    )
    assert _files(site / "pagefind") == before
    assert not [p for p in (site / "pagefind").iterdir() if p.name.startswith(".")]


def test_search_doc_is_the_title_and_the_searchable_article() -> None:
    html = (
        b"<html><head><title>T &amp; U</title></head><body><nav>menu</nav>"
        b'<article class="a" data-pagefind-body><p>x</p><article>inner</article></article>'
        b"<footer>f</footer></body></html>"
    )
    doc = search_doc(html)
    assert doc is not None
    assert "<title>T &amp; U</title>" in doc and "menu" not in doc and "footer" not in doc
    assert "<p>x</p><article>inner</article></article>" in doc
    assert search_doc(b"<html><body><article>no body</article></body></html>") is None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_an_edited_page_is_found_by_its_new_words_only(page: Page, project: Path) -> None:
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), ["stackone"], out, jobs=1)
    _edit(project, "Generate the SCIM Token", "Generate the Wombat Token")
    assert build(load_config(cfg), ["stackone"], out, jobs=1).mode == "incremental"
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out / "stackone"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        page.keyboard.press("/")
        box = page.get_by_label("Search", exact=True)
        box.fill("wombat")
        results = page.locator(".hd-search-results a.hd-search-page")
        expect(results).to_have_count(1)  # from the delta
        assert (results.first.get_attribute("href") or "").startswith(URL)
        box.fill("leapsome scim")
        expect(page.locator(".hd-search-status")).not_to_have_text("")
        hrefs = page.eval_on_selector_all(
            ".hd-search-results a.hd-search-page", "els => els.map(e => e.getAttribute('href'))"
        )
        assert hrefs.count(URL) + hrefs.count(URL + ".html") <= 1, hrefs  # the old entry masked
    finally:
        server.shutdown()
        server.server_close()
