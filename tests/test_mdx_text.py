"""`renderer/parse/mdx_text.py` directly: what the block parser and the twins are given.

The README promises that no comment reaches any output: `{/* … */}` is blanked before parsing,
and `<!-- … -->` is taken out of the twin text (`without_html_comments`) — outside code, where
it is what the author shows. Lines keep their numbers, so every later message stays located.
Also: an expression's value is text (as in MDX 3), snippets are included with their origins and
their `whitelabel_hide`, named imports reach through snippets with one message per cause, and
import paths stay inside the site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from renderer.parse.mdx_text import (
    MAX_SNIPPET_DEPTH,
    Expanded,
    expand,
    fence_step,
    without_html_comments,
)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Before <!-- editors only --> after.", "Before  after."),
        ("<!-- one -->A<!-- two -->", "A"),
        ("A <!-- spans\ntwo lines --> B\nC", "A \n B\nC"),  # the comment's line break stays
        ("Use `<!-- kept -->` as is. <!-- gone -->", "Use `<!-- kept -->` as is. "),
        ("`a` and `<!-- kept -->`", "`a` and `<!-- kept -->`"),  # every span of the paragraph
        ("`code`<!-- gone -->", "`code`"),  # right after a span: not in it
        ("``a ` <!-- in a double-tick span --> b``", "``a ` <!-- in a double-tick span --> b``"),
        ("`open <!-- x -->", "`open "),  # an unclosed backtick is no code span
        ("```\n<!-- in a fence -->\n```\n<!-- after -->", "```\n<!-- in a fence -->\n```\n"),
        (
            "~~~~\n~~~\n<!-- still fenced -->\n~~~~\nX<!--y-->",
            "~~~~\n~~~\n<!-- still fenced -->\n~~~~\nX",
        ),
        ("No comment here: a < b > c", "No comment here: a < b > c"),
        ("A\n\n`code`\n\n<!-- c -->\n\nB", "A\n\n`code`\n\n\n\nB"),
    ],
)
def test_html_comments_leave_the_twin_text_but_not_code(text: str, want: str) -> None:
    out = without_html_comments(text)
    assert out == want
    assert out.count("\n") == text.count("\n")  # every later line keeps its number


def test_a_comment_after_a_code_span_in_the_same_paragraph_is_removed() -> None:
    """Code spans are found per paragraph: a span's closing backtick in a later paragraph
    does not make the comment between them code."""
    text = "A `b` c <!-- x --> d\n\nE `f\n\n<!-- y -->\n\ng`"
    assert without_html_comments(text) == "A `b` c  d\n\nE `f\n\n\n\ng`"


@pytest.mark.parametrize(
    ("lines", "inside"),
    [
        (["```", "x", "```", "y"], [True, True, True, False]),
        (["````", "```", "x", "````", "y"], [True, True, True, True, False]),
        (["```", "x", "~~~", "y"], [True, True, True, True]),  # another character closes nothing
        (["```", "``` not a close", "```"], [True, True, True]),
        (["``` `inline` ```", "y"], [False, False]),  # a backtick fence's info has no backtick
        (["~~~ `fine`", "y", "~~~"], [True, True, True]),
        (["  ```", "x", "   ```"], [True, True, True]),
    ],
)
def test_fence_state_line_by_line(lines: list[str], inside: list[bool]) -> None:
    opened, got = None, []
    for line in lines:
        opened, code = fence_step(opened, line)
        got.append(code)
    assert got == inside


def test_jsx_comments_are_blanked_in_place_and_gone_from_the_twin() -> None:
    body = "Text {/* secret note */} end.\n\n{/* a\nmultiline */}\nNext\n"
    out = expand(body)
    assert "secret" not in out.text and "secret" not in out.twin
    assert "multiline" not in out.text and "multiline" not in out.twin
    assert out.text.count("\n") == body.count("\n")
    assert out.text.split("\n")[0].startswith("Text ") and out.text.split("\n")[0].endswith(" end.")
    assert out.text.split("\n")[4] == "Next" and not out.problems


def test_code_is_left_exactly_as_written() -> None:
    body = "```js\n{/* shown */}\nimport x from 'y'\n```\n\n`{/* also shown */}`\n"
    out = expand(body)
    assert out.text == body and out.twin == body and not out.problems


def test_imports_and_exports_are_blanked_with_their_lines_kept() -> None:
    body = 'import A from "/snippets/nowhere.mdx"\nexport const n = 3\n\nThere are {n}.\n'
    out = expand(body)
    lines = out.text.split("\n")
    assert lines[0].strip() == "" and lines[1].strip() == "" and lines[3] == "There are 3."
    assert [x.strip() for x in out.twin.split("\n")] == ["", "", "", "There are 3.", ""]
    assert out.names == {"n": 3}
    assert [(p.line, p.message) for p in out.problems] == [
        (0, "snippet `/snippets/nowhere.mdx` not found")
    ]


def test_an_import_inside_a_paragraph_is_prose() -> None:
    body = "Some text\nimport this from that\n"
    out = expand(body)
    assert out.text == body and not out.problems


def files(root: Path, tree: dict[str, str]) -> Path:
    for rel, text in tree.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def page(root: Path, body: str, rel: str = "guide/page.mdx") -> Expanded:
    """`body` expanded as the page `rel` of the site folder `root`."""
    return expand(body, str(root), str(root / rel), inputs=set())


def test_named_imports_reach_through_a_snippets_own_imports(tmp_path: Path) -> None:
    """A value imported by name from a snippet that itself imports it by name — from the site
    root (`/snippets/…`) and relative to the snippet — with every file read recorded as the
    page's input (what an incremental build re-renders the page for)."""
    root = files(
        tmp_path,
        {
            "snippets/base.mdx": 'export const product = "Acme"\n',
            "snippets/deep/more.mdx": 'export const tier = "Gold"\n',
            "snippets/mid.mdx": (
                'import { product } from "/snippets/base.mdx"\n'
                'import { tier } from "./deep/more.mdx"\n'
                "export const name = product\n"
                "export const level = tier\n"
            ),
        },
    )
    out = page(root, 'import { name as N, level } from "/snippets/mid.mdx"\n\n{N} {level}\n')
    assert [p.message for p in out.problems] == []
    assert out.text.split("\n")[2] == "Acme Gold"
    snippets = ("base.mdx", "deep/more.mdx", "mid.mdx")
    assert out.inputs == {os.path.realpath(root / "snippets" / n) for n in snippets}


