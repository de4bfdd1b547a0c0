"""Source bytes -> normalised text and front matter: decoding, BOM/CRLF/NUL handling, safe YAML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from renderer.core.errors import GuideError, Problem, SourcePos, problem_at

MAX_FRONT_MATTER = 64 * 1024
MAX_SOURCE = 4 * 1024 * 1024

try:
    _FastLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _FastLoader = yaml.SafeLoader


class _NoAliasLoader(yaml.SafeLoader):
    """Safe loader that refuses anchors and aliases (no alias bombs)."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases are not allowed in front matter", event.start_mark
            )
        return super().compose_node(parent, index)


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded source file split into front matter and body."""

    path: str
    text: str
    """The whole file, normalised (no BOM, LF line ends, no NUL)."""
    meta: dict[str, Any]
    body: str
    body_offset: int
    """Offset of the body in `text`."""
    body_line: int
    """1-based line of the body's first line."""


def decode(path: str, data: bytes) -> str:
    """UTF-8 bytes -> text with one normal form; invalid bytes are an error with their offset."""
    if len(data) > MAX_SOURCE:
        raise GuideError(
            [
                Problem(
                    SourcePos(path, 1, 1),
                    f"file is {len(data):,} bytes; the limit is {MAX_SOURCE:,}",
                    "split the page",
                )
            ]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        good = data[: err.start].decode("utf-8", errors="replace")
        prob = problem_at(
            path,
            good + "\n",
            len(good),
            f"invalid UTF-8 at byte offset {err.start} (byte 0x{data[err.start]:02x})",
            "save the file as UTF-8",
        )
        raise GuideError([prob]) from None
    return normalise(text)


def normalise(text: str) -> str:
    """Drop a BOM, turn CRLF/CR into LF and NUL into U+FFFD."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    return text


_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$", re.M)


def split_front_matter(path: str, text: str) -> Source:
    """Split `---` YAML front matter from the body; the YAML is loaded with the safe loader."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return Source(path, text, {}, _body(text), 0, 1)
    close = _CLOSE.search(text, 4)
    if not close:
        raise GuideError(
            [problem_at(path, text, 0, "front matter is never closed", "add a `---` line after it")]
        )
    raw = text[4 : close.start()]
    if len(raw) > MAX_FRONT_MATTER:
        raise GuideError(
            [
                problem_at(
                    path,
                    text,
                    0,
                    f"front matter is {len(raw):,} characters; the limit is {MAX_FRONT_MATTER:,}",
                    "front matter holds a title, a description and a few keys",
                )
            ]
        )
    meta = load_yaml(path, text, raw, 4)
    end = close.end() + 1 if close.end() < len(text) else close.end()
    body = text[end:]
    offset = end + (len(body) - len(body.lstrip("\n")))
    return Source(path, text, meta, _body(body), offset, text.count("\n", 0, offset) + 1)


def _body(body: str) -> str:
    body = body.lstrip("\n")
    if body and not body.endswith("\n"):
        body += "\n"
    return body


def load_yaml(path: str, text: str, raw: str, offset: int) -> dict[str, Any]:
    """Load a YAML mapping with the safe loader; located errors; no aliases."""
    loader = _NoAliasLoader if ("&" in raw or "*" in raw) else _FastLoader
    try:
        data = yaml.load(raw, Loader=loader)  # noqa: S506 - safe loaders only
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line_off = line_offset(raw, mark.line) + mark.column if mark else 0
        msg = "invalid YAML: " + (err.problem or "syntax error").strip()
        hint = "front matter is plain YAML: strings, numbers, lists and mappings"
        if "python/" in str(err) or "could not determine a constructor" in str(err):
            msg = "YAML tags are not allowed in front matter: " + msg
            hint = "remove the `!!…` tag"
        raise GuideError([problem_at(path, text, offset + line_off, msg, hint)]) from None
    except yaml.YAMLError as err:
        raise GuideError([problem_at(path, text, offset, f"invalid YAML: {err}")]) from None
    except (ValueError, OverflowError, TypeError, RecursionError) as err:
        # a typed value that does not convert (`!!int "abc"`, `2024-13-40`, 5,000 digits)
        shown = str(err).split(";")[0][:120]
        raise GuideError(
            [
                problem_at(
                    path,
                    text,
                    offset + _bad_value_offset(raw),
                    f"invalid value in front matter: {shown}",
                    "quote the value to keep it as text, or correct it",
                )
            ]
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise GuideError(
            [problem_at(path, text, offset, "front matter must be a mapping of keys to values")]
        )
    return data


def _bad_value_offset(raw: str) -> int:
    """Offset in `raw` of the first mapping value that fails to convert (0 if none found)."""
    try:
        node = yaml.compose(raw, Loader=yaml.SafeLoader)  # noqa: S506 - composes, builds nothing
    except yaml.YAMLError:
        return 0
    if not isinstance(node, yaml.MappingNode):
        return 0
    for key, value in node.value:
        loader = yaml.SafeLoader("")
        try:
            loader.construct_object(value, deep=True)
        except (ValueError, OverflowError, TypeError, RecursionError, yaml.YAMLError):
            mark = key.start_mark
            return line_offset(raw, mark.line) + mark.column
        finally:
            loader.dispose()
    return 0


def line_offset(text: str, line: int) -> int:
    """Offset of the start of 0-based `line` in `text` (its length when past the end)."""
    raw = text
    pos = 0
    for _ in range(line):
        nxt = raw.find("\n", pos)
        if nxt < 0:
            return len(raw)
        pos = nxt + 1
    return pos
