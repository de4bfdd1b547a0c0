"""Parse once, render many, on every core.

The sources are split into slices by connector (a connector's guides, and so the nav of their
pages, stay together). Each worker parses its slice once and reports what the whole site needs
(titles, heading anchors, hidden-text fragments, problems); then, for every brand, it varies and
renders its own pages straight into the brand's temporary output folder and sends back their
pieces of the index files. The parent writes only the files that list every page.

Forked workers inherit the config and their slice, so nothing big is pickled on the way in; on
the way back only pages without bodies (see `site.light`) and bytes travel. A small site or `--jobs 1` runs one worker
in-line, through the same code.
"""

from __future__ import annotations

import contextlib
import gc
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from renderer.brand.brand_pass import BrandPass
from renderer.brand.leaks import page_fragments
from renderer.brand.links import LinkTargets, page_broken_links
from renderer.build.cache import summary
from renderer.build.output import TreeWriter
from renderer.build.sources import read_page
from renderer.config.schema import Config
from renderer.config.site_nav import ApiPage
from renderer.core import model as m
from renderer.core.env_errors import env_problem
from renderer.core.errors import Problem
from renderer.parse.page import route
from renderer.render.page_html import BodyMemo
from renderer.render.site import SiteRenderer
from renderer.search.index import search_doc
from renderer.vary.site import group_site, light
from renderer.vary.variant import visible_anchors, white_anchors


@dataclass(frozen=True, slots=True)
class PageReport:
    """What the whole build needs of one parsed page."""

    rel: str
    """Its path below the guides folder."""
    page: m.Guide
    """The page without its body (connect-form fields kept)."""
    digest: bytes
    """What other pages and the index files see of it (see `cache.summary`)."""
    fragments: frozenset[str]
    """Text only its hidden blocks hold."""
    anchors: frozenset[str]
    """Its heading anchors once hidden blocks are dropped."""


@dataclass(frozen=True, slots=True)
class SliceReport:
    pages: list[PageReport]
    problems: list[tuple[str, list[Problem]]]
    """(rel path, its problems) for each source that failed to parse."""
    branded_anchors: dict[str, frozenset[str]] = field(default_factory=dict)
    """URL -> anchors on the branded site, for pages whose hidden blocks hold anchors."""


@dataclass(frozen=True, slots=True)
class BrandSlice:
    """One worker's share of one brand."""

    files: int
    leaks: tuple[str, ...]
    """White-label leaks found (those files were not written)."""
    pages: list[m.Guide]
    """The varied pages rendered, without their bodies."""
    chunks: dict[str, bytes]
    embeds: dict = field(default_factory=dict)
    """URL -> EmbedUse, for the pages that embed an iframe or video (the CSP needs them)."""
    broken: list[Problem] = field(default_factory=list)
    """Links to no page or anchor (branded brands; white-label variants unlink them)."""
    icons: dict = field(default_factory=dict)
    """URL -> the sprite symbols the page uses."""
    mermaid: set = field(default_factory=set)
    """URLs of the pages with a Mermaid diagram."""
    styles: dict = field(default_factory=dict)
    """URL -> the generated style classes the page uses."""
    search: dict[str, str] = field(default_factory=dict)
    """Page file -> what Pagefind reads of it (`search.index.search_doc`), searchable pages."""


def split(files: list[tuple[str, str]], sizes: dict[str, int], n: int) -> list[list[str]]:
    """Rel paths in `n` slices of about equal bytes; a connector's guides share a slice, and
    the docs pages (every worker reads those, for the nav) go with the first."""
    groups: dict[str, list[str]] = {}
    for _, rel in files:
        connector = route(rel)[1]
        groups.setdefault(connector, []).append(rel)
    docs = groups.pop("", [])
    slices: list[list[str]] = [list(docs)] + [[] for _ in range(n - 1)]
    load = [sum(sizes.get(r, 0) for r in docs)] + [0] * (n - 1)
    weighed = [(sum(sizes.get(r, 0) for r in rels), rels) for rels in groups.values()]
    for weight, rels in sorted(weighed, key=lambda wr: -wr[0]):
        i = load.index(min(load))
        slices[i] += rels
        load[i] += weight
    return slices


