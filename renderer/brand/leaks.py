"""White-label leak check: parent-brand words and hidden-block text in any output file."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from renderer.config.schema import Brand
from renderer.core import model as m
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.core.model import walk
from renderer.core.text import plain_text
from renderer.vary.site import Site, file_for

_TAG = re.compile(r"<[^>]+>")
_A_HREF = re.compile(r"<a\b[^<>]*?\bhref=\"([^\"]*)\"")
_SITE_FILES = frozenset(("/404", "/index"))
MIN_FRAGMENT = 16
_INLINE_TAG = (
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span"
    r"|strong|sub|sup|time|u|var|wbr)(?:\s[^<>]*)?/?>"
)
"""An inline element's tag: text on both sides of it reads as one word."""
_INLINE_MARK = r"[*`~]"
"""Markdown emphasis, code and strikethrough marks: `Stack**One**` reads as one word."""
_SPLIT_GAP = {".html": _INLINE_TAG, ".md": _INLINE_MARK, ".txt": _INLINE_MARK}
"""Per file kind, the markup that can stand inside a word without a reader seeing it."""
LISTING_FILES = ("llms.txt", "sitemap.xml", "index.md", "index.html")
"""Files that list every page: checked for the hidden text of every page (a connector's
`connectors/<c>/llms.txt` too)."""


def _is_llms_full(path: str) -> bool:
    """The root llms-full.txt or a connector's: joined from pieces checked one by one."""
    return path == "llms-full.txt" or (
        path.startswith("connectors/") and path.endswith("/llms-full.txt")
    )


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


_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
"""Default-ignorable code points: invisible inside a word (soft hyphen, zero-width space,
joiners, word joiner, bidi controls, variation selectors, tags)."""
_CONFUSABLE = str.maketrans(
    "аеорсухкмтнвѕіјԁɡАВЕКМНОРСТУХЅІЈοαειкνρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxkmthbsijdgABEKMHOPCTYXSIJoaeikvptuxABEZHIKMNOPTYX",
)
"""Cyrillic and Greek letters drawn like Latin ones."""
_CASE_ASCII = str.maketrans("\u0130\u0131\u017f\u212a", "iisk")
"""The non-ASCII letters Python's IGNORECASE matches to ASCII ones (İ ı ſ K: see `re`)."""
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


_ODD_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|#39|#x27|#34|nbsp);)[A-Za-z#]")
_LOOKS_LATIN = re.compile("[аеорсухкмтнвѕіјԁɡАВЕКМНОРСТУХЅІЈοαειкνρτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ]")


def disguised(text: str) -> bool:
    """Could `text` spell a word in a way a plain search misses? Only the non-ASCII characters
    are examined (ignorable, look-alike or not NFKC-stable), plus percent signs and entities."""
    import unicodedata

    if not text.isascii():
        odd = "".join(_NON_ASCII.findall(text))
        if (
            _IGNORABLE.search(odd)
            or _LOOKS_LATIN.search(odd)
            or not unicodedata.is_normalized("NFKC", odd)
        ):
            return True
    return "%" in text or ("&" in text and bool(_ODD_ENTITY.search(text)))


@functools.lru_cache(maxsize=4096)
def _fold(run: str) -> str:
    """A non-ASCII run as a reader sees it (cached: pages repeat the same few runs, `→`, `·`)."""
    import unicodedata

    run = unicodedata.normalize("NFKC", _IGNORABLE.sub("", run))
    return _IGNORABLE.sub("", run).translate(_CONFUSABLE)


def reveal(text: str) -> str:
    """Text as a reader sees it, for the parent-word check: entities decoded, percent-encoded
    runs decoded (URLs), and in every non-ASCII run invisible code points removed,
    compatibility forms folded (NFKC: fullwidth letters, ligatures) and look-alike letters
    mapped to Latin."""
    from urllib.parse import unquote

    out = html.unescape(text) if "&" in text else text
    if "%" in out:
        out = _PERCENT.sub(lambda mt: unquote(mt.group(0), errors="replace"), out)
    return out if out.isascii() else _NON_ASCII.sub(lambda mt: _fold(mt.group(0)), out)


