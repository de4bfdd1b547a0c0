"""Every construct and quirk of the guide format, as fixtures: source -> outline of the model."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.core.errors import GuideError
from renderer.parse.page import parse_guide

from .fixture_file import read_fixtures
from .outline import outline

HERE = Path(__file__).parent / "fixtures"
FRONT = "---\ntitle: T\n---\n"
CASES = [
    pytest.param(case.source, case.expected, id=f"{f.name}:{case.line} {case.title}")
    for f in sorted((HERE / "parse").glob("*.txt"))
    for case in read_fixtures(f)
]
ERRORS = [
    pytest.param(case.source, case.expected, id=f"errors.txt:{case.line} {case.title}")
    for case in read_fixtures(HERE / "errors" / "errors.txt")
]


@pytest.mark.parametrize(("src", "expected"), CASES)
def test_parse_fixture(src: str, expected: str) -> None:
    guide = parse_guide(
        "guides/x/link-account/api-key.mdx", FRONT.replace("T", "T\ndescription: D") + src
    )
    assert "\n".join(outline(guide.blocks)) == expected


@pytest.mark.parametrize(("src", "expected"), ERRORS)
def test_error_fixture(src: str, expected: str) -> None:
    with pytest.raises(GuideError) as info:
        parse_guide("guides/page.mdx", FRONT + src)
    got = []
    for p in info.value.problems:
        got.append(f"{p.pos.line - 3}:{p.pos.col}: {p.message}")
        if "  hint:" in expected and p.hint:
            got.append(f"  hint: {p.hint}")
        assert p.pos.path == "guides/page.mdx"
        assert p.source_line  # the offending line is always shown
    assert "\n".join(got) == expected
