"""`renderer/brand/leaks.py` piece by piece: which texts count as hidden, where each file is looked at,
what a hit says (file and line), and the build-stopping error."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from renderer.brand.leaks import (
    LeakChecker,
    disguised,
    hidden_fragments,
    leak_error,
    locate_leak,
    located_leak_error,
    page_fragments,
    piece_leaks,
    reveal,
)
from renderer.config.mkdocs_yml import load_config
from renderer.core.errors import GuideError
from renderer.parse.page import parse_guide
from renderer.render.site import Parts
from renderer.vary.site import collect_site

from .conftest import ROOT

SECRET_A = "Open the secret admin console of Tool A"
SECRET_B = "Hidden page title for Tool B only"


def acme(*words: str):  # noqa: ANN201
    """The acme brand, with other parent words when given."""
    brand = load_config(ROOT / "mkdocs.yml").brand("acme")
    return dataclasses.replace(brand, leak_words=words) if words else brand


def guide(body: str, front: str = "", rel: str = "guides/page.mdx"):  # noqa: ANN201
    return parse_guide(f"guides/{rel}", f"---\ntitle: A page\n{front}---\n\n{body}\n", rel)


HIDDEN_TWO = (
    "Visible words that everyone may read here.\n\n"
    "<div data-whitelabel-hide>\n\n## First hidden heading text\n\n"
    "Exactly16chars!!\n\nShort one.\n\n</div>\n\n"
    "Between the two hidden blocks, visible.\n\n"
    "<div data-whitelabel-hide>\n\nSecond hidden block paragraph.\n\n"
    "Visible words that everyone may read here.\n\n</div>\n"
)


def test_page_fragments_of_every_hidden_block() -> None:
    frags = page_fragments(guide(HIDDEN_TWO))
    assert frags == {
        "First hidden heading text",
        "Exactly16chars!!",  # 16 characters: long enough
        "Second hidden block paragraph.",
    }  # not "Short one." (too short), not the text that is also visible


def test_a_hidden_page_is_hidden_entirely() -> None:
    g = guide(
        "A body paragraph of the hidden page.\n",
        'description: "The description of the hidden page."\nwhitelabel_hide: true\n',
    )
    assert page_fragments(g) == {
        "The description of the hidden page.",
        "A body paragraph of the hidden page.",
    }  # the title "A page" is too short to count
    assert page_fragments(guide("Nothing hidden in this page at all.\n")) == frozenset()


def test_hidden_fragments_by_url() -> None:
    site = collect_site(
        [
            guide(HIDDEN_TWO, rel="guides/one.mdx"),
            guide("Nothing hidden in this page at all.\n", rel="guides/two.mdx"),
        ]
    )
    assert hidden_fragments(site) == {
        "/guides/one": frozenset(
            {"First hidden heading text", "Exactly16chars!!", "Second hidden block paragraph."}
        )
    }


def test_no_parent_words_means_no_word_hits() -> None:
    checker = LeakChecker(acme("StackOne"), {})
    assert checker.check("a.html", b"<p>Made by StackOne</p>")
    none = LeakChecker(dataclasses.replace(acme(), leak_words=()), {})
    assert none.check("a.html", b"<p>Made by StackOne</p>\nand more\n") == []
    assert none.check("index.html", b"<p>Made by StackOne</p>\nand more\n") == []
    assert none.check("a.md", "ſ and K and ı\n".encode()) == []


def test_one_word_and_non_ascii_words_are_found() -> None:
    one = LeakChecker(acme("StackOne"), {})
    assert one.check("a.md", b"# Title\n\nBy stackone.\n") == [
        "a.md:3: parent brand word 'stackone'"
    ]
    umlaut = LeakChecker(acme("Störe"), {})
    assert umlaut.check("a.md", "x\nSTÖRE\n".encode()) == ["a.md:2: parent brand word 'STÖRE'"]
    # a non-ASCII word can match ASCII text (the long s matches s in any case)
    long_s = LeakChecker(acme("\u017ftackOne"), {})
    assert long_s.check("a.md", b"by stackone\n") == ["a.md:1: parent brand word 'stackone'"]


def test_ascii_only_disguises_are_looked_at() -> None:
    """The cheap prefilter lets an entity or a percent sign through, even in pure ASCII."""
    checker = LeakChecker(acme(), {})
    assert checker.check("a.md", b"x\nvia &#83;tackOne\n") == [
        "a.md:2: parent brand word 'StackOne'"
    ]
    assert checker.check("a.md", b"https://api.stack%6Fne.com/x") == [
        "a.md:1: parent brand word 'stackone'"
    ]
    assert checker.check("a.md", b"100% &amp; more") == []


def test_a_word_with_a_character_html_escapes_is_found_in_html() -> None:
    checker = LeakChecker(acme("AT&T", "Macy's"), {})
    assert checker.check("a.html", b"<p>Call AT&amp;T or Macy&#39;s</p>") == [
        "a.html:1: parent brand word 'AT&T'",
        'a.html:1: parent brand word "Macy\'s"',
    ]
    assert checker.check("a.md", b"Call AT&T") == ["a.md:1: parent brand word 'AT&T'"]


def test_a_word_split_by_inline_markup_is_found() -> None:
    """A reader sees `Stack<strong>One</strong>` and `Stack**One**` as one word; block markup,
    spaces and marks of another file kind split it for real."""
    checker = LeakChecker(acme("StackOne"), {})
    split = "parent brand word 'StackOne' split by markup"
    page = b'<p>x</p>\n<p>By Stack<strong>O</strong><a href="/y">ne</a> and Stack<wbr>One</p>'
    assert checker.check("a.html", page) == [f"a.html:2: {split}", f"a.html:2: {split}"]
    assert checker.check("a.html", b"<p>Stack<em>One</em> and StackOne</p>") == [
        "a.html:1: parent brand word 'StackOne'",
        f"a.html:1: {split}",
    ]
    assert checker.check("a.md", b"x\nBy Stack**One** and S`tack`~~One~~.\n") == [
        f"a.md:2: {split}",
        f"a.md:2: {split}",
    ]
    assert checker.check("llms.txt", b"- by Stack*One*") == [f"llms.txt:1: {split}"]
    assert checker.check("a.html", "<p>St\u00adack<b>One</b></p>".encode()) == [
        f"a.html:1: {split}"
    ]
    for path, data in {
        "a.html": b"<p>Stack</p><p>One</p> Stack<br>One Stack <b>One</b> Stack**One**",
        "a.md": b"Stack<b>One</b> and Stack One and Stack_One and Stack\nOne",
        "a.xml": b"<x>Stack<b>One</b></x>",
    }.items():
        assert checker.check(path, data) == [], path
    non_ascii = LeakChecker(acme("Störe"), {})
    assert non_ascii.check("a.md", "St**ö**re\n".encode()) == [
        "a.md:1: parent brand word 'Störe' split by markup"
    ]


def test_locate_leak_finds_a_word_written_with_markup_inside() -> None:
    source = "---\ntitle: T\n---\n\nMade by Stack**One** today.\n"
    hit = "x.md:3: parent brand word 'StackOne' split by markup"
    where = locate_leak(acme(), hit, "g.mdx", source)
    assert (where.pos.line, where.pos.col) == (5, 9)
    assert where.source_line == "Made by Stack**One** today."


def test_word_hits_name_file_and_line() -> None:
    checker = LeakChecker(acme(), {})
    data = b"line one\nline two StackOne\nline three\nthe StackOne Hub\n"
    assert checker.check("guides/x.html", data) == [
        "guides/x.html:2: parent brand word 'StackOne'",
        "guides/x.html:4: parent brand word 'the StackOne Hub'",  # the longest term wins
    ]
    assert checker.check("x.md", b"StackOne first") == ["x.md:1: parent brand word 'StackOne'"]
    assert checker.check("x.md", b"\nStackOne second") == ["x.md:2: parent brand word 'StackOne'"]


def test_invalid_utf8_is_checked_not_an_exception() -> None:
    checker = LeakChecker(acme(), {})
    assert checker.check("x.md", b"\xff\xfe StackOne\n") == ["x.md:1: parent brand word 'StackOne'"]


@pytest.mark.parametrize("name", ["style.css", "theme.js", "logo.svg"])
def test_text_assets_are_checked(name: str) -> None:
    checker = LeakChecker(acme(), {})
    assert checker.check(f"assets/{name}", b"/* StackOne */") == [
        f"assets/{name}:1: parent brand word 'StackOne'"
    ]


@pytest.mark.parametrize(
    "name", ["assets/logo.png", "assets/site.webmanifest", "assets/a.json", "logo.png", "x.bin"]
)
def test_every_file_is_read_for_parent_words(name: str) -> None:
    """Files under assets/ were read only when they ended in .css, .js or .svg. A copied file
    is looked at for parent words only: no page's hidden text is its own."""
    checker = LeakChecker(acme(), {"/a": frozenset({SECRET_A})})
    assert checker.check(name, b"StackOne " + SECRET_A.encode()) == [
        f"{name}:1: parent brand word 'StackOne'"
    ]
    binary = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20 + b"StackOne"
    assert checker.check(name, binary) == [f"{name}:1: parent brand word 'StackOne' in the PNG"]


