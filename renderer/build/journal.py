"""A build's cache folder + its output folder -> whether the output is still what the last build
left: a journal names the folders an incremental build is writing into (after a kill, their temp
files are removed and the brand is rebuilt in full), and each output folder's mtime, recorded
after a build, shows files deleted by hand since (then the brand is rebuilt in full too).

Everything here runs under the output folder's build lock: no other build writes meanwhile."""

from __future__ import annotations

import json
import os
import pickle
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from renderer.core.fs import recover
from renderer.search.index import BUNDLE

JOURNAL = "journal.json"
"""{brand: [folders below the brand folder]}: an incremental build was writing there."""
RACY_NS = 50_000_000
"""A folder modified this close before its stamp was taken may change again within the same
timestamp tick (a file deleted right after the build): its entries are recorded too."""
RACY_COARSE_NS = 2_000_000_000
_TEMP = re.compile(r"^\..+\.\d+\.tmp$")
"""A file being replaced (`write_if_changed`, `splice_file`): `.<name>.<pid>.tmp`."""


@dataclass(frozen=True, slots=True)
class FolderStamps:
    """A brand's output folders right after a build."""

    tree: tuple[int, int]
    """(device, inode) of the brand folder."""
    folders: dict[str, tuple[int, tuple[str, ...] | None]]
    """Folder below the brand folder ("" for itself) -> (mtime_ns, its entries when the folder
    was modified too shortly before the stamp for its mtime to show a later change)."""


def check_outputs(cdir: Path, out_dir: Path, keys: Iterable[str]) -> str | None:
    """Before a build: remove the temp files of interrupted incremental builds (of any brand),
    and say why the brands in `keys` need a full build (None: an incremental build may do). A
    brand stays in the journal until a full build of it."""
    journal = _read_journal(cdir)
    for key, rels in journal.items():  # every brand's: a temp file never survives
        for rel in rels:
            remove_temp_files(out_dir / key / rel if rel else out_dir / key)
    reason = None
    for key in keys:
        folder = out_dir / key
        if key in journal:
            reason = reason or f"{folder}: the last incremental build was interrupted"
        elif reason is None:
            changed = _changed_folder(cdir, folder)
            if changed is not None:
                reason = f"{changed}: changed since the last build (files deleted by hand?)"
    return reason


def remove_temp_files(folder: Path) -> None:
    """Remove the temp files of writes that died in `folder` (under the build lock every such
    file is dead), and the temp folders of an interrupted search index swap."""
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        if _TEMP.match(name):
            (folder / name).unlink(missing_ok=True)
    recover(folder)


def stamp_brand(cdir: Path, folder: Path) -> None:
    """After a full build of the brand in `folder`: record every folder's mtime (and drop the
    brand from the journal: its tree is new)."""
    start = time.time_ns()
    _save_stamps(cdir, folder, _stamp(folder, _walk(folder, ""), start))
    _drop_from_journal(cdir, [folder.name])


class Writes:
    """An incremental build's writes into the brand folders under way (see `begin_writes`)."""

    def __init__(self, cdir: Path, out_dir: Path, folders: dict[str, set[str]]):
        self.cdir, self.out_dir, self.folders = cdir, out_dir, folders

    def done(self) -> None:
        """Every page, index file and search bundle is written: re-stamp the folders written
        into (the search bundle is new: all of its folders), then close the journal."""
        start = time.time_ns()
        for key, rels in self.folders.items():
            folder = self.out_dir / key
            old = _load_stamps(self.cdir, folder)
            if old is None:
                continue
            kept = {r: s for r, s in old.folders.items() if r.partition("/")[0] != BUNDLE}
            fresh = _stamp(folder, [*rels, *_walk(folder, BUNDLE)], start)
            kept.update(fresh.folders)
            _save_stamps(self.cdir, folder, FolderStamps(old.tree, kept))
        _drop_from_journal(self.cdir, list(self.folders))


