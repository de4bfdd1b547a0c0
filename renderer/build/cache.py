"""What every build keeps between runs, under `.hubdocs/cache/<output>/`: the build lock, the
config key, the manifest of sources and page summaries, each brand's light pages and llms-full
layout, and their (atomic) persistence. A full build writes them; an incremental build reads
them (see incremental.py)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from renderer import __version__
from renderer.config.schema import Brand, Config, cache_root
from renderer.core import model as m
from renderer.core.errors import Problem
from renderer.parse.discover import Tree
from renderer.parse.embeds import embed_origins
from renderer.render.code import has_mermaid
from renderer.render.llms import LlmsOutput, PiecedFile
from renderer.render.site import Parts
from renderer.render.style_classes import page_rules
from renderer.vary.site import Site, light
from renderer.vary.variant import visible_anchors
from renderer.vary.variant import white_anchors as anchors_kept

FORMAT = f"{__version__}/10"


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
    search_ids: dict[str, str] = field(default_factory=dict)
    """Page file -> the id of its entry in the full build's search bundle."""
    searched: list[str] = field(default_factory=list)
    """Page files rewritten by incremental builds since: the search index's delta."""
    search_stale: bool = False
    """The delta does not index the latest of `searched` yet (an incremental build deferred
    it: see `search_catch_up`); a build that does not defer it builds in full."""


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
    pages: list[m.Guide]
    """The docs pages of the variant without their bodies (enough for the nav)."""
    connectors: dict[str, bytes]
    """Connector key -> its guides without their bodies, pickled on their own: a rebuild
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
    inputs: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Snippets and templates whose (mtime_ns, size) moved since, by real path."""


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
    inputs: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Real path of each file pages were made from besides their own (snippets, templates)
    -> (mtime_ns, size)."""
    readers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Each of those files -> the rel paths of the pages made from it."""
    warnings: tuple[Problem, ...] = ()
    """What the build warned about (parse warnings, broken links and anchors), in order: an
    incremental build reports them again, its changed pages' anew."""
    link_targets: dict[str, frozenset[str] | None] = field(default_factory=dict)
    """URL path -> anchors of every page and file of the branded site (None: any anchor),
    for checking the links of a changed page."""


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
    h.update(_code_stamp())
    return h.hexdigest()


@functools.cache
def _code_stamp() -> bytes:
    """hubdocs' own modules as installed (path, size, mtime): a checkout or editable install
    whose code changed without a new version number builds in full, never from stale pieces."""
    package = Path(__file__).resolve().parent.parent
    out = hashlib.sha256()
    for p in sorted(package.rglob("*.py")):
        st = p.stat()
        out.update(
            f"{p.relative_to(package).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode()
        )
    return out.digest()


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
        white_anchors = anchors_kept(g.blocks, g.kind)
    seen = (
        g.url, g.kind, g.title, g.description, g.connector, g.guide_type, g.connector_name,
        g.auth_method, g.auth_slug, g.order, g.draft, g.unlisted, g.whitelabel_hide, g.fields,
        sorted(visible_anchors(g.blocks, g.kind)), sorted(white_anchors), sorted(fragments),
        embed_origins(g.blocks), has_mermaid(g.blocks), sorted(set(_ICON.findall(g.body))),
        sorted(page_rules(g.blocks)),
    )  # fmt: skip
    return hashlib.blake2b(repr(seen).encode(), digest_size=16).digest()


_ICON = re.compile(r"""\bicon(?:Type)?\s*=\s*\{?\s*["'`]([^"'`]{1,80})""")
"""Icon names a page's source names (the site's sprite holds the icons its pages use: a page
using a new icon changes a file every page shares)."""

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


def _layout(parts: Parts, llms: LlmsOutput, folder: Path, search_ids: dict[str, str]) -> Layout:
    sizes = {u: len(c) for u, c in parts.chunks.items()}
    pieced = list(llms.pieced)
    stamps = _index_stamps(folder, pieced)
    return Layout(sizes, pieced, llms.full_size, llms.notes, stamps, search_ids)


def save_brand(
    cfg: Config,
    brand: Brand,
    build_id: str,
    variant: Site,
    parts: Parts,
    llms: LlmsOutput,
    out: Path,
    targets: dict[str, frozenset[str]] | None,
    search_ids: dict[str, str] | None = None,
) -> None:
    """After a full build of one brand: `variant` may hold light pages (no bodies); `targets`
    are the link targets its pages were unlinked against (None: links kept); `search_ids`: page
    file -> its entry in the search bundle."""
    pages = [light(g) for g in variant.pages]
    connectors = {
        c.key: pickle.dumps([light(g) for _, gs in c.by_type for g in gs], pickle.HIGHEST_PROTOCOL)
        for c in variant.connectors
    }
    cdir = cache_dir(cfg, out.parent)
    _dump(cdir / f"brand-{brand.key}.pickle", BrandCache(build_id, pages, connectors, targets))
    _dump(cdir / f"layout-{brand.key}.pickle", _layout(parts, llms, out, search_ids or {}))


@dataclass(frozen=True, slots=True)
class Learned:
    """What a full build learned that the next incremental builds need besides the sources."""

    summaries: dict[str, bytes]
    """rel path -> the page's summary digest (pages built)."""
    readers: dict[str, tuple[str, ...]]
    """Real path of a snippet or template -> the rel paths of the pages made from it."""
    warnings: tuple[Problem, ...]
    """Every warning the build reported."""
    link_targets: dict[str, frozenset[str] | None]
    """The branded site's link targets."""


def save_manifest(
    cfg: Config,
    out_dir: Path,
    key: str,
    build_id: str,
    tree: Tree,
    sources: dict[str, tuple[int, int]],
    learned: Learned,
    brands: list[str],
    stamped_at: int,
) -> None:
    """After every brand of a full build succeeded."""
    outputs = {k: _out_id(out_dir / k) for k in brands}
    files = [rel for _, rel in tree.files]
    manifest = Manifest(
        build_id,
        key,
        files,
        tree.dirs,
        sources,
        learned.summaries,
        outputs,
        stamped_at,
        stat_inputs(learned.readers),
        learned.readers,
        learned.warnings,
        learned.link_targets,
    )
    cdir = cache_dir(cfg, out_dir)
    _dump(cdir / "delta.pickle", Delta(build_id, {}, {}, 0, {}))
    _dump(cdir / "manifest.pickle", manifest)


def stat_inputs(paths: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of snippets and templates by real path; (0, -1) for one that is gone."""
    out = {}
    for path in paths:
        try:
            st = os.stat(path)
            out[path] = (st.st_mtime_ns, st.st_size)
        except OSError:
            out[path] = (0, -1)
    return out


def stat_sources(cfg: Config, rels: list[str]) -> dict[str, tuple[int, int]]:
    base = str(cfg.guides_dir)
    out = {}
    for rel in rels:
        st = os.stat(f"{base}/{rel}")
        out[rel] = (st.st_mtime_ns, st.st_size)
    return out