def test_a_page_is_checked_for_its_own_hidden_text_only() -> None:
    """Text one page hides may show on another page: only the page's own files, its pieces of
    the index files, and the files that list every page are looked at for it."""
    frags = {
        "/a": frozenset({SECRET_A}),
        "/b": frozenset({SECRET_B}),
        "/Xray/c": frozenset({"Xray page hidden words"}),
    }
    checker = LeakChecker(acme(), frags)
    assert checker.check("a.html", f"<p>{SECRET_A}</p>".encode()) == [
        f"a.html:1: hidden text {SECRET_A!r}"
    ]
    assert checker.check("a.md", f"x\n{SECRET_A}\n".encode()) == [
        f"a.md:2: hidden text {SECRET_A!r}"
    ]
    assert checker.check("a.html", f"<p>{SECRET_B}</p>".encode()) == []
    assert checker.check("a.md", f"{SECRET_B}\n".encode()) == []
    assert checker.check("other.html", f"<p>{SECRET_A} {SECRET_B}</p>".encode()) == []
    assert checker.check("Xray/c.md", b"Xray page hidden words") != []
    assert checker.page("llms-full.txt", f"# B\n\n{SECRET_B}\n".encode(), "/b") == [
        f"llms-full.txt:3: hidden text {SECRET_B!r}"
    ]
    assert checker.page("llms-full.txt", f"# B\n\n{SECRET_A}\n".encode(), "/b") == []
    assert checker.page("search-index.json", SECRET_A.encode(), "/nowhere") == []
    # a connector's pages are pages like any other (only the connector's llms.txt lists all)
    guide_frags = {"/connectors/c/guides/p": frozenset({SECRET_A}), "/b": frozenset({SECRET_B})}
    by_connector = LeakChecker(acme(), guide_frags)
    assert by_connector.check("connectors/c/guides/p.html", f"<p>{SECRET_A}</p>".encode()) == [
        f"connectors/c/guides/p.html:1: hidden text {SECRET_A!r}"
    ]
    assert by_connector.check("connectors/c.html", f"<p>{SECRET_B}</p>".encode()) == []
    assert by_connector.check("connectors/c/llms.txt", f"{SECRET_B}\n".encode()) != []
    # the llms-full.txt files as a whole: parent words only (their pieces were checked)
    for name in ("llms-full.txt", "connectors/c/llms-full.txt"):
        assert by_connector.check(name, f"{SECRET_A}\n{SECRET_B}\nStackOne".encode()) == [
            f"{name}:3: parent brand word 'StackOne'"
        ]


