"""White-label leak check: parent-brand words and hidden-block text in any output file."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from renderer.brand import decode
from renderer.brand.confusables import char_fold, fold_map
from renderer.brand.confusables_data import IGNORABLE
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
    r"|strong|sub|sup|time|tspan|textPath|u|var|wbr)(?:\s[^<>]*)?/?>"
)
"""An inline element's tag: text on both sides of it reads as one word."""
_INLINE_MARK = r"[*`~]"
"""Markdown emphasis, code and strikethrough marks: `Stack**One**` reads as one word."""
_SVG_GAP = r"\s*<[^<>]*>\s*"
"""SVG text runs: `<text>S<tspan>tack</tspan></text><text x="40">One</text>` draws one word."""
_SPLIT_GAP = {".html": _INLINE_TAG, ".md": _INLINE_MARK, ".txt": _INLINE_MARK, ".svg": _SVG_GAP}
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


_IGNORABLE = re.compile(f"[{IGNORABLE}]")
"""Default-ignorable code points (Unicode's DerivedCoreProperties, see confusables.py):
invisible inside a word (soft hyphen, zero-width space, joiners, bidi controls, variation
selectors, tags)."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


_IGNORECASE_ASCII = "\u0130\u0131\u017f\u212a"
"""The code points outside ASCII that a case-insensitive pattern matches to ASCII letters
(İ ı ſ K; checked over all of Unicode): where one is, lower-casing is no prefilter."""
_ODD_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|#39|#x27|#34|nbsp);)[A-Za-z#]|&amp;[A-Za-z#]")
"""An entity other than the ones HTML writes for markup characters, or one of those before
another (`&amp;#83;`: an entity of an entity, which an agent may decode twice)."""


@functools.cache
def _looks_latin() -> re.Pattern[str]:
    """Any code point the fold table maps (Unicode's confusables of ASCII letters)."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(fold_map())) + "]")


def disguised(text: str, kind: str = "") -> bool:
    """Could `text` spell a word in a way a plain search misses? Only the non-ASCII characters
    are examined (ignorable, look-alike or not NFKC-stable), plus percent signs, entities and
    backslash escapes."""
    import unicodedata

    if not text.isascii():
        odd = "".join(_NON_ASCII.findall(text))
        if (
            _IGNORABLE.search(odd)
            or _looks_latin().search(odd)
            or not unicodedata.is_normalized("NFKC", odd)
        ):
            return True
    return (
        "%" in text or ("&" in text and bool(_ODD_ENTITY.search(text))) or decode.may_escape(text)
    )


@functools.lru_cache(maxsize=4096)
def _fold(run: str) -> str:
    """A non-ASCII run as a reader sees it (cached: pages repeat the same few runs, `→`, `·`)."""
    import unicodedata

    run = unicodedata.normalize("NFKC", _IGNORABLE.sub("", run))
    return _IGNORABLE.sub("", run).translate(fold_map())


def reveal(text: str, kind: str = "") -> str:
    """Text as a reader sees it, for the parent-word check: entities, percent-encoded runs
    (URLs) and the backslash escapes of the file's kind (JSON/JS, CSS) decoded, layer after
    layer; then in every non-ASCII run invisible code points removed, compatibility forms
    folded (NFKC: fullwidth letters, ligatures) and look-alike letters mapped to the ASCII
    letters they are drawn as (Unicode's confusables, see confusables.py)."""
    out = decode.unescape(text, kind)
    return out if out.isascii() else _NON_ASCII.sub(lambda mt: _fold(mt.group(0)), out)


def _spread(words: Iterable[str], gap: str) -> re.Pattern[str]:
    """A pattern for `words` with any run of `gap` allowed between two of their characters."""
    between = f"(?:{gap})*"
    return re.compile("|".join(between.join(map(re.escape, w)) for w in words), re.I)


class _Later:
    """`_spread(words, gap)`, compiled when first used: most files never need it, and compiling
    the patterns of every file kind cost each brand of a fresh process (an incremental build)
    ~25 ms."""

    __slots__ = ("_args", "_pattern")

    def __init__(self, words: Iterable[str], gap: str):
        self._args = (tuple(words), gap)
        self._pattern: re.Pattern[str] | None = None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._pattern is None:
            self._pattern = _spread(*self._args)
        return self._pattern.finditer(text)


class _Split(NamedTuple):
    """The parent words as inline markup of one file kind can split them."""

    words: _Later
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
            _Later(words, gap),
            re.compile(gap, re.I),
            re.compile(gap.encode(), re.I),
            ascii_words,
        )

    def may_split(self, low: bytes) -> bool:
        """Does removing the markup from `low` (lower case) bring an ASCII word to light?"""
        joined = self.gap_bytes.sub(b"", low)
        return any(joined.count(w) > low.count(w) for w in self.ascii_words)


