"""docs.json `navigation` (tabs, anchors, dropdowns, menus, groups, pages, `languages` /
`versions` / `products`, `$ref`s; mint.json's list of groups and folder tabs) -> NavTabs."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import replace
from typing import Any

from renderer.config.schema import CTRL
from renderer.config.site_nav import NavGroup, NavItem, NavLink, NavPage, NavTab
from renderer.core.errors import Problem
from renderer.mintlify.api_nav import OPERATION, ApiNav
from renderer.mintlify.json_lines import JsonFile, JsonReader
from renderer.parse.page import route


def page_url(page: str) -> str:
    """A page path below the guides folder (no suffix) -> its URL; `x/index` is served at `/x`
    (the root `index` stays `/index`: it is the home page, `index.html`)."""
    url = route(page + ".mdx")[0]
    if url.endswith("/index") and url != "/index" and not route(page + ".mdx")[1]:
        url = url[: -len("/index")]
    return url


class NavReader(JsonReader):
    """Reads the navigation (OpenAPI entries through `api`, which collects the generated
    pages)."""

    root_spec = ""
    """docs.json `api.openapi`: the spec of every part of the navigation that names none."""

    @functools.cached_property
    def api(self) -> ApiNav:
        return ApiNav(self.root, (), page_url)

    def navigation(self, nav: Any, where: JsonFile) -> tuple[NavTab, ...]:
        nav, where = self.deref(nav, where)
        if isinstance(nav, list):  # mint.json: a list of groups
            nav = {"groups": nav}
        if not isinstance(nav, dict):
            self.problems.append(where.problem("navigation", "`navigation` must be an object"))
            return ()
        for key in ("languages", "versions", "products"):
            if key in nav:
                return self.choose(nav, key, where)
        tabs: list[NavTab] = []
        for key, label in (("tabs", "tab"), ("anchors", "anchor"), ("dropdowns", "dropdown")):
            if key in nav:
                entries, w2 = self.deref(nav[key], where)
                for entry in entries if isinstance(entries, list) else []:
                    found = self.tab(entry, label, w2)
                    tabs.extend(t if key == "tabs" else replace(t, declared=False) for t in found)
        rest = self.items(nav, where, self.root_spec)
        if rest:
            tabs.insert(0, NavTab("Documentation", rest, declared=False))
        return tuple(tabs)

    def choose(self, nav: dict[str, Any], key: str, where: JsonFile) -> tuple[NavTab, ...]:
        """`languages`/`versions`/`products`: the default one, else the first, with a note."""
        options, where = self.deref(nav[key], where)
        if not isinstance(options, list) or not options:
            self.problems.append(where.problem(key, f"`{key}` must be a non-empty list"))
            return ()
        resolved = [self.deref(o, where) for o in options]
        pick = next((r for r in resolved if isinstance(r[0], dict) and r[0].get("default")), None)
        pick = pick or resolved[0]
        label = {"languages": "language", "versions": "version", "products": "product"}[key]
        name = ""
        if isinstance(pick[0], dict):
            name = str(pick[0].get(label) or pick[0].get("name") or "")
        self.notes.append(
            where.problem(
                key,
                f"{len(options)} {key} in the navigation: building the "
                f"{label} {name or 'listed first'} only",
                f"the other {key}' pages are built but not in the navigation",
                level="note",
            )
        )
        return self.navigation(pick[0], pick[1])

    def tab(self, entry: Any, label: str, where: JsonFile) -> list[NavTab]:
        entry, where = self.deref(entry, where)
        if not isinstance(entry, dict):
            self.problems.append(where.problem(label, f"each {label} must be an object"))
            return []
        title = self.title(entry, (label, "name", "item"), where)
        hidden = entry.get("hidden") is True
        if "href" in entry or ("url" in entry and str(entry.get("url", "")).startswith("http")):
            href = self.url(where, entry.get("href", entry.get("url")), f"{label} `href`")
            return [NavTab(title, (), href, hidden, entry.get("icon") or "")]
        items = list(self.items(entry, where, self.root_spec))
        for sub in ("tabs", "anchors", "dropdowns", "menu"):  # nested choices: one tab, flat
            subs, w2 = self.deref(entry.get(sub), where)
            for s in subs if isinstance(subs, list) else []:
                for t in self.tab(s, sub.rstrip("s") if sub != "menu" else "item", w2):
                    items.append(
                        NavLink(t.title, t.href) if t.href else NavGroup(t.title, None, t.items)
                    )
        return [NavTab(title, tuple(items), "", hidden, entry.get("icon") or "")]

    def title(self, entry: dict[str, Any], keys: tuple[str, ...], where: JsonFile) -> str:
        for k in keys:
            v = entry.get(k)
            if isinstance(v, str) and v.strip() and not CTRL.search(v):
                return v.strip()
        self.problems.append(where.problem(keys[0], f"a `{keys[0]}` needs a one-line title"))
        return "Untitled"

    def items(self, entry: dict[str, Any], where: JsonFile, spec: str) -> tuple[NavItem, ...]:
        """An entry's groups and pages; `spec`: the OpenAPI spec it inherits (an `openapi` of
        its own replaces it, and without `pages` or `groups` lists the spec's operations)."""
        out: list[NavItem] = []
        if "openapi" in entry:
            spec = self.api.spec_of(entry, where, spec)
            if not entry.get("pages") and not entry.get("groups"):
                out.extend(self.api.generated(entry, where))
        for key in ("groups", "pages"):
            values, w2 = self.deref(entry.get(key), where)
            if values is None:
                continue
            if not isinstance(values, list):
                self.problems.append(w2.problem(key, f"`{key}` must be a list"))
                continue
            for v in values:
                item = self.item(v, w2, spec)
                if item is not None:
                    out.append(item)
        return tuple(out)

    def item(self, value: Any, where: JsonFile, spec: str = "") -> NavItem | None:
        value, where = self.deref(value, where)
        if isinstance(value, str):
            return self.page(value, where, spec)
        if isinstance(value, dict) and "group" in value:
            root = value.get("root")
            return NavGroup(
                self.title(value, ("group",), where),
                self.page(root, where, spec) if isinstance(root, str) else None,
                self.items(value, where, spec),
                value.get("hidden") is True,
                value.get("icon") or "",
                value.get("expanded") is True,
            )
        if isinstance(value, dict) and ("href" in value or "url" in value):
            title = self.title(value, ("title", "label", "name", "anchor", "page"), where)
            href = self.url(where, value.get("href", value.get("url")), "`href`")
            return NavLink(title, href, value.get("icon") or "")
        self.problems.append(
            where.problem(
                json.dumps(value)[:40] if not isinstance(value, dict) else "pages",
                "a navigation entry must be a page path, a group or a link",
                'e.g. "quickstart" or {"group": "Guides", "pages": ["guides/intro"]}',
            )
        )
        return None

    def page(self, value: str, where: JsonFile, spec: str = "") -> NavPage | None:
        if OPERATION.match(value.strip()):
            return self.api.endpoint(value, where, spec)
        pos = where.pos(value, advance=True)
        page = re.sub(r"\.mdx?$", "", value.strip()).lstrip("/")
        if not page or ".." in page.split("/") or CTRL.search(page):
            self.problems.append(Problem(pos, f"{value!r} is not a page path"))
            return None
        return NavPage(page, page_url(page), pos)


def mint_tabs(data: dict[str, Any]) -> dict[str, Any]:
    """mint.json's `tabs` ({name, url} folder prefixes) -> docs.json tabs of its groups."""
    groups = [g for g in data["navigation"] if isinstance(g, dict)]
    tabs = [t for t in data.get("tabs") or [] if isinstance(t, dict) and t.get("url")]

    def owner(group: dict[str, Any]) -> int:
        first = next((p for p in group.get("pages") or [] if isinstance(p, str)), "")
        for i, t in enumerate(tabs):
            if first.startswith(str(t["url"]).strip("/") + "/"):
                return i + 1
        return 0

    out = [{"tab": data.get("topAnchor", {}).get("name", "Documentation"), "groups": []}]
    out += [{"tab": t.get("name", "Tab"), "groups": []} for t in tabs]
    for g in groups:
        out[owner(g)]["groups"].append(g)
    return {"tabs": [t for t in out if t["groups"]]}
