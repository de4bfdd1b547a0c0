"""Source text -> Guide: front matter, the block tree, actions and fields, every problem located."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from typing import Any

from markdown_it import MarkdownIt

from renderer.config.schema import EMBED_HOSTS
from renderer.core import model as m
from renderer.core.errors import GuideError, Problem, SourcePos, problem_at
from renderer.core.model import walk
from renderer.core.text import plain_text
from renderer.parse.block_rule import make_parser
from renderer.parse.blocks import MAX_BLOCK, OVERSIZE, TreeBuilder, oversize_table
from renderer.parse.fields import derive_fields, fields_from_front_matter
from renderer.parse.front_matter import check_keys, title_from_path
from renderer.parse.mdx_text import expand, without_html_comments
from renderer.parse.source import decode, line_offset, normalise, split_front_matter

MAX_REFERENCE = 2048
_CONNECTOR = re.compile(r"^[a-z0-9][a-z0-9_]*\Z")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_PAGE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
_HUB = re.compile(r"\bhub\b", re.I)
_LINK_TITLE = re.compile(r"^Connect (?P<c>.+?) with (?P<a>.+?) – ")
_PROFILE_TITLE = re.compile(r"^(?P<rest>.+?) connector profile\b")


@functools.cache
def _parser() -> MarkdownIt:
    return make_parser()


def slugify_label(label: str) -> str:
    """ "OAuth 2.0 (M2M - Machine to Machine)" -> "oauth-2-0-m2m-machine-to-machine"."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def relative_route(path: str) -> str:
    """The path below the guides folder: everything after the first `guides/` component."""
    parts = path.replace("\\", "/").split("/")
    if "guides" in parts[:-1]:
        parts = parts[parts.index("guides") + 1 :]
    return "/".join(p for p in parts if p not in ("", "."))


def route(rel: str) -> tuple[str, str, str, str]:
    """rel path -> (url, connector, guide_type, auth_slug); the last three empty for pages."""
    stem = re.sub(r"\.mdx?$", "", rel)
    parts = stem.split("/")
    if len(parts) == 3 and parts[1] in m.GUIDE_TYPES and _CONNECTOR.match(parts[0]):
        connector, gtype, slug = parts
        return f"/connectors/{connector}/guides/{gtype}/{slug}", connector, gtype, slug
    return "/" + stem, "", "", ""


