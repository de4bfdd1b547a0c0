"""A command's `--config` (or nothing) -> the project's Config: the one loader every command
uses (build, check, serve, new; the MkDocs plugin is handed its mkdocs.yml by MkDocs).

Without `--config`, the working folder's `mkdocs.yml`, else `docs.json`, else `mint.json`."""

from __future__ import annotations

import os
from pathlib import Path

from renderer.config.mkdocs_yml import load_config
from renderer.config.schema import Config
from renderer.core.errors import GuideError, Problem, SourcePos

CONFIG_NAMES = ("mkdocs.yml", "docs.json", "mint.json")
"""The site configs a project may have, in the order they are looked for."""


def find_config(arg: str | os.PathLike[str] | None) -> Path:
    """`--config`, else the first of CONFIG_NAMES in the working folder; a located error
    naming what was looked for when there is none."""
    if arg:
        path = Path(arg)
        if not path.is_file():
            raise GuideError(
                [
                    Problem(
                        SourcePos(str(path), 1, 1),
                        "config file not found",
                        "give the path of a mkdocs.yml, docs.json or mint.json",
                    )
                ]
            )
        return path
    for name in CONFIG_NAMES:
        if Path(name).is_file():
            return Path(name)
    raise GuideError(
        [
            Problem(
                SourcePos("mkdocs.yml", 1, 1),
                f"no site config in {Path.cwd()}: looked for {', '.join(CONFIG_NAMES)}",
                "run `hubdocs init` to start a project here, or pass --config PATH "
                "(or cd into the docs repository)",
            )
        ]
    )


def load_project(
    config: str | os.PathLike[str] | None = None,
    guides_dir: str | None = None,
    twins: str | None = None,
    keep_going: bool = False,
) -> Config:
    """The project's Config, from a mkdocs.yml or a Mintlify docs.json / mint.json
    (`keep_going`: an error in docs.json leaves its entry out instead of stopping the site)."""
    path = find_config(config)
    if path.suffix == ".json":
        from renderer.mintlify.docs_json import load_mintlify

        return load_mintlify(path, guides_dir, twins, keep_going)
    return load_config(path, guides_dir, twins)


def site_root(path: str) -> str:
    """Where `/snippets/…` imports of a lone file resolve (`hubdocs parse FILE`): the nearest
    folder above it that holds docs.json or mint.json, else the nearest `guides` folder, else
    the file's own folder."""
    here = Path(path).resolve().parent
    for folder in (here, *here.parents):
        if (folder / "docs.json").is_file() or (folder / "mint.json").is_file():
            return str(folder)
    for folder in (here, *here.parents):
        if folder.name == "guides":
            return str(folder)
    return str(here)