def test_a_cycle_of_named_imports_ends(tmp_path: Path) -> None:
    """As in ES modules, two snippets may import from each other: each is read once per
    chain (the second visit is cut), and the values that do not depend on the cycle work."""
    root = files(
        tmp_path,
        {
            "snippets/a.mdx": 'import { b } from "/snippets/b.mdx"\nexport const a = 1\n',
            "snippets/b.mdx": 'import { a } from "/snippets/a.mdx"\nexport const b = 2\n',
        },
    )
    out = page(root, 'import { a } from "/snippets/a.mdx"\n\n{a}\n')
    assert out.problems == [] and out.text.split("\n")[2] == "1"


def test_named_imports_nested_too_deep_say_so_with_the_chain(tmp_path: Path) -> None:
    """Each level's value needs the next one's: the page's one message names the real cause
    (the nesting limit, with the chain of files), not only the name that ended up missing."""
    deep = MAX_SNIPPET_DEPTH + 2
    tree = {
        f"snippets/s{k}.mdx": f'import {{ v{k + 1} }} from "./s{k + 1}.mdx"\n'
        f"export const v{k} = v{k + 1}\n"
        for k in range(deep)
    }
    tree[f"snippets/s{deep}.mdx"] = f"export const v{deep} = {deep}\n"
    out = page(files(tmp_path, tree), 'import { v0 } from "/snippets/s0.mdx"\n\n{v0}\n')
    first = out.problems[0]
    assert (first.line, first.col) == (0, 1)
    assert first.message.startswith("`/snippets/s0.mdx` cannot be imported (")
    assert f"snippets nested more than {MAX_SNIPPET_DEPTH} deep: " in first.message
    assert first.message.count("→") == MAX_SNIPPET_DEPTH  # the chain, said once
    assert "exports no" not in first.message and len(out.problems) == 1
    assert first.hint == "include the innermost snippets' content directly"


def test_values_that_multiply_through_named_imports_are_refused_for_their_cause(
    tmp_path: Path,
) -> None:
    """A chain of snippets each exporting four copies of the last one's value: refused where
    the value grows over its bound, and every import that needed it names that cause."""
    tree = {"snippets/v0.mdx": f'export const v0 = "{"x" * 4000}"\n'}
    for k in range(1, 7):
        tree[f"snippets/v{k}.mdx"] = (
            f'import {{ v{k - 1} }} from "./v{k - 1}.mdx"\n'
            f"export const v{k} = [v{k - 1}, v{k - 1}, v{k - 1}, v{k - 1}]\n"
        )
    root = files(tmp_path, tree)
    body = "".join(f'import {{ v{k} as a{k} }} from "/snippets/v{k}.mdx"\n' for k in range(1, 7))
    out = page(root, body + "\nDone.\n")
    assert [p.line for p in out.problems] == [3, 4, 5]  # v1..v3 fit; v4, v5, v6 do not
    for p in out.problems:
        assert "v4.mdx:2:19: this value would be 1000 KiB written out (over 256 KiB)" in p.message
        assert p.hint.startswith("exported values may not multiply each other")
    assert len(out.text) < 1000


def test_templates_named_from_a_jsx_file(tmp_path: Path) -> None:
    root = files(
        tmp_path,
        {
            "snippets/ui.jsx": (
                "export const Tile = ({ a }) => (<b>{a}</b>)\n"
                "export const Pair = ({ x, y }) => (<i>{x}{y}</i>)\n"
            ),
        },
    )
    out = page(
        root,
        'import { Tile as T, Pair } from "/snippets/ui.jsx"\n\n<T a="1" />\n\n<Pair x="2" y="3" />\n',
    )
    assert [p.message for p in out.problems] == []
    assert "<b>1</b>" in out.text and "<i>23</i>" in out.text


