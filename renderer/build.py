"""The orchestrator: find sources, parse each once, then per brand vary -> render -> leak-check
-> write, in slices on every core (see slices.py); each brand's tree is swapped in atomically.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import model as m
from .config import Brand, Config, cache_root
from .discover import Tree, display, scan_tree
from .errors import GuideError, Problem, SourcePos
from .incremental import (
    build_lock,
    config_key,
    save_brand,
    save_manifest,
    stat_sources,
    try_incremental,
)
from .leaks import LeakChecker, leak_error
from .output import TreeWriter, begin_tree, commit_tree, recover
from .parse import parse_file, route
from .render_site import Parts, SiteRenderer, file_for
from .site import Site, collect_site, group_site, targets_from, unpack
from .slices import BrandSlice, SliceReport, SliceWorker, Workers, split

PARALLEL_MIN = 48


@dataclass(frozen=True, slots=True)
class BrandResult:
    brand: str
    files: int
    out: str


@dataclass(frozen=True, slots=True)
class BuildReport:
    guides: int
    brands: tuple[BrandResult, ...]
    seconds: float
    site: Site | None
    """The site's pages without their bodies (nav, titles, connect-form fields); None after an
    incremental build (which parses only what changed)."""

    @property
    def files(self) -> int:
        return sum(b.files for b in self.brands)


def _parse_one(item: tuple[str, str, str, frozenset[str]]) -> m.Guide | GuideError:
    try:
        return parse_file(*item)
    except GuideError as err:
        return err


def parse_all(
    cfg: Config, jobs: int, tree: Tree | None = None
) -> tuple[list[m.Guide], list[Problem]]:
    """Parse every source once; every problem of every file is collected."""
    tree = tree or scan_tree(cfg.guides_dir)
    files, problems = tree.files, list(tree.problems)
    hosts = cfg.embed_hosts
    items = [(shown, str(cfg.guides_dir / rel), rel, hosts) for shown, rel in files]
    if jobs > 2 and len(items) >= PARALLEL_MIN:  # on 2 cores, pickling the models back costs more
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_parse_one, items, chunksize=max(1, len(items) // (jobs * 8))))
    else:
        results = [_parse_one(i) for i in items]
    guides: list[m.Guide] = []
    for r in results:
        if isinstance(r, GuideError):
            problems.extend(r.problems)
        else:
            guides.append(r)
    return guides, problems


def load_site(cfg: Config, jobs: int, tree: Tree | None = None) -> tuple[Site, list[Problem]]:
    """Parse and collect; raises GuideError when any error was found (warnings are returned)."""
    guides, problems = parse_all(cfg, jobs, tree)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise GuideError(problems)
    return collect_site(guides), problems


def build(
    cfg: Config,
    brands: Iterable[str] | None = None,
    out: str | os.PathLike[str] = "site",
    mode: str | None = None,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    incremental: bool = True,
    changed: set[str] | None = None,
    pages_done: Callable[[], None] | None = None,
) -> BuildReport:
    """Parse once, then build every selected brand into `<out>/<brand>/`.

    With `incremental`, a valid cache from the last build lets only changed pages be rebuilt;
    `changed` (source paths below the guides folder, from a file watcher) says which files were
    modified since the last successful build, so the rest of the tree need not be checked;
    `pages_done` is told when an incremental build has written the changed pages, before it
    updates the index files that list them."""
    start = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    mode = mode or cfg.twins
    keys = list(brands) if brands else [b.key for b in cfg.brands]
    unknown = [k for k in keys if k not in {b.key for b in cfg.brands}]
    if unknown:
        raise GuideError(
            [
                Problem(
                    SourcePos(str(cfg.config_path), 1, 1),
                    f"unknown brand {k!r}",
                    "known brands: " + ", ".join(b.key for b in cfg.brands),
                )
                for k in unknown
            ]
        )
    say = progress or (lambda _msg: None)
    out_dir = Path(out)
    with build_lock(cfg, out_dir):
        key = config_key(cfg, mode, out_dir)  # before anything is read: an edit meanwhile shows
        recover(out_dir)
        if incremental:
            done = try_incremental(cfg, keys, out_dir, key, mode, say, changed, pages_done)
            if done is not None:
                pages, written = done
                results = tuple(BrandResult(k, n, str(out_dir / k)) for k, n in written.items())
                return BuildReport(pages, results, time.perf_counter() - start, None)
        say("parsing")
        return full_build(cfg, keys, out_dir, key, mode, jobs, say, start)


def full_build(
    cfg: Config,
    keys: list[str],
    out_dir: Path,
    key: str,
    mode: str,
    jobs: int,
    say: Callable[[str], None],
    start: float,
) -> BuildReport:
    """Parse every source once (in slices, on every core), then write each brand's tree
    (`key`: the config key, saved with the cache)."""
    tree = scan_tree(cfg.guides_dir)
    stamped_at = time.time_ns()
    sources = stat_sources(cfg, [rel for _, rel in tree.files])
    n = jobs if len(tree.files) >= PARALLEL_MIN and _can_fork() else 1
    slices = split(tree.files, {rel: size for rel, (_, size) in sources.items()}, n)
    docs = [rel for _, rel in tree.files if not route(rel)[1]]
    shown = display(cfg.guides_dir)
    tmps: dict[str, Path] = {}
    try:  # the workers are stopped (killed, after a failure) before their folders are removed
        with Workers([SliceWorker(cfg, shown, own, docs) for own in slices], n > 1) as workers:
            reports = workers.parse()
            site, summaries, fragments, targets = _merge(tree, reports)
            build_id = uuid.uuid4().hex
            results = []
            tmps.update({k: begin_tree(out_dir / k) for k in keys})
            for brand_key, shares in workers.render(keys, mode, targets, tmps):
                brand = cfg.brand(brand_key)
                files, variant, parts = _finish_brand(
                    cfg, brand, shares, fragments, tmps[brand_key], targets
                )
                del tmps[brand_key]  # swapped in
                links = targets if brand.whitelabel else None
                save_brand(cfg, brand, build_id, variant, parts, out_dir / brand_key, links)
                results.append(BrandResult(brand_key, files, str(out_dir / brand_key)))
                say(f"built {brand_key}")
    finally:
        gc.unfreeze()  # an in-process worker froze what it parsed; a long-running serve frees it
        for tmp in tmps.values():
            shutil.rmtree(tmp, ignore_errors=True)
    save_manifest(cfg, out_dir, key, build_id, tree, sources, summaries, keys, stamped_at)
    return BuildReport(len(site.all()), tuple(results), time.perf_counter() - start, site)


def _merge(
    tree: Tree, reports: list[SliceReport]
) -> tuple[Site, dict[str, bytes], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The workers' reports -> (the site of light pages, summaries by rel path, hidden-text
    fragments by URL, white-label link targets); raises GuideError listing every problem."""
    failed = sorted(p for r in reports for p in r.problems)
    problems = list(tree.problems) + [p for _, ps in failed for p in ps]
    if any(p.level == "error" for p in problems):
        raise GuideError(problems)
    pages = [page for r in reports for page in r.pages]
    site = collect_site(unpack(light) for _, light, _, _, _ in pages)
    listed = {g.url for g in site.all()}
    summaries = {rel: digest for rel, light, digest, _, _ in pages if light[1] in listed}
    fragments = {light[1]: frags for _, light, _, frags, _ in pages if frags and light[1] in listed}
    kept = [g for g in site.all() if not g.whitelabel_hide]
    urls = {g.url for g in kept}
    anchors = {light[1]: a for _, light, _, _, a in pages if light[1] in urls}
    # a connector whose guides are all branded-only has no page in a white-label variant
    return site, summaries, fragments, targets_from(anchors, group_site(kept).connectors)


