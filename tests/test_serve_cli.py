"""`hubdocs serve` as people run it: in a container (`--host 0.0.0.0`), on a busy port, with
`--port 0`, `--open`, `HUBDOCS_BRAND`; and it answers at once, before reading the sources."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import stat
import sys
import time
from pathlib import Path

import pytest

from renderer.serve.hosts import local_addresses

from .conftest import ROOT, run_cli
from .serve_proc import ServeProcess

LEAPSOME = "/connectors/leapsome/guides/link-account/scim-api-token"
JSON = {"Content-Type": "application/json"}


def get(
    port: int, path: str = "/", host: str | None = None, timeout: float = 30
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", host or f"127.0.0.1:{port}")
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, body


def serve(built: Path, tmp: Path, *args: str, env: dict[str, str] | None = None) -> ServeProcess:
    """`hubdocs serve --no-build --no-watch` of the session's built site."""
    return ServeProcess(
        *("--port", "0", "--no-build", "--no-watch", "--out", str(built)),
        *("--db", str(tmp / "db.sqlite3"), "--config", str(ROOT / "mkdocs.yml"), *args),
        cwd=tmp,
        env=env,
    )


def test_wildcard_host_answers_localhost_and_the_machines_addresses(
    built: Path, tmp_path: Path
) -> None:
    server = serve(built, tmp_path, "--host", "0.0.0.0", "--allow-host", "Docs.Test")
    try:
        server.wait_serving()
        port = server.port
        assert server.url == f"http://localhost:{port}"
        assert get(port, host=f"localhost:{port}")[0] == 200
        assert get(port, host=f"127.0.0.1:{port}")[0] == 200
        assert get(port, host=f"docs.test:{port}")[0] == 200
        others = sorted(a for a in local_addresses() if a not in ("127.0.0.1", "::1", "localhost"))
        for name in others:
            shown = f"[{name}]" if ":" in name else name
            assert get(port, host=f"{shown}:{port}")[0] == 200, name
        # DNS rebinding: any other name is refused
        assert get(port, host=f"evil.example:{port}")[0] == 421
        assert get(port, host=f"localhost:{port + 1}")[0] == 421
        assert get(port, host="localhost")[0] == 421
    finally:
        server.stop()


def test_loopback_bind_refuses_other_names(built: Path, tmp_path: Path) -> None:
    server = serve(built, tmp_path)
    try:
        server.wait_serving()
        port = server.port
        assert get(port, host=f"localhost:{port}")[0] == 200
        assert get(port, host=f"0.0.0.0:{port}")[0] == 421
        addresses = local_addresses() - {"127.0.0.1", "::1", "localhost"}
        for name in addresses:
            shown = f"[{name}]" if ":" in name else name
            assert get(port, host=f"{shown}:{port}")[0] == 421, name
    finally:
        server.stop()


