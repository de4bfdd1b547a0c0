"""`renderer/vary/variant.py` piece by piece: brand terms (never inside URLs), link resolution and
unlinking, hidden blocks cut at any depth, every visible text varied, unchanged nodes kept."""

from __future__ import annotations

import dataclasses

import pytest

from renderer.config.mkdocs_yml import load_config
from renderer.core import model as m
from renderer.core.model import walk
from renderer.core.text import HeadingIds
from renderer.parse.page import parse_guide
from renderer.vary.variant import (
    TermSwap,
    Unlinker,
    apply_text,
    cut_lines,
    internal_path,
    map_text,
    renumber,
    split_href,
    strip_hidden,
    text_fn,
    vary_page,
    visible_anchors,
    white_anchors,
)

from .conftest import ROOT

SWAP = TermSwap({"StackOne": "Acme", "StackOne Hub": "Acme Connect"}.items())


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("StackOne and the StackOne Hub.", "Acme and the Acme Connect."),
        ("StackOne", "Acme"),
        ("(StackOne)", "(Acme)"),
        (
            "StackOnes, StackOne_x, my-StackOne, xStackOne",
            "StackOnes, StackOne_x, my-StackOne, xStackOne",
        ),
        ("[StackOne](https://stackone.com/StackOne)", "[Acme](https://stackone.com/StackOne)"),
        ("[StackOne](/StackOne/page)", "[Acme](/StackOne/page)"),
        ('<a href="/StackOne/x">StackOne</a>', '<a href="/StackOne/x">Acme</a>'),
        ("<a href='/StackOne/x'>StackOne</a>", "<a href='/StackOne/x'>Acme</a>"),
        ('<a href = "/StackOne">x</a>', '<a href = "/StackOne">x</a>'),
        ('<img src="/StackOne.png" alt="StackOne">', '<img src="/StackOne.png" alt="Acme">'),
        ('<img srcset="/StackOne.png 2x">', '<img srcset="/StackOne.png 2x">'),
        ('<form action="/StackOne">', '<form action="/StackOne">'),
        ('<div data-logo-url="/StackOne">', '<div data-logo-url="/StackOne">'),
        ("See <https://docs.example/StackOne> now", "See <https://docs.example/StackOne> now"),
        ("Go to https://docs.example/StackOne Hub", "Go to https://docs.example/StackOne Hub"),
        ("Go to https://docs.example/x StackOne Hub", "Go to https://docs.example/x Acme Connect"),
        ("Go to http://StackOne.example/a", "Go to http://StackOne.example/a"),
        ("no terms here", "no terms here"),
        ("", ""),
    ],
)
def test_terms_are_swapped_outside_urls_only(text: str, want: str) -> None:
    assert SWAP(text) == want


def test_no_terms_changes_nothing() -> None:
    swap = TermSwap([])
    assert swap.pattern is None
    text = "StackOne stays"
    assert swap(text) is text


@pytest.mark.parametrize(
    ("href", "want"),
    [
        ("/a/b", "/a/b"),
        ("  /a/b  ", "/a/b"),
        ("#x", "#x"),
        ("?q=1", "?q=1"),
        ("//evil.example/a", None),
        ("https://example.com/a", None),
        ("mailto:a@example.com", None),
        ("b", "/guides/b"),
        ("b/", "/guides/b/"),
        ("../c", "/c"),
        ("./d#e", "/guides/d#e"),
    ],
)
def test_internal_path(href: str, want: str | None) -> None:
    assert internal_path(href, "/guides/a") == want


@pytest.mark.parametrize(
    ("href", "want"),
    [
        ("/a/b.md#x", ("/a/b", "x")),
        ("/a/b.html?q=1#y", ("/a/b", "y")),
        ("/a/b?q=1", ("/a/b", "")),
        ("/a/b?x=1?y=2", ("/a/b", "")),
        ("/a/", ("/a", "")),
        ("/", ("/", "")),
        ("#only", ("", "only")),
        ("/a/boX", ("/a/boX", "")),
        ("/a/boX/", ("/a/boX", "")),
    ],
)
def test_split_href(href: str, want: tuple[str, str]) -> None:
    assert split_href(href) == want


