"""Reads markdown-it style fixture files: title, `.`, input, `.`, expected, `.`. Each case is
named by its file and the line of its title (`mdx.txt:41`), as markdown-it-py's fixtures are, so
a failing id leads straight to the case."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class Case(NamedTuple):
    title: str
    source: str
    expected: str
    line: int
    """1-based line of the title."""


def read_fixtures(path: Path) -> list[Case]:
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Case] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i]
        assert lines[i + 1] == ".", f"{path}:{i + 2}: expected '.' after the title"
        j = lines.index(".", i + 2)
        k = lines.index(".", j + 1)
        source = "\n".join(lines[i + 2 : j]) + "\n"
        cases.append(Case(title, source, "\n".join(lines[j + 1 : k]), i + 1))
        i = k + 1
    return cases
