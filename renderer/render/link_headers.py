"""A served page or twin file -> its HTTP `Link` header (llms.txt v2, August 2026).

The v2 conventions let an agent find, from any page, its Markdown version
(`rel="alternate"; type="text/markdown"`) and the llms.txt that covers it (`rel="describedby"`),
as HTML `<link>` elements or as a `Link` header. Pages carry the elements already; the header
also reaches the `.md` twins, which have no head. The most specific llms.txt applies: the one in
the page's own folder (a connector page `connectors/c` is covered by `connectors/c/llms.txt`,
as its `<link>` says), else the nearest one above it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote


def describedby(root: Path, rel: str, exists: Callable[[str], bool] | None = None) -> str | None:
    """The URL path of the llms.txt covering the file at `rel` (below `root`), if any
    (`exists`: whether a file below `root` exists, when not on disk yet)."""
    stem = rel.rsplit(".", 1)[0]
    folders = [stem, *_parents(stem)]
    for folder in folders:
        candidate = f"{folder}/llms.txt" if folder else "llms.txt"
        if exists(candidate) if exists is not None else (root / candidate).is_file():
            return "/" + candidate
    return None


def _parents(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(len(parts), -1, -1)]


def link_header(root: Path, full: Path) -> str | None:
    """The `Link` header value for a served file (HTML pages and Markdown twins only)."""
    if full.suffix not in (".html", ".md"):
        return None
    try:
        rel = full.relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    links = []
    if full.suffix == ".html" and full.with_suffix(".md").is_file():
        twin = quote("/" + rel[: -len(".html")] + ".md")
        links.append(f'<{twin}>; rel="alternate"; type="text/markdown"')
    llms = describedby(root, rel)
    if llms is not None:
        links.append(f'<{quote(llms)}>; rel="describedby"; type="text/plain"')
    return ", ".join(links) or None
