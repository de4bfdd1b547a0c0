"""The one schema of the `hubdocs` plugin options: name -> Option (type, default, help).

`config.py` validates mkdocs.yml against it without importing MkDocs (the CLI starts in
milliseconds), and `mkdocs_plugin.py` builds the plugin's MkDocs config class from it, so the
two hosts can never accept different options.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Option:
    """One plugin option."""

    kind: type
    """str or list (a list of strings)."""
    default: Any
    """None: unset (the meaning is given in `help`)."""
    help: str
    choices: tuple[str, ...] = ()


PLUGIN_OPTIONS: dict[str, Option] = {
    "brand": Option(str, None, "the brand `mkdocs build` renders (default: the first of `brands`)"),
    "brands": Option(list, None, "the brands `hubdocs build` renders (default: [stackone])"),
    "guides_dir": Option(
        str,
        None,
        "guides folder, relative to mkdocs.yml (default: docs_dir); under MkDocs, `.md` files "
        "in it are hubdocs pages too (`.mdx` files always are)",
    ),
    "twins": Option(str, "faithful", "Markdown twins: faithful or clean", ("faithful", "clean")),
    "theme_dir": Option(str, None, "your theme overrides (default: site_template/ when it exists)"),
    "brands_dir": Option(str, None, "the brand folders (default: <theme_dir>/brands)"),
    "llms_budget": Option(
        int, 100_000, "characters of the root llms.txt before it lists connectors, not pages"
    ),
    "llms_full_budget": Option(
        int, 5_000_000, "bytes of the root llms-full.txt before it becomes an index of connectors"
    ),
}

SITE_KEYS = frozenset(
    [
        "INHERIT",
        "site_name",
        "nav",
        "pages",
        "exclude_docs",
        "draft_docs",
        "not_in_nav",
        "site_url",
        "site_description",
        "site_author",
        "theme",
        "docs_dir",
        "site_dir",
        "copyright",
        "google_analytics",
        "dev_addr",
        "use_directory_urls",
        "repo_url",
        "repo_name",
        "edit_uri_template",
        "edit_uri",
        "extra_css",
        "extra_javascript",
        "extra_templates",
        "markdown_extensions",
        "mdx_configs",
        "strict",
        "remote_branch",
        "remote_name",
        "extra",
        "plugins",
        "hooks",
        "watch",
        "validation",
    ]
)
"""Top-level keys MkDocs 1.x knows (mkdocs.config.defaults.MkDocsConfig), plus INHERIT."""


def did_you_mean(word: str, known: object) -> str:
    """A hint naming the closest known word, or listing them all."""
    names = sorted(str(k) for k in known)  # type: ignore[attr-defined]
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return "known: " + ", ".join(names)


def check_options(section: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(key, message, hint) for every unknown or ill-typed option of the plugin section."""
    out: list[tuple[str, str, str]] = []
    for key, value in section.items():
        opt = PLUGIN_OPTIONS.get(str(key))
        if opt is None:
            out.append(
                (
                    str(key),
                    f"unknown hubdocs option `{key}`",
                    did_you_mean(str(key), PLUGIN_OPTIONS),
                )
            )
        elif value is None:
            continue
        elif opt.kind is list and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            out.append((key, f"`{key}` must be a list of names", "e.g. [acme, northwind]"))
        elif opt.kind is str and not isinstance(value, str):
            out.append((key, f"`{key}` must be a string", f"got {value!r}"))
        elif opt.choices and value not in opt.choices:
            out.append((key, f"`{key}` must be one of {', '.join(opt.choices)}", f"got {value!r}"))
    return out