def test_the_home_page_is_checked_for_every_page() -> None:
    checker = LeakChecker(acme(), {"/": frozenset({SECRET_A}), "/b": frozenset({SECRET_B})})
    for name in ("index.html", "index.md", "llms.txt", "sitemap.xml"):
        assert checker.check(name, f"x\n{SECRET_B}\n".encode()) == [
            f"{name}:2: hidden text {SECRET_B!r}"
        ], name
    # in HTML, tags between the words do not hide a fragment
    assert checker.check("index.html", b"<li>Open the <b>secret</b> admin console of Tool A</li>")


def test_overlapping_fragments_are_all_reported() -> None:
    one, two = "Alpha beta gamma delta epsilon", "gamma delta epsilon zeta eta"
    checker = LeakChecker(acme(), {"/a": frozenset({one}), "/b": frozenset({two})})
    hits = checker.check("llms.txt", b"Alpha beta gamma delta epsilon zeta eta\n")
    assert hits == [f"llms.txt:1: hidden text {one!r}", f"llms.txt:1: hidden text {two!r}"]


def test_hidden_text_hit_lines() -> None:
    long = "A rather long hidden sentence that goes on and on past sixty characters in all"
    checker = LeakChecker(acme(), {"/a": frozenset({SECRET_A, long})})
    page = f"one\ntwo\n<p>{SECRET_A}</p>\nfour\n<p>{SECRET_A}</p>\n".encode()
    assert checker.check("a.html", page) == [f"a.html:3: hidden text {SECRET_A!r}"]
    # the fragment's first 24 characters are not in the source as they are (a tag between two
    # words): still reported, on line 1
    split = b"one\ntwo\n<p>Open the secret<b> admin console of Tool A</b></p>\n"
    assert checker.check("a.html", split) == [f"a.html:1: hidden text {SECRET_A!r}"]
    # …but they are, and only they (an entity right after them): located by them, on line 3
    frag = "Aaaa bbbb cccc dddd eeee ffff longestword"
    checker2 = LeakChecker(acme(), {"/a": frozenset({frag})})
    entity = b"one\ntwo\nAaaa bbbb cccc dddd eeee&#32;ffff longestword\n"
    assert checker2.check("a.html", entity) == [f"a.html:3: hidden text {frag!r}"]
    first = f"\n{SECRET_A}\n".encode()  # a newline first, the fragment on line 2
    assert checker.check("a.md", first) == [f"a.md:2: hidden text {SECRET_A!r}"]
    assert checker.check("a.md", f"x\ny\n{long}\n".encode()) == [
        f"a.md:3: hidden text {long[:60]!r}"
    ]


