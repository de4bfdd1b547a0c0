"""Site variant -> llms files (llmstxt.org): the root llms.txt and llms-full.txt within their
budgets, and per connector `connectors/<c>/llms.txt` and `connectors/<c>/llms-full.txt`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from renderer.config.schema import Brand
from renderer.core import model as m
from renderer.render.defang import defang
from renderer.render.twin import body, head, instructions_block
from renderer.vary.site import GUIDE_TYPE_LABELS, ConnectorGroup, Site

ROOT_TXT, ROOT_FULL = "llms.txt", "llms-full.txt"


@dataclass(frozen=True, slots=True)
class LlmsBudget:
    """Size limits of the root llms files (plugin options `llms_budget`, `llms_full_budget`)."""

    txt: int = 100_000
    """Characters of the root llms.txt: over it, it lists connectors instead of pages."""
    full: int = 5_000_000
    """Bytes of the root llms-full.txt: over it, it is an index of the per-connector files."""
    source: str = "mkdocs.yml"
    """Where the budgets are set (for messages)."""


def connector_file(key: str, name: str) -> str:
    """`connectors/<key>/<name>`: a connector's llms files, beside its pages."""
    return f"connectors/{key}/{name}"


def llms_file_for(g: m.Guide) -> str:
    """The URL of the most specific llms.txt that covers a page (its `rel="describedby"`)."""
    if g.kind == "guide" and g.connector:
        return "/" + connector_file(g.connector, ROOT_TXT)
    return "/" + ROOT_TXT


def _one_line(text: str) -> str:
    return defang(" ".join(text.split()))


def _entry(title: str, url: str, description: str) -> str:
    line = f"- [{_one_line(title).replace(']', ')')}]({url})"
    return line + (f": {_one_line(description)}" if description else "")


def _top(brand: Brand) -> list[str]:
    """The H1, the `> ` summary line, which only the config writes (none: no line), and the
    brand's agent instructions."""
    top = [f"# {_one_line(brand.site_name)}", ""]
    top += [f"> {_one_line(brand.summary)}", ""] if brand.summary.strip() else []
    return top + _instructions(brand)


def _instructions(brand: Brand) -> list[str]:
    """The brand's Agent Instructions block, as lines (none when it has none)."""
    block = instructions_block(brand.instructions)
    return block.rstrip("\n").split("\n") + [""] if block else []


def _listed(c: ConnectorGroup) -> list[tuple[str, m.Guide]]:
    return [(t, g) for t, gs in c.by_type for g in gs if not g.unlisted]


def _pages(site: Site, base: str, api_summary: bool = False) -> list[str]:
    """Docs pages under `## Guides`; API reference pages under their tag groups (`api_summary`:
    one line per group)."""
    pages = [g for g in site.pages if not g.unlisted]
    docs = [g for g in pages if g.extras.api is None]
    out = ["## Guides", "", *[_entry(g.title, f"{base}{g.url}.md", g.description) for g in docs]]
    out = out + [""] if docs else []
    if len(docs) == len(pages):
        return out
    from renderer.render.api.text import llms_api_sections

    return out + llms_api_sections(pages, lambda g: f"{base}{g.url}.md", _entry, api_summary)


def _direct(site: Site, brand: Brand) -> str:
    """H1 site name, `> ` summary, one H2 per nav section, one link per listed page."""
    base = brand.base_url
    out = _top(brand) + _pages(site, base)
    for c in site.connectors:
        listed = _listed(c)
        if listed:
            out += [f"## {_one_line(c.name)}", ""]
            out += [_entry(g.title, f"{base}{g.url}.md", g.description) for _, g in listed]
            out.append("")
    return "\n".join(out)


def _count(n: int) -> str:
    return f"{n} guide{'s' if n != 1 else ''}"


