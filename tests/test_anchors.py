"""Heading and field ids as Mintlify makes them, the link checker on the same ids, and a guide's
old hubdocs ids kept as aliases (also through white-label unlinking).

EXPECTED is not hubdocs' output: it is what Mintlify's own plugins (@mintlify/common 1.0.1211:
remarkComponentIds, remarkExtractTableOfContents, rehypeParamFieldIds, on @sindresorhus/slugify
2.2.0) give the headings and fields of tests/fixtures/anchors/ids.mdx, in document order
(notes/research-reader.md section 4.5: the table computed by running those plugins in node)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from renderer.build import build
from renderer.commands.project import load_project
from renderer.core.text import HeadingIds

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "anchors"
GUIDE = "connectors/acmecrm/guides/link-account/api-key"

EXPECTED_HEADINGS = [
    ("llms-full.txt", "llms-full-txt"),
    ("Hello World", "hello-world"),
    ("Hello World", "hello-world-2"),
    ("Hello World", "hello-world-3"),
    ("Hello-World", "hello-world-4"),
    ("Hello World 2", "hello-world-2-1"),
    ("What's new?", "whats-new"),
    ("Step 1: Install the CLI", "step-1-install-the-cli"),
    ("Cost: $5 per month", "cost-$5-per-month"),
    ("API & SDK", "api-&-sdk"),
    ("docs.json reference", "docs-json-reference"),
    ("Using the mint dev command", "using-the-mint-dev-command"),
    ("Link text here", "link-text-here"),
    ("Bold and italic", "bold-and-italic"),
    ("Café résumé naïve", "café-résumé-naïve"),
    ("Über Straße", "über-straße"),
    ("日本語の見出し", "日本語の見出し"),
    ("Привет мир", "привет-мир"),
    ("🚀 Quick start", "-quick-start"),
    ("Quick start 🚀", "quick-start-"),
    ("Emoji ✅ done", "emoji--done"),
    ("C++ & C#", "c++-&-c#"),
    ("a/b/c paths", "a/b/c-paths"),
    ("100% coverage", "100%-coverage"),
    ("camelCaseHeading and HTTPServer", "camelcaseheading-and-httpserver"),
    ("snake_case_name", "snake_case_name"),
    ("Version 2.0.1", "version-2-0-1"),
    ("(Optional) settings", "optional-settings"),
    ("Q&A: FAQ", "q&a-faq"),
    ("Leading spaces", "leading-spaces"),
    ("foo--bar", "foo-bar"),
    ("Deep beta", "deep-beta"),
    ("Level four", "level-four"),
    ("Level five not in toc", None),  # h5: Mintlify gives no id
]
EXPECTED_FIELDS = [
    "param-icons",
    "param-icons-library",
    "param-user-id",
    "param-authorization",
    "param-user-name",
    "param-icons-1",
    "param-icons-2",
    "param-data-items-id",
    "param-colors-primary",
    "param-a",
    "custom",
    "param-x-api-key",
    "param-http-server",
    "param-cafe",
    "param-param-icons-1",
    "param-nested-child",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("anchors")
    report = build(load_project(FIXTURE / "docs.json"), out=out, jobs=1)
    warnings = "\n".join(str(p) for p in report.problems)
    return out / "anchor-docs", warnings


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_heading_ids_are_mintlifys(site: tuple[Path, str]) -> None:
    article = soup(site[0] / "ids.html").select_one("article")
    headings = article.select("h1, h2, h3, h4, h5, h6")[1:]  # the page title is not a heading
    got = [(" ".join(h.get_text().split()), h.get("id")) for h in headings]
    assert got == EXPECTED_HEADINGS


def test_field_ids_are_mintlifys(site: tuple[Path, str]) -> None:
    article = soup(site[0] / "ids.html").select_one("article")
    assert [d["id"] for d in article.select(".hd-param[id]")] == EXPECTED_FIELDS


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Section {#custom-id}", "custom-id"),
        ("Other {#Custom ID: Here}", "Custom-ID-Here"),
    ],
)
def test_custom_heading_ids(source: str, expected: str) -> None:
    assert HeadingIds().take(source) == expected


def test_links_to_mintlify_ids_are_not_broken(site: tuple[Path, str]) -> None:
    assert "has no anchor" not in site[1]


def test_a_guide_keeps_its_old_ids_as_aliases(site: tuple[Path, str]) -> None:
    page = soup(site[0] / f"{GUIDE}.html")
    ids = [t["id"] for t in page.select("article [id]")]
    # Mintlify's ids on the headings; the old ones on empty spans just before them
    assert ids[:5] == [
        "setup-10-minutes",
        "setup-10-minutes-1",
        "setup-10-minutes-2",
        "v20-whats-new",
        "v2-0-whats-new",
    ]
    alias = page.find(id="setup-10-minutes-1")
    assert (
        alias.name == "span"
        and not alias.get_text()
        and alias.find_next("h2")["id"] == ("setup-10-minutes-2")
    )
    assert len(ids) == len(set(ids))


def test_the_link_checker_refuses_an_old_id_on_a_plain_page(tmp_path: Path) -> None:
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    links = repo / "links.mdx"
    links.write_text(links.read_text() + "\nOld: [x](/ids#llms-fulltxt), [y](/ids#nope).\n")
    report = build(load_project(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    broken = [str(p) for p in report.problems if "has no anchor" in str(p)]
    assert len(broken) == 2 and "#llms-fulltxt" in broken[0] and "#nope" in broken[1]


FRONT = (
    "---\ntitle: Connect Anchors with API Key – StackOne Hub\n"
    "description: Link an Anchors account.\n---\n\n"
)


def test_white_label_unlinks_hidden_ids_and_keeps_visible_aliases(project: Path) -> None:
    """A heading hidden from white-label brands takes both of its ids with it; a visible
    heading keeps both (its Mintlify id and its old id), and links to either stay links."""
    page = project / "guides/anchors/link-account/api-key.mdx"
    page.parent.mkdir(parents=True)
    page.write_text(
        FRONT + "## Setup: first\n\nA.\n\n<div data-whitelabel-hide>\n\n## Hidden v2.0\n\n"
        "Secret.\n\n</div>\n\n## Setup: first\n\nB.\n"
    )
    other = project / "guides/guides/getting-started.mdx"
    url = "/connectors/anchors/guides/link-account/api-key"
    other.write_text(
        other.read_text() + f"\n[new]({url}#hidden-v2-0) [old]({url}#hidden-v20) "
        f"[vis]({url}#setup-first-2) [visold]({url}#setup-first-1)\n"
    )
    build(load_project(project / "mkdocs.yml"), out=project / "out", jobs=1)
    rel = "connectors/anchors/guides/link-account/api-key.html"
    ids = "article h2[id], article span[id]"
    branded = [t["id"] for t in soup(project / "out/stackone" / rel).select(ids)]
    assert branded == [
        "setup-first",
        "hidden-v20",  # old id, then Mintlify's
        "hidden-v2-0",
        "setup-first-1",
        "setup-first-2",
    ]
    white = [t["id"] for t in soup(project / "out/acme" / rel).select(ids)]
    assert white == ["setup-first", "setup-first-1", "setup-first-2"]
    start = (project / "out/acme/guides/getting-started.html").read_text()
    assert "#hidden-v2" not in start  # both links unlinked: the target is gone
    assert f'href="{url}#setup-first-2"' in start and f'href="{url}#setup-first-1"' in start
    kept = (project / "out/stackone/guides/getting-started.html").read_text()
    assert f'href="{url}#hidden-v2-0"' in kept and f'href="{url}#hidden-v20"' in kept
