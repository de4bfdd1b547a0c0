"""An API reference site as a reader and an agent meet it (issue 25): llms.txt lists the
operations under their tag groups with a description each, and an API page holds together in
Chromium on a desktop and on a phone, light and dark (no sideways scroll, the method and path
on one line, fields and examples inside the article, the nested schema opening in place, the
playground's form usable), with screenshots in test-results/screenshots."""

from __future__ import annotations

import dataclasses
import re
import shutil
import threading
from pathlib import Path

import pytest

from renderer.build import build
from renderer.commands.project import load_project
from renderer.serve.server import State, make_server

from .conftest import ROOT

FIXTURE = ROOT / "tests/fixtures/api-site"
SHOTS = ROOT / "test-results" / "screenshots"
HAS_CHROMIUM = Path("/usr/bin/chromium").exists()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("api-site")
    cfg = load_project(FIXTURE / "docs.json")
    report = build(cfg, out=out, jobs=1)
    assert not [p for p in report.problems if p.level != "note"], report.problems
    return out / "inkwell", cfg.brands[0]


def _sections(llms: str) -> dict[str, list[str]]:
    """llms.txt's `## heading` -> the link targets listed under it."""
    out: dict[str, list[str]] = {}
    for part in re.split(r"^## ", llms, flags=re.M)[1:]:
        heading, _, rest = part.partition("\n")
        out[heading] = re.findall(r"^- \[[^\]]*\]\(([^)]+)\)", rest, re.M)
    return out


def test_llms_txt_lists_operations_under_their_tag_groups(built) -> None:
    site, _ = built
    llms = (site / "llms.txt").read_text()
    sections = _sections(llms)
    assert sections["Guides"] == ["/index.md"], sections  # API pages are not listed as guides
    # the tag's x-group names the section (tag `orders`, x-group `Orders`), written pages and
    # docs.json-generated ones together, in navigation order
    assert sections["API reference: Orders"] == [
        "/api/get-order.md",
        "/api-reference/orders/place-an-order.md",
    ]
    assert sections["API reference: notes"] == [
        "/api-reference/notes/list-notes.md",
        "/api-reference/notes/edit-a-note.md",
    ]
    assert sections["API reference: books"][0] == "/legacy-api/books/get-a-book.md"
    assert sections["API reference"] == ["/api/category-schema.md"]  # a schema page: untagged
    # each operation with a description: the spec's first line, else its method and path
    assert "- [Get an order](/api/get-order.md): Returns one order with its line items." in llms
    assert "- [List notes](/api-reference/notes/list-notes.md): GET /notes" in llms
    assert "<script" not in llms


@pytest.fixture(scope="module")
def site_url(built):
    site, brand = built
    state = State(site, brand, None, log=open(site.parent / "serve.log", "a"))  # noqa: SIM115
    server = make_server("127.0.0.1", 0, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


GEOMETRY = """() => {
  const r = (el) => el ? el.getBoundingClientRect() : null;
  const article = r(document.querySelector('main#content article') || document.querySelector('main'));
  const method = r(document.querySelector('.hd-oa-endpoint .hd-oa-method'));
  const path = r(document.querySelector('.hd-oa-endpoint .hd-oa-path'));
  const outside = [...document.querySelectorAll('.hd-oa-field, .hd-oa-examples, .hd-oa-try')]
    .filter((el) => el.offsetParent !== null)
    .map((el) => [el.className, r(el)])
    .filter(([, b]) => b.left < article.left - 1 || b.right > article.right + 1)
    .map(([c, b]) => `${c} ${Math.round(b.left)}..${Math.round(b.right)}`);
  return {
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    sameLine: !!method && !!path && Math.abs((method.top + method.bottom) / 2 - (path.top + path.bottom) / 2) < 8,
    outside,
    articleWidth: article.width,
    bg: getComputedStyle(document.body).backgroundColor,
  };
}"""


@pytest.mark.skipif(not HAS_CHROMIUM, reason="needs Chromium")
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_api_page_holds_together(browser, site_url, width, height, scheme) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(site_url + "/api-reference/orders/place-an-order")  # (serve answers /api/ itself)
    page.wait_for_load_state("networkidle")
    report = page.evaluate(GEOMETRY)
    page.screenshot(path=str(SHOTS / f"api-page-{width}-{scheme}.png"), full_page=True)
    assert report["overflow"] <= 0, report
    assert report["sameLine"], report
    assert report["outside"] == [], report
    assert report["articleWidth"] <= width, report
    assert (report["bg"] != "rgb(255, 255, 255)") == (scheme == "dark"), report
    # a nested object opens in place (native <details>) and its fields are then visible
    summary = page.locator(".hd-oa-children > summary").first
    child = page.locator(".hd-oa-children-body .hd-oa-field-name").first
    assert not child.is_visible()
    summary.click()
    assert child.is_visible()
    # the playground's form is on the page and reachable
    send = page.locator(".hd-oa-try-send")
    send.scroll_into_view_if_needed()
    assert send.is_visible() and send.is_enabled()
    box = send.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    missing = [u for u in missing if not u.endswith("/favicon.ico")]  # the browser's own guess
    assert missing == [], missing
    errors = [e for e in errors if "404" not in e or missing]
    assert errors == [], errors  # no CSP violation, no script error
    context.close()


def test_over_its_budget_llms_txt_lists_api_groups(tmp_path: Path) -> None:
    """A spec of thousands of operations must not stop the build: over llms.txt's budget the
    API reference is one line per tag group (its first page, its number of pages)."""
    cfg = dataclasses.replace(load_project(FIXTURE / "docs.json"), llms_budget=650)
    report = build(cfg, out=tmp_path, jobs=1)
    assert not [p for p in report.problems if p.level == "error"], report.problems
    llms = (tmp_path / "inkwell" / "llms.txt").read_text()
    assert len(llms) <= 650, llms
    assert "over this file's budget of 650" in llms
    assert _sections(llms)["API reference"] == [
        "/api/get-order.md",
        "/api/category-schema.md",
        "/api-reference/notes/list-notes.md",
        "/legacy-api/books/get-a-book.md",
    ]
    assert "- [Orders](/api/get-order.md): 2 pages" in llms
    assert "## Connectors" not in llms


def test_deprecated_front_matter_marks_an_api_page(tmp_path: Path) -> None:
    """Mintlify's `deprecated: true` is honoured on an `openapi:` page (the operation is shown
    deprecated, no warning); on any other page it is still a warning (nothing acts on it)."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    page = repo / "api" / "get-order.mdx"
    page.write_text(page.read_text().replace("---\n", "---\ndeprecated: true\n", 1))
    home = repo / "index.mdx"
    home.write_text(home.read_text().replace("---\n", "---\ndeprecated: true\n", 1))
    report = build(load_project(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    said = [(p.pos.path, p.message) for p in report.problems if "deprecat" in p.message]
    assert [Path(path).name for path, _ in said] == ["index.mdx"], said
    html = (tmp_path / "out" / "inkwell" / "api" / "get-order.html").read_text()
    assert "This endpoint is deprecated." in html
    other = (tmp_path / "out" / "inkwell" / "api-reference/orders/place-an-order.html").read_text()
    assert "This endpoint is deprecated." not in other
