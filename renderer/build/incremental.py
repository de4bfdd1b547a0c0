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
from dataclasses import dataclass
from pathlib import Path

from renderer.brand.brand_pass import BrandPass
from renderer.brand.leaks import leak_error, page_fragments
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
    stat_sources,
    summary,
)
from renderer.build.journal import begin_writes
from renderer.build.plan import BuildPlan, Fallback
from renderer.config.schema import Brand, Config, cache_root
from renderer.core import model as m
from renderer.core.errors import GuideError
from renderer.core.fs import splice_file, write_if_changed
from renderer.parse.discover import display, recheck_tree
from renderer.parse.page import parse_file
from renderer.render.llms import SEP, PiecedFile
from renderer.render.site import Output, SiteRenderer
from renderer.search.index import reindex
from renderer.vary.site import group_site


@dataclass(frozen=True, slots=True)
class Incremental:
    """What an incremental build did."""

    pages: int
    """Pages of the site."""
    written: dict[str, int]
    """Brand -> files written."""
    notes: tuple[str, ...]


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


def try_incremental(plan: BuildPlan) -> Incremental | Fallback:
    """Rebuild only what changed, or say why a full build is needed.

    `plan.pages_done` is called once the changed pages are written, before the index files
    are (a preview reloads the page first)."""
    cfg, out_dir = plan.cfg, plan.out_dir
    cdir = cache_dir(cfg, out_dir)
    man = _load(cdir / "manifest.pickle")
    if not isinstance(man, Manifest):
        return Fallback("no complete earlier build in this output folder")
    if man.key != plan.key:
        return Fallback("the config, theme, brand files or hubdocs changed")
    for k in plan.keys:  # every requested brand was built last time and its folder is that one
        folder = out_dir / k
        if k not in man.outputs:
            return Fallback(f"brand {k} was not built last time")
        if not folder.is_dir() or _out_id(folder) != man.outputs[k]:
            return Fallback(f"{folder} is missing or was replaced")
    last = _load(cdir / "delta.pickle")
    delta = Delta(man.build_id, {}, {}, 0)
    if isinstance(last, Delta) and last.build_id == man.build_id:
        delta = Delta(man.build_id, dict(last.sources), dict(last.dirs), last.stamped_at)
    hint = set(plan.changed) if plan.changed is not None else None
    changed = _changed_sources(cfg, man, delta, hint)
    if changed is None:
        return Fallback("sources were added, removed or renamed")
    if len(changed) > max(64, len(man.files) // 20):  # a full build, on every core, wins
        return Fallback(f"{len(changed):,} sources changed")
    shown = display(cfg.guides_dir)
    fresh: list[m.Guide] = []
    fragments: dict[str, frozenset[str]] = {}
    """The changed pages' hidden text: what their files and index pieces are checked against
    (the files listing every page are not rewritten by an incremental build)."""
    problems = []
    for rel in changed:
        try:
            g = parse_file(f"{shown}/{rel}", f"{cfg.guides_dir}/{rel}", rel, cfg.embed_hosts)
        except GuideError as err:
            problems.extend(err.problems)
            continue
        except OSError:
            return Fallback(f"{rel} could not be read")
        frags = page_fragments(g)
        if summary(g, frags) != man.summaries.get(rel):
            return Fallback(f"{rel} changed what other pages or the index files show of it")
        fresh.append(g)
        if frags:
            fragments[g.url] = frags
    if problems:
        raise GuideError(problems)
    written: dict[str, int] = {}
    if fresh:
        loaded = {}
        for k in plan.keys:
            cache, layout = _load(cdir / f"brand-{k}.pickle"), _load(cdir / f"layout-{k}.pickle")
            if not (isinstance(cache, BrandCache) and isinstance(layout, Layout)):
                return Fallback(f"the cache of brand {k} is incomplete")
            if cache.build_id != man.build_id:
                return Fallback(f"the cache of brand {k} is from another build")
            try:
                if _index_stamps(out_dir / k, layout.pieced) != layout.files:
                    return Fallback(f"an llms-full.txt file of brand {k} changed since")
            except OSError:
                return Fallback(f"an llms-full.txt file of brand {k} is missing")
            loaded[k] = (cache, layout)
        passes = {
            k: BrandPass(cfg, cfg.brand(k), cache.targets, fragments)
            for k, (cache, _) in loaded.items()
        }
        # every brand's pages first (then `pages_done`), then the index files of all brands
        try:
            updates = {k: _render_brand(plan, passes[k], *loaded[k], fresh) for k in plan.keys}
        except _OverBudget:
            return Fallback("the root llms-full.txt crosses its budget (it changes form)")
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
        for k in plan.keys:
            written[k] = pages[k] + sum(
                n for (b, _), n in zip(jobs, spliced, strict=True) if b == k
            )
            layout = loaded[k][1]
            for u, chunk in updates[k].pieces.items():
                if u in layout.sizes:
                    layout.full_size += len(chunk) - layout.sizes[u]
                    layout.sizes[u] = len(chunk)
            layout.files = _index_stamps(out_dir / k, layout.pieced)
            _dump(cdir / f"layout-{k}.pickle", layout)
            hits = reindex(
                out_dir / k, passes[k].checker, trash, [rel for rel, _ in updates[k].files]
            )
            if hits:
                raise leak_error(passes[k].brand, hits)
            plan.say(f"updated {k}")
        journal.done()  # pages, index files and search bundle written
    if delta != last:
        _dump(cdir / "delta.pickle", delta)
    notes = tuple(n for k in plan.keys for n in _notes(cdir, k))
    return Incremental(len(man.summaries), written or dict.fromkeys(plan.keys, 0), notes)


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
    return _BrandUpdate(files, jobs, new)


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
