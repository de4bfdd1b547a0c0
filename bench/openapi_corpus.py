"""A Mintlify repository -> how many of its `openapi:` / `openapi-schema:` pages resolve to an
operation (or schema), each failure with its located message. Usage:

    python bench/openapi_corpus.py /path/to/mintlify-repo
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

from renderer.core.errors import GuideError, SourcePos
from renderer.openapi.index import SpecIndex
from renderer.openapi.lookup import find_operation, find_schema
from renderer.render.api.html import render_operation
from renderer.render.api.markdown import operation_markdown
from renderer.render.page_html import jinja_env

THEME = Path(__file__).resolve().parent.parent / "site_template"


def front_matter(path: Path) -> tuple[dict, list[str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, lines
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return {}, lines
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        return {}, lines
    return (data if isinstance(data, dict) else {}), lines


def main(root: Path) -> int:
    t0 = time.perf_counter()
    index = SpecIndex(root)
    specs = index.discover()
    for rel in specs:
        spec = index.load(rel)
        print(
            f"spec {rel}: OpenAPI {spec.version}, {len(spec.operations)} operations, "
            f"{len(spec.webhooks)} webhooks, {len(spec.problems)} problems"
        )
        for p in spec.problems:
            print("   ", p.format().replace("\n", "\n    "))
    env = jinja_env([str(THEME)])
    pages = ok = rendered = 0
    failures = []
    for path in sorted(root.rglob("*.mdx")):
        rel = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        fm, lines = front_matter(path)
        for key in ("openapi", "openapi-schema"):
            if key not in fm:
                continue
            pages += 1
            line = next((n for n, t in enumerate(lines, 1) if t.startswith(key + ":")), 1)
            where = SourcePos(rel, line, len(key) + 3)
            page_dir = rel.rpartition("/")[0]
            try:
                if key == "openapi":
                    found = find_operation(
                        index, fm[key], where, lines[line - 1], page_dir=page_dir
                    )
                    for w in found.warnings:
                        print(w.format())
                    html = render_operation(found.operation, env).html
                    if found.operation.path in html and operation_markdown(found.operation):
                        rendered += 1
                else:
                    find_schema(index, fm[key], where, lines[line - 1], page_dir=page_dir)
                ok += 1
            except GuideError as err:
                failures.append(err)
    for err in failures:
        print(str(err))
    took = time.perf_counter() - t0
    print(
        f"{ok} of {pages} pages resolve, {rendered} rendered to HTML and Markdown "
        f"({len(specs)} specs, {index.loads} loads, {took:.2f}s)"
    )
    return 0 if ok == pages else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
