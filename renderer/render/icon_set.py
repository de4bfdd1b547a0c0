"""Icons from maintained packages: Font Awesome Free (solid, regular, brands) and Lucide.

The data are generated from the npm packages by `scripts/vendor_assets.py` and committed in
`renderer/render/data/` (versions, sources and licences: `data/README.md`):

* `fa-free-7.3.1.json.gz` — `@fortawesome/fontawesome-free@7.3.1` `metadata/icon-families.json`:
  every free icon's path per style, and the aliases (`ellipsis-h` -> `ellipsis`, `home` ->
  `house`).
* `lucide-1.87.0.json.gz` — `lucide-static@1.87.0` `icon-nodes.json` (the SVG nodes of each
  icon), and the aliases its ESM build exports (`trash-2` -> `trash`).

A page draws an icon as `<svg><use href="/assets/icons.svg#fa-solid-house"></use></svg>`; the
build writes one sprite per brand holding only the symbols its pages use (`sprite(ids)`, the ids
read back from the pages with `sprite_ids(html)`). Nothing is fetched from a CDN, and there is no
`style` attribute anywhere: the colour is `currentColor`.

Resolution follows Mintlify: `icons.library` in docs.json picks the library (`fontawesome` by
default; `lucide`; `tabler`, which is not bundled and resolves against Lucide, then Font Awesome,
with a note). Font Awesome's `iconType` picks the style; the Pro-only styles (light, thin,
duotone, sharp-*) are drawn in the nearest free style with one warning per icon. Under Lucide, a
Font Awesome brand name (`github`, `slack`: Lucide has no brands) is drawn from Font Awesome's
brands with one note. Any other unknown name is a warning naming the nearest known names — never
a silent stand-in."""

from __future__ import annotations

import difflib
import functools
import gzip
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

DATA = Path(__file__).resolve().parent / "data"
FA_VERSION = "7.3.1"
LUCIDE_VERSION = "1.87.0"
FA_FILE = DATA / f"fa-free-{FA_VERSION}.json.gz"
LUCIDE_FILE = DATA / f"lucide-{LUCIDE_VERSION}.json.gz"

SPRITE = "/assets/icons.svg"
"""Where the build writes the sprite (served from the site's own origin)."""
LIBRARIES = ("fontawesome", "lucide", "tabler")
FREE_STYLES = ("solid", "regular", "brands")
PRO_STYLES = {
    "light": "regular",
    "thin": "regular",
    "sharp-regular": "regular",
    "sharp-light": "regular",
    "sharp-thin": "regular",
    "duotone": "solid",
    "sharp-solid": "solid",
    "sharp-duotone-solid": "solid",
    "sharp-duotone-regular": "regular",
    "sharp-duotone-light": "regular",
    "sharp-duotone-thin": "regular",
}
"""Font Awesome Pro styles (Mintlify's `iconType`) -> the nearest free style."""
DEFAULT_ORDER = ("regular", "solid", "brands")
"""The style drawn when none is asked for (Mintlify's default `iconType` is regular)."""
_URL = re.compile(
    r"^(?:https?://[^\s\"'<>`]+|/(?!/)[^\s\"'<>`]*|\.{0,2}/?[\w./-]+\.(?:svg|png|jpe?g|gif|webp|ico))$",
    re.I,
)
_ID = re.compile(r"^(fa-(?:solid|regular|brands)|lucide)-([a-z0-9-]+)$")
_USE = re.compile(r'<use href="[^"#]*#((?:fa-(?:solid|regular|brands)|lucide)-[a-z0-9-]+)"')


@functools.cache
def _load(path: Path) -> dict[str, Any]:
    with gzip.open(path, "rb") as f:
        return json.loads(f.read())


def font_awesome() -> dict[str, Any]:
    """`{"icons": {name: {style: [width, height, path]}}, "aliases": {alias: name}}`."""
    return _load(FA_FILE)


def lucide() -> dict[str, Any]:
    """`{"icons": {name: [[tag, {attr: value}], …]}, "aliases": {alias: name}}`."""
    return _load(LUCIDE_FILE)


