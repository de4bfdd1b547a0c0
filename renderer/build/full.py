"""The orchestrator: find sources, parse each once, then per brand vary -> render -> leak-check
-> write, in slices on every core (see slices.py); each brand's tree is swapped in atomically.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from renderer.agents.build_files import with_agent_files
from renderer.brand.brand_pass import BrandPass
from renderer.brand.leaks import leak_error
from renderer.brand.links import LinkTargets, file_targets
from renderer.build.cache import (
    Learned,
    cache_dir,
    save_brand,
    save_manifest,
    stat_sources,
)
from renderer.build.journal import stamp_brand
from renderer.build.output import TreeWriter
from renderer.build.plan import BrandResult, BuildPlan, BuildReport
from renderer.build.slices import (
    BrandSlice,
    PageReport,
    SliceReport,
    SliceWorker,
    Workers,
    searched,
    split,
)
from renderer.build.sources import Read, all_sources, generated_pages, read_page, source_tree
from renderer.config.schema import BRAND_NAME, Config, cache_root
from renderer.core import model as m
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.core.fs import begin_tree, commit_tree, discard, write_if_changed
from renderer.parse.discover import Tree, display
from renderer.parse.page import route
from renderer.render.llms import LlmsOutput
from renderer.render.nav import redirect_problems
from renderer.render.site import Output, Parts, SiteRenderer
from renderer.search.index import (
    BUNDLE,
    MANIFEST,
    files_leaks,
    finish,
    manifest,
    page_ids,
    page_url,
)
from renderer.search.service import Pagefind, PagefindError, failed
from renderer.vary.site import Site, collect_site, file_for, group_site, targets_from

PARALLEL_MIN = 48


def parse_all(
    cfg: Config, jobs: int, tree: Tree | None = None
) -> tuple[list[m.Guide], list[Problem]]:
    """Read every page once (`read_page`); every problem of every file is collected."""
    tree = tree or source_tree(cfg)
    generated = generated_pages(cfg, tree)
    files, problems = all_sources(tree, generated), list(tree.problems)
    read = functools.partial(_read_one, cfg, generated)
    if jobs > 2 and len(files) >= PARALLEL_MIN:  # on 2 cores, pickling the models back costs more
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(read, files, chunksize=max(1, len(files) // (jobs * 8))))
    else:
        results = [read(f) for f in files]
    guides: list[m.Guide] = []
    for r in results:
        problems.extend(r.problems)
        if r.page is not None:
            guides.append(r.page)
    return guides, problems


def _read_one(cfg: Config, generated: dict, item: tuple[str, str]) -> Read:
    return read_page(cfg, item[0], item[1], generated)


def nav_problems(cfg: Config, tree: Tree) -> list[Problem]:
    """The config's notes, and a warning for each page the navigation lists that is no source."""
    if cfg.nav is None:
        return []
    out = list(cfg.nav.notes)
    rels = {rel for _, rel in tree.files} | {f"{p.page}.mdx" for p in cfg.nav.api_pages}
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


