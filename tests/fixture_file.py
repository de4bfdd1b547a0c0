"""Reads markdown-it style fixture files: title, `.`, input, `.`, expected, `.`."""

from __future__ import annotations

from pathlib import Path


def read_fixtures(path: Path) -> list[tuple[str, str, str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[tuple[str, str, str]] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i]
        assert lines[i + 1] == ".", f"{path}:{i + 2}: expected '.' after the title"
        j = lines.index(".", i + 2)
        k = lines.index(".", j + 1)
        cases.append((title, "\n".join(lines[i + 2 : j]) + "\n", "\n".join(lines[j + 1 : k])))
        i = k + 1
    return cases