def _kind(path: str) -> str:
    return decode.kind_of(path)


class LeakChecker:
    """Checks one output file at a time (so outputs can stream to disk).

    Every file is checked for the parent brand's words, whatever its kind: text as a reader
    sees it (entities, percent-encoding, JSON/JS and CSS escapes decoded, look-alike letters
    folded), with the `data:` URIs it holds decoded; gzip and zip members, PDF streams and
    strings, image metadata and any other binary's text runs (see decode.py). Hidden-block
    text is looked for where it could surface: a page's own files, and its pieces of
    llms-full.txt and the search index (`page`), against that page's hidden fragments; the
    files that list every page (llms.txt files, the sitemap, the home page and its twin)
    against every fragment of the site, in one pass (Aho-Corasick). The llms-full.txt files
    as a whole are their checked pieces (and are checked for parent words); the Pagefind files
    are checked by `search_index.bundle_leaks`."""

    def __init__(
        self,
        brand: Brand,
        fragments: dict[str, frozenset[str]],
        targets: dict[str, frozenset[str]] | None = None,
        allow_files: Iterable[str] | None = None,
        max_bytes: int = decode.MAX_BYTES,
    ):
        self.targets = targets
        """The variant's pages: a link in a page to any other page is a leak (the unlinker
        missed a spelling, or a page exists on the branded site only)."""
        words = [w for w in brand.leak_words if w]
        self.word_re = re.compile("|".join(re.escape(w) for w in words), re.I) if words else None
        self.joined_re = _Later(words, decode.JOINED) if words else None
        """The words read through the line breaks an escape swallowed (decode.JOINED)."""
        self.ascii_words = [w.lower().encode() for w in words if w.isascii()]
        self.lower_words = [w.lower() for w in words]
        self.other_words = any(not w.isascii() for w in words)
        self.shortest = (min(map(len, words), default=0) + 1) // 2
        """The fewest code points a word may be written with in a binary (a ligature
        such as `ﬁ` is two letters; a word of the three-letter ones `ﬃ` `ﬄ` alone is missed)."""
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
        self.max_bytes = max_bytes
        """What one output file may decompress or decode to, in all (see decode.Budget)."""
        allowed = brand.allow_files if allow_files is None else tuple(allow_files)
        self.allow_files = allowed
        """Output paths (fnmatch patterns) whose unreadable contents the brand vouches for:
        an encrypted or undecodable file there is not refused (what can be read still is
        checked)."""

    def check(self, path: str, data: bytes) -> list[str]:
        """`file:line: …` for each leak in one output file."""
        if decode.nature(path, data) != "text":
            return self._contents(path, data)
        if path in LISTING_FILES or (path.startswith("connectors/") and path.endswith("/llms.txt")):
            return self._check(path, data, None)
        if _is_llms_full(path):  # each piece was checked as it was made (see `page`); the
            return self._check(path, data, frozenset())  # joins: for parent words only
        hits = self._check(path, data, self.by_file.get(path, frozenset()))
        if self.targets is not None and path.endswith(".html"):
            hits += self._dead_links(path, data)
        return hits

    def _contents(self, path: str, data: bytes) -> list[str]:
        """Leaks in a file that is not text: the texts of its containers, images, binary."""
        budget = decode.Budget(self.max_bytes)
        return self._inside(path, decode.contents(path, data, budget, 0, ""))

    def _inside(self, path: str, pieces: Iterable[decode.Piece]) -> list[str]:
        """Parent words in the texts found inside a file, reported at the file (the line of a
        data: URI, else line 1) with where inside it they are; a word once per line (the most
        specific piece names it: a PNG's text chunk before the PNG's bytes). A file that
        cannot be read whole is refused, unless the brand allows its path."""
        hits: list[str] = []
        seen: set[tuple[int, str]] = set()
        try:
            for piece in pieces:
                own_lines = not piece.line and piece.kind not in (".bin", ".pdf-text")
                if piece.kind == ".bin":
                    found = self._binary_words(piece.data)
                else:
                    found = self._words(piece.text, piece.kind)
                for line, what in found:
                    if (piece.line, what) in seen:
                        continue
                    seen.add((piece.line, what))
                    at = f", line {line}" if own_lines else ""
                    hits.append(f"{path}:{piece.line or 1}: {what} in {piece.label}{at}")
        except decode.Refused as err:
            if not self._allowed(path):
                hits.append(f"{path}:1: {err} (allow it in brand.yml `allow_files` if it is clean)")
        return hits

    def _allowed(self, path: str) -> bool:
        from fnmatch import fnmatchcase

        return any(fnmatchcase(path, pattern) for pattern in self.allow_files)

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
        non-ASCII byte, entity, percent sign, backslash escape or data: URI may spell a word in
        disguise, and inline markup may split one."""
        if self.word_re is None:
            return False
        if self.other_words or not data.isascii() or b"&" in data or b"%" in data:
            return True
        if b"\\" in data and decode.ANY_ESCAPE_BYTES.search(data):
            return True
        low = data.lower()
        split = self.split.get(_kind(path))
        return (
            any(w in low for w in self.ascii_words)
            or (split is not None and split.may_split(low))
            or decode.may_hold_data_uri(data)
        )

    def _binary_words(self, data: bytes) -> list[tuple[int, str]]:
        """Parent words in a binary's strings: its bytes read as ASCII (UTF-8) text, the same
        with NUL bytes left out (UTF-16 of ASCII, either byte order), and its look-alike
        letters folded wherever it holds one (UTF-8, UTF-16)."""
        if self.word_re is None:
            return []
        found = []
        for view in (data, data.replace(b"\0", b"")):
            low = view.lower()
            if self.other_words or any(w in low for w in self.ascii_words):
                text = view.decode("utf-8", "replace")
                found += [mt.group(0) for mt in self.word_re.finditer(text)]
        for text in decode.lookalike_runs(data, self.shortest):
            found += [mt.group(0) for mt in self.word_re.finditer(text.translate(char_fold()))]
        return [(1, f"parent brand word {word!r}") for word in dict.fromkeys(found)]

    def _words(self, text: str, kind: str) -> list[tuple[int, str]]:
        """(line, what) for each parent word in a text as a reader sees it: as written, in
        disguise, or split by inline markup."""
        if self.word_re is None:
            return []
        plain = not disguised(text) and not (self.escaped and "&" in text)
        seen = text if plain else reveal(text, kind)
        joined = decode.JOINED in seen
        found = []
        assert self.joined_re is not None
        cased = self.other_words or joined or any(c in seen for c in _IGNORECASE_ASCII)
        low = "" if cased else seen.lower()
        pattern = self.joined_re if joined else self.word_re
        if low and not any(w in low for w in self.lower_words):
            pattern = None  # a cheap necessary condition: no word in any case
        for mt in pattern.finditer(seen) if pattern is not None else ():
            line = _line(seen, mt.start(), joined)
            found.append((line, f"parent brand word {mt.group(0).replace(decode.JOINED, '')!r}"))
        split = self.split.get(kind)
        if split is not None and (
            self.other_words or split.may_split((text.encode() if plain else seen.encode()).lower())
        ):
            found += _split_words(seen, split, joined)
        return found

    def _check(self, path: str, data: bytes, frags: frozenset[str] | None) -> list[str]:
        """`frags`: the hidden fragments to look for; None for every fragment of the site."""
        if frags is not None and not frags and not self._may_hold_word(data, path):
            return []
        text = data.decode("utf-8", errors="replace")
        kind = _kind(path)
        hits = [f"{path}:{line}: {what}" for line, what in self._words(text, kind)]
        found: set[str] | list[str] = []
        if frags is None:
            found = self._every_fragment(_normal(text, kind == ".html"))
        elif frags:
            maybe = [f for f in frags if _key_word(f) in text]  # cheap necessary condition
            flat = _normal(text, kind == ".html") if maybe else ""
            found = [f for f in maybe if f in flat]
        for frag in sorted(found):
            pos = text.find(frag[:24])
            line = text.count("\n", 0, pos) + 1 if pos >= 0 else 1
            hits.append(f"{path}:{line}: hidden text {frag[:60]!r}")
        if self.word_re is not None and decode.may_hold_data_uri(data):
            hits += self._inside(path, decode.data_uris(text, decode.Budget(self.max_bytes)))
        return hits

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


def _line(seen: str, pos: int, joined: bool) -> int:
    """The line of `pos` in the file: a line break an escape swallowed counts too."""
    line = seen.count("\n", 0, pos) + 1
    return line + seen.count(decode.JOINED, 0, pos) if joined else line


def _split_words(seen: str, split: _Split, joined: bool = False) -> list[tuple[int, str]]:
    """Parent words a reader sees whole that inline markup splits in the file (those without
    markup inside were reported as they are)."""
    hits = []
    for mt in split.words.finditer(seen):
        if split.gap.search(mt.group(0)):
            word = split.gap.sub("", mt.group(0))
            hits.append(
                (_line(seen, mt.start(), joined), f"parent brand word {word!r} split by markup")
            )
    return hits


def piece_leaks(checker: LeakChecker, chunks: Mapping[str, bytes]) -> list[str]:
    """Leaks in the pages' pieces of the llms-full.txt files (URL -> piece)."""
    hits = []
    for url, chunk in chunks.items():
        hits += checker.page("llms-full.txt", chunk, url)
    return hits