def begin_writes(cdir: Path, out_dir: Path, files: dict[str, Iterable[str]]) -> Writes:
    """Before an incremental build writes the first file: record in the journal the folders of
    `files` (brand -> the paths below its folder it may replace), and the brand folder itself
    (the search bundle is swapped in there). Call `.done()` once everything is written."""
    folders = {key: {"", *(rel.rpartition("/")[0] for rel in rels)} for key, rels in files.items()}
    journal = _read_journal(cdir)
    for key, rels in folders.items():
        journal[key] = sorted({*journal.get(key, ()), *rels})
    _write(cdir / JOURNAL, json.dumps(journal, sort_keys=True).encode())
    return Writes(cdir, out_dir, folders)


def _changed_folder(cdir: Path, folder: Path) -> Path | None:
    """The first folder of the brand that changed since its stamp (None: none did, or nothing
    was recorded: the incremental build's own checks decide)."""
    stamps = _load_stamps(cdir, folder)
    if stamps is None:
        return None
    try:
        st = os.stat(folder)
    except OSError:
        return folder
    if (st.st_dev, st.st_ino) != stamps.tree:
        return None  # another tree: the manifest's check of the brand folder sees it
    base = str(folder)
    for rel, (mtime, names) in stamps.folders.items():
        path = f"{base}/{rel}" if rel else base
        try:
            if os.stat(path).st_mtime_ns != mtime:
                return Path(path)
            if names is not None and tuple(sorted(os.listdir(path))) != names:
                return Path(path)
        except OSError:
            return Path(path)
    return None


def _walk(folder: Path, top: str) -> list[str]:
    """`top` (a folder below `folder`, "" for itself) and every folder below it, as paths
    below `folder`."""
    out = []
    for path, _, _ in os.walk(folder / top if top else folder):
        rel = os.path.relpath(path, folder)
        out.append("" if rel == "." else rel.replace(os.sep, "/"))
    return out


def _stamp(folder: Path, rels: Iterable[str], start: int) -> FolderStamps:
    st = os.stat(folder)
    out: dict[str, tuple[int, tuple[str, ...] | None]] = {}
    for rel in set(rels):
        path = folder / rel if rel else folder
        mtime = os.stat(path).st_mtime_ns
        out[rel] = (mtime, None)
    coarse = not any(m % 1_000_000_000 for m, _ in list(out.values())[:64])
    racy = start - (RACY_COARSE_NS if coarse else RACY_NS)
    for rel, (mtime, _) in out.items():
        if mtime >= racy:
            out[rel] = (mtime, tuple(sorted(os.listdir(folder / rel if rel else folder))))
    return FolderStamps((st.st_dev, st.st_ino), out)


def _stamps_file(cdir: Path, folder: Path) -> Path:
    return cdir / f"folders-{folder.name}.pickle"


def _load_stamps(cdir: Path, folder: Path) -> FolderStamps | None:
    try:
        with open(_stamps_file(cdir, folder), "rb") as fh:
            stamps = pickle.load(fh)  # noqa: S301 - our own cache file, written by this program
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, ValueError):
        return None
    return stamps if isinstance(stamps, FolderStamps) else None


def _save_stamps(cdir: Path, folder: Path, stamps: FolderStamps) -> None:
    _write(_stamps_file(cdir, folder), pickle.dumps(stamps, pickle.HIGHEST_PROTOCOL))


def _read_journal(cdir: Path) -> dict[str, list[str]]:
    try:
        data = json.loads((cdir / JOURNAL).read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):  # unreadable: as if every brand had been interrupted
        return _every_brand(cdir)
    if not isinstance(data, dict):
        return _every_brand(cdir)
    return {str(k): [str(r) for r in v] for k, v in data.items() if isinstance(v, list)}


def _every_brand(cdir: Path) -> dict[str, list[str]]:
    return {p.name[len("folders-") : -len(".pickle")]: [""] for p in cdir.glob("folders-*.pickle")}


def _drop_from_journal(cdir: Path, keys: list[str]) -> None:
    journal = _read_journal(cdir)
    if not journal:
        return
    left = {k: v for k, v in journal.items() if k not in keys}
    if left:
        _write(cdir / JOURNAL, json.dumps(left, sort_keys=True).encode())
    else:
        (cdir / JOURNAL).unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    """Replace a small cache file whole (a reader never sees it half written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
