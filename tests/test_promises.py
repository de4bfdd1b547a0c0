"""README promises that a round of planted bugs got past (issue 29, "tests that bite"): each test
here fails when its promise breaks, whichever module breaks it (each was planted once and seen
failing; tests/MUTATION.md lists them)."""

from __future__ import annotations

import re
from pathlib import Path

from renderer.config.schema import Brand
from renderer.parse.embeds import EmbedUse
from renderer.parse.page import parse_file
from renderer.render.headers import csp, headers_file

from .conftest import run_cli
from .stub_api import Api
from .test_mkdocs_plugin import make_site, mkdocs

BRAND = Brand("b", "B", "B Docs", "https://docs.b.example", False, (), Path("/nonexistent"))


def test_frame_src_names_every_host_separated_by_spaces() -> None:
    """Two embed hosts: CSP source lists are space-separated (a comma breaks both embeds)."""
    use = EmbedUse(frozenset({"https://a.example", "https://b.example"}), frozenset({"'self'"}))
    for policy in (csp(BRAND, use), headers_file(BRAND, use)):
        assert "frame-src https://a.example https://b.example" in policy, policy
        assert "," not in re.search(r"frame-src[^;\n]*", policy).group(0)


def test_front_matter_typos_say_did_you_mean(tmp_path: Path) -> None:
    for typo, meant in (("noindx", "noindex"), ("sidebar_title", "sidebarTitle")):
        page = tmp_path / f"{typo}.mdx"
        page.write_text(f"---\ntitle: T\n{typo}: true\n---\n\nText.\n")
        proc = run_cli("check", "--config", str(_mintlify(tmp_path)))
        assert f"{typo}.mdx:3:1" in proc.stdout + proc.stderr, proc.stdout + proc.stderr
        assert f"did you mean `{meant}`" in proc.stdout + proc.stderr, proc.stdout + proc.stderr
        page.unlink()


def _mintlify(root: Path) -> Path:
    docs = root / "docs.json"
    if not docs.exists():
        docs.write_text(
            '{"name": "T", "colors": {"primary": "#0D9373"}, "navigation": {"pages": []}}'
        )
    return docs


