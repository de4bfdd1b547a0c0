"""A fence's info string (`python title="app.py" {1,3-4} theme={null}`) -> language, title,
highlighted lines; and the code block's HTML (no inline styles: a class per highlighted line)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from renderer.core import model as m

_TOKEN = re.compile(r"""([A-Za-z][\w-]*)=("[^"]*"|'[^']*'|\{[^}]*\}|\S+)|(\{[^}]*\})|(\S+)""")
_RANGES = re.compile(r"^\s*\d+(?:\s*-\s*\d+)?(?:\s*,\s*\d+(?:\s*-\s*\d+)?)*\s*$")
FLAGS = frozenset({"lines", "wrap", "expandable", "twoslash", "showLineNumbers", "numberLines"})
"""Mintlify display flags we accept and ignore."""
MAX_LINE = 100_000


@dataclass(frozen=True, slots=True)
class FenceMeta:
    """What hubdocs uses of a fence's info string."""

    lang: str
    """First word, when it is a language name (letters, digits, `-`, `+`, `#`, `.`)."""
    title: str
    """`title="…"`, or the bare words after the language (a file name)."""
    lines: frozenset[int]
    """1-based line numbers to highlight (`{1,3-4}` or `highlight={…}`)."""


def _ranges(spec: str) -> frozenset[int]:
    spec = spec.strip().strip("{}\"'")
    if not _RANGES.match(spec):
        return frozenset()
    out: set[int] = set()
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        a, b = int(lo), int(hi or lo)
        if a > b or b > MAX_LINE:
            continue
        out.update(range(a, b + 1))
    return frozenset(out)


def fence_meta(info: str) -> FenceMeta:
    """Parse an info string; unknown `key=value` meta (`theme={null}`, `icon="…"`) is ignored."""
    lang, title, words = "", "", []
    lines: frozenset[int] = frozenset()
    for i, t in enumerate(_TOKEN.finditer(info.strip())):
        key, value, braces, word = t.groups()
        if key:
            if key == "title":
                title = value.strip("\"'")
            elif key == "highlight":
                lines = _ranges(value)
        elif braces:
            lines = _ranges(braces)
        elif i == 0 and re.fullmatch(r"[A-Za-z0-9_+#.-]{1,40}", word) and "." not in word[:1]:
            lang = word
        elif word not in FLAGS:
            words.append(word)
    return FenceMeta(lang, title or " ".join(words), lines)


def _lang_class(info: str) -> Markup:
    lang = info.split()[0] if info else ""
    return Markup(' class="language-%s"') % lang if lang.replace("-", "").isalnum() else Markup("")


def code_html(b: m.CodeBlock, with_title: bool = True) -> Markup:
    """The block's HTML. A fence with no title, highlight or diagram renders as it always did:
    `<pre><code class="language-x">`."""
    meta = fence_meta(b.info) if b.info else FenceMeta("", "", frozenset())
    cls = _lang_class(b.info)
    if meta.lines:
        rows = b.code.split("\n")
        last = rows.pop() if rows and rows[-1] == "" else None
        spans = [
            Markup('<span class="hd-line%s">%s</span>')
            % (Markup(" hd-line--hl") if n in meta.lines else Markup(""), row)
            for n, row in enumerate(rows, 1)
        ]
        code = Markup("\n").join(spans) + ("\n" if last is not None else "")
    else:
        code = Markup("%s") % b.code
    pre = Markup("<pre><code%s>%s</code></pre>\n") % (cls, code)
    mermaid = meta.lang.lower() == "mermaid"
    title = "Mermaid diagram (source)" if mermaid and not meta.title else meta.title
    if not with_title:
        title = ""
    if not title and not meta.lines and not mermaid:
        return pre
    kind = Markup(" hd-code--mermaid") if mermaid else Markup("")
    caption = Markup('<figcaption class="hd-code-title">%s</figcaption>\n') % title if title else ""
    return Markup('<figure class="hd-code%s">\n%s%s</figure>\n') % (kind, caption, pre)
