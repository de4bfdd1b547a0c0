"""Template components: `export const Name = ({ a, b = "d", children }) => (<jsx…>)` (or
`=> { return (…) }`) read as a template, and each `<Name a="x">…</Name>` replaced by the markup
it returns for those props.

The body is read with the small expression language of `renderer.parse.jsx_expr` (props,
defaults, member access, `&&`, `||`, `??`, `?:`, `===`, template literals, `.map` over literal
arrays) and interpreted, never run; anything else is a located error naming the expression
and the template. Every call draws on the page's expansion `Budget` and nests at most
`MAX_TEMPLATE_DEPTH` deep (`renderer.parse.jsx_bounds`).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from renderer.core.model import FrozenMap
from renderer.parse.jsx import JsxError, read_literal
from renderer.parse.jsx_bounds import CALL_COST, MAX_TEMPLATE_DEPTH, BoundError, Budget
from renderer.parse.jsx_expr import (
    Call,
    EvalError,
    Interpreter,
    Markup,
    Node,
    Params,
    Parser,
    Scope,
    bind,
    decode_entities,
)
from renderer.parse.tags import TagSyntaxError, scan_tag

__all__ = ["Expansion", "Scope", "Template", "expand_page_uses", "is_template", "read_template"]

_ARROW = re.compile(r"\(|[A-Za-z_$][\w$]*\s*=>")
_FUNCTION = re.compile(r"(?:async|function)(?![\w$])")
_TAIL = re.compile(r"[ \t]*;?")


@dataclass(eq=False)
class Template:
    """A component read as a template: its parameters and the expression it returns."""

    name: str
    params: Params
    body: Node
    scope: Scope
    """Where its free names are looked up: the module (page, snippet, .jsx file) it is in."""
    source: str
    """The template's text, from the start of its parameters (`src[base:]`)."""
    base: int
    """Offset of `source` in the text node offsets refer to."""
    origin: str = ""
    """The real path of the file it is defined in ("" when unknown)."""
    line: int = 1
    """The line (1-based, in the body of `origin`: after its front matter) where `source`
    starts."""

    col0: int = 0
    """Columns before `source` on its first line."""

    def shown_span(self, pos: int, end: int) -> str:
        """The expression from `pos` to `end`, as written, on one line (for messages)."""
        text = " ".join(self.source[pos - self.base : end - self.base].split())
        return text if len(text) <= 60 else text[:59] + "…"

    def where(self, pos: int) -> str:
        """`file:line:col` (or `line N, column C`) of an offset in the template."""
        rel = max(0, min(pos - self.base, len(self.source)))
        line = self.line + self.source.count("\n", 0, rel)
        col = rel - (self.source.rfind("\n", 0, rel) + 1) + 1
        if line == self.line:
            col += self.col0
        if not self.origin:
            return f"line {line}, column {col}"
        return f"{shown_path(self.origin)}:{_body_line(self.origin) - 1 + line}:{col}"


def is_template(src: str, pos: int) -> bool:
    """Does the value at `src[pos:]` (just after `export const Name =`) look like a component
    (an arrow function) rather than a literal?"""
    return bool(_ARROW.match(src, pos))


def read_template(
    name: str,
    src: str,
    pos: int,
    scope: Scope | None = None,
    origin: tuple[str, int] = ("", 1),
) -> tuple[Template, int]:
    """Read the arrow function at `src[pos:]` (just after `export const Name =`); returns the
    template and the offset just past it (and a `;` on its line). Raises JsxError at the
    offending expression when it is not a template this reader can fill in.

    `scope`: the names and templates of the module it is in (None: `src` is a JavaScript
    module, whose top-level `const`s are read for it). `origin`: (the file's real path,
    1-based line of `src[0]` in its body), for messages given where the template is used."""
    if scope is None:
        module = read_script(src)
        if name in module.errors:
            raise module.errors[name]
        if name in module.scope.templates:
            tpl = module.scope.templates[name]
            return tpl, module.ends[name]
        scope = module.scope
    parser = Parser(src, name)
    start = parser.skip(pos)
    if _FUNCTION.match(src, start):
        raise JsxError(
            f"`{name}` computes values before returning its markup: it is not an arrow function",
            start,
            "write it as `({ props }) => (<markup>)`",
        )
    if not _ARROW.match(src, start):
        raise JsxError(
            f"`{name}` is not a component of the form `({{ props }}) => (<markup>)`",
            start,
            "hubdocs renders components that only fill their props into markup",
        )
    params, at = parser.params(start, top=True)
    body, end = parser.body(at)
    tail = _TAIL.match(src, end)
    end = tail.end() if tail else end
    line_start = src.rfind("\n", 0, start) + 1
    tpl = Template(
        name,
        params,
        body,
        scope,
        src[start:end],
        start,
        origin[0],
        origin[1] + src.count("\n", 0, start),
        start - line_start,
    )
    return tpl, end


