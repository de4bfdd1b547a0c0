"""A page of Mintlify components, rendered by the real SiteRenderer and theme, in real Chromium:
keyboard, no-JS reading, CSP (embeds widened only for their host), screenshots light and dark."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import Page, expect

from renderer.config.mkdocs_yml import load_config
from renderer.core import model as m
from renderer.parse.page import parse_file
from renderer.render.site import Parts, SiteRenderer
from renderer.serve.server import State, make_server
from renderer.vary.site import collect_site

from .conftest import ROOT

SHOTS = ROOT / "test-results" / "screenshots"
URL = "/components"
YOUTUBE = "https://www.youtube.com/embed/dQw4w9WgXcQ"


FIXTURE = ROOT / "tests" / "fixtures" / "mintlify"


def _page_model() -> m.Guide:
    """The page, parsed from MDX as an author writes it (snippet with props, `export const`,
    a JSX comment, inline components in a table)."""
    return parse_file("mintlify-components.mdx", str(FIXTURE / "components.mdx"), "components.mdx")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory):
    cfg = load_config(ROOT / "mkdocs.yml")
    brand = cfg.brand("stackone")
    guide = _page_model()
    site = collect_site([guide])
    renderer = SiteRenderer(cfg, brand)
    parts = Parts()
    root = tmp_path_factory.mktemp("mintlify-site")
    files = list(renderer.page_files(site, [guide], [], "faithful", parts))
    files += list(renderer.site_files(site, parts))
    for path, data in files:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    state = State(root, brand, None, log=open(root.parent / "log", "a"))  # noqa: SIM115
    assert "frame-src" not in state.default_csp  # serve takes the widened policy from _headers
    server = make_server("127.0.0.1", 0, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


def _stub_youtube(page: Page) -> None:
    page.route(
        "https://www.youtube.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<!doctype html><p>video</p>"
        ),
    )


def test_headers_widen_frame_src_for_youtube_only(site_url) -> None:
    _, root = site_url
    headers = (root / "_headers").read_text()
    assert "; frame-src https://www.youtube.com\n" in headers
    assert "media-src" not in headers
    html = (root / "components.html").read_text()
    assert "INTERNAL" not in html and "{/*" not in html
    twin = (root / "components.md").read_text()
    assert "INTERNAL" not in twin and "import Intro" not in twin
    assert "Mintlify's components" in twin
    assert "assets/mintlify.js" in html and " style=" not in html
    assert "assets/mintlify.js" not in (root / "index.html").read_text()


def test_tabs_with_arrow_keys_and_accordion_with_enter(page: Page, site_url) -> None:
    url, _ = site_url
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    _stub_youtube(page)
    page.goto(url + URL)
    tabs = page.locator(".hd-tabs:not(.hd-codegroup) [role=tab]")
    expect(tabs).to_have_count(3)
    tabs.first.focus()
    page.keyboard.press("ArrowRight")
    expect(tabs.nth(1)).to_be_focused()
    expect(tabs.nth(1)).to_have_attribute("aria-selected", "true")
    expect(page.get_by_text("Install with pnpm.")).to_be_visible()
    expect(page.get_by_text("Install with npm.")).to_be_hidden()
    page.keyboard.press("End")
    expect(tabs.nth(2)).to_be_focused()
    page.keyboard.press("ArrowRight")  # wraps around
    expect(tabs.first).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(tabs.nth(2)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Home")
    expect(tabs.first).to_have_attribute("tabindex", "0")
    expect(tabs.nth(2)).to_have_attribute("tabindex", "-1")
    panel = page.locator("#" + tabs.first.get_attribute("aria-controls"))
    expect(panel).to_have_attribute("role", "tabpanel")

    group = page.locator(".hd-codegroup [role=tab]")
    expect(group).to_have_text(["app.py", "install.sh"])
    group.first.focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text("pip install hub")).to_be_visible()

    summary = page.locator("summary", has_text="Is it free?")
    expect(page.get_by_text("Yes, it is free.")).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Yes, it is free.")).to_be_visible()

    term = page.locator(".hd-tooltip-term")
    term.focus()
    expect(page.get_by_role("tooltip")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("tooltip")).to_be_hidden()
    assert not problems, problems


def test_page_loads_icons_and_embed_under_the_csp(page: Page, site_url) -> None:
    url, _ = site_url
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: problems.append(msg.text) if msg.type in ("error", "warning") else None,
    )
    _stub_youtube(page)
    response = page.goto(url + URL)
    assert "frame-src https://www.youtube.com" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    frame = page.frame_locator("iframe[title='Product tour']")
    expect(frame.locator("p")).to_have_text("video")
    cells = page.locator("td .hd-icon-wrap[role=img]")
    expect(cells).to_have_count(4)
    box = cells.first.locator("svg").bounding_box()
    assert box and box["width"] > 4 and box["height"] > 4
    drawn = page.evaluate(
        "() => document.querySelector('td svg use').getBBox().width"
    )  # the sprite symbol really drew
    assert drawn > 0
    assert not problems, problems


def test_readable_without_javascript(browser, site_url) -> None:
    url, _ = site_url
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + URL)
    for text in ("Install with pnpm.", "Install with yarn.", "pip install hub"):
        expect(page.get_by_text(text)).to_be_visible()
    expect(page.locator(".hd-tabpanel-title", has_text="yarn")).to_be_visible()
    expect(page.locator("[role=tablist]").first).to_be_hidden()
    context.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_without_overflow(browser, site_url, width, height, scheme) -> None:
    url, _ = site_url
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    _stub_youtube(page)
    page.goto(url + URL)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / f"mintlify-components-{width}-{scheme}.png"), full_page=True)
    report = page.evaluate(
        """() => {
          const cards = [...document.querySelectorAll('.hd-grid > .hd-card')].map(c => c.getBoundingClientRect());
          return {
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            sameRow: cards.length === 2 && Math.abs(cards[0].top - cards[1].top) < 1,
            bg: getComputedStyle(document.body).backgroundColor,
          };
        }"""
    )
    assert report["overflow"] <= 0, report
    assert report["sameRow"] == (width > 640), report  # cols=2 on desktop, stacked on a phone
    dark = report["bg"] not in ("rgb(255, 255, 255)",)
    assert dark == (scheme == "dark"), report
    context.close()


def test_no_prose_word_is_lost_and_no_comment_published(site_url) -> None:
    from .prose import lost_words

    _, root = site_url
    source = (FIXTURE / "components.mdx").read_text()
    html = (root / "components.html").read_text()
    assert lost_words(source, html) == set()
    assert lost_words(source, html.replace("Reference.", "")) == {"reference"}  # it can fail
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"INTERNAL" not in data and b"{/*" not in data, path