class SliceWorker:
    """Parses one slice of the sources, then renders its pages for one brand at a time."""

    def __init__(
        self,
        cfg: Config,
        shown: str,
        own: list[str],
        docs: list[str],
        generated: dict[str, ApiPage] | None = None,
    ):
        self.cfg = cfg
        self.generated = generated or {}
        """API pages docs.json generates (rel -> the operation), read like the others."""
        self.shown = shown
        self.own = own
        self.docs = docs
        """Every docs page of the site (the nav of each page lists them)."""
        self.owns_docs = bool(set(docs) & set(own))
        """Whether this worker renders the docs pages (one worker does)."""
        self.guides: list[m.Guide] = []
        self.doc_pages: list[m.Guide] = []
        self.fragments: dict[str, frozenset[str]] = {}
        self.body_memo: BodyMemo = {}
        """Rendered blocks, shared by the brands (each brand is rendered by the same worker)."""

    def parse(self) -> SliceReport:
        owned = set(self.own)
        reports: list[PageReport] = []
        branded: dict[str, frozenset[str]] = {}
        problems: list[tuple[str, list[Problem]]] = []
        for i, rel in enumerate(sorted(owned.union(self.docs))):
            if i % 256 == 255:
                gc.freeze()  # what is parsed stays: keep the collector from rescanning it
            mine = rel in owned
            api = self.generated.get(rel)
            shown = api.pos.path if api is not None else f"{self.shown}/{rel}"
            read = read_page(self.cfg, shown, rel, self.generated)
            if mine and read.problems:
                problems.append((rel, list(read.problems)))
            if read.page is None:
                continue
            g = read.page
            if g.kind == "page" and not g.draft:
                self.doc_pages.append(g)
            if not mine:
                continue
            frags = page_fragments(g)
            if g.kind == "guide" and not g.draft:
                self.guides.append(g)
            if frags:
                self.fragments[g.url] = frags
            anchors = white_anchors(g.blocks, g.kind)
            if frags:
                full = visible_anchors(g.blocks, g.kind)
                if full != anchors:
                    branded[g.url] = full
            digest = summary(g, frags, anchors)
            reports.append(PageReport(rel, light(g, fields=True), digest, frags, anchors))
        return SliceReport(reports, problems, branded)

    def render(
        self,
        key: str,
        mode: str,
        targets: LinkTargets,
        tmp: Path,
        tick: Callable[[int], None] | None = None,
    ) -> BrandSlice:
        """Vary, render, leak-check and write this slice's pages and its connectors' pages
        for one brand."""
        brand = self.cfg.brand(key)
        bp = BrandPass.of(self.cfg, brand, targets.white, self.fragments)
        local = group_site(bp.vary((*self.doc_pages, *self.guides)))
        pages = (*local.pages, *local.guides) if self.owns_docs else local.guides
        renderer = SiteRenderer(self.cfg, brand, self.body_memo)
        search: dict[str, str] = {}
        sink = searched(TreeWriter(tmp).write, search)
        done = bp.render_pages(renderer, local, pages, local.connectors, mode, sink, tick)
        broken = []
        if not brand.whitelabel:
            known = {**dict.fromkeys(targets.files), **targets.every}
            broken = page_broken_links(pages, known)
        embeds = done.parts.embeds
        lights = [light(g) for g in pages]
        parts = done.parts
        return BrandSlice(
            done.files, done.leaks, lights, parts.chunks, embeds, broken, parts.icons,
            parts.mermaid, styles=parts.styles, search=search,
        )  # fmt: skip