def parse_file(
    shown: str, path: str, rel: str, embed_hosts: frozenset[str] = EMBED_HOSTS
) -> m.Guide:
    """Read and parse one source (`shown`: its path in messages); a read error is a problem."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as err:
        raise GuideError(
            [Problem(SourcePos(shown, 1, 1), f"cannot read: {err.strerror}")]
        ) from None
    root = path[: -len(rel)] if path.endswith(rel) else None
    return parse_guide(shown, data, rel, root=root, real=path, embed_hosts=embed_hosts)


def parse_guide(
    path: str,
    text: str | bytes,
    rel: str | None = None,
    root: str | None = None,
    real: str | None = None,
    embed_hosts: frozenset[str] = EMBED_HOSTS,
) -> m.Guide:
    """Parse one source file. Raises GuideError listing every problem found in it.

    `root`: the site folder, for `import … from "/snippets/…"`; `real`: the file's own path on
    disk, for relative imports; `embed_hosts`: the hosts an `<iframe>` may embed."""
    text = decode(path, text) if isinstance(text, bytes) else normalise(text)
    src = split_front_matter(path, text)
    problems: list[Problem] = []

    def at(offset: int, message: str, hint: str = "") -> None:
        problems.append(problem_at(path, text, offset, message, hint))

    rel = rel if rel is not None else relative_route(path)
    url, connector, gtype, slug = route(rel)
    if len(rel.split("/")) == 3 and rel.split("/")[1] in m.GUIDE_TYPES and not connector:
        at(0, f"`{rel.split('/')[0]}` is not a valid connector key", "use lowercase, digits, _")
    bad = [p for p in rel.split("/") if not _PAGE_SEGMENT.match(p) or ".." in p]
    if bad:
        at(
            0,
            f"file or folder name {bad[0]!r} cannot be part of a URL",
            "file and folder names become URL parts: start with a letter or digit, then use "
            "letters, digits, -, _ and . only (e.g. accounts-section.mdx)",
        )
    if connector and not _SLUG.match(slug):
        at(
            0,
            f"`{slug}` is not a valid auth slug",
            f"rename the file to `{slugify_label(slug)}.mdx`",
        )

    expanded = expand(src.body, root, real)
    body = expanded.text

    def report(line0: int, col: int, message: str, hint: str, level: str = "error") -> None:
        origin = (
            expanded.origins[line0] if expanded.origins and line0 < len(expanded.origins) else None
        )
        if origin is not None and origin[0]:
            lines_of = expanded.sources.get(origin[0], "").split("\n")
            shown = lines_of[origin[1] - 1] if 0 < origin[1] <= len(lines_of) else ""
            problems.append(
                Problem(SourcePos(origin[0], origin[1], col), message, hint, shown, level)
            )
            return
        file_line0 = origin[1] - 1 if origin is not None else line0
        problems.append(
            problem_at(
                path,
                text,
                src.body_offset + line_offset(src.body, file_line0) + col - 1,
                message,
                hint,
                level,
            )
        )

    for p in expanded.problems:
        if p.at is not None:  # a place of its own (a snippet's front matter)
            shown_lines = expanded.sources.get(p.at[0], "").split("\n")
            shown = shown_lines[p.at[1] - 1] if 0 < p.at[1] <= len(shown_lines) else ""
            pos = SourcePos(p.at[0], p.at[1], p.col)
            problems.append(Problem(pos, p.message, p.hint, shown, p.level))
        else:
            report(p.line, p.col, p.message, p.hint)
    big = oversize_table(body.split("\n")) if len(body) > MAX_BLOCK else None
    if big is not None:
        report(big, 1, *OVERSIZE)
        raise GuideError(one_per_cause(problems))
    env: dict[str, Any] = {}
    tokens = _parser().parse(body, env)
    for offset, message, hint in env.get("problems", ()):
        line0 = body.count("\n", 0, offset)
        report(line0, offset - line_offset(body, line0) + 1, message, hint)
    deepest = max(tokens, key=lambda t: t.level, default=None)
    if deepest is not None and deepest.level >= _parser().options.maxNesting - 2:
        report(
            (deepest.map or (0, 0))[0],
            1,
            "content is nested too deeply; markdown-it would drop what lies below",
            "flatten the nesting of lists, quotes or components",
        )
    lines = body.split("\n")
    builder = TreeBuilder(tokens, lines, src.body_line, report, embed_hosts)
    blocks: tuple[m.Block, ...] = builder.blocks(builder.build())
    blocks = fold_hub_heading(blocks, lines, src.body_line, report)  # every page kind

    meta = src.meta
    fm = _FrontMatter(path, text, meta, problems)
    check_keys(meta, fm.report, bool(connector))
    title = fm.line("title", required=bool(connector)) or title_from_path(rel)
    description = fm.line("description", required=bool(connector))
    actions = _collect_actions(blocks, report, src.body_line)
    if "fields" in meta:
        fields = fields_from_front_matter(meta["fields"], fm.reporter("fields"))
    else:
        fields = derive_fields(blocks) if connector else ()
    names = _names(meta, title, connector, gtype, slug, fm)
    order = meta.get("order")
    if order is not None and (not isinstance(order, int) or isinstance(order, bool)):
        fm.report("order", "`order` must be a whole number", "e.g. order: 10")
        order = None
    flags = {k: fm.flag(k) for k in ("draft", "unlisted", "whitelabel_hide")}
    if any(p.level == "error" for p in problems):
        raise GuideError(one_per_cause(problems))
    refs = env.get("references", {})
    for label, ref in refs.items():
        if len(ref.get("href", "")) + len(ref.get("title") or "") > MAX_REFERENCE:
            mt = re.search(r"^\s*\[" + re.escape(label[:20]), src.body, re.M | re.I)
            at(
                src.body_offset + (mt.start() if mt else 0),
                f"reference link [{label[:40]}] is over {MAX_REFERENCE} characters",
                "long reference targets multiply the page size each time they are used",
            )
    if any(p.level == "error" for p in problems):
        raise GuideError(one_per_cause(problems))
    extras = m.PageExtras(
        warnings=tuple(one_per_cause(problems)),
        references=m.FrozenMap(refs) if refs else None,
        hidden_references=_hidden_labels(blocks, lines, src.body_line) if refs else (),
        inputs=tuple(sorted(expanded.inputs)),
    )
    return m.Guide(
        path=path,
        url=url,
        kind="guide" if connector else "page",
        title=title,
        description=description,
        blocks=blocks,
        body=_twin_body(expanded.twin),
        body_line=src.body_line,
        connector=connector,
        guide_type=gtype,
        auth_slug=slug,
        connector_name=names[0],
        auth_method=names[1],
        actions=actions,
        fields=fields,
        order=order,
        draft=flags["draft"],
        unlisted=flags["unlisted"],
        whitelabel_hide=flags["whitelabel_hide"],
        front_matter=m.FrozenMap(meta),
        extras=extras,
        source=rel,
    )


def _twin_body(twin: str) -> str:
    """The body twins publish: the source as written, without comments, ending in a newline."""
    twin = without_html_comments(twin)
    return twin if twin.endswith("\n") else twin + "\n"


def one_per_cause(problems: list[Problem]) -> list[Problem]:
    """Problems sorted by place, one per distinct cause and file: the first place, with the
    number of places (`unknown component <Update> (126 uses; first here)`)."""
    problems = sorted(problems, key=lambda p: (p.pos.path, p.pos.line, p.pos.col))
    firsts: dict[tuple[str, str, str], int] = {}
    counts: list[int] = []
    out: list[Problem] = []
    for p in problems:
        key = (p.pos.path, p.level, p.message)
        if key in firsts:
            counts[firsts[key]] += 1
            continue
        firsts[key] = len(out)
        out.append(p)
        counts.append(1)
    return [
        dataclasses.replace(p, message=f"{p.message} ({n} uses; first here)") if n > 1 else p
        for p, n in zip(out, counts, strict=True)
    ]


class _FrontMatter:
    """Typed access to front matter keys, reporting problems at the key's line."""

    def __init__(self, path: str, text: str, meta: Mapping[str, Any], problems: list[Problem]):
        self.path, self.text, self.meta, self.problems = path, text, meta, problems

    def offset(self, key: str) -> int:
        mt = re.search(rf"^{re.escape(key)}\s*:", self.text[: self.text.find("\n---", 3) + 1], re.M)
        return mt.start() if mt else 0

    def report(self, key: str, message: str, hint: str = "", level: str = "error") -> None:
        self.problems.append(
            problem_at(self.path, self.text, self.offset(key), message, hint, level)
        )

    def reporter(self, key: str):  # noqa: ANN201
        return lambda message, hint="": self.report(key, message, hint)

    def line(self, key: str, required: bool) -> str:
        value = self.meta.get(key)
        if value is None:
            if required:
                self.report(
                    key, f"front matter has no `{key}`", f"add `{key}: …` to the front matter"
                )
            return ""
        if not isinstance(value, str) or "\n" in value.strip():
            self.report(key, f"`{key}` must be a one-line string", "quote it if it holds a colon")
            return ""
        return value.strip()

    def flag(self, key: str) -> bool:
        value = self.meta.get(key, False)
        if not isinstance(value, bool):
            self.report(key, f"`{key}` must be true or false")
            return False
        return value


