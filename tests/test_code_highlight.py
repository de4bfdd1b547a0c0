"""Code blocks: Pygments highlighting at build time (snapshots), Mintlify's meta (a table checked
against Mintlify's own parser), Shiki's in-code notations, unknown languages, and the contrast of
every token colour of both themes."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from pygments.token import Token

from renderer.core import model as m
from renderer.render.code import code_html, fence_meta, has_mermaid, notations, tab_label
from renderer.render.highlight import STYLES, MintDark, MintLight, highlight_lines, stylesheet

from .conftest import ROOT

S = m.Span(1, 2)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(str(html), "html.parser")


def code_of(info: str, code: str) -> str:
    """The inside of the block's `<code>`."""
    return str(soup(code_html(m.CodeBlock(info, code, S))).code.decode_contents())


# -- highlighting snapshots -----------------------------------------------------------------


def test_python_snapshot() -> None:
    assert code_of("python", 'def f(x):\n    return "a"  # note\n') == (
        '<span class="hd-line"><span class="tok-k">def</span> <span class="tok-nf">f</span>'
        '<span class="tok-p">(</span><span class="tok-n">x</span><span class="tok-p">):</span></span>\n'
        '<span class="hd-line">    <span class="tok-k">return</span> <span class="tok-s2">"a"</span>'
        '  <span class="tok-c1"># note</span></span>'
    )


def test_json_snapshot() -> None:
    assert code_of("json", '{"a": [1, true]}') == (
        '<span class="hd-line"><span class="tok-p">{</span><span class="tok-nt">"a"</span>'
        '<span class="tok-p">:</span> <span class="tok-p">[</span><span class="tok-mi">1</span>'
        '<span class="tok-p">,</span> <span class="tok-kc">true</span><span class="tok-p">]}</span></span>'
    )


def test_bash_snapshot() -> None:
    assert code_of("bash", 'echo "$HOME" # hi') == (
        '<span class="hd-line"><span class="tok-nb">echo</span> <span class="tok-s2">"</span>'
        '<span class="tok-nv">$HOME</span><span class="tok-s2">"</span> '
        '<span class="tok-c1"># hi</span></span>'
    )


def test_a_token_spanning_lines_is_cut_at_each_line_end() -> None:
    lines = highlight_lines('x = """a\nb"""\ny = 1', "python")
    assert len(lines) == 3
    for line in lines:  # every span closes on its own line
        assert line.count("<span") == line.count("</span>")
    assert '<span class="tok-s2">b&#34;&#34;&#34;</span>' in lines[1]


def test_shiki_language_names_map_to_pygments_lexers() -> None:
    samples = {
        "ts": "let a = 1",
        "tsx": "let a = 1",
        "jsx": "let a = 1",
        "sh": "echo $A",
        "shell": "echo $A",
        "zsh": "echo $A",
        "yml": "a: 1",
        "mdx": "# Title",
        "jsonc": '{"a": 1}',
        "dotenv": "A=$B",
        "go": "var a = 1",
        "golang": "var a = 1",
    }
    for lang, sample in samples.items():
        assert "tok-" in code_of(lang, sample), lang


def test_unknown_language_is_plain_escaped_text() -> None:
    html = code_html(m.CodeBlock("made-up-lang title=x", '<b> & "q"\nline 2\n', S))
    doc = soup(html)
    assert "tok-" not in str(html)
    assert doc.code["class"] == ["language-made-up-lang"]
    assert [s.get_text() for s in doc.select(".hd-line")] == ['<b> & "q"', "line 2"]
    assert code_of("", "x<y") == '<span class="hd-line">x&lt;y</span>'
    assert code_of("text", "a = 1") == '<span class="hd-line">a = 1</span>'


def test_the_code_text_is_kept_exactly() -> None:
    code = '\tif x:\n\n  \t y = "é" \\\n'
    for lang in ("python", "bash", "unknown", "json", "html"):
        doc = soup(code_html(m.CodeBlock(lang, code, S)))
        assert "\n".join(s.get_text() for s in doc.select(".hd-line")) == code[:-1], lang


def test_no_inline_styles_or_scripts() -> None:
    html = str(code_html(m.CodeBlock('python title="a" {1} lines wrap', "x = '<script>'\n", S)))
    assert " style=" not in html and "<script" not in html and "onclick" not in html


# -- meta ---------------------------------------------------------------------------------------

