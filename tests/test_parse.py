"""The parser on real guides and on bad input: the model, the JSON export, located errors."""

from __future__ import annotations

import json

import pytest

from renderer.core import model as m
from renderer.core.errors import GuideError
from renderer.core.model import walk
from renderer.parse.page import parse_guide, slugify_label

from .conftest import LEAPSOME, ROOT, run_cli


def test_leapsome_json_export() -> None:
    proc = run_cli("parse", "guides/leapsome/link-account/scim-api-token.mdx")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["format"] == "hubdocs.guide/1"
    assert list(data)[:3] == ["node", "path", "url"]
    blocks = data["blocks"]
    callouts = [b for b in blocks if b["node"] == "Callout"]
    assert [c["kind"] for c in callouts] == ["Warning"]
    sections = [b for b in blocks if b["node"] == "Section"]
    assert len(sections) == 1
    steps = [b for b in sections[0]["body"] if b["node"] == "Steps"][0]["steps"]
    assert [s["title"] for s in steps] == [
        "Sign in to Leapsome",
        "Navigate to SCIM Settings",
        "Generate the SCIM Token",
    ]
    hidden = [b for b in blocks if b["node"] == "WhitelabelHide"]
    assert len(hidden) == 1
    hub_steps = [b for b in hidden[0]["body"] if b["node"] == "Steps"][0]["steps"]
    assert len(hub_steps) == 3
    assert data["fields"] == [
        {
            "node": "Field",
            "key": "scim_authentication_token",
            "label": "SCIM Authentication Token",
            "type": "password",
            "required": True,
            "secret": True,
            "options": [],
        }
    ]


def test_parse_json_is_stable() -> None:
    """The same bytes whatever the hash seed (set and dict order must never leak into it)."""
    rel = str(LEAPSOME.relative_to(ROOT))
    outs = []
    for seed in ("0", "1", "4242"):
        proc = run_cli("parse", rel, env={"PYTHONHASHSEED": seed})
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["node"] == "Guide"
        outs.append(proc.stdout)
    assert outs[0] == outs[1] == outs[2]


def test_truncated_guide_reports_unclosed_tag(tmp_path) -> None:
    text = LEAPSOME.read_text()
    cut = text.index('<Step title="Navigate to SCIM Settings">') + 20
    bad = tmp_path / "guides" / "leapsome" / "link-account" / "scim-api-token.mdx"
    bad.parent.mkdir(parents=True)
    bad.write_text(text[:cut])
    proc = run_cli("parse", str(bad))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    line = text[:cut].count("\n") + 1
    assert (
        f"{bad}:{line}:17: the value of `title` opens a quote that is never closed" in proc.stderr
    )
    assert f"{bad}:8:1: `<section>` is never closed" in proc.stderr
    assert "hint:" in proc.stderr


def test_many_files_report_every_error(tmp_path) -> None:
    good = tmp_path / "guides" / "ok.mdx"
    good.parent.mkdir()
    good.write_text("---\ntitle: Fine\n---\n\nText.\n")
    bad1 = tmp_path / "guides" / "bad1.mdx"
    bad1.write_text("---\ntitle: One\n---\n\n<Foo>x</Foo>\n")
    bad2 = tmp_path / "guides" / "x" / "link-account" / "bad2.mdx"
    bad2.parent.mkdir(parents=True)
    bad2.write_text("---\ndescription: no title\n---\n\n<Steps>\n")
    proc = run_cli("parse", str(good), str(bad1), str(bad2))
    assert proc.returncode == 1
    assert f"{bad1}:5:1: unknown component `<Foo>`" in proc.stderr
    assert f"{bad2}:1:1: front matter has no `title`" in proc.stderr
    assert f"{bad2}:5:1: `<Steps>` is never closed" in proc.stderr
    assert "3 errors" in proc.stderr