@dataclass(frozen=True, slots=True)
class Icon:
    """A resolved icon: its library, canonical name, style (Font Awesome) and sprite symbol."""

    library: str
    """`fontawesome` or `lucide` (the data it is drawn from)."""
    name: str
    style: str
    """`solid`, `regular` or `brands` for Font Awesome; `` for Lucide."""

    @property
    def symbol_id(self) -> str:
        return (
            f"fa-{self.style}-{self.name}"
            if self.library == "fontawesome"
            else f"lucide-{self.name}"
        )


@dataclass(frozen=True, slots=True)
class IconProblem:
    """Why a name was not drawn (level `warning`), or was drawn differently from the source's
    request (a Pro style, a brand outside the library: level `note` or `warning`, with `icon`)."""

    name: str
    message: str
    hint: str = ""
    level: str = "warning"
    icon: Icon | None = None
    """What is drawn instead, when something is (a free style for a Pro one, an FA brand)."""


def is_image(name: str) -> bool:
    """Mintlify's `icon` may be an image path or URL instead of a name."""
    return bool(_URL.match(name.strip())) and ("/" in name or "." in name)


def _norm(name: str) -> str:
    n = name.strip().lower().replace("_", "-").replace(" ", "-")
    return n


class IconSet:
    """The icons of one site: resolves names against its library and draws `<svg><use>`.

    `problems` collects each problem once (by name and style), in the order met."""

    def __init__(self, library: str = "fontawesome", href: str = SPRITE):
        library = (library or "fontawesome").strip().lower()
        self.library = library if library in LIBRARIES else "fontawesome"
        self.href = href
        self.problems: dict[tuple[str, str, str], IconProblem] = {}
        self.used: set[str] = set()
        """Symbol ids drawn so far."""

    # -- resolution --------------------------------------------------------------------------

    def resolve(self, name: str, style: str = "", library: str = "") -> Icon | IconProblem:
        """The icon for a name (and Font Awesome `iconType`); an `IconProblem` when it is not
        drawn as asked (`problem.icon` is what is drawn instead, if anything)."""
        lib = (library or self.library).strip().lower()
        n = _norm(name)
        style = _norm(style)
        if not n:
            return IconProblem(name, "empty icon name")
        if lib not in LIBRARIES:
            return IconProblem(
                name,
                f"icon library {library!r} is not one of {', '.join(LIBRARIES)}",
                "use fontawesome or lucide",
            )
        if lib == "lucide":
            return self._lucide(name, n)
        if lib == "tabler":
            found = self._lucide_name(n)
            icon: Icon | IconProblem = (
                Icon("lucide", found, "") if found else self._fontawesome(name, n, style)
            )
            drawn = icon if isinstance(icon, Icon) else icon.icon
            if drawn is None:
                return icon
            return IconProblem(
                name,
                f"icon {name!r}: Tabler icons are not bundled; drawn from "
                f"{'Lucide' if drawn.library == 'lucide' else 'Font Awesome'} ({drawn.name})",
                'set `icons.library` to "lucide" or "fontawesome" in docs.json',
                level="note",
                icon=drawn,
            )
        return self._fontawesome(name, n, style)

    def _fa_name(self, n: str) -> str:
        fa = font_awesome()
        for cand in (n, n.removeprefix("fa-")):
            cand = fa["aliases"].get(cand, cand)
            if cand in fa["icons"]:
                return cand
        return ""

    def _lucide_name(self, n: str) -> str:
        lu = lucide()
        for cand in (n, n.removeprefix("lucide-")):
            cand = lu["aliases"].get(cand, cand)
            if cand in lu["icons"]:
                return cand
        return ""

    def _fontawesome(self, name: str, n: str, style: str) -> Icon | IconProblem:
        found = self._fa_name(n)
        if not found:
            return self._unknown(name, n, "fontawesome")
        styles = font_awesome()["icons"][found]
        if not style or style == "brand":
            style = "brands" if style else ""
        if style in styles:
            return Icon("fontawesome", found, style)
        if not style:
            return Icon("fontawesome", found, next(s for s in DEFAULT_ORDER if s in styles))
        wanted = PRO_STYLES.get(style, style)
        order = (wanted, *(s for s in ("solid", "regular", "brands") if s != wanted))
        drawn = Icon("fontawesome", found, next(s for s in order if s in styles))
        if style in PRO_STYLES:
            why = f"icon {name!r}: the {style} style is Font Awesome Pro"
        elif style in FREE_STYLES:
            why = f"icon {name!r} has no {style} style in Font Awesome Free"
        else:
            why = f"icon {name!r}: unknown iconType {style!r}"
        return IconProblem(
            name,
            f"{why}; drawn in {drawn.style}",
            f"use iconType {' or '.join(repr(s) for s in styles)}",
            icon=drawn,
        )

    def _lucide(self, name: str, n: str) -> Icon | IconProblem:
        found = self._lucide_name(n)
        if found:
            return Icon("lucide", found, "")
        fa = self._fa_name(n)
        if fa and "brands" in font_awesome()["icons"][fa]:
            return IconProblem(
                name,
                f"icon {name!r} is a brand: Lucide has no brand icons; drawn from Font "
                "Awesome's brands",
                f'write icon={{{{ name: "{fa}", library: "fontawesome" }}}} to say so',
                level="note",
                icon=Icon("fontawesome", fa, "brands"),
            )
        return self._unknown(name, n, "lucide")

    def _unknown(self, name: str, n: str, lib: str) -> IconProblem:
        near = nearest(n, lib)
        label = "Font Awesome Free" if lib == "fontawesome" else "Lucide"
        version = FA_VERSION if lib == "fontawesome" else LUCIDE_VERSION
        hint = f"did you mean {', '.join(near)}?" if near else ""
        other = self._fa_name(n) if lib == "lucide" else self._lucide_name(n)
        if other:
            hint += (" " if hint else "") + (
                f"{name!r} is a {'Font Awesome' if lib == 'lucide' else 'Lucide'} name: the "
                "site's icons.library is " + lib
            )
        return IconProblem(name, f"unknown icon {name!r} ({label} {version}); not drawn", hint)

    # -- drawing -----------------------------------------------------------------------------

    def svg_use(self, name: str, style: str = "", library: str = "") -> Markup | IconProblem:
        """`<svg class="hd-icon"><use href="…#id"></use></svg>` for a name, or the problem when
        nothing is drawn. A problem that still draws (a Pro style, a brand) is recorded in
        `problems` and the icon drawn."""
        got = self.resolve(name, style, library)
        if isinstance(got, IconProblem):
            self._note(got, style, library)
            if got.icon is None:
                return got
            got = got.icon
        self.used.add(got.symbol_id)
        return Markup(
            '<svg class="hd-icon" aria-hidden="true" focusable="false">'
            '<use href="%s#%s"></use></svg>'
        ) % (self.href, got.symbol_id)

    def html(self, name: str, style: str = "", library: str = "") -> Markup:
        """An icon's HTML for a component: an image path or URL is an `<img>`; a name is its
        `<svg>`; an unknown name draws nothing (its warning is in `problems`)."""
        if is_image(name):
            return Markup('<img class="hd-icon hd-icon--img" src="%s" alt="">') % name.strip()
        got = self.svg_use(name, style, library)
        return got if isinstance(got, Markup) else Markup("")

    def _note(self, problem: IconProblem, style: str, library: str) -> None:
        self.problems.setdefault((problem.name, style, library), problem)

    def sprite(self, ids: Iterable[str] | None = None) -> bytes:
        """The sprite of the icons drawn so far (or of `ids`)."""
        return sprite(self.used if ids is None else ids)


