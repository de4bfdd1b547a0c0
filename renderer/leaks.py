"""White-label leak check: parent-brand words and hidden-block text in any output file."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable

from . import model as m
from .config import Brand
from .fields import walk
from .site import Site
from .tree import plain_text

_TAG = re.compile(r"<[^>]+>")
MIN_FRAGMENT = 16
INDEX_FILES = ("llms.txt", "llms-full.txt", "sitemap.xml", "search-index.json", "index.md")


def _texts(blocks: Iterable[m.Block]) -> Iterable[str]:
    for n in walk(tuple(blocks)):
        if isinstance(n, (m.Paragraph, m.Heading)):
            yield plain_text(n.text)
        elif isinstance(n, m.Step):
            yield plain_text(n.title)


def hidden_fragments(site: Site) -> dict[str, frozenset[str]]:
    """Per page URL: texts found only in its white-label-hidden content (or the hidden page)."""
    out: dict[str, frozenset[str]] = {}
    for g in site.all():
        frags = page_fragments(g)
        if frags:
            out[g.url] = frags
    return out


def page_fragments(g: m.Guide) -> frozenset[str]:
    """Texts found only in one page's white-label-hidden content (or all of a hidden page)."""
    hidden: set[str] = set()
    visible: set[str] = {f.label for f in g.fields}
    if g.whitelabel_hide:
        hidden |= {plain_text(g.title), plain_text(g.description), *_texts(g.blocks)}
    else:
        for b in walk(g.blocks):
            if isinstance(b, m.WhitelabelHide):
                hidden |= set(_texts(b.body))
        visible |= {
            t for b in g.blocks if not isinstance(b, m.WhitelabelHide) for t in _texts((b,))
        }
    return frozenset(t for t in hidden - visible if len(t) >= MIN_FRAGMENT)


@functools.lru_cache(maxsize=65536)
def _key_word(fragment: str) -> str:
    """The fragment's longest word: it must appear verbatim wherever the fragment does."""
    return max(re.findall(r"[A-Za-z0-9]+", fragment) or [""], key=len)


def _normal(text: str, is_html: bool) -> str:
    if is_html:
        text = _TAG.sub(" ", text)
    return " ".join(html.unescape(text).split())


class LeakChecker:
    """Checks one output file at a time (so outputs can stream to disk)."""

    def __init__(self, brand: Brand, fragments: dict[str, frozenset[str]]):
        words = [w for w in brand.leak_words if w]
        self.word_re = re.compile("|".join(re.escape(w) for w in words), re.I) if words else None
        self.ascii_words = [w.lower().encode() for w in words if w.isascii()]
        self.other_words = any(not w.isascii() for w in words)
        self.everything = frozenset().union(*fragments.values()) if fragments else frozenset()
        self.by_file: dict[str, frozenset[str]] = {}
        for url, frags in fragments.items():
            base = "index" if url == "/" else url.lstrip("/")
            self.by_file[base + ".html"] = frags
            self.by_file[base + ".md"] = frags

    def _may_hold_word(self, data: bytes) -> bool:
        """A cheap necessary condition for a parent-brand word match (bytes searches)."""
        if self.word_re is None:
            return False
        if self.other_words or any(c in data for c in _CASE_FOLDS_TO_ASCII):
            return True
        low = data.lower()
        return any(w in low for w in self.ascii_words)

    def check(self, path: str, data: bytes) -> list[str]:
        """`file:line: …` for each leak in one output file."""
        if path.startswith("assets/") and not path.endswith((".css", ".js", ".svg")):
            return []
        frags = self.everything if path in INDEX_FILES else self.by_file.get(path)
        if not frags and not self._may_hold_word(data):
            return []
        text = data.decode("utf-8", errors="replace")
        hits = []
        if self.word_re is not None:
            for mt in self.word_re.finditer(text):
                line = text.count("\n", 0, mt.start()) + 1
                hits.append(f"{path}:{line}: parent brand word {mt.group(0)!r}")
        if frags:
            frags = [f for f in frags if _key_word(f) in text]  # cheap necessary condition
        if frags:
            flat = _normal(text, path.endswith(".html"))
            for frag in sorted(frags):
                if frag in flat:
                    pos = text.find(frag[:24])
                    line = text.count("\n", 0, pos) + 1 if pos >= 0 else 1
                    hits.append(f"{path}:{line}: hidden text {frag[:60]!r}")
        return hits


_CASE_FOLDS_TO_ASCII = ("ſ".encode(), "\u212a".encode(), "ı".encode(), "İ".encode())
"""Non-ASCII letters that a case-insensitive regex matches to ASCII ones (long s, Kelvin sign,
dotless and dotted i)."""


def scan(
    outputs: Iterable[tuple[str, bytes]], brand: Brand, fragments: dict[str, frozenset[str]]
) -> list[str]:
    """`file:line: …` for each leak; empty when the variant is clean."""
    checker = LeakChecker(brand, fragments)
    return [hit for path, data in outputs for hit in checker.check(path, data)]
