"""Benchmarks as ratios in one run: `python bench/run.py` rewrites bench/RESULTS.md.

Cases: parse (parse_guide vs a bare markdown-it render), cold `hubdocs build` of N guides x 3
brands vs Hugo building the same pages three times vs `mkdocs build` with the plugin (one brand),
and an incremental rebuild. Hugo (`apt-get install hugo`) and MkDocs are used when installed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PY = sys.executable


def timed(
    fn: Callable[[], object], runs: int, setup: Callable[[], object] | None = None
) -> list[float]:
    out = []
    for _ in range(runs):
        if setup:
            setup()
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def stats(xs: list[float]) -> str:
    return f"{min(xs):.3f} / {statistics.median(xs):.3f} / {max(xs):.3f}"


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    proc = subprocess.run(
        cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})}
    )
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}")


def bench_parse(guides: Path, runs: int) -> list[str]:
    from markdown_it import MarkdownIt

    from renderer.parse import parse_guide

    files = sorted(guides.rglob("*.mdx"))
    texts = [(str(p), p.relative_to(guides).as_posix(), p.read_bytes()) for p in files]
    md = MarkdownIt("commonmark", {"html": True})
    ours = timed(lambda: [parse_guide(p, b, r) for p, r, b in texts], runs)
    bare = timed(lambda: [md.render(b.decode()) for _, _, b in texts], runs)
    n = len(texts)
    return [
        f"| parse_guide, {n} guides | {stats(ours)} s | {n / statistics.median(ours):,.0f} guides/s | "
        f"{statistics.median(ours) / statistics.median(bare):.2f}x a bare markdown-it render |",
        f"| bare markdown-it render (CommonMark, raw HTML), {n} guides | {stats(bare)} s | "
        f"{n / statistics.median(bare):,.0f} guides/s | baseline |",
    ]


def hugo_site(guides: Path, dest: Path) -> Path:
    site = dest / "hugo"
    (site / "content").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "bench"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
    )
    (site / "layouts/_default/single.html").write_text(
        "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n"
    )
    (site / "layouts/_default/list.html").write_text("<html><body>{{ .Title }}</body></html>\n")
    for i, p in enumerate(sorted(guides.rglob("*.mdx"))):
        (site / "content" / f"page{i:05d}.md").write_text(p.read_text())
    return site


def bench_build(n: int, runs: int, tmp: Path, with_mkdocs: bool) -> list[str]:
    guides = tmp / f"guides{n}"
    if not guides.exists():
        generate(n, guides)
    rows = []
    out = tmp / "out"
    cmd = [PY, "-m", "renderer", "build", "--guides", str(guides), "--out", str(out), "--quiet"]
    cold = timed(lambda: run(cmd, ROOT), runs, setup=lambda: shutil.rmtree(out, ignore_errors=True))
    pages = n + 1
    per = statistics.median(cold) / (pages * 3) * 1000
    rows.append(
        f"| cold `hubdocs build`, {pages} pages x 3 brands (HTML, twins, llms, sitemap) | "
        f"{stats(cold)} s | {per:.2f} ms per page-variant | |"
    )
    base = statistics.median(cold)
    if shutil.which("hugo"):
        site = hugo_site(guides, tmp / f"h{n}")

        def three() -> None:
            for k in range(3):
                run(["hugo", "--quiet", "-d", str(tmp / f"hugo-out{k}")], site)

        hugo = timed(
            three,
            runs,
            setup=lambda: [
                shutil.rmtree(tmp / f"hugo-out{k}", ignore_errors=True) for k in range(3)
            ],
        )
        rows.append(
            f"| Hugo {hugo_version()}, same {pages} pages as plain Markdown, 3 times | {stats(hugo)} s | "
            f"ratio hubdocs/Hugo = **{base / statistics.median(hugo):.2f}** (target ≤ 1.0) | |"
        )
    else:
        rows.append("| Hugo | not installed (`apt-get install hugo`) | | |")
    if with_mkdocs:
        mk = tmp / f"mk{n}"
        if not mk.exists():
            mk.mkdir()
            (mk / "mkdocs.yml").write_text(
                f"site_name: Bench\nsite_url: https://example.org/\ndocs_dir: {guides}\n"
                "use_directory_urls: false\ntheme:\n  name: mkdocs\nplugins:\n  - hubdocs:\n"
                f"      brand: stackone\n      brands: [stackone]\n      theme_dir: {ROOT / 'site_template'}\n"
            )
        mkr = timed(
            lambda: run([PY, "-m", "mkdocs", "build", "-q", "-d", str(tmp / "mk-out")], mk),
            max(1, runs - 1),
        )
        one = [
            PY,
            "-m",
            "renderer",
            "build",
            "--guides",
            str(guides),
            "--out",
            str(tmp / "one"),
            "--brand",
            "stackone",
            "--quiet",
        ]
        ours1 = timed(
            lambda: run(one, ROOT),
            runs,
            setup=lambda: shutil.rmtree(tmp / "one", ignore_errors=True),
        )
        rows.append(
            f"| `mkdocs build` + hubdocs plugin, default theme, {pages} pages, 1 brand | {stats(mkr)} s | "
            f"hubdocs build of the same brand: {stats(ours1)} s → **{statistics.median(mkr) / statistics.median(ours1):.1f}x** faster (target ≥ 10x) | |"
        )
    return rows


def hugo_version() -> str:
    out = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
    return out.split()[1].split("+")[0].lstrip("v") if out else "?"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000", help="comma-separated guide counts")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-mkdocs", action="store_true")
    ap.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = ap.parse_args()
    rows = ["| case | min / median / max | result | |", "|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="hubdocs-bench-") as t:
        tmp = Path(t)
        for n in [int(x) for x in args.sizes.split(",")]:
            guides = tmp / f"guides{n}"
            generate(n, guides)
            rows += bench_parse(guides, args.runs)
            rows += bench_build(n, args.runs, tmp, not args.no_mkdocs)
    text = (
        "# Benchmark results\n\n"
        f"Machine: {machine()}.  \n"
        f"Regenerate: `python bench/run.py` (sizes {args.sizes}, {args.runs} runs each; "
        "all times wall-clock seconds, measured in the same run so only ratios carry over).\n\n"
        + "\n".join(rows)
        + "\n"
    )
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
