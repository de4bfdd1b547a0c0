"""`renderer/render/sanitize.py`: the nh3 allowlists (tags, attributes, URL schemes), the attribute
filter, class names, and the Markdown renderer's settings."""

from __future__ import annotations

import pytest

from renderer.render.sanitize import (
    BLOCK_TAGS,
    INLINE_TAGS,
    clean_block,
    clean_class,
    clean_inline,
    inline_html,
    markdown,
)


@pytest.mark.parametrize("tag", sorted(INLINE_TAGS - {"a", "img", "br"}))
def test_inline_tags_are_kept(tag: str) -> None:
    assert clean_inline(f"<{tag}>x</{tag}>") == f"<{tag}>x</{tag}>"


@pytest.mark.parametrize("tag", ["p", "div", "h2", "ul", "blockquote", "table", "details"])
def test_block_tags_are_not_inline(tag: str) -> None:
    assert tag in BLOCK_TAGS
    assert clean_inline(f"<{tag}>x</{tag}>") == "x"


@pytest.mark.parametrize(
    "tag",
    ["script", "style", "iframe", "object", "embed", "template", "noscript", "textarea", "title",
     "math", "svg", "select", "frame", "frameset", "noembed", "xmp", "applet"],
)  # fmt: skip
def test_dangerous_tags_go_with_their_content(tag: str) -> None:
    # (embed and frame are void elements and a frameset is ignored inside a body: the text
    # after them is ordinary text there)
    want = "aSECRETb" if tag in ("embed", "frame", "frameset") else "ab"
    for clean in (clean_inline, clean_block):
        assert clean(f"a<{tag}>SECRET</{tag}>b") == want, (tag, clean)


def test_attributes_are_allowlisted_per_tag() -> None:
    assert clean_block('<p onclick="x" id="y" style="z">a</p>') == "<p>a</p>"
    assert (
        clean_block('<a href="/x" title="t" target="_blank" download>l</a>')
        == '<a href="/x" title="t" target="_blank" rel="noopener noreferrer">l</a>'
    )
    assert clean_block('<a href="/x" target="_top">l</a>') == (
        '<a href="/x" rel="noopener noreferrer">l</a>'
    )
    assert (
        clean_block('<img src="/a.png" alt="a" title="t" width="2" height="3" loading="lazy">')
        == '<img src="/a.png" alt="a" title="t" width="2" height="3">'
    )
    assert clean_block('<table><tr><td align="left" valign="top">t</td><th align="right">h</th>'
                       "</tr></table>") == (
        '<table><tbody><tr><td align="left">t</td><th align="right">h</th></tr></tbody></table>'
    )  # fmt: skip
    assert clean_block('<ol start="3" type="a"><li>x</li></ol>') == '<ol start="3"><li>x</li></ol>'
    assert clean_inline('<span class="language-x">s</span>') == "<span>s</span>"


def test_code_classes_only_name_a_language() -> None:
    assert (
        clean_inline('<code class="language-py">c</code>') == '<code class="language-py">c</code>'
    )
    assert clean_inline('<code class="language-c++">c</code>') == (
        '<code class="language-c++">c</code>'
    )
    assert clean_inline('<code class="language-Python">c</code>') == (
        '<code class="language-Python">c</code>'
    )
    assert clean_inline('<code class="evil">c</code>') == "<code>c</code>"
    assert clean_inline('<code class="language-py evil">c</code>') == "<code>c</code>"
    assert clean_inline(f'<code class="language-{"x" * 41}">c</code>') == "<code>c</code>"
    assert clean_inline(f'<code class="language-{"x" * 40}">c</code>') == (
        f'<code class="language-{"x" * 40}">c</code>'
    )


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://example.com/", True),
        ("http://example.com/", True),
        ("mailto:a@example.com", True),
        ("/root/relative", True),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("ftp://example.com/", False),
    ],
)
def test_url_schemes(href: str, kept: bool) -> None:
    out = clean_inline(f'<a href="{href}">l</a>')
    assert (f'href="{href}"' in out) is kept, out


