"""Template components without running JavaScript (issue 30 §4) and bounded expansion (issue 29
§5): the expression language, its located errors, where an ESM block ends, and the bounds on
snippets, templates and exported values (with pathological inputs whose time must grow
linearly).

The reference for what a template renders is MDX 3 itself, run with React: each page under
`tests/fixtures/jsx/` is rendered twice by the oracle (node, `tests/oracle`), once as written
(React calls the templates) and once as hubdocs expanded it; both must give the same HTML.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from renderer.core.errors import GuideError
from renderer.parse.jsx_bounds import MAX_EXPANSION, MAX_TEMPLATE_DEPTH, MAX_VALUE
from renderer.parse.mdx_text import expand
from renderer.parse.page import parse_file
from renderer.parse.source import split_front_matter

from .outline import outline

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

import mdx_oracle as mo  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "jsx"
FRONT = "---\ntitle: P\n---\n\n"
"""Front matter of a test page: its body starts on line 5."""


def site(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def parse(root: Path, rel: str = "p.mdx"):  # noqa: ANN201
    return parse_file(rel, str(root / rel), rel)


def problems(root: Path, rel: str = "p.mdx") -> list[tuple[str, int, int, str]]:
    """(file, line, col, message) of every error parsing `rel`; [] when it parses. Paths in
    messages are shown relative to `root`."""
    here = str(root.resolve()) + os.sep
    try:
        parse(root, rel)
    except GuideError as err:
        return [
            (Path(p.pos.path).name, p.pos.line, p.pos.col, p.message.replace(here, ""))
            for p in err.problems
            if p.level == "error"
        ]
    return []


def filled(body: str) -> str:
    """The page body with its templates filled in (ESM lines dropped), stripped."""
    out = expand(body)
    assert not out.problems, [(p.line + 1, p.col, p.message) for p in out.problems]
    return "\n".join(ln for ln in out.text.split("\n") if ln.strip())


def inline(template: str, use: str, before: str = "") -> str:
    """What `use`, written inside a line of text, becomes."""
    text = filled(f"{before}export const T = {template}\n\nX: {use} :X\n")
    mt = re.search(r"X: (.*) :X", text)
    assert mt, text
    return mt.group(1)


# -- the reference: MDX 3 with React renders the template and hubdocs' expansion alike ---------

RENDER_JS = r"""
import { evaluate } from "@mdx-js/mdx";
import * as runtime from "react/jsx-runtime";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
let input = "";
for await (const chunk of process.stdin) input += chunk;
const out = {};
for (const { id, source, components } of JSON.parse(input)) {
  // Mintlify's components as plain elements that show their props
  const stubs = {};
  for (const name of components) {
    stubs[name] = ({ children, ...props }) => {
      const attrs = {};
      for (const [k, v] of Object.entries(props))
        attrs["data-" + k.toLowerCase()] = typeof v === "string" ? v : JSON.stringify(v);
      return createElement("x-" + name.toLowerCase(), attrs, children);
    };
  }
  globalThis.__stubs = stubs;
  // templates defined in ESM see the components as Mintlify's runtime provides them
  const prelude = components.length
    ? `export const {${components.join(", ")}} = globalThis.__stubs;\n\n` : "";
  try {
    const mod = await evaluate(prelude + source, { ...runtime, development: false });
    out[id] = { html: renderToStaticMarkup(createElement(mod.default, { components: stubs })) };
  } catch (err) {
    out[id] = { error: String((err && err.message) || err) };
  }
}
process.stdout.write(JSON.stringify(out));
"""


def react_render(items: list[dict[str, object]]) -> dict[str, dict[str, str]]:
    reason = mo.skip_reason()
    if reason:
        pytest.skip(reason)
    proc = subprocess.run(
        ["node", "--input-type=module", "-e", RENDER_JS],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        cwd=mo.ORACLE_DIR,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def same_html(html: str) -> str:
    """HTML compared without paragraphs (Markdown makes inline markup a paragraph where React
    places it bare) and without whitespace between tags."""
    html = re.sub(r"</?p>", " ", html)
    html = re.sub(r"\s+", " ", html)
    return re.sub(r">\s+<", "><", html).strip()


JSX_FIXTURES = sorted(FIXTURES.glob("*.mdx"))


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[dict[str, str], dict[str, str], list[str]]]:
    items: list[dict[str, object]] = []
    found: dict[str, list[str]] = {}
    for path in JSX_FIXTURES:
        body = split_front_matter(str(path), path.read_text()).body
        out = expand(body, str(FIXTURES), str(path))
        found[path.name] = [f"{p.line + 1}:{p.col}: {p.message}" for p in out.problems]
        defined = set(re.findall(r"export const ([A-Z]\w*)", body))
        components = sorted(set(re.findall(r"<([A-Z]\w*)", body + out.text)) - defined)
        items.append({"id": path.name + "#as-written", "source": body, "components": components})
        items.append({"id": path.name + "#hubdocs", "source": out.text, "components": components})
    html = react_render(items)
    return {
        p.name: (html[p.name + "#as-written"], html[p.name + "#hubdocs"], found[p.name])
        for p in JSX_FIXTURES
    }


@pytest.mark.parametrize("name", [p.name for p in JSX_FIXTURES])
def test_templates_render_as_mdx3_and_react_render_them(rendered, name: str) -> None:  # noqa: ANN001
    as_written, ours, found = rendered[name]
    assert not found, found
    assert "html" in as_written, as_written  # the fixture is valid MDX 3
    assert "html" in ours, ours  # what hubdocs made of it is valid MDX 3 too
    assert same_html(ours["html"]) == same_html(as_written["html"])


@pytest.mark.parametrize("name", [p.name for p in JSX_FIXTURES])
def test_template_fixtures_parse_without_problems(name: str) -> None:
    parse_file(name, str(FIXTURES / name), name)


def test_the_reference_tells_a_wrong_expansion_apart(rendered) -> None:  # noqa: ANN001
    """The comparison bites: `&&` that printed its left operand as text would differ."""
    body = "export const T = ({ n }) => (<i>{n && 'yes'}</i>)\n\n<T n={0} />\n"
    wrong = "<i></i>\n"
    html = react_render(
        [
            {"id": "a", "source": body, "components": []},
            {"id": "b", "source": wrong, "components": []},
        ]
    )
    assert same_html(html["a"]["html"]) == "<i>0</i>"
    assert same_html(html["a"]["html"]) != same_html(html["b"]["html"])


# -- the expression language -------------------------------------------------------------------

SEMANTICS = [
    # props, defaults (for undefined only, never for null)
    ("({t}) => (<b>{t}</b>)", '<T t="x" />', "<b>x</b>"),
    ('({ a, b = "d" }) => (<i>{a}{b}</i>)', '<T a="1" />', "<i>1d</i>"),
    (
        '({ a, b = "d" }) => (<i>{a}{b === null ? "-null" : b}</i>)',
        '<T a="1" b={null} />',
        "<i>1-null</i>",
    ),
    (
        '({ a, b = "d" }) => (<i>{a}{b === true ? "-true" : b}</i>)',
        '<T a="1" b />',
        "<i>1-true</i>",
    ),
    ("({ a, b = a }) => (<i>{b}</i>)", '<T a="same" />', "<i>same</i>"),
    ("(props) => (<i>{props.t}</i>)", '<T t="whole" />', "<i>whole</i>"),
    ("({ title: heading }) => (<i>{heading}</i>)", '<T title="renamed" />', "<i>renamed</i>"),
    # && and || give an operand back; ?? only replaces null and undefined
    ('({n}) => (<i>{n && "yes"}</i>)', "<T n={0} />", "<i>0</i>"),
    ('({n}) => (<i>{n && "yes"}</i>)', '<T n="" />', "<i></i>"),
    ('({n}) => (<i>{n && "yes"}</i>)', "<T n={2} />", "<i>yes</i>"),
    ('({n}) => (<i>{n || "none"}</i>)', "<T n={0} />", "<i>none</i>"),
    ('({n}) => (<i>{n ?? "none"}</i>)', "<T n={0} />", "<i>0</i>"),
    ('({n}) => (<i>{n ?? "none"}</i>)', "<T />", "<i>none</i>"),
    ('({a, b}) => (<i>{a || b && "x"}</i>)', '<T b="y" />', "<i>x</i>"),
    ('({n}) => (<i>{!n && "off"}</i>)', "<T n={false} />", "<i>off</i>"),
    # ?: and strict equality (a boolean is not a number)
    ('({on}) => (<i className={on ? "a" : "b"}>x</i>)', "<T on />", '<i className="a">x</i>'),
    ('({on}) => (<i className={on ? "a" : "b"}>x</i>)', "<T />", '<i className="b">x</i>'),
    ('({n}) => (<i>{n === 1 ? "one" : "other"}</i>)', "<T n={true} />", "<i>other</i>"),
    ('({n}) => (<i>{n === 1 ? "one" : "other"}</i>)', "<T n={1.0} />", "<i>one</i>"),
    ('({n}) => (<i>{n !== "1" ? "not" : "is"}</i>)', "<T n={1} />", "<i>not</i>"),
    # template literals: String() of each value
    (
        "({p}) => (<a href={`${base}/${p}`}>{`${p}-${1.50}-${null}-${undefined}-${[1, 2]}`}</a>)",
        '<T p="y" />',
        '<a href="https://x.io/y">y-1.5-null-undefined-1,2</a>',
    ),
    # member access
    (
        '({x}) => (<i>{x.a.b} {x["c-d"]} {x.list[1]} {x.list.length} {x.no?.deep ?? "no"}</i>)',
        '<T x={{a: {b: "B"}, "c-d": 2, list: ["p", "q"]}} />',
        "<i>B 2 q 2 no</i>",
    ),
    # .map over literal arrays: index, destructuring, nesting; keys are not rendered
    (
        "({items}) => (<ol>{items.map(({ t }, i) => <li key={t}>{i}:{t}</li>)}</ol>)",
        '<T items={[{t: "a"}, {t: "b"}]} />',
        "<ol><li>0:a</li><li>1:b</li></ol>",
    ),
    (
        "({rows}) => (<p>{rows.map((r) => r.map((c) => <b>{c}</b>))}</p>)",
        '<T rows={[["a", "b"], ["c"]]} />',
        "<p><b>a</b><b>b</b><b>c</b></p>",
    ),
    (
        "() => (<p>{plans.map((p) => p.on && <b>{p.name}</b>)}</p>)",
        "<T />",
        "<p><b>Pro</b></p>",
    ),
    # what React prints for literal children
    (
        "() => (<i>{2}/{2.50}/{-1}/{0x10}/{true}{false}{null}{undefined}/{[1, 'a']}</i>)",
        "<T />",
        "<i>2/2.5/-1/16//1a</i>",
    ),
    ("() => (<i>&copy; &amp; &#x41;</i>)", "<T />", "<i>© &amp; A</i>"),
    # text is escaped: neither Markdown nor HTML reads anything into it
    (
        "({t}) => (<i>{t}</i>)",
        '<T t={"a < b & *c* _d_ [e](f) `g` {h}"} />',
        "<i>a &lt; b &amp; &#42;c&#42; &#95;d&#95; &#91;e&#93;(f) &#96;g&#96; &#123;h&#125;</i>",
    ),
    ("({t}) => (<i>{t}</i>)", '<T t="snake_case_name" />', "<i>snake_case_name</i>"),
    # attributes: components get the literal itself, HTML tags quoted text
    ("({t}) => (<Card title={t} />)", "<T t={'say \"hi\"'} />", '<Card title={"say \\"hi\\""} />'),
    (
        "({t}) => (<Card title={t} cols={2} open />)",
        '<T t="A" />',
        '<Card title="A" cols={2} open />',
    ),
    (
        "({t}) => (<a title={t} data-n={3} hidden={false} download={null} />)",
        "<T t={'\"x\" & <y>'} />",
        '<a title="&quot;x&quot; &amp; &lt;y&gt;" data-n="3" />',
    ),
    (
        "({src}) => (<img src={src} style={{ width: '32px', margin: \"0 auto\" }} />)",
        '<T src="/a.png" />',
        '<img src="/a.png" style={{"width": "32px", "margin": "0 auto"}} />',
    ),
    # children from the page are Markdown, kept as written
    ("({children}) => (<b>{children}</b>)", "<T>Open **now**</T>", "<b>Open **now**</b>"),
    # a block body, fragments, comments
    ("({a}) => {\n  // a comment\n  return (<>{a} {/* note */}</>);\n}", '<T a="frag" />', "frag "),
]


@pytest.mark.parametrize(("template", "use", "expected"), SEMANTICS)
def test_expression_language(template: str, use: str, expected: str) -> None:
    before = (
        'export const base = "https://x.io"\n'
        'export const plans = [{ name: "Pro", on: true }, { name: "Free", on: false }]\n\n'
    )
    assert inline(template, use, before) == expected


def test_a_use_on_its_own_lines_becomes_blocks_and_later_lines_keep_their_place(
    tmp_path: Path,
) -> None:
    root = site(
        tmp_path,
        {
            "p.mdx": FRONT
            + "export const Checklist = ({ show }) => (\n  <ul>\n    <li>Create a key</li>\n"
            "    {show && (<li>Rotate the key</li>)}\n  </ul>\n)\n\n"
            "<Checklist show={true} />\n\n<Nte>typo</Nte>\n\n{1 + 1}\n",
        },
    )
    assert problems(root) == [  # found after the markup took more lines than its use
        ("p.mdx", 14, 1, "unknown component `<Nte>`"),
        ("p.mdx", 16, 1, "JSX expression: `{1 + 1}` is an expression, not a literal value"),
    ]
    site(tmp_path, {"p.mdx": (tmp_path / "p.mdx").read_text().replace("{1 + 1}", "")})
    root = site(tmp_path, {"p.mdx": (tmp_path / "p.mdx").read_text().replace("<Nte>", "<Note>")})
    root = site(tmp_path, {"p.mdx": (tmp_path / "p.mdx").read_text().replace("</Nte>", "</Note>")})
    g = parse(root)
    assert outline(g.blocks) == [
        "List bullet",
        "  Item",
        "    Paragraph 'Create a key'",
        "  Item",
        "    Paragraph 'Rotate the key'",
        "Callout Note",
        "  Paragraph 'typo'",
    ]
    assert "<li>Rotate the key</li>" in g.body  # the twin shows the filled markup


def test_templates_from_snippets_and_jsx_modules_see_their_own_module(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "snippets/integration-tile.mdx": (
                'export const size = "32px"\n\n'
                "export const IntegrationTile = ({ logo, title, link }) => (\n"
                '  <a href={link} className="tile">\n'
                '    <img src={logo} style={{ width: size, height: size }} alt="" />\n'
                "    <span>{title}</span>\n  </a>\n)\n"
            ),
            "snippets/list.jsx": (
                "import React from 'react';\n\n"
                'const connectors = [{ name: "Slack", href: "/slack" }, { name: "Jira", href: "/jira" }];\n\n'
                "export const Connectors = ({ heading = 'All' }) => (\n"
                "  <div>\n    <h3>{heading}</h3>\n"
                "    {connectors.map((c) => <a href={c.href} key={c.href}>{c.name}</a>)}\n  </div>\n);\n"
            ),
            "p.mdx": FRONT
            + 'import { IntegrationTile } from "/snippets/integration-tile.mdx";\n'
            + 'import { Connectors } from "/snippets/list.jsx";\n\n'
            + 'Tile: <IntegrationTile logo="/s.svg" title="Slack" link="/c/slack" />\n\n'
            + "Links: <Connectors />\n",
        },
    )
    g = parse(root)
    assert outline(g.blocks) == [
        'Paragraph \'Tile: <a href="/c/slack" class="tile"><img src="/s.svg" '
        'style="width:32px;height:32px" alt="" /><span>Slack</span></a>\'',
        'Paragraph \'Links: <div><h3>All</h3><a href="/slack">Slack</a><a href="/jira">Jira</a></div>\'',
    ]


def test_a_template_a_snippet_cannot_export_is_explained_where_it_is_written(
    tmp_path: Path,
) -> None:
    root = site(
        tmp_path,
        {
            "snippets/t.mdx": "export const Tile = ({ a }) => (\n  <b>{a.trim()}</b>\n)\n",
            "snippets/t.jsx": "export const Tile = ({ a }) => {\n  const b = a;\n  return <b>{b}</b>;\n};\n",
            "p.mdx": FRONT + 'import { Tile } from "/snippets/t.mdx"\n\n<Tile a="x" />\n',
            "q.mdx": FRONT + 'import { Tile } from "/snippets/t.jsx"\n\n<Tile a="x" />\n',
        },
    )
    (_, line, col, message), *_ = problems(root)
    assert (line, col) == (5, 1)
    assert "exports no `Tile`" in message and "t.mdx:2:9:" in message
    assert "`.trim(…)` calls a function" in message
    ((_, line, col, message), *_) = problems(root, "q.mdx")
    assert (line, col) == (5, 1)
    assert message.startswith("<Tile> from `/snippets/t.jsx` cannot be used: line 2:3:")
    assert "computes values before returning its markup" in message


# -- located errors: the expression and the template, where it is written ----------------------

ERRORS = [
    # (page body, (line, col) in the page, message)
    (
        "export const T = ({ a }) => (<b>{a + 1}</b>)\n",
        (5, 36),
        "`{a + 1}` in template <T>: the operator `+` is not supported",
    ),
    (
        "export const T = ({ a }) => (<b>{a.toUpperCase()}</b>)\n",
        (5, 36),
        "`{a.toUpperCase()}` in template <T>: `.toUpperCase(…)` calls a function: only "
        "`.map(…)` is supported",
    ),
    (
        "export const T = ({ a }) => (<b>{format(a)}</b>)\n",
        (5, 40),
        "`{format(a)}` in template <T>: calls are not supported",
    ),
    (
        "export const T = (props) => (<a {...props}>x</a>)\n",
        (5, 33),
        "`{...props}` in template <T>: spread attributes are not supported on `<a>`",
    ),
    (
        "export const T = ({ a, ...rest }) => (<b>{a}</b>)\n",
        (5, 24),
        "`T` takes props this reader does not understand: `...rest` collects the other props",
    ),
    (
        "export const T = () => {\n  const [n, setN] = useState(0);\n  return <b>{n}</b>;\n}\n",
        (6, 3),
        "`T` computes values before returning its markup: `const [n, setN] = useState(0);`",
    ),
    (
        "export const T = ({ a, b }) => (<b>{a || b ?? 'x'}</b>)\n",
        (5, 44),
        "`{a || b ?? 'x'}` in template <T>: `??` cannot be mixed with `||` or `&&` without "
        "parentheses",
    ),
    (
        "export const T = ({ a }) => (<b>{typeof a}</b>)\n",
        (5, 34),
        "`{typeof a}` in template <T>: `typeof` is not supported",
    ),
    (
        "export const T = ({ items }) => (<b>{items.filter((x) => x)}</b>)\n",
        (5, 44),
        "`{items.filter((x) => x)}` in template <T>: `.filter(…)` calls a function: only "
        "`.map(…)` is supported",
    ),
    (
        "export const T = () => (<p>a > b</p>)\n",
        (5, 30),
        "`> b</p>)` in template <T>: `>` cannot stand in JSX text",
    ),
    (
        "export const T = () => (<p><b>x</i></p>)\n",
        (5, 32),
        "`</i></p>)` in template <T>: `</i>` closes nothing here: expected `</b>`",
    ),
    # errors that depend on the props are found where the template is used
    (
        "export const T = ({ item }) => (<b>{item.title}</b>)\n\n<T />\n",
        (7, 1),
        "`item.title` in template <T>: `item` is undefined here (at p.mdx:5:37)",
    ),
    (
        "export const T = ({ items }) => (<ul>{items.map((i) => <li>{i}</li>)}</ul>)\n\n"
        '<T items="abc" />\n',
        (7, 1),
        "`items.map((i) => <li>{i}</li>)` in template <T>: `.map` needs an array, and "
        "`items` is a string (at p.mdx:5:39)",
    ),
    (
        "export const T = ({ x }) => (<b>{x}</b>)\n\n<T x={{ a: 1 }} />\n",
        (7, 1),
        "`x` in template <T>: an object cannot be shown as text (objects are not valid "
        "children) (at p.mdx:5:34)",
    ),
    (
        "export const T = () => (<b>{nope}</b>)\n\n<T />\n",
        (7, 1),
        "`nope` in template <T>: `nope` is not defined (at p.mdx:5:29)",
    ),
]


@pytest.mark.parametrize(("body", "where", "message"), ERRORS)
def test_errors_name_the_expression_and_the_template(
    tmp_path: Path, body: str, where: tuple[int, int], message: str
) -> None:
    root = site(tmp_path, {"p.mdx": FRONT + body})
    found = problems(root)
    assert found, "accepted"
    assert ("p.mdx", *where, message) == found[0], found


# -- where the ESM block ends -----------------------------------------------------------------

HUB = (
    "---\ntitle: Acme\ndescription: Link Acme.\n---\n\n"
    "export const Bold = ({t}) => (<b>{t}</b>){gap}\n"
    "## Linking the Account from the Hub\n\n"
    '<Steps>\n  <Step title="Open the Hub">\n    Press <Bold t="Link" />.\n  </Step>\n</Steps>\n\n'
    "## Next\n\nDone.\n"
)


def test_a_heading_glued_to_a_template_export_is_refused_never_swallowed(tmp_path: Path) -> None:
    root = site(tmp_path, {"acme/link-account/api-key.mdx": HUB.replace("{gap}", "")})
    assert problems(root, "acme/link-account/api-key.mdx") == [
        (
            "api-key.mdx",
            7,
            1,
            "`## Linking the Account from the Hub` follows an import/export with no blank line "
            "between: MDX 3 reads it as JavaScript and cannot compile the page",
        )
    ]


def test_after_a_blank_line_the_hub_heading_stays_and_its_block_still_hides(
    tmp_path: Path,
) -> None:
    root = site(tmp_path, {"acme/link-account/api-key.mdx": HUB.replace("{gap}", "\n")})
    g = parse(root, "acme/link-account/api-key.mdx")
    assert outline(g.blocks) == [
        "WhitelabelHide heading",
        "  Heading h2 #linking-the-account-from-the-hub 'Linking the Account from the Hub'",
        "  Steps",
        "    Step 'Open the Hub'",
        "      Paragraph 'Press <b>Link</b>.'",
        "Heading h2 #next 'Next'",
        "Paragraph 'Done.'",
    ]


ESM_CASES = {
    # name: (body, hubdocs' error (line, col) or None)
    "glued-heading": ("export const a = 1\n## H\n\ntext\n", (6, 1)),
    "glued-use": ('import X from "/snippets/x.mdx"\n<X />\n', (6, 1)),
    "glued-paragraph-after-template": (
        "export const B = ({t}) => (\n  <b>{t}</b>\n)\nSome text.\n",
        (8, 1),
    ),
    "code-after-statement": ("export const a = 1 foo\n\ntext\n", (5, 20)),
    "two-statements-one-block": ("export const a = 1\nexport const b = 2\n\n{a}{b}\n", None),
    "comment-lines-in-the-block": ("export const a = 1 // one\n// more\n\n## H\n", None),
    "blank-line-inside-the-code": (
        'export const X = ({ t }) => (\n  <div>\n\n    <p>{t}</p>\n  </div>\n)\n\n<X t="a" />\n',
        None,
    ),
    "after-a-blank-line": ("export const B = ({t}) => (<b>{t}</b>)\n\n## Setup\n", None),
}


@pytest.mark.parametrize("name", sorted(ESM_CASES))
def test_the_esm_block_ends_where_mdx3_ends_it(tmp_path: Path, name: str) -> None:
    body, where = ESM_CASES[name]
    root = site(tmp_path, {"p.mdx": FRONT + body, "snippets/x.mdx": "Hi.\n"})
    found = problems(root)
    assert [(ln, col) for _, ln, col, _ in found][:1] == ([where] if where else []), found


def test_mdx3_refuses_exactly_the_esm_blocks_hubdocs_refuses(tmp_path: Path) -> None:
    reason = mo.skip_reason()
    if reason:
        pytest.skip(reason)
    site(tmp_path, {"snippets/x.mdx": "Hi.\n"})
    paths = []
    for name, (body, _) in ESM_CASES.items():
        page = tmp_path / f"{name}.mdx"
        page.write_text(FRONT + body)
        paths.append(page)
    oracle = mo.run_oracle(paths, root=tmp_path)
    for page in paths:
        body, where = ESM_CASES[page.stem]
        assert ("error" in oracle[str(page)]) == (where is not None), (page.stem, oracle[str(page)])


# -- bounds: nothing amplifies --------------------------------------------------------------


def snippet_chain(root: Path, levels: int, fan: int = 10) -> Path:
    """s0 says hello; each next snippet uses the one before `fan` times; the page uses the
    last (issue 29: 10 uses, 6 levels, 661 bytes took 20 s and 16 MB)."""
    files = {"snippets/s0.mdx": "Hello.\n"}
    for k in range(1, levels + 1):
        files[f"snippets/s{k}.mdx"] = (
            f'import S from "/snippets/s{k - 1}.mdx"\n\n' + "<S />\n" * fan
        )
    files["p.mdx"] = FRONT + f'import S from "/snippets/s{levels}.mdx"\n\n<S />\n'
    return site(root, files)


def value_chain(root: Path, levels: int, fan: int = 10) -> Path:
    """`export const a1 = [a0, a0, …]`, … and the last one in an attribute (issue 29: 7 levels,
    519 bytes took 59 s and 433 MB)."""
    lines = ["export const a0 = [" + ", ".join(['"xx"'] * fan) + "]"]
    for k in range(1, levels):
        lines.append(f"export const a{k} = [" + ", ".join([f"a{k - 1}"] * fan) + "]")
    body = (
        "\n".join(lines) + f'\n\n<Card title="x" cols={{a{levels - 1}}} />\n\n{{a{levels - 1}}}\n'
    )
    return site(root, {"p.mdx": FRONT + body})


def template_chain(root: Path, levels: int, fan: int = 10) -> Path:
    """Each template uses the one before `fan` times."""
    lines = ["export const T0 = ({ a }) => (<b>{a}</b>)"]
    for k in range(1, levels):
        lines.append(
            f"export const T{k} = ({{ a }}) => (<span>" + f"<T{k - 1} a={{a}} />" * fan + "</span>)"
        )
    return site(root, {"p.mdx": FRONT + "\n".join(lines) + f'\n\n<T{levels - 1} a="x" />\n'})


def test_a_snippet_chain_is_refused_where_it_would_overflow_naming_the_chain(
    tmp_path: Path,
) -> None:
    found = problems(snippet_chain(tmp_path, 6))
    assert len(found) == 1, found
    where, line, col, message = found[0]
    assert (where, line, col) == ("s1.mdx", 6, 1)  # the use that would go over, in its snippet
    assert message.startswith(f"expansion over {MAX_EXPANSION >> 20} MiB: ")
    assert re.search(r"s6\.mdx → .*s5\.mdx → .*s4\.mdx → .*s1\.mdx → .*s0\.mdx$", message)


def test_snippets_nest_at_most_eight_deep(tmp_path: Path) -> None:
    ((where, line, col, message),) = problems(snippet_chain(tmp_path, 10, fan=1))
    assert (where, line, col) == ("s3.mdx", 1, 1)  # the import that would go deeper
    assert message.startswith("snippets nested more than 8 deep: ")
    assert re.search(r"s10\.mdx → .*s9\.mdx → .*s3\.mdx → .*s2\.mdx$", message), message
    assert not problems(snippet_chain(tmp_path / "ok", 7, fan=1))  # eight snippets nested


def test_a_small_snippet_chain_is_included(tmp_path: Path) -> None:
    g = parse(snippet_chain(tmp_path, 2, fan=3))
    assert g.body.count("Hello.") == 9


def test_a_value_chain_is_refused_where_it_is_defined(tmp_path: Path) -> None:
    found = problems(value_chain(tmp_path, 7))
    assert found[0] == (
        "p.mdx",
        9,
        19,
        f"this value would be 520 KiB written out (over {MAX_VALUE >> 10} KiB): it holds 10 × "
        "`a3`; `a3` = 10 × `a2`; `a2` = 10 × `a1`; `a1` = 10 × `a0`",
    )


def test_repeated_values_draw_on_one_budget(tmp_path: Path) -> None:
    big = "x" * (200 << 10)
    uses = "\n\n".join("{big} <Card title={big} />" for _ in range(4))
    root = site(tmp_path, {"p.mdx": FRONT + f'export const big = "{big}"\n\n{uses}\n'})
    found = [f for f in problems(root) if "expansion over" in f[3]]
    assert found and found[0][1] == 11, found  # the 6th use (the 3rd line of uses) goes over
    assert found[0][3].startswith("expansion over 1 MiB: `big`") or "`{big}`" in found[0][3]


def test_a_template_chain_is_refused_naming_the_calls(tmp_path: Path) -> None:
    found = problems(template_chain(tmp_path, 9))
    assert found[0][:3] == ("p.mdx", 15, 1)
    assert found[0][3].startswith("expansion over 1 MiB: <T8> → <T7> → <T6>")


def test_a_template_that_uses_itself_ends_at_the_depth_bound(tmp_path: Path) -> None:
    root = site(
        tmp_path,
        {
            "p.mdx": FRONT
            + "export const A = ({ n }) => (<b><B n={n} /></b>)\n"
            + "export const B = ({ n }) => (<i><A n={n} /></i>)\n\n<A n={1} />\n"
        },
    )
    ((where, line, col, message),) = problems(root)
    assert (where, line, col) == ("p.mdx", 8, 1)
    chain = " → ".join((["<A>", "<B>"] * MAX_TEMPLATE_DEPTH)[: MAX_TEMPLATE_DEPTH + 1])
    assert message == f"templates nested more than {MAX_TEMPLATE_DEPTH} deep: {chain}"


def test_template_uses_nested_in_children_are_bounded(tmp_path: Path) -> None:
    n = MAX_TEMPLATE_DEPTH + 2
    body = (
        "export const B = ({ children }) => (<b>{children}</b>)\n\n" + "<B>" * n + "x" + "</B>" * n
    )
    found = problems(site(tmp_path, {"p.mdx": FRONT + body + "\n"}))
    assert found and "template uses nested more than 16 deep" in found[0][3], found


def test_nested_template_uses_in_children_are_filled_in() -> None:
    body = (
        "export const B = ({ children }) => (<b>{children}</b>)\n"
        'export const I = ({ t }) => (<i>{t}</i>)\n\nX <B>a <I t="c" /> <B>d</B></B>\n'
    )
    assert filled(body) == "X <b>a <i>c</i> <b>d</b></b>"


def peak_memory(action: Callable[[], object]) -> int:
    tracemalloc.start()
    with contextlib.suppress(GuideError):
        action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


@pytest.mark.parametrize("make", [snippet_chain, value_chain, template_chain])
def test_the_issues_amplification_cases_stay_small(tmp_path: Path, make: Callable) -> None:  # type: ignore[type-arg]
    levels = {snippet_chain: 6, value_chain: 7, template_chain: 7}[make]
    root = make(tmp_path, levels)
    start = time.process_time()
    peak = peak_memory(lambda: parse(root))
    assert peak < 32 << 20, peak  # was 16 MB and 433 MB (and minutes)
    assert time.process_time() - start < 30  # generous: a slow, shared machine


# -- pathological inputs: time grows linearly ----------------------------------------------


def cpu(action: Callable[[], object], repeat: int = 5) -> float:
    """The least CPU time of `repeat` runs (the machine may be shared)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        with contextlib.suppress(GuideError):
            action()
        best = min(best, time.process_time() - start)
    return best


