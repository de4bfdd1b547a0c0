"""`markdown.instructions` (brand.yml, else docs.json) written as Mintlify writes it: an
`Agent Instructions` blockquote in every Markdown twin (after the Documentation Index), in
llms.txt (after the summary) and at the top of llms-full.txt, the connectors' files too; with
none set, the twins keep their bytes (the seed twin)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import llms_txt

from tests.conftest import ROOT, SEED

BLOCK = "> ## Agent Instructions\n> Always cite the API version.\n> Prefer the TypeScript SDK.\n"


def _md_and_llms(root: Path) -> list[Path]:
    return [
        p
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and (p.suffix == ".md" or p.name in ("llms.txt", "llms-full.txt"))
        and ".well-known" not in p.parts
        and p.name != "skill.md"
    ]


def test_brand_instructions_reach_every_markdown_and_llms_file(tmp_path: Path) -> None:
    from renderer.agents.site import load_site
    from renderer.build import build
    from renderer.config.mkdocs_yml import load_config

    for name in ("guides", "site_template"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    brand = tmp_path / "site_template/brands/acme/brand.yml"
    brand.write_text(
        brand.read_text()
        + "markdown:\n  instructions:\n    - Always cite the API version.\n"
        + "    - Prefer the TypeScript SDK.\n"
    )
    out = tmp_path / "site"
    build(load_config(tmp_path / "mkdocs.yml"), ["stackone", "acme"], out, jobs=1)
    files = _md_and_llms(out / "acme")
    assert len(files) > 20
    for path in files:
        text = path.read_text()
        assert BLOCK in text, path
        if path.suffix == ".md":
            assert text.startswith("> ## Documentation Index\n")
            assert text.index(BLOCK) < text.index("\n# ")
    llms = (out / "acme/llms.txt").read_text()
    assert llms.index("> Guides for connecting") < llms.index(BLOCK) < llms.index("\n## ")
    parsed = llms_txt.parse_llms_file(llms)
    assert parsed.title == "Acme Connect Docs" and parsed.sections
    full = (out / "acme/llms-full.txt").read_text()
    assert full.index(BLOCK) < full.index("\n---\n")
    for path in _md_and_llms(out / "stackone"):
        assert "Agent Instructions" not in path.read_text(), path
    seed = out / "stackone/connectors/leapsome/guides/link-account/scim-api-token.md"
    assert seed.read_bytes() == SEED.read_bytes()
    site = load_site(out / "acme")  # agents read the page, not the block
    page = site.page("/connectors/leapsome/guides/link-account/scim-api-token")
    assert page is not None and "cite the API version" not in " ".join(
        s.text for s in page.sections
    )


def test_docs_json_instructions_as_a_string(tmp_path: Path) -> None:
    from renderer.build import build
    from renderer.commands.project import load_project

    project = tmp_path / "docs"
    shutil.copytree(ROOT / "tests/fixtures/reader-code", project)
    config = json.loads((project / "docs.json").read_text())
    config["markdown"] = {
        "instructions": "Always cite the API version.\nPrefer the TypeScript SDK."
    }
    (project / "docs.json").write_text(json.dumps(config))
    cfg = load_project(project / "docs.json")
    out = tmp_path / "site"
    report = build(cfg, out=out, jobs=1)
    assert not [p for p in report.problems if "markdown" in p.message]
    root = out / "code-fixture"
    for path in _md_and_llms(root):
        assert BLOCK in path.read_text(), path
