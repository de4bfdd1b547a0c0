"""The search index catching up with its pages, off the edit loop (`hubdocs serve`).

An incremental build with `defer_search` writes the edited pages and llms-full.txt files and
marks the brand's search index as behind them (`Layout.search_stale`); the page reloads at
once. `search_catch_up` then indexes the pages into the delta bundle exactly as the build would
have: the slow part (Pagefind) reads the pages and runs without the build lock, so a save
meanwhile is rebuilt and reloaded without waiting; only the check and the swap of the finished
bundle take the lock, and they are skipped when the pages moved since (`still_current`): the
caller runs it again. A build that does not defer the index never trusts a stale one: it builds
in full (`incremental._stale_outputs`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from renderer.brand.leaks import LeakChecker, leak_error
from renderer.build.cache import Layout, _dump, _load, build_lock, cache_dir
from renderer.build.incremental import PENDING
from renderer.build.journal import begin_writes
from renderer.config.schema import Config, cache_root
from renderer.search.index import delta_bundle, swap_delta

CatchUp = Literal["done", "current", "moved", "unknown"]
"""done: the index was brought up to date; current: it was not behind; moved: pages changed
while indexing (run again); unknown: this process did not defer it (a full build is needed)."""


def search_catch_up(
    cfg: Config, key: str, out: Path, still_current: Callable[[], bool] = lambda: True
) -> CatchUp:
    """Bring brand `key`'s search index in `out` up to date with its pages (see above); a leak
    in the new entries raises the brand's leak error (nothing is swapped in)."""
    cdir = cache_dir(cfg, out)
    name = cdir / f"layout-{key}.pickle"
    layout = _load(name)
    if not (isinstance(layout, Layout) and layout.search_stale):
        return "current"
    brand = cfg.brand(key)
    pending = PENDING.get((str(out.resolve()), key))
    if brand.whitelabel and pending is None:
        return "unknown"  # the hidden text of the pages is not known here
    searched = list(layout.searched)
    pages, files = delta_bundle(out / key, searched)  # the slow part, unlocked
    with build_lock(cfg, out):
        layout = _load(name)
        if not still_current() or not (
            isinstance(layout, Layout) and layout.search_stale and layout.searched == searched
        ):
            return "moved"
        checker = None
        if brand.whitelabel and pending is not None:
            checker = LeakChecker(brand, dict(pending[0]), pending[1])
        journal = begin_writes(cdir, out, {key: ()})
        try:
            trash = cache_root(cfg) / "trash"
            hits = swap_delta(out / key, checker, trash, pages, files, layout.search_ids)
        finally:
            journal.done()  # only the bundle folder was written (or nothing, on a leak)
        if hits:
            raise leak_error(brand, hits)
        layout.search_stale = False
        _dump(name, layout)
    return "done"
