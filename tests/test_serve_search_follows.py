"""The edit loop of `hubdocs serve` never waits for search: with a Pagefind that takes seconds to
start (a real binary behind a wrapper named by $HUBDOCS_PAGEFIND), a save reloads the page
while the index is still being built — a second save during that indexing too — the events say
the search is `updating` until it has caught up, and then the site is byte for byte a full
build of the edited sources."""

from __future__ import annotations

import json
import queue
import socket
import threading
import time
from pathlib import Path

from playwright.sync_api import Page, expect

from renderer.build import build
from renderer.config.mkdocs_yml import load_config
from renderer.search.index import PAGEFIND_ENV, binary

from . import search_view
from .serve_proc import ServeProcess

LEAPSOME = "guides/leapsome/link-account/scim-api-token.mdx"
SLOW = 6.0
"""Seconds the wrapped Pagefind waits before it starts, while the marker file exists."""


class Events:
    """The server's SSE stream, parsed: (event name, data) in a queue."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=120)
        self.sock.sendall(
            f"GET /_hubdocs/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
        )
        self.items: queue.Queue[tuple[str, dict]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.sock.makefile("rb")
        name = ""
        for raw in stream:
            line = raw.decode().rstrip("\r\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: ") and name:
                self.items.put((name, json.loads(line[6:])))
                name = ""

    def until(self, test, timeout: float = 120) -> tuple[float, dict]:
        """The first event whose data passes `test`: (seconds waited, data)."""
        start = time.perf_counter()
        while True:
            left = timeout - (time.perf_counter() - start)
            try:
                name, data = self.items.get(timeout=max(left, 0.01))
            except queue.Empty:
                raise AssertionError("no such event in time") from None
            assert name == "build", data  # never a build error here
            if test(data):
                return time.perf_counter() - start, data


def _serve(project: Path, tmp_path: Path) -> tuple[ServeProcess, Path]:
    """The project's acme site built, then served with a Pagefind that waits `SLOW` seconds
    before it starts while the returned marker file exists."""
    cfg = project / "mkdocs.yml"
    build(load_config(cfg), ["acme"], project / "site", jobs=1)  # with the real Pagefind
    mark = tmp_path / "slow"
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(
        f'#!/bin/sh\nif [ -e "{mark}" ]; then sleep {SLOW}; fi\nexec "{binary("test")}" "$@"\n'
    )
    wrapper.chmod(0o755)
    server = ServeProcess(
        "--config", str(cfg), "--out", str(project / "site"), "--brand", "acme", "--port", "0",
        "--db", str(tmp_path / "db.sqlite3"),
        cwd=project,
        env={PAGEFIND_ENV: str(wrapper)},
    )  # fmt: skip
    return server, mark


def test_a_save_reloads_before_the_search_index_catches_up(project: Path, tmp_path: Path) -> None:
    cfg = project / "mkdocs.yml"
    site = project / "site"
    server, mark = _serve(project, tmp_path)
    try:
        server.wait_serving()
        events = Events(server.port)
        _, first = events.until(lambda d: True)
        # the startup check of the tree (a build: the version moves), then the index is current
        # (one event may say both: waiting for "ready" after the move missed it 1 run in 4)
        _, checked = events.until(
            lambda d: d["version"] > first["version"] and d["search"] == "ready"
        )
        index = site / "acme/pagefind/index.json"
        before = index.read_bytes()
        mark.touch()
        guide = project / LEAPSOME
        text = guide.read_text()
        start = time.perf_counter()
        guide.write_text(text.replace("with an admin user.", "with an admin user zebrafinch."))
        waited, reloaded = events.until(lambda d: d["version"] > checked["version"])
        assert waited < SLOW / 2, waited  # the reload did not wait for Pagefind
        assert reloaded["search"] == "updating"
        page = site / "acme/connectors/leapsome/guides/link-account/scim-api-token.html"
        assert "zebrafinch" in page.read_text()
        assert index.read_bytes() == before  # the index has not caught up yet
        # a second save while the first is being indexed: reloaded at once too
        again = time.perf_counter()
        guide.write_text(text.replace("with an admin user.", "with an admin user okapi."))
        waited, second = events.until(lambda d: d["version"] > reloaded["version"])
        assert waited < SLOW / 2, waited
        assert time.perf_counter() - start < SLOW, "the second reload waited for the index"
        assert "okapi" in page.read_text()
        mark.unlink()  # the next Pagefind starts at once
        events.until(lambda d: d["search"] == "ready", timeout=180)
        assert time.perf_counter() - again > 1.0  # sanity: the index really lagged the reload
        assert index.read_bytes() != before
    finally:
        out = server.stop()
    assert "search index updated" in out, out
    full = project / "full"
    build(load_config(cfg), ["acme"], full, jobs=1, incremental=False)
    assert search_view.contents(site) == search_view.contents(full)


PAGE = "/connectors/leapsome/guides/link-account/scim-api-token"


def test_the_search_box_says_the_index_is_updating_then_finds_the_edit(
    page: Page, project: Path, tmp_path: Path
) -> None:
    server, mark = _serve(project, tmp_path)
    try:
        url = server.wait_serving()
        events = Events(server.port)
        _, first = events.until(lambda d: True)
        events.until(lambda d: d["version"] > first["version"] and d["search"] == "ready")
        page.goto(url + PAGE)
        page.wait_for_timeout(300)  # the event stream is connected
        mark.touch()
        guide = project / LEAPSOME
        guide.write_text(
            guide.read_text().replace("with an admin user.", "with an admin user zebrafinch.")
        )
        expect(page.get_by_text("zebrafinch")).to_be_visible(timeout=SLOW * 1000 / 2)
        page.keyboard.press("/")
        page.locator(".hd-search-input").fill("zebrafinch")
        status = page.locator(".hd-search-status")
        expect(status).to_contain_text("the search index is updating", timeout=10_000)
        mark.unlink()
        results = page.locator(f".hd-search-results a[href^='{PAGE}']")
        expect(results.first).to_be_visible(timeout=120_000)  # found once it caught up
        expect(status).not_to_contain_text("updating")
    finally:
        server.stop()
