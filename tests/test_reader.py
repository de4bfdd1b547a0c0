"""Issue 26, read from the built files: the navigation as Mintlify draws it (tab bar for one
declared tab, global anchors, icons, `expanded`, previous/next, breadcrumbs), images (sizes
from the files, noZoom), SEO and settings (metatags, canonical, robots, sitemap, banner, 404,
search prompt) and reader-facing text that never names the tool. The browser side is in
tests/test_reader_browser.py."""

from __future__ import annotations

import json
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from renderer.build import build
from renderer.commands.project import load_project as load_config
from renderer.core.errors import GuideError
from renderer.render.images import image_size, local_file, sized_images
from renderer.render.seo import inline_markdown, meta_tags, noindex_all, robots_txt

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "reader-site"
BRAND = "plover-documentation-center"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reader")
    build(load_config(FIXTURE / "docs.json"), out=out, jobs=1)
    return out / BRAND


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    return tmp_path / "repo"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _docs(repo: Path) -> dict:
    return json.loads((repo / "docs.json").read_text())


def _write(repo: Path, data: dict) -> None:
    (repo / "docs.json").write_text(json.dumps(data))


# -- navigation ---------------------------------------------------------------------------


def test_one_declared_tab_is_drawn_with_its_icon(site: Path) -> None:
    page = soup(site / "guides" / "images.html")
    tabs = page.select("nav.hd-navtabs a")
    assert [a.get_text(strip=True) for a in tabs] == ["Guides"]
    assert tabs[0].select_one("svg.hd-icon use")["href"].endswith("#fa-solid-book-open")
    # the same tabs inside the phone drawer
    assert [a.get_text(strip=True) for a in page.select("#hd-nav .hd-drawer-tabs a")] == ["Guides"]


def test_pages_outside_any_tab_draw_no_tab_bar(repo: Path, tmp_path: Path) -> None:
    data = _docs(repo)
    data["navigation"] = {"groups": data["navigation"]["tabs"][0]["groups"]}
    _write(repo, data)
    build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    page = soup(tmp_path / "out" / BRAND / "guides" / "images.html")
    assert page.select("nav.hd-navtabs") == []
    assert page.select(".hd-drawer-tabs") == []


def test_global_anchors_group_and_page_icons(site: Path) -> None:
    page = soup(site / "guides" / "images.html")
    anchor = page.select_one("nav.hd-sidebar .hd-nav-anchors a")
    assert anchor["href"] == "https://status.plover.example.com"
    assert anchor.get_text(strip=True) == "Status"
    assert anchor.select_one("use")["href"].endswith("#fa-solid-signal")
    title = page.select_one("nav.hd-sidebar .hd-nav-title")
    assert title.get_text(strip=True) == "Get started"
    assert title.select_one("use")["href"].endswith("#fa-solid-rocket")
    home = page.select_one('nav.hd-sidebar a[href="/"]')
    assert home.select_one("use")["href"].endswith("#fa-regular-house")  # FA: regular first
    # the sprite holds every symbol the navigation uses
    sprite = (site / "assets" / "icons.svg").read_text()
    for name in ("solid-book-open", "solid-signal", "solid-rocket", "regular-house"):
        assert f'id="fa-{name}"' in sprite


def test_groups_honour_expanded_and_open_on_the_current_page(site: Path) -> None:
    page = soup(site / "guides" / "images.html")
    subs = {d.summary.get_text(strip=True): d.has_attr("open") for d in page.select("details")}
    assert subs == {"Deep dive": True, "Closed group": False}
    closed = soup(site / "guides" / "closed.html")
    subs = {d.summary.get_text(strip=True): d.has_attr("open") for d in closed.select("details")}
    assert subs == {"Deep dive": True, "Closed group": True}


