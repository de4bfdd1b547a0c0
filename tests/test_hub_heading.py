"""Issue 29.1: one hide rule for every page kind. The heading form of the Hub block hides in a
plain page, a Mintlify page and a page built by the MkDocs plugin exactly as in a connection
guide: whatever follows the heading (steps, tabs, paragraphs), up to the next heading of its
level; deeper headings stay inside. Checked in the model and, with canaries, in every file a
white-label brand gets (HTML, Markdown twin, llms-full.txt)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from renderer.build import build
from renderer.commands.project import load_project
from renderer.config.mkdocs_yml import load_config
from renderer.core import model as m
from renderer.core.errors import GuideError
from renderer.core.model import walk
from renderer.parse.page import parse_guide

from .conftest import ROOT

GUIDE_FRONT = "---\ntitle: Connect Canary with API Key – StackOne Hub\ndescription: D.\n---\n\n"
PAGE_FRONT = "---\ntitle: Hub page\ndescription: D.\n---\n\n"
CANARIES = ("CANARY-HUB-INTRO", "CANARY-HUB-TAB", "CANARY-HUB-TROUBLE", "CANARY-HUB-STEP")
BLOCK = (
    "Intro for everyone.\n\n"
    "## Linking the Account from the Hub\n\n"
    "CANARY-HUB-INTRO paragraph.\n\n"
    '<Tabs>\n  <Tab title="First">\n    CANARY-HUB-TAB in a tab.\n  </Tab>\n</Tabs>\n\n'
    "### Troubleshooting\n\n"
    "CANARY-HUB-TROUBLE under a deeper heading.\n\n"
    '<Steps>\n  <Step title="Open it">\n    CANARY-HUB-STEP body.\n  </Step>\n</Steps>\n\n'
    "## After the block\n\n"
    "Visible after the block.\n"
)
KINDS = {
    "connection guide": "guides/canary/link-account/api-key.mdx",
    "plain page": "guides/guides/setup.mdx",
    "mintlify page": "setup.mdx",
}


def hidden_text(blocks: tuple[m.Block, ...]) -> str:
    return " ".join(
        getattr(n, "text", "") or getattr(n, "title", "")
        for h in walk(blocks)
        if isinstance(h, m.WhitelabelHide)
        for n in walk(h.body)
    )


@pytest.mark.parametrize("rel", KINDS.values(), ids=KINDS.keys())
def test_the_hub_heading_hides_its_block_on_every_page_kind(rel: str) -> None:
    front = GUIDE_FRONT if "link-account" in rel else PAGE_FRONT
    g = parse_guide(rel, front + BLOCK, rel=rel.removeprefix("guides/"))
    hides = [b for b in g.blocks if isinstance(b, m.WhitelabelHide)]
    assert [h.form for h in hides] == ["heading"], g.blocks
    text = hidden_text(g.blocks)
    for canary in CANARIES:
        assert canary in text, canary
    assert "Visible after" not in text and "After the block" not in text
    assert [type(b).__name__ for b in g.blocks] == [
        "Paragraph",
        "WhitelabelHide",
        "Heading",
        "Paragraph",
    ]


@pytest.mark.parametrize(
    "follows",
    [
        "Just a paragraph.\n",
        '<Tabs>\n  <Tab title="x">\n    In a tab.\n  </Tab>\n</Tabs>\n',
        "<Note>\n  A note.\n</Note>\n",
        "- a list\n- of things\n",
    ],
    ids=["paragraph", "tabs", "callout", "list"],
)
def test_whatever_follows_the_heading_is_hidden_with_it(follows: str) -> None:
    g = parse_guide("guides/guides/p.mdx", PAGE_FRONT + "## Set up the Hub\n\n" + follows)
    assert len(g.blocks) == 1 and isinstance(g.blocks[0], m.WhitelabelHide)
    assert len(g.blocks[0].body) == 2


def test_a_hub_heading_inside_a_container_hides_to_the_container_end() -> None:
    src = (
        '<Tabs>\n  <Tab title="Hub">\n    ## Connect in the Hub\n\n    Secret words.\n'
        '  </Tab>\n  <Tab title="API">\n    Public words.\n  </Tab>\n</Tabs>\n'
    )
    g = parse_guide("guides/guides/p.mdx", PAGE_FRONT + src)
    tab = g.blocks[0].body[0]  # type: ignore[union-attr]
    assert isinstance(tab.body[0], m.WhitelabelHide)
    assert "Secret words." in hidden_text(g.blocks)
    assert "Public words." not in hidden_text(g.blocks)
    hide = tab.body[0]
    assert hide.span.end_line < tab.span.end_line  # the `</Tab>` line is not cut


def test_a_hub_section_is_hidden_whole() -> None:
    src = (
        '<section data-guide-section data-guide-scopes="">\n  <h2>Linking in the Hub</h2>\n'
        "  Section words.\n</section>\n"
    )
    g = parse_guide("guides/guides/p.mdx", PAGE_FRONT + src)
    assert isinstance(g.blocks[0], m.WhitelabelHide)
    assert "Section words." in hidden_text(g.blocks)


def test_a_hub_heading_in_raw_html_is_a_located_error() -> None:
    with pytest.raises(GuideError) as info:
        parse_guide("guides/guides/p.mdx", PAGE_FRONT + "<details>\n<h3>The Hub</h3>\n</details>\n")
    problem = info.value.problems[0]
    assert "names the Hub" in problem.message and problem.pos.line == 6


def test_headings_that_do_not_name_the_hub_are_left_alone() -> None:
    g = parse_guide("guides/guides/p.mdx", PAGE_FRONT + "## GitHub setup\n\nWords.\n")
    assert not any(isinstance(b, m.WhitelabelHide) for b in g.blocks)


def _hides(g: m.Guide) -> list[m.WhitelabelHide]:
    return [n for n in walk(g.blocks) if isinstance(n, m.WhitelabelHide)]


def test_a_hub_heading_inside_a_step_or_a_list_item_hides_to_its_end() -> None:
    src = (
        '<Steps>\n  <Step title="One">\n    Public one.\n\n    ### Then in the Hub\n\n'
        '    Secret step words.\n  </Step>\n  <Step title="Two">\n    Public two.\n  </Step>\n'
        "</Steps>\n\n- Item words.\n\n  ### The Hub side\n\n  Secret item words.\n- Next item.\n"
    )
    g = parse_guide("guides/guides/p.mdx", PAGE_FRONT + src)
    text = hidden_text(g.blocks)
    assert "Secret step words." in text and "Secret item words." in text
    assert "Public" not in text and "Next item" not in text and "Item words" not in text
    assert len(_hides(g)) == 2


def test_a_hub_heading_followed_by_a_heading_of_its_level_hides_itself_only() -> None:
    g = parse_guide("guides/guides/p.mdx", PAGE_FRONT + "## Set up the Hub\n\n## Next\n\nPublic.\n")
    (hide,) = _hides(g)
    assert [type(b).__name__ for b in hide.body] == ["Heading"]
    assert [type(b).__name__ for b in g.blocks] == ["WhitelabelHide", "Heading", "Paragraph"]


def test_the_hidden_block_spans_the_heading_through_its_last_line() -> None:
    src = '<Tabs>\n  <Tab title="T">\n    ## The Hub\n\n    Secret.\n  </Tab>\n</Tabs>\n'
    g = parse_guide("guides/guides/p.mdx", PAGE_FRONT + src)
    (hide,) = _hides(g)
    assert (hide.span.line, hide.span.end_line, hide.span.col) == (8, 11, 5), (
        hide.span
    )  # not </Tab>
    assert hide.form == "heading"
    # at the end of a page: through its last line, reference definitions included
    g = parse_guide(
        "guides/guides/p.mdx",
        PAGE_FRONT + "Public.\n\n## The Hub\n\nSee [x][x].\n\n[x]: https://a.example\n",
    )
    (hide,) = _hides(g)
    assert (hide.span.line, hide.span.end_line) == (8, 14)
    assert g.extras.hidden_references == ("X",)


def test_a_hub_section_keeps_the_sections_span() -> None:
    src = (
        '<section data-guide-section data-guide-scopes="">\n  <h2>Linking in the Hub</h2>\n'
        "  Section words.\n</section>\n"
    )
    g = parse_guide("guides/guides/p.mdx", PAGE_FRONT + src)
    (hide,) = _hides(g)
    (section,) = hide.body
    assert hide.span == section.span and hide.form == "heading"


def test_a_raw_html_hub_heading_after_a_hidden_block_is_still_an_error() -> None:
    src = (
        "<div data-whitelabel-hide>\n\nBranded words.\n\n</div>\n\n"
        "<details>\n<h3>The Hub</h3>\n</details>\n"
    )
    with pytest.raises(GuideError) as info:
        parse_guide("guides/guides/p.mdx", PAGE_FRONT + src)
    assert [p.pos.line for p in info.value.problems] == [12]


def test_the_raw_html_hub_heading_message() -> None:
    with pytest.raises(GuideError) as info:
        parse_guide("guides/guides/p.mdx", PAGE_FRONT + "<details>\n<h2>Our hub</h2>\n</details>\n")
    (problem,) = info.value.problems
    assert (problem.pos.line, problem.pos.col) == (6, 1)
    assert problem.message == (
        "this raw HTML heading names the Hub, but it would be published to every white-label brand"
    )
    assert problem.hint == (
        "wrap the Hub block in <div data-whitelabel-hide>, or write the heading in Markdown "
        "(`## …`) so that it hides its block"
    )


# -- every output of a white-label brand, for each page kind ------------------------------------


def assert_canaries(branded: list[Path], white: list[Path]) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in branded)
    for canary in CANARIES:
        assert canary in text, canary
    for path in white:
        data = path.read_text(encoding="utf-8")
        for canary in CANARIES:
            assert canary not in data, (path, canary)
    assert any("Visible after the block." in p.read_text(encoding="utf-8") for p in white)


def test_hubdocs_project_pages_and_guides(project: Path) -> None:
    guide = project / KINDS["connection guide"]
    guide.parent.mkdir(parents=True)
    guide.write_text(GUIDE_FRONT + BLOCK)
    (project / KINDS["plain page"]).write_text(PAGE_FRONT + BLOCK)
    out = project / "out"
    build(load_config(project / "mkdocs.yml"), out=out, jobs=1)
    for rel in ("connectors/canary/guides/link-account/api-key", "guides/setup"):
        llms = "connectors/canary/llms-full.txt" if "canary" in rel else "llms-full.txt"
        names = (f"{rel}.html", f"{rel}.md", llms)
        assert_canaries(
            [out / "stackone" / n for n in names],
            [out / b / n for b in ("acme", "northwind") for n in names],
        )
    for path in (out / "acme").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".md", ".txt", ".json", ".xml"):
            assert "CANARY-HUB" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_mintlify_pages(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests/fixtures/mintlify-site", repo)
    folder = repo / "brands" / "nimbus"
    folder.mkdir(parents=True)
    (folder / "brand.yml").write_text(
        "name: Nimbus\nbase_url: https://docs.nimbus.example.com\nwhitelabel: true\n"
        "terms:\n  Zephyr: Nimbus\n"
    )
    (repo / "hubdocs.yml").write_text("brands: [zephyr, nimbus]\nbrands_dir: brands\n")
    (folder.parent / "zephyr").mkdir()
    (folder.parent / "zephyr" / "brand.yml").write_text(
        "name: Zephyr\nbase_url: https://docs.zephyr.example.com\n"
    )
    (repo / "setup.mdx").write_text(PAGE_FRONT + BLOCK)
    data = json.loads((repo / "docs.json").read_text())
    data["navigation"]["tabs"][0]["groups"][0]["pages"].append("setup")
    (repo / "docs.json").write_text(json.dumps(data, indent=2))
    out = tmp_path / "out"
    build(load_project(repo / "docs.json"), out=out, jobs=1)
    names = ("setup.html", "setup.md", "llms-full.txt")
    assert_canaries([out / "zephyr" / n for n in names], [out / "nimbus" / n for n in names])


def test_pages_built_by_the_mkdocs_plugin(tmp_path: Path) -> None:
    fixture = ROOT / "tests/fixtures/site"
    site = tmp_path / "site"
    shutil.copytree(fixture / "guides", site / "guides")
    shutil.copytree(fixture / "brands", site / "brands")
    (site / "guides" / "hub-setup.mdx").write_text(PAGE_FRONT + BLOCK)
    (site / "mkdocs.yml").write_text(
        "site_name: ParentCo Docs\nsite_url: https://docs.parent.example/\ndocs_dir: guides\n"
        "use_directory_urls: false\ntheme:\n  name: mkdocs\nplugins:\n  - hubdocs:\n"
        "      brand: !ENV [HUBDOCS_BRAND, main]\n      brands: [main, white]\n"
        f"      theme_dir: {ROOT / 'site_template'}\n      brands_dir: brands\n"
    )
    outs = {}
    for brand in ("main", "white"):
        env = {**os.environ, "HUBDOCS_BRAND": brand, "DISABLE_MKDOCS_2_WARNING": "true"}
        env["NO_MKDOCS_2_WARNING"] = "1"
        outs[brand] = tmp_path / f"out-{brand}"
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(outs[brand])],
            cwd=site,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
    files = {
        b: [p for p in o.rglob("*") if p.is_file() and p.suffix in (".html", ".md", ".txt")]
        for b, o in outs.items()
    }
    assert_canaries(
        [p for p in files["main"] if "hub-setup" in p.name or p.name == "llms-full.txt"],
        [p for p in files["white"] if "hub-setup" in p.name or p.suffix == ".txt"],
    )
    for path in files["white"]:
        assert "CANARY-HUB" not in path.read_text(encoding="utf-8", errors="replace"), path
