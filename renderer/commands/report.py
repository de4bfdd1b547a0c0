"""What a command prints on stderr: problems (one message per cause per file, then a count) and
the build's progress."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import replace

from renderer.core.errors import Problem


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


def counted(n: int, noun: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{n} {noun}{'s' if n != 1 else ''}"


def print_problems(problems: Sequence[Problem]) -> None:
    """Every problem (grouped) on stderr, then `hubdocs: N errors, M warnings (in K files)`."""
    problems = group_problems(problems)
    errors = sum(1 for p in problems if p.level == "error")
    notes = sum(1 for p in problems if p.level == "note")
    warnings = len(problems) - errors - notes
    for p in problems:
        print(p.format(), file=sys.stderr)
    if errors or warnings:
        summary = counted(errors, "error")
        if warnings:
            summary += f", {counted(warnings, 'warning')}"
        files = len({p.pos.path for p in problems if p.level == "error"})
        if errors:
            summary += f" (in {counted(files, 'file')})"
        print(f"hubdocs: {summary}", file=sys.stderr)


def stderr_progress() -> Callable[[str], None]:
    """Progress on stderr: one line rewritten in place on a terminal; elsewhere (CI logs) one
    line per finished phase (messages ending in "…" are phases starting, left out there)."""
    if not sys.stderr.isatty():

        def line(msg: str) -> None:
            if not msg.endswith("…"):
                print(f"hubdocs: {msg}", file=sys.stderr, flush=True)

        return line

    def show(msg: str) -> None:
        sys.stderr.write(f"\r\033[K  hubdocs: {msg.rstrip('…')}…")
        sys.stderr.flush()

    return show
