"""A `$ref` string and the file it stands in -> the value it names, in this file or another file
of the project (never outside it, never over the network), with where that value stands."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from renderer.core.errors import GuideError, Problem
from renderer.parse.discover import display

from .source import SpecFile, unescape

MAX_HOPS = 32
"""A `$ref` to a `$ref` to ... is followed this far before it is called a loop."""


@dataclass(frozen=True, slots=True)
class Target:
    """A value a `$ref` led to, and where it stands."""

    value: Any
    file: SpecFile
    pointer: str

    @property
    def key(self) -> str:
        """A name for the place, unique across files (cycle detection, anchors)."""
        return f"{self.file.path}#{self.pointer}"

    @property
    def name(self) -> str:
        """The last token of the pointer: the schema's name for `#/components/schemas/User`."""
        return unescape(self.pointer.rpartition("/")[2]) if self.pointer else self.file.path.stem


class RefError(Exception):
    """A `$ref` that cannot be followed; carries the located problem."""

    def __init__(self, problem: Problem):
        super().__init__(problem.format())
        self.problem = problem


class Files:
    """The files of one spec, each read once; `$ref`s may not leave `root` (after symlinks)."""

    def __init__(self, root: Path):
        self.root = Path(os.path.realpath(root))
        self.loaded: dict[Path, SpecFile] = {}
        self.followed: dict[str, tuple[SpecFile, str]] = {}
        """Every place a `$ref` led to, in order (an invalid schema there is located in its file)."""

    def load(self, path: Path) -> SpecFile:
        real = Path(os.path.realpath(path))
        if real not in self.loaded:
            self.loaded[real] = SpecFile(real, display(path))
        return self.loaded[real]

    def inside(self, path: Path) -> bool:
        return Path(os.path.realpath(path)).is_relative_to(self.root)

    def resolve(self, ref: Any, file: SpecFile, at: str) -> Target:
        """The value `ref` (written at pointer `at` of `file`) names, following `$ref` chains."""
        seen: set[str] = set()
        target = self._one(ref, file, at)
        while isinstance(target.value, dict) and "$ref" in target.value:
            if target.key in seen or len(seen) > MAX_HOPS:
                raise RefError(
                    file.problem(f"{at}/$ref", f"`$ref` {ref!r} is a loop of references")
                )
            seen.add(target.key)
            target = self._one(target.value["$ref"], target.file, target.pointer)
        self.followed.setdefault(target.key, (target.file, target.pointer))
        return target

    def _one(self, ref: Any, file: SpecFile, at: str) -> Target:
        where = f"{at}/$ref"
        if not isinstance(ref, str) or not ref:
            raise RefError(file.problem(where, "`$ref` must be a non-empty string"))
        location, _, fragment = ref.partition("#")
        if "://" in location or location.startswith("//"):
            hint = "copy the file into the repository and point `$ref` at it by a relative path"
            raise RefError(
                file.problem(where, f"`$ref` {ref!r} is remote: it is never fetched", hint)
            )
        target_file = file
        if location:
            path = file.path.parent / unquote(location)
            if not self.inside(path):
                raise RefError(
                    file.problem(
                        where,
                        f"`$ref` {ref!r} leaves the project folder",
                        "a spec may only refer to files inside the repository",
                    )
                )
            try:
                target_file = self.load(path)
            except GuideError as err:
                first = err.problems[0]
                if first.message == "file not found":
                    hint = f"no file {display(path)}: fix the path (it is relative to {file.shown})"
                    raise RefError(
                        file.problem(where, f"`$ref` {ref!r}: file not found", hint)
                    ) from None
                raise RefError(first) from None
        return self._walk(target_file, unquote(fragment), ref, file, where)

    def _walk(
        self, target: SpecFile, fragment: str, ref: str, file: SpecFile, where: str
    ) -> Target:
        if fragment and not fragment.startswith("/"):
            message = f"`$ref` {ref!r}: only JSON-pointer fragments (`#/...`) are supported"
            raise RefError(file.problem(where, message))
        value: Any = target.data
        pointer = ""
        for raw in fragment.split("/")[1:] if fragment else ():
            token = unescape(raw)
            if isinstance(value, dict) and token in value:
                value = value[token]
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                hint = (
                    f"{target.shown} has nothing at {pointer or '/'}{'/' if pointer else ''}{raw}"
                )
                raise RefError(file.problem(where, f"`$ref` {ref!r} names nothing", hint))
            pointer = f"{pointer}/{raw}"
        return Target(value, target, pointer)


def deref(files: Files, value: Any, file: SpecFile, at: str) -> Target:
    """`value` itself, or what it names when it is a `{"$ref": ...}` object."""
    if isinstance(value, dict) and "$ref" in value:
        return files.resolve(value["$ref"], file, at)
    return Target(value, file, at)