def _spread(words: Iterable[str], gap: str) -> re.Pattern[str]:
    """A pattern for `words` with any run of `gap` allowed between two of their characters."""
    between = f"(?:{gap})*"
    return re.compile("|".join(between.join(map(re.escape, w)) for w in words), re.I)


class _Split(NamedTuple):
    """The parent words as inline markup of one file kind can split them."""

    words: re.Pattern[str]
    """The words with markup allowed between any two of their characters."""
    gap: re.Pattern[str]
    """The markup."""
    gap_bytes: re.Pattern[bytes]
    ascii_words: tuple[bytes, ...]
    """The ASCII words, lower case."""

    @classmethod
    def of(cls, words: list[str], gap: str) -> _Split:
        ascii_words = tuple(sorted({w.lower().encode() for w in words if w.isascii()}))
        return cls(
            _spread(words, gap),
            re.compile(gap, re.I),
            re.compile(gap.encode(), re.I),
            ascii_words,
        )

    def may_split(self, low: bytes) -> bool:
        """Does removing the markup from `low` (lower case) bring an ASCII word to light?"""
        joined = self.gap_bytes.sub(b"", low)
        return any(joined.count(w) > low.count(w) for w in self.ascii_words)


def _kind(path: str) -> str:
    return path[path.rfind(".") :]


