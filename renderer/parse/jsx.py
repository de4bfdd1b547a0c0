"""JSX literal expressions (`{2}`, `{true}`, `{["a"]}`, `{{ a: 1 }}`) -> Python values, read, never run.

Only literals are accepted: numbers, strings (quotes or backticks without `${}`), `true`,
`false`, `null`, `undefined`, arrays and objects of literals, and names the caller knows
(`export const` values, snippet props). Anything else is a `JsxError` at its offset.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from renderer.core.model import FrozenMap
from renderer.parse.jsx_bounds import MAX_VALUE, Array, Weighed, too_heavy, value_chain, weight

MAX_DEPTH = 32
_NUMBER = re.compile(r"-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_ELEMENT = re.compile(r"<([A-Za-z][\w.-]*)")
_WORDS = {"true": True, "false": False, "null": None, "undefined": None}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


@dataclass(frozen=True, slots=True)
class JsxElement:
    """A JSX element given as a value (`icon={<svg …>…</svg>}`): kept as source, never run."""

    source: str

    @property
    def markup(self) -> str:
        """The element's source, without the `<>…</>` of a fragment, on one line."""
        src = self.source
        if src.startswith("<>") and src.endswith("</>"):
            src = src[2:-3]
        return " ".join(src.split())


class JsxError(ValueError):
    """An expression hubdocs will not evaluate; `offset` says where."""

    def __init__(self, message: str, offset: int, hint: str = ""):
        super().__init__(message)
        self.offset = offset
        self.hint = hint


NOT_LITERAL_HINT = (
    "hubdocs reads literal values only (numbers, strings, true/false, arrays and objects of "
    "those, `export const` names); it runs no JavaScript"
)


class Object(FrozenMap, Weighed):
    """A literal object (a read-only dict) with its weight."""


def _weighed(container: Any, start: int, end: int, refs: dict[str, int]) -> Any:
    """Give a container made by the reader its weight and the name it holds most of."""
    if isinstance(container, Object):
        size = 2 + sum(len(str(k)) + 4 + weight(v) for k, v in container.items())
    else:
        size = 2 + sum(weight(v) + 1 for v in container)
    container.weight = size
    container.via = max(refs.items(), key=lambda kv: kv[1]) if refs else None
    return container


