"""The orchestrator: find sources, parse each once, then per brand vary -> render -> leak-check -> write.

It is the only module that writes the output tree, and it swaps each brand's tree in atomically.
"""

from __future__ import annotations

import ctypes
import gc
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import model as m
from .config import Brand, Config
from .discover import Tree, scan_tree
from .errors import GuideError, Problem, SourcePos
from .incremental import config_key, save_brand, save_manifest, stat_sources, try_incremental
from .leaks import LeakChecker, hidden_fragments
from .parse import parse_guide
from .render_site import Parts, SiteRenderer
from .site import Site, collect_site, vary_site

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
    """The parsed site; None after an incremental build (which parses only what changed)."""

    @property
    def files(self) -> int:
        return sum(b.files for b in self.brands)


def _parse_one(item: tuple[str, str, str]) -> m.Guide | GuideError:
    shown, rel, full = item
    try:
        with open(full, "rb") as fh:
            data = fh.read()
        return parse_guide(shown, data, rel)
    except GuideError as err:
        return err
    except OSError as err:
        return GuideError([Problem(SourcePos(shown, 1, 1), f"cannot read: {err.strerror}")])


def parse_all(
    cfg: Config, jobs: int, tree: Tree | None = None
) -> tuple[list[m.Guide], list[Problem]]:
    """Parse every source once; every problem of every file is collected."""
    tree = tree or scan_tree(cfg.guides_dir)
    files, problems = tree.files, list(tree.problems)
    items = [(shown, rel, str(cfg.guides_dir / rel)) for shown, rel in files]
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


def leak_error(brand: Brand, hits: list[str]) -> GuideError:
    """The build-stopping error for white-label leaks, one problem per hit."""
    problems = []
    for hit in hits[:200]:
        path, line, what = hit.split(":", 2)
        problems.append(
            Problem(
                SourcePos(f"{brand.key}/{path}", int(line), 1),
                f"white-label leak: {what.strip()}",
                "hide the content with data-whitelabel-hide, or add the word to "
                f"allow_words in {brand.key}/brand.yml",
            )
        )
    return GuideError(problems)


def render_brand(
    cfg: Config,
    brand: Brand,
    site: Site,
    mode: str,
    fragments: dict[str, frozenset[str]],
    parts: Parts,
) -> Iterator[tuple[str, bytes]]:
    """One brand's outputs as a stream, leak-checked file by file for white-label brands.

    A leak or a duplicate path raises at the end of the stream, before anything is swapped in."""
    variant = vary_site(site, brand)
    checker = LeakChecker(brand, fragments) if brand.whitelabel else None
    seen: set[str] = set()
    hits: list[str] = []
    for path, data in SiteRenderer(cfg, brand).render(variant, mode, parts):
        if path in seen:
            raise RuntimeError(f"two outputs for {path}")
        seen.add(path)
        if checker is not None:
            hits.extend(checker.check(path, data))
        yield path, data
    if hits:
        raise leak_error(brand, hits)
    parts.variant = variant


@dataclass(frozen=True, slots=True)
class _Job:
    cfg: Config
    site: Site
    mode: str
    fragments: dict[str, frozenset[str]]
    out: Path
    build_id: str


_FORKED: _Job | None = None
"""What forked brand workers inherit instead of receiving it pickled."""


def _brand_job(job: _Job, key: str) -> int:
    brand = job.cfg.brand(key)
    parts = Parts()
    outputs = render_brand(job.cfg, brand, job.site, job.mode, job.fragments, parts)
    count = write_tree(job.out / key, outputs)
    save_brand(job.cfg, brand, job.build_id, parts.variant, parts, job.out / key)
    return count


def _forked_brand_job(key: str) -> int:
    assert _FORKED is not None
    return _brand_job(_FORKED, key)


