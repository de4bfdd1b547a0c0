"""llms files never fail a build: when even the list of connectors is over `llms_budget`, the
root llms.txt links groups of connectors (by their key's first character, split again by the
next one while a group is over the budget), each group with its own llms.txt; at 3,000
connectors every file fits, every connector is reached exactly once, and the output does not
depend on the order the pages come in; a real build writes the same bytes in full and
incremental builds."""

from __future__ import annotations

import dataclasses
import random
import re
from pathlib import Path

import llms_txt

from renderer.build import build
from renderer.config.mkdocs_yml import load_config
from renderer.config.schema import Brand
from renderer.core import model as m
from renderer.render.llms import ROOT_TXT, LlmsBudget, connector_file, llms_files, llms_index
from renderer.vary.site import group_site

from . import search_view
from .conftest import ROOT

BASE = "https://docs.example"


def _connectors(n: int, seed: int = 7) -> list[m.Guide]:
    """`n` connectors with one or two guides each; a third of the keys start with `s` (a
    letter group over any budget) and some keys are prefixes of others."""
    rng = random.Random(seed)
    keys: set[str] = set()
    while len(keys) < n:
        length = rng.randint(1, 9)
        key = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789_") for _ in range(length))
        key = ("s" if rng.random() < 0.33 else rng.choice("abcdefgh0123456789")) + key
        keys.add(key)
        if rng.random() < 0.05 and len(keys) < n:
            keys.add(key[: max(1, len(key) // 2)])  # a key that is another's prefix
    guides = []
    for i, key in enumerate(sorted(keys)):
        name = key.replace("_", " ").title()
        types = m.GUIDE_TYPES[: 1 + i % 2]
        for t in types:
            guides.append(
                m.Guide(
                    path=f"guides/{key}/{t}/api-key.mdx",
                    url=f"/connectors/{key}/guides/{t}/api-key",
                    kind="guide",
                    title=f"Connect {name} with an API key",
                    description=f"Link a {name} account with an API key.",
                    blocks=(),
                    body="",
                    body_line=1,
                    connector=key,
                    guide_type=t,
                    connector_name=name,
                )
            )
    return guides


def _walk(files: dict[str, str], budget: int, base: str = BASE) -> tuple[list[str], int, list[str]]:
    """From the root llms.txt through every group file: the connector llms.txt files linked
    (in order) and the deepest level; every file parses and fits the budget, every group
    file is linked exactly once."""
    seen_groups: list[str] = []
    connectors: list[str] = []
    depth = 0
    pages: list[str] = []

    def visit(name: str, level: int) -> None:
        nonlocal depth
        depth = max(depth, level)
        text = files[name]
        assert len(text) <= budget, (name, len(text))
        parsed = llms_txt.parse_llms_file(text)
        assert parsed.title, name
        for section in parsed.sections.values():
            for link in section:
                url = link["url"]
                assert url.startswith(base + "/"), url
                path = url[len(base) + 1 :]
                if path.startswith("connectors/by-letter/"):
                    assert path in files, path
                    seen_groups.append(path)
                    visit(path, level + 1)
                elif level == 0 and path.endswith(".md"):
                    pages.append(path)  # docs pages stay in the root file
                else:
                    assert re.fullmatch(r"connectors/[a-z0-9_]+/llms\.txt", path), path
                    connectors.append(path)

    visit(ROOT_TXT, 0)
    assert sorted(seen_groups) == sorted(set(seen_groups)) == sorted(set(files) - {ROOT_TXT})
    return connectors, depth, pages


def _brand() -> Brand:
    return dataclasses.replace(load_config(ROOT / "mkdocs.yml").brand("acme"), base_url=BASE)


def test_3000_connectors_fit_in_groups_and_every_connector_is_reached_once() -> None:
    guides = _connectors(3000)
    site, brand = group_site(guides), _brand()
    expected = sorted(connector_file(c.key, ROOT_TXT) for c in site.connectors)
    for budget in (100_000, 20_000, 4000):
        index, notes = llms_index(site, brand, LlmsBudget(txt=budget))
        files = dict(index)
        assert len(files) == len(index)  # no file written twice
        assert notes == []
        reached, depth, _ = _walk(files, budget)
        assert sorted(reached) == expected  # each connector exactly once
        assert depth >= (1 if budget == 100_000 else 2), budget  # the `s` group is split
        root = files[ROOT_TXT]
        assert f"over this file's budget of {budget:,}" in root
        # the same bytes whatever order the pages come in
        shuffled = guides[:]
        random.Random(budget).shuffle(shuffled)
        assert llms_index(group_site(shuffled), brand, LlmsBudget(txt=budget)) == (index, notes)


def test_a_budget_the_groups_miss_is_a_note_never_an_error() -> None:
    site, brand = group_site(_connectors(300)), _brand()
    out = llms_files(site, brand, lambda url: b"x", LlmsBudget(txt=600))
    names = [name for name, _ in out.files]
    assert names[0] == ROOT_TXT and any(n.startswith("connectors/by-letter/") for n in names)
    assert out.notes and "over llms_budget (600) even with its connectors in groups" in out.notes[0]


def _add_connectors(project: Path, keys: list[str]) -> None:
    for key in keys:
        name = key.replace("_", " ").title()
        folder = project / "guides" / key / "link-account"
        folder.mkdir(parents=True)
        (folder / "api-key.mdx").write_text(
            f'---\ntitle: "Connect {name} with an API key"\n'
            f'description: "Link a {name} account with an API key."\n---\n\n'
            f"Open **Settings** in {name} and create an API key.\n"
        )


def test_a_real_build_writes_group_files_the_same_in_full_and_incremental_builds(
    project: Path,
) -> None:
    keys = [f"s{c}{i}" for c in "abc" for i in range(14)] + [f"t{i}" for i in range(4)]
    _add_connectors(project, keys)
    cfg = project / "mkdocs.yml"
    text = cfg.read_text()
    cfg.write_text(
        text.replace("      twins: faithful\n", "      twins: faithful\n      llms_budget: 2200\n")
    )
    out, full = project / "out", project / "full"
    first = build(load_config(cfg), ["acme"], out, jobs=1)
    assert first.mode == "full" and first.notes == ()
    site = out / "acme"
    groups = sorted(p.relative_to(site).as_posix() for p in site.rglob("by-letter/*/llms.txt"))
    assert "connectors/by-letter/s/llms.txt" in groups
    assert any(len(g.split("/")[2]) > 1 for g in groups), groups  # the `s` group was split
    base = load_config(cfg).brand("acme").base_url
    files = {ROOT_TXT: (site / ROOT_TXT).read_text()}
    files |= {g: (site / g).read_text() for g in groups}
    reached, _, pages = _walk(files, 2200, base)
    assert pages and all((site / page).is_file() for page in pages)
    on_disk = sorted(p.relative_to(site).as_posix() for p in site.glob("connectors/*/llms.txt"))
    assert sorted(reached) == on_disk
    guide = project / "guides/sa3/link-account/api-key.mdx"
    guide.write_text(guide.read_text().replace("create an API key", "create a new API key"))
    again = build(load_config(cfg), ["acme"], out, jobs=1)
    assert again.mode == "incremental"
    build(load_config(cfg), ["acme"], full, jobs=1, incremental=False)
    assert search_view.contents(out) == search_view.contents(full)
