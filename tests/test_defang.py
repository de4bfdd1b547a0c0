"""`renderer/render/defang.py` case by case: what is suspicious, what defanging gives, which URLs are
dangerous (the twins' and llms files' defence in depth)."""

from __future__ import annotations

import pytest

from renderer.render.defang import _TAGS, dangerous_url, defang, suspicious

BENIGN = [
    "Plain words only.",
    "Use <code>consent</code> and <strong>Settings</strong> &amp; more.",
    "A [link](https://example.com/data/x) and 1 < 2 > 0.",
    "Some one=1 and button=2 and on=3, a=b.",
    "The data: field, and javascript without a colon.",
    "An email me@example.com: fine. A scriptwriter: fine. Metadata: fine.",
    "<p>A paragraph</p>\n<ul><li>item</li></ul>",
    "A quote &quot;here&quot; and &#x22;there&#x22; and &#39;x&#39; &lt;b&gt; &nbsp;",
    "<scripture>not a script</scripture> <stylesheet> <basement>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "xonclick=1 and _onload=2",
]


@pytest.mark.parametrize("text", BENIGN)
def test_benign_text_passes_byte_for_byte(text: str) -> None:
    assert not suspicious(text), text
    assert defang(text) is text or defang(text) == text


@pytest.mark.parametrize("tag", _TAGS.split("|"))
def test_every_script_ish_tag_is_suspicious(tag: str) -> None:
    for spelling in (f"<{tag}>", f"</{tag}>", f"< {tag} x>", f"<{tag.upper()}>", f"<x:{tag}>"):
        assert suspicious(f"before {spelling} after"), spelling


@pytest.mark.parametrize(
    "text",
    [
        '<img src=x onerror="a()">',
        "<img src=x\tonload=a()>",
        "<img/onerror=a()>",
        '<b a="x"onclick=a()>',
        "<b a='x'onclick=a()>",
        "<b a=`x`onclick=a()>",
        "<b\nonmouseover = a()>",
        "<b\ronfocus=a()>",
        "<b\fonblur=a()>",
        "<b ONCLICK=a()>",
    ],
)
def test_event_handlers_are_suspicious(text: str) -> None:
    assert suspicious(text)


@pytest.mark.parametrize(
    "text",
    [
        "[a](javascript:alert(1))",
        "[a](JavaScript:alert(1))",
        "[a](java\tscript:alert(1))",
        "[a](java script:alert(1))",
        "[a](j\x00avascript:x)",
        "[a](vbscript:msgbox(1))",
        "[a](v b script:x)",
        "[a](livescript:x)",
        "[a](data:text/html,<b>)",
        "[a](data:image/svg+xml;base64,AAA)",
        "[a](data: text / html,x)",
        "[a](d a t a:text/html,x)",
        "[a](&#106;avascript:alert(1))",
        "[a](&#x6A;avascript:alert(1))",
        "[a](javascript&#58;alert(1))",
    ],
)
def test_dangerous_schemes_in_any_spelling_are_suspicious(text: str) -> None:
    assert suspicious(text), text


def test_handler_needs_a_separator_before_it() -> None:
    assert not suspicious("<b>xonclick=a()</b>")
    assert not suspicious("on=1")
    assert not suspicious("onx=1")  # one letter after `on` is no event name
    assert suspicious(" onxy=1")
    assert not suspicious("onclick=a() at the very start")  # nothing before it: not an attribute
    assert not suspicious("onclick=a() ")  # …not even when the text ends in a separator


def test_defang_escapes_every_angle_bracket_and_breaks_schemes() -> None:
    text = "See <b>this</b> and <script>alert(1)</script> and [x](javascript:go())."
    out = defang(text)
    assert "<" not in out
    assert out.count("&lt;") == text.count("<")
    assert "javascript-blocked:go()" in out
    assert out.replace("&lt;", "<").replace("-blocked:", ":") == text
    assert defang("[a](data :text/html,x) <b onclick=x>") == (
        "[a](data -blocked:text/html,x) &lt;b onclick=x>"
    )
    assert defang("[a](VBScript:x) <svg>") == "[a](VBScript-blocked:x) &lt;svg>"
    assert defang("[a](LiveScript:x) <svg>") == "[a](LiveScript-blocked:x) &lt;svg>"
    # a scheme glued to a word or a hyphen is not a URL scheme
    assert defang("<svg> myjavascript: x-data: y") == "&lt;svg> myjavascript: x-data: y"


def test_defang_unescapes_entities_before_escaping() -> None:
    assert defang("&#106;avascript:x <svg>") == "javascript-blocked:x &lt;svg>"
    assert defang("&lt;script&gt;") == "&lt;script&gt;"  # an escaped tag is text already


@pytest.mark.parametrize(
    ("url", "bad"),
    [
        ("javascript:alert(1)", True),
        ("  JAVASCRIPT:alert(1)", True),
        ("java\tscript:x", True),
        ("java\nscript:x", True),
        ("\x7fjavascript:x", True),
        ('"javascript:x"', True),
        ("'vbscript:x'", True),
        ("<livescript:x>", True),
        ("data:text/html,x", True),
        ("&#106;avascript:x", True),
        ("&amp;#106;avascript:x", True),  # double-encoded
        ("https://example.com/javascript:x", False),
        ("/path/data:x", False),
        ("mailto:a@example.com", False),
        ("#javascript", False),
        ("xjavascript:x", False),
        ("Xjavascript:x", False),
    ],
)
def test_dangerous_url(url: str, bad: bool) -> None:
    assert dangerous_url(url) is bad
