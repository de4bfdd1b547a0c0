"""The config key (what decides whether a build may be incremental) is the same in every
process: nothing in it follows Python's per-process hash order."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT

KEY = (
    "from pathlib import Path; from renderer.config.mkdocs_yml import load_config; "
    "from renderer.build.cache import config_key; "
    "print(config_key(load_config(Path('mkdocs.yml')), 'faithful', Path('out')))"
)


def test_config_key_is_the_same_under_every_hash_seed() -> None:
    keys = {
        subprocess.run(
            [sys.executable, "-c", KEY],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(8)
    }
    assert len(keys) == 1, keys
