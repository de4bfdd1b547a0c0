"""Code blocks, icons and Mermaid in real Chromium, served by hubdocs' own server with the
site's real CSP (`default-src 'none'; script-src 'self'; style-src 'self'`, no 'unsafe-inline'):
the copy button copies (mouse and keyboard), dark mode recolours the tokens, the Mermaid page
draws SVG diagrams with 0 CSP violations (also after a theme switch), without JavaScript the
diagram source and the code are readable, and the icons come from the site's sprite."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from renderer.serve.server import State, make_server

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "reader-code"
SHOTS = ROOT / "test-results" / "screenshots"
VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    """The fixture site built by `hubdocs build` and served as `hubdocs serve` serves it."""
    from renderer.build import build
    from renderer.commands.project import load_project

    out = tmp_path_factory.mktemp("reader-code")
    cfg = load_project(FIXTURE / "docs.json")
    build(cfg, out=out, jobs=1)
    root = out / "code-fixture"
    state = State(root, cfg.brand("code-fixture"), None, log=open(out / "log", "a"))  # noqa: SIM115
    assert "unsafe-inline" not in state.csp and "style-src 'self'" in state.csp
    server = make_server("127.0.0.1", 0, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


def _open(page: Page, url: str) -> list[str]:
    """Go to `url`, recording console errors; CSP violations land in window.__csp."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(VIOLATIONS)
    response = page.goto(url)
    assert response is not None and response.ok
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "style-src 'self'" in csp
    return errors


def test_mermaid_draws_svg_with_no_csp_violation(page: Page, site: tuple[str, Path]) -> None:
    base, _ = site
    errors = _open(page, f"{base}/diagram")
    page.wait_for_selector("html[data-hd-mermaid=drawn]", timeout=60_000)
    figures = page.locator("figure.hd-mermaid")
    expect(figures).to_have_count(2)
    for i in range(2):
        fig = figures.nth(i)
        expect(fig).to_have_class("hd-mermaid hd-mermaid--drawn")
        expect(fig.locator(".hd-mermaid-svg svg")).to_have_count(1)
        expect(fig.locator(".hd-mermaid-src")).to_be_hidden()
    flow = figures.nth(0).locator("svg")
    box = flow.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 80
    assert "Start" in (flow.text_content() or "") and "Group" in (flow.text_content() or "")
    assert page.evaluate("window.__csp") == []
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
    # the node shapes are filled through CSSOM, not drawn as black blobs
    fill = page.evaluate(
        "getComputedStyle(document.querySelector('.hd-mermaid-svg .node rect, "
        ".hd-mermaid-svg .node polygon')).fill"
    )
    assert fill not in ("rgb(0, 0, 0)", "none"), fill
    # the patched DOM methods are put back once the diagrams are drawn
    assert page.evaluate("document.createElement('style') instanceof HTMLStyleElement")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "mermaid-light.png"), full_page=True)
    # dark mode redraws the diagrams in mermaid's dark theme, still within the CSP
    before = flow.inner_html()
    page.locator(".hd-theme-toggle").click()
    page.wait_for_function(
        "document.querySelector('.hd-mermaid-svg svg').id.startsWith('mmd-2-')", timeout=60_000
    )
    assert figures.nth(0).locator(".hd-mermaid-svg svg").inner_html() != before
    assert page.evaluate("window.__csp") == []
    page.screenshot(path=str(SHOTS / "mermaid-dark.png"), full_page=True)


def test_mermaid_scripts_load_only_on_pages_with_a_diagram(
    page: Page, site: tuple[str, Path]
) -> None:
    base, root = site
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.goto(f"{base}/code")
    page.wait_for_load_state("networkidle")
    assert not [s for s in scripts if "mermaid" in s]
    assert "mermaid" not in (root / "code.html").read_text()
    assert "mermaid.min.js" in (root / "diagram.html").read_text()


def test_without_javascript_the_diagram_source_and_code_are_readable(
    browser, site: tuple[str, Path]
) -> None:
    base, _ = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/diagram")
    src = page.locator("figure.hd-mermaid .hd-mermaid-src").first
    expect(src).to_be_visible()
    assert src.inner_text().startswith("flowchart LR")
    page.goto(f"{base}/code")
    expect(page.locator(".hd-code-copy").first).to_be_hidden()  # no dead button
    code = page.locator("figure.hd-code pre").first
    expect(code).to_be_visible()
    assert "def greet" in code.inner_text()
    context.close()


