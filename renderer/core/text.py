"""Inline Markdown/HTML -> the text a reader sees, and heading text -> anchor ids (used by every
stage: parse, vary, the leak check, the renderers)."""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote, unquote

import regex
from markdown_it import MarkdownIt

from renderer.core.transliterate import OVERRIDABLE, REPLACEMENTS

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
    """Heading text -> anchor id, GitHub style: hubdocs' own ids (steps; a guide's headings keep
    theirs as aliases of Mintlify's, `HeadingIds`)."""
    slug = re.sub(r"[^\w\- ]", "", plain_text(text).lower(), flags=re.UNICODE)
    return re.sub(r"[\s]+", "-", slug.strip()) or "section"


# -- Mintlify's anchors -------------------------------------------------------------------------
# A port of @mintlify/common 1.0.1211 (ISC): `slugify.js` (on @sindresorhus/slugify 2.2.0, MIT),
# remark-utils `getUnicodeId`, remarkComponentIds, remarkExtractTableOfContents and
# rehypeParamFieldIds: the ids a Mintlify site gives headings and ParamField/ResponseField
# elements, so that links written for Mintlify land here too.

_EMOJI = regex.compile(
    r"\p{Emoji_Modifier}|\p{Emoji_Modifier_Base}|\p{Emoji_Presentation}"
    r"|\p{Extended_Pictographic}|[\u200d\ufe0e\ufe0f]"
)
_DIACRITIC = regex.compile(r"\p{Diacritic}")
_JS_SPACE = re.compile(r"[\s\ufeff]+")
_JS_TRIM = " \t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_CONTRACTION = re.compile(r"([a-zA-Z\d]+)-([ts])(-|$)")
_NUMBERED = re.compile(r"(?:-\d+?)+?$")
_CUSTOM_ID = re.compile(r"\s*\{#([^{}\n]+)\}\s*$")
"""`## Title {#my-id}`: Mintlify's custom heading id."""
MINTLIFY_HEADING_LEVELS = (1, 2, 3, 4)
"""The heading levels Mintlify gives an id (h5 and h6 get none)."""


def _slug_ascii(s: str, keep: str, lower: bool) -> str:
    """@sindresorhus/slugify without decamelize, on a string that is ASCII already."""
    if lower:
        s = s.lower()
    s = re.sub(f"[^a-z0-9{'' if lower else 'A-Z'}{re.escape(keep)}]+", "-", s).replace("\\", "")
    s = _CONTRACTION.sub(r"\1\2\3", s)
    return re.sub(r"-{2,}", "-", s).strip("-") if s else s


def _base_slug(title: str) -> str:
    """Mintlify's `slugify(title)` before the page counter: `getUnicodeId` (lowercase, spaces to
    `-`, encodeURIComponent), then the library slugify (keeping `%XX` when there are any)."""
    encoded = quote(_JS_SPACE.sub("-", title.lower().strip(_JS_TRIM)), safe="-_.!~*'()")
    if re.search(r"%[0-9A-F]{2}", encoded):
        return _slug_ascii(encoded, "%_", False)
    return _slug_ascii(encoded, "_", True)


