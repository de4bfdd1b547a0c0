"""Fail closed: every way to mark hidden content is honoured in every output of every
white-label brand, or refused with a located error — never published."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.build import build
from renderer.config import load_config
from renderer.errors import GuideError
from renderer.parse import parse_guide

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
        ("### Set up the Hub\n\nNo steps follow.\n", "reads like the Hub block"),
        ("Hub settings\n---\n\nText.\n", "reads like the Hub block"),
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
