"""A Pagefind bundle -> the same bundle with deterministic bytes: filter chunks sorted.

Pagefind (1.5) writes each filter's values in hash-map order, so two runs over the same pages
give differently ordered filter chunks, hence other file names, another metadata file and
another `pagefind-entry.json`. This rewrites the filter chunks with their values sorted, names
them by their content and points the metadata file (and the entry file) at them. The files are
CBOR after a `pagefind_dcd` signature, gzip'd; the few CBOR kinds Pagefind writes are read and
written back byte for byte.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from dataclasses import dataclass

SIGNATURE = b"pagefind_dcd"


@dataclass(frozen=True, slots=True)
class Raw:
    """A CBOR item kept as its bytes (floats, simple values, tags)."""

    data: bytes


def _head(data: bytes, i: int) -> tuple[int, int, int]:
    """(major type, argument, next offset) of the item at `i`."""
    first = data[i]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, i + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise ValueError(f"unsupported CBOR length {info}")
    return major, int.from_bytes(data[i + 1 : i + 1 + size], "big"), i + 1 + size


def decode(data: bytes, i: int = 0) -> tuple[object, int]:
    major, arg, j = _head(data, i)
    if major == 0:
        return arg, j
    if major == 1:
        return -1 - arg, j
    if major in (2, 3):
        chunk = data[j : j + arg]
        return (chunk if major == 2 else chunk.decode()), j + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, j = decode(data, j)
            items.append(item)
        return items, j
    if major == 5:
        pairs = []
        for _ in range(arg):
            k, j = decode(data, j)
            v, j = decode(data, j)
            pairs.append((k, v))
        return dict(pairs), j
    if major == 7:
        return Raw(data[i:j]), j
    raise ValueError(f"unsupported CBOR major type {major}")


def _arg(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size, fmt in ((24, 1, ">B"), (25, 2, ">H"), (26, 4, ">I"), (27, 8, ">Q")):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError("CBOR integer too large")


def encode(item: object) -> bytes:
    if isinstance(item, Raw):
        return item.data
    if isinstance(item, bool) or item is None:
        raise ValueError("unsupported CBOR value")
    if isinstance(item, int):
        return _arg(0, item) if item >= 0 else _arg(1, -1 - item)
    if isinstance(item, bytes):
        return _arg(2, len(item)) + item
    if isinstance(item, str):
        raw = item.encode()
        return _arg(3, len(raw)) + raw
    if isinstance(item, list):
        return _arg(4, len(item)) + b"".join(encode(x) for x in item)
    if isinstance(item, dict):
        return _arg(5, len(item)) + b"".join(encode(k) + encode(v) for k, v in item.items())
    raise ValueError(f"unsupported CBOR value {type(item).__name__}")


def _read(name: str, data: bytes) -> object:
    data = gzip.decompress(data)
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{name}: not a Pagefind data file")
    item, end = decode(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError(f"{name}: trailing bytes")
    return item


def _write(files: dict[str, bytes], stem: str, suffix: str, item: object, digits: int) -> str:
    """Add `item` as `<stem>_<hash>.<suffix>`; returns the hash-qualified name (no suffix)."""
    data = SIGNATURE + encode(item)
    name = f"{stem}_{hashlib.sha256(data).hexdigest()[:digits]}"
    files[f"{name}.{suffix}"] = gzip.compress(data, mtime=0)
    return name


def stabilise(files: dict[str, bytes]) -> None:
    """Rewrite a bundle's filter chunks, metadata and entry files (path -> bytes, in place) in
    a canonical order."""
    entry = json.loads(files["pagefind-entry.json"])
    for lang, info in entry["languages"].items():
        meta = _read("pf_meta", files.pop(f"pagefind.{info['hash']}.pf_meta"))
        renamed: dict[str, str] = {}
        chunks = sorted(
            k for k in files if k.startswith(f"filter/{lang}_") and k.endswith(".pf_filter")
        )
        for path in chunks:
            name, values = _read(path, files.pop(path))  # type: ignore[misc]
            values = sorted(values, key=lambda v: v[0])
            stem = path[len("filter/") : -len(".pf_filter")]
            renamed[stem] = _write(files, f"filter/{lang}", "pf_filter", [name, values], 7)
            renamed[stem] = renamed[stem][len("filter/") :]
        if not isinstance(meta, list):
            raise ValueError("unexpected Pagefind metadata")
        for i, part in enumerate(meta):
            if (
                isinstance(part, list)
                and part
                and all(isinstance(p, list) and len(p) == 2 and p[1] in renamed for p in part)
            ):
                meta[i] = sorted(([n, renamed[h]] for n, h in part), key=lambda p: p[0])
        new_hash = _write(files, f"pagefind.{lang}", "pf_meta", meta, 10)
        info["hash"] = new_hash[len("pagefind.") :]
    files["pagefind-entry.json"] = json.dumps(
        entry, ensure_ascii=False, separators=(",", ":")
    ).encode()
