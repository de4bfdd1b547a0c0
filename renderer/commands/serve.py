"""The `hubdocs serve` command: args -> a listening server at once (what is on disk), the
build check and the connect forms in the background, live reload on save."""

from __future__ import annotations

import argparse
import errno
import os
import re
import sqlite3
import stat
import sys
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from renderer.core import model as m
from renderer.serve.hosts import WILDCARDS

WARM_UP_DELAY = 1.0
"""Seconds the watcher and the first check wait for the first answer before they start (they
import the renderer and watchfiles, which would slow that answer down)."""
_CONNECTOR = re.compile(r"^[a-z0-9][a-z0-9_]{0,99}\Z")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+){0,30}\Z")


def serve_url(host: str, port: int) -> str:
    """The URL to print and open: a wildcard bind is reached through localhost."""
    shown = "localhost" if host in WILDCARDS else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/"


def bind_error(err: OSError, host: str, port: int) -> str:
    """A bind failure as a message for people (no traceback)."""
    where = f"{host}:{port}"
    if err.errno == errno.EADDRINUSE:
        return (
            f"hubdocs: cannot serve on {where}: the port is already in use\n"
            "  hint: stop the program using it, or pick another port (`--port 0` picks a free one)"
        )
    if err.errno == errno.EACCES:
        return (
            f"hubdocs: cannot serve on {where}: permission denied\n"
            "  hint: ports below 1024 need privileges; use a port such as 8000"
        )
    reason = err.strerror or str(err)
    return (
        f"hubdocs: cannot serve on {where}: {reason}\n"
        "  hint: --host takes an address of this machine (127.0.0.1, 0.0.0.0 for every interface)"
    )


class GuideForms:
    """The connect forms, read on demand: (provider, auth_method) -> the fields of
    `guides/<provider>/link-account/<auth_method>.mdx` (or `.md`). Each source is parsed when
    first asked for and again only when its size or mtime moved, so `serve` never reads the
    whole tree for the API, and an edit shows even without the watcher."""

    def __init__(self, guides_dir: Path, embed_hosts: frozenset[str] | None = None):
        self.guides_dir = guides_dir
        self.embed_hosts = embed_hosts
        self.lock = threading.Lock()
        self.seen: dict[str, tuple[tuple[int, int], tuple[m.Field, ...] | None]] = {}

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None

    def get(self, key: object, default: Any = None) -> Any:
        if not (isinstance(key, tuple) and len(key) == 2):
            return default
        provider, method = key
        if not (isinstance(provider, str) and _CONNECTOR.match(provider)):
            return default
        if not (isinstance(method, str) and _SLUG.match(method)):
            return default
        for suffix in (".mdx", ".md"):
            fields = self._read(f"{provider}/link-account/{method}{suffix}", provider, method)
            if fields:
                return fields
        return default

    def _read(self, rel: str, provider: str, method: str) -> tuple[m.Field, ...] | None:
        from renderer.core.errors import GuideError
        from renderer.parse.page import parse_file

        path = self.guides_dir / rel
        try:
            st = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode):  # like the build: no symlinks, no devices
            return None
        stamp = (st.st_mtime_ns, st.st_size)
        with self.lock:
            known = self.seen.get(rel)
        if known is not None and known[0] == stamp:
            return known[1]
        try:
            if self.embed_hosts is None:
                g = parse_file(rel, str(path), rel)
            else:
                g = parse_file(rel, str(path), rel, self.embed_hosts)
            ok = not g.draft and g.connector == provider and g.auth_slug == method
            fields = g.fields if ok and g.fields else None
        except GuideError:
            fields = None  # no form until the guide is fixed
        with self.lock:
            self.seen[rel] = (stamp, fields)
        return fields


