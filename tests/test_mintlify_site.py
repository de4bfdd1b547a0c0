"""A Mintlify repository (docs.json / mint.json) builds as a hubdocs site: navigation, tabs,
nested groups, redirects, hidden/noindex pages, copied files, located errors, --keep-going."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from renderer.build import build
from renderer.commands.project import load_project as load_config
from renderer.commands.report import group_problems
from renderer.core import model as m
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.mintlify.pages import local_files

from .conftest import ROOT, run_cli

FIXTURE = ROOT / "tests" / "fixtures" / "mintlify-site"
BRAND = "zephyr-docs"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mintlify")
    build(load_config(FIXTURE / "docs.json"), out=out, jobs=1)
    return out / BRAND


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A scratch copy of the fixture repository to break at will."""
    shutil.copytree(FIXTURE, tmp_path / "repo")
    return tmp_path / "repo"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def sidebar_links(page: Path) -> list[str]:
    return [a["href"] for a in soup(page).select("nav.hd-sidebar a")]


def edit_docs_json(repo: Path, change) -> None:  # noqa: ANN001 - a function of the dict
    data = json.loads((repo / "docs.json").read_text())
    change(data)
    (repo / "docs.json").write_text(json.dumps(data, indent=2))


def test_sidebar_follows_the_navigation_order_and_groups(site: Path) -> None:
    assert sidebar_links(site / "quickstart.html") == [
        "/",
        "/quickstart",
        "/noindex-page",
        "/advanced",  # the nested group's root page
        "/advanced/nested",
        "/connectors/orbithr/guides/link-account/api-key",  # guide routing applies
        "/ref/api",  # ref/hidden-page is `hidden: true`; advanced/missing-page does not exist
    ]
    page = soup(site / "quickstart.html")
    titles = [p.get_text() for p in page.select("nav.hd-sidebar .hd-nav-title")]
    assert titles == ["Get started", "Connectors", "Reference"]
    current = page.select_one('nav.hd-sidebar a[aria-current="page"]')
    assert current.get_text() == "Quickstart"  # sidebarTitle wins over the title
    assert page.h1.get_text() == "Quickstart for Zephyr"
    nested = soup(site / "advanced/nested.html").select_one("details.hd-nav-sub")
    assert nested.summary.get_text() == "Advanced" and nested.has_attr("open")
    assert not page.select_one("details.hd-nav-sub").has_attr("open")


def test_guides_keep_their_routing_and_connector_pages(site: Path) -> None:
    guide = soup(site / "connectors/orbithr/guides/link-account/api-key.html")
    assert guide.h1.get_text() == "Connect Orbit HR with API Key – Zephyr Hub"
    current = guide.select_one('nav.hd-sidebar a[aria-current="page"]')
    assert current["href"] == "/connectors/orbithr/guides/link-account/api-key"
    assert (site / "connectors/orbithr.html").is_file()
    assert "/connectors/orbithr/guides/link-account/api-key<" in (site / "sitemap.xml").read_text()


