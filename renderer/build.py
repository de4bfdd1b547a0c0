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
from dataclasses import dataclass, replace
from pathlib import Path

from . import model as m
from .config import _BRAND_NAME, Brand, Config, cache_root
from .discover import Tree, display, mintlify_ignore, scan_tree
from .errors import GuideError, Problem, SourcePos
from .incremental import (
    build_lock,
    cache_dir,
    config_key,
    save_brand,
    save_manifest,
    stat_sources,
    try_incremental,
)
from .leaks import LeakChecker, leak_error, located_leak_error
from .links import LinkTargets, file_targets
from .mintlify_pages import adapt_page
from .output import TreeWriter, begin_tree, commit_tree, discard, recover, write_if_changed
from .output_journal import check_outputs, stamp_brand
from .parse import parse_file, route
from .render_llms import LlmsOutput
from .render_nav import redirect_problems
from .render_site import Parts, SiteRenderer, file_for
from .search_index import add_bundle
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
    problems: tuple[Problem, ...] = ()
    """Warnings (broken links and anchors of the branded site among them) and, with
    `keep_going`, the errors of the pages left out."""
    notes: tuple[str, ...] = ()
    """What the build did that a user should know (an llms-full.txt over its budget)."""

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
    tree = tree or source_tree(cfg)
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
    for (_, _, rel, _), r in zip(items, results, strict=True):
        if isinstance(r, GuideError):
            problems.extend(r.problems)
            continue
        problems.extend(r.front_matter.get("_warnings", ()))
        adapted = adapt_page(cfg, r, rel)  # a Mintlify site's URL, nav order, files
        problems.extend(adapted.problems)
        if not any(p.level == "error" for p in adapted.problems):
            guides.append(adapted.page)
    return guides, problems


def source_tree(cfg: Config) -> Tree:
    """The sources of the site (in a Mintlify site, what Mintlify would publish)."""
    return scan_tree(cfg.guides_dir, mintlify_ignore(cfg.nav.ignore) if cfg.nav else None)


def nav_problems(cfg: Config, tree: Tree) -> list[Problem]:
    """The config's notes, and a warning for each page the navigation lists that is no source."""
    if cfg.nav is None:
        return []
    out = list(cfg.nav.notes)
    rels = {rel for _, rel in tree.files}
    lines: dict[str, list[str]] = {}
    for p in cfg.nav.pages():
        if f"{p.page}.mdx" in rels or f"{p.page}.md" in rels:
            continue
        if p.pos.path not in lines:
            try:
                lines[p.pos.path] = Path(p.pos.path).read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                lines[p.pos.path] = []
        text = lines[p.pos.path]
        on_disk = any((cfg.guides_dir / f"{p.page}{s}").is_file() for s in (".mdx", ".md"))
        out.append(
            Problem(
                p.pos,
                f"the navigation lists {p.page}, but "
                + ("that file is not a page" if on_disk else f"there is no {p.page}.mdx"),
                "files in snippets/, in folders starting with _ or ., and .mintignore'd files "
                "are not pages"
                if on_disk
                else "create the page or remove the entry",
                text[p.pos.line - 1] if 0 < p.pos.line <= len(text) else "",
                "warning",
            )
        )
    return out