class LeakChecker:
    """Checks one output file at a time (so outputs can stream to disk).

    Every file is checked for the parent brand's words. Hidden-block text is looked for where
    it could surface: a page's own files, and its pieces of llms-full.txt and the search index
    (`page`), against that page's hidden fragments; the files that list every page (llms.txt
    files, the sitemap, the home page and its twin) against every fragment of the site, in one
    pass (Aho-Corasick). The llms-full.txt files as a whole are their checked pieces (and are
    checked for parent words); the Pagefind files are checked by `search_index.bundle_leaks`."""

    def __init__(
        self,
        brand: Brand,
        fragments: dict[str, frozenset[str]],
        targets: dict[str, frozenset[str]] | None = None,
    ):
        self.targets = targets
        """The variant's pages: a link in a page to any other page is a leak (the unlinker
        missed a spelling, or a page exists on the branded site only)."""
        words = [w for w in brand.leak_words if w]
        self.word_re = re.compile("|".join(re.escape(w) for w in words), re.I) if words else None
        self.ascii_words = [w.lower().encode() for w in words if w.isascii()]
        self.other_words = any(not w.isascii() for w in words)
        self.ascii_text = [w.lower() for w in words if w.isascii()]
        self.split = {k: _Split.of(words, g) for k, g in _SPLIT_GAP.items()} if words else {}
        """Per file kind, the words with inline markup inside them (`Stack<b>One</b>`)."""
        self.escaped = any(c in w for w in words for c in "&<>\"'")
        """A word holds a character HTML writes as an entity (`AT&T`): entities are decoded."""
        self.fragments = fragments
        self.by_file: dict[str, frozenset[str]] = {}
        for url, frags in fragments.items():
            self.by_file[file_for(url, ".html")] = frags
            self.by_file[file_for(url, ".md")] = frags
        self._every: tuple[list[str], Any] | None = None

    def check(self, path: str, data: bytes) -> list[str]:
        """`file:line: …` for each leak in one output file."""
        if path.startswith("assets/") and not path.endswith((".css", ".js", ".svg")):
            return []
        if path in LISTING_FILES or (path.startswith("connectors/") and path.endswith("/llms.txt")):
            return self._check(path, data, None)
        if _is_llms_full(path):  # each piece was checked as it was made (see `page`); the
            return self._check(path, data, frozenset())  # joins: for parent words only
        hits = self._check(path, data, self.by_file.get(path, frozenset()))
        if self.targets is not None and path.endswith(".html"):
            hits += self._dead_links(path, data)
        return hits

    def _dead_links(self, path: str, data: bytes) -> list[str]:
        """Links in a rendered page to pages the variant does not have."""
        from renderer.vary.variant import internal_path, split_href

        text = data.decode("utf-8", errors="replace")
        page = "/" if path == "index.html" else "/" + path[: -len(".html")]
        hits = []
        for mt in _A_HREF.finditer(text):
            target = internal_path(html.unescape(mt.group(1)), page)
            if target is None or target.startswith(("#", "/assets/", "?")):
                continue
            where, _ = split_href(target)
            if "." in where.rsplit("/", 1)[-1]:
                continue  # a file (llms.txt, an image), not a page
            if where and where not in self.targets and where not in _SITE_FILES:
                line = text.count("\n", 0, mt.start()) + 1
                hits.append(f"{path}:{line}: link to {where}, a page this brand does not have")
        return hits

    def listing(self, path: str, data: bytes) -> list[str]:
        """Leaks in a file that lists pages (checked for every page's hidden text)."""
        return self._check(path, data, None)

    def page(self, path: str, data: bytes, url: str) -> list[str]:
        """Leaks in a piece of an index file made from one page (`path`: the file it goes in)."""
        return self._check(path, data, self.fragments.get(url, frozenset()))

    def _may_hold_word(self, data: bytes, path: str) -> bool:
        """A cheap necessary condition for a parent-brand word match (bytes searches): any
        non-ASCII byte, entity or percent sign may spell a word in disguise, and inline markup
        may split one."""
        if self.word_re is None:
            return False
        if self.other_words or not data.isascii() or b"&" in data or b"%" in data:
            return True
        low = data.lower()
        split = self.split.get(_kind(path))
        return any(w in low for w in self.ascii_words) or (
            split is not None and split.may_split(low)
        )

    def _check(self, path: str, data: bytes, frags: frozenset[str] | None) -> list[str]:
        """`frags`: the hidden fragments to look for; None for every fragment of the site."""
        if frags is not None and not frags and not self._may_hold_word(data, path):
            return []
        text = data.decode("utf-8", errors="replace")
        hits = []
        if self.word_re is not None:
            plain = not disguised(text) and not (self.escaped and "&" in text)
            seen = text if plain else reveal(text)
            for mt in self.word_re.finditer(seen) if self._may_match(seen) else ():
                line = seen.count("\n", 0, mt.start()) + 1
                hits.append(f"{path}:{line}: parent brand word {mt.group(0)!r}")
            split = self.split.get(_kind(path))
            if split is not None and (
                self.other_words or split.may_split((data if plain else seen.encode()).lower())
            ):
                hits += _split_words(path, seen, split)
        found: set[str] | list[str] = []
        if frags is None:
            found = self._every_fragment(_normal(text, path.endswith(".html")))
        elif frags:
            maybe = [f for f in frags if _key_word(f) in text]  # cheap necessary condition
            flat = _normal(text, path.endswith(".html")) if maybe else ""
            found = [f for f in maybe if f in flat]
        for frag in sorted(found):
            pos = text.find(frag[:24])
            line = text.count("\n", 0, pos) + 1 if pos >= 0 else 1
            hits.append(f"{path}:{line}: hidden text {frag[:60]!r}")
        return hits

    def _may_match(self, seen: str) -> bool:
        """A necessary condition for `word_re` to match `seen`, in one pass of C: with
        IGNORECASE an ASCII letter also matches only the four letters of `_CASE_ASCII`."""
        if self.other_words:
            return True
        low = seen.translate(_CASE_ASCII).lower()
        return any(w in low for w in self.ascii_text)

    def _every_fragment(self, flat: str) -> set[str]:
        """Every fragment of the site found in `flat`, in one pass over it."""
        if self._every is None:
            import ahocorasick_rs

            patterns = sorted(set().union(*self.fragments.values())) if self.fragments else []
            self._every = (patterns, ahocorasick_rs.AhoCorasick(patterns) if patterns else None)
        patterns, automaton = self._every
        if automaton is None:
            return set()
        return {
            patterns[i] for i, _, _ in automaton.find_matches_as_indexes(flat, overlapping=True)
        }


def _split_words(path: str, seen: str, split: _Split) -> list[str]:
    """Parent words a reader sees whole that inline markup splits in the file (those without
    markup inside were reported as they are)."""
    hits = []
    for mt in split.words.finditer(seen):
        if split.gap.search(mt.group(0)):
            word = split.gap.sub("", mt.group(0))
            line = seen.count("\n", 0, mt.start()) + 1
            hits.append(f"{path}:{line}: parent brand word {word!r} split by markup")
    return hits


