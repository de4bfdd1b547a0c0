"""`renderer/vary/site.py` in process: drafts never published, two sources for one URL refused
(naming both), pages never taking a generated URL, the nav order, a white-label variant
without its hidden pages, and the light copies kept between processes."""

from __future__ import annotations

import dataclasses

import pytest

from renderer.config.mkdocs_yml import load_config
from renderer.core.errors import GuideError
from renderer.parse.page import parse_guide
from renderer.vary.site import (
    collect_site,
    file_for,
    group_site,
    light,
    link_targets,
    targets_from,
    variant_targets,
    vary_site,
)

from .conftest import ROOT


def guide(rel: str, title: str, front: str = "", body: str = "Text.\n", name: str = ""):  # noqa: ANN201
    connector = f"connector: {name}\ndescription: D\n" if name else ""
    return parse_guide(rel, f"---\ntitle: {title}\n{connector}{front}---\n\n{body}", rel)


def brands():  # noqa: ANN201
    cfg = load_config(ROOT / "mkdocs.yml")
    return cfg.brand("stackone"), cfg.brand("acme")


def test_drafts_are_never_in_the_site() -> None:
    pages = [guide("a.mdx", "A"), guide("b.mdx", "B", "draft: true\n")]
    assert [g.url for g in collect_site(pages).all()] == ["/a"]


def test_a_draft_does_not_clash_with_the_page_that_replaces_it() -> None:
    pages = [guide("a.md", "Old", "draft: true\n"), guide("a.mdx", "New")]
    assert [g.title for g in collect_site(pages).all()] == ["New"]


def test_two_sources_for_one_url_are_one_error_naming_both() -> None:
    with pytest.raises(GuideError) as err:
        collect_site([guide("a.mdx", "A"), guide("a.md", "A2"), guide("c.mdx", "C")])
    (p,) = err.value.problems
    assert (p.pos.path, p.pos.line, p.pos.col) == ("a.mdx", 1, 1)  # sorted: a.md is first
    assert p.message == "two sources map to /a: this one and a.md"
    assert p.hint == "rename or remove one of them"


@pytest.mark.parametrize(
    ("rel", "what"),
    [("index.mdx", "home page"), ("404.mdx", "not-found page"), ("accounts.mdx", "accounts page")],
)
def test_a_page_at_a_generated_url_is_refused(rel: str, what: str) -> None:
    url = "/" + rel.removesuffix(".mdx")
    with pytest.raises(GuideError) as err:
        collect_site([guide(rel, "X"), guide("b.mdx", "B")])
    (p,) = err.value.problems
    assert (p.pos.path, p.pos.line, p.pos.col) == (rel, 1, 1)
    assert p.message == f"this page's URL {url} is taken by the generated {what}"
    assert p.hint == "rename the file (its path below the guides folder is its URL)"


def test_a_mintlify_home_page_may_sit_at_index() -> None:
    assert [g.url for g in collect_site([guide("index.mdx", "Home")], home=True).all()] == [
        "/index"
    ]
    with pytest.raises(GuideError):
        collect_site([guide("404.mdx", "X")], home=True)


def test_a_page_at_a_connector_pages_url_is_refused() -> None:
    pages = [
        guide("leapsome/link-account/api-key.mdx", "Connect", name="Leapsome"),
        guide("connectors/leapsome.mdx", "Mine"),
        guide("connectors/other.mdx", "Fine"),
    ]
    with pytest.raises(GuideError) as err:
        collect_site(pages)
    (p,) = err.value.problems
    assert p.pos.path == "connectors/leapsome.mdx"
    assert p.message.endswith("is taken by the generated connector page")


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(GuideError) as err:
        collect_site([guide("a.mdx", "A"), guide("a.md", "A"), guide("404.mdx", "X")])
    assert len(err.value.problems) == 2
    with pytest.raises(GuideError) as err:
        collect_site([guide(f"{n}.{x}", "T") for n in "ab" for x in ("md", "mdx")])
    assert [p.message for p in err.value.problems] == [
        "two sources map to /a: this one and a.md",
        "two sources map to /b: this one and b.md",
    ]