def _finish_brand(
    cfg: Config,
    brand: Brand,
    shares: list[BrandSlice],
    fragments: dict[str, frozenset[str]],
    tmp: Path,
    targets: dict[str, frozenset[str]],
) -> tuple[int, Site, Parts]:
    """Write the files that list every page next to the workers' pages, leak-check them, and
    swap the brand's tree in. Returns (files written, the light variant, its index pieces)."""
    variant = group_site(unpack(p) for s in shares for p in s.pages)
    parts = Parts()
    for s in shares:
        parts.chunks.update(s.chunks)
        parts.search.update(s.search)
        parts.embeds.update(s.embeds)
    hits = [h for s in shares for h in s.hits]
    checker = LeakChecker(brand, fragments, targets) if brand.whitelabel else None
    urls = [g.url for g in variant.all()] + [c.url for c in variant.connectors]
    page_files = {file_for(u, suffix) for u in urls for suffix in (".html", ".md")}
    writer = TreeWriter(tmp)
    for path, data in SiteRenderer(cfg, brand).site_files(variant, parts):
        if path in page_files:
            raise RuntimeError(f"two outputs for {path}")
        if checker is not None:
            hits.extend(checker.check(path, data))
        writer.write(path, data)
    if hits:
        raise leak_error(brand, hits)
    commit_tree(tmp, tmp.parent / brand.key, cache_root(cfg) / "trash")
    return writer.count + sum(s.files for s in shares), variant, parts


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def stderr_progress() -> Callable[[str], None] | None:
    """A one-line progress display on a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(msg: str) -> None:
        sys.stderr.write(f"\r\033[K  hubdocs: {msg}…")
        sys.stderr.flush()

    return show
