"""Differential test (issue 30): every fixture page reads as MDX 3 reads it.

Each page is parsed by MDX 3 (with Mintlify's remark plugins, `tests/oracle/mdx_tree.mjs`) and by
hubdocs, both turned into the comparable tree of `tests/mdx_oracle.py`, and compared. A page
agrees when both trees are equal, or both refuse the page, or the difference is allowlisted
(`tests/oracle/ALLOWLIST.md`). Pages that disagree today are strict xfails naming the cause, so
each flips (and must be unmarked) when the parser is fixed.

The oracle needs node and `npm ci --prefix tests/oracle`; without them these tests skip.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import mdx_oracle as mo  # noqa: E402
from fixture_file import read_fixtures  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CONSTRUCTS = FIXTURES / "mdx"

# (site root, pages below it); snippets are not pages.
SITES: list[tuple[Path, str]] = [
    (CONSTRUCTS, "*.mdx"),
    (FIXTURES / "mintlify-site", "**/*.mdx"),
    (FIXTURES / "mintlify", "**/*.mdx"),
    (FIXTURES / "site" / "guides", "**/*.mdx"),
    (ROOT / "guides", "**/*.mdx"),
]
PARSE_CASES = sorted((FIXTURES / "parse").glob("*.txt"))

# Pages that disagree today, with the cause (issue 30). strict=True: each must flip when fixed.
XFAIL: dict[str, str] = {}


def _pages() -> list[tuple[str, Path, Path]]:
    """(id, file, site root) of every fixture page."""
    out = []
    for root, pattern in SITES:
        for path in sorted(root.glob(pattern)):
            rel = path.relative_to(root)
            if "snippets" in rel.parts or any(p.startswith("_") for p in rel.parts[:-1]):
                continue
            out.append((_page_id(path), path, root))
    return out


def _page_id(path: Path) -> str:
    rel = path.relative_to(FIXTURES) if FIXTURES in path.parents else path.relative_to(ROOT)
    return rel.as_posix()


def _case_pages(tmp: Path) -> list[tuple[str, Path, Path]]:
    """The parse fixture cases (tests/fixtures/parse/*.txt), one page each."""
    out = []
    for fixture in PARSE_CASES:
        for case in read_fixtures(fixture):
            path = tmp / f"{fixture.stem}-{case.line:04d}.mdx"
            path.write_text(case.source, encoding="utf-8")
            out.append((f"parse/{fixture.name}:{case.line} {case.title}", path, tmp))
    return out


PAGES = _pages()
CASE_IDS = [
    f"parse/{f.name}:{case.line} {case.title}" for f in PARSE_CASES for case in read_fixtures(f)
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, mo.PageResult]:
    reason = mo.skip_reason()
    if reason:
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("parse-cases")
    pages = PAGES + _case_pages(tmp)
    by_root: dict[Path, list[tuple[str, Path]]] = {}
    for page_id, path, root in pages:
        by_root.setdefault(root, []).append((page_id, path))
    out: dict[str, mo.PageResult] = {}
    for root, items in by_root.items():
        found = mo.compare_files([p for _, p in items], root=root)
        for (page_id, _), result in zip(items, found, strict=True):
            out[page_id] = result
    return out


def _param(page_id: str) -> object:
    if page_id in XFAIL:
        return pytest.param(page_id, marks=pytest.mark.xfail(strict=True, reason=XFAIL[page_id]))
    return page_id


@pytest.mark.parametrize("page_id", [_param(p) for p in [x[0] for x in PAGES] + CASE_IDS])
def test_page_reads_as_mdx3_reads_it(results: dict[str, mo.PageResult], page_id: str) -> None:
    result = results[page_id]
    if not result.comparable:
        pytest.skip(f"template calls the oracle cannot expand: {result.differences[0].category}")
    assert result.agree, result.report()


def test_every_construct_fixture_is_listed_or_agrees(results: dict[str, mo.PageResult]) -> None:
    """The xfail list names only construct fixtures that exist."""
    ids = {p[0] for p in PAGES} | set(CASE_IDS)
    assert not set(XFAIL) - ids, sorted(set(XFAIL) - ids)


# -- the comparison itself: planted differences must be found ----------------------------------


def _both(tmp_path: Path, source: str) -> tuple[mo.Node, mo.Node]:
    reason = mo.skip_reason()
    if reason:
        pytest.skip(reason)
    page = tmp_path / "page.mdx"
    page.write_text(source, encoding="utf-8")
    oracle = mo.run_oracle([page], root=tmp_path)[str(page)]
    hub = mo.hubdocs_side(page, "page.mdx")
    assert hub.tree is not None and "tree" in oracle, (oracle, hub.errors)
    return mo.mdx_tree(oracle["tree"]), hub.tree


def _mdast(source: str, tmp_path: Path) -> mo.Node:
    reason = mo.skip_reason()
    if reason:
        pytest.skip(reason)
    page = tmp_path / "x.mdx"
    page.write_text(source, encoding="utf-8")
    return mo.mdx_tree(mo.run_oracle([page])[str(page)]["tree"])


def test_nesting_is_compared(tmp_path: Path) -> None:
    inside = _mdast("<Note>\n  <Card title='a' />\n</Note>\n", tmp_path)
    beside = _mdast("<Note>\n</Note>\n\n<Card title='a' />\n", tmp_path)
    diffs = mo.compare(inside, beside)
    assert diffs, mo.show(inside.children)


def test_a_block_swallowed_into_a_paragraph_is_named(tmp_path: Path) -> None:
    block = _mdast("Text\n\n<span>\n  x\n</span>\n", tmp_path)
    inline = mo.canon_root(
        [mo.Node("p", children=[mo.Node("text", text="Text "), block.children[1]])]
    )
    diffs = mo.compare(block, inline)
    assert [d.category for d in diffs] == ["swallowed into a paragraph <span>"]


def test_a_block_component_in_a_paragraph_splits_it(tmp_path: Path) -> None:
    """R16: `Text <Frame>…</Frame>` in one paragraph reads as text, then the Frame as a block."""
    block = _mdast("Text\n\n<Frame>\n  <img src='/a.png' />\n</Frame>\n", tmp_path)
    inline = mo.canon_root(
        [mo.Node("p", children=[mo.Node("text", text="Text "), block.children[1]])]
    )
    assert mo.compare(block, inline) == []
    stripped = mo.canon_root([mo.Node("p", children=[mo.Node("text", text="Text ")])])
    assert mo.compare(block, stripped)


def test_loose_content_in_steps_joins_the_step_before(tmp_path: Path) -> None:
    """R15: a `<Note>` between two steps is compared as part of the step before it."""
    mdx = _mdast(
        "<Steps>\n  <Step title='a'>\n    x\n  </Step>\n  <Note>\n    n\n  </Note>\n"
        "  <Step title='b'>\n    y\n  </Step>\n</Steps>\n",
        tmp_path,
    )
    steps = mdx.children[0]
    assert [c.label for c in steps.children] == ["Step", "Step"]
    assert [c.label or c.kind for c in steps.children[0].children] == ["p", "Note"]


def test_markup_printed_as_text_is_named(tmp_path: Path) -> None:
    mdx = _mdast('<img src="/a.png" style={{ margin: 0 }} />\n', tmp_path)
    text = mo.canon_root([mo.Node("p", children=[mo.Node("text", text='<img src="/a.png" />')])])
    assert [d.category for d in mo.compare(mdx, text)] == ["markup printed as text <img>"]


def test_a_dropped_element_is_named(tmp_path: Path) -> None:
    mdx = _mdast("<Steps>\n  <Step title='a'>\n    x\n  </Step>\n</Steps>\n\nafter\n", tmp_path)
    hub = mo.Node("root", children=[mdx.children[1]])
    assert [d.category for d in mo.compare(mdx, hub)] == ["dropped <Steps>"]


def test_mixed_children_are_compared(tmp_path: Path) -> None:
    mdx = _mdast("<Steps>\n  Intro.\n  <Step title='a'>\n    x\n  </Step>\n</Steps>\n", tmp_path)
    steps = mdx.children[0]
    lone = mo.Node("root", children=[mo.Node("el", "Steps", steps.children[1:])])
    assert mo.compare(mdx, lone)


def test_text_is_compared_after_whitespace_folding(tmp_path: Path) -> None:
    a = _mdast("Wid{/* x */}gets\n", tmp_path)
    b = mo.canon_root([mo.Node("p", children=[mo.Node("text", text="Wid  gets")])])
    c = mo.canon_root([mo.Node("p", children=[mo.Node("text", text="  Widgets \n")])])
    assert [d.category for d in mo.compare(a, b)] == ["text differs (spacing)"]
    assert mo.compare(a, c) == []


