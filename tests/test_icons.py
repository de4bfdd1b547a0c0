"""Icons from Font Awesome Free and Lucide: resolution (aliases, styles, Pro styles, brands,
libraries), unknown names warned with the nearest names, the sprite holding only the icons a
site uses, and every icon name of the Mintlify corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from renderer.core import model as m
from renderer.render.icon_set import (
    FA_VERSION,
    LUCIDE_VERSION,
    Icon,
    IconProblem,
    IconSet,
    font_awesome,
    lucide,
    nearest,
    page_icon_problems,
    sprite,
    sprite_ids,
)
from renderer.render.icons import icon_html

from .conftest import ROOT

CORPUS = Path("/work/corpus/mintlify-docs")
FIXTURE = ROOT / "tests" / "fixtures" / "reader-code"


def fa(name: str, style: str = "") -> Icon | IconProblem:
    return IconSet("fontawesome").resolve(name, style)


def lu(name: str) -> Icon | IconProblem:
    return IconSet("lucide").resolve(name)


def test_the_data_is_the_pinned_packages() -> None:
    assert font_awesome()["package"] == f"@fortawesome/fontawesome-free@{FA_VERSION}"
    assert lucide()["package"] == f"lucide-static@{LUCIDE_VERSION}"
    assert len(font_awesome()["icons"]) > 1900 and len(font_awesome()["aliases"]) > 600
    assert len(lucide()["icons"]) > 2100 and len(lucide()["aliases"]) > 300
    for name in ("LICENSE-fontawesome-free.txt", "LICENSE-lucide.txt", "README.md"):
        assert (ROOT / "renderer" / "render" / "data" / name).is_file()


def test_the_issue_names_resolve_in_font_awesome() -> None:
    assert fa("briefcase") == Icon("fontawesome", "briefcase", "solid")
    assert fa("graduation-cap") == Icon("fontawesome", "graduation-cap", "solid")
    assert fa("ellipsis") == Icon("fontawesome", "ellipsis", "solid")
    assert fa("address-book") == Icon("fontawesome", "address-book", "regular")
    assert fa("address-book", "solid") == Icon("fontawesome", "address-book", "solid")


def test_aliases_resolve_to_the_canonical_icon() -> None:
    assert fa("ellipsis-h") == Icon("fontawesome", "ellipsis", "solid")
    assert fa("home", "solid") == Icon("fontawesome", "house", "solid")
    assert fa("cog") == Icon("fontawesome", "gear", "solid")
    assert fa("fa-house", "solid") == Icon("fontawesome", "house", "solid")
    assert lu("trash-2") == Icon("lucide", "trash", "")
    assert lu("smile") == Icon("lucide", "face-slightly-smiling", "")
    assert lu("text") == Icon("lucide", "text-align-start", "")


def test_styles_default_regular_then_solid_then_brands() -> None:
    assert fa("house") == Icon("fontawesome", "house", "regular")
    assert fa("rocket") == Icon("fontawesome", "rocket", "solid")  # no free regular
    assert fa("github") == Icon("fontawesome", "github", "brands")
    assert fa("github", "brands") == Icon("fontawesome", "github", "brands")
    assert fa("house", "solid").symbol_id == "fa-solid-house"
    assert lu("bot").symbol_id == "lucide-bot"


def test_pro_styles_draw_the_nearest_free_style_with_a_warning() -> None:
    for style, drawn in (("light", "regular"), ("thin", "regular"), ("duotone", "solid"),
                         ("sharp-solid", "solid"), ("sharp-regular", "regular")):  # fmt: skip
        got = fa("flag", style)
        assert isinstance(got, IconProblem), style
        assert got.level == "warning" and got.icon == Icon("fontawesome", "flag", drawn), style
        assert f"the {style} style is Font Awesome Pro" in got.message
    missing = fa("ellipsis", "regular")  # regular ellipsis is Pro-only
    assert isinstance(missing, IconProblem) and missing.icon == Icon(
        "fontawesome", "ellipsis", "solid"
    )


def test_a_pro_style_is_warned_once_per_icon() -> None:
    icons = IconSet("fontawesome")
    for _ in range(3):
        assert "fa-regular-flag" in icons.svg_use("flag", "light")
    icons.svg_use("flag", "thin")
    assert [p.name for p in icons.problems.values()] == ["flag", "flag"]  # light, thin


def test_brands_under_lucide_come_from_font_awesome_with_a_note() -> None:
    got = lu("github")
    assert isinstance(got, IconProblem) and got.level == "note"
    assert got.icon == Icon("fontawesome", "github", "brands")
    for brand in ("js", "python", "slack", "java", "square-js"):
        assert isinstance(lu(brand), IconProblem) and lu(brand).icon is not None, brand


def test_per_icon_library_and_object_form() -> None:
    icons = IconSet("lucide")
    assert icons.resolve("house", "solid", "fontawesome") == Icon("fontawesome", "house", "solid")
    html = icon_html({"name": "house", "style": "solid", "library": "fontawesome"}, icons=icons)
    assert 'href="/assets/icons.svg#fa-solid-house"' in html
    assert "#lucide-house" in icon_html("house", icons=icons)


def test_tabler_is_drawn_from_lucide_with_a_note() -> None:
    got = IconSet("tabler").resolve("home")
    assert isinstance(got, IconProblem) and got.level == "note"
    assert got.icon == Icon("lucide", "house", "")
    assert IconSet("nonsense").library == "fontawesome"


def test_unknown_names_are_warnings_with_the_nearest_names_and_draw_nothing() -> None:
    got = fa("briefcse")
    assert isinstance(got, IconProblem) and got.icon is None and got.level == "warning"
    assert "unknown icon 'briefcse'" in got.message and "briefcase" in got.hint
    assert nearest("graduation-hat", "fontawesome")[0] == "graduation-cap"
    assert "trash" in lu("trash-3").hint
    cross = lu("address-book")  # a Font Awesome name under Lucide: said so
    assert isinstance(cross, IconProblem) and "Font Awesome name" in cross.hint
    icons = IconSet("fontawesome")
    assert isinstance(icons.svg_use("no-such-icon"), IconProblem)
    assert icons.html("no-such-icon") == ""  # never a silent stand-in
    assert [p.name for p in icons.problems.values()] == ["no-such-icon"]
    assert not icons.used


def test_images_stay_images() -> None:
    icons = IconSet()
    assert (
        icons.html("/images/logo.svg")
        == '<img class="hd-icon hd-icon--img" src="/images/logo.svg" alt="">'
    )
    assert icons.html("https://example.com/i.png").startswith("<img")
    assert not icons.problems


def test_the_sprite_holds_exactly_the_symbols_asked_for() -> None:
    icons = IconSet("fontawesome")
    icons.svg_use("house")
    icons.svg_use("github")
    svg = icons.sprite().decode()
    assert re.findall(r'<symbol id="([^"]+)"', svg) == ["fa-brands-github", "fa-regular-house"]
    assert " style=" not in svg and "currentColor" in svg
    both = sprite(["lucide-bot", "fa-solid-house", "not-an-icon", "fa-solid-nonexistent"])
    assert re.findall(rb'<symbol id="([^"]+)"', both) == [b"fa-solid-house", b"lucide-bot"]
    assert b'stroke="currentColor"' in both and b"<path" in both
    assert sprite(["fa-solid-house"]) == sprite(["fa-solid-house", "fa-solid-house"])
    page = '<svg class="hd-icon"><use href="/assets/icons.svg#fa-solid-flag"></use></svg>'
    assert sprite_ids(page) == {"fa-solid-flag"}


def test_located_problems_for_a_page() -> None:
    span = m.Span(7, 8, 3)
    guide = m.Guide(
        path="docs/page.mdx", url="/page", kind="page", title="T", description="", body="",
        body_line=1,
        blocks=(
            m.Component("Card", (("title", "A"), ("icon", "briefcse")), (), span),
            m.Paragraph('Click <Icon icon="elipsis" /> or <Icon icon="house" iconType="light" />',
                        m.Span(9, 10)),
            m.CodeBlock('java title="x" icon="jaava"', "x\n", m.Span(12, 15)),
            m.Component("Card", (("icon", "/images/a.svg"),), (), span),
        ),
    )  # fmt: skip
    problems = page_icon_problems(guide, IconSet("fontawesome"))
    where = [(p.pos.path, p.pos.line, p.message.split(";")[0]) for p in problems]
    assert where == [
        ("docs/page.mdx", 7, "unknown icon 'briefcse' (Font Awesome Free 7.3.1)"),
        ("docs/page.mdx", 9, "unknown icon 'elipsis' (Font Awesome Free 7.3.1)"),
        ("docs/page.mdx", 9, "icon 'house': the light style is Font Awesome Pro"),
        ("docs/page.mdx", 12, "unknown icon 'jaava' (Font Awesome Free 7.3.1)"),
    ]
    assert "ellipsis" in problems[1].hint


# -- a built site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from renderer.build import build
    from renderer.commands.project import load_project

    out = tmp_path_factory.mktemp("icons-site")
    build(load_project(FIXTURE / "docs.json"), out=out, jobs=1)
    return out / "code-fixture"


def test_the_site_sprite_holds_only_the_icons_its_pages_use(site: Path) -> None:
    used = set()
    for page in site.glob("*.html"):
        used |= sprite_ids(page.read_text())
    svg = (site / "assets" / "icons.svg").read_text()
    ids = set(re.findall(r'<symbol id="([^"]+)"', svg))
    assert ids == used
    assert ids == {
        "fa-regular-house",  # index: <Icon icon="house" />
        "fa-solid-briefcase",  # index: Card icon
        "fa-solid-ellipsis",  # code: the issue's "edit <Icon icon="ellipsis"/> button"
        "fa-brands-github",
        "fa-solid-graduation-cap",  # iconType="light" (Pro): the free style
    }
    doc = BeautifulSoup((site / "code.html").read_text(), "html.parser")
    cards = {c.select_one(".hd-card-title").get_text(): c for c in doc.select(".hd-card")}
    assert cards["Grad"].select_one("use")["href"] == "/assets/icons.svg#fa-solid-graduation-cap"
    assert cards["Unknown"].select_one("svg") is None  # no stand-in glyph


# -- the corpus --------------------------------------------------------------------------------

_FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1", re.M | re.S)
_ATTR = re.compile(r"""\bicon=(?:"([^"]+)"|'([^']+)'|\{\s*"([^"]+)"\s*\})""")
_FRONT = re.compile(r"^icon:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", re.M)


def corpus_icons(root: Path) -> set[str]:
    """Every icon name the corpus's pages and docs.json use (code examples left out)."""
    names: set[str] = set()
    for path in root.rglob("*.mdx"):
        if any(part.startswith(".") or part == "node_modules" for part in path.parts):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        head = text.split("\n---", 1)[0] if text.startswith("---") else ""
        names.update(mt.group(1).strip() for mt in _FRONT.finditer(head))
        body = _FENCE.sub("", text)
        for mt in _ATTR.finditer(body):
            names.add(next(g for g in mt.groups() if g))

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "icon" and isinstance(item, str):
                    names.add(item)
                elif key == "icon" and isinstance(item, dict) and item.get("name"):
                    names.add(item["name"])
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads((root / "docs.json").read_text()))
    return {n for n in names if "/" not in n and "." not in n and "{" not in n}


