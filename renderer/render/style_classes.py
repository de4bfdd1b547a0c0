"""Author styles under a strict CSP: every `style` becomes a class of a generated stylesheet.

The site's Content-Security-Policy (`style-src 'self'`) runs no inline style, so no page
carries a `style` attribute. The parse stage keeps each `style` (a JSX object or a CSS string)
as a canonical, allowlisted declaration list (`renderer/parse/css_style.py`); here

- `class_for(css)` names it: `hd-s-` and ten hex digits of its digest, so one declaration set
  is one class on every page and in every build (content-hashed);
- `styled(html)` rewrites sanitised HTML: each `style="…"` becomes that class (merged into the
  element's `class`); the sanitiser calls it;
- `page_rules(blocks)` lists the classes a page's model uses, with their declarations, and
  `stylesheet(rules)` writes them as one CSS file: the build collects every page's rules and
  writes `assets/hd-styles.css`, which each page using one links.

Mintlify's Tailwind utility classes (`rounded-xl`, `mx-auto`, `block dark:hidden`…) are not
generated: the theme ships them (`site_template/static/utilities.css`), and `UTILITY_CLASSES`
is what that file defines: the sanitiser keeps a class only when it is one of them or a
generated one.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Iterable, Iterator, Mapping

from renderer.config.schema import PACKAGED_THEME
from renderer.core import model as m
from renderer.core.model import walk
from renderer.parse.css_style import canonical

PREFIX = "hd-s-"
STYLESHEET = "hd-styles.css"
"""The generated stylesheet's file name under `assets/`."""
_GENERATED = re.compile(rf"{PREFIX}[0-9a-f]{{10}}\Z")
_STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s\"'>/=]+(?:=\"[^\"]*\")?)*)\s*(/?)>")
_ATTR = re.compile(r"\s+([^\s\"'>/=]+)(?:=\"([^\"]*)\")?")
_SELECTOR = re.compile(r"\.((?:[a-z0-9-]|\\[.:/\[\]])+)")


def class_for(css: str) -> str:
    """The class of a canonical declaration list."""
    return PREFIX + hashlib.blake2b(css.encode(), digest_size=5).hexdigest()


@functools.cache
def utility_classes() -> frozenset[str]:
    """The utility classes the theme's `utilities.css` defines."""
    path = PACKAGED_THEME / "static" / "utilities.css"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return frozenset(mt.group(1).replace("\\", "") for mt in _SELECTOR.finditer(text))


def keep_classes(value: str) -> str:
    """The classes of a `class` value the theme styles (utilities and generated classes)."""
    known = utility_classes()
    return " ".join(c for c in value.split() if c in known or _GENERATED.match(c))


def styled(fragment: str) -> str:
    """Sanitised HTML with each `style="…"` turned into its class (an invalid style, which the
    sanitiser lets through only canonical, is dropped)."""
    if " style=" not in fragment:
        return fragment
    return _START_TAG.sub(_restyle, fragment)


def _restyle(mt: re.Match[str]) -> str:
    attrs = mt.group(2)
    if " style=" not in attrs:
        return mt.group(0)
    classes: list[str] = []
    kept: list[str] = []
    for a in _ATTR.finditer(attrs):
        name, value = a.group(1), a.group(2)
        if name == "style":
            css = canonical(html.unescape(value or ""))
            if css:
                classes.append(class_for(css))
        elif name == "class":
            classes[:0] = (value or "").split()
        else:
            kept.append(a.group(0))
    cls = f' class="{" ".join(dict.fromkeys(classes))}"' if classes else ""
    return f"<{mt.group(1)}{cls}{''.join(kept)}{' /' if mt.group(3) else ''}>"


def _texts(blocks: tuple[m.Block, ...]) -> Iterator[str]:
    for n in walk(blocks):
        if isinstance(n, (m.Paragraph, m.Heading)):
            yield n.text
        elif isinstance(n, m.HtmlBlock):
            yield n.html
        elif isinstance(n, m.MarkdownBlock):
            yield n.source
        elif isinstance(n, m.Step):
            yield n.title


def _attr_styles(blocks: tuple[m.Block, ...]) -> Iterator[str]:
    for n in walk(blocks):
        if isinstance(n, (m.Element, m.Component)):
            for key, value in n.attrs:
                if key == "style" and isinstance(value, str):
                    yield value


def page_rules(blocks: tuple[m.Block, ...]) -> dict[str, str]:
    """class -> declarations, for every style the page's model holds (also those of hidden
    blocks: a rule no element uses is harmless, and its values are allowlisted keywords)."""
    found: list[str] = list(_attr_styles(blocks))
    for text in _texts(blocks):
        if "style" in text:
            found += [html.unescape(a or b) for a, b in _STYLE_ATTR.findall(text)]
    out: dict[str, str] = {}
    for raw in found:
        css = canonical(raw)
        if css:
            out[class_for(css)] = css
    return out


def element_class(attrs: Iterable[tuple[str, object]]) -> str:
    """The classes an `Element` node's attributes give it: its `className` (utilities) and
    its `style` (generated)."""
    classes: list[str] = []
    for key, value in attrs:
        if key in ("className", "class") and isinstance(value, str):
            classes += keep_classes(value).split()
        elif key == "style" and isinstance(value, str) and (css := canonical(value)):
            classes.append(class_for(css))
    return " ".join(dict.fromkeys(classes))


def styles_url(rules: Mapping[str, str]) -> str:
    """The stylesheet's URL for a page using `rules` ("" for none), versioned by the page's
    own rules: a page whose styles changed fetches the file again; any other page's rules are
    in whichever copy a browser holds (class names are content-hashed)."""
    if not rules:
        return ""
    digest = hashlib.blake2b(repr(sorted(rules)).encode(), digest_size=5).hexdigest()
    return f"/assets/{STYLESHEET}?v={digest}"


def stylesheet(rules: Mapping[str, str]) -> str:
    """The generated stylesheet: one rule per class, sorted (the same bytes for the same
    rules)."""
    lines = ["/* Generated by hubdocs from the pages' `style` attributes. */"]
    for cls in sorted(rules):
        decls = "; ".join(rules[cls].split(";"))
        lines.append(f".{cls} {{ {decls}; }}")
    return "\n".join(lines) + "\n"