def write_tree(target: Path, outputs: Iterable[tuple[str, bytes]]) -> int:
    """Write every file into a fresh folder beside `target`, then swap it in; returns the count."""
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    recover(parent)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-{os.getpid()}-", dir=parent))
    count = 0
    try:
        os.chmod(tmp, 0o755)  # noqa: S103 - a web root is world-readable
        made: set[str] = {""}
        for rel, data in outputs:
            _check_rel(rel)
            folder = rel.rpartition("/")[0]
            if folder not in made:
                os.makedirs(tmp / folder, exist_ok=True)
                made.add(folder)
            with open(tmp / rel, "wb") as fh:
                fh.write(data)
            count += 1
        if target.exists() and _exchange(tmp, target):
            shutil.rmtree(tmp)  # tmp now holds the previous tree
        else:
            old = parent / f".{target.name}.old-{os.getpid()}"
            if target.exists():
                os.rename(target, old)
            os.rename(tmp, target)
            if old.exists():
                shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE): readers never see a gap."""
    global _renameat2
    if _renameat2 is None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            _renameat2 = libc.renameat2
        except (OSError, AttributeError):
            _renameat2 = False
    if not _renameat2:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return _renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


_renameat2 = None


def _check_rel(rel: str) -> None:
    parts = rel.split("/")
    if rel.startswith("/") or "\\" in rel or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")


def recover(parent: Path) -> None:
    """Undo what interrupted builds left in the output folder: temp folders, a half-done swap."""
    if not parent.is_dir():
        return
    for p in parent.iterdir():
        m = _LEFTOVER.match(p.name)
        if m and not _alive(int(m.group("pid"))):
            if m.group("kind") == "old" and not (parent / m.group("name")).exists():
                os.rename(p, parent / m.group("name"))  # killed between the two renames
            else:
                shutil.rmtree(p, ignore_errors=True)


_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>\d+)(?:-.*)?$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build(
    cfg: Config,
    brands: Iterable[str] | None = None,
    out: str | os.PathLike[str] = "site",
    mode: str | None = None,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    incremental: bool = True,
    changed: set[str] | None = None,
) -> BuildReport:
    """Parse once, then build every selected brand into `<out>/<brand>/`.

    With `incremental`, a valid cache from the last build lets only changed pages be rebuilt;
    `changed` (source paths below the guides folder, from a file watcher) says which files were
    modified since the last successful build, so the rest of the tree need not be checked."""
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
    recover(out_dir)
    if incremental:
        done = try_incremental(cfg, keys, out_dir, mode, say, changed)
        if done is not None:
            pages, written = done
            results = tuple(BrandResult(k, n, str(out_dir / k)) for k, n in written.items())
            return BuildReport(pages, results, time.perf_counter() - start, None)
    say("parsing")
    tree = scan_tree(cfg.guides_dir)
    sources = stat_sources(cfg, [rel for _, rel in tree.files])
    site, _warnings = load_site(cfg, jobs, tree)
    gc.collect()
    gc.freeze()  # the parsed site lives to the end: keep the collector from rescanning it
    try:
        fragments = hidden_fragments(site)
        job = _Job(cfg, site, mode, fragments, out_dir, uuid.uuid4().hex)
        results = _build_brands(job, keys, jobs, say)
    finally:
        gc.unfreeze()  # a long-running serve must be able to free this site later
    key = config_key(cfg, mode, out_dir)
    save_manifest(cfg, out_dir, key, job.build_id, tree, sources, site, fragments, keys)
    return BuildReport(len(site.all()), tuple(results), time.perf_counter() - start, site)


def _build_brands(
    job: _Job, keys: list[str], jobs: int, say: Callable[[str], None]
) -> list[BrandResult]:
    results: list[BrandResult] = []
    if jobs > 1 and len(keys) > 1 and len(job.site.all()) >= PARALLEL_MIN and _can_fork():
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        global _FORKED
        _FORKED = job
        try:
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=min(jobs, len(keys)), mp_context=ctx) as pool:
                for key, n in zip(keys, pool.map(_forked_brand_job, keys), strict=True):
                    results.append(BrandResult(key, n, str(job.out / key)))
                    say(f"built {key}")
        finally:
            _FORKED = None
    else:
        for key in keys:
            n = _brand_job(job, key)
            results.append(BrandResult(key, n, str(job.out / key)))
            say(f"built {key}")
    return results


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
