"""Live preview for `hubdocs serve`: watch sources, rebuild the brand, tell open pages over SSE.

A failed rebuild keeps the last good site on disk and sends the problems to the page's overlay.
The page reloads as soon as the edited pages are written; the search index catches up after
that on a thread of its own (`SearchFollower`), and the events say `"search": "updating"` until
it has (the search box says so).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from renderer.core.env_errors import env_problem
from renderer.core.errors import GuideError

HEARTBEAT = 15.0


class Broker:
    """The build state every open page follows: a version number and the current problems."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.version = 1
        """Bumped by every good build; pages reload when it moves."""
        self.problems: list[dict[str, Any]] = []
        self.seq = 0
        """Bumped by every publish."""
        self.search = "ready"
        """`updating` while the search index is behind the pages, else `ready`."""
        self.closed = False

    def publish(self, problems: list[dict[str, Any]] | None) -> None:
        with self.cond:
            self.problems = problems or []
            if not problems:
                self.version += 1
            self.seq += 1
            self.cond.notify_all()

    def searching(self, updating: bool) -> None:
        """The search index is behind the pages (`updating`), or has caught up."""
        with self.cond:
            state = "updating" if updating else "ready"
            if state != self.search:
                self.search = state
                self.seq += 1
                self.cond.notify_all()

    def event(self) -> bytes:
        name = "error" if self.problems else "build"
        data = json.dumps(
            {"version": self.version, "problems": self.problems, "search": self.search}
        )
        return f"event: {name}\ndata: {data}\n\n".encode()

    def stream(self, write: Callable[[bytes], None]) -> None:
        """Send the state now and on every change (writes happen outside the lock)."""
        with self.cond:
            seen, message = self.seq, self.event()
        write(message)
        while True:
            with self.cond:
                if self.closed:
                    return
                if self.seq == seen:
                    self.cond.wait(HEARTBEAT)
                message = self.event() if self.seq != seen else b": ping\n\n"
                seen = self.seq
            write(message)

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()


def watch(paths: list[Path], rebuild: Callable[[set[str]], None], stop: threading.Event) -> None:
    """Call `rebuild(changed paths)` after each burst of changes under `paths` (watchfiles:
    the burst ends after 20 ms without a new change, or after 150 ms at most)."""
    from watchfiles import watch as fs_watch

    existing = [str(p.resolve()) for p in paths if p.exists()]
    for changes in fs_watch(
        *existing, debounce=150, step=20, stop_event=stop, raise_interrupt=False
    ):
        rebuild(_modified(changes))


def _modified(changes: set[tuple[Any, str]]) -> set[str]:
    """The paths of a burst, or an empty set when anything was added or deleted (the build then
    checks the whole tree)."""
    from watchfiles import Change

    if any(kind != Change.modified for kind, _ in changes):
        return set()
    return {path for _, path in changes}


class Pending:
    """Paths changed since the last good build: a failed build keeps them for the next one."""

    def __init__(self) -> None:
        self.paths: set[str] | None = None
        """None until the first good rebuild: an edit made before the watcher started must
        be found by checking the whole tree once."""

    def add(self, paths: set[str]) -> None:
        if self.paths is not None:
            self.paths = self.paths | paths if paths else None

    def clear(self) -> None:
        self.paths = set()


def paths_below(paths: set[str] | None, root: Path) -> set[str] | None:
    """Changed paths as paths below `root`; None when unknown or when any lies outside it."""
    if not paths:
        return None
    base = str(root.resolve()) + "/"
    if not all(p.startswith(base) for p in paths):
        return None
    return {p[len(base) :] for p in paths}