TARGETS = {"/guides/a": frozenset({"top"}), "/guides/b": frozenset({"one", "two"})}


def test_unlinker_resolves_only_existing_pages_and_anchors() -> None:
    u = Unlinker(TARGETS, "/guides/a")
    assert u.resolves("/guides/b") and u.resolves("/guides/b#two") and u.resolves("b#one")
    assert u.resolves("#top") and u.resolves("https://example.com/x")
    assert not u.resolves("/guides/b#three") and not u.resolves("/guides/c")
    assert not u.resolves("#missing")


def test_unlinker_keeps_the_text_of_dead_links() -> None:
    u = Unlinker(TARGETS, "/guides/a")
    text = (
        'See <a href="/guides/c">C</a>, <a title="x>y" href="/guides/b">B</a>, [D](/guides/d), '
        "[E](/guides/b#one), [F][f] and ![G](/guides/c.png).\n\n[f]: /guides/gone\n[g]: /guides/b\n"
    )
    assert u(text) == (
        'See C, <a title="x>y" href="/guides/b">B</a>, D, '
        "[E](/guides/b#one), [F][f] and ![G](/guides/c.png).\n\n[g]: /guides/b\n"
    )
    plain = "No links at all."
    assert u(plain) is plain
    assert u('Only <a href="/guides/c">an HTML link</a>.') == "Only an HTML link."
    assert u("Only a definition.\n\n[f]: /guides/gone\n") == "Only a definition.\n\n"
    folder = Unlinker({"/guides": frozenset()}, "/guides/a")
    assert folder.references({"h": {}}) == {"h": {}}  # no href: the page's own folder
    refs = {"f": {"href": "/guides/gone"}, "g": {"href": "/guides/b"}, "h": {}}
    assert u.references(refs) == {"g": {"href": "/guides/b"}}


HIDDEN = """Intro paragraph about StackOne.

<div data-whitelabel-hide>
  Top-level hidden words.
</div>

<Steps>
  <Step title="First StackOne step">
    Step text.

    <div data-whitelabel-hide>
      Hidden inside a step.
    </div>
  </Step>
</Steps>

<ul>
  <li>
    Item text.

    <div data-whitelabel-hide>
      Hidden inside a list item.
    </div>
  </li>
</ul>

<div className="box">
  Boxed text.

  <div data-whitelabel-hide>
    Hidden inside an element.
  </div>
</div>

## StackOne heading

## Acme heading
"""


def page(body: str = HIDDEN, front: str = ""):  # noqa: ANN201
    return parse_guide(
        "guides/x/link-account/api-key.mdx",
        f"---\ntitle: StackOne title\ndescription: About StackOne.\n{front}---\n\n{body}",
    )


def texts(g: m.Guide) -> str:
    out = []
    for n in walk(g.blocks):
        for attr in ("text", "html", "source", "code", "title"):
            value = getattr(n, attr, None)
            if isinstance(value, str):
                out.append(value)
    return "\n".join(out)


def test_hidden_blocks_are_cut_at_any_depth() -> None:
    g = page()
    assert "Hidden inside" in texts(g) and "Top-level hidden" in texts(g)
    acme = load_config(ROOT / "mkdocs.yml").brand("acme")
    cut = strip_hidden(g, acme)
    body = texts(cut)
    for gone in ("Top-level hidden", "inside a step", "inside a list item", "inside an element"):
        assert gone not in body, gone
    for kept in ("Intro paragraph", "Step text.", "Item text.", "Boxed text."):
        assert kept in body, kept
    assert len(cut.cuts) == 4 and all(isinstance(s, m.Span) for s in cut.cuts)
    assert not any(isinstance(n, m.WhitelabelHide) for n in walk(cut.blocks))
    branded = load_config(ROOT / "mkdocs.yml").brand("stackone")
    assert strip_hidden(g, branded) is g
    plain = page("Nothing hidden.\n")
    assert strip_hidden(plain, acme) is plain  # nothing cut: the same object


