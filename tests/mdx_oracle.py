"""The differential MDX oracle (issue 30): MDX 3's tree and hubdocs' model as one comparable tree.

MDX 3 (`@mdx-js/mdx`'s remark pipeline, run by `tests/oracle/mdx_tree.mjs` in one node process
for many files) is the reference for what a page means. This module turns its mdast and hubdocs'
parsed `Guide.blocks` into the same small element tree, compares the two, and names each
difference. It is test-only: hubdocs itself stays pure Python at build time.

Pipelines (`pipeline=`): `mintlify` (the default) is MDX 3 plus the remark plugins @mintlify/mdx
passes (remark-gfm, remark-smartypants, remark-math): what a Mintlify site publishes, GFM tables
included, which hubdocs enables too. `mdx` is bare MDX 3 (no tables: a GFM table is a paragraph).

The comparable tree
-------------------
A node is `Node(kind, label, children, text)`; `line` is carried for messages and never compared.

    flow kinds    p, h (label: level 1-6), list (label: "ol"/"ul"), li, code (label: language,
                  text: the code), bq (block quote), hr, table, tr, td, math (text), el (label:
                  element name), img, fndef
    inline kinds  text (text), icode (text), a (children), el, img, expr (text: the expression),
                  imath (text), fnref

Whether an element is flow (a block) or text (inline in a line of prose) is not a flag: it is
where the element stands. An `el` directly in a flow container is a block; an `el` inside a `p`,
`h`, `td`, `a` or another inline `el` is text. This is what makes "swallowed into a paragraph"
visible (`p[text, <Frame>]` against `p[text], <Frame>`) while one-line forms stay equal.

Normalisation rules (each applied to both sides alike)
-----------------------------------------------------
R1  Element names are kept as written; JSX components and HTML tags are both `el` nodes, except
    these HTML names, which are the Markdown construct they write: `p` -> p, `h1`..`h6` -> h,
    `ul`/`ol` -> list, `li` -> li, `a` -> a, `img` -> img, `blockquote` -> bq, `hr` -> hr,
    `table` -> table, `tr` -> tr, `th`/`td` -> td, `br` -> a space, inline `code` -> icode. So
    `<li>x</li>` and `- x` are the same item, `<img src>` and `![](src)` the same image.
R2  Transparent (children kept, wrapper dropped): emphasis, strong, delete and the HTML tags
    `strong b em i u s del ins mark`; `thead tbody tfoot`; JSX fragments `<>…</>`; resolved
    snippets (the snippet's tree stands where it is used, as hubdocs inlines it); hubdocs'
    `data-guide-step` div (folded into its Step by hubdocs) and its white-label hide wrapper
    when the marker sits on the element itself (`<Note data-whitelabel-hide>`), or the heading
    form of the Hub block. Media elements (`video`, `audio`, `iframe`) keep no children (their
    `<source>` children are playback fallbacks, not content).
R3  Attributes are not compared (hubdocs reads them as literals, MDX as estree; the issue asks
    for names, nesting and text). The only attribute effect kept is R1's naming.
R4  A paragraph whose content, apart from whitespace, is only elements and images (`<Note>x</Note>`
    on one line, `<Card/>` lines, a lone `![](x)`) is the same as those elements standing as
    blocks: it is replaced by them. MDX 3 reads a one-line `<Note>x</Note>` as text inside a
    paragraph; hubdocs reads it as a block; Mintlify renders the component either way.
R5  Inline content standing directly in a flow container (raw HTML text in hubdocs' HTML
    blocks, the content of a lifted one-line element) is a paragraph; R4 then applies to it.
R6  Text: adjacent text merges, every whitespace run is one space, a paragraph's (heading's,
    cell's, link's, inline element's) text is stripped at both ends; empty text is dropped.
    Typographic characters are folded to ASCII on both sides (remark-smartypants makes `"` into
    curly quotes, `--` into dashes, `...` into an ellipsis: hubdocs does not).
R7  Table cells and list items are compared by their content; a cell's paragraphs are joined
    into one line of inline content (GFM cells are inline; HTML `<td>` may hold paragraphs).
R8  Code blocks compare the language (first word of the info string) and the code with trailing
    whitespace removed from each line and trailing blank lines dropped.
R9  Expressions: a comment-only `{/* … */}` is dropped (hubdocs strips comments); a JS string or
    number literal `{"x"}` is its text (hubdocs substitutes literals); any other expression is an
    `expr` node (hubdocs has no counterpart: it evaluates what it can or refuses the page).
    ESM (`import`/`export`) and link reference definitions are dropped on both sides.
R10 hubdocs keeps inline prose as source text (`Paragraph.text`, `Heading.text`, cells): it is
    parsed with the very parser hubdocs renders prose with (`inline_components.
    markdown_components(INLINE, PAIRED_INLINE)`: CommonMark + raw HTML + hubdocs' inline
    components), raw `html_inline` tags paired into elements (an unclosed one runs to the end of
    its line of inline content), and raw HTML blocks (`HtmlBlock`) are read with an HTML parser
    that keeps tag case; their text is not Markdown, as hubdocs publishes it. What fails to be a
    tag there stays text, which is how "markup printed as text" shows.
R12 An autolink (a link whose text is its own URL: GFM's bare `https://…`, `<https://…>`) is its
    text on both sides. hubdocs does not autolink bare URLs (no GFM autolink literal): that
    difference is real but not structural, and is left out of the comparison.
R13 A component the page binds in its own ESM (`export const Name = (…) => …`, a named import)
    is a template call: MDX 3's tree keeps the call (it runs the function at render time),
    hubdocs expands it statically. The oracle parses, it does not run JavaScript, so such a
    call is a difference of its own category ("template call, not compared"): a page whose
    only differences are these is reported as not comparable rather than as agreeing.
R14 Adjacent lists of the same kind are one list (`{/* comment */}` lines between items split a
    list in MDX 3; hubdocs blanks comments and keeps one list; either renders the same bullets).
R15 Content standing directly inside `<Steps>` or a list that is not a `<Step>`/item (text, a
    URL, a `<Note>` between two steps; a `<Frame>` between the `<li>` of a raw `<ol>`) joins the
    step or item before it; content before the first one stands before the steps or list.
    hubdocs renders it there (MDX keeps it in place, unnumbered: the reader sees the same order).
    A run of `<Step>`s standing outside `<Steps>` (or of `<li>` outside a list) is in a
    `<Steps>` (a `ul`) of its own: hubdocs numbers it as a list of steps.
R16 A block element inside a paragraph's text (a block component such as `<Note>`, `<Frame>`,
    `<Card>`; an HTML block such as `<div>`, `<h2>`, a list, a table) splits the paragraph:
    text before it, the element as a block, text after it. MDX keeps `Text <Frame>…</Frame>`
    inside the paragraph; a browser lays the block out on lines of its own, and hubdocs writes
    it as a block (HTML does not allow a `<div>` or `<h2>` inside a `<p>`).
R11 The mdast `html` node (only without remark-mdx) is text. Footnotes are `fnref`/`fndef`;
    math is `math`/`imath` (hubdocs has neither: such pages differ, as their rendering does).

Categories of a difference (`Difference.category`), in the order they are tested:
    hubdocs refuses / MDX refuses      a located error on one side only (message template)
    markup printed as text <X>         MDX has element X where hubdocs has text holding `<X`
    swallowed into a paragraph <X>     MDX has block X, hubdocs has X inside a paragraph's text
    block made inline <X> / inline made block <X>
    dropped <X> / only in hubdocs <X>  an element on one side only
    text differs (spacing|characters)  same structure, other text
    code differs, structure differs    anything else (kinds shown)
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ORACLE_DIR = ROOT / "tests" / "oracle"
SCRIPT = ORACLE_DIR / "mdx_tree.mjs"
ALLOWLIST = ORACLE_DIR / "ALLOWLIST.md"

FLOW_KINDS = frozenset(("p", "h", "list", "li", "code", "bq", "hr", "table", "tr", "td", "math"))
FLOW_KINDS |= {"fndef"}
LIFTABLE = frozenset(("el", "img")) | FLOW_KINDS - {"p"}
"""What a paragraph may hold, apart from whitespace, and still be read as blocks (R4)."""
TRANSPARENT_HTML = frozenset(("strong", "b", "em", "i", "u", "s", "del", "ins", "mark"))
TABLE_PARTS = frozenset(("thead", "tbody", "tfoot"))
MEDIA = frozenset(("video", "audio", "iframe"))
VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track")
) | {"wbr", "param"}
_TYPOGRAPHY = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " "}
)
_WS = re.compile(r"\s+")
_TAG_NAME = re.compile(r"<\s*/?\s*([A-Za-z][\w.:-]*)")
_COMMENTS = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
_STRING = re.compile(r"""^\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`$\\]*)`)\s*$""")
_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*$")


# -- the comparable tree --------------------------------------------------------------------


@dataclass(eq=False, slots=True)
class Node:
    """One node of the comparable tree; `line` is for messages only."""

    kind: str
    label: str = ""
    children: list[Node] = field(default_factory=list)
    text: str = ""
    line: int = 0

    def key(self) -> tuple[Any, ...]:
        return (self.kind, self.label, self.text, tuple(c.key() for c in self.children))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Node) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())


def typography(text: str) -> str:
    """R6: smartypants' characters folded to ASCII."""
    text = text.translate(_TYPOGRAPHY)
    return text.replace("\u2026", "...").replace("\u2014", "--").replace("\u2013", "--")