def test_an_untitled_index_page_is_titled_after_its_folder(tmp_path: Path) -> None:
    (tmp_path / "billing").mkdir()
    (tmp_path / "billing/index.mdx").write_text("Plans and invoices.\n")
    (tmp_path / "docs.json").write_text(
        '{"name": "T", "colors": {"primary": "#0D9373"}, "navigation": {"pages": ["billing/index"]}}'
    )
    out = tmp_path / "out"
    proc = run_cli("build", "--config", str(tmp_path / "docs.json"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    html = next(out.glob("*/billing.html")).read_text()
    assert re.search(r"<h1[^>]*>\s*Billing\s*</h1>", html), "titled after its folder"
    assert ">Index<" not in html


def test_exported_booleans_and_arrays_read_as_mdx_renders_them(tmp_path: Path) -> None:
    """`{flag}` of `true` renders nothing in MDX (React); an array renders its items joined."""
    (tmp_path / "p.mdx").write_text(
        "---\ntitle: P\n---\n\nexport const on = true\nexport const tags = ['a', 'b']\n\n"
        "On:{on}. Tags:{tags}.\n"
    )
    g = parse_file("p.mdx", str(tmp_path / "p.mdx"), "p.mdx")
    text = g.blocks[-1].text
    assert "True" not in text and "('a'" not in text and "['a'" not in text, text
    assert "On:." in text and "Tags:ab." in text, text


def test_serve_never_logs_query_strings(built: Path, tmp_path: Path) -> None:
    api = Api(built / "stackone", tmp_path)
    try:
        api.raw(
            f"GET /index?token=SECRETTOKEN&email=a%40b.example HTTP/1.1\r\nHost: 127.0.0.1:{api.port}"
            "\r\nConnection: close\r\n\r\n".encode()
        )
        log = api.log.read_text()
    finally:
        api.close()
    assert "GET /index" in log and "SECRETTOKEN" not in log and "a%40b" not in log, log


def test_a_draft_page_is_not_published_by_the_mkdocs_plugin(tmp_path: Path) -> None:
    site = make_site(tmp_path, "mkdocs")
    (site / "guides/draft-notes.mdx").write_text(
        "---\ntitle: Draft notes\ndraft: true\n---\n\nDRAFTCANARY not ready.\n"
    )
    proc = mkdocs(site)
    assert proc.returncode == 0, proc.stderr
    for path in (site / "site").rglob("*"):
        if path.is_file():
            assert b"DRAFTCANARY" not in path.read_bytes(), path


def test_a_white_label_mkdocs_site_shows_the_brands_name(tmp_path: Path) -> None:
    site = make_site(tmp_path, "mkdocs")
    proc = mkdocs(site, brand="white")
    assert proc.returncode == 0, proc.stderr
    home = (site / "site/index.html").read_text()
    assert "ParentCo Docs" not in home
    title = re.search(r"<title>([^<]*)</title>", home).group(1)
    assert title.strip(), home[:300]


def test_template_children_read_as_react_prints_them(tmp_path: Path) -> None:
    """Inside a template, `{xs}` of an array prints its items with nothing between (React),
    `{flag}` of a boolean prints nothing."""
    (tmp_path / "p.mdx").write_text(
        "---\ntitle: P\n---\n\n"
        "export const T = ({ xs, on }) => (<span>[{xs}|{on}]</span>)\n\n"
        "Go <T xs={['a', 'b']} on={true} /> now.\n"
    )
    g = parse_file("p.mdx", str(tmp_path / "p.mdx"), "p.mdx")
    text = g.blocks[-1].text
    assert "&#91;ab&#124;&#93;" in text, text  # [ab|], escaped for the Markdown reader


def test_a_backslash_path_is_another_origin() -> None:
    """Browsers read `/\\host` as `//host`: such a video is no same-origin file (issue 29 low)."""
    from renderer.parse.embeds import video_allowed

    assert video_allowed("/media/demo.mp4", BRAND)
    for url in ("/\\evil.example/x.mp4", "/\\/evil.example/x.mp4", "/media\\..\\x.mp4"):
        assert not video_allowed(url, BRAND), url


def test_an_svg_image_with_a_script_is_named_and_the_headers_cover_it(tmp_path: Path) -> None:
    """A copied SVG that could run a script is a located warning (an error under --strict);
    the `_headers` file the build writes sends the site's CSP for every path, images too."""
    (tmp_path / "images").mkdir()
    (tmp_path / "images/diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9" onload="alert(1)"/></svg>'
    )
    (tmp_path / "images/clean.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "p.mdx").write_text(
        "---\ntitle: P\n---\n\nText.\n\n![Diagram](/images/diagram.svg)\n\n![Clean](/images/clean.svg)\n"
    )
    (tmp_path / "docs.json").write_text(
        '{"name": "T", "colors": {"primary": "#0D9373"}, "navigation": {"pages": ["p"]}}'
    )
    out = tmp_path / "out"
    proc = run_cli("build", "--config", str(tmp_path / "docs.json"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "p.mdx:7:" in proc.stderr and "holds `onload=`" in proc.stderr, proc.stderr
    assert "clean.svg" not in proc.stderr
    strict = run_cli(
        "build", "--strict", "--config", str(tmp_path / "docs.json"), "--out", str(out)
    )
    assert strict.returncode == 1
    headers = next(out.glob("*/_headers")).read_text()
    assert headers.startswith("/*") and "script-src 'self'" in headers.split("\n\n")[0], headers


def test_a_card_to_a_branded_only_page_is_unlinked_not_refused(tmp_path: Path) -> None:
    """Like a Markdown link, a Card's `href` to a page the white-label brand lacks is dropped
    (the card stays, without the link) in its HTML and its twin; the branded site keeps it."""
    import shutil

    from .conftest import ROOT

    site = tmp_path / "site"
    shutil.copytree(ROOT / "tests/fixtures/site", site)
    yml = site / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("../../../site_template", str(ROOT / "site_template")))
    (site / "guides/guides/cards.mdx").write_text(
        '---\ntitle: "Cards"\ndescription: "Cards page."\n---\n\n'
        '<Card title="Hub only" href="/guides/hub-only">Go there.</Card>\n\n'
        '<Card title="Start" href="/guides/start">Start.</Card>\n'
    )
    out = tmp_path / "out"
    proc = run_cli("build", "--config", str(yml), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    for brand, kept in (("main", True), ("white", False)):
        html = (out / brand / "guides/cards.html").read_text()
        twin = (out / brand / "guides/cards.md").read_text()
        assert ('href="/guides/hub-only"' in html) is kept, brand
        assert ('href="/guides/hub-only"' in twin) is kept, brand
        assert "Hub only" in html and 'href="/guides/start"' in html and "Go there." in twin