def full_build(plan: BuildPlan, start: float) -> BuildReport:
    """Parse every source once (in slices, on every core), then write each brand's tree."""
    cfg, keys, out_dir, say = plan.cfg, list(plan.keys), plan.out_dir, plan.say
    tree = source_tree(cfg)
    stamped_at = time.time_ns()
    sources = stat_sources(cfg, [rel for _, rel in tree.files])
    generated = generated_pages(cfg, tree)  # API pages from OpenAPI specs (no file of their own)
    pages = all_sources(tree, generated)
    n = plan.jobs if len(pages) >= PARALLEL_MIN and _can_fork() else 1
    slices = split(pages, {rel: size for rel, (_, size) in sources.items()}, n)
    docs = [rel for _, rel in pages if not route(rel)[1]]
    shown = display(cfg.guides_dir)
    tmps: dict[str, Path] = {}
    made = [SliceWorker(cfg, shown, own, docs, generated) for own in slices]
    try:  # the workers are stopped (killed, after a failure) before their folders are removed
        with Workers(made, n > 1) as workers:
            merged = _merge(tree, workers.parse(), plan.keep_going, cfg.nav is not None)
            site, problems = merged.site, merged.problems
            say(f"parsed {len(tree.files):,} sources")
            brands = [cfg.brand(k) for k in keys]
            copied = {f"/{f}" for g in site.all() for f in g.extras.files}
            files = file_targets(cfg, brands) | copied
            targets = LinkTargets(merged.white, merged.every, files)
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

            def commit(staged: Staged) -> None:
                done = _finish_brand(staged)
                key = staged.bp.brand.key
                del tmps[key]  # swapped in
                notes.extend(done.llms.notes)
                folder = out_dir / key
                save_brand(
                    cfg, staged.bp.brand, build_id, done.variant, done.parts, done.llms, folder,
                    staged.bp.targets, done.search_ids,
                )  # fmt: skip
                stamp_brand(cache_dir(cfg, out_dir), folder)  # files deleted by hand show
                results.append(BrandResult(key, done.files, str(folder)))
                say(f"built {key}: {done.files:,} files ({len(results)}/{len(keys)} brands)")

            with contextlib.ExitStack() as services:  # each brand indexed while the next renders
                staged: Staged | None = None
                for brand_key, shares in workers.render(keys, plan.mode, targets, tmps, tick):
                    bp = BrandPass.of(cfg, cfg.brand(brand_key), merged.white, merged.fragments)
                    for share in shares:
                        warnings.update(((p.pos, p.message), p) for p in share.broken)
                    # a Pagefind process per brand, ended once its files are read: one process
                    # for every brand kept what each finished index had taken (its allocator
                    # does not give it back), so its peak grew with the number of brands
                    service = services.enter_context(Pagefind())
                    ready = _stage_brand(bp, shares, tmps[brand_key], service)
                    if staged is not None:
                        commit(staged)
                    staged = ready
                    n = len(results) + 1
                    if n < len(keys):
                        say(f"rendering {keys[n]} (brand {n + 1}/{len(keys)})…")
                if staged is not None:
                    commit(staged)
    finally:
        gc.unfreeze()  # an in-process worker froze what it parsed; a long-running serve frees it
        for tmp in tmps.values():
            shutil.rmtree(tmp, ignore_errors=True)
    failed_links = {(p.pos.path, p.pos.line) for p in problems if p.code == "left-out"}
    broken = [
        replace(p, level="warning")
        for _, p in sorted(warnings.items(), key=str)
        if (p.pos.path, p.pos.line) not in failed_links  # said already: the page was left out
    ]
    problems = nav_problems(cfg, tree) + problems + broken
    if cfg.nav is not None:
        problems += redirect_problems(cfg.nav, {g.url for g in site.all()})
    if any(p.level == "error" for p in problems):  # a partial build: no incremental next time
        (cache_dir(cfg, out_dir) / "manifest.pickle").unlink(missing_ok=True)
    else:
        learned = Learned(
            merged.summaries,
            merged.readers,
            tuple(problems),
            {**dict.fromkeys(files), **merged.every},
        )
        save_manifest(cfg, out_dir, plan.key, build_id, tree, sources, learned, keys, stamped_at)
    prune_brands(cfg, out_dir, keys)
    seconds = time.perf_counter() - start
    return BuildReport(
        len(site.all()), tuple(results), seconds, site, tuple(problems), notes=tuple(notes)
    )


@dataclass(frozen=True, slots=True)
class Merged:
    """The workers' reports, merged: what every brand of the build needs."""

    site: Site
    """Every page, without bodies."""
    summaries: dict[str, bytes]
    """rel path -> the page's summary digest (pages built)."""
    fragments: dict[str, frozenset[str]]
    """URL -> the page's hidden-text fragments."""
    white: dict[str, frozenset[str]]
    """White-label link targets (pages every white-label variant keeps)."""
    every: dict[str, frozenset[str]]
    """Link targets of the branded site."""
    problems: list[Problem]
    """Warnings (and, with `keep_going`, the errors of the pages left out)."""
    readers: dict[str, tuple[str, ...]]
    """Real path of a snippet or template -> the rel paths of the pages made from it."""


def readers_of(pages: Iterable[PageReport]) -> dict[str, tuple[str, ...]]:
    """Each snippet or template -> the pages (rel paths) whose text includes it."""
    out: dict[str, list[str]] = {}
    for p in pages:
        for path in p.page.extras.inputs:
            out.setdefault(path, []).append(p.rel)
    return {path: tuple(sorted(rels)) for path, rels in sorted(out.items())}


def _merge(
    tree: Tree, reports: list[SliceReport], keep_going: bool = False, home: bool = False
) -> Merged:
    """The workers' reports merged; raises GuideError listing every problem when there is an
    error (with `keep_going`, errors are returned too)."""
    reported = sorted(
        ((rel, ps) for r in reports for rel, ps in r.problems), key=lambda item: item[0]
    )
    problems = list(tree.problems) + [p for _, ps in reported for p in ps]
    failed = [rel for rel, ps in reported if any(p.level == "error" for p in ps)]
    if not keep_going and any(p.level == "error" for p in problems):
        raise GuideError(problems)
    pages = [page for r in reports for page in r.pages]
    site = collect_site((p.page for p in pages), home)
    if keep_going and failed:
        problems += links_to_failed(site, failed)
    listed = {g.url for g in site.all()}
    built = [p for p in pages if p.page.url in listed]
    urls = {g.url for g in site.all() if not g.whitelabel_hide}
    branded = {url: a for r in reports for url, a in r.branded_anchors.items()}
    # a connector whose guides are all branded-only has no page in a white-label variant
    white_connectors = group_site(g for g in site.all() if g.url in urls).connectors
    return Merged(
        site,
        {p.rel: p.digest for p in built},
        {p.page.url: p.fragments for p in built if p.fragments},
        targets_from(
            {p.page.url: p.anchors for p in built if p.page.url in urls}, white_connectors
        ),
        targets_from(
            {p.page.url: branded.get(p.page.url, p.anchors) for p in built}, site.connectors
        ),
        problems,
        readers_of(built),
    )


