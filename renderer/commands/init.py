"""`hubdocs init [DIR]`: a folder -> a working starter project (config, two brands, two pages)."""

from __future__ import annotations

import argparse
from pathlib import Path

from renderer.commands.new import scaffold_text
from renderer.core.errors import GuideError, Problem, SourcePos

MKDOCS_YML = """\
# One site config for `hubdocs build` / `hubdocs serve` and for `mkdocs build` (the plugin).
site_name: Lumen Docs
site_url: https://docs.lumen.example/
docs_dir: guides
site_dir: site/mkdocs
use_directory_urls: false

theme:
  name: mkdocs

plugins:
  - hubdocs:
      brand: !ENV [HUBDOCS_BRAND, lumen]   # the brand `mkdocs build` renders
      brands: [lumen, partner]             # the brands `hubdocs build` renders
      guides_dir: guides
      brands_dir: brands                     # one folder per brand: brand.yml, logo, overrides
      # theme_dir: site_template             # your overrides of hubdocs' templates and static files
"""

EXAMPLE_BRAND = """\
# The branded site: shows the Hub-only blocks, uses the words as written.
name: Lumen
site_name: Lumen Docs
base_url: https://docs.lumen.example
summary: Connection guides for linking accounts in the Lumen Hub.
logo: logo.svg
colors:
  primary: "#2b59c3"
  accent: "#1f9d8b"
support: mailto:support@lumen.example
connect_endpoint: /api
"""

PARTNER_BRAND = """\
# A white-label copy for a customer: Hub-only blocks dropped, the parent's words replaced.
name: Partner
site_name: Partner Connect Docs
base_url: https://docs.partner.example
whitelabel: true
summary: Guides for connecting your tools to Partner Connect.
terms:
  Lumen Hub: Partner Connect
  Lumen: Partner
logo: logo.svg
colors:
  primary: "#5b3cc4"
  accent: "#e0a100"
connect_endpoint: /api
"""

LOGO = """\
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32" viewBox="0 0 120 32">
  <rect width="32" height="32" rx="6" fill="{color}"/>
  <text x="40" y="22" font-family="sans-serif" font-size="16" fill="{color}">{name}</text>
</svg>
"""

ACCOUNTS = """\
---
title: "Accounts"
description: "How linked accounts appear in the Lumen Hub and the ways to open the Hub to link one."
whitelabel_hide: true
---

The **Accounts** page of the Lumen dashboard lists every account your users linked through the Hub.

## Linking Accounts

There are three ways to open the Hub: embedded in your product, from a link sent by email,
or from the dashboard. Each opens the same Hub, where the user picks a connector, fills in the
fields its guide describes and clicks **Connect**.
"""

GITIGNORE = ("site/", ".hubdocs/")


def starter_files() -> dict[str, str]:
    """Path below the project folder -> text of every file `init` writes."""
    return {
        "mkdocs.yml": MKDOCS_YML,
        "brands/lumen/brand.yml": EXAMPLE_BRAND,
        "brands/lumen/logo.svg": LOGO.format(color="#2b59c3", name="Lumen"),
        "brands/partner/brand.yml": PARTNER_BRAND,
        "brands/partner/logo.svg": LOGO.format(color="#5b3cc4", name="Partner"),
        "guides/guides/accounts-section.mdx": ACCOUNTS,
        "guides/acmecrm/link-account/api-key.mdx": scaffold_text(
            "AcmeCRM", "link-account", "API Key", product="Lumen", accounts_page=True
        ),
    }


def init_project(folder: Path) -> list[Path]:
    """Write the starter into `folder` (created if missing); refuses to overwrite a file.
    Returns the files written, `.gitignore` last (entries appended when it exists)."""
    files = starter_files()
    taken = [rel for rel in files if (folder / rel).exists()]
    if taken:
        raise GuideError(
            [
                Problem(
                    SourcePos(str(folder / rel), 1, 1),
                    "already exists: `hubdocs init` does not overwrite files",
                    "run it in an empty folder, or move this file away",
                )
                for rel in taken
            ]
        )
    written = []
    try:
        for rel, text in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
        ignore = folder / ".gitignore"
        have = ignore.read_text(encoding="utf-8").split("\n") if ignore.is_file() else []
        missing = [e for e in GITIGNORE if e not in have and e.rstrip("/") not in have]
        if missing:
            prefix = "\n" if have and have[-1] != "" else ""
            with ignore.open("a", encoding="utf-8") as fh:
                fh.write(prefix + "".join(f"{e}\n" for e in missing))
            written.append(ignore)
    except OSError as err:
        raise GuideError(
            [
                Problem(
                    SourcePos(str(folder), 1, 1),
                    f"cannot write the starter: {err.strerror}",
                    "pick a folder you can write to",
                )
            ]
        ) from None
    return written


def run(args: argparse.Namespace) -> int:
    """`hubdocs init [DIR]`: the files written, and the commands to run next."""
    folder = Path(args.dir)
    if (folder / "mkdocs.yml").is_file():
        from renderer.commands.init_mkdocs import add_to_mkdocs

        changed = add_to_mkdocs(folder)
        if not args.quiet:
            for path, what in changed:
                print(f"hubdocs: {path}: {what}")
            go = "" if folder.resolve() == Path.cwd().resolve() else f"cd {folder} && "
            print(
                f"  next: {go}hubdocs check && mkdocs build   (or: hubdocs build && hubdocs serve)"
            )
        return 0
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
