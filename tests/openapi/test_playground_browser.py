"""The interactive playground in Chromium under the site's strict CSP (connect-src widened to
the spec's server origin only): it sends the request from the browser to a local API, with the
path, query, header, bearer token and JSON body the reader typed; the token is never stored nor
put in the page's URL; a server not listed by the page is refused."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from renderer.openapi.index import SpecIndex
from renderer.render.api.html import render_operation

from .helpers import ROOT, env

pytestmark = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Chromium")


def _spec(api: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Local", "version": "1"},
        "servers": [{"url": f"{api}/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/items/{id}": {
                "post": {
                    "summary": "Update an item",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {"name": "q", "in": "query", "schema": {"type": "string"}},
                        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"name": {"type": "string"}},
                                }
                            }
                        }
                    },
                    "responses": {"201": {"description": "Updated."}},
                }
            }
        },
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }


class _Api(BaseHTTPRequestHandler):
    seen: list[dict] = []
    page_origin = ""

    def log_message(self, *args):  # quiet
        pass

    def _cors(self):
        self.send_header("Access-Control-Allow-Origin", self.page_origin)
        self.send_header("Access-Control-Allow-Headers", "authorization, content-type, x-trace")
        self.send_header("Access-Control-Allow-Methods", "POST")

    def do_OPTIONS(self):  # noqa: N802
        self.send_response(204)
        self._cors()
        self.end_headers()

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.seen.append(
            {
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body,
            }
        )
        out = json.dumps({"ok": True, "got": json.loads(body)}).encode()
        self.send_response(201)
        self._cors()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)


def _site(files: dict[str, bytes], csp: str):
    class Site(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            data = files.get(self.path.split("?")[0])
            if data is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            kind = {"css": "text/css", "js": "text/javascript"}.get(
                self.path.rpartition(".")[2], "text/html"
            )
            self.send_header("Content-Type", kind + "; charset=utf-8")
            self.send_header("Content-Security-Policy", csp)
            self.end_headers()
            self.wfile.write(data)

    return Site


def _start(handler) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_playground_sends_from_the_browser_under_the_csp(page, tmp_path):
    api = _start(_Api)
    api_origin = f"http://127.0.0.1:{api.server_address[1]}"
    (tmp_path / "openapi.json").write_text(json.dumps(_spec(api_origin)))
    op = SpecIndex(tmp_path).load("openapi.json").operations[0]
    out = render_operation(op, env(), "interactive")
    assert out.connect_origins == (api_origin,)
    static = ROOT / "site_template" / "static"
    html = (
        '<!doctype html><html><head><meta charset="utf-8"><title>t</title>'
        '<link rel="stylesheet" href="/openapi.css"></head><body>'
        f'{out.html}<script src="/playground.js"></script></body></html>'
    )
    files = {
        "/page.html": html.encode(),
        "/openapi.css": (static / "openapi.css").read_bytes(),
        "/playground.js": (static / "playground.js").read_bytes(),
    }
    csp = (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        f"connect-src 'self' {' '.join(out.connect_origins)}; form-action 'self'; base-uri 'none'"
    )
    site = _start(_site(files, csp))
    site_origin = f"http://127.0.0.1:{site.server_address[1]}"
    _Api.page_origin = site_origin
    _Api.seen = []
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        page.goto(f"{site_origin}/page.html")
        send = page.locator("button.hd-oa-try-send")
        send.wait_for(state="visible")
        page.fill('input[data-auth="bearer"]', "s3cret-token")
        page.fill('input[data-in="path"][data-name="id"]', "a b/1")
        page.fill('input[data-in="query"][data-name="q"]', "x&y")
        page.fill('input[data-in="header"][data-name="X-Trace"]', "t-1")
        page.fill("textarea[data-hd-body]", '{"name": "Quill"}')
        send.click()
        status = page.locator("[data-hd-status]")
        status.wait_for(state="visible")
        page.wait_for_function(
            "document.querySelector('[data-hd-status]').textContent.startsWith('201')"
        )
        [got] = _Api.seen
        assert got["path"] == "/v1/items/a%20b%2F1?q=x%26y"
        assert got["headers"]["authorization"] == "Bearer s3cret-token"
        assert got["headers"]["x-trace"] == "t-1"
        assert got["headers"]["content-type"] == "application/json"
        assert json.loads(got["body"]) == {"name": "Quill"}
        assert '"Quill"' in page.locator("[data-hd-response]").text_content()
        # the token is in no URL, no storage, no cookie
        assert page.url == f"{site_origin}/page.html"
        assert page.evaluate("localStorage.length + sessionStorage.length") == 0
        assert page.evaluate("document.cookie") == ""
        # a server the page does not list is refused before anything is sent
        page.evaluate(
            "document.querySelector('[data-hd-server] option').value = 'http://127.0.0.1:9/v1'"
        )
        send.click()
        page.wait_for_function(
            "document.querySelector('[data-hd-status]').textContent.startsWith('Not sent')"
        )
        assert len(_Api.seen) == 1
        assert violations == []
    finally:
        api.shutdown()
        site.shutdown()
