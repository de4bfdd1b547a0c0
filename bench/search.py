"""Search and llms-file benchmarks: `python bench/search.py [--sizes 1000 10000]` rewrites the
"Search and llms files" section of bench/RESULTS.md.

Per size: N generated guides (12 per connector, as in a real hub) plus the real Leapsome guide,
built for the stackone brand; then, in Chromium against `hubdocs serve`'s server: the bytes the
first query fetches (from opening the search to its results), the time to the first result,
and the time per keystroke once the index is warm; the root llms.txt and llms-full.txt sizes;
the Pagefind run and an incremental rebuild (which re-indexes only the edited page's bucket);
`hubdocs serve --no-build` time to first byte against `python -m http.server` on the same folder.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from renderer.build import build  # noqa: E402
from renderer.config.mkdocs_yml import load_config  # noqa: E402
from renderer.search.index import BUNDLE, build_bundle, read_docs, reindex  # noqa: E402


def searchable(folder: Path) -> list[str]:
    """Every page file of a written brand folder (below it), outside the search bundle."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*.html")
        if not p.relative_to(folder).as_posix().startswith((f"{BUNDLE}/", "."))
    )


def index_pages(site: Path, pages: list[str], out: Path) -> None:
    """Index these page files of `site` into a bundle written to `out`: what re-indexing a
    whole brand costs (what an edit cost before delta bundles)."""
    for rel, data in build_bundle(read_docs(site, pages)).items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)


LEAPSOME = "leapsome/link-account/scim-api-token.mdx"
STEP = "/connectors/leapsome/guides/link-account/scim-api-token#step-generate-the-scim-token"
QUERY = "leapsome scim token"
BEGIN, END = "<!-- search-bench -->", "<!-- /search-bench -->"