def many_uses(root: Path, n: int) -> Path:
    body = (
        "export const T = ({ a, b = 'd' }) => (<a href={`/x/${a}`}>{a} {b && <i>{b}</i>}</a>)\n\n"
    )
    body += "\n\n".join(f'Use <T a="{k}" /> here.' for k in range(n))
    return site(root, {"p.mdx": FRONT + body + "\n"})


def long_map(root: Path, n: int) -> Path:
    items = ", ".join(f'{{ t: "item {k}", h: "/i/{k}" }}' for k in range(n))
    body = f"export const items = [{items}]\n\n"
    body += "export const L = () => (<CardGroup>{items.map((x) => <Card title={x.t} href={x.h} />)}</CardGroup>)\n\n<L />\n"
    return site(root, {"p.mdx": FRONT + body})


def deep_jsx(root: Path, n: int) -> Path:
    body = (
        "export const D = ({ t }) => ("
        + "<span>" * n
        + "{t}"
        + "</span>" * n
        + ')\n\n<D t="x" />\n'
    )
    return site(root, {"p.mdx": FRONT + body})


def many_attributes(root: Path, n: int) -> Path:
    attrs = " ".join(f'data-a{k}={{a && "{k}"}}' for k in range(n))
    body = f"export const W = ({{ a }}) => (<div {attrs}>x</div>)\n\n<W a />\n"
    return site(root, {"p.mdx": FRONT + body})


