"""Defence in depth for Markdown twins and llms files: nothing in them may run if a host ever
serves them as HTML.

Benign guides pass through byte for byte. A text with anything script-like in it (a script-ish
tag, an event-handler attribute, a javascript:/vbscript:/data: URL in any spelling) gets every
`<` escaped and those URL schemes broken. The checks are linear scans with literal prefilters.

Mintlify components are told from HTML tags by case, as MDX tells them: `<Frame>` is a
component (a browser ignores a `<frame>` outside a frameset), `<frame>` and `<FRAME>` are the
HTML tag. A component tag stays as written when the rest is escaped, unless the tag itself
carries an event handler or a dangerous URL.
"""

from __future__ import annotations

import html
import re

from renderer.core.components import COMPONENTS

_TAGS = (
    "script|iframe|object|embed|base|meta|link|style|svg|math|frame|frameset|applet|form|"
    "template|noscript|portal"
)
_TAG = re.compile(rf"<\s*/?\s*((?:[a-z]+:)?(?:{_TAGS}))\b", re.I)
_HANDLER = re.compile(r"on[a-z]{2,}\s*=")
_GAP = r"[\x00-\x20\x7f]*"


def _spaced(word: str) -> str:
    """A regex for `word` with any run of whitespace or control characters between letters."""
    return _GAP.join(re.escape(c) for c in word)


# `(?:java|vb|live)script:` or `data:<type>/<subtype>` once whitespace and controls are removed
# (matched in place: stripping them from a whole page first costs five times as much)
_SCHEME_TEXT = re.compile(
    rf"(?:{_spaced('java')}|{_spaced('vb')}|{_spaced('live')}){_GAP}{_spaced('script:')}"
    rf"|{_spaced('data:')}{_GAP}[\w.+-](?:{_GAP}[\w.+-])*{_GAP}/{_GAP}[\w.+-]"
)
_SCHEME = re.compile(r"(?<![\w-])((?:java|vb|live)script|data)(\s*):", re.I)
_BENIGN_ENTITIES = re.compile(r"&(?:#x22|#34|quot|amp|lt|gt|#39|#x27|apos|nbsp);")
_SPACE = str.maketrans("", "", "".join(chr(c) for c in range(33)) + "\x7f")
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data|livescript):", re.I)


def dangerous_url(value: str) -> bool:
    """True for javascript:, vbscript: and data: URLs in any spelling (entities, case, whitespace)."""
    plain = html.unescape(html.unescape(str(value).strip("\"'<>")))
    return bool(_BAD_SCHEME.match(plain.translate(_SPACE)))


def suspicious(text: str) -> bool:
    """Does `text` hold anything that would run if it were parsed as HTML?"""
    if "&" in text and "&" in _BENIGN_ENTITIES.sub("", text):
        text = html.unescape(text)
    if "<" in text and any(mt.group(1) not in COMPONENTS for mt in _TAG.finditer(text)):
        return True
    low = text.lower()
    if "=" in low:
        for mt in _HANDLER.finditer(low):
            if mt.start() > 0 and low[mt.start() - 1] in " \t\n\r\f/\"'`":
                return True
    return ":" in low and _SCHEME_TEXT.search(low) is not None


def defang(text: str) -> str:
    """`text` unchanged when harmless; else with every `<` escaped and dangerous schemes broken."""
    if not suspicious(text):
        return text
    plain = html.unescape(text)
    return _SCHEME.sub(r"\1\2-blocked:", _escape_tags(plain))


def _escape_tags(text: str) -> str:
    """Every `<` escaped, except those opening a harmless component tag (`<Steps>`, `</Note>`,
    `<Card title="x">`, `<ResponseField type="Array<Step>">`, `<Card icon={<svg …/>}>`): a twin
    shows its components as written. Inside a kept tag's quoted values and `{…}` expressions
    every `<` is escaped too, so the component's own `<` is the only one an HTML parser sees."""
    out: list[str] = []
    pos = 0
    for mt in _COMPONENT_OPEN.finditer(text):
        if mt.start() < pos or mt.group(1) not in COMPONENTS:
            continue
        end = _tag_end(text, mt.end())
        if end < 0 or _harmful(text[mt.start() : end]):
            continue
        out.append(text[pos : mt.start()].replace("<", "&lt;"))
        out.append("<" + text[mt.start() + 1 : end].replace("<", "&lt;"))
        pos = end
    out.append(text[pos:].replace("<", "&lt;"))
    return "".join(out)


_COMPONENT_OPEN = re.compile(r"</?([A-Z][\w.]*)(?=[\s/>])")
_TAG_LIMIT = 4096


def _tag_end(text: str, i: int) -> int:
    """Where a component tag whose name ends at `i` ends (after its `>`): quoted values and
    `{…}` expressions may hold `<` and `>`; -1 when it does not end within the limit."""
    quote, depth, stop = "", 0, min(len(text), i + _TAG_LIMIT)
    while i < stop:
        c = text[i]
        if quote:
            if c == quote:
                quote = ""
        elif c in "\"'" or (c == "`" and depth):
            quote = c
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0:
                return -1
        elif c == ">" and not depth:
            return i + 1
        elif c == "<" and not depth:
            return -1  # a bare `<` between attributes: not a tag as written
        i += 1
    return -1


def _harmful(tag: str) -> bool:
    """Does one tag carry an event handler or a dangerous URL scheme?"""
    low = tag.lower()
    if any(
        mt.start() > 0 and low[mt.start() - 1] in " \t\n\r\f/\"'`" for mt in _HANDLER.finditer(low)
    ):
        return True
    return _SCHEME_TEXT.search(low) is not None
