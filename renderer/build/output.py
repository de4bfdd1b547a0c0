"""Writing a brand's output tree: the writer the build's workers share (only the build stage
imports it), and a whole tree written and swapped in at once (core/fs.py holds the primitives)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from renderer.core.env_errors import add_path
from renderer.core.fs import begin_tree, check_rel, commit_tree, recover

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


class TreeWriter:
    """Writes files below one folder (several processes may write into the same one)."""

    def __init__(self, root: Path):
        self.root = root
        self.made: set[str] = {""}
        self.count = 0

    def write(self, rel: str, data: bytes) -> None:
        check_rel(rel)
        folder = rel.rpartition("/")[0]
        if folder not in self.made:
            os.makedirs(self.root / folder, exist_ok=True)
            self.made.add(folder)
        path = f"{self.root}/{rel}"
        try:
            fd = os.open(path, _CREATE, 0o666)  # no buffered file object per file
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
        except OSError as err:  # a full disk: the write names no file
            add_path(err, path)
            raise
        self.count += 1


def write_tree(target: Path, outputs: Iterable[tuple[str, bytes]]) -> int:
    """Write every file into a fresh folder beside `target`, then swap it in; returns the count."""
    recover(target.parent)
    tmp = begin_tree(target)
    try:
        writer = TreeWriter(tmp)
        for rel, data in outputs:
            writer.write(rel, data)
        commit_tree(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return writer.count