def test_a_name_a_jsx_file_does_not_export_is_refused_with_a_hint(tmp_path: Path) -> None:
    root = files(tmp_path, {"snippets/ui.jsx": "export const Tile = ({ a }) => (<b>{a}</b>)\n"})
    out = page(root, 'import { Tile, Nope } from "/snippets/ui.jsx"\n\n<Tile a="1" />\n')
    assert [(p.line, p.col, p.message) for p in out.problems] == [
        (
            0,
            1,
            "<Nope> from `/snippets/ui.jsx` cannot be used: `/snippets/ui.jsx` exports no `Nope`",
        )
    ]
    assert "runs no JavaScript at build time" in out.problems[0].hint
    assert "<b>1</b>" in out.text  # the name it does export still works


def test_a_jsx_file_that_is_not_utf8_is_one_located_problem(tmp_path: Path) -> None:
    root = files(tmp_path, {"x.mdx": ""})
    (root / "snippets").mkdir()
    (root / "snippets" / "ui.jsx").write_bytes(b"export const T = () => (<b>\xff</b>)\n")
    out = page(root, '\nimport { T } from "/snippets/ui.jsx"\n')
    assert [(p.line, p.col, p.message) for p in out.problems] == [
        (1, 1, "cannot read `/snippets/ui.jsx`")
    ]


def test_an_import_whose_name_leaves_the_site_is_not_found_not_a_symlink(tmp_path: Path) -> None:
    """`../outside.mdx` names a file outside the site folder as written: "not found" (the
    site has no such snippet), not the message for a symbolic link that leads out."""
    site_root = tmp_path / "site"
    files(tmp_path, {"outside.mdx": "export const x = 1\n", "site/guide/page.mdx": ""})
    out = page(site_root, 'import X from "../../outside.mdx"\n\n<X />\n')
    assert [p.message for p in out.problems] == ["snippet `../../outside.mdx` not found"]
    (site_root / "snippets").mkdir()
    (site_root / "snippets" / "link.mdx").symlink_to(tmp_path / "outside.mdx")
    out = page(site_root, 'import X from "/snippets/link.mdx"\n\n<X />\n')
    assert [p.message for p in out.problems] == [
        "`/snippets/link.mdx` resolves outside the project (a symbolic link?)"
    ]
    out = page(site_root, 'import X from "/snippets/missing.mdx"\n\n<X />\n')
    assert [p.message for p in out.problems] == ["snippet `/snippets/missing.mdx` not found"]


