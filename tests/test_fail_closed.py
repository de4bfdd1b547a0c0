"""Fail closed: every way to mark hidden content is honoured in every output of every
white-label brand, or refused with a located error — never published."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from renderer.build import build
from renderer.config.mkdocs_yml import load_config
from renderer.core.errors import GuideError
from renderer.parse.page import parse_guide

FRONT = (
    "---\ntitle: Connect Canary with API Key – StackOne Hub\ndescription: Canary guide.\n---\n\n"
)
ACTIONS = (
    "[{&#x22;id&#x22;:&#x22;hidden_action&#x22;,&#x22;label&#x22;:&#x22;CanaryActionLabel"
    "&#x22;,&#x22;scopes&#x22;:[&#x22;canary:scope&#x22;]}]"
)
HIDDEN_FORMS = {
    "section": (
        '<section data-guide-section data-guide-scopes="" data-whitelabel-hide>\n'
        "  <h2>Canary section heading</h2>\n  CANARY-SECTION body text here.\n</section>\n"
    ),
    "p": "<p data-whitelabel-hide>CANARY-PARAGRAPH hidden words</p>\n",
    "upper": "<p DATA-WHITELABEL-HIDE>CANARY-UPPERCASE hidden words</p>\n",
    "callout": "<Note data-whitelabel-hide>CANARY-CALLOUT hidden words</Note>\n",
    "ul": "<ul data-whitelabel-hide>\n  <li>CANARY-LIST hidden item</li>\n</ul>\n",
    "steps": (
        '<Steps data-whitelabel-hide>\n  <Step title="CANARY-STEP title">\n'
        "    Hidden step body.\n  </Step>\n</Steps>\n"
    ),
    "panel": (
        "<Panel data-whitelabel-hide>\n"
        f'  <div data-guides-scope-selector data-guide-actions-json="{ACTIONS}">\n  </div>\n'
        "</Panel>\n"
    ),
    "heading-intro": (
        "## Linking the account in the hub\n\nCANARY-INTRO paragraph before the steps.\n\n"
        '<Steps>\n  <Step title="Open the hub">\n    CANARY-HUBSTEP body.\n  </Step>\n</Steps>\n\n'
        "[canary-ref]: /guides/getting-started\n"
    ),
}


@pytest.fixture
def canary_site(project: Path) -> Path:
    page = project / "guides/canary/link-account/api-key.mdx"
    page.parent.mkdir(parents=True)
    body = "Visible intro for everyone.\n\n" + "\n".join(HIDDEN_FORMS.values())
    page.write_text(FRONT + body)
    build(load_config(project / "mkdocs.yml"), out=project / "out", jobs=1)
    return project / "out"


CANARIES = [
    "CANARY-SECTION",
    "Canary section heading",
    "CANARY-PARAGRAPH",
    "CANARY-UPPERCASE",
    "CANARY-CALLOUT",
    "CANARY-LIST",
    "CANARY-STEP",
    "CanaryActionLabel",
    "hidden_action",
    "CANARY-INTRO",
    "CANARY-HUBSTEP",
    "canary-ref",
]


def test_every_hidden_form_reaches_the_branded_site(canary_site: Path) -> None:
    html = (canary_site / "stackone/connectors/canary/guides/link-account/api-key.html").read_text()
    twin = (canary_site / "stackone/connectors/canary/guides/link-account/api-key.md").read_text()
    for canary in CANARIES:
        assert canary in html or canary in twin, canary


@pytest.mark.parametrize("brand", ["acme", "northwind"])
def test_no_hidden_form_reaches_any_white_label_file(canary_site: Path, brand: str) -> None:
    files = [p for p in (canary_site / brand).rglob("*") if p.is_file()]
    assert len(files) > 20
    page = canary_site / brand / "connectors/canary/guides/link-account/api-key.html"
    assert "Visible intro for everyone." in page.read_text()  # the page itself is there
    for path in files:
        data = path.read_bytes().decode("utf-8", "replace")
        for canary in CANARIES:
            assert canary not in data, (path, canary)
        assert "canary:scope" not in data, path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "<ul>\n  <li><div data-whitelabel-hide>x</div></li>\n</ul>\n",
            "hide marker here would not hide anything",
        ),
        ("## Title <span data-whitelabel-hide>x</span>\n", "hide marker here would not hide"),
        ("<div data-whitelable-hide>\n  x\n</div>\n", "is not the white-label hide marker"),
        ("<div data-white-label-hide>\n  x\n</div>\n", "is not the white-label hide marker"),
        ("<div data-whitelabel-hide='false'>\n  x\n</div>\n", "takes no value"),
        (
            '<Steps>\n  <Step title="a" data-whitelabel-hide>\n    b\n  </Step>\n</Steps>\n',
            "on a `<Step>` is not supported",
        ),
        ("<details>\n<h3>Set up the Hub</h3>\n</details>\n", "raw HTML heading names the Hub"),
        ("<!-- a comment that never ends\n\nMore.\n", "`<!--` is never closed"),
        ("<script>\nx\n", "`<script>` is never closed"),
        ("<style>\nx\n", "`<style>` is never closed"),
        ("<textarea>\nx\n", "`<textarea>` is never closed"),
        ("<?php\nx\n", "`<?` is never closed"),
        ("<![CDATA[\nx\n", "`<![CDATA[` is never closed"),
    ],
)
def test_markers_that_cannot_be_honoured_are_located_errors(body: str, message: str) -> None:
    with pytest.raises(GuideError) as info:
        parse_guide("guides/c/link-account/api-key.mdx", FRONT + body)
    problem = info.value.problems[0]
    assert message in problem.message
    assert problem.pos.line >= 5 and problem.source_line


@pytest.mark.parametrize(
    "key", ["whitelabel-hide", "whitelable_hide", "WhitelabelHide", "white_label_hide", "wl_hide"]
)
def test_hide_flag_near_misses_are_errors_in_pages_too(key: str) -> None:
    with pytest.raises(GuideError) as info:
        parse_guide("guides/guides/p.mdx", f"---\ntitle: T\n{key}: true\n---\n\nx\n")
    problem = info.value.problems[0]
    assert problem.level == "error" and "whitelabel_hide" in problem.hint
    assert problem.pos.line == 3


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('order: !!int "abc"', "invalid literal for int()"),
        ("date: 2024-13-40", "month must be in 1..12"),
        ("n: " + "9" * 5000, "Exceeds the limit"),
    ],
)
def test_typed_yaml_that_fails_to_convert_is_located(line: str, message: str) -> None:
    with pytest.raises(GuideError) as info:
        parse_guide("guides/p.mdx", f"---\ntitle: T\n{line}\n---\n\nx\n")
    problem = info.value.problems[0]
    assert message in problem.message and problem.pos.line == 3


LINK_SPELLINGS = [
    ('[Hidden](/guides/secret "a title")', "Hidden"),
    ("[Hidden]( /guides/secret )", "Hidden"),
    ("[Hidden [nested] text](/guides/secret)", "Hidden [nested] text"),
    ("[Hidden \\] escaped](/guides/secret)", "Hidden \\] escaped"),
    ("[Hidden\nwrapped](/guides/secret)", "Hidden\nwrapped"),
    ("<a href=/guides/secret>Hidden</a>", "Hidden"),
    ("<A HREF='/guides/secret'>Hidden</A>", "Hidden"),
    ('<a href="/guides/secret">Hidden', "Hidden"),
    ("[Hidden][s]\n\n[s]:\n  /guides/secret\n", "[Hidden][s]\n\n"),
    ("[Hidden](</guides/secret>)", "Hidden"),
    ("[Hidden](/connectors/onlybranded)", "Hidden"),
]


@pytest.mark.parametrize(("text", "kept"), LINK_SPELLINGS)
def test_links_to_hidden_pages_are_unlinked_in_every_spelling(text: str, kept: str) -> None:
    from renderer.vary.variant import Unlinker

    unlink = Unlinker({"/guides/visible": frozenset()}, "/guides/page")
    out = unlink(text)
    assert "secret" not in out and "onlybranded" not in out
    assert kept in out
    assert unlink("[Fine](/guides/visible) <a href=/guides/visible>ok</a>") == (
        "[Fine](/guides/visible) <a href=/guides/visible>ok</a>"
    )


@pytest.mark.parametrize(
    "text",
    ["[" * 1_000_000, "[a](" * 250_000, "<" * 1_000_000, "<a href=/x>" * 90_000, "`a" * 500_000],
)
def test_text_helpers_are_linear(text: str) -> None:
    """1 MB of hostile text through every text helper: twice the text takes at most about twice
    the CPU time (a quadratic helper takes four times), and never more than a generous 20 s
    (a runaway); measured in-process, so start-up does not count. Not an absolute speed test:
    a loaded machine once made 0.9 MB of links take 2.3 s of CPU, and a busy one once took 3.4
    times as long for twice the links, once: a ratio over the bound is measured twice more and
    the fastest run of each size kept (a quadratic helper stays at four times)."""
    import time

    from renderer.core.text import plain_text
    from renderer.parse.link_scan import find_links
    from renderer.parse.mdx_text import expand
    from renderer.vary.variant import Unlinker

    def cpu(helper: Any, t: str) -> float:
        start = time.process_time()
        helper(t)
        return time.process_time() - start

    for helper in (plain_text, find_links, Unlinker({}, "/p"), expand):
        half, full = cpu(helper, text[: len(text) // 2]), cpu(helper, text)
        assert full < 20, (helper, full)
        for _ in range(2):
            if full < 3 * half + 0.1:
                break
            half = min(half, cpu(helper, text[: len(text) // 2]))
            full = min(full, cpu(helper, text))
        assert full < 3 * half + 0.1, (helper, half, full)


def _hidden_page_site(project: Path, link: str) -> Path:
    secret = project / "guides/guides/secret.mdx"
    secret.write_text("---\ntitle: Secret\nwhitelabel_hide: true\n---\n\nOnly for us.\n")
    only = project / "guides/onlybranded/link-account/api-key.mdx"
    only.parent.mkdir(parents=True)
    only.write_text(
        "---\ntitle: Connect Onlybranded with API Key – StackOne Hub\n"
        "description: Branded only.\nwhitelabel_hide: true\n---\n\nText.\n"
    )
    page = project / "guides/guides/getting-started.mdx"
    page.write_text(page.read_text() + "\n" + link + "\n")
    return project


@pytest.mark.parametrize(
    "link",
    [
        "See [the secret page](/guides/secret 'titled').",
        "See <a href=/guides/secret>the secret page</a>.",
        "See [the connector](/connectors/onlybranded).",
    ],
)
def test_white_label_build_unlinks_branded_only_pages(project: Path, link: str) -> None:
    _hidden_page_site(project, link)
    build(load_config(project / "mkdocs.yml"), out=project / "out", jobs=1)
    page = (project / "out/acme/guides/getting-started.html").read_text()
    assert "/guides/secret" not in page and "/connectors/onlybranded" not in page
    branded = (project / "out/stackone/guides/getting-started.html").read_text()
    assert "/guides/secret" in branded or "/connectors/onlybranded" in branded


def test_a_link_the_unlinker_cannot_read_stops_the_build(project: Path) -> None:
    """The last line of defence: a rendered white-label page that still links to a page the
    brand does not have is a leak (here a destination nested deeper than the unlinker reads)."""
    _hidden_page_site(project, "See [deep](/guides/secret((((x))))).")
    with pytest.raises(GuideError) as info:
        build(load_config(project / "mkdocs.yml"), out=project / "out", jobs=1)
    assert "a page this brand does not have" in str(info.value)


@pytest.mark.parametrize(
    "disguise",
    [
        "Stack\u00adOne",
        "Stack&shy;One",
        "Stack&#173;One",
        "St\u200backOne",
        "Stack\u200dOne",
        "Stack\u2060One",
        "\uff33\uff54\uff41\uff43\uff4b\uff2f\uff4e\uff45",
        "St\u0430ckOne",
        "https://api.stack%6Fne.com/connect",
        "&#83;tackOne",
    ],
)
def test_disguised_parent_words_are_leaks(disguise: str) -> None:
    from renderer.brand.leaks import LeakChecker

    from .conftest import ROOT

    brand = load_config(ROOT / "mkdocs.yml").brand("acme")
    checker = LeakChecker(brand, {})
    page = f"<p>Connect – via {disguise} today…</p>\n".encode()
    assert any("parent brand word" in hit for hit in checker.check("guides/p.html", page))
    assert checker.check("guides/p.html", "<p>Connect – via Acme today…</p>\n".encode()) == []


def test_anchors_do_not_count_hidden_headings(project: Path) -> None:
    page = project / "guides/anchors/link-account/api-key.mdx"
    page.parent.mkdir(parents=True)
    page.write_text(
        FRONT + "<div data-whitelabel-hide>\n\n## Setup\n\nHidden.\n\n</div>\n\n"
        "## Setup\n\nVisible [again](#setup-1).\n"
    )
    build(load_config(project / "mkdocs.yml"), out=project / "out", jobs=1)
    rel = "connectors/anchors/guides/link-account/api-key.html"
    assert 'id="setup-1"' in (project / "out/stackone" / rel).read_text()
    white = (project / "out/acme" / rel).read_text()
    assert 'id="setup"' in white and "setup-1" not in white


def test_connector_and_index_twins_are_defanged(project: Path) -> None:
    page = project / "guides/evil/link-account/api-key.mdx"
    page.parent.mkdir(parents=True)
    page.write_text(
        '---\ntitle: "Connect <script>alert(1)</script> with API Key – StackOne Hub"\n'
        'description: "<img src=x onerror=alert(1)>"\nconnector: "<script>x()</script>"\n---\n\nText.\n'
    )
    build(load_config(project / "mkdocs.yml"), ["stackone"], out=project / "out", jobs=1)
    for name in ("connectors/evil.md", "index.md"):
        text = (project / "out/stackone" / name).read_text()
        assert "<script" not in text and "<img" not in text, name


CALLBACK = "https://api.stackone.com/connect/oauth2/canary/callback"


def _callback_guide(project: Path) -> Path:
    page = project / "guides/canary/connector-profile/oauth-2-0.mdx"
    page.parent.mkdir(parents=True)
    page.write_text(
        "---\ntitle: Canary OAuth 2.0 connector profile – StackOne setup guide\n"
        "description: Register the app.\n---\n\n"
        f"Set the redirect URL to `{CALLBACK}` (see [the callback]({CALLBACK})).\n\n"
        f"```bash\ncurl {CALLBACK}\n```\n"
    )
    return page


def test_brand_url_map_rewrites_the_callback_everywhere(project: Path) -> None:
    _callback_guide(project)
    brand = project / "site_template/brands/acme/brand.yml"
    brand.write_text(
        brand.read_text()
        + "urls:\n  https://api.stackone.com/connect/: https://connect.acme.example/\n"
    )
    build(load_config(project / "mkdocs.yml"), ["acme"], out=project / "out", jobs=1)
    mapped = "https://connect.acme.example/oauth2/canary/callback"
    rel = "connectors/canary/guides/connector-profile/oauth-2-0"
    for name in (f"{rel}.html", f"{rel}.md", "connectors/canary/llms-full.txt"):
        text = (project / "out/acme" / name).read_text()
        assert mapped in text and "api.stackone.com" not in text, name
    assert (project / "out/acme" / f"{rel}.md").read_text().count(mapped) == 3
    search = _search_text(project / "out/acme")
    assert mapped in search and "api.stackone.com" not in search


def _search_text(brand_dir: Path) -> str:
    """Every search-index file of a built brand, decompressed, as one text."""
    import gzip

    texts = []
    for p in sorted(brand_dir.rglob("*")):
        if p.is_file() and "pagefind" in p.relative_to(brand_dir).as_posix():
            data = p.read_bytes()
            texts.append(
                (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode(
                    "utf-8", "replace"
                )
            )
    assert texts, "no search index"
    return "\n".join(texts)


def test_without_a_url_map_the_leak_points_at_the_guide(project: Path) -> None:
    _callback_guide(project)
    with pytest.raises(GuideError) as info:
        build(load_config(project / "mkdocs.yml"), ["acme"], out=project / "out", jobs=1)
    text = str(info.value)
    assert "guides/canary/connector-profile/oauth-2-0.mdx:6:" in text, text
    assert "white-label leak for brand acme: parent brand word" in text
    assert "`urls:`" in text  # the hint names the URL map


def test_a_hidden_snippet_reaches_only_the_branded_site(project: Path) -> None:
    """`whitelabel_hide: true` in a snippet's front matter hides every inclusion of it: the
    branded site shows its text (page, twin, llms-full.txt), no white label has it anywhere."""
    snippets = project / "guides" / "snippets"
    snippets.mkdir()
    (snippets / "partner.mdx").write_text(
        "---\nwhitelabel_hide: true\n---\n\nAsk your Canary-Partner-4e1 contact for access.\n"
    )
    page = project / "guides/guides/getting-started.mdx"
    text = page.read_text()
    head, _, body = text.partition("\n---\n")
    page.write_text(
        f'{head}\n---\n\nimport Partner from "/snippets/partner.mdx"\n{body}\n<Steps>\n'
        '  <Step title="Access">\n    <Partner />\n\n    Then sign in.\n  </Step>\n</Steps>\n'
    )
    build(load_config(project / "mkdocs.yml"), out=project / "out", jobs=1)
    branded = project / "out/stackone"
    assert "Canary-Partner-4e1" in (branded / "guides/getting-started.html").read_text()
    assert "Canary-Partner-4e1" in (branded / "guides/getting-started.md").read_text()
    assert "Canary-Partner-4e1" in (branded / "llms-full.txt").read_text()
    for brand in ("acme", "northwind"):
        folder = project / "out" / brand
        assert "Then sign in." in (folder / "guides/getting-started.html").read_text()
        leaked = [p for p in folder.rglob("*") if p.is_file() and b"Canary-Partner-4e1" in _read(p)]
        assert leaked == []
    fragments = list((branded / "pagefind").rglob("*.pf_fragment"))
    assert any(b"Canary-Partner-4e1" in _read(p) for p in fragments)  # the search is read too


def _read(path: Path) -> bytes:
    """A file's bytes as a reader gets them (Pagefind's gzip'd files decompressed)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        import gzip

        return gzip.decompress(data)
    return data
