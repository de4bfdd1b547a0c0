"""`style` attributes read statically: JSX objects (`style={{ margin: '0 auto' }}`) and CSS
strings (`style="margin: 0 auto"`) -> one canonical declaration list, or located problems.

The site's Content-Security-Policy allows no inline styles, so a page never carries a `style`
attribute: the render stage turns each canonical declaration list into a class of a generated
stylesheet (`renderer/render/style_classes.py`). What may reach that stylesheet is decided
here, by allowlist:

- properties: layout, spacing, size, colour, border, type and flex/grid properties that style
  an image or a block in place (no `position`, `z-index`, `content`, `behavior`, fonts …);
  another property is dropped with a warning;
- values: numbers with CSS units, `#hex` colours, `rgb()`/`hsl()`/`calc()`/`var(--x)`, and
  keywords from a fixed list (CSS keywords and named colours). A value outside that grammar is
  dropped with a warning; `url(…)`, `expression(…)`, backslash escapes, comments and a `;`,
  `{`, `}`, `<` or quote inside a value (smuggling a second declaration) are errors.

Canonical form: `prop:value;prop:value`, properties kebab-case in the order written, values
lowercased with single spaces. `canonical(canonical(x)) == canonical(x)`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PROPERTIES = _words(
    """
    margin margin-top margin-right margin-bottom margin-left margin-inline margin-block
    margin-inline-start margin-inline-end margin-block-start margin-block-end
    padding padding-top padding-right padding-bottom padding-left padding-inline padding-block
    width height min-width min-height max-width max-height aspect-ratio
    display float clear vertical-align text-align box-sizing
    color background background-color opacity
    border border-top border-right border-bottom border-left border-width border-style
    border-color border-radius border-top-left-radius border-top-right-radius
    border-bottom-left-radius border-bottom-right-radius border-collapse border-spacing
    outline outline-width outline-style outline-color
    font-size font-weight font-style line-height letter-spacing text-decoration
    text-decoration-line text-transform text-indent white-space word-break overflow-wrap
    word-wrap
    object-fit object-position overflow overflow-x overflow-y
    flex flex-direction flex-wrap flex-flow flex-grow flex-shrink flex-basis order
    justify-content justify-items justify-self align-items align-content align-self
    place-items place-content gap row-gap column-gap
    grid-template-columns grid-template-rows grid-column grid-row
    list-style-type list-style-position table-layout
    """
)
"""Properties that may be styled in place."""

UNITLESS = _words("opacity flex flex-grow flex-shrink font-weight line-height order aspect-ratio")
"""Properties whose bare JSX numbers take no `px` (as React writes them)."""

KEYWORDS = _words(
    """
    auto none normal inherit initial unset revert block inline inline-block flex inline-flex
    grid inline-grid table table-cell table-row contents flow-root list-item
    center left right top bottom middle baseline sub super text-top text-bottom justify
    start end flex-start flex-end self-start self-end space-between space-around space-evenly
    stretch row column row-reverse column-reverse wrap nowrap wrap-reverse dense
    bold bolder lighter italic oblique underline overline line-through uppercase lowercase
    capitalize solid dashed dotted double groove ridge inset outset hidden visible scroll
    clip contain cover fill scale-down pre pre-wrap pre-line break-spaces break-word break-all
    keep-all anywhere both collapse separate fixed border-box content-box disc circle square
    decimal inside outside thin medium thick transparent currentcolor fit-content max-content
    min-content span
    """
)
NAMED_COLOURS = _words(
    """
    aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue
    blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk
    crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki
    darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
    darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue
    dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite
    gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
    lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
    lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen
    lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
    magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
    mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream
    mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
    palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
    powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown
    seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen
    steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow
    yellowgreen
    """
)
_UNITS = "px|em|rem|%|vh|vw|vmin|vmax|ch|ex|pt|fr|deg|s|ms|cm|mm|in"
_NUMBER = rf"[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:{_UNITS})?"
_TOKEN = re.compile(
    rf"(?:{_NUMBER}|#[0-9a-f]{{3,8}}|[a-z][a-z-]*|var\(--[a-z0-9-]{{1,60}}\)"
    rf"|(?:rgba?|hsla?)\([0-9., %/+-]{{1,60}}\)|calc\([0-9a-z.%+*/() -]{{1,80}}\))\Z"
)
_FORBIDDEN = (
    (re.compile(r"url\s*\(|image-set\s*\(|image\s*\(|src\s*\("), "`url(…)` loads a resource"),
    (re.compile(r"expression\s*\(|javascript:|behavior|-moz-binding"), "runs script"),
    (re.compile(r"\\"), "a backslash escape can spell anything"),
    (re.compile(r"/\*|\*/"), "a CSS comment can hide a declaration"),
    (re.compile(r"[;{}<>\"'`]"), "it smuggles a second declaration or rule into the value"),
    (re.compile(r"@import|!\s*important"), "it changes more than this element"),
)


@dataclass(frozen=True, slots=True)
class StyleProblem:
    """One problem with a `style`: `level` "error" (the page is refused) or "warning" (the
    declaration is dropped); `prop` names the property (one warning per property per file)."""

    message: str
    hint: str
    level: str
    prop: str


def kebab(name: str) -> str:
    """`marginTop` -> `margin-top`, `WebkitX` -> `-webkit-x`; CSS names pass unchanged."""
    out = re.sub(r"[A-Z]", lambda mt: "-" + mt.group(0).lower(), name.strip())
    return "-" + out if name[:1].isupper() else out.lower()


def _refused(prop: str, raw: str, problems: list[StyleProblem]) -> bool:
    """Is the value an attack or an escape (`url(…)`, `expression(…)`, `\\`, `;`…)? Then it is
    a located error, whatever the property."""
    low = " ".join(raw.lower().split())
    for pattern, why in _FORBIDDEN:
        if pattern.search(low):
            problems.append(
                StyleProblem(
                    f"`style` value `{raw.strip()[:60]}` of `{prop}` is refused: {why}",
                    "write plain values (numbers with units, colours, keywords); pictures "
                    "go in <img>, rules in the theme's CSS",
                    "error",
                    prop,
                )
            )
            return True
    return False


def _value(prop: str, raw: str, problems: list[StyleProblem]) -> str:
    """One declaration's value, canonical, or "" when dropped (the problem is recorded)."""
    low = " ".join(raw.lower().split())
    if not low:
        return ""
    for part in _parts(low):
        if part in KEYWORDS or part in NAMED_COLOURS:
            continue
        if not _TOKEN.match(part) or (part[0].isalpha() and "(" not in part):
            problems.append(
                StyleProblem(
                    f"`style` value `{raw.strip()[:60]}` of `{prop}` is not supported: dropped",
                    "use numbers with CSS units, #hex or rgb() colours and CSS keywords",
                    "warning",
                    prop,
                )
            )
            return ""
    return low


