"""tests/site_audit.py finds what it must find, and only that (issue 30)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import site_audit  # noqa: E402

PAGE = """<!doctype html><html><body><header><img src="/logo.svg" alt=""></header>
<main id="content">{}</main></body></html>"""


def _site(tmp: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp


def test_clean_site(tmp_path: Path) -> None:
    site = _site(
        tmp_path / "site",
        {
            "a/index.html": PAGE.format(
                '<p>Use <code>&lt;Steps&gt;</code>.</p><pre><code>&lt;img className="x" /&gt;'
                '</code></pre><img src="/i.png" alt="x">'
            ),
            "a.md": "Use `<Steps>`.\n\n```mdx\n&lt;Steps>\n<!-- shown as code -->\n```\n",
            "llms.txt": "# Site\n",
        },
    )
    src = _site(tmp_path / "src", {"a.mdx": "![x](/i.png)\n\n```\n<img src='/no.png' />\n```\n"})
    result = site_audit.audit(site, src)
    assert result.clean, result.summary()
    assert (result.pages, result.rendered_images, result.source_images) == (1, 1, 1)


def test_findings(tmp_path: Path) -> None:
    site = _site(
        tmp_path / "site",
        {
            "a/index.html": PAGE.format(
                '<p>&lt;img className="rounded" style={{ margin: 0 }} /&gt;</p><!-- note -->'
            ),
            "b/index.html": PAGE.format("<p>Wid gets {/* x */}</p>"),
            "c/index.html": PAGE.format("<p>Fine.</p>"),
            "a.md": "&lt;Steps>\n",
            "b.md": "a <b> tag is fine &lt;b>\n",
            "llms-full.txt": "text <!-- kept -->\n",
        },
    )
    src = _site(
        tmp_path / "src",
        {
            "a.mdx": '<img src="/a.png" />\n\n<Frame>\n  ![b](/b.png)\n</Frame>\n',
            "snippets/s.mdx": '<img\n  src="/c.png"\n/>\n',
        },
    )
    result = site_audit.audit(site, src)
    assert [x.split(":")[0] for x in result.markup_pages] == ["a/index.html"]
    assert [x.split(":")[0] for x in result.escaped_twins] == ["a.md"]
    assert sorted(x.split(":")[0] for x in result.comment_files) == [
        "a/index.html",
        "b/index.html",
        "llms-full.txt",
    ]
    assert (result.rendered_images, result.source_images) == (0, 3)
    assert not result.clean
    assert site_audit.main([str(site), str(src)]) == 1


def test_cli_needs_a_folder(tmp_path: Path) -> None:
    assert site_audit.main([str(tmp_path / "missing")]) == 2
