"""The build, as one story.

1. **Plan** (`plan.py`): which brands, which output folder, the config key (everything but the
   sources that decides the output bytes), taken before anything is read. One build runs per
   output folder at a time (`cache.build_lock`); files left by a killed build are cleaned up
   first (`core/fs.recover`, `journal.check_outputs`).
2. **Incremental, if it can be** (`incremental.py`): with the cache of the last full build, the
   changed sources (and the pages made from a changed snippet or template) are parsed, rendered
   for every brand and checked — then written, the llms-full.txt files spliced and the search
   buckets of those pages re-indexed. Anything structural (a page added, a title or anchor
   changed, the theme or config edited) is a `Fallback` with its reason, and the build is full.
3. **Full** (`full.py`): the sources are split into slices by connector, one per core
   (`slices.py`). Each worker parses its slice once (`parse/`), then for every brand varies its
   pages (`vary/`), renders them (`render/`), checks them for leaks (`brand/`) and writes them
   straight into the brand's fresh folder (`output.py`). The parent merges the workers' reports
   (duplicate URLs, link targets, warnings), writes the files that list every page (home,
   llms.txt files, sitemap), indexes the brand for search (`search/`), checks that too and swaps
   the folder in atomically. The cache for the next incremental build is saved last
   (`cache.py`), and folders of brands no longer configured are removed.

Only this stage writes the output (an import-linter contract says so).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from renderer.build.cache import build_lock, cache_dir, config_key
from renderer.build.incremental import Incremental, try_incremental
from renderer.build.journal import check_outputs
from renderer.build.plan import BrandResult, BuildPlan, BuildReport, Fallback
from renderer.build.search_catch_up import search_catch_up as search_catch_up
from renderer.config.schema import Config
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.core.fs import recover


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
    keep_going: bool = False,
    defer_search: bool = False,
) -> BuildReport:
    """Parse once, then build every selected brand into `<out>/<brand>/`.

    With `incremental`, a valid cache from the last build lets only changed pages be rebuilt;
    `changed` (source paths below the guides folder, from a file watcher) says which files were
    modified since the last successful build, so the rest of the tree need not be checked;
    `pages_done` is told when an incremental build has written the changed pages, before it
    updates the index files that list them; with `defer_search` it leaves the search index
    behind its pages for `search_catch_up` (run next, off the edit loop). With `keep_going`, pages with errors are left out
    and their problems returned in the report (the caller exits 1) instead of raised."""
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
        plan = BuildPlan(
            cfg,
            tuple(keys),
            out_dir,
            config_key(cfg, mode, out_dir),  # before anything is read: an edit meanwhile shows
            mode,
            jobs,
            say,
            keep_going,
            frozenset(changed) if changed is not None else None,
            pages_done,
            defer_search,
        )
        recover(out_dir)  # what a killed build left
        stale = check_outputs(cache_dir(cfg, out_dir), out_dir, keys)  # temp files go too
        reason = ""
        if incremental:
            done = Fallback(stale) if stale is not None else _incremental(plan)
            if isinstance(done, Incremental):
                results = tuple(
                    BrandResult(k, n, str(out_dir / k)) for k, n in done.written.items()
                )
                seconds = time.perf_counter() - start
                return BuildReport(
                    done.pages,
                    results,
                    seconds,
                    None,
                    done.warnings,
                    notes=done.notes,
                    mode="incremental",
                )
            reason = done.reason
        from renderer.build.full import full_build  # a fresh incremental process never needs it

        say("parsing…")
        return replace(full_build(plan, start), reason=reason)


def _incremental(plan: BuildPlan) -> Incremental | Fallback:
    if plan.cfg.nav is not None:
        return Fallback("a Mintlify site (docs.json) is always built in full")
    if plan.keep_going:
        return Fallback("--keep-going builds in full")
    return try_incremental(plan)