def test_previous_next_and_breadcrumbs_follow_the_navigation(site: Path) -> None:
    def pager(path: Path) -> dict[str, str]:
        return {a["rel"][0]: a["href"] for a in soup(path).select(".hd-pager a")}

    assert pager(site / "index.html") == {"next": "/guides/components"}
    assert pager(site / "guides" / "images.html") == {
        "prev": "/guides/components",
        "next": "/guides/wide",
    }
    assert pager(site / "guides" / "closed.html") == {"prev": "/guides/wide"}
    crumbs = soup(site / "guides" / "wide.html").select(".hd-crumbs li")
    assert [c.get_text(strip=True) for c in crumbs] == ["Media", "Deep dive"]
    assert not soup(site / "guides" / "wide.html").select('.hd-crumbs [aria-current="page"]')


def _landing_site(repo: Path, tmp_path: Path) -> Path:
    """The fixture without its index page; the first tab is a link (into the site, to a page
    the navigation hides), the first group starts with a hidden page."""
    (repo / "index.mdx").unlink()
    hidden = repo / "guides" / "closed.mdx"
    hidden.write_text(hidden.read_text().replace("---\n\n", "hidden: true\n---\n\n", 1))
    data = _docs(repo)
    data["navigation"]["tabs"][0]["groups"][0]["pages"] = ["guides/closed", "guides/components"]
    data["navigation"]["tabs"].insert(0, {"tab": "Closed", "href": "/guides/closed"})
    _write(repo, data)
    build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    return tmp_path / "out" / BRAND


def test_the_landing_page_is_the_first_page_of_the_first_tab(repo: Path, tmp_path: Path) -> None:
    site = _landing_site(repo, tmp_path)
    home, page = soup(site / "index.html"), soup(site / "guides" / "components.html")
    assert not home.select('meta[http-equiv="refresh"]')  # a page, not a redirect
    assert home.h1.get_text() == page.h1.get_text() == "Components on one page"
    assert (
        home.select_one(".hd-article").decode_contents()
        == page.select_one(".hd-article").decode_contents()
    )
    # the page keeps its address (links to it still work); / is the one both name as canonical
    for doc in (home, page):
        assert doc.select_one('link[rel="canonical"]')["href"] == "https://docs.plover.example.com/"
        assert doc.select_one('nav.hd-sidebar [aria-current="page"]')["href"] == (
            "/guides/components"
        )
    # served at /: the search module is found relative to the root, not one folder up
    assert home.select_one('script[type="module"]')["src"].startswith("./assets/search.js")
    assert page.select_one('script[type="module"]')["src"].startswith("../assets/search.js")
    # searched once, as the page
    assert page.select_one("[data-pagefind-body]") is not None
    assert home.select_one("[data-pagefind-body]") is None
    locs = re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text())
    assert "https://docs.plover.example.com/" in locs
    assert "https://docs.plover.example.com/guides/components" not in locs


def test_a_hidden_page_never_becomes_the_landing_page(repo: Path, tmp_path: Path) -> None:
    site = _landing_site(repo, tmp_path)
    assert (site / "guides" / "closed.html").is_file()  # built, as hidden pages are
    assert soup(site / "index.html").h1.get_text() == "Components on one page"


def test_a_white_label_lands_on_its_own_first_page(repo: Path, tmp_path: Path) -> None:
    _two_brands(repo, "", WHITE)  # the first page is the branded site's only
    (repo / "index.mdx").unlink()
    build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    branded, white = tmp_path / "out" / "plover", tmp_path / "out" / "nimbus"
    assert soup(branded / "index.html").h1.get_text() == "Components on one page"
    assert not (white / "guides" / "components.html").exists()
    assert soup(white / "index.html").h1.get_text() == "Images and frames"
    assert not soup(white / "index.html").select('meta[http-equiv="refresh"]')


# -- images -------------------------------------------------------------------------------


