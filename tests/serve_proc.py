"""A real `hubdocs serve` in a subprocess on 127.0.0.1: start it, read the URL it prints, stop it."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path

_URL = re.compile(r"serving (\S+) at (http://\S+?)/? ")


class ServeProcess:
    """`python -m renderer serve ARGS`; `url` and `brand` once it says it is serving."""

    def __init__(self, *args: str, cwd: Path, env: dict[str, str] | None = None):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "renderer", "serve", *args],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **(env or {})},
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.url = ""
        self.brand = ""

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)
            self._queue.put(line)
        self._queue.put(None)

    def wait_serving(self, timeout: float = 120) -> str:
        """The URL printed by the server; fails with everything it said if it never serves."""
        while True:
            try:
                line = self._queue.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError("no URL printed:\n" + self.output()) from None
            if line is None:
                raise AssertionError(f"serve exited {self.proc.wait()}:\n" + self.output())
            m = _URL.search(line)
            if m:
                self.brand, self.url = m.group(1), m.group(2).rstrip("/")
                return self.url

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def output(self) -> str:
        return "".join(self.lines)

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.output()