def _parts(value: str) -> list[str]:
    """The tokens of a value, split at spaces, commas and slashes outside parentheses."""
    out: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(value):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and ch in " ,/":
            out.append(value[start:i])
            start = i + 1
    out.append(value[start:])
    return [p for p in out if p]


def _declare(prop: str, value: str, out: list[str], problems: list[StyleProblem]) -> None:
    if _refused(prop, value, problems):
        return
    if prop not in PROPERTIES:
        problems.append(
            StyleProblem(
                f"`style` property `{prop}` is not supported: dropped",
                "supported: spacing, sizes, display, colours, borders, text and flex/grid "
                "layout; anything else belongs in the theme's CSS",
                "warning",
                prop,
            )
        )
        return
    canonical = _value(prop, value, problems)
    if canonical:
        out.append(f"{prop}:{canonical}")


def from_object(obj: Mapping[str, object]) -> tuple[str, list[StyleProblem]]:
    """A JSX style object (read as a literal) -> (canonical CSS, problems)."""
    out: list[str] = []
    problems: list[StyleProblem] = []
    for key, raw in obj.items():
        prop = kebab(str(key))
        if raw is None or raw is False or raw == "":
            continue
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            problems.append(
                StyleProblem(
                    f"`style` property `{prop}` has a value that is not a string or number",
                    "write the value as a string, e.g. width: '50%'",
                    "error",
                    prop,
                )
            )
            continue
        if isinstance(raw, (int, float)):
            number = int(raw) if float(raw).is_integer() else raw
            value = str(number) if prop in UNITLESS or number == 0 else f"{number}px"
        else:
            value = raw
        _declare(prop, value, out, problems)
    return ";".join(out), problems


def from_css(text: str) -> tuple[str, list[StyleProblem]]:
    """A CSS declaration list (`margin: 0 auto; width: 50%`) -> (canonical CSS, problems)."""
    out: list[str] = []
    problems: list[StyleProblem] = []
    if re.search(r"\\|/\*", text):
        probe: list[StyleProblem] = []
        _refused("style", text, probe)
        return "", probe
    for decl in text.split(";"):
        if not decl.strip():
            continue
        prop, colon, value = decl.partition(":")
        if not colon:
            problems.append(
                StyleProblem(
                    f"`style` declaration `{decl.strip()[:60]}` has no `:`",
                    "write property: value",
                    "warning",
                    decl.strip()[:40],
                )
            )
            continue
        _declare(prop.strip().lower(), value, out, problems)
    return ";".join(out), problems


def canonical(text: str) -> str:
    """The canonical form of a CSS declaration list, or "" when any part of it is an error
    (the render stage's check: only what the parse stage would accept reaches a page)."""
    css, problems = from_css(text)
    return "" if any(p.level == "error" for p in problems) else css
