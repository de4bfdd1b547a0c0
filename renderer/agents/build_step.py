"""The agents files of a brand folder already written: the discovery files, the host
configuration and each page's JSON-LD, read back from the folder. The build writes the same files
itself (build_files.py, through the brand pass); `agent_outputs()` recomputes them from a folder
(pure: folder in, {path: bytes} out), and `write_agent_outputs()` adds them to a folder built
without them (an older build, another generator's output).
"""

from __future__ import annotations

from pathlib import Path

from renderer.agents.discovery import agent_files
from renderer.agents.host_config import MARKER, host_files
from renderer.agents.jsonld import jsonld_files, with_jsonld
from renderer.agents.site import load_site


def _base(text: str) -> str:
    """A host file without what an earlier agents step appended."""
    at = text.find(MARKER)
    return text if at < 0 else text[:at].rstrip("\n") + "\n"


def agent_outputs(
    root: Path, mcp_url: str | None = "", ai_crawlers: bool = True
) -> dict[str, bytes]:
    """Every file the agents step writes into a built brand folder, page HTML with its JSON-LD
    included (pages that already carry JSON-LD are left alone)."""
    site = load_site(root)
    out = agent_files(site, mcp_url, ai_crawlers)
    headers = root / "_headers"
    redirects = root / "_redirects"
    base_headers = _base(headers.read_text(encoding="utf-8")) if headers.is_file() else ""
    base_redirects = _base(redirects.read_text(encoding="utf-8")) if redirects.is_file() else ""
    out.update(host_files(site, base_headers, base_redirects))
    for rel, element in jsonld_files(site).items():
        page = (root / rel).read_bytes()
        if b"application/ld+json" not in page:
            out[rel] = with_jsonld(page, element)
    return out


def write_agent_outputs(
    root: Path, mcp_url: str | None = "", ai_crawlers: bool = True
) -> list[str]:
    """agent_outputs() written into the folder; returns the paths written."""
    files = agent_outputs(root, mcp_url, ai_crawlers)
    for rel, data in sorted(files.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return sorted(files)
