"""The `hubdocs` command line: arguments -> the verb's `run(args)` in renderer/commands/
(imported only when called, so `hubdocs serve` starts fast); errors printed for people."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

from renderer import __version__
from renderer.core.env_errors import env_problem
from renderer.core.errors import GuideError

QUIET = "print only problems (no progress, no summary)"
CONFIG = "the site config: mkdocs.yml, docs.json or mint.json (default: whichever is here, in that order)"
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

    si = sub.add_parser(
        "init", help="write a starter project, or add hubdocs to the MkDocs site in DIR"
    )
    si.add_argument("dir", nargs="?", default=".", metavar="DIR", help="where (default: here)")
    si.add_argument("-q", "--quiet", action="store_true", help=QUIET)
    si.set_defaults(verb="init")

    sp = sub.add_parser("parse", help="print the model of guides as JSON")
    sp.add_argument("files", nargs="+", metavar="FILE", help="a .mdx or .md source")
    sp.set_defaults(verb="parse")

    sb = sub.add_parser("build", help="build the site for every brand")
    sb.add_argument("--config", default=None, help=CONFIG)
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
    sb.set_defaults(verb="build")

    sc = sub.add_parser("check", help="validate guides and brands without writing anything")
    sc.add_argument("--config", default=None, help=CONFIG)
    sc.add_argument("--guides", default=None, help=GUIDES)
    sc.add_argument("--strict", action="store_true", help="treat warnings as errors")
    sc.add_argument(
        "--format", choices=("text", "json"), default="text", help="text, or JSON for CI tools"
    )
    sc.add_argument("--jobs", type=int, default=1, help="worker processes (default: 1)")
    sc.add_argument("-q", "--quiet", action="store_true", help=QUIET)
    sc.set_defaults(verb="check")

    sn = sub.add_parser("new", help="scaffold a guide at the right path")
    sn.add_argument("connector", help="connector key, e.g. leapsome or shortcut_pm")
    sn.add_argument("guide_type", metavar="guide-type", help="link-account or connector-profile")
    sn.add_argument("auth_label", metavar="AUTH_LABEL", help='auth method label, e.g. "API Key"')
    sn.add_argument("--name", help="connector display name (default: from the key)")
    sn.add_argument("--config", default=None, help=CONFIG)
    sn.add_argument("--guides", default=None, help=GUIDES)
    sn.add_argument("-q", "--quiet", action="store_true", help=QUIET)
    sn.set_defaults(verb="new")

    sv = sub.add_parser("serve", help="serve one brand with the stub connect API")
    sv.add_argument("--config", default=None, help=CONFIG)
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
    sv.set_defaults(verb="serve")

    sm = sub.add_parser("mcp", help="serve one built brand's docs to AI assistants over MCP")
    sm.add_argument(
        "--brand",
        default=os.environ.get("HUBDOCS_BRAND"),
        help="brand to serve (default: $HUBDOCS_BRAND, else the config's first brand)",
    )
    sm.add_argument("--config", default=None, help=CONFIG)
    sm.add_argument("--out", default="site", help="output folder (default: site)")
    sm.add_argument(
        "--transport",
        choices=("stdio", "http"),
        default="stdio",
        help="stdio (an assistant starts the server) or http (Streamable HTTP on --host/--port)",
    )
    sm.add_argument("--host", default="127.0.0.1", help="http: bind address")
    sm.add_argument("--port", type=int, default=8001, help="http: port (0 = any free)")
    sm.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="http: also answer requests for this Host name (repeatable; others get 421)",
    )
    sm.set_defaults(verb="mcp")

    so = sub.add_parser("score", help="how ready a built brand (or a running server) is for agents")
    so.add_argument("target", nargs="?", help="URL of a running server, or a built brand folder")
    so.add_argument("--brand", default=None, help="score <out>/<brand> (default: every brand)")
    so.add_argument("--out", default="site", help="output folder (default: site)")
    so.add_argument(
        "--min", type=int, default=None, metavar="N", help="exit 1 when a score is below N (0-100)"
    )
    so.add_argument(
        "--format", choices=("text", "json"), default="text", help="text, or JSON for CI tools"
    )
    so.set_defaults(verb="score")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    args.quiet = getattr(args, "quiet", False) or args.quiet_all
    try:
        command = importlib.import_module(f"renderer.commands.{args.verb}")
        return int(command.run(args))
    except GuideError as err:
        from renderer.commands.report import print_problems

        print_problems(err.problems)
        return 1
    except KeyboardInterrupt:
        print("hubdocs: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as err:  # an internal bug: say so plainly, details on request
        problem = env_problem(err)
        if problem is not None:  # the machine's doing (a full disk, a read-only folder)
            print(problem.format(), file=sys.stderr)
            return 1
        print(f"hubdocs: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        if os.environ.get("HUBDOCS_DEBUG"):
            traceback.print_exc()
        else:
            print("hubdocs: set HUBDOCS_DEBUG=1 for details, and please report it", file=sys.stderr)
        return 2
