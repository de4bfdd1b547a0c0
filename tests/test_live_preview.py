"""`hubdocs serve` as a user runs it: edits reload the open page, a broken save shows an overlay
with `path:line:col`, a fixed save clears it, and the last good build keeps being served."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

LEAPSOME = "/connectors/leapsome/guides/link-account/scim-api-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live(project: Path):
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "renderer",
            "serve",
            "--port",
            str(port),
            "--config",
            str(project / "mkdocs.yml"),
            "--out",
            str(project / "site"),
            "--db",
            str(project / "db.sqlite3"),
        ],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=1).close()  # noqa: S310 - our own loopback server
            break
        except OSError:
            time.sleep(0.1)
    yield url, project
    proc.terminate()
    proc.wait(timeout=10)


def test_edit_reloads_broken_save_overlays_fixed_save_clears(page: Page, live) -> None:
    url, project = live
    guide = project / "guides/leapsome/link-account/scim-api-token.mdx"
    original = guide.read_text()
    page.goto(url + LEAPSOME)
    expect(page.locator("h1")).to_contain_text("Connect Leapsome")
    page.wait_for_timeout(300)  # the event stream is connected

    guide.write_text(original.replace("Sign in to Leapsome", "Sign in to Leapsome now"))
    expect(page.get_by_text("Sign in to Leapsome now")).to_be_visible(timeout=2000)

    broken = original.replace(
        '<Step title="Navigate to SCIM Settings">', '<Step title="Navigate to SCIM Settings>'
    )
    guide.write_text(broken)
    overlay = page.locator(".hd-overlay")
    expect(overlay).to_be_visible(timeout=2000)
    expect(overlay).to_contain_text("guides/leapsome/link-account/scim-api-token.mdx:")
    expect(overlay).to_contain_text("never closed")
    expect(overlay).to_contain_text('<Step title="Navigate to SCIM Settings>')
    # the last good build is still what the server serves
    html = urllib.request.urlopen(url + LEAPSOME, timeout=5).read().decode()  # noqa: S310
    assert "Sign in to Leapsome now" in html

    guide.write_text(original)
    expect(overlay).to_be_hidden(timeout=2000)
    expect(page.get_by_text("Sign in to Leapsome now")).to_have_count(0)
    expect(page.locator(".hd-step-title").first).to_have_text("Sign in to Leapsome")
