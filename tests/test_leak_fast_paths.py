"""The leak check's fast paths change no answer: the word pre-check never skips a file the word
pattern would match, and the cached fold equals the uncached one."""

from __future__ import annotations

import dataclasses
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from renderer.brand import leaks
from renderer.brand.leaks import LeakChecker
from renderer.config.mkdocs_yml import load_config

from .conftest import ROOT

WORDS = ("StackOne", "Hub", "skies", "Kit")
# letters that case-fold onto the words' letters, look-alikes and markup around them
ALPHABET = "StackOneHubskiKTIİıſK\u212a \u00e9→<>&;%#xb"


def _checker(*words: str) -> LeakChecker:
    brand = load_config(ROOT / "mkdocs.yml").brand("acme")
    return LeakChecker(dataclasses.replace(brand, leak_words=words), {})


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40), st.sampled_from(WORDS))
@example("\u212ait", "Kit")
@example("ſkies", "skies")
def test_the_word_pre_check_never_skips_a_match(text: str, word: str) -> None:
    checker = _checker(word, "Acme")
    assert checker.word_re is not None
    if checker.word_re.search(text):
        assert checker._words(text, ".txt"), "the pre-check skipped a match"


def test_every_letter_ignorecase_maps_to_ascii_is_folded() -> None:
    """The pre-check's table is complete: no other code point matches an ASCII letter."""
    table = leaks._IGNORECASE_ASCII
    for code in range(0x80, 0x30000):
        ch = chr(code)
        if re.fullmatch("[a-z]", ch, re.I):
            assert ch in table, hex(code)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="a\u00ad\u200bоﬁＳ→·K", max_size=12))
def test_the_cached_fold_is_the_fold(run: str) -> None:
    assert leaks._fold(run) == leaks._fold.__wrapped__(run)


def test_a_split_or_disguised_word_is_still_found() -> None:
    checker = _checker("StackOne")
    for page in ("Stack<b>One</b>", "ſtackOne", "\u212a", "St&#97;ckOne", "Stack%4Fne"):
        data = f"<p>{page}</p>".encode()
        found = checker.check("a.html", data)
        assert found or page == "\u212a", page
