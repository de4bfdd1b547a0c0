"""An OSError from the machine (read-only or full disk, no permission, a file in the way) -> an
EnvProblem: the path, what went wrong and what to do, for people (never "please report it")."""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass

_HINTS = {
    errno.EROFS: "the file system is read-only: build into a writable folder (--out)",
    errno.EACCES: "make the folder writable for this user, or pick another one (--out)",
    errno.EPERM: "the file or folder may not be changed (permissions, or `chattr +i`): make it "
    "writable for this user, or pick another folder (--out)",
    errno.ENOSPC: "the disk is full: free some space, then build again",
    errno.EDQUOT: "your disk quota is used up: free some space, then build again",
    errno.EFBIG: "a file is over the size limit for this process (`ulimit -f`): raise it, then "
    "build again",
    errno.ENOTDIR: "a file stands where a folder is needed: move it away, or pick another "
    "folder (--out)",
    errno.EISDIR: "a folder stands where a file is needed: move it away, or pick another "
    "folder (--out)",
    errno.EEXIST: "something that is not a folder stands where a folder is needed: move it "
    "away, or pick another folder (--out)",
    errno.ENAMETOOLONG: "the path is too long for this file system: pick a shorter folder (--out)",
    errno.ELOOP: "a symbolic link loop is in the way: remove it, or pick another folder (--out)",
    errno.EMFILE: "too many open files: raise the limit (`ulimit -n`), then build again",
    errno.ENFILE: "the system has too many open files: close some programs, then build again",
    errno.EIO: "the disk reported an input/output error: check it, then build again",
    errno.EMLINK: "the folder holds too many entries for this file system: pick another one",
}


@dataclass(frozen=True, slots=True)
class EnvProblem:
    """What the machine refused, where, and what to do."""

    path: str
    """The file or folder (relative to the working folder when below it; "" when unknown)."""
    message: str
    """The system's words (`No space left on device`)."""
    hint: str

    def format(self) -> str:
        where = f"{self.path}: " if self.path else "hubdocs: "
        return f"{where}{self.message}\n    hint: {self.hint}"

    def as_dict(self) -> dict[str, object]:
        """The form the live preview shows problems in."""
        return {
            "path": self.path or "hubdocs", "line": 1, "col": 1, "level": "error",
            "message": self.message, "hint": self.hint, "source": "", "text": self.format(),
        }  # fmt: skip


def env_problem(err: BaseException) -> EnvProblem | None:
    """The problem an OSError stands for, when it is the machine's doing (None: a bug)."""
    if not isinstance(err, OSError) or err.errno not in _HINTS:
        return None
    message = err.strerror or os.strerror(err.errno)
    return EnvProblem(_shown(err.filename), message, _HINTS[err.errno])


def add_path(err: OSError, path: object) -> None:
    """Make `err` name `path` when it names no file (a failed `write` does not)."""
    if err.filename is None and err.errno is not None:
        err.filename = os.fspath(path)  # type: ignore[arg-type]
        if err.strerror is None:
            err.strerror = os.strerror(err.errno)


def _shown(name: object) -> str:
    """The path for people: relative when below the working folder, and with the temporary
    names this program writes under (`.acme.tmp-<pid>-<random>/`, `.page.html.<pid>.tmp`)
    given as the names they stand for."""
    if name is None:
        return ""
    path = os.fsdecode(name) if isinstance(name, bytes | str) else str(name)
    path = "/".join(_TEMP_NAME.sub(r"\g<name>", part) for part in path.split("/"))
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


_TEMP_NAME = re.compile(r"^\.(?P<name>.+?)(?:\.tmp-\d+-[^/]*|\.\d+\.tmp)$")