def nearest(name: str, library: str, n: int = 5) -> list[str]:
    """The known names (and aliases) closest to `name`, best first."""
    data = font_awesome() if library == "fontawesome" else lucide()
    names = [*data["icons"], *data["aliases"]]
    out = difflib.get_close_matches(name, names, n=n, cutoff=0.6)
    if len(out) < n:  # `alien-8bit` -> `reddit-alien`: a word of the name inside a known name
        words = [w for w in re.split(r"[-\d]+", name) if len(w) >= 3]
        for known in sorted(names):
            if len(out) >= n:
                break
            if known not in out and any(w in known.split("-") for w in words):
                out.append(known)
    return out


def icon_label(name: str) -> str:
    """What a screen reader says for a standalone icon: the name in words (`circle-check`)."""
    if is_image(name):
        return ""
    return name.strip().lower().replace("-", " ")


# -- the sprite --------------------------------------------------------------------------------


def symbol(symbol_id: str) -> str:
    """One `<symbol>` of the sprite, from its id (`fa-solid-house`, `lucide-trash`)."""
    mt = _ID.match(symbol_id)
    if not mt:
        raise KeyError(symbol_id)
    kind, name = mt.groups()
    if kind == "lucide":
        nodes = lucide()["icons"][name]
        kids = "".join(
            f"<{tag} "
            + " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items() if k != "key")
            + "/>"
            for tag, attrs in nodes
        )
        return (
            f'<symbol id="{symbol_id}" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
            f'stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{kids}</symbol>'
        )
    w, h, d = font_awesome()["icons"][name][kind.removeprefix("fa-")]
    return (
        f'<symbol id="{symbol_id}" viewBox="0 0 {w} {h}">'
        f'<path fill="currentColor" d="{escape(d)}"/></symbol>'
    )