def test_data_images_are_dropped_other_images_kept() -> None:
    assert clean_inline('<img src="data:image/png;base64,AAAA" alt="a">') == '<img alt="a">'
    assert clean_inline('<img src=" DATA:image/png;base64,AAAA" alt="a">') == '<img alt="a">'
    assert clean_inline('<img src="https://e.com/a.png">') == '<img src="https://e.com/a.png">'
    assert clean_inline('<a href="/data:x">l</a>') == (
        '<a href="/data:x" rel="noopener noreferrer">l</a>'
    )


def test_comments_are_stripped() -> None:
    assert clean_block("<p>a<!-- hidden -->b</p>") == "<p>ab</p>"


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("hd-box wide", "hd-box wide"),
        ("a_b-c 1", "a_b-c 1"),
        ("x" * 200, "x" * 200),
        ("x" * 201, ""),
        ("", ""),
        ("a;b", ""),
        ('a" onclick="x', ""),
        ("a\nb", ""),
    ],
)
def test_clean_class(value: str, want: str) -> None:
    assert clean_class(value) == want


def test_markdown_settings() -> None:
    md = markdown()
    assert md is markdown()  # built once
    out = md.render("    indented\n\n| a | b |\n|---|---|\n| c | d |\n\n<b>raw</b>\n")
    assert "<pre>" not in out and "<p>indented</p>" in out  # no indented code blocks
    assert "<table>" in out and "<td>c</td>" in out  # tables on
    assert "<b>raw</b>" in out  # raw HTML passes (sanitised afterwards)
    deep = "> " * 40 + "x"
    assert md.render(deep).count("<blockquote>") < 40  # nesting is capped


def test_inline_fast_path_matches_markdown_it_on_the_edges() -> None:
    for text in [
        "a < b",
        "<1> not a tag",
        "x <a:b> autolink",
        "<me@example.com>",
        "<b>unclosed",
        "tail <",
        "<b>bold</b> & <i>it</i>",
        "<em>x</em> > y",
        "<b><i>x</i></b>",
        '<a href="/x">l</a> <br/> done',
        "</b> first",
        "<B>caps</B>",
    ]:
        assert inline_html(text) == markdown().renderInline(text), text


def test_inline_fast_path_is_taken_only_when_it_may_be(monkeypatch) -> None:
    """The fast path is a performance promise (guides are mostly plain words and simple
    tags): it must answer those itself, and hand everything else to markdown-it."""
    md = markdown()
    real = md.renderInline
    calls: list[str] = []
    monkeypatch.setattr(md, "renderInline", lambda text, *a: calls.append(text) or real(text, *a))
    fast = [
        "Plain words only.",
        "Use <code>consent</code> here.",
        "Go to <strong>Settings → Portal</strong>.",
        '<a href="/guides/x#y">Linking</a> <br/> done',
        "</b> first",
        "<zz>last letter</zz>",
        "<a>b</a> and <b>c</b> and <i>d</i>",
        '1 > 0 and "quoted"',
        "<b>open",
    ]
    for text in fast:
        assert inline_html(text) == real(text), text
    assert calls == []
    slow = [
        "<Z>",  # a component name: inline components go through markdown-it
        "a < b",
        "x <1> y",
        "<a <b>",
        "x <https://e.com> y",
        "x <me@example.com> y",
        "x <a:b> y",
        "<!-- c -->",
        "*emph*",
        "a\nb",
        "tail <",
    ]
    for text in slow:
        assert inline_html(text) == real(text), text
    assert calls == slow


@pytest.mark.parametrize(
    "text, want",
    [
        (
            'Open <a href="https://x.example/a" target="_blank">[the console](https://x.example/a)'
            "</a> now.",
            'Open <a href="https://x.example/a" target="_blank" rel="noopener noreferrer">'
            "the console</a> now.",
        ),
        (  # a link after the raw one is its own link again
            '<A HREF="/a">[one](/a)</A> and [two](/b)',
            '<a href="/a" rel="noopener noreferrer">one</a> and '
            '<a href="/b" rel="noopener noreferrer">two</a>',
        ),
    ],
)
def test_a_markdown_link_inside_a_raw_link_is_one_link(text: str, want: str) -> None:
    """Published guides wrap `[text](url)` in `<a target="_blank">`: MDX shows one link; HTML
    cannot nest links, so without care the outer one comes out empty, then a second link."""
    html = clean_inline(inline_html(text))
    assert html == want
    assert html.count("<a ") == want.count("<a ")
