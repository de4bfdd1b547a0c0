"""Inline components in prose, table cells and raw HTML; fence meta; embeds and the CSP."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bs4 import BeautifulSoup

from renderer.config.schema import Brand
from renderer.core import model as m
from renderer.parse.embeds import EmbedUse, embed_allowed, embeds_for, page_embeds, video_allowed
from renderer.render.code import code_html, fence_meta
from renderer.render.headers import csp, headers_file
from renderer.render.sanitize import inline_html, markdown

from .test_components import S, comp, para, render

ICON = '<Icon icon="check" />'
BRAND = Brand("b", "B", "B Docs", "https://docs.b.example", False, (), Path("/nonexistent"))


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_inline_components_in_a_paragraph() -> None:
    html = render(
        para(f'Supported {ICON}, a <Tooltip tip="Single sign-on">**SSO**</Tooltip> and '
             '<Badge color="green">New</Badge> but `<Icon icon="x" />` is code.')
    )  # fmt: skip
    doc = soup(html)
    assert doc.select_one("p > .hd-icon-wrap[role=img]")["aria-label"] == "check"
    assert doc.select_one(".hd-tooltip-term strong").get_text() == "SSO"
    assert doc.select_one("[role=tooltip]").get_text() == "Single sign-on"
    assert doc.select_one(".hd-badge--green").get_text() == "New"
    assert doc.select_one("code").get_text() == '<Icon icon="x" />'


def test_inline_icon_in_a_markdown_table_cell() -> None:
    html = render(m.MarkdownBlock(f"| Feature | Free |\n| --- | --- |\n| SSO | {ICON} |\n", S))
    cells = soup(html).select("td")
    assert "<td></td>" not in html
    assert cells[1].select_one("svg use")["href"] == "/assets/icons.svg#fa-solid-check"


def test_inline_icon_in_a_raw_html_block() -> None:
    html = render(
        m.HtmlBlock(
            f'<table><tr><td>{ICON}</td><td><Tooltip tip="t">w {ICON}</Tooltip></td></tr></table>',
            S,
        )
    )
    assert "<td></td>" not in html
    doc = soup(html)
    assert doc.select_one("td .hd-icon-wrap") is not None
    assert doc.select_one("td .hd-tooltip-term .hd-icon-wrap") is not None  # nested


def test_placeholders_cannot_be_forged_or_land_in_attributes() -> None:
    forged = "\ue0000\ue001\ue0001\ue001"
    html = render(para(f"{forged} {ICON}"), m.HtmlBlock(f'<p title="{ICON}">{forged}</p>', S))
    assert html.count("hd-icon-wrap") == 1
    assert "\ue000" not in html and "\ue001" not in html
    assert soup(html).select("p")[1]["title"] == ""  # a tag inside an attribute stays out


def test_unknown_or_broken_tags_are_not_components() -> None:
    html = render(para('A <Icon icon={foo} /> and <Unknown x="1" /> here'))
    assert "hd-icon" not in html and "Unknown" not in html
    assert "&lt;Icon icon={foo} /&gt;" in html  # left visible for the parser to report
    raw = render(m.HtmlBlock("<div><Icon icon={foo} /></div>", S))
    assert "&lt;Icon icon={foo} /&gt;" in raw and "hd-icon" not in raw


def test_fast_path_hands_components_to_markdown_it() -> None:
    for text in (f"a {ICON} b", "x <Tooltip tip='y'>z</Tooltip>", "</Badge>"):
        assert inline_html(text) == markdown().renderInline(text)


def test_fence_meta() -> None:
    meta = fence_meta('python title="app.py" {1,3-4} theme={null}')
    assert (meta.lang, meta.title, meta.lines) == ("python", "app.py", frozenset({1, 3, 4}))
    assert fence_meta("javascript index.js lines").title == "index.js"
    assert fence_meta("ts highlight={2}").lines == frozenset({2})
    assert fence_meta("bash {9-1}").lines == frozenset()
    plain = m.CodeBlock("python", "x = 1\n", S)
    assert soup(code_html(plain)).select_one("pre code.language-python").get_text() == "x = 1"
    titled = soup(code_html(m.CodeBlock('js title="a<b>.js" {2}', "a\n<b>\nc\n", S)))
    assert titled.figcaption.get_text() == "a<b>.js"
    assert [s.get_text() for s in titled.select(".hd-line--hl")] == ["<b>"]
    assert titled.code["class"] == ["language-js"]
    assert " style=" not in str(titled)
    mermaid = soup(code_html(m.CodeBlock("mermaid", "graph TD; A-->B\n", S)))
    assert mermaid.figure["class"] == ["hd-mermaid"]
    assert mermaid.select_one("pre code.language-mermaid").get_text() == "graph TD; A-->B"


def test_allowlisted_iframes_render_and_others_do_not() -> None:
    yt = '<iframe src="https://www.youtube.com/embed/abc" title="Demo" allowFullScreen></iframe>'
    html = render(m.HtmlBlock(yt, S), para('<iframe src="https://evil.example/x"></iframe>'))
    frames = soup(html).select("iframe")
    assert len(frames) == 1 and frames[0]["src"] == "https://www.youtube.com/embed/abc"
    assert frames[0]["title"] == "Demo" and frames[0].has_attr("allowfullscreen")
    assert "sandbox" in frames[0].attrs
    assert "evil.example is not an allowed embed host" in html
    assert embed_allowed("https://player.vimeo.com/video/1", BRAND)
    for bad in (
        "http://www.youtube.com/embed/x",
        "https://www.youtube.com.evil.example/x",
        "https://user@www.youtube.com/x",
        "javascript:alert(1)",
        "https://fast.wistia.net/x",
    ):
        assert not embed_allowed(bad, BRAND), bad
    extended = replace(BRAND, embed_hosts=("fast.wistia.net",))
    assert embed_allowed("https://fast.wistia.net/embed/1", extended)


def test_video_maps_jsx_spellings_and_always_has_controls() -> None:
    html = render(
        m.HtmlBlock(
            '<video autoPlay muted loop playsInline poster="/p.png" src="/demo.mp4"></video>', S
        ),
        m.HtmlBlock('<video><source src="http://plain.example/v.mp4" type="video/mp4"></video>', S),
    )
    video = soup(html).select_one("video")
    for attr in ("controls", "autoplay", "muted", "loop", "playsinline"):
        assert video.has_attr(attr), attr
    assert video["poster"] == "/p.png" and video.source["src"] == "/demo.mp4"
    assert len(soup(html).select("video")) == 1
    assert video_allowed("/a.mp4", BRAND) and video_allowed("https://cdn.example.com/a", BRAND)
    for bad in ("http://cdn.example.com/a", "javascript:x", "https://user@cdn.example.com/a"):
        assert not video_allowed(bad, BRAND), bad


def test_csp_widens_only_for_embeds_in_use() -> None:
    assert "frame-src" not in csp(BRAND) and "media-src" not in csp(BRAND)
    assert csp(BRAND, EmbedUse()) == csp(BRAND)
    blocks = (
        m.HtmlBlock('<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>', S),
        m.HtmlBlock('<iframe src="https://evil.example/x"></iframe>', S),
        para('<video src="/v.mp4"></video>'),
        m.HtmlBlock('<video src="https://cdn.example.com/a/v.mp4" controls></video>', S),
    )
    use = page_embeds(blocks, embeds_for(BRAND))
    media = frozenset({"'self'", "https://cdn.example.com"})
    assert use == EmbedUse(frozenset({"https://www.youtube-nocookie.com"}), media)
    policy = csp(BRAND, use)
    assert "; frame-src https://www.youtube-nocookie.com" in policy
    assert "; media-src 'self' https://cdn.example.com" in policy and "evil" not in policy
    assert "frame-src https://www.youtube-nocookie.com" in headers_file(BRAND, use)
    assert page_embeds((para("no embeds"), comp("Card", {"title": "x"})), embeds_for(BRAND)) == (
        EmbedUse()
    )


def test_adding_an_embed_rebuilds_fully_and_widens_the_headers(project: Path) -> None:
    from renderer.build import build
    from renderer.config.mkdocs_yml import load_config

    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    assert "frame-src" not in (out / "stackone/_headers").read_text()
    guide = project / "guides/leapsome/link-account/scim-api-token.mdx"
    iframe = '<iframe src="https://www.youtube.com/embed/x" title="Tour"></iframe>'
    guide.write_text(
        guide.read_text().replace("with an admin user.", f"with an admin user.\n\n{iframe}\n", 1)
    )
    report = build(load_config(cfg), out=out, jobs=1)
    assert report.mode == "full"  # a full build: `_headers` lists every page's embeds
    for brand in ("stackone", "acme", "northwind"):
        assert "frame-src https://www.youtube.com" in (out / brand / "_headers").read_text()
    page = out / "stackone/connectors/leapsome/guides/link-account/scim-api-token.html"
    assert 'src="https://www.youtube.com/embed/x"' in page.read_text()


def test_deep_nesting_is_bounded_and_ids_differ_per_paragraph() -> None:
    deep = '<Tooltip tip="t">' * 300 + "x" + "</Tooltip>" * 300
    html = render(para(deep), m.HtmlBlock(f"<div>{deep}</div>", S))
    assert html.count('role="tooltip"') <= 2 * 10
    two = soup(
        render(para('<Tooltip tip="a">w</Tooltip> one'), para('<Tooltip tip="a">w</Tooltip> two'))
    )
    ids = [t["id"] for t in two.select("[role=tooltip]")]
    assert len(set(ids)) == 2


def test_clean_twin_of_a_table_with_icons() -> None:
    from renderer.render.twin import clean_blocks

    table = m.MarkdownBlock(f"| a | b |\n| --- | --- |\n| SSO | {ICON} |\n", S)
    assert clean_blocks((table,)) == "| a | b |\n| --- | --- |\n| SSO | ✓ |\n"
