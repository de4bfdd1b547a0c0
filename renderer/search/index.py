"""A brand's finished output folder -> its Pagefind search bundles in `pagefind/`, leak-checked.

Pagefind reads the written HTML of the variant only (the `data-pagefind-body` articles of the
listed pages), so a white-label index is made from what the white-label site shows. The index
is split into buckets (`search_buckets`), one Pagefind bundle each in `pagefind/b<n>/`, so an
incremental build re-indexes only the buckets of the pages it rewrote. The binary ships in the
`pagefind_bin` wheel; nothing is downloaded. Its files are gzip'd: the leak check reads them
decompressed.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from renderer.brand.leaks import LeakChecker
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.core.fs import begin_tree, commit_tree, discard, write_if_changed
from renderer.search.buckets import (
    MANIFEST,
    bucket_name,
    glob_of,
    manifest,
    read_manifest,
    searchable_pages,
    touched,
)
from renderer.search.stable import stabilise

BUNDLE = "pagefind"
"""The index folder in a brand's output: `buckets.json` and one Pagefind bundle per bucket."""
IGNORED = ".hd-page-actions, .hd-connect, .hd-anchor, .hd-ss-head"
"""Page parts that are not searchable text (buttons, the connect form, anchor marks)."""
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)  # fmt: skip
"""Pagefind's own UI bundles (the site's search UI uses the JS API only), and the WebAssembly
for pages of no language (every page is indexed as English: `--force-language en`)."""
SIGNATURE = b"pagefind_dcd"
"""What every decompressed Pagefind data file starts with."""


def _binary(where: str) -> str:
    try:
        import pagefind_bin
    except ImportError:
        pagefind_bin = None
    with contextlib.suppress(FileNotFoundError, AttributeError):
        if pagefind_bin is not None:
            return str(pagefind_bin.get_executable())
    found = shutil.which("pagefind")
    if found:
        return found
    raise GuideError(
        [
            Problem(
                SourcePos(where, 1, 1),
                "the Pagefind binary is not installed: site search cannot be built",
                "install it with `pip install 'pagefind[bin]'` (hubdocs depends on it)",
            )
        ]
    )


def index_pages(site: Path, pages: list[str], out: Path) -> None:
    """Run Pagefind over these HTML pages of `site` (paths below it), writing one bundle to
    `out` (a new or empty folder). The glob goes in a config file: it can be longer than an
    argument may be."""
    config = {
        "site": str(site.resolve()),
        "output_path": str(out.resolve()),
        "glob": glob_of(pages),
        "exclude_selectors": [IGNORED],
        "force_language": "en",
    }
    with tempfile.TemporaryDirectory(prefix="hubdocs-pagefind-") as cwd:
        Path(cwd, "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        proc = subprocess.run(
            [_binary(str(site)), "--silent"], cwd=cwd, capture_output=True, text=True, check=False
        )
    if proc.returncode != 0:
        message = " ".join((proc.stderr or proc.stdout or "no output").split())[:500]
        raise GuideError(
            [
                Problem(
                    SourcePos(str(site), 1, 1),
                    f"Pagefind failed (exit {proc.returncode}): {message}",
                    "check the output folder is writable; HUBDOCS_DEBUG=1 shows more",
                )
            ]
        )
    for name in UNUSED:
        with contextlib.suppress(FileNotFoundError):
            (out / name).unlink()
    stabilise(out)


def bundle_files(folder: Path, prefix: str = BUNDLE) -> Iterator[tuple[str, bytes]]:
    """Every file of a bundle as (path below the brand folder, bytes), gzip'd ones decompressed
    (`prefix`: the folder's path below the brand folder)."""
    for p in sorted(folder.rglob("*")):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if data[:2] == b"\x1f\x8b":
            with contextlib.suppress(OSError, EOFError, zlib.error):  # else checked as it is
                data = gzip.decompress(data)
        yield f"{prefix}/{p.relative_to(folder).as_posix()}", data


