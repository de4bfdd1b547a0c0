"""Incremental builds: a cache under `.hubdocs/cache/<output>/` lets a fresh process rebuild only
the pages whose sources changed, splice their pieces into the llms-full.txt files, rewrite only
files whose bytes differ, and re-index the brand for search (Pagefind has no partial update).

The cache is keyed by the renderer version, the config, every theme and brand file, the twin
mode and the output folder. Anything beyond an edit inside a page (a page added or removed; a
title, description, order, flag, field or heading anchor changed) falls back to a full build.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from . import model as m
from .config import Brand, Config, cache_root
from .discover import Tree, display, recheck_tree
from .embeds import embed_origins
from .errors import GuideError
from .leaks import LeakChecker, leak_error, page_fragments, piece_leaks
from .output import splice_file, write_if_changed
from .parse import parse_file
from .render_llms import SEP, LlmsOutput, PiecedFile
from .render_site import Parts, SiteRenderer
from .search_index import reindex
from .site import Site, group_site, pack, unpack
from .vary import TermSwap, vary_page, visible_anchors
from .vary import white_anchors as anchors_kept

FORMAT = f"{__version__}/7"


@dataclass
class Layout:
    """Where each page's piece sits in the llms-full.txt files joined from pieces."""

    sizes: dict[str, int]
    """Page URL -> the byte size of its piece (the same in every file it is in)."""
    pieced: list[PiecedFile]
    """The files joined from pieces: the root llms-full.txt (while within its budget) and
    every connector's."""
    full_size: int
    """The root llms-full.txt's size joined from every piece (over its budget: an index)."""
    notes: tuple[str, ...]
    files: dict[str, tuple[int, int, int]]
    """Pieced file -> (size, mtime_ns, inode) when these sizes were right: a file that does not
    match (a splice or a build interrupted before its layout was saved) needs a full build."""


def _index_stamps(folder: Path, pieced: list[PiecedFile]) -> dict[str, tuple[int, int, int]]:
    out = {}
    for f in pieced:
        st = os.stat(folder / f.name)
        out[f.name] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return out


@dataclass
class BrandCache:
    """What one brand's last full build left for the next builds."""

    build_id: str
    pages: list[tuple]
    """The docs pages of the variant as stub field tuples (enough for the nav)."""
    connectors: dict[str, bytes]
    """Connector key -> its guides as stub field tuples, pickled on their own: a rebuild
    unpickles only the connectors it needs."""
    targets: dict[str, frozenset[str]] | None


@dataclass
class Delta:
    """What incremental builds changed since the full build that wrote the manifest (kept
    apart, so that a save rewrites a few bytes rather than the whole manifest)."""

    build_id: str
    sources: dict[str, tuple[int, int]]
    """rel path -> (mtime_ns, size) for the sources rebuilt since."""
    dirs: dict[str, int]
    """Folders whose mtime moved since (with nothing added or removed)."""
    stamped_at: int
    """time_ns() just before the sources were last stat'ed (0: as in the manifest)."""


RACY_NS = 50_000_000
"""A source modified this close before its stamp was taken may have been modified again within
the same timestamp tick, with the same size: it is re-read ("racy git"). 50 ms is many kernel
ticks; file systems that keep whole seconds only get `RACY_COARSE_NS`."""
RACY_COARSE_NS = 2_000_000_000


@dataclass
class Manifest:
    """The sources of the last build."""

    build_id: str
    key: str
    files: list[str]
    """Every source below the guides folder, sorted."""
    dirs: dict[str, int]
    """Every folder of the guides tree -> its mtime_ns when it was listed."""
    sources: dict[str, tuple[int, int]]
    """rel path -> (mtime_ns, size)."""
    summaries: dict[str, bytes]
    """rel path -> digest of what other pages and the indexes see of it."""
    outputs: dict[str, tuple[int, int]]
    """brand -> (device, inode) of its output folder after the build."""
    stamped_at: int
    """time_ns() just before `sources` were stat'ed."""


def cache_dir(cfg: Config, out_dir: Path) -> Path:
    """One cache per output folder."""
    tag = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:16]
    return cache_root(cfg) / "cache" / tag