@pytest.mark.skipif(not (CORPUS / "docs.json").is_file(), reason="the Mintlify corpus is not here")
def test_every_icon_of_the_mintlify_corpus_resolves() -> None:
    """mintlify/docs sets `icons.library: "lucide"`. Every name its pages and docs.json use
    resolves: through Lucide's aliases (`trash-2`), and the Font Awesome brands it names
    (`github`, `slack`: Lucide has none) from Font Awesome with a note. `alien-8bit` appears only
    inside a code example (a Font Awesome Pro icon, in neither free set): a warning with the
    nearest names if a page used it."""
    library = json.loads((CORPUS / "docs.json").read_text())["icons"]["library"]
    assert library == "lucide"
    names = corpus_icons(CORPUS)
    assert len(names) > 100
    icons = IconSet(library)
    unresolved = {}
    for name in sorted(names):
        got = icons.resolve(name)
        if isinstance(got, IconProblem) and got.icon is None:
            unresolved[name] = got.hint
    assert unresolved == {}
    brands = {n for n in names if isinstance(icons.resolve(n), IconProblem)}
    assert brands == {"js", "python", "slack", "github", "java", "square-js"}
    alien = icons.resolve("alien-8bit")
    assert isinstance(alien, IconProblem) and alien.icon is None
    assert alien.hint.startswith("did you mean")


def test_icons_library_from_docs_json_is_honoured(tmp_path: Path) -> None:
    import shutil

    from renderer.build import build
    from renderer.commands.project import load_project

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    data = json.loads((repo / "docs.json").read_text())
    data["icons"] = {"library": "lucide"}
    (repo / "docs.json").write_text(json.dumps(data))
    build(load_project(repo / "docs.json"), out=tmp_path / "out", jobs=1)
    svg = (tmp_path / "out" / "code-fixture" / "assets" / "icons.svg").read_text()
    ids = set(re.findall(r'<symbol id="([^"]+)"', svg))
    # Lucide names; `github` is a brand, drawn from Font Awesome
    assert {"lucide-house", "lucide-briefcase", "lucide-ellipsis", "fa-brands-github"} <= ids
    assert not {i for i in ids if i.startswith(("fa-solid", "fa-regular"))}
