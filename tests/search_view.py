"""A built brand folder as a reader sees it: every file's bytes, except the search index, seen
as the pages it answers with (the base bundle's fragments less those `index.json` masks, plus
the delta bundle's): a full build and incremental builds must agree on that."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path


def _fragments(bundle: Path) -> dict[str, bytes]:
    return {p.stem: gzip.decompress(p.read_bytes()) for p in sorted(bundle.glob("fragment/*"))}


def answers(bundle: Path) -> list[bytes]:
    """The fragments a search of this `pagefind/` folder can return, sorted."""
    index = json.loads((bundle / "index.json").read_text())
    found = _fragments(bundle)
    if index.get("delta"):
        for masked in index["mask"]:
            assert masked in found, masked  # a mask names a base entry
            del found[masked]
        found.update(_fragments(bundle / index["delta"]))
    return sorted(found.values())


def contents(folder: Path) -> dict[str, str]:
    """File -> sha256 of its bytes below `folder` (a brand folder or the output folder), each
    `pagefind/` folder as one entry: the digest of its answers and of its scripts."""
    out: dict[str, str] = {}
    bundles = sorted(p.parent for p in folder.rglob("pagefind/index.json"))
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or any(b in p.parents for b in bundles):
            continue
        out[p.relative_to(folder).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    for b in bundles:
        scripts = [(q.name, q.read_bytes()) for q in sorted(b.glob("*.js"))]
        digest = hashlib.sha256(repr((answers(b), scripts)).encode()).hexdigest()
        out[b.relative_to(folder).as_posix() + "/"] = digest
    return out