def test_piece_leaks_reports_every_piece() -> None:
    checker = LeakChecker(acme(), {"/a": frozenset({SECRET_A}), "/b": frozenset({SECRET_B})})
    parts = Parts()
    parts.chunks["/a"] = f"# A\n\n{SECRET_A}\n".encode()
    parts.chunks["/b"] = f"# B\n\n{SECRET_B}\n".encode()
    assert piece_leaks(checker, parts.chunks) == [
        f"llms-full.txt:3: hidden text {SECRET_A!r}",
        f"llms-full.txt:3: hidden text {SECRET_B!r}",
    ]


def test_leak_error_locates_every_hit() -> None:
    brand = acme()
    err = leak_error(
        brand, ["guides/x.html:12: parent brand word 'StackOne'", "a.md:3: hidden text 'y'"]
    )
    first, second = err.problems
    assert (first.pos.path, first.pos.line, first.pos.col) == ("acme/guides/x.html", 12, 1)
    assert first.message == "white-label leak: parent brand word 'StackOne'"
    assert first.hint == (
        "hide the content with data-whitelabel-hide, or add the word to allow_words in "
        "acme/brand.yml"
    )
    assert (second.pos.path, second.pos.line, second.message) == (
        "acme/a.md",
        3,
        "white-label leak: hidden text 'y'",
    )
    colon = leak_error(brand, ["a.md:4: hidden text 'Step 1: open the console'"]).problems[0]
    assert (colon.pos.path, colon.pos.line) == ("acme/a.md", 4)
    assert colon.message == "white-label leak: hidden text 'Step 1: open the console'"
    many = leak_error(brand, [f"a.md:{i}: hidden text 'y'" for i in range(1, 300)])
    assert len(many.problems) == 200


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("plain ASCII words & more; 100 percent", False),
        ("caf\u00e9 na\u00efve", False),  # non-ASCII, but NFKC-stable and not a look-alike
        ("a &amp; b &lt;i&gt; &quot;x&quot; &#39; &#x27; &#34; &nbsp;", False),
        ("Stack\u00adOne", True),  # an ignorable code point
        ("caf\u00e9 St\u0430ckOne", True),  # a Cyrillic look-alike after a harmless one
        ("\uff33tack", True),  # a fullwidth letter (not NFKC-stable)
        ("stack%6Fne", True),
        ("&#83;tackOne", True),
        ("&shy;", True),
        ("&ampx", True),
        ("caf\u00e9 &#83;tack", True),  # the entity is looked at after the non-ASCII run
    ],
)
def test_disguised_only_where_a_word_could_hide(text: str, want: bool) -> None:
    assert disguised(text) is want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("plain text", "plain text"),
        ("&#83;tack&amp;One", "Stack&One"),
        ("stack%6Fne 100% %E2%82%AC", "stackone 100% \u20ac"),
        ("%FF%41", "\ufffdA"),  # undecodable bytes replaced, the rest decoded
        ("St\u0430ckOne", "StackOne"),
        ("St&#x430;ckOne", "StackOne"),  # an entity that decodes to a look-alike
        ("Stack\u00adO\u200bne", "StackOne"),
        ("\uff33\uff54\uff41\uff43\uff4b", "Stack"),
        ("\ufb01le caf\u00e9", "file caf\u00e9"),
        ("\u0410\u0412\u0421", "ABC"),
    ],
)
def test_reveal_shows_the_text_as_a_reader_sees_it(text: str, want: str) -> None:
    assert reveal(text) == want


