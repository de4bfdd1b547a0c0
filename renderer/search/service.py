"""Pagefind's service process, spoken to directly: indexes made from HTML strings in memory.

`pagefind --service` (the binary of the `pagefind_bin` wheel) reads requests on stdin and
answers on stdout, each a base64'd JSON message ended by a comma — the protocol the `pagefind`
Python package speaks, without its asyncio loop (which polls for each answer every 100 ms).
Requests are pipelined: `add` queues a page and returns at once, a writer thread feeds the
process and a reader thread collects the answers, so Pagefind indexes while the build goes on;
`files` returns a finished index's files as bytes (nothing is written by Pagefind itself: the
build checks them for leaks and writes them).
"""

from __future__ import annotations

import base64
import contextlib
import json
import queue
import subprocess
import threading
from typing import Any

from renderer.core.errors import GuideError, Problem, SourcePos

CONFIG = {
    "exclude_selectors": [".hd-page-actions, .hd-connect, .hd-anchor, .hd-ss-head"],
    "force_language": "en",
}
"""Page parts that are not searchable text (buttons, the connect form, anchor marks); every
page is indexed as English."""


def _binary() -> str:
    from renderer.search.index import binary

    return binary("Pagefind")


class PagefindError(Exception):
    """Pagefind refused a request or stopped."""


class _Answer:
    __slots__ = ("event", "value")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.value: dict[str, Any] | None = None


class Pagefind:
    """One Pagefind service process; several indexes may be built in it at once."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [_binary(), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        self.lock = threading.Lock()
        self.next_id = 0
        self.answers: dict[int, _Answer] = {}
        self.pending: dict[int, list[int]] = {}
        """Index -> the ids of its pages' requests not yet checked."""
        self.outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.dead: str | None = None
        self.reader = threading.Thread(target=self._read, name="pagefind-reader", daemon=True)
        self.writer = threading.Thread(target=self._write, name="pagefind-writer", daemon=True)
        self.reader.start()
        self.writer.start()

    def _send(self, payload: dict[str, Any]) -> int:
        with self.lock:
            self.next_id += 1
            mid = self.next_id
            self.answers[mid] = _Answer()
        message = json.dumps({"message_id": mid, "payload": payload}, ensure_ascii=False)
        self.outbox.put(base64.b64encode(message.encode()) + b",")
        return mid

    def _write(self) -> None:
        assert self.proc.stdin is not None
        while True:
            data = self.outbox.get()
            if data is None:
                break
            try:
                self.proc.stdin.write(data)
            except OSError:
                self._fail("Pagefind stopped reading its input")
                return
        with contextlib.suppress(OSError):
            self.proc.stdin.close()

    def _read(self) -> None:
        """Answers as they come. Only each new chunk is searched for the `,` ending a message
        and a long message is joined once at its end: the files of a 10,000-page index are one
        message of tens of MB (appending to and splitting the whole buffer on every 64 KiB
        read made that quadratic)."""
        assert self.proc.stdout is not None
        parts: list[bytes] = []
        while True:
            chunk = self.proc.stdout.read(1 << 16)
            if not chunk:
                self._fail("Pagefind stopped")
                return
            start = 0
            while (end := chunk.find(b",", start)) >= 0:
                parts.append(chunk[start:end])
                self._answer(b"".join(parts))
                parts = []
                start = end + 1
            if start < len(chunk):
                parts.append(chunk[start:])

    def _answer(self, raw: bytes) -> None:
        try:
            message = json.loads(base64.b64decode(raw))
        except ValueError:
            return  # not a message (Pagefind prints nothing else on stdout)
        mid = message.get("message_id") if isinstance(message, dict) else None
        with self.lock:
            answer = self.answers.get(mid) if isinstance(mid, int) else None
        if answer is not None:
            answer.value = message.get("payload") or {}
            answer.event.set()

    def _fail(self, why: str) -> None:
        with self.lock:
            self.dead = why
            waiting = list(self.answers.values())
        for answer in waiting:
            answer.event.set()

    def _wait(self, mid: int, kind: str) -> dict[str, Any]:
        with self.lock:
            answer = self.answers[mid]
        answer.event.wait()
        with self.lock:
            self.answers.pop(mid, None)
        value = answer.value
        if value is None:
            raise PagefindError(self.dead or "Pagefind stopped")
        if value.get("type") != kind:
            raise PagefindError(str(value.get("message") or value)[:500])
        return value

    def new_index(self) -> int:
        value = self._wait(self._send({"type": "NewIndex", "config": CONFIG}), "NewIndex")
        index = int(value["index_id"])
        self.pending[index] = []
        return index

    def add(self, index: int, url: str, html: str) -> None:
        """Queue one page (its URL as the site serves it, its HTML); returns at once."""
        payload = {
            "type": "AddFile",
            "index_id": index,
            "url": url,
            "file_contents": html,
            "file_path": None,
        }
        self.pending[index].append(self._send(payload))

    def files(self, index: int) -> dict[str, bytes]:
        """The index's files (path below the bundle folder -> bytes), once every page queued
        for it is indexed; the index is then dropped from the service."""
        for mid in self.pending.pop(index, []):
            self._wait(mid, "IndexedFile")
        got = self._wait(self._send({"type": "GetFiles", "index_id": index}), "GetFiles")
        out = {f["path"]: base64.b64decode(f["content"]) for f in got["files"]}
        self._wait(self._send({"type": "DeleteIndex", "index_id": index}), "DeleteIndex")
        return out

    def close(self) -> None:
        self.outbox.put(None)
        self.writer.join(10)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self) -> Pagefind:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def failed(where: str, err: Exception) -> GuideError:
    """A Pagefind failure as the build's error."""
    return GuideError(
        [
            Problem(
                SourcePos(where, 1, 1),
                f"Pagefind failed: {' '.join(str(err).split())[:500]}",
                "HUBDOCS_DEBUG=1 shows more; check that the pagefind_bin wheel is installed",
            )
        ]
    )
