"""Icons as the components draw them: an `<svg><use>` of the site's sprite, or an `<img>` for
an image path or URL. The icons themselves come from maintained packages (Font Awesome Free
and Lucide, see `icon_set.py`); the render stage passes the site's `IconSet`, which resolves
names against the site's `icons.library` and remembers what it drew and what it could not."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from renderer.render.icon_set import SPRITE, IconSet, icon_label, icon_ref, is_image

__all__ = ["SPRITE", "IconSet", "default_icons", "icon_html", "icon_label", "icon_ref", "is_image"]

_DEFAULT: IconSet | None = None


def default_icons() -> IconSet:
    """A Font Awesome set for callers that have no site (the MkDocs plugin, tests)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = IconSet()
    return _DEFAULT


def icon_html(name: Any, size: Any = None, style: Any = "", icons: IconSet | None = None) -> Markup:
    """Decorative icon HTML (hidden from screen readers; the partial labels it). `name` may be
    Mintlify's object form `{name, style, library}`; `style` is `iconType`. An unknown name
    draws nothing and is recorded in `icons.problems`."""
    n, s, lib = icon_ref(name)
    return (icons or default_icons()).html(n, str(style or "") or s, lib)
