"""Phone layout checks over built pages (test helper and CLI).

    python tests/layout_check.py SITE_DIR [--width 390 --height 844]

`serve(folder)` serves a built brand folder over HTTP on 127.0.0.1 (extensionless URLs answered
with `x.html`, as the deploy targets do); `measure(page, url)` opens a page in a real browser and
reads what a reader sees in the first screen: the document's width against the viewport, the
elements that stick out past its right edge, and where the page title (`main h1`) sits;
`problems(...)` turns the measures into readable findings."""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MEASURE = """() => {
  const doc = document.documentElement;
  const h1 = document.querySelector('main h1');
  const r = h1 ? h1.getBoundingClientRect() : null;
  const vw = doc.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const b = el.getBoundingClientRect();
    if (b.width === 0 || b.right <= vw + 1) { continue; }
    let clipped = false;  // inside something that scrolls or clips: the page does not widen
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') { clipped = true; break; }
    }
    if (!clipped && getComputedStyle(el).position !== 'fixed') {
      wide.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + ' ' + Math.round(b.right));
      if (wide.length >= 5) { break; }
    }
  }
  return {scroll: doc.scrollWidth, width: vw, title: r ? [r.top, r.bottom] : null, wide: wide};
}"""


@dataclass
class Measure:
    url: str
    scroll_width: int
    width: int
    title: tuple[float, float] | None
    wide: list[str]


class _Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        p = super().translate_path(path)
        if not path.split("?", 1)[0].endswith("/") and os.path.isfile(p + ".html"):
            return p + ".html"  # /agent is agent.html even beside a folder agent/
        return p

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder over HTTP; yields the base URL."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def page_urls(folder: Path) -> list[str]:
    """The URL of every content page of a built brand folder (redirect stubs left out)."""
    out = []
    for path in sorted(folder.rglob("*.html")):
        rel = path.relative_to(folder).as_posix()
        if rel.startswith(("assets/", "pagefind/")) or rel == "404.html":
            continue
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
        if 'http-equiv="refresh"' in head:
            continue
        url = "/" + rel.removesuffix(".html")
        out.append("/" if url == "/index" else url)
    return out


def measure(page: object, url: str) -> Measure:
    page.goto(url, wait_until="load")  # type: ignore[attr-defined]
    got = page.evaluate(MEASURE)  # type: ignore[attr-defined]
    title = tuple(got["title"]) if got["title"] else None
    return Measure(url, got["scroll"], got["width"], title, got["wide"])  # type: ignore[arg-type]


def problems(m: Measure, height: int) -> list[str]:
    out = []
    if m.scroll_width > m.width:
        out.append(f"{m.url}: {m.scroll_width} px wide at {m.width} px ({', '.join(m.wide)})")
    if m.title is None:
        out.append(f"{m.url}: no page title (main h1)")
    elif m.title[1] > height:
        out.append(f"{m.url}: the title ends {m.title[1]:.0f} px down a {height} px screen")
    return out


def check_site(
    folder: Path, width: int = 390, height: int = 844, browser: object = None
) -> tuple[int, list[str]]:
    """Every page of a built brand folder at width × height: (pages, findings). `browser`: a
    running Playwright browser (one is started when None)."""
    found: list[str] = []
    urls = page_urls(folder)
    with serve(folder) as base, contextlib.ExitStack() as stack:
        if browser is None:
            from playwright.sync_api import sync_playwright

            p = stack.enter_context(sync_playwright())
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            stack.callback(browser.close)  # type: ignore[attr-defined]
        ctx = browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
        stack.callback(ctx.close)
        page = ctx.new_page()
        page.route("**/*", _offline(base))
        for url in urls:
            found += problems(measure(page, base + url), height)
    return len(urls), found


def _offline(base: str):  # noqa: ANN202 - a Playwright route handler
    """Requests to other hosts are answered empty (the check needs no network)."""

    def handle(route):  # noqa: ANN001, ANN202
        if route.request.url.startswith(base):
            return route.continue_()
        return route.fulfill(status=204, body="")

    return handle


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("site")
    ap.add_argument("--width", type=int, default=390)
    ap.add_argument("--height", type=int, default=844)
    args = ap.parse_args(argv)
    n, found = check_site(Path(args.site), args.width, args.height)
    print(f"pages: {n}, findings: {len(found)}")
    for line in found:
        print(" ", line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