def links_to_failed(site: Site, rels: list[str]) -> list[Problem]:
    """A warning for each link to a page that failed and was left out (`--keep-going`; the
    links of a Mintlify site's pages are known without their bodies, see mintlify_pages)."""
    from renderer.mintlify.navigation import page_url

    dead = {page_url(rel.rsplit(".", 1)[0]): rel for rel in rels}
    dead.update({route(rel)[0]: rel for rel in rels})
    out = []
    for g in site.all():
        for path, line, col in g.extras.links:
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
                        code="left-out",
                    )
                )
    return out


@dataclass(frozen=True, slots=True)
class Finished:
    """One brand's tree, written and swapped in."""

    files: int
    variant: Site
    """The variant's pages without bodies."""
    parts: Parts
    """Its pages' pieces of the llms-full.txt files."""
    llms: LlmsOutput
    search_ids: dict[str, str]
    """Page file -> the id of its entry in the search bundle."""


@dataclass(frozen=True, slots=True)
class Staged:
    """One brand's tree written, its search index being built by Pagefind."""

    bp: BrandPass
    tmp: Path
    files: int
    variant: Site
    parts: Parts
    llms: LlmsOutput
    service: Pagefind
    index: int


def _stage_brand(bp: BrandPass, shares: list[BrandSlice], tmp: Path, service: Pagefind) -> Staged:
    """Write the files that list every page next to the workers' pages (leak-checked), and
    hand every searchable page to Pagefind (it indexes them while the build goes on)."""
    variant = group_site(g for s in shares for g in s.pages)
    parts = Parts()
    for s in shares:
        parts.chunks.update(s.chunks)
        parts.embeds.update(s.embeds)
        parts.icons.update(s.icons)
        parts.mermaid.update(s.mermaid)
        parts.styles.update(s.styles)
    urls = [g.url for g in variant.all()] + [c.url for c in variant.connectors]
    page_files = {file_for(u, suffix) for u in urls for suffix in (".html", ".md")}
    writer = TreeWriter(tmp)
    renderer = SiteRenderer(bp.cfg, bp.brand)
    listing = with_agent_files(bp.brand, variant, renderer.site_files(variant, parts), page_files)
    docs: dict[str, str] = {}
    for s in shares:
        docs.update(s.search)
    done = bp.write(_once(listing, page_files), searched(writer.write, docs))
    leaks = [h for s in shares for h in s.leaks] + list(done.leaks)
    if leaks:
        raise bp.error(leaks, variant.all(), renderer.asset_sources)
    assert renderer.llms is not None
    try:
        index = service.new_index()
        for rel in sorted(docs):
            service.add(index, page_url(rel), docs[rel])
    except PagefindError as err:
        raise failed(str(tmp.parent / bp.brand.key), err) from None
    files = done.files + sum(s.files for s in shares)
    return Staged(bp, tmp, files, variant, parts, renderer.llms, service, index)


def _finish_brand(staged: Staged) -> Finished:
    """The brand's search bundle from Pagefind, leak-checked and written; the tree swapped in."""
    bp, tmp = staged.bp, staged.tmp
    try:
        bundle = finish(staged.service.files(staged.index))
    except PagefindError as err:
        raise failed(str(tmp.parent / bp.brand.key), err) from None
    staged.service.close()
    hits = files_leaks(bp.checker, bundle) if bp.checker is not None else []
    if hits:
        raise leak_error(bp.brand, hits)
    writer = TreeWriter(tmp)
    for rel, data in sorted(bundle.items()):
        writer.write(f"{BUNDLE}/{rel}", data)
    writer.write(f"{BUNDLE}/{MANIFEST}", manifest())
    commit_tree(tmp, tmp.parent / bp.brand.key, cache_root(bp.cfg) / "trash")
    files = staged.files + writer.count
    return Finished(files, staged.variant, staged.parts, staged.llms, page_ids(bundle))


def _once(files: Iterable[Output], taken: set[str]) -> Iterator[Output]:
    """`files`, none of which may be a page's (the workers wrote those)."""
    for path, data in files:
        if path in taken:
            raise RuntimeError(f"two outputs for {path}")
        yield path, data


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
        if BRAND_NAME.match(name) and folder.is_dir() and not folder.is_symlink():
            discard(folder, cache_root(cfg) / "trash")
    keep = sorted((made & configured) | set(built))
    write_if_changed(marker, "".join(f"{k}\n" for k in keep).encode())  # never half written


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