def rebuilder(
    build_once: Callable[[set[str] | None, Callable[[], None]], None], broker: Broker, log: Any
) -> Callable[[set[str]], None]:
    """Wrap a build: publish success or the problems; never raise into the watcher.

    The build gets the paths changed since the last good build (None: check everything) and a
    function to call as soon as the edited pages are on disk: open pages reload then, while the
    build goes on to update the index files."""
    pending = Pending()

    def run(paths: set[str]) -> None:
        start = time.perf_counter()
        pending.add(paths)
        reloaded: list[float] = []

        def pages_ready() -> None:
            if not reloaded:
                broker.publish(None)
                reloaded.append(time.perf_counter() - start)

        try:
            build_once(pending.paths, pages_ready)
        except GuideError as err:
            broker.publish([_problem(p) for p in err.problems[:50]])
            print(f"hubdocs: rebuild failed, still serving the last good build:\n{err}", file=log)
            return
        except Exception as err:  # a bug must not stop the preview
            problem = env_problem(err)
            if problem is not None:  # a full disk, a read-only folder: for the user to fix
                broker.publish([problem.as_dict()])
                print(f"hubdocs: rebuild failed, still serving:\n{problem.format()}", file=log)
                return
            broker.publish(
                [
                    {
                        "path": "hubdocs",
                        "line": 1,
                        "col": 1,
                        "level": "error",
                        "message": f"internal error: {err}",
                        "hint": "",
                        "source": "",
                        "text": f"internal error: {err}",
                    }
                ]
            )
            return
        pending.clear()
        pages_ready()
        done = time.perf_counter() - start
        print(
            f"hubdocs: rebuilt in {done:.3f} s (pages reloaded after {reloaded[0]:.3f} s)",
            file=log,
            flush=True,
        )

    return run


class SearchFollower:
    """Brings the search index up to date after each rebuild that left it behind, on a thread
    of its own: the next save is rebuilt and reloaded without waiting for it.

    `catch_up(still_current)` indexes the pages and swaps the result in unless
    `still_current()` turned false meanwhile (returns `moved`; it runs again); `unknown` means
    only a build can: `rebuild()` is called."""

    def __init__(
        self,
        catch_up: Callable[[Callable[[], bool]], str],
        rebuild: Callable[[], None],
        broker: Broker,
        log: Any,
    ) -> None:
        self.catch_up, self.rebuild, self.broker, self.log = catch_up, rebuild, broker, log
        self.generation = 0
        """Bumped by every rebuild."""
        self.busy = False
        """A rebuild is under way (the index is not said to be ready meanwhile)."""
        self.lock = threading.Lock()
        self.wanted = threading.Event()
        self.thread = threading.Thread(target=self._run, name="hubdocs-search", daemon=True)
        self.thread.start()

    def rebuilding(self) -> None:
        """A rebuild starts: what is being indexed may be out of date."""
        with self.lock:
            self.generation += 1
            self.busy = True
            self.broker.searching(True)

    def wake(self) -> None:
        """The rebuild is over (done or failed): bring the index up to date."""
        with self.lock:
            self.busy = False
        self.wanted.set()

    def _run(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            start = time.perf_counter()
            while True:
                seen = self.generation
                try:
                    result = self.catch_up(lambda seen=seen: self.generation == seen)
                except GuideError as err:
                    self.broker.publish([_problem(p) for p in err.problems[:50]])
                    print(f"hubdocs: the search index was not updated:\n{err}", file=self.log)
                    break
                except Exception as err:  # a bug must not stop the preview
                    print(f"hubdocs: the search index was not updated: {err}", file=self.log)
                    break
                if result == "unknown":
                    self.rebuild()
                if result != "moved":
                    break
            with self.lock:  # ready only if no rebuild started since it was indexed
                if self.busy or self.wanted.is_set() or self.generation != seen:
                    continue
                self.broker.searching(False)
            print(
                f"hubdocs: search index updated in {time.perf_counter() - start:.3f} s",
                file=self.log,
                flush=True,
            )


def _problem(p: Any) -> dict[str, Any]:
    return {**p.as_dict(), "source": p.source_line, "text": p.format()}
