"""Real Chromium against real `hubdocs serve` servers: scope selector, connect form, every page."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from renderer.parse.page import parse_guide

from .conftest import ROOT

SLACK = "/connectors/slack/guides/link-account/oauth-2-0"
LEAPSOME = "/connectors/leapsome/guides/link-account/scim-api-token"
SHOTS = ROOT / "test-results" / "screenshots"


def _visible_expected(selected: set[str]) -> list[bool]:
    """Which `.hd-step[data-guide-scopes]` elements should show, from the model."""
    guide = parse_guide(
        "guides/slack/link-account/oauth-2-0.mdx",
        (ROOT / "guides/slack/link-account/oauth-2-0.mdx").read_bytes(),
    )
    scopes = {s for a in guide.actions if a.id in selected for s in a.scopes}
    return scopes, guide


def _step_state(page: Page) -> list[tuple[str, bool]]:
    return page.eval_on_selector_all(
        ".hd-step[data-guide-scopes], [data-guide-section][data-guide-scopes]",
        "els => els.map(e => [e.getAttribute('data-guide-scopes'), !e.hidden])",
    )


def test_scope_selector_filters_and_shares(page: Page, served) -> None:
    site = served("stackone")
    page.goto(site.url + SLACK)
    state = _step_state(page)
    assert state and all(shown for _, shown in state)  # nothing ticked: everything shows
    page.get_by_label("List Users", exact=True).check()
    scopes, _ = _visible_expected({"slack_list_users"})
    filtered = _step_state(page)
    assert len(filtered) == len(state)
    for cond, shown in filtered:
        assert shown == bool(set(cond.split()) & scopes), cond
    assert any(not shown for _, shown in filtered) and any(shown for _, shown in filtered)
    expect(page.locator(".hd-ss-scopes")).to_have_text("users:read")
    assert page.url.endswith(SLACK + "?actions=slack_list_users")
    expect(page.locator(".hd-ss-url")).to_have_value(site.url + SLACK + "?actions=slack_list_users")
    # Grant lists show only the selected scopes, and "Enables actions" follows them.
    grant = page.locator(".hd-grant").first
    expect(grant.locator("li[data-scope='users:read']")).to_be_visible()
    expect(grant.locator("li[data-scope='chat:write']")).to_be_hidden()
    expect(grant.locator(".hd-enables-list")).to_contain_text("List Users")
    expect(grant.locator(".hd-enables-list")).not_to_contain_text("Send Message")

    # Reopening the shared URL restores the selection; unknown ids are ignored.
    page.goto(site.url + SLACK + "?actions=slack_list_users,nonexistent")
    expect(page.get_by_label("List Users", exact=True)).to_be_checked()
    assert _step_state(page) == filtered  # the same sections show as after ticking by hand
    page.locator(".hd-ss-clear").click()
    cleared = _step_state(page)
    assert len(cleared) == len(state) and all(shown for _, shown in cleared)


def test_scope_filter_box_narrows_the_table(page: Page, served) -> None:
    page.goto(served("stackone").url + SLACK)
    rows = page.locator(".hd-ss-table tbody tr")
    total = rows.count()
    assert total > 1
    page.get_by_label("Filter actions").fill("email")
    visible = page.locator(".hd-ss-table tbody tr:visible")
    assert 0 < visible.count() < total
    shown = page.eval_on_selector_all(
        ".hd-ss-table tbody tr", "rows => rows.map(r => [r.textContent.toLowerCase(), !r.hidden])"
    )
    for text, is_shown in shown:  # exactly the rows that mention the filter text
        assert is_shown == ("email" in text), (text, is_shown)


def test_without_javascript_every_section_shows(browser, served) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served("stackone").url + SLACK + "?actions=slack_list_users")
    counts = page.eval_on_selector_all(
        ".hd-step, .hd-section", "els => [els.length, els.filter(e => e.hidden).length]"
    )
    assert counts[0] > 0 and counts[1] == 0, counts
    context.close()


def test_connect_form_links_an_account(page: Page, served) -> None:
    site = served("stackone")
    page.goto(site.url + LEAPSOME)
    field = page.get_by_label("SCIM Authentication Token")
    assert field.get_attribute("type") == "password"
    assert field.get_attribute("autocomplete") == "new-password"
    field.fill("CANARY-secret-value-1234")
    page.get_by_role("button", name="Connect", exact=True).click()
    dialog = page.locator(".hd-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Leapsome account is now linked")
    account_id = re.search(r"acc_[0-9a-f]+", dialog.inner_text()).group(0)
    dialog.get_by_role("button", name="Close").click()
    page.goto(site.url + "/accounts")
    expect(page.locator(".hd-accounts-table")).to_contain_text(account_id)
    expect(page.locator(".hd-accounts-table")).to_contain_text("leapsome")
    assert "CANARY-secret-value-1234" not in page.content()
    assert b"CANARY-secret-value-1234" not in _db_bytes(site.db)
    assert "CANARY-secret" not in site.log.read_text()


def _db_bytes(db: Path) -> bytes:
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(FULL)")
    con.close()
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))


def test_missing_required_field_is_inline_and_sends_nothing(page: Page, served) -> None:
    site = served("stackone")
    page.goto(site.url + LEAPSOME)
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/api/" in r.url else None)
    page.get_by_role("button", name="Connect", exact=True).click()
    label = page.locator("label[for='hd-field-scim_authentication_token']")
    expect(label).to_have_text("SCIM Authentication Token *")  # marked required, not optional
    error = page.locator("#hd-error-scim_authentication_token")
    expect(error).to_have_text("SCIM Authentication Token is required.")
    assert error.get_attribute("aria-live") == "polite"
    expect(page.get_by_label("SCIM Authentication Token")).to_be_focused()
    assert sent == []


def test_wrong_token_shows_the_server_error(page: Page, served) -> None:
    site = served("stackone")
    page.route(
        "**/api/connect_sessions",
        lambda route: route.fulfill(
            status=201,
            content_type="application/json",
            body='{"token": "forged-token", "expires_at": "2099-01-01T00:00:00Z"}',
        ),
    )
    page.goto(site.url + LEAPSOME)
    page.get_by_label("SCIM Authentication Token").fill("whatever")
    page.get_by_role("button", name="Connect", exact=True).click()
    expect(page.locator(".hd-form-status")).to_have_text(
        "missing, expired or already used session token"
    )
    expect(page.get_by_role("button", name="Connect", exact=True)).to_be_enabled()


def test_keyboard_only_linking(page: Page, served) -> None:
    page.goto(served("stackone").url + LEAPSOME)
    page.get_by_label("SCIM Authentication Token").focus()
    page.keyboard.type("kbd-token")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Connect", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".hd-dialog")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".hd-dialog")).to_be_hidden()


@pytest.mark.parametrize("brand", ["acme", "northwind"])
def test_white_label_pages_show_no_hub_block(page: Page, served, brand: str) -> None:
    page.goto(served("stackone").url + LEAPSOME)  # the block is there on the branded site
    assert page.locator(".hd-hub-block").count() > 0
    assert "Linking the Account from the Hub" in page.content()
    page.goto(served(brand).url + LEAPSOME)
    expect(page.locator("h1")).to_contain_text("Connect Leapsome with SCIM API Token")
    assert page.locator(".hd-hub-block").count() == 0
    assert "Linking the Account from the Hub" not in page.content()
    assert "stackone" not in page.content().lower()


def _pages(root: Path) -> list[str]:
    out = []
    for p in sorted(root.rglob("*.html")):
        rel = p.relative_to(root).as_posix()[: -len(".html")]
        out.append("/" if rel == "index" else "/" + rel)
    return out


@pytest.mark.parametrize("brand", ["stackone", "acme", "northwind"])
def test_no_console_error_or_csp_violation_on_any_page(browser, served, brand: str) -> None:
    site = served(brand)
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    paths = _pages(site.root)
    assert len(paths) > 10
    for path in paths:
        page.goto(site.url + path)
        page.wait_for_load_state("networkidle")
        assert not problems, (path, problems)
    # CSP is really enforced: the header is there and an inline script is refused.
    response = page.goto(site.url + "/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__inlineRan = true;';
                   document.head.appendChild(s); }"""
    )
    page.wait_for_timeout(100)
    assert page.evaluate("window.__inlineRan === undefined")
    assert any("Content Security Policy" in p for p in problems), problems
    context.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_pages_render_styled_without_overlap(browser, served, width: int, height: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for brand in ("stackone", "acme"):
        site = served(brand)
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        paths = _pages(site.root)
        assert len(paths) > 10
        for path in paths:
            page.goto(site.url + path)
            name = f"{brand}{path.replace('/', '_') or '_index'}-{width}.png"
            page.screenshot(path=str(SHOTS / name), full_page=True)
            report = page.evaluate(
                """() => {
                  const r = (s) => { const e = document.querySelector(s); return e ? e.getBoundingClientRect() : null; };
                  const over = (a, b) => a && b && a.width && b.width && !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top);
                  return {
                    missing: ['.hd-brand', '.hd-top-nav', '.hd-theme-toggle', '.hd-main', '.hd-sidebar']
                      .filter((s) => !document.querySelector(s)),
                    styled: getComputedStyle(document.body).fontFamily.includes('system-ui'),
                    overflow: document.documentElement.scrollWidth - window.innerWidth,
                    brandNav: over(r('.hd-brand'), r('.hd-top-nav')),
                    navToggle: over(r('.hd-top-nav'), r('.hd-theme-toggle')),
                    mainSidebar: window.innerWidth > 800 && over(r('.hd-sidebar'), r('.hd-main')),
                  };
                }"""
            )
            assert report["missing"] == [], (brand, path, report["missing"])
            assert report["styled"], (brand, path)
            assert report["overflow"] <= 0, (brand, path, width, report)
            assert not report["brandNav"] and not report["navToggle"], (brand, path, width)
            assert not report["mainSidebar"], (brand, path, width)
        context.close()


def test_dark_mode_toggle_is_remembered(page: Page, served) -> None:
    site = served("stackone")
    page.goto(site.url + LEAPSOME)
    toggle = page.locator(".hd-theme-toggle")
    before = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle.click()
    after = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert before != after
    page.reload()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == after


def test_search_finds_a_guide_by_connector_and_auth(page: Page, served) -> None:
    site = served("stackone")
    page.goto(site.url + "/")
    page.keyboard.press("/")
    box = page.get_by_label("Search", exact=True)
    expect(box).to_be_focused()
    box.fill("leapsome scim")
    first = page.locator(".hd-search-results a").first
    expect(first).to_contain_text("Connect Leapsome with SCIM API Token")
    box.press("Enter")
    page.wait_for_url("**" + LEAPSOME)
    page.keyboard.press("Control+k")
    box.fill("Generate the SCIM Token")  # step text
    expect(page.locator(".hd-search-results a").first).to_contain_text("Leapsome")
    box.fill("zzzzqqq")
    expect(page.locator(".hd-search-status")).to_have_text("No results")


HOSTILE = '<img src=x onerror="window.__xss=1">'


def test_accounts_page_shows_hostile_values_as_text(page: Page, served) -> None:
    site = served("stackone")
    account = {"id": "acc_1", "provider": HOSTILE, "auth_method": "x", "status": "active",
               "created_at": "2026-01-01T00:00:00Z"}  # fmt: skip
    page.route(
        "**/api/accounts",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps({"accounts": [account]})
        ),
    )
    page.goto(site.url + "/accounts")
    table = page.locator(".hd-accounts-table")
    expect(table).to_be_visible()
    expect(table).to_contain_text(HOSTILE)
    assert table.locator("img").count() == 0
    assert page.evaluate("window.__xss === undefined")