def clean_heading_id(s: str) -> str:
    """Mintlify's `safeCleanHeadingId`: percent-decoded, `?,;:!'"()[]{}` and emoji removed."""
    try:
        s = unquote(re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", s), errors="strict")
    except UnicodeDecodeError:
        return s
    return _EMOJI.sub("", re.sub(r"[?,;:!'\"()\[\]{}]", "", s))


STRIKE_OPTIONS = {"strikethrough_single_tilde": True}
"""GFM strikethrough with one tilde or two, as remark-gfm reads it (markdown-it-py >= 4.1;
three or more tildes stay text)."""
_TITLE_MD = MarkdownIt("commonmark", STRIKE_OPTIONS).enable("strikethrough")


@functools.lru_cache(maxsize=65536)
def heading_title(inline: str) -> str:
    """The text Mintlify slugs for a heading: its text, code and link/emphasis text, the text
    inside inline tags (`<small>beta</small>`); no image alt text, no markup."""
    out: list[str] = []
    for tok in _TITLE_MD.parseInline(inline):
        for child in tok.children or ():
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
    return "".join(out)


class HeadingIds:
    """The heading ids of one page, as Mintlify gives them: call `take` for every heading in
    document order (h5/h6 get "" and do not count)."""

    def __init__(self) -> None:
        self._occurrences: dict[str, int] = {}
        self._seen: dict[str, int] = {}

    def _count(self, s: str) -> str:
        """`slugifyWithCounter`: the second `x` is `x-2`; a numbered slug after two plain ones
        is numbered again (`hello-world-2-1`)."""
        if not s:
            return ""
        low = s.lower()
        numberless = self._occurrences.get(_NUMBERED.sub("", low, count=1), 0)
        n = self._occurrences[low] = self._occurrences.get(low, 0) + 1
        return f"{s}-{n}" if n >= 2 or numberless > 2 else s

    def _dedupe(self, slug: str) -> str:
        n = self._seen.get(slug, 0)
        self._seen[slug] = n + 1
        if n == 0:
            return slug
        k = n + 1
        while f"{slug}-{k}" in self._seen:
            k += 1
        self._seen[f"{slug}-{k}"] = 1
        return f"{slug}-{k}"

    def take(self, text: str, level: int = 2) -> str:
        """The id of the next heading (its inline source `text`); "" for h5/h6."""
        if level not in MINTLIFY_HEADING_LEVELS:
            return ""
        custom = _CUSTOM_ID.search(text)
        if custom:
            return self.custom(custom.group(1), text[: custom.start()])
        title = heading_title(text)
        base = _base_slug(title)
        return self._dedupe(clean_heading_id(self._count(base)) or base)

    def custom(self, raw: str, text: str = "") -> str:
        """A `{#id}` the author gave: punctuation and emoji removed, spaces to `-`."""
        nid = re.sub(r"\s+", "-", _EMOJI.sub("", re.sub(r"[<>\"&?,;:!'()\[\]{}]", "", raw.strip())))
        return self._dedupe(clean_heading_id(nid) or _base_slug(heading_title(text)))


def strip_custom_id(text: str) -> str:
    """Heading source without a trailing `{#id}`."""
    found = _CUSTOM_ID.search(text)
    return text[: found.start()] if found else text


def _transliterate(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    for key, value in _REPLACEMENTS.items():
        if key in s:
            s = s.replace(key, value)
    return unicodedata.normalize("NFC", _DIACRITIC.sub("", unicodedata.normalize("NFD", s)))


_REPLACEMENTS = dict(REPLACEMENTS) | dict(OVERRIDABLE)


def _decamelize(s: str) -> str:
    s = re.sub(r"([A-Z]{2,})(\d+)", r"\1 \2", s)
    s = re.sub(r"([a-z\d]+)([A-Z]{2,})", r"\1 \2", s)
    s = re.sub(r"([a-z\d])([A-Z])", r"\1 \2", s)
    return re.sub(r"([A-Z]+)([A-Z][a-rt-z\d]+)", r"\1 \2", s)


@functools.lru_cache(maxsize=16384)
def field_slug(name: str, count: int = 0) -> str:
    """Mintlify's `generateParamFieldId`: `param-<name>` (`_<count>` for a repeat) through the
    full library slugify (transliterated, decamelized, lowercase)."""
    s = _decamelize(_transliterate(f"param-{name}" + (f"_{count}" if count else ""))).lower()
    s = _CONTRACTION.sub(r"\1\2\3", re.sub(r"[^a-z\d]+", "-", s).replace("\\", ""))
    return re.sub(r"-{2,}", "-", s).strip("-")


class FieldIds:
    """The ids of one page's ParamField/ResponseField elements, as Mintlify gives them: the ids
    authors wrote are `claimed` first; then `take(name)` for each field without one, in
    document order."""

    def __init__(self, claimed: Iterable[str] = ()) -> None:
        self._claimed = set(claimed)
        self._counts: dict[str, int] = {}

    def take(self, name: str) -> str:
        base = field_slug(name)
        n = self._counts.get(base, 0)
        fid = field_slug(name, n)
        while fid in self._claimed:
            n += 1
            fid = field_slug(name, n)
        self._counts[base] = n + 1
        self._claimed.add(fid)
        return fid