def _names(
    meta: Mapping[str, Any], title: str, connector: str, gtype: str, slug: str, fm: _FrontMatter
) -> tuple[str, str]:
    if not connector:
        return "", ""
    name = fm.line("connector", required=False)
    auth = fm.line("auth_method", required=False)
    mt = _LINK_TITLE.match(title) if gtype == "link-account" else None
    if mt:
        name, auth = name or mt.group("c"), auth or mt.group("a")
    if not name:
        spaced = connector.replace("_", " ")
        name = title[: len(spaced)] if title.lower().startswith(spaced) else spaced.title()
    if not auth:
        pt = _PROFILE_TITLE.match(title)
        rest = pt.group("rest") if pt else ""
        split = _split_on_slug(rest, slug) if rest else None
        if split and not fm.meta.get("connector"):
            name, auth = split
        elif split:
            auth = split[1]
        elif rest.lower().startswith(name.lower() + " "):
            auth = rest[len(name) + 1 :]
        else:
            auth = slug.replace("-", " ").title()
    return name, auth


def _split_on_slug(rest: str, slug: str) -> tuple[str, str] | None:
    """ "Oyster HR OAuth 2.0" with slug `oauth-2-0` -> ("Oyster HR", "OAuth 2.0"): the auth
    label is the shortest tail of the words whose slug is the file's auth slug."""
    words = rest.split()
    for k in range(len(words) - 1, 0, -1):
        tail = " ".join(words[k:])
        if slugify_label(tail) == slug:
            return " ".join(words[:k]), tail
    return None


