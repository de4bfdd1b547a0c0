"""Incremental builds: with the cache of the last build (cache.py), a fresh process rebuilds only
the pages whose sources changed, splices their pieces into the llms-full.txt files, rewrites only
files whose bytes differ, and re-indexes the brand for search (Pagefind has no partial update).

Anything beyond an edit inside a page (a page added or removed; a title, description, order,
flag, field or heading anchor changed; the config, theme or brand files changed) needs a full
build: planning returns a `Fallback` with the reason, which the build prints.
"""

from __future__ import annotations

import functools
import pickle
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from renderer.brand.brand_pass import BrandPass
from renderer.brand.leaks import LeakChecker, leak_error, page_fragments
from renderer.brand.links import page_broken_links
from renderer.build.cache import (
    BrandCache,
    Delta,
    Layout,
    Manifest,
    _dump,
    _index_stamps,
    _load,
    _out_id,
    cache_dir,
    stat_inputs,
    stat_sources,
    summary,
)
from renderer.build.journal import begin_writes
from renderer.build.plan import BuildPlan, Fallback
from renderer.build.sources import read_page
from renderer.config.schema import Brand, Config, cache_root
from renderer.core import model as m
from renderer.core.errors import GuideError, Problem
from renderer.core.fs import splice_file, write_if_changed
from renderer.parse.discover import display, recheck_tree
from renderer.render.llms import SEP, PiecedFile
from renderer.render.site import Output, SiteRenderer
from renderer.search.index import delta_bundles, swap_delta
from renderer.vary.site import group_site


@dataclass(frozen=True, slots=True)
class Incremental:
    """What an incremental build did."""

    pages: int
    """Pages of the site."""
    written: dict[str, int]
    """Brand -> files written."""
    notes: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()
    """Every warning of the site, as a full build reports them."""


@dataclass(frozen=True, slots=True)
class _BrandUpdate:
    """One brand's share of an incremental build, checked and not yet written."""

    files: list[Output]
    """The changed pages' files."""
    splices: list[Callable[[], int]]
    """Jobs that splice the new pieces into the llms-full.txt files (each returns 1 if it
    changed the file)."""
    pieces: dict[str, bytes]
    """URL -> the page's new piece of llms-full.txt."""
    checker: LeakChecker | None = None
    """The brand's leak check (for its re-indexed search buckets)."""


RACY_NS = 50_000_000
"""A source modified this close before its stamp was taken may have been modified again within
the same timestamp tick, with the same size: it is re-read ("racy git"). 50 ms is many kernel
ticks; file systems that keep whole seconds only get `RACY_COARSE_NS`."""
RACY_COARSE_NS = 2_000_000_000


def _changed_sources(
    cfg: Config, man: Manifest, delta: Delta, hint: set[str] | None
) -> list[str] | None:
    """Sources that may have changed since the last build, their new stamps recorded in
    `delta`; None when the tree itself changed.

    A source counts when its (mtime, size) moved, or when it was modified just before the
    last stamps were taken (a same-size edit within one timestamp tick would not show). With a
    watcher's `hint` naming only known sources, exactly those are re-read."""
    known = {**man.sources, **delta.sources}
    coarse = not any(st[0] % 1_000_000_000 for st in list(known.values())[:64])
    since = (delta.stamped_at or man.stamped_at) - (RACY_COARSE_NS if coarse else RACY_NS)
    stamped_at = time.time_ns()
    try:
        if hint is not None and hint <= known.keys():
            now = stat_sources(cfg, sorted(hint))
            changed = sorted(hint)
        else:
            dirs = recheck_tree(cfg.guides_dir, man.files, {**man.dirs, **delta.dirs})
            if dirs is None:
                return None
            delta.dirs.update((d, t) for d, t in dirs.items() if man.dirs.get(d) != t)
            now = stat_sources(cfg, man.files)
            changed = [rel for rel, st in now.items() if st != known[rel] or st[0] >= since]
    except OSError:  # a source vanished
        return None
    delta.sources.update((rel, now[rel]) for rel in changed)
    delta.stamped_at = stamped_at
    return changed


@dataclass
class Planned:
    """What an incremental build will do, decided without writing anything."""

    man: Manifest
    delta: Delta
    """The new stamps to record once done."""
    last: Delta | None
    """The stamps recorded by the last incremental build (None: none since the full build)."""
    fresh: list[m.Guide]
    """The changed pages, parsed (their sources, or a file they were made from, changed)."""
    fragments: dict[str, frozenset[str]]
    """The changed pages' hidden text: what their files and index pieces are checked against
    (the files listing every page are not rewritten by an incremental build)."""
    loaded: dict[str, tuple[BrandCache, Layout]]
    """Each brand's cache, when there are pages to render."""
    warnings: tuple[Problem, ...]
    """Every warning of the site: the full build's, the changed pages' anew."""