def test_every_visible_text_is_varied_and_anchors_follow() -> None:
    src = (
        '<div data-guides-scope-selector data-guide-actions-json="[{&#x22;id&#x22;: &#x22;a1&#x22;, '
        '&#x22;label&#x22;: &#x22;List StackOne users&#x22;, &#x22;scopes&#x22;: [&#x22;s&#x22;]}]">\n</div>\n\n'
        '<section data-guide-section data-guide-scopes="s">\n  <h2>StackOne section</h2>\n\n'
        "  Section text.\n</section>\n\n"
        '<div className="box" title="StackOne tip" aria-label="StackOne box" alt="StackOne alt" '
        'data-x="StackOne">\n'
        '  <img src="/StackOne.png" alt="StackOne logo">\n\n  ## StackOne inside\n</div>\n\n'
        '<section data-guide-section data-guide-scopes="s">\n\n  No heading here.\n</section>\n\n'
        "```\nStackOne code\n```\n\n"
        "<p>StackOne html</p>\n\n"
        "| StackOne | b |\n| - | - |\n| c | d |\n\n" + HIDDEN
    )
    g = page(src, "fields:\n  - {key: api_key, label: StackOne Key, type: password}\n")
    out = apply_text(g, SWAP)
    assert out.title == "Acme title" and out.description == "About Acme."
    assert [f.label for f in out.fields] == ["Acme Key"]
    assert [a.label for a in out.actions] == ["List Acme users"]
    body = texts(out)
    # fenced code keeps its words (only URLs are mapped there; the leak check reports them)
    assert "StackOne code" in body
    rest = body.replace('src="/StackOne.png"', "").replace("StackOne code", "")
    assert "StackOne" not in rest, body
    for want in ("Acme html", "First Acme step", "| Acme | b |"):
        assert want in body, want
    selectors = [n for n in walk(out.blocks) if isinstance(n, m.ScopeSelector)]
    assert [a.label for s in selectors for a in s.actions] == ["List Acme users"]
    box = [n for n in walk(out.blocks) if isinstance(n, m.Element) and n.tag == "div"][0]
    attrs = dict(box.attrs)
    assert attrs["title"] == "Acme tip" and attrs["aria-label"] == "Acme box"
    assert attrs["alt"] == "Acme alt"
    assert attrs["data-x"] == "StackOne"  # only alt, title and aria-label are text
    heads = {n.text: n.anchor for n in walk(out.blocks) if isinstance(n, m.Heading)}
    assert heads["Acme section"] == "acme-section"
    anchors = [n.anchor for n in walk(out.blocks) if isinstance(n, m.Heading)]
    assert visible_anchors(out.blocks) == frozenset(anchors)
    assert apply_text(g, lambda t: t) is g  # nothing changed: the same object
    assert apply_text(g, lambda t: "".join(t)) is g  # equal text, another object: the same
    named = dataclasses.replace(g, connector_name="StackOne CRM", auth_method="StackOne Key")
    out = apply_text(named, SWAP)
    assert (out.connector_name, out.auth_method) == ("Acme CRM", "Acme Key")


def test_swapped_heading_never_duplicates_a_later_anchor() -> None:
    g = page("## StackOne heading\n\n## Acme heading\n")
    out = apply_text(g, SWAP)
    anchors = [n.anchor for n in walk(out.blocks) if isinstance(n, m.Heading)]
    assert anchors == ["acme-heading", "acme-heading-2"]
    # two unchanged "Acme heading"s, then a swapped one: numbered on as Mintlify numbers them
    g = page("## Acme heading\n\n## Acme heading\n\n## StackOne heading\n")
    blocks = map_text(g.blocks, SWAP, HeadingIds())
    assert [b.anchor for b in blocks] == ["acme-heading", "acme-heading-2", "acme-heading-3"]