def fragment_url(data: bytes) -> str | None:
    """The page URL a decompressed fragment file is about (its `url` meta, else its file)."""
    try:
        record = json.loads(data[len(SIGNATURE) :] if data.startswith(SIGNATURE) else data)
    except ValueError:
        return None
    url = (record.get("meta") or {}).get("url") or record.get("url") or ""
    url = url.split("#")[0]
    return url[: -len(".html")] if url.endswith(".html") else url or None


def bundle_leaks(checker: LeakChecker, folder: Path, prefix: str = BUNDLE) -> list[str]:
    """Leaks in a bundle folder (every bucket below it, or one bucket): every file for the
    parent brand's words; each page's fragment (its text, title, filters, anchors) also for
    that page's hidden text."""
    hits: list[str] = []
    for path, data in bundle_files(folder, prefix):
        url = fragment_url(data) if path.endswith(".pf_fragment") else None
        text = data.replace(b"\\u003c", b"<").replace(b"\\u003e", b">")
        if url is not None:
            hits += checker.page(path, text, url)
        else:
            hits += checker.check(path, text)
    return hits


def index_all(site: Path, out: Path) -> None:
    """Every bucket of `site` into `out` (an empty folder), and the manifest naming them."""
    buckets = searchable_pages(site)
    for b, pages in sorted(buckets.items()):
        index_pages(site, pages, out / bucket_name(b))
    (out / MANIFEST).write_bytes(manifest(buckets))


def add_bundle(tmp: Path, checker: LeakChecker | None) -> tuple[int, list[str]]:
    """Index a brand's freshly written tree in place (before it is swapped in); returns (files
    written, leaks)."""
    (tmp / BUNDLE).mkdir()
    index_all(tmp, tmp / BUNDLE)
    hits = bundle_leaks(checker, tmp / BUNDLE) if checker is not None else []
    return sum(1 for p in (tmp / BUNDLE).rglob("*") if p.is_file()), hits


def reindex(
    folder: Path, checker: LeakChecker | None, trash: Path, changed: Iterable[str] | None = None
) -> list[str]:
    """Re-index a live brand folder after an incremental build that rewrote `changed` (output
    paths below `folder`; None: re-index all): only the buckets of those pages are rebuilt, each
    beside the old one, all checked, then swapped in; returns leaks (then nothing changes)."""
    bundle = folder / BUNDLE
    for old in [*folder.glob(f".{BUNDLE}.tmp-*"), *bundle.glob(".b*.tmp-*")]:
        shutil.rmtree(old, ignore_errors=True)  # left by a killed build (one runs at a time)
    listed = read_manifest(bundle)
    if changed is None or listed is None:
        return _reindex_all(folder, checker, trash)
    redo = touched(changed)
    if not redo:
        return []
    pages = searchable_pages(folder, only=redo)
    new = {b: begin_tree(bundle / bucket_name(b)) for b in sorted(redo) if b in pages}
    try:
        for b, tmp in new.items():
            index_pages(folder, pages[b], tmp)
        hits: list[str] = []
        for b, tmp in new.items():
            if checker is not None:
                hits += bundle_leaks(checker, tmp, f"{BUNDLE}/{bucket_name(b)}")
        if hits:
            return hits
        for b, tmp in new.items():
            commit_tree(tmp, bundle / bucket_name(b), trash)
        kept = {int(n[1:]) for n in listed} - redo
        write_if_changed(bundle / MANIFEST, manifest(kept | set(new)))  # then the emptied go
        for b in sorted(redo - set(new)):
            if (bundle / bucket_name(b)).exists():  # its last page left the index
                discard(bundle / bucket_name(b), trash)
    finally:
        for tmp in new.values():
            shutil.rmtree(tmp, ignore_errors=True)
    return []


def _reindex_all(folder: Path, checker: LeakChecker | None, trash: Path) -> list[str]:
    """Re-index every bucket into a new bundle folder, checked and swapped in whole."""
    new = begin_tree(folder / BUNDLE)
    try:
        index_all(folder, new)
        hits = bundle_leaks(checker, new) if checker is not None else []
        if hits:
            return hits
        commit_tree(new, folder / BUNDLE, trash)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    return []
