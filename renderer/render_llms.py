"""Site variant -> llms.txt (an index of twins) and llms-full.txt (every listed twin in nav order)."""

from __future__ import annotations

from . import model as m
from .config import Brand
from .defang import defang
from .render_markdown import body, head
from .site import GUIDE_TYPE_LABELS, Site


def _one_line(text: str) -> str:
    return defang(" ".join(text.split()))


def _entry(title: str, url: str, description: str) -> str:
    line = f"- [{_one_line(title).replace(']', ')')}]({url})"
    return line + (f": {_one_line(description)}" if description else "")


def llms_txt(site: Site, brand: Brand) -> str:
    """H1 site name, `> ` summary, one H2 per nav section, one link per listed page."""
    base = brand.base_url
    summary = brand.summary or (
        f"Connection guides for linking accounts and setting up connectors with {brand.name}."
    )
    out = [f"# {_one_line(brand.site_name)}", "", f"> {_one_line(summary)}", ""]
    pages = [g for g in site.pages if not g.unlisted]
    if pages:
        out += ["## Guides", ""]
        out += [_entry(g.title, f"{base}{g.url}.md", g.description) for g in pages]
        out.append("")
    for c in site.connectors:
        listed = [(t, g) for t, gs in c.by_type for g in gs if not g.unlisted]
        if not listed:
            continue
        out += [f"## {_one_line(c.name)}", ""]
        out += [_entry(g.title, f"{base}{g.url}.md", g.description) for _, g in listed]
        out.append("")
    return "\n".join(out)


SEP = b"\n---\n\n"


def llms_full_chunk(g: m.Guide, brand: Brand, mode: str, text: str | None = None) -> bytes:
    """One page's part of llms-full.txt: its twin without the per-page index preamble
    (`text`: the twin's body, when the caller has it already)."""
    kind = f"{GUIDE_TYPE_LABELS[g.guide_type]} guide" if g.kind == "guide" else "Page"
    source = f"Source: {brand.base_url}{g.url}.md ({kind})\n\n"
    return (head(g) + source + (body(g, mode) if text is None else text)).encode()


def llms_full_top(brand: Brand) -> bytes:
    return f"# {_one_line(brand.site_name)}\n\n> Every page of {brand.base_url}/llms.txt in full.\n".encode()


def llms_full_join(chunks: list[bytes], brand: Brand) -> bytes:
    """llms-full.txt from the listed pages' chunks in nav order (each after a `---` rule)."""
    return llms_full_top(brand) + b"".join(SEP + c for c in chunks)


def llms_full_txt(site: Site, brand: Brand, mode: str) -> str:
    """Every listed page's twin (without the per-page index preamble), in nav order."""
    return llms_full_join([llms_full_chunk(g, brand, mode) for g in site.listed()], brand).decode()