# -- .jsx modules ---------------------------------------------------------------------------


@dataclass(eq=False)
class _Module:
    scope: Scope
    errors: dict[str, JsxError]
    ends: dict[str, int]


_STATEMENT = re.compile(
    r"^(?:export[ \t]+)?(?:const|let|var)[ \t]+(?P<name>[A-Za-z_$][\w$]*)\s*=\s*", re.M
)


@functools.lru_cache(maxsize=16)
def read_script(code: str) -> _Module:
    """The top-level `const`s of a JavaScript module: literal values and templates (each
    template sees the others and the values, as in the module itself)."""
    names: dict[str, Any] = {}
    templates: dict[str, Template] = {}
    module = _Module(Scope(names, templates), {}, {})
    for mt in _STATEMENT.finditer(code):
        name = mt.group("name")
        try:
            if is_template(code, mt.end()) or _FUNCTION.match(code, mt.end()):
                tpl, end = read_template(name, code, mt.end(), module.scope)
                templates[name] = tpl
            else:
                value, end = read_literal(code, mt.end(), names)
                names[name] = value
            module.ends[name] = end
        except JsxError as err:
            line = code.count("\n", 0, err.offset) + 1
            col = err.offset - (code.rfind("\n", 0, err.offset) + 1) + 1
            module.errors[name] = JsxError(f"line {line}:{col}: {err}", err.offset, err.hint)
    return module


# -- calls ----------------------------------------------------------------------------------


def call_template(
    tpl: Template,
    props: Mapping[str, Any],
    children: Markup | None,
    chain: tuple[str, ...],
    budget: Budget,
) -> Markup:
    """The markup `tpl` returns for `props`. Raises EvalError (located in the template) or
    BoundError (naming the chain of calls)."""
    chain = (*chain, f"<{tpl.name}>")
    if len(chain) > MAX_TEMPLATE_DEPTH:
        budget.stop()
        raise BoundError(
            f"templates nested more than {MAX_TEMPLATE_DEPTH} deep: {' → '.join(chain)}",
            "a template that uses itself (directly or through others) never ends; break the cycle",
        )
    budget.charge(CALL_COST, lambda: " → ".join(chain))
    call = Call(tpl, chain, budget)
    ip = Interpreter(call, call_template)
    argument = dict(props)
    if children is not None:
        argument["children"] = children
    try:
        bind(tpl.params, FrozenMap(argument), call.locals, ip, tpl.body)
        value = ip.eval(tpl.body)
        try:
            return ip.render(value)
        except TypeError as err:
            raise ip.fail(tpl.body, str(err)) from None
    except EvalError as err:
        if err.located:
            raise
        raise EvalError(f"{err} (at {tpl.where(err.pos)})", err.pos, err.hint, True) from None


# -- uses in a page -------------------------------------------------------------------------


@dataclass
class Expansion:
    """A page's text (and twin) with its template uses filled in."""

    text: str
    twin: str
    problems: list[tuple[int, int, str, str]]
    """(0-based line, 1-based column) in the text before expansion, message, hint."""
    line_of: list[int] | None
    """Per line of `text`, the line before expansion it comes from; None when every use fit
    in the lines it took (then lines keep their numbers)."""

    def output_line(self, line0: int) -> int:
        """The first line of `text` that comes from line `line0` before expansion."""
        if self.line_of is None:
            return line0
        if self._first is None:
            self._first = {}
            for out, src in enumerate(self.line_of):
                self._first.setdefault(src, out)
        return self._first.get(line0, line0)

    _first: dict[int, int] | None = None


