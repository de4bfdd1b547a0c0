"""Inline Markdown/HTML -> the text a reader sees, and heading text -> anchor ids (used by every
stage: parse, vary, the leak check, the renderers)."""

from __future__ import annotations

import functools
import html
import re

_MD_LINK_TEXT = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*(?:\s+\"[^\"\n]*\")?\)")
_TAG_LINEAR = re.compile(r"<[^<>]*>")


@functools.lru_cache(maxsize=65536)
def plain_text(inline: str) -> str:
    """Inline Markdown/HTML -> the text a reader sees (for anchors, titles, search).

    Linear time: neither pattern can scan past a bracket or `<` it would need to match."""
    text = _MD_LINK_TEXT.sub(r"\1", inline) if "](" in inline else inline
    text = _TAG_LINEAR.sub("", text) if "<" in text else text
    text = text.replace("\\_", "_").replace("`", "").replace("**", "")
    return " ".join(html.unescape(text).split())


def slugify(text: str) -> str:
    """Heading text -> anchor id, GitHub style."""
    slug = re.sub(r"[^\w\- ]", "", plain_text(text).lower(), flags=re.UNICODE)
    return re.sub(r"[\s]+", "-", slug.strip()) or "section"
