"""docs.json `contextual.options` as the page menu, in real Chromium under the strict CSP: the
menu opens and closes from the keyboard (Enter on its toggle, arrow keys between items, Escape
back to the toggle), "Copy page" puts the page's Markdown twin on the clipboard, the
assistants' links carry the page's Markdown URL and the MCP items the brand's server URL; no
CSP violation. Also: unknown options are located errors, unsupported ones warnings."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page, expect

from renderer.serve.server import State, make_server

from .test_jsonld_browser import VIOLATIONS

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "reader-code"
OPTIONS = [
    "copy",
    "view",
    "chatgpt",
    "claude",
    "perplexity",
    "mcp",
    "cursor",
    "vscode",
    {
        "title": "Ask the bot",
        "description": "Our own assistant",
        "icon": "robot",
        "href": {"base": "https://bot.example/ask", "query": [{"key": "u", "value": "$page"}]},
    },
]


def _project(tmp: Path, options: list) -> Path:
    project = tmp / "docs"
    shutil.copytree(FIXTURE, project)
    config = json.loads((project / "docs.json").read_text())
    config["seo"] = {"metatags": {"canonical": "https://docs.code.example"}}
    config["contextual"] = {"options": options}
    (project / "docs.json").write_text(json.dumps(config, indent=1))
    return project / "docs.json"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    from renderer.build import build
    from renderer.commands.project import load_project

    tmp = tmp_path_factory.mktemp("contextual")
    cfg = load_project(_project(tmp, OPTIONS))
    out = tmp / "site"
    build(cfg, out=out, jobs=1)
    root = out / "code-fixture"
    state = State(root, cfg.brand("code-fixture"), None, log=open(tmp / "log", "a"))  # noqa: SIM115
    server = make_server("127.0.0.1", 0, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()
    state.log.close()


def test_the_menu_works_from_the_keyboard_and_copies_the_page(
    page: Page, served: tuple[str, Path]
) -> None:
    base, root = served
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.add_init_script(VIOLATIONS)
    response = page.goto(f"{base}/code")
    assert (
        response is not None and "unsafe-inline" not in response.headers["content-security-policy"]
    )
    menu = page.locator("details.hd-context")
    toggle = menu.locator("summary")
    items = menu.locator(".hd-context-item")
    expect(items).to_have_count(len(OPTIONS))
    expect(items.first).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    expect(items.first).to_be_visible()  # the copy item, enabled by contextual.js
    page.keyboard.press("ArrowDown")
    expect(items.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(items.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")  # "Copy page"
    expect(items.nth(0).locator(".hd-context-title")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == (root / "code.md").read_text()
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
    expect(toggle).to_be_focused()
    hrefs = {
        (items.nth(i).locator(".hd-context-title").text_content() or "").strip(): items.nth(
            i
        ).get_attribute("href")
        for i in range(len(OPTIONS))
    }
    md = "https://docs.code.example/code.md"
    for name in ("Open in ChatGPT", "Open in Claude", "Open in Perplexity", "Ask the bot"):
        assert md in unquote(hrefs[name] or ""), name
    assert hrefs["View as Markdown"] == "/code.md"
    assert "https://docs.code.example/mcp" in unquote(hrefs["Connect to VS Code"] or "")
    assert hrefs["Connect to Cursor"].startswith("cursor://anysphere.cursor-deeplink/mcp/install")
    mcp = menu.locator("[data-hd-copy-text]")
    assert mcp.get_attribute("data-hd-copy-text") == "https://docs.code.example/mcp"
    assert page.evaluate("window.__csp") == []
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors


def test_unknown_options_are_errors_and_unsupported_ones_warnings(tmp_path: Path) -> None:
    from renderer.commands.project import load_project
    from renderer.core.errors import GuideError

    with pytest.raises(GuideError) as err:
        load_project(_project(tmp_path / "a", ["copy", "chatgtp"]))
    [problem] = [p for p in err.value.problems if p.level == "error"]
    assert "unknown contextual option `chatgpt`" not in problem.message
    assert "`chatgtp`" in problem.message and "chatgpt" in problem.hint
    assert problem.pos.line > 1
    with pytest.raises(GuideError) as err:
        load_project(_project(tmp_path / "b", [{"title": "x", "href": "javascript:alert(1)"}]))
    assert "must be https" in str(err.value)
    cfg = load_project(_project(tmp_path / "c", ["copy", "assistant"]))
    assert [o[0] for o in cfg.brands[0].contextual] == ["copy"]
