"""An `Operation` (or `SchemaPage`), a jinja environment and a playground mode -> the page's
HTML from the `components/openapi/` partials, and the origins its playground may reach."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

if TYPE_CHECKING:
    from renderer.openapi.model import Operation, SchemaPage

# The OpenAPI model and views are imported when a page documents an operation: a site without
# one (and an incremental build's fresh process) never loads them.

PLAYGROUND_MODES = ("interactive", "simple", "none")
DEFAULT_PLAYGROUND = "interactive"
"""Mintlify's default for `api.playground.display`."""
PAGE_TEMPLATE = "components/openapi/page.html"
SCHEMA_TEMPLATE = "components/openapi/schema_page.html"


@dataclass(frozen=True, slots=True)
class ApiHtml:
    """A rendered API reference, to place before the page's own MDX body."""

    html: Markup
    playground: str
    """The mode used: `interactive` falls back to `simple` when no server has an absolute URL."""
    connect_origins: tuple[str, ...]
    """Origins the playground sends to (empty unless interactive): add them to `connect-src`."""
    scripts: tuple[str, ...]
    """Static files the page needs (`playground.js` when interactive)."""
    styles: tuple[str, ...] = ("openapi.css",)


def render_operation(
    op: Operation,
    env: jinja2.Environment,
    playground: str = DEFAULT_PLAYGROUND,
    title: str = "",
) -> ApiHtml:
    """The operation's reference. `playground`: `interactive` (a form sending from the reader's
    browser), `simple` (the request line only) or `none`; `title` overrides the operation's."""
    if playground not in PLAYGROUND_MODES:
        raise ValueError(
            f"playground must be one of {', '.join(PLAYGROUND_MODES)}, not {playground!r}"
        )
    from renderer.render.api.view import connect_origins, operation_view

    view = operation_view(op, playground, title)
    mode = view["playground"]["mode"] if view["playground"] else "none"
    html = Markup(env.get_template(PAGE_TEMPLATE).render(op=view))  # noqa: S704 - autoescaped template
    origins = connect_origins(op) if mode == "interactive" else ()
    scripts = ("playground.js",) if mode == "interactive" else ()
    return ApiHtml(html, mode, origins, scripts)


def render_schema(page: SchemaPage, env: jinja2.Environment) -> Markup:
    """An `openapi-schema:` page's reference."""
    from renderer.render.api.view import schema_page_view

    return Markup(env.get_template(SCHEMA_TEMPLATE).render(page=schema_page_view(page)))  # noqa: S704


NO_API = ApiHtml(Markup(""), "none", (), (), ())
"""A page that documents no operation."""


def api_html(api: object, env: jinja2.Environment, playground: str) -> ApiHtml:
    """An API reference page's operation or schema as HTML (placed before its own body)."""
    if api is None:
        return NO_API
    from renderer.openapi.model import Operation, SchemaPage

    if isinstance(api, Operation):
        return render_operation(api, env, playground)
    if isinstance(api, SchemaPage):
        return ApiHtml(render_schema(api, env), "none", (), (), ("openapi.css",))
    return NO_API
