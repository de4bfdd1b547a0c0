"""A whole `hubdocs build` of a Mintlify repository whose docs.json generates its API reference
from one generated spec of N operations (default 2,000), beside the build of a repository of N
plain MDX pages: build time per page for each, their ratio, and how many times the spec was
read (once per build is the target). Usage:

    python bench/openapi_build.py [--operations 2000] [--runs 3] [--jobs 1] [--keep DIR]

One brand, cold builds (a fresh output folder each run, incremental off). The spec is
bench/openapi_gen.py's (nested objects, allOf/oneOf, recursion, every parameter location, two
auth schemes, two servers); the plain pages are that script's plain page under N names.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from openapi_gen import PLAIN, generate  # noqa: E402


def api_repo(root: Path, operations: int) -> None:
    root.mkdir(parents=True)
    (root / "openapi.json").write_text(json.dumps(generate(operations)))
    (root / "index.mdx").write_text("---\ntitle: Home\n---\n\nThe API.\n")
    (root / "docs.json").write_text(
        json.dumps(
            {
                "name": "Bench",
                "colors": {"primary": "#0D9373"},
                "navigation": {
                    "tabs": [
                        {"tab": "Guides", "groups": [{"group": "Start", "pages": ["index"]}]},
                        {"tab": "API", "openapi": "openapi.json"},
                    ]
                },
            }
        )
    )


def plain_repo(root: Path, pages: int) -> None:
    (root / "pages").mkdir(parents=True)
    names = [f"pages/p{i:05d}" for i in range(pages)]
    for n in names:
        (root / f"{n}.mdx").write_text(PLAIN)
    (root / "index.mdx").write_text("---\ntitle: Home\n---\n\nThe guides.\n")
    nav = {"groups": [{"group": "Start", "pages": ["index", *names]}]}
    (root / "docs.json").write_text(
        json.dumps({"name": "Bench", "colors": {"primary": "#0D9373"}, "navigation": nav})
    )


def one_build(repo: Path, out: Path, jobs: int) -> tuple[float, int, int]:
    """Seconds, pages built, spec reads."""
    from renderer.build import build
    from renderer.commands.project import load_project
    from renderer.mintlify import api_pages

    api_pages._INDEXES.clear()  # a fresh process's state: nothing loaded yet
    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    # llms.txt's default budget (100k characters) does not hold 2,000 plain pages of a site
    # without connectors (the build stops: see bench/RESULTS-openapi.md); raised here
    cfg = dataclasses.replace(load_project(repo / "docs.json"), llms_budget=10_000_000)
    report = build(cfg, out=out, jobs=jobs, incremental=False)
    took = time.perf_counter() - t
    errors = [p for p in report.problems if p.level == "error"]
    if errors:
        raise SystemExit("\n".join(p.format() for p in errors[:5]))
    built = len(list((out / cfg.brands[0].key).rglob("*.md")))
    reads = sum(ix.loads for ix in api_pages._INDEXES.values())
    return took, built, reads


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--operations", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="hd-openapi-build-"))
    api, plain = tmp / "api", tmp / "plain"
    if not api.exists():
        api_repo(api, args.operations)
    if not plain.exists():
        plain_repo(plain, args.operations)
    rows = {}
    for name, repo in (("api", api), ("plain", plain)):
        runs = [one_build(repo, tmp / f"out-{name}", args.jobs) for _ in range(args.runs)]
        rows[name] = runs
        print(f"{name}: {[(round(t, 2), b, r) for t, b, r in runs]}", flush=True)
    per = {k: [t / b * 1000 for t, b, _ in v] for k, v in rows.items()}
    med = {k: statistics.median(v) for k, v in per.items()}
    api_pages_built = rows["api"][0][1]
    reads = sorted({r for _, _, r in rows["api"]})
    print(f"spec: {args.operations} operations; {api_pages_built} twins written; jobs={args.jobs}")
    print("| case | builds (s): min / median / max | per page (median) |")
    print("|---|---|---|")
    for k, label in (("api", "API reference site"), ("plain", "plain MDX site")):
        ts = [t for t, _, _ in rows[k]]
        print(
            f"| {label}, {rows[k][0][1]} pages | "
            + " / ".join(f"{x:.2f}" for x in (min(ts), statistics.median(ts), max(ts)))
            + f" | {med[k]:.2f} ms |"
        )
    print(f"ratio: an API page costs {med['api'] / med['plain']:.2f}x a plain page in a build")
    print(f"spec reads per build: {reads} (target: [1])")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