def try_incremental(plan: BuildPlan) -> Incremental | Fallback:
    """Rebuild only what changed, or say why a full build is needed: plan (read and parse,
    nothing written), render every brand's changed pages (checked, nothing written), apply.

    `plan.pages_done` is called once the changed pages are written, before the index files
    are (a preview reloads the page first)."""
    planned = plan_incremental(plan)
    if isinstance(planned, Fallback):
        return planned
    updates: dict[str, _BrandUpdate] = {}
    if planned.fresh:
        passes = {
            k: BrandPass(plan.cfg, plan.cfg.brand(k), cache.targets, planned.fragments)
            for k, (cache, _) in planned.loaded.items()
        }
        try:  # every brand's pages, checked, before anything is written
            updates = {
                k: _render_brand(plan, passes[k], *planned.loaded[k], planned.fresh)
                for k in plan.keys
            }
        except _OverBudget:
            return Fallback("the root llms-full.txt crosses its budget (it changes form)")
    return apply_incremental(plan, planned, updates)


def plan_incremental(plan: BuildPlan) -> Planned | Fallback:
    """Which pages to rebuild, parsed, and the caches to rebuild them with — or why a full
    build is needed. Reads the cache and the sources; writes nothing."""
    cfg, out_dir = plan.cfg, plan.out_dir
    cdir = cache_dir(cfg, out_dir)
    man = _load(cdir / "manifest.pickle")
    if not isinstance(man, Manifest):
        return Fallback("no complete earlier build in this output folder")
    stale = _stale_outputs(plan, man)
    if stale is not None:
        return stale
    last = _load(cdir / "delta.pickle")
    last = last if isinstance(last, Delta) and last.build_id == man.build_id else None
    delta = Delta(man.build_id, {}, {}, 0, {})
    if last is not None:
        delta = Delta(
            man.build_id, dict(last.sources), dict(last.dirs), last.stamped_at, dict(last.inputs)
        )
    hint = set(plan.changed) if plan.changed is not None else None
    changed = _changed_sources(cfg, man, delta, hint)
    if changed is None:
        return Fallback("sources were added, removed or renamed")
    changed = sorted(set(changed) | _readers_of_changed_inputs(man, delta))
    if len(changed) > max(64, len(man.files) // 20):  # a full build, on every core, wins
        return Fallback(f"{len(changed):,} sources changed")
    parsed = _parse_changed(cfg, man, changed)
    if isinstance(parsed, Fallback):
        return parsed
    fresh, fragments = parsed
    loaded = _load_brands(plan, man) if fresh else {}
    if isinstance(loaded, Fallback):
        return loaded
    warnings = _warnings(plan, man, changed, fresh)
    return Planned(man, delta, last, fresh, fragments, loaded, warnings)


def _stale_outputs(plan: BuildPlan, man: Manifest) -> Fallback | None:
    """Why the last build's output cannot be updated in place (None: it can)."""
    if man.key != plan.key:
        return Fallback("the config, theme, brand files or hubdocs changed")
    for k in plan.keys:  # every requested brand was built last time and its folder is that one
        folder = plan.out_dir / k
        if k not in man.outputs:
            return Fallback(f"brand {k} was not built last time")
        if not folder.is_dir() or _out_id(folder) != man.outputs[k]:
            return Fallback(f"{folder} is missing or was replaced")
        if not plan.defer_search:
            layout = _load(cache_dir(plan.cfg, plan.out_dir) / f"layout-{k}.pickle")
            if isinstance(layout, Layout) and layout.search_stale:
                return Fallback(f"the search index of brand {k} is behind its pages")
    return None


PENDING: dict[tuple[str, str], tuple[dict[str, frozenset[str]], Any]] = {}
"""(output folder, brand) -> the hidden text of the pages whose indexing was deferred in this
process, and the variant's link targets: what `search_catch_up` checks their entries against."""


def _readers_of_changed_inputs(man: Manifest, delta: Delta) -> set[str]:
    """The pages made from a snippet or template that changed since it was last seen (the new
    stamps are recorded in `delta`)."""
    known = {**man.inputs, **delta.inputs}
    now = stat_inputs(known)
    moved = {path for path, st in now.items() if st != known[path]}
    delta.inputs.update((path, now[path]) for path in moved)
    return {rel for path in moved for rel in man.readers.get(path, ())}


def _parse_changed(
    cfg: Config, man: Manifest, changed: list[str]
) -> tuple[list[m.Guide], dict[str, frozenset[str]]] | Fallback:
    """The changed pages parsed (a parse error raises GuideError with every problem), or why
    a full build is needed (a page changed what other pages or the indexes show of it)."""
    shown = display(cfg.guides_dir)
    fresh: list[m.Guide] = []
    fragments: dict[str, frozenset[str]] = {}
    problems = []
    for rel in changed:
        try:
            read = read_page(cfg, f"{shown}/{rel}", rel)
        except OSError:
            return Fallback(f"{rel} could not be read")
        if read.page is None:
            problems.extend(p for p in read.problems if p.level == "error")
            continue
        g = read.page
        frags = page_fragments(g)
        if summary(g, frags) != man.summaries.get(rel):
            return Fallback(f"{rel} changed what other pages or the index files show of it")
        if _inputs_moved(man, rel, g):
            return Fallback(f"{rel} now includes other files")
        fresh.append(g)
        if frags:
            fragments[g.url] = frags
    if problems:
        raise GuideError(problems)
    return fresh, fragments


def _inputs_moved(man: Manifest, rel: str, g: m.Guide) -> bool:
    """Does the page now read a snippet or template the manifest does not know it reads?"""
    return any(rel not in man.readers.get(path, ()) for path in g.extras.inputs)


def _load_brands(plan: BuildPlan, man: Manifest) -> dict[str, tuple[BrandCache, Layout]] | Fallback:
    """Each brand's cache of the last full build, checked against its output folder."""
    cdir = cache_dir(plan.cfg, plan.out_dir)
    loaded = {}
    for k in plan.keys:
        cache, layout = _load(cdir / f"brand-{k}.pickle"), _load(cdir / f"layout-{k}.pickle")
        if not (isinstance(cache, BrandCache) and isinstance(layout, Layout)):
            return Fallback(f"the cache of brand {k} is incomplete")
        if cache.build_id != man.build_id:
            return Fallback(f"the cache of brand {k} is from another build")
        try:
            if _index_stamps(plan.out_dir / k, layout.pieced) != layout.files:
                return Fallback(f"an llms-full.txt file of brand {k} changed since")
        except OSError:
            return Fallback(f"an llms-full.txt file of brand {k} is missing")
        if len(layout.searched) > max(64, len(layout.search_ids) // 20):
            return Fallback(f"the search index of brand {k} is compacted (many pages edited)")
        loaded[k] = (cache, layout)
    return loaded


def _warnings(
    plan: BuildPlan, man: Manifest, changed: list[str], fresh: list[m.Guide]
) -> tuple[Problem, ...]:
    """The full build's warnings with the changed pages' own replaced: their parse warnings
    and their broken links and anchors on the branded site, checked again."""
    shown = display(plan.cfg.guides_dir)
    redone = {f"{shown}/{rel}" for rel in changed}
    kept = [p for p in man.warnings if p.pos.path not in redone]
    new = [w for g in fresh for w in g.extras.warnings]
    if any(not plan.cfg.brand(k).whitelabel for k in plan.keys) or not plan.keys:
        found = page_broken_links(fresh, man.link_targets)
        new += [replace(p, level="warning") for p in sorted(found, key=str)]
    return tuple(kept + new)


def apply_incremental(
    plan: BuildPlan, planned: Planned, updates: dict[str, _BrandUpdate]
) -> Incremental:
    """Write what `updates` hold (pages first, then index files, then the search buckets), and
    record the new stamps."""
    cfg, out_dir, loaded = plan.cfg, plan.out_dir, planned.loaded
    cdir = cache_dir(cfg, out_dir)
    written: dict[str, int] = {}
    if updates:
        folders = {
            k: [*(r for r, _ in u.files), *(f.name for f in loaded[k][1].pieced)]
            for k, u in updates.items()
        }
        journal = begin_writes(cdir, out_dir, folders)  # before the first write
        pages = {  # written only once every brand has passed its checks
            k: sum(write_if_changed(out_dir / k / rel, data) for rel, data in u.files)
            for k, u in updates.items()
        }
        if plan.pages_done is not None:
            plan.pages_done()
        jobs = [(k, job) for k, u in updates.items() for job in u.splices]
        with ThreadPoolExecutor(max_workers=max(1, min(len(jobs), 4))) as pool:  # kernel copies
            spliced = list(pool.map(lambda kj: kj[1](), jobs))
        trash = cache_root(cfg) / "trash"
        searched = {
            k: sorted({*loaded[k][1].searched, *(r for r, _ in updates[k].files)})
            for k in plan.keys
        }
        bundles = (
            {}
            if plan.defer_search
            else delta_bundles({out_dir / k: searched[k] for k in plan.keys})
        )
        for k in plan.keys:
            written[k] = pages[k] + sum(
                n for (b, _), n in zip(jobs, spliced, strict=True) if b == k
            )
            cache, layout = loaded[k]
            if plan.defer_search:  # `search_catch_up` indexes them, after the reload
                where = (str(out_dir.resolve()), k)
                hidden = dict(PENDING.get(where, ({}, None))[0])
                for g in planned.fresh:
                    hidden.pop(g.url, None)
                PENDING[where] = ({**hidden, **planned.fragments}, cache.targets)
                layout.search_stale = True
            else:
                indexed, bundle = bundles[out_dir / k]
                hits = swap_delta(
                    out_dir / k, updates[k].checker, trash, indexed, bundle, layout.search_ids
                )
                if hits:
                    raise leak_error(cfg.brand(k), hits)
            layout.searched = [r for r in searched[k] if r.endswith(".html")]
            _save_layout(cdir, out_dir / k, layout, updates[k].pieces, k)
            plan.say(f"updated {k}")
        journal.done()  # pages, index files and search bundle written
    if planned.delta != planned.last:
        _dump(cdir / "delta.pickle", planned.delta)
    notes = tuple(n for k in plan.keys for n in _notes(cdir, k))
    return Incremental(
        len(planned.man.summaries),
        written or dict.fromkeys(plan.keys, 0),
        notes,
        planned.warnings,
    )


def _save_layout(
    cdir: Path, folder: Path, layout: Layout, pieces: dict[str, bytes], key: str
) -> None:
    """The brand's llms-full.txt layout after the splices (sizes and file stamps)."""
    for u, chunk in pieces.items():
        if u in layout.sizes:
            layout.full_size += len(chunk) - layout.sizes[u]
            layout.sizes[u] = len(chunk)
    layout.files = _index_stamps(folder, layout.pieced)
    _dump(cdir / f"layout-{key}.pickle", layout)


def _notes(cdir: Path, key: str) -> tuple[str, ...]:
    layout = _load(cdir / f"layout-{key}.pickle")
    return layout.notes if isinstance(layout, Layout) else ()


class _OverBudget(Exception):
    """An edit moves the root llms-full.txt across its budget (a full build changes its form)."""


def _render_brand(
    plan: BuildPlan, bp: BrandPass, cache: BrandCache, layout: Layout, changed: list[m.Guide]
) -> _BrandUpdate:
    """Re-render and leak-check the changed pages of one brand. Nothing is written here;
    raises _OverBudget when the root llms-full.txt would cross its budget."""
    varied = bp.vary(changed)
    by_url = {g.url: g for g in varied}
    # the nav of a page needs the docs pages and its own connector only
    needed = list(cache.pages)
    for connector in sorted({g.connector for g in varied if g.connector}):
        blob = cache.connectors.get(connector)
        if blob is not None:
            needed += pickle.loads(blob)  # noqa: S301 - our own cache
    site = group_site([by_url.get(s.url, s) for s in needed])
    renderer = _renderer(plan.cfg, bp.brand, plan.key)
    renderer.has_guides = bool(cache.connectors)  # `site` is part of the brand's pages only
    files: list[Output] = []
    done = bp.render_pages(renderer, site, varied, (), plan.mode, lambda *f: files.append(f))
    if done.leaks:  # the new pieces alone: the rest of each index was checked before
        raise bp.error(done.leaks, varied)
    new = {u: c for u, c in done.parts.chunks.items() if u in layout.sizes}
    size = layout.full_size + sum(len(c) - layout.sizes[u] for u, c in new.items())
    budget = plan.cfg.llms_full_budget
    if (size <= budget) != (layout.full_size <= budget):
        raise _OverBudget
    folder = plan.out_dir / bp.brand.key

    def splice(f: PiecedFile) -> int:
        sizes = [layout.sizes[u] for u in f.urls]
        pieces = {i: new[u] for i, u in enumerate(f.urls) if u in new}
        return int(splice_file(folder / f.name, f.head, sizes, SEP, SEP, pieces))

    jobs = [functools.partial(splice, f) for f in layout.pieced if any(u in new for u in f.urls)]
    return _BrandUpdate(files, jobs, new, bp.checker)


_RENDERERS: dict[tuple[str, str], SiteRenderer] = {}
"""Renderers of this process by (config key, brand): a running serve builds its templates,
assets and component check once, not on every save."""


def _renderer(cfg: Config, brand: Brand, key: str) -> SiteRenderer:
    hit = _RENDERERS.get((key, brand.key))
    if hit is None:
        for stale in [k for k in _RENDERERS if k[0] != key]:
            del _RENDERERS[stale]
        hit = _RENDERERS[(key, brand.key)] = SiteRenderer(cfg, brand)
    return hit