def test_map_text_numbers_every_heading_with_one_slugger() -> None:
    g = page("## Acme heading\n\n## StackOne heading\n")
    blocks = map_text(g.blocks, SWAP, HeadingIds())
    assert [b.anchor for b in blocks] == ["acme-heading", "acme-heading-2"]
    assert blocks[0] is g.blocks[0]  # unchanged text, unchanged id: the same object


def test_text_fn_swaps_then_unlinks() -> None:
    assert text_fn(SWAP, None, "/guides/a")("StackOne") == "Acme"
    fn = text_fn(SWAP, TARGETS, "/guides/a")
    assert fn("[StackOne](/guides/gone) and [StackOne](/guides/b)") == (
        "Acme and [Acme](/guides/b)"
    )


URLS = {
    "https://api.stackone.com": "https://api.acme.example",
    "https://api.stackone.com/connect": "https://connect.acme.example",
}


def url_swap() -> TermSwap:
    return TermSwap({"StackOne": "Acme"}.items(), URLS.items())


def test_url_map_longest_prefix_first_then_terms() -> None:
    swap = url_swap()
    assert swap("See https://api.stackone.com/connect/x, https://api.stackone.com/v1.") == (
        "See https://connect.acme.example/x, https://api.acme.example/v1."
    )
    # the URL is mapped first; a term inside a URL is still never swapped
    assert swap("StackOne: <https://api.stackone.com/StackOne>") == (
        "Acme: <https://api.acme.example/StackOne>"
    )
    assert swap("") == "" and swap("no URL, no term") == "no URL, no term"
    # code: the URL map only, a word stays (the leak check reports it)
    assert swap.code("StackOne https://api.stackone.com/v1") == (
        "StackOne https://api.acme.example/v1"
    )
    urls_only = TermSwap([], URLS.items())
    assert (
        urls_only("StackOne https://api.stackone.com/v1") == "StackOne https://api.acme.example/v1"
    )
    assert TermSwap([]).code("https://api.stackone.com") == "https://api.stackone.com"
    brand = dataclasses.replace(
        load_config(ROOT / "mkdocs.yml").brand("acme"), urls=tuple(URLS.items())
    )
    mapped = TermSwap.for_brand(brand)
    assert mapped("StackOne Hub at https://api.stackone.com/x") == (
        "Acme Connect at https://api.acme.example/x"
    )


def test_variant_text_body_gives_fenced_code_the_url_map_only() -> None:
    swap = url_swap()
    fn = text_fn(swap, TARGETS, "/guides/a")
    body = (
        "StackOne [gone](/guides/gone).\n```sh\ncurl https://api.stackone.com/v1 # StackOne\n"
        "[gone](/guides/gone)\n```\nBetween StackOne.\n~~~\nStackOne\n~~~\nAfter StackOne."
    )
    assert fn.body(body) == (
        "Acme gone.\n```sh\ncurl https://api.acme.example/v1 # StackOne\n"
        "[gone](/guides/gone)\n```\nBetween Acme.\n~~~\nStackOne\n~~~\nAfter Acme."
    )
    assert fn.body("No fence: StackOne [gone](/guides/gone).") == "No fence: Acme gone."
    assert fn.body("```\nStackOne\n```") == "```\nStackOne\n```"  # only code
    assert fn.code("StackOne https://api.stackone.com") == "StackOne https://api.acme.example"
    keep = text_fn(swap, None, "/guides/a")
    assert keep.body("StackOne [gone](/guides/gone)") == "Acme [gone](/guides/gone)"
    # tilde fences alone; runs of several lines before, between and after the fences
    assert fn.body("~~~\nStackOne\n~~~") == "~~~\nStackOne\n~~~"
    runs = "a StackOne\nb StackOne\n~~~\nStackOne\n~~~\nc StackOne\nd StackOne"
    assert fn.body(runs) == "a Acme\nb Acme\n~~~\nStackOne\n~~~\nc Acme\nd Acme"


def test_code_blocks_get_the_url_map() -> None:
    g = page("```sh\ncurl https://api.stackone.com/v1 # StackOne\n```\n")
    out = apply_text(g, text_fn(url_swap(), None, g.url))
    code = [n.code for n in walk(out.blocks) if isinstance(n, m.CodeBlock)]
    assert code == ["curl https://api.acme.example/v1 # StackOne\n"]


