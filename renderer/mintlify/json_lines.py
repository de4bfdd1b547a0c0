"""JSON config files (docs.json and the files its `$ref`s name) that know the line of every
string, and a reader that follows `$ref`s and collects located problems."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from renderer.config.schema import CTRL
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.parse.discover import display

_URL = re.compile(r"^(https://[^\s\"'<>\\;]+|mailto:[^\s\"'<>;]+|/(?!/)[^\s\"'<>\\;]*)\Z")


class JsonFile:
    """A loaded JSON file that can say on which line a string stands."""

    def __init__(self, path: Path, shown: str):
        self.path, self.shown = path, shown
        try:
            self.text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise GuideError([Problem(SourcePos(shown, 1, 1), "file not found")]) from None
        except (OSError, UnicodeDecodeError) as err:
            raise GuideError([Problem(SourcePos(shown, 1, 1), f"cannot read: {err}")]) from None
        try:
            self.data = json.loads(self.text)
        except json.JSONDecodeError as err:
            line = self.text.split("\n")[err.lineno - 1] if self.text else ""
            raise GuideError(
                [
                    Problem(
                        SourcePos(shown, err.lineno, err.colno),
                        f"invalid JSON: {err.msg}",
                        "",
                        line,
                    )
                ]
            ) from None
        self.lines = self.text.split("\n")
        self.spots: dict[str, list[tuple[int, int]]] = {}
        for mt in re.finditer(r'"(?:[^"\\\n]|\\.)*"', self.text):
            try:
                value = json.loads(mt.group())
            except json.JSONDecodeError:
                continue
            line = self.text.count("\n", 0, mt.start()) + 1
            col = mt.start() - self.text.rfind("\n", 0, mt.start())
            self.spots.setdefault(value, []).append((line, col))
        self.used: dict[str, int] = {}

    def pos(self, value: str, advance: bool = False) -> SourcePos:
        """Where the string `value` stands (with `advance`, successive calls walk through its
        occurrences in order)."""
        spots = self.spots.get(value) or [(1, 1)]
        n = self.used.get(value, 0)
        if advance:
            self.used[value] = n + 1
        line, col = spots[min(n, len(spots) - 1)]
        return SourcePos(self.shown, line, col)

    def problem(self, value: str, message: str, hint: str = "", level: str = "error") -> Problem:
        pos = self.pos(value)
        return Problem(pos, message, hint, self.lines[pos.line - 1], level)


class JsonReader:
    """Reads docs.json and the files its `$ref`s name, collecting every problem."""

    def __init__(self, path: Path):
        self.root = path.resolve().parent
        self.main = JsonFile(path, display(path))
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []

    def deref(self, value: Any, where: JsonFile) -> tuple[Any, JsonFile]:
        """Follow `{"$ref": "./file.json"}` (inside the repository only)."""
        hops = 0
        while isinstance(value, dict) and isinstance(value.get("$ref"), str) and hops < 8:
            ref = value["$ref"]
            target = (where.path.parent / ref).resolve()
            if not target.is_relative_to(self.root) or target.suffix != ".json":
                self.problems.append(
                    where.problem(ref, f"`$ref` {ref!r} must name a .json file in the repository")
                )
                return None, where
            where = JsonFile(target, display(target))
            value, hops = where.data, hops + 1
        return value, where

    def url(self, where: JsonFile, value: Any, what: str) -> str:
        if isinstance(value, str) and _URL.match(value.strip()) and not CTRL.search(value):
            return value.strip()
        self.problems.append(
            where.problem(
                str(value),
                f"{what} must be an https, mailto or root-relative URL",
                f"got {value!r}",
            )
        )
        return ""