def test_import_paths_inside_the_site_are_found_and_shown_from_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Up a folder but still inside the site (the site is the bound, not the page's folder),
    a root folder whose name starts with a capital X, a page expanded with no site folder
    (relative imports against its own folder), and snippets named in messages relative to the
    working folder, as the user would type them."""
    root = files(
        tmp_path,
        {
            "snippets/s.mdx": "export const a = 1\n\nBad {x y}\n",
            "Xtra/t.mdx": "export const b = 2\n",
            "guide/near.mdx": "export const c = 3\n",
        },
    )
    out = page(root, 'import { a } from "../snippets/s.mdx"\n\n{a}\n')
    assert out.text.split("\n")[2] == "1"
    out = page(root, 'import { b } from "/Xtra/t.mdx"\n\n{b}\n')
    assert out.text.split("\n")[2] == "2"
    out = expand('import { c } from "./near.mdx"\n\n{c}\n', None, str(root / "guide/p.mdx"))
    assert (out.text.split("\n")[2], out.problems) == ("3", [])
    monkeypatch.chdir(root)
    out = page(root, 'import S from "../snippets/s.mdx"\n\n<S />\n')
    assert [(out.origins[p.line][0], p.message[:15]) for p in out.problems] == [
        ("snippets/s.mdx", "JSX expression:")
    ]


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        ("``a ` {/* x */} b``", True),  # one backtick inside a double-backtick span
        ("`a {/* x */} b`", True),
        ("``a {/* x */} b```", False),  # three backticks do not close two
        ("`a\n\n{/* x */} b`", False),  # a span ends with its paragraph
    ],
)
def test_code_spans_keep_what_they_show(body: str, kept: bool) -> None:
    out = expand(body)
    assert ("{/* x */}" in out.text) is kept
    assert out.text.count("\n") == body.count("\n")


def test_named_imports_that_fan_out_share_the_pages_budget(tmp_path: Path) -> None:
    """Each snippet imports the next one's value four times: 4^7 reads of small files
    if each snippet had a budget of its own; one budget for the page refuses the chain early,
    with one message naming the import."""
    deep = 7
    tree = {f"snippets/s{deep}.mdx": "export const v = 1\n"}
    for k in range(deep):
        imports = "".join(f'import {{ v as v{n} }} from "./s{k + 1}.mdx"\n' for n in range(4))
        tree[f"snippets/s{k}.mdx"] = imports + "export const v = v0\n"
    out = page(files(tmp_path, tree), 'import { v } from "/snippets/s0.mdx"\n\n{v}\n')
    [only] = out.problems
    assert (only.line, only.col) == (0, 1)
    assert only.message.startswith("`/snippets/s0.mdx` cannot be imported (")
    assert "s6.mdx:3:1: expansion over 1 MiB: " in only.message
    chain = only.message.split("expansion over 1 MiB: ", 1)[1]
    assert [Path(p).name for p in chain.rstrip(")").split(" → ")] == [
        f"s{k}.mdx" for k in range(deep + 1)
    ]
    assert only.hint.startswith("snippets, templates and exported values may add at most 1 MiB")


@pytest.mark.parametrize(
    ("body", "text", "at"),
    [
        ("Before {a b} after", "Before  after", (0, 9)),
        ('A {"}" + x y} B', "A  B", (0, 3)),  # a brace inside a string does not end it
        ("A {'it''s' q} B", "A  B", (0, 3)),
        ("A { {a} x } B", "A  B", (0, 7)),  # nested braces balance
        ("A { a\nstill\n\nNext para", "A \n\n\nNext para", (0, 5)),  # to the blank line
        ("\nText {a b}", "\nText ", (1, 7)),
        ("\n\nX\n{a b}", "\n\nX\n", (3, 2)),
    ],
)
def test_a_broken_expression_is_located_and_the_text_resumes_after_it(
    body: str, text: str, at: tuple[int, int]
) -> None:
    out = expand(body)
    assert out.text == text and out.twin == text
    assert [(p.line, p.col) for p in out.problems] == [at]
    assert out.problems[0].message.startswith("JSX expression: ")


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("A {`x\ny`} tail\nsame para\n\nNext", "A x y tail\nsame para\n\n\nNext"),
        ("A {`x\ny`} tail", "A x y tail\n"),  # the chunk's end ends the paragraph too
        ("P\n{`x\n\ny`}\n\nNext", "P\nx  y\n\n\n\nNext"),
        ("A {a\nb c} tail\n\nNext", "A  tail\n\n\nNext"),  # broken: the same lines
    ],
)
def test_an_expression_over_lines_gives_them_back_where_its_paragraph_ends(
    body: str, text: str
) -> None:
    """Its text is one line (so the paragraph reads as MDX reads it), and the lines it took
    come back as blank lines at the paragraph's end: every later line keeps its number."""
    out = expand(body)
    assert out.text == text and out.twin == text
    assert out.text.count("\n") == body.count("\n")


@pytest.mark.parametrize(
    ("body", "text", "twin"),
    [
        ("Wid{/* x */}gets", "Widgets", "Widgets"),  # inside a line: gone without a trace
        ("{/* x */} Hello", " Hello", " Hello"),
        ("Hello {/* x */}", "Hello ", "Hello "),
        ("Hello {/* x */}\nNext", "Hello \nNext", "Hello \nNext"),
        ("  {/* alone */}  \nNext", "                 \nNext", "\nNext"),  # alone: blanked
        ("A\n  {/* alone */}", "A\n               ", "A\n"),
        ("Text\n{/* a\nb */}\nNext", "Text\n     \n     \nNext", "Text\n\n\nNext"),
    ],
)
def test_a_jsx_comment_inside_a_line_goes_and_one_alone_is_blanked(
    body: str, text: str, twin: str
) -> None:
    """As MDX reads them: a comment inside a line of text leaves no trace; one alone on its
    lines is blanked in the parser's text (lines and columns kept) and empty in the twin."""
    out = expand(body)
    assert (out.text, out.twin, out.problems) == (text, twin, [])


@pytest.mark.parametrize(
    ("body", "blanked"),
    [
        ("export const x = compute({\n  a: 1,\n})\n\nText", 3),  # to its closing line
        ("export const x = compute(1,\n  2\n\nText", 2),  # no closing line: to the blank one
        ("export const x = foo\nbar\n\nText", 2),
        ("export const x = foo\nbar\n\nText\n\nMore", 2),  # the first blank line
        ("export const x = {\n  a: b c,\n\n  d: 1\n}\n\nText", 5),  # opened: to its close
        ("export const x = [\n  a b\n\n  c\n]\n\nText", 5),
        ("export const x = (\n  a b\n\n  c\n);\n\nText", 5),
    ],
)
def test_an_export_that_cannot_be_read_is_one_error_and_ends_where_it_seems_to(
    body: str, blanked: int
) -> None:
    out = expand(body)
    lines = out.text.split("\n")
    assert [line.strip() for line in lines[:blanked]] == [""] * blanked
    assert lines[blanked:] == body.split("\n")[blanked:]  # what follows is the page's
    assert out.twin.split("\n")[:blanked] == [""] * blanked
    assert len(out.problems) == 1 and out.problems[0].line in (0, 1)


def test_attribute_values_from_names_are_written_as_literals() -> None:
    """`attr={NAME}` takes the value of the exported name or prop, written as JSON (readable
    text in the twin, not `\\u` escapes); `true`, `false`, `null` and `undefined` stay the JSX
    literals even when a prop of that name was given."""
    props = {"v": "Zürich", "true": "x", "false": "w", "null": "y", "undefined": "z"}
    out = expand("<Card a={v} t={true} f={false} n={null} u={undefined} o={other} />", props=props)
    want = '<Card a={"Zürich"} t={true} f={false} n={null} u={undefined} o={other} />'
    assert out.text == want and out.twin == want


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ('Use {"<Steps>"} here.', "Use \\<Steps> here."),
        ('{"{"} and {"}"}', "\\{ and \\}"),
        (
            'A {"*b*"} {"`c`"} {"[d](e)"} {"x|y"} {"~~s~~"}',
            "A \\*b\\* \\`c\\` \\[d\\](e) x\\|y \\~\\~s\\~\\~",
        ),
        ('{"snake_case and _this_"}', "snake_case and \\_this\\_"),
        ('{"AT&T &amp; more"}', "AT&T \\&amp; more"),
        ('{"a\\\\b"}', "a\\\\b"),
        (
            'Line\n{"# h"} and\n{"- l"} and\n{"12) n"} and\n  {"> q"}',
            "Line\n\\# h and\n\\- l and\n12\\) n and\n  \\> q",
        ),
        ('Mid {"# h - l 1. n > q"}', "Mid # h - l 1. n > q"),  # not at a line's start: plain
        ('A {"two\\nlines"} here.\nNext', "A two lines here.\nNext"),
        ('{"ends\\n"}\n\nNext', "ends \n\nNext"),
    ],
)
def test_an_expressions_text_is_text_never_markup(body: str, text: str) -> None:
    """`{"<Steps>"}` shows "<Steps>" in MDX: the string is text. The block parser is given it
    escaped (the twin is that Markdown, which reads the same), and a line break as a space —
    the lines after it keep their numbers (a string ending in one used to crash the parse)."""
    out = expand(body)
    assert (out.text, out.twin, out.problems) == (text, text, [])


