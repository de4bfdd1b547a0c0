"""Incremental builds: a cache under `.hubdocs/cache/<output>/` lets a fresh process rebuild only
the pages whose sources changed, splice their pieces into llms-full.txt and the search index, and
rewrite only files whose bytes differ.

The cache is keyed by the renderer version, the config, every theme and brand file, the twin
mode and the output folder. Anything beyond an edit inside a page (a page added or removed; a
title, description, order, flag, field or heading anchor changed) falls back to a full build.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from . import model as m
from .config import Brand, Config, cache_root
from .errors import GuideError
from .leaks import hidden_fragments, scan
from .parse import parse_guide
from .render_llms import SEP, llms_full_top
from .render_site import Parts, SiteRenderer
from .site import Site, group_site, link_targets, vary_page
from .vary import TermSwap, drop_hidden, strip_hidden, visible_anchors

FORMAT = f"{__version__}/3"


@dataclass
class Layout:
    """Byte sizes of each page's piece in the two index files, in nav order."""

    order: list[str]
    chunks: dict[str, int]
    search: dict[str, int]


@dataclass
class BrandCache:
    """What one brand's last full build left for the next builds."""

    build_id: str
    pages: list[tuple]
    """The docs pages of the variant as stub field tuples (enough for the nav)."""
    connectors: dict[str, list[tuple]]
    """Connector key -> its guides as stub field tuples (unpickled fast; rebuilt on demand)."""
    targets: dict[str, frozenset[str]] | None


@dataclass
class Manifest:
    """The sources of the last build."""

    build_id: str
    key: str
    sources: dict[str, tuple[int, int]]
    """rel path -> (mtime_ns, size)."""
    summaries: dict[str, tuple]
    fragments: dict[str, frozenset[str]]
    outputs: dict[str, tuple[int, int]]
    """brand -> (device, inode) of its output folder after the build."""


def cache_dir(cfg: Config, out_dir: Path) -> Path:
    """One cache per output folder."""
    tag = hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:16]
    return cache_root(cfg) / "cache" / tag


def config_key(cfg: Config, mode: str, out_dir: Path) -> str:
    """Everything but the guides that decides the output bytes."""
    h = hashlib.sha256(f"{FORMAT}\0{mode}\0{out_dir.resolve()}\0{cfg.guides_dir}".encode())
    h.update(cfg.config_path.read_bytes())
    for folder in sorted({cfg.theme_dir, *(b.folder.parent for b in cfg.brands)}):
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


def summary(g: m.Guide) -> tuple:
    """What other pages and the indexes see of a page; a change here needs a full build."""
    return (
        g.url, g.kind, g.title, g.description, g.connector, g.guide_type, g.connector_name,
        g.auth_method, g.auth_slug, g.order, g.draft, g.unlisted, g.whitelabel_hide, g.fields,
        visible_anchors(g.blocks), visible_anchors(drop_hidden(g.blocks, [])),
    )  # fmt: skip


_FIELDS = [f.name for f in dataclasses.fields(m.Guide)]


def _pack(g: m.Guide) -> tuple:
    """A page as a tuple of plain values, without blocks, body, actions or fields."""
    light = dataclasses.replace(
        g, blocks=(), body="", actions=(), fields=(), front_matter=m.FrozenMap(), cuts=()
    )
    return tuple(getattr(light, f) for f in _FIELDS)


def _unpack(values: tuple) -> m.Guide:
    return m.Guide(**dict(zip(_FIELDS, values, strict=True)))


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


def _layout(variant: Site, parts: Parts) -> Layout:
    order = [g.url for g in variant.listed()]
    return Layout(
        order,
        {u: len(parts.chunks[u]) for u in order},
        {u: len(parts.search[u]) for u in order},
    )


def save_brand(
    cfg: Config, brand: Brand, build_id: str, variant: Site, parts: Parts, out: Path
) -> None:
    """After a full build of one brand (runs in the brand's worker)."""
    targets = None
    if brand.whitelabel:
        targets = link_targets([strip_hidden(g, brand) for g in variant.all()], variant.connectors)
    pages = [_pack(g) for g in variant.pages]
    connectors = {c.key: [_pack(g) for _, gs in c.by_type for g in gs] for c in variant.connectors}
    cdir = cache_dir(cfg, out.parent)
    _dump(cdir / f"brand-{brand.key}.pickle", BrandCache(build_id, pages, connectors, targets))
    _dump(cdir / f"layout-{brand.key}.pickle", _layout(variant, parts))


def save_manifest(
    cfg: Config,
    out_dir: Path,
    key: str,
    build_id: str,
    sources: dict[str, tuple[int, int]],
    site: Site,
    rels: dict[str, str],
    brands: list[str],
    fragments: dict[str, frozenset[str]],
) -> None:
    """After every brand of a full build succeeded."""
    summaries = {rels[g.url]: summary(g) for g in site.all()}
    outputs = {k: _out_id(out_dir / k) for k in brands}
    manifest = Manifest(build_id, key, sources, summaries, fragments, outputs)
    _dump(cache_dir(cfg, out_dir) / "manifest.pickle", manifest)


