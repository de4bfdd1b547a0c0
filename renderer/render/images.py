"""Content images as a page draws them: `width`/`height` read from the image files (the page
does not jump while they load) and Mintlify's `noZoom` kept as `data-nozoom` for the zoom
script (site_template/static/zoom.js)."""

from __future__ import annotations

import functools
import os
import re
import struct
from pathlib import Path

from markupsafe import Markup

_IMG = re.compile(r"<img\b[^>]*>", re.I)
_SRC = re.compile(r'\ssrc="([^"]*)"')
_NOZOOM = re.compile(r'\snozoom(?:="[^"]*")?', re.I)
_SVG_SIZE = re.compile(rb"<svg\b[^>]*>", re.I | re.S)
_SVG_ATTR = re.compile(rb'\s(width|height|viewBox)\s*=\s*["\']([^"\']*)["\']', re.I)
_NUMBER = re.compile(rb"^\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*$")
MAX_SIDE = 100_000


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF, JPEG, WebP or SVG file from its header, or None."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _size(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4096)
def _size(path: str, _mtime: int, _length: int) -> tuple[int, int] | None:
    try:
        with open(path, "rb") as f:
            head = f.read(64 * 1024)
    except OSError:
        return None
    got = _raster(head) if not path.lower().endswith(".svg") else _svg(head)
    if got and 0 < got[0] <= MAX_SIDE and 0 < got[1] <= MAX_SIDE:
        return got
    return None


def _raster(b: bytes) -> tuple[int, int] | None:
    if b[:8] == b"\x89PNG\r\n\x1a\n" and b[12:16] == b"IHDR":
        w, h = struct.unpack(">II", b[16:24])
        return w, h
    if b[:6] in (b"GIF87a", b"GIF89a"):
        w, h = struct.unpack("<HH", b[6:10])
        return w, h
    if b[:4] == b"RIFF" and b[8:12] == b"WEBP":
        kind = b[12:16]
        if kind == b"VP8 " and len(b) >= 30:
            w, h = struct.unpack("<HH", b[26:30])
            return w & 0x3FFF, h & 0x3FFF
        if kind == b"VP8L" and len(b) >= 25:
            bits = int.from_bytes(b[21:25], "little")
            return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        if kind == b"VP8X" and len(b) >= 30:
            return int.from_bytes(b[24:27], "little") + 1, int.from_bytes(b[27:30], "little") + 1
        return None
    if b[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(b):
            if b[i] != 0xFF:
                return None
            marker = b[i + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            length = int.from_bytes(b[i + 2 : i + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                h, w = struct.unpack(">HH", b[i + 5 : i + 9])
                return w, h
            i += 2 + length
    return None


def _svg(b: bytes) -> tuple[int, int] | None:
    tag = _SVG_SIZE.search(b)
    if not tag:
        return None
    attrs = {k.decode().lower(): v for k, v in _SVG_ATTR.findall(tag.group(0))}
    w, h = _NUMBER.match(attrs.get("width", b"")), _NUMBER.match(attrs.get("height", b""))
    if w and h:
        return round(float(w.group(1))), round(float(h.group(1)))
    box = attrs.get("viewbox", b"").replace(b",", b" ").split()
    if len(box) == 4:
        try:
            bw, bh = float(box[2]), float(box[3])
        except ValueError:
            return None
        return round(bw), round(bh)
    return None


def local_file(src: str, root: Path, page_dir: str) -> Path | None:
    """The file an `<img src>` names below the site's folder (root-relative or relative to
    the page), resolved with realpath and kept inside the folder; None for anything else."""
    if not src or src.startswith(("//", "data:")) or re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I):
        return None
    path = src.split("#", 1)[0].split("?", 1)[0]
    from urllib.parse import unquote

    path = unquote(path)
    rel = path.lstrip("/") if path.startswith("/") else os.path.join(page_dir, path)
    base = os.path.realpath(root)
    target = os.path.realpath(os.path.join(base, rel))
    if os.path.commonpath([base, target]) != base or not os.path.isfile(target):
        return None
    return Path(target)


def sized_images(html: str, root: Path, page_dir: str) -> Markup:
    """The page body with `width`/`height` on each local `<img>` that has neither (read from
    its file) and `noZoom` written as `data-nozoom`."""

    def one(mt: re.Match[str]) -> str:
        tag = mt.group(0)
        tag = _NOZOOM.sub(" data-nozoom", tag)
        if re.search(r"\s(width|height)=", tag):
            return tag
        src = _SRC.search(tag)
        from html import unescape

        found = local_file(unescape(src.group(1)), root, page_dir) if src else None
        size = image_size(found) if found else None
        if not size:
            return tag
        end = -2 if tag.endswith("/>") else -1
        return f'{tag[:end].rstrip()} width="{size[0]}" height="{size[1]}"{tag[end:]}'

    return Markup(_IMG.sub(one, str(html)))