def load_site(cfg: Config, jobs: int, tree: Tree | None = None) -> tuple[Site, list[Problem]]:
    """Parse and collect; raises GuideError when any error was found (warnings are returned)."""
    guides, problems = parse_all(cfg, jobs, tree)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise GuideError(problems)
    return collect_site(guides, home=cfg.nav is not None), problems


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
) -> BuildReport:
    """Parse once, then build every selected brand into `<out>/<brand>/`.

    With `incremental`, a valid cache from the last build lets only changed pages be rebuilt;
    `changed` (source paths below the guides folder, from a file watcher) says which files were
    modified since the last successful build, so the rest of the tree need not be checked;
    `pages_done` is told when an incremental build has written the changed pages, before it
    updates the index files that list them. With `keep_going`, pages with errors are left out
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
        key = config_key(cfg, mode, out_dir)  # before anything is read: an edit meanwhile shows
        recover(out_dir)
        stale = check_outputs(cache_dir(cfg, out_dir), out_dir, keys)  # output_journal hook 1
        if stale is not None:
            say(stale)
        incremental = incremental and stale is None
        if incremental and cfg.nav is None and not keep_going:  # Mintlify sites: full builds
            done = try_incremental(cfg, keys, out_dir, key, mode, say, changed, pages_done)
            if done is not None:
                pages, written, notes = done
                results = tuple(BrandResult(k, n, str(out_dir / k)) for k, n in written.items())
                seconds = time.perf_counter() - start
                return BuildReport(pages, results, seconds, None, notes=tuple(notes))
        say("parsing…")
        return full_build(cfg, keys, out_dir, key, mode, jobs, say, start, keep_going)


def full_build(
    cfg: Config,
    keys: list[str],
    out_dir: Path,
    key: str,
    mode: str,
    jobs: int,
    say: Callable[[str], None],
    start: float,
    keep_going: bool = False,
) -> BuildReport:
    """Parse every source once (in slices, on every core), then write each brand's tree
    (`key`: the config key, saved with the cache)."""
    tree = source_tree(cfg)
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
            merged = _merge(tree, reports, keep_going, cfg.nav is not None)
            site, summaries, fragments, white, every, problems = merged
            say(f"parsed {len(tree.files):,} sources")
            brands = [cfg.brand(k) for k in keys]
            copied = {f"/{f}" for g in site.all() for f in g.front_matter.get("_files", ())}
            targets = LinkTargets(white, every, file_targets(cfg, brands) | copied)
            warnings: dict[tuple, Problem] = {}
            build_id = uuid.uuid4().hex
            results = []
            notes: list[str] = []
            tmps.update({k: begin_tree(out_dir / k) for k in keys})
            total = len(site.all()) + len(site.connectors)
            rendered = dict.fromkeys(keys, 0)

            def tick(brand_key: str, n: int) -> None:
                rendered[brand_key] += n
                say(f"rendering {brand_key} {min(rendered[brand_key], total):,}/{total:,}…")

            say(f"rendering {keys[0]} (brand 1/{len(keys)})…")
            for brand_key, shares in workers.render(keys, mode, targets, tmps, tick):
                brand = cfg.brand(brand_key)
                files, variant, parts, llms = _finish_brand(
                    cfg, brand, shares, fragments, tmps[brand_key], white
                )
                del tmps[brand_key]  # swapped in
                notes += llms.notes
                for share in shares:
                    warnings.update(((p.pos, p.message), p) for p in share.broken)
                links = white if brand.whitelabel else None
                save_brand(cfg, brand, build_id, variant, parts, llms, out_dir / brand_key, links)
                stamp_brand(cache_dir(cfg, out_dir), out_dir / brand_key)  # output_journal hook 2
                results.append(BrandResult(brand_key, files, str(out_dir / brand_key)))
                say(f"built {brand_key}: {files:,} files ({len(results)}/{len(keys)} brands)")
                if len(results) < len(keys):
                    say(f"rendering {keys[len(results)]} (brand {len(results) + 1}/{len(keys)})…")
    finally:
        gc.unfreeze()  # an in-process worker froze what it parsed; a long-running serve frees it
        for tmp in tmps.values():
            shutil.rmtree(tmp, ignore_errors=True)
    if any(p.level == "error" for p in problems):  # a partial build: no incremental next time
        (cache_dir(cfg, out_dir) / "manifest.pickle").unlink(missing_ok=True)
    else:
        save_manifest(cfg, out_dir, key, build_id, tree, sources, summaries, keys, stamped_at)
    prune_brands(cfg, out_dir, keys)
    failed_links = {(p.pos.path, p.pos.line) for p in problems if "was left out" in p.message}
    broken = [
        replace(p, level="warning")
        for _, p in sorted(warnings.items(), key=str)
        if (p.pos.path, p.pos.line) not in failed_links  # said already: the page was left out
    ]
    problems = nav_problems(cfg, tree) + problems + broken
    if cfg.nav is not None:
        problems += redirect_problems(cfg.nav, {g.url for g in site.all()})
    seconds = time.perf_counter() - start
    return BuildReport(
        len(site.all()), tuple(results), seconds, site, tuple(problems), notes=tuple(notes)
    )


def _merge(
    tree: Tree, reports: list[SliceReport], keep_going: bool = False, home: bool = False
) -> tuple[
    Site,
    dict[str, bytes],
    dict[str, frozenset[str]],
    dict[str, frozenset[str]],
    dict[str, frozenset[str] | None],
    list[Problem],
]:
    """The workers' reports -> (the site of light pages, summaries by rel path, hidden-text
    fragments by URL, white-label link targets, every page's link targets, warnings); raises
    GuideError listing every problem when there is an error (with `keep_going`, errors are
    returned too)."""
    reported = sorted(
        ((rel, ps) for r in reports for rel, ps in r.problems), key=lambda item: item[0]
    )
    problems = list(tree.problems) + [p for _, ps in reported for p in ps]
    failed = [rel for rel, ps in reported if any(p.level == "error" for p in ps)]
    if not keep_going and any(p.level == "error" for p in problems):
        raise GuideError(problems)
    pages = [page for r in reports for page in r.pages]
    site = collect_site((unpack(light) for _, light, _, _, _ in pages), home)
    if keep_going and failed:
        problems += links_to_failed(site, failed)
    listed = {g.url for g in site.all()}
    summaries = {rel: digest for rel, light, digest, _, _ in pages if light[1] in listed}
    fragments = {light[1]: frags for _, light, _, frags, _ in pages if frags and light[1] in listed}
    kept = [g for g in site.all() if not g.whitelabel_hide]
    urls = {g.url for g in kept}
    anchors = {light[1]: a for _, light, _, _, a in pages if light[1] in urls}
    branded = {url: a for r in reports for url, a in r.branded_anchors.items()}
    every = {
        light[1]: branded.get(light[1], a) for _, light, _, _, a in pages if light[1] in listed
    }
    # a connector whose guides are all branded-only has no page in a white-label variant
    white = targets_from(anchors, group_site(kept).connectors)
    return site, summaries, fragments, white, targets_from(every, site.connectors), problems


def links_to_failed(site: Site, rels: list[str]) -> list[Problem]:
    """A warning for each link to a page that failed and was left out (`--keep-going`; the
    links of a Mintlify site's pages are known without their bodies, see mintlify_pages)."""
    from .mintlify_nav import page_url

    dead = {page_url(rel.rsplit(".", 1)[0]): rel for rel in rels}
    dead.update({route(rel)[0]: rel for rel in rels})
    out = []
    for g in site.all():
        for path, line, col in g.front_matter.get("_links", ()):
            path = "/index" if path == "/" else path
            if path in dead:
                try:
                    text = Path(g.path).read_text(encoding="utf-8").split("\n")[line - 1]
                except (OSError, UnicodeDecodeError, IndexError):
                    text = ""
                out.append(
                    Problem(
                        SourcePos(g.path, line, col),
                        f"broken link to {path}: that page has errors and was left out",
                        f"fix {dead[path]}",
                        text,
                        level="warning",
                    )
                )
    return out


def _finish_brand(
    cfg: Config,
    brand: Brand,
    shares: list[BrandSlice],
    fragments: dict[str, frozenset[str]],
    tmp: Path,
    targets: dict[str, frozenset[str]],
) -> tuple[int, Site, Parts, LlmsOutput]:
    """Write the files that list every page next to the workers' pages, index the tree for
    search, leak-check it all, and swap the brand's tree in. Returns (files written, the light
    variant, its llms-full pieces, its llms files)."""
    variant = group_site(unpack(p) for s in shares for p in s.pages)
    parts = Parts()
    for s in shares:
        parts.chunks.update(s.chunks)
        parts.embeds.update(s.embeds)
    hits = [h for s in shares for h in s.hits]
    checker = LeakChecker(brand, fragments, targets) if brand.whitelabel else None
    urls = [g.url for g in variant.all()] + [c.url for c in variant.connectors]
    page_files = {file_for(u, suffix) for u in urls for suffix in (".html", ".md")}
    writer = TreeWriter(tmp)
    renderer = SiteRenderer(cfg, brand)
    for path, data in renderer.site_files(variant, parts):
        if path in page_files:
            raise RuntimeError(f"two outputs for {path}")
        if checker is not None:
            hits.extend(checker.check(path, data))
        writer.write(path, data)
    if hits:
        sources = {
            file_for(g.url, suffix): g.path for g in variant.all() for suffix in (".html", ".md")
        }
        raise located_leak_error(brand, hits, sources)
    indexed, hits = add_bundle(tmp, checker)  # search: from the finished tree of this variant
    if hits:
        raise leak_error(brand, hits)
    commit_tree(tmp, tmp.parent / brand.key, cache_root(cfg) / "trash")
    assert renderer.llms is not None
    done = writer.count + indexed + sum(s.files for s in shares)
    return done, variant, parts, renderer.llms


MADE = ".hubdocs-brands"
"""The file in the output folder naming the brand folders hubdocs made there."""


def prune_brands(cfg: Config, out_dir: Path, built: list[str]) -> None:
    """Remove the folders of brands no longer configured (only those hubdocs made: listed in
    `<out>/.hubdocs-brands`), and record the brands just built there."""
    marker = out_dir / MADE
    try:
        made = set(marker.read_text(encoding="utf-8").split())
    except OSError:
        made = set()
    configured = {b.key for b in cfg.brands}
    for name in sorted(made - configured):
        folder = out_dir / name
        if _BRAND_NAME.match(name) and folder.is_dir() and not folder.is_symlink():
            discard(folder, cache_root(cfg) / "trash")
    keep = sorted((made & configured) | set(built))
    write_if_changed(marker, "".join(f"{k}\n" for k in keep).encode())  # never half written


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def stderr_progress() -> Callable[[str], None]:
    """Progress on stderr: one line rewritten in place on a terminal; elsewhere (CI logs) one
    line per finished phase (messages ending in "…" are phases starting, left out there)."""
    if not sys.stderr.isatty():

        def line(msg: str) -> None:
            if not msg.endswith("…"):
                print(f"hubdocs: {msg}", file=sys.stderr, flush=True)

        return line

    def show(msg: str) -> None:
        sys.stderr.write(f"\r\033[K  hubdocs: {msg.rstrip('…')}…")
        sys.stderr.flush()

    return show
