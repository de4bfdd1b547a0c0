"""A project folder -> its OpenAPI specs (found anywhere in it, as Mintlify finds them), each
loaded once and kept until one of its files changes (path, mtime and size)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.parse.discover import Ignore, mintlify_ignore

from .model import SchemaPage, Spec
from .operations import SpecReader
from .refs import Files
from .source import YAML_SUFFIXES
from .validate import validate

SPEC_SUFFIXES = (".json", *YAML_SUFFIXES)
_MARK = re.compile(rb"""(?m)(?:^|[{,\s])["']?(openapi|swagger)["']?\s*:\s*["']?(3\.\d|2\.0)""")
"""A quick look for `openapi: 3.x` / `"swagger": "2.0"` before a file is parsed as a spec."""
PEEK = 64 * 1024


@dataclass(frozen=True, slots=True)
class _Loaded:
    stamp: tuple[tuple[str, int, int], ...]
    spec: Spec
    reader: SpecReader
    files: Files


def _stamp(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            return ()
        out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


class SpecIndex:
    """The specs of one project. `load` reads a spec the first time it is asked for and again
    only when one of its files changed; keep one index for the life of a build (or a `serve`)."""

    def __init__(self, root: Path, ignore: Ignore | None = None, check: bool = True):
        self.root = Path(os.path.realpath(root))
        self.ignore = ignore or mintlify_ignore()
        self.check = check
        """Validate each spec (openapi-spec-validator) when it is loaded."""
        self._cache: dict[Path, _Loaded] = {}
        self._found: tuple[str, ...] | None = None
        self.loads = 0
        """How many times a spec was actually read (the cache's misses)."""

    # -- finding specs -----------------------------------------------------------------------

    def discover(self) -> tuple[str, ...]:
        """Every OpenAPI/Swagger file in the project (paths below the root, `/`-separated, in
        alphabetical order: the order Mintlify tries them for `openapi: "GET /x"`)."""
        if self._found is None:
            found = []
            for dirpath, dirnames, filenames in os.walk(self.root):
                rel_dir = os.path.relpath(dirpath, self.root).replace(os.sep, "/")
                rel_dir = "" if rel_dir == "." else rel_dir + "/"
                dirnames[:] = sorted(
                    d
                    for d in dirnames
                    if not d.startswith(".") and not self.ignore.skips(rel_dir + d, True)
                )
                for name in filenames:
                    rel = rel_dir + name
                    if (
                        name.lower().endswith(SPEC_SUFFIXES)
                        and not self.ignore.skips(rel, False)
                        and _looks_like_spec(Path(dirpath) / name)
                    ):
                        found.append(rel)
            self._found = tuple(sorted(found))
        return self._found

    def forget(self) -> None:
        """Look for specs again on the next `discover` (files were added or removed)."""
        self._found = None

    # -- loading -----------------------------------------------------------------------------

    def path_of(self, rel: str) -> Path:
        return self.root / rel.lstrip("/")

    def load(self, rel: str) -> Spec:
        """The spec at `rel` (below the root); GuideError when it cannot be read as a spec at all.
        Problems that do not stop it from being shown (invalid parts, `$ref`s that lead nowhere)
        are in `Spec.problems`."""
        return self._loaded(rel).spec

    def schema(self, rel: str, name: str) -> SchemaPage | None:
        """`components.schemas[name]` (Swagger 2.0: `definitions[name]`) of the spec at `rel`."""
        return self._loaded(rel).reader.schema_page(name)

    def files_of(self, rel: str) -> tuple[str, ...]:
        """Every file the spec at `rel` was read from (its own and those its `$ref`s name), as
        absolute paths: what a page showing one of its operations depends on."""
        return tuple(path for path, _, _ in self._loaded(rel).stamp)

    def position(self, rel: str, pointer: str) -> SourcePos:
        """Where `pointer` stands in the spec's main file (for messages about an operation)."""
        loaded = self._loaded(rel)
        line, col = loaded.reader.main.pos(pointer)
        return SourcePos(loaded.reader.main.shown, line, col)

    def _loaded(self, rel: str) -> _Loaded:
        path = Path(os.path.realpath(self.path_of(rel)))
        hit = self._cache.get(path)
        if (
            hit is not None
            and hit.stamp
            and hit.stamp == _stamp([Path(p) for p, _, _ in hit.stamp])
        ):
            return hit
        loaded = self._read(rel, path)
        self._cache[path] = loaded
        return loaded

    def _read(self, rel: str, path: Path) -> _Loaded:
        self.loads += 1
        files = Files(self.root)
        shown_rel = rel.lstrip("/")
        if not files.inside(path):
            pos = SourcePos(shown_rel, 1, 1)
            raise GuideError([Problem(pos, f"spec {rel!r} is outside the project folder")])
        main = files.load(self.path_of(rel))
        doc = main.data
        if not isinstance(doc, dict) or not (
            str(doc.get("openapi", "")).startswith("3.") or str(doc.get("swagger", "")) == "2.0"
        ):
            hint = 'an OpenAPI document has `openapi: 3.x` (or `swagger: "2.0"`) at its top level'
            raise GuideError([main.problem("", "not an OpenAPI document", hint)])
        problems: list[Problem] = []
        reader = SpecReader(files, main, problems)
        operations, webhooks = reader.operations(), reader.webhooks()
        if self.check:
            problems += validate(main)
        unique: dict[tuple[str, int, int], Problem] = {}
        for p in problems:  # one cause said twice (by our reading and by the schema) is one problem
            unique.setdefault((p.pos.path, p.pos.line, p.pos.col), p)
        problems = list(unique.values())
        info = doc.get("info") if isinstance(doc.get("info"), dict) else {}
        spec = Spec(
            path=shown_rel,
            shown=main.shown,
            version=str(doc.get("openapi") or doc.get("swagger")),
            title=str(info.get("title") or ""),
            operations=operations,
            webhooks=webhooks,
            tags=reader.tags(),
            schema_names=reader.schema_names(),
            problems=tuple(problems),
        )
        return _Loaded(_stamp(list(files.loaded)), spec, reader, files)


def _looks_like_spec(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(PEEK)
    except OSError:
        return False
    return _MARK.search(head) is not None