def test_busy_port_is_a_user_error(built: Path, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = run_cli(
            *("serve", "--port", str(port), "--no-watch", "--out", str(built)),
            *("--db", str(tmp_path / "db.sqlite3"), "--config", str(ROOT / "mkdocs.yml")),
            cwd=tmp_path,
        )
    assert proc.returncode == 1, proc.stderr
    assert f"127.0.0.1:{port}" in proc.stderr and "already in use" in proc.stderr
    assert "--port 0" in proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


def test_port_zero_picks_a_free_port_and_prints_the_url(built: Path, tmp_path: Path) -> None:
    server = serve(built, tmp_path)
    try:
        url = server.wait_serving()
        assert url.startswith("http://127.0.0.1:") and server.port > 0
        status, body = get(server.port, LEAPSOME)
        assert status == 200 and b"Connect Leapsome" in body
    finally:
        server.stop()


def test_open_starts_the_browser_on_the_url(built: Path, tmp_path: Path) -> None:
    """$BROWSER is honoured by Python's webbrowser module: a script records the URL."""
    seen = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{seen}.tmp" && mv "{seen}.tmp" "{seen}"\n')
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    server = serve(built, tmp_path, "--open", env={"BROWSER": f"{browser} %s", "DISPLAY": ""})
    try:
        url = server.wait_serving()
        for _ in range(300):
            if seen.exists():
                break
            time.sleep(0.1)
        assert seen.read_text() == url + "/"
    finally:
        server.stop()


def test_without_open_no_browser_starts(built: Path, tmp_path: Path) -> None:
    seen = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{seen}"\n')
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    server = serve(built, tmp_path, env={"BROWSER": f"{browser} %s"})
    try:
        server.wait_serving()
        assert get(server.port)[0] == 200
    finally:
        server.stop()
    assert not seen.exists()


@pytest.mark.parametrize(
    ("args", "env", "brand"),
    [
        ((), {}, "stackone"),
        ((), {"HUBDOCS_BRAND": "acme"}, "acme"),
        (("--brand", "northwind"), {"HUBDOCS_BRAND": "acme"}, "northwind"),
    ],
)
def test_brand_from_flag_then_environment_then_config(
    built: Path, tmp_path: Path, args: tuple[str, ...], env: dict[str, str], brand: str
) -> None:
    env = {"HUBDOCS_BRAND": "", **env}
    server = serve(built, tmp_path, *args, env=env)
    try:
        server.wait_serving()
        assert server.brand == brand
        status, body = get(server.port)
        assert status == 200
        assert body == (built / brand / "index.html").read_bytes()
    finally:
        server.stop()


def test_unknown_brand_from_the_environment_is_a_user_error(built: Path, tmp_path: Path) -> None:
    proc = subprocess_serve(built, tmp_path, {"HUBDOCS_BRAND": "nosuch"})
    assert proc.returncode == 1
    assert "unknown brand 'nosuch'" in proc.stderr and "stackone" in proc.stderr
    assert "Traceback" not in proc.stderr


def subprocess_serve(built: Path, tmp: Path, env: dict[str, str]):
    import subprocess

    return subprocess.run(
        [sys.executable, "-m", "renderer", "serve", "--port", "0", "--no-watch"]
        + ["--out", str(built), "--config", str(ROOT / "mkdocs.yml")],
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )


# -- starting at once ------------------------------------------------------------------------


def _blocking_guide(project: Path) -> Path:
    """A link-account source that is a FIFO: whoever reads it waits until it is written."""
    fifo = project / "guides" / "zzblock" / "link-account" / "api-key.mdx"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    return fifo


@pytest.mark.parametrize("no_build", [True, False])
def test_serve_answers_before_reading_any_source(project: Path, no_build: bool) -> None:
    """A built site is served at once: with `--no-build`, and when a build is on disk (it is
    checked in the background). A source that blocks every reader proves that no source is
    read before the first answer, and that the connect API reads only the guide it is asked
    about."""
    out = project / "site"
    proc = run_cli("build", "--brand", "stackone", "--quiet", cwd=project, timeout=300)
    assert proc.returncode == 0, proc.stderr
    _blocking_guide(project)
    args = ["--port", "0", "--no-watch", "--out", str(out), "--db", str(project / "db.sqlite3")]
    server = ServeProcess(*args, *(["--no-build"] if no_build else []), cwd=project)
    try:
        server.wait_serving(timeout=60)
        status, body = get(server.port, LEAPSOME)
        assert status == 200 and b"Connect Leapsome" in body
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        conn.request(
            "POST",
            "/api/connect_sessions",
            body=b'{"provider": "leapsome", "auth_method": "scim-api-token"}',
            headers={"Content-Type": "application/json"},
        )
        resp = conn.getresponse()
        assert resp.status == 201, resp.read()
    finally:
        server.stop()


def test_connect_forms_follow_edits_without_the_watcher(project: Path) -> None:
    proc = run_cli("build", "--brand", "stackone", "--quiet", cwd=project, timeout=300)
    assert proc.returncode == 0, proc.stderr
    args = ["--port", "0", "--no-watch", "--no-build", "--out", str(project / "site")]
    server = ServeProcess(*args, "--db", str(project / "db.sqlite3"), cwd=project)
    guide = project / "guides/leapsome/link-account/scim-api-token.mdx"
    try:
        server.wait_serving(timeout=60)

        def link(creds: dict[str, str]) -> tuple[int, dict]:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            form = {"provider": "leapsome", "auth_method": "scim-api-token"}
            conn.request(
                "POST", "/api/connect_sessions", body=json.dumps(form).encode(), headers=JSON
            )
            reply = json.loads(conn.getresponse().read())
            assert "token" in reply, (reply, server.output())
            token = reply["token"]
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            body = json.dumps({**form, "credentials": creds}).encode()
            conn.request(
                "POST",
                "/api/accounts",
                body=body,
                headers={**JSON, "Authorization": f"Bearer {token}"},
            )
            resp = conn.getresponse()
            return resp.status, json.loads(resp.read())

        assert link({"scim_authentication_token": "t"})[0] == 201
        line = "        <li><strong>SCIM Authentication Token</strong></li>\n"
        text = guide.read_text().replace(
            line, line + line.replace("SCIM Authentication Token", "Tenant Name")
        )
        guide.write_text(text)
        status, data = link({"scim_authentication_token": "t"})
        assert status == 422 and data["errors"] == {"tenant_name": "Tenant Name is required"}
        assert link({"scim_authentication_token": "t", "tenant_name": "acme"})[0] == 201
    finally:
        server.stop()


def test_forms_refuse_paths_outside_the_guides(tmp_path: Path) -> None:
    from renderer.commands.serve import GuideForms

    (tmp_path / "guides").mkdir()
    secret = tmp_path / "x" / "link-account"
    secret.mkdir(parents=True)
    shutil.copy(ROOT / "guides/leapsome/link-account/scim-api-token.mdx", secret / "y.mdx")
    forms = GuideForms(tmp_path / "guides")
    for key in [
        ("../x", "y"),
        ("..", "y"),
        ("x/../../x", "y"),
        ("leapsome", "../../x/link-account/y"),
    ]:
        assert key not in forms and forms.get(key) is None
    assert ("x", "y") not in forms
    assert GuideForms(tmp_path / "x" / "..").get(("x", "y")) is not None  # the same file, inside


def test_headers_come_from_the_brand_when_nothing_is_built(built: Path, tmp_path: Path) -> None:
    from renderer.config.mkdocs_yml import load_config
    from renderer.render.headers import built_headers, page_headers

    brand = load_config(ROOT / "mkdocs.yml").brand("stackone")
    assert built_headers(built / "stackone" / "_headers") == page_headers(brand)
    assert built_headers(tmp_path / "_headers") is None
    (tmp_path / "_headers").write_text("/*\n  Referrer-Policy: no-referrer\n")
    assert built_headers(tmp_path / "_headers") is None


def test_serve_rebuilds_a_stale_site_in_the_background(project: Path) -> None:
    proc = run_cli("build", "--brand", "stackone", "--quiet", cwd=project, timeout=300)
    assert proc.returncode == 0, proc.stderr
    guide = project / "guides/leapsome/link-account/scim-api-token.mdx"
    guide.write_text(guide.read_text().replace("Sign in to Leapsome", "Sign in to Leapsome today"))
    server = ServeProcess(
        *("--port", "0", "--no-watch", "--out", str(project / "site")),
        *("--db", str(project / "db.sqlite3")),
        cwd=project,
    )
    try:
        server.wait_serving(timeout=60)
        for _ in range(600):
            if b"Sign in to Leapsome today" in get(server.port, LEAPSOME)[1]:
                break
            time.sleep(0.1)
        assert b"Sign in to Leapsome today" in get(server.port, LEAPSOME)[1], server.output()
    finally:
        server.stop()


def test_forms_skip_drafts_and_broken_guides(tmp_path: Path) -> None:
    from renderer.commands.serve import GuideForms

    folder = tmp_path / "guides" / "leapsome" / "link-account"
    folder.mkdir(parents=True)
    text = (ROOT / "guides/leapsome/link-account/scim-api-token.mdx").read_text()
    (folder / "scim-api-token.mdx").write_text(text)
    (folder / "draft-one.mdx").write_text(text.replace("---\n\n", "draft: true\n---\n\n", 1))
    (folder / "broken.mdx").write_text(text.replace("</Steps>", "", 1))
    forms = GuideForms(tmp_path / "guides")
    assert [f.key for f in forms.get(("leapsome", "scim-api-token"))] == [
        "scim_authentication_token"
    ]
    assert ("leapsome", "draft-one") not in forms
    assert ("leapsome", "broken") not in forms