def _collect_actions(
    blocks: tuple[m.Block, ...], report: Any, body_line: int
) -> tuple[m.Action, ...]:
    out: list[m.Action] = []
    seen: set[str] = set()
    for node in walk(blocks):
        if isinstance(node, m.ScopeSelector):
            for action in node.actions:
                if action.id in seen:
                    report(
                        node.span.line - body_line,
                        node.span.col,
                        f"duplicate action id `{action.id}` across scope selectors",
                        "action ids must be unique within a guide",
                    )
                    continue
                seen.add(action.id)
                out.append(action)
    return tuple(out)


def fold_hub_heading(
    blocks: tuple[m.Block, ...], lines: list[str], body_line: int, report: Any = None
) -> tuple[m.Block, ...]:
    """The heading form of the Hub block -> a WhitelabelHide node, on every page kind.

    A heading that names the Hub (`## Linking the Account from the Hub`, any level, ATX or
    setext, any case) outside a hidden block hides itself and what follows, whatever it is
    (`<Steps>`, `<Tabs>`, paragraphs), up to the next heading of its level or higher, a
    section or a hidden block; deeper headings (`### Troubleshooting`) stay inside. It does so
    at any depth (inside a `<Tab>` or a `<Step>`, up to the end of that container). A guide
    section whose own heading names the Hub is hidden whole. A heading that names the Hub in
    raw HTML cannot be hidden that way: an error (fail closed)."""
    end_line = body_line + len(lines)
    folded = _fold(blocks, end_line)
    if report is not None:
        for node in _visible(folded):
            if isinstance(node, m.HtmlBlock) and _RAW_HUB_HEADING.search(node.html):
                report(
                    node.span.line - body_line,
                    node.span.col,
                    "this raw HTML heading names the Hub, but it would be published to every "
                    "white-label brand",
                    "wrap the Hub block in <div data-whitelabel-hide>, or write the heading in "
                    "Markdown (`## …`) so that it hides its block",
                )
    return folded


_RAW_HUB_HEADING = re.compile(r"<h[1-6]\b[^>]*>(?:(?!</h[1-6]).){0,400}?\bhub\b", re.I | re.S)


