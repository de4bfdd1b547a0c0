"""Words lost between a source page and its built HTML: every word of prose, code and visible
text in the MDX must be on the built page (comments, imports, exports and tag syntax aside)."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.S)
_ESM = re.compile(r"^(?:import|export)\b.*?(?:\n\s*\n|\Z)", re.M | re.S)
_TAG = re.compile(r"</?[A-Za-z][\w.-]*(?:\s(?:[^<>{}\"']|\"[^\"]*\"|'[^']*'|\{[^{}]*\})*)?/?>")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_LINK_DEST = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]{2,}")
_FENCE_INFO = re.compile(r"^(\s*)(`{3,}|~{3,})[^\n]*$", re.M)
_EXPR = re.compile(r"\{[^{}\n]*\}")


def source_words(mdx: str) -> set[str]:
    """Words a reader should find on the built page (lowercased, three letters or more)."""
    text = _FRONT.sub("", mdx)
    text = _COMMENT.sub(" ", text)
    text = _ESM.sub(" ", text)
    text = _FENCE_INFO.sub(r"\1", text)  # a fence's info string (language, title, meta)
    text = _TAG.sub(" ", text)
    text = _EXPR.sub(" ", text)  # `{NAME}` shows its value, not its name
    text = _LINK_DEST.sub("]", text)
    text = _REF_DEF.sub(" ", text)
    text = text.replace("&nbsp;", " ").replace("&amp;", "&")
    return {w.lower() for w in _WORD.findall(text)}


def page_words(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup.find(class_="hd-article") or soup
    shown = [main.get_text(" ")]
    shown += [str(t.get(a)) for t in main.find_all(True) for a in ("alt", "title") if t.get(a)]
    return {w.lower() for w in _WORD.findall(" ".join(shown))}


def lost_words(mdx: str, html: str) -> set[str]:
    """Source words missing from the built page."""
    return source_words(mdx) - page_words(html)