def stat_sources(cfg: Config, files: list[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    out = {}
    for _shown, rel in files:
        st = (cfg.guides_dir / rel).stat()
        out[rel] = (st.st_mtime_ns, st.st_size)
    return out


def try_incremental(
    cfg: Config,
    keys: list[str],
    out_dir: Path,
    mode: str,
    files: list[tuple[str, str]],
    say: Callable[[str], None],
) -> tuple[int, dict[str, int]] | None:
    """Rebuild only what changed; None when a full build is needed.

    Returns (pages, files written per brand)."""
    cdir = cache_dir(cfg, out_dir)
    man = _load(cdir / "manifest.pickle")
    if not isinstance(man, Manifest):
        return None
    for k in keys:  # every requested brand was built last time and its folder is still that one
        folder = out_dir / k
        if k not in man.outputs or not folder.is_dir() or _out_id(folder) != man.outputs[k]:
            return None
    sources = stat_sources(cfg, files)
    if set(sources) != set(man.sources) or man.key != config_key(cfg, mode, out_dir):
        return None
    changed = [rel for rel, st in sources.items() if st != man.sources[rel]]
    shown = {rel: s for s, rel in files}
    fresh: list[m.Guide] = []
    problems = []
    for rel in changed:
        try:
            with open(cfg.guides_dir / rel, "rb") as fh:
                g = parse_guide(shown[rel], fh.read(), rel)
        except GuideError as err:
            problems.extend(err.problems)
            continue
        if summary(g) != man.summaries.get(rel):
            return None
        fresh.append(g)
    if problems:
        raise GuideError(problems)
    written: dict[str, int] = {}
    if fresh:
        fragments = {**man.fragments, **hidden_fragments(group_site(fresh))}
        for k in keys:
            cache = _load(cdir / f"brand-{k}.pickle")
            layout = _load(cdir / f"layout-{k}.pickle")
            folder = out_dir / k
            if not (isinstance(cache, BrandCache) and isinstance(layout, Layout)):
                return None
            if cache.build_id != man.build_id:
                return None
            written[k] = _rebuild_brand(
                cfg, cfg.brand(k), cache, layout, fresh, mode, folder, fragments
            )
            _dump(cdir / f"layout-{k}.pickle", layout)
            say(f"updated {k}")
    man.sources = sources
    _dump(cdir / "manifest.pickle", man)
    return len(man.summaries), written or {k: 0 for k in keys}


def _rebuild_brand(
    cfg: Config,
    brand: Brand,
    cache: BrandCache,
    layout: Layout,
    changed: list[m.Guide],
    mode: str,
    folder: Path,
    fragments: dict[str, frozenset[str]],
) -> int:
    swap = TermSwap(brand.terms)
    varied = [
        vary_page(g, brand, swap, cache.targets)
        for g in changed
        if not (brand.whitelabel and g.whitelabel_hide)
    ]
    by_url = {g.url: g for g in varied}
    # the nav of a page needs the docs pages and its own connector only
    needed = [_unpack(t) for t in cache.pages]
    for key in sorted({g.connector for g in varied if g.connector}):
        needed += [_unpack(t) for t in cache.connectors.get(key, [])]
    site = group_site([by_url.get(s.url, s) for s in needed])
    renderer = SiteRenderer(cfg, brand)
    outputs: list[tuple[str, bytes]] = []
    parts = Parts()
    for g in varied:
        outputs.extend(renderer.guide_files(site, g, mode, parts))
    if brand.whitelabel:  # the new pieces alone: the rest of each index was checked before
        pieces = [
            ("llms-full.txt", b"".join(parts.chunks.values())),
            ("search-index.json", b",".join(parts.search.values())),
        ]
        hits = scan(outputs + pieces, brand, fragments)
        if hits:
            from .build import leak_error

            raise leak_error(brand, hits)
    llms = folder / "llms-full.txt"
    search = folder / "search-index.json"
    outputs.append(
        (
            "llms-full.txt",
            _splice(
                llms.read_bytes(),
                len(llms_full_top(brand)),
                0,
                layout.order,
                layout.chunks,
                parts.chunks,
                SEP,
                SEP,
            ),
        )
    )
    outputs.append(
        (
            "search-index.json",
            _splice(
                search.read_bytes(), 1, 1, layout.order, layout.search, parts.search, b",", b""
            ),
        )
    )
    layout.chunks.update({u: len(c) for u, c in parts.chunks.items()})
    layout.search.update({u: len(c) for u, c in parts.search.items()})
    return sum(write_if_changed(folder / rel, data) for rel, data in outputs)


def _splice(
    old: bytes,
    head: int,
    tail: int,
    order: list[str],
    sizes: dict[str, int],
    new: dict[str, bytes],
    sep: bytes,
    first_sep: bytes,
) -> bytes:
    """Rebuild an index file from its old bytes, replacing the pieces of the pages in `new`.

    Layout: head, then each piece after `first_sep` (the first) or `sep` (the others), then tail."""
    out = [old[:head]]
    pos = head
    for i, url in enumerate(order):
        lead = first_sep if i == 0 else sep
        out.append(lead)
        pos += len(lead)
        size = sizes[url]
        out.append(new.get(url, old[pos : pos + size]))
        pos += size
    out.append(old[pos : pos + tail] if tail else b"")
    return b"".join(out)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Replace one file atomically, only when its bytes differ."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return True
