"""`hubdocs build`: args -> the build of every selected brand, its problems and a summary."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from renderer.build import build
from renderer.commands.project import load_project
from renderer.commands.report import print_problems, stderr_progress


def run(args: argparse.Namespace) -> int:
    """`hubdocs build`: every brand, or those asked for; the summary and every problem."""
    cfg = load_project(args.config, args.guides, args.twins, args.keep_going)
    if args.strict:
        from renderer.commands.check import check

        problems = check(cfg, args.jobs or 1)
        if problems:
            print_problems([replace(p, level="error") for p in problems])
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
    print_problems([p for p in report.problems if failed or not args.quiet])
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
