"""Parsed guides -> Site: drafts dropped, duplicate URLs refused, nav order; per brand, the variant."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from renderer.config.schema import Brand
from renderer.config.site_nav import KEPT_FRONT_MATTER as KEPT
from renderer.core import model as m
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.vary.variant import TermSwap, strip_hidden, vary_page, visible_anchors

GUIDE_TYPE_LABELS = {"link-account": "Link account", "connector-profile": "Connector profile"}


@dataclass(frozen=True, slots=True)
class ConnectorGroup:
    """One connector in the nav: its guides by guide type."""

    key: str
    name: str
    url: str
    by_type: tuple[tuple[str, tuple[m.Guide, ...]], ...]
    """(guide type, guides in nav order), link-account first."""


@dataclass(frozen=True, slots=True)
class Site:
    """Every page of one variant, in nav order."""

    pages: tuple[m.Guide, ...]
    """Plain docs pages, nav order."""
    connectors: tuple[ConnectorGroup, ...]
    """Connectors by display name."""
    _index: dict[str, ConnectorGroup] | None = field(default=None, repr=False, compare=False)

    @property
    def guides(self) -> tuple[m.Guide, ...]:
        return tuple(g for c in self.connectors for _, gs in c.by_type for g in gs)

    def all(self) -> tuple[m.Guide, ...]:
        """Pages then guides: the nav order used by llms files and the sitemap."""
        return self.pages + self.guides

    def listed(self) -> tuple[m.Guide, ...]:
        return tuple(g for g in self.all() if not g.unlisted)

    def connector(self, key: str) -> ConnectorGroup:
        """The connector's group (a dict lookup: called once per page)."""
        index = self._index
        if index is None:
            index = {c.key: c for c in self.connectors}
            object.__setattr__(self, "_index", index)
        return index[key]


def _order(g: m.Guide) -> tuple:
    return (g.order if g.order is not None else 1_000_000, g.title.lower(), g.url)


def collect_site(guides: Iterable[m.Guide], home: bool = False) -> Site:
    """Group guides; two sources mapping to one URL is an error naming both (`home`: a page at
    /index is the home page, as in a Mintlify site)."""
    by_url: dict[str, m.Guide] = {}
    problems: list[Problem] = []
    for g in sorted(guides, key=lambda g: g.path):
        if g.draft:
            continue
        if g.url in by_url:
            other = by_url[g.url]
            problems.append(
                Problem(
                    SourcePos(g.path, 1, 1),
                    f"two sources map to {g.url}: this one and {other.path}",
                    "rename or remove one of them",
                )
            )
            continue
        by_url[g.url] = g
    connectors = {f"/connectors/{g.connector}" for g in by_url.values() if g.kind == "guide"}
    for g in by_url.values():
        if home and g.url == "/index":
            continue
        if g.kind == "page" and (g.url in GENERATED_URLS or g.url in connectors):
            what = GENERATED_URLS.get(g.url, "connector page")
            problems.append(
                Problem(
                    SourcePos(g.path, 1, 1),
                    f"this page's URL {g.url} is taken by the generated {what}",
                    "rename the file (its path below the guides folder is its URL)",
                )
            )
    if problems:
        raise GuideError(problems)
    return group_site(by_url.values())


GENERATED_URLS = {"/index": "home page", "/404": "not-found page", "/accounts": "accounts page"}
"""Page URLs every brand's site writes itself (connector pages are added per site)."""


def group_site(guides: Iterable[m.Guide]) -> Site:
    """Guides (already checked) -> Site in nav order."""
    guides = list(guides)
    pages = sorted((g for g in guides if g.kind == "page"), key=_order)
    groups: dict[str, list[m.Guide]] = {}
    for g in guides:
        if g.kind == "guide":
            groups.setdefault(g.connector, []).append(g)
    connectors = []
    for key, gs in groups.items():
        by_type = tuple(
            (t, tuple(sorted((g for g in gs if g.guide_type == t), key=_order)))
            for t in m.GUIDE_TYPES
            if any(g.guide_type == t for g in gs)
        )
        name = sorted(gs, key=_order)[0].connector_name
        connectors.append(ConnectorGroup(key, name, f"/connectors/{key}", by_type))
    connectors.sort(key=lambda c: (c.name.lower(), c.key))
    return Site(tuple(pages), tuple(connectors))


def light(g: m.Guide, fields: bool = False) -> m.Guide:
    """A page without its body: enough for the nav and the files that list every page, and
    cheap to send between processes and to keep in the cache (`fields` keeps the connect-form
    fields)."""
    return dataclasses.replace(
        g,
        blocks=(),
        body="",
        actions=(),
        fields=g.fields if fields else (),
        front_matter=m.FrozenMap({k: g.front_matter[k] for k in KEPT if k in g.front_matter}),
        extras=m.PageExtras(
            files=g.extras.files,
            links=g.extras.links,
            inputs=g.extras.inputs,
            api=g.extras.api and g.extras.api.listing(),  # an API page: its llms.txt line
        ),
        cuts=(),
    )


def file_for(url: str, suffix: str) -> str:
    """A page's output file: `/a/b` -> `a/b.html`; `/` -> `index.html` (with `.md`: its twin)."""
    return ("index" if url == "/" else url.lstrip("/")) + suffix


def link_targets(
    pages: Iterable[m.Guide], connectors: Iterable[ConnectorGroup]
) -> dict[str, frozenset[str]]:
    """Page URL -> its anchors, for every page a link may point at (index and connector pages too)."""
    return targets_from({g.url: visible_anchors(g.blocks, g.kind) for g in pages}, connectors)


def targets_from(
    anchors: dict[str, frozenset[str]], connectors: Iterable[ConnectorGroup]
) -> dict[str, frozenset[str]]:
    """Link targets from each page's anchors, plus the index and connector pages."""
    out = dict(anchors)
    out.update({c.url: frozenset(t for t, _ in c.by_type) for c in connectors})
    out.update({"/": frozenset(("guides", "connectors")), "/accounts": frozenset()})
    return out


def variant_targets(site: Site, brand: Brand) -> dict[str, frozenset[str]] | None:
    """What links in the brand's variant may point at (None for a branded site: links kept)."""
    if not brand.whitelabel:
        return None
    kept = [g for g in site.all() if not g.whitelabel_hide]
    return link_targets([strip_hidden(g, brand) for g in kept], group_site(kept).connectors)


def vary_site(site: Site, brand: Brand, unlink: bool = True) -> Site:
    """The brand's variant: hidden pages and blocks gone, terms swapped, dead links unlinked
    (`unlink=False` keeps them, so that `hubdocs check` can report them)."""
    kept = [g for g in site.all() if not (brand.whitelabel and g.whitelabel_hide)]
    targets = variant_targets(site, brand) if unlink else None
    swap = TermSwap.for_brand(brand)
    return group_site([vary_page(g, brand, swap, targets) for g in kept])