def _is_hub_heading(b: object) -> bool:
    return isinstance(b, m.Heading) and _HUB.search(plain_text(b.text)) is not None


def _fold(blocks: tuple[m.Block, ...], end_line: int | None = None) -> tuple[m.Block, ...]:
    """One level of blocks, then every child body. `end_line`: where the page ends (top
    level); inside a container, a fold ends with its last block (the container's closing tag
    stays)."""
    out: list[m.Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if _is_hub_heading(b):
            j = i + 1
            while j < len(blocks):
                nxt = blocks[j]
                if isinstance(nxt, (m.Section, m.WhitelabelHide)) or (
                    isinstance(nxt, m.Heading) and nxt.level <= b.level  # type: ignore[union-attr]
                ):
                    break
                j += 1
            # up to the next block: reference definitions after the last one go too
            if j < len(blocks):
                end = blocks[j].span.line
            else:
                end = end_line or max(x.span.end_line for x in blocks[i:j])
            span = m.Span(b.span.line, end, b.span.col)
            out.append(m.WhitelabelHide(tuple(blocks[i:j]), span, "heading"))
            i = j
            continue
        if isinstance(b, m.Section) and _is_hub_heading(b.heading):
            out.append(m.WhitelabelHide((b,), b.span, "heading"))
        else:
            out.append(_fold_inside(b))
        i += 1
    same = len(out) == len(blocks) and all(a is b for a, b in zip(out, blocks, strict=True))
    return blocks if same else tuple(out)


def _fold_inside(b: Any) -> Any:
    """A block with the Hub headings of its children folded."""
    if isinstance(b, m.WhitelabelHide):
        return b
    if isinstance(b, m.Steps):
        steps = tuple(_fold_inside(s) for s in b.steps)  # type: ignore[arg-type]
        same = all(a is c for a, c in zip(steps, b.steps, strict=True))
        return b if same else dataclasses.replace(b, steps=steps)  # type: ignore[arg-type]
    if isinstance(b, m.ListBlock):
        items = tuple(_fold_inside(it) for it in b.items)  # type: ignore[arg-type]
        same = all(a is c for a, c in zip(items, b.items, strict=True))
        return b if same else dataclasses.replace(b, items=items)  # type: ignore[arg-type]
    body = getattr(b, "body", None)
    if isinstance(body, tuple) and body:
        folded = _fold(body)
        return b if folded is body else dataclasses.replace(b, body=folded)  # type: ignore[arg-type]
    return b


_REF_LABEL = re.compile(r"^[ \t]*\[((?:[^\]\\\n]|\\.)+)\]:")


def _hidden_labels(
    blocks: tuple[m.Block, ...], lines: list[str], body_line: int
) -> tuple[str, ...]:
    """Reference labels defined inside hidden blocks: a white-label variant drops them, so a
    visible `[text][label]` cannot link where only the hidden block pointed."""
    from markdown_it.common.utils import normalizeReference

    labels: set[str] = set()
    for node in walk(blocks):
        if isinstance(node, m.WhitelabelHide):
            for line in lines[node.span.line - body_line : node.span.end_line - body_line]:
                mt = _REF_LABEL.match(line)
                if mt:
                    labels.add(normalizeReference(mt.group(1)))
    return tuple(sorted(labels))


def _visible(blocks: tuple[m.Block, ...]):  # noqa: ANN202
    """Every node outside hidden blocks, depth first."""
    for b in blocks:
        if isinstance(b, m.WhitelabelHide):
            continue
        yield b
        if isinstance(b, m.Steps):
            for step in b.steps:
                yield from _visible(step.body)
        elif isinstance(b, m.ListBlock):
            for item in b.items:
                yield from _visible(item.body)
        elif isinstance(b, m.Section):
            yield from _visible(((b.heading,) if b.heading else ()) + b.body)
        elif isinstance(getattr(b, "body", None), tuple):
            yield from _visible(b.body)
