"""Search over one built brand's pages, section by section: the words a reader of the twins can
find, ranked the same way every time (terms matched, then BM25 with heading and title boosts,
then page and section order)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from renderer.agents.site import BuiltSite, Page, Section

MAX_LIMIT = 50
PER_PAGE = 3
"""Sections of one page in one result list, at most."""
EXCERPT = 240
"""Characters of an excerpt, about."""
_K1, _B = 1.2, 0.75
_HEADING_BOOST, _TITLE_BOOST = 2.0, 1.0
_WORD = re.compile(r"[^\W_]+")
STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "what",
        "when",
        "where",
        "which",
        "with",
        "you",
        "your",
    ]
)


def fold(text: str) -> str:
    """Lower case without accents: "Résumé" -> "resume"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A light English stem, enough for plurals: tokens -> token, policies -> policy."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """Text -> the terms it is indexed or searched by."""
    return [stem(w) for w in _WORD.findall(fold(text)) if w not in STOP]


@dataclass(frozen=True, slots=True)
class Hit:
    page: Page
    section: Section
    matched: int
    score: float
    excerpt: str


@dataclass(frozen=True, slots=True)
class _Doc:
    page: Page
    section: Section
    order: int
    tf: Counter[str]
    length: int
    heading: frozenset[str]
    title: frozenset[str]


class SearchIndex:
    """Every section of every page of a built brand."""

    def __init__(self, site: BuiltSite):
        self.site = site
        docs = []
        for page in site.pages:
            title = frozenset(terms(page.title))
            for section in page.sections:
                words = terms(section.heading + " " + section.text)
                docs.append(
                    _Doc(
                        page,
                        section,
                        len(docs),
                        Counter(words),
                        len(words),
                        frozenset(terms(section.heading)),
                        title,
                    )
                )
        self.docs = docs
        self.avg = sum(d.length for d in docs) / len(docs) if docs else 0.0
        df: Counter[str] = Counter()
        for d in docs:
            df.update(set(d.tf) | d.title)
        n = len(docs)
        self.idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}

    def search(self, query: str, limit: int = 8) -> list[Hit]:
        """The best sections for `query` (at most PER_PAGE of one page), best first."""
        wanted = list(dict.fromkeys(terms(query)))
        if not wanted:
            return []
        scored = []
        for d in self.docs:
            matched, score = self._score(d, wanted)
            if matched:
                scored.append((-matched, -round(score, 9), d.order, d))
        scored.sort(key=lambda s: s[:3])
        out: list[Hit] = []
        per_page: Counter[str] = Counter()
        for neg_matched, neg_score, _, d in scored:
            if per_page[d.page.path] >= PER_PAGE:
                continue
            per_page[d.page.path] += 1
            out.append(Hit(d.page, d.section, -neg_matched, -neg_score, excerpt(d, wanted)))
            if len(out) >= max(1, min(limit, MAX_LIMIT)):
                break
        return out

    def _score(self, d: _Doc, wanted: list[str]) -> tuple[int, float]:
        matched, score = 0, 0.0
        norm = _K1 * (1 - _B + _B * (d.length / self.avg if self.avg else 1.0))
        for t in wanted:
            idf = self.idf.get(t, 0.0)
            tf = d.tf.get(t, 0)
            hit = False
            if tf:
                score += idf * tf * (_K1 + 1) / (tf + norm)
                hit = True
            if t in d.heading:
                score += _HEADING_BOOST * idf
            if t in d.title:
                score += _TITLE_BOOST * idf
                hit = True
            matched += hit
        return matched, score


def excerpt(d: _Doc | Section, wanted: list[str]) -> str:
    """About EXCERPT characters of the section around the first place a term occurs."""
    section = d.section if isinstance(d, _Doc) else d
    text = section.text or section.heading
    if len(text) <= EXCERPT:
        return text
    pos = _first(text, wanted)
    start = max(0, pos - EXCERPT // 3)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + EXCERPT)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def _first(text: str, wanted: list[str]) -> int:
    folded = fold(text)
    best = len(text)
    for t in wanted:
        m = re.search(r"(?<![^\W_])" + re.escape(t), folded)
        if m and m.start() < best:
            best = m.start()
    # folding can change lengths (ligatures, some scripts): keep the position inside `text`
    return min(best, len(text)) if best < len(text) else 0
