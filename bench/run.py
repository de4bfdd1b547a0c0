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


def hubdocs_build(guides: Path, out: Path, *extra: str) -> list[str]:
    """A quiet `hubdocs build` command line."""
    return [
        PY,
        "-m",
        "renderer",
        "build",
        "--guides",
        str(guides),
        "--out",
        str(out),
        "--quiet",
        *extra,
    ]


PER_CONNECTOR = 12
"""Guides per generated connector, as in a real hub (every auth method x guide type; with one
guide per connector, 5,000 connectors do not fit llms.txt even as a list of connectors)."""


def sample(n: int, tmp: Path) -> Path:
    """The generated guides of size `n` (made once per run)."""
    guides = tmp / f"guides{n}"
    if not guides.exists():
        generate(n, guides, per_connector=PER_CONNECTOR)
    return guides


def bench_parse(guides: Path, runs: int) -> list[str]:
    from markdown_it import MarkdownIt

    from renderer.parse.page import parse_guide

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
    """The same pages for Hugo, like for like: raw HTML kept (Goldmark's `unsafe = true`; it
    drops every raw-HTML block otherwise, which is most of a guide) and the same nested folders
    as hubdocs writes (connectors/<c>/guides/<type>/<slug>), a page per file (`uglyURLs`)."""
    site = dest / "hugo"
    (site / "content").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "bench"\nuglyURLs = true\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "section"]\n'
        "[markup.goldmark.renderer]\n  unsafe = true\n"
    )
    (site / "layouts/_default/single.html").write_text(
        "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n"
    )
    (site / "layouts/_default/list.html").write_text("<html><body>{{ .Title }}</body></html>\n")
    for p in sorted(guides.rglob("*.mdx")):
        rel = p.relative_to(guides).with_suffix(".md")
        parts = rel.parts
        if len(parts) == 3 and parts[1] in ("link-account", "connector-profile"):
            rel = Path("connectors", parts[0], "guides", parts[1], parts[2])
        target = site / "content" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(p.read_text())
    return site


def bench_build(n: int, runs: int, tmp: Path, with_mkdocs: bool) -> list[str]:
    guides = sample(n, tmp)
    rows = []
    out = tmp / "out"
    cmd = hubdocs_build(guides, out, "--full")
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
            f"| Hugo {hugo_version()}, same {pages} pages (raw HTML kept, same nested folders), "
            f"3 times | {stats(hugo)} s | "
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
        one = hubdocs_build(guides, tmp / "one", "--full", "--brand", "stackone")
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


def five_brand_config(tmp: Path) -> Path:
    """mkdocs.yml with the three shipped brands plus two more white-label copies."""
    brands = tmp / "brands5"
    if not brands.exists():
        shutil.copytree(ROOT / "site_template" / "brands", brands)
        for src, dst in (("acme", "acme2"), ("northwind", "northwind2")):
            shutil.copytree(brands / src, brands / dst)
    cfg = tmp / "mkdocs5.yml"
    cfg.write_text(
        "site_name: Bench\nsite_url: https://docs.stackone.com/\nplugins:\n  - hubdocs:\n"
        "      brands: [stackone, acme, northwind, acme2, northwind2]\n"
        f"      theme_dir: {ROOT / 'site_template'}\n      brands_dir: {brands}\n"
    )
    return cfg


def child_peak_rss_mb(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MiB of the biggest process) of one command run in a fresh child."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "assert r.returncode == 0, r.stderr.decode()[-2000:]\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run([PY, "-c", code, *cmd], cwd=cwd, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr)
    secs, rss = out.stdout.split()
    return float(secs), float(rss)


def bench_scale(sizes: list[int], runs: int, tmp: Path) -> list[str]:
    rows = []
    per = {}
    for n in sizes:
        out = tmp / f"scale{n}"
        cmd = hubdocs_build(sample(n, tmp), out, "--full")
        xs = timed(
            lambda cmd=cmd: run(cmd, ROOT),
            max(1, runs - 1),
            setup=lambda out=out: shutil.rmtree(out, ignore_errors=True),
        )
        per[n] = statistics.median(xs) / ((n + 1) * 3) * 1000
        rows.append(
            f"| cold build, {n + 1} pages x 3 brands | {stats(xs)} s | {per[n]:.2f} ms per page-variant | |"
        )
    base = per[sizes[0]]
    spread = max(per.values()) / min(per.values())
    rows.append(
        f"| growth of ms per page-variant ({', '.join(f'{n // 1000}k: {per[n]:.2f}' for n in sizes)}) | | "
        f"max/min = **{spread:.2f}** (target ≤ 1.20) | first size {base:.2f} ms |"
    )
    return rows


def bench_incremental(n: int, runs: int, tmp: Path) -> list[str]:
    guides = sample(n, tmp)
    out = tmp / f"inc{n}"
    cmd = hubdocs_build(guides, out)
    run(cmd, ROOT)
    files = sorted(guides.rglob("*.mdx"))
    edits = iter(range(runs * 3))

    def edit() -> None:
        p = files[next(edits) * 37 % len(files)]
        p.write_text(p.read_text().replace("<p>", "<p>Edited. ", 1))

    xs = timed(lambda: run(cmd, ROOT), runs, setup=edit)
    rows = [
        f"| incremental: one guide body edited in a {n + 1}-page site, fresh `hubdocs build` process, 3 brands | "
        f"{stats(xs)} s | **{statistics.median(xs):.2f} s** wall (target ≤ 0.5 s) | |"
    ]
    rows.append(bench_serve(guides, files, runs, tmp))
    return rows