def test_a_link_to_a_page_the_brand_lacks_is_a_leak() -> None:
    targets = {"/guides/a": frozenset(), "/guides/b": frozenset({"x"}), "/": frozenset()}
    checker = LeakChecker(acme(), {}, targets)
    page = (
        b'<a href="/guides/b#x">ok</a> <a href="#top">ok</a> <a href="/assets/s.css">ok</a>\n'
        b'<a href="?q=1">ok</a> <a href="https://example.com/guides/c">ok</a>\n'
        b'<a href="/llms.txt">ok</a> <a href="/404">ok</a> <a href="/index">ok</a>\n'
        b'<a href="b.html">ok</a> <a class="x" href="/guides/c?x=1&amp;y=2">dead</a>\n'
        b'<a href="../elsewhere/">dead</a> <a href="/assets/folder">ok</a>\n'
        b'<a href="/v1.2/page">dead</a> \xff StackOne\n'
    )
    assert checker.check("guides/a.html", page) == [
        "guides/a.html:6: parent brand word 'StackOne'",  # word hits are kept too
        "guides/a.html:4: link to /guides/c, a page this brand does not have",
        "guides/a.html:5: link to /elsewhere, a page this brand does not have",
        "guides/a.html:6: link to /v1.2/page, a page this brand does not have",
    ]
    assert checker.check("guides/a.html", b'\n<a href="/gone">x</a>') == [
        "guides/a.html:2: link to /gone, a page this brand does not have"
    ]
    assert checker.check("guides/a.md", b"[dead](/guides/c)\n") == []  # twins: the unlinker's
    assert LeakChecker(acme(), {}).check("guides/a.html", b'<a href="/guides/c">x</a>') == []


SOURCE = (
    "---\ntitle: A page\n---\n\nIntro.\n\n"  # lines 1-6
    "Ask stackone support.\n"  # 7
    "Then   StackOne runs.\n"  # 8
    'A secret: "Open the secret admin console of Tool A" here.\n'  # 9
    "Via St&#97;ckOne too.\n"  # 10
)


def test_locate_leak_finds_the_word_as_written() -> None:
    brand = acme()
    word = locate_leak(brand, "guides/x.html:40: parent brand word 'StackOne'", "g.mdx", SOURCE)
    assert (word.pos.path, word.pos.line, word.pos.col) == ("g.mdx", 8, 8)  # the same case first
    assert word.source_line == "Then   StackOne runs."
    assert word.message == (
        "white-label leak for brand acme: parent brand word 'StackOne' "
        "(would reach acme/guides/x.html)"
    )
    assert word.hint == (
        "add a term for it in acme/brand.yml (`terms:`), a URL map entry (`urls:`) if it is "
        "part of a URL, hide the block with data-whitelabel-hide, or allow it with `allow_words`"
    )
    folded = locate_leak(brand, "x.md:1: parent brand word 'STACKONE'", "g.mdx", SOURCE)
    assert (folded.pos.line, folded.pos.col) == (7, 5)  # any case, when no line has it as found
    disguise = SOURCE.replace("stackone", "s").replace("StackOne", "S")
    seen = locate_leak(brand, "x.md:1: parent brand word 'StackOne'", "g.mdx", disguise)
    assert (seen.pos.line, seen.pos.col, seen.source_line) == (10, 5, "Via St&#97;ckOne too.")


def test_locate_leak_of_hidden_text_and_of_a_dead_link() -> None:
    brand = acme()
    hidden = locate_leak(
        brand, f"a.md:3: hidden text {SECRET_A!r}", "g.mdx", SOURCE, ["a.html", "a.md"]
    )
    assert (hidden.pos.line, hidden.pos.col) == (9, 12)
    assert hidden.message == (
        f"white-label leak for brand acme: hidden text {SECRET_A!r} "
        "(would reach acme/a.html, acme/a.md)"
    )
    assert hidden.hint == (
        "this text is hidden elsewhere on the page: hide it here too, or show it there"
    )
    quoted = locate_leak(
        brand, 'a.md:3: hidden text "Ask stackone\'s"', "g.mdx", "x\nAsk stackone's"
    )
    assert (quoted.pos.line, quoted.pos.col) == (2, 1)
    # only the first 40 characters are looked for (a long fragment wraps in the source)
    long = "Then   StackOne runs." + " and more words" * 4
    wrapped = locate_leak(brand, f"a.md:3: hidden text {long[:60]!r}", "g.mdx", SOURCE)
    assert wrapped.pos.line == 1  # its first 40 characters are not on one line
    short = locate_leak(brand, f"a.md:3: hidden text {'Then   StackOne runs.'!r}", "g", SOURCE)
    assert short.pos.line == 8
    dead = locate_leak(
        brand, "a.html:2: link to /guides/c, a page this brand does not have", "g", SOURCE
    )
    assert (dead.pos.line, dead.pos.col, dead.source_line) == (1, 1, "")
    assert dead.message == (
        "white-label leak for brand acme: link to /guides/c, a page this brand does not have "
        "(would reach acme/a.html)"
    )
    assert dead.hint == "remove the link, or keep the page it points at for this brand"