def test_a_redirect_from_a_page_is_a_warning_and_the_page_wins(repo: Path) -> None:
    edit_docs_json(
        repo, lambda d: d["redirects"].append({"source": "/orphan", "destination": "/quickstart"})
    )
    done = run_cli("build", "--out", "out", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "warning: redirect source /orphan is a page of this site" in done.stderr
    assert soup(repo / "out" / BRAND / "orphan.html").h1.get_text() == "Orphan page"
    assert "/orphan /quickstart 301" in (repo / "out" / BRAND / "_redirects").read_text()


def test_pages_for_signed_in_groups_are_refused(repo: Path) -> None:
    (repo / "private.mdx").write_text("---\ntitle: Admins\ngroups: [admin]\n---\n\nSecret.\n")
    done = run_cli("build", "--keep-going", "--out", "out", cwd=repo)
    assert done.returncode == 1
    assert "private.mdx:3:1: `groups`: this page is restricted to user groups" in done.stderr
    assert not (repo / "out" / BRAND / "private.html").exists()


def test_tabs_are_a_top_bar_and_each_tab_has_its_own_sidebar(site: Path) -> None:
    tabs = soup(site / "quickstart.html").select("nav.hd-navtabs a")
    assert [(a.get_text(), a["href"]) for a in tabs] == [
        ("Guides", "/"),
        ("API", "/api/overview"),
        ("Blog", "https://blog.zephyr.example.com"),
    ]
    assert tabs[0]["aria-current"] == "true"
    api = soup(site / "api/overview.html")
    assert api.select_one('nav.hd-navtabs a[aria-current="true"]').get_text() == "API"
    assert sidebar_links(site / "api/overview.html") == ["/api/overview"]


def test_site_settings_from_docs_json(site: Path) -> None:
    page = soup(site / "index.html")  # index.mdx is the home page
    assert page.h1.get_text() == "Welcome to Zephyr"
    assert [a["href"] for a in page.select(".hd-top-nav a")] == [
        "mailto:help@zephyr.example.com",
        "https://zephyr.example.com/signup",
    ]
    assert [a.get_text() for a in page.select(".hd-socials a")] == ["GitHub", "X"]
    assert [i["src"] for i in page.select(".hd-brand img")] == ["/logo/light.svg", "/logo/dark.svg"]
    assert page.select_one('link[rel="icon"]')["href"] == "/favicon.svg"
    css = (site / "assets/brand.css").read_text()
    assert "--hd-primary: #0d9373;" in css and "--hd-primary-light: #07c983;" in css
    assert "--hd-link: #0c8669;" in css, "a readable shade of the brand colour for text"
    assert page.select_one('link[rel="canonical"]')["href"].startswith(
        "https://docs.zephyr.example.com/"
    )


def test_pages_files_logo_and_favicon_are_copied_and_nothing_else(site: Path) -> None:
    for rel in ("images/diagram.png", "images/screenshot.png", "files/setup-guide.pdf"):
        assert (site / rel).read_bytes() == (FIXTURE / rel).read_bytes(), rel
    for rel in ("logo/light.svg", "logo/dark.svg", "favicon.svg"):
        assert (site / rel).is_file(), rel
    assert not (site / "images/unused.png").exists()  # not used by any page
    assert not (site / "docs.json").exists()
    for rel in ("snippets/intro", "_drafts/draft", "internal/notes", "README"):
        assert not (site / f"{rel}.html").exists(), rel  # not pages (.mintignore: internal/)


def pagefind_text(site: Path) -> str:
    """Every Pagefind fragment of a built site, decompressed."""
    import gzip

    out = []
    for path in (site / "pagefind").rglob("*.pf_fragment"):
        data = path.read_bytes()
        out.append(gzip.decompress(data).decode("utf-8", "replace"))
    return "\n".join(out)


def test_hidden_noindex_and_pages_outside_the_navigation(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text()
    llms = (site / "llms.txt").read_text() + (site / "llms-full.txt").read_text()
    search = pagefind_text(site)
    assert "Quickstart" in search  # the index is readable: a listed page is in it
    for url, title in (
        ("/ref/hidden-page", "Secret hidden page"),
        ("/noindex-page", "Release checklist"),
        ("/orphan", "Orphan page"),
    ):
        assert (site / f"{url[1:]}.html").is_file(), url  # built all the same
        assert f"{url}<" not in sitemap and f"{url}.md" not in llms, url
        assert title not in search, url
        robots = soup(site / f"{url[1:]}.html").select_one('meta[name="robots"]')
        assert robots["content"] == "noindex", url
    assert "https://docs.zephyr.example.com/quickstart<" in sitemap
    assert soup(site / "quickstart.html").select_one('meta[name="robots"]') is None
    assert "/index<" not in sitemap  # the home page is /
    assert "/noindex-page" in sidebar_links(site / "quickstart.html")  # noindex keeps its place


def test_seo_indexing_all_indexes_pages_outside_the_navigation(repo: Path, tmp_path: Path) -> None:
    edit_docs_json(repo, lambda d: d["seo"].update(indexing="all"))
    build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    sitemap = (tmp_path / "out" / BRAND / "sitemap.xml").read_text()
    assert "/orphan<" in sitemap and "/ref/hidden-page<" in sitemap
    assert "/noindex-page<" not in sitemap  # noindex is noindex whatever the setting


def test_redirects_file_and_static_pages(site: Path) -> None:
    assert (site / "_redirects").read_text() == (
        "/old-start /quickstart 301\n/blog/* https://blog.zephyr.example.com/:splat 302\n"
        # the agents step's alias of the MCP discovery document, after the site's own rules
        "# agents: the MCP discovery document without its extension\n"
        "/.well-known/mcp  /.well-known/mcp.json  200\n"
    )
    page = (site / "old-start.html").read_text()
    doc = BeautifulSoup(page, "html.parser")
    assert doc.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=/quickstart"
    assert doc.select_one('link[rel="canonical"]')["href"] == (
        "https://docs.zephyr.example.com/quickstart"
    )
    assert "<script" not in page
    assert not list(site.glob("blog*"))  # a pattern source has no static page


def test_openapi_pages_render_their_operation(repo: Path) -> None:
    done = run_cli("build", "--out", str(repo / "site"), cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "openapi" not in done.stderr.lower()
    page = soup(repo / "site" / BRAND / "ref/api.html")
    assert page.select_one("article .hd-oa-method").get_text(strip=True) == "GET"
    assert "Every user of the workspace." in page.select_one("article").get_text()
    assert "does not render yet" not in page.get_text()


def test_openapi_navigation_entries_generate_pages(repo: Path) -> None:
    def change(d: dict) -> None:
        api = d["navigation"]["tabs"][1]["groups"][0]
        api["pages"].append("POST /users")
        d["navigation"]["tabs"][1]["groups"].append({"group": "Spec", "openapi": "/openapi.json"})

    edit_docs_json(repo, change)
    done = run_cli("build", "--out", "out", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "there is no POST" not in done.stderr and "there is no api-" not in done.stderr
    site = repo / "out" / BRAND
    created = soup(site / "api-reference/users/create-a-user.html")
    assert created.select_one("h1").get_text(strip=True) == "Create a user"
    sidebar = [a.get_text(" ", strip=True) for a in created.select("nav.hd-sidebar a")]
    assert "POST Create a user" in sidebar and "GET List users" in sidebar


def test_an_openapi_page_without_any_spec_is_a_located_error(repo: Path) -> None:
    (repo / "openapi.json").unlink()
    done = run_cli("build", "--out", "out", cwd=repo)
    assert done.returncode == 1
    assert "ref/api.mdx:3:10: openapi: 'GET /users' matches no operation" in done.stderr
    assert "the repository has no OpenAPI spec" in done.stderr


def test_docs_json_is_found_without_config_and_missing_nav_pages_are_warnings(
    repo: Path,
) -> None:
    done = run_cli("build", "--out", "out", cwd=repo)  # no mkdocs.yml here: docs.json it is
    assert done.returncode == 0, done.stderr
    assert (repo / "out" / BRAND / "quickstart.html").is_file()
    line = next(
        n
        for n, text in enumerate((repo / "docs.json").read_text().split("\n"), 1)
        if '"advanced/missing-page"' in text
    )
    assert (
        f"docs.json:{line}:19: warning: the navigation lists advanced/missing-page, "
        "but there is no advanced/missing-page.mdx"
    ) in done.stderr


def test_a_missing_image_is_a_located_warning_naming_the_page(repo: Path, tmp_path: Path) -> None:
    """Said, never silent; a warning (the page is published with the image broken), an error
    under --strict."""
    (repo / "broken.mdx").write_text(
        '---\ntitle: Broken\n---\n\nSee the chart:\n\n<img src="/images/nope.png" alt="" />\n'
    )
    report = build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    (problem,) = [p for p in report.problems if "nope.png" in p.message]
    assert problem.level == "warning"
    assert problem.pos.path.endswith("broken.mdx")
    assert (problem.pos.line, problem.pos.col) == (7, 11)
    assert problem.message == "image /images/nope.png not found"
    assert "no file images/nope.png" in problem.hint


def test_keep_going_writes_the_good_pages_lists_every_error_and_exits_1(repo: Path) -> None:
    (repo / "bad-component.mdx").write_text(
        "---\ntitle: Bad\n---\n\n<Bogus />\n\ntext\n\n<Bogus />\n\n<Bogus />\n"
    )
    (repo / "bad-image.mdx").write_text("---\ntitle: Bad image\n---\n\n![x](images/gone.png)\n")
    (repo / "index.mdx").write_text(
        (repo / "index.mdx").read_text() + "\n[Broken page](/bad-component)\n"
    )
    plain = run_cli("build", "--out", "out", cwd=repo)
    assert plain.returncode == 1 and not (repo / "out").exists()
    done = run_cli("build", "--keep-going", "--out", "out", cwd=repo)
    assert done.returncode == 1, done.stderr
    out = repo / "out" / BRAND
    assert (out / "quickstart.html").is_file() and (out / "index.html").is_file()
    assert not (out / "bad-component.html").exists() and (out / "bad-image.html").exists()
    assert "bad-component.mdx:5:1: unknown component `<Bogus>` (3 uses; first here)" in done.stderr
    assert "bad-image.mdx:5:6: warning: image images/gone.png not found" in done.stderr
    assert (
        "index.mdx:10:15: warning: broken link to /bad-component: that page has errors and was "
        "left out"
    ) in done.stderr
    assert "1 error, 3 warnings" in done.stderr
    again = run_cli("build", "--out", "out", cwd=repo)  # no incremental build hides the errors
    assert again.returncode == 1 and "bad-component.mdx" in again.stderr


def test_a_symlink_out_of_the_repository_is_never_copied(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for publishing")
    (repo / "images" / "link.png").symlink_to(secret)
    (repo / "leak.mdx").write_text("---\ntitle: Leak\n---\n\n![x](/images/link.png)\n")
    done = run_cli("build", "--keep-going", "--out", "out", cwd=repo)
    assert done.returncode == 1
    assert "leak.mdx:5:6: image /images/link.png is a link to a file outside" in done.stderr
    assert not (repo / "out" / BRAND / "images" / "link.png").exists()


def test_problems_are_grouped_per_cause_per_file() -> None:
    def p(path: str, line: int, msg: str) -> Problem:
        return Problem(SourcePos(path, line, 1), msg)

    grouped = group_problems(
        [p("a.mdx", 3, "unknown component <Update>")] * 1
        + [p("a.mdx", n, "unknown component <Update>") for n in range(4, 129)]
        + [p("b.mdx", 2, "unknown component <Update>"), p("a.mdx", 9, "other")]
    )
    assert [(g.pos.path, g.pos.line, g.message) for g in grouped] == [
        ("a.mdx", 3, "unknown component <Update> (126 uses; first here)"),
        ("b.mdx", 2, "unknown component <Update>"),
        ("a.mdx", 9, "other"),
    ]


def test_frame_card_and_video_files_are_found_in_components(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"png")
    (tmp_path / "images" / "aws.svg").write_bytes(b"<svg/>")
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "b.png").write_bytes(b"png")
    span = m.Span(5, 6)
    frame = m.Component(
        "Frame", (("caption", "A"),), (m.HtmlBlock('<img src="/images/a.png" />', span),), span
    )
    card = m.Component(
        "Card", (("img", "b.png"), ("href", "/quickstart"), ("icon", "rocket")), (), m.Span(6, 7)
    )
    tab = m.Component("Tab", (("title", "AWS"), ("icon", "/images/aws.svg")), (), m.Span(6, 7))
    video = m.HtmlBlock('<video src="/media/clip.mp4" controls></video>', m.Span(7, 8))
    code = m.CodeBlock("html", '<img src="/images/only-in-code.png">', m.Span(8, 9))
    g = m.Guide(
        "guide/page.mdx", "/guide/page", "page", "T", "", (frame, card, tab, video, code),
        "x\n" * 8, 1,
    )  # fmt: skip
    files, problems = local_files(tmp_path, (), g, g.url)
    assert files == ("guide/b.png", "images/a.png", "images/aws.svg")  # not the icon name
    assert [p.message for p in problems] == ["image /media/clip.mp4 not found"]


def test_hidden_groups_and_tabs_and_mintignore_patterns(repo: Path, tmp_path: Path) -> None:
    def change(d: dict) -> None:
        d["navigation"]["tabs"][0]["groups"][2]["hidden"] = True  # Reference
        d["navigation"]["tabs"][1]["hidden"] = True  # API

    edit_docs_json(repo, change)
    (repo / ".mintignore").write_text("internal/\n*.draft.mdx\n")
    (repo / "notes.draft.mdx").write_text("---\ntitle: Draft\n---\n\nDraft.\n")
    build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    out = tmp_path / "out" / BRAND
    assert "/ref/api" not in sidebar_links(out / "quickstart.html")
    assert [a.get_text() for a in soup(out / "quickstart.html").select("nav.hd-navtabs a")] == [
        "Guides",
        "Blog",
    ]
    assert (out / "api/overview.html").is_file()
    assert "/api/overview<" not in (out / "sitemap.xml").read_text()
    assert not (out / "notes.draft.html").exists()
    (repo / ".mintignore").write_text("!keep.mdx\n")
    with pytest.raises(GuideError, match="not supported"):
        load_config(repo / "docs.json")


def test_languages_choose_the_default_with_a_note(repo: Path) -> None:
    def change(d: dict) -> None:
        tabs = d["navigation"].pop("tabs")
        d["navigation"]["languages"] = [
            {"language": "fr", "groups": [{"group": "Démarrer", "pages": ["orphan"]}]},
            {"language": "en", "default": True, "tabs": tabs},
        ]

    edit_docs_json(repo, change)
    done = run_cli("build", "--out", "out", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("note: 2 languages in the navigation: building the language en") == 1
    assert "/orphan" not in sidebar_links(repo / "out" / BRAND / "quickstart.html")


def test_mint_json_builds_too(repo: Path, tmp_path: Path) -> None:
    (repo / "docs.json").unlink()
    (repo / "mint.json").write_text(
        json.dumps(
            {
                "name": "Zephyr Docs",
                "logo": {"light": "/logo/light.svg", "dark": "/logo/dark.svg"},
                "favicon": "/favicon.svg",
                "colors": {"primary": "#0D9373"},
                "tabs": [{"name": "API", "url": "api"}],
                "navigation": [
                    {"group": "Start", "pages": ["index", "quickstart"]},
                    {"group": "API", "pages": ["api/overview"]},
                ],
                "topbarLinks": [{"name": "Support", "url": "mailto:help@zephyr.example.com"}],
                "footerSocials": {"github": "https://github.com/zephyr-example"},
            }
        )
    )
    done = run_cli("build", "--out", "out", cwd=repo)
    assert done.returncode == 0, done.stderr
    out = repo / "out" / BRAND
    assert sidebar_links(out / "quickstart.html") == ["/", "/quickstart"]
    tabs = [a.get_text() for a in soup(out / "quickstart.html").select("nav.hd-navtabs a")]
    assert tabs == ["Documentation", "API"]


def test_config_mistakes_are_located(repo: Path) -> None:
    def change(d: dict) -> None:
        d["colors"]["primary"] = "greenish"
        d["logo"]["dark"] = "/logo/missing.svg"
        d["navbar"]["links"][0]["href"] = "javascript:alert(1)"

    edit_docs_json(repo, change)
    with pytest.raises(GuideError) as err:
        load_config(repo / "docs.json")
    text = "\n".join(p.format() for p in err.value.problems)
    assert re.search(r"docs\.json:\d+:\d+: warning: colour `primary` is not a CSS colour", text)
    assert re.search(
        r"docs\.json:\d+:\d+: warning: logo '/logo/missing.svg' not found: the site is built", text
    )
    assert re.search(r"docs\.json:\d+:\d+: navbar link must be an https, mailto", text)


def test_brands_declared_in_hubdocs_yml(repo: Path, tmp_path: Path) -> None:
    folder = repo / "brands" / "nimbus"
    folder.mkdir(parents=True)
    (folder / "brand.yml").write_text(
        "name: Nimbus\nbase_url: https://docs.nimbus.example.com\nwhitelabel: true\n"
        "terms:\n  Zephyr: Nimbus\n"
    )
    (repo / "hubdocs.yml").write_text("brands: [nimbus]\nbrands_dir: brands\n")
    (repo / "images" / "team.png").write_bytes((repo / "images" / "unused.png").read_bytes())
    (repo / "team.mdx").write_text(
        "---\ntitle: Team\nsidebarTitle: Zephyr team\n---\n\nShown everywhere.\n\n"
        "<div data-whitelabel-hide>\n\n![The team](/images/team.png)\n\n</div>\n"
    )
    edit_docs_json(repo, lambda d: d["navigation"]["tabs"][1]["groups"][0]["pages"].append("team"))
    build(load_config(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    out = tmp_path / "out" / "nimbus"
    page = (out / "quickstart.html").read_text()
    assert "Quickstart for Nimbus" in page
    assert "zephyr" not in page.lower()  # no parent logo, navbar or footer links
    assert not (out / "logo").exists()
    assert not (out / "images" / "team.png").exists()  # shown only in a hidden block
    api = soup(out / "api/overview.html")
    assert [a.get_text() for a in api.select("nav.hd-sidebar a")] == ["API overview", "Nimbus team"]
    branded = tmp_path / "branded"
    (repo / "hubdocs.yml").unlink()
    build(load_config(repo / "docs.json"), out=branded, jobs=1)
    assert (branded / BRAND / "images" / "team.png").is_file()


def test_keep_going_works_for_mkdocs_sites_too(project: Path) -> None:
    broken = project / "guides" / "leapsome" / "link-account" / "scim-api-token.mdx"
    broken.write_text(broken.read_text() + "\n<Bogus />\n")
    done = run_cli("build", "--keep-going", "--brand", "stackone", "--out", "out", cwd=project)
    assert done.returncode == 1
    assert "scim-api-token.mdx" in done.stderr and "unknown component `<Bogus>`" in done.stderr
    out = project / "out" / "stackone"
    assert not (out / "connectors/leapsome/guides/link-account/scim-api-token.html").exists()
    assert len(list((out / "connectors").rglob("*.html"))) > 3  # the other guides are there
