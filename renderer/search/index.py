"""A brand's searchable pages -> its Pagefind bundle in `pagefind/`, leak-checked.

Pagefind gets what the variant shows: each page's `data-pagefind-body` article (and its
title), taken from the HTML as it is rendered (`search_doc`) and handed to Pagefind's service
process in memory (`service.py`), sorted by path so that the bundle's bytes depend on the pages
only. The files come back as bytes, are leak-checked (every file, decompressed) and written by
the build: a white-label index is checked like any page.

An incremental build leaves the base bundle alone: the pages it rewrote since the last full
build are indexed into a small delta bundle `pagefind/delta-<hash>/`, and `pagefind/index.json`
names it with the ids of the base entries it replaces (the search script merges the delta and
drops those entries). The next full build compacts them into one bundle again.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from renderer.brand.leaks import LeakChecker
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.core.fs import begin_tree, commit_tree, discard, write_if_changed
from renderer.search.stable import stabilise

BUNDLE = "pagefind"
"""The index folder in a brand's output: the base bundle, `index.json` and any delta bundle."""
MANIFEST = "index.json"
"""`{"delta": null}` after a full build; `{"delta": "delta-<hash>", "mask": [ids]}` after
incremental builds (the search script reads it)."""
UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)  # fmt: skip
"""Pagefind's own UI bundles (the site's search UI uses the JS API only), and the WebAssembly
for pages of no language (every page is indexed as English)."""
SIGNATURE = b"pagefind_dcd"
"""What every decompressed Pagefind data file starts with."""
_BODY = re.compile(rb"<[a-zA-Z][^<>]*\sdata-pagefind-body[\s=>]")
"""A tag carrying `data-pagefind-body` (text can't make one: `<` in text is escaped)."""
_TITLE = re.compile(rb"<title>[^<]*</title>")


PAGEFIND_ENV = "HUBDOCS_PAGEFIND"
"""An environment variable naming the Pagefind binary to use instead of the wheel's."""


def binary(where: str) -> str:
    """The Pagefind binary (`$HUBDOCS_PAGEFIND`, else the `pagefind_bin` wheel's; nothing is
    downloaded)."""
    chosen = os.environ.get(PAGEFIND_ENV)
    if chosen:
        return chosen
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


def search_doc(html: bytes) -> str | None:
    """What Pagefind reads of a rendered page: its title and its `data-pagefind-body` article
    (None: the page is not searchable). The article is the page's last top-level one."""
    found = _BODY.search(html)
    if found is None:
        return None
    end = html.rfind(b"</article>")
    if end < found.start():
        return None
    title = _TITLE.search(html, 0, found.start())
    head = title.group(0) if title else b""
    body = html[found.start() : end + len(b"</article>")]
    return (
        b'<!doctype html><html lang="en"><head>'
        + head
        + b"</head><body>"
        + body
        + b"</body></html>"
    ).decode("utf-8", errors="replace")


def page_url(rel: str) -> str:
    """The URL Pagefind records for a page file (as its CLI would for that file)."""
    return "/" + rel


def build_bundle(docs: Mapping[str, str], service: object | None = None) -> dict[str, bytes]:
    """One Pagefind bundle (path -> bytes) from `docs` (page file -> search doc)."""
    from renderer.search.service import Pagefind, PagefindError, failed

    own = service is None
    pf = Pagefind() if service is None else service
    assert isinstance(pf, Pagefind)
    try:
        index = pf.new_index()
        for rel in sorted(docs):
            pf.add(index, page_url(rel), docs[rel])
        return finish(pf.files(index))
    except PagefindError as err:
        raise failed(BUNDLE, err) from None
    finally:
        if own:
            pf.close()


def finish(files: dict[str, bytes]) -> dict[str, bytes]:
    """A bundle as Pagefind returned it -> the files the site serves (canonical bytes)."""
    for name in UNUSED:
        files.pop(name, None)
    stabilise(files)
    return files