def test_lines_emptied_by_imports_are_empty_in_the_twin(tmp_path: Path) -> None:
    """The twin has no line of spaces where an import or export was, also when the page has
    expressions to substitute."""
    root = files(tmp_path, {"snippets/v.mdx": "export const n = 3\n"})
    out = page(
        root, 'import { n } from "/snippets/v.mdx"\nexport const m = 4\n\nThere are {n}, {m}.\n'
    )
    assert out.twin == "\n\n\nThere are 3, 4.\n"
    assert out.text.split("\n")[0] == " " * 35  # the parser's text keeps the columns


def test_content_indented_after_an_import_is_kept(tmp_path: Path) -> None:
    """The import's pattern used to take the blank line and the next line's indent with it:
    an indented line after `import …` and a blank line was blanked as part of the import."""
    root = files(tmp_path, {"snippets/intro.mdx": "Hello.\n"})
    body = 'import Intro from "/snippets/intro.mdx";\n\n    indented text stays\n\n  <Intro />\n'
    out = page(root, body)
    assert out.text.split("\n")[2:] == ["    indented text stays", "", "  Hello.", ""]
    assert out.problems == []


def intro_site(tmp_path: Path) -> Path:
    return files(
        tmp_path,
        {
            "snippets/intro.mdx": "Hello {product}.\n",
            "snippets/v.mdx": "---\ntitle: X\n---\nexport const x = 1\n",
        },
    )


def test_a_snippet_use_in_a_code_fence_is_code(tmp_path: Path) -> None:
    body = 'import Intro from "/snippets/intro.mdx"\n\n```\n<Intro product="A" />\n```\n<Intro product="B" />\n'
    out = page(intro_site(tmp_path), body)
    assert out.text.split("\n")[2:] == ["```", '<Intro product="A" />', "```", "Hello B.", ""]


def test_inclusion_keeps_where_each_line_and_problem_comes_from(tmp_path: Path) -> None:
    """Lines keep their origin (file, line) through inclusion, a refused snippet's use is an
    empty line of the page, and a problem that names its own place (a snippet's front matter)
    keeps it."""
    root = intro_site(tmp_path)
    body = (
        'import X from "/snippets/missing.mdx"\n'
        'import Intro from "/snippets/intro.mdx"\n'
        'import { x } from "/snippets/v.mdx"\n\n'
        "<X />\n"
        '<Intro product="B" />\n'
        "End {x}\n"
    )
    out = page(root, body)
    assert out.text.split("\n")[3:] == ["", "", "Hello B.", "End 1", ""]
    assert out.twin.split("\n")[3:] == ["", "", "Hello B.", "End 1", ""]
    shown = [(Path(f).name if f else f, n) for f, n in out.origins or []]
    assert shown == [
        ("", 1),
        ("", 2),
        ("", 3),
        ("", 4),
        ("", 5),
        ("intro.mdx", 1),
        ("", 7),
        ("", 8),
    ]
    front = [p for p in out.problems if p.message.startswith("front matter `title`")]
    assert len(front) == 1 and front[0].at is not None
    assert (Path(front[0].at[0]).name, front[0].at[1]) == ("v.mdx", 2)
    assert [p.message for p in out.problems if p.at is None] == [
        "snippet `/snippets/missing.mdx` not found"
    ]


