"""mkdocs.yml (its `hubdocs` plugin entry) and the brand.yml files it names -> a validated Config;
every problem of every file at once."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

from renderer.config.brand_file import load_brand
from renderer.config.options import PLUGIN_OPTIONS, SITE_KEYS, check_options, did_you_mean
from renderer.config.schema import BRAND_NAME, CTRL, PACKAGED_THEME, Brand, Config, with_leak_words
from renderer.config.yaml_files import Collector, read_mkdocs_yml
from renderer.core.errors import GuideError


def plugin_section(mk: dict[str, Any]) -> dict[str, Any]:
    """The `hubdocs` entry of `plugins:` (a list of names or one-key mappings)."""
    plugins = mk.get("plugins") or []
    if isinstance(plugins, dict):
        return plugins.get("hubdocs") or {}
    for p in plugins:
        if isinstance(p, dict) and "hubdocs" in p:
            return p["hubdocs"] or {}
    return {}


def _no_brands(mk: dict[str, Any], section: dict[str, Any], brands_dir: Path) -> tuple[str, ...]:
    """(key, message, hint) for a config that names no brand: what was looked for, and the one
    change that fixes it (a misspelt or missing plugin entry, a missing or empty folder)."""
    plugins = mk.get("plugins") or []
    names = [str(next(iter(p))) if isinstance(p, dict) and p else str(p) for p in plugins]
    if "hubdocs" not in names:
        near = difflib.get_close_matches("hubdocs", names, n=1, cutoff=0.6)
        if near:
            return (
                "plugins",
                f"no brands: no `hubdocs` plugin entry (`{near[0]}` is listed)",
                (f"did you mean `hubdocs`? rename the entry `{near[0]}`"),
            )
        return (
            "plugins",
            "no brands: mkdocs.yml has no `hubdocs` plugin entry",
            (
                "run `hubdocs init` here to add it with a sample brand, or add under `plugins:` "
                "`- hubdocs: {brands: [NAME]}`"
            ),
        )
    if "brands" in section:
        have = sorted(p.parent.name for p in brands_dir.glob("*/brand.yml"))
        return (
            "brands",
            "no brands: `brands:` is empty",
            (f"list the brands to build: brands: [{', '.join(have) or 'NAME'}]"),
        )
    where = "hubdocs"
    if not brands_dir.is_dir():
        return (
            where,
            f"no brands: the brands folder {brands_dir} does not exist",
            (
                "create NAME/brand.yml in it (`name: …` is enough), or set `brands_dir:` in the "
                "hubdocs plugin entry to the folder that holds your brands"
            ),
        )
    return (
        where,
        f"no brands: no NAME/brand.yml in {brands_dir}",
        (
            "create one folder per brand with a brand.yml (`name: …` is enough), or list them "
            "in `brands:`"
        ),
    )


def load_config(
    config_path: str | os.PathLike[str] = "mkdocs.yml",
    guides_dir: str | None = None,
    twins: str | None = None,
) -> Config:
    """Load and validate mkdocs.yml and every brand it names; all problems at once.
    (A command finds its config with commands/project.py; docs.json is mintlify/docs_json.py's.)"""
    path = Path(config_path)
    mk, text, parents = read_mkdocs_yml(path)
    root = path.resolve().parent
    col = Collector(path, text, parents)
    for k in sorted(set(mk) - SITE_KEYS, key=str):
        col.add(str(k), f"unknown setting `{k}` in mkdocs.yml", did_you_mean(str(k), SITE_KEYS))
    section = plugin_section(mk)
    if not isinstance(section, dict):
        col.add("hubdocs", "the `hubdocs` plugin entry must map options to values")
        section = {}
    bad = set()
    for key, message, hint in check_options(section):
        col.add(key, message, hint)
        bad.add(key)
    section = {k: v for k, v in section.items() if k in PLUGIN_OPTIONS and k not in bad}
    section = {k: v for k, v in section.items() if v is not None}
    site_name = mk.get("site_name")
    if not isinstance(site_name, str) or not site_name.strip() or CTRL.search(site_name):
        col.add("site_name", "`site_name` must be a one-line string")
        site_name = "Docs"
    site_url = str(mk.get("site_url") or "").rstrip("/")
    default = "docs" if (root / "docs").is_dir() and not (root / "guides").is_dir() else "guides"
    gdir = root / str(guides_dir or section.get("guides_dir") or mk.get("docs_dir") or default)
    if guides_dir:
        gdir = Path(guides_dir).resolve()
    own_theme = root / str(section.get("theme_dir") or "site_template")
    if "theme_dir" in section and not own_theme.is_dir():
        col.add("theme_dir", f"theme folder {own_theme} does not exist")
    theme_path = tuple(
        dict.fromkeys(t.resolve() for t in (own_theme, PACKAGED_THEME) if t.is_dir())
    ) or (PACKAGED_THEME,)
    brands_dir = (root / str(section.get("brands_dir") or own_theme / "brands")).resolve()
    mode = twins or section.get("twins") or "faithful"
    if mode not in ("faithful", "clean"):
        col.add("twins", "`twins` must be `faithful` or `clean`")
    budgets = {}
    for name, default in (("llms_budget", 100_000), ("llms_full_budget", 5_000_000)):
        value = section.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1_000:
            col.add(name, f"`{name}` must be a whole number of at least 1000")
            value = default
        budgets[name] = value
    names = section.get("brands")
    if names is None:
        names = sorted(p.parent.name for p in brands_dir.glob("*/brand.yml"))
    if not names and "brands" not in bad:
        col.add(*_no_brands(mk, section, brands_dir))
    brands: list[Brand] = []
    problems = list(col.problems)
    for key in names:
        if BRAND_NAME.match(key) and not (brands_dir / key / "brand.yml").is_file():
            have = sorted(p.parent.name for p in brands_dir.glob("*/brand.yml"))
            hint = did_you_mean(key, have) if have else f"create {brands_dir / key}/brand.yml"
            col.add("brands", f"brand `{key}` has no {brands_dir / key}/brand.yml", hint)
            problems.extend(col.problems[-1:])
            continue
        try:
            brands.append(load_brand(brands_dir, key, site_name, site_url))
        except GuideError as err:
            problems.extend(err.problems)
    if problems:
        raise GuideError(problems)
    brands = [with_leak_words(b, brands) for b in brands]
    return Config(
        root,
        path,
        site_name,
        site_url,
        gdir,
        theme_path[0],
        tuple(brands),
        mode,
        theme_path=theme_path,
        **budgets,
    )
