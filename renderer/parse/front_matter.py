"""Front-matter keys: which hubdocs and Mintlify keys mean something, and a located problem for
every other one (a misspelt `whitelabel_hide` must never publish a page)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from typing import Any

HUBDOCS_KEYS = frozenset(
    (
        "title",
        "description",
        "connector",
        "auth_method",
        "fields",
        "order",
        "draft",
        "unlisted",
        "whitelabel_hide",
    )
)
MINTLIFY_KEYS = frozenset(
    (
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
    )
)
"""Mintlify keys hubdocs honours (`keywords` and `boost` are search hints; `openapi` and
`openapi-schema` make API reference pages in a Mintlify site)."""
UNSUPPORTED = {
    "asyncapi": "AsyncAPI pages are not supported yet",
    "api": "API playground pages are not supported yet",
    "authMethod": "not used: the playground takes authentication from the spec's security schemes",
    "playground": "a per-page playground setting is not used: docs.json `api.playground` applies",
    "rss": "RSS feeds are not supported yet",
    "searchable": "per-page search opt-out is not supported yet",
    "deprecated": "deprecation badges are not supported yet",
    "hideFooterPagination": "footer pagination is not supported",
    "related": "related pages are not supported yet",
    "hideApiMarker": "API markers are not supported",
    "contextual": "the contextual menu is not supported",
    "timestamp": "page timestamps are not supported yet",
    "lastUpdatedDate": "page timestamps are not supported yet",
    "url": "external-link pages are not supported yet",
    "version": "versioned pages are not supported yet",
}
"""Mintlify keys hubdocs reads but does not act on: a warning each."""
API_PAGE_KEYS = frozenset(("deprecated",))
"""Keys honoured on an API reference page (`openapi:`): `deprecated: true` marks the operation
deprecated (the spec's own flag is honoured regardless)."""
REFUSED = {
    "groups": "this page is restricted to user groups, and hubdocs publishes every page "
    "publicly (it has no authentication)",
    "public": "hubdocs has no authentication: every page it builds is public",
}
"""Keys whose meaning hubdocs cannot honour safely: an error each."""
_META_PREFIX = re.compile(r"^(og|twitter):[A-Za-z_:.-]+$")
_SEO_PREFIX = re.compile(r"^(article|book|profile|apple-mobile-web-app|msapplication)[:-][\w:.-]+$")
SEO_META = frozenset(
    (
        "author",
        "robots",
        "googlebot",
        "google",
        "google-site-verification",
        "generator",
        "theme-color",
        "color-scheme",
        "canonical",
        "format-detection",
        "referrer",
        "refresh",
        "rating",
        "revisit-after",
        "language",
        "copyright",
        "reply-to",
        "distribution",
        "coverage",
        "category",
        "target",
        "application-name",
    )
)
"""The page meta tags Mintlify lets front matter set (its SEO page); see `page_meta`."""


def page_meta(meta: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The meta tags a page's front matter sets (`og:*`, `twitter:*` and the SEO names
    Mintlify lists), string values on one line; `canonical` is the site's URL, not a tag."""
    return tuple(
        (key, " ".join(value.split()))
        for key, value in meta.items()
        if isinstance(key, str)
        and isinstance(value, str)
        and value.strip()
        and key != "canonical"
        and (key in SEO_META or _META_PREFIX.match(key) or _SEO_PREFIX.match(key))
    )


HIDE_NEAR = re.compile(r"white[\W_]{0,2}la?b(?:el|le)|hide", re.I)
"""A key that looks like the hide flag (a misspelling of it fails closed, in pages and snippets)."""
KNOWN = HUBDOCS_KEYS | MINTLIFY_KEYS | frozenset(UNSUPPORTED) | frozenset(REFUSED) | SEO_META

Report = Callable[..., None]
"""report(key, message, hint="", level="error")."""


def check_keys(meta: Mapping[str, Any], report: Report, is_guide: bool) -> None:
    """Report every key that is not plainly understood: a near miss of a known key (or of
    the hide flag) is an error; keys Mintlify defines but hubdocs does not act on are
    warnings; other keys are errors in guides and warnings (custom metadata) in pages."""
    for key in meta:
        if not isinstance(key, str):
            report(str(key), f"front matter key {key!r} is not a name", "keys are words")
            continue
        if key.startswith("_"):
            report(
                key,
                f"front matter key `{key}`: keys starting with `_` are reserved",
                "rename the key (hubdocs never reads stage data from front matter)",
            )
            continue
        if key in HUBDOCS_KEYS or key in MINTLIFY_KEYS or _META_PREFIX.match(key):
            continue
        if key in API_PAGE_KEYS and meta.get("openapi"):
            continue
        if key in REFUSED:
            report(
                key,
                f"`{key}`: {REFUSED[key]}",
                "remove the key to publish the page, or leave the page out (.mintignore)",
            )
            continue
        if key in UNSUPPORTED:
            report(key, f"`{key}`: {UNSUPPORTED[key]}", "", level="warning")
            continue
        if key in SEO_META or _SEO_PREFIX.match(key):
            report(
                key,
                f"`{key}`: hubdocs writes its own meta tags; this one is not written",
                "",
                level="warning",
            )
            continue
        close = difflib.get_close_matches(key, sorted(KNOWN), n=1, cutoff=0.75)
        if HIDE_NEAR.search(key) or close:
            want = "whitelabel_hide" if HIDE_NEAR.search(key) and not close else close[0]
            report(
                key,
                f"unknown front matter key `{key}`",
                f"did you mean `{want}`? (an unknown key is never acted on)",
            )
        elif is_guide:
            report(
                key,
                f"unknown front matter key `{key}`",
                "known keys: " + ", ".join(sorted(HUBDOCS_KEYS | MINTLIFY_KEYS)),
            )
        else:
            report(
                key,
                f"front matter key `{key}` is not used by hubdocs (kept as custom metadata)",
                "",
                level="warning",
            )


def title_from_path(rel: str) -> str:
    """A page title from its file name, as Mintlify makes one: `hidden-pages.mdx` -> "Hidden
    pages"."""
    stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if stem == "index" and "/" in rel:
        stem = rel.rsplit("/", 2)[-2]
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Untitled"