def test_origins_after_a_template_that_took_more_lines_than_its_use(tmp_path: Path) -> None:
    """A template use that became three lines shifts the text: every later line — plain, the
    hidden wrap around a snippet, the snippet's own lines, a refused use — still names its
    own file and line, and so does every problem."""
    root = files(
        tmp_path,
        {
            "snippets/ui.jsx": (
                "export const Box = ({ a }) => (\n  <div>\n    <b>{a}</b>\n  </div>\n)\n"
            ),
            "snippets/h.mdx": "---\nwhitelabel_hide: true\n---\nHidden one.\n\nHidden two.\n",
            "snippets/p.mdx": "Plain.\n",
        },
    )
    body = (
        'import { Box } from "/snippets/ui.jsx"\nimport H from "/snippets/h.mdx"\n'
        'import P from "/snippets/p.mdx"\n\n<Box a="1" />\n\n<H />\n<P>kid</P>\nEnd {a b}\n'
    )
    out = page(root, body)
    lines = out.text.split("\n")
    assert out.origins is not None
    got = [(Path(f).name if f else "", n, t) for (f, n), t in zip(out.origins, lines, strict=True)]
    assert got[4:] == [
        ("", 5, "<div>"),
        ("", 5, "<b>1</b>"),
        ("", 5, "</div>"),
        ("", 6, ""),
        ("", 7, "<div data-whitelabel-hide>"),
        ("h.mdx", 4, "Hidden one."),
        ("h.mdx", 5, ""),
        ("h.mdx", 6, "Hidden two."),
        ("", 7, "</div>"),
        ("", 8, "<P>kid</P>"),
        ("", 9, "End "),
        ("", 10, ""),
    ]
    assert [(out.origins[p.line][1], p.col) for p in out.problems] == [(8, 1), (9, 6)]


def test_snippets_that_are_empty_nested_or_indented(tmp_path: Path) -> None:
    """An empty snippet adds nothing (and does not crash); a problem a nested snippet's front
    matter has keeps its own place; an indented use indents the snippet's lines but leaves
    its blank lines empty in the twin."""
    root = files(
        tmp_path,
        {
            "snippets/empty.mdx": "---\nwhitelabel_hide: false\n---\n\n\n",
            "snippets/inner.mdx": "---\ntitle: T\n---\nInner.\n",
            "snippets/outer.mdx": 'import I from "/snippets/inner.mdx"\n\nOne.\n\n<I />\n',
        },
    )
    body = (
        'import E from "/snippets/empty.mdx"\nimport O from "/snippets/outer.mdx"\n\n'
        "<E />\n<Steps>\n  <Step>\n    <O />\n  </Step>\n</Steps>\n"
    )
    out = page(root, body)
    want = [
        "<Steps>",
        "  <Step>",
        "",
        "",
        "    One.",
        "",
        "    Inner.",
        "  </Step>",
        "</Steps>",
        "",
    ]
    assert out.twin.split("\n")[3:] == want
    assert [t if t.strip() else "" for t in out.text.split("\n")[3:]] == want
    [front] = out.problems
    assert front.at is not None and (Path(front.at[0]).name, front.at[1]) == ("inner.mdx", 2)


def test_a_use_glued_to_its_import_is_one_message_not_an_inclusion(tmp_path: Path) -> None:
    """`<P />` on the line after the import is an error of its own (MDX 3 reads the pair as one
    ESM block); the snippet is not included, so its own problems do not pile on."""
    root = files(tmp_path, {"snippets/p.mdx": "Broken {a b}\n"})
    out = page(root, 'import P from "/snippets/p.mdx"\n<P />\n\nEnd\n')
    assert [(p.line, p.message[:40]) for p in out.problems] == [
        (1, "`<P />` follows an import/export with no")
    ]
    assert out.text.split("\n")[1:] == ["", "", "End", ""]
    (root / "snippets/ui.jsx").write_text(
        "export const Box = () => (\n  <div>\n    <b>1</b>\n  </div>\n)\n"
    )
    out = page(
        root,
        'import { Box } from "/snippets/ui.jsx"\n\n<Box />\n\n'
        'import P from "/snippets/p.mdx"\n<P />\n\nEnd\n',
    )  # after a template that took three lines for one: still the page's line 6
    assert out.origins is not None
    assert [out.origins[p.line] for p in out.problems] == [("", 6)]


def test_an_import_followed_by_more_on_its_line_is_located(tmp_path: Path) -> None:
    """`import P from "…" <P />` is no import MDX 3 compiles, and the use would vanish with
    the import's blanked line: a located error. A comment or `;` after it is fine."""
    root = files(tmp_path, {"snippets/p.mdx": "Plain.\n"})
    out = page(root, 'import P from "/snippets/p.mdx" <P />\n\nEnd\n')
    assert [(p.line, p.col, p.message) for p in out.problems] == [
        (0, 33, "this import is followed by more on its line")
    ]
    out = page(root, 'import P from "/snippets/p.mdx"; // why\n\n<P />\n')
    assert (out.problems, out.text.split("\n")[2]) == ([], "Plain.")


