"""Where an ESM block (`import`/`export` lines) ends, as MDX 3 ends it.

MDX 3 reads an `import`/`export` at the start of a line, and every line after it up to the next
blank line, as one piece of JavaScript (micromark-extension-mdxjs-esm, parsed with acorn; the
piece runs on past a blank line only while the code is unfinished). A Markdown line glued to an
export is therefore JavaScript to MDX 3, which refuses the page ("Could not parse import/exports
with acorn"). hubdocs refuses it too, with a located error, instead of reading that line as
Markdown or swallowing it: a heading glued to a template export is never lost.
"""

from __future__ import annotations

import re

_STATEMENT_START = re.compile(r"(?:import|export)(?![\w$])")
_COMMENT_ONLY = re.compile(r"[ \t]*(?://[^\n]*|/\*.*?\*/[ \t]*)*", re.S)

GLUED_HINT = "leave a blank line after the import/export block (MDX 3 needs one too)"


def glued_line(lines: list[str], k: int) -> tuple[int, str] | None:
    """After an import/export statement that ends before line `k`: the first line MDX 3 would
    still read as part of the block's JavaScript (lines up to the next blank line; comments
    and further import/export statements are JavaScript) and the message for it, or None."""
    while k < len(lines):
        line = lines[k]
        stripped = line.strip()
        if not stripped or _STATEMENT_START.match(line):
            return None
        end = _COMMENT_ONLY.match(line)
        if end is not None and end.end() == len(line):
            k += 1
            continue
        shown = stripped if len(stripped) <= 40 else stripped[:39] + "…"
        return k, (
            f"`{shown}` follows an import/export with no blank line between: MDX 3 reads it "
            "as JavaScript and cannot compile the page"
        )
    return None


def trailing_code(text: str, end: int) -> int | None:
    """Offset of anything but spaces, `;` and comments after a statement that ends at `end`,
    on the statement's last line (None when the rest of that line is empty)."""
    nl = text.find("\n", end)
    stop = len(text) if nl < 0 else nl
    rest = _COMMENT_ONLY.match(text, end, stop)
    pos = rest.end() if rest else end
    while pos < stop and text[pos] in " \t;":
        pos += 1
        more = _COMMENT_ONLY.match(text, pos, stop)
        pos = more.end() if more else pos
    return pos if pos < stop else None