# The expected values are what Mintlify's own parser gives: `parseMetaString` of
# @mintlify/common 1.0.1211 (dist/mdx/plugins/rehype/rehypeCodeBlocks), run with node on each
# meta string. Columns: meta -> (title, highlight, focus, lines, wrap, expandable, icon, nocopy).
MINTLIFY_META = [
    (
        'title="app.py" {1,3-4} theme={null}',
        ("app.py", {1, 3, 4}, set(), None, None, None, "", None),
    ),
    ("index.js lines", ("index.js", set(), set(), True, None, None, "", None)),
    ("highlight={2}", ("", {2}, set(), None, None, None, "", None)),
    ("{9-1}", ("", set(), set(), None, None, None, "", None)),
    (
        "HelloWorld.java example icon=java lines wrap",
        ("HelloWorld.java example", set(), set(), True, True, None, "java", None),
    ),
    ("title='a b' focus=2,4 nocopy", ("a b", set(), {2, 4}, None, None, None, "", True)),
    ('[expandable] highlight="1,3" {5}', ("", {1, 3, 5}, set(), None, None, True, "", None)),
    (
        'lines=false wrap="true" icon="square-js"',
        ("", set(), set(), False, True, None, "square-js", None),
    ),
    ("Title With Spaces {2} lines", ("Title With Spaces", {2}, set(), True, None, None, "", None)),
    ("Lines=true WRAP", ("Lines=true WRAP", set(), set(), True, True, None, "", None)),
    ('title="" rest words', ("rest words", set(), set(), None, None, None, "", None)),
    ('title="a \\" b" x', ('a " b', set(), set(), None, None, None, "", None)),
    ("expandable=false [expandable]", ("", set(), set(), None, None, True, "", None)),
    ('focus={1-2} focus="4" highlight=3-4', ("", {3, 4}, {1, 2, 4}, None, None, None, "", None)),
    ('nocopy="false"', ("", set(), set(), None, None, None, "", False)),
    (
        'icon="python" title="main.py" twoslash',
        ("main.py", set(), set(), None, None, None, "python", None),
    ),
    ("/regex/ file.ts", ("file.ts", set(), set(), None, None, None, "", None)),
    ("hello=world title", ("hello=world", set(), set(), None, None, None, "", None)),
    ('a="1" b c="2"', ("b", set(), set(), None, None, None, "", None)),
    ("{1, 3 - 4}", ("", {1, 3, 4}, set(), None, None, None, "", None)),
]


@pytest.mark.parametrize(("meta", "want"), MINTLIFY_META, ids=[m for m, _ in MINTLIFY_META])
def test_meta_is_parsed_as_mintlify_parses_it(meta: str, want: tuple) -> None:
    got = fence_meta(f"python {meta}")
    title, hl, focus, lines, wrap, expandable, icon, nocopy = want
    assert got.lang == "python"
    assert got.title == title
    assert got.lines == frozenset(hl)
    assert got.focus == frozenset(focus)
    assert got.line_numbers is bool(lines)
    assert got.wrap is bool(wrap)
    assert got.expandable is bool(expandable)
    assert got.icon == icon
    assert got.nocopy is bool(nocopy)


def test_lang_option_nocopy_language_and_ignored_options() -> None:
    assert fence_meta('text lang="ts"').lang == "ts"
    bare = fence_meta("nocopy")
    assert (bare.lang, bare.nocopy) == ("text", True)
    themed = fence_meta('js theme="dracula" twoslash')
    assert (themed.theme, themed.twoslash, themed.title) == ("dracula", True, "")
    assert fence_meta("js {1-100000000}").lines == frozenset()  # a typo allocates nothing


def test_meta_shapes_the_block() -> None:
    html = code_html(
        m.CodeBlock('python title="main.py" {2} focus={3} lines wrap expandable', "a\nb\nc\n", S)
    )
    doc = soup(html)
    assert doc.figure["class"] == [
        "hd-code",
        "hd-code--lines",
        "hd-code--wrap",
        "hd-code--focus",
        "hd-code--expandable",
    ]
    assert doc.select_one(".hd-code-title").get_text() == "main.py"
    assert [s["class"] for s in doc.select(".hd-line")] == [
        ["hd-line"],
        ["hd-line", "hd-line--hl"],
        ["hd-line", "hd-line--focus"],
    ]
    button = doc.select_one("button.hd-code-copy")
    assert button.has_attr("hidden") and button.has_attr("data-hd-copy-code")  # JS shows it
    assert doc.pre["tabindex"] == "0"  # a scrolling block is reachable by keyboard
    nocopy = soup(code_html(m.CodeBlock("python nocopy", "a\n", S)))
    assert nocopy.select_one("button") is None


def test_meta_icon_is_drawn_by_the_site_icon_set() -> None:
    from renderer.render.icon_set import IconSet

    icons = IconSet("fontawesome")
    html = code_html(m.CodeBlock('java title="Hello.java" icon="java"', "x\n", S), icon=icons.html)
    assert 'href="/assets/icons.svg#fa-brands-java"' in str(html)
    no_set = code_html(m.CodeBlock('java title="Hello.java" icon="java"', "x\n", S))
    assert "<svg" not in str(no_set)