def piece_leaks(checker: LeakChecker, chunks: Mapping[str, bytes]) -> list[str]:
    """Leaks in the pages' pieces of the llms-full.txt files (URL -> piece)."""
    hits = []
    for url, chunk in chunks.items():
        hits += checker.page("llms-full.txt", chunk, url)
    return hits


def locate_leak(
    brand: Brand, hit: str, source_path: str, source_text: str, outputs: list[str] | None = None
) -> Problem:
    """A leak found in an output file, located where its text is written in the source: the
    line and column of the word or hidden text as written (disguises seen through), the brand,
    the output files it would have reached, and a hint that fits."""
    out_path, _, what = hit.split(":", 2)
    what = what.strip()
    quoted = re.search(r"'([^']*)'|\"([^\"]*)\"", what)
    needle = next((g for g in quoted.groups() if g), "") if quoted else ""
    line_no, col, line_text = 1, 1, ""
    lines = source_text.split("\n")
    found = False
    for fold in (False, True):  # as found first (the case it was written in), then any case
        for n, line in enumerate(lines, 1):
            seen = reveal(line) if disguised(line) else line
            probe = needle[:40]
            at = (seen.lower().find(probe.lower()) if fold else seen.find(probe)) if probe else -1
            if at >= 0:
                line_no, col, line_text, found = n, min(at, len(line)) + 1, line, True
                break
        if found:
            break
    if not found and needle:  # written with markup inside it (`Stack**One**`)
        spread = _spread([needle[:40]], f"{_INLINE_TAG}|{_INLINE_MARK}")
        for n, line in enumerate(lines, 1):
            mt = spread.search(reveal(line) if disguised(line) else line)
            if mt:
                line_no, col, line_text = n, min(mt.start(), len(line)) + 1, line
                break
    reached = ", ".join(f"{brand.key}/{o}" for o in (outputs or [out_path]))
    if "parent brand word" in what:
        hint = (
            f"add a term for it in {brand.key}/brand.yml (`terms:`), a URL map entry (`urls:`) "
            f"if it is part of a URL, hide the block with data-whitelabel-hide, or allow it "
            f"with `allow_words`"
        )
    elif "hidden text" in what:
        hint = "this text is hidden elsewhere on the page: hide it here too, or show it there"
    else:
        hint = "remove the link, or keep the page it points at for this brand"
    return Problem(
        SourcePos(source_path, line_no, col),
        f"white-label leak for brand {brand.key}: {what} (would reach {reached})",
        hint,
        line_text,
    )


def located_leak_error(brand: Brand, hits: list[str], sources: dict[str, str]) -> GuideError:
    """Leaks in a page's own files located in its source (`sources`: output file -> the
    source as shown), one problem per cause naming every output it reached; the rest (files
    that list every page) at the output file."""
    by_cause: dict[tuple[str, str], list[str]] = {}
    others = []
    for hit in hits:
        out, _, what = hit.partition(":")
        source = sources.get(out)
        if source is None:
            others.append(hit)
        else:
            by_cause.setdefault((source, what.split(":", 1)[-1]), []).append(hit)
    problems = []
    for (source, _), found in by_cause.items():
        try:
            with open(source, encoding="utf-8") as fh:
                text = fh.read()
        except OSError:
            others += found
            continue
        outputs = list(dict.fromkeys(h.split(":", 1)[0] for h in found))
        problems.append(locate_leak(brand, found[0], source, text, outputs))
    return GuideError(problems + list(leak_error(brand, list(dict.fromkeys(others))).problems))


def leak_error(brand: Brand, hits: list[str]) -> GuideError:
    """The build-stopping error for white-label leaks, one problem per hit."""
    problems = []
    for hit in hits[:200]:
        path, line, what = hit.split(":", 2)
        problems.append(
            Problem(
                SourcePos(f"{brand.key}/{path}", int(line), 1),
                f"white-label leak: {what.strip()}",
                "hide the content with data-whitelabel-hide, or add the word to "
                f"allow_words in {brand.key}/brand.yml",
            )
        )
    return GuideError(problems)
