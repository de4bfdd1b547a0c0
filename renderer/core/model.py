"""The guide model: frozen dataclasses, no I/O and no HTML. Every stage reads these and returns new ones."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

CALLOUT_KINDS = ("Warning", "Note", "Tip", "Info", "Check", "Danger")
GUIDE_TYPES = ("link-account", "connector-profile")


class FrozenMap(dict):  # type: ignore[type-arg]
    """A read-only dict (picklable, unlike MappingProxyType) for front matter."""

    def _ro(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("the guide model is read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _ro  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (dict(self),))


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node stands in its source file."""

    line: int
    """First line (1-based, in the whole file)."""
    end_line: int
    """Line after the last one (exclusive)."""
    col: int = 1
    """1-based column of the node's first character."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of inline Markdown (raw inline HTML allowed)."""

    text: str
    """The inline source, lines dedented and joined with newlines."""
    span: Span
    """Source location."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading, Markdown `## ` or HTML `<h2>`."""

    level: int
    """1 to 6."""
    text: str
    """The inline source of the heading."""
    anchor: str
    """The id used for `#fragment` links, unique within the page."""
    span: Span
    """Source location."""


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a list."""

    body: tuple[Block, ...]
    """The item's content; a one-line `<li>` holds one Paragraph."""
    span: Span
    """Source location."""


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bullet or numbered list, Markdown or HTML."""

    ordered: bool
    """True for `<ol>` or `1.` lists."""
    items: tuple[ListItem, ...]
    """The items in order."""
    span: Span
    """Source location."""
    start: int = 1
    """First number of an ordered list."""
    tight: bool = True
    """Items render without `<p>` wrappers."""


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A fenced code block."""

    info: str
    """The info string (language)."""
    code: str
    """The code, verbatim."""
    span: Span
    """Source location."""


@dataclass(frozen=True, slots=True)
class HtmlBlock:
    """Raw HTML we keep as written (sanitised against an allowlist when rendered)."""

    html: str
    """The raw HTML source."""
    span: Span
    """Source location."""


@dataclass(frozen=True, slots=True)
class MarkdownBlock:
    """A Markdown construct rendered as CommonMark (tables, block quotes, rules)."""

    source: str
    """The dedented Markdown source."""
    span: Span
    """Source location."""


@dataclass(frozen=True, slots=True)
class Element:
    """An ordinary HTML container (`<div>`, `<section>` without guide data) around blocks."""

    tag: str
    """Lowercase tag name."""
    attrs: tuple[tuple[str, str], ...]
    """Attributes as written (`className` kept as is)."""
    body: tuple[Block, ...]
    """Children."""
    span: Span
    """Source location."""


@dataclass(frozen=True, slots=True)
class Callout:
    """`<Warning>`, `<Note>`, `<Tip>`, `<Info>`, `<Check>` or `<Danger>`."""

    kind: str
    """One of CALLOUT_KINDS."""
    body: tuple[Block, ...]
    """The callout's Markdown content."""
    span: Span
    """Source location."""


@dataclass(frozen=True, slots=True)
class Action:
    """One action of the scope selector."""

    id: str
    """Stable id used in `?actions=` URLs."""
    label: str
    """What the reader sees."""
    scopes: tuple[str, ...]
    """Provider scopes this action needs."""


@dataclass(frozen=True, slots=True)
class ScopeSelector:
    """The scope-selector panel content: the guide's actions."""

    actions: tuple[Action, ...]
    """Actions in source order."""
    span: Span
    """Source location."""


@dataclass(frozen=True, slots=True)
class Panel:
    """`<Panel>`: a side panel (in guides, it holds the scope selector)."""

    body: tuple[Block, ...]
    """Children."""
    span: Span
    """Source location."""


@dataclass(frozen=True, slots=True)
class Step:
    """One `<Step title="…">`."""

    title: str
    """The step title (plain text, may hold inline Markdown)."""
    scopes: tuple[str, ...]
    """Visibility condition; empty = always shown."""
    display_scopes: tuple[str, ...]
    """Scopes this step asks the reader to grant."""
    body: tuple[Block, ...]
    """The step's content (inside the `data-guide-step` div when there is one)."""
    span: Span
    """Source location."""


@dataclass(frozen=True, slots=True)
class Steps:
    """`<Steps>`: numbered steps; numbering restarts in each."""

    steps: tuple[Step, ...]
    """The steps in order."""
    span: Span
    """Source location."""


@dataclass(frozen=True, slots=True)
class Section:
    """`<section data-guide-section>`: a scope-tagged part of a guide."""

    scopes: tuple[str, ...]
    """Visibility condition; empty = always shown."""
    heading: Heading | None
    """The section's `<h2>`, if any."""
    body: tuple[Block, ...]
    """Everything after the heading."""
    span: Span
    """Source location."""


@dataclass(frozen=True, slots=True)
class WhitelabelHide:
    """Content for the branded site only (`<div data-whitelabel-hide>` or the `## ` Hub block)."""

    body: tuple[Block, ...]
    """The hidden content."""
    span: Span
    """Source location (for the `## ` form: heading through the end of the block)."""
    form: Literal["div", "heading"] = "div"
    """How the source marks it."""


