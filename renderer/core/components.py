"""The one component registry: each component name -> where it may stand (block, inline), the
attributes its partial reads and how, how it is rendered and flattened for Markdown twins.

The parser reads the names and kinds, the HTML renderer the attributes and the render hook, the
twin renderer the flattener. Adding a component is one entry here plus one partial in
`site_template/components/mintlify/` (named by `partial()`); a component that needs more than
its attributes and body (tabs, fields) names a render hook that render/components.py defines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from renderer.core.model import CALLOUT_KINDS


@dataclass(frozen=True, slots=True)
class Attr:
    """One value a partial gets: `name` in the template, read from the `source` attribute."""

    name: str
    """The template variable."""
    reader: str
    """How the value is read (render/components.py READERS): `text`, `inline` (inline
    Markdown rendered), `url`, `flag`, `icon`, `cols`, `choice`, `tags`."""
    source: str = ""
    """The attribute in the source (default: `name`)."""
    default: str = ""
    """The value when the attribute is absent or empty (`inline`/`text` readers)."""


@dataclass(frozen=True, slots=True)
class Spec:
    """What hubdocs knows of one component."""

    name: str
    kind: str = "block"
    """`block` (a Component node), `inline` (inside a line of prose only) or `both`."""
    attrs: tuple[Attr, ...] = ()
    """What the partial gets besides `body` (the rendered children)."""
    render: str = ""
    """A render hook for more than attributes and body ("" = the partial with `attrs`)."""
    flatten: str = "body"
    """How the clean twin writes it (render/twin.py FLATTENERS)."""
    paired: bool = False
    """An inline component that wraps text (`<Tooltip tip="…">word</Tooltip>`)."""
    scripted: bool = False
    """Enhanced by `mintlify.js` (a page loads it only when it has one)."""


_TITLE = (Attr("title", "inline"), Attr("icon", "icon"))
_ACCORDION = (
    Attr("title", "inline"),
    Attr("description", "inline"),
    Attr("icon", "icon"),
    Attr("open", "flag", "defaultOpen"),
)
_TREE = (
    Attr("name", "text"),
    Attr("open", "flag", "defaultOpen"),
    Attr("highlight", "flag"),
)

_SPECS = (
    Spec("Accordion", attrs=_ACCORDION, flatten="titled"),
    Spec("AccordionGroup", attrs=_TITLE),
    Spec("Badge", "both", render="inline", flatten="inline", paired=True),
    Spec("Banner", attrs=_TITLE),
    Spec("Callout", attrs=(Attr("icon", "icon"), Attr("color", "choice")), flatten="quote"),
    Spec(
        "Card",
        attrs=(
            Attr("title", "inline"),
            Attr("icon", "icon"),
            Attr("href", "url"),
            Attr("img", "url"),
            Attr("horizontal", "flag"),
            Attr("cta", "text"),
        ),
        flatten="card",
    ),
    Spec("CardGroup", attrs=(Attr("cols", "cols"),), flatten="items"),
    Spec("CodeGroup", render="tabs", flatten="fences", scripted=True),
    Spec("Color", render="color", flatten="colors"),
    Spec("Color.Item", render="color", flatten="color_item"),
    Spec("Color.Row", render="color", flatten="colors"),
    Spec("Column", attrs=_TITLE),
    Spec("Columns", attrs=(Attr("cols", "cols"),), flatten="items"),
    Spec(
        "Expandable",
        attrs=(Attr("title", "inline", default="Show properties"), *_ACCORDION[1:]),
        flatten="titled",
    ),
    Spec("FileTree", render="children"),
    Spec("Frame", attrs=(Attr("caption", "inline"), Attr("hint", "inline")), flatten="frame"),
    Spec("GitHub.Repo", render="children"),
    Spec("Icon", "both", render="inline", flatten="inline"),
    Spec("ParamField", render="field", flatten="field"),
    Spec(
        "Prompt",
        attrs=(Attr("description", "inline"),),
        render="prompt",
        flatten="prompt",
        scripted=True,
    ),  # fmt: skip
    Spec("RequestExample", render="tabs", flatten="fences", scripted=True),
    Spec("ResponseExample", render="tabs", flatten="fences", scripted=True),
    Spec("ResponseField", render="field", flatten="field"),
    Spec("Tab", attrs=_TITLE, flatten="titled"),
    Spec("Tabs", render="tabs", flatten="tabs", scripted=True),
    Spec(
        "Tile",
        attrs=(Attr("title", "inline"), Attr("description", "inline"), Attr("href", "url")),
        flatten="card",
    ),
    Spec("Tooltip", "both", render="inline", flatten="inline", paired=True),
    Spec("Tree", attrs=_TREE, render="tree", flatten="items"),
    Spec("Tree.File", attrs=_TREE, render="tree", flatten="tree_entry"),
    Spec("Tree.Folder", attrs=_TREE, render="tree", flatten="tree_entry"),
    Spec("Update", render="update", flatten="update"),
    Spec("View", attrs=_TITLE, flatten="titled"),
    Spec("Visibility", render="visibility", flatten="visibility"),
)

MINTLIFY: dict[str, Spec] = {s.name: s for s in _SPECS}
"""Mintlify's components that render through theme partials, by name."""
GUIDE_COMPONENTS = frozenset((*CALLOUT_KINDS, "Panel", "Steps", "Step"))
"""The guide components (their own model nodes and partials in `components/`)."""
MINTLIFY_COMPONENTS = frozenset(MINTLIFY)
COMPONENTS = GUIDE_COMPONENTS | MINTLIFY_COMPONENTS
"""Every component name the parser knows."""
INLINE = frozenset(s.name for s in _SPECS if s.kind != "block")
"""Components rendered inside a line of prose."""
PAIRED_INLINE = frozenset(s.name for s in _SPECS if s.paired)
"""Inline components that wrap text."""
SCRIPTED = frozenset(s.name for s in _SPECS if s.scripted)
"""Components `mintlify.js` enhances."""
CODE_GROUPS = {"CodeGroup": "", "RequestExample": "Request", "ResponseExample": "Response"}
"""Tab sets of code blocks -> the label of the whole set."""
PARAM_PLACES = ("path", "query", "body", "header", "cookie")
AUDIENCES = ("humans", "agents")
"""`<Visibility for="…">`: `humans` = the HTML page only; `agents` = the Markdown twin and the
llms files only."""
"""Where a ParamField's parameter goes (its attribute names the parameter)."""


def partial(name: str) -> str:
    """The theme partial of a component: `CodeGroup` -> `components/mintlify/code-group.html`,
    `Tree.Folder` -> `components/mintlify/tree-folder.html`."""
    kebab = "-".join(re.sub(r"(?<!^)(?=[A-Z])", "-", part) for part in name.split("."))
    return f"components/mintlify/{kebab.lower()}.html"