def many_values(root: Path, n: int) -> Path:
    body = 'export const v = "' + "x" * 1000 + '"\n\n' + "\n\n".join("{v} {v}" for _ in range(n))
    return site(root, {"p.mdx": FRONT + body + "\n"})


LINEAR = {
    # name: (make, n) — time at n and at 2n
    "snippet chain (levels)": (snippet_chain, 4),
    "value chain (levels)": (value_chain, 5),
    "template chain (levels)": (template_chain, 5),
    "uses of a template": (many_uses, 200),
    "a long .map": (long_map, 400),
    "deeply nested markup": (deep_jsx, 30),
    "many attributes": (many_attributes, 300),
    "repeated values": (many_values, 150),
}


@pytest.mark.parametrize("name", sorted(LINEAR))
def test_pathological_inputs_take_linear_time(tmp_path: Path, name: str) -> None:
    make, n = LINEAR[name]
    small = make(tmp_path / "n", n)
    large = make(tmp_path / "2n", 2 * n)
    t1 = cpu(lambda: parse(small))
    t2 = cpu(lambda: parse(large))
    # linear: twice the input takes about twice the time (bounded chains: about the same)
    assert t2 <= 3 * t1 + 0.05, (t1, t2)


# -- planted bugs: the bounds are what stops the amplification ------------------------------