def test_locate_leak_reads_the_hit_and_the_line_as_written() -> None:
    brand = acme()
    text = "x\nStep 1: open it\nTom &amp; StackOne and StackOne\nstackone, stackone\n"
    colon = locate_leak(brand, "a.md:3: hidden text 'Step 1: open it'", "g", text)
    assert (colon.pos.line, colon.pos.col) == (2, 1)
    assert colon.message.endswith("(would reach acme/a.md)")  # the file before the first colon
    word = locate_leak(brand, "a.md:3: parent brand word 'StackOne'", "g", text)
    assert (word.pos.line, word.pos.col) == (3, 11)  # the first one, the line as written
    folded = locate_leak(brand, "a.md:3: parent brand word 'STACKONE'", "g", text)
    assert (folded.pos.line, folded.pos.col) == (3, 11)
    low = locate_leak(brand, "a.md:3: parent brand word 'STACKONE'", "g", "x\nstackone, stackone\n")
    assert (low.pos.line, low.pos.col) == (2, 1)
    forty = "A hidden sentence of exactly forty chars"
    wrapped = locate_leak(
        brand, f"a.md:3: hidden text {forty + ' then more'!r}", "g", f"x\n{forty}\nthen"
    )
    assert (wrapped.pos.line, wrapped.pos.col) == (2, 1)  # found by its first 40 characters


def test_located_leak_error_one_problem_per_cause(tmp_path) -> None:  # noqa: ANN001
    src = tmp_path / "g.mdx"
    src.write_text(SOURCE, encoding="utf-8")
    sources = {"g.html": str(src), "g.md": str(src), "gone.html": str(tmp_path / "gone.mdx")}
    word = ": parent brand word 'StackOne'"
    err = located_leak_error(
        acme(),
        [
            f"gone.html:2{word}",
            f"g.html:3{word}",
            f"g.md:8{word}",
            "g.md:9: hidden text 'Open the secret admin console of Tool A'",
            f"llms.txt:4{word}",
            f"llms.txt:4{word}",
        ],
        sources,
    )
    got = [(p.pos.path, p.pos.line, p.message) for p in err.problems]
    assert got == [
        (
            str(src),
            8,
            "white-label leak for brand acme: parent brand word 'StackOne' "
            "(would reach acme/g.html, acme/g.md)",
        ),
        (
            str(src),
            9,
            f"white-label leak for brand acme: hidden text {SECRET_A!r} (would reach acme/g.md)",
        ),
        ("acme/llms.txt", 4, "white-label leak: parent brand word 'StackOne'"),
        ("acme/gone.html", 2, "white-label leak: parent brand word 'StackOne'"),
    ]
    steps = located_leak_error(
        acme(),
        ["g.md:1: hidden text 'Step 1: Open it all'", "g.md:2: hidden text 'Step 2: Open it all'"],
        {"g.md": str(src)},
    )
    assert len(steps.problems) == 2  # two causes, though they end alike after a colon


def test_letters_only_a_case_insensitive_search_folds_are_found() -> None:
    """`İ`, `ı`, `ſ` and the Kelvin sign match ASCII letters in a case-insensitive search but
    not once lower-cased: the cheap lower-case prefilter must not skip them."""
    checker = LeakChecker(acme("Mailchimp", "Kit"), {})
    assert checker.check("a.md", "x\nMa\u0130lchimp\n".encode()) == [
        "a.md:2: parent brand word 'Ma\u0130lchimp'"
    ]
    assert checker.check("a.md", "x\nMa\u0131lchimp\n".encode()) == [
        "a.md:2: parent brand word 'Mailchimp'"  # ı is a look-alike: folded
    ]
    assert checker.check("a.md", "\u212ait".encode()) == ["a.md:1: parent brand word 'Kit'"]
    assert checker.check("a.md", b"a kite, MAILCHIMP") == [
        "a.md:1: parent brand word 'kit'",
        "a.md:1: parent brand word 'MAILCHIMP'",
    ]


def test_locate_prefers_the_word_as_written_then_disguised_then_split() -> None:
    """Where a word is written more than once, the problem points at the plainest spelling:
    as found, then in another case, then seen through a disguise, and only then with markup
    inside it (each in the earliest line that has it)."""
    brand = acme()
    hit = "x.md:1: parent brand word 'STACKONE'"
    split_first = "Stack**one** first\nthen stackone"
    assert locate_leak(brand, hit, "g", split_first).pos.line == 2  # any case before markup
    disguise_later = "Stack**One** first\nthen St&#97;ckOne"
    word = "x.md:1: parent brand word 'StackOne'"
    where = locate_leak(brand, word, "g", disguise_later)
    assert (where.pos.line, where.pos.col) == (2, 6)  # a disguise seen through before markup
    at_start = "Stack**One** first\nStackOne then"
    assert (locate_leak(brand, word, "g", at_start).pos.line, 1) == (2, 1)
    assert locate_leak(brand, word, "g", at_start).pos.col == 1
    both = "x\ny\nSt&#97;ck**One** here"  # a disguise and markup in one spelling
    assert (
        locate_leak(brand, word, "g", both).pos.line,
        locate_leak(brand, word, "g", both).pos.col,
    ) == (3, 1)