class _Reader:
    def __init__(self, src: str, pos: int, end: int, names: Mapping[str, Any]):
        self.src, self.pos, self.end, self.names = src, pos, end, names
        self.named: str | None = None
        """The `export const` name the last value read was, if it was one."""

    def bounded(self, container: Any, start: int, refs: dict[str, int]) -> Any:
        """`container` with its weight; a JsxError when it would amplify its source past
        MAX_VALUE (names holding names: `[a, a, a]` of `[b, b, b]` of …)."""
        _weighed(container, start, self.pos, refs)
        if refs and container.weight - (self.pos - start) > MAX_VALUE:
            heaviest, times = container.via
            chain = value_chain(heaviest, self.names)
            raise JsxError(
                too_heavy("this value", container.weight)
                + f": it holds {times} × `{heaviest}`"
                + (f"; {chain}" if chain else ""),
                start,
                "exported values may not multiply each other; write the values out, or "
                "repeat fewer",
            )
        return container

    def skip(self) -> None:
        src = self.src
        while self.pos < self.end:
            ch = src[self.pos]
            if ch in " \t\n\r":
                self.pos += 1
            elif src.startswith("/*", self.pos):
                close = src.find("*/", self.pos + 2, self.end)
                if close < 0:
                    raise JsxError("`/*` comment is never closed", self.pos, "close it with */")
                self.pos = close + 2
            elif src.startswith("//", self.pos):
                nl = src.find("\n", self.pos, self.end)
                self.pos = self.end if nl < 0 else nl + 1
            else:
                return

    def fail(self, what: str = "") -> JsxError:
        shown = self.src[self.pos : self.pos + 24].split("\n")[0]
        return JsxError(what or f"`{shown}` is not a literal value", self.pos, NOT_LITERAL_HINT)

    def value(self, depth: int = 0) -> Any:
        self.named = None
        if depth > MAX_DEPTH:
            raise JsxError("literal nested too deeply", self.pos)
        self.skip()
        if self.pos >= self.end:
            raise JsxError("expression is never closed", self.pos, "close it with }")
        ch = self.src[self.pos]
        if ch in "\"'`":
            return self.string(ch)
        if ch == "[":
            return self.array(depth)
        if ch == "{":
            return self.object(depth)
        if ch == "<":
            return self.element()
        num = _NUMBER.match(self.src, self.pos, self.end)
        if num and (ch.isdigit() or ch in "-."):
            self.pos = num.end()
            text = num.group(0)
            if text.lower().lstrip("-").startswith("0x"):
                return int(text, 16)
            return float(text) if any(c in text for c in ".eE") else int(text)
        ident = _IDENT.match(self.src, self.pos, self.end)
        if ident:
            word = ident.group(0)
            if word in _WORDS:
                self.pos = ident.end()
                return _WORDS[word]
            if word in self.names:
                after = ident.end()
                if after < self.end and self.src[after] in ".([":
                    raise self.fail(f"`{word}{self.src[after]}…` is an expression, not a value")
                self.pos = after
                self.named = word
                return self.names[word]
            raise JsxError(
                f"`{word}` is not a known value",
                self.pos,
                "define it with `export const " + word + " = …` in this file, or write the "
                "value itself",
            )
        raise self.fail()

    def element(self) -> JsxElement:
        """A JSX element value: its source up to the tag that closes it."""
        if self.src.startswith("<>", self.pos):
            depth = 0
            for tag in re.finditer(r"<(/?)>", self.src[: self.end]):
                if tag.start() < self.pos:
                    continue
                depth += -1 if tag.group(1) else 1
                if depth == 0:
                    start, self.pos = self.pos, tag.end()
                    return JsxElement(self.src[start : self.pos])
            raise JsxError("`<>` fragment is never closed", self.pos, "close it with </>")
        mt = _ELEMENT.match(self.src, self.pos, self.end)
        if not mt:
            raise self.fail("a JSX element as a value must start with a tag")
        name = mt.group(1)
        depth = 0
        for tag in re.finditer(rf"<(/?){re.escape(name)}\b[^>]*?(/?)>", self.src[: self.end]):
            if tag.start() < self.pos:
                continue
            if tag.group(1):
                depth -= 1
            elif not tag.group(2):
                depth += 1
            if depth <= 0:
                start, self.pos = self.pos, tag.end()
                return JsxElement(self.src[start : self.pos])
        raise JsxError(f"`<{name}>` element value is never closed", self.pos)

    def string(self, quote: str) -> str:
        src, i = self.src, self.pos + 1
        out: list[str] = []
        while i < self.end:
            ch = src[i]
            if ch == quote:
                self.pos = i + 1
                return "".join(out)
            if ch == "\\" and i + 1 < self.end:
                nxt = src[i + 1]
                if nxt == "u" and src[i + 2 : i + 6].isalnum() and len(src[i + 2 : i + 6]) == 4:
                    try:
                        out.append(chr(int(src[i + 2 : i + 6], 16)))
                    except ValueError:
                        raise JsxError("bad \\u escape", i) from None
                    i += 6
                    continue
                out.append(_ESCAPES.get(nxt, nxt))
                i += 2
                continue
            if quote == "`" and src.startswith("${", i):
                raise JsxError("template string with `${…}` is an expression", i, NOT_LITERAL_HINT)
            if ch == "\n" and quote != "`":
                break
            out.append(ch)
            i += 1
        raise JsxError("string is never closed", self.pos, f"close it with {quote}")

    def array(self, depth: int) -> tuple[Any, ...]:
        start = self.pos
        self.pos += 1
        items: list[Any] = []
        refs: dict[str, int] = {}
        while True:
            self.skip()
            if self.pos < self.end and self.src[self.pos] == "]":
                self.pos += 1
                return self.bounded(Array(items), start, refs)
            if self.src.startswith("...", self.pos):
                raise self.fail("spread `...` is an expression, not a value")
            items.append(self.value(depth + 1))
            self.count(refs, items[-1])
            self.skip()
            if self.pos < self.end and self.src[self.pos] == ",":
                self.pos += 1
            elif not (self.pos < self.end and self.src[self.pos] == "]"):
                raise self.fail("expected `,` or `]` in the array")

    def count(self, refs: dict[str, int], item: Any) -> None:
        """Count a name just read into `refs`, and the names its value holds."""
        if self.named is not None:
            refs[self.named] = refs.get(self.named, 0) + 1
        else:
            via = getattr(item, "via", None)
            if via is not None:
                refs[via[0]] = refs.get(via[0], 0) + via[1]

    def object(self, depth: int) -> FrozenMap:
        start = self.pos
        self.pos += 1
        items: dict[str, Any] = {}
        refs: dict[str, int] = {}
        while True:
            self.skip()
            if self.pos < self.end and self.src[self.pos] == "}":
                self.pos += 1
                return self.bounded(Object(items), start, refs)
            if self.src.startswith("...", self.pos):
                raise self.fail("spread `...` is an expression, not a value")
            ch = self.src[self.pos] if self.pos < self.end else ""
            if ch in ("'", '"'):
                key = self.string(ch)
            else:
                ident = _IDENT.match(self.src, self.pos, self.end) or _NUMBER.match(
                    self.src, self.pos, self.end
                )
                if not ident:
                    raise self.fail("expected a key in the object")
                key = ident.group(0)
                self.pos = ident.end()
            self.skip()
            if not (self.pos < self.end and self.src[self.pos] == ":"):
                raise self.fail("expected `:` after the key")
            self.pos += 1
            items[key] = self.value(depth + 1)
            self.count(refs, items[key])
            self.skip()
            if self.pos < self.end and self.src[self.pos] == ",":
                self.pos += 1
            elif not (self.pos < self.end and self.src[self.pos] == "}"):
                raise self.fail("expected `,` or `}` in the object")


