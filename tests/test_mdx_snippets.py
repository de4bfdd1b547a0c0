"""Snippet imports, exported values and template components, read from real files."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from renderer.core.errors import GuideError
from renderer.parse.page import parse_file

from .outline import outline


def site(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def rel_to(root: Path, shown: str) -> str:
    """A path as printed (relative to the working directory, or absolute) -> relative to root
    when it lies there, else as printed."""
    full = Path(os.path.normpath(Path.cwd() / shown)).resolve()
    base = root.resolve()
    return full.relative_to(base).as_posix() if full.is_relative_to(base) else shown


def parse(root: Path, rel: str):  # noqa: ANN201
    return parse_file(rel, str(root / rel), rel)


def test_snippet_with_props_is_included_where_used(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "snippets/intro.mdx": "---\ntitle: ignored\n---\n\nWelcome to **{product}**.\n\n<Note>{tip}</Note>\n",
            "guide/start.mdx": (
                '---\ntitle: Start\n---\n\nimport Intro from "/snippets/intro.mdx"\n\n'
                '<Steps>\n  <Step title="One">\n    <Intro product="Acme" tip="Be quick." />\n  </Step>\n</Steps>\n'
            ),
        },
    )
    g = parse(root, "guide/start.mdx")
    assert outline(g.blocks) == [
        "Steps",
        "  Step 'One'",
        "    Paragraph 'Welcome to **Acme**.'",
        "    Callout Note",
        "      Paragraph 'Be quick.'",
    ]
    # the twin shows what the reader sees: the snippet's text, never the import line
    assert "import" not in g.body and "Welcome to **Acme**." in g.body


def test_exported_values_and_named_imports(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "snippets/values.mdx": 'export const plan = "Pro"\nexport const seats = 5\n',
            "p.mdx": (
                '---\ntitle: P\n---\n\nimport { plan, seats as n } from "/snippets/values.mdx"\n'
                'export const limits = { daily: 10, tags: ["a", "b"] }\n\n'
                "The {plan} plan has {n} seats.\n\n<Card title={plan} cols={n} />\n"
            ),
        },
    )
    g = parse(root, "p.mdx")
    assert outline(g.blocks) == [
        "Paragraph 'The Pro plan has 5 seats.'",
        "Component Card {'title': 'Pro', 'cols': 5}",
    ]


def test_errors_in_a_snippet_point_into_the_snippet(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "snippets/bad.mdx": "First line.\n\n<Nte>oops</Nte>\n",
            "p.mdx": '---\ntitle: P\n---\n\nimport Bad from "/snippets/bad.mdx"\n\n<Bad />\n\n<Tipp>x</Tipp>\n',
        },
    )
    with pytest.raises(GuideError) as info:
        parse(root, "p.mdx")
    got = [(p.pos.path, p.pos.line, p.message) for p in info.value.problems]
    # the snippet is named as the user would reach it (relative to the working directory,
    # wherever the checkout and the temporary folder are)
    here = [(rel_to(tmp_path, a), b, c) for a, b, c in got]
    assert ("snippets/bad.mdx", 3, "unknown component `<Nte>`") in here
    assert ("p.mdx", 9, "unknown component `<Tipp>`") in got


def test_a_problem_after_an_expression_over_lines_keeps_its_line(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "p.mdx": "---\ntitle: P\n---\n\nA {`two\nlines`} here.\n\n<Steps>\n\nText\n",
        },
    )
    with pytest.raises(GuideError) as info:
        parse(root, "p.mdx")
    got = [(p.pos.line, p.pos.col, p.message) for p in info.value.problems]
    assert got == [(8, 1, "`<Steps>` is never closed")]


def test_snippet_cycles_and_scripts_are_refused(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "snippets/a.mdx": 'import B from "/snippets/b.mdx"\n\n<B />\n',
            "snippets/b.mdx": 'import A from "/snippets/a.mdx"\n\n<A />\n',
            "snippets/counter.jsx": "export const Counter = () => {\n  const [n, setN] = useState(0)\n  return <b>{n}</b>\n}\n",
            "p.mdx": (
                '---\ntitle: P\n---\n\nimport A from "/snippets/a.mdx"\n'
                'import { Counter } from "/snippets/counter.jsx"\n\n<A />\n'
            ),
        },
    )
    with pytest.raises(GuideError) as info:
        parse(root, "p.mdx")
    text = str(info.value)
    assert "includes itself" in text
    assert "<Counter> from `/snippets/counter.jsx` cannot be used" in text


def test_template_component_from_a_jsx_file(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "snippets/button.jsx": (
                "export const Button = ({ children, href }) => {\n  return (\n"
                '    <a href={href} className="btn">\n      {children}\n    </a>\n  )\n}\n'
            ),
            "p.mdx": (
                '---\ntitle: P\n---\n\nimport { Button } from "/snippets/button.jsx"\n\n'
                '<Button href="https://example.com/?a=1&b=<2>">\n  Open <it>\n</Button>\n\nAfter.\n'
            ),
        },
    )
    g = parse(root, "p.mdx")
    assert outline(g.blocks)[0] == (
        'Paragraph \'<a href="https://example.com/?a=1&amp;b=&lt;2&gt;" class="btn">Open <it></a>\''
    )
    assert g.blocks[-1].span.line == 11  # lines after the use keep their numbers


def test_parse_command_finds_the_site_folder_for_snippets() -> None:
    from .conftest import ROOT, run_cli

    proc = run_cli("parse", str(ROOT / "tests/fixtures/mintlify/components.mdx"))
    assert proc.returncode == 0, proc.stderr
    assert "A page that uses Mintlify's components." in proc.stdout


def test_inline_style_is_read_and_unknown_properties_warn_once(tmp_path: Path) -> None:
    """`style={{…}}` is honoured (as a class, under the CSP); a property outside the allowlist
    is dropped with one located warning per property per file."""
    from .conftest import run_cli

    page = tmp_path / "p.mdx"
    page.write_text(
        '---\ntitle: P\n---\n\n<Frame style={{ width: "350px", position: "fixed" }}>\n'
        '  <img src="/a.png" />\n</Frame>\n\n'
        '<img src="/b.png" style={{width: "450px", position: "absolute"}} />\n'
    )
    proc = run_cli("parse", str(page))
    assert proc.returncode == 0, proc.stderr
    assert f"{page}:5:1: warning: `style` property `position` is not supported" in proc.stderr
    assert "(2 uses; first here)" in proc.stderr  # one message per property and file
    assert proc.stderr.count("warning:") == 1, proc.stderr
    model = json.loads(proc.stdout)
    assert model["blocks"][0]["attrs"] == [["style", "width:350px"]]  # a div holds the Frame
    assert model["blocks"][0]["body"][0]["name"] == "Frame"
    assert model["blocks"][1]["html"] == '<img src="/b.png" style="width:450px" />'


def test_a_snippet_linked_from_outside_the_project_is_refused(tmp_path: Path) -> None:
    """A symbolic link inside the site folder that points outside it (`/etc/passwd` would have
    been published to every brand): the import is a located error, nothing is read."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.mdx").write_text("root:x:0:0:SECRET-CANARY\n")
    root = site(
        tmp_path / "site",
        {"p.mdx": '---\ntitle: P\n---\n\nimport S from "/snippets/s.mdx"\n\n<S />\n'},
    )
    (root / "snippets").mkdir()
    (root / "snippets/s.mdx").symlink_to(outside / "secret.mdx")
    with pytest.raises(GuideError) as info:
        parse(root, "p.mdx")
    (p,) = info.value.problems
    assert (p.pos.line, p.message) == (
        5,
        "`/snippets/s.mdx` resolves outside the project (a symbolic link?)",
    )
    assert "SECRET-CANARY" not in str(info.value)


