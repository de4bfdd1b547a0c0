"""An MDX body -> the text the block parser reads: comments, imports and exports taken out,
literal `{expressions}` and snippets substituted, every problem located.

Runs before anything else sees the text, so a `{/* comment */}` reaches no output. Code fences
and code spans are left exactly as written. Lines keep their numbers unless a snippet is
included; then `origins` maps each line back to the file and line it came from.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from renderer.parse.front_matter import HIDE_NEAR
from renderer.parse.jsx import JsxError, as_text, read_braced, read_literal
from renderer.parse.jsx_bounds import INCLUDE_COST, BoundError, Budget, weight
from renderer.parse.jsx_esm import GLUED_HINT, glued_line, trailing_code
from renderer.parse.jsx_templates import (
    Scope,
    Template,
    expand_page_uses,
    is_template,
    read_template,
    shown_path,
)
from renderer.parse.link_scan import next_end, paragraph_ends
from renderer.parse.tags import TagSyntaxError, scan_tag

MAX_SNIPPET_DEPTH = 8
_HIDE = "data-whitelabel-hide"
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_IMPORT = re.compile(
    r"import\s+(?:(?P<default>[A-Za-z_$][\w$]*)\s*,?\s*)?(?:\{(?P<named>[^}]*)\}\s*)?"
    r"(?:\*\s+as\s+(?P<star>[A-Za-z_$][\w$]*)\s*)?from\s*(?P<q>[\"'])(?P<path>[^\"'\n]+)(?P=q)[ \t]*;?[ \t]*",
)
_IMPORT_START = re.compile(r"import\s*(?:[A-Za-z_$*{])")
_EXPORT_CONST = re.compile(r"export\s+(?:const|let|var)\s+(?P<name>[A-Za-z_$][\w$]*)\s*=\s*")
_EXPORT_START = re.compile(r"export\s+(?:const|let|var|function|default|class|async|\{|\*)")
_SNIPPET_SUFFIXES = (".mdx", ".md")
_SCRIPT_SUFFIXES = (".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs")
_ATTR_NAME_REF = re.compile(r"=\s*\{\s*([A-Za-z_$][\w$]*)\s*\}")


@dataclass(frozen=True, slots=True)
class TextProblem:
    """A problem at (0-based line, 1-based column) of the expanded text."""

    line: int
    col: int
    message: str
    hint: str = ""
    at: tuple[str, int] | None = None
    """(file as shown, 1-based line) when the problem lies at a place of its own (a snippet's
    front matter), not at `line` of the expanded text."""
    level: str = "error"


@dataclass
class Expanded:
    """The body as the block parser reads it, and as twins publish it."""

    text: str
    """Comments, imports and exports blanked (same lines and columns), values substituted."""
    twin: str
    """The same lines with comment, import and export text removed (published in twins)."""
    origins: list[tuple[str, int]] | None = None
    """Per line of `text`, (file as shown, 1-based line) when a snippet was included."""
    sources: dict[str, str] = field(default_factory=dict)
    """Included files as shown -> their text (for the offending line in messages)."""
    problems: list[TextProblem] = field(default_factory=list)
    names: dict[str, Any] = field(default_factory=dict)
    """Values the file exports (`export const`)."""
    templates: dict[str, Template] = field(default_factory=dict)
    """Template components the file exports."""
    inputs: set[str] = field(default_factory=set)
    """Real paths of every other file read to expand the body (snippets, templates)."""


@dataclass(frozen=True, slots=True)
class Snippet:
    """An imported `.mdx` file used as a component."""

    path: str
    """Real path on disk."""
    shown: str
    """Path as shown in messages."""


REFUSED = Snippet("", "")
"""A snippet whose import was refused: its uses are dropped (the import's problem is the one
message of that cause)."""


class _Context:
    """What resolving imports needs: the site root and the including file; `budget` and
    `inputs` are shared by the whole expansion of one page (what it may still add, and every
    file read)."""

    def __init__(
        self,
        root: str | None,
        here: str | None,
        depth: int,
        stack: tuple[str, ...],
        budget: Budget,
        inputs: set[str] | None = None,
    ):
        self.root, self.here, self.depth, self.stack = root, here, depth, stack
        self.budget = budget
        """What expansion may still add to the page (shared with its snippets)."""
        self.inputs = inputs if inputs is not None else set()


def expand(
    body: str,
    root: str | None = None,
    here: str | None = None,
    props: Mapping[str, Any] | None = None,
    depth: int = 0,
    stack: tuple[str, ...] = (),
    budget: Budget | None = None,
    inputs: set[str] | None = None,
) -> Expanded:
    """Expand one MDX body. `root`: the site folder (for `/snippets/…` imports); `here`: this
    file's real path (for relative imports); `props`: values a snippet was given; `budget`:
    what expansion may add (one per page, shared with the snippets it includes); `inputs`:
    where the files read are recorded (a fresh set for a page)."""
    ctx = _Context(root, here, depth, stack, budget or Budget(), inputs)
    lines = body.split("\n")
    twin = list(lines)
    problems: list[TextProblem] = []
    fenced = _fenced_lines(lines)
    names: dict[str, Any] = dict(props or {})
    snippets: dict[str, Snippet] = {}
    exported: dict[str, Any] = {}
    templates: dict[str, Template] = {}
    esm = _Esm(ctx, names, snippets, exported, templates, problems)
    esm.read(lines, twin, fenced)
    if not any(c in body for c in "{<") or not (snippets or "{" in body or names or templates):
        return Expanded(
            "\n".join(lines), "\n".join(twin), None, {}, problems, exported, {}, ctx.inputs
        )
    out_text, out_twin = _Scanner(lines, twin, fenced, names, problems, ctx.budget).run()
    text, twin_text = "\n".join(out_text), "\n".join(out_twin)
    origins: list[tuple[str, int]] | None = None
    if templates:
        uses = expand_page_uses(text, twin_text, templates, fenced, ctx.budget)
        text, twin_text = uses.text, uses.twin
        problems.extend(TextProblem(*p) for p in uses.problems)
        if uses.line_of is not None:  # the markup took more lines than its uses
            problems[:] = [replace(p, line=uses.output_line(p.line)) for p in problems]
            origins = [("", k + 1) for k in uses.line_of]
    result = Expanded(text, twin_text, origins, {}, problems, exported, templates, ctx.inputs)
    if snippets:
        result = _include(result, snippets, names, ctx)
    return result


Fence = tuple[str, int] | None
"""An open code fence: its character and run length; None outside fences."""


def fence_step(opened: Fence, line: str) -> tuple[Fence, bool]:
    """The fence state after `line`, and whether `line` is code (a fence line or inside)."""
    mt = _FENCE.match(line) if ("`" in line or "~" in line) else None
    if opened is None:
        if mt and not (mt.group(1)[0] == "`" and "`" in line[mt.end() :]):
            return (mt.group(1)[0], len(mt.group(1))), True
        return None, False
    closes = (
        mt is not None
        and mt.group(1)[0] == opened[0]
        and len(mt.group(1)) >= opened[1]
        and not line[mt.end() :].strip()
    )
    return (None if closes else opened), True


_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def without_html_comments(text: str) -> str:
    """`text` without its HTML comments (`<!-- note for editors -->`), outside code fences and
    code spans; the lines keep their numbers (a comment's line breaks stay). What twins and
    llms-full.txt publish: no comment reaches any output, as none reaches the HTML."""
    if "<!--" not in text:
        return text
    lines = text.split("\n")
    fenced = _fenced_lines(lines)
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and fenced[j] == fenced[i]:
            j += 1
        chunk = "\n".join(lines[i:j])
        if not fenced[i] and "<!--" in chunk:
            spans = _code_spans(chunk)

            def drop(mt: re.Match[str], spans: list[tuple[int, int]] = spans) -> str:
                if any(a <= mt.start() < b for a, b in spans):
                    return mt.group(0)
                return "\n" * mt.group(0).count("\n")

            chunk = _HTML_COMMENT.sub(drop, chunk)
        out.append(chunk)
        i = j
    return "\n".join(out)


def _code_spans(src: str) -> list[tuple[int, int]]:
    """Backtick code spans of `src` (within its paragraphs)."""
    if "`" not in src:
        return []
    ends = paragraph_ends(src)
    out = []
    pos = src.find("`")
    while pos >= 0:
        end = _code_span_end(src, pos, next_end(ends, pos))
        out.append((pos, end))
        pos = src.find("`", end)
    return out


def _fenced_lines(lines: list[str]) -> list[bool]:
    """Which lines belong to a fenced code block (the fence lines included)."""
    inside = [False] * len(lines)
    opened: Fence = None
    for i, line in enumerate(lines):
        opened, inside[i] = fence_step(opened, line)
    return inside


class _Esm:
    """Reads the imports and exports at the start of lines (outside code) and blanks them."""

    def __init__(
        self,
        ctx: _Context,
        names: dict[str, Any],
        snippets: dict[str, Snippet],
        exported: dict[str, Any],
        templates: dict[str, Template],
        problems: list[TextProblem],
    ):
        self.ctx, self.names, self.snippets = ctx, names, snippets
        self.exported, self.templates, self.problems = exported, templates, problems

    def read(self, lines: list[str], twin: list[str], fenced: list[bool]) -> None:
        i = 0
        while i < len(lines):
            line = lines[i]
            if fenced[i] or not line.startswith(("import", "export")):
                i += 1
                continue
            if i > 0 and lines[i - 1].strip() and not _is_blanked(twin[i - 1], lines[i - 1]):
                i += 1  # inside a paragraph: prose
                continue
            is_import = bool(_IMPORT_START.match(line))
            if not is_import and not _EXPORT_START.match(line):
                i += 1
                continue
            text = "\n".join(lines[i:])
            used = self.statement(text, i, is_import)
            for k in range(i, min(i + used, len(lines))):
                lines[k] = " " * len(lines[k])
                twin[k] = ""
            i += used
            glued = glued_line(lines, i)
            if glued is not None:
                self.problems.append(TextProblem(glued[0], 1, glued[1], GLUED_HINT))

    def statement(self, text: str, line0: int, is_import: bool) -> int:
        """Read one statement at the start of `text`; returns how many lines it takes."""
        if is_import:
            mt = _IMPORT.match(text)
            if not mt:
                self.problems.append(
                    TextProblem(
                        line0,
                        1,
                        "this import cannot be read",
                        'write `import Name from "/snippets/file.mdx"`',
                    )
                )
                return 1
            self.imported(mt, line0)
            junk = trailing_code(text, mt.end())
            if junk is not None:  # `<X />` after it would be dropped with the import's line
                self.problems.append(
                    TextProblem(
                        *_line_col(text, line0, junk),
                        "this import is followed by more on its line",
                        "write one import per line and the content after a blank line "
                        "(hubdocs reads one import per line; MDX 3 cannot compile this line)",
                    )
                )
            return text[: mt.end()].rstrip("\n").count("\n") + 1
        mt = _EXPORT_CONST.match(text)
        if not mt:
            self.problems.append(
                TextProblem(
                    line0,
                    1,
                    "only `export const NAME = <literal or template component>` is supported",
                    "hubdocs runs no JavaScript: export literal values only",
                )
            )
            return 1
        name = mt.group("name")
        try:
            if is_template(text, mt.end()):
                scope = Scope(self.names, self.templates)
                origin = (self.ctx.here or "", line0 + 1)
                tpl, end = read_template(name, text, mt.end(), scope, origin)
                self.templates[name] = tpl
            else:
                value, end = read_literal(text, mt.end(), self.names)
                self.names[name] = value
                self.exported[name] = value
        except JsxError as err:
            self.problems.append(
                TextProblem(
                    *_line_col(text, line0, err.offset),
                    str(err),
                    err.hint,
                )
            )
            end = _statement_end(text, mt.end())
        rest = re.match(r"[ \t]*;?[ \t]*", text[end:])
        end += rest.end() if rest else 0
        junk = trailing_code(text, end)
        if junk is not None:
            self.problems.append(
                TextProblem(
                    *_line_col(text, line0, junk),
                    f"`export const {name}` is followed by more code on its line",
                    "one statement per line; MDX 3 cannot compile the page either",
                )
            )
        return text[:end].count("\n") + 1

    def imported(self, mt: re.Match[str], line0: int) -> None:
        ctx, target = self.ctx, mt.group("path")
        what = [n for n in (mt.group("default"), mt.group("star")) if n]
        named = [p.strip() for p in (mt.group("named") or "").split(",") if p.strip()]
        script = target.endswith(_SCRIPT_SUFFIXES) or not target.endswith(_SNIPPET_SUFFIXES)
        real, shown = _resolve(target, ctx) if (ctx.root or ctx.here) else (None, target)
        if real is None and _leaves(target, ctx):
            self.refused(mt)
            self.problems.append(
                TextProblem(
                    line0,
                    1,
                    f"`{target}` resolves outside the project (a symbolic link?)",
                    "imports must name files inside the site folder; copy the file there",
                )
            )
            return
        if real is not None:
            ctx.inputs.add(real)
        if script:
            if real is not None and named and not what:
                self.script_templates(real, target, named, line0)
                return
            listed = ", ".join(f"<{n}>" for n in what + [p.split(" as ")[-1] for p in named])
            self.problems.append(
                TextProblem(
                    line0,
                    1,
                    f"`{target}` is a JavaScript module ({listed or 'nothing named'}): "
                    "hubdocs runs no JavaScript at build time",
                    "replace the component with Markdown or a known component, or move its "
                    "content into an .mdx snippet",
                )
            )
            return
        if real is None:
            self.refused(mt)
            self.problems.append(
                TextProblem(
                    line0,
                    1,
                    f"snippet `{target}` not found",
                    "snippet paths starting with / are relative to the site folder",
                )
            )
            return
        if real in ctx.stack:
            self.problems.append(
                TextProblem(line0, 1, f"snippet `{target}` includes itself", "break the cycle")
            )
            return
        if ctx.depth >= MAX_SNIPPET_DEPTH:
            if not ctx.budget.exceeded:
                chain = " → ".join(map(shown_path, (*ctx.stack, real)))
                self.problems.append(
                    TextProblem(
                        line0,
                        1,
                        f"snippets nested more than {MAX_SNIPPET_DEPTH} deep: {chain}",
                        "include the innermost snippets' content directly",
                    )
                )
            ctx.budget.stop()
            if mt.group("default"):  # its uses are then skipped without more messages
                self.snippets[mt.group("default")] = Snippet(real, shown)
            return
        if mt.group("default"):
            self.snippets[mt.group("default")] = Snippet(real, shown)
        if mt.group("star"):
            self.problems.append(TextProblem(line0, 1, "`import * as …` is not supported", ""))
        if named:
            try:
                ctx.budget.charge(
                    INCLUDE_COST + os.path.getsize(real),
                    lambda: " → ".join(map(shown_path, (*ctx.stack, real))),
                )
            except BoundError as err:
                if not err.repeated:
                    self.problems.append(TextProblem(line0, 1, str(err), err.hint))
                return
            hide, bad = snippet_hidden(_read_snippet_file(real), shown)
            self.problems.extend(bad)
            if hide:
                self.problems.append(
                    TextProblem(
                        line0,
                        1,
                        f"`{shown}` is hidden from white-label brands (`whitelabel_hide: true`), "
                        "so the values and templates it exports cannot be used by name",
                        f'import it whole (`import X from "{target}"`) and use `<X />`, or '
                        "wrap the uses in <div data-whitelabel-hide>",
                    )
                )
                return
            sub = _snippet_expanded(real, ctx)
            if ctx.budget.exceeded:  # over a bound inside (it was not, to pass the charge above):
                # its one message is among `sub`'s problems, which are not the page's
                why = next((p for p in sub.problems if p.level == "error"), None)
                self.problems.append(
                    TextProblem(
                        line0,
                        1,
                        f"`{target}` cannot be imported{_cause(why, shown)}",
                        why.hint if why else "",
                    )
                )
                return
            for part in named:
                src, _, alias = part.partition(" as ")
                src, alias = src.strip(), (alias or src).strip()
                if src in sub.templates:
                    self.templates[alias] = sub.templates[src]
                elif src in sub.names:
                    self.names[alias] = sub.names[src]
                else:
                    why = _why_missing(sub, real, src)
                    self.problems.append(
                        TextProblem(
                            line0,
                            1,
                            f"`{target}` exports no `{src}`{_cause(why, shown)}",
                            why.hint if why else "",
                        )
                    )

    def refused(self, mt: re.Match[str]) -> None:
        """An import that was refused (its problem said so): its uses are removed without a
        second message ("unknown component")."""
        if mt.group("default"):
            self.snippets[mt.group("default")] = REFUSED

    def script_templates(self, real: str, target: str, named: list[str], line0: int) -> None:
        """Named imports from a .jsx file: each must be a template component."""
        try:
            with open(real, encoding="utf-8") as fh:
                code = fh.read()
        except (OSError, UnicodeDecodeError):
            self.problems.append(TextProblem(line0, 1, f"cannot read `{target}`", ""))
            return
        for part in named:
            src, _, alias = part.partition(" as ")
            src, alias = src.strip(), (alias or src).strip()
            mt = re.search(rf"export\s+const\s+{re.escape(src)}\s*=\s*", code)
            reason = f"`{target}` exports no `{src}`"
            if mt:
                try:
                    tpl, _ = read_template(src, code, mt.end())
                    self.templates[alias] = tpl
                    continue
                except JsxError as err:
                    reason = str(err)
            self.problems.append(
                TextProblem(
                    line0,
                    1,
                    f"<{alias}> from `{target}` cannot be used: {reason}",
                    "hubdocs renders components that only fill their props into markup; "
                    "it runs no JavaScript at build time",
                )
            )


_NO_EXPORT = re.compile(
    r"`[^`\n]*` (?:exports no `[^`\n]*`|cannot be imported)(?P<cause> \(.*\))?", re.S
)


def _why_missing(sub: Expanded, real: str, name: str) -> TextProblem | None:
    """Why the snippet `real` (expanded as `sub`) has no value or template `name`: a problem
    naming it, else the first error in its `export const` — and when that is a value the
    snippet did not get from its own import, that import's problem (one cause per chain)."""
    why = next(
        (p for p in sub.problems if f"`{name}`" in p.message or f"<{name}>" in p.message), None
    ) or _export_problem(real, name, sub.problems)
    lost = _UNKNOWN.search(why.message) if why else None
    if lost:
        why = next(
            (
                p
                for p in sub.problems
                if _NO_EXPORT.fullmatch(p.message) and f"`{lost[1]}`" in p.message
            ),
            why,
        )
    return why


_UNKNOWN = re.compile(r"`([A-Za-z_$][\w$]*)` is not a known value")


def _export_problem(real: str, name: str, problems: list[TextProblem]) -> TextProblem | None:
    """The first error inside the snippet's `export const NAME` statement (it runs to the next
    line that starts another statement), when NAME could not be read."""
    lines = _read_snippet(real).split("\n")
    start = next(
        (
            k
            for k, line in enumerate(lines)
            if (mt := _EXPORT_CONST.match(line)) and mt.group("name") == name
        ),
        None,
    )
    if start is None:
        return None
    end = next(
        (k for k in range(start + 1, len(lines)) if lines[k].startswith(("import", "export"))),
        len(lines),
    )
    return next((p for p in problems if p.level == "error" and start <= p.line < end), None)


def _cause(why: TextProblem | None, shown: str) -> str:
    """Why a snippet lacks a name imported from it, or could not be imported, for the message:
    ` (file:line:col: the problem)` — the innermost one when that snippet's own import failed
    (one cause, not a nest of parentheses per level)."""
    if why is None:
        return ""
    nested = _NO_EXPORT.fullmatch(why.message)
    if nested is not None:
        return nested.group("cause") or ""
    return f" ({shown}:{why.line + 1}:{why.col}: {why.message})"


_NEXT_STATEMENT = re.compile(r"\n(?=(?:import|export)\s)")


def _statement_end(text: str, pos: int) -> int:
    """Where a statement that could not be read probably ends: a line holding only `}`, `)`
    or `]` (and maybe `;`) — past blank lines too when the value opens with `(`, `{` or `[` —
    else the first blank line or line starting another import or export."""
    mt = re.compile(r"^[)}\]];?[ \t]*$", re.M).search(text, pos)
    blank = text.find("\n\n", pos)
    nxt = _NEXT_STATEMENT.search(text, pos)  # the next statement starts a line
    if nxt is not None and (blank < 0 or nxt.start() < blank):
        blank = nxt.start()
    if mt and (blank < 0 or mt.start() < blank or text[pos:].lstrip().startswith(("(", "{", "["))):
        return mt.end()
    return blank if blank >= 0 else len(text)


def _is_blanked(twin_line: str, line: str) -> bool:
    return twin_line == "" and line != ""


def _candidate(target: str, ctx: _Context) -> tuple[str, str] | None:
    """The file an import names and the folder it must stay in, both as written (not yet
    resolved); None when there is nothing to resolve against."""
    if target.startswith("/"):
        if ctx.root is None:
            return None
        return os.path.join(ctx.root, target.lstrip("/")), ctx.root
    if ctx.here is None:
        return None
    return os.path.join(os.path.dirname(ctx.here), target), ctx.root or os.path.dirname(ctx.here)


def _inside(path: str, base: str) -> bool:
    return path == base or path.startswith(base.rstrip(os.sep) + os.sep)


def _resolve(target: str, ctx: _Context) -> tuple[str | None, str]:
    """The real path of an imported file (symbolic links resolved: it must stay inside the
    site folder) and its name as shown; (None, target) when there is no such file inside."""
    found = _candidate(target, ctx)
    if found is None:
        return None, target
    real, base = os.path.realpath(found[0]), os.path.realpath(found[1])
    if not _inside(real, base) or not os.path.isfile(real):
        return None, target
    return real, os.path.relpath(os.path.normpath(found[0]))  # as the user would reach it


def _leaves(target: str, ctx: _Context) -> bool:
    """Does an import name an existing file that lies outside the site folder once symbolic
    links are resolved, although its name stays inside?"""
    found = _candidate(target, ctx)
    if found is None:
        return False
    written, base = os.path.normpath(found[0]), os.path.normpath(found[1])
    real = os.path.realpath(written)
    return (
        _inside(written, base)
        and os.path.isfile(real)
        and not _inside(real, os.path.realpath(base))
    )


@dataclass(frozen=True, slots=True)
class SnippetFile:
    """A snippet as read: its body, where the body starts, its front matter."""

    text: str
    """The whole file (for the offending line in messages)."""
    body: str
    body_line: int
    """1-based line of the file where the body starts."""
    meta: Mapping[str, Any]


def _read_snippet_file(real: str) -> SnippetFile:
    from renderer.parse.source import decode, split_front_matter

    with open(real, "rb") as fh:
        text = decode(real, fh.read())
    src = split_front_matter(real, text)
    return SnippetFile(text, src.body, src.body_line, src.meta)


def _read_snippet(real: str) -> str:
    return _read_snippet_file(real).body


SNIPPET_KEYS = frozenset(("whitelabel_hide",))
"""Front-matter keys a snippet may have (a snippet is no page: a title would go nowhere)."""


def snippet_hidden(file: SnippetFile, shown: str) -> tuple[bool, list[TextProblem]]:
    """Is a snippet hidden from white-label brands (`whitelabel_hide: true`), and the problems
    of its front matter, each at its key. No key is dropped silently."""
    problems: list[TextProblem] = []

    def at(key: str) -> tuple[str, int]:
        mt = re.search(rf"^([\"']?){re.escape(str(key))}\1\s*:", file.text, re.M)
        return (shown, file.text.count("\n", 0, mt.start()) + 1 if mt else 1)

    for key in file.meta:
        if key in SNIPPET_KEYS:
            continue
        near_hide = bool(HIDE_NEAR.search(str(key)))  # a misspelt hide marker fails closed
        problems.append(
            TextProblem(
                0,
                1,
                f"front matter `{key}` of a snippet is not used",
                "did you mean `whitelabel_hide: true`? (it hides every inclusion from "
                "white-label brands)"
                if near_hide
                else "a snippet is not a page: only `whitelabel_hide` is read",
                at(key),
                "error" if near_hide else "warning",
            )
        )
    hide = file.meta.get("whitelabel_hide", False)
    if not isinstance(hide, bool):
        problems.append(
            TextProblem(0, 1, "`whitelabel_hide` must be true or false", "", at("whitelabel_hide"))
        )
        hide = True  # fail closed
    return hide, problems


def _snippet_expanded(real: str, ctx: _Context) -> Expanded:
    body = _read_snippet(real)
    stack = (*ctx.stack, real)
    return expand(body, ctx.root, real, None, ctx.depth + 1, stack, ctx.budget, ctx.inputs)


class _Scanner:
    """One pass over the lines outside code: `{/* comments */}` blanked, `{literal}` and
    `{NAME}` substituted in text, `attr={NAME}` written as a literal inside tags."""

    def __init__(
        self,
        lines: list[str],
        twin: list[str],
        fenced: list[bool],
        names: Mapping[str, Any],
        problems: list[TextProblem],
        budget: Budget,
    ):
        self.lines, self.twin, self.fenced = lines, twin, fenced
        self.names, self.problems = names, problems
        self.budget = budget
        self._ends: list[int] | None = None

    def run(self) -> tuple[list[str], list[str]]:
        # Work on runs of non-fenced lines joined, so comments and tags may span lines.
        out_text: list[str] = []
        out_twin: list[str] = []
        i = 0
        n = len(self.lines)
        while i < n:
            if self.fenced[i]:
                out_text.append(self.lines[i])
                out_twin.append(self.twin[i])
                i += 1
                continue
            j = i
            while j < n and not self.fenced[j]:
                j += 1
            text, twin = self._chunk(i, j)
            out_text += text
            out_twin += twin
            i = j
        return out_text, out_twin

    def _tag_values(self, src: str, pos: int, end: int, lo: int) -> str:
        """A tag with its `attr={NAME}` values written as literals (charged to the budget)."""
        piece = src[pos:end]
        if "={" not in piece.replace(" ", ""):
            return piece
        try:
            for ref in _ATTR_NAME_REF.finditer(piece):
                if ref.group(1) in self.names:
                    value = self.names[ref.group(1)]
                    self.budget.charge(weight(value), f"`{ref.group(1)}`")
            return _ATTR_NAME_REF.sub(self._attr_literal, piece)
        except BoundError as err:
            if not err.repeated:
                self._problem(src, pos, lo, str(err), err.hint)
            return piece

    def _chunk(self, lo: int, hi: int) -> tuple[list[str], list[str]]:
        src = "\n".join(self.lines[lo:hi])
        if "{" not in src or "{" not in _PLAIN_TAG.sub("", src):
            # braces only inside quoted attribute values (entity-encoded JSON): nothing to do
            return self.lines[lo:hi], self.twin[lo:hi]
        text: list[str] = []
        twin: list[str] = []
        pos = 0
        line = lo
        length = len(src)
        owed = ""  # line breaks inside expressions, given back where their paragraph ends
        while pos < length:
            ch = src[pos]
            if ch == "\n":
                if owed and _blank_line_after(src, pos):
                    text.append(owed)
                    twin.append(owed)
                    owed = ""
                line += 1
                text.append("\n")
                twin.append("\n")
                pos += 1
            elif ch == "\\" and pos + 1 < length and src[pos + 1] in "{}<`":
                text.append(src[pos : pos + 2])
                twin.append(src[pos : pos + 2])
                pos += 2
            elif ch == "`":
                if self._ends is None or self._ends[-1] != len(src):
                    self._ends = paragraph_ends(src)
                end = _code_span_end(src, pos, next_end(self._ends, pos))
                piece = src[pos:end]
                text.append(piece)
                twin.append(piece)
                line += piece.count("\n")
                pos = end
            elif ch == "<" and pos + 1 < length and (src[pos + 1].isalpha() or src[pos + 1] == "/"):
                end = self._tag_end(src, pos)
                piece = self._tag_values(src, pos, end, lo)
                text.append(piece)
                twin.append(piece)
                line += src.count("\n", pos, end)
                pos = end
            elif ch == "{":
                if src.startswith("{/*", pos):
                    close = src.find("*/", pos + 3)
                    brace = src.find("}", close + 2) if close >= 0 else -1
                    if close < 0 or brace < 0 or src[close + 2 : brace].strip():
                        self._problem(
                            src, pos, lo, "`{/*` comment is never closed", "close it with */}"
                        )
                        close, brace = length - 1, length - 1
                    comment = src[pos : brace + 1]
                    text.append(
                        "" if _in_text(src, pos, brace + 1) else re.sub(r"[^\n]", " ", comment)
                    )
                    twin.append(re.sub(r"[^\n]", "", comment))
                    line += comment.count("\n")
                    pos = brace + 1
                    continue
                try:
                    value, end = read_braced(src, pos, self.names)
                    self.budget.charge(weight(value), f"`{src[pos:end]}`")
                    starts = not src[src.rfind("\n", 0, pos) + 1 : pos].strip()
                    shown = literal_text(as_text(value), starts)
                except BoundError as err:
                    if not err.repeated:
                        self._problem(src, pos, lo, str(err), err.hint)
                    end = _brace_end(src, pos)
                    shown = ""
                except (JsxError, TypeError) as err:
                    off = err.offset if isinstance(err, JsxError) else pos
                    hint = err.hint if isinstance(err, JsxError) else ""
                    if not self.budget.exceeded:  # else a name lost to that one cause
                        self._problem(
                            src,
                            off,
                            lo,
                            f"JSX expression: {err}",
                            hint or "write `\\{` for a literal brace",
                        )
                    end = _brace_end(src, pos)
                    shown = ""
                text.append(shown)
                twin.append(shown)
                line += src.count("\n", pos, end)
                owed += "\n" * src.count("\n", pos, end)
                pos = end
            else:
                nxt = _next_special(src, pos)
                text.append(src[pos:nxt])
                twin.append(src[pos:nxt])
                pos = nxt
        new_text = "".join(text + [owed]).split("\n")
        new_twin = "".join(twin + [owed]).split("\n")
        for k in range(len(new_twin)):  # emptied lines (comments, imports, exports): empty
            line = self.lines[lo + k]
            gone = line.strip() and not new_text[k].strip()
            if not new_twin[k].strip() and (gone or _is_blanked(self.twin[lo + k], line)):
                new_twin[k] = ""
        return new_text, new_twin

    def _tag_end(self, src: str, pos: int) -> int:
        gt = src.find(">", pos, pos + 4096)
        if gt >= 0 and "{" not in src[pos:gt] and '"' not in src[pos:gt]:
            return gt + 1  # no expression and no quoted `>` can be inside: the tag ends there
        if self._ends is None or self._ends[-1] != len(src):
            self._ends = paragraph_ends(src)
        limit = next_end(self._ends, pos)
        try:
            tag = scan_tag(src, pos, limit)
        except (TagSyntaxError, JsxError):
            # a broken tag is the block parser's to report: skip to its likely end
            close = src.find(">", pos, limit)
            return close + 1 if close >= 0 else limit
        return tag.end if tag is not None else pos + 1

    def _attr_literal(self, mt: re.Match[str]) -> str:
        name = mt.group(1)
        if name not in self.names or name in ("true", "false", "null", "undefined"):
            return mt.group(0)
        return "={" + json.dumps(self.names[name], ensure_ascii=False) + "}"

    def _problem(self, src: str, offset: int, lo: int, message: str, hint: str) -> None:
        self.problems.append(TextProblem(*_line_col(src, lo, offset), message, hint))


def _blank_line_after(src: str, pos: int) -> bool:
    """Is the line after the line break at `pos` blank (or the text's end)?"""
    nxt = src.find("\n", pos + 1)
    return not src[pos + 1 : nxt if nxt >= 0 else len(src)].strip()


def _line_col(text: str, line0: int, offset: int) -> tuple[int, int]:
    """(0-based line, 1-based column) of `offset` in `text`, whose first line is `line0`."""
    return line0 + text.count("\n", 0, offset), offset - (text.rfind("\n", 0, offset) + 1) + 1


def _in_text(src: str, start: int, end: int) -> bool:
    """Is the one-line comment `src[start:end]` inside a line of text (`Wid{/* x */}gets`)?
    Then it goes without a trace, as in MDX; a comment alone on its lines is blanked, so the
    lines keep their numbers and columns."""
    if "\n" in src[start:end]:
        return False
    line_start = src.rfind("\n", 0, start) + 1
    line_end = src.find("\n", end)
    return bool((src[line_start:start] + src[end : line_end if line_end >= 0 else None]).strip())


_INLINE_MARKS = re.compile(r"[\\`*{}\[\]<|~]|&(?=#?\w+;)|(?<![^\W_])_|_(?![^\W_])")
"""What makes text Markdown or a tag inline: `_` only at a word's edge, `&` only as an entity."""
_BLOCK_START = re.compile(r"[ \t]*(?:[#>+=-]|\d{1,9}[.)])")


def literal_text(text: str, line_start: bool) -> str:
    """An expression's text as the block parser must read it: as text, never as Markdown or a
    tag (`{"<Steps>"}` shows "<Steps>", as in MDX). Marks are backslash-escaped (the twin
    stays Markdown that reads the same), a heading, list or quote mark escaped where the text
    starts a line, and line breaks written as spaces (the same in HTML; the scanner gives the
    lines back at the paragraph's end, so every later line keeps its number). Templates' text
    uses `jsx_expr.escape_text`, which writes entities: in a twin those would show as
    `&lt;Steps&gt;`, so page expressions use Markdown's own escapes."""
    text = _INLINE_MARKS.sub(r"\\\g<0>", text.replace("\r", " ").replace("\n", " "))
    mark = _BLOCK_START.match(text) if line_start else None
    if mark is not None:
        text = text[: mark.end() - 1] + "\\" + text[mark.end() - 1 :]
    return text


_PLAIN_TAG = re.compile(r'<[A-Za-z/][^<>{}"]{0,4096}(?:"[^"\n]{0,65536}"[^<>{}"]{0,4096})*>')
"""A tag whose braces, if any, sit inside quoted values (bounded runs: linear time)."""
_SPECIAL = re.compile(r"[\n\\`<{]")
_TICKS = re.compile(r"`+")


def _next_special(src: str, pos: int) -> int:
    mt = _SPECIAL.search(src, pos + 1)
    return mt.start() if mt else len(src)


def _code_span_end(src: str, pos: int, limit: int) -> int:
    """Past the code span opened by the backtick run at `pos` (before `limit`, the end of its
    paragraph), or past the run itself when nothing closes it."""
    run = _TICKS.match(src, pos)
    assert run is not None
    size = run.end() - pos
    for mt in _TICKS.finditer(src, run.end(), limit):
        if mt.end() - mt.start() == size:
            return mt.end()
    return run.end()


def _brace_end(src: str, pos: int) -> int:
    """Past the `}` that balances `src[pos] == "{"` (strings skipped), or the line's end."""
    depth = 0
    i = pos
    while i < len(src):
        ch = src[i]
        if ch in "\"'`":
            close = src.find(ch, i + 1)
            i = close + 1 if close > 0 else i + 1
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif ch == "\n" and src.startswith("\n", i + 1):
            return i
        i += 1
    return len(src)


_USE = re.compile(r"^(?P<indent>[ \t]*)<(?P<name>[A-Z][\w.]*)\b")


def _include(
    result: Expanded, snippets: dict[str, Snippet], names: Mapping[str, Any], ctx: _Context
) -> Expanded:
    """Replace each `<Snippet prop="v" />` line by the snippet's expanded body."""
    lines = result.text.split("\n")
    twin = result.twin.split("\n")
    origins: list[tuple[str, int]] = []
    out_text: list[str] = []
    out_twin: list[str] = []
    sources: dict[str, str] = dict(result.sources)
    problems = [p for p in result.problems]
    shifted: list[TextProblem] = []
    fenced = _fenced_lines(lines)
    here = ""  # the including file itself
    for i, line in enumerate(lines):
        mt = None if fenced[i] else _USE.match(line)
        snip = snippets.get(mt.group("name")) if mt else None
        own = result.origins[i] if result.origins else (here, i + 1)  # this line's origin
        here_problems = [p for p in problems if p.line == i]
        for p in here_problems:
            shifted.append(TextProblem(len(out_text), p.col, p.message, p.hint, p.at))
        if snip is None:
            origins.append(own)
            out_text.append(line)
            out_twin.append(twin[i])
            continue
        if snip is REFUSED or here_problems:  # or a use with errors of its own (glued to an import)
            origins.append(own)
            out_text.append("")
            out_twin.append("")
            continue
        indent = mt.group("indent")
        try:
            tag = scan_tag(line, len(indent))
        except (TagSyntaxError, JsxError) as err:
            shifted.append(TextProblem(len(out_text), err.offset + 1, str(err), err.hint))
            tag = None
        if tag is None or not tag.self_closing or line[tag.end :].strip():
            shifted.append(
                TextProblem(
                    len(out_text),
                    len(indent) + 1,
                    f"snippet `<{mt.group('name')}>` must be used as `<{mt.group('name')} … />` "
                    "on a line of its own",
                    "snippets take props, not children",
                )
            )
            origins.append(own)
            out_text.append(line)
            out_twin.append(twin[i])
            continue
        props = {a.name: (True if a.value is None else a.value) for a in tag.attrs}
        try:
            ctx.budget.charge(
                INCLUDE_COST + os.path.getsize(snip.path),
                lambda chain=(*ctx.stack, snip.path): " → ".join(map(shown_path, chain)),
            )
        except BoundError as err:
            if not err.repeated:
                shifted.append(TextProblem(len(out_text), len(indent) + 1, str(err), err.hint))
            origins.append(own)
            out_text.append("")
            out_twin.append("")
            continue
        file = _read_snippet_file(snip.path)
        hide, bad = snippet_hidden(file, snip.shown)
        shifted.extend(bad)
        sub = expand(
            file.body,
            ctx.root,
            snip.path,
            {**names, **props},
            ctx.depth + 1,
            (*ctx.stack, snip.path),
            ctx.budget,
            ctx.inputs,
        )
        sub_lines = sub.text.split("\n")
        sub_twin = sub.twin.split("\n")
        last = max((p.line for p in sub.problems), default=-1)  # keep a problem's line
        while len(sub_lines) > last + 1 and not sub_lines[-1].strip():
            sub_lines.pop()
            sub_twin.pop()
        if hide:  # every inclusion is the branded site's only
            out_text.append(f"{indent}<div {_HIDE}>")
            out_twin.append(f"{indent}<div {_HIDE}>")
            origins.append(own)
        base = len(out_text)
        if snip.shown not in sources:
            sources[snip.shown] = file.text
        skip = file.body_line - 1  # lines of the snippet's own front matter
        for k, (a, b) in enumerate(zip(sub_lines, sub_twin, strict=True)):
            out_text.append(indent + a if a.strip() else a)
            out_twin.append(indent + b if b.strip() else b)
            origin = sub.origins[k] if sub.origins else ("", k + 1)
            origins.append((snip.shown, origin[1] + skip) if origin[0] == "" else origin)
        if hide:
            out_text.append(f"{indent}</div>")
            out_twin.append(f"{indent}</div>")
            origins.append(own)
        sources.update(sub.sources)
        for p in sub.problems:
            shifted.append(TextProblem(base + p.line, p.col, p.message, p.hint, p.at))
    # Problems of the including file keep their own origin through `origins`.
    return Expanded(
        "\n".join(out_text),
        "\n".join(out_twin),
        origins,
        sources,
        shifted,
        result.names,
        inputs=ctx.inputs,
    )