def read_literal(
    src: str, pos: int, names: Mapping[str, Any] | None = None, end: int | None = None
) -> tuple[Any, int]:
    """Read one literal starting at `pos`; returns (value, offset just past it)."""
    reader = _Reader(src, pos, len(src) if end is None else end, names or {})
    value = reader.value()
    return value, reader.pos


def read_braced(
    src: str, pos: int, names: Mapping[str, Any] | None = None, end: int | None = None
) -> tuple[Any, int]:
    """Read `{ literal }` with `src[pos] == "{"`; returns (value, offset just past the `}`)."""
    reader = _Reader(src, pos + 1, len(src) if end is None else end, names or {})
    reader.skip()
    if reader.pos < reader.end and src[reader.pos] == "}":
        raise JsxError("empty expression `{}`", pos, "write a value, or remove the braces")
    try:
        value = reader.value()
    except JsxError as err:
        if reader.pos == pos + 1 or "not a literal" not in str(err):
            raise
        value = None
    reader.skip()
    if reader.pos >= reader.end or src[reader.pos] != "}":
        close = src.find("}", pos, min(reader.end, pos + 80))
        shown = src[pos : close + 1] if close > 0 else src[pos : pos + 40] + "…"
        raise JsxError(
            f"`{shown.splitlines()[0] if shown.strip() else shown}` is an expression, "
            "not a literal value",
            pos,
            NOT_LITERAL_HINT,
        )
    return value, reader.pos + 1


def as_text(value: Any) -> str:
    """How React prints a literal child: strings as they are, numbers plainly, nothing for
    booleans and null."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (tuple, list)):
        return "".join(as_text(v) for v in value)
    if isinstance(value, dict):
        raise TypeError("an object cannot be shown as text")
    return str(value)