def test_visible_and_white_anchors() -> None:
    src = (
        'Text <span id="s1">x</span> and <a name="n1"></a>.\n\n<div id="d1">\n\nIn.\n\n</div>\n\n'
        '<a href="#x" name="n2">z</a>\n\n<table id="t1"><tr><td>x</td></tr></table>\n\n'
        "<span title='id=no'>id= and name= in text only</span>\n\n## Head\n"
    )
    g = page(src)
    assert visible_anchors(g.blocks) == {"s1", "n1", "d1", "n2", "t1", "head"}
    hidden = page("## Setup\n\n<div data-whitelabel-hide>\n\n## Setup\n\n</div>\n\n## Setup\n")
    assert visible_anchors(hidden.blocks) == {"setup", "setup-2", "setup-3"}  # Mintlify's ids
    assert white_anchors(hidden.blocks) == {"setup", "setup-2"}  # numbered without the cut one
    # a guide keeps hubdocs' old ids as aliases (`setup-1` was the second Setup's)
    assert visible_anchors(hidden.blocks, "guide") == {"setup", "setup-1", "setup-2", "setup-3"}
    assert white_anchors(hidden.blocks, "guide") == {"setup", "setup-1", "setup-2"}
    assert white_anchors(g.blocks) == visible_anchors(g.blocks)


def test_a_hidden_scope_selectors_actions_go_with_it() -> None:
    def selector(action: str) -> str:
        q = "&#x22;"
        return (
            f'<div data-guides-scope-selector data-guide-actions-json="[{{{q}id{q}: {q}{action}'
            f'{q}, {q}label{q}: {q}{action} label{q}, {q}scopes{q}: [{q}s{q}]}}]">\n</div>\n\n'
        )

    src = selector("seen") + "<div data-whitelabel-hide>\n\n" + selector("gone") + "</div>\n"
    g = page(src)
    assert [a.id for a in g.actions] == ["seen", "gone"]
    cut = strip_hidden(g, load_config(ROOT / "mkdocs.yml").brand("acme"))
    assert [a.id for a in cut.actions] == ["seen"]
    kept = strip_hidden(page(selector("seen")), load_config(ROOT / "mkdocs.yml").brand("acme"))
    assert [a.id for a in kept.actions] == ["seen"]


def test_renumber_counts_only_the_headings_left() -> None:
    src = (
        "## Setup\n\n<div data-whitelabel-hide>\n\n## Setup\n\n</div>\n\n"
        '<Steps>\n  <Step title="S">\n\n    ## Setup\n\n  </Step>\n</Steps>\n\n'
        '<section data-guide-section data-guide-scopes="s">\n  <h2>Setup</h2>\n\n'
        "  ## Setup\n</section>\n\n## Other\n"
    )
    g = page(src)
    anchors = [n.anchor for n in walk(g.blocks) if isinstance(n, m.Heading)]
    assert anchors == ["setup", "setup-2", "setup-3", "setup-4", "setup-5", "other"]
    cut = strip_hidden(g, load_config(ROOT / "mkdocs.yml").brand("acme"))
    anchors = [n.anchor for n in walk(cut.blocks) if isinstance(n, m.Heading)]
    assert anchors == ["setup", "setup-2", "setup-3", "setup-4", "other"]
    assert renumber(g.blocks) is g.blocks  # numbered as they are: the same objects