def test_without_the_budget_the_snippet_chain_would_amplify(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The linear-time test above bites: with the budget lifted, 2n levels take ~10× longer."""
    import renderer.parse.jsx_bounds as bounds

    monkeypatch.setattr(bounds.Budget, "charge", lambda self, size, chain: None)
    small = snippet_chain(tmp_path / "n", 3)  # 3 and 4 levels: ~0.06 s against ~0.6 s, far
    large = snippet_chain(tmp_path / "2n", 4)  # above the noise even on a fast machine
    t1 = cpu(lambda: parse(small), 1)
    t2 = cpu(lambda: parse(large), 1)
    assert t2 > 3 * t1 + 0.05, (t1, t2)


def test_expansion_is_deterministic_and_the_twin_has_the_same_lines(tmp_path: Path) -> None:
    root = site(tmp_path, {"p.mdx": (FIXTURES / "map-cards.mdx").read_text()})
    body = split_front_matter("p.mdx", (root / "p.mdx").read_text()).body
    a, b = (
        expand(body, str(root), str(root / "p.mdx")),
        expand(body, str(root), str(root / "p.mdx")),
    )
    assert a.text == b.text and a.twin == b.twin
    assert a.text.count("\n") == a.twin.count("\n")
    assert a.origins is not None and len(a.origins) == a.text.count("\n") + 1
    assert os.path.basename(str(root / "p.mdx")) == "p.mdx"


def test_deep_markup_across_templates_is_a_bound_not_a_crash(tmp_path: Path) -> None:
    n = 9  # 16 templates, each nesting 9 elements around the next: deeper than MAX_EVAL_DEPTH
    lines = ["export const T0 = ({ a }) => (" + "<span>" * n + "{a}" + "</span>" * n + ")"]
    for k in range(1, 16):
        inner = f"{{[1].map((i) => <T{k - 1} a={{a}} />)}}"
        lines.append(
            f"export const T{k} = ({{ a }}) => (" + "<span>" * n + inner + "</span>" * n + ")"
        )
    root = site(tmp_path, {"p.mdx": FRONT + "\n".join(lines) + '\n\n<T15 a="x" />\n'})
    ((_, line, _, message),) = problems(root)
    assert line == 22 and message.startswith("markup nested more than 120 deep: <T15> → <T14>")


TOKENS = [
    "<", ">", "</", "/>", "<>", "</>", "{", "}", "(", ")", "[", "]", ",", ":", "?", "?.", ".",
    "...", "&&", "||", "??", "!", "===", "=", "=>", "`", "${", "'", '"', "a", "children",
    "items", ".map", "x", "1", "-", "+", "null", "<b>", "</b>", "<T", "<Card", " ", "\n",
    "return", ";", "//", "/*", "*/", "&amp;", "style={{", "}}", "\\", "\n\n",
]  # fmt: skip


def test_any_template_text_is_read_or_refused_never_a_crash() -> None:
    import random

    rng = random.Random(30)
    for _ in range(400):
        body = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 40)))
        head = rng.choice(["({ a, b = 'd', children, items })", "(props)", "()", "({a})"])
        page = "".join(
            rng.choice([*TOKENS, "<T>", "</T>", "<T/>"]) for _ in range(rng.randint(0, 12))
        )
        src = (
            "export const items = [{ x: 1 }, { x: 'y' }]\n"
            f"export const T = {head} => ({body})\n\n"
            f'<T a="v" items={{[1, 2]}}>kid {page}</T>\n\nX <T /> Y {page}\n'
        )
        out = expand(src)  # problems, never an exception
        assert out.text.count("\n") == out.twin.count("\n")