def element(name: str | None, children: list[Node], line: int = 0, href: str | None = None) -> Node:
    """R1/R2: an element (JSX or HTML) by name -> its node ("frag" = transparent). `href`: a
    link's target, to tell an autolink (R12)."""
    if not name:
        return Node("frag", children=children, line=line)
    low = name.lower() if name.islower() or name.isupper() else name
    if low == "p":
        return Node("p", children=children, line=line)
    if re.fullmatch(r"h[1-6]", low):
        return Node("h", low[1], children, line=line)
    if low in ("ul", "ol"):
        return Node("list", low, children, line=line)
    if low == "li":
        return Node("li", children=children, line=line)
    if low == "a":
        flat = all(c.kind in ("text", "frag") for c in children)
        text = _raw_text(Node("frag", children=children)) if flat else None
        if href and text and href.removeprefix("mailto:") == text.strip():
            return Node("frag", children=children, line=line)  # R12: an autolink is its text
        return Node("a", children=children, line=line)
    if low == "img":
        return Node("img", line=line)
    if low == "blockquote":
        return Node("bq", children=children, line=line)
    if low == "hr":
        return Node("hr", line=line)
    if low == "table":
        return Node("table", children=children, line=line)
    if low == "tr":
        return Node("tr", children=children, line=line)
    if low in ("td", "th"):
        return Node("td", children=children, line=line)
    if low == "br":
        return Node("text", text=" ", line=line)
    if low == "code" and all(c.kind in ("text", "frag") for c in children):
        return Node("icode", text=_raw_text(Node("frag", children=children)), line=line)
    if low in TRANSPARENT_HTML or low in TABLE_PARTS:
        return Node("frag", children=children, line=line)
    if low in MEDIA:
        return Node("el", low, line=line)
    return Node("el", name, children, line=line)


def _splice(children: Iterable[Node]) -> Iterator[Node]:
    for c in children:
        if c.kind == "frag":
            yield from _splice(c.children)
        else:
            yield c


@functools.cache
def block_names() -> frozenset[str]:
    """R16: element names that stand as blocks (the registry's block components and the HTML
    elements a browser does not keep inside a paragraph)."""
    from renderer.core.components import COMPONENTS, INLINE

    html = "div section article aside header footer nav main details summary figure figcaption"
    return frozenset(COMPONENTS - INLINE) | frozenset((html + " form fieldset dl dt dd").split())


_BLOCK_KINDS = frozenset(("p", "h", "list", "li", "bq", "table", "tr", "hr", "code", "math"))


def _is_block(n: Node) -> bool:
    return n.kind in _BLOCK_KINDS or (n.kind == "el" and n.label in block_names())


def _items(nodes: list[Node], item: tuple[str, str]) -> tuple[list[Node], list[Node]]:
    """R15: (content before the first item, the items with what stands after each joined)."""
    lead: list[Node] = []
    items: list[Node] = []
    for n in nodes:
        if (n.kind, n.label if n.kind == "el" else "") == item:
            items.append(n)
        elif items:
            items[-1].children.append(n)
        else:
            lead.append(n)
    return lead, items


def _lists(nodes: list[Node], inside: str) -> list[Node]:
    """R15 on one level of flow content (`inside`: the parent element's name)."""
    out: list[Node] = []
    for n in nodes:
        if n.kind == "el" and n.label == "Steps":
            lead, steps = _items(n.children, ("el", "Step"))
            out += lead + [Node("el", "Steps", steps, line=n.line)]
        elif n.kind == "list":
            lead, items = _items(n.children, ("li", ""))
            out += lead + [Node("list", n.label, items, line=n.line)]
        elif n.kind == "el" and n.label == "Step" and inside != "Steps":
            if out and out[-1].kind == "el" and out[-1].label == "Steps" and out[-1].text == "lone":
                out[-1].children.append(n)
            else:
                out.append(Node("el", "Steps", [n], "lone", line=n.line))
        elif n.kind == "li" and inside != "list":
            if out and out[-1].kind == "list" and out[-1].text == "lone":
                out[-1].children.append(n)
            else:
                out.append(Node("list", "ul", [n], "lone", line=n.line))
        else:
            out.append(n)
    for n in out:
        if n.text == "lone":
            n.text = ""
    return out


def canon_flow(children: Iterable[Node], inside: str = "") -> list[Node]:
    """Flow content -> canonical flow nodes (R4, R5, R15; `inside`: the parent's name)."""
    out: list[Node] = []
    run: list[Node] = []

    def flush() -> None:
        if run:
            out.extend(_paragraph(run, run[0].line))
            run.clear()

    for c in _splice(children):
        if c.kind == "p":
            flush()
            out.extend(_paragraph(c.children, c.line))
        elif c.kind in FLOW_KINDS:
            flush()
            out.append(_flow_node(c))
        else:
            run.append(c)
    flush()
    merged: list[Node] = []
    for n in out:  # R14: adjacent lists of one kind are one list
        if (
            n.kind == "list"
            and merged
            and merged[-1].kind == "list"
            and merged[-1].label == n.label
        ):
            merged[-1].children.extend(n.children)
        else:
            merged.append(n)
    return _lists(merged, inside)


def _paragraph(content: list[Node], line: int) -> list[Node]:
    raw = [n for n in _splice(content) if not (n.kind == "text" and not n.text.strip())]
    if raw and all(n.kind in LIFTABLE or n.kind == "p" for n in raw):
        return [x for n in raw for x in _lift(n)]
    if any(_is_block(n) for n in raw):  # R16
        out: list[Node] = []
        run: list[Node] = []
        for n in _splice(content):
            if _is_block(n):
                out += _paragraph(run, line) + _lift(n)
                run = []
            else:
                run.append(n)
        return out + _paragraph(run, line)
    inline = canon_inline(content)
    return [Node("p", children=inline, line=line)] if inline else []


def _lift(n: Node) -> list[Node]:
    if n.kind == "p":
        return _paragraph(n.children, n.line)
    if n.kind == "el":
        return [Node("el", n.label, canon_flow(n.children, n.label), line=n.line)]
    if n.kind == "img":
        return [Node("img", line=n.line)]
    return [_flow_node(n)]


def _flow_node(c: Node) -> Node:
    k = c.kind
    if k == "h":
        return Node("h", c.label, _strip(canon_inline(c.children)), line=c.line)
    if k in ("li", "bq", "fndef"):
        return Node(k, c.label, canon_flow(c.children), line=c.line)
    if k == "list":
        items = [
            Node("li", children=canon_flow(x.children), line=x.line) if x.kind == "li" else x
            for x in _splice(c.children)
        ]
        return Node("list", c.label, canon_flow(items, "list") if items else [], line=c.line)
    if k == "table":
        rows = [r for r in _splice(c.children) if r.kind == "tr" or _solid(r)]
        return Node("table", children=[_flow_node(r) for r in rows], line=c.line)
    if k == "tr":
        cells = [x for x in _splice(c.children) if x.kind == "td" or _solid(x)]
        return Node("tr", children=[_cell(x) for x in cells], line=c.line)
    if k == "td":
        return _cell(c)
    if k == "code":
        return Node("code", c.label, text=_code_text(c.text), line=c.line)
    if k == "math":
        return Node("math", text=c.text.strip(), line=c.line)
    if k == "el":
        return Node("el", c.label, canon_flow(c.children, c.label), line=c.line)
    return Node(k, c.label, [], c.text, c.line)


def _solid(n: Node) -> bool:
    return not (n.kind == "text" and not n.text.strip())


def _cell(c: Node) -> Node:
    if c.kind != "td":
        return _flow_node(c) if c.kind in FLOW_KINDS else Node("td", children=canon_inline([c]))
    return Node("td", children=_strip(canon_inline(c.children)), line=c.line)


def _code_text(code: str) -> str:
    lines = [x.rstrip() for x in code.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def canon_inline(children: Iterable[Node]) -> list[Node]:
    """Inline content -> canonical inline nodes (R6); paragraphs inside are joined by a space."""
    out: list[Node] = []

    def add_text(text: str, line: int) -> None:
        text = _WS.sub(" ", typography(text))
        if out and out[-1].kind == "text":
            out[-1].text = _WS.sub(" ", out[-1].text + text)
        elif text:
            out.append(Node("text", text=text, line=line))

    for c in _splice(children):
        k = c.kind
        if k == "text":
            add_text(c.text, c.line)
        elif k == "p":
            add_text(" ", c.line)
            for n in canon_inline(c.children):
                if n.kind == "text":
                    add_text(n.text, n.line)
                else:
                    out.append(n)
            add_text(" ", c.line)
        elif k == "a":  # a link inside a link is its text (browsers cannot nest them)
            inner = [
                x for n in canon_inline(c.children) for x in (n.children if n.kind == "a" else [n])
            ]
            out.append(Node("a", children=_strip(canon_inline(inner)), line=c.line))
        elif k == "el":
            out.append(Node("el", c.label, _strip(canon_inline(c.children)), line=c.line))
        elif k in ("icode", "expr", "imath"):
            out.append(Node(k, text=_WS.sub(" ", c.text), line=c.line))
        elif k in ("img", "fnref"):
            out.append(Node(k, line=c.line))
        else:
            out.append(_flow_node(c))
    return _strip(out)


def _strip(nodes: list[Node]) -> list[Node]:
    if nodes and nodes[0].kind == "text":
        nodes[0].text = nodes[0].text.lstrip()
    if nodes and nodes[-1].kind == "text":
        nodes[-1].text = nodes[-1].text.rstrip()
    return [n for n in nodes if not (n.kind == "text" and not n.text)]


def canon_root(nodes: list[Node]) -> Node:
    return Node("root", children=canon_flow(nodes))


# -- MDX side: trimmed mdast (from mdx_tree.mjs) -> raw nodes ---------------------------------


def _literal(expr: str) -> str | None:
    """R9: the text of a JS string or number literal expression, else None."""
    mt = _STRING.match(expr)
    if mt:
        raw = next(g for g in mt.groups() if g is not None)
        try:
            return json.loads('"' + raw.replace('"', '\\"').replace("\\'", "'") + '"')
        except ValueError:
            return raw
    mt = _NUMBER.match(expr)
    return mt.group(1) if mt else None


_EXPORT_CONST = re.compile(r"^export\s+const\s+([A-Za-z_$][\w$]*)\s*=\s*(.+?);?\s*$", re.M)


_BOUND = re.compile(
    r"export\s+(?:const|let|var|function)\s+([A-Z][\w$]*)|import\s*\{([^}]*)\}\s*from", re.M
)


def template_names(mdast: dict[str, Any]) -> set[str]:
    """Component names a page binds in its own ESM (`export const Name = (…) => …`, named
    imports): MDX 3's tree keeps the call, hubdocs expands it (R13)."""
    out: set[str] = set()
    for node in mdast.get("children") or ():
        if node.get("type") == "mdxjsEsm":
            for mt in _BOUND.finditer(node.get("value", "")):
                if mt.group(1):
                    out.add(mt.group(1))
                for part in (mt.group(2) or "").split(","):
                    name = part.split(" as ")[-1].strip()
                    if name[:1].isupper():
                        out.add(name)
    return out


def exported_literals(mdast: dict[str, Any]) -> dict[str, str]:
    """`export const NAME = "literal"` (string or number) statements of a page -> their text:
    what MDX renders for `{NAME}` (R9)."""
    out: dict[str, str] = {}
    for node in mdast.get("children") or ():
        if node.get("type") == "mdxjsEsm":
            for mt in _EXPORT_CONST.finditer(node.get("value", "")):
                text = _literal(mt.group(2))
                if text is not None:
                    out[mt.group(1)] = text
    return out


def from_mdast(
    node: dict[str, Any], line: int | None = None, consts: dict[str, str] | None = None
) -> list[Node]:
    """One trimmed mdast node -> raw nodes (before canonicalisation). `line` overrides the
    node's own line (nodes from a snippet report the line the snippet is used on); `consts`:
    the page's exported literals."""
    t = node.get("type", "")
    ln = line if line is not None else node.get("line", 0)
    kids = node.get("children") or []
    consts = consts or {}

    def sub() -> list[Node]:
        return [n for c in kids for n in from_mdast(c, line, consts)]

    if t in ("root", "emphasis", "strong", "delete"):
        return [Node("frag", children=sub(), line=ln)]
    if t == "paragraph":
        return [Node("p", children=sub(), line=ln)]
    if t == "heading":
        return [Node("h", str(node.get("depth", 1)), sub(), line=ln)]
    if t == "text":
        return [Node("text", text=node.get("value", ""), line=ln)]
    if t == "html":
        return [Node("text", text=node.get("value", ""), line=ln)]
    if t == "break":
        return [Node("text", text=" ", line=ln)]
    if t == "inlineCode":
        return [Node("icode", text=node.get("value", ""), line=ln)]
    if t == "code":
        lang = (node.get("lang") or "").split()[0] if node.get("lang") else ""
        return [Node("code", lang, text=node.get("value", ""), line=ln)]
    if t in ("link", "linkReference"):
        return [element("a", sub(), ln, node.get("url"))]
    if t in ("image", "imageReference"):
        return [Node("img", line=ln)]
    if t == "list":
        return [Node("list", "ol" if node.get("ordered") else "ul", sub(), line=ln)]
    if t == "listItem":
        return [Node("li", children=sub(), line=ln)]
    if t == "blockquote":
        return [Node("bq", children=sub(), line=ln)]
    if t == "thematicBreak":
        return [Node("hr", line=ln)]
    if t == "table":
        return [Node("table", children=sub(), line=ln)]
    if t == "tableRow":
        return [Node("tr", children=sub(), line=ln)]
    if t == "tableCell":
        return [Node("td", children=sub(), line=ln)]
    if t == "math":
        return [Node("math", text=node.get("value", ""), line=ln)]
    if t == "inlineMath":
        return [Node("imath", text=node.get("value", ""), line=ln)]
    if t == "footnoteReference":
        return [Node("fnref", line=ln)]
    if t == "footnoteDefinition":
        return [Node("fndef", children=sub(), line=ln)]
    if t in ("mdxJsxFlowElement", "mdxJsxTextElement"):
        name = node.get("name")
        attrs = {a.get("name") for a in node.get("attributes") or ()}
        if name == "div" and "data-guide-step" in attrs:  # R2: folded into its Step by hubdocs
            return [Node("frag", children=sub(), line=ln)]
        if name and name in consts.get(TEMPLATES, ()):
            return [Node("el", TEMPLATE + name, sub(), line=ln)]
        href = next(
            (a.get("value") for a in node.get("attributes") or () if a.get("name") == "href"), None
        )
        out = element(name, sub(), ln, href if isinstance(href, str) else None)
        if out.kind == "el" and t == "mdxJsxTextElement" and out.label in MEDIA:
            out.children = []
        return [out]
    if t == "snippet":
        use = ln
        return [
            Node("frag", children=[n for c in kids for n in from_mdast(c, use, consts)], line=ln)
        ]
    if t in ("mdxFlowExpression", "mdxTextExpression"):
        code = node.get("value", "")
        if not _COMMENTS.sub("", code).strip():
            return []
        text = _literal(code)
        if text is None:
            value = consts.get(_COMMENTS.sub("", code).strip())
            text = value if isinstance(value, str) else None
        if text is not None:
            return [Node("text", text=text, line=ln)]
        return [Node("expr", text=code.strip(), line=ln)]
    if t in ("mdxjsEsm", "definition", "yaml", "toml"):
        return []
    return [Node("el", f"?{t}", sub(), line=ln)]


def mdx_tree(mdast: dict[str, Any]) -> Node:
    """A trimmed mdast root -> the canonical tree."""
    consts: dict[str, Any] = dict(exported_literals(mdast))
    consts[TEMPLATES] = template_names(mdast)
    return canon_root(from_mdast(mdast, consts=consts))


TEMPLATES = "\0templates"
TEMPLATE = "template:"
"""Label prefix of a template call on the MDX side (R13)."""


# -- hubdocs side: Guide.blocks -> raw nodes ----------------------------------------------------


class _Html(HTMLParser):
    """HTML -> raw nodes, keeping tag case. Unclosed elements close at the end. hubdocs'
    component markers (`<hd-component data-name>`) become elements of that name; `<pre><code
    class="language-x">` becomes a code block."""

    def __init__(self, line: int):
        super().__init__(convert_charrefs=True)
        self.line = line
        self.root = Node("frag", line=line)
        self.stack: list[tuple[str, Node]] = [("", self.root)]

    def _name(self, lowered: str, attrs: list[tuple[str, str | None]]) -> str:
        if lowered == MARKER:
            return dict(attrs).get("data-name") or lowered
        raw = self.get_starttag_text() or ""
        mt = _TAG_NAME.match(raw)
        return mt.group(1) if mt else lowered

    def _here(self) -> int:
        return self.line + self.getpos()[0] - 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node("el", self._name(tag, attrs), line=self._here())
        if tag == "code":
            cls = dict(attrs).get("class") or ""
            node.text = cls[len("language-") :] if cls.startswith("language-") else ""
        elif tag == "a":
            node.text = dict(attrs).get("href") or ""
        self.stack[-1][1].children.append(node)
        if tag not in VOID:
            self.stack.append((tag, node))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1][1].children.append(Node("el", self._name(tag, attrs), line=self._here()))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1][1].children.append(Node("text", text=data, line=self._here()))


MARKER = "hd-component"


def _renamed(n: Node) -> Node:
    """Raw `el` nodes from the HTML parser -> R1 names, recursively."""
    if n.kind == "el" and n.label.lower() == "pre":
        codes = [c for c in n.children if c.kind == "el" and c.label.lower() == "code"]
        if len(codes) == 1:
            return Node("code", codes[0].text, text=_raw_text(codes[0]), line=n.line)
    kids = [_renamed(c) for c in n.children]
    if n.kind != "el":
        return Node(n.kind, n.label, kids, n.text, n.line)
    return element(n.label, kids, n.line, n.text if n.label.lower() == "a" else None)


def _raw_text(n: Node) -> str:
    return "".join(c.text if c.kind == "text" else _raw_text(c) for c in n.children)


def html_nodes(html: str, line: int) -> list[Node]:
    """HTML (hubdocs' rendered prose, raw HTML blocks) -> raw nodes."""
    parser = _Html(line)
    parser.feed(html)
    parser.close()
    return [_renamed(c) for c in parser.root.children]


def _marker(name: str, attrs: dict[str, Any], inner: str | None, n: Any) -> str:
    """hubdocs' component renderer, replaced: the component as a marker element."""
    from markupsafe import escape

    return f'<{MARKER} data-name="{escape(name)}">{inner or ""}</{MARKER}>'


@dataclass
class Notes:
    """What hubdocs' reading lost, for naming differences: (tag name, line, where)."""

    lost: list[tuple[str, int, str]] = field(default_factory=list)

    def record(self, source: str, html: str, line: int, where: str) -> None:
        """Tags written in `source` that the rendered `html` does not hold."""
        if "<" not in source:
            return
        kept = {mt.group(1).lower() for mt in _TAG_NAME.finditer(html)}
        kept |= {mt.group(1).lower() for mt in re.finditer(r'data-name="([^"]+)"', html)}
        for mt in _TAG_NAME.finditer(source):
            name = mt.group(1)
            if name.lower() not in kept and not source[: mt.start()].endswith("\\"):
                self.lost.append((name, line + source.count("\n", 0, mt.start()), where))


class _Reader:
    """hubdocs' blocks -> raw nodes, prose read through hubdocs' own prose renderer (R10)."""

    def __init__(self, refs: dict[str, Any] | None):
        self.env: dict[str, Any] = {"references": dict(refs)} if refs else {}
        self.notes = Notes()

    def inline(self, text: str, line: int) -> list[Node]:
        from renderer.render.page_html import prose_html

        html = str(prose_html(text, self.env, _marker))  # the pages' own path, fast paths too
        self.notes.record(text, html, line, "paragraph")
        return html_nodes(html, line)

    def html_block(self, raw: str, line: int) -> list[Node]:
        from renderer.core.components import INLINE, PAIRED_INLINE
        from renderer.render.inline import clean_block_components, has_component
        from renderer.render.sanitize import clean_block

        if has_component(raw):
            html = clean_block_components(raw, _marker, INLINE, PAIRED_INLINE)
        else:
            html = clean_block(raw)
        self.notes.record(raw, html, line, "raw HTML")
        return html_nodes(html, line)

    def markdown_block(self, source: str, line: int) -> list[Node]:
        from renderer.core.components import INLINE, PAIRED_INLINE
        from renderer.render.inline import block_components, has_component
        from renderer.render.sanitize import clean_block, markdown

        if has_component(source):
            html = block_components(source, _marker, INLINE, PAIRED_INLINE, dict(self.env))
        else:
            html = clean_block(markdown().render(source, dict(self.env)))
        self.notes.record(source, html, line, "Markdown block")
        return html_nodes(html, line)

    def blocks(self, blocks: Sequence[Any]) -> list[Node]:
        from renderer.core import model as m

        out: list[Node] = []
        for b in blocks:
            ln = b.span.line
            if isinstance(b, m.Paragraph):
                out.append(Node("p", children=self.inline(b.text, ln), line=ln))
            elif isinstance(b, m.Heading):
                out.append(Node("h", str(b.level), self.inline(b.text, ln), line=ln))
            elif isinstance(b, m.ListBlock):
                items = [
                    Node("li", children=self.blocks(i.body), line=i.span.line) for i in b.items
                ]
                out.append(Node("list", "ol" if b.ordered else "ul", items, line=ln))
            elif isinstance(b, m.CodeBlock):
                lang = b.info.split()[0] if b.info.strip() else ""
                out.append(Node("code", lang, text=b.code, line=ln))
            elif isinstance(b, m.HtmlBlock):
                out.extend(self.html_block(b.html, ln))
            elif isinstance(b, m.MarkdownBlock):
                out.extend(self.markdown_block(b.source, ln))
            elif isinstance(b, m.Element):
                if b.tag in MEDIA:
                    out.append(Node("el", b.tag, line=ln))
                else:
                    out.append(element(b.tag, self.blocks(b.body), ln))
            elif isinstance(b, m.Callout):
                out.append(Node("el", b.kind, self.blocks(b.body), line=ln))
            elif isinstance(b, m.Panel):
                out.append(Node("el", "Panel", self.blocks(b.body), line=ln))
            elif isinstance(b, m.ScopeSelector):
                out.append(Node("el", "div", line=ln))
            elif isinstance(b, m.Steps):
                steps = [Node("el", "Step", self.blocks(s.body), line=s.span.line) for s in b.steps]
                out.append(Node("el", "Steps", steps, line=ln))
            elif isinstance(b, m.Section):
                body = ([b.heading] if b.heading else []) + list(b.body)
                out.append(Node("el", "section", self.blocks(body), line=ln))
            elif isinstance(b, m.WhitelabelHide):
                inner = self.blocks(b.body)
                own = len(b.body) == 1 and getattr(b.body[0], "span", None) == b.span
                if b.form == "heading" or own:  # the marker sat on that element itself
                    out.append(Node("frag", children=inner, line=ln))
                else:
                    out.append(Node("el", "div", inner, line=ln))
            elif isinstance(b, m.Component):
                out.append(element(b.name, self.blocks(b.body), ln))
            else:  # a Step or ListItem outside its list: the page renders nothing for it
                name = {"Step": "Step", "ListItem": "li"}.get(type(b).__name__, type(b).__name__)
                self.notes.lost.append((name, ln, "not rendered"))
        return out


def hubdocs_tree(blocks: Sequence[Any], refs: dict[str, Any] | None = None) -> Node:
    return hubdocs_read(blocks, refs)[0]


def hubdocs_read(blocks: Sequence[Any], refs: dict[str, Any] | None = None) -> tuple[Node, Notes]:
    """hubdocs model blocks -> the canonical tree and what the reading lost."""
    reader = _Reader(refs)
    return canon_root(reader.blocks(blocks)), reader.notes


# -- running both sides -------------------------------------------------------------------------


def node_modules_ready() -> bool:
    return (ORACLE_DIR / "node_modules" / "@mdx-js" / "mdx" / "package.json").is_file()


def skip_reason() -> str | None:
    """Why the oracle cannot run here, or None."""
    if not shutil.which("node"):
        return "node is not installed (the MDX oracle runs on node 20)"
    if not node_modules_ready():
        return (
            "the MDX oracle is not installed: run `npm ci --prefix tests/oracle` "
            "(`make test` does it)"
        )
    return None


def run_oracle(
    paths: Sequence[str | os.PathLike[str]],
    pipeline: str = "mintlify",
    root: str | os.PathLike[str] | None = None,
    timeout: float = 600,
) -> dict[str, dict[str, Any]]:
    """Parse every file with MDX 3 in one node process: path -> {"tree": …} or {"error": …}."""
    if not paths:
        return {}
    cmd = ["node", str(SCRIPT), "--pipeline", pipeline]
    if root is not None:
        cmd += ["--root", str(root)]
    proc = subprocess.run(
        cmd,
        input=json.dumps([str(p) for p in paths]),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"mdx_tree.mjs failed ({proc.returncode}): {proc.stderr[-2000:]}")
    out: dict[str, dict[str, Any]] = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            item = json.loads(line)
            out[item["path"]] = item
    return out


@dataclass
class HubdocsSide:
    """hubdocs' reading of one page: the tree it built (also when it refuses the page, for
    diagnosis) and its errors."""

    tree: Node | None
    errors: list[Any]
    """`Problem`s of level error; empty when hubdocs accepts the page."""
    notes: Notes = field(default_factory=Notes)


def hubdocs_side(path: str | os.PathLike[str], rel: str | None = None) -> HubdocsSide:
    """Parse one page with hubdocs as a build does (`parse_file`). When the page is refused,
    the block tree is still built (same steps, problems collected) so the difference can be
    named."""
    from renderer.core.errors import GuideError
    from renderer.parse.page import parse_file

    path = str(path)
    rel = rel or os.path.basename(path)
    try:
        guide = parse_file(path, path, rel)
    except GuideError as err:
        errors = [p for p in err.problems if p.level == "error"]
        tree, notes = _tree_despite_errors(path, rel)
        return HubdocsSide(tree, errors, notes)
    refs = guide.extras.references
    tree, notes = hubdocs_read(guide.blocks, refs)
    return HubdocsSide(tree, [], notes)


def _tree_despite_errors(path: str, rel: str) -> tuple[Node | None, Notes]:
    from renderer.core.errors import GuideError
    from renderer.parse.block_rule import make_parser
    from renderer.parse.blocks import TreeBuilder
    from renderer.parse.mdx_text import expand
    from renderer.parse.page import fold_hub_heading
    from renderer.parse.source import decode, split_front_matter

    try:
        with open(path, "rb") as fh:
            text = decode(path, fh.read())
        src = split_front_matter(path, text)
        root = path[: -len(rel)] if path.endswith(rel) else None
        expanded = expand(src.body, root, path)
        env: dict[str, Any] = {}
        tokens = _block_md(make_parser).parse(expanded.text, env)
        lines = expanded.text.split("\n")
        builder = TreeBuilder(tokens, lines, src.body_line, lambda *a, **k: None)
        blocks = builder.blocks(builder.build())
        blocks = fold_hub_heading(blocks, lines, src.body_line)
        return hubdocs_read(blocks, env.get("references"))
    except (GuideError, RecursionError, ValueError):
        return None, Notes()


@functools.cache
def _block_md(make: Any) -> Any:
    return make()


# -- comparing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    category: str
    line: int
    """Line on the MDX side (hubdocs' when MDX has no node there)."""
    detail: str


def _texts(nodes: Iterable[Node]) -> str:
    out = []
    for n in nodes:
        if n.kind in ("text", "icode", "expr"):
            out.append(n.text)
        out.append(_texts(n.children))
    return " ".join(x for x in out if x)


def _elements(nodes: Iterable[Node], inline: bool = False) -> Iterator[tuple[str, bool, Node]]:
    """(name, inline?, node) of every el below `nodes`."""
    for n in nodes:
        if n.kind in ("el", "img"):
            yield n.label or n.kind, inline, n
        yield from _elements(n.children, inline or n.kind in ("p", "h", "td", "a", "el"))


def _first_line(nodes: Sequence[Node], default: int = 0) -> int:
    for n in nodes:
        if n.line:
            return n.line
    return default


def show(nodes: Sequence[Node], depth: int = 0, limit: int = 40) -> str:
    """An indented text form of nodes (for messages)."""
    lines: list[str] = []

    def inline(ns: Sequence[Node]) -> str:
        parts = []
        for n in ns:
            if n.kind == "text":
                parts.append(json.dumps(n.text, ensure_ascii=False))
            elif n.kind == "icode":
                parts.append(f"`{n.text}`")
            elif n.kind == "el":
                parts.append(f"<{n.label}>[{inline(n.children)}]")
            elif n.kind == "a":
                parts.append(f"a[{inline(n.children)}]")
            elif n.kind == "expr":
                parts.append("{" + n.text + "}")
            else:
                parts.append(n.kind)
        return " ".join(parts)

    def walk(ns: Sequence[Node], d: int) -> None:
        for n in ns:
            pad = "  " * d
            if n.kind in ("p", "td"):
                lines.append(f"{pad}{n.kind}: {inline(n.children)}")
            elif n.kind == "h":
                lines.append(f"{pad}h{n.label}: {inline(n.children)}")
            elif n.kind == "code":
                lines.append(f"{pad}code {n.label}: {json.dumps(n.text[:60], ensure_ascii=False)}")
            elif n.kind == "el":
                lines.append(f"{pad}<{n.label}>")
                walk(n.children, d + 1)
            else:
                label = f" {n.label}" if n.label else ""
                text = f" {json.dumps(n.text[:60], ensure_ascii=False)}" if n.text else ""
                lines.append(f"{pad}{n.kind}{label}{text}")
                walk(n.children, d + 1)

    walk(nodes, depth)
    if len(lines) > limit:
        lines = lines[:limit] + [f"… {len(lines) - limit} more lines"]
    return "\n".join(lines)


_MARKUP_TEXT = re.compile(r"<\s*/?\s*([A-Za-z][\w.]*)|\b(className|style)\s*=\s*[{\"']")


NOT_COMPARED = "template call, not compared"


class _Classifier:
    """Names the difference between two aligned runs of sibling nodes."""

    def __init__(self, notes: Notes | None):
        self.notes = notes or Notes()

    def lost_where(self, name: str, line: int) -> str:
        hits = [(abs(ln - line), where) for n, ln, where in self.notes.lost if n == name]
        return min(hits)[1] if hits else ""

    def __call__(self, mdx: Sequence[Node], hub: Sequence[Node], line: int) -> Difference:
        m_els = list(_elements(mdx))
        h_text = " ".join(_text_only(hub))
        calls = [name for name, _, _ in m_els if name.startswith(TEMPLATE)]
        if calls:
            name = calls[0][len(TEMPLATE) :]
            if re.search(r"</?>|<\s*/?\s*[A-Za-z]", h_text):
                return Difference(f"markup printed as text, from template <{name}>", line, "")
            return Difference(f"{NOT_COMPARED} <{name}>", line, "")
        h_els = list(_elements(hub))
        h_text = " ".join(_text_only(hub))
        m_names = [name for name, _, _ in m_els]
        h_names = [name for name, _, _ in h_els]
        missing = [n for n in dict.fromkeys(m_names) if m_names.count(n) > h_names.count(n)]
        for name in missing:
            if re.search(rf"<\s*/?\s*{re.escape(name)}\b", h_text):
                return Difference(f"markup printed as text <{name}>", line, _excerpt(h_text, name))
        for name, m_inline, _node in m_els:
            h_modes = [inl for n, inl, _ in h_els if n == name]
            if not h_modes or m_names.count(name) != h_names.count(name):
                continue
            if not m_inline and all(h_modes):
                where = (
                    "swallowed into a paragraph"
                    if _in_paragraph(hub, name)
                    else "block made inline"
                )
                return Difference(f"{where} <{name}>", line, "")
            if m_inline and not any(h_modes):
                return Difference(f"inline made block <{name}>", line, "")
        for name in missing:
            where = self.lost_where(name, line)
            if where == "paragraph" and len(hub) < len(mdx):
                return Difference(f"swallowed into a paragraph, tag stripped <{name}>", line, "")
            if where == "paragraph":
                return Difference(f"tag stripped from prose by the sanitiser <{name}>", line, "")
            if where == "raw HTML":
                return Difference(f"read as raw HTML, tag stripped <{name}>", line, "")
            if where == "not rendered":
                return Difference(f"parsed but not rendered <{name}>", line, "")
            return Difference(f"dropped <{name}>", line, "")
        extra = [n for n in dict.fromkeys(h_names) if h_names.count(n) > m_names.count(n)]
        if extra:
            return Difference(f"only in hubdocs <{extra[0]}>", line, "")
        if _shape(mdx) == _shape(hub):
            mt, ht = _texts(mdx), _texts(hub)
            if mdx and all(n.kind == "code" for n in mdx):
                return Difference("code differs", line, f"{mt[:60]!r} vs {ht[:60]!r}")
            if mt.replace(" ", "") == ht.replace(" ", ""):
                return Difference("text differs (spacing)", line, f"{mt[:80]!r} vs {ht[:80]!r}")
            if _MARKUP_TEXT.search(ht) and not _MARKUP_TEXT.search(mt):
                return Difference("markup printed as text", line, _excerpt(ht, ""))
            if "~" in ht and ht.replace("~", "") == mt.replace("~", ""):
                return Difference("GFM strikethrough shown as text (~…~)", line, _excerpt(ht, "~"))
            return Difference("text differs (characters)", line, f"{mt[:80]!r} vs {ht[:80]!r}")
        if _MARKUP_TEXT.search(h_text) and not _MARKUP_TEXT.search(" ".join(_text_only(mdx))):
            return Difference("markup printed as text", line, _excerpt(h_text, ""))
        m_k, h_k = "/".join(_kinds(mdx)) or "-", "/".join(_kinds(hub)) or "-"
        return Difference(f"structure differs ({m_k} vs {h_k})", line, "")


def _in_paragraph(nodes: Sequence[Node], name: str) -> bool:
    for n in nodes:
        if n.kind in ("p", "h") and any(x == name for x, _, _ in _elements(n.children)):
            return True
        if n.kind not in ("p", "h") and _in_paragraph(n.children, name):
            return True
    return False


def _kinds(nodes: Sequence[Node]) -> list[str]:
    out = []
    for n in nodes[:4]:
        out.append(f"<{n.label}>" if n.kind == "el" else n.kind + (n.label or ""))
    if len(nodes) > 4:
        out.append("…")
    return out


def _shape(nodes: Sequence[Node]) -> tuple[Any, ...]:
    return tuple(
        (n.kind, n.label if n.kind != "code" else "", _shape(n.children))
        for n in nodes
        if n.kind != "text"
    )


def _text_only(nodes: Iterable[Node]) -> Iterator[str]:
    for n in nodes:
        if n.kind == "text":
            yield n.text
        elif n.kind != "icode":
            yield from _text_only(n.children)


def _excerpt(text: str, name: str) -> str:
    pos = text.find(name if name == "~" else "<" + name) if name else -1
    if pos < 0:
        mt = _MARKUP_TEXT.search(text)
        pos = mt.start() if mt else 0
    return text[max(0, pos - 10) : pos + 70]


def compare(mdx: Node, hub: Node, notes: Notes | None = None) -> list[Difference]:
    """The differences between two canonical trees, each named (empty when they agree)."""
    out: list[Difference] = []
    _compare_children(mdx.children, hub.children, mdx.line, out, _Classifier(notes))
    return out


def _compare_children(
    mdx: Sequence[Node],
    hub: Sequence[Node],
    line: int,
    out: list[Difference],
    classify: _Classifier,
) -> None:
    """Align siblings by kind and name; recurse into aligned containers that differ. When some
    siblings are missing on one side and aligned paragraphs differ too (content moved between
    a paragraph and its neighbours), the whole run is one difference."""
    if [n.key() for n in mdx] == [n.key() for n in hub]:
        return
    sm = SequenceMatcher(None, [_sig(n) for n in mdx], [_sig(n) for n in hub], autojunk=False)
    ops = sm.get_opcodes()
    uneven = [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in ops if op != "equal"]
    dirty_text = [
        (a, b)
        for op, i1, i2, j1, j2 in ops
        if op == "equal"
        for a, b in zip(mdx[i1:i2], hub[j1:j2], strict=True)
        if a != b and _is_text_block(a)
    ]
    if uneven and dirty_text:
        ms, hs = _touched(ops, mdx, hub)
        where = _first_line(ms, _first_line(hs, line))
        out.append(classify(ms, hs, where))
        return
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            for a, b in zip(mdx[i1:i2], hub[j1:j2], strict=True):
                if a == b:
                    continue
                if _is_text_block(a):
                    out.append(classify([a], [b], a.line or line))
                    continue
                before = len(out)
                _compare_children(a.children, b.children, a.line or line, out, classify)
                if len(out) == before:
                    out.append(classify([a], [b], a.line or line))
            continue
        ma, hb = mdx[i1:i2], hub[j1:j2]
        out.append(classify(ma, hb, _first_line(ma, _first_line(hb, line))))


def _is_text_block(n: Node) -> bool:
    return n.kind in ("p", "h", "td") or (n.kind == "el" and _inline_only(n) and bool(n.children))


