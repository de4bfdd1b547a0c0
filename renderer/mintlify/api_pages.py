"""API reference pages of a Mintlify site: a page's `openapi:` / `openapi-schema:` front matter,
and the pages docs.json generates from a spec (`openapi` on a tab, group or anchor; entries
written `"GET /path"`) -> the operation or schema the page documents (`Guide.extras.api`).

Specs are found anywhere in the repository and loaded once per process (renderer/openapi)."""

from __future__ import annotations

import dataclasses
import posixpath
from pathlib import Path

from renderer.config.schema import Config
from renderer.config.site_nav import ApiPage
from renderer.core import model as m
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.openapi.index import SpecIndex
from renderer.openapi.lookup import find_operation, find_schema
from renderer.parse.discover import mintlify_ignore

_INDEXES: dict[tuple[str, tuple[str, ...]], SpecIndex] = {}


def spec_index(root: Path, ignore: tuple[str, ...] = ()) -> SpecIndex:
    """The project's specs, one index per process (a spec is read again only when one of its
    files changed; a running `serve` keeps it between rebuilds)."""
    key = (str(root), ignore)
    index = _INDEXES.get(key)
    if index is None:
        index = _INDEXES[key] = SpecIndex(root, mintlify_ignore(ignore))
    return index


def with_api(cfg: Config, g: m.Guide, rel: str) -> tuple[m.Guide, list[Problem]]:
    """A page whose front matter names an operation (`openapi:`) or a schema
    (`openapi-schema:`): the page with it attached (title and description from it unless the
    front matter gives them); the problems found (a value matching nothing: an error listing
    the nearest operations)."""
    nav = cfg.nav
    fm = g.front_matter
    key = "openapi" if fm.get("openapi") else "openapi-schema" if fm.get("openapi-schema") else ""
    if nav is None or not key:
        return g, []
    index = spec_index(cfg.guides_dir, nav.ignore)
    pos, line = _front_matter_pos(g, key)
    page_dir = posixpath.dirname(rel)
    try:
        if key == "openapi":
            found = find_operation(index, fm[key], pos, line, page_dir=page_dir)
            api, problems = found.operation, list(found.warnings)
            if fm.get("deprecated") is True:  # the page marks its operation deprecated
                api = dataclasses.replace(api, deprecated=True)
        else:
            api, problems = find_schema(index, fm[key], pos, line, page_dir=page_dir), []
    except GuideError as err:
        return g, list(err.problems)
    return _titled(g, api), problems


def api_guide(cfg: Config, page: ApiPage, shown: str) -> m.Guide:
    """The page docs.json generates for one operation (GuideError when its spec no longer has
    it: said at the docs.json entry)."""
    assert cfg.nav is not None
    index = spec_index(cfg.guides_dir, cfg.nav.ignore)
    found = find_operation(index, f"{page.spec} {page.operation}", page.pos)
    op = found.operation
    blank = m.Guide(
        path=shown,
        url="/" + page.page,
        kind="page",
        title="",
        description="",
        blocks=(),
        body="",
        body_line=1,
        source=page.page,
    )
    return _titled(blank, op)


def _titled(g: m.Guide, api: object) -> m.Guide:
    """The page with `api` attached, titled and described from it where the page is not."""
    title = g.front_matter.get("title") if isinstance(g.front_matter.get("title"), str) else ""
    description = g.description or _first_sentence(getattr(api, "description", ""))
    return dataclasses.replace(
        g,
        title=title or api.title,  # type: ignore[attr-defined]
        description=description,
        extras=dataclasses.replace(g.extras, api=api),
    )


def _first_sentence(text: str) -> str:
    """A description's first sentence on one line (the page's meta description)."""
    flat = " ".join(text.split())
    end = flat.find(". ")
    return (flat[: end + 1] if 0 <= end < 300 else flat[:300]).strip()


def _front_matter_pos(g: m.Guide, key: str) -> tuple[SourcePos, str]:
    """Where a front-matter key is written (the page's first line when it cannot be found)."""
    try:
        lines = Path(g.path).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        lines = []
    for n, text in enumerate(lines[: max(1, g.body_line)], 1):
        if text.startswith(f"{key}:"):
            return SourcePos(g.path, n, len(key) + 3), text
    return SourcePos(g.path, 1, 1), lines[0] if lines else ""