JS_ONLY = [".hd-theme-toggle", ".hd-search-open", ".hd-copy-md", ".hd-ss-filter", ".hd-ss-summary"]


def test_script_only_controls_show_only_with_javascript(browser, served) -> None:
    """Buttons that need a script are hidden in the HTML and shown by the script."""
    site = served("stackone")
    for js in (False, True):
        context = browser.new_context(java_script_enabled=js)
        page = context.new_page()
        page.goto(site.url + SLACK)
        for selector in JS_ONLY:
            assert page.locator(selector).count() == 1, selector
            hidden = page.eval_on_selector(selector, "e => e.hidden")
            assert hidden is (not js), (selector, js)
        if not js:  # the accounts table waits for the script (it fills and shows it)
            page.goto(site.url + "/accounts")
            assert page.eval_on_selector(".hd-accounts-table", "e => e.hidden") is True
        context.close()


def test_connect_form_posts_and_keeps_secrets_out_of_urls(page: Page, served) -> None:
    site = served("stackone")
    requests: list[tuple[str, str]] = []
    page.on("request", lambda r: requests.append((r.method, r.url)))
    page.goto(site.url + LEAPSOME)
    form = page.locator("form.hd-connect-form")
    assert form.get_attribute("method") == "post"
    page.get_by_label("SCIM Authentication Token").fill("URL-CANARY-5678")
    page.get_by_role("button", name="Connect", exact=True).click()
    expect(page.locator(".hd-dialog")).to_be_visible()
    api = [(method, url) for method, url in requests if "/api/" in url]
    assert [m for m, _ in api] == ["POST", "POST"], api
    assert not [u for _, u in requests if "URL-CANARY" in u]
    assert "URL-CANARY" not in page.url
