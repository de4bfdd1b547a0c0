"""Scans one HTML/JSX start tag from source text: name, attributes with their offsets, where it ends."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from renderer.parse.jsx import JsxError, read_braced

NAME = r"[A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z][A-Za-z0-9-]*)*"
"""A tag name: HTML (`div`, `my-element`) or JSX, possibly dotted (`Tree.Folder`)."""
_NAME = re.compile(rf"<(/?)({NAME})")
_ATTR_NAME = re.compile(r"[^\s=/>\"'<]+")
_UNQUOTED = re.compile(r"[^\s>\"'=<`]+")


@dataclass(frozen=True, slots=True)
class Attr:
    """One attribute as written."""

    name: str
    value: Any
    """The quoted text as written (a str); None for a valueless boolean attribute; for a
    JSX `{…}` value, the literal read from it (str, int, float, bool, None, tuple, FrozenMap)."""
    offset: int
    """Offset of the attribute name in the source."""


@dataclass(frozen=True, slots=True)
class Tag:
    """A scanned tag."""

    name: str
    closing: bool
    attrs: tuple[Attr, ...]
    start: int
    end: int
    """Offset just past the final `>`."""
    self_closing: bool

    def get(self, name: str, default: Any = None) -> Any:
        for a in self.attrs:
            if a.name == name:
                return a.value if a.value is not None else ""
        return default

    def has(self, name: str) -> bool:
        return any(a.name == name for a in self.attrs)


class TagSyntaxError(ValueError):
    """A malformed tag; `offset` says where."""

    def __init__(self, message: str, offset: int, hint: str = ""):
        super().__init__(message)
        self.offset = offset
        self.hint = hint


def scan_tag(src: str, pos: int, limit: int | None = None) -> Tag | None:
    """Scan the tag starting at `src[pos] == '<'`; None when it is not a tag at all.

    Raises TagSyntaxError for a tag that starts well but is broken (unterminated, `{…}` value).
    """
    m = _NAME.match(src, pos)
    if not m:
        return None
    closing = m.group(1) == "/"
    name = m.group(2)
    i = m.end()
    end = len(src) if limit is None else limit
    if i < end and src[i] not in " \t\n/>":
        return None
    attrs: list[Attr] = []
    while True:
        while i < end and src[i] in " \t\n":
            i += 1
        if i >= end:
            raise TagSyntaxError(
                f"`<{'/' if closing else ''}{name}` tag is never closed with `>`",
                pos,
                "finish the tag with `>` (or `/>`)",
            )
        ch = src[i]
        if ch == "{":
            raise TagSyntaxError(
                f"`{{…}}` spread attributes are not supported in `<{name}>`",
                i,
                'write each attribute as name="value"',
            )
        if ch == ">":
            return Tag(name, closing, tuple(attrs), pos, i + 1, False)
        if src.startswith("/>", i):
            return Tag(name, closing, tuple(attrs), pos, i + 2, True)
        am = _ATTR_NAME.match(src, i)
        if not am:
            raise TagSyntaxError(
                f"unexpected `{ch}` in `<{name}>` tag", i, 'attributes look like name="value"'
            )
        aname = am.group(0)
        aoff = i
        i = am.end()
        j = i
        while j < end and src[j] in " \t":
            j += 1
        if j < end and src[j] == "=":
            j += 1
            while j < end and src[j] in " \t\n":
                j += 1
            if j >= end:
                raise TagSyntaxError(f"attribute `{aname}` has no value", aoff)
            q = src[j]
            if q in "\"'":
                close = src.find(q, j + 1, end)
                newline = src.find("\n", j + 1, close if close >= 0 else end)
                if close < 0 or newline >= 0:
                    raise TagSyntaxError(
                        f"the value of `{aname}` opens a quote that is never closed",
                        j,
                        f"close it with {q}",
                    )
                value = src[j + 1 : close]
                i = close + 1
            elif q == "{":
                try:
                    value, i = read_braced(src, j, end=end)
                except JsxError as err:
                    raise TagSyntaxError(f"`{aname}={{…}}`: {err}", err.offset, err.hint) from None
            else:
                um = _UNQUOTED.match(src, j)
                if not um:
                    raise TagSyntaxError(f"attribute `{aname}` has no value", j)
                value = um.group(0)
                i = um.end()
            attrs.append(Attr(aname, value, aoff))
        else:
            attrs.append(Attr(aname, None, aoff))
