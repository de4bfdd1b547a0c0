"""The template expression language (issue 30 §4): JSX and a few JavaScript expressions, parsed
into a small tree and interpreted over literal values. Nothing is ever run.

Grammar (a subset of JavaScript and JSX, read as acorn reads it; anything else is a JsxError
at its offset naming the expression and the template it is in):

    expr     := logical ("?" expr ":" expr)?
    logical  := equal (("&&" | "||") equal)*  |  equal ("??" equal)*
                (`&&` binds tighter than `||`; `??` is not mixed with them unparenthesised)
    equal    := unary (("===" | "!==") unary)*
    unary    := "!" unary | postfix
    postfix  := primary ("." NAME | "?." NAME | "[" expr "]" | "?.[" expr "]"
                         | ".map(" arrow ")")*
    primary  := "string" | 'string' | number | -number | true | false | null | undefined
              | `text ${expr} text` | NAME | "(" expr ")" | "[" expr, … "]"
              | "{" key: expr | NAME, … "}" | jsx
    arrow    := params "=>" (expr | "{" "return" expr ";"? "}")
    params   := NAME | "(" ")" | "(" pattern ("," NAME)? ")"
    pattern  := NAME | "{" (NAME (":" NAME)? ("=" expr)?), … "}"
    jsx      := "<>" child* "</>" | "<" TAG attr* "/>" | "<" TAG attr* ">" child* "</" TAG ">"
    attr     := NAME | NAME "=" ("string" | 'string' | "{" expr "}" | jsx)
    child    := text | "{" expr "}" | "{" "/* comment */" "}" | jsx

Values are what `renderer.parse.jsx` reads (str, int, float, bool, None for null, tuples,
read-only dicts, JsxElement), `UNDEFINED`, and `Markup` (rendered JSX). JavaScript's rules are
followed where they matter: truthiness, `&&`/`||` returning an operand, `??` only for null and
undefined, defaults only for undefined, `String()` in template literals, React's rendering of
children (nothing for booleans, null and undefined; arrays concatenated; objects refused).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html.entities import html5
from typing import Any

from renderer.core.model import FrozenMap
from renderer.parse.jsx import JsxElement, JsxError
from renderer.parse.jsx_bounds import CALL_COST, MAX_EVAL_DEPTH, BoundError, Budget

MAX_NESTING = 48
"""Parentheses, brackets and elements nested in one template."""

NO_JS_HINT = (
    "templates may use props, defaults, member access, &&, ||, ??, ?:, ===, !==, template "
    "literals and .map over literal arrays; hubdocs runs no JavaScript"
)


class _Undefined:
    __slots__ = ()

    def __repr__(self) -> str:
        return "undefined"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Any = _Undefined()


@dataclass(frozen=True, slots=True)
class Markup:
    """Rendered JSX: markup text for the block parser. `block`: it is an element (or elements,
    or lines of Markdown) that may stand on lines of its own; `html` then holds a line break
    wherever a block boundary lies, as MDX 3 would read the elements written one per line."""

    html: str
    block: bool = False
    markdown: bool = False
    """It holds lines of Markdown (a use's children in the page): blank lines keep them apart
    from the tags around them, so that they are read as Markdown (CommonMark's HTML blocks end
    only at a blank line)."""

    def inline(self) -> str:
        """The markup on one line (for a use inside a line of text)."""
        return one_line(self.html)


_TAG_BREAK = re.compile(r"(?<=>)[ \t]*\n\s*(?=<)")
_BREAK = re.compile(r"[ \t]*\n\s*")


def one_line(markup: str) -> str:
    """Line breaks between tags dropped, others made one space (as JSX reads its text)."""
    if "\n" not in markup:
        return markup
    return _BREAK.sub(" ", _TAG_BREAK.sub("", markup)).strip()


def layout(pieces: list[Markup]) -> Markup:
    """Children side by side: one per line when all are blocks or Markdown and one at least
    is a block (whitespace between them is dropped), else one line of inline content."""
    shown = [p for p in pieces if p.html]
    if any(p.block for p in shown) and all(
        p.block or p.markdown or not p.html.strip() for p in shown
    ):
        blocks = [p for p in shown if p.block or p.markdown]
        out = [blocks[0].html]
        for before, after in zip(blocks, blocks[1:], strict=False):
            out.append("\n\n" if before.markdown or after.markdown else "\n")
            out.append(after.html)
        return Markup("".join(out), True, any(p.markdown for p in blocks))
    return Markup("".join(p.html if not p.block else p.inline() for p in shown))


class EvalError(ValueError):
    """A template that cannot be filled in with these props; `pos` is in the template's
    source. `located`: the message already says where the template is defined."""

    def __init__(self, message: str, pos: int, hint: str = "", located: bool = False):
        super().__init__(message)
        self.pos = pos
        self.hint = hint
        self.located = located


# -- the tree ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Node:
    kind: str
    """lit, name, member, not, logic, equal, cond, tpl, array, object, map, element, text"""
    pos: int
    end: int
    a: Any = None
    b: Any = None
    c: Any = None


@dataclass(frozen=True, slots=True, eq=False)
class Params:
    """An arrow function's parameters."""

    whole: str | None = None
    """`(props)`: one name bound to the whole argument."""
    fields: tuple[tuple[str, str, Node | None], ...] = ()
    """`({ key: name = default })` destructured: (key, bound name, default)."""
    index: str | None = None
    """`.map((item, i) => …)`: the name of the index."""
    destructured: bool = False


# -- parsing ----------------------------------------------------------------------------------

_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(r"(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?![\w$])")
_TAG = re.compile(r"[A-Za-z_$][\w$]*(?:-[\w$]+)*(?:[.:][A-Za-z_$][\w$-]*)*")
_ATTR = re.compile(r"[A-Za-z_$][\w$]*(?:[-:][\w$]+)*")
_RETURN = re.compile(r"return(?![\w$])")
_PREFIX_WORD = re.compile(r"(typeof|void|delete|new|await)(?![\w$])")
_U_ESCAPE = re.compile(r"u(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))")
_X_ESCAPE = re.compile(r"x([0-9a-fA-F]{2})")
_KEYWORDS = frozenset(
    [
        "new",
        "function",
        "class",
        "this",
        "typeof",
        "void",
        "delete",
        "in",
        "instanceof",
        "await",
        "yield",
        "async",
        "import",
        "super",
        "let",
        "var",
        "const",
        "return",
        "if",
        "else",
        "for",
        "while",
        "do",
        "switch",
        "case",
        "throw",
        "try",
    ]
)
_LITERAL_WORDS = {"true": True, "false": False, "null": None, "undefined": UNDEFINED}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_OPERATORS = (
    "===", "!==", "**", "==", "!=", "<=", ">=", "++", "--", "+=", "-=", "=>", "...",
    "+", "-", "*", "/", "%", "<", ">", "=", "&", "|", "^", "~", ",", "(",
)  # fmt: skip


def decode_entities(text: str) -> str:
    """Character references as JSX decodes them (`&amp;`, `&#38;`, `&#x26;`; a `;` is
    required)."""
    if "&" not in text:
        return text

    def one(mt: re.Match[str]) -> str:
        ref = mt.group(1)
        if ref.startswith(("#x", "#X")):
            code = int(ref[2:], 16)
        elif ref.startswith("#"):
            code = int(ref[1:])
        else:
            return html5.get(ref + ";", mt.group(0))
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _ENTITY.sub(one, text)


class Parser:
    """Parses one template's parameters and body out of `src` (a page, a snippet, a module)."""

    def __init__(self, src: str, template: str):
        self.src = src
        self.template = template
        self.depth = 0
        self.shown_from: list[int] = []
        """Starts of the `{…}` containers being read: errors name the innermost one."""

    # errors -----------------------------------------------------------------------------

    def fail(self, pos: int, reason: str, hint: str = NO_JS_HINT) -> JsxError:
        start = self.shown_from[-1] if self.shown_from else pos
        return JsxError(
            f"`{shown_expression(self.src, start)}` in template <{self.template}>: {reason}",
            pos,
            hint,
        )

    # characters ---------------------------------------------------------------------------

    def skip(self, pos: int) -> int:
        """Past whitespace and JavaScript comments."""
        src, n = self.src, len(self.src)
        while pos < n:
            ch = src[pos]
            if ch in " \t\r\n\ufeff\u00a0":
                pos += 1
            elif src.startswith("/*", pos):
                close = src.find("*/", pos + 2)
                if close < 0:
                    raise self.fail(pos, "`/*` comment is never closed", "close it with */")
                pos = close + 2
            elif src.startswith("//", pos):
                nl = src.find("\n", pos)
                pos = n if nl < 0 else nl + 1
            else:
                break
        return pos

    def expect(self, pos: int, token: str, what: str = "") -> int:
        pos = self.skip(pos)
        if not self.src.startswith(token, pos):
            found = self.src[pos : pos + 12].split("\n")[0] or "the end"
            raise self.fail(pos, f"expected `{token}`{what} but found `{found}`")
        return pos + len(token)

    def at(self, pos: int, token: str) -> bool:
        return self.src.startswith(token, pos)

    def nest(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.fail(pos, f"nested more than {MAX_NESTING} deep", "flatten the markup")

    # the template -------------------------------------------------------------------------

    def params(self, pos: int, top: bool) -> tuple[Params, int]:
        """`(…) =>` or `name =>` at `pos` (whitespace skipped); returns past the `=>`."""
        pos = self.skip(pos)
        ident = _IDENT.match(self.src, pos)
        if ident and not self.at(pos, "("):
            name = self.word(ident, pos)
            return Params(whole=name), self.expect(ident.end(), "=>")
        pos = self.expect(pos, "(")
        pos = self.skip(pos)
        params = Params()
        if self.at(pos, "{"):
            fields, pos = self.pattern(pos, top)
            params = Params(fields=fields, destructured=True)
        elif self.at(pos, "..."):
            raise self.rest(pos, top)
        else:
            ident = _IDENT.match(self.src, pos)
            if ident:
                params = Params(whole=self.word(ident, pos))
                pos = ident.end()
        pos = self.skip(pos)
        if self.at(pos, ",") and not top:
            pos = self.skip(pos + 1)
            ident = _IDENT.match(self.src, pos)
            if not ident:
                raise self.fail(pos, "`.map` callbacks take an item and an index")
            params = Params(params.whole, params.fields, self.word(ident, pos), params.destructured)
            pos = self.skip(ident.end())
        if not self.at(pos, ")"):
            if top:
                raise JsxError(
                    f"`{self.template}` takes props this reader does not understand: "
                    f"`{shown_expression(self.src, pos)}`",
                    pos,
                    'write the props as `({ a, b = "default", children })`',
                )
            raise self.fail(pos, "this callback takes parameters this reader does not understand")
        return params, self.expect(pos + 1, "=>")

    def rest(self, pos: int, top: bool) -> JsxError:
        ident = _IDENT.match(self.src, pos + 3)
        name = ident.group(0) if ident else ""
        return JsxError(
            f"`{self.template}` takes props this reader does not understand: `...{name}` "
            "collects the other props"
            if top
            else f"`...{name}` in template <{self.template}>: rest parameters are not supported",
            pos,
            "name each prop the template uses: `({ title, href, children })`",
        )

    def pattern(self, pos: int, top: bool) -> tuple[tuple[tuple[str, str, Node | None], ...], int]:
        """`{ a, b = "d", c: d }` at `pos` -> fields, past the `}`."""
        pos += 1
        fields: list[tuple[str, str, Node | None]] = []
        while True:
            pos = self.skip(pos)
            if self.at(pos, "}"):
                return tuple(fields), pos + 1
            if self.at(pos, "..."):
                raise self.rest(pos, top)
            ident = _IDENT.match(self.src, pos)
            if not ident:
                raise JsxError(
                    f"`{self.template}` takes props this reader does not understand: "
                    f"`{shown_expression(self.src, pos)}`",
                    pos,
                    'write the props as `({ a, b = "default", children })`',
                )
            key = bound = self.word(ident, pos)
            pos = self.skip(ident.end())
            if self.at(pos, ":"):
                pos = self.skip(pos + 1)
                ident = _IDENT.match(self.src, pos)
                if not ident:
                    raise JsxError(
                        f"`{self.template}` takes props this reader does not understand: "
                        f"`{key}: {shown_expression(self.src, pos)}` (nested destructuring)",
                        pos,
                        "destructure one level: `({ item })`, then use `item.title`",
                    )
                bound = self.word(ident, pos)
                pos = self.skip(ident.end())
            default = None
            if self.at(pos, "=") and not self.at(pos, "=>") and not self.at(pos, "=="):
                self.shown_from.append(pos + 1)
                default, pos = self.expr(pos + 1)
                self.shown_from.pop()
                pos = self.skip(pos)
            fields.append((key, bound, default))
            if self.at(pos, ","):
                pos += 1
            elif not self.at(pos, "}"):
                raise self.fail(pos, "expected `,` or `}` in the props")

    def word(self, ident: re.Match[str], pos: int) -> str:
        name = ident.group(0)
        if name in _KEYWORDS or name in _LITERAL_WORDS:
            raise self.fail(pos, f"`{name}` cannot be a name here")
        return name

    def body(self, pos: int) -> tuple[Node, int]:
        """An arrow function's body: an expression, or `{ return expr; }`."""
        pos = self.skip(pos)
        if not self.at(pos, "{"):
            return self.expr(pos)
        block = pos
        pos = self.skip(pos + 1)
        ret = _RETURN.match(self.src, pos)
        if not ret:
            raise JsxError(
                f"`{self.template}` computes values before returning its markup: "
                f"`{shown_expression(self.src, pos, 40)}`",
                pos,
                "hubdocs renders components whose body only returns markup; it runs no JavaScript",
            )
        node, pos = self.expr(ret.end())
        pos = self.skip(pos)
        if self.at(pos, ";"):
            pos = self.skip(pos + 1)
        if not self.at(pos, "}"):
            raise JsxError(
                f"`{self.template}` does more than return its markup: "
                f"`{shown_expression(self.src, pos, 40)}`",
                pos if pos < len(self.src) else block,
                "hubdocs renders components whose body only returns markup",
            )
        return node, pos + 1

    # expressions --------------------------------------------------------------------------

    def expr(self, pos: int) -> tuple[Node, int]:
        self.nest(pos)
        start = self.skip(pos)
        test, pos = self.logical(start)
        after = self.skip(pos)
        if self.at(after, "?") and not self.at(after, "??") and not self.at(after, "?."):
            then, pos = self.expr(after + 1)
            pos = self.expect(pos, ":", " in `a ? b : c`")
            other, pos = self.expr(pos)
            test = Node("cond", start, pos, test, then, other)
        self.depth -= 1
        return test, pos

    def logical(self, start: int) -> tuple[Node, int]:
        left, pos = self.and_(start)
        ops: set[str] = set()
        while True:
            after = self.skip(pos)
            op = "||" if self.at(after, "||") else "??" if self.at(after, "??") else None
            if op is None:
                break
            ops.add(op)
            if len(ops) > 1 or (op == "??" and left.kind == "logic" and left.a == "&&"):
                raise self.fail(after, "`??` cannot be mixed with `||` or `&&` without parentheses")
            if op == "??":
                right, pos = self.equal(after + 2)
                if self.at(self.skip(pos), "&&"):
                    raise self.fail(pos, "`??` cannot be mixed with `&&` without parentheses")
            else:
                right, pos = self.and_(after + 2)
            left = Node("logic", start, pos, op, left, right)
        return left, pos

    def and_(self, start: int) -> tuple[Node, int]:
        left, pos = self.equal(start)
        while True:
            after = self.skip(pos)
            if not self.at(after, "&&"):
                return left, pos
            right, pos = self.equal(after + 2)
            left = Node("logic", start, pos, "&&", left, right)

    def equal(self, start: int) -> tuple[Node, int]:
        left, pos = self.unary(start)
        while True:
            after = self.skip(pos)
            op = "===" if self.at(after, "===") else "!==" if self.at(after, "!==") else None
            if op is None:
                self.operator(pos)
                return left, pos
            right, pos = self.unary(after + 3)
            left = Node("equal", start, pos, op, left, right)

    def operator(self, pos: int) -> None:
        """Refuse an operator the language lacks, right after an expression on its line."""
        after = self.skip(pos)
        if "\n" in self.src[pos:after]:
            return  # a new line: the caller decides what may follow
        if self.src.startswith(("&&", "||", "??"), after):
            return
        for op in _OPERATORS:
            if self.at(after, op):
                if op == ",":
                    return
                if op == "(":
                    raise self.fail(after, "calls are not supported")
                if op in ("=", "=>", "+=", "-=", "++", "--"):
                    raise self.fail(after, f"`{op}` is not supported here")
                raise self.fail(after, f"the operator `{op}` is not supported")
        word = _IDENT.match(self.src, after)
        if word and word.group(0) in ("in", "instanceof"):
            raise self.fail(after, f"the operator `{word.group(0)}` is not supported")

    def unary(self, pos: int) -> tuple[Node, int]:
        pos = self.skip(pos)
        if self.at(pos, "!") and not self.at(pos, "!="):
            self.nest(pos)
            inner, end = self.unary(pos + 1)
            self.depth -= 1
            return Node("not", pos, end, inner), end
        mt = _PREFIX_WORD.match(self.src, pos)
        if mt:
            raise self.fail(pos, f"`{mt.group(1)}` is not supported")
        if self.at(pos, "-") and not _NUMBER.match(self.src, self.skip(pos + 1)):
            raise self.fail(pos, "the operator `-` is not supported")
        return self.postfix(pos)

    def postfix(self, start: int) -> tuple[Node, int]:
        node, pos = self.primary(start)
        while True:
            after = self.skip(pos)
            optional = self.at(after, "?.")
            if optional or (self.at(after, ".") and not self.at(after, "...")):
                p = self.skip(after + (2 if optional else 1))
                if optional and self.at(p, "["):
                    key, pos = self.expr(p + 1)
                    pos = self.expect(pos, "]")
                    node = Node("member", start, pos, node, key, True)
                    continue
                if optional and self.at(p, "("):
                    raise self.fail(p, "calls are not supported")
                ident = _IDENT.match(self.src, p)
                if not ident:
                    raise self.fail(p, "expected a property name after `.`")
                prop = ident.group(0)
                call = self.skip(ident.end())
                if self.at(call, "("):
                    if prop != "map" or optional:
                        raise self.fail(
                            p, f"`.{prop}(…)` calls a function: only `.map(…)` is supported"
                        )
                    node, pos = self.map_call(node, start, call)
                    continue
                node = Node("member", start, ident.end(), node, prop, optional)
                pos = ident.end()
            elif self.at(after, "["):
                key, pos = self.expr(after + 1)
                pos = self.expect(pos, "]")
                node = Node("member", start, pos, node, key, False)
            elif self.at(after, "(") or self.at(after, "`"):
                raise self.fail(after, "calls are not supported")
            else:
                return node, pos

    def map_call(self, target: Node, start: int, pos: int) -> tuple[Node, int]:
        params, pos = self.params(pos + 1, top=False)
        body, pos = self.body(pos)
        pos = self.skip(pos)
        if self.at(pos, ","):
            raise self.fail(pos, "`.map` takes one callback")
        pos = self.expect(pos, ")")
        return Node("map", start, pos, target, params, body), pos

    def primary(self, pos: int) -> tuple[Node, int]:
        src = self.src
        pos = self.skip(pos)
        if pos >= len(src):
            raise self.fail(pos, "the expression is never finished")
        ch = src[pos]
        if ch in "\"'":
            value, end = self.string(pos)
            return Node("lit", pos, end, value), end
        if ch == "`":
            return self.template_literal(pos)
        if ch == "(":
            self.nest(pos)
            inner, end = self.expr(pos + 1)
            end = self.expect(end, ")")
            self.depth -= 1
            return Node("paren", pos, end, inner), end
        if ch == "[":
            return self.array(pos)
        if ch == "{":
            return self.object(pos)
        if ch == "<":
            return self.jsx(pos)
        num = _NUMBER.match(src, pos)
        if num or (ch == "-" and _NUMBER.match(src, self.skip(pos + 1))):
            sign = 1
            if ch == "-":
                sign, pos = -1, self.skip(pos + 1)
                num = _NUMBER.match(src, pos)
            assert num is not None
            text = num.group(0)
            value: Any
            if text[:2].lower() == "0x":
                value = int(text, 16)
            else:
                value = float(text) if any(c in text for c in ".eE") else int(text)
            return Node("lit", pos, num.end(), sign * value), num.end()
        ident = _IDENT.match(src, pos)
        if ident:
            word = ident.group(0)
            if word in _LITERAL_WORDS:
                return Node("lit", pos, ident.end(), _LITERAL_WORDS[word]), ident.end()
            if word in _KEYWORDS:
                raise self.fail(pos, f"`{word}` is not supported")
            after = self.skip(ident.end())
            if self.at(after, "=>"):
                raise self.fail(pos, "functions are not supported outside `.map(…)`")
            return Node("name", pos, ident.end(), word), ident.end()
        if src.startswith("...", pos):
            raise self.fail(pos, "spread `...` is not supported")
        raise self.fail(pos, f"`{ch}` cannot start an expression")

    def string(self, pos: int) -> tuple[str, int]:
        src, quote = self.src, self.src[pos]
        out: list[str] = []
        i = pos + 1
        while i < len(src):
            ch = src[i]
            if ch == quote:
                return "".join(out), i + 1
            if ch == "\n":
                break
            if ch == "\\" and i + 1 < len(src):
                text, i = self.escape(i)
                out.append(text)
                continue
            out.append(ch)
            i += 1
        raise self.fail(pos, "the string is never closed", f"close it with {quote}")

    def escape(self, i: int) -> tuple[str, int]:
        src = self.src
        nxt = src[i + 1]
        if nxt == "u":
            mt = _U_ESCAPE.match(src, i + 1)
            if not mt:
                raise self.fail(i, "bad `\\u` escape")
            code = int(mt.group(1) or mt.group(2), 16)
            return (chr(code) if code <= 0x10FFFF else "\ufffd"), mt.end()
        if nxt == "x":
            mt = _X_ESCAPE.match(src, i + 1)
            if not mt:
                raise self.fail(i, "bad `\\x` escape")
            return chr(int(mt.group(1), 16)), mt.end()
        if nxt == "\n":
            return "", i + 2
        return _ESCAPES.get(nxt, nxt), i + 2

    def template_literal(self, pos: int) -> tuple[Node, int]:
        src = self.src
        parts: list[Any] = []
        buf: list[str] = []
        i = pos + 1
        while i < len(src):
            ch = src[i]
            if ch == "`":
                if buf:
                    parts.append("".join(buf))
                return Node("tpl", pos, i + 1, tuple(parts)), i + 1
            if ch == "\\" and i + 1 < len(src):
                text, i = self.escape(i)
                buf.append(text)
                continue
            if src.startswith("${", i):
                if buf:
                    parts.append("".join(buf))
                    buf = []
                self.nest(i)
                inner, i = self.expr(i + 2)
                i = self.expect(i, "}")
                self.depth -= 1
                parts.append(inner)
                continue
            buf.append(ch)
            i += 1
        raise self.fail(pos, "the template literal is never closed", "close it with `")

    def array(self, pos: int) -> tuple[Node, int]:
        start = pos
        self.nest(pos)
        items: list[Node] = []
        pos += 1
        while True:
            pos = self.skip(pos)
            if self.at(pos, "]"):
                self.depth -= 1
                return Node("array", start, pos + 1, tuple(items)), pos + 1
            if self.at(pos, "..."):
                raise self.fail(pos, "spread `...` is not supported")
            if self.at(pos, ","):
                raise self.fail(pos, "holes in arrays are not supported")
            item, pos = self.expr(pos)
            items.append(item)
            pos = self.skip(pos)
            if self.at(pos, ","):
                pos += 1
            elif not self.at(pos, "]"):
                raise self.fail(pos, "expected `,` or `]` in the array")

    def object(self, pos: int) -> tuple[Node, int]:
        start = pos
        self.nest(pos)
        pairs: list[tuple[str, Node]] = []
        pos += 1
        while True:
            pos = self.skip(pos)
            if self.at(pos, "}"):
                self.depth -= 1
                return Node("object", start, pos + 1, tuple(pairs)), pos + 1
            if self.at(pos, "..."):
                raise self.fail(pos, "spread `...` is not supported")
            ch = self.src[pos] if pos < len(self.src) else ""
            if ch in "\"'":
                key, pos = self.string(pos)
                shorthand = None
            else:
                mt = _IDENT.match(self.src, pos) or _NUMBER.match(self.src, pos)
                if not mt:
                    raise self.fail(pos, "expected a key in the object")
                key, shorthand, pos = mt.group(0), (mt.start(), mt.end()), mt.end()
            pos = self.skip(pos)
            if self.at(pos, ":"):
                value, pos = self.expr(pos + 1)
            elif shorthand and (self.at(pos, ",") or self.at(pos, "}")):
                value = Node("name", shorthand[0], shorthand[1], key)
            else:
                raise self.fail(pos, "expected `:` after the key")
            pairs.append((key, value))
            pos = self.skip(pos)
            if self.at(pos, ","):
                pos += 1
            elif not self.at(pos, "}"):
                raise self.fail(pos, "expected `,` or `}` in the object")

    # JSX ----------------------------------------------------------------------------------

    def jsx(self, pos: int) -> tuple[Node, int]:
        """An element or fragment at `src[pos] == "<"`."""
        src = self.src
        start = pos
        self.nest(pos)
        pos += 1
        if src.startswith(">", self.skip(pos)):
            children, pos = self.children(self.skip(pos) + 1, "")
            self.depth -= 1
            return Node("element", start, pos, "", (), children), pos
        pos = self.skip(pos)
        tag = _TAG.match(src, pos)
        if not tag:
            raise self.fail(pos, "expected a tag name after `<`")
        name = tag.group(0)
        pos = tag.end()
        attrs: list[tuple[str, Node | None, int]] = []
        while True:
            pos = self.skip(pos)
            if pos >= len(src):
                raise self.fail(start, f"`<{name}` is never closed with `>`")
            if src.startswith("/>", pos):
                self.depth -= 1
                return Node("element", start, pos + 2, name, tuple(attrs), None), pos + 2
            if src[pos] == ">":
                children, pos = self.children(pos + 1, name)
                self.depth -= 1
                return Node("element", start, pos, name, tuple(attrs), tuple(children)), pos
            if src[pos] == "{":
                inner = self.skip(pos + 1)
                self.shown_from.append(pos)
                if self.at(inner, "..."):
                    raise self.fail(
                        pos,
                        f"spread attributes are not supported on `<{name}>`",
                        "write each attribute: name={value}",
                    )
                raise self.fail(pos, f"`{{…}}` is not an attribute of `<{name}>`")
            mt = _ATTR.match(src, pos)
            if not mt:
                raise self.fail(pos, f"unexpected `{src[pos]}` in `<{name}>`")
            aname, apos = mt.group(0), pos
            pos = self.skip(mt.end())
            if not self.at(pos, "="):
                attrs.append((aname, None, apos))
                continue
            pos = self.skip(pos + 1)
            ch = src[pos] if pos < len(src) else ""
            if ch in "\"'":
                close = src.find(ch, pos + 1)
                if close < 0:
                    raise self.fail(pos, f"the value of `{aname}` is never closed")
                value = Node("lit", pos, close + 1, decode_entities(src[pos + 1 : close]))
                pos = close + 1
            elif ch == "{":
                self.shown_from.append(pos)
                inner = self.skip(pos + 1)
                if self.at(inner, "}"):
                    raise self.fail(pos, f"`{aname}={{}}` has no value")
                value, pos = self.expr(inner)
                pos = self.expect(pos, "}")
                self.shown_from.pop()
            elif ch == "<":
                value, pos = self.jsx(pos)
            else:
                raise self.fail(pos, f"the value of `{aname}` must be quoted or in braces")
            attrs.append((aname, value, apos))

    def children(self, pos: int, name: str) -> tuple[tuple[Node, ...], int]:
        """Children up to the closing tag of `name` ("" for a fragment); returns past it."""
        src = self.src
        out: list[Node] = []
        while True:
            nxt = _CHILD_STOP.search(src, pos)
            stop = nxt.start() if nxt else len(src)
            if stop > pos:
                text = _jsx_text(src[pos:stop])
                if text:
                    out.append(Node("text", pos, stop, text))
            if nxt is None:
                raise self.fail(pos, f"`<{name}>` is never closed")
            pos = stop
            ch = src[pos]
            if ch in ">}":
                raise self.fail(
                    pos,
                    f"`{ch}` cannot stand in JSX text",
                    f'write {{"{ch}"}} or {"&gt;" if ch == ">" else "&#125;"}',
                )
            if ch == "{":
                inner = self.skip(pos + 1)
                if self.at(inner, "}"):
                    pos = inner + 1  # `{}` or `{/* comment */}`
                    continue
                self.shown_from.append(pos)
                if self.at(inner, "..."):
                    raise self.fail(pos, "spread children are not supported")
                node, end = self.expr(inner)
                end = self.expect(end, "}")
                self.shown_from.pop()
                out.append(node)
                pos = end
                continue
            # "<": a child element, or the closing tag
            after = self.skip(pos + 1)
            if self.at(after, "/"):
                close = self.skip(after + 1)
                tag = _TAG.match(src, close)
                got = tag.group(0) if tag else ""
                end = self.skip(tag.end() if tag else close)
                if got != name or not self.at(end, ">"):
                    shown = f"</{got}>" if got else "</>"
                    want = f"</{name}>" if name else "</>"
                    raise self.fail(pos, f"`{shown}` closes nothing here: expected `{want}`")
                return tuple(out), end + 1
            node, pos = self.jsx(pos)
            out.append(node)


_CHILD_STOP = re.compile(r"[{<>}]")


def _jsx_text(raw: str) -> str:
    """JSX text as Babel keeps it: lines trimmed where they meet line breaks, lines holding only
    whitespace dropped, the rest joined with one space; character references decoded."""
    text = decode_entities(raw)
    if "\n" not in text and "\r" not in text:
        return text
    lines = re.split(r"\r\n|\n|\r", text)
    last = max((i for i, ln in enumerate(lines) if ln.strip(" \t")), default=-1)
    out: list[str] = []
    for i, line in enumerate(lines):
        t = line.replace("\t", " ")
        if i:
            t = t.lstrip(" ")
        if i < len(lines) - 1:
            t = t.rstrip(" ")
        if t:
            out.append(t + (" " if i != last else ""))
    return "".join(out)


def shown_expression(src: str, start: int, limit: int = 60) -> str:
    """The expression starting at `start` as the author wrote it, on one line, shortened: a
    whole `{…}` when `start` opens one."""
    end = min(len(src), start + 400)
    if src.startswith("{", start):
        depth, i = 0, start
        while i < end:
            ch = src[i]
            if ch in "\"'`":
                close = src.find(ch, i + 1, end)
                i = close + 1 if close > 0 else end
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    end = i + 1
                    break
            i += 1
    else:
        nl = src.find("\n", start, end)
        end = nl if nl >= 0 else end
    text = " ".join(src[start:end].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- evaluation -------------------------------------------------------------------------------


@dataclass(eq=False)
class Scope:
    """The module a template was defined in: its `export const` values and templates (live:
    names defined after the template are seen, as JavaScript sees them at render time)."""

    names: Mapping[str, Any]
    templates: Mapping[str, Any]


@dataclass(eq=False)
class Call:
    """One template call in progress: what errors and bounds need to name it."""

    template: Any
    """The Template being filled in."""
    chain: tuple[str, ...]
    """`<Outer>`, `<Inner>`: the calls that led here, outermost first."""
    budget: Budget
    locals: dict[str, Any] = field(default_factory=dict)


class Interpreter:
    """Evaluates a template's tree. `call` is the template call (props bound in `locals`)."""

    def __init__(self, call: Call, invoke: Callable[..., Markup]):
        self.call = call
        self.invoke = invoke
        """(template, props, children, chain, budget) -> Markup: calls another template."""

    def fail(self, node: Node, reason: str, hint: str = "") -> EvalError:
        return EvalError(
            f"`{self.call.template.shown_span(node.pos, node.end)}` in template "
            f"<{self.call.template.name}>: {reason}",
            node.pos,
            hint,
        )

    def charge(self, size: int) -> None:
        self.call.budget.charge(size, lambda: " → ".join(self.call.chain))

    def lookup(self, node: Node) -> Any:
        name = node.a
        if name in self.call.locals:
            return self.call.locals[name]
        scope = self.call.template.scope
        if name in scope.names:
            return scope.names[name]
        if name in scope.templates:
            raise self.fail(node, f"`{name}` is a component: use it as `<{name} />`")
        raise self.fail(
            node,
            f"`{name}` is not defined",
            "use a prop of the template, or a value exported with `export const`",
        )

    def eval(self, node: Node) -> Any:
        kind = node.kind
        if kind == "lit":
            return node.a
        if kind == "name":
            return self.lookup(node)
        budget = self.call.budget
        if budget.depth >= MAX_EVAL_DEPTH:
            budget.stop()
            raise BoundError(
                f"markup nested more than {MAX_EVAL_DEPTH} deep: {' → '.join(self.call.chain)}",
                "nest fewer elements and templates",
            )
        budget.depth += 1
        try:
            return self.nested(node, kind)
        finally:
            budget.depth -= 1

    def nested(self, node: Node, kind: str) -> Any:
        if kind == "paren":
            return self.eval(node.a)
        if kind == "member":
            return self.member(node)
        if kind == "not":
            return not truthy(self.eval(node.a))
        if kind == "logic":
            left = self.eval(node.b)
            if node.a == "&&":
                return self.eval(node.c) if truthy(left) else left
            if node.a == "||":
                return left if truthy(left) else self.eval(node.c)
            return self.eval(node.c) if left is None or left is UNDEFINED else left
        if kind == "equal":
            same = strict_equal(self.eval(node.b), self.eval(node.c))
            return same if node.a == "===" else not same
        if kind == "cond":
            return self.eval(node.b) if truthy(self.eval(node.a)) else self.eval(node.c)
        if kind == "tpl":
            out: list[str] = []
            for part in node.a:
                if isinstance(part, str):
                    out.append(part)
                    continue
                value = self.eval(part)
                try:
                    out.append(js_string(value))
                except TypeError as err:
                    raise self.fail(part, str(err)) from None
            text = "".join(out)
            self.charge(len(text))
            return text
        if kind == "array":
            return tuple(self.eval(n) for n in node.a)
        if kind == "object":
            return FrozenMap({k: self.eval(v) for k, v in node.a})
        if kind == "map":
            return self.map(node)
        if kind == "element":
            return self.element(node)
        if kind == "text":
            return Markup(escape_text(node.a))
        raise self.fail(node, f"`{kind}` cannot be evaluated")  # pragma: no cover

    def member(self, node: Node) -> Any:
        target = self.eval(node.a)
        key = node.b if isinstance(node.b, str) else self.eval(node.b)
        if target is None or target is UNDEFINED:
            if node.c:
                return UNDEFINED
            what = self.call.template.shown_span(node.a.pos, node.a.end)
            raise self.fail(
                node,
                f"`{what}` is {'null' if target is None else 'undefined'} here",
                "give the prop a value, a default (`{ item = {} }`), or use `?.`",
            )
        return get_member(target, key)

    def map(self, node: Node) -> Any:
        items = self.eval(node.a)
        if not isinstance(items, (tuple, list)):
            raise self.fail(
                node,
                f"`.map` needs an array, and `{self.call.template.shown_span(node.a.pos, node.a.end)}` is "
                f"{describe(items)}",
            )
        params: Params = node.b
        saved = dict(self.call.locals)
        out: list[Any] = []
        try:
            for i, item in enumerate(items):
                self.charge(CALL_COST)
                bind(params, item, self.call.locals, self, node)
                if params.index:
                    self.call.locals[params.index] = i
                out.append(self.eval(node.c))
        finally:
            self.call.locals.clear()
            self.call.locals.update(saved)
        return tuple(out)

    def element(self, node: Node) -> Markup:
        name: str = node.a
        if not name:  # a fragment
            return self.children(node.c)
        head = name.split(".")[0]
        if head[:1].isupper() or "." in name:
            if head in self.call.locals:
                raise self.fail(node, f"`<{name}>` is a component passed as a prop")
            tpl = self.call.template.scope.templates.get(name)
            if tpl is not None:
                props = {}
                for aname, value, _ in node.b:
                    if aname == "key":
                        continue
                    props[aname] = True if value is None else self.eval(value)
                children = None if node.c is None else self.children(node.c)
                if children is not None and not children.html:
                    children = None
                return self.invoke(tpl, props, children, self.call.chain, self.call.budget)
        attrs = self.attributes(name, node.b)
        self.charge(len(name) * 2 + len(attrs) + 5)
        if node.c is None:
            return Markup(f"<{name}{attrs} />", True)
        inner = self.children(node.c)
        if inner.block:
            gap = "\n\n" if inner.markdown else "\n"
            return Markup(f"<{name}{attrs}>{gap}{inner.html}{gap}</{name}>", True)
        return Markup(f"<{name}{attrs}>{inner.html}</{name}>", True)

    def children(self, nodes: tuple[Node, ...]) -> Markup:
        pieces: list[Markup] = []
        for child in nodes:
            if child.kind == "text":
                text = escape_text(child.a)
                self.charge(len(text))
                pieces.append(Markup(text))
                continue
            value = self.eval(child)
            try:
                self.pieces(value, pieces)
            except TypeError as err:
                raise self.fail(child, str(err)) from None
        return layout(pieces)

    def render(self, value: Any) -> Markup:
        """A value as React renders it as a child, as markup."""
        pieces: list[Markup] = []
        self.pieces(value, pieces)
        return layout(pieces)

    def pieces(self, value: Any, out: list[Markup]) -> None:
        if isinstance(value, Markup):
            out.append(value)
        elif isinstance(value, (tuple, list)):
            for v in value:
                self.pieces(v, out)
        elif isinstance(value, JsxElement):
            self.charge(len(value.source))
            out.append(Markup(value.markup, True))
        elif isinstance(value, Mapping):
            raise TypeError("an object cannot be shown as text (objects are not valid children)")
        else:
            text = escape_text(js_child_text(value))
            self.charge(len(text))
            out.append(Markup(text))

    def attributes(self, element: str, attrs: tuple[tuple[str, Node | None, int], ...]) -> str:
        html_tag = element[:1].islower() and "." not in element
        out: list[str] = []
        for aname, node, _ in attrs:
            if aname == "key" or aname == "ref":
                continue
            if node is None:
                out.append(f" {aname}")
                continue
            value = self.eval(node)
            try:
                written = write_attribute(aname, value, html_tag)
            except TypeError as err:
                raise self.fail(node, str(err)) from None
            if written:
                out.append(" " + written)
        return "".join(out)


def bind(params: Params, value: Any, into: dict[str, Any], ip: Interpreter, at: Node) -> None:
    """Bind a call's argument to its parameters (defaults for undefined, as JavaScript)."""
    if params.whole:
        into[params.whole] = value
    if not params.destructured:
        return
    if value is None or value is UNDEFINED:
        raise ip.fail(at, f"cannot destructure {describe(value)}")
    for key, bound, default in params.fields:
        got = get_member(value, key)
        if got is UNDEFINED and default is not None:
            got = ip.eval(default)
        into[bound] = got


# -- JavaScript semantics ---------------------------------------------------------------------


def truthy(value: Any) -> bool:
    if value is None or value is UNDEFINED or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, (int, float)):
        return value != 0 and value == value
    if isinstance(value, str):
        return value != ""
    return True


def strict_equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if a is None or a is UNDEFINED or b is None or b is UNDEFINED:
        return a is b
    return a is b


def describe(value: Any) -> str:
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (tuple, list)):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return "an element"


def get_member(target: Any, key: Any) -> Any:
    """`target[key]` for literal values (missing members are undefined)."""
    if isinstance(target, Mapping):
        key = js_string(key) if not isinstance(key, str) else key
        return target.get(key, UNDEFINED)
    if isinstance(target, (tuple, list, str)):
        if key == "length":
            return len(target)
        index = _index(key)
        if index is not None and index < len(target):
            return target[index]
        return UNDEFINED
    return UNDEFINED


def _index(key: Any) -> int | None:
    if isinstance(key, bool):
        return None
    if isinstance(key, int) and key >= 0:
        return key
    if isinstance(key, float) and key.is_integer() and key >= 0:
        return int(key)
    if isinstance(key, str) and key.isdigit() and (key == "0" or not key.startswith("0")):
        return int(key)
    return None


def js_number(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def js_string(value: Any) -> str:
    """`String(value)` for literal values; objects and elements are refused."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, (tuple, list)):
        return ",".join("" if v is None or v is UNDEFINED else js_string(v) for v in value)
    raise TypeError(f"{describe(value)} cannot be written into a string")


def js_child_text(value: Any) -> str:
    """A primitive child as React prints it: nothing for booleans, null and undefined."""
    if value is None or value is UNDEFINED or isinstance(value, bool):
        return ""
    return js_string(value)


# Characters that would mean something to the Markdown and MDX readers that see the output.
_TEXT_ESCAPES = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord("\\"): "&#92;",
    ord("`"): "&#96;",
    ord("*"): "&#42;",
    ord("["): "&#91;",
    ord("]"): "&#93;",
    ord("~"): "&#126;",
    ord("{"): "&#123;",
    ord("}"): "&#125;",
    ord("|"): "&#124;",
    ord("\n"): " ",
    ord("\r"): " ",
}
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def escape_text(text: str) -> str:
    """Text shown as text: escaped so that neither Markdown nor HTML reads anything into it."""
    out = text.translate(_TEXT_ESCAPES)
    return _UNDERSCORE.sub("&#95;", out) if "_" in out else out


def to_source(value: Any) -> str:
    """A literal value written so that `renderer.parse.jsx.read_literal` reads it back."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(to_source(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return (
            "{" + ", ".join(f"{json.dumps(str(k))}: {to_source(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, JsxElement):
        return " ".join(value.source.split())
    if isinstance(value, Markup):
        return f"<>{value.inline()}</>"
    raise TypeError(f"{describe(value)} cannot be an attribute value")  # pragma: no cover


_PLAIN_VALUE = re.compile(r'[^"&<>{}\n\r\\]*')


def write_attribute(name: str, value: Any, html_tag: bool) -> str:
    """`name="value"` as the block parser reads it, or "" when React would leave it out.
    HTML tags get quoted, entity-escaped text (objects such as `style={{…}}` stay literal);
    components get the literal value itself."""
    if value is UNDEFINED or (html_tag and (value is None or value is False)):
        return ""
    if value is True:
        return name
    if isinstance(value, str):
        if html_tag:
            return f'{name}="{html.escape(value, quote=True)}"'.replace("\n", "&#10;")
        if _PLAIN_VALUE.fullmatch(value):
            return f'{name}="{value}"'
        return f"{name}={{{to_source(value)}}}"
    if html_tag and isinstance(value, (int, float)):
        return f'{name}="{js_number(value)}"'
    if html_tag and isinstance(value, (tuple, list)):
        return f'{name}="{html.escape(js_string(value), quote=True)}"'
    if html_tag and isinstance(value, (Markup, JsxElement)):
        raise TypeError(f"an element cannot be the value of the HTML attribute `{name}`")
    return f"{name}={{{to_source(value)}}}"
