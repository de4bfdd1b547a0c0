"""The `hubdocs` command line: build | serve | check | parse | new."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace

from . import __version__
from .errors import GuideError, Problem, SourcePos


def group_problems(problems: Sequence[Problem]) -> list[Problem]:
    """One problem per distinct cause per file: repeats of the same message in the same file
    are folded into the first (`unknown component <Update> (126 uses; first here)`)."""
    first: dict[tuple[str, str, str, str], int] = {}
    counts: list[int] = []
    out: list[Problem] = []
    for p in problems:
        key = (p.pos.path, p.level, p.message, p.hint)
        if key in first:
            counts[first[key]] += 1
            continue
        first[key] = len(out)
        out.append(p)
        counts.append(1)
    return [
        replace(p, message=f"{p.message} ({n} uses; first here)") if n > 1 else p
        for p, n in zip(out, counts, strict=True)
    ]


def _print_problems(problems: Sequence[Problem]) -> None:
    problems = group_problems(problems)
    errors = sum(1 for p in problems if p.level == "error")
    notes = sum(1 for p in problems if p.level == "note")
    warnings = len(problems) - errors - notes
    for p in problems:
        print(p.format(), file=sys.stderr)
    if errors or warnings:
        summary = f"{errors} error{'s' if errors != 1 else ''}"
        if warnings:
            summary += f", {warnings} warning{'s' if warnings != 1 else ''}"
        files = len({p.pos.path for p in problems if p.level == "error"})
        if errors:
            summary += f" (in {files} file{'s' if files != 1 else ''})"
        print(f"hubdocs: {summary}", file=sys.stderr)


def _site_root(path: str) -> str:
    """Where `/snippets/…` imports of a file resolve: the nearest folder above it that holds
    docs.json or mint.json, else the nearest `guides` folder, else the file's own folder."""
    from pathlib import Path

    here = Path(path).resolve().parent
    for folder in (here, *here.parents):
        if (folder / "docs.json").is_file() or (folder / "mint.json").is_file():
            return str(folder)
    for folder in (here, *here.parents):
        if folder.name == "guides":
            return str(folder)
    return str(here)


def cmd_parse(args: argparse.Namespace) -> int:
    from .jsonout import guide_json
    from .parse import parse_guide

    problems: list[Problem] = []
    out = []
    for path in args.files:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as err:
            problems.append(Problem(SourcePos(path, 1, 1), f"cannot read: {err.strerror}"))
            continue
        try:
            guide = parse_guide(path, data, root=_site_root(path), real=path)
        except GuideError as err:
            problems.extend(err.problems)
            continue
        problems.extend(guide.front_matter.get("_warnings", ()))
        out.append(guide_json(guide))
    if any(p.level == "error" for p in problems):
        _print_problems(problems)
        return 1
    if problems:
        _print_problems(problems)  # warnings: the model is printed all the same
    doc = out[0] if len(out) == 1 else out
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build, stderr_progress
    from .config import load_config
    from .mintlify_config import find_config

    cfg = load_config(find_config(args.config), args.guides, args.twins)
    if args.strict:
        from .check import check

        problems = check(cfg, args.jobs or 1)
        if problems:
            _print_problems([replace(p, level="error") for p in problems])
            return 1
    progress = None if args.quiet else stderr_progress()
    tty = progress is not None and sys.stderr.isatty()
    brands = args.brand
    if args.shard:
        try:
            index, count = (int(x) for x in args.shard.split("/"))
            if not 1 <= index <= count:
                raise ValueError
        except ValueError:
            print(
                f"hubdocs: --shard takes I/N with 1 <= I <= N, got {args.shard!r}", file=sys.stderr
            )
            return 1
        brands = [
            k for n, k in enumerate(brands or [b.key for b in cfg.brands]) if n % count == index - 1
        ]
        if not brands:
            print(f"hubdocs: shard {args.shard} has no brand to build", file=sys.stderr)
            return 0
    report = build(
        cfg, brands, args.out, args.twins, args.jobs, progress, not args.full,
        keep_going=args.keep_going,
    )  # fmt: skip
    if tty:
        sys.stderr.write("\r\033[K")
    failed = any(p.level == "error" for p in report.problems)
    _print_problems([p for p in report.problems if failed or not args.quiet])
    for note in report.notes:  # never a silent cut: printed even with --quiet
        print(f"hubdocs: note: {note}", file=sys.stderr)
    if not args.quiet:
        brands = ", ".join(b.brand for b in report.brands)
        print(
            f"hubdocs: built {report.guides} pages × {len(report.brands)} brand"
            f"{'s' if len(report.brands) != 1 else ''} ({brands}): {report.files} files "
            f"in {report.seconds:.2f} s -> {args.out}/"
            + (f" (full build: {report.reason})" if report.reason else "")
            + (" (incremental)" if report.mode == "incremental" else "")
        )
    if failed:
        print("hubdocs: --keep-going: pages with errors were left out; exit 1", file=sys.stderr)
    return 1 if failed else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve_cmd import cmd_serve as run

    return run(args)


