"""Twins show Mintlify components as written even when the rest of a twin is escaped (issue
30.6: a twin never holds `&lt;` for a component): a component tag whose quoted values or `{…}`
expressions hold `<` (`type="ReactElement<StepProps>[]"`, `icon={<svg …/>}`) is kept, with
every `<` inside it escaped, so the component's own `<` is the only one an HTML parser meets.
A tag with an event handler or a dangerous URL anywhere in it stays escaped. Checked with
Chromium's own HTML parser: no element but the components, no handler attribute, no script."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.render.defang import defang

SCRIPTY = "Copy the `<svg>…</svg>` element.\n\n"  # makes the whole twin suspicious

KEPT = [
    (
        '<ResponseField name="children" type="ReactElement<StepProps>[]" required>\n'
        "The steps.\n</ResponseField>",
        '<ResponseField name="children" type="ReactElement&lt;StepProps>[]" required>',
    ),
    (
        '<Card title="Osano" href="/x" icon={<svg width="32" xmlns="http://www.w3.org/2000/svg">'
        '<path d="M1 2" fill="#7764FA"/></svg>} horizontal>\nText\n</Card>',
        '<Card title="Osano" href="/x" icon={&lt;svg width="32" xmlns="http://www.w3.org/2000/svg">'
        '&lt;path d="M1 2" fill="#7764FA"/>&lt;/svg>} horizontal>',
    ),
    ("<Tooltip tip='a > b and c < d'>term</Tooltip>", "<Tooltip tip='a > b and c &lt; d'>"),
    ('<Note title={"<b>x</b>"}>n</Note>', '<Note title={"&lt;b>x&lt;/b>"}>'),
]

REFUSED = [
    '<Card title="x" icon={<svg onload=alert(1)/>}>t</Card>',
    '<Card title="a"onclick="x()">t</Card>',
    '<Card href={"java\tscript:alert(1)"}>t</Card>',
    "<Card title='x' { ' onmouseover=alert(1) >t</Card>",
    "<Card title={'x'}}>t</Card>",
]


@pytest.mark.parametrize(("source", "tag"), KEPT)
def test_a_component_with_markup_in_its_values_is_kept(source: str, tag: str) -> None:
    out = defang(SCRIPTY + source)
    assert out.startswith("Copy the `&lt;svg>…&lt;/svg>` element.")
    assert tag in out, out
    assert "&lt;" + tag[1:] not in out


@pytest.mark.parametrize("source", REFUSED)
def test_a_harmful_component_tag_stays_escaped(source: str) -> None:
    out = defang(SCRIPTY + source)
    assert "<Card" not in out, out


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Chromium")
def test_chromium_sees_only_the_components(browser) -> None:
    page = browser.new_page()
    for source in [s for s, _ in KEPT] + REFUSED:
        html = defang(SCRIPTY + source)
        found = page.evaluate(
            """(html) => {
              const doc = new DOMParser().parseFromString(html, 'text/html');
              return [...doc.body.querySelectorAll('*')].map((el) => [
                el.localName,
                [...el.attributes].map((a) => a.name + '=' + a.value),
              ]);
            }""",
            html,
        )
        for name, attrs in found:
            assert name in ("responsefield", "card", "tooltip", "note"), (source, found)
            for attr in attrs:
                assert not attr.startswith("on"), (source, found)
                assert "script:" not in attr.replace("\t", "").lower(), (source, found)
    page.close()