def expand_page_uses(
    text: str,
    twin: str,
    templates: Mapping[str, Template],
    code: list[bool],
    budget: Budget,
) -> Expansion:
    """Fill in every use of a template in a page's text and in its twin (the same lines,
    comments and ESM removed). A use standing on lines of its own becomes the template's
    elements one per line (as MDX 3 reads elements written so), indented as the use was; a
    use inside a line of text becomes one line. Lines after a use keep their numbers unless
    the markup needs more lines than the use took: `line_of` then maps them back."""
    twin_budget = budget.detached()
    found: list[tuple[int, str, str]] = []
    out_text, grown = _expand(text, templates, code, found, budget)
    out_twin, twin_grown = _expand(twin, templates, code, None, twin_budget)
    if twin_grown != grown or out_twin.count("\n") != out_text.count("\n"):
        out_twin = "\n".join("" if not ln.strip() else ln for ln in out_text.split("\n"))
    problems = []
    for offset, message, hint in found:
        line0 = text.count("\n", 0, offset)
        problems.append((line0, offset - (text.rfind("\n", 0, offset) + 1) + 1, message, hint))
    line_of = None
    if grown:
        line_of = []
        src_line = 0
        lines_in = text.count("\n") + 1
        for start, took, made in grown:
            while src_line < start:
                line_of.append(src_line)
                src_line += 1
            line_of.extend(start + min(k, took) for k in range(made + 1))
            src_line = start + took + 1
        line_of.extend(range(src_line, lines_in))
    return Expansion(out_text, out_twin, problems, line_of)


def _expand(
    text: str,
    templates: Mapping[str, Template],
    code: list[bool],
    problems: list | None,
    budget: Budget,
) -> tuple[str, list[tuple[int, int, int]]]:
    """`text` with its uses filled in, and where uses grew: (line, lines taken, lines made)."""
    if not templates:
        return text, []
    uses = _Uses(templates, code, problems, budget)
    out = uses.run(text, 0, 0, 0)
    return out, uses.grown