def cmd_check(args: argparse.Namespace) -> int:
    from .check import check
    from .config import load_config

    try:
        cfg = load_config(args.config, args.guides)
        problems = check(cfg, args.jobs)
    except GuideError as err:
        problems = list(err.problems)
    if args.strict:
        problems = [replace(p, level="error") for p in problems]
    errors = sum(p.level == "error" for p in problems)
    if args.format == "json":
        doc = {
            "problems": [p.as_dict() for p in problems],
            "errors": errors,
            "warnings": len(problems) - errors,
        }
        json.dump(doc, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for p in problems:
            print(p.format(with_level=True))
        if problems:
            print(f"hubdocs check: {errors} errors, {len(problems) - errors} warnings")
        elif not args.quiet:
            print("hubdocs check: no problems")
    return 1 if errors else 0


def cmd_new(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .config import load_config
    from .scaffold import new_guide

    product = "StackOne"
    if args.guides:
        guides = Path(args.guides)
    else:
        cfg = load_config(args.config)
        guides = cfg.guides_dir
        branded = [b for b in cfg.brands if not b.whitelabel]
        product = branded[0].name if branded else product
    path = new_guide(guides, args.connector, args.guide_type, args.auth_label, args.name, product)
    if not args.quiet:
        print(f"hubdocs: created {path}")
        print("  next: edit it, then run `hubdocs check` and `hubdocs serve` to preview")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .starter import init_project

    folder = Path(args.dir)
    written = init_project(folder)
    if not args.quiet:
        for path in written:
            print(f"hubdocs: wrote {path}")
        go = "" if folder.resolve() == Path.cwd().resolve() else f"cd {folder} && "
        print(f"  next: {go}hubdocs check && hubdocs build && hubdocs serve")
    return 0


QUIET = "print only problems (no progress, no summary)"
CONFIG = "the site config (default: mkdocs.yml)"
GUIDES = "the guides folder (default: the config's guides_dir, else docs_dir)"


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hubdocs",
        description="Render connection guides into branded and white-label docs sites.",
        epilog="Start a project with `hubdocs init`; `hubdocs COMMAND --help` tells more.",
    )
    p.add_argument("--version", action="version", version=f"hubdocs {__version__}")
    p.add_argument("-q", "--quiet", dest="quiet_all", action="store_true", help=QUIET)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    si = sub.add_parser("init", help="write a starter project (config, two brands, a guide)")
    si.add_argument("dir", nargs="?", default=".", metavar="DIR", help="where (default: here)")
    si.add_argument("-q", "--quiet", action="store_true", help=QUIET)
    si.set_defaults(func=cmd_init)

    sp = sub.add_parser("parse", help="print the model of guides as JSON")
    sp.add_argument("files", nargs="+", metavar="FILE", help="a .mdx or .md source")
    sp.set_defaults(func=cmd_parse)

    sb = sub.add_parser("build", help="build the site for every brand")
    sb.add_argument(
        "--config",
        default=None,
        help="site config: mkdocs.yml, docs.json or mint.json (default: whichever is here, "
        "in that order)",
    )
    sb.add_argument("--guides", default=None, help=GUIDES)
    sb.add_argument("--brand", action="append", help="build only this brand (repeatable)")
    sb.add_argument("--out", default="site", help="output folder (default: site)")
    sb.add_argument(
        "--twins",
        choices=("faithful", "clean"),
        default=None,
        help="Markdown twins as written, or flattened to plain Markdown (default: the config's)",
    )
    sb.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    sb.add_argument("-q", "--quiet", action="store_true", help=QUIET)
    sb.add_argument(
        "--strict", action="store_true", help="run `hubdocs check --strict` first: warnings fail"
    )
    sb.add_argument("--full", action="store_true", help="ignore the cache: rebuild every page")
    sb.add_argument(
        "--keep-going",
        action="store_true",
        help="write every page without errors, list every error, exit 1 (a first look at a "
        "large repository)",
    )
    sb.add_argument(
        "--shard", metavar="I/N", help="build every N-th brand, starting at the I-th (CI fan-out)"
    )
    sb.set_defaults(func=cmd_build)

    sc = sub.add_parser("check", help="validate guides and brands without writing anything")
    sc.add_argument("--config", default="mkdocs.yml", help=CONFIG)
    sc.add_argument("--guides", default=None, help=GUIDES)
    sc.add_argument("--strict", action="store_true", help="treat warnings as errors")
    sc.add_argument(
        "--format", choices=("text", "json"), default="text", help="text, or JSON for CI tools"
    )
    sc.add_argument("--jobs", type=int, default=1, help="worker processes (default: 1)")
    sc.add_argument("-q", "--quiet", action="store_true", help=QUIET)
    sc.set_defaults(func=cmd_check)

    sn = sub.add_parser("new", help="scaffold a guide at the right path")
    sn.add_argument("connector", help="connector key, e.g. leapsome or shortcut_pm")
    sn.add_argument("guide_type", metavar="guide-type", help="link-account or connector-profile")
    sn.add_argument("auth_label", metavar="AUTH_LABEL", help='auth method label, e.g. "API Key"')
    sn.add_argument("--name", help="connector display name (default: from the key)")
    sn.add_argument("--config", default="mkdocs.yml", help=CONFIG)
    sn.add_argument("--guides", default=None, help=GUIDES)
    sn.add_argument("-q", "--quiet", action="store_true", help=QUIET)
    sn.set_defaults(func=cmd_new)

    sv = sub.add_parser("serve", help="serve one brand with the stub connect API")
    sv.add_argument("--config", default="mkdocs.yml", help=CONFIG)
    sv.add_argument("--guides", default=None, help=GUIDES)
    sv.add_argument(
        "--brand",
        default=None,
        help="brand to serve (default: $HUBDOCS_BRAND, else the config's first brand)",
    )
    sv.add_argument(
        "--host",
        default="127.0.0.1",
        help="bind address (default: 127.0.0.1; 0.0.0.0 = every interface, e.g. in a container)",
    )
    sv.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 = any free)")
    sv.add_argument(
        "--allow-host",
        action="append",
        metavar="NAME",
        help="also answer requests for this Host name (repeatable; others get 421)",
    )
    sv.add_argument("--open", action="store_true", help="open the site in the web browser")
    sv.add_argument("--db", default=".hubdocs/connect.sqlite3", help="SQLite file of the stub API")
    sv.add_argument("--out", default="site", help="output folder (default: site)")
    sv.add_argument(
        "--no-build",
        action="store_true",
        help="serve what is built already, without checking the sources first",
    )
    sv.add_argument("--no-watch", action="store_true", help="no rebuild on change, no live reload")
    sv.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="worker processes for the first build (default: cores)",
    )
    sv.set_defaults(func=cmd_serve)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    args.quiet = getattr(args, "quiet", False) or args.quiet_all
    try:
        return int(args.func(args))
    except GuideError as err:
        _print_problems(err.problems)
        return 1
    except KeyboardInterrupt:
        print("hubdocs: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as err:  # an internal bug: say so plainly, details on request
        print(f"hubdocs: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        if os.environ.get("HUBDOCS_DEBUG"):
            traceback.print_exc()
        else:
            print("hubdocs: set HUBDOCS_DEBUG=1 for details, and please report it", file=sys.stderr)
        return 2
