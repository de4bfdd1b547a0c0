"""Front-matter keys, in process: every kind of key gets exactly its level, message and hint
(a misspelt hide flag must never publish a page; a Mintlify key hubdocs ignores is a warning,
not silence), the meta tags a page may set, and titles made from file names."""

from __future__ import annotations

import pytest

from renderer.parse.front_matter import check_keys, page_meta, title_from_path


def _reports(meta: dict, is_guide: bool = False) -> list[tuple[str, str, str, str]]:
    out: list[tuple[str, str, str, str]] = []

    def report(key: str, message: str, hint: str = "", level: str = "error") -> None:
        out.append((key, message, hint, level))

    check_keys(meta, report, is_guide)
    return out


@pytest.mark.parametrize(
    "key",
    [
        "title",
        "description",
        "connector",
        "auth_method",
        "fields",
        "order",
        "draft",
        "unlisted",
        "whitelabel_hide",
        "sidebarTitle",
        "icon",
        "iconType",
        "tag",
        "hidden",
        "noindex",
        "mode",
        "keywords",
        "boost",
        "openapi",
        "openapi-schema",
        "og:title",
        "twitter:card",
        "og:image:alt",
    ],
)
def test_known_keys_are_silent_in_guides_and_pages(key: str) -> None:
    assert _reports({key: "x"}, is_guide=True) == []
    assert _reports({key: "x"}) == []


def test_a_key_that_is_not_a_name() -> None:
    assert _reports({3: "x"}) == [
        ("3", "front matter key 3 is not a name", "keys are words", "error")
    ]


def test_reserved_underscore_keys_are_errors() -> None:
    assert _reports({"_stage": 1}) == [
        (
            "_stage",
            "front matter key `_stage`: keys starting with `_` are reserved",
            "rename the key (hubdocs never reads stage data from front matter)",
            "error",
        )
    ]


def test_refused_keys_are_errors_with_their_reason() -> None:
    hint = "remove the key to publish the page, or leave the page out (.mintignore)"
    assert _reports({"groups": ["admin"], "public": False}) == [
        (
            "groups",
            "`groups`: this page is restricted to user groups, and hubdocs publishes every page "
            "publicly (it has no authentication)",
            hint,
            "error",
        ),
        (
            "public",
            "`public`: hubdocs has no authentication: every page it builds is public",
            hint,
            "error",
        ),
    ]


def test_unsupported_mintlify_keys_are_warnings() -> None:
    assert _reports({"rss": True, "deprecated": True}) == [
        ("rss", "`rss`: RSS feeds are not supported yet", "", "warning"),
        ("deprecated", "`deprecated`: deprecation badges are not supported yet", "", "warning"),
    ]


def test_deprecated_is_honoured_on_an_api_page_only() -> None:
    assert _reports({"openapi": "GET /x", "deprecated": True}) == []
    assert [r[3] for r in _reports({"openapi": "", "deprecated": True})] == ["warning"]


@pytest.mark.parametrize(
    "key",
    [
        "robots",
        "author",
        "article:published_time",
        "msapplication-TileColor",
        "apple-mobile-web-app-title",
    ],
)
def test_seo_meta_keys_are_warnings_as_meta_tags(key: str) -> None:
    assert _reports({key: "x"}) == [
        (key, f"`{key}`: hubdocs writes its own meta tags; this one is not written", "", "warning")
    ]


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("noindx", "noindex"),
        ("sidebar_title", "sidebarTitle"),
        ("descripton", "description"),
        ("whitelabel-hide", "whitelabel_hide"),
        ("white_label_hide", "whitelabel_hide"),
    ],
)
def test_near_misses_are_errors_that_say_did_you_mean(typo: str, meant: str) -> None:
    for is_guide in (True, False):
        assert _reports({typo: True}, is_guide) == [
            (
                typo,
                f"unknown front matter key `{typo}`",
                f"did you mean `{meant}`? (an unknown key is never acted on)",
                "error",
            )
        ]


@pytest.mark.parametrize("key", ["whitelabled", "hide_me", "WhiteLabelHidden", "HIDE"])
def test_anything_like_the_hide_flag_is_an_error_naming_it(key: str) -> None:
    (report,) = _reports({key: True})
    assert report[3] == "error" and report[0] == key
    assert report[2].startswith("did you mean `"), report


