"""Template components: `export const Name = ({ a, children }) => (<jsx…>)` read as a template,
and each `<Name a="x">…</Name>` replaced by the template with its props filled in.

Only substitution happens: `{prop}`, `{children}` and `${prop}` inside a backtick string. A
component that computes anything (state, conditions, loops, calls) is a located error naming
it — hubdocs runs no JavaScript.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from renderer.parse.jsx import NOT_LITERAL_HINT, JsxElement, JsxError, as_text, read_literal
from renderer.parse.tags import TagSyntaxError, scan_tag

_HEAD = re.compile(r"\s*\(\s*(?:\{(?P<params>[^}]*)\})?\s*\)\s*=>\s*", re.S)
_PARAM = re.compile(r"^\s*(?P<name>[A-Za-z_$][\w$]*)\s*(?:=\s*(?P<default>.+?))?\s*$", re.S)
_EXPR = re.compile(r"\{(?!/\*)([^{}]*)\}")
_ATTR_TEMPLATE = re.compile(r"=\s*\{\s*`([^`]*)`\s*\}")
_ATTR_PARAM = re.compile(r"=\s*\{\s*([A-Za-z_$][\w$]*)\s*\}")
_DOLLAR = re.compile(r"\$\{\s*([A-Za-z_$][\w$]*)\s*\}")
_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.S)


@dataclass(frozen=True, slots=True)
class Template:
    """A component that only fills props into its markup."""

    name: str
    params: tuple[str, ...]
    defaults: tuple[tuple[str, Any], ...]
    markup: str
    """The JSX it returns, as written."""


def read_template(name: str, src: str, pos: int) -> tuple[Template, int]:
    """Read the arrow function at `src[pos:]` (just after `export const Name =`); returns the
    template and the offset past it. Raises JsxError when it is not a pure template."""
    head = _HEAD.match(src, pos)
    if not head:
        raise JsxError(
            f"`{name}` is not a component of the form `({{ props }}) => (<markup>)`",
            pos,
            NOT_LITERAL_HINT,
        )
    params: list[str] = []
    defaults: list[tuple[str, Any]] = []
    for part in (head.group("params") or "").split(","):
        if not part.strip():
            continue
        mt = _PARAM.match(part)
        if not mt:
            raise JsxError(f"`{name}` takes props this reader does not understand", pos)
        params.append(mt.group("name"))
        if mt.group("default"):
            value, _ = read_literal(mt.group("default"), 0)
            defaults.append((mt.group("name"), value))
    i = head.end()
    braced = src.startswith("{", i)
    if braced:
        ret = re.compile(r"\{\s*return\s*").match(src, i)
        if not ret:
            raise JsxError(
                f"`{name}` computes values before returning its markup",
                i,
                "hubdocs renders components that only return markup with their props filled in",
            )
        i = ret.end()
    paren = src.startswith("(", i)
    if paren:
        i += 1
    while i < len(src) and src[i] in " \t\n":
        i += 1
    value, i = read_literal(src, i)
    if not isinstance(value, JsxElement):
        raise JsxError(f"`{name}` does not return markup", i, NOT_LITERAL_HINT)
    tail = r"\s*" + (r"\)" if paren else "") + r"\s*;?" + (r"\s*\}" if braced else "")
    end = re.compile(tail).match(src, i)
    if not end:
        raise JsxError(f"`{name}` does more than return its markup", i, NOT_LITERAL_HINT)
    markup = _COMMENT.sub("", value.source)
    for expr in _EXPR.findall(markup):
        if expr.strip() not in params and not expr.strip().startswith("`") and not _literal(expr):
            raise JsxError(
                f"`{name}` computes `{{{expr.strip()[:40]}}}`: hubdocs runs no JavaScript",
                pos,
                "keep such components out of the docs, or write the markup itself",
            )
    return Template(name, tuple(params), tuple(defaults), markup), end.end()


def _literal(expr: str) -> bool:
    try:
        _, end = read_literal(expr, 0)
    except JsxError:
        return False
    return not expr[end:].strip()


def fill(tpl: Template, attrs: Mapping[str, Any], children: str) -> str:
    """The template's markup with props filled in, on one line (JSX drops the line breaks and
    indentation between tags)."""
    values = dict(tpl.defaults)
    values.update(attrs)
    values["children"] = children

    def text(name: str) -> str:
        return as_text(values.get(name))

    def attr_template(mt: re.Match[str]) -> str:
        filled = _DOLLAR.sub(lambda d: text(d.group(1)), mt.group(1))
        return '="' + html.escape(filled, quote=True) + '"'

    def attr_param(mt: re.Match[str]) -> str:
        value = values.get(mt.group(1))
        if value is True:
            return '=""'
        return '="' + html.escape(as_text(value), quote=True) + '"'

    out = _ATTR_TEMPLATE.sub(attr_template, tpl.markup)
    out = _ATTR_PARAM.sub(attr_param, out)
    out = _EXPR.sub(
        lambda mt: (
            children
            if mt.group(1).strip() == "children"
            else html.escape(text(mt.group(1).strip()), quote=False)
        ),
        out,
    )
    lines = [ln.strip() for ln in out.split("\n") if ln.strip()]
    joined = ""
    for ln in lines:
        if joined and not (joined.endswith(">") or ln.startswith("<")):
            joined += " "
        joined += ln
    return joined


def expand_uses(
    text: str, templates: Mapping[str, Template], code: list[bool], problems: list | None
) -> str:
    """Replace every use of a template outside code (`code`: per line, fenced or not) with its
    filled markup; line breaks inside a use are kept after it, so later lines keep their
    numbers. `problems` receives (offset, message, hint)."""
    if not templates:
        return text
    names = "|".join(re.escape(n) for n in sorted(templates, key=len, reverse=True))
    use = re.compile(rf"<({names})(?=[\s/>])")
    out: list[str] = []
    pos = 0
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    for mt in use.finditer(text):
        if mt.start() < pos:
            continue
        line = _line_of(line_starts, mt.start())
        if line < len(code) and code[line]:
            continue
        try:
            tag = scan_tag(text, mt.start())
        except TagSyntaxError as err:
            if problems is not None:
                problems.append((err.offset, str(err), err.hint))
            continue
        if tag is None:
            continue
        end = tag.end
        children = ""
        if not tag.self_closing:
            close = text.find(f"</{tag.name}>", tag.end)
            if close < 0:
                if problems is not None:
                    problems.append((tag.start, f"`<{tag.name}>` is never closed", ""))
                continue
            children = " ".join(text[tag.end : close].split())
            end = close + len(tag.name) + 3
        attrs = {a.name: (True if a.value is None else a.value) for a in tag.attrs}
        filled = fill(templates[tag.name], attrs, children)
        out.append(text[pos : mt.start()])
        out.append(filled)
        out.append("\n" * text.count("\n", mt.start(), end))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _line_of(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo
