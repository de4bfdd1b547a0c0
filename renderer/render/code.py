"""Code blocks: a fence's info string (`python title="app.py" {1,3-4} lines wrap`) parsed as
Mintlify parses it, Shiki's in-code notations (`// [!code ++]`), and the block's HTML —
highlighted at build time (`highlight.py`), a class per highlighted/focused/diff line, line
numbers and the copy button drawn by CSS and `code.js`; no inline styles, no inline script.

The meta parser is a port of `@mintlify/common` `rehypeCodeBlocks/metaOptions.js` +
`parseMetaString.js`: delimited values first (`key="…"`, `key='…'`, `key={…}`, `/…/`, or
the same without a key), then `key=value` and bare words; the title is `title=` or, failing
that, the text left once every delimited value and every reserved key is taken out."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markupsafe import Markup

from renderer.core import model as m
from renderer.core.model import walk
from renderer.render.highlight import highlight_lines

MAX_LINE = 100_000
"""Line numbers past this are ignored (a typo must not allocate a huge set)."""
RESERVED = (
    "title",
    "icon",
    "lang",
    "lines",
    "wrap",
    "expandable",
    "[expandable]",
    "highlight",
    "focus",
    "theme",
    "twoslash",
    "nocopy",
)
"""Mintlify's meta keys (`META_PARSER_CONFIG`); a bare word among them is not title text."""
_DELIMS = (("'", "'"), ('"', '"'), ("/", "/"), ("{", "}"))
_KEY = r"""([^\s'"/{=]+)"""
_DELIMITED = re.compile(
    "|".join(
        rf"(?:\s|^)(?:{_KEY}\s*=\s*)?{re.escape(a)}((?:[^\\]|\\.)*?){re.escape(b)}(?=\s|$)"
        for a, b in _DELIMS
    ),
    re.S,
)
_SIMPLE = re.compile(r"([^\s=]+)(?:\s*=\s*(\S+))?")


@dataclass(frozen=True, slots=True)
class MetaOption:
    """One option of a meta string, as `MetaOptions` keeps it."""

    key: str
    kind: str
    """`string`, `boolean`, `range` (`{…}`) or `regexp` (`/…/`)."""
    value: str | bool


def meta_options(meta: str) -> tuple[list[MetaOption], str]:
    """The options of a meta string in source order, and the remaining (title) text."""
    found: list[tuple[int, MetaOption]] = []
    blanked = list(meta)
    for mt in _DELIMITED.finditer(meta):
        groups = mt.groups()
        pair = next(i for i, g in enumerate(groups) if g is not None) // 2
        key, raw = groups[2 * pair] or "", groups[2 * pair + 1] or ""
        start, end = _DELIMS[pair]
        value = re.sub(r"\\(\\|" + re.escape(end) + ")", r"\1", raw)
        blanked[mt.start() : mt.end()] = " " * (mt.end() - mt.start())
        if start == "/":
            option = MetaOption(key, "regexp", value)
        elif start == "{":
            option = MetaOption(key, "range", value)
        elif value.lower() in ("true", "false"):
            option = MetaOption(key, "boolean", value.lower() == "true")
        else:
            option = MetaOption(key, "string", value)
        found.append((mt.start(), option))
    rest = "".join(blanked)
    remaining = list(rest)
    for mt in _SIMPLE.finditer(rest):
        key, value = mt.group(1), mt.group(2)
        if value in (None, "true", "false"):
            found.append((mt.start(), MetaOption(key, "boolean", value != "false")))
        else:
            found.append((mt.start(), MetaOption(key, "string", value)))
        if key in RESERVED:
            remaining[mt.start() : mt.end()] = " " * (mt.end() - mt.start())
    found.sort(key=lambda pair: pair[0])
    return [o for _, o in found], "".join(remaining).strip()


def _values(options: list[MetaOption], key: str, kind: str) -> list[str | bool]:
    return [o.value for o in options if o.kind == kind and o.key.lower() == key.lower()]


def _boolean(options: list[MetaOption], key: str) -> bool | None:
    bools = _values(options, key, "boolean")
    if bools:
        return bool(bools[-1])
    strings = _values(options, key, "string")
    if strings and str(strings[-1]).lower() in ("true", "false"):
        return str(strings[-1]).lower() == "true"
    return None


def _integers(values: Iterable[str | bool]) -> list[int]:
    """`getStringsWithInteger`/`getRangesWithInteger`: `1,3-5` -> [1, 3, 4, 5]."""
    out: list[int] = []
    for value in values:
        for part in str(value).split(","):
            part = part.strip()
            if "-" in part:
                ends = part.split("-")
                if len(ends) == 2:
                    a, b = _int(ends[0]), _int(ends[1])
                    if a is not None and b is not None and b <= MAX_LINE:
                        out.extend(range(a, b + 1))
            elif (n := _int(part)) is not None:
                out.append(n)
    return out


def _int(s: str) -> int | None:
    """JS `parseInt(s, 10)`: leading digits (after a sign), else nothing."""
    mt = re.match(r"\s*([+-]?\d+)", s)
    return int(mt.group(1)) if mt else None


@dataclass(frozen=True, slots=True)
class FenceMeta:
    """A fence's info string, as Mintlify reads it."""

    lang: str
    """The first word (`lang="…"` overrides it); a bare ```nocopy fence is `text`."""
    title: str
    """`title="…"`, or the words left after the options (a file name); a tab's label."""
    lines: frozenset[int] = frozenset()
    """Highlighted lines (1-based): `{1,3-4}`, `highlight={…}`, `highlight="…"`."""
    focus: frozenset[int] = frozenset()
    """Focused lines: `focus={…}`, `focus="…"`, `focus=2,4`."""
    line_numbers: bool = False
    """`lines`: show line numbers."""
    wrap: bool = False
    expandable: bool = False
    icon: str = ""
    nocopy: bool = False
    twoslash: bool = False
    """Accepted; hubdocs has no type hovers."""
    theme: str = ""
    """Accepted; every block uses the site's two code themes."""


EMPTY = FenceMeta("", "")


def fence_meta(info: str) -> FenceMeta:
    """Parse a fence's info string (language, then Mintlify's meta)."""
    info = info.strip()
    lang, _, meta = info.partition(" ")
    lang, meta = lang.strip(), meta.strip()
    nocopy_lang = lang == "nocopy"
    if nocopy_lang:
        lang = "text"
    options, remaining = meta_options(meta)
    strings = lambda key: _values(options, key, "string")  # noqa: E731
    ranges = lambda key: _values(options, key, "range")  # noqa: E731
    titles = strings("title")
    lang_opt = strings("lang")
    highlight = _integers(strings("highlight")) + _integers(ranges("highlight"))
    highlight += _integers(ranges(""))
    focus = _integers(strings("focus")) + _integers(ranges("focus"))
    icons = strings("icon")
    themes = strings("theme")
    return FenceMeta(
        lang=str(lang_opt[-1]) if lang_opt else lang,
        title=str(titles[-1]) if titles and titles[-1] else remaining,
        lines=frozenset(n for n in highlight if 0 < n <= MAX_LINE),
        focus=frozenset(n for n in focus if 0 < n <= MAX_LINE),
        line_numbers=bool(_boolean(options, "lines")),
        wrap=bool(_boolean(options, "wrap")),
        expandable=bool(_boolean(options, "[expandable]") or _boolean(options, "expandable")),
        icon=str(icons[-1]) if icons else "",
        nocopy=nocopy_lang or bool(_boolean(options, "nocopy")),
        twoslash=bool(_boolean(options, "twoslash")),
        theme=str(themes[-1]) if themes else "",
    )


# -- Shiki's in-code notations ---------------------------------------------------------------

_NOTATION_LINE = re.compile(
    r"""^(?P<code>.*?)(?P<sp>[ \t]*)(?P<open>//|/\*|<!--|\#|--|;{1,2}|%{1,2}|["'])[ \t]*"""
    r"""(?P<notes>(?:\[!code [^\]\n]+\][ \t]*)+)(?P<rest>.*?)(?P<close>[ \t]*(?:\*/|-->))?[ \t]*$"""
)
_NOTE = re.compile(r"\[!code (\+\+|--|highlight|hl|focus)(?::(\d+))?\]", re.I)
NOTE_CLASSES = {
    "++": "hd-line--add",
    "--": "hd-line--remove",
    "highlight": "hd-line--hl",
    "hl": "hd-line--hl",
    "focus": "hd-line--focus",
}
"""Mintlify's `line-diff line-add`, `line-diff line-remove`, `line-highlight`, `line-focus`."""


@dataclass(slots=True)
class Notations:
    """Code with its `[!code …]` comments taken out, and the classes they give each line."""

    code: str
    classes: dict[int, set[str]] = field(default_factory=dict)
    """1-based line number -> classes."""


def notations(code: str) -> Notations:
    """Apply Shiki's comment notations (`// [!code ++]`, `# [!code focus:3]`, `<!-- [!code
    --] -->`): the notation leaves the code; a comment left empty goes too, and a line that was
    only that comment goes and the notation applies to the next line(s)."""
    if "[!code" not in code:
        return Notations(code)
    out: list[str] = []
    pending: list[tuple[str, int]] = []
    classes: dict[int, set[str]] = {}
    active: list[tuple[str, int]] = []  # (class, lines still to mark)
    for line in code.split("\n"):
        mt = _NOTATION_LINE.match(line) if "[!code" in line else None
        notes = list(_NOTE.finditer(mt.group("notes"))) if mt else []
        if mt and notes:
            new = [(NOTE_CLASSES[n.group(1).lower()], int(n.group(2) or 1)) for n in notes]
            leftover = _NOTE.sub("", mt.group("notes")).strip() + mt.group("rest")
            if leftover.strip():
                close = mt.group("close") or ""
                line = f"{mt.group('code')}{mt.group('sp')}{mt.group('open')} {leftover.strip()}{close}"
            else:
                line = mt.group("code").rstrip()
            if not mt.group("code").strip() and not leftover.strip():
                pending += new  # a comment-only line: it goes, the notation marks the next
                continue
            active += new
        active += pending
        pending = []
        out.append(line)
        n = len(out)
        for cls, _count in active:
            classes.setdefault(n, set()).add(cls)
        active = [(c, k - 1) for c, k in active if k > 1]
    return Notations("\n".join(out), classes)


# -- HTML ------------------------------------------------------------------------------------

IconHtml = Callable[[str], Markup]
"""Draws a meta `icon=` (the render stage's icon set); without one, no icon is shown."""
_LANG_CLASS = re.compile(r"^[A-Za-z0-9_+#.-]{1,40}$")


def _lang_class(lang: str) -> Markup:
    return Markup(' class="language-%s"') % lang if _LANG_CLASS.match(lang) else Markup("")


def code_lines(code: str, lang: str, meta: FenceMeta) -> Markup:
    """The inside of `<code>`: one `<span class="hd-line …">` per line, joined by newlines."""
    body = code[:-1] if code.endswith("\n") else code
    marked = notations(body)
    rows = highlight_lines(marked.code, lang)
    spans = []
    for n, row in enumerate(rows, 1):
        cls = set(marked.classes.get(n, ()))
        if n in meta.lines:
            cls.add("hd-line--hl")
        if n in meta.focus:
            cls.add("hd-line--focus")
        extra = Markup("").join(Markup(" %s") % c for c in sorted(cls))
        spans.append(Markup('<span class="hd-line%s">%s</span>') % (extra, row))
    return Markup("\n").join(spans)


def code_html(
    b: m.CodeBlock, with_title: bool = True, icon: IconHtml | None = None, title: str = ""
) -> Markup:
    """A code block's HTML (a Mermaid fence: its diagram). `with_title=False` inside a code
    group, whose tab shows the title; `title` is a default (RequestExample's `Request`)."""
    meta = fence_meta(b.info) if b.info else EMPTY
    if meta.lang.lower() == "mermaid":
        return mermaid_html(b.code, meta.title if with_title else "")
    classes = ["hd-code"]
    if meta.line_numbers:
        classes.append("hd-code--lines")
    if meta.wrap:
        classes.append("hd-code--wrap")
    if meta.focus or "[!code focus" in b.code:
        classes.append("hd-code--focus")
    if meta.expandable:
        classes.append("hd-code--expandable")
    shown = (meta.title or title) if with_title else ""
    drawn = icon(meta.icon) if icon and meta.icon else Markup("")
    head = Markup("")
    if shown or drawn:
        icon_span = Markup('<span class="hd-code-icon">%s</span>') % drawn if drawn else ""
        head = Markup(
            '<figcaption class="hd-code-head">%s<span class="hd-code-title">%s</span>'
            "</figcaption>\n"
        ) % (icon_span, shown)
    copy = Markup("")
    if not meta.nocopy:
        copy = Markup(
            '<button type="button" class="hd-code-copy" data-hd-copy-code hidden>'
            '<span class="hd-code-copy-label">Copy</span></button>\n'
        )
    lang = Markup(' data-lang="%s"') % meta.lang if _LANG_CLASS.match(meta.lang) else ""
    return Markup(
        '<figure class="%s"%s>\n%s%s<pre class="hd-code-pre" tabindex="0"><code%s>%s</code></pre>\n'
        "</figure>\n"
    ) % (
        " ".join(classes),
        lang,
        head,
        copy,
        _lang_class(meta.lang),
        code_lines(b.code, meta.lang, meta),
    )


def mermaid_html(source: str, title: str = "") -> Markup:
    """A Mermaid diagram: its source in a `<pre>` (what a reader without JavaScript sees), drawn
    as SVG by `mermaid-init.js` on pages that load it (`has_mermaid`)."""
    caption = (
        Markup('<figcaption class="hd-mermaid-title">%s</figcaption>\n') % title if title else ""
    )
    return Markup(
        '<figure class="hd-mermaid" data-hd-mermaid>\n%s'
        '<pre class="hd-mermaid-src" tabindex="0"><code class="language-mermaid">%s</code></pre>\n'
        "</figure>\n"
    ) % (caption, source.rstrip("\n"))


def is_mermaid(b: m.CodeBlock) -> bool:
    return bool(b.info) and fence_meta(b.info).lang.lower() == "mermaid"


def has_mermaid(blocks: tuple[m.Block, ...]) -> bool:
    """Does a page draw a Mermaid diagram (and so load the Mermaid scripts)?"""
    return any(isinstance(n, m.CodeBlock) and is_mermaid(n) for n in walk(blocks))


def tab_label(meta: FenceMeta, group: str, index: int) -> str:
    """A code block's tab in a group: its title, else its language, else (RequestExample and
    ResponseExample, as Mintlify names them) `Request`, `Request 2`…, else `Example N`."""
    if meta.title or meta.lang:
        return meta.title or meta.lang
    if group:
        return group if index == 0 else f"{group} {index + 1}"
    return f"Example {index + 1}"
