"""An `openapi:` or `openapi-schema:` value (front matter, a docs.json nav entry) -> the operation
or schema it names, or a located error that lists the nearest ones; and a spec's operations in
spec order with their tag groups (docs.json `openapi` on a tab, group, anchor or version)."""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from renderer.core.errors import GuideError, Problem, SourcePos

from .anchors import slugify
from .index import SpecIndex
from .model import METHODS, Operation, SchemaPage

_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_ENTRY = re.compile(rf"^(?:(\S+)\s+)?({'|'.join(METHODS)}|webhook)\s+(\S+)$", re.I)
DEFAULT_DIRECTORY = "api-reference"
"""Where Mintlify puts generated endpoint pages when `openapi` gives no `directory`."""


@dataclass(frozen=True, slots=True)
class OpenapiRef:
    """A parsed `openapi:` value: `[spec] METHOD path` (or `[spec] webhook name`)."""

    spec: str
    """The spec as written (`/specs/v2.json`), empty when not given."""
    method: str
    """Lower case; `webhook` for a webhook."""
    path: str


@dataclass(frozen=True, slots=True)
class Found:
    """What a lookup found, with warnings (a match in more than one spec)."""

    operation: Operation
    spec: str
    """The spec it came from, below the project root."""
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class NavOperation:
    """An operation of a spec as a generated navigation entry."""

    operation: Operation
    tag: str
    """Its first tag ("" when it has none)."""
    group: str
    """The group it is listed under: the tag's `x-group`, else the tag's name ("" untagged)."""
    page: str
    """The generated page's path, without suffix (`api-reference/users/get-a-user`)."""


def is_endpoint(entry: str) -> bool:
    """A docs.json `pages` entry written as an endpoint (`"GET /users"`, `"spec.json POST /x"`)."""
    return _ENTRY.match(entry.strip()) is not None


def _problem(
    where: SourcePos, source_line: str, message: str, hint: str = "", level: str = "error"
) -> Problem:
    return Problem(where, message, hint, source_line, level)


def parse_value(value: Any, where: SourcePos, source_line: str = "") -> OpenapiRef:
    """`"GET /users/{id}"`, `"get /x"`, `"specs/v2.json POST /crawl"`, `"openapi.json webhook
    orderUpdated"` -> OpenapiRef; GuideError for anything else (a URL spec included: it is
    never fetched)."""
    text = value.strip() if isinstance(value, str) else ""
    mt = _ENTRY.match(text)
    if mt is None:
        hint = (
            'write `METHOD /path`, optionally after the spec file: "openapi.json GET /users/{id}"'
        )
        raise GuideError(
            [_problem(where, source_line, f"openapi: {value!r} names no operation", hint)]
        )
    return OpenapiRef(mt.group(1) or "", mt.group(2).lower(), mt.group(3))


def remote_problem(url: str, where: SourcePos, source_line: str = "") -> Problem:
    """The error for a spec given by URL."""
    name = posixpath.basename(url.split("?")[0].rstrip("/")) or "openapi.json"
    hint = (
        f"download it into the repository (`curl -o {name} '{url}'`) and name the file instead, "
        "or map the URL to a local file in the project config"
    )
    return _problem(
        where, source_line, f"spec {url} is remote: specs are never fetched at build time", hint
    )


def spec_path(
    index: SpecIndex,
    spec: str,
    where: SourcePos,
    source_line: str = "",
    page_dir: str = "",
    url_map: Mapping[str, str] | None = None,
) -> str:
    """The file a written spec names, below the project root (root-relative first, then relative
    to the page's folder); a URL only through `url_map`. GuideError when there is no such file."""
    if _URL.match(spec):
        local = (url_map or {}).get(spec)
        if local is None:
            raise GuideError([remote_problem(spec, where, source_line)])
        spec = local
    candidates = [posixpath.normpath(spec.lstrip("/"))]
    if page_dir and not spec.startswith("/"):
        candidates.append(posixpath.normpath(posixpath.join(page_dir, spec)))
    for rel in candidates:
        if not rel.startswith("..") and index.path_of(rel).is_file():
            return rel
    near = difflib.get_close_matches(candidates[0], index.discover(), n=3, cutoff=0.3)
    hint = "specs in the repository: " + (", ".join(near or index.discover()[:5]) or "none")
    raise GuideError([_problem(where, source_line, f"spec {spec!r} not found", hint)])


def find_operation(
    index: SpecIndex,
    value: Any,
    where: SourcePos,
    source_line: str = "",
    default_spec: str = "",
    page_dir: str = "",
    url_map: Mapping[str, str] | None = None,
) -> Found:
    """The operation an `openapi:` value names. Without a spec in the value: in `default_spec`
    (inherited from docs.json), else in every spec of the repository in alphabetical order, the
    first match winning (as Mintlify does; a warning says which others matched)."""
    ref = parse_value(value, where, source_line)
    written = ref.spec or default_spec
    if written:
        specs = [spec_path(index, written, where, source_line, page_dir, url_map)]
    else:
        specs = list(index.discover())
    matches: list[tuple[str, Operation]] = []
    pool: list[Operation] = []
    for rel in specs:
        try:
            spec = index.load(rel)
        except GuideError:
            if written:
                raise
            continue  # a file that only looked like a spec
        ops = spec.webhooks if ref.method == "webhook" else spec.operations
        pool += ops
        matches += [(rel, op) for op in ops if _matches(op, ref)]
    if not matches:
        raise GuideError([_no_match(ref, value, specs, pool, where, source_line)])
    rel, op = matches[0]
    warnings = ()
    if len(matches) > 1:
        others = ", ".join(r for r, _ in matches[1:])
        hint = f'name the spec to be sure: openapi: "{rel} {op.label}"'
        message = f"{op.label} is in more than one spec: {rel} is used (also in {others})"
        warnings = (_problem(where, source_line, message, hint, "warning"),)
    return Found(op, rel, warnings)