def test_images_carry_their_file_sizes_and_nozoom(site: Path) -> None:
    imgs = {
        i["src"] + "|" + i.get("alt", ""): i
        for i in soup(site / "guides" / "images.html").select("main img")
    }
    wide = imgs["/images/wide.png|A wide blue band"]
    assert (wide["width"], wide["height"]) == ("1600", "400")
    svg = imgs["/images/diagram.svg|A grey diagram"]
    assert (svg["width"], svg["height"]) == ("300", "150")
    small = imgs["/images/small.png|A small red square"]
    assert small.has_attr("data-nozoom") and not small.has_attr("nozoom")
    assert not wide.has_attr("data-nozoom")
    frame = soup(site / "guides" / "images.html").select_one("figure.hd-frame")
    assert frame.figcaption.get_text(strip=True) == "A diagram in a frame"
    assert frame.select_one("img")["src"] == "/images/diagram.svg"
    pair = [i for k, i in imgs.items() if "screenshot" in k]
    assert [i["class"] for i in pair] == [["block", "dark:hidden"], ["hidden", "dark:block"]]


def _png(w: int, h: int) -> bytes:
    def chunk(t: bytes, d: bytes) -> bytes:
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\x00" * (w * 3 + 1) * h)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_image_size_reads_each_format(tmp_path: Path) -> None:
    files = {
        "a.png": _png(7, 5),
        "a.gif": b"GIF89a" + struct.pack("<HH", 11, 13) + b"\x00" * 20,
        "a.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\xff\xc0\x00\x11\x08"
        + struct.pack(">HH", 21, 34)
        + b"\x03" * 12,
        "a.webp": b"RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00"
        + (99).to_bytes(3, "little")
        + (49).to_bytes(3, "little"),
        "a.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="40px" height="30">',
        "b.svg": b'<?xml version="1.0"?><svg viewBox="0 0 120.4 60">',
        "bad.png": b"not an image",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    got = {n: image_size(tmp_path / n) for n in files}
    assert got == {
        "a.png": (7, 5),
        "a.gif": (11, 13),
        "a.jpg": (34, 21),
        "a.webp": (100, 50),
        "a.svg": (40, 30),
        "b.svg": (120, 60),
        "bad.png": None,
    }


def test_image_paths_stay_inside_the_site(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "in.png").write_bytes(_png(3, 2))
    (tmp_path / "outside.png").write_bytes(_png(9, 9))
    (root / "docs" / "link.png").symlink_to(tmp_path / "outside.png")
    assert local_file("/docs/in.png", root, "") == (root / "docs" / "in.png").resolve()
    assert local_file("in.png", root, "docs") == (root / "docs" / "in.png").resolve()
    assert local_file("../outside.png", root, "") is None
    assert local_file("/docs/link.png", root, "") is None  # a symlink out of the site
    assert local_file("https://example.com/in.png", root, "") is None
    html = '<p><img src="../outside.png" alt=""><img src="/docs/in.png" alt="x"></p>'
    out = str(sized_images(html, root, ""))
    assert '<img src="../outside.png" alt="">' in out
    assert '<img src="/docs/in.png" alt="x" width="3" height="2">' in out


# -- SEO and settings -----------------------------------------------------------------------


def test_metatags_canonical_robots_and_sitemap(site: Path) -> None:
    page = soup(site / "guides" / "images.html")
    assert page.select_one('meta[property="og:site_name"]')["content"] == "Plover"
    assert page.select_one('meta[name="twitter:site"]')["content"] == "@plover"
    assert not page.select('meta[name="canonical"]')
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == "https://docs.plover.example.com/guides/images"
    robots = (site / "robots.txt").read_text()
    assert "Allow: /" in robots
    assert "Sitemap: https://docs.plover.example.com/sitemap.xml" in robots
    locs = re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text())
    assert locs and all(loc.startswith("https://docs.plover.example.com/") for loc in locs)
    # the index page is served at / and the sitemap lists it there: its canonical link agrees
    assert "https://docs.plover.example.com/" in locs
    home = soup(site / "index.html").select_one('link[rel="canonical"]')["href"]
    assert home == "https://docs.plover.example.com/"


