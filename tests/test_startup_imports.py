"""What a fresh `hubdocs build` process imports before it reads anything. An incremental edit
of an mkdocs.yml site is paid mostly in start-up (bench/RESULTS.md), so the readers and
renderers that only a full build, a Mintlify site or an API reference page needs are imported
where they are used."""

from __future__ import annotations

import subprocess
import sys

NOT_AT_START = (
    "renderer.build.full",
    "renderer.commands.check",
    "renderer.agents",
    "renderer.mintlify.docs_json",
    "renderer.mintlify.navigation",
    "renderer.mintlify.api_pages",
    "renderer.openapi",
    "renderer.render.api.view",
    "renderer.render.api.markdown",
    "renderer.render.api.text",
)


def test_an_incremental_build_process_starts_without_the_full_build_and_openapi() -> None:
    code = (
        "import sys\n"
        "import renderer.cli, renderer.commands.build, renderer.build.incremental\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "renderer.build.incremental" in loaded  # the probe imported what it meant to
    early = [m for m in loaded if any(m == p or m.startswith(p + ".") for p in NOT_AT_START)]
    assert early == []
