"""`renderer/build/output.py`: the tree writer, the atomic swap, the background delete through the
trash folder, recovery after a killed build, splicing and single-file replacement."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from renderer.build import output as o
from renderer.core import fs


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_two_writers_share_a_tree(tmp_path: Path) -> None:
    """Slice workers write into the same brand folder: a folder another made is fine."""
    one, two = o.TreeWriter(tmp_path), o.TreeWriter(tmp_path)
    one.write("connectors/a.html", b"1")
    two.write("connectors/b.html", b"2")
    two.write("connectors/c/d.html", b"3")
    one.write("connectors/c/e.html", b"4")
    assert sorted(files(tmp_path)) == [
        "connectors/a.html", "connectors/b.html", "connectors/c/d.html", "connectors/c/e.html"
    ]  # fmt: skip


def test_tree_writer_writes_bytes_and_folders(tmp_path: Path) -> None:
    w = o.TreeWriter(tmp_path)
    w.write("a.html", b"A")
    w.write("x/y/z.md", b"Z" * 70000)
    w.write("x/y/w.md", b"")
    w.write("a.html", b"again")
    assert files(tmp_path) == {"a.html": b"again", "x/y/w.md": b"", "x/y/z.md": b"Z" * 70000}
    assert w.count == 4
    assert (tmp_path / "a.html").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    old = os.umask(0)
    os.umask(old)
    return old


@pytest.mark.parametrize("rel", ["../x", "/abs", "a/../b", "a//b", "./a", "a/.", "a\\b", "", "a/"])
def test_tree_writer_refuses_paths_outside(rel: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="refusing to write outside the output folder"):
        o.TreeWriter(tmp_path / "out").write(rel, b"x")


def test_begin_tree_is_fresh_and_world_readable(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        tmp = fs.begin_tree(tmp_path / "deep" / "er" / "site")
    finally:
        os.umask(old)
    assert tmp.parent == tmp_path / "deep" / "er" and tmp.is_dir() and list(tmp.iterdir()) == []
    assert tmp.name.startswith(f".site.tmp-{os.getpid()}-")
    assert tmp.stat().st_mode & 0o777 == 0o755
    assert fs.begin_tree(tmp_path / "deep" / "er" / "site") != tmp


def test_commit_tree_swaps_and_trashes_the_old_tree(tmp_path: Path) -> None:
    target = tmp_path / "site"
    first = fs.begin_tree(target)
    (first / "v").write_text("1")
    fs.commit_tree(first, target)
    assert (target / "v").read_text() == "1" and not first.exists()
    second = fs.begin_tree(target)
    (second / "v").write_text("2")
    trash = tmp_path / "trash"
    fs.commit_tree(second, target, trash)
    assert (target / "v").read_text() == "2"
    assert not second.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    _wait_empty(trash)


def _wait_empty(folder: Path) -> None:
    deadline = time.monotonic() + 60
    while any(folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(folder.iterdir()) == []


def test_commit_tree_without_renameat2(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fs, "_exchange", lambda a, b: False)
    target = tmp_path / "site"
    for version in ("1", "2"):
        tmp = fs.begin_tree(target)
        (tmp / "v").write_text(version)
        fs.commit_tree(tmp, target)
        assert (target / "v").read_text() == version
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_exchange_swaps_two_folders(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fs, "_renameat2", None)  # looked up afresh
    monkeypatch.chdir(tmp_path)  # relative paths: resolved from the working folder
    a, b = Path("a"), Path("b")
    a.mkdir()
    b.mkdir()
    (a / "in-a").touch()
    (b / "in-b").touch()
    assert fs._exchange(a, b)
    assert [p.name for p in a.iterdir()] == ["in-b"] and [p.name for p in b.iterdir()] == ["in-a"]
    assert not fs._exchange(a, tmp_path / "missing")
    assert fs._renameat2  # found once, kept
    assert fs._exchange(tmp_path / "a", tmp_path / "b")  # and absolute paths
    assert [p.name for p in a.iterdir()] == ["in-a"]


def test_discard_uses_only_a_real_trash_folder(tmp_path: Path) -> None:
    tree = tmp_path / ".site.old-1"
    tree.mkdir()
    (tree / "f").write_text("x")
    stranger = tmp_path / "trash" / "not-ours"
    stranger.parent.mkdir()
    stranger.write_text("keep")
    fs.discard(tree, tmp_path / "trash")
    assert not tree.exists()
    deadline = time.monotonic() + 60
    while len(list((tmp_path / "trash").iterdir())) > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p.name for p in (tmp_path / "trash").iterdir()] == ["not-ours"]
    # a trash "folder" that is a file, or no trash: deleted on the spot
    for trash in (tmp_path / "afile", None):
        (tmp_path / "afile").write_text("x")
        tree.mkdir()
        (tree / "f").write_text("x")
        fs.discard(tree, trash)
        assert not tree.exists()
        assert (tmp_path / "afile").read_text() == "x"


@pytest.mark.parametrize("kind", ["symlink", "foreign"])
def test_discard_never_empties_a_linked_or_foreign_trash(tmp_path: Path, kind: str) -> None:
    """A trash folder that is a symbolic link, or belongs to another user, is never used:
    nothing is moved into it and nothing in it is deleted, even entries named like ours."""
    target = tmp_path / "elsewhere"
    target.mkdir()
    bait = target / ".site.tmp-1-x-0123abcd"  # named like a trashed tree
    bait.mkdir()
    trash = tmp_path / "trash"
    if kind == "symlink":
        trash.symlink_to(target, target_is_directory=True)
    else:
        if os.getuid() != 0:
            pytest.skip("giving a folder to another user needs root (CI runs as root)")
        trash = target
        os.chown(target, 12345, 12345)
    tree = tmp_path / ".site.old-2"
    tree.mkdir()
    (tree / "f").write_text("x")
    fs.discard(tree, trash)
    assert not tree.exists()  # deleted on the spot instead
    assert sorted(p.name for p in target.iterdir()) == [bait.name]
    time.sleep(0.5)  # a background `rm` would have run by now
    assert bait.is_dir()


def test_trashed_names() -> None:
    assert fs._TRASHED.match(".site.tmp-12-abc-0123abcd")
    assert fs._TRASHED.match(".acme.old-7-0123abcd")
    assert not fs._TRASHED.match("site.old-7-0123abcd")
    assert not fs._TRASHED.match(".acme.old-7-0123abc")
    assert not fs._TRASHED.match(".acme.new-7-0123abcd")
    assert not fs._TRASHED.match(".acme.old-x-0123abcd")
    assert not fs._TRASHED.match(".acme.old-7-0123abcd/x")


def test_write_tree_writes_all_or_nothing(tmp_path: Path) -> None:
    target = tmp_path / "site"
    assert o.write_tree(target, [("a.html", b"1"), ("b/c.md", b"2")]) == 2
    assert files(target) == {"a.html": b"1", "b/c.md": b"2"}
    with pytest.raises(ValueError):
        o.write_tree(target, [("x.html", b"new"), ("../escape", b"x")])
    assert files(target) == {"a.html": b"1", "b/c.md": b"2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_recover_removes_what_dead_builds_left(tmp_path: Path) -> None:
    sleeper = subprocess.Popen(["sleep", "60"])  # a live build's process
    try:
        _recover(tmp_path, dead_pid(), sleeper.pid)
    finally:
        sleeper.kill()
        sleeper.wait()


def _recover(tmp_path: Path, dead: int, live: int) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / f".site.tmp-{dead}-x").mkdir()  # a dead build's temp tree
    (tmp_path / f".site.tmp-{live}-x").mkdir()  # a running build's
    (tmp_path / f".gone.old-{dead}").mkdir()  # killed between the two renames
    (tmp_path / f".gone.old-{dead}" / "v").write_text("old")
    (tmp_path / f".site.old-{dead}").mkdir()  # its target exists: just removed
    (tmp_path / "site" / f".llms-full.txt.{dead}.tmp").write_text("half")
    (tmp_path / "site" / f".llms-full.txt.{live}.tmp").write_text("busy")
    (tmp_path / "site" / "keep.html").write_text("k")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / f".x.{dead}.tmp").write_text("not looked at")
    fs.recover(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["site", "gone", f".site.tmp-{live}-x", ".hidden"]
    )
    assert (tmp_path / "gone" / "v").read_text() == "old"
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [
        f".llms-full.txt.{live}.tmp",
        "keep.html",
    ]
    assert (tmp_path / ".hidden" / f".x.{dead}.tmp").exists()
    fs.recover(tmp_path / "missing")  # nothing to do


def test_recover_treats_this_process_as_gone(tmp_path: Path) -> None:
    (tmp_path / f".site.tmp-{os.getpid()}-x").mkdir()
    fs.recover(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_alive() -> None:
    child = subprocess.Popen(["sleep", "30"])
    try:
        assert fs._alive(child.pid)
        with pytest.raises(subprocess.TimeoutExpired):  # asked, not signalled: still running
            child.wait(timeout=0.5)
    finally:
        child.kill()
        child.wait()
    assert not fs._alive(os.getpid())
    assert not fs._alive(dead_pid())
    assert fs._alive(1)  # another user's process: PermissionError means alive (or it is ours)


def test_splice_file_replaces_changed_pieces_only(tmp_path: Path) -> None:
    path = tmp_path / "llms-full.txt"
    head, pieces, tail = b"HEAD\n", [b"one", b"two!", b"three"], b"\nTAIL"
    path.write_bytes(head + b"[" + pieces[0] + b"|" + pieces[1] + b"|" + pieces[2] + tail)
    sizes = [len(p) for p in pieces]
    assert not fs.splice_file(path, len(head), sizes, b"|", b"[", {1: b"two!"})
    assert fs.splice_file(path, len(head), sizes, b"|", b"[", {0: b"ONE", 2: b"3"})
    assert path.read_bytes() == b"HEAD\n[ONE|two!|3\nTAIL"
    assert [p.name for p in tmp_path.iterdir()] == ["llms-full.txt"]
    big = b"x" * (3 << 20)
    path.write_bytes(b"H[" + big + b"|b" + b"T" * 100)
    assert fs.splice_file(path, 1, [len(big), 1], b"|", b"[", {1: b"BBB"})
    assert path.read_bytes() == b"H[" + big + b"|BBB" + b"T" * 100


def test_copy_range_falls_back_to_read_write(tmp_path: Path, monkeypatch) -> None:
    src, dst = tmp_path / "s", tmp_path / "d"
    src.write_bytes(bytes(range(256)) * 10)

    def broken(*args):  # noqa: ANN002, ANN202
        raise OSError("not supported")

    monkeypatch.setattr(os, "copy_file_range", broken)
    with open(src, "rb") as s, open(dst, "wb") as d:
        fs._copy_range(s.fileno(), d.fileno(), 5, 1000)
    assert dst.read_bytes() == (bytes(range(256)) * 10)[5:1005]
    data = os.urandom(1 << 10) * ((1 << 14) + 3)  # over 16 MiB: several reads
    src.write_bytes(data)
    with open(src, "rb") as s, open(dst, "wb") as d:
        fs._copy_range(s.fileno(), d.fileno(), 7, len(data) - 7)
    assert dst.read_bytes() == data[7:]
    with open(src, "rb") as s, open(dst, "wb") as d:
        fs._copy_range(s.fileno(), d.fileno(), 9, 1)  # a single byte
    assert dst.read_bytes() == data[9:10]
    with open(src, "rb") as s, open(dst, "wb") as d, pytest.raises(OSError, match="short copy"):
        fs._copy_range(s.fileno(), d.fileno(), len(data), 10)  # past the end


def test_write_if_changed(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    assert fs.write_if_changed(path, b"one")
    stamp = path.stat().st_mtime_ns
    inode = path.stat().st_ino
    assert not fs.write_if_changed(path, b"one")
    assert path.stat().st_mtime_ns == stamp and path.stat().st_ino == inode
    assert fs.write_if_changed(path, b"two")  # same size, other bytes
    assert path.read_bytes() == b"two" and path.stat().st_ino != inode  # replaced, not rewritten
    assert fs.write_if_changed(path, b"three")
    assert path.read_bytes() == b"three"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_copy_range_in_the_kernel(tmp_path: Path) -> None:
    src, dst = tmp_path / "s", tmp_path / "d"
    src.write_bytes(b"0123456789")
    with open(src, "rb") as s, open(dst, "wb") as d:
        fs._copy_range(s.fileno(), d.fileno(), 3, 1)
        fs._copy_range(s.fileno(), d.fileno(), 5, 4)
    assert dst.read_bytes() == b"35678"


def test_discard_makes_its_trash_folder(tmp_path: Path) -> None:
    """The cache's trash folder is created (parents too) on first use: the old tree goes
    there for a background delete rather than being deleted while the build waits."""
    tree = tmp_path / ".site.old-3"
    tree.mkdir()
    trash = tmp_path / "cache" / "deep" / "trash"
    fs.discard(tree, trash)
    assert not tree.exists() and trash.is_dir()
    _wait_empty(trash)