def test_no_site_url_no_sitemap_and_a_note_naming_the_key(repo: Path, tmp_path: Path) -> None:
    data = _docs(repo)
    del data["seo"]["metatags"]["canonical"]
    _write(repo, data)
    report = build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    out = tmp_path / "out" / BRAND
    assert not (out / "sitemap.xml").exists()
    assert "Sitemap" not in (out / "robots.txt").read_text()
    assert not soup(out / "index.html").select('link[rel="canonical"]')
    notes = [p for p in report.problems if "sitemap" in p.message] or [
        n for n in report.notes if "sitemap" in n
    ]
    assert len(notes) == 1
    assert "seo.metatags.canonical" in str(getattr(notes[0], "hint", notes[0]))


def test_a_noindex_site_says_so_everywhere(repo: Path, tmp_path: Path) -> None:
    data = _docs(repo)
    data["seo"]["metatags"]["robots"] = "noindex, nofollow"
    _write(repo, data)
    build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    out = tmp_path / "out" / BRAND
    assert "Disallow: /" in (out / "robots.txt").read_text()
    assert not (out / "sitemap.xml").exists()
    robots = soup(out / "guides" / "images.html").select('meta[name="robots"]')
    assert [m["content"] for m in robots] == ["noindex, nofollow"]


def _meta(path: Path) -> dict[str, str]:
    return {
        (m.get("name") or m.get("property")): m["content"]
        for m in soup(path).select("meta[content]")
        if m.get("name") or m.get("property")
    }


def test_seo_paths_and_front_matter_scope_meta_tags(repo: Path, tmp_path: Path) -> None:
    (repo / "guides" / "deep").mkdir()
    (repo / "guides" / "deep" / "page.mdx").write_text(
        "---\ntitle: Deep\nog:image: https://plover.example.com/own.png\n---\n\nDeep.\n"
    )
    data = _docs(repo)
    data["seo"]["indexing"] = "all"
    data["seo"]["paths"] = [  # the longer path first: it still wins over the shorter one
        {
            "path": "guides/deep",
            "metatags": {"twitter:site": "@deep", "og:image": "https://plover.example.com/d.png"},
        },
        {"path": "guides", "metatags": {"Twitter:Site": "@guides", "robots": "noindex"}},
    ]
    _write(repo, data)
    build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    out = tmp_path / "out" / BRAND
    home, guide, deep = (
        _meta(out / p) for p in ("index.html", "guides/images.html", "guides/deep/page.html")
    )
    assert home["twitter:site"] == "@plover" and "robots" not in home
    assert guide["Twitter:Site"] == "@guides" and "twitter:site" not in guide
    assert guide["robots"] == "noindex" and guide["og:site_name"] == "Plover"
    assert deep["twitter:site"] == "@deep" and deep["robots"] == "noindex"
    assert deep["og:image"] == "https://plover.example.com/own.png"  # the page's own wins
    locs = re.findall(r"<loc>([^<]*)</loc>", (out / "sitemap.xml").read_text())
    assert locs == ["https://docs.plover.example.com/"]  # the guides folder asked for noindex


def test_a_page_whose_robots_tag_asks_for_noindex_leaves_the_sitemap(
    repo: Path, tmp_path: Path
) -> None:
    (repo / "guides" / "quiet.mdx").write_text(
        '---\ntitle: Quiet\nrobots: "noindex, follow"\n---\n\nQuiet.\n'
    )
    data = _docs(repo)
    data["seo"]["indexing"] = "all"
    _write(repo, data)
    build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    out = tmp_path / "out" / BRAND
    locs = re.findall(r"<loc>([^<]*)</loc>", (out / "sitemap.xml").read_text())
    assert locs and not any(loc.endswith("/guides/quiet") for loc in locs), locs
    assert any(loc.endswith("/guides/images") for loc in locs), locs
    assert "noindex" in _meta(out / "guides" / "quiet.html")["robots"]


