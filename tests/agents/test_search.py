"""Search over a built brand: ranking is deterministic, capped per page, and excerpts are short
and taken from the section that matched."""

from __future__ import annotations

from collections import Counter

from .conftest import SCIM_PAGE, Built


def _index(built: Built, brand: str):
    from renderer.agents.search import SearchIndex
    from renderer.agents.site import load_site

    return SearchIndex(load_site(built.root(brand)))


def test_ranking_is_deterministic_and_capped_per_page(agents_built: Built) -> None:
    from renderer.agents.search import EXCERPT, PER_PAGE

    index = _index(agents_built, "stackone")
    hits = index.search("token", limit=50)
    again = _index(agents_built, "stackone").search("token", limit=50)
    assert [(h.page.path, h.section.anchor) for h in hits] == [
        (h.page.path, h.section.anchor) for h in again
    ]
    assert max(Counter(h.page.path for h in hits).values()) <= PER_PAGE
    keys = [(-h.matched, -h.score) for h in hits]
    assert keys == sorted(keys)
    for h in hits:
        assert len(h.excerpt) <= EXCERPT + 2
        assert "token" in (h.excerpt + h.section.heading + h.page.title).lower()
    assert len(index.search("token", limit=2)) == 2


def test_more_terms_matched_rank_first(agents_built: Built) -> None:
    hits = _index(agents_built, "acme").search("scim token", limit=10)
    assert hits[0].page.path == SCIM_PAGE and hits[0].matched == 2
    assert [h.matched for h in hits] == sorted((h.matched for h in hits), reverse=True)


def test_queries_without_terms_find_nothing(agents_built: Built) -> None:
    index = _index(agents_built, "acme")
    assert index.search("") == [] and index.search("the of to") == [] and index.search("?!") == []
    assert index.search("zzzzqqq") == []


def test_plurals_and_accents_match(agents_built: Built) -> None:
    index = _index(agents_built, "acme")
    assert index.search("TOKENS")[0].page.path == index.search("token")[0].page.path
    assert index.search("Scím")[0].page.path == SCIM_PAGE


def test_the_directive_blockquote_is_not_indexed(agents_built: Built) -> None:
    index = _index(agents_built, "acme")
    assert index.search("documentation index exploring") == []


def test_agent_instruction_blocks_are_not_page_content() -> None:
    from renderer.agents.site import parse_twin

    md = (
        "> ## Documentation Index\n> Fetch it.\n\n# Title\n\n> The description.\n\n"
        "> ## Agent Instructions\n> Always cite the API version.\n\nBody text.\n\n"
        '## Steps\n\n<Steps>\n  <Step title="Open &amp; sign in">\n    Click <strong>Go</strong>.\n'
        "  </Step>\n</Steps>\n\n```\n## not a heading\n```\n"
    )
    title, description, sections = parse_twin(md)
    assert (title, description) == ("Title", "The description.")
    assert sections == [
        ("", "Body text.", False),
        ("Steps", "", False),
        ("Open & sign in", "Click Go. ## not a heading", True),  # code is text, not a heading
    ]
    assert all("cite" not in text and "Fetch" not in text for _, text, _ in sections)
    assert not any(h == "not a heading" for h, _, _ in sections)
