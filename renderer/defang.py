"""Defence in depth for Markdown twins and llms files: nothing in them may run if a host ever
serves them as HTML.

Benign guides pass through byte for byte. A text with anything script-like in it (a script-ish
tag, an event-handler attribute, a javascript:/vbscript:/data: URL in any spelling) gets every
`<` escaped and those URL schemes broken; the check is one linear scan.
"""

from __future__ import annotations

import html
import re

_TAGS = "script|iframe|object|embed|base|meta|link|style|svg|math|frame|frameset|applet|form|template|noscript|portal"
_SUSPICIOUS = re.compile(
    rf"<\s*/?\s*(?:[a-z]+:)?(?:{_TAGS})\b|[\s/\"'`]on[a-z]{{2,}}\s*="
    r"|(?<![\w-])(?:java|vb|live)script\s*:|(?<![\w-])data\s*:\s*[\w.+-]+/[\w.+-]+",
    re.I,
)
_SCHEME = re.compile(r"(?<![\w-])((?:java|vb|live)script|data)(\s*):", re.I)
_JUNK = re.compile(r"[\x00-\x20\x7f]+")
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data|livescript):", re.I)


def dangerous_url(value: str) -> bool:
    """True for javascript:, vbscript: and data: URLs in any spelling (entities, case, whitespace)."""
    plain = html.unescape(html.unescape(str(value).strip("\"'<>")))
    return bool(_BAD_SCHEME.match(_JUNK.sub("", plain)))


def defang(text: str) -> str:
    """`text` unchanged when harmless; else with every `<` escaped and dangerous schemes broken."""
    probe = html.unescape(text) if "&" in text else text
    if not _SUSPICIOUS.search(probe) and not _SUSPICIOUS.search(_JUNK.sub("", probe)):
        return text
    return _SCHEME.sub(r"\1\2-blocked:", probe.replace("<", "&lt;"))