def test_cut_lines_drops_the_cut_and_the_blank_lines_before_it() -> None:
    spans = (m.Span(3, 5),)
    assert cut_lines("a\n\nb\nc\n\nd", spans, 1) == "a\n\nd\n"
    assert cut_lines("a\n\nb\nc\n\nd\n", (m.Span(12, 14),), 10) == "a\n\nd\n"
    # at the very start: the blank lines after it go instead
    assert cut_lines("b\nc\n\n \nd\n", (m.Span(1, 3),), 1) == "d\n"
    assert cut_lines("x\n\n  \nb\nc\n\nd\n", (m.Span(4, 6),), 1) == "x\n\nd\n"
    # two cuts; a blank line already cut is where the walk back stops
    assert cut_lines("a\n\nb\n\nc\n\nd\n", (m.Span(3, 4), m.Span(5, 6)), 1) == "a\n\nd\n"
    assert cut_lines("a\nb\nc\n", (m.Span(3, 9),), 1) == "a\nb\n"  # a span past the end
    assert cut_lines("a\nb", (), 1) == "a\nb"  # nothing cut: as it was
    assert cut_lines("\nb\n\nd\n", (m.Span(2, 3),), 1) == "d\n"  # blank first line
    assert cut_lines("\nx\n\n\nb\n", (m.Span(5, 6),), 1) == "\nx\n"  # every blank before it
    assert cut_lines("b\n\n", (m.Span(1, 2),), 1) == "\n"  # blank lines to the very end


def test_vary_page_cuts_swaps_unlinks_and_prunes_references() -> None:
    cfg = load_config(ROOT / "mkdocs.yml")
    acme, stackone = cfg.brand("acme"), cfg.brand("stackone")
    src = (
        "Intro StackOne.\n\n<div data-whitelabel-hide>\n\nHidden [h][h].\n\n[h]: /guides/b\n\n"
        "</div>\n\n## Setup\n\nSee [b](/guides/b), [c](/guides/c) and [r][r].\n\n[r]: /guides/c\n"
    )
    g = page(src)
    assert vary_page(g, stackone, TermSwap.for_brand(stackone), None) is g
    out = vary_page(g, acme, TermSwap.for_brand(acme), None)
    assert out.body == (
        "Intro Acme.\n\n## Setup\n\nSee [b](/guides/b), [c](/guides/c) and [r][r].\n\n"
        "[r]: /guides/c\n"
    )
    assert out.title == "Acme title" and len(out.cuts) == 1
    assert set(out.extras.references) == {"R"}  # the hidden definition goes
    targets = {"/guides/b": frozenset(), g.url: frozenset({"setup"})}
    linked = vary_page(g, acme, TermSwap.for_brand(acme), targets)
    assert linked.body == "Intro Acme.\n\n## Setup\n\nSee [b](/guides/b), c and [r][r].\n\n"
    assert linked.extras.references == {}
    # a branded brand with terms: nothing is cut, the terms are swapped (body included)
    swapping = dataclasses.replace(stackone, terms=(("StackOne", "Parent"),))
    kept = vary_page(g, swapping, TermSwap.for_brand(swapping), None)
    assert kept.cuts == () and "Hidden [h][h]" in kept.body and "Intro Parent." in kept.body
    assert kept.extras.references == g.extras.references
    # a white-label brand without terms or URL maps still cuts
    bare = dataclasses.replace(acme, terms=(), urls=())
    assert vary_page(g, bare, TermSwap.for_brand(bare), None).body.startswith(
        "Intro StackOne.\n\n## Setup"
    )
    # a branded brand with a URL map only
    mapped = dataclasses.replace(stackone, urls=(("https://a.example", "https://b.example"),))
    linked_url = page("See https://a.example/x.\n")
    assert (
        "https://b.example/x"
        in vary_page(linked_url, mapped, TermSwap.for_brand(mapped), None).body
    )
    # reference definitions resolve from the page: `#setup` is this page's anchor
    own = page("## Setup\n\nSee [s][s] and [t][t].\n\n[s]: #setup\n[t]: #nowhere\n")
    refs = vary_page(own, acme, TermSwap.for_brand(acme), {own.url: frozenset({"setup"})})
    assert set(refs.extras.references) == {"S"}
    # a branded brand with targets: links to pages it lacks go, hidden ones stay
    pruned = vary_page(g, stackone, TermSwap.for_brand(stackone), {"/guides/c": frozenset()})
    assert set(pruned.extras.references) == {"R"}
    assert "Hidden [h][h]" in pruned.body and "See b, [c](/guides/c)" in pruned.body
