"""Author styles under the strict CSP: `style={{…}}` and `style="…"` become content-hashed
classes of a generated stylesheet that the page links; Mintlify's utility classes come from the
theme's utilities.css; no page carries a `style` attribute; in Chromium the styles apply."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from renderer.render.style_classes import class_for, page_rules, styled, stylesheet

from .conftest import ROOT, run_cli

FIXTURE = ROOT / "tests/fixtures/every-component"
PAGE = """---
title: Styled
---

Intro.

<img className="rounded-md" style={{ margin: '0 auto', maxWidth: '60%' }} alt="Shot" src="/images/screenshot.png" />

<span style="color: rgb(200, 0, 0)">Red words</span>
"""


def test_one_declaration_set_is_one_class_everywhere() -> None:
    a = styled('<p style="margin: 0 auto">x</p>')
    b = styled('<p style="margin:0 auto;">y</p>')
    assert re.fullmatch(r'<p class="hd-s-[0-9a-f]{10}">x</p>', a), a
    assert a.split('"')[1] == b.split('"')[1], "the canonical form names the class"
    assert stylesheet({"hd-s-0000000000": "margin: 0 auto"}) == stylesheet(
        {"hd-s-0000000000": "margin: 0 auto"}
    )
    assert class_for("margin: 0 auto") != class_for("margin: 0")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("styled") / "site"
    shutil.copytree(FIXTURE, site)
    (site / "styled.mdx").write_text(PAGE)
    docs = (site / "docs.json").read_text().replace('"components"', '"components",\n"styled"', 1)
    (site / "docs.json").write_text(docs)
    out = site.parent / "out"
    proc = run_cli("build", "--config", str(site / "docs.json"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return next(p for p in out.iterdir() if p.is_dir())


def test_the_page_links_the_generated_stylesheet(built: Path) -> None:
    html = (built / "styled.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select("[style]"), "no inline style under the CSP"
    img = soup.select_one("article img[alt=Shot]")
    assert img is not None, "the screenshot is an image, not JSX printed as text"
    assert "rounded-md" in img["class"]
    (generated,) = [c for c in img["class"] if c.startswith("hd-s-")]
    link = soup.select_one('link[href^="/assets/hd-styles.css?v="]')
    assert link is not None
    css = (built / "assets/hd-styles.css").read_text()
    assert f".{generated} {{ margin:0 auto; max-width:60%; }}" in css, css
    assert "utilities.css" in html and ".rounded-md" in (built / "assets/utilities.css").read_text()
    assert "&lt;img" not in html and "className" not in html
    plain = (built / "index.html").read_text()
    assert "hd-styles.css" not in plain or page_rules(()) == {}


@pytest.fixture
def url(built: Path):  # noqa: ANN201
    """The built brand behind hubdocs' own server (its CSP headers included)."""
    from renderer.commands.project import load_project
    from renderer.serve.server import State, make_server

    cfg = load_project(built.parent.parent / "site/docs.json")
    server = make_server("127.0.0.1", 0, State(built, cfg.brands[0], None))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_styles_apply_in_chromium(url: str, page) -> None:  # noqa: ANN001
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{url}/styled")
    page.set_viewport_size({"width": 1280, "height": 800})
    box = page.eval_on_selector(
        "article img[alt=Shot]",
        "e => { const s = getComputedStyle(e); return [s.maxWidth, s.borderTopLeftRadius,"
        " s.marginLeft === s.marginRight]; }",
    )
    assert box[0] == "60%" and box[1] != "0px" and box[2] is True, box
    red = page.eval_on_selector("article p span", "e => getComputedStyle(e).color")
    assert red == "rgb(200, 0, 0)"
    assert not [e for e in errors if "Content Security Policy" in e], errors