def _by_connector(site: Site, brand: Brand, name: str, info: str, describe: bool) -> str:
    """The root file as an index: docs pages directly, then each connector's own `name` file."""
    base = brand.base_url
    out = _top(brand) + [info, ""] + _pages(site, base, api_summary=True)
    out += ["## Connectors", ""] if site.connectors else []
    for c in site.connectors:
        n = len(_listed(c))
        if n:
            url = f"{base}/{connector_file(c.key, name)}"
            out.append(_entry(c.name, url, _count(n) if describe else ""))
    out.append("")
    return "\n".join(out)


GROUPS = "connectors/by-letter"
"""Where the connector groups' llms.txt files go (a connector key has no `-`: no clash)."""


def group_file(prefix: str) -> str:
    """`connectors/by-letter/<prefix>/llms.txt`: the llms.txt of the connectors whose key
    starts with `prefix`."""
    return f"{GROUPS}/{prefix}/{ROOT_TXT}"


_Listed = tuple[ConnectorGroup, int]
"""A connector and how many of its guides are listed."""


def _connector_entries(cs: list[_Listed], base: str, name: str, describe: bool) -> list[str]:
    return [
        _entry(c.name, f"{base}/{connector_file(c.key, name)}", _count(n) if describe else "")
        for c, n in cs
    ]


def _connectors(n: int) -> str:
    return f"{n:,} connector{'s' if n != 1 else ''}"


def _group_entry(prefix: str, cs: list[_Listed], base: str, describe: bool) -> str:
    names = f": {_one_line(cs[0][0].name)} to {_one_line(cs[-1][0].name)}" if len(cs) > 1 else ""
    return _entry(
        f"Connectors starting with {prefix.upper()}",
        f"{base}/{group_file(prefix)}",
        (_connectors(len(cs)) + names) if describe else "",
    )


def _split(cs: list[_Listed], prefix: str) -> tuple[list[_Listed], list[tuple[str, list[_Listed]]]]:
    """The connectors whose key is `prefix`, and the others grouped by their key's next
    character (a prefix all of them share is skipped: no group of one group)."""
    while True:
        d = len(prefix) + 1
        direct = [x for x in cs if len(x[0].key) < d]
        groups: dict[str, list[_Listed]] = {}
        for x in cs:
            if len(x[0].key) >= d:
                groups.setdefault(x[0].key[:d], []).append(x)
        if direct or len(groups) != 1 or not prefix:
            return direct, sorted(groups.items())
        prefix = next(iter(groups))


@dataclass(frozen=True, slots=True)
class _Level:
    """One llms.txt listing connectors: its own lines and the groups it links."""

    lines: list[str]
    groups: list[tuple[str, list[_Listed]]]


def _level(cs: list[_Listed], prefix: str, base: str, top: list[str], budget: int) -> _Level:
    """Every connector when the list fits, else the groups by the key's next character (with
    descriptions when they fit) below the lines `top`; the shortest form when nothing fits."""

    def fits(lines: list[str]) -> bool:
        return len("\n".join(top + lines + [""])) <= budget

    for describe in (True, False):
        lines = _connector_entries(cs, base, ROOT_TXT, describe)
        if fits(lines) or len(cs) <= 1:
            return _Level(lines, [])
    direct, groups = _split(cs, prefix)
    for describe in (True, False):
        lines = _connector_entries(direct, base, ROOT_TXT, describe)
        lines += [_group_entry(p, g, base, describe) for p, g in groups]
        if fits(lines) or not describe:
            return _Level(lines, groups)
    raise AssertionError("unreachable")


def _group_files(
    brand: Brand, budget: int, level: _Level, parent: str
) -> Iterator[tuple[str, str]]:
    """The llms.txt of each group `level` links, then of their own groups (depth first)."""
    base = brand.base_url
    for prefix, cs in level.groups:
        top = [
            f"# {_one_line(brand.site_name)}: connectors starting with {prefix.upper()}",
            "",
            f"> The {_connectors(len(cs))} whose key starts with `{prefix}`, each with a "
            "link to its own llms.txt.",
            "",
            f"Part of {_one_line(brand.site_name)}: {parent}",
            "",
            "## Connectors",
            "",
        ]
        sub = _level(cs, prefix, base, top, budget)
        yield group_file(prefix), "\n".join(top + sub.lines + [""])
        yield from _group_files(brand, budget, sub, f"{base}/{group_file(prefix)}")