def _matches(op: Operation, ref: OpenapiRef) -> bool:
    if ref.method == "webhook":
        return op.path == ref.path
    return op.method == ref.method and op.path == ref.path


def _no_match(
    ref: OpenapiRef,
    value: Any,
    specs: list[str],
    pool: list[Operation],
    where: SourcePos,
    source_line: str,
) -> Problem:
    wanted = f"{ref.method.upper()} {ref.path}"
    labels = list(dict.fromkeys(op.label for op in pool))
    near = difflib.get_close_matches(wanted, labels, n=5, cutoff=0.5)
    if not near:  # the path may be right and the method wrong, or the other way round
        near = [lb for lb in labels if lb.split(" ", 1)[1] == ref.path][:5]
    if not near:
        near = difflib.get_close_matches(wanted, labels, n=5, cutoff=0.0)
    where_text = specs[0] if len(specs) == 1 else f"any of the {len(specs)} specs of the repository"
    hint = ("nearest: " + ", ".join(near)) if near else "the spec has no operations"
    return _problem(
        where, source_line, f"openapi: {value!r} matches no operation in {where_text}", hint
    )


def find_schema(
    index: SpecIndex,
    value: Any,
    where: SourcePos,
    source_line: str = "",
    default_spec: str = "",
    page_dir: str = "",
) -> SchemaPage:
    """The schema an `openapi-schema:` value names (`"OrderItem"`, `"specs/v2.json OrderItem"`)."""
    parts = value.split() if isinstance(value, str) else []
    if len(parts) not in (1, 2):
        hint = 'write the schema name, optionally after the spec file: "openapi.json OrderItem"'
        raise GuideError(
            [_problem(where, source_line, f"openapi-schema: {value!r} names no schema", hint)]
        )
    written = parts[0] if len(parts) == 2 else default_spec
    name = parts[-1]
    specs = (
        [spec_path(index, written, where, source_line, page_dir)]
        if written
        else list(index.discover())
    )
    names: list[str] = []
    for rel in specs:
        try:
            page = index.schema(rel, name)
            names += index.load(rel).schema_names
        except GuideError:
            if written:
                raise
            continue
        if page is not None:
            return page
    near = difflib.get_close_matches(name, list(dict.fromkeys(names)), n=5, cutoff=0.5)
    hint = (
        ("nearest: " + ", ".join(near)) if near else "schemas are looked up in components.schemas"
    )
    where_text = specs[0] if len(specs) == 1 else "any spec of the repository"
    raise GuideError(
        [_problem(where, source_line, f"openapi-schema: no schema {name!r} in {where_text}", hint)]
    )


def openapi_sources(value: Any) -> tuple[tuple[str, str], ...]:
    """A docs.json `openapi` value (string, list of strings, `{source, directory}`, or a list of
    those) -> (source, directory) pairs."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, str) and item.strip():
            out.append((item.strip(), DEFAULT_DIRECTORY))
        elif isinstance(item, dict) and isinstance(item.get("source"), str):
            directory = item.get("directory") if isinstance(item.get("directory"), str) else ""
            out.append((item["source"].strip(), directory.strip("/") or DEFAULT_DIRECTORY))
    return tuple(out)


def nav_operations(
    index: SpecIndex, spec: str, directory: str = DEFAULT_DIRECTORY
) -> tuple[NavOperation, ...]:
    """The operations and webhooks of the spec at `spec` (below the root) as generated pages, in
    spec order; `x-excluded` ones left out (`x-hidden` ones are in: the caller keeps them out of
    the sidebar)."""
    loaded = index.load(spec)
    groups = {t.name: t.group or t.name for t in loaded.tags}
    out = []
    for op in (*loaded.operations, *loaded.webhooks):
        if op.excluded:
            continue
        tag = op.tags[0] if op.tags else ""
        out.append(NavOperation(op, tag, groups.get(tag, tag), page_path(op, directory)))
    return tuple(out)


def page_path(op: Operation, directory: str = DEFAULT_DIRECTORY) -> str:
    """Where a generated endpoint page lives: `x-mint.href`, else `<directory>/<tag>/<title>`."""
    if op.href:
        return op.href.strip("/")
    parts = [directory.strip("/")]
    if op.tags:
        parts.append(slugify(op.tags[0]))
    parts.append(slugify(op.summary or op.operation_id or op.label) or op.method)
    return "/".join(p for p in parts if p)
