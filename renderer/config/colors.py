"""CSS colours as a config writes them (`#fff`, `#05C168`, `rgb(5 193 104)`, `hsl(…)`, names) ->
normalised `#rrggbb`, and the brand's text shades that stay readable (WCAG AA, 4.5:1) on the
theme's light and dark backgrounds: a brand is never refused over its colour.

Parsing and contrast are coloraide's (CSS Color 4, WCAG 2.1 contrast)."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import astuple, dataclass
from pathlib import Path

LIGHT_BG = "#ffffff"
"""The light theme's page background (components.css `--hd-bg`)."""
DARK_BG = "#0f141b"
"""The dark theme's page background."""
AA = 4.5
"""WCAG 2.1 AA contrast for body-size text."""


_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
"""`#rgb` and `#rrggbb`, the colours configs write: read without coloraide, whose import builds
tables that cost an incremental build ~0.15 s (the other spellings import it when needed)."""


def parse_color(value: object) -> str | None:
    """A CSS colour -> `#rrggbb` (alpha dropped), or None when it is not one."""
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    text = value.strip()
    if _HEX.fullmatch(text):
        digits = text[1:].lower()
        return "#" + (digits if len(digits) == 6 else "".join(d * 2 for d in digits))
    from coloraide import Color

    try:
        c = Color(text).convert("srgb")
    except (ValueError, TypeError):
        return None
    if not c.in_gamut():
        c = c.fit()
    return c.set("alpha", 1).to_string(hex=True, compress=False)


@functools.lru_cache(maxsize=256)
def readable(color: str, background: str, ratio: float = AA) -> str:
    """`color` itself when it reaches `ratio` against `background`, else the nearest shade of
    it (mixed towards black on a light background, white on a dark one) that does."""
    from coloraide import Color

    c, bg = Color(color), Color(background)
    if c.contrast(bg) >= ratio:
        return color
    toward = "black" if bg.luminance() > 0.5 else "white"

    def shade(amount: float) -> str:  # as written out: the contrast is checked after rounding
        return (
            c.mix(toward, amount, space="srgb").convert("srgb").to_string(hex=True, compress=False)
        )

    lo, hi = 0.0, 1.0
    for _ in range(20):  # the least mixing that is readable
        mid = (lo + hi) / 2
        if Color(shade(mid)).contrast(bg) >= ratio:
            hi = mid
        else:
            lo = mid
    return shade(hi)


def contrast(a: str, b: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours."""
    from coloraide import Color

    return float(Color(a).contrast(Color(b)))


@dataclass(frozen=True, slots=True)
class Palette:
    """A brand's colours as the theme uses them (Mintlify's `colors`: `primary` accents the
    light theme, `light` the dark theme, `dark` marks hover and active states)."""

    primary: str
    light: str
    dark: str
    accent: str

    @property
    def text_on_light(self) -> str:
        """Links and titles in the brand colour on the light theme, readable."""
        return readable(self.primary, LIGHT_BG)

    @property
    def text_on_dark(self) -> str:
        """The same on the dark theme (from `light`)."""
        return readable(self.light, DARK_BG)

    def css(self) -> str:
        """The brand's stylesheet (`assets/brand.css`)."""
        return (
            ":root {\n"
            f"  --hd-primary: {self.primary};\n"
            f"  --hd-primary-light: {self.light};\n"
            f"  --hd-primary-dark: {self.dark};\n"
            f"  --hd-accent: {self.accent};\n"
            f"  --hd-link: {self.text_on_light};\n"
            f"  --hd-link-on-dark: {self.text_on_dark};\n"
            "}\n"
        )


def palette_css(palette: Palette, memo: Path) -> str:
    """`palette.css()`, kept in the folder `memo` between processes: its readable shades take
    coloraide, whose import costs a fresh process (an incremental build) ~0.15 s. The name is
    a hash of the colours and of this module's source, so a change to either computes anew."""
    key = hashlib.sha256(repr(astuple(palette)).encode() + Path(__file__).read_bytes())
    path = memo / f"{key.hexdigest()[:32]}.css"
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    css = palette.css()
    try:
        memo.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(css, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # an unwritable cache only costs the next process the computation
    return css