def _browser_numbers(root: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from renderer.serve.server import State, make_server

    cfg = load_config(ROOT / "mkdocs.yml")
    log = open(os.devnull, "w")  # noqa: SIM115 - closed below
    server = make_server("127.0.0.1", 0, State(root, cfg.brand("stackone"), None, log=log))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    out: dict[str, float] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(url + "/guides/accounts-section")
            page.wait_for_load_state("networkidle")
            fetched: list[int] = []

            def count(request) -> None:
                sizes = request.sizes()
                fetched.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

            page.on("requestfinished", count)
            start = time.perf_counter()
            page.keyboard.press("/")
            page.locator(".hd-search-input").fill(QUERY)
            page.locator(f".hd-search-results a[href='{STEP}']").wait_for(timeout=60_000)
            out["first"] = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            out["bytes"] = sum(fetched)
            out["requests"] = len(fetched)
            per_key = []
            for n in range(1, len(QUERY) + 1):
                ms = page.evaluate(
                    """async (q) => {
                      const input = document.querySelector('.hd-search-input');
                      const list = document.querySelector('.hd-search-results');
                      const t0 = performance.now();
                      return await new Promise((done) => {
                        const mo = new MutationObserver(() => { mo.disconnect(); done(performance.now() - t0); });
                        mo.observe(list, { childList: true });
                        input.value = q;
                        input.dispatchEvent(new Event('input'));
                        setTimeout(() => { mo.disconnect(); done(-1); }, 10000);
                      });
                    }""",
                    QUERY[:n],
                )
                if ms >= 0:
                    per_key.append((ms, QUERY[:n]))
            out["key_median"] = statistics.median(ms for ms, _ in per_key)
            out["key_max"], slowest = max(per_key)
            out["key_slowest"] = len(slowest)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
        log.close()
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _first_byte(cmd: list[str], port: int, cwd: Path) -> float:
    """Seconds from starting `cmd` (a server on `port`) to the first byte of its answer to
    `GET /`, asked again every 5 ms until it answers."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < 60:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
                    sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    if sock.recv(1):
                        return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.005)
        raise RuntimeError(f"no answer from {cmd[:3]}")
    finally:
        proc.terminate()
        proc.wait()


def _serve_numbers(guides: Path, out_dir: Path, tmp: Path) -> dict[str, float]:
    """`hubdocs serve --no-build` (a real process, as a user starts it) and `python -m
    http.server` on the same brand folder: medians of 3 interleaved starts each."""
    hubdocs = Path(sys.executable).with_name("hubdocs")
    ours, base = [], []
    for i in range(3):
        port = _free_port()
        ours.append(
            _first_byte(
                [str(hubdocs), "serve", "--no-build", "--config", str(ROOT / "mkdocs.yml"),
                 "--guides", str(guides), "--brand", "stackone", "--out", str(out_dir),
                 "--port", str(port), "--db", str(tmp / f"stub{i}.db")],
                port,
                tmp,
            )
        )  # fmt: skip
        port = _free_port()
        base.append(
            _first_byte(
                [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                 "--directory", str(out_dir / "stackone")],
                port,
                tmp,
            )
        )  # fmt: skip
    return {"serve": statistics.median(ours), "static": statistics.median(base)}


def measure(n: int, tmp: Path) -> dict[str, float]:
    guides = tmp / f"guides{n}"
    generate(n, guides, per_connector=12)
    (guides / LEAPSOME).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "guides" / LEAPSOME, guides / LEAPSOME)
    cfg = load_config(ROOT / "mkdocs.yml", guides_dir=str(guides))
    out_dir = tmp / f"site{n}"
    os.environ["HUBDOCS_CACHE_DIR"] = str(tmp / f"cache{n}")
    t = time.perf_counter()
    report = build(cfg, ["stackone"], out_dir)
    numbers: dict[str, float] = {"build": time.perf_counter() - t}
    site = out_dir / "stackone"
    numbers["llms"] = len((site / "llms.txt").read_text())
    numbers["full"] = (site / "llms-full.txt").stat().st_size
    numbers["full_is_index"] = float(bool(report.notes))
    bundle = site / "pagefind"
    numbers["bundle"] = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    numbers["bundle_files"] = sum(1 for p in bundle.rglob("*") if p.is_file())
    pages = searchable(site)
    t = time.perf_counter()
    index_pages(site, pages, tmp / f"again{n}")  # the whole brand: what an edit cost before deltas
    numbers["pagefind"] = time.perf_counter() - t
    edited = guides / LEAPSOME
    edited.write_text(edited.read_text().replace("with an admin user.", "with an admin account."))
    t = time.perf_counter()
    again = build(cfg, ["stackone"], out_dir)
    numbers["incremental"] = time.perf_counter() - t
    assert again.site is None, "expected an incremental build"
    page = "connectors/leapsome/guides/link-account/scim-api-token.html"
    t = time.perf_counter()
    assert not reindex(site, None, tmp / "trash", [page], {})  # the part of it that re-indexes
    numbers["reindex"] = time.perf_counter() - t
    numbers.update(_serve_numbers(guides, out_dir, tmp))
    numbers.update(_browser_numbers(site))
    return numbers


def _machine() -> str:
    try:
        info = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        info = ""
    model = next(
        (ln.split(":", 1)[1].strip() for ln in info.splitlines() if ln.startswith("Model name")), ""
    )
    return f"{os.cpu_count()} cores ({model or 'unknown CPU'}), Python {sys.version.split()[0]}"


def rows(n: int, r: dict[str, float]) -> list[str]:
    full = f"{r['full']:,.0f} bytes" + (
        " (an index: over 5 MB in full)" if r["full_is_index"] else ""
    )
    return [
        f'| {n:,} guides: first query in Chromium ("{QUERY}") | {r["bytes"] / 1e6:.3f} MB in '
        f"{r['requests']:.0f} requests | **{r['bytes'] / 1e6:.2f} MB** fetched (target < 1 MB); "
        f"the Leapsome step is a result | |",
        f"| {n:,} guides: time to first result (from `/` to the step on screen) | "
        f"{r['first']:.3f} s | cold: loads Pagefind, its WebAssembly and the index chunks | |",
        f"| {n:,} guides: per keystroke, warm | median {r['key_median']:.1f} ms, max "
        f'{r["key_max"]:.1f} ms (at "{QUERY[: int(r["key_slowest"])]}") | input event to '
        "results on screen | |",
        f"| {n:,} guides: root llms.txt / llms-full.txt | {r['llms']:,.0f} chars / {full} | "
        f"llms.txt ≤ 100,000 chars: **{'yes' if r['llms'] <= 100_000 else 'NO'}** | |",
        f"| {n:,} guides: Pagefind bundle | {r['bundle'] / 1e6:.1f} MB in {r['bundle_files']:,.0f} "
        f"files | indexing {r['pagefind']:.2f} s of a {r['build']:.1f} s one-brand build | |",
        f"| {n:,} guides: incremental rebuild, one body edit, 1 brand | {r['incremental']:.2f} s "
        f"(its delta index alone, timed apart: {r['reindex']:.2f} s) | indexes the edited "
        "page into a delta bundle merged in the browser; re-indexing the whole brand would take "
        f"{r['pagefind']:.2f} s | |",
        f"| {n:,} guides: `hubdocs serve --no-build`, process start to first byte of `/` | "
        f"{r['serve']:.3f} s; `python -m http.server` on the same folder {r['static']:.3f} s | "
        f"under 1 s: **{'yes' if r['serve'] < 1 else 'NO'}**; "
        f"{r['serve'] / r['static']:.1f}× the plain static server | |",
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000])
    args = ap.parse_args()
    lines = [
        BEGIN,
        "## Search and llms files",
        "",
        f"`python bench/search.py --sizes {' '.join(map(str, args.sizes))}`: generated guides, "
        "12 per connector, plus the real Leapsome guide; one brand; Chromium against the "
        "`hubdocs serve` server (no compression: Pagefind's files are gzip'd already). "
        f"Load average when it started: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(a shared machine: times are inflated by the other work; bytes and sizes are not). "
        f"Machine: {_machine()}.",
        "",
        "| case | measured | result | |",
        "|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory(prefix="hubdocs-search-bench-") as tmp:
        for n in args.sizes:
            lines += rows(n, measure(n, Path(tmp)))
    lines.append(END)
    results = HERE / "RESULTS.md"
    text = results.read_text()
    block = "\n".join(lines) + "\n"
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    results.write_text(text)
    print(block)


if __name__ == "__main__":
    main()