def test_group_titles_and_tab_labels() -> None:
    assert tab_label(fence_meta("python main.py"), "", 0) == "main.py"
    assert tab_label(fence_meta("python"), "", 0) == "python"
    assert tab_label(fence_meta(""), "Request", 0) == "Request"
    assert tab_label(fence_meta(""), "Request", 1) == "Request 2"
    assert tab_label(fence_meta(""), "", 2) == "Example 3"
    inside = soup(code_html(m.CodeBlock("python main.py", "x\n", S), with_title=False))
    assert inside.figcaption is None


# -- in-code notations ---------------------------------------------------------------------------


def test_shiki_notations_mark_lines_and_leave_the_code() -> None:
    got = notations(
        "a = 1 // [!code ++]\n"
        "// [!code focus:2]\n"
        "b\n"
        "c\n"
        "d # [!code --] keep this\n"
        "<div/> <!-- [!code hl] -->\n"
        "e /* [!code highlight] */"
    )
    assert got.code == "a = 1\nb\nc\nd # keep this\n<div/>\ne"
    assert got.classes == {
        1: {"hd-line--add"},
        2: {"hd-line--focus"},
        3: {"hd-line--focus"},
        4: {"hd-line--remove"},
        5: {"hd-line--hl"},
        6: {"hd-line--hl"},
    }
    assert notations('url = "a#b" # [!code ++:2]\nx\ny').classes == {
        1: {"hd-line--add"},
        2: {"hd-line--add"},
    }
    plain = "no notation // here"
    assert notations(plain).code == plain and not notations(plain).classes


def test_notations_in_a_rendered_block() -> None:
    doc = soup(
        code_html(m.CodeBlock("js", "let a = 1; // [!code --]\nlet a = 2; // [!code ++]\n", S))
    )
    assert [s["class"][1] for s in doc.select(".hd-line")] == ["hd-line--remove", "hd-line--add"]
    assert "[!code" not in doc.get_text()


# -- Mermaid ------------------------------------------------------------------------------------


def test_mermaid_fence_is_a_diagram_with_its_source_as_fallback() -> None:
    b = m.CodeBlock("mermaid", "graph TD\n  A --> B<C>\n", S)
    doc = soup(code_html(b))
    fig = doc.select_one("figure.hd-mermaid[data-hd-mermaid]")
    assert fig.select_one("pre code.language-mermaid").get_text() == "graph TD\n  A --> B<C>"
    assert "tok-" not in str(fig) and "hd-code-copy" not in str(fig)
    assert has_mermaid((b,)) and not has_mermaid((m.CodeBlock("python", "x", S),))
    nested = m.Component("Tabs", (), (m.Component("Tab", (("title", "A"),), (b,), S),), S)
    assert has_mermaid((nested,))


# -- colours ------------------------------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_helper_matches_wcag() -> None:
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
def test_every_token_colour_is_aa_on_every_line_background(style: type) -> None:
    """Each token colour against the block, a highlighted/focused line and both diff lines (or
    against its own background when the token has one): at least 4.5:1."""
    line_backgrounds = [
        style.background_color,
        style.highlight_color,
        style.diff_add_color,
        style.diff_remove_color,
    ]
    failures = []
    checked = 0
    for ttype, s in style:
        if not s["color"]:
            continue
        backgrounds = ["#" + s["bgcolor"]] if s["bgcolor"] else line_backgrounds
        for bg in backgrounds:
            checked += 1
            ratio = contrast("#" + s["color"], bg)
            if ratio < 4.5:
                failures.append((str(ttype), "#" + s["color"], bg, round(ratio, 2)))
    for bg in line_backgrounds:  # line numbers too
        if contrast(style.line_number_color, bg) < 4.5:
            failures.append(("line numbers", style.line_number_color, bg))
    assert checked > 300
    assert not failures


def test_both_themes_style_the_same_token_properties() -> None:
    """A property set only in the light theme (bold, a background) would leak into dark mode."""
    for ttype in MintLight.styles:
        light, dark = MintLight.style_for_token(ttype), MintDark.style_for_token(ttype)
        for prop in ("bold", "italic", "underline"):
            assert light[prop] == dark[prop], (ttype, prop)
        assert bool(light["bgcolor"]) == bool(dark["bgcolor"]), ttype
    assert MintLight.styles[Token] and MintDark.styles[Token]


def test_stylesheet_is_the_committed_code_css() -> None:
    """`site_template/static/code.css` is generated: regenerate it with
    `python -c "from renderer.render.highlight import stylesheet; print(stylesheet(), end='')"`."""
    committed = (ROOT / "site_template" / "static" / "code.css").read_text()
    assert committed == stylesheet()


def test_stylesheet_scopes_light_and_dark() -> None:
    css = stylesheet()
    assert ".hd-code .tok-k { color: #CF222E }" in css
    assert ':root[data-theme="dark"] .hd-code .tok-k { color: #569CD6 }' in css
    assert (
        '@media (prefers-color-scheme: dark) {\n  :root:not([data-theme="light"]) .hd-code' in css
    )
    assert "pre {" not in css and "linenos" not in css  # only scoped token rules