def test_nav_order_pages_then_connectors_by_name_and_guides_by_type_then_order() -> None:
    pages = [
        guide("zeta.mdx", "Zeta"),
        guide("at-max.mdx", "At max", "order: 1000000\n"),
        guide("under-a.mdx", "A_z"),
        guide("double-a.mdx", "Aa"),
        guide("alpha.mdx", "alpha"),
        guide("beta.mdx", "Beta", "order: 1\n"),
        guide("gamma.mdx", "Gamma", "order: 0\n"),
        guide("same-b.mdx", "Same"),
        guide("same-a.mdx", "Same"),
        guide("bb/link-account/oauth.mdx", "OAuth", "order: 2\n", name="beta co"),
        guide("bb/link-account/api-key.mdx", "Key", "order: 1\n", name="Beta Co"),
        guide("bb/connector-profile/profile.mdx", "Profile", name="Beta Co"),
        guide("aa/link-account/api-key.mdx", "Key", name="Alpha"),
        guide("zz/link-account/api-key.mdx", "Key", name="alpha"),
        guide("yy/link-account/api-key.mdx", "Key", name="A_z"),
    ]
    site = collect_site(pages)
    assert [g.url for g in site.pages] == [
        "/gamma",
        "/beta",
        "/under-a",  # titles compare case-folded: `_` sorts before letters
        "/double-a",
        "/alpha",
        "/at-max",  # `order: 1000000` ties with no order at all
        "/same-a",
        "/same-b",
        "/zeta",
    ]
    assert [(c.key, c.name, c.url) for c in site.connectors] == [
        ("yy", "A_z", "/connectors/yy"),
        ("aa", "Alpha", "/connectors/aa"),
        ("zz", "alpha", "/connectors/zz"),
        ("bb", "Beta Co", "/connectors/bb"),  # the name of its first guide in nav order
    ]
    bb = site.connector("bb")
    assert [(t, [g.auth_slug for g in gs]) for t, gs in bb.by_type] == [
        ("link-account", ["api-key", "oauth"]),
        ("connector-profile", ["profile"]),
    ]
    assert [g.url for g in site.all()][:9] == [g.url for g in site.pages]
    assert site.guides == tuple(g for c in site.connectors for _, gs in c.by_type for g in gs)
    assert len(site.all()) == 15 and site.connector("aa") is site.connectors[1]
    with pytest.raises(KeyError):
        site.connector("nope")


def test_a_connector_with_one_guide_type_lists_only_that_type() -> None:
    site = collect_site([guide("cc/connector-profile/p.mdx", "P", name="C")])
    assert [t for t, _ in site.connectors[0].by_type] == ["connector-profile"]


def test_listed_leaves_out_unlisted_pages() -> None:
    site = collect_site([guide("a.mdx", "A"), guide("b.mdx", "B", "unlisted: true\n")])
    assert [g.url for g in site.listed()] == ["/a"]


def test_a_white_label_variant_drops_hidden_pages_and_unlinks_links_to_them() -> None:
    stackone, acme = brands()
    pages = [
        guide("a.mdx", "A StackOne", body="See [b](/b) and [c](/c).\n"),
        guide("b.mdx", "B", "whitelabel_hide: true\n"),
        guide("c.mdx", "C"),
        guide("dd/link-account/key.mdx", "Key", "whitelabel_hide: true\n", name="D"),
    ]
    site = collect_site(pages)
    white = vary_site(site, acme)
    assert [g.url for g in white.all()] == ["/a", "/c"] and white.connectors == ()
    assert white.pages[0].title == "A Acme"
    assert white.pages[0].body == "See b and [c](/c).\n"
    kept = vary_site(site, acme, unlink=False)
    assert kept.pages[0].body == "See [b](/b) and [c](/c).\n"  # `hubdocs check` reports it
    branded = vary_site(site, stackone)
    assert [g.url for g in branded.all()] == [g.url for g in site.all()]
    assert branded.pages[0].body == "See [b](/b) and [c](/c).\n"