def llms_index(
    site: Site, brand: Brand, budget: LlmsBudget | None = None
) -> tuple[list[tuple[str, str]], list[str]]:
    """The root llms.txt (first) and the group files it needs, and build notes.

    Every listed page when the list fits the budget; else every connector with a link to its
    own llms.txt; else connectors in groups by their key's first character, each group with
    its own llms.txt (split again by the next character while a group's list is over the
    budget). Never an error: a root whose groups and docs pages do not fit is a note."""
    budget = budget or LlmsBudget()
    text = _direct(site, brand)
    if len(text) <= budget.txt:
        return [(ROOT_TXT, text)], []
    info = (
        f"Each connector's guides are listed in its own llms.txt (the list of every page is "
        f"{len(text):,} characters, over this file's budget of {budget.txt:,})."
        if site.connectors
        else f"API reference pages are listed by group (the list of every page is "
        f"{len(text):,} characters, over this file's budget of {budget.txt:,})."
    )
    for describe in (True, False):
        index = _by_connector(site, brand, ROOT_TXT, info, describe)
        if len(index) <= budget.txt:
            return [(ROOT_TXT, index)], []
    base = brand.base_url
    cs = [(c, n) for c in site.connectors if (n := len(_listed(c)))]
    info = (
        f"Connectors are grouped by the first character of their key, each group with its "
        f"own llms.txt that links each connector's llms.txt (the list of every page is "
        f"{len(text):,} characters and the list of every connector {len(index):,}, over this "
        f"file's budget of {budget.txt:,})."
    )
    top = _top(brand) + [info, ""] + _pages(site, base) + ["## Connectors", ""]
    level = _level(cs, "", base, top, budget.txt)
    root = "\n".join(top + level.lines + [""])
    files = [(ROOT_TXT, root), *_group_files(brand, budget.txt, level, f"{base}/{ROOT_TXT}")]
    notes = [
        f"{brand.key}: {name} is {len(t):,} characters, over llms_budget ({budget.txt:,}) "
        "even with its connectors in groups: written as it is"
        for name, t in files
        if len(t) > budget.txt
    ]
    return files, notes


def llms_txt(site: Site, brand: Brand, budget: LlmsBudget | None = None) -> str:
    """The root llms.txt (see `llms_index`)."""
    return llms_index(site, brand, budget)[0][0][1]


def connector_llms_txt(c: ConnectorGroup, brand: Brand) -> str:
    """A connector's llms.txt: its listed guides by guide type, nav order."""
    base = brand.base_url
    out = [
        f"# {_one_line(c.name)} guides",
        "",
        f"> How to link {_one_line(c.name)} accounts and set up the {_one_line(c.name)} "
        f"connector with {_one_line(brand.name)}.",
        "",
        *_instructions(brand),
        f"Part of {_one_line(brand.site_name)}: {base}/{ROOT_TXT}",
        "",
    ]
    for t, gs in c.by_type:
        listed = [g for g in gs if not g.unlisted]
        if listed:
            out += [f"## {GUIDE_TYPE_LABELS[t]}", ""]
            out += [_entry(g.title, f"{base}{g.url}.md", g.description) for g in listed]
            out.append("")
    full = f"{base}/{connector_file(c.key, ROOT_FULL)}"
    out += ["## Optional", "", _entry(f"Every {c.name} guide in full", full, ""), ""]
    return "\n".join(out)


SEP = b"\n---\n\n"


def llms_full_chunk(g: m.Guide, brand: Brand, mode: str, text: str | None = None) -> bytes:
    """One page's part of llms-full.txt: its twin without the per-page index preamble
    (`text`: the twin's body, when the caller has it already)."""
    kind = f"{GUIDE_TYPE_LABELS[g.guide_type]} guide" if g.kind == "guide" else "Page"
    source = f"Source: {brand.base_url}{g.url}.md ({kind})\n\n"
    return (head(g) + source + (body(g, mode) if text is None else text)).encode()