def decoded(files: Mapping[str, bytes], prefix: str = BUNDLE) -> Iterator[tuple[str, bytes]]:
    """Every file of a bundle as (path below the brand folder, bytes), gzip'd ones
    decompressed, in path order."""
    for rel in sorted(files):
        data = files[rel]
        if data[:2] == b"\x1f\x8b":
            with contextlib.suppress(OSError, EOFError, zlib.error):  # else checked as it is
                data = gzip.decompress(data)
        yield f"{prefix}/{rel}", data


def bundle_files(folder: Path, prefix: str = BUNDLE) -> Iterator[tuple[str, bytes]]:
    """Every file below a folder as `decoded` gives them."""
    files = {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    yield from decoded(files, prefix)


def _record(data: bytes) -> object:
    """A decompressed fragment's JSON record (None when it is not JSON)."""
    try:
        return json.loads(data[len(SIGNATURE) :] if data.startswith(SIGNATURE) else data)
    except ValueError:
        return None


def _url_of(record: object) -> str | None:
    if not isinstance(record, dict):
        return None
    url = (record.get("meta") or {}).get("url") or record.get("url") or ""
    url = url.split("#")[0]
    return url[: -len(".html")] if url.endswith(".html") else url or None


def fragment_url(data: bytes) -> str | None:
    """The page URL a decompressed fragment file is about (its `url` meta, else its file)."""
    return _url_of(_record(data))


def _leaks(checker: LeakChecker, files: Iterable[tuple[str, bytes]]) -> list[str]:
    hits: list[str] = []
    for path, data in files:
        record = _record(data) if path.endswith(".pf_fragment") else None
        url = _url_of(record)
        if url is not None:
            hits += checker.page(path, _strings(record), url)
        else:
            hits += checker.check(path, data)
    return hits


def fragment_text(data: bytes) -> bytes:
    """A decompressed fragment as a reader of it sees it: every string of its JSON (keys and
    values: the page's text, title, meta, filters, anchors), one per line, with JSON's escapes
    read (as written, a hidden sentence holding a quote or a backslash was never found)."""
    record = _record(data)
    return data if record is None else _strings(record)


def _strings(record: object) -> bytes:
    out: list[str] = []
    stack = [record]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            for key, value in reversed(item.items()):
                stack += [value, key]
        elif isinstance(item, list):
            stack += reversed(item)
    return "\n".join(out).encode()


def files_leaks(
    checker: LeakChecker, files: Mapping[str, bytes], prefix: str = BUNDLE
) -> list[str]:
    """Leaks in a bundle's files: every file for the parent brand's words; each page's
    fragment (its text, title, filters, anchors) also for that page's hidden text."""
    return _leaks(checker, decoded(files, prefix))


def bundle_leaks(checker: LeakChecker, folder: Path, prefix: str = BUNDLE) -> list[str]:
    """Leaks in a bundle folder as written (every file below it)."""
    return _leaks(checker, bundle_files(folder, prefix))


def page_ids(files: Mapping[str, bytes]) -> dict[str, str]:
    """Page file -> the id of its entry in a bundle (its fragment's name)."""
    out = {}
    for path, data in decoded({k: v for k, v in files.items() if k.startswith("fragment/")}):
        url = fragment_url(data)
        if url is not None:
            rel = url.lstrip("/") + ".html"
            out[rel] = path.rsplit("/", 1)[-1].removesuffix(".pf_fragment")
    return out


def manifest(delta: str | None = None, mask: Iterable[str] = ()) -> bytes:
    data: dict[str, object] = {"delta": delta}
    if delta is not None:
        data["mask"] = sorted(set(mask))
    return json.dumps(data, separators=(",", ":")).encode()


def read_docs(folder: Path, rels: Iterable[str]) -> dict[str, str]:
    """The search docs of these page files of a written brand folder (the searchable ones)."""
    docs = {}
    for rel in rels:
        try:
            doc = search_doc((folder / rel).read_bytes())
        except FileNotFoundError:
            continue
        if doc is not None:
            docs[rel] = doc
    return docs


def reindex(
    folder: Path,
    checker: LeakChecker | None,
    trash: Path,
    changed: Iterable[str],
    base_ids: Mapping[str, str],
) -> list[str]:
    """After an incremental build rewrote the pages `changed` (every page file rewritten since
    the last full build): index them into a new delta bundle, check it, swap it in and point
    `index.json` at it, masking their base entries. Returns leaks (then nothing changes)."""
    pages, files = delta_bundle(folder, changed)
    return swap_delta(folder, checker, trash, pages, files, base_ids)


def delta_bundles(
    changed: Mapping[Path, Iterable[str]],
) -> dict[Path, tuple[list[str], dict[str, bytes]]]:
    """`delta_bundle` for several brand folders at once, in one Pagefind process (one start
    instead of one per brand)."""
    from renderer.search.service import Pagefind

    wanted = {
        folder: sorted({rel for rel in rels if rel.endswith(".html")})
        for folder, rels in changed.items()
    }
    out: dict[Path, tuple[list[str], dict[str, bytes]]] = {f: (p, {}) for f, p in wanted.items()}
    if not any(wanted.values()):
        return out  # no page: no bundle (pages none of which is searchable: an empty one)
    with Pagefind() as pf:
        for folder, pages in wanted.items():
            if pages:
                out[folder] = (pages, build_bundle(read_docs(folder, pages), pf))
    return out


def delta_bundle(folder: Path, changed: Iterable[str]) -> tuple[list[str], dict[str, bytes]]:
    """The page files of `changed` and the delta bundle indexing them as they are on disk now,
    in memory (the slow part of `reindex`: it writes nothing, so it may run while the pages
    are served)."""
    return delta_bundles({folder: changed})[folder]


def swap_delta(
    folder: Path,
    checker: LeakChecker | None,
    trash: Path,
    pages: list[str],
    files: Mapping[str, bytes],
    base_ids: Mapping[str, str],
) -> list[str]:
    """Check the delta bundle `files` of `pages`, swap it in and point `index.json` at it,
    masking their base entries. Returns leaks (then nothing changes)."""
    bundle = folder / BUNDLE
    for old in bundle.glob(".delta-*"):
        shutil.rmtree(old, ignore_errors=True)  # left by a killed build (one runs at a time)
    if not pages:
        return []
    name = f"delta-{hashlib.sha256(files['pagefind-entry.json']).hexdigest()[:10]}"
    if checker is not None:
        hits = files_leaks(checker, _unlike_base(bundle, files), f"{BUNDLE}/{name}")
        if hits:
            return hits
    old = _delta_of(bundle)
    if old != name:
        key = hashlib.sha256("\0".join(pages).encode()).hexdigest()[:10]
        tmp = begin_tree(bundle / f"delta-{key}")
        try:
            for rel, data in files.items():
                (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
                (tmp / rel).write_bytes(data)
            commit_tree(tmp, bundle / name, trash)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    mask = [base_ids[rel] for rel in pages if rel in base_ids]
    write_if_changed(bundle / MANIFEST, manifest(name, mask))
    if old is not None and old != name and (bundle / old).exists():
        discard(bundle / old, trash)
    return []


def _unlike_base(bundle: Path, files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The files of a delta bundle to check: its page fragments (checked against their pages'
    hidden text as it is now), and every other file whose bytes differ from the base bundle's
    file of the same name — Pagefind's own script and WebAssembly come out the same every time,
    and the base's were checked for the brand's words when they were written (a change to
    those words is a full build)."""
    out = {}
    for rel, data in files.items():
        try:
            same = not rel.startswith("fragment/") and (bundle / rel).read_bytes() == data
        except OSError:
            same = False
        if not same:
            out[rel] = data
    return out


def _delta_of(bundle: Path) -> str | None:
    try:
        data = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = data.get("delta") if isinstance(data, dict) else None
    return name if isinstance(name, str) and re.fullmatch(r"delta-[0-9a-f]{10}", name) else None