def _needle(what: str) -> str:
    """The text a hit quotes (the word or the hidden text), else ""."""
    quoted = re.search(r"'([^']*)'|\"([^\"]*)\"", what)
    return next((g for g in quoted.groups() if g), "") if quoted else ""


def _locate(needle: str, lines: list[str]) -> tuple[int, int, str] | None:
    """(line, column, the line) where `needle` is written in `lines`: as found first (the case
    it was written in), then in any case, then with inline markup inside it; disguises are
    seen through. None if it is not there."""
    probe = needle[:40]
    if not probe:
        return None
    for fold in (False, True):
        for n, line in enumerate(lines, 1):
            seen = reveal(line) if disguised(line) else line
            at = seen.lower().find(probe.lower()) if fold else seen.find(probe)
            if at >= 0:
                return n, min(at, len(line)) + 1, line
    spread = _spread([probe], f"{_INLINE_TAG}|{_INLINE_MARK}")  # `Stack**One**`
    for n, line in enumerate(lines, 1):
        mt = spread.search(reveal(line) if disguised(line) else line)
        if mt:
            return n, min(mt.start(), len(line)) + 1, line
    return None


def locate_leak(
    brand: Brand, hit: str, source_path: str, source_text: str, outputs: list[str] | None = None
) -> Problem:
    """A leak found in an output file, located where its text is written in the source: the
    line and column of the word or hidden text as written (disguises seen through), the brand,
    the output files it would have reached, and a hint that fits."""
    out_path, _, what = hit.split(":", 2)
    what = what.strip()
    line_no, col, line_text = _locate(_needle(what), source_text.split("\n")) or (1, 1, "")
    reached = ", ".join(f"{brand.key}/{o}" for o in (outputs or [out_path]))
    if "parent brand word" in what:
        hint = (
            f"add a term for it in {brand.key}/brand.yml (`terms:`), a URL map entry (`urls:`) "
            f"if it is part of a URL, hide the block with data-whitelabel-hide, or allow it "
            f"with `allow_words`"
        )
    elif "hidden text" in what:
        hint = "this text is hidden elsewhere on the page: hide it here too, or show it there"
    elif "refused" in what:
        hint = (
            f"remove the file from what {brand.key} publishes, or list its path in "
            f"{brand.key}/brand.yml `allow_files` if it is clean"
        )
    else:
        hint = "remove the link, or keep the page it points at for this brand"
    return Problem(
        SourcePos(source_path, line_no, col),
        f"white-label leak for brand {brand.key}: {what} (would reach {reached})",
        hint,
        line_text,
    )