def run(args: argparse.Namespace) -> int:
    from renderer.commands.project import load_project
    from renderer.serve.connect_store import ConnectStore
    from renderer.serve.live import Broker
    from renderer.serve.server import State, make_server

    cfg = load_project(args.config, args.guides)
    key = args.brand or os.environ.get("HUBDOCS_BRAND") or cfg.brands[0].key
    known = [b.key for b in cfg.brands]
    if key not in known:
        print(f"hubdocs: unknown brand {key!r}", file=sys.stderr)
        print(f"  hint: known brands: {', '.join(known)}", file=sys.stderr)
        return 1
    brand = cfg.brand(key)
    out = Path(args.out)
    try:
        forms = GuideForms(cfg.guides_dir, cfg.embed_hosts)
        store = ConnectStore(args.db, forms) if brand.connect_endpoint else None
    except (OSError, sqlite3.Error) as err:
        print(f"hubdocs: {args.db}: cannot open the connect database: {err}", file=sys.stderr)
        print("  hint: pick a writable file with --db PATH", file=sys.stderr)
        return 1
    state = State(out / key, brand, store)
    try:
        server = make_server(args.host, args.port, state, allow=tuple(args.allow_host or ()))
    except OSError as err:
        print(bind_error(err, args.host, args.port), file=sys.stderr)
        return 1
    stop = threading.Event()
    try:
        first_build = not (out / key / "index.html").is_file()
        if first_build:  # nothing to serve yet: build before answering
            from renderer.build import build

            build(cfg, [key], out, jobs=args.jobs)
        if not args.no_watch:
            state.broker = Broker()
            state.live_js = cfg.theme_file("static/live.js").read_bytes()
        port = server.server_address[1]
        url = serve_url(args.host, port)
        where = f" (listening on {args.host}:{port})" if args.host in WILDCARDS else ""
        print(f"hubdocs: serving {key} at {url}{where} (Ctrl-C stops)", flush=True)
        background(args, cfg, key, out, state, stop, not first_build)
        if args.open:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        if state.broker is not None:
            state.broker.close()
        state.close()  # the MCP bridge, when a request to /mcp started it
        server.server_close()
        if store is not None:
            store.close()
    return 0


def background(
    args: argparse.Namespace,
    cfg: Any,
    key: str,
    out: Path,
    state: Any,
    stop: threading.Event,
    check: bool,
) -> None:
    """Start the threads that bring what is served up to date: the first check of the tree
    (`check`, unless --no-build) and the watcher. Both import the build on their own thread:
    the first answer does not wait for it."""
    from renderer.commands.project import load_project
    from renderer.core.env_errors import env_problem
    from renderer.core.errors import GuideError
    from renderer.serve.live import SearchFollower, paths_below, rebuilder, watch

    brand = cfg.brand(key)
    lock = threading.Lock()
    jobs = [args.jobs]
    follower: list[SearchFollower] = []
    """With live reload: the thread that brings the search index up to date after a rebuild
    (the reload does not wait for it)."""

    def build_once(paths: set[str] | None, pages_ready: Callable[[], None]) -> None:
        from renderer.build import build

        nonlocal cfg
        hint = paths_below(paths, cfg.guides_dir)
        if hint is None:  # the config, theme or brand may have changed too
            cfg = load_project(args.config, args.guides)
            state.refresh(cfg.brand(key))
        defer = bool(follower) and bool(paths)  # a save: the index catches up after the reload
        if follower:
            follower[0].rebuilding()
        try:
            report = build(
                cfg,
                [key],
                out,
                jobs=jobs[0],
                changed=hint,
                pages_done=pages_ready,
                defer_search=defer,
            )
        finally:
            if follower:
                follower[0].wake()
        jobs[0] = 1
        if report.reason:
            print(f"hubdocs: full build: {report.reason}", file=sys.stderr, flush=True)

    if state.broker is not None:
        runner = rebuilder(build_once, state.broker, sys.stderr)
    else:

        def runner(paths: set[str]) -> None:
            try:
                build_once(None, lambda: None)
            except GuideError as err:
                print(
                    f"hubdocs: build failed, serving the last good build:\n{err}", file=sys.stderr
                )
            except Exception as err:  # a bug must not stop the server
                problem = env_problem(err)
                if problem is not None:  # a full disk, a read-only folder
                    print(f"hubdocs: build failed:\n{problem.format()}", file=sys.stderr)
                else:
                    print(f"hubdocs: internal error in the build: {err}", file=sys.stderr)

    def locked(paths: set[str]) -> None:
        with lock:
            runner(paths)

    if state.broker is not None:
        from renderer.build import search_catch_up

        follower.append(
            SearchFollower(
                lambda current: search_catch_up(cfg, key, out, current),
                lambda: locked(set()),
                state.broker,
                sys.stderr,
            )
        )

    def startup() -> None:
        state.answered.wait(WARM_UP_DELAY)
        if state.broker is not None:
            themes = cfg.theme_path or (cfg.theme_dir,)
            paths = [cfg.guides_dir, *themes, cfg.config_path, brand.folder]
            threading.Thread(target=watch, args=(paths, locked, stop), daemon=True).start()
        state.refresh(brand)  # the renderer imported here, not on the first request
        if check and not args.no_build:
            locked(set())

    threading.Thread(target=startup, name="hubdocs-startup", daemon=True).start()