def test_a_pages_inputs_are_the_files_it_was_made_from(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "snippets/a.mdx": 'import B from "/snippets/b.mdx"\n\nA.\n\n<B />\n',
            "snippets/b.mdx": "B.\n",
            "snippets/t.jsx": "export const T = ({ x }) => (<b>{x}</b>)\n",
            "p.mdx": (
                '---\ntitle: P\n---\n\nimport A from "/snippets/a.mdx"\n'
                'import { T } from "/snippets/t.jsx"\n\n<A />\n\n<T x="1" />\n'
            ),
            "q.mdx": "---\ntitle: Q\n---\n\nPlain.\n",
        },
    )
    real = root.resolve()
    assert parse(root, "p.mdx").extras.inputs == tuple(
        str(real / f"snippets/{n}") for n in ("a.mdx", "b.mdx", "t.jsx")
    )
    assert parse(root, "q.mdx").extras.inputs == ()


def test_a_snippets_front_matter_is_a_warning_unless_it_looks_like_the_hide_marker(
    tmp_path: Path,
) -> None:
    """A snippet's `title:` goes nowhere: one warning at its line, the page builds. A key that
    looks like the hide marker but is not it fails closed: a located error at that key."""
    page = '---\ntitle: P\n---\n\nimport Intro from "/snippets/intro.mdx"\n\n<Intro />\n'
    root = site(tmp_path, {"snippets/intro.mdx": "---\ntitle: x\n---\n\nHello.\n", "p.mdx": page})
    g = parse(root, "p.mdx")
    (w,) = g.extras.warnings
    assert (rel_to(root, w.pos.path), w.pos.line, w.level) == ("snippets/intro.mdx", 2, "warning")
    assert "front matter `title` of a snippet is not used" in w.message
    (root / "snippets/intro.mdx").write_text("---\nwhitelabel-hide: true\n---\n\nHello.\n")
    with pytest.raises(GuideError) as err:
        parse(root, "p.mdx")
    (p,) = err.value.problems
    assert (rel_to(root, p.pos.path), p.pos.line, p.level) == ("snippets/intro.mdx", 2, "error")
    assert "did you mean `whitelabel_hide: true`?" in p.hint


def test_parse_command_works_wherever_the_site_lives(tmp_path: Path) -> None:
    """A site below a dot-folder (`~/.cache/…`, a CI's `.work/`): the folders above the site
    are no part of the page's URL (they were, and `.cache` was refused as a URL part)."""
    from .conftest import ROOT, run_cli

    site = tmp_path / ".cache" / "site"
    shutil.copytree(ROOT / "tests/fixtures/mintlify", site)
    proc = run_cli("parse", str(site / "components.mdx"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["url"] == "/components"