@contextlib.contextmanager
def build_lock(cfg: Config, out_dir: Path) -> Iterator[None]:
    """One build at a time per output folder (a `hubdocs build` waits for a running serve's
    rebuild, and the other way round): an exclusive lock on a file in its cache folder."""
    folder = cache_dir(cfg, out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "a+b") as fh:
        try:
            import fcntl
        except ImportError:  # not on POSIX: no lock
            yield
            return
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def config_key(cfg: Config, mode: str, out_dir: Path) -> str:
    """Everything but the guides that decides the output bytes."""
    h = hashlib.sha256(f"{FORMAT}\0{mode}\0{out_dir.resolve()}\0{cfg.guides_dir}".encode())
    h.update(cfg.config_path.read_bytes())
    h.update(repr(cfg).encode())  # the loaded values too: `!ENV` tags read the environment
    themes = cfg.theme_path or (cfg.theme_dir,)
    for folder in sorted({*themes, *(b.folder.parent for b in cfg.brands)}):
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                h.update(p.relative_to(folder).as_posix().encode() + b"\0" + _digest(p))
    h.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    return h.hexdigest()


_DIGESTS: dict[Path, tuple[tuple[int, int], bytes]] = {}


def _digest(path: Path) -> bytes:
    """sha256 of a theme file, remembered while its (mtime, size) stays the same."""
    stamp = _stamp(path)
    hit = _DIGESTS.get(path)
    if hit is None or hit[0] != stamp:
        hit = (stamp, hashlib.sha256(path.read_bytes()).digest())
        _DIGESTS[path] = hit
    return hit[1]


def summary(
    g: m.Guide, fragments: frozenset[str], white_anchors: frozenset[str] | None = None
) -> bytes:
    """Digest of what other pages and the indexes see of a page (its hidden-text fragments
    included: the files listing every page were checked against them, and an incremental build
    does not rewrite those); a change here needs a full build. `white_anchors`: the page's
    heading anchors once hidden blocks are dropped, when the caller has them already."""
    if white_anchors is None:
        white_anchors = anchors_kept(g.blocks)
    seen = (
        g.url, g.kind, g.title, g.description, g.connector, g.guide_type, g.connector_name,
        g.auth_method, g.auth_slug, g.order, g.draft, g.unlisted, g.whitelabel_hide, g.fields,
        sorted(visible_anchors(g.blocks)), sorted(white_anchors), sorted(fragments),
        embed_origins(g.blocks),
    )  # fmt: skip
    return hashlib.blake2b(repr(seen).encode(), digest_size=16).digest()


_MEMO: dict[Path, tuple[tuple[int, int], object]] = {}
"""Cache files this process has read or written, by (mtime_ns, size): a running `hubdocs serve`
does not unpickle its own state again on every save."""


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_mtime_ns, st.st_size)


def _load(path: Path) -> object | None:
    try:
        stamp = _stamp(path)
        hit = _MEMO.get(path)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        with open(path, "rb") as fh:
            obj = pickle.load(fh)  # noqa: S301 - our own cache file, written by this program
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
        return None
    _MEMO[path] = (stamp, obj)
    return obj