def searched(
    write: Callable[[str, bytes], None], docs: dict[str, str]
) -> Callable[[str, bytes], None]:
    """`write`, also keeping in `docs` what Pagefind reads of each searchable page written."""

    def sink(rel: str, data: bytes) -> None:
        write(rel, data)
        if rel.endswith(".html"):
            doc = search_doc(data)
            if doc is not None:
                docs[rel] = doc

    return sink


class Workers:
    """The slice workers of one build: forked processes, or one worker in this process."""

    def __init__(self, workers: list[SliceWorker], fork: bool):
        self.workers = workers
        self.conns: list[Any] = []
        self.procs: list[Any] = []
        if fork:
            import multiprocessing

            ctx = multiprocessing.get_context("fork")
            for w in workers:
                mine, theirs = ctx.Pipe()
                proc = ctx.Process(target=_child, args=(theirs, w), daemon=True)
                proc.start()
                theirs.close()
                self.conns.append(mine)
                self.procs.append(proc)

    def parse(self) -> list[SliceReport]:
        if not self.procs:
            return [w.parse() for w in self.workers]
        return [_receive(c) for c in self.conns]

    def render(
        self,
        keys: list[str],
        mode: str,
        targets: LinkTargets,
        tmps: dict[str, Path],
        tick: Callable[[str, int], None] | None = None,
    ) -> Iterator[tuple[str, list[BrandSlice]]]:
        """Each brand with every worker's share, brand by brand as the workers finish them;
        `tick(brand, n)` is told of every `brand_pass.TICK` pages rendered."""
        if not self.procs:
            for key in keys:
                count = partial(tick, key) if tick else None
                yield key, [w.render(key, mode, targets, tmps[key], count) for w in self.workers]
            return
        for c in self.conns:
            try:
                c.send((keys, mode, targets, tmps, tick is not None))
            except OSError as err:
                raise RuntimeError("a build worker died (out of memory, or killed)") from err
        for key in keys:
            yield key, [_receive(c, tick) for c in self.conns]

    def close(self, failed: bool = False) -> None:
        """Stop the workers: they are done after a good build; after a failure they may be
        blocked sending results nobody will read, so they are killed."""
        for c in self.conns:
            if not failed:
                with contextlib.suppress(OSError):
                    c.send(None)
            c.close()
        for p in self.procs:
            if failed:
                p.kill()
            p.join(5)
            if p.is_alive():
                p.kill()
                p.join()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.close(failed=kind is not None)


def _receive(conn: Any, tick: Callable[[str, int], None] | None = None) -> Any:
    """The next result from a worker; progress messages on the way go to `tick`."""
    while True:
        try:
            status, value = conn.recv()
        except (EOFError, OSError) as err:
            raise RuntimeError("a build worker died (out of memory, or killed)") from err
        if status != "progress":
            break
        if tick is not None:
            tick(*value)
    if status == "raise":  # env_errors hook: the machine's doing, for the user
        raise value
    if status == "error":
        raise RuntimeError(f"a build worker failed:\n{value}")
    return value


def _send_progress(conn: Any, key: str, n: int) -> None:
    conn.send(("progress", (key, n)))


def _child(conn: Any, worker: SliceWorker) -> None:
    """A forked worker: parse, then render the brands it is sent."""
    try:
        conn.send(("ok", worker.parse()))
        gc.freeze()  # the parsed slice lives to the end: keep the collector from rescanning it
        job = conn.recv()
        if job is None:
            return
        keys, mode, targets, tmps, ticks = job
        for key in keys:
            count = partial(_send_progress, conn, key) if ticks else None
            conn.send(("ok", worker.render(key, mode, targets, tmps[key], count)))
    except BaseException as err:  # noqa: BLE001 - reported to the parent, which raises it
        with contextlib.suppress(OSError):
            if env_problem(err) is not None:  # env_errors hook: a full disk is raised as it is
                conn.send(("raise", err))
            else:
                conn.send(("error", f"{type(err).__name__}: {err}\n{traceback.format_exc()}"))
    finally:
        conn.close()