def test_locate_leak_of_a_refused_file() -> None:
    hit = "assets/a.zip:1: zip member a.txt is encrypted and cannot be checked: refused"
    where = locate_leak(acme(), hit, "theme/static/a.zip", "")
    assert (where.pos.path, where.pos.line, where.pos.col) == ("theme/static/a.zip", 1, 1)
    assert where.hint == (
        "remove the file from what acme publishes, or list its path in acme/brand.yml "
        "`allow_files` if it is clean"
    )
    assert where.message == (
        "white-label leak for brand acme: zip member a.txt is encrypted and cannot be checked: "
        "refused (would reach acme/assets/a.zip)"
    )


def test_a_split_word_after_a_swallowed_line_break_is_on_its_line() -> None:
    checker = LeakChecker(acme(), {})
    svg = b"<svg>\n<text>a \\\nb</text>\n<text>Stack<tspan>One</tspan></text>\n\\u0041</svg>"
    assert checker.check("a.svg", svg) == ["a.svg:4: parent brand word 'StackOne' split by markup"]


def test_listing_looks_for_every_pages_hidden_text() -> None:
    checker = LeakChecker(acme(), {"/a": frozenset({SECRET_A}), "/b": frozenset({SECRET_B})})
    assert checker.listing("nav.html", f"<li>x</li>\n<li>{SECRET_B}</li>".encode()) == [
        f"nav.html:2: hidden text {SECRET_B!r}"
    ]
    assert checker.listing("nav.html", b"<li>StackOne</li>") == [
        "nav.html:1: parent brand word 'StackOne'"
    ]
    assert checker.listing("nav.html", b"<li>Acme</li>") == []


def test_located_leak_error_falls_back_to_the_files_the_site_is_made_from(tmp_path) -> None:  # noqa: ANN001
    """A hit in a file that lists every page (or the redirects, the navigation) has no page
    source: it is located in the first fallback that holds its text (docs.json, brand.yml,
    a template), one problem per cause; a hit no fallback holds stays at the output file."""
    docs = tmp_path / "docs.json"
    docs.write_text('{\n  "name": "Docs",\n  "navigation": ["StackOne setup"]\n}\n')
    template = tmp_path / "base.html"
    template.write_text(
        "<footer>\n<p>Made with StackOne</p>\n<p>by Open the secret admin console of Tool A</p>\n"
    )
    binary = tmp_path / "logo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00StackOne")
    missing = tmp_path / "gone.json"
    hits = [
        "_redirects:2: parent brand word 'StackOne'",
        "llms.txt:5: parent brand word 'StackOne'",
        f"llms.txt:6: hidden text {SECRET_A!r}",
        "sitemap.xml:3: parent brand word 'Nowhere'",
        "sitemap.xml:4: zip member a is encrypted and cannot be checked: refused",
    ]
    fallbacks = [str(missing), str(binary), str(docs), str(template)]
    err = located_leak_error(acme(), hits, {}, fallbacks)
    got = [(p.pos.path, p.pos.line, p.pos.col, p.source_line) for p in err.problems]
    assert got == [
        (str(docs), 3, 19, '  "navigation": ["StackOne setup"]'),
        (str(template), 3, 7, "<p>by Open the secret admin console of Tool A</p>"),
        ("acme/sitemap.xml", 3, 1, ""),
        ("acme/sitemap.xml", 4, 1, ""),
    ]
    assert err.problems[0].message.endswith("(would reach acme/_redirects, acme/llms.txt)")
    # a page's own source comes first; an unreadable one leaves the hit at the output file
    src = tmp_path / "page.mdx"
    src.write_bytes(b"---\ntitle: T\n---\n\xff caf\xc3\xa9 StackOne\n")
    page = located_leak_error(
        acme(), ["p.html:9: parent brand word 'StackOne'"], {"p.html": str(src)}, [str(docs)]
    )
    [(path, line, col, text)] = [
        (p.pos.path, p.pos.line, p.pos.col, p.source_line) for p in page.problems
    ]
    assert (path, line, col, text) == (str(src), 4, 8, "\ufffd café StackOne")
    gone = located_leak_error(
        acme(), ["p.html:9: parent brand word 'StackOne'"], {"p.html": str(missing)}
    )
    assert [(p.pos.path, p.pos.line) for p in gone.problems] == [("acme/p.html", 9)]


