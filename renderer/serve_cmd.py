"""The `hubdocs serve` command: args -> a listening server at once (what is on disk), the
build check and the connect forms in the background, live reload on save."""

from __future__ import annotations

import argparse
import errno
import os
import sqlite3
import sys
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import model as m
from .hosts import WILDCARDS


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


def read_forms(cfg: Any) -> dict[tuple[str, str], tuple[m.Field, ...]]:
    """(provider, auth_method) -> fields, parsing only the link-account guides (a guide that
    does not parse has no form until it is fixed)."""
    from .discover import scan_tree
    from .errors import GuideError
    from .parse import parse_file, route

    out = {}
    for shown, rel in scan_tree(cfg.guides_dir).files:
        if route(rel)[2] != "link-account":
            continue
        try:
            g = parse_file(shown, str(cfg.guides_dir / rel), rel)
        except GuideError:
            continue
        if g.fields and not g.draft:
            out[(g.connector, g.auth_slug)] = g.fields
    return out


def cmd_serve(args: argparse.Namespace) -> int:
    from .build import build
    from .config import load_config
    from .connect_stub import ConnectStore, form_fields
    from .live import Broker
    from .serve import State, make_server

    cfg = load_config(args.config, args.guides)
    key = args.brand or os.environ.get("HUBDOCS_BRAND") or cfg.brands[0].key
    known = [b.key for b in cfg.brands]
    if key not in known:
        print(f"hubdocs: unknown brand {key!r}", file=sys.stderr)
        print(f"  hint: known brands: {', '.join(known)}", file=sys.stderr)
        return 1
    brand = cfg.brand(key)
    out = Path(args.out)
    try:
        store = ConnectStore(args.db) if brand.connect_endpoint else None
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
            report = build(cfg, [key], out, jobs=args.jobs)
            if store is not None:
                store.set_guides(form_fields(report.site) if report.site else read_forms(cfg))
        if not args.no_watch:
            state.broker = Broker()
            state.live_js = (cfg.theme_dir / "static" / "live.js").read_bytes()
        port = server.server_address[1]
        url = serve_url(args.host, port)
        where = f" (listening on {args.host}:{port})" if args.host in WILDCARDS else ""
        print(f"hubdocs: serving {key} at {url}{where} (Ctrl-C stops)", flush=True)
        background(args, cfg, key, out, store, state, stop, not first_build)
        if args.open:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        if state.broker is not None:
            state.broker.close()
        server.server_close()
        if store is not None:
            store.close()
    return 0


def background(
    args: argparse.Namespace,
    cfg: Any,
    key: str,
    out: Path,
    store: Any,
    state: Any,
    stop: threading.Event,
    check: bool,
) -> None:
    """Start the threads that bring what is served up to date: the first check of the tree
    (`check`, unless --no-build), the connect forms, and the watcher."""
    from .build import build
    from .config import load_config
    from .connect_stub import form_fields
    from .errors import GuideError
    from .live import paths_below, rebuilder, watch

    brand = cfg.brand(key)
    lock = threading.Lock()
    jobs = [args.jobs]

    def build_once(paths: set[str] | None, pages_ready: Callable[[], None]) -> None:
        nonlocal cfg
        hint = paths_below(paths, cfg.guides_dir)
        if hint is None:  # the config, theme or brand may have changed too
            cfg = load_config(args.config, args.guides)
        report = build(cfg, [key], out, jobs=jobs[0], changed=hint, pages_done=pages_ready)
        jobs[0] = 1
        if store is not None and report.site is not None:
            store.set_guides(form_fields(report.site))

    def forms() -> None:
        if store is not None and not store.ready.is_set():
            try:
                store.set_guides(read_forms(cfg))
            except Exception as err:  # never leave API requests waiting
                print(f"hubdocs: cannot read the connect forms: {err}", file=sys.stderr)
                store.set_guides({})

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
                print(f"hubdocs: internal error in the build: {err}", file=sys.stderr)

    def locked(paths: set[str]) -> None:
        with lock:
            runner(paths)

    def startup() -> None:
        if check and not args.no_build:
            locked(set())
        forms()

    threading.Thread(target=startup, name="hubdocs-startup", daemon=True).start()
    if state.broker is not None:
        paths = [cfg.guides_dir, cfg.theme_dir, cfg.config_path, brand.folder]
        threading.Thread(target=watch, args=(paths, locked, stop), daemon=True).start()