def _touched(ops: Any, mdx: Sequence[Node], hub: Sequence[Node]) -> tuple[list[Node], list[Node]]:
    """The siblings on each side that are not equal to an aligned partner."""
    ms: list[Node] = []
    hs: list[Node] = []
    for op, i1, i2, j1, j2 in ops:
        if op != "equal":
            ms.extend(mdx[i1:i2])
            hs.extend(hub[j1:j2])
            continue
        for a, b in zip(mdx[i1:i2], hub[j1:j2], strict=True):
            if a != b:
                ms.append(a)
                hs.append(b)
    ms.sort(key=lambda n: next(i for i, x in enumerate(mdx) if x is n))
    hs.sort(key=lambda n: next(i for i, x in enumerate(hub) if x is n))
    return ms, hs


def _inline_only(n: Node) -> bool:
    return all(c.kind not in FLOW_KINDS and c.kind != "el" for c in n.children)


def _sig(n: Node) -> tuple[str, str]:
    """What aligns two siblings: kind and name (text is compared after alignment)."""
    return (n.kind, n.label if n.kind in ("el", "h", "list") else "")


# -- one page --------------------------------------------------------------------------------


@dataclass(repr=False)
class PageResult:
    path: str
    agree: bool
    differences: list[Difference]
    mdx_error: dict[str, Any] | None = None
    hub_errors: list[Any] = field(default_factory=list)
    mdx: Node | None = None
    hub: Node | None = None

    @property
    def comparable(self) -> bool:
        """False when the only differences are template calls the oracle cannot expand."""
        return self.agree or any(not d.category.startswith(NOT_COMPARED) for d in self.differences)

    def __repr__(self) -> str:
        return f"<PageResult {self.path} agree={self.agree}>"

    def report(self) -> str:
        lines = [f"{self.path}: {'agree' if self.agree else 'DISAGREE'}"]
        if self.mdx_error:
            e = self.mdx_error
            lines.append(f"  MDX error {e.get('line')}:{e.get('column')}: {e.get('message')}")
        for p in self.hub_errors[:5]:
            lines.append(f"  hubdocs error {p.pos.line}:{p.pos.col}: {p.message}")
        for d in self.differences[:10]:
            lines.append(f"  {d.category} (line {d.line}) {d.detail}")
        if not self.agree and self.mdx is not None:
            lines.append("  MDX tree:\n" + _indent(show(self.mdx.children)))
        if not self.agree and self.hub is not None:
            lines.append("  hubdocs tree:\n" + _indent(show(self.hub.children)))
        return "\n".join(lines)


def _indent(text: str) -> str:
    return "\n".join("    " + x for x in text.split("\n"))


def compare_page(
    path: str, oracle: dict[str, Any], hub: HubdocsSide, allow: Allowlist | None = None
) -> PageResult:
    """Both sides of one page -> the verdict. Both refusing the page is agreement."""
    allow = allow or Allowlist.load()
    mdx_error = oracle.get("error")
    if mdx_error and hub.errors:
        return PageResult(path, True, [], mdx_error, hub.errors)
    if mdx_error:
        msg = str(mdx_error.get("message", ""))
        cat = "MDX refuses, hubdocs accepts: " + mdx_error_template(msg)
        diff = Difference(cat, int(mdx_error.get("line") or 0), msg.split("\n")[0][:160])
        ok = allow.allows(diff)
        return PageResult(path, ok, [] if ok else [diff], mdx_error, [], None, hub.tree)
    mdx = mdx_tree(oracle["tree"])
    if hub.errors:
        names = {name.removeprefix(TEMPLATE) for name, _, _ in _elements(mdx.children)}
        diffs = []
        seen: set[str] = set()
        for p in hub.errors:
            cat = "hubdocs refuses: " + hub_error_template(p.message, p.hint, names)
            if cat not in seen:
                seen.add(cat)
                diffs.append(Difference(cat, p.pos.line, p.message))
        diffs = [d for d in diffs if not allow.allows(d)]
        return PageResult(path, not diffs, diffs, None, hub.errors, mdx, hub.tree)
    assert hub.tree is not None
    diffs = [d for d in compare(mdx, hub.tree, hub.notes) if not allow.allows(d)]
    return PageResult(path, not diffs, diffs, None, [], mdx, hub.tree)


_UNKNOWN = re.compile(r"unknown component `<([^>`]+)>`")


def hub_error_template(message: str, hint: str, mdx_names: set[str]) -> str:
    """A hubdocs error as a category: particulars kept where they name the construct, counts
    folded; an unknown component is told apart by whether MDX 3 reads it as an element."""
    message = re.sub(r"\s*\(\d+ uses; first here\)", "", message)
    mt = _UNKNOWN.search(message)
    if mt:
        if mt.group(1) in mdx_names:
            return f"unknown component (an element for MDX too) <{mt.group(1)}>"
        return f"unknown component that MDX 3 reads as text <{mt.group(1)}>"
    if "runs no JavaScript" in message or "runs no JavaScript" in hint:
        return "JavaScript it cannot run statically: " + re.sub(r"`[^`]*`", "`…`", message)
    message = re.sub(r"`/[^`]*`", "`…`", message)  # snippet paths
    return re.sub(r"\b\d+\b", "N", message)


def mdx_error_template(msg: str) -> str:
    """An MDX 3 parse error as a category."""
    msg = msg.split("\n")[0]
    if "to create a comment in MDX" in msg:
        return "HTML comment `<!-- -->`"
    msg = re.sub(r"`[^`]*`", "`…`", msg)
    return re.sub(r"\d+", "N", msg)[:120]


# -- the allowlist ---------------------------------------------------------------------------


@dataclass
class Allowlist:
    """Where hubdocs deliberately differs: `tests/oracle/ALLOWLIST.md`, one line per construct:
    `` - `REGEX` | reason ``. A difference is accepted when the regex is found in
    `"{category}: {detail}"`."""

    entries: list[tuple[str, str]]

    @classmethod
    def load(cls, path: Path = ALLOWLIST) -> Allowlist:
        return _load_allowlist(str(path))

    def allows(self, diff: Difference) -> bool:
        text = f"{diff.category}: {diff.detail}"
        return any(re.search(pattern, text) for pattern, _ in self.entries)


@functools.cache
def _load_allowlist(path: str) -> Allowlist:
    entries: list[tuple[str, str]] = []
    if os.path.exists(path):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            mt = re.match(r"^- `(.+?)` \| (.+)$", line)
            if mt:
                entries.append((mt.group(1), mt.group(2).strip()))
    return Allowlist(entries)


def compare_files(
    paths: Sequence[str | os.PathLike[str]],
    root: str | os.PathLike[str] | None = None,
    pipeline: str = "mintlify",
    allow: Allowlist | None = None,
) -> list[PageResult]:
    """Both sides over many pages (one node process). `root`: the site folder (snippets and
    `rel` paths are taken from it)."""
    paths = [str(p) for p in paths]
    oracle = run_oracle(paths, pipeline, root)
    out = []
    for p in paths:
        rel = os.path.relpath(p, root) if root is not None else os.path.basename(p)
        out.append(compare_page(p, oracle[p], hubdocs_side(p, rel), allow))
    return out
