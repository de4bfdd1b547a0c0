"""`hubdocs parse FILE...`: sources -> their models as JSON, with a stable key order (the
export format the README documents)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from renderer.commands.project import site_root
from renderer.commands.report import print_problems
from renderer.core import model as m
from renderer.core.errors import GuideError, Problem, SourcePos
from renderer.parse.page import parse_guide

_SKIP = {"body", "front_matter", "cuts", "body_line"}


def to_data(obj: Any) -> Any:
    """Dataclass tree -> plain dicts/lists; each node gets `"node"` (its class) first."""
    if isinstance(obj, m.Span):
        return {"line": obj.line, "end_line": obj.end_line, "col": obj.col}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {"node": type(obj).__name__}
        for f in dataclasses.fields(obj):
            if isinstance(obj, m.Guide) and f.name in _SKIP:
                continue
            out[f.name] = to_data(getattr(obj, f.name))
        return out
    if isinstance(obj, (tuple, list)):
        return [to_data(x) for x in obj]
    return obj


def guide_json(guide: m.Guide) -> dict[str, Any]:
    """The export format documented in the README."""
    data = to_data(guide)
    data["format"] = "hubdocs.guide/1"
    return data


def run(args: argparse.Namespace) -> int:
    """`hubdocs parse FILE...`: the model of each file as JSON on stdout, problems on stderr."""
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
            root = site_root(path)
            # the route below the site folder, wherever the site lives (a `.cache/` or `_work/`
            # folder above it is no part of the page's URL)
            rel = Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
            guide = parse_guide(path, data, rel, root=root, real=path)
        except GuideError as err:
            problems.extend(err.problems)
            continue
        problems.extend(guide.extras.warnings)
        out.append(guide_json(guide))
    if any(p.level == "error" for p in problems):
        print_problems(problems)
        return 1
    if problems:
        print_problems(problems)  # warnings: the model is printed all the same
    doc = out[0] if len(out) == 1 else out
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
