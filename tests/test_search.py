"""Pagefind search: built from each brand's finished tree; in Chromium by keyboard, with a filter,
landing on a step anchor, at a subpath deploy; no white-label hidden text in any of its files."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from renderer.brand.leaks import LeakChecker, hidden_fragments
from renderer.config.mkdocs_yml import load_config
from renderer.parse.page import parse_guide
from renderer.render.headers import SECURITY_HEADERS, csp
from renderer.search.index import SIGNATURE, bundle_files, bundle_leaks
from renderer.vary.site import collect_site

from .conftest import ROOT

LEAPSOME = "/connectors/leapsome/guides/link-account/scim-api-token"
STEP = "#step-generate-the-scim-token"


def _watch(page: Page) -> list[str]:
    """Console errors and warnings (a CSP refusal is one) and uncaught page errors."""
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    return problems


def _hrefs(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".hd-search-results a", "els => els.map(e => e.getAttribute('href'))"
    )


def test_keyboard_search_lands_on_the_step(page: Page, served) -> None:
    site = served("stackone")
    problems = _watch(page)
    page.goto(site.url + "/")
    page.keyboard.press("/")
    box = page.get_by_label("Search", exact=True)
    expect(box).to_be_focused()
    box.press_sequentially("leapsome scim token")  # key by key, as a reader types
    step = page.locator(f".hd-search-results a[href='{LEAPSOME}{STEP}']")
    expect(step).to_contain_text("Generate the SCIM Token")
    expect(step.locator("mark").first).to_be_visible()  # the excerpt highlights the match
    hrefs = _hrefs(page)
    assert hrefs[0] == LEAPSOME  # the page first, then its best sections
    for _ in range(hrefs.index(LEAPSOME + STEP)):
        box.press("ArrowDown")
    expect(step).to_have_class(re.compile(r"\bhd-search-active\b"))
    box.press("Enter")
    page.wait_for_url("**" + LEAPSOME + STEP)
    expect(page.locator(STEP)).to_have_text("Generate the SCIM Token")
    page.keyboard.press("Control+k")  # reopens, with the last query
    expect(box).to_be_focused()
    box.fill("zzzzqqq")
    expect(page.locator(".hd-search-status")).to_have_text("No results")
    assert not problems, problems


def test_filter_by_connector_narrows_the_results(page: Page, served) -> None:
    page.goto(served("stackone").url + LEAPSOME)
    page.keyboard.press("Control+k")
    box = page.get_by_label("Search", exact=True)
    box.fill("token")
    expect(page.locator(".hd-search-status")).to_contain_text("result")
    before = {h.split("/")[2] for h in _hrefs(page) if h.startswith("/connectors/")}
    assert {"jira", "leapsome"} <= before
    connector = page.get_by_label("Connector", exact=True)
    connector.focus()  # the filter values load on first use
    expect(connector.locator("option[value='Jira']")).to_have_count(1)
    connector.select_option("Jira")
    expect(page.locator(".hd-search-results a").first).to_have_attribute(
        "href", re.compile(r"^/connectors/jira/")
    )
    assert {h.split("/")[2] for h in _hrefs(page)} == {"jira"}
    page.get_by_label("Guide type", exact=True).focus()
    page.get_by_label("Guide type", exact=True).select_option("Connector profile")
    expect(page.locator(".hd-search-status")).to_have_text("No results")  # Jira has none


class _SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """A static host serving one built brand under /docs/, with the site's CSP."""

    policy = ""
    extensions_map = {  # noqa: RUF012 - class-level table, as in the base class
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".html": "text/html; charset=utf-8",
    }

    def translate_path(self, path: str) -> str:
        path = path.split("?")[0].split("#")[0]
        if not path.startswith("/docs/"):
            return str(Path(self.directory) / ".missing")
        full = Path(super().translate_path(path[len("/docs") :]))
        html = full.with_name(full.name + ".html")
        return str(html if not full.is_file() and html.is_file() else full)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.policy)
        for k, v in SECURITY_HEADERS.items():
            self.send_header(k, v)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def subpath_site(built: Path) -> Iterator[str]:
    handler = type("H", (_SubpathHandler,), {"policy": csp(_brand("stackone"))})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(built / "stackone"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _brand(key: str):
    return load_config(ROOT / "mkdocs.yml").brand(key)


def test_search_works_at_a_subpath(page: Page, subpath_site: str) -> None:
    problems = _watch(page)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(subpath_site + "/docs" + LEAPSOME)
    page.keyboard.press("/")
    box = page.get_by_label("Search", exact=True)
    box.fill("leapsome scim token")
    expect(page.locator(f".hd-search-results a[href='/docs{LEAPSOME}{STEP}']")).to_be_visible()
    assert all(h.startswith("/docs/") for h in _hrefs(page))
    assert any("/docs/pagefind/" in u for u in fetched)  # the index, beside the page's assets
    page.get_by_label("Connector", exact=True).focus()
    expect(page.get_by_label("Connector", exact=True).locator("option")).not_to_have_count(1)
    box.focus()
    box.press("Enter")
    page.wait_for_url("**/docs" + LEAPSOME)
    expect(page.locator("h1")).to_contain_text("Connect Leapsome with SCIM API Token")
    searched = [u for u in fetched if "/pagefind/" in u or "search.js" in u]
    assert searched and all("/docs/" in u for u in searched)
    assert not [p for p in problems if "Content Security Policy" in p or "pageerror" in p]


def _hidden_texts() -> set[str]:
    guides = [
        parse_guide(
            str(p.relative_to(ROOT)), p.read_bytes(), p.relative_to(ROOT / "guides").as_posix()
        )
        for p in sorted((ROOT / "guides").rglob("*.mdx"))
    ]
    return set().union(*hidden_fragments(collect_site(guides)).values())


def _bundle_text(folder: Path) -> str:
    """Every Pagefind file decompressed; fragments as their JSON strings decoded."""
    out = []
    for path, data in bundle_files(folder):
        if path.endswith(".pf_fragment"):
            record = json.loads(data[len(SIGNATURE) :])
            strings = [record["content"], *record["meta"].values(), json.dumps(record["filters"])]
            strings += [a["text"] for a in record["anchors"]]
            out.append(" ".join(" ".join(strings).split()))
        else:
            out.append(data.decode("utf-8", errors="replace"))
    return "\n".join(out)


def test_white_label_bundles_hold_no_hidden_text(built: Path) -> None:
    hidden = _hidden_texts()
    assert len(hidden) > 5
    branded = _bundle_text(built / "stackone/pagefind")
    assert [h for h in hidden if h in branded]  # the branded index has them: the check can see
    assert "stackone" in branded.lower()
    for brand in ("acme", "northwind"):
        text = _bundle_text(built / brand / "pagefind")
        assert "Generate the SCIM Token" in text  # what the variant shows is indexed
        for frag in hidden:
            assert frag not in text, (brand, frag)
        assert "stackone" not in text.lower(), brand
        assert "/guides/accounts-section" not in text  # the branded-only page is not indexed


def test_leak_check_reads_the_bundle(built: Path) -> None:
    """The build's leak check decompresses the Pagefind files: the branded bundle, checked as if
    it were acme's, is refused for hidden text and for the parent's name."""
    site_fragments = hidden_fragments(
        collect_site(
            parse_guide(
                str(p.relative_to(ROOT)),
                p.read_bytes(),
                p.relative_to(ROOT / "guides").as_posix(),
            )
            for p in sorted((ROOT / "guides").rglob("*.mdx"))
        )
    )
    checker = LeakChecker(_brand("acme"), site_fragments)
    hits = bundle_leaks(checker, built / "stackone/pagefind")
    assert any("hidden text" in h and ".pf_fragment" in h for h in hits), hits[:5]
    assert any("parent brand word" in h for h in hits)
    assert bundle_leaks(checker, built / "acme/pagefind") == []


@pytest.fixture
def hostile_site(project: Path) -> Iterator[str]:
    """A stackone build with a page whose title and text hold markup, served under /docs/."""
    from renderer.build import build

    (project / "guides/guides/zebra.mdx").write_text(
        '---\ntitle: "Zebra <img src=x id=pwn-title> guide"\ndescription: Zebra things.\n---\n\n'
        "Zebra crossings &lt;img src=x id=pwn-text&gt; are striped.\n"
    )
    build(load_config(project / "mkdocs.yml"), ["stackone"], project / "out", jobs=1)
    handler = type("H", (_SubpathHandler,), {"policy": csp(_brand("stackone"))})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(project / "out/stackone"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_hostile_titles_and_text_show_as_text_in_results(page: Page, hostile_site: str) -> None:
    """A result's title and excerpt are built as text nodes: markup in a page shows as itself."""
    page.goto(hostile_site + "/docs/guides/zebra")
    page.keyboard.press("/")
    page.get_by_label("Search", exact=True).fill("zebra crossings")
    result = page.locator(".hd-search-results a[href='/docs/guides/zebra']")
    expect(result.locator("strong")).to_have_text("Zebra <img src=x id=pwn-title> guide")
    expect(result).to_contain_text("<img src=x id=pwn-text>")
    assert page.locator(".hd-search-results img").count() == 0
    assert page.locator("#pwn-title, #pwn-text").count() == 0