@pytest.mark.parametrize(
    ("use", "col", "message", "hint"),
    [
        (
            '  <Intro product="x">kid</Intro>',
            3,
            "snippet `<Intro>` must be used as `<Intro … />` on a line of its own",
            "snippets take props, not children",
        ),
        (
            '<Intro product="x" /> trailing',
            1,
            "snippet `<Intro>` must be used as `<Intro … />` on a line of its own",
            "snippets take props, not children",
        ),
        (
            '    <Intro product="x>',
            5,
            "snippet `<Intro>` must be used as `<Intro … />` on a line of its own",
            "snippets take props, not children",
        ),
    ],
)
def test_a_snippet_used_other_than_as_a_self_closing_line_is_located(
    tmp_path: Path, use: str, col: int, message: str, hint: str
) -> None:
    out = page(intro_site(tmp_path), f'import Intro from "/snippets/intro.mdx"\n\n{use}\n')
    got = [(p.line, p.col, p.message, p.hint) for p in out.problems if p.message == message]
    assert got == [(2, col, message, hint)]
    assert out.text.split("\n")[2] == use  # left as written, for the block parser's own errors


def test_a_broken_tag_in_a_snippet_use_is_located(tmp_path: Path) -> None:
    out = page(
        intro_site(tmp_path), 'import Intro from "/snippets/intro.mdx"\n\n  <Intro product="x />\n'
    )
    first = out.problems[0]
    assert (first.line, first.col) == (2, 18)
    assert first.message == "the value of `product` opens a quote that is never closed"
    assert first.hint


def test_a_missing_name_is_not_blamed_on_an_unrelated_problem(tmp_path: Path) -> None:
    root = files(tmp_path, {"snippets/s.mdx": "export const a = nope\nexport const b = 2\n"})
    out = page(root, 'import { b, c } from "/snippets/s.mdx"\n\n{b}\n')
    assert [p.message for p in out.problems] == ["`/snippets/s.mdx` exports no `c`"]
    out = page(root, 'import { a } from "/snippets/s.mdx"\n\n{a}\n')
    assert out.problems[0].message.endswith("s.mdx:1:18: `nope` is not a known value)")


def test_inclusion_details(tmp_path: Path) -> None:
    """A bare prop is `true`; a snippet's own relative imports resolve from the snippet; its
    trailing blank lines go (the page's next line follows its content); a misused snippet's
    line is kept with its origin and the lines after it are still read."""
    root = files(
        tmp_path,
        {
            "snippets/card.mdx": 'import Part from "./parts/part.mdx"\n\n<Card a={flag} />\n\n<Part />\n\n\n',
            "snippets/parts/part.mdx": "Part text.",
            "snippets/intro.mdx": "Hello.\n",
        },
    )
    body = (
        'import C from "/snippets/card.mdx"\nimport Intro from "/snippets/intro.mdx"\n\n'
        "<C flag />\nEnd\n<Intro>kid</Intro>\nAfter\n"
    )
    out = page(root, body)
    assert [line.strip() for line in out.text.split("\n")[3:]] == [
        "",  # the snippet's own import, blanked
        "",
        "<Card a={true} />",
        "",
        "Part text.",
        "End",
        "<Intro>kid</Intro>",
        "After",
        "",
    ]
    shown = [(Path(f).name if f else f, n) for f, n in out.origins or []][3:]
    assert shown == [
        ("card.mdx", 1),
        ("card.mdx", 2),
        ("card.mdx", 3),
        ("card.mdx", 4),
        ("part.mdx", 1),
        ("", 5),
        ("", 6),
        ("", 7),
        ("", 8),
    ]
    assert [p.line for p in out.problems] == [9]


def test_includes_over_the_budget_stop_with_one_message(tmp_path: Path) -> None:
    """Every inclusion is charged to the page's one budget: four uses per level over six
    levels is refused with one message naming the chain, its uses left empty."""
    tree = {"snippets/s6.mdx": "x" * 2000 + "\n"}
    for k in range(6):
        name = f"S{k + 1}"
        uses = f"<{name} />\n" * 4
        tree[f"snippets/s{k}.mdx"] = (
            f'import {name} from "./s{k + 1}.mdx"\n\n{uses}Level {k} end.\n'
        )
    out = page(files(tmp_path, tree), 'import S0 from "/snippets/s0.mdx"\n\n<S0 />\nEnd\n')
    [only] = out.problems
    assert only.message.startswith("expansion over 1 MiB: ")
    assert only.hint.startswith("snippets, templates and exported values may add at most 1 MiB")
    assert out.text.endswith("\nLevel 0 end.\nEnd\n") and len(out.text) < 1_100_000