def test_one_line_and_block_forms_agree(tmp_path: Path) -> None:
    """R4: `<Note>x</Note>` on one line (text in a paragraph for MDX 3) equals the block form."""
    one = _mdast("<Note>Careful.</Note>\n", tmp_path)
    block = _mdast("<Note>\n  Careful.\n</Note>\n", tmp_path)
    assert mo.compare(one, block) == []


def test_hubdocs_side_is_read_as_rendered(tmp_path: Path) -> None:
    mdx, hub = _both(tmp_path, "Before you start.\n\n<Card title='a'>\n  Body **bold**.\n</Card>\n")
    assert mo.compare(mdx, hub) == [], mo.show(hub.children)


def test_pipelines_differ_on_tables_only(tmp_path: Path) -> None:
    page = tmp_path / "t.mdx"
    page.write_text("| a | b |\n| - | - |\n| 1 | 2 |\n", encoding="utf-8")
    if mo.skip_reason():
        pytest.skip(mo.skip_reason() or "")
    plain = mo.mdx_tree(mo.run_oracle([page], "mdx")[str(page)]["tree"])
    gfm = mo.mdx_tree(mo.run_oracle([page], "mintlify")[str(page)]["tree"])
    assert [n.kind for n in plain.children] == ["p"]
    assert [n.kind for n in gfm.children] == ["table"]


def test_allowlist_lines_have_a_reason() -> None:
    allow = mo.Allowlist.load()
    assert allow.entries, "tests/oracle/ALLOWLIST.md lists no construct"
    for prefix, reason in allow.entries:
        assert prefix and len(reason) > 20, (prefix, reason)


def test_oracle_reports_parse_errors_with_a_place(tmp_path: Path) -> None:
    if mo.skip_reason():
        pytest.skip(mo.skip_reason() or "")
    page = tmp_path / "bad.mdx"
    page.write_text("Text\n\n<Note>\n  never closed\n", encoding="utf-8")
    found = mo.run_oracle([page])[str(page)]
    assert "error" in found and found["error"]["line"] >= 1, found


def test_skip_message_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mo, "node_modules_ready", lambda: False)
    if not os.environ.get("PATH") or mo.shutil.which("node") is None:
        pytest.skip("no node")
    assert "npm ci --prefix tests/oracle" in (mo.skip_reason() or "")
