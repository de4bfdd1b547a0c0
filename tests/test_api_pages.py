"""API reference pages in a Mintlify site (issue 25): `openapi:` and `openapi-schema:` front
matter, docs.json `openapi` on a tab and a group, entries written `"spec METHOD /path"`; the
operation before the page's own body in HTML and twin, method badges in the sidebar, the
playground's servers in the CSP, white-label terms and URL maps, located errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from renderer.build import build
from renderer.commands.project import load_project
from renderer.core.errors import GuideError

from .conftest import ROOT

FIXTURE = ROOT / "tests/fixtures/api-site"
PAGES = {
    "api/get-order": ("GET", "/orders/{orderId}", "Get an order"),
    "api-reference/orders/place-an-order": ("POST", "/orders", "Place an order"),
    "api-reference/notes/list-notes": ("GET", "/notes", "List notes"),
    "legacy-api/books/add-a-book": ("POST", "/books", "Add a book"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("api-site")
    report = build(load_project(FIXTURE / "docs.json"), out=out, jobs=1)
    assert not [p for p in report.problems if p.level != "note"], report.problems
    return out / "inkwell"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(), "html.parser")


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_api_page_renders_its_operation(site: Path, page: str) -> None:
    method, path, title = PAGES[page]
    doc = soup(site / f"{page}.html")
    assert doc.select_one("h1").get_text(strip=True) == title
    article = doc.select_one("article")
    head = article.select_one(".hd-oa-method")
    assert head is not None and head.get_text(strip=True) == method
    assert path in article.get_text()
    assert "does not render yet" not in doc.get_text()
    twin = (site / f"{page}.md").read_text()
    assert f"`{method} {path}`" in twin


def test_the_pages_own_body_follows_the_reference(site: Path) -> None:
    text = soup(site / "api/get-order.html").select_one("article").get_text(" ")
    assert text.index("/orders/{orderId}") < text.index("Orders are kept for a year.")
    twin = (site / "api/get-order.md").read_text()
    assert twin.index("`GET /orders/{orderId}`") < twin.index("Orders are kept for a year.")


def test_schema_pages_and_sidebar_badges(site: Path) -> None:
    schema = soup(site / "api/category-schema.html")
    assert schema.select_one("h1").get_text(strip=True) == "Category"
    badges = {
        a.get_text(" ", strip=True)
        for a in soup(site / "api/get-order.html").select("nav a")
        if a.select_one(".hd-oa-method")
    }
    assert "GET Get an order" in badges and "POST Place an order" in badges


def test_the_playground_sends_only_to_the_specs_servers(site: Path) -> None:
    headers = (site / "_headers").read_text()
    csp = re.search(r"Content-Security-Policy: (.*)", headers).group(1)
    connect = re.search(r"connect-src ([^;]*)", csp).group(1).split()
    assert connect == [
        "'self'",
        "https://api.inkwell.test",
        "https://legacy.inkwell.test",
        "https://sandbox.inkwell.test",
    ]
    page = (site / "api/get-order.html").read_text()
    assert re.search(r'<script src="/assets/playground\.js\?v=\w+" defer>', page)
    assert "playground.js" not in (site / "index.html").read_text()


def _project(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    return repo


def test_white_label_api_pages_swap_terms_and_server_urls(tmp_path: Path) -> None:
    """Prose gets the brand's terms, URLs its URL map; identifiers and code samples are left
    as written (so this spec's cookie name and CLI sample are renamed first: they would be
    leaks, as the next test shows)."""
    repo = _project(tmp_path)
    spec = repo / "specs/store.json"
    spec.write_text(
        spec.read_text().replace("inkwell_session", "session").replace("inkwell orders", "cli")
    )
    folder = repo / "brands/quill"
    folder.mkdir(parents=True)
    (folder / "brand.yml").write_text(
        "name: Quill\nbase_url: https://docs.quill.example\nwhitelabel: true\n"
        "terms:\n  Inkwell: Quill\n"
        "urls:\n  api.inkwell.test: api.quill.example\n"
        "  sandbox.inkwell.test: sandbox.quill.example\n"
        "  auth.inkwell.test: auth.quill.example\n"
        "  legacy.inkwell.test: legacy.quill.example\n"
        "  docs.inkwell.test: docs.quill.example\n"
    )
    (repo / "hubdocs.yml").write_text("brands: [quill]\nbrands_dir: brands\n")
    build(load_project(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    out = tmp_path / "out/quill"
    page = (out / "api/get-order.html").read_text()
    assert "https://api.quill.example" in page and "Quill accounts" in page
    for f in out.rglob("*"):
        if f.is_file() and f.suffix in (".html", ".md", ".txt"):
            assert "inkwell" not in f.read_text().lower(), f


def test_a_parent_word_in_an_identifier_or_code_sample_is_a_leak(tmp_path: Path) -> None:
    repo = _project(tmp_path)
    folder = repo / "brands/quill"
    folder.mkdir(parents=True)
    (folder / "brand.yml").write_text(
        "name: Quill\nbase_url: https://docs.quill.example\nwhitelabel: true\n"
        "terms:\n  Inkwell: Quill\nurls:\n  inkwell.test: quill.example\n"
    )
    (repo / "hubdocs.yml").write_text("brands: [quill]\nbrands_dir: brands\n")
    with pytest.raises(GuideError) as info:
        build(load_project(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    assert any("parent brand word 'inkwell'" in p.message for p in info.value.problems)
    assert not (tmp_path / "out/quill").exists(), "nothing of a leaking brand is published"


def test_an_operation_that_matches_nothing_names_the_nearest(tmp_path: Path) -> None:
    repo = _project(tmp_path)
    page = repo / "api/get-order.mdx"
    page.write_text(page.read_text().replace("GET /orders/{orderId}", "GET /order/{orderId}"))
    with pytest.raises(GuideError) as info:
        build(load_project(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    (p,) = [p for p in info.value.problems if p.level == "error"]
    assert p.pos.path.endswith("api/get-order.mdx") and p.pos.line == 3, p
    assert "matches no operation" in p.message and "GET /orders/{orderId}" in p.hint


def test_a_remote_spec_is_never_fetched(tmp_path: Path) -> None:
    repo = _project(tmp_path)
    docs = json.loads((repo / "docs.json").read_text())
    docs["navigation"]["tabs"][2]["openapi"] = "https://api.inkwell.test/openapi.json"
    (repo / "docs.json").write_text(json.dumps(docs, indent=2))
    with pytest.raises(GuideError) as info:
        load_project(repo / "docs.json")
    (p,) = info.value.problems  # one problem: nothing is fetched, nothing else fails
    assert p.pos.path.endswith("docs.json") and "is remote" in p.message
    assert "curl -o openapi.json" in p.hint
