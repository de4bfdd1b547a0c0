"""A brand's output folder -> its searchable pages split into a fixed number of buckets.

Pagefind has no partial update, so each brand's index is several Pagefind bundles searched
together (the search script merges them): a page's bucket follows from its connector (or, for
a page outside `connectors/<c>/`, from its own path), so an edit re-indexes only the buckets of
the pages it rewrote. `pagefind/buckets.json` names the buckets that hold pages.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

BUCKETS = 8
"""How many bundles a brand's index is split into: each query fetches one index chunk per
bucket and word (~20 KB each), so more buckets make edits cheaper and first queries heavier."""
MANIFEST = "buckets.json"
"""The file in `pagefind/` listing the bucket folders that hold pages (the script reads it)."""
_BODY = re.compile(rb"<[a-zA-Z][^<>]*\sdata-pagefind-body[\s=>]")
"""A tag carrying `data-pagefind-body` (text can't make one: `<` in text is escaped)."""
_META = frozenset("?*$:<>()[]{},")
"""Characters Pagefind's glob syntax gives a meaning; escaped with a backslash."""


def bucket_of(rel: str) -> int:
    """The bucket of an output file (path below the brand folder): by its connector folder
    under `connectors/`, else by its own path without the suffix (a page and its twin agree)."""
    parts = rel.split("/")
    if parts[0] == "connectors" and len(parts) > 2:
        key = f"connectors/{parts[1]}"
    else:
        key = rel.rsplit(".", 1)[0] if "." in parts[-1] else rel
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % BUCKETS


def bucket_name(bucket: int) -> str:
    return f"b{bucket}"


def touched(changed: Iterable[str]) -> set[int]:
    """The buckets whose index an edit that rewrote `changed` (output paths) may change."""
    return {bucket_of(rel) for rel in changed if rel.endswith(".html")}


def searchable_pages(site: Path, only: set[int] | None = None) -> dict[int, list[str]]:
    """The HTML pages of a brand folder Pagefind would index (those with a
    `data-pagefind-body`), by bucket, sorted; `only`: read just these buckets' pages."""
    found: dict[int, list[str]] = {}

    def walk(folder: str, rel: str, bucket: int | None) -> None:
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda e: e.name)
        for entry in listed:
            if entry.name.startswith("."):  # trees being built, leftovers
                continue
            path = rel + entry.name
            if entry.is_dir(follow_symlinks=False):
                if path == "pagefind":
                    continue
                b = bucket_of(f"{path}/-") if bucket is None and rel == "connectors/" else bucket
                if b is None or only is None or b in only:
                    walk(entry.path, path + "/", b)
            elif entry.name.endswith(".html") and entry.is_file(follow_symlinks=False):
                b = bucket if bucket is not None else bucket_of(path)
                if only is not None and b not in only:
                    continue
                with open(entry.path, "rb") as f:
                    if _BODY.search(f.read()):
                        found.setdefault(b, []).append(path)

    walk(str(site), "", None)
    return found


def glob_of(pages: list[str]) -> str:
    """A Pagefind glob for these pages: a connector's pages as its folder (`connectors/<c>/**`:
    Pagefind skips the pages of a run that have no `data-pagefind-body` when any has one, and
    the glob stays small at any size), other pages by name (a `\\`, which the glob syntax
    cannot escape, matches any one character instead)."""
    parts: list[str] = []
    folders: set[str] = set()
    for page in pages:
        bits = page.split("/")
        if bits[0] == "connectors" and len(bits) > 2:
            folder = f"connectors/{bits[1]}"
            if folder not in folders:
                folders.add(folder)
                parts.append(_escape(folder) + "/**/*.html")
        else:
            parts.append(_escape(page))
    return "{" + ",".join(parts) + "}"


def _escape(path: str) -> str:
    return "".join("\\" + c if c in _META else "?" if c == "\\" else c for c in path)


def read_manifest(bundle: Path) -> list[str] | None:
    """The bucket folders a bundle lists; None when it is missing, unreadable or made with
    another bucket count (then the whole brand is re-indexed)."""
    try:
        data = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("of") != BUCKETS:
        return None
    names = data.get("buckets")
    valid = {bucket_name(b) for b in range(BUCKETS)}
    if not isinstance(names, list) or not all(n in valid for n in names):
        return None
    return names


def manifest(buckets: Iterable[int]) -> bytes:
    names = [bucket_name(b) for b in sorted(set(buckets))]
    return json.dumps({"of": BUCKETS, "buckets": names}, separators=(",", ":")).encode()
