"""Hostile guides and brand configs, pathological Markdown, leak canaries, output integrity.

Each case names an attack and asserts what happens to it in every output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renderer.build import build
from renderer.config.mkdocs_yml import load_config
from renderer.core.errors import GuideError
from renderer.parse.page import parse_guide
from renderer.render.page_html import Components, jinja_env, render_body
from renderer.render.twin import twin

from .conftest import ROOT, run_cli

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    '<object data="javascript:alert(1)"></object>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<style>body{'{'}display:none{'}'}</style>",
    '<a href="javascript:alert(1)">a</a>',
    '<a href="JaVaScRiPt:alert(1)">b</a>',
    '<a href="&#106;avascript:alert(1)">c</a>',
    '<a href="java\tscript:alert(1)">d</a>',
    '<a href="  javascript:alert(1)">e</a>',
    '<a href="vbscript:msgbox(1)">f</a>',
    '<a href="data:text/html,<script>alert(1)</script>">g</a>',
    "[h](javascript:alert(1))",
    "[i](JAVASCRIPT:alert(1))",
    "[j](&#x6A;avascript:alert(1))",
    '<p onclick="alert(1)">k</p>',
]


def hostile_guide() -> str:
    body = "\n\n".join(f"<p>{h}</p>" if h.startswith("[") else h for h in HOSTILE)
    actions = "[{&#x22;id&#x22;: &#x22;x</script><script>alert(1)</script>&#x22;, &#x22;label&#x22;: &#x22;<img src=x onerror=alert(1)>&#x22;, &#x22;scopes&#x22;: [&#x22;a&#x22;]}, {&#x22;id&#x22;: &#x22;y\\&#x22; onmouseover=\\&#x22;alert(8)&#x22;, &#x22;label&#x22;: &#x22;L&#x22;, &#x22;scopes&#x22;: [&#x22;a&#x22;]}]"
    return (
        '---\ntitle: "Connect Evil<img src=x onerror=alert(7)> with API Key – StackOne Hub </title><script>alert(1)</script>"\n'
        'description: "<img src=x onerror=alert(1)> {{ 7*7 }}."\n---\n\n'
        f'<Panel>\n  <div data-guides-scope-selector data-guide-actions-json="{actions}">\n  </div>\n</Panel>\n\n'
        f'<Steps>\n  <Step title="&lt;img src=x onerror=alert(1)&gt; {{{{7*7}}}}">\n    {HOSTILE[1]}\n  </Step>\n</Steps>\n\n'
        f"{body}\n"
    )


def unsafe_markup(page: str) -> list[str]:
    """Every executable thing in an HTML page other than our own external scripts and JSON data."""
    from bs4 import BeautifulSoup

    from renderer.render.defang import dangerous_url

    soup = BeautifulSoup(page, "html.parser")
    found = []
    for tag in soup.find_all(True):
        own = re.fullmatch(
            r"(\.\./)*(\./)?/?assets/[\w.-]+\.js(\?v=[0-9a-f]+)?", tag.get("src", "")
        )
        if tag.name == "script" and not (
            own or tag.get("type") in ("application/json", "application/ld+json")
        ):
            found.append(str(tag)[:80])
        if tag.name in ("iframe", "object", "embed", "base", "style", "svg", "math", "frame"):
            found.append(str(tag)[:80])
        if tag.name == "meta" and tag.get("http-equiv"):
            found.append(str(tag)[:80])
        for attr, value in tag.attrs.items():
            if attr.lower().startswith("on"):
                found.append(f"{tag.name} {attr}")
            if attr in ("href", "src", "action", "formaction", "data", "srcdoc") and dangerous_url(
                str(value)
            ):
                found.append(f"{tag.name} {attr}={value}")
    return found


def test_hostile_html_is_neutralised_in_every_output(project: Path) -> None:
    path = project / "guides/evil/link-account/api-key.mdx"
    path.parent.mkdir(parents=True)
    path.write_text(hostile_guide())
    (project / "guides/guides/evil-page.mdx").write_text(
        '---\ntitle: "Evil <img src=x onerror=alert(2)> page"\n'
        "description: '\"><img src=x onerror=alert(3)> {{ 7*7 }}'\n---\n\nBody.\n\n"
        "## Evil &lt;img src=x onerror=alert(5)&gt; heading\n\nMore.\n"  # in the page's toc
    )
    build(load_config(project / "mkdocs.yml"), out=project / "out", jobs=1)
    for brand in ("stackone", "acme"):
        root = project / "out" / brand
        pages = sorted(root.rglob("*.html"))
        assert len(pages) > 10
        for html_file in pages:  # every page: the listings show titles and descriptions too
            assert unsafe_markup(html_file.read_text()) == [], html_file
        texts = [f for f in root.rglob("*") if f.suffix in (".md", ".txt", ".json", ".xml")]
        assert len(texts) > 10
        for text_file in texts:  # every twin (the listings' too), llms file and index
            assert unsafe_markup(text_file.read_text()) == [], text_file
        # the listing pages show the hostile descriptions, as text
        listing = (root / "connectors/evil.html").read_text()
        assert "<span>&lt;img src=x onerror=alert(1)&gt; {{ 7*7 }}.</span>" in listing
        assert "Evil&lt;img src=x onerror=alert(7)&gt;" in listing  # the connector's name
        home = (root / "index.html").read_text()
        assert "<strong>Evil&lt;img src=x onerror=alert(7)&gt;</strong>" in home
        assert "<span>&#34;&gt;&lt;img src=x onerror=alert(3)&gt; {{ 7*7 }}</span>" in home
        evil_page = (root / "guides/evil-page.html").read_text()
        assert 'content="&#34;&gt;&lt;img src=x onerror=alert(3)&gt; {{ 7*7 }}"' in evil_page
        assert "Evil &lt;img src=x onerror=alert(5)&gt; heading</a>" in evil_page  # the toc
        assert "Evil &lt;img src=x onerror=alert(2)&gt; page" in home
        page = (root / "connectors/evil/guides/link-account/api-key.html").read_text()
        assert unsafe_markup(page) == []
        assert "&lt;img src=x onerror=alert(1)&gt;" in page  # shown as text, not markup
        assert "{{ 7*7 }}" in page  # never evaluated as a template
        assert "\\u003c/script\\u003e" in page  # the actions JSON cannot close its script element
        twin_text = (root / "connectors/evil/guides/link-account/api-key.md").read_text()
        assert unsafe_markup(twin_text) == []  # were the twin ever rendered as HTML
        for name in ("llms.txt", "llms-full.txt", "connectors/evil/llms.txt"):
            assert unsafe_markup((root / name).read_text()) == [], name
        assert unsafe_markup((root / "connectors/evil/llms-full.txt").read_text()) == []


def test_mdx_expressions_are_refused_never_evaluated(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    src = (
        "---\ntitle: T\n---\n\nimport os from 'os'\nexport const x = 1\n\n"
        f"Value {{7*7}} and {{__import__('os').system('touch {marker}')}}.\n\n"
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>\n'
    )
    with pytest.raises(GuideError) as info:
        parse_guide("guides/p.mdx", src)
    got = [(p.pos.line, p.pos.col, p.message) for p in info.value.problems]
    assert got == [
        (5, 1, "`os` is a JavaScript module (<os>): hubdocs runs no JavaScript at build time"),
        (8, 7, "JSX expression: `{7*7}` is an expression, not a literal value"),
        (8, 18, "JSX expression: `__import__` is not a known value"),
        (10, 1, "`<iframe>` has no `src`"),
    ]
    assert not marker.exists()


@pytest.mark.parametrize(
    ("name", "body", "expect"),
    [
        ("nested brackets", "[" * 25000 + "a" + "]" * 25000, "ok"),
        ("image brackets", "![[]()" * 160000, "over 100 KB"),
        ("deep blockquotes", "> " * 10000 + "x", "nested too deeply"),
        ("deep lists", "".join("  " * i + "- x\n" for i in range(2000)), "nested too deeply"),
        ("deep components", "<Note>\n" * 3000 + "x\n" + "</Note>\n" * 3000, "nested too deeply"),
        (
            "reference amplification",
            "[x]: /" + "a" * 30000 + "\n\n" + "[x]" * 3000,
            "reference link",
        ),
        (
            "wide table",
            "|" + "a|" * 5000 + "\n|" + "-|" * 5000 + "\n" + ("|" + "b|" * 5000 + "\n") * 50,
            "over 100 KB",
        ),
        (  # 3.96 MB, under the 4 MiB file limit: refused before tokenising (it took 14-29 s)
            "4 MB table",
            "|" + "a|" * 5000 + "\n|" + "-|" * 5000 + "\n" + ("|" + "b|" * 5000 + "\n") * 394,
            "over 100 KB",
        ),
        ("emphasis storm", "*a **b " * 12000, "ok"),
        ("backtick run", "`" * 50000, "ok"),
    ],
)
def test_pathological_markdown_is_bounded(
    name: str, body: str, expect: str, tmp_path: Path
) -> None:
    """Each input in a subprocess with a 1 GiB address-space cap and a budget of 5 s of CPU
    time for parsing and rendering, measured inside the process (interpreter start-up and
    imports excluded; CPU time, so other work on the machine does not count)."""
    src = tmp_path / "p.mdx"
    src.write_text("---\ntitle: T\n---\n\n" + body)
    code = (
        "import resource, sys, time\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from renderer.parse.page import parse_guide\n"
        "from renderer.core.errors import GuideError\n"
        "from renderer.render.page_html import Components, jinja_env, render_body\n"
        f"src = open({str(src)!r}).read()\n"
        f"components = Components(jinja_env([{str(ROOT / 'site_template')!r}]))\n"
        "start = time.process_time()\n"
        "try:\n"
        "    g = parse_guide('guides/p.mdx', src)\n"
        "    out = render_body(components, g)\n"
        "    assert len(out) < 50 * len(src) + 100000, len(out)\n"
        "    print('ok')\n"
        "except GuideError as e:\n"
        "    print('error:', e.problems[0].message)\n"
        "print('cpu', time.process_time() - start)\n"
    )
    proc = subprocess.run(  # the wall-clock limit only stops a runaway; the budget is below
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert expect in proc.stdout, proc.stdout
    cpu = float(proc.stdout.rsplit("cpu ", 1)[1])
    assert cpu < 5, f"{name}: {cpu:.1f} s of CPU time"


def test_a_huge_table_is_refused_at_its_header_and_a_large_one_is_kept() -> None:
    """The size check before tokenising names the table's first line and agrees with the
    check after it: a table just under the limit, inside a page over it, is still a table."""
    head = "---\ntitle: T\n---\n\nIntro.\n\n"
    huge = "| a | b |\n|---|---|\n" + "| x | y |\n" * 12000
    with pytest.raises(GuideError) as info:
        parse_guide("guides/p.mdx", head + huge)
    (p,) = info.value.problems
    assert (p.pos.line, p.pos.col, p.message) == (7, 1, "this block is over 100 KB of text")
    kept = ("| a | b |\n|---|---|\n" + "| x | y |\n" * 9000 + "\n") * 2
    g = parse_guide("guides/p.mdx", head + kept)
    assert [type(b).__name__ for b in g.blocks] == ["Paragraph", "MarkdownBlock", "MarkdownBlock"]


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("name", '"\\"><img src=x onerror=alert(1)>"', None),
        ("name", '"{{ 7*7 }}"', None),
        ("site_name", '"<img src=x onerror=alert(1)> {{ 7*7 }}"', None),
        ("site_name", '"Line one\\nLine two"', "must be a one-line string"),
        ("colors", '{primary: "red; background: url(x)"}', "colour `primary` must be a CSS colour"),
        ("support", '"javascript:alert(1)"', "must be an https or mailto URL"),
        ("repo_url", '"http://example.com"', "must be an https URL"),
        ("domain", '"evil.example/path"', "must be a bare host name"),
        ("connect_endpoint", '"//evil.example/api"', "must be an https URL"),
    ],
)
def test_brand_config_values(project: Path, setting: str, value: str, message: str | None) -> None:
    brand = project / "site_template/brands/acme/brand.yml"
    lines = [ln for ln in brand.read_text().splitlines() if not ln.startswith(f"{setting}:")]
    if setting == "colors":
        lines = [
            ln for ln in lines if not ln.startswith("  primary:") and not ln.startswith("  accent:")
        ]
    brand.write_text("\n".join(lines) + f"\n{setting}: {value}\n")
    proc = run_cli(
        "build",
        "--brand",
        "acme",
        "--config",
        str(project / "mkdocs.yml"),
        "--out",
        str(project / "out"),
    )
    if message:
        assert proc.returncode == 1 and message in proc.stderr, proc.stderr
        assert "brand.yml:" in proc.stderr
        line = next(n for n, ln in enumerate(brand.read_text().splitlines(), 1) if setting in ln)
        assert f"brand.yml:{line}:" in proc.stderr, "located at the setting's line"
        return
    assert proc.returncode == 0, proc.stderr
    out = project / "out/acme"
    # the name (the logo's alt text) and the site name are shown on every page, literally
    shown = {
        '"\\"><img src=x onerror=alert(1)>"': 'alt="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"',
        '"{{ 7*7 }}"': 'alt="{{ 7*7 }}"',
        '"<img src=x onerror=alert(1)> {{ 7*7 }}"': (
            '<span class="hd-site-name">&lt;img src=x onerror=alert(1)&gt; {{ 7*7 }}</span>'
        ),
    }[value]
    pages = [f for f in out.rglob("*.html")]
    assert len(pages) > 10
    for f in pages:
        assert shown in f.read_text(), f
    for f in out.rglob("*"):
        if f.is_file() and f.suffix in (".html", ".md", ".txt", ".json", ".xml"):
            text = f.read_text()
            assert "<img src=x onerror" not in text, f
            assert 'alt="49"' not in text and '"><img' not in text, f


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject></foreignObject></svg>',
    ],
)
def test_hostile_svg_logo_is_rejected(project: Path, svg: str) -> None:
    (project / "site_template/brands/acme/logo.svg").write_text(svg)
    proc = run_cli("build", "--config", str(project / "mkdocs.yml"), "--out", str(project / "out"))
    assert proc.returncode == 1
    assert "acme/brand.yml" in proc.stderr and "SVG logo" in proc.stderr


def _plain(path: Path) -> bytes:
    """A file's bytes, gunzipped when it is gzip'd (Pagefind's index files)."""
    import gzip

    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def test_leak_canaries(project: Path) -> None:
    canary = f"CANARY-{uuid.uuid4()}"
    parent_word = f"PARENTWORD{uuid.uuid4().hex[:8]}"
    guide = project / "guides/leapsome/link-account/scim-api-token.mdx"
    text = guide.read_text().replace(
        "  <h2>Linking the Account from the Hub</h2>",
        f"  <h2>Linking the Account {canary}-heading</h2>\n\n"
        f'  <p>Secret {canary}-text and <img src="https://cdn.example/a.png" alt="{canary}-alt"> '
        f'and a <a href="/guides/{canary.lower()}-page">link</a>.</p>',
    )
    guide.write_text(text)
    hidden = project / f"guides/guides/{canary.lower()}-page.mdx"
    hidden.write_text(
        f'---\ntitle: Hidden\ndescription: "{canary}-description"\nwhitelabel_hide: true\n---\n\nBody {canary}-body.\n'
    )
    brand = project / "site_template/brands/stackone/brand.yml"
    brand.write_text(brand.read_text().replace("summary: ", f"summary: {parent_word} "))
    out = project / "out"
    build(load_config(project / "mkdocs.yml"), out=out, jobs=1)
    branded = "".join(
        _plain(p).decode(errors="replace")
        for p in (out / "stackone").rglob("*")
        if p.is_file() and p.suffix != ".png"
    )
    assert canary in branded and parent_word in branded  # the canaries are really in the sources
    assert canary in "".join(  # and in the branded search index (read decompressed)
        _plain(p).decode(errors="replace") for p in (out / "stackone/pagefind").rglob("*.pf_*")
    )
    for brand_key in ("acme", "northwind"):
        for f in (out / brand_key).rglob("*"):
            if f.is_file():
                data = _plain(f)
                assert canary.encode() not in data and canary.lower().encode() not in data, f
                assert parent_word.encode() not in data, f
    # building one brand after another in one process gives the same bytes as building it alone
    alone = project / "alone"
    build(load_config(project / "mkdocs.yml"), ["northwind"], alone, jobs=1)
    for f in (alone / "northwind").rglob("*"):
        if f.is_file():
            assert (
                f.read_bytes()
                == (out / "northwind" / f.relative_to(alone / "northwind")).read_bytes()
            ), f


def test_leak_check_fails_the_build_with_locations(project: Path) -> None:
    start = project / "guides/guides/getting-started.mdx"
    start.write_text(start.read_text() + "\nVisit https://stackone.com/docs for more.\n")
    proc = run_cli("build", "--config", str(project / "mkdocs.yml"), "--out", str(project / "out"))
    assert proc.returncode == 1
    # located in the source, at the word as written, naming every output it reached
    assert re.search(
        r"guides/guides/getting-started\.mdx:\d+:15: white-label leak for brand acme: parent "
        r"brand word 'stackone' \(would reach acme/guides/getting-started\.html, "
        r"acme/guides/getting-started\.md\)",
        proc.stderr,
    ), proc.stderr
    assert "Traceback" not in proc.stderr
    # nothing is swapped in when a brand leaks (a brand is indexed while the next one renders,
    # so the build stops before the first swap), and no temporary folder is left behind
    assert sorted(p.name for p in (project / "out").iterdir() if p.is_dir()) == []


@pytest.mark.parametrize("spelling", ["STACKONE", "ſtackone", "stac\u212aone"])
def test_leak_check_sees_every_case_spelling(spelling: str) -> None:
    """The byte-level shortcut of the leak check must not miss what a case-insensitive match
    finds (the long s and the Kelvin sign fold to ASCII letters)."""
    from renderer.brand.leaks import LeakChecker
    from renderer.config.mkdocs_yml import load_config

    brand = load_config(ROOT / "mkdocs.yml").brand("acme")
    checker = LeakChecker(brand, {})
    page = f"<p>Made by {spelling} for you · ok</p>\n".encode()
    assert checker.check("guides/x.html", page), spelling
    assert checker.check("guides/x.html", "<p>Made by Acme · ok</p>\n".encode()) == []


def test_leak_check_looks_for_hidden_text_where_it_can_surface() -> None:
    """A page's hidden text in its own files or its pieces of the index files, or any page's
    hidden text in a file that lists every page, is a leak."""
    from renderer.brand.leaks import LeakChecker, piece_leaks
    from renderer.config.mkdocs_yml import load_config
    from renderer.render.site import Parts

    brand = load_config(ROOT / "mkdocs.yml").brand("acme")
    secret_a = "Open the secret admin console of Tool A"
    secret_b = "Hidden page title for Tool B only"
    checker = LeakChecker(brand, {"/a": frozenset({secret_a}), "/b": frozenset({secret_b})})
    assert checker.check("a.md", f"text {secret_a}.\n".encode())
    assert checker.check("a.html", b"<p>Open the <b>secret</b> admin console of Tool A</p>")
    assert checker.check("llms.txt", f"- [x](/x.md): {secret_b}\n".encode())
    assert checker.check("index.html", f"<li>{secret_a}</li>".encode())
    parts = Parts()
    parts.chunks["/a"] = f"# A\n\n{secret_a}\n".encode()
    hits = piece_leaks(checker, parts.chunks)
    assert any(h.startswith("llms-full.txt:") for h in hits)
    assert checker.check("connectors/b/llms.txt", f"- [x](/x.md): {secret_b}\n".encode())
    assert checker.check("a.md", b"nothing to see\n") == []


def test_symlink_out_of_guides_is_not_followed(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "outside.mdx"
    secret.write_text("---\ntitle: Outside\n---\n\nSECRET-OUTSIDE\n")
    (project / "guides/guides/linked.mdx").symlink_to(secret)
    (project / "guides/linkdir").symlink_to(tmp_path, target_is_directory=True)
    proc = run_cli("build", "--config", str(project / "mkdocs.yml"), "--out", str(project / "out"))
    assert proc.returncode == 0, proc.stderr
    # `hubdocs check` names both links; `build --strict` refuses them
    checked = run_cli("check", "--config", str(project / "mkdocs.yml"))
    for rel in ("guides/linked.mdx", "linkdir"):
        assert f"{rel}:1:1: warning: symbolic link skipped" in checked.stdout, checked.stdout
    strict = run_cli(
        "build", "--strict", "--config", str(project / "mkdocs.yml"), "--out", str(project / "o")
    )
    assert strict.returncode == 1 and "symbolic link skipped" in strict.stderr
    files = [f for f in (project / "out").rglob("*") if f.is_file()]
    assert len(files) > 50
    for f in files:
        assert b"SECRET-OUTSIDE" not in f.read_bytes()


def test_no_local_paths_or_environment_in_outputs(built: Path) -> None:
    needles = {str(ROOT), str(Path.home()), os.environ.get("USER", "") or "\0"}
    # Pagefind's index, filters and WebAssembly are binary (NUL bytes); its page fragments
    # (our text) are checked
    outputs = [
        f
        for f in built.rglob("*")
        if f.is_file() and ("pagefind" not in f.parts or f.suffix == ".pf_fragment")
    ]
    assert len(outputs) > 100
    for f in outputs:
        if f.is_file():
            data = _plain(f).decode(errors="replace")
            for n in needles:
                assert n not in data, (f, n)


def test_kill_mid_build_leaves_previous_site(project: Path) -> None:
    out = project / "out"
    assert (
        run_cli("build", "--config", str(project / "mkdocs.yml"), "--out", str(out)).returncode == 0
    )
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    code = (
        "import os, signal\n"
        "import renderer.build.output as o\n"
        "real = o.TreeWriter.write\n"
        "def dying(self, rel, data):\n"
        "    if self.count == 20:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    real(self, rel, data)\n"
        "o.TreeWriter.write = dying\n"
        "from renderer.cli import main\n"
        f"main(['build', '--full', '--config', {str(project / 'mkdocs.yml')!r}, '--out', {str(out)!r}, '--jobs', '1'])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=120)
    assert proc.returncode == -9
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert leftovers  # the killed build left its temporary folder behind…
    assert (
        run_cli(
            "build", "--config", str(project / "mkdocs.yml"), "--out", str(out), "--brand", "acme"
        ).returncode
        == 0
    )
    assert not [
        p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".hubdocs-brands"
    ]  # …and the next build removes it
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize("rel", ["../escape.mdx", "/abs/x.mdx", "a/%2e%2e/b.mdx"])
def test_output_paths_never_escape(rel: str, tmp_path: Path) -> None:
    from renderer.build.output import write_tree

    with pytest.raises(ValueError):
        write_tree(tmp_path / "out", [(rel.replace("%2e%2e", ".."), b"x")])
    assert not (tmp_path / "escape.mdx").exists()


GUIDE_CHARS = st.sampled_from(
    [
        "<Steps>",
        "</Steps>",
        '<Step title="t">',
        "</Step>",
        "<Note>",
        "</Note>",
        "<Warning>x</Warning>",
        "<div data-whitelabel-hide>",
        "</div>",
        "<section data-guide-section>",
        "</section>",
        "<p>",
        "</p>",
        "<ul>",
        "<li>",
        "</li>",
        "</ul>",
        "## H",
        "- item",
        "1. one",
        "`code`",
        "**b**",
        "[l](/x)",
        "\n",
        "\n\n",
        "    ",
        "text",
        "<",
        ">",
        "{x}",
        "&#x22;",
        "<Bogus>",
        "```",
        "> q",
        "|a|b|",
        "\t",
        "\\",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(GUIDE_CHARS, max_size=40))
def test_fuzz_parse_and_render_raise_only_guide_errors(parts: list[str]) -> None:
    src = "---\ntitle: T\ndescription: D.\n---\n\n" + "".join(parts)
    try:
        g = parse_guide("guides/x/link-account/api-key.mdx", src)
    except GuideError:
        return
    render_body(Components(jinja_env([str(ROOT / "site_template")])), g)
    twin(g, "https://example.com")


# -- cases found by the security review ----------------------------------------------------


@pytest.mark.parametrize("line", ["<div>\n", "<Steps>\n", "<p>x\n", "<h2>x\n"])
def test_many_unclosed_tags_fail_fast(line: str) -> None:
    import time

    start = time.process_time()  # CPU time: other work on the machine does not count
    with pytest.raises(GuideError) as info:
        parse_guide("guides/p.mdx", "---\ntitle: T\n---\n\n" + line * 20000)
    assert time.process_time() - start < 5
    p = info.value.problems[0]  # a located error, with the offending line
    assert p.pos.path == "guides/p.mdx" and p.pos.line >= 5 and p.pos.col >= 1
    assert p.source_line.strip() == line.strip()


@pytest.mark.parametrize(
    "body",
    [
        "> <div data-whitelabel-hide>\n> MARKER\n> </div>\n",
        "<details>\n<div data-whitelabel-hide>MARKER</div>\n</details>\n",
        "| a |\n| - |\n| <div data-whitelabel-hide>MARKER</div> |\n",
    ],
)
def test_hide_marker_where_it_cannot_hide_is_an_error(body: str) -> None:
    with pytest.raises(GuideError) as info:
        parse_guide("guides/p.mdx", "---\ntitle: T\n---\n\n" + body)
    assert "hide marker here would not hide anything" in str(info.value)


def test_deeply_nested_actions_json_is_a_guide_error() -> None:
    deep = "[" * 3000 + "]" * 3000
    src = f'---\ntitle: T\n---\n\n<div data-guides-scope-selector data-guide-actions-json="{deep}">\n</div>\n'
    with pytest.raises(GuideError) as info:
        parse_guide("guides/p.mdx", src)
    assert "not valid JSON" in str(info.value)


@pytest.mark.parametrize("name", ["q?x=1#frag.mdx", 'a"b<img src=x>.mdx', "\\evil.example.mdx"])
def test_page_names_must_be_url_safe(name: str) -> None:
    with pytest.raises(GuideError) as info:
        parse_guide(f"guides/guides/{name}", "---\ntitle: T\n---\n\nx\n", f"guides/{name}")
    assert "cannot be part of a URL" in str(info.value)


@pytest.mark.parametrize(
    "payload",
    [
        "<scr<base>ipt>alert(1)</scr<base>ipt>",
        '<img src="x"/onerror=alert(1)>',
        '<img alt=">" src=x onerror=alert(1)>',
        "<details/open/ontoggle=alert(1)>",
        "[r][r]\n\n[r]: javascript:alert(1)",
    ],
)
def test_twins_stay_inert_for_defang_bypasses(payload: str) -> None:
    g = parse_guide("guides/p.mdx", f"---\ntitle: T\n---\n\n{payload}\n")
    text = twin(g, "https://example.com")
    assert unsafe_markup(text) == []
    assert "javascript:" not in text.lower()


def test_defang_is_linear() -> None:
    import time

    from renderer.render.defang import defang

    start = time.process_time()  # CPU time: other work on the machine does not count
    defang("<a " * 20000 + "onclick=x>")
    assert time.process_time() - start < 1


def test_namespaced_svg_script_is_rejected() -> None:
    from renderer.config.logo import check_svg

    svg = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg"><s:script>x</s:script></svg>'
    assert check_svg(svg)
    assert check_svg(
        b'<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" values="javascript:x"/></svg>'
    )


def test_links_to_hidden_pages_are_removed_in_every_spelling(project: Path) -> None:
    start = project / "guides/guides/getting-started.mdx"
    start.write_text(
        start.read_text()
        + '\nRef [accounts][acc]. Titled <a title="a>b" href="/guides/accounts-section">page</a>. '
        + "Relative [rel](accounts-section).\n\n[acc]: /guides/accounts-section\n"
    )
    build(load_config(project / "mkdocs.yml"), out=project / "out", jobs=1)
    for brand in ("acme", "northwind"):
        for suffix in (".html", ".md"):
            text = (project / "out" / brand / f"guides/getting-started{suffix}").read_text()
            assert "accounts-section" not in text, (brand, suffix)
    branded = (project / "out/stackone/guides/getting-started.html").read_text()
    assert branded.count('href="/guides/accounts-section"') >= 2
