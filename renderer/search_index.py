"""A brand's finished output folder -> its Pagefind search bundle in `pagefind/`, leak-checked.

Pagefind reads the written HTML of the variant only (the `data-pagefind-body` articles of the
listed pages), so a white-label index is made from what the white-label site shows. The binary
ships in the `pagefind_bin` wheel; nothing is downloaded. Its files are gzip'd: the leak check
reads them decompressed.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

from .errors import GuideError, Problem, SourcePos
from .leaks import LeakChecker
from .output import begin_tree, commit_tree
from .pagefind_stable import stabilise

BUNDLE = "pagefind"
"""The bundle's folder in a brand's output (the search script loads `pagefind/pagefind.js`)."""
IGNORED = ".hd-page-actions, .hd-connect, .hd-anchor, .hd-ss-head"
"""Page parts that are not searchable text (buttons, the connect form, anchor marks)."""
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)  # fmt: skip
"""Pagefind's own UI bundles: the site's search UI uses the JS API only."""
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


def index_site(site: Path, out: Path) -> None:
    """Run Pagefind over the HTML under `site`, writing the bundle to `out` (a new folder)."""
    cmd = [
        _binary(str(site)),
        "--site", str(site), "--output-path", str(out), "--silent",
        "--exclude-selectors", IGNORED, "--force-language", "en",
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
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


def bundle_files(folder: Path) -> Iterator[tuple[str, bytes]]:
    """Every file of a bundle as (path below the brand folder, bytes), gzip'd ones decompressed."""
    for p in sorted(folder.rglob("*")):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if data[:2] == b"\x1f\x8b":
            with contextlib.suppress(OSError, EOFError, zlib.error):  # else checked as it is
                data = gzip.decompress(data)
        yield f"{BUNDLE}/{p.relative_to(folder).as_posix()}", data


def fragment_url(data: bytes) -> str | None:
    """The page URL a decompressed fragment file is about (its `url` meta, else its file)."""
    try:
        record = json.loads(data[len(SIGNATURE) :] if data.startswith(SIGNATURE) else data)
    except ValueError:
        return None
    url = (record.get("meta") or {}).get("url") or record.get("url") or ""
    url = url.split("#")[0]
    return url[: -len(".html")] if url.endswith(".html") else url or None


def bundle_leaks(checker: LeakChecker, folder: Path) -> list[str]:
    """Leaks in a bundle: every file for the parent brand's words; each page's fragment (its
    text, title, filters, anchors) also for that page's hidden text."""
    hits: list[str] = []
    for path, data in bundle_files(folder):
        url = fragment_url(data) if path.endswith(".pf_fragment") else None
        text = data.replace(b"\\u003c", b"<").replace(b"\\u003e", b">")
        if url is not None:
            hits += checker.page(path, text, url)
        else:
            hits += checker.check(path, text)
    return hits


def add_bundle(tmp: Path, checker: LeakChecker | None) -> tuple[int, list[str]]:
    """Index a brand's freshly written tree in place (before it is swapped in); returns (files
    written, leaks)."""
    index_site(tmp, tmp / BUNDLE)
    hits = bundle_leaks(checker, tmp / BUNDLE) if checker is not None else []
    return sum(1 for p in (tmp / BUNDLE).rglob("*") if p.is_file()), hits


def reindex(folder: Path, checker: LeakChecker | None, trash: Path) -> list[str]:
    """Re-index a live brand folder (after an incremental build): the new bundle is written
    beside the old one, checked, and swapped in whole; returns leaks (then nothing changes)."""
    for old in folder.glob(f".{BUNDLE}.tmp-*"):  # left by a killed build (one runs at a time)
        shutil.rmtree(old, ignore_errors=True)
    new = begin_tree(folder / BUNDLE)
    try:
        index_site(folder, new)
        hits = bundle_leaks(checker, new) if checker is not None else []
        if hits:
            return hits
        commit_tree(new, folder / BUNDLE, trash)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    return []
