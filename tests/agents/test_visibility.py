"""`<Visibility for="humans|agents">`: humans blocks reach the HTML page only, agents blocks the
Markdown twin and the llms files only (faithful and clean twins alike); a white-label hidden
block inside either still hides per brand; any other `for` is a located error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

PAGE = "guides/guides/visibility.mdx"
SOURCE = """---
title: Audiences
description: A page with text for people and text for agents.
---

Shared intro.

<Visibility for="humans">
  People see humanword in the page.

  <div data-whitelabel-hide>
    Branded people only: humanhidden on the StackOne Hub.
  </div>
</Visibility>

<Visibility for="agents">
  Agents read agentword in the Markdown.

  <div data-whitelabel-hide>
    Branded agents only: agenthidden on the StackOne Hub.
  </div>

  ```mdx
  <Visibility for="humans">codeword stays in code</Visibility>
  ```
</Visibility>

Closing line.
"""


def _built(tmp_path: Path, mode: str) -> Path:
    from renderer.build import build
    from renderer.config.mkdocs_yml import load_config

    for name in ("guides", "site_template"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / PAGE).write_text(SOURCE)
    out = tmp_path / "site"
    build(load_config(tmp_path / "mkdocs.yml"), ["stackone", "acme"], out, mode=mode, jobs=1)
    return out


def _every_file(root: Path, suffixes: tuple[str, ...]) -> str:
    return "\n".join(
        p.read_text(errors="replace")
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix in suffixes and "pagefind" not in p.parts
    )


@pytest.mark.parametrize("mode", ["faithful", "clean"])
def test_each_audience_gets_its_own_blocks(tmp_path: Path, mode: str) -> None:
    out = _built(tmp_path, mode)
    for brand in ("stackone", "acme"):
        root = out / brand
        html = (root / "guides/visibility.html").read_text()
        twin = (root / "guides/visibility.md").read_text()
        full = (root / "llms-full.txt").read_text()
        assert "Shared intro." in html and "Shared intro." in twin and "Shared intro." in full
        assert "humanword" in html and "agentword" not in html
        for text in (twin, full):
            assert "agentword" in text and "humanword" not in text
            assert "Closing line." in text and "<Visibility" not in text.split("```")[0]
        assert "codeword stays in code" in twin  # a tag in code is text
        if mode == "faithful":
            assert '<Visibility for="humans">codeword' in twin
        assert "agentword" not in _every_file(root, (".html",))
        assert "humanword" not in _every_file(root, (".md", ".txt"))
    branded, white = out / "stackone", out / "acme"
    assert "humanhidden" in (branded / "guides/visibility.html").read_text()
    assert "agenthidden" in (branded / "guides/visibility.md").read_text()
    everything = _every_file(white, (".html", ".md", ".txt", ".json"))
    assert "humanhidden" not in everything and "agenthidden" not in everything


@pytest.mark.parametrize("value", ['for="robots"', "", 'for="Agents"', "for={true}"])
def test_any_other_audience_is_a_located_error(tmp_path: Path, value: str) -> None:
    from renderer.core.errors import GuideError
    from renderer.parse.page import parse_file

    path = tmp_path / "p.mdx"
    path.write_text(f"---\ntitle: P\n---\n\nText.\n\n<Visibility {value}>\n  Hi.\n</Visibility>\n")
    with pytest.raises(GuideError) as err:
        parse_file(str(path), str(path), "p.mdx")
    [problem] = err.value.problems
    assert (problem.pos.line, problem.pos.col) == (7, 1)
    assert 'needs for="humans" or for="agents"' in problem.message


def test_for_agents_keeps_code_and_unknown_text() -> None:
    from renderer.render.twin import for_agents

    src = 'A `<Visibility for="humans">` b.\n\n```\n<Visibility for="humans">\n```\n'
    assert for_agents(src) == src
    assert for_agents("no tags\n") == "no tags\n"
    nested = '<Visibility for="humans">\n<Visibility for="agents">x</Visibility>\n</Visibility>\n'
    assert for_agents("a\n\n" + nested + "\nb\n") == "a\n\nb\n"


def test_the_page_outline_leaves_agents_blocks_out() -> None:
    """The table of contents and the JSON-LD steps follow the HTML page: headings and steps
    inside `for="agents"` are the twin's only."""
    from renderer.parse.page import parse_guide
    from renderer.render.jsonld import guide_steps
    from renderer.render.page_html import toc

    source = """---
title: Outline
---

## Shared heading

<Visibility for="humans">
  ## Humans heading

  <Steps>
    <Step title="Humans step">
      Click it.
    </Step>
  </Steps>
</Visibility>

<Visibility for="agents">
  ## Agents heading

  <Steps>
    <Step title="Agents step">
      Call it.
    </Step>
  </Steps>
</Visibility>
"""
    g = parse_guide("outline.mdx", source, "outline.mdx")
    assert [t["text"] for t in toc(g)] == ["Shared heading", "Humans heading"]
    steps = guide_steps(g.blocks, "https://x.example/outline")
    assert [name for name, _, _ in steps] == ["Humans step"]
    assert steps[0][2] == "https://x.example/outline#step-humans-step"
