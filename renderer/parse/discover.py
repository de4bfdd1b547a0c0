"""Finding the sources: one scandir per folder, and a cheap "has the tree changed?" check.

Every folder's mtime is recorded before it is listed, so a later check that stats the folders
knows which folders may have gained, lost or renamed a file since, and lists only those.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from renderer.core.errors import Problem, SourcePos

SOURCE_SUFFIXES = (".mdx", ".md")
SNIPPETS = "snippets"
"""The top-level folder of snippets (`import X from "/snippets/x.mdx"`): never pages, in any
kind of project (a page made from one records it as an input instead)."""


@dataclass(frozen=True, slots=True)
class Tree:
    files: list[tuple[str, str]]
    """(display path, path below the guides folder) of every source, sorted by the latter."""
    problems: list[Problem]
    dirs: dict[str, int]
    """Folder below the guides folder ('' for itself, else ending in '/') -> mtime_ns."""


@dataclass(frozen=True, slots=True)
class Ignore:
    """Folders and files of a Mintlify repository that are not pages (see `mintlify_ignore`)."""

    dir_names: frozenset[str]
    """Folder names skipped at any depth."""
    root_dirs: frozenset[str]
    """Top-level folder names skipped."""
    file_names: frozenset[str]
    patterns: tuple[str, ...] = ()
    """`.mintignore` patterns (the simple gitignore forms, checked when the config loads)."""

    def skips(self, rel: str, is_dir: bool) -> bool:
        name = rel.rpartition("/")[2]
        if is_dir and (name.startswith("_") or name in self.dir_names):
            return True
        if is_dir and "/" not in rel and name in self.root_dirs:
            return True
        if not is_dir and name in self.file_names:
            return True
        return any(_ignored(rel, name, is_dir, p) for p in self.patterns)


def _ignored(rel: str, name: str, is_dir: bool, pattern: str) -> bool:
    dir_only = pattern.endswith("/") or pattern.endswith("/**")
    pat = pattern.removesuffix("/**").rstrip("/")
    if dir_only and not is_dir:
        return False
    if pat.startswith("**/"):
        pat = pat[3:]
    elif "/" in pat:
        return fnmatch.fnmatchcase(rel, pat.lstrip("/"))
    return fnmatch.fnmatchcase(name, pat)


def mintlify_ignore(patterns: tuple[str, ...] = ()) -> Ignore:
    """What Mintlify never publishes: `_` and dot folders, snippets/, node_modules and build
    folders, README/LICENSE/CHANGELOG/CONTRIBUTING.md, and the `.mintignore` patterns."""
    return Ignore(
        frozenset({"node_modules", "build", "dist", "coverage", "tmp", "temp"}),
        frozenset({"snippets"}),
        frozenset({"README.md", "LICENSE.md", "CHANGELOG.md", "CONTRIBUTING.md"}),
        patterns,
    )


def scan_tree(guides_dir: Path, ignore: Ignore | None = None) -> Tree:
    """Every source; symlinks are not followed (the file type comes from the directory entry);
    `ignore`: what is not a page (Mintlify sites)."""
    if not guides_dir.is_dir():
        return Tree([], [Problem(SourcePos(str(guides_dir), 1, 1), "guides folder not found")], {})
    found: list[tuple[str, str]] = []
    problems: list[Problem] = []
    shown = display(guides_dir)
    dirs = {"": os.stat(guides_dir).st_mtime_ns}
    stack = [""]
    while stack:
        prefix = stack.pop()
        with os.scandir(guides_dir / prefix if prefix else guides_dir) as it:
            for entry in it:
                if entry.name.startswith("."):
                    continue
                rel = f"{prefix}{entry.name}"
                is_dir = entry.is_dir(follow_symlinks=False)
                if is_dir and rel == SNIPPETS:
                    continue
                if ignore is not None and ignore.skips(rel, is_dir):
                    continue
                if entry.is_symlink():
                    if entry.name.endswith(SOURCE_SUFFIXES) or entry.is_dir():
                        problems.append(
                            Problem(
                                SourcePos(f"{shown}/{rel}", 1, 1),
                                "symbolic link skipped: sources must be regular files inside "
                                "the guides folder",
                                "copy the file instead of linking it",
                                level="warning",
                            )
                        )
                elif entry.is_dir(follow_symlinks=False):
                    dirs[rel + "/"] = entry.stat(follow_symlinks=False).st_mtime_ns
                    stack.append(rel + "/")
                elif entry.name.endswith(SOURCE_SUFFIXES):
                    found.append((f"{shown}/{rel}", rel))
    found.sort(key=lambda x: x[1])
    problems.sort(key=lambda p: p.pos.path)
    return Tree(found, problems, dirs)


def recheck_tree(guides_dir: Path, files: list[str], dirs: dict[str, int]) -> dict[str, int] | None:
    """The folders' current mtimes if the tree still holds exactly `files` and `dirs`, else None.

    One stat per folder; only folders whose mtime moved are listed again (an editor saving
    through a temp file and a rename touches its folder without changing what is in it)."""
    base = str(guides_dir)
    moved: dict[str, int] = {}
    try:
        for rel, mtime in dirs.items():
            now = os.stat(f"{base}/{rel}" if rel else base).st_mtime_ns
            if now != mtime:
                moved[rel] = now
    except OSError:
        return None
    if not moved:
        return dirs
    expected: dict[str, set[str]] = {rel: set() for rel in moved}
    for item in (*files, *dirs):
        parent = item[: item.rstrip("/").rfind("/") + 1]
        if parent in expected and item:
            expected[parent].add(item)
    for rel, want in expected.items():
        if _entries(base, rel) != want:
            return None
    return {**dirs, **moved}


def _entries(base: str, rel: str) -> set[str] | None:
    """What `scan_tree` would take from one folder: sources, and subfolders ending in '/'."""
    out: set[str] = set()
    try:
        with os.scandir(f"{base}/{rel}" if rel else base) as it:
            for entry in it:
                if entry.name.startswith("."):
                    continue
                if entry.is_symlink():
                    return None  # a link gets a warning: leave that to a full scan
                if entry.is_dir(follow_symlinks=False):
                    if not (rel == "" and entry.name == SNIPPETS):
                        out.add(f"{rel}{entry.name}/")
                elif entry.name.endswith(SOURCE_SUFFIXES):
                    out.add(f"{rel}{entry.name}")
    except OSError:
        return None
    return out


def display(path: Path) -> str:
    """A folder as shown in messages: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(path)
