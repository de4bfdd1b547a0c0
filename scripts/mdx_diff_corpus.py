"""Run the differential MDX oracle (tests/mdx_oracle.py) over every `.mdx` page of a repository.

    python scripts/mdx_diff_corpus.py ROOT [--pipeline mintlify|mdx] [--json OUT] [--show N]

Prints the share of pages whose element trees agree (MDX 3 with Mintlify's remark plugins vs
hubdocs), then the disagreements grouped by category, ranked by pages affected, each with an
example `path:line`. Snippets (`snippets/` folders) are not pages; they are read where used.
`--json OUT` writes every page's verdict and differences; `--show N` prints the full report
(both trees) of the first N disagreeing pages. Needs `npm ci --prefix tests/oracle`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "tests"))
sys.path.insert(0, str(HERE))

import mdx_oracle as mo  # noqa: E402

SKIP_DIRS = {"node_modules", "snippets", ".git"}


def pages(root: Path) -> list[Path]:
    """Every `.mdx` page below `root`, snippets and hidden folders left out."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        out.extend(Path(dirpath) / f for f in sorted(filenames) if f.endswith(".mdx"))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", type=Path)
    ap.add_argument("--pipeline", default="mintlify", choices=("mintlify", "mdx"))
    ap.add_argument("--json", type=Path, help="write every page's verdict here")
    ap.add_argument("--show", type=int, default=0, help="print N full disagreement reports")
    ap.add_argument(
        "--chunk", type=int, default=200, help="pages per oracle process (a loaded machine)"
    )
    args = ap.parse_args(argv)
    reason = mo.skip_reason()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    root = args.root.resolve()
    files = pages(root)
    t0 = time.monotonic()
    results = []
    for i in range(0, len(files), args.chunk):  # one node process a chunk: each within its timeout
        results += mo.compare_files(files[i : i + args.chunk], root=root, pipeline=args.pipeline)
    elapsed = time.monotonic() - t0
    total = len(results)
    agree = [r for r in results if r.agree]
    not_comparable = [r for r in results if not r.agree and not r.comparable]
    both_refuse = [r for r in agree if r.mdx_error and r.hub_errors]
    by_cat: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for r in results:
        seen: set[str] = set()
        for d in r.differences:
            if d.category in seen:
                continue
            seen.add(d.category)
            by_cat[d.category].append((os.path.relpath(r.path, root), d.line, d.detail))
    comparable = total - len(not_comparable)
    print(f"{root}: {total} pages, pipeline {args.pipeline}, {elapsed:.0f}s")
    print(
        f"agree: {len(agree)}/{total} = {100 * len(agree) / max(total, 1):.1f}% "
        f"({len(both_refuse)} of them refused by both); "
        f"comparable pages agreeing: {len(agree)}/{comparable} = "
        f"{100 * len(agree) / max(comparable, 1):.1f}%"
    )
    print(f"not comparable (only template calls differ): {len(not_comparable)}")
    print()
    print("pages  category  (example)")
    for cat, hits in sorted(by_cat.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        path, line, detail = hits[0]
        shown = f"  [{detail[:90]}]" if detail else ""
        print(f"{len(hits):5d}  {cat}  ({path}:{line}){shown}")
    if args.show:
        print()
        for r in [r for r in results if not r.agree][: args.show]:
            print(r.report())
            print()
    if args.json:
        data = [
            {
                "path": os.path.relpath(r.path, root),
                "agree": r.agree,
                "comparable": r.comparable,
                "mdx_error": r.mdx_error,
                "hub_errors": [
                    {"line": p.pos.line, "col": p.pos.col, "message": p.message}
                    for p in r.hub_errors
                ],
                "differences": [
                    {"category": d.category, "line": d.line, "detail": d.detail}
                    for d in r.differences
                ],
            }
            for r in results
        ]
        args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
