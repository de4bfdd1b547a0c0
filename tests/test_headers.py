"""The security headers, exactly: the strict CSP of every page (widened only for what a site's
embeds and connect endpoint need), the `_headers` file a build writes, and `serve` reading the
same headers back from it. The expected values are written here from the README's promises,
not copied from the output."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pytest

from renderer.config.mkdocs_yml import load_config
from renderer.parse.embeds import EmbedUse
from renderer.render.headers import built_headers, csp, headers_file, page_headers

from .conftest import ROOT

STRICT = {
    "default-src": ["'none'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "https:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
    "manifest-src": ["'self'"],
}


@functools.cache
def _brand():  # noqa: ANN202
    return dataclasses.replace(load_config(ROOT / "mkdocs.yml").brand("acme"), connect_endpoint="")


def directives(policy: str) -> dict[str, list[str]]:
    """A CSP as directive -> sources, checking its syntax on the way (`; ` between directives,
    single spaces between sources, no directive twice)."""
    out: dict[str, list[str]] = {}
    for part in policy.split("; "):
        name, *sources = part.split(" ")
        assert name and all(sources), repr(part)
        assert name not in out, name
        out[name] = sources
    return out


def test_the_strict_policy_is_exactly_the_promised_one() -> None:
    assert directives(csp(_brand())) == STRICT
    assert directives(csp(_brand(), EmbedUse())) == STRICT  # no embeds: nothing added


def test_a_connect_endpoint_origin_is_allowed_for_fetch_and_form_posts_only() -> None:
    brand = dataclasses.replace(_brand(), connect_endpoint="https://api.example.com/v1/connect")
    got = directives(csp(brand))
    assert got["connect-src"] == ["'self'", "https://api.example.com"]
    assert got["form-action"] == ["'self'", "https://api.example.com"]
    assert {k: v for k, v in got.items() if k not in ("connect-src", "form-action")} == {
        k: v for k, v in STRICT.items() if k not in ("connect-src", "form-action")
    }
    local = dataclasses.replace(_brand(), connect_endpoint="http://localhost:9000/connect")
    assert directives(csp(local))["form-action"] == ["'self'", "http://localhost:9000"]
    relative = dataclasses.replace(_brand(), connect_endpoint="/api/connect")
    assert directives(csp(relative)) == STRICT  # same origin: 'self' covers it


def test_embeds_add_exactly_their_hosts_sorted() -> None:
    use = EmbedUse(
        frames=frozenset({"https://www.youtube.com", "https://player.vimeo.com"}),
        media=frozenset({"'self'"}),
        connect=frozenset({"https://z.example", "https://a.example"}),
    )
    got = directives(csp(_brand(), use))
    assert got["frame-src"] == ["https://player.vimeo.com", "https://www.youtube.com"]
    assert got["media-src"] == ["'self'"]
    assert got["connect-src"] == ["'self'", "https://a.example", "https://z.example"]
    frames_only = directives(csp(_brand(), EmbedUse(frames=frozenset({"https://x.example"}))))
    assert "media-src" not in frames_only and frames_only["frame-src"] == ["https://x.example"]
    media_only = directives(csp(_brand(), EmbedUse(media=frozenset({"https://m.example"}))))
    assert "frame-src" not in media_only and media_only["media-src"] == ["https://m.example"]


def test_page_headers_are_the_csp_and_the_two_fixed_headers() -> None:
    assert page_headers(_brand()) == (
        ("Content-Security-Policy", csp(_brand())),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
    )


def test_the_headers_file_is_written_as_documented() -> None:
    text = headers_file(_brand())
    assert text == "\n".join(
        [
            "/*",
            f"  Content-Security-Policy: {csp(_brand())}",
            "  Referrer-Policy: no-referrer",
            "  X-Content-Type-Options: nosniff",
            "",
            "/*.md",
            "  Content-Type: text/markdown; charset=utf-8",
            "",
            "/llms.txt",
            "  Content-Type: text/plain; charset=utf-8",
            "",
            "/llms-full.txt",
            "  Content-Type: text/plain; charset=utf-8",
            "",
            "/connectors/*/llms.txt",
            "  Content-Type: text/plain; charset=utf-8",
            "",
            "/connectors/*/llms-full.txt",
            "  Content-Type: text/plain; charset=utf-8",
            "",
        ]
    )
    use = EmbedUse(frames=frozenset({"https://www.youtube.com"}))
    assert f"  Content-Security-Policy: {csp(_brand(), use)}\n" in headers_file(_brand(), use)


def test_serve_reads_back_what_the_build_wrote(tmp_path: Path) -> None:
    use = EmbedUse(frames=frozenset({"https://www.youtube.com"}))
    path = tmp_path / "_headers"
    path.write_text(headers_file(_brand(), use))
    assert built_headers(path) == (
        ("Content-Security-Policy", csp(_brand(), use)),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
    )
    tabbed = "/*\n\tReferrer-Policy:  no-referrer \n\tX-Content-Type-Options: nosniff\n"
    path.write_text(tabbed + f"\tContent-Security-Policy: {csp(_brand())}\n\n/x\n  Foo: bar\n")
    assert built_headers(path) == page_headers(_brand())  # order fixed, values trimmed


PLAIN = f"  Content-Security-Policy: {csp(_brand())}\n"
REST = "  Referrer-Policy: no-referrer\n  X-Content-Type-Options: nosniff\n"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (None, "no file"),
        (b"/*\n\xff\xfe broken\n", "not UTF-8"),
        ("", "empty"),
        ("/x\n" + PLAIN + REST, "the first block is not /*"),
        ("/*\n" + REST, "no CSP"),
        ("/*\n" + PLAIN + "  Referrer-Policy: no-referrer\n", "a header missing"),
        ("/*\n" + PLAIN + "  Referrer-Policy:   \n  X-Content-Type-Options: nosniff\n", "empty"),
        ("/*\n  Content-Security-Policy: default-src 'none'\n" + REST, "no script-src 'self'"),
        ("/*\n" + PLAIN + "/next\n" + REST, "headers after the block ended"),
    ],
)
def test_serve_falls_back_to_the_brand_defaults_on_anything_else(
    tmp_path: Path, text: str | bytes | None, why: str
) -> None:
    path = tmp_path / "_headers"
    if isinstance(text, bytes):
        path.write_bytes(text)
    elif text is not None:
        path.write_text(text)
    assert built_headers(path) is None, why
