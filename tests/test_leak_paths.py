"""The white-label leak check on every kind of output file and on every build path: a parent
word that survives varying (inside a URL, where terms are never replaced, or in a page's file
name) stops the build and is reported in each file it reached."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from renderer.build import build
from renderer.config.mkdocs_yml import load_config
from renderer.core.errors import GuideError

URL = "https://stackone.com/docs/leak"
LEAPSOME = "guides/leapsome/link-account/scim-api-token.mdx"
PAGE = "connectors/leapsome/guides/link-account/scim-api-token"


def leaked_files(err: GuideError, brand: str = "acme") -> set[str]:
    """The output files a leak error names for one brand: at the output file, or listed as
    the files a leak located in its source "would reach"."""
    out = set()
    for p in err.problems:
        if "parent brand word" not in p.message:
            continue
        if p.pos.path.startswith(f"{brand}/"):
            out.add(p.pos.path.removeprefix(f"{brand}/"))
        reach = re.search(r"\(would reach ([^)]*)\)", p.message)
        if reach:
            out |= {x.strip().removeprefix(f"{brand}/") for x in reach.group(1).split(",")}
    return out


def plant_in_description(project: Path) -> None:
    guide = project / LEAPSOME
    text = guide.read_text()
    text = re.sub(r'(?m)^description: "(.*)"$', rf'description: "\1 See {URL}"', text, count=1)
    guide.write_text(text + f"\nMore at <{URL}>.\n")


EVERY_KIND = {
    f"{PAGE}.html",  # the page
    f"{PAGE}.md",  # its twin
    "connectors/leapsome.html",  # the connector page lists the description
    "connectors/leapsome.md",
    "llms.txt",  # the description in the list of pages
    ".well-known/llms.txt",  # its copy for agents (the agents files go through the check too)
    "llms-full.txt",  # the page's piece
    "connectors/leapsome/llms.txt",  # the connector's own llms files
    "connectors/leapsome/llms-full.txt",
}


@pytest.mark.parametrize("jobs", [1, 2])
def test_full_build_checks_every_output_kind(project: Path, monkeypatch, jobs: int) -> None:
    import renderer.build.full as b

    monkeypatch.setattr(b, "PARALLEL_MIN", 1)  # two forked slice workers with jobs=2
    plant_in_description(project)
    with pytest.raises(GuideError) as info:
        build(load_config(project / "mkdocs.yml"), ["acme"], project / "out", jobs=jobs)
    assert leaked_files(info.value) == EVERY_KIND
    assert not (project / "out/acme").exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_hidden_text_is_checked_in_the_pages_pieces(project: Path, monkeypatch, jobs: int) -> None:
    """A page's piece of llms-full.txt is checked for the page's hidden text (the joined file
    only for parent words): here the description repeats a hidden sentence."""
    import renderer.build.full as b

    monkeypatch.setattr(b, "PARALLEL_MIN", 1)
    echo = "An echo of a sentence the page hides"
    (project / "guides/guides/echo.mdx").write_text(
        f'---\ntitle: Echo\ndescription: "{echo}"\n---\n\nShown text.\n\n'
        f"<div data-whitelabel-hide>\n\n{echo}\n\n</div>\n"
    )
    with pytest.raises(GuideError) as info:
        build(load_config(project / "mkdocs.yml"), ["acme"], project / "out", jobs=jobs)
    found = {
        p.pos.path
        for p in info.value.problems
        if p.pos.path.startswith("acme/") and f"hidden text {echo!r}" in p.message
    }
    assert found == {"acme/llms-full.txt", "acme/llms.txt", "acme/index.html"}
    located = [p for p in info.value.problems if p.pos.path.endswith("echo.mdx")]
    assert len(located) == 1 and "(would reach acme/guides/echo.html, acme/guides/echo.md)" in (
        located[0].message
    )


def test_page_names_are_checked_in_the_files_that_list_every_page(project: Path) -> None:
    (project / "guides/guides/stackone-tips.mdx").write_text(
        "---\ntitle: Tips\ndescription: Some tips.\n---\n\nTips.\n"
    )
    with pytest.raises(GuideError) as info:
        build(load_config(project / "mkdocs.yml"), ["acme"], project / "out", jobs=1)
    files = leaked_files(info.value)
    assert {"sitemap.xml", "llms.txt", "index.html", "index.md", "404.html"} <= files
    assert "guides/stackone-tips.html" in files  # its own canonical link


def test_unlisted_page_is_checked(project: Path) -> None:
    """An unlisted page is in no index file: its own HTML and twin are all that can leak."""
    (project / "guides/guides/quiet.mdx").write_text(
        f"---\ntitle: Quiet\ndescription: Unlisted.\nunlisted: true\n---\n\nSee {URL} now.\n"
    )
    with pytest.raises(GuideError) as info:
        build(load_config(project / "mkdocs.yml"), ["acme"], project / "out", jobs=1)
    assert leaked_files(info.value) == {"guides/quiet.html", "guides/quiet.md"}


def test_incremental_build_checks_re_rendered_pages(project: Path, monkeypatch) -> None:
    import renderer.build.full as b  # build() imports full_build from here when it falls back

    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    guide = project / LEAPSOME
    guide.write_text(
        guide.read_text().replace("with an admin user.", f"with an admin user ({URL}).")
    )

    def no_full_build(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("took the full path: this test is about the incremental one")

    monkeypatch.setattr(b, "full_build", no_full_build)
    with pytest.raises(GuideError) as info:
        build(load_config(cfg), out=out, jobs=1)
    assert leaked_files(info.value) == {
        f"{PAGE}.html",
        f"{PAGE}.md",
        "llms-full.txt",  # the piece, checked once for the root and the connector's file
    }
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_incremental_build_checks_unlisted_pages(project: Path, monkeypatch) -> None:
    import renderer.build.full as b  # build() imports full_build from here when it falls back

    cfg = project / "mkdocs.yml"
    out = project / "out"
    quiet = project / "guides/guides/quiet.mdx"
    quiet.write_text("---\ntitle: Quiet\ndescription: Unlisted.\nunlisted: true\n---\n\nHi.\n")
    build(load_config(cfg), out=out, jobs=1)
    quiet.write_text(quiet.read_text().replace("Hi.", f"See {URL} now."))
    monkeypatch.setattr(b, "full_build", None)  # the incremental path only (a fallback fails)
    with pytest.raises(GuideError) as info:
        build(load_config(cfg), out=out, jobs=1)
    assert leaked_files(info.value) == {"guides/quiet.html", "guides/quiet.md"}


def test_a_word_split_by_markup_is_located_in_the_source(project: Path) -> None:
    """`Stack**One**` reads as the parent's name: refused on the page and its twin, located
    where it is written (an unlisted page: no index file would show it)."""
    (project / "guides/guides/quiet.mdx").write_text(
        "---\ntitle: Quiet\ndescription: Unlisted.\nunlisted: true\n---\n\nMade by Stack**One**.\n"
    )
    with pytest.raises(GuideError) as info:
        build(load_config(project / "mkdocs.yml"), ["acme"], project / "out", jobs=1)
    [problem] = info.value.problems
    assert problem.pos.path.endswith("guides/guides/quiet.mdx")
    assert (problem.pos.line, problem.pos.col) == (7, 9)
    assert "'StackOne' split by markup" in problem.message
    assert leaked_files(info.value) == {"guides/quiet.html", "guides/quiet.md"}
    assert not (project / "out/acme").exists()


def test_the_search_bundle_is_checked_in_a_full_build(project: Path) -> None:
    """A parent word only Pagefind's own files hold (here a term named like a word of its
    script) stops the build at the bundle, before the brand's tree is swapped in."""
    brand = project / "site_template/brands/acme/brand.yml"
    brand.write_text(brand.read_text().replace("terms:\n", "terms:\n  wasm_bindgen: wb\n", 1))
    with pytest.raises(GuideError) as info:
        build(load_config(project / "mkdocs.yml"), ["acme"], project / "out", jobs=1)
    paths = {p.pos.path for p in info.value.problems}
    assert paths and all(p.startswith("acme/pagefind/") for p in paths), paths
    assert all("'wasm_bindgen'" in p.message for p in info.value.problems)
    assert not (project / "out/acme").exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("site.webmanifest", b'{\n  "name": "StackOne Docs"\n}\n'),  # any extension
        ("notes.txt", b"Made by \\u0053tackOne\n"),  # a JSON escape
        ("fonts.css", b'.a::after { content: "\\53 tack\\4f ne"; }\n'),  # a CSS escape
        ("banner.svg", b"<svg><text>Stack<tspan>One</tspan></text></svg>"),  # a split run
        ("terms.txt.gz", gzip.compress(b"Terms of StackOne\n", mtime=0)),  # a container
        ("mark.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0ftEXtAuthor\x00StackOne\x00\x00\x00\x00"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",  # the file name (never the bytes)
)
def test_theme_files_of_any_kind_are_checked(project: Path, name: str, data: bytes) -> None:
    """A theme's static files reach every brand's assets/: each is read (decoded as a reader
    would) before it is written; the brand's tree is not written. (A clean theme file is
    written: the sample theme's own files pass.)"""
    (project / "site_template/static" / name).write_bytes(data)
    with pytest.raises(GuideError) as info:
        build(load_config(project / "mkdocs.yml"), ["acme"], project / "out", jobs=1)
    assert leaked_files(info.value) == {f"assets/{name}"}
    assert not (project / "out/acme").exists()
