"""A MkDocs site's guides -> the files hubdocs adds after MkDocs has written its pages: each
guide's Markdown twin and the llms files, through the brand pass (leak-checked) like
`hubdocs build` writes them — beside the site's own llms files, never over them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from renderer.brand.brand_pass import BrandPass, Rendered
from renderer.build.output import TreeWriter
from renderer.config.schema import Config
from renderer.render.llms import ROOT_FULL, ROOT_TXT, LlmsBudget, llms_files
from renderer.render.site import Output, Parts
from renderer.render.twin import body, twin
from renderer.vary.site import Site, file_for

LLMS_PLUGINS = frozenset({"llmstxt", "mkdocs-llmstxt", "llms-txt", "mkdocs-llms-txt"})
"""MkDocs plugins that write a site's own root llms.txt after the pages are built."""
GUIDES_LLMS = "guides"
"""Where hubdocs' llms files go when the site has its own at the root."""


def own_llms(docs_files: Iterable[str], plugins: Iterable[str]) -> str:
    """What already makes the site's root llms files ("" when nothing does): a file in
    docs_dir, or a plugin that writes them."""
    names = set(docs_files) & {ROOT_TXT, ROOT_FULL}
    if names:
        return f"docs_dir/{sorted(names)[0]}"
    found = sorted(set(plugins) & LLMS_PLUGINS)
    return f"the {found[0]} plugin" if found else ""


def write_extras(
    cfg: Config, bp: BrandPass, variant: Site, mode: str, out: Path, llms_dir: str = ""
) -> Rendered:
    """Twins and llms files of `variant` into the site folder `out`; the llms files go below
    `llms_dir` ("" = the site's root) and the twins point there."""
    brand, parts = bp.brand, Parts()
    prefix = f"{llms_dir}/" if llms_dir else ""
    index = prefix + ROOT_TXT

    def files() -> Iterator[Output]:
        for g in variant.all():
            text = body(g, mode)
            if not g.unlisted:
                parts.add(g, brand, mode, text)
            yield (
                file_for(g.url, ".md"),
                twin(g, brand.base_url, mode, text, index, brand.instructions).encode(),
            )
        budget = LlmsBudget(cfg.llms_budget, cfg.llms_full_budget, str(cfg.config_path))
        for path, data in llms_files(variant, brand, parts.chunks.__getitem__, budget).files:
            yield (prefix + path if path in (ROOT_TXT, ROOT_FULL) else path), data

    return bp.write(files(), TreeWriter(out).write, parts)