def test_seo_paths_problems_and_the_seo_keys_not_acted_on(repo: Path) -> None:
    data = _docs(repo)
    data["seo"]["paths"] = [
        {"path": "/guides", "metatags": {"robots": "noindex"}},
        {"path": "media", "metatags": {"robots": "noindex"}},
        {"path": "media", "metatags": {"robots": "index"}},
        {"path": "api/../x", "metatags": {}},
    ]
    data["seo"]["trailingSlash"] = True
    data["seo"]["organization"] = {"name": "Plover"}
    (repo / "docs.json").write_text(json.dumps(data, indent=2))
    with pytest.raises(GuideError) as err:
        load_config(repo / "docs.json")
    text = str(err.value)
    assert re.search(r"docs\.json:\d+:\d+: `seo\.paths` path '/guides' is not a folder", text)
    assert "write it like `guides/v2`" in text
    assert "`seo.paths`: 'media' is listed twice" in text
    assert "`seo.paths` path 'api/../x' is not a folder" in text
    data["seo"]["paths"] = [{"path": "media", "metatags": {"robots": "noindex"}}]
    (repo / "docs.json").write_text(json.dumps(data, indent=2))
    nav = load_config(repo / "docs.json").nav
    assert nav is not None and nav.metatag_paths == (("media", (("robots", "noindex"),)),)
    notes = [p for p in nav.notes if "does not use" in p.message]
    assert [p.message for p in notes] == [
        "docs.json settings hubdocs does not use: theme, seo.organization, seo.trailingSlash"
    ]
    lines = (repo / "docs.json").read_text().splitlines()
    assert '"theme"' in lines[notes[0].pos.line - 1]


def test_footer_link_columns(repo: Path, tmp_path: Path) -> None:
    data = _docs(repo)
    data["footer"] = {
        "links": [
            {
                "header": "Resources",
                "items": [
                    {"label": "Status", "href": "https://status.plover.example.com"},
                    {"label": "Images", "href": "/guides/images"},
                ],
            },
            {"items": [{"label": "Blog", "href": "https://blog.plover.example.com"}]},
        ]
    }
    _write(repo, data)
    build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    for page in ("index.html", "guides/wide.html", "404.html"):
        cols = soup(tmp_path / "out" / BRAND / page).select("footer .hd-footer-column")
        got = [
            (
                c.select_one(".hd-footer-title").get_text()
                if c.select_one(".hd-footer-title")
                else "",
                [(a.get_text(), a["href"]) for a in c.select("a")],
            )
            for c in cols
        ]
        assert got == [
            (
                "Resources",
                [("Status", "https://status.plover.example.com"), ("Images", "/guides/images")],
            ),
            ("", [("Blog", "https://blog.plover.example.com")]),
        ], page


def test_banner_404_and_search_prompt(site: Path) -> None:
    page = soup(site / "guides" / "images.html")
    banner = page.select_one(".hd-site-banner")
    assert banner.has_attr("data-dismissible")
    assert banner.select_one('a[href="/guides/images"]').get_text() == "read the notes"
    assert banner.select_one("strong").get_text() == "now"
    assert page.select_one(".hd-search-input")["placeholder"] == "Ask Plover docs…"
    assert page.select_one(".hd-search-filters")["data-facets"] == ""
    missing = soup(site / "404.html")
    assert missing.select_one("main h1").get_text() == "Nothing here"
    assert missing.select_one('main .hd-lead a[href="/"]').get_text() == "home page"
    assert not missing.select('meta[http-equiv="refresh"]')  # errors.404.redirect: false


def test_logo_href(site: Path) -> None:
    brand = soup(site / "index.html").select_one("a.hd-brand")
    assert brand["href"] == "https://plover.example.com"


