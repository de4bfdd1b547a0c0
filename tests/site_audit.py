"""Audit a built site for what issue 30 says readers must never see (test helper and CLI).

    python tests/site_audit.py SITE_DIR [SOURCE_DIR] [--show N]

Over every built page (`*.html`, the content area `main#content` when there is one) it counts:

- pages with **markup printed as text**: a text node outside `<pre>`/`<code>` that holds a tag
  (`<Tag`, `</Tag`, `<img `…; the HTML source had `&lt;Tag`) not glued to a word (a type such as
  `ReactElement<StepProps>` is text), a fragment `<>`, or JSX (`className=`, `style={{`);
- rendered `<img>` elements in content, against the **source images** of SOURCE_DIR's pages
  (`<img` tags and `![alt](src)` images outside code fences, `<Frame>` images included; snippets
  are counted where they are defined, once);
- **twins** (`*.md` files) holding `&lt;` before a capital (`&lt;Steps>`: a component escaped);
- **comments reaching output**: an HTML comment (`<!--`) or JSX comment (`{/*`) in any HTML
  content area, twin or `llms*.txt`, outside code.

`audit(site, source)` returns an `Audit` with the counts and up to 20 examples per finding; the CLI
prints them and exits 1 when anything is found (0 / 100% / 0 / 0 is the target).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString

TAG_TEXT = re.compile(r"(?<![\w<])</?[A-Za-z][\w.]*(?=[\s>/])|(?<!\w)</?>")
JSX_TEXT = re.compile(r"\bclassName\s*=|\bstyle\s*=\s*\{\{")
COMPONENT_ESCAPED = re.compile(r"(?<!\w)&lt;/?[A-Z]")  # `Array&lt;Step>` is a type
COMMENT_TEXT = re.compile(r"<!--|\{/\*")
MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]+\)")
IMG_TAG = re.compile(r"<img\b", re.I)
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
CODE_PARENTS = frozenset(("pre", "code", "script", "style", "template", "textarea"))
EXAMPLES = 20


@dataclass
class Audit:
    """What the audit found (examples are `path: excerpt`)."""

    pages: int = 0
    markup_pages: list[str] = field(default_factory=list)
    rendered_images: int = 0
    source_images: int | None = None
    twins: int = 0
    escaped_twins: list[str] = field(default_factory=list)
    comment_files: list[str] = field(default_factory=list)

    @property
    def image_share(self) -> float | None:
        if not self.source_images:
            return None
        return self.rendered_images / self.source_images

    @property
    def clean(self) -> bool:
        share = self.image_share
        return (
            not self.markup_pages
            and not self.escaped_twins
            and not self.comment_files
            and (share is None or share >= 1.0)
        )

    def summary(self, show: int = 5) -> str:
        share = self.image_share
        lines = [
            f"pages: {self.pages}",
            f"pages with markup printed as text: {len(self.markup_pages)}",
            f"images: {self.rendered_images} rendered"
            + (
                f" of {self.source_images} in the sources ({100 * share:.1f}%)"
                if share is not None
                else ""
            ),
            f"twins with an escaped component (&lt;[A-Z]): {len(self.escaped_twins)} of "
            f"{self.twins}",
            f"files where a comment reaches the output: {len(self.comment_files)}",
        ]
        for title, items in (
            ("markup printed as text", self.markup_pages),
            ("escaped components in twins", self.escaped_twins),
            ("comments in output", self.comment_files),
        ):
            if items and show:
                lines.append(f"-- {title} (first {min(show, len(items))}):")
                lines.extend(f"   {x}" for x in items[:show])
        return "\n".join(lines)


def _outside_code(node: NavigableString) -> bool:
    return not any(p.name in CODE_PARENTS for p in node.parents)


def audit_html(path: Path, out: Audit, rel: str) -> None:
    soup = BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")
    root = soup.select_one("main#content") or soup.body or soup
    out.pages += 1
    out.rendered_images += len(root.find_all("img"))
    markup = None
    comment = None
    for node in root.find_all(string=True):
        if isinstance(node, Comment):
            comment = comment or f"{rel}: <!--{str(node)[:60]}-->"
            continue
        if not _outside_code(node):
            continue
        text = str(node)
        mt = TAG_TEXT.search(text) or JSX_TEXT.search(text)
        if mt and markup is None:
            markup = f"{rel}: {text[max(0, mt.start() - 20) : mt.start() + 80].strip()!r}"
        if COMMENT_TEXT.search(text) and comment is None:
            comment = f"{rel}: {text.strip()[:80]!r}"
    if markup:
        out.markup_pages.append(markup)
    if comment:
        out.comment_files.append(comment)


def _prose_lines(text: str) -> list[str]:
    """Lines outside fenced code blocks."""
    out, fence = [], None
    for line in text.split("\n"):
        mt = FENCE.match(line)
        if fence is None and mt:
            fence = mt.group(1)[0] * len(mt.group(1))
            continue
        if fence is not None:
            if mt and mt.group(1).startswith(fence) and not line[mt.end() :].strip():
                fence = None
            continue
        out.append(line)
    return out


def _without_code_spans(line: str) -> str:
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", line)


def audit_text(path: Path, out: Audit, rel: str, twin: bool) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = [_without_code_spans(x) for x in _prose_lines(text)]
    if twin:
        out.twins += 1
        hit = next((x for x in lines if COMPONENT_ESCAPED.search(x)), None)
        if hit is not None:
            out.escaped_twins.append(f"{rel}: {hit.strip()[:100]!r}")
    hit = next((x for x in lines if COMMENT_TEXT.search(x)), None)
    if hit is not None:
        out.comment_files.append(f"{rel}: {hit.strip()[:100]!r}")


def source_images(source: Path) -> int:
    """`<img` tags and Markdown images outside code in every `.mdx`/`.md` source below
    `source` (snippets included once; hidden and node_modules folders skipped)."""
    total = 0
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "node_modules"]
        for name in filenames:
            if not name.endswith((".mdx", ".md")) or name in ("README.md", "CONTRIBUTING.md"):
                continue
            text = (Path(dirpath) / name).read_text(encoding="utf-8", errors="replace")
            for line in _prose_lines(text):
                line = _without_code_spans(line)
                total += len(IMG_TAG.findall(line)) + len(MD_IMAGE.findall(line))
    return total


def audit(site: Path, source: Path | None = None) -> Audit:
    """Audit every page, twin and llms file below `site`; count source images in `source`."""
    out = Audit()
    for dirpath, dirnames, filenames in os.walk(site):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(site).as_posix()
            if name.endswith(".html"):
                audit_html(path, out, rel)
            elif name.endswith(".md"):
                audit_text(path, out, rel, twin=True)
            elif name.startswith("llms") and name.endswith(".txt"):
                audit_text(path, out, rel, twin=False)
    if source is not None:
        out.source_images = source_images(source)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("source", type=Path, nargs="?")
    ap.add_argument("--show", type=int, default=5, help="examples shown per finding")
    args = ap.parse_args(argv)
    if not args.site.is_dir():
        print(f"{args.site}: not a folder", file=sys.stderr)
        return 2
    result = audit(args.site, args.source)
    print(result.summary(args.show))
    return 0 if result.clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
