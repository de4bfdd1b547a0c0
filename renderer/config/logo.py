"""Brand logo checks: a PNG, or an SVG made only of allowlisted shape elements and attributes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - DOCTYPE/ENTITY are refused before parsing
from pathlib import Path

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ELEMENTS = {
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "title",
    "desc",
    "defs",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "use",
    "symbol",
}
ATTRIBUTES = {
    "viewBox",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "d",
    "points",
    "fill",
    "fill-opacity",
    "fill-rule",
    "clip-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-opacity",
    "stroke-miterlimit",
    "opacity",
    "transform",
    "id",
    "class",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "clip-path",
    "mask",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
    "preserveAspectRatio",
    "version",
    "role",
    "aria-label",
    "aria-hidden",
    "focusable",
    "href",
    "xml:space",
}
_LOCAL_REF = re.compile(r"^#[A-Za-z][\w.-]*\Z")
_URL_REF = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)


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
    return check_svg(data)


def check_svg(data: bytes) -> list[str]:
    """An SVG passes when every element and attribute is on the allowlist and every reference is local."""
    if re.search(rb"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet", data, re.I):
        return ["SVG logo declares a DOCTYPE, entities or a stylesheet"]
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DTD possible (refused above)
    except ET.ParseError as err:
        return [f"SVG logo is not well-formed XML: {err}"]
    problems: set[str] = set()
    for el in root.iter():
        ns, _, local = el.tag.rpartition("}")
        if ns.lstrip("{") != SVG_NS or local not in ELEMENTS:
            problems.add(f"SVG logo contains a disallowed element <{local}>")
        for attr, value in el.attrib.items():
            ans, _, alocal = attr.rpartition("}")
            ans = ans.lstrip("{")
            if alocal.lower().startswith("on"):
                problems.add("SVG logo contains an event handler (on…=)")
            elif ans not in ("", XLINK_NS, "http://www.w3.org/XML/1998/namespace") or (
                alocal not in ATTRIBUTES
            ):
                problems.add(f"SVG logo contains a disallowed attribute {alocal!r}")
            elif (
                alocal == "href"
                and not _LOCAL_REF.match(value.strip())
                or _URL_REF.search(value)
                or "\\" in value
            ):
                problems.add("SVG logo references an external resource")
    return sorted(problems)