def llms_full_top(brand: Brand) -> bytes:
    top = f"# {_one_line(brand.site_name)}\n\n> Every page of {brand.base_url}/llms.txt in full.\n"
    return (top + _full_instructions(brand)).encode()


def _full_instructions(brand: Brand) -> str:
    block = instructions_block(brand.instructions)
    return "\n" + block.rstrip("\n") + "\n" if block else ""


def connector_full_top(c: ConnectorGroup, brand: Brand) -> bytes:
    llms = f"{brand.base_url}/{connector_file(c.key, ROOT_TXT)}"
    top = f"# {_one_line(c.name)} guides\n\n> Every page of {llms} in full.\n"
    return (top + _full_instructions(brand)).encode()


def llms_full_join(chunks: list[bytes], brand: Brand, top: bytes | None = None) -> bytes:
    """llms-full.txt from the listed pages' chunks in nav order (each after a `---` rule)."""
    return (llms_full_top(brand) if top is None else top) + b"".join(SEP + c for c in chunks)


def full_size(top: int, sizes: list[int]) -> int:
    """The size of an llms-full.txt joined from pieces of these sizes."""
    return top + sum(len(SEP) + s for s in sizes)


@dataclass(frozen=True, slots=True)
class PiecedFile:
    """An llms-full.txt joined from page chunks: `head` bytes, then each page's chunk."""

    name: str
    head: int
    urls: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LlmsOutput:
    """Every llms file of a brand, which of them are joined from page chunks, and notes."""

    files: tuple[tuple[str, bytes], ...]
    pieced: tuple[PiecedFile, ...]
    notes: tuple[str, ...]
    full_size: int
    """The size the root llms-full.txt has (or would have) joined from every chunk."""


def llms_files(
    site: Site, brand: Brand, chunk: Callable[[str], bytes], budget: LlmsBudget
) -> LlmsOutput:
    """The root and per-connector llms files (`chunk`: a listed page's URL -> its chunk)."""
    index, notes = llms_index(site, brand, budget)
    files: list[tuple[str, bytes]] = [(name, text.encode()) for name, text in index]
    pieced: list[PiecedFile] = []
    listed = [g.url for g in site.listed()]
    top = llms_full_top(brand)
    size = full_size(len(top), [len(chunk(u)) for u in listed])
    if size <= budget.full:
        files.append((ROOT_FULL, llms_full_join([chunk(u) for u in listed], brand)))
        pieced.append(PiecedFile(ROOT_FULL, len(top), tuple(listed)))
    else:
        info = (
            f"Every page in full is {size:,} bytes, over this file's budget of "
            f"{budget.full:,}: each connector's guides are in its own llms-full.txt."
        )
        index = _by_connector(site, brand, ROOT_FULL, info, True)
        files.append((ROOT_FULL, index.encode()))
        notes.append(
            f"{brand.key}: llms-full.txt would be {size:,} bytes, over llms_full_budget "
            f"({budget.full:,}): wrote an index of the per-connector llms-full.txt files instead"
        )
    for c in site.connectors:
        urls = [g.url for _, g in _listed(c)]
        ctop = connector_full_top(c, brand)
        files.append((connector_file(c.key, ROOT_TXT), connector_llms_txt(c, brand).encode()))
        name = connector_file(c.key, ROOT_FULL)
        files.append((name, llms_full_join([chunk(u) for u in urls], brand, ctop)))
        pieced.append(PiecedFile(name, len(ctop), tuple(urls)))
    return LlmsOutput(tuple(files), tuple(pieced), tuple(notes), size)


def llms_full_txt(site: Site, brand: Brand, mode: str) -> str:
    """Every listed page's twin (without the per-page index preamble), in nav order."""
    return llms_full_join([llms_full_chunk(g, brand, mode) for g in site.listed()], brand).decode()
