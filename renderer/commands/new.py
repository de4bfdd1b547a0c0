"""`hubdocs new`: a guide skeleton at the right path, with the title and description patterns."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from renderer.commands.project import load_project
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.core.model import GUIDE_TYPES
from renderer.parse.page import slugify_label

_KEY = re.compile(r"^[a-z0-9][a-z0-9_]*$")


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scaffold_text(
    name: str, gtype: str, auth: str, product: str = "StackOne", accounts_page: bool = True
) -> str:
    """The source of a new guide that passes `hubdocs check` and `hubdocs build` as it is
    (`product`: the branded site's name; `accounts_page`: the project has
    /guides/accounts-section to link to)."""
    if gtype == "link-account":
        title = f"Connect {name} with {auth} – {product} Hub"
        desc = f"Link a {name} account in the {product} Hub using {auth}."
    else:
        title = f"{name} {auth} connector profile – {product} setup guide"
        desc = f"Set up the {name} {auth} connector profile once for your organization."
    methods = (
        '<a href="/guides/accounts-section#linking-accounts">Linking Account Methods</a>'
        if accounts_page
        else "Linking Account Methods"
    )
    out = [
        "---",
        f"title: {_yaml_str(title)}",
        f"description: {_yaml_str(desc)}",
        "---",
        "",
        f"<Note>Replace this note with what the reader needs before starting (for example, admin rights in {name}).</Note>",
        "",
        '<section data-guide-section data-guide-scopes="">',
        f"  <h2>Get your {auth} credentials</h2>",
        "",
        f"  <p>Say in one or two sentences where {name} keeps these credentials.</p>",
        "",
        "  <Steps>",
        f'    <Step title="Sign in to {name}">',
        '      <div data-guide-step data-guide-scopes="" data-guide-display-scopes-list="">',
        f"        <p>Sign in to {name} with an admin user.</p>",
        "      </div>",
        "    </Step>",
        "",
        '    <Step title="Create the credentials">',
        '      <div data-guide-step data-guide-scopes="" data-guide-display-scopes-list="">',
        "        <p>Go to <strong>Settings → API</strong> and create them. Copy them somewhere safe.</p>",
        "      </div>",
        "    </Step>",
        "  </Steps>",
        "</section>",
        "",
    ]
    if gtype == "link-account":
        out += [
            "<div data-whitelabel-hide>",
            "  <h2>Linking the Account from the Hub</h2>",
            "",
            "  <Steps>",
            '    <Step title="Navigate to the Hub">',
            f"      Use one of the three {methods} to access the Hub.",
            "    </Step>",
            "",
            '    <Step title="Fill out the fields">',
            "      Fill out the following fields using details from your provider:",
            "",
            "      <ul>",
            f"        <li><strong>{auth}</strong></li>",
            "      </ul>",
            "    </Step>",
            "",
            '    <Step title="Connect">',
            "      <ul>",
            "        <li>Click <strong>Connect</strong></li>",
            "        <li>Once authorization is successful, you will see a confirmation popup</li>",
            "      </ul>",
            "    </Step>",
            "  </Steps>",
            "</div>",
            "",
        ]
    return "\n".join(out)


def new_guide(
    guides_dir: Path,
    connector: str,
    gtype: str,
    auth: str,
    name: str | None,
    product: str = "StackOne",
) -> Path:
    """Write the scaffold; refuses bad names and existing files. The Hub step links to the
    accounts page only when the project has one."""
    where = SourcePos("hubdocs new", 1, 1)
    problems = []
    if not _KEY.match(connector):
        problems.append(
            Problem(
                where,
                f"connector key {connector!r} must be lowercase letters, digits and _",
                "e.g. shortcut_pm or 7shifts",
            )
        )
    if gtype not in GUIDE_TYPES:
        problems.append(
            Problem(where, f"guide type {gtype!r} must be one of {', '.join(GUIDE_TYPES)}")
        )
    slug = slugify_label(auth)
    if not slug or "\n" in auth:
        problems.append(Problem(where, "the auth label needs letters or digits", 'e.g. "API Key"'))
    if problems:
        raise GuideError(problems)
    path = guides_dir / connector / gtype / f"{slug}.mdx"
    if path.exists():
        raise GuideError(
            [
                Problem(
                    SourcePos(str(path), 1, 1),
                    "a guide already exists here",
                    "edit it, or pick another auth label",
                )
            ]
        )
    display = name or connector.replace("_", " ").title()
    path.parent.mkdir(parents=True, exist_ok=True)
    accounts = any(
        (guides_dir / "guides" / f"accounts-section{x}").is_file() for x in (".mdx", ".md")
    )
    path.write_text(scaffold_text(display, gtype, auth, product, accounts), encoding="utf-8")
    return path


def run(args: argparse.Namespace) -> int:
    """`hubdocs new`: the guide file, and what to do next."""
    product = "StackOne"
    if args.guides:
        guides = Path(args.guides)
    else:
        cfg = load_project(args.config)
        guides = cfg.guides_dir
        branded = [b for b in cfg.brands if not b.whitelabel]
        product = branded[0].name if branded else product
    path = new_guide(guides, args.connector, args.guide_type, args.auth_label, args.name, product)
    if not args.quiet:
        print(f"hubdocs: created {path}")
        print("  next: edit it, then run `hubdocs check` and `hubdocs serve` to preview")
    return 0