def _dump(path: Path, obj: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    with open(tmp, "wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    _MEMO[path] = (_stamp(path), obj)


def _out_id(folder: Path) -> tuple[int, int]:
    st = folder.stat()
    return (st.st_dev, st.st_ino)


def _layout(parts: Parts, llms: LlmsOutput, folder: Path) -> Layout:
    sizes = {u: len(c) for u, c in parts.chunks.items()}
    pieced = list(llms.pieced)
    return Layout(sizes, pieced, llms.full_size, llms.notes, _index_stamps(folder, pieced))


def save_brand(
    cfg: Config,
    brand: Brand,
    build_id: str,
    variant: Site,
    parts: Parts,
    llms: LlmsOutput,
    out: Path,
    targets: dict[str, frozenset[str]] | None,
) -> None:
    """After a full build of one brand: `variant` may hold light pages (no bodies); `targets`
    are the link targets its pages were unlinked against (None: links kept)."""
    pages = [pack(g) for g in variant.pages]
    connectors = {
        c.key: pickle.dumps([pack(g) for _, gs in c.by_type for g in gs], pickle.HIGHEST_PROTOCOL)
        for c in variant.connectors
    }
    cdir = cache_dir(cfg, out.parent)
    _dump(cdir / f"brand-{brand.key}.pickle", BrandCache(build_id, pages, connectors, targets))
    _dump(cdir / f"layout-{brand.key}.pickle", _layout(parts, llms, out))


def save_manifest(
    cfg: Config,
    out_dir: Path,
    key: str,
    build_id: str,
    tree: Tree,
    sources: dict[str, tuple[int, int]],
    summaries: dict[str, bytes],
    brands: list[str],
    stamped_at: int,
) -> None:
    """After every brand of a full build succeeded (`summaries`: by rel path, built pages)."""
    outputs = {k: _out_id(out_dir / k) for k in brands}
    files = [rel for _, rel in tree.files]
    manifest = Manifest(build_id, key, files, tree.dirs, sources, summaries, outputs, stamped_at)
    cdir = cache_dir(cfg, out_dir)
    _dump(cdir / "delta.pickle", Delta(build_id, {}, {}, 0))
    _dump(cdir / "manifest.pickle", manifest)


def stat_sources(cfg: Config, rels: list[str]) -> dict[str, tuple[int, int]]:
    base = str(cfg.guides_dir)
    out = {}
    for rel in rels:
        st = os.stat(f"{base}/{rel}")
        out[rel] = (st.st_mtime_ns, st.st_size)
    return out


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


def try_incremental(
    cfg: Config,
    keys: list[str],
    out_dir: Path,
    key: str,
    mode: str,
    say: Callable[[str], None],
    hint: set[str] | None = None,
    pages_done: Callable[[], None] | None = None,
) -> tuple[int, dict[str, int], tuple[str, ...]] | None:
    """Rebuild only what changed (`key`: the current config key); None when a full build is
    needed.

    `pages_done` is called once the changed pages are written, before the index files are
    (a preview reloads the page first). Returns (pages, files written per brand, notes)."""
    cdir = cache_dir(cfg, out_dir)
    man = _load(cdir / "manifest.pickle")
    if not isinstance(man, Manifest) or man.key != key:
        return None
    for k in keys:  # every requested brand was built last time and its folder is still that one
        folder = out_dir / k
        if k not in man.outputs or not folder.is_dir() or _out_id(folder) != man.outputs[k]:
            return None
    last = _load(cdir / "delta.pickle")
    delta = Delta(man.build_id, {}, {}, 0)
    if isinstance(last, Delta) and last.build_id == man.build_id:
        delta = Delta(man.build_id, dict(last.sources), dict(last.dirs), last.stamped_at)
    changed = _changed_sources(cfg, man, delta, hint)
    if changed is None or len(changed) > max(64, len(man.files) // 20):
        return None  # a tree change, or so many edits that a full build (on every core) wins
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
            return None
        frags = page_fragments(g)
        if summary(g, frags) != man.summaries.get(rel):
            return None
        fresh.append(g)
        if frags:
            fragments[g.url] = frags
    if problems:
        raise GuideError(problems)
    written: dict[str, int] = {}
    if fresh:
        loaded = {
            k: (_load(cdir / f"brand-{k}.pickle"), _load(cdir / f"layout-{k}.pickle")) for k in keys
        }
        for cache, layout in loaded.values():
            if not (isinstance(cache, BrandCache) and isinstance(layout, Layout)):
                return None
            if cache.build_id != man.build_id:
                return None
        for k, (_, layout) in loaded.items():
            try:
                if _index_stamps(out_dir / k, layout.pieced) != layout.files:
                    return None
            except OSError:
                return None

        # every brand's pages first (then `pages_done`), then the index files of all brands
        try:
            stages = {
                k: _render_brand(
                    cfg, cfg.brand(k), *loaded[k], fresh, mode, out_dir / k, fragments, key
                )
                for k in keys
            }
        except _OverBudget:
            return None  # the root llms-full.txt crosses its budget: it changes form
        pages = {  # written only once every brand has passed its checks
            k: sum(write_if_changed(out_dir / k / rel, data) for rel, data in outputs)
            for k, (outputs, _, _) in stages.items()
        }
        if pages_done is not None:
            pages_done()
        jobs = [(k, job) for k, (_, splices, _) in stages.items() for job in splices]
        with ThreadPoolExecutor(max_workers=max(1, min(len(jobs), 4))) as pool:  # kernel copies
            spliced = list(pool.map(lambda kj: kj[1](), jobs))
        trash = cache_root(cfg) / "trash"
        for k in keys:
            written[k] = pages[k] + sum(
                n for (b, _), n in zip(jobs, spliced, strict=True) if b == k
            )
            layout = loaded[k][1]
            for u, chunk in stages[k][2].items():
                if u in layout.sizes:
                    layout.full_size += len(chunk) - layout.sizes[u]
                    layout.sizes[u] = len(chunk)
            layout.files = _index_stamps(out_dir / k, layout.pieced)
            _dump(cdir / f"layout-{k}.pickle", layout)
            brand = cfg.brand(k)
            checker = LeakChecker(brand, fragments) if brand.whitelabel else None
            hits = reindex(out_dir / k, checker, trash, [rel for rel, _ in stages[k][0]])
            if hits:
                raise leak_error(brand, hits)
            say(f"updated {k}")
    if delta != last:
        _dump(cdir / "delta.pickle", delta)
    notes = tuple(n for k in keys for n in _notes(cdir, k))
    return len(man.summaries), written or {k: 0 for k in keys}, notes


def _notes(cdir: Path, key: str) -> tuple[str, ...]:
    layout = _load(cdir / f"layout-{key}.pickle")
    return layout.notes if isinstance(layout, Layout) else ()


class _OverBudget(Exception):
    """An edit moves the root llms-full.txt across its budget (a full build changes its form)."""


def _render_brand(
    cfg: Config,
    brand: Brand,
    cache: BrandCache,
    layout: Layout,
    changed: list[m.Guide],
    mode: str,
    folder: Path,
    fragments: dict[str, frozenset[str]],
    cfg_key: str,
) -> tuple[list[tuple[str, bytes]], list[Callable[[], int]], dict[str, bytes]]:
    """Re-render and leak-check the changed pages of one brand; returns their files, the jobs
    that splice them into its llms-full.txt files and the new pieces (`cfg_key`: the config key
    the cache was checked against). Nothing is written here; raises _OverBudget when the root
    llms-full.txt would cross its budget."""
    swap = TermSwap.for_brand(brand)
    varied = [
        vary_page(g, brand, swap, cache.targets)
        for g in changed
        if not (brand.whitelabel and g.whitelabel_hide)
    ]
    by_url = {g.url: g for g in varied}
    # the nav of a page needs the docs pages and its own connector only
    needed = [unpack(t) for t in cache.pages]
    for connector in sorted({g.connector for g in varied if g.connector}):
        blob = cache.connectors.get(connector)
        if blob is not None:
            needed += [unpack(t) for t in pickle.loads(blob)]  # noqa: S301 - our own cache
    site = group_site([by_url.get(s.url, s) for s in needed])
    renderer = _renderer(cfg, brand, cfg_key)
    outputs: list[tuple[str, bytes]] = []
    parts = Parts()
    for g in varied:
        outputs.extend(renderer.guide_files(site, g, mode, parts))
    if brand.whitelabel:  # the new pieces alone: the rest of each index was checked before
        checker = LeakChecker(brand, fragments, cache.targets)
        hits = [h for path, data in outputs for h in checker.check(path, data)]
        hits += piece_leaks(checker, parts)
        if hits:
            raise leak_error(brand, hits)
    new = {u: c for u, c in parts.chunks.items() if u in layout.sizes}
    size = layout.full_size + sum(len(c) - layout.sizes[u] for u, c in new.items())
    if (size <= cfg.llms_full_budget) != (layout.full_size <= cfg.llms_full_budget):
        raise _OverBudget

    def splice(f: PiecedFile) -> int:
        sizes = [layout.sizes[u] for u in f.urls]
        pieces = {i: new[u] for i, u in enumerate(f.urls) if u in new}
        return int(splice_file(folder / f.name, f.head, sizes, SEP, SEP, pieces))

    jobs = [functools.partial(splice, f) for f in layout.pieced if any(u in new for u in f.urls)]
    return outputs, jobs, new


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
