"""The inline fast path must give exactly what markdown-it gives, for any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from renderer.render.sanitize import inline_html, markdown

PIECES = st.sampled_from(
    [
        "word", " ", "  ", "Settings → Portal", "<code>", "</code>", "<strong>", "</strong>",
        '<a href="/x">', '<a href="https://e.com/a?b=c">', "</a>", "<br>", "<br/>", "<br />",
        '<img src="a.png" alt="b">', "<span class='k'>", "</span>", "<", ">", '"', "'", ":",
        "@", ".", "/", "-", "<https://e.com>", "<me@e.com>", "<a:b>", "<!-- c -->", "<?x?>",
        "< b>", "<1>", "<a title=\"x>y\">", "*", "_", "`", "[", "]", "!", "\\", "&", "&amp;",
        "~", "\n", "é", "\t", "<-", "a<b", "x>", "<em>", "</em", "<p>", "<div class=\"a\">",
    ]
)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_fast_path_equals_markdown_it(text: str) -> None:
    assert inline_html(text) == markdown().renderInline(text)


def test_fast_path_on_guide_like_texts() -> None:
    for text in [
        "Use <code>consent</code> here.",
        "Go to <strong>Settings → Settings</strong>.",
        'Open the <a href="/guides/x#y">Linking Account Methods</a> page.',
        "  padded  ",
        "",
        '1 > 0 and "quoted"',
    ]:
        assert inline_html(text) == markdown().renderInline(text), text
