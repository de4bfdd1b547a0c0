"""Brand logo checks: PNG or a static SVG (no script, event handlers or external references)."""

from __future__ import annotations

import re
from pathlib import Path

_SVG_BAD = [
    (re.compile(r"<\s*script", re.I), "SVG logo contains a <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "SVG logo contains an event handler (on…=)"),
    (re.compile(r"<\s*foreignObject", re.I), "SVG logo contains <foreignObject>"),
    (
        re.compile(r"(?:href|src)\s*=\s*[\"']\s*(?!#)[^\"']+", re.I),
        "SVG logo references an external resource",
    ),
    (re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I), "SVG logo references an external resource"),
    (re.compile(r"<!ENTITY|<!DOCTYPE", re.I), "SVG logo declares a DOCTYPE or entities"),
    (re.compile(r"@import", re.I), "SVG logo imports a stylesheet"),
]


def check_logo(folder: Path, name: str) -> list[str]:
    """Problems with the logo file, as messages; empty when it is fine."""
    if "/" in name or "\\" in name or name.startswith("."):
        return ["`logo` must be a file name inside the brand folder"]
    path = folder / name
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        return ["`logo` must be an .svg or .png file"]
    if not path.is_file() or path.is_symlink():
        return [f"logo file {name} not found in {folder}"]
    data = path.read_bytes()
    if len(data) > 512 * 1024:
        return ["logo is larger than 512 KiB"]
    if suffix == ".png":
        return [] if data.startswith(b"\x89PNG\r\n\x1a\n") else ["logo is not a PNG file"]
    text = data.decode("utf-8", errors="replace")
    if "<svg" not in text:
        return ["logo is not an SVG file"]
    return [msg for pat, msg in _SVG_BAD if pat.search(text)]
