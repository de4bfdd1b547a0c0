"""Mintlify components rendered from model values: structure, accessibility, hostile attributes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from renderer.core import model as m
from renderer.core.components import partial
from renderer.render.jsx_values import safe_url
from renderer.render.page_html import Components, jinja_env, render_body
from renderer.render.twin import clean_blocks

from .conftest import ROOT

S = m.Span(1, 2)
HOSTILE = "\"><script>alert(1)</script><img src=x onerror=alert(2)>'`"
JS_URL = "javascript:alert(1)"
NAMES = [
    "Tabs",
    "Tab",
    "CodeGroup",
    "Accordion",
    "AccordionGroup",
    "Expandable",
    "Card",
    "CardGroup",
    "Columns",
    "Column",
    "Frame",
    "Icon",
    "Tooltip",
    "Badge",
    "Update",
    "ParamField",
    "ResponseField",
    "Tree",
    "Tree.Folder",
    "Tree.File",
    "Tile",
    "Banner",
    "Callout",
    "Color",
    "Color.Item",
    "Color.Row",
    "Prompt",
    "RequestExample",
    "ResponseExample",
    "View",
    "Visibility",
]


def comp(name: str, attrs: dict[str, Any] | None = None, *body: m.Block, line: int = 1):
    return m.Component(name, tuple((attrs or {}).items()), tuple(body), m.Span(line, line + 1))


def para(text: str) -> m.Paragraph:
    return m.Paragraph(text, S)


def render(*blocks: m.Block) -> str:
    env = jinja_env([str(ROOT / "site_template")])
    guide = m.Guide("x.mdx", "/x", "page", "T", "", tuple(blocks), "", 1)
    return str(render_body(Components(env), guide))


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_every_component_has_a_partial() -> None:
    for name in NAMES:
        assert (ROOT / "site_template" / partial(name)).is_file(), name
    assert partial("Tree.Folder") == "components/mintlify/tree-folder.html"
    assert partial("CodeGroup") == "components/mintlify/code-group.html"


@pytest.mark.parametrize("name", NAMES)
def test_hostile_attribute_values_stay_text_in_every_partial(name: str) -> None:
    attrs = {
        k: HOSTILE
        for k in [
            "title",
            "tip",
            "headline",
            "cta",
            "label",
            "description",
            "caption",
            "hint",
            "name",
            "type",
            "path",
            "query",
            "body",
            "header",
            "default",
            "icon",
            "color",
            "size",
            "shape",
            "variant",
            "value",
            "tags",
        ]
    }
    attrs |= {"href": JS_URL, "img": JS_URL, "tags": (HOSTILE,), "cols": HOSTILE}
    inner = comp(name, attrs, para("inner <b>text</b>"), line=3)
    html = render(comp(name, attrs, para("body text"), inner, m.CodeBlock("js", "x\n", S)))
    doc = soup(html)
    assert not doc.find_all(["script", "iframe", "object"]), html
    for el in doc.find_all(True):
        for attr, value in el.attrs.items():
            assert not attr.startswith("on"), (el, attr)
            text = " ".join(value) if isinstance(value, list) else value
            assert "javascript:" not in text.lower(), (el, attr)
            assert "<" not in text or attr in ("aria-label",), (el, attr, text)
    assert " style=" not in html
    if name not in ("Icon", "Tree.File", "Color.Item"):  # these have no body
        assert "body text" in html
    first = doc.find(True) if name not in ("Icon", "Tooltip", "Badge") else doc.p.find(True)
    assert first["class"][0].startswith("hd-"), (name, html)  # the partial made the outer element


def test_tabs_stack_with_titles_and_have_a_hidden_tablist() -> None:
    html = render(
        comp("Tabs", {}, comp("Tab", {"title": "npm"}, para("one")), comp("Tab", {"title": "pnpm"}))
    )
    doc = soup(html)
    tablist = doc.select_one("[role=tablist]")
    assert tablist is not None and tablist.has_attr("hidden")  # shown by mintlify.js only
    tabs = doc.select("[role=tab]")
    assert [t.get_text() for t in tabs] == ["npm", "pnpm"]
    assert [t["aria-selected"] for t in tabs] == ["true", "false"]
    assert [t["tabindex"] for t in tabs] == ["0", "-1"]
    panels = doc.select(".hd-tabpanel")
    assert [p["id"] for p in panels] == [t["aria-controls"] for t in tabs]
    assert [p.select_one(".hd-tabpanel-title").get_text() for p in panels] == ["npm", "pnpm"]
    assert not any(p.has_attr("hidden") for p in panels)


def test_code_group_takes_titles_from_fence_meta() -> None:
    group = comp(
        "CodeGroup",
        {},
        m.CodeBlock('python title="app.py" {2}', "a\nb\n", S),
        m.CodeBlock("bash install.sh theme={null}", "npm i\n", S),
        m.CodeBlock("ruby", "puts 1\n", S),
    )
    doc = soup(render(group))
    assert [t.get_text() for t in doc.select("[role=tab]")] == ["app.py", "install.sh", "ruby"]
    assert doc.select_one(".hd-line--hl").get_text() == "b"
    req = soup(render(comp("RequestExample", {}, m.CodeBlock("bash cURL", "curl x\n", S))))
    assert req.select_one("[role=group]")["aria-label"] == "Request examples"
    assert req.select_one(".hd-tabpanel-title").get_text() == "Request: cURL"


def test_accordion_is_native_details() -> None:
    doc = soup(render(comp("Accordion", {"title": "FAQ", "defaultOpen": True}, para("answer"))))
    details = doc.select_one("details.hd-accordion")
    assert details.has_attr("open")
    assert details.summary.get_text(strip=True) == "FAQ"
    closed = soup(render(comp("AccordionGroup", {}, comp("Accordion", {"title": "Q"}, para("a")))))
    assert not closed.select_one("details").has_attr("open")
    exp = soup(render(comp("Expandable", {"title": "properties"}, para("x"))))
    assert exp.select_one("details summary").get_text(strip=True) == "properties"


def test_card_links_validate_urls_and_groups_map_cols_to_classes() -> None:
    cards = comp(
        "CardGroup",
        {"cols": 2},
        comp("Card", {"title": "Docs", "icon": "book", "href": "/docs"}, para("Read")),
        comp("Card", {"title": "Bad", "href": JS_URL}),
        comp("Card", {"title": "Img", "img": "/a.png"}),
    )
    doc = soup(render(cards))
    assert "hd-cols-2" in doc.select_one(".hd-grid")["class"]
    links = doc.select("a.hd-card-link")
    assert [(a["href"], a.get_text()) for a in links] == [("/docs", "Docs")]
    assert doc.select_one(".hd-card img.hd-card-img")["src"] == "/a.png"
    assert doc.select_one(".hd-card use")["href"] == "/assets/icons.svg#fa-solid-book"
    assert "hd-cols-4" in soup(render(comp("Columns", {"cols": "9"}))).div["class"]
    assert "hd-cols-3" in soup(render(comp("Columns", {"cols": 3.0}))).div["class"]


def test_frame_update_fields_tree() -> None:
    doc = soup(render(comp("Frame", {"caption": "The *dashboard*"}, para("![x](/d.png)"))))
    assert doc.select_one("figure.hd-frame figcaption em").get_text() == "dashboard"
    up = soup(render(comp("Update", {"label": "v2.1 — May", "tags": ("API", "UI")}, para("New"))))
    section = up.select_one("section.hd-update")
    assert section["id"] == "v21-may"
    assert section.select_one("a")["href"] == "#v21-may"
    assert [li.get_text() for li in section.select(".hd-update-tags li")] == ["API", "UI"]
    pf = soup(
        render(comp("ParamField", {"path": "id", "type": "string", "required": True, "default": 3}))
    )
    head = pf.select_one(".hd-param-head").get_text(" ", strip=True)
    assert head == "id string path required default: 3"
    rf = soup(render(comp("ResponseField", {"name": "ok", "type": "bool", "deprecated": True})))
    assert rf.select_one(".hd-param-deprecated") is not None
    tree = comp(
        "Tree",
        {},
        comp(
            "Tree.Folder", {"name": "src", "defaultOpen": True}, comp("Tree.File", {"name": "a.py"})
        ),
        comp("Tree.Folder", {"name": "docs"}),
    )
    t = soup(render(tree))
    folders = t.select("li.hd-tree-folder > details")
    assert [f.has_attr("open") for f in folders] == [True, False]
    assert t.select_one("li.hd-tree-file").get_text(strip=True) == "a.py"


def test_tooltip_badge_icon_are_accessible() -> None:
    doc = soup(render(comp("Tooltip", {"tip": "Application key"}, para("API key"))))
    term = doc.select_one(".hd-tooltip-term")
    tip = doc.select_one("[role=tooltip]")
    assert term["tabindex"] == "0" and term["aria-describedby"] == tip["id"]
    assert tip.get_text() == "Application key"
    badge = soup(render(comp("Badge", {"color": "green", "shape": "pill"}, para("New")))).span
    assert badge["class"] == ["hd-badge", "hd-badge--green", "hd-badge--pill"]
    evil = soup(render(comp("Badge", {"color": "red hd-x"}, para("x")))).span
    assert evil["class"] == ["hd-badge", "hd-badge--gray"]
    icon = soup(render(comp("Icon", {"icon": "circle-check"}))).select_one(".hd-icon-wrap")
    assert icon["role"] == "img" and icon["aria-label"] == "circle check"


def test_icons_come_from_the_local_sprite_and_unknown_names_draw_nothing() -> None:
    html = render(comp("Icon", {"icon": "xmark"}))
    assert 'href="/assets/icons.svg#fa-solid-xmark"' in html
    html = render(comp("Icon", {"icon": "no-such-icon"}))
    assert "<use" not in html and "http" not in html  # no stand-in: tests/test_icons.py


def test_colors_use_svg_fill_with_validated_values() -> None:
    row = comp(
        "Color.Row",
        {"title": "Brand"},
        comp("Color.Item", {"name": "primary", "value": "#3B82F6"}),
        comp("Color.Item", {"name": "bad", "value": 'red" onload="x'}),
        comp("Color.Item", {"name": "mode", "value": m.FrozenMap(light="#fff", dark="#000")}),
    )
    doc = soup(render(comp("Color", {"variant": "table"}, row)))
    fills = [r["fill"] for r in doc.select("rect")]
    assert fills == ["#3B82F6", "#fff", "#000"]
    assert "light: #fff" in doc.get_text()


def test_prompt_is_copyable_and_view_visibility_render_their_body() -> None:
    doc = soup(render(comp("Prompt", {"description": "Ask"}, para("Write a test"))))
    button = doc.select_one("button[data-hd-copy]")
    assert button.has_attr("hidden")  # mintlify.js shows it where the clipboard works
    assert doc.find(id=button["data-hd-copy"]).get_text(strip=True) == "Write a test"
    for name in ("View", "Visibility", "Banner", "Column"):
        assert "inside" in render(comp(name, {}, para("inside"))), name


def test_safe_url() -> None:
    for bad in (JS_URL, " JavaScript:x", "data:text/html,x", "//evil.example", "vbscript:x", 3):
        assert safe_url(bad) == "", bad
    for good in ("/a", "https://e.com/x?y=1#z", "mailto:a@b.c", "#top", "guide/setup", "./x"):
        assert safe_url(good) == good


def test_clean_twin_flattens_components() -> None:
    blocks = (
        comp("Tabs", {}, comp("Tab", {"title": "One"}, para("first"))),
        comp("CodeGroup", {}, m.CodeBlock('js title="a.js"', "x\n", S)),
        comp("Accordion", {"title": "More"}, para("detail")),
        comp("CardGroup", {}, comp("Card", {"title": "Go", "href": "/go"}, para("Start"))),
        comp("ParamField", {"query": "limit", "type": "int", "required": True}, para("Max.")),
        comp("Update", {"label": "v1", "description": "May"}, para("Changed")),
        comp(
            "Tree",
            {},
            comp("Tree.Folder", {"name": "src"}, comp("Tree.File", {"name": "a.py"})),
        ),
        comp("Frame", {"caption": "Shot"}, para("![d](/d.png)")),
        para('Done <Icon icon="check" /> with <Tooltip tip="tip">term</Tooltip>'),
    )
    assert clean_blocks(blocks) == (
        "#### One\n\nfirst\n\n**a.js**\n\n```js\nx\n```\n\n**More**\n\ndetail\n\n"
        "- [Go](/go): Start\n\n- `limit` (int, required, query parameter): Max.\n\n"
        "## v1\n\n_May_\n\nChanged\n\n- src/\n  - a.py\n\n![d](/d.png)\n\n_Shot_\n\n"
        "Done ✓ with term (tip)"
    )


def test_golden_fixture_has_no_components(tmp_path: Path) -> None:
    """The golden builds stay byte-identical because the sample guides use none of this."""
    text = "".join(p.read_text() for p in (ROOT / "tests/fixtures/site").rglob("*.mdx"))
    assert not re.search(r"<(Tabs|Card|Accordion|Icon|iframe|video)\b", text)
