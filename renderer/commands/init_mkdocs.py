"""`hubdocs init` in a folder that already has a `mkdocs.yml` -> the hubdocs plugin entry added
to it (nothing else in the file changes), a brands folder with one brand named after the site,
and a sample guide in `docs_dir`. Never overwrites a file; a config it cannot edit safely
(plugins written inline, plugins only in an INHERITed file) is a located error showing the
lines to add by hand."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from renderer.commands.new import scaffold_text
from renderer.config.mkdocs_yml import load_config
from renderer.config.yaml_files import read_yaml
from renderer.core.errors import GuideError, Problem, SourcePos

HUB = "hub"
"""The folder of `docs_dir` the guides go in: `hubdocs build` builds it as the hub site (the
site's own pages stay MkDocs'; `mkdocs build` shows both)."""
BRAND = """\
# The branded site: shows the Hub-only blocks, uses the words as written.
# A white-label copy for a customer is another folder with `whitelabel: true` and `terms:`.
name: {name}
{base}"""
NO_URL = "base_url: https://docs.example.com  # where this site is published (mkdocs.yml has no site_url)\n"
GUIDE = "acmecrm/link-account/api-key.mdx"


def _fail(path: Path, line: int, message: str, hint: str, src: str = "") -> GuideError:
    return GuideError([Problem(SourcePos(str(path), line, 1), message, hint, src)])


def _brand_key(site_name: str) -> tuple[str, str]:
    """(folder name, display name) from the site's name: "jj docs" -> ("jj", "jj")."""
    name = re.sub(r"\s+(docs?|documentation|guides?)$", "", site_name.strip(), flags=re.I)
    key = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-_")[:40] or "main"
    return key, name or site_name


def _with_entry(text: str, plugins: Any, path: Path, guides: str) -> str:
    """`text` with the hubdocs entry added under `plugins:` (a block list or mapping), or a
    `plugins:` section appended (keeping MkDocs' default `search`)."""
    entry = ("- hubdocs:", "    brands_dir: brands", f"    guides_dir: {guides}")
    lines = text.split("\n")
    at = next((n for n, ln in enumerate(lines) if re.match(r"plugins\s*:", ln)), None)
    by_hand = "add these lines under `plugins:`:\n      " + "\n      ".join(entry)
    if at is None:
        if plugins is not None:
            raise _fail(path, 1, "the plugins are set in an INHERITed file", by_hand)
        tail = "" if text.endswith("\n") or not text else "\n"
        return f"{text}{tail}plugins:\n  - search\n  " + "\n  ".join(entry) + "\n"
    if lines[at].split(":", 1)[1].strip() not in ("", "{}", "[]") and plugins:
        raise _fail(path, at + 1, "`plugins:` is written inline", by_hand, lines[at])
    nxt = next((ln for ln in lines[at + 1 :] if ln.strip() and not ln.lstrip().startswith("#")), "")
    indent = len(nxt) - len(nxt.lstrip()) if nxt.startswith((" ", "-")) else 2
    pad = " " * max(indent, 0)
    if isinstance(plugins, dict):
        entry = (entry[0][2:], *(e[2:] for e in entry[1:]))
    head = lines[at].split(":", 1)[0] + ":"
    return "\n".join([*lines[:at], head, *(pad + e for e in entry), *lines[at + 1 :]])


def add_to_mkdocs(folder: Path) -> list[tuple[Path, str]]:
    """Add hubdocs to the MkDocs site in `folder`; returns (path, what changed) per file."""
    path = folder / "mkdocs.yml"
    data, text = read_yaml(path)
    plugins = data.get("plugins")
    names = [next(iter(p)) if isinstance(p, dict) else p for p in plugins or []]
    if "hubdocs" in names or (isinstance(plugins, dict) and "hubdocs" in plugins):
        line = next((n for n, ln in enumerate(text.split("\n"), 1) if "hubdocs" in ln), 1)
        raise _fail(path, line, "the hubdocs plugin is already set up here", "run `hubdocs check`")
    key, name = _brand_key(str(data.get("site_name") or "Docs"))
    docs_dir = str(data.get("docs_dir") or "docs").strip("/")
    docs = folder / docs_dir / HUB
    new = {
        folder / "brands" / key / "brand.yml": BRAND.format(
            name=name, base="" if data.get("site_url") else NO_URL
        ),
        docs / GUIDE: scaffold_text("AcmeCRM", "link-account", "API Key", name, False),
    }
    taken = [p for p in new if p.exists()]
    if taken:
        raise GuideError(
            [
                Problem(SourcePos(str(p), 1, 1), "already exists: `hubdocs init` does not "
                        "overwrite files", "move this file away, then run it again")
                for p in taken
            ]
        )  # fmt: skip
    edited = _with_entry(text, plugins, path, f"{docs_dir}/{HUB}")
    written: list[Path] = []
    try:
        for p, body in new.items():
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(body, encoding="utf-8")
            written.append(p)
        path.write_text(edited, encoding="utf-8")
        load_config(path)  # the edited file must load; otherwise everything is put back
    except (GuideError, OSError):
        path.write_text(text, encoding="utf-8")
        for p in written:
            p.unlink(missing_ok=True)
        raise
    return [
        (path, "added the `hubdocs` plugin entry under `plugins:`"),
        (written[0], f"the brand `{key}` (the site as it is; add white-label brands beside it)"),
        (written[1], "a sample connection guide (edit or delete it)"),
    ]