def test_a_hidden_snippet_is_wrapped_in_a_hidden_block_where_it_is_used(tmp_path: Path) -> None:
    root = files(
        tmp_path,
        {"snippets/secret.mdx": "---\nwhitelabel_hide: true\n---\n\nOnly ours.\n"},
    )
    out = page(root, 'import S from "/snippets/secret.mdx"\n\n- item\n\n    <S />\nAfter\n')
    lines = out.text.split("\n")
    assert lines[4:] == [
        "    <div data-whitelabel-hide>",
        "    Only ours.",
        "    </div>",
        "After",
        "",
    ]
    assert out.twin.split("\n")[4:] == lines[4:]
    shown = [(Path(f).name if f else f, n) for f, n in out.origins or []][4:]
    assert shown == [("", 5), ("secret.mdx", 5), ("", 5), ("", 6), ("", 7)]  # its file's line
    assert out.problems == []


@pytest.mark.parametrize(
    ("front", "messages"),
    [
        ('whitelabel_hide: "yes"', [("`whitelabel_hide` must be true or false", "error")]),
        (
            "whitelabel_hid: true",
            [("front matter `whitelabel_hid` of a snippet is not used", "error")],
        ),
        ("title: T", [("front matter `title` of a snippet is not used", "warning")]),
    ],
)
def test_a_snippets_front_matter_fails_closed_at_its_key(
    tmp_path: Path, front: str, messages: list[tuple[str, str]]
) -> None:
    """Only `whitelabel_hide` is read: anything else is said at its own line (an error when
    it looks like a misspelt hide marker), and a hide marker that is not a boolean hides."""
    root = files(tmp_path, {"snippets/s.mdx": f"---\nx: 1\n{front}\n---\n\nText.\n"})
    out = page(root, 'import S from "/snippets/s.mdx"\n\n<S />\n')
    got = [(p.message, p.level) for p in out.problems if "`x`" not in p.message]
    assert got == messages
    [own] = [p for p in out.problems if "`x`" not in p.message]
    assert own.at is not None and (Path(own.at[0]).name, own.at[1]) == ("s.mdx", 3)
    hidden = "<div data-whitelabel-hide>" in out.text
    assert hidden is (front == 'whitelabel_hide: "yes"')
    if front.startswith("whitelabel_hid:"):
        assert own.hint.startswith("did you mean `whitelabel_hide: true`?")


def test_a_snippets_front_matter_problems_in_full(tmp_path: Path) -> None:
    """Every key after a known one is still read; each problem is at its key's line and column
    1 with the hint for its case, quoted keys too; a key the line search cannot find (YAML's
    flow style) is at the front matter's first line."""
    root = files(
        tmp_path,
        {
            "snippets/s.mdx": (
                '---\nwhitelabel_hide: false\ntitle: T\n"whitelabel-hide": true\n---\n\nText.\n'
            ),
            "snippets/t.mdx": "---\nwhitelabel_hide: 1\n---\n\nText.\n",
            "snippets/u.mdx": "---\n{title: T}\n---\n\nText.\n",
        },
    )
    out = page(
        root,
        'import S from "/snippets/s.mdx"\nimport T from "/snippets/t.mdx"\n'
        'import U from "/snippets/u.mdx"\n\n<S />\n<T />\n<U />\n',
    )
    got = [(Path(p.at[0]).name, p.at[1], p.col, p.level, p.message, p.hint) for p in out.problems]
    assert got == [
        (
            "s.mdx",
            3,
            1,
            "warning",
            "front matter `title` of a snippet is not used",
            "a snippet is not a page: only `whitelabel_hide` is read",
        ),
        (
            "s.mdx",
            4,
            1,
            "error",
            "front matter `whitelabel-hide` of a snippet is not used",
            "did you mean `whitelabel_hide: true`? (it hides every inclusion from white-label "
            "brands)",
        ),
        ("t.mdx", 2, 1, "error", "`whitelabel_hide` must be true or false", ""),
        (
            "u.mdx",
            1,
            1,
            "warning",
            "front matter `title` of a snippet is not used",
            "a snippet is not a page: only `whitelabel_hide` is read",
        ),
    ]


def test_names_from_a_hidden_snippet_are_refused(tmp_path: Path) -> None:
    root = files(
        tmp_path, {"snippets/s.mdx": '---\nwhitelabel_hide: true\n---\nexport const v = "ours"\n'}
    )
    out = page(root, 'import { v } from "/snippets/s.mdx"\n\n{v}\n')
    assert out.problems[0].message.endswith(
        "is hidden from white-label brands (`whitelabel_hide: true`), so the values and "
        "templates it exports cannot be used by name"
    )
    assert "ours" not in out.text


def test_a_problem_inside_a_snippet_keeps_the_snippets_text_for_its_message(
    tmp_path: Path,
) -> None:
    root = files(tmp_path, {"snippets/s.mdx": "First.\n\nBroken {a b} here.\n"})
    out = page(root, 'import S from "/snippets/s.mdx"\n\n<S />\n<S />\n')
    [(shown, text)] = out.sources.items()
    assert Path(shown).name == "s.mdx" and text == "First.\n\nBroken {a b} here.\n"
    assert [(p.line, p.col) for p in out.problems] == [(4, 9), (7, 9)]
    assert [(Path(f).name, n) for f, n in (out.origins[4], out.origins[7])] == [("s.mdx", 3)] * 2
