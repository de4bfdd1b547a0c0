"""Atomic file-system primitives: a fresh folder beside a target swapped in atomically (leftovers
of interrupted builds cleaned up by the next one), old trees removed in the background, single
files replaced atomically, big index files spliced in the kernel."""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import stat
import subprocess
import tempfile
import uuid
from pathlib import Path

from renderer.core.env_errors import add_path

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def begin_tree(target: Path) -> Path:
    """A fresh, empty folder beside `target` to build its next version in."""
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-{os.getpid()}-", dir=parent))
    os.chmod(tmp, 0o755)  # noqa: S103 - a web root is world-readable
    return tmp


def commit_tree(tmp: Path, target: Path, trash: Path | None = None) -> None:
    """Swap the finished `tmp` in as `target` (readers never see a missing folder on Linux).

    With `trash` (a folder on the same file system), the previous tree is moved there and
    deleted in the background instead of before this returns."""
    if target.exists() and _exchange(tmp, target):
        discard(tmp, trash)  # tmp now holds the previous tree
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.rename(target, old)
    os.rename(tmp, target)
    if old.exists():
        discard(old, trash)


def discard(tree: Path, trash: Path | None) -> None:
    """Delete a folder: moved into `trash` and removed by a detached `rm -rf` when it can be
    (deleting tens of thousands of files takes seconds nobody should wait for), else now.

    Only a real folder owned by this user is used as the trash, and `rm` is given only the
    entries this program put there (a symlinked or foreign trash folder is never emptied)."""
    rm = shutil.which("rm") if os.name == "posix" else None
    if trash is not None and rm is not None:
        try:
            trash.mkdir(parents=True, exist_ok=True)
            st = os.lstat(trash)
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
                raise OSError("not our trash folder")
            os.rename(tree, trash / f"{tree.name}-{uuid.uuid4().hex[:8]}")
        except OSError:  # another file system, say
            pass
        else:
            ours = [str(p) for p in trash.iterdir() if _TRASHED.match(p.name)]
            subprocess.Popen(  # noqa: S603 - a fixed program on our own folders, no shell
                [rm, "-rf", "--", *ours],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            return
    shutil.rmtree(tree, ignore_errors=True)


_TRASHED = re.compile(r"^\..+\.(?:tmp|old)-\d+(?:-[^/]*)?-[0-9a-f]{8}$")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE): readers never see a gap."""
    global _renameat2
    if _renameat2 is None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            _renameat2 = libc.renameat2
        except (OSError, AttributeError):
            _renameat2 = False
    if not _renameat2:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return _renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


_renameat2 = None


def check_rel(rel: str) -> None:
    parts = rel.split("/")
    if rel.startswith("/") or "\\" in rel or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")


def recover(parent: Path) -> None:
    """Undo what interrupted builds left in the output folder: temp folders, a half-done swap."""
    if not parent.is_dir():
        return
    for p in parent.iterdir():
        m = _LEFTOVER.match(p.name)
        if m and not _alive(int(m.group("pid"))):
            if m.group("kind") == "old" and not (parent / m.group("name")).exists():
                os.rename(p, parent / m.group("name"))  # killed between the two renames
            else:
                shutil.rmtree(p, ignore_errors=True)
        elif _TMPFILE.match(p.name):  # a small file being replaced (the brands marker)
            if not _alive(int(_TMPFILE.match(p.name).group("pid"))):
                p.unlink(missing_ok=True)
        elif not p.name.startswith(".") and p.is_dir() and not p.is_symlink():
            for f in p.iterdir():  # an index file being spliced when its build died
                t = _TMPFILE.match(f.name)
                if t and not _alive(int(t.group("pid"))):
                    f.unlink(missing_ok=True)


_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>tmp|old)-(?P<pid>\d+)(?:-.*)?$")
_TMPFILE = re.compile(r"^\..+\.(?P<pid>\d+)\.tmp$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def splice_file(
    path: Path, head: int, sizes: list[int], sep: bytes, first_sep: bytes, new: dict[int, bytes]
) -> bool:
    """Replace the pieces at the positions in `new` of an index file; False if none differ.

    Layout: `head` bytes, then each piece after `first_sep` (the first) or `sep` (the others),
    then the tail. The unchanged stretches are copied by the kernel, not read into memory."""
    edits: list[tuple[int, int, bytes]] = []
    pos = head
    with open(path, "rb", buffering=0) as src:
        for i, size in enumerate(sizes):
            pos += len(first_sep if i == 0 else sep)
            data = new.get(i)
            if data is not None and os.pread(src.fileno(), size, pos) != data:
                edits.append((pos, size, data))
            pos += size
        if not edits:
            return False
        end = os.fstat(src.fileno()).st_size
        tmp = temp_path(path)
        try:
            with open(tmp, "wb", buffering=0) as dst:
                copied = 0
                for at, size, data in edits:
                    _copy_range(src.fileno(), dst.fileno(), copied, at - copied)
                    _write_all(dst.fileno(), data)
                    copied = at + size
                _copy_range(src.fileno(), dst.fileno(), copied, end - copied)
            os.replace(tmp, path)
        except BaseException as err:  # never a truncated temp file left behind
            _remove(tmp)
            if isinstance(err, OSError):
                add_path(err, tmp)
            raise
    return True


def _copy_range(src: int, dst: int, offset: int, count: int) -> None:
    """Append `count` bytes of `src` from `offset` to `dst` (in the kernel where it can)."""
    while count > 0:
        try:
            n = os.copy_file_range(src, dst, count, offset)
        except (AttributeError, OSError):
            n = os.write(dst, os.pread(src, min(count, 1 << 24), offset))
        if n <= 0:
            raise OSError(f"short copy at byte {offset}")
        offset += n
        count -= n


def write_if_changed(path: Path, data: bytes) -> bool:
    """Replace one file atomically, only when its bytes differ."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    tmp = temp_path(path)
    try:
        with open(tmp, "wb", buffering=0) as fh:
            _write_all(fh.fileno(), data)
        os.replace(tmp, path)
    except BaseException as err:  # never a truncated temp file left behind
        _remove(tmp)
        if isinstance(err, OSError):
            add_path(err, tmp)
        raise
    return True


def temp_path(path: Path) -> Path:
    """Where `path`'s next version is written before it replaces it (`.<name>.<pid>.tmp`, in the
    same folder; output_journal removes those a killed build left)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