def test_bom_and_crlf_give_the_same_model() -> None:
    raw = LEAPSOME.read_bytes()
    clean = parse_guide("guides/leapsome/link-account/scim-api-token.mdx", raw)
    crlf = parse_guide(
        "guides/leapsome/link-account/scim-api-token.mdx",
        b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"),
    )
    assert crlf == clean


def test_invalid_utf8_names_byte_offset() -> None:
    data = b"---\ntitle: T\n---\n\nabc \xff def\n"
    with pytest.raises(GuideError) as info:
        parse_guide("guides/p.mdx", data)
    p = info.value.problems[0]
    assert "invalid UTF-8 at byte offset 22" in p.message
    assert (p.pos.line, p.pos.col) == (5, 5)


def test_nul_becomes_replacement_character() -> None:
    g = parse_guide("guides/p.mdx", b"---\ntitle: T\n---\n\na\x00b\n")
    assert g.blocks[0].text == "a\ufffdb"


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: [unclosed", "invalid YAML"),
        ("title: !!python/object/apply:os.system ['echo hi']", "YAML tags are not allowed"),
        ("a: &x [1]\nb: *x\ntitle: T", "YAML aliases are not allowed"),
        ("- just\n- a list", "front matter must be a mapping"),
        ("title: T\norder: soon", "`order` must be a whole number"),
        ("title: T\ndraft: maybe", "`draft` must be true or false"),
        ("title: 'a\n  b'\ndescription: ok", ""),
    ],
)
def test_front_matter_errors(front: str, message: str) -> None:
    text = f"---\n{front}\n---\n\nBody.\n"
    if not message:
        assert parse_guide("guides/p.mdx", text).title == "a b"
        return
    with pytest.raises(GuideError) as info:
        parse_guide("guides/p.mdx", text)
    assert message in str(info.value)
    assert info.value.problems[0].pos.line >= 1


def test_huge_front_matter_is_refused_quickly() -> None:
    text = "---\ntitle: T\nx: '" + "a" * 10_000_000 + "'\n---\n\nBody\n"
    with pytest.raises(GuideError) as info:
        parse_guide("guides/p.mdx", text)
    assert "limit" in str(info.value)


def test_guide_requires_description() -> None:
    with pytest.raises(GuideError) as info:
        parse_guide("guides/x/link-account/api-key.mdx", "---\ntitle: T\n---\n\nBody\n")
    assert "front matter has no `description`" in str(info.value)


def test_front_matter_fields_win_and_are_validated() -> None:
    src = (
        "---\ntitle: T\ndescription: D\nfields:\n"
        "  - {key: api_key, label: API Key, type: password}\n"
        "  - {key: region, label: Region, type: select, options: [eu, us], required: false}\n"
        "---\n\nBody\n"
    )
    g = parse_guide("guides/x/link-account/api-key.mdx", src)
    assert g.fields == (
        m.Field("api_key", "API Key", "password", True, True),
        m.Field("region", "Region", "select", False, False, ("eu", "us")),
    )
    bad = src.replace("api_key", "API Key!").replace("select", "dropdown")
    with pytest.raises(GuideError) as info:
        parse_guide("guides/x/link-account/api-key.mdx", bad)
    text = str(info.value)
    assert "field #1: `key` must be snake_case" in text
    assert "field #2: `type` must be one of" in text
    assert ":4:1:" in text  # located at the `fields:` line


def test_derived_fields_optional_and_secret() -> None:
    src = (
        '---\ntitle: T\ndescription: D\n---\n\n<Steps>\n  <Step title="Fill out the fields">\n'
        "    Fill out the following fields using details from your provider:\n\n"
        "    <ul>\n      <li><strong>Client Secret</strong></li>\n"
        "      <li><strong>Instance URL</strong> (Optional)</li>\n"
        "      <li><strong>Admin Email</strong></li>\n    </ul>\n  </Step>\n</Steps>\n"
    )
    g = parse_guide("guides/x/link-account/api-key.mdx", src)
    assert [(f.key, f.type, f.required, f.secret) for f in g.fields] == [
        ("client_secret", "password", True, True),
        ("instance_url", "url", False, False),
        ("admin_email", "email", True, False),
    ]