def test_a_hide_look_alike_with_no_close_key_names_the_hide_flag() -> None:
    assert _reports({"hide_everything_please": True})[0][2] == (
        "did you mean `whitelabel_hide`? (an unknown key is never acted on)"
    )


def test_an_unknown_key_is_an_error_in_a_guide_and_custom_metadata_in_a_page() -> None:
    (guide,) = _reports({"owner_team": "x"}, is_guide=True)
    assert guide[:2] == ("owner_team", "unknown front matter key `owner_team`")
    assert guide[3] == "error"
    assert guide[2] == (
        "known keys: auth_method, boost, connector, description, draft, fields, hidden, icon, "
        "iconType, keywords, mode, noindex, openapi, openapi-schema, order, sidebarTitle, tag, "
        "title, unlisted, whitelabel_hide"
    )
    assert _reports({"owner_team": "x"}) == [
        (
            "owner_team",
            "front matter key `owner_team` is not used by hubdocs (kept as custom metadata)",
            "",
            "warning",
        )
    ]


def test_every_key_is_reported_once_in_order() -> None:
    keys = [r[0] for r in _reports({"rss": 1, "title": "T", "noindx": 1, "x_y_z": 1, "_a": 1})]
    assert keys == ["rss", "noindx", "x_y_z", "_a"]


@pytest.mark.parametrize(
    "first",
    [
        {7: "x"},
        {"_a": 1},
        {"openapi": "GET /x", "deprecated": True},
        {"robots": "x"},
        {"title": "T"},
    ],
)
def test_the_keys_after_any_kind_of_key_are_still_checked(first: dict) -> None:
    """Whatever kind of key comes first (not a name, reserved, honoured on an API page, a meta
    tag, known), the misspelt hide flag after it is still an error."""
    reports = _reports({**first, "whitelabelhide": True})
    assert reports[-1][:2] == ("whitelabelhide", "unknown front matter key `whitelabelhide`")


def test_a_key_only_somewhat_like_a_known_one_is_custom_metadata() -> None:
    """`tagline` (0.62 like `target`), `sidebar` (0.74 like `sidebarTitle`): below the 0.75
    likeness a page's own key is kept as metadata, not refused as a typo."""
    for key in ("tagline", "sidebar", "draftmode"):
        assert _reports({key: "x"})[0][3] == "warning", key


def test_a_near_miss_that_also_holds_hide_names_the_nearer_key() -> None:
    assert (
        _reports({"hiden": True})[0][2]
        == "did you mean `hidden`? (an unknown key is never acted on)"
    )


def test_page_meta_keeps_the_tags_a_page_may_set() -> None:
    meta = {
        "title": "T",
        "og:title": "  Open\n  graph  ",
        "twitter:card": "summary",
        "robots": "noindex",
        "article:author": "Ann",
        "canonical": "https://example.com/x",
        "og:image": "",
        "og:empty": "   ",
        "og:number": 3,
        "owner": "someone",
        "og bad": "x",
        5: "x",
    }
    assert page_meta(meta) == (
        ("og:title", "Open graph"),
        ("twitter:card", "summary"),
        ("robots", "noindex"),
        ("article:author", "Ann"),
    )


@pytest.mark.parametrize(
    ("rel", "title"),
    [
        ("hidden-pages.mdx", "Hidden pages"),
        ("guides/quick__start.md", "Quick start"),
        ("a/b/index.mdx", "B"),
        ("a/b/c/index.mdx", "C"),
        ("v1.2-notes.mdx", "V1.2 notes"),
        ("docs/v1.2.3.md", "V1.2.3"),
        ("billing/index.mdx", "Billing"),
        ("index.mdx", "Index"),
        ("a/-_-.mdx", "Untitled"),
        ("notes", "Notes"),
        ("a.b/x-y.mdx", "X y"),
        ("UPPER.mdx", "UPPER"),
    ],
)
def test_title_from_path(rel: str, title: str) -> None:
    assert title_from_path(rel) == title