def _source_text(path: str) -> str | None:
    """A source file as text ("" for a binary: located at the file); None if unreadable."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    return data.decode("utf-8", errors="replace") if decode.nature(path, data) == "text" else ""


def located_leak_error(
    brand: Brand,
    hits: list[str],
    sources: dict[str, str],
    fallbacks: Iterable[str] = (),
) -> GuideError:
    """Leaks located in the source that put the text there, one problem per cause naming
    every output it reached. `sources`: output file -> its source (a page's files -> the page
    as shown, a copied file -> the file it was copied from). `fallbacks`: the files the other
    outputs are made from (docs.json or mkdocs.yml, brand.yml, the templates): a hit in a
    file that lists every page, the redirects or the navigation is located in the first of
    them that holds its text. The rest at the output file."""
    by_cause: dict[tuple[str, str], list[str]] = {}
    texts: dict[str, str | None] = {}
    others = []
    for hit in hits:
        out, _, what = hit.partition(":")
        source = sources.get(out)
        if source is None:
            needle = _needle(what.split(":", 1)[-1])
            for path in fallbacks:
                if path not in texts:
                    texts[path] = _source_text(path)
                text = texts[path]
                if text and _locate(needle, text.split("\n")) is not None:
                    source = path
                    break
        if source is None:
            others.append(hit)
        else:
            by_cause.setdefault((source, what.split(":", 1)[-1]), []).append(hit)
    problems = []
    for (source, _), found in by_cause.items():
        if source not in texts:
            texts[source] = _source_text(source)
        text = texts[source]
        if text is None:
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