def test_copy_button_copies_the_code_with_mouse_and_keyboard(
    browser, site: tuple[str, Path]
) -> None:
    base, _ = site
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    _open(page, f"{base}/code")
    figure = page.locator("figure.hd-code").first
    button = figure.locator(".hd-code-copy")
    expect(button).to_be_visible()
    expect(button).to_have_accessible_name("Copy code")
    button.click()
    expect(button).to_have_text("Copied")
    expect(figure.locator("[role=status]")).to_have_text("Copied to clipboard")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == 'def greet(name: str) -> str:\n    return f"Hello, {name}"  # a comment'
    # keyboard: focus the second block's button and press Enter
    page.evaluate("navigator.clipboard.writeText('')")
    second = page.locator("figure.hd-code").nth(1).locator(".hd-code-copy")
    second.focus()
    page.keyboard.press("Enter")
    expect(second).to_have_text("Copied")
    # the notation comment is gone from the copied code, as from the page
    assert page.evaluate("navigator.clipboard.readText()") == (
        "const answer = 42;\nconsole.log(answer);"
    )
    # `nocopy` has no button; line numbers are not copied text
    assert page.locator("figure.hd-code--wrap .hd-code-copy").count() == 0
    assert "1" not in page.locator("figure.hd-code--lines .hd-line").first.inner_text()
    assert page.evaluate("window.__csp") == []
    context.close()


def _colour(page: Page, selector: str) -> str:
    return page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).color")


def test_token_colours_follow_the_theme(page: Page, site: tuple[str, Path]) -> None:
    base, _ = site
    page.emulate_media(color_scheme="light")
    _open(page, f"{base}/code")
    keyword = "figure.hd-code .tok-k"
    block = "figure.hd-code"
    assert _colour(page, keyword) == "rgb(207, 34, 46)"  # #cf222e
    assert page.evaluate(
        f"getComputedStyle(document.querySelector({block!r})).backgroundColor"
    ) == ("rgb(255, 255, 255)")
    highlighted = page.locator("figure.hd-code .hd-line--hl").first
    assert highlighted.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(238, 244, 251)"
    page.locator(".hd-theme-toggle").click()  # the reader's choice: dark
    assert _colour(page, keyword) == "rgb(86, 156, 214)"  # #569cd6
    assert page.evaluate(
        f"getComputedStyle(document.querySelector({block!r})).backgroundColor"
    ) == ("rgb(11, 12, 14)")
    page.screenshot(path=str(SHOTS / "code-dark.png"), full_page=True)
    # the system's dark mode, with no choice saved
    page.evaluate("localStorage.clear(); document.documentElement.removeAttribute('data-theme')")
    page.emulate_media(color_scheme="dark")
    assert _colour(page, keyword) == "rgb(86, 156, 214)"
    page.emulate_media(color_scheme="light")
    assert _colour(page, keyword) == "rgb(207, 34, 46)"


def test_code_group_tabs_and_dropdown(page: Page, site: tuple[str, Path]) -> None:
    base, _ = site
    _open(page, f"{base}/code")
    tabs = page.locator(".hd-codegroup[data-hd-tabs]").first
    expect(tabs.locator("[role=tab]")).to_have_text(["hello.py", "hello.js"])
    dropdown = page.locator(".hd-codegroup[data-hd-dropdown]")
    select = dropdown.locator("select")
    expect(select).to_be_visible()
    panels = dropdown.locator(".hd-tabpanel")
    expect(panels.nth(0)).to_be_visible()
    expect(panels.nth(1)).to_be_hidden()
    select.select_option(label="javascript")
    expect(panels.nth(1)).to_be_visible()
    expect(panels.nth(0)).to_be_hidden()
    assert page.evaluate("window.__csp") == []


def test_icons_draw_from_the_site_sprite(page: Page, site: tuple[str, Path]) -> None:
    base, _ = site
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    _open(page, f"{base}/code")
    icon = page.locator(".hd-icon-wrap svg.hd-icon").first
    box = icon.bounding_box()
    assert box is not None and box["width"] > 8
    # the <use> reached its symbol: the shadow tree has a size
    drawn = page.evaluate("document.querySelector('.hd-icon-wrap svg.hd-icon use').getBBox().width")
    assert drawn > 0
    assert all(r.startswith(base) for r in requests)  # no CDN
    assert page.evaluate("window.__csp") == []


def test_code_groups_with_the_same_labels_switch_together(
    page: Page, site: tuple[str, Path]
) -> None:
    base, _ = site
    _open(page, f"{base}/code")
    groups = page.locator(".hd-codegroup[data-hd-tabs]")
    expect(groups).to_have_count(2)
    groups.nth(0).get_by_role("tab", name="hello.js").click()
    expect(groups.nth(1).get_by_role("tab", name="hello.js")).to_have_attribute(
        "aria-selected", "true"
    )
    expect(groups.nth(1).locator(".hd-tabpanel").nth(1)).to_be_visible()
    groups.nth(1).get_by_role("tab", name="hello.py").press("Enter")  # keyboard: a click
    expect(groups.nth(0).get_by_role("tab", name="hello.py")).to_have_attribute(
        "aria-selected", "true"
    )