def test_every_word_of_a_binary_and_of_each_member_is_reported() -> None:
    """A binary holding every parent word is still read (the prefilter asks whether any word
    is there); a word already reported from one member does not hide the next word."""
    import io
    import zipfile

    checker = LeakChecker(acme(), {})
    blob = b"\x00\x01\xffthe StackOne Hub\x00\x02"
    assert checker.check("a.bin", blob) == [
        "a.bin:1: parent brand word 'the StackOne Hub' in the file"
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "StackOne")
        zf.writestr("b.txt", "StackOne\nand the StackOne Hub")
    assert checker.check("a.zip", buf.getvalue()) == [
        "a.zip:1: parent brand word 'StackOne' in zip member a.txt, line 1",
        "a.zip:1: parent brand word 'the StackOne Hub' in zip member b.txt, line 2",
    ]


def test_an_apostrophe_entity_alone_is_decoded_for_a_word_that_holds_one() -> None:
    checker = LeakChecker(acme("Macy's"), {})
    assert checker.check("a.html", b"<p>Shop at Macy&#39;s</p>") == [
        'a.html:1: parent brand word "Macy\'s"'
    ]


def test_inline_markup_in_any_letter_case_splits_a_word() -> None:
    checker = LeakChecker(acme(), {})
    split = "parent brand word 'StackOne' split by markup"
    assert checker.check("a.html", b"<P>Stack<STRONG>One</STRONG></P>") == [f"a.html:1: {split}"]
    svg_in_html = b"<svg><text><textPath href='#p'>Stack</textPath><tspan>One</tspan></text></svg>"
    assert checker.check("a.html", svg_in_html) == [f"a.html:1: {split}"]


def test_the_brands_allow_files_waive_refusals(tmp_path: Path) -> None:
    """`allow_files` comes from brand.yml, unless the checker is given its own list; a bad
    pattern (absolute, `..`) is refused at its key."""
    from renderer.config.brand_file import load_brand

    locked = b"%PDF-1.7\ntrailer << /Encrypt 1 0 R >>\n"
    folder = tmp_path / "brands/acme"
    folder.mkdir(parents=True)
    (folder / "brand.yml").write_text(
        "name: Acme\nwhitelabel: true\nbase_url: https://docs.acme.example\nterms: {StackOne: Acme}\nallow_files: [assets/*.pdf]\n"
    )
    brand = dataclasses.replace(
        load_brand(tmp_path / "brands", "acme", "S", ""), leak_words=("StackOne",)
    )
    assert brand.allow_files == ("assets/*.pdf",)
    assert LeakChecker(brand, {}).check("assets/a.pdf", locked) == []
    assert LeakChecker(brand, {}).check("b.pdf", locked) != []
    plain = dataclasses.replace(brand, allow_files=())
    assert LeakChecker(plain, {}).check("assets/a.pdf", locked) != []
    assert LeakChecker(plain, {}, allow_files=["*.pdf"]).check("assets/a.pdf", locked) == []
    (folder / "brand.yml").write_text(
        "name: Acme\nwhitelabel: true\nbase_url: https://docs.acme.example\nterms: {StackOne: Acme}\nallow_files: [../x.pdf]\n"
    )
    with pytest.raises(GuideError) as err:
        load_brand(tmp_path / "brands", "acme", "S", "")
    assert "brand.yml:5:1: `allow_files` must be a list of output paths" in str(err.value)


def test_the_last_survivors_of_the_mutation_run() -> None:
    """A line continuation at the very start of a file; `&amp;` before a word split by markup
    (the column is that of the line as written); a word and a data: URI in one file."""
    checker = LeakChecker(acme(), {})
    assert checker.check("a.css", b"\\\nStack\\\nOne") == ["a.css:2: parent brand word 'StackOne'"]
    where = locate_leak(acme(), "x.md:1: parent brand word 'StackOne'", "g", "a &amp; Stack**One**")
    assert (where.pos.line, where.pos.col) == (1, 9)
    clean_uri = b"data:text/plain;base64,QWNtZQ=="  # "Acme"
    assert checker.check("a.md", b"StackOne\n![](" + clean_uri + b")") == [
        "a.md:1: parent brand word 'StackOne'"
    ]


def test_a_fallback_finds_hidden_text_with_a_colon_in_it(tmp_path) -> None:  # noqa: ANN001
    template = tmp_path / "nav.html"
    template.write_text("<nav>\n<a>Step 1: open the admin console</a>\n</nav>\n")
    hit = "llms.txt:6: hidden text 'Step 1: open the admin console'"
    err = located_leak_error(acme(), [hit], {}, [str(template)])
    assert [(p.pos.path, p.pos.line, p.pos.col) for p in err.problems] == [(str(template), 2, 4)]