@dataclass(frozen=True, slots=True)
class Component:
    """A Mintlify component with no guide meaning: `<Tabs>`, `<Card>`, `<Accordion>`, `<Frame>`…

    Rendered by the theme partial `components/mintlify/<name>.html` (dots become `-`:
    `Tree.Folder` -> `tree-folder.html`), so a brand can override each one."""

    name: str
    """The tag name as written (`Tabs`, `Tree.Folder`); always one of the known components."""
    attrs: tuple[tuple[str, Any], ...]
    """Attributes in source order. Values are JSX literals, read, never evaluated: `str`, `int`,
    `float`, `bool`, `None`, `tuple` (arrays) or `FrozenMap` (objects); a valueless attribute
    is `True`."""
    body: tuple[Block, ...]
    """Children (empty for a self-closing tag)."""
    span: Span
    """Source location."""

    def get(self, name: str, default: Any = None) -> Any:
        """The value of attribute `name`, or `default`."""
        for key, value in self.attrs:
            if key == name:
                return value
        return default


Block = (
    Paragraph
    | Heading
    | ListBlock
    | CodeBlock
    | HtmlBlock
    | MarkdownBlock
    | Element
    | Callout
    | Panel
    | ScopeSelector
    | Steps
    | Section
    | WhitelabelHide
    | Component
)


@dataclass(frozen=True, slots=True)
class Field:
    """One credential field of the connect form."""

    key: str
    """JSON key sent to the connect endpoint."""
    label: str
    """What the form shows."""
    type: str = "text"
    """text | password | url | email | select."""
    required: bool = True
    """Whether the form refuses to submit without it."""
    secret: bool = False
    """Never logged, echoed or put in a URL."""
    options: tuple[str, ...] = ()
    """Choices for `select` fields."""


@dataclass(frozen=True, slots=True)
class PageExtras:
    """What the stages learned about a page besides its blocks; never read from (nor written
    into) the author's front matter."""

    warnings: tuple[Any, ...] = ()
    """Warnings found while parsing (`Problem`s), reported once per cause."""
    references: FrozenMap | None = None
    """Link reference definitions: lower-cased label -> markdown-it's `{href, title}`."""
    hidden_references: tuple[str, ...] = ()
    """Labels of the reference definitions inside white-label-hidden blocks."""
    files: tuple[str, ...] = ()
    """Local files the page shows or links (relative to the repository; Mintlify sites)."""
    links: tuple[tuple[str, int, int], ...] = ()
    """Root-relative pages the page links: (path, line, col) (Mintlify sites)."""
    inputs: tuple[str, ...] = ()
    """Real paths of the other files its text was made from (snippets, templates), sorted: an
    edit to one of them rebuilds the page."""


@dataclass(frozen=True, slots=True)
class Guide:
    """One parsed source file: a connection guide or a plain docs page."""

    path: str
    """The source file as shown in messages (relative to the working folder when inside it)."""
    url: str
    """Root-relative page URL without suffix."""
    kind: Literal["guide", "page"]
    """`guide` for `<connector>/<guide-type>/<slug>.mdx`, else `page`."""
    title: str
    """Page title."""
    description: str
    """One-sentence summary."""
    blocks: tuple[Block, ...]
    """The body as a tree."""
    body: str
    """The body source exactly as written (after front matter), ending in one newline."""
    body_line: int
    """File line number (1-based) of the body's first line."""
    connector: str = ""
    """Connector key (`shortcut_pm`)."""
    guide_type: str = ""
    """`link-account` or `connector-profile`."""
    auth_slug: str = ""
    """Slug of the auth method label."""
    connector_name: str = ""
    """Display name of the connector."""
    auth_method: str = ""
    """Display name of the auth method."""
    actions: tuple[Action, ...] = ()
    """All scope-selector actions of the guide."""
    fields: tuple[Field, ...] = ()
    """Credential fields for the connect form."""
    order: int | None = None
    """Navigation order (lower first); None sorts by title."""
    draft: bool = False
    """Built nowhere."""
    unlisted: bool = False
    """Built, but left out of nav, sitemap, search and llms files."""
    whitelabel_hide: bool = False
    """Whole page shown on the branded site only."""
    front_matter: FrozenMap = field(default_factory=FrozenMap)
    """The front matter as loaded (safe YAML); keys starting with `_` are refused."""
    extras: PageExtras = field(default_factory=PageExtras)
    """Stage data: warnings, references, files and links."""
    cuts: tuple[Span, ...] = ()
    """Source spans removed by a variant (hidden blocks); empty for a parsed guide."""
    source: str = ""
    """Source path relative to the guides folder, with `/` (the same from any working folder:
    "Edit this page" links use it)."""


def walk(blocks: tuple[Block, ...]) -> Iterator[Block | Step | ListItem]:
    """Every node below `blocks`, depth first, in source order."""
    for b in blocks:
        yield b
        if isinstance(b, Steps):
            for s in b.steps:
                yield s
                yield from walk(s.body)
        elif isinstance(b, ListBlock):
            for item in b.items:
                yield item
                yield from walk(item.body)
        elif isinstance(b, Section):
            if b.heading:
                yield b.heading
            yield from walk(b.body)
        elif hasattr(b, "body") and isinstance(b.body, tuple):
            yield from walk(b.body)