def test_nesting_past_the_limit_is_an_error_not_a_silent_drop() -> None:
    deep = "".join("> " * n + "x\n" for n in range(1, 80))
    with pytest.raises(GuideError) as info:
        parse_guide("guides/p.mdx", "---\ntitle: T\n---\n\n" + deep)
    assert "nested too deeply" in str(info.value)


def test_every_sample_guide_parses() -> None:
    paths = sorted((ROOT / "guides").rglob("*.md*"))
    assert len(paths) >= 13
    kinds = set()
    code_blocks = 0
    for p in paths:
        g = parse_guide(str(p.relative_to(ROOT)), p.read_bytes())
        kinds.add(g.guide_type or g.kind)
        lines = p.read_text().splitlines()
        fences = [i + 1 for i, ln in enumerate(lines) if ln.lstrip().startswith(("```", "~~~"))]
        codes = [n for n in walk(g.blocks) if isinstance(n, m.CodeBlock)]
        # every code block is a fenced one, opened on its own span's line (indented text is
        # never code: the `code` rule is off), and every fence pair became one code block
        for node in codes:
            assert node.span.line in fences, (p, node.span.line)
            assert node.code.strip(), (p, node.span.line)
        assert len(codes) * 2 == len(fences), p
        code_blocks += len(codes)
    assert code_blocks >= 1  # the samples really hold a fence
    assert {"link-account", "connector-profile", "page"} <= kinds


def test_auth_slug_rule() -> None:
    assert (
        slugify_label("OAuth 2.0 (M2M - Machine to Machine)") == "oauth-2-0-m2m-machine-to-machine"
    )
    assert slugify_label("SCIM API Token") == "scim-api-token"


@pytest.mark.parametrize(
    "key", ["_files", "_references", "_links", "_warnings", "_hidden_references", "_x"]
)
def test_front_matter_keys_starting_with_an_underscore_are_refused(key: str) -> None:
    """Stage data never travels in the author's front matter: `_files: [docs.json]` would have
    published the config, `_references: {x: 1}` was an internal error."""
    from renderer.core.errors import GuideError
    from renderer.parse.page import parse_guide

    src = f'---\ntitle: T\n{key}: ["docs.json", "internal/notes.mdx"]\n---\n\nBody.\n'
    with pytest.raises(GuideError) as info:
        parse_guide("p.mdx", src.encode())
    (p,) = info.value.problems
    assert (p.pos.path, p.pos.line, p.level) == ("p.mdx", 3, "error")
    assert p.message == f"front matter key `{key}`: keys starting with `_` are reserved"


@pytest.mark.parametrize(
    ("path", "rel"),
    [
        ("guides/x.mdx", "x.mdx"),
        ("docs/guides/a/b.mdx", "a/b.mdx"),
        ("guides\\acme\\link-account\\key.mdx", "acme/link-account/key.mdx"),
        ("./guides//x/./y.mdx", "x/y.mdx"),
        ("pages/guides.mdx", "pages/guides.mdx"),
        ("/abs/site/page.mdx", "abs/site/page.mdx"),
    ],
)
def test_relative_route(path: str, rel: str) -> None:
    from renderer.parse.page import relative_route

    assert relative_route(path) == rel


def test_route_of_guides_and_pages() -> None:
    from renderer.parse.page import route

    assert route("acme/link-account/api-key.mdx") == (
        "/connectors/acme/guides/link-account/api-key",
        "acme",
        "link-account",
        "api-key",
    )
    assert route("docs/intro.md") == ("/docs/intro", "", "", "")
    assert route("Acme/link-account/key.mdx") == ("/Acme/link-account/key", "", "", "")
