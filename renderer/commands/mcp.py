"""`hubdocs mcp`: one built brand's docs served to AI assistants over MCP (stdio or Streamable
HTTP; the server is renderer/serve/mcp.py). The brand: --brand, else $HUBDOCS_BRAND, else the
project's first brand."""

from __future__ import annotations

import argparse

from renderer.commands.project import load_project


def run(args: argparse.Namespace) -> int:
    from renderer.serve.mcp import main

    if not args.brand:
        args.brand = load_project(args.config).brands[0].key
    return main(args)
