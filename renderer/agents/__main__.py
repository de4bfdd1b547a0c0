"""`python -m renderer.agents mcp|score ...`: the two commands until `hubdocs` has them."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("mcp", "score"):
        print("usage: python -m renderer.agents mcp|score [options]", file=sys.stderr)
        return 2
    if argv[0] == "mcp":
        from .mcp_server import run
    else:
        from .score import run
    return run(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