def bench_serve(guides: Path, files: list[Path], runs: int, tmp: Path) -> str:
    """A real `hubdocs serve`: the time from saving a guide to the reload event on its SSE
    stream (the watcher's debounce included), and the rebuild time the server reports."""
    import re
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cmd = [PY, "-m", "renderer", "serve", "--guides", str(guides), "--out", str(tmp / "serve")]
    cmd += ["--port", str(port), "--db", str(tmp / "serve.sqlite3"), "--brand", "stackone"]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stderr is not None
        if "serving" not in proc.stdout.readline():
            raise SystemExit("hubdocs serve did not start:\n" + proc.stderr.read())
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(f"GET /_hubdocs/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        stream = sock.makefile("rb")

        def next_build() -> None:
            while True:
                line = stream.readline()
                if not line:
                    raise SystemExit("event stream closed:\n" + proc.stderr.read())
                if line.startswith(b"event: build"):
                    return
                if line.startswith(b"event: error"):
                    raise SystemExit("rebuild failed: " + stream.readline().decode())

        next_build()  # the state when connecting
        time.sleep(0.5)
        xs, reported, pages = [], [], []
        for k in range(runs * 2):
            p = files[(k * 53 + 11) % len(files)]
            text = p.read_text().replace("<p>", "<p>Served edit. ", 1)
            t = time.perf_counter()
            p.write_text(text)
            next_build()
            xs.append(time.perf_counter() - t)
            line = proc.stderr.readline()
            found = re.search(r"rebuilt in ([0-9.]+) s \(pages reloaded after ([0-9.]+) s\)", line)
            if found:
                reported.append(float(found.group(1)))
                pages.append(float(found.group(2)))
            time.sleep(0.3)
        sock.close()
    finally:
        proc.terminate()
        proc.wait(10)
    inside = "n/a"
    if reported:
        inside = (
            f"{statistics.median(pages) * 1000:.0f} ms to the reload, "
            f"{statistics.median(reported) * 1000:.0f} ms with llms-full.txt and the search index"
        )
    return (
        f"| the same edit picked up by a running `hubdocs serve` (1 brand; from saving the file to "
        f"the reload event on the page's SSE stream, watcher debounce included) | {stats(xs)} s | "
        f"**{statistics.median(xs):.3f} s** end to end (target ≤ 0.1 s); inside the server: "
        f"{inside} | |"
    )


def bench_memory(n: int, tmp: Path) -> list[str]:
    cfg = five_brand_config(tmp)
    cmd = hubdocs_build(sample(n, tmp), tmp / "mem", "--full", "--config", str(cfg))
    secs, rss = child_peak_rss_mb(cmd, ROOT)
    return [
        f"| {n + 1} pages x 5 brands, cold | {secs:.1f} s | peak RSS **{rss:.0f} MiB** (biggest process; target ≤ 1024) | |"
    ]


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


ANALYSIS = """
## Where the time goes

How a cold build runs: the sources are split by connector into one slice per core; each forked
worker parses its slice once and renders it for every brand straight into the brands' temporary
folders; the parent writes only the files that list every page (see README, design notes).

Top entries of a cProfile of the same 1k x 3-brand build in one process (`--jobs 1`):

- File system: `open` ~0.11 ms per created file and `mkdir` ~0.11 ms per folder (13k files and
  9k folders for 1k pages x 3 brands: the largest single cost, all kernel time on this VM).
- Parsing: ~1.3 ms per guide, 3.5x a bare markdown-it render: a correct MDX parse (our block
  rule `mdx_block`/`_container`, the tag scanner, nested tokenizing, the tree builder).
- Rendering: Jinja component and page templates (`markupsafe.escape`, `new_context`), the
  search record (`walk`, `plain_text`), and for white-label brands the vary pass and the leak
  check. Blocks a variant leaves unchanged are rendered once for all brands of a worker, and
  inline prose without Markdown syntax skips the inline parser (proven equal by a property test).
- Hugo writes the same pages at ~0.2 ms per page here with Go threads; the file system alone
  costs a Python build about as much as Hugo's whole run, so the Hugo target stays out of reach.
- Incremental builds: ~0.15 s of imports; the tree is checked with one `stat` per folder and
  one per source; the changed page is rendered per brand (in threads) and spliced into
  llms-full.txt and the search index with `copy_file_range`. `hubdocs serve` passes the
  watcher's changed paths, so a save costs one parse, one render and the splices.
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000", help="comma-separated guide counts")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-mkdocs", action="store_true")
    ap.add_argument(
        "--scale", default="1000,5000,10000", help="sizes for the growth rows ('' to skip)"
    )
    ap.add_argument(
        "--incremental", type=int, default=5000, help="site size for the incremental rows (0 skips)"
    )
    ap.add_argument(
        "--memory", type=int, default=10000, help="site size for the 5-brand memory row (0 skips)"
    )
    ap.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = ap.parse_args()
    rows = ["| case | min / median / max | result | |", "|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="hubdocs-bench-") as t:
        tmp = Path(t)
        for n in [int(x) for x in args.sizes.split(",")]:
            rows += bench_parse(sample(n, tmp), args.runs)
            rows += bench_build(n, args.runs, tmp, not args.no_mkdocs)
        if args.incremental:
            rows += bench_incremental(args.incremental, args.runs, tmp)
        if args.memory:
            rows += bench_memory(args.memory, tmp)
        if args.scale:
            rows += bench_scale([int(x) for x in args.scale.split(",")], args.runs, tmp)
    text = (
        "# Benchmark results\n\n"
        f"Machine: {machine()}.  \n"
        f"Regenerate: `python bench/run.py` (sizes {args.sizes}, {args.runs} runs each; "
        "all times wall-clock seconds, measured in the same run so only ratios carry over; "
        f"generated guides, {PER_CONNECTOR} per connector).\n\n" + "\n".join(rows) + "\n" + ANALYSIS
    )
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
