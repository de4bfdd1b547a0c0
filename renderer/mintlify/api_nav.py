"""docs.json's OpenAPI navigation -> navigation items and generated pages: `openapi` on a tab,
anchor, group or version (string, list or `{source, directory}`: every operation of the spec in
spec order, grouped by tag), an inherited spec for entries written `"GET /path"`, and
`api.openapi` at the root. A remote spec is never fetched (a located error says how to vendor
it); an entry that matches no operation is a located error naming the nearest ones."""

from __future__ import annotations

import re
from typing import Any

from renderer.config.site_nav import ApiPage, NavGroup, NavItem, NavPage
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.mintlify.api_pages import spec_index
from renderer.mintlify.json_lines import JsonFile
from renderer.openapi.lookup import (
    DEFAULT_DIRECTORY,
    find_operation,
    nav_operations,
    openapi_sources,
    page_path,
    spec_path,
)

OPERATION = re.compile(
    r"^(?:(\S+)\s+)?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|WEBHOOK)\s", re.I
)
"""A navigation entry that names an OpenAPI operation (`GET /users`, `v2.json POST /x`)."""


class ApiNav:
    """Expands the OpenAPI parts of one docs.json's navigation, collecting the generated pages
    and every problem."""

    def __init__(self, root: Any, ignore: tuple[str, ...], page_url: Any):
        self.root, self.ignore, self.page_url = root, ignore, page_url
        self.pages: list[ApiPage] = []
        self.problems: list[Problem] = []
        self.seen: set[str] = set()

    def spec_of(self, entry: dict[str, Any], where: JsonFile, inherited: str) -> str:
        """The spec an entry's `openapi` names (below the repository), else the inherited one."""
        sources = openapi_sources(entry.get("openapi"))
        if not sources:
            return inherited
        pos = where.pos(sources[0][0], advance=False)
        try:
            return spec_path(self.index, sources[0][0], pos, where.lines[pos.line - 1])
        except GuideError as err:
            self.report(err.problems)
            return inherited

    def report(self, problems: Any) -> None:
        """Problems, each said once (an entry's spec is looked at more than once)."""
        for p in problems:
            if p not in self.problems:
                self.problems.append(p)

    @property
    def index(self) -> Any:
        return spec_index(self.root, self.ignore)

    def generated(self, entry: dict[str, Any], where: JsonFile) -> tuple[NavItem, ...]:
        """Every operation of the specs an entry's `openapi` names, grouped by tag, in spec
        order (an entry with `pages` or `groups` of its own lists them instead)."""
        out: list[NavItem] = []
        for source, directory in openapi_sources(entry.get("openapi")):
            pos = where.pos(source, advance=False)
            line = where.lines[pos.line - 1]
            try:
                rel = spec_path(self.index, source, pos, line)
                ops = nav_operations(self.index, rel, directory)
            except GuideError as err:
                self.report(err.problems)
                continue
            groups: dict[str, list[NavItem]] = {}
            for n in ops:
                page = self.add(rel, n.operation.label, n.page, pos)
                if page is not None and not n.operation.hidden:
                    groups.setdefault(n.group, []).append(page)
            for title, pages in groups.items():
                out.append(NavGroup(title or "Endpoints", None, tuple(pages)))
        return tuple(out)

    def endpoint(self, value: str, where: JsonFile, spec: str) -> NavPage | None:
        """A navigation entry written `"GET /path"` (in the inherited spec unless it names one)."""
        pos = where.pos(value, advance=True)
        line = where.lines[pos.line - 1]
        try:
            found = find_operation(self.index, value.strip(), pos, line, default_spec=spec)
        except GuideError as err:
            self.report(err.problems)
            return None
        self.report(found.warnings)
        page = page_path(found.operation, DEFAULT_DIRECTORY)
        return self.add(found.spec, found.operation.label, page, pos)

    def add(self, spec: str, label: str, page: str, pos: SourcePos) -> NavPage | None:
        """One generated page, listed once however many entries name it."""
        method = label.split(" ", 1)[0].lower()
        if page not in self.seen:
            self.seen.add(page)
            self.pages.append(ApiPage(page, spec, label, pos))
        return NavPage(page, self.page_url(page), pos, method)
