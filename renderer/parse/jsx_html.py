"""Lowercase JSX tags -> HTML tags, in the text of prose and raw HTML blocks.

In MDX every tag is JSX: `<img className="rounded" style={{ margin: '0 auto' }} src="x" />`
is an image. markdown-it and the sanitiser read HTML, where that tag is no tag at all (it would
be printed as text) and `className` no attribute. So before the model keeps such text, each
lowercase tag written with JSX syntax is rewritten as the HTML it stands for:

- `className` -> `class`, `htmlFor` -> `for`;
- `{"literal"}` and `{2}` values -> quoted values; `{true}` -> a bare attribute; `{false}`,
  `{null}` -> left out;
- `style={{ … }}` and `style="…"` -> `style="prop:value;…"`, canonical and allowlisted
  (`renderer/parse/css_style.py`); the render stage turns it into a class (no inline styles
  under the site's Content-Security-Policy);
- any other value (an array, an object, an element) is left out with a warning.

Tags inside code spans are text and stay as written. Problems are located by offset in the
text handed in.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from renderer.parse.css_style import from_css, from_object
from renderer.parse.jsx import JsxElement, JsxError
from renderer.parse.tags import Attr, Tag, TagSyntaxError, scan_tag

_LOWER_TAG = re.compile(r"<([a-z][a-z0-9-]*)(?=[\s/>])")
_RENAMED = {"className": "class", "htmlFor": "for"}
_JSXISH = re.compile(r"className|htmlFor|style\s*=|=\s*\{")

Report = Callable[[int, str, str, str], None]
"""report(offset in the text, message, hint, level)."""


def needs_lowering(text: str) -> bool:
    """Could the text hold a lowercase tag written with JSX syntax or a `style`?"""
    return "<" in text and _JSXISH.search(text) is not None


def _code_ranges(text: str) -> list[tuple[int, int]]:
    from renderer.parse.block_rule import code_ranges

    return code_ranges(text)


def lower(text: str, report: Report, code: bool = True) -> str:
    """`text` with its JSX-written lowercase tags rewritten as HTML (`code`: tags inside
    backtick code spans are text, as in prose; raw HTML blocks have no code spans)."""
    if not needs_lowering(text):
        return text
    ranges = _code_ranges(text) if code and "`" in text else []
    out: list[str] = []
    pos = 0
    for mt in _LOWER_TAG.finditer(text):
        start = mt.start()
        if start < pos or any(a <= start < b for a, b in ranges):
            continue
        try:
            tag = scan_tag(text, start)
        except (TagSyntaxError, JsxError) as err:
            end = text.find(">", start)
            piece = text[start : end if end >= 0 else len(text)]
            if _JSXISH.search(piece):
                report(
                    err.offset,
                    f"cannot read the `<{mt.group(1)}>` tag: {err}",
                    err.hint or 'write attributes as name="value" or name={literal}',
                    "error",
                )
            continue
        if tag is None or tag.closing or not _needs(tag):
            continue
        out.append(text[pos:start])
        out.append(_html_tag(text, tag, report))
        pos = tag.end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _needs(tag: Tag) -> bool:
    return any(
        a.name in _RENAMED or a.name == "style" or not isinstance(a.value, (str, type(None)))
        for a in tag.attrs
    )


def _html_tag(src: str, tag: Tag, report: Report) -> str:
    parts = [f"<{tag.name}"]
    for a in tag.attrs:
        written = _attr(a, tag.name, report, _quoted(src, a))
        if written:
            parts.append(" " + written)
    parts.append(" />" if tag.self_closing else ">")
    return "".join(parts)


def _quoted(src: str, a: Attr) -> bool:
    """Was the value written in quotes (HTML text, entities and all) rather than `{…}`?"""
    mt = re.compile(r"\s*=\s*([\"'])").match(src, a.offset + len(a.name))
    return mt is not None


def _attr(a: Attr, tag_name: str, report: Report, quoted: bool = False) -> str:
    """One attribute as HTML text ("" when it is left out)."""
    name = _RENAMED.get(a.name, a.name)
    value = a.value
    if name == "style":
        return _style(a, report)
    if value is None or value is True:
        return name
    if value is False:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (int, float)):
        return f'{name}="{value}"'
    if isinstance(value, str) and quoted:
        return f'{name}="{value.replace(chr(34), "&quot;")}"'
    if isinstance(value, str):
        return f'{name}="{html.escape(value, quote=True)}"'
    kind = "an element" if isinstance(value, JsxElement) else "not a string or number"
    report(
        a.offset,
        f"`{a.name}` of `<{tag_name}>` is {kind}: left out",
        f'write {a.name}="…" with a plain value',
        "warning",
    )
    return ""


def _style(a: Attr, report: Report) -> str:
    value = a.value
    if isinstance(value, Mapping):
        css, problems = from_object(value)
    elif isinstance(value, str):
        css, problems = from_css(value)
    else:
        report(
            a.offset,
            "`style` must be an object (`style={{ margin: '0 auto' }}`) or a CSS string",
            "write style={{ property: 'value' }}",
            "error",
        )
        return ""
    for p in problems:
        report(a.offset, p.message, p.hint, p.level)
    return f'style="{css}"' if css else ""
