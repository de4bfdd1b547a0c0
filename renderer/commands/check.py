"""`hubdocs check`: every guide and brand validated without writing anything.

Parse errors, duplicate URLs, broken links and anchors per brand, scopes no action provides,
front-matter fields that disagree with the body, titles off the guide-type patterns.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import replace

from renderer.brand.links import broken_links, file_targets
from renderer.build.full import parse_all
from renderer.commands.project import load_project
from renderer.commands.report import counted
from renderer.config.schema import Config
from renderer.core import model as m
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.core.model import walk
from renderer.parse.fields import derive_fields
from renderer.parse.page import slugify_label
from renderer.vary.site import collect_site, vary_site

_TITLE = {
    "link-account": (
        "Connect {c} with {a} – ",
        "Connect {Connector} with {Auth label} – {Product}",
    ),
    "connector-profile": (
        "{c} {a} connector profile – ",
        "{Connector} {Auth label} connector profile – {Product} setup guide",
    ),
}


def _pos(g: m.Guide, span: m.Span | None = None) -> SourcePos:
    return SourcePos(g.path, span.line if span else 1, span.col if span else 1)


def _line(g: m.Guide, span: m.Span | None) -> str:
    if span is None:
        return g.body.split("\n", 1)[0]
    lines = g.body.split("\n")
    i = span.line - g.body_line
    return lines[i] if 0 <= i < len(lines) else ""


def guide_problems(g: m.Guide) -> list[Problem]:
    """Checks of one guide on its own."""
    out: list[Problem] = []
    provided = {s for a in g.actions for s in a.scopes}
    for node in walk(g.blocks):
        scopes = getattr(node, "scopes", ())
        if not scopes or not isinstance(node, (m.Section, m.Step)):
            continue
        what = "section" if isinstance(node, m.Section) else f"step {node.title!r}"
        for s in scopes:
            if s not in provided:
                hint = (
                    "add an action with this scope to the scope selector, or fix the spelling"
                    if g.actions
                    else "this guide has no scope selector, so nothing can select this scope"
                )
                out.append(
                    Problem(
                        _pos(g, node.span),
                        f"unknown scope `{s}` in {what}: no action provides it",
                        hint,
                        _line(g, node.span),
                    )
                )
    if g.kind != "guide":
        return out
    fm_fields = "fields" in g.front_matter
    if fm_fields:
        body = {f.label for f in derive_fields(g.blocks)}
        declared = {f.label for f in g.fields}
        if body and body != declared:
            missing = sorted(body - declared)
            extra = sorted(declared - body)
            out.append(
                Problem(
                    _pos(g),
                    "front-matter `fields` disagree with the body's field list",
                    f"only in the body: {missing or 'none'}; only in front matter: {extra or 'none'}",
                    level="warning",
                )
            )
    prefix, shape = _TITLE[g.guide_type]
    want = prefix.format(c=g.connector_name, a=g.auth_method)
    if not g.title.startswith(want):
        out.append(
            Problem(
                _pos(g),
                f"title does not follow the {g.guide_type} pattern `{shape}`",
                f"expected it to start with {want!r}",
                level="warning",
            )
        )
    if slugify_label(g.auth_method) != g.auth_slug:
        out.append(
            Problem(
                _pos(g),
                f"file name `{g.auth_slug}` does not match auth method {g.auth_method!r}",
                f"rename it to `{slugify_label(g.auth_method)}.mdx`",
                level="warning",
            )
        )
    if not re.search(r"[.!?]$", g.description):
        out.append(
            Problem(
                _pos(g),
                "description should be one full sentence",
                "end it with a period",
                level="warning",
            )
        )
    return out


def check(cfg: Config, jobs: int = 1) -> list[Problem]:
    """Every problem found, errors and warnings, sorted by file and position."""
    guides, problems = parse_all(cfg, jobs)
    try:
        site = collect_site(guides, home=cfg.nav is not None)  # a Mintlify site's /index
    except GuideError as err:
        return sorted(problems + list(err.problems), key=_key)
    for g in site.all():
        problems += guide_problems(g)
    found: dict[tuple, list[str]] = {}
    lines: dict[tuple, str] = {}
    for brand in cfg.brands:
        variant = vary_site(site, brand, unlink=False)
        files = dict.fromkeys(file_targets(cfg, [brand]))
        for p in broken_links(variant, extra=files):
            key = (p.pos, p.message, p.hint)
            found.setdefault(key, []).append(brand.key)
            lines[key] = lines.get(key) or p.source_line
    every = [b.key for b in cfg.brands]
    for (pos, message, hint), brands in found.items():
        line = lines[(pos, message, hint)]
        if brands != every:
            message += f" (in brand{'s' if len(brands) > 1 else ''} {', '.join(brands)})"
            hint = "the target exists only where it is not hidden; " + hint
        problems.append(Problem(pos, message, hint, line))
    return sorted(problems, key=_key)


def _key(p: Problem) -> tuple:
    return (p.pos.path, p.pos.line, p.pos.col, p.message)


def run(args: argparse.Namespace) -> int:
    """`hubdocs check`: every problem as text or JSON; exit 1 on errors (warnings too with --strict)."""
    try:
        cfg = load_project(args.config, args.guides)
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
            warnings = counted(len(problems) - errors, "warning")
            print(f"hubdocs check: {counted(errors, 'error')}, {warnings}")
        elif not args.quiet:
            print("hubdocs check: no problems")
    return 1 if errors else 0