def test_seo_helpers() -> None:
    assert meta_tags((("canonical", "https://x"), ("og:title", "T"), ("robots", "noindex"))) == [
        {"attr": "property", "name": "og:title", "content": "T"},
        {"attr": "name", "name": "robots", "content": "noindex"},
    ]
    assert noindex_all((("robots", "noindex,nofollow"),))
    assert not noindex_all((("robots", "index, follow"),))
    assert robots_txt("", True, False) == "User-agent: *\nAllow: /\n"
    html = str(inline_markdown('Go [here](javascript:alert(1)) or [there](/x) <b>"'))
    assert 'href="javascript' not in html and '<a href="/x">there</a>' in html
    assert "&lt;b&gt;&#34;" in html


# -- the reader never reads the tool's name -----------------------------------------------


def test_no_page_names_the_tool(site: Path) -> None:
    for path in site.rglob("*.html"):
        page = soup(path)
        assert not page.select('meta[name="generator"]'), path
        for tag in page(["script", "style"]):
            tag.decompose()
        text = page.get_text(" ")
        attrs = " ".join(
            str(v)
            for t in page.find_all(True)
            for k, v in t.attrs.items()
            if k in ("placeholder", "aria-label", "title", "alt")
        )
        assert "hubdocs" not in (text + attrs).lower(), path


def _two_brands(repo: Path, plover: str, nimbus: str) -> None:
    """hubdocs.yml naming a branded brand and a white label, with these brand.yml lines."""
    for key, extra in (("plover", plover), ("nimbus", nimbus)):
        (repo / "brands" / key).mkdir(parents=True)
        (repo / "brands" / key / "brand.yml").write_text(f"name: {key.title()}\n{extra}")
    (repo / "hubdocs.yml").write_text("brands: [plover, nimbus]\n")
    page = repo / "guides" / "components.mdx"  # its code names Plover: the branded site's only
    page.write_text(page.read_text().replace("---\n\n", "whitelabel_hide: true\n---\n\n", 1))


WHITE = (
    "base_url: https://docs.nimbus.example.com\nwhitelabel: true\n"
    "terms:\n  Plover: Nimbus\n  plover: nimbus\n"
)


def _powered(path: Path) -> tuple[str, str | None, bool]:
    """A page's "Powered by" footer words, their link, and whether it has a generator tag."""
    page = soup(path)
    found = page.select_one("footer .hd-powered")
    link = found.a["href"] if found is not None and found.a is not None else None
    return (
        (found.get_text(strip=True) if found else ""),
        link,
        bool(page.select("[name=generator]")),
    )


def test_powered_by_is_shown_only_to_brands_that_opt_in(repo: Path, tmp_path: Path) -> None:
    _two_brands(repo, "powered_by: true\n", WHITE)
    build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    out = tmp_path / "out"
    for page in ("index.html", "guides/images.html", "404.html"):
        assert _powered(out / "plover" / page) == ("Powered by hubdocs", None, True)
        assert _powered(out / "nimbus" / page) == ("", None, False)  # white label: off
    assert "hubdocs" not in (out / "nimbus" / "index.html").read_text().lower()


def test_powered_by_a_url_links_it_also_on_a_white_label(repo: Path, tmp_path: Path) -> None:
    _two_brands(repo, "", WHITE + "powered_by: https://example.com/hubdocs\n")
    build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    out = tmp_path / "out"
    assert _powered(out / "plover" / "index.html") == ("", None, False)  # default: off
    got = _powered(out / "nimbus" / "index.html")
    assert got == ("Powered by hubdocs", "https://example.com/hubdocs", True)


def test_llms_txt_has_no_invented_summary(site: Path) -> None:
    lines = (site / "llms.txt").read_text().splitlines()
    assert lines[0] == "# Plover Documentation Center"
    assert not any(line.startswith("> ") for line in lines)