def sprite(ids: Iterable[str]) -> bytes:
    """The SVG sprite holding exactly these symbols (sorted: the same ids give the same bytes).
    Ids that name no icon are left out."""
    parts = ['<svg xmlns="http://www.w3.org/2000/svg">']
    for sid in sorted(set(ids)):
        try:
            parts.append(symbol(sid))
        except KeyError:
            continue
    parts.append("</svg>\n")
    return "\n".join(parts).encode()


def sprite_ids(html: str) -> set[str]:
    """The symbol ids a rendered page uses (`<use href="…#fa-solid-house">`)."""
    return set(_USE.findall(html)) if "<use" in html else set()


def icon_ref(value: Any) -> tuple[str, str, str]:
    """A docs.json or attribute `icon` value -> (name, style, library): a string, or Mintlify's
    object form `{"name": …, "style": …, "library": …}`."""
    if isinstance(value, dict):
        return (
            str(value.get("name") or ""),
            str(value.get("style") or ""),
            str(value.get("library") or ""),
        )
    return (str(value or ""), "", "")


# -- problems with positions (for `hubdocs check` and the build's notes) ----------------------

_INLINE_ICON = re.compile(
    r"""<Icon\b[^>]*?\bicon=(?:"([^"]*)"|'([^']*)'|\{\s*"([^"]*)"\s*\}|\{\s*'([^']*)'\s*\})"""
    r"""(?:[^>]*?\biconType=(?:"([^"]*)"|'([^']*)'))?"""
)


def page_icon_problems(guide: Any, icons: IconSet) -> list[Any]:
    """A located `Problem` for each icon of a page (component `icon=`/`iconType=`, inline
    `<Icon icon="…">` in prose, a code block's `icon=` meta) that is not drawn as written."""
    from renderer.core import model as m
    from renderer.core.errors import Problem, SourcePos
    from renderer.core.model import walk
    from renderer.render.code import fence_meta

    found: list[tuple[int, int, Any, str]] = []
    for node in walk(guide.blocks):
        span = getattr(node, "span", None)
        line, col = (span.line, span.col) if span else (1, 1)
        if isinstance(node, m.Component):
            attrs = dict(node.attrs)
            if attrs.get("icon"):
                found.append((line, col, attrs["icon"], str(attrs.get("iconType") or "")))
        elif isinstance(node, m.CodeBlock) and "icon" in node.info and fence_meta(node.info).icon:
            found.append((line, col, fence_meta(node.info).icon, ""))
        text = getattr(node, "text", None) or getattr(node, "html", None) or ""
        if isinstance(node, m.MarkdownBlock):
            text = node.source
        if isinstance(text, str) and "<Icon" in text:
            for mt in _INLINE_ICON.finditer(text):
                name = next((g for g in mt.groups()[:4] if g is not None), "")
                style = mt.group(5) or mt.group(6) or ""
                found.append((line + text.count("\n", 0, mt.start()), col, name, style))
    out = []
    seen: set[tuple[int, str, str]] = set()
    for line, col, value, style in found:
        name, s, lib = icon_ref(value)
        if not name or is_image(name) or (line, name, style) in seen:
            continue
        seen.add((line, name, style))
        got = icons.resolve(name, style or s, lib)
        if isinstance(got, IconProblem):
            out.append(
                Problem(SourcePos(guide.path, line, col), got.message, got.hint, level=got.level)
            )
    return out
