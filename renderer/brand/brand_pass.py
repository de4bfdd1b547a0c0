"""One brand's pass over some pages, the same on every build path (full, incremental, MkDocs):
vary the pages for the brand, render them, check every file for leaks before it is written
(a file with a leak is never written), and locate the leaks in the sources."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from renderer.brand.leaks import LeakChecker, located_leak_error, piece_leaks
from renderer.config.schema import Brand, Config
from renderer.core import model as m
from renderer.core.errors import GuideError
from renderer.mintlify.pages import varied_files
from renderer.render.site import Output, Parts, SiteRenderer
from renderer.vary.site import ConnectorGroup, Site, file_for
from renderer.vary.variant import TermSwap, vary_page

Sink = Callable[[str, bytes], object]
"""Where checked files go: a writer's `write`, or a list's `append` for a later write."""
TICK = 64
"""Pages rendered between two progress messages."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """What one pass wrote."""

    files: int
    """Files handed to the sink (those without leaks)."""
    parts: Parts
    """The pages' pieces of the index files (llms-full.txt, the CSP's embeds)."""
    leaks: tuple[str, ...]
    """`file:line: what` for each leak found (those files were not written)."""


@dataclass(frozen=True, slots=True)
class BrandPass:
    """A brand with what its pages are varied and checked against."""

    cfg: Config
    brand: Brand
    targets: Mapping[str, frozenset[str]] | None
    """The variant's link targets (URL -> anchors): white-label pages are unlinked against
    them, and a rendered link to any other page is a leak; None keeps every link."""
    fragments: Mapping[str, frozenset[str]]
    """URL -> the text only that page's hidden blocks hold (what must not surface)."""
    swap: TermSwap = field(init=False)
    checker: LeakChecker | None = field(init=False)
    """None for a branded site (nothing to leak)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "swap", TermSwap.for_brand(self.brand))
        checker = None
        if self.brand.whitelabel:
            checker = LeakChecker(self.brand, dict(self.fragments), self.targets)
        object.__setattr__(self, "checker", checker)

    @classmethod
    def of(
        cls,
        cfg: Config,
        brand: Brand,
        white_targets: Mapping[str, frozenset[str]],
        fragments: Mapping[str, frozenset[str]],
    ) -> BrandPass:
        """The pass for `brand` given the white-label link targets of the build (a branded
        site keeps its links)."""
        return cls(cfg, brand, white_targets if brand.whitelabel else None, fragments)

    def vary(self, pages: Iterable[m.Guide]) -> list[m.Guide]:
        """The brand's variant of these pages: white-label-hidden pages dropped, hidden blocks
        cut, terms and URLs swapped, dead links unlinked (and a Mintlify page's files redone)."""
        hide = self.brand.whitelabel
        return [
            varied_files(self.cfg, vary_page(g, self.brand, self.swap, self.targets))
            for g in pages
            if not (hide and g.whitelabel_hide)
        ]

    def write(self, files: Iterable[Output], sink: Sink, parts: Parts | None = None) -> Rendered:
        """Check each file as it streams past; those without leaks go to `sink`. The pieces in
        `parts` (filled as the files are made) are checked at the end."""
        parts = parts if parts is not None else Parts()
        check = self.checker.check if self.checker is not None else None
        leaks: list[str] = []
        written = 0
        for path, data in files:
            hits = check(path, data) if check is not None else ()
            if hits:
                leaks += hits
                continue
            sink(path, data)
            written += 1
        if self.checker is not None:
            leaks += piece_leaks(self.checker, parts.chunks)
        return Rendered(written, parts, tuple(leaks))

    def render_pages(
        self,
        renderer: SiteRenderer,
        site: Site,
        pages: Iterable[m.Guide],
        connectors: Iterable[ConnectorGroup],
        mode: str,
        sink: Sink,
        tick: Callable[[int], None] | None = None,
    ) -> Rendered:
        """The files of varied pages and connector pages (`site`: the variant, or enough of it
        for their nav); `tick(n)` is told of every TICK pages rendered."""
        parts = Parts()
        files = renderer.page_files(site, pages, connectors, mode, parts)
        return self.write(_ticking(files, tick) if tick else files, sink, parts)

    def error(
        self,
        leaks: Iterable[str],
        pages: Iterable[m.Guide],
        sources: Mapping[str, str] | None = None,
    ) -> GuideError:
        """The build-stopping error for `leaks`: each located in the source of the page whose
        file it is in (`pages`: the variant's; `sources`: more output files -> source paths),
        one problem per cause; the others (files that list every page) at the output file."""
        located = {file_for(g.url, s): g.path for g in pages for s in (".html", ".md")}
        fallbacks = [str(self.cfg.config_path), str(self.brand.folder / "brand.yml")]
        for theme in (self.brand.folder, *(self.cfg.theme_path or (self.cfg.theme_dir,))):
            fallbacks += sorted(str(p) for p in Path(theme).rglob("*.html") if p.is_file())
        return located_leak_error(
            self.brand, list(leaks), {**located, **(sources or {})}, fallbacks
        )


def _ticking(files: Iterable[Output], tick: Callable[[int], None]) -> Iterable[Output]:
    done = 0
    for path, data in files:
        if path.endswith(".html"):
            done += 1
            if done % TICK == 0:
                tick(TICK)
        yield path, data