def test_variant_targets_are_the_white_label_pages_and_their_visible_anchors() -> None:
    stackone, acme = brands()
    site = collect_site(
        [
            guide(
                "a.mdx", "A", body="## Kept\n\n<div data-whitelabel-hide>\n\n## Gone\n\n</div>\n"
            ),
            guide("b.mdx", "B", "whitelabel_hide: true\n"),
            guide("ee/link-account/key.mdx", "Key", name="E"),
        ]
    )
    assert variant_targets(site, stackone) is None
    targets = variant_targets(site, acme)
    assert targets is not None
    assert targets["/a"] == frozenset({"kept"})
    assert "/b" not in targets
    assert targets["/connectors/ee"] == frozenset({"link-account"})
    assert (
        targets["/"] == frozenset({"guides", "connectors"}) and targets["/accounts"] == frozenset()
    )
    assert set(link_targets(site.all(), site.connectors)["/a"]) == {"kept", "gone"}
    # a guide's old heading ids are targets too (kept as aliases beside Mintlify's ids)
    renamed = guide("hh/link-account/key.mdx", "Key", body="## v2.0 what's new\n", name="H")
    assert link_targets([renamed], ())[renamed.url] == frozenset(
        {"v20-whats-new", "v2-0-whats-new"}
    )


def test_targets_from_adds_the_generated_pages() -> None:
    site = collect_site([guide("ff/link-account/key.mdx", "Key", name="F")])
    out = targets_from({"/x": frozenset({"a"})}, site.connectors)
    assert out == {
        "/x": frozenset({"a"}),
        "/connectors/ff": frozenset({"link-account"}),
        "/": frozenset({"guides", "connectors"}),
        "/accounts": frozenset(),
    }


@pytest.mark.parametrize(
    ("url", "suffix", "want"),
    [
        ("/", ".html", "index.html"),
        ("/", ".md", "index.md"),
        ("/a/b", ".html", "a/b.html"),
        ("/a", ".md", "a.md"),
    ],
)
def test_file_for(url: str, suffix: str, want: str) -> None:
    assert file_for(url, suffix) == want


def test_light_keeps_what_the_nav_and_the_listing_files_need() -> None:
    g = guide(
        "gg/link-account/key.mdx",
        "Key",
        "sidebarTitle: Short\nicon: key\ntag: new\n"
        "fields:\n  - key: api_key\n    label: API Key\n    type: text\n    secret: true\n",
        body="Body.\n",
        name="G",
    )
    g = dataclasses.replace(
        g,
        actions=("an action",),
        cuts=("a cut",),
        extras=dataclasses.replace(
            g.extras,
            files=("img/a.png",),
            links=("/b",),
            inputs=("/site/snippets/s.mdx",),
            references={"R": "/c"},
            api=_Api(),
        ),
    )
    out = light(g)
    assert out.blocks == () and out.body == "" and out.actions == () and out.cuts == ()
    assert out.extras.references is None and out.extras.api == "GET /x: its llms.txt line"
    assert (out.title, out.description, out.url) == (g.title, g.description, g.url)
    assert dict(out.front_matter) == {"sidebarTitle": "Short", "icon": "key"}
    assert out.extras.files == g.extras.files and out.extras.links == g.extras.links
    assert out.extras.inputs == g.extras.inputs
    assert out.extras.files and out.extras.links and out.extras.inputs
    assert len(g.fields) == 1 and light(g, fields=True).fields == g.fields
    assert light(g).fields == ()


class _Api:
    def listing(self) -> str:
        return "GET /x: its llms.txt line"


def test_group_site_of_nothing_is_empty() -> None:
    site = group_site([])
    assert site.all() == () and site.connectors == ()
