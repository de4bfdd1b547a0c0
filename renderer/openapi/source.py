"""A spec file on disk -> its parsed data (JSON or YAML) and the line:col of any JSON pointer in it."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import yaml

from renderer.core.errors import GuideError, Problem, SourcePos

try:  # libyaml when the wheel has it: specs run to megabytes
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python PyYAML
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """A safe loader that leaves dates as written (`2024-03-01T10:00:00Z` stays that text)."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_LITERAL = re.compile(r"[^\s,\]\}]+")
_WS = re.compile(r"[ \t\r\n]*")
YAML_SUFFIXES = (".yaml", ".yml")


def escape(token: str) -> str:
    """One JSON-pointer token (RFC 6901: `~` -> `~0`, `/` -> `~1`)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


class SpecFile:
    """One JSON or YAML file of a spec: its text, its data, and where each pointer stands."""

    def __init__(self, path: Path, shown: str):
        self.path, self.shown = path, shown
        try:
            self.text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise GuideError([Problem(SourcePos(shown, 1, 1), "file not found")]) from None
        except (OSError, UnicodeDecodeError) as err:
            raise GuideError([Problem(SourcePos(shown, 1, 1), f"cannot read: {err}")]) from None
        self.is_yaml = path.suffix.lower() in YAML_SUFFIXES
        self.data = self._parse()
        self._spots: dict[str, tuple[int, int]] | None = None

    def _parse(self) -> Any:
        if not self.is_yaml:
            try:
                return json.loads(self.text)
            except json.JSONDecodeError as err:
                raise GuideError(
                    [self._at(err.lineno, err.colno, f"invalid JSON: {err.msg}")]
                ) from None
        try:
            return normalise(yaml.load(self.text, Loader=_Loader))  # noqa: S506 - a safe loader
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise GuideError([self._at(line, col, f"invalid YAML: {err.problem}")]) from None
        except yaml.YAMLError as err:
            raise GuideError([self._at(1, 1, f"invalid YAML: {err}")]) from None

    def _at(self, line: int, col: int, message: str, hint: str = "") -> Problem:
        lines = self.text.split("\n")
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        return Problem(SourcePos(self.shown, line, col), message, hint, source)

    def pos(self, pointer: str) -> tuple[int, int]:
        """(line, col) of the value at `pointer` (of its key, for an object member); the nearest
        enclosing value that exists when the pointer runs past the data."""
        if self._spots is None:
            self._spots = _yaml_spots(self.text) if self.is_yaml else _json_spots(self.text)
        while pointer:
            if pointer in self._spots:
                return self._spots[pointer]
            pointer = pointer.rpartition("/")[0]
        return self._spots.get("", (1, 1))

    def problem(self, pointer: str, message: str, hint: str = "", level: str = "error") -> Problem:
        """A located problem at the value `pointer` names."""
        line, col = self.pos(pointer)
        p = self._at(line, col, message, hint)
        return p if level == "error" else Problem(p.pos, message, hint, p.source_line, level)


def normalise(value: Any) -> Any:
    """YAML's extras made JSON: keys as strings (`200:` is a status, not an int), dates as text."""
    if isinstance(value, dict):
        return {_key(k): normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value


def _key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return key.isoformat() if isinstance(key, datetime.date) else str(key)


def _offset_to_pos(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _json_spots(text: str) -> dict[str, tuple[int, int]]:
    """Pointer -> (line, col) of every value of a valid JSON text (of the key, for members)."""
    offsets: dict[str, int] = {}
    _scan(text, _WS.match(text, 0).end(), "", offsets)
    return {p: _offset_to_pos(text, o) for p, o in offsets.items()}


def _scan(text: str, i: int, ptr: str, out: dict[str, int]) -> int:
    out.setdefault(ptr, i)
    c = text[i : i + 1]
    if c == "{":
        i = _WS.match(text, i + 1).end()
        while text[i] != "}":
            mt = _STRING.match(text, i)
            if mt is None:  # not JSON after all: stop locating here
                return len(text)
            sub = f"{ptr}/{escape(json.loads(mt.group()))}"
            out[sub] = i
            i = _WS.match(text, mt.end()).end() + 1  # past the colon
            i = _WS.match(text, _scan(text, _WS.match(text, i).end(), sub, out)).end()
            if text[i] == ",":
                i = _WS.match(text, i + 1).end()
        return i + 1
    if c == "[":
        i, n = _WS.match(text, i + 1).end(), 0
        while text[i] != "]":
            i = _WS.match(text, _scan(text, i, f"{ptr}/{n}", out)).end()
            n += 1
            if text[i] == ",":
                i = _WS.match(text, i + 1).end()
        return i + 1
    mt = _STRING.match(text, i) if c == '"' else _LITERAL.match(text, i)
    return mt.end() if mt else len(text)


def _yaml_spots(text: str) -> dict[str, tuple[int, int]]:
    try:
        root = yaml.compose(text, Loader=_Loader)  # noqa: S506 - composes nodes, runs nothing
    except yaml.YAMLError:
        return {}
    out: dict[str, tuple[int, int]] = {}
    stack: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    while stack:
        node, ptr = stack.pop()
        out.setdefault(ptr, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = f"{ptr}/{escape(str(key.value))}"
                out[sub] = (key.start_mark.line + 1, key.start_mark.column + 1)
                stack.append((value, sub))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, f"{ptr}/{n}") for n, v in enumerate(node.value))
    return out