class _Uses:
    def __init__(
        self,
        templates: Mapping[str, Template],
        code: list[bool],
        problems: list | None,
        budget: Budget,
    ):
        self.templates, self.code, self.problems = templates, code, problems
        self.budget = budget
        self.grown: list[tuple[int, int, int]] = []

    def problem(self, offset: int, message: str, hint: str) -> None:
        if self.problems is not None:
            self.problems.append((offset, message, hint))

    def run(self, text: str, base: int, line0: int, depth: int) -> str:
        """`text` (at offset `base`, line `line0` of the page) with its uses filled in."""
        out: list[str] = []
        pos = 0
        line_starts: list[int] | None = None
        for mt in _USE.finditer(text):
            if mt.start() < pos or mt.group(1) not in self.templates:
                continue
            if line_starts is None:
                line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
            line = _line_of(line_starts, mt.start())
            if line0 + line < len(self.code) and self.code[line0 + line]:
                continue
            try:
                tag = scan_tag(text, mt.start())
            except TagSyntaxError as err:
                self.problem(base + err.offset, str(err), err.hint)
                continue
            if tag is None:
                continue
            end = tag.end
            children: Markup | None = None
            if not tag.self_closing:
                close = self.closing(text, tag.name, tag.end)
                if close is None:
                    self.problem(base + tag.start, f"`<{tag.name}>` is never closed", "")
                    continue
                inner = text[tag.end : close]
                end = close + len(tag.name) + 3
                if inner.strip():
                    if depth + 1 >= MAX_TEMPLATE_DEPTH:
                        self.problem(
                            base + tag.start,
                            f"template uses nested more than {MAX_TEMPLATE_DEPTH} deep in "
                            f"`<{tag.name}>`",
                            "nest fewer template uses",
                        )
                        out.append(text[pos : mt.start()])
                        out.append("\n" * text.count("\n", mt.start(), end))
                        pos = end
                        continue
                    inner_line = line0 + _line_of(line_starts, tag.end)
                    inner = self.run(inner, base + tag.end, inner_line, depth + 1)
                    children = _page_children(inner)
            props = {a.name: _prop(text, a) for a in tag.attrs}
            markup = self.fill(self.templates[tag.name], props, children, base + tag.start)
            head = text[line_starts[line] : mt.start()]
            nl = text.find("\n", end)
            tail = text[end : len(text) if nl < 0 else nl]
            took = text.count("\n", mt.start(), end)
            if markup.block and not head.strip() and not tail.strip():
                filled = ("\n" + head).join(markup.html.split("\n"))
                filled = "\n".join(ln if ln.strip() else "" for ln in filled.split("\n"))
            else:
                filled = markup.inline()
            made = filled.count("\n")
            if made > took and depth == 0:
                self.grown.append((line0 + line, took, made))
            out.append(text[pos : mt.start()])
            out.append(filled)
            out.append("\n" * (took - made))
            pos = end
        if pos == 0:
            return text
        out.append(text[pos:])
        return "".join(out)

    def fill(
        self, tpl: Template, props: dict[str, Any], children: Markup | None, at: int
    ) -> Markup:
        if self.budget.exceeded:
            return Markup("")  # the page is over a bound, and that is reported
        try:
            return call_template(tpl, props, children, (), self.budget)
        except (EvalError, BoundError) as err:
            if not getattr(err, "repeated", False):
                self.problem(at, str(err), err.hint)
            return Markup("")
        except RecursionError:  # a safety net: MAX_EVAL_DEPTH keeps well inside the limit
            self.budget.stop()
            self.problem(at, f"`<{tpl.name}>` nests its markup too deeply", "nest less")
            return Markup("")

    def closing(self, text: str, name: str, pos: int) -> int | None:
        """Offset of the `</name>` that closes the use opened before `pos` (uses of the same
        template nested inside counted)."""
        pattern = re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])")
        depth = 1
        for mt in pattern.finditer(text, pos):
            if mt.group(1):
                if not text.startswith(">", mt.end()):
                    continue
                depth -= 1
                if depth == 0:
                    return mt.start()
                continue
            try:
                inner = scan_tag(text, mt.start())
            except TagSyntaxError:
                continue
            if inner is not None and not inner.self_closing:
                depth += 1
        return None


_HAS_VALUE = re.compile(r"[ \t]*=")


def _prop(text: str, attr: Any) -> Any:
    """An attribute of a use as a prop: `flag` is true, `x={null}` null, "a &amp; b" decoded."""
    if attr.value is None:
        valueless = not _HAS_VALUE.match(text, attr.offset + len(attr.name))
        return True if valueless else None
    return decode_entities(attr.value) if isinstance(attr.value, str) else attr.value


_USE = re.compile(r"<([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?=[\s/>])")


def _page_children(inner: str) -> Markup | None:
    """A use's children from the page: Markdown, kept as lines (dedented) when it has several
    lines; one line is inline content (a paragraph of its own beside elements when it stood
    on a line of its own, as MDX 3 reads it)."""
    lines = inner.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return None
    if len(lines) == 1:  # one line: inline content, a paragraph of its own beside blocks
        one = lines[0].strip()
        return Markup(one, one.startswith("<") and one.endswith(">"), "\n" in inner)
    indent = min(len(ln) - len(ln.lstrip(" \t")) for ln in lines if ln.strip())
    return Markup("\n".join(ln[indent:] if ln.strip() else "" for ln in lines), True, True)


def _line_of(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


@functools.lru_cache(maxsize=64)
def _body_line(real: str) -> int:
    """The line where the body of `real` starts (after its front matter); 1 when unknown."""
    from renderer.parse.source import split_front_matter

    try:
        with open(real, encoding="utf-8") as fh:
            return split_front_matter(real, fh.read()).body_line
    except (OSError, UnicodeDecodeError, ValueError):
        return 1


def shown_path(real: str | None) -> str:
    """A file as messages show it (relative to the working directory when below it)."""
    if not real:
        return ""
    rel = os.path.relpath(real)
    return real if rel.startswith("..") else rel
