"""Defence in depth for Markdown twins: remove what would run if a twin were ever rendered as HTML.

Benign guides pass through byte for byte; this only touches script-like tags, event-handler
attributes and javascript:/vbscript:/data: URLs.
"""

from __future__ import annotations

import html
import re

_DROP = "script|style|iframe|object|embed|template|noscript|frame|frameset|applet|svg|math"
_PAIRED = re.compile(rf"<({_DROP})\b[^>]*>.*?</\1\s*>", re.I | re.S)
_LONE = re.compile(rf"</?(?:{_DROP}|base|meta|link)\b[^>]*>", re.I)
_HANDLER = re.compile(r"""(<[A-Za-z][^>]*?)\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_URL_ATTR = re.compile(
    r"""(\b(?:href|src|action|formaction|xlink:href|srcdoc|data)\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""",
    re.I,
)
_MD_URL = re.compile(r"(\]\(\s*)(<[^>]*>|[^)\s]+)")
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data|livescript):", re.I)
_JUNK = re.compile(r"[\x00-\x20\x7f]+")


def dangerous_url(value: str) -> bool:
    """True for javascript:, vbscript: and data: URLs in any spelling (entities, case, whitespace)."""
    plain = html.unescape(html.unescape(value.strip("\"'<>")))
    return bool(_BAD_SCHEME.match(_JUNK.sub("", plain)))


def defang(text: str) -> str:
    """`text` with script-like elements, handlers and dangerous URLs removed."""
    if "<" not in text and "](" not in text:
        return text
    out = _PAIRED.sub("", text)
    out = _LONE.sub("", out)
    prev = None
    while prev != out:
        prev, out = out, _HANDLER.sub(r"\1", out)
    out = _URL_ATTR.sub(
        lambda mt: mt.group(1) + ('"#"' if dangerous_url(mt.group(2)) else mt.group(2)), out
    )
    return _MD_URL.sub(
        lambda mt: mt.group(1) + ("#" if dangerous_url(mt.group(2)) else mt.group(2)), out
    )
