"""The contextual page menu (docs.json `contextual.options`, as Mintlify defines it): copy the
page as Markdown, view it as Markdown, open it in ChatGPT, Claude, Perplexity or Grok with the
page's Markdown URL, copy the brand's MCP server URL or install command, add the server to Cursor
or VS Code, and custom links. Rendered as a `<details>` disclosure (keyboard operable with no
script); the copy items need `assets/contextual.js` (an external file: the CSP stays strict).

Every URL is built here, per brand: a white-label page names its own site and MCP server only.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote, urlencode

from renderer.core.contextual import BUILTIN, UNSUPPORTED

__all__ = ["BUILTIN", "UNSUPPORTED", "brand_mcp_url", "menu_items"]

NEEDS_MCP = frozenset({"mcp", "add-mcp", "cursor", "vscode"})
ASK = {
    "chatgpt": "https://chatgpt.com/?hints=search&",
    "claude": "https://claude.ai/new?",
    "perplexity": "https://www.perplexity.ai/search/new?",
    "grok": "https://grok.com/?",
}


def brand_mcp_url(brand: Any) -> str | None:
    """The MCP endpoint a brand advertises (brand.yml `mcp_url`): "" = `<base_url>/mcp`,
    "none" = None."""
    if brand.mcp_url == "none":
        return None
    return brand.mcp_url or (brand.base_url + "/mcp" if brand.base_url else None)


def menu_items(
    options: tuple[tuple[str, str, str, str], ...], brand: Any, url: str, twin_url: str
) -> list[dict[str, str]]:
    """The menu of one page: each item's `kind` (`link`, `copy-twin`, `copy-text`), `title`,
    `description`, `href` or `text`. `options`: (id, title, description, href template) as
    read from docs.json (id "custom" for custom options)."""
    md = brand.base_url + twin_url
    mcp = brand_mcp_url(brand)
    prompt = f"Read {md} so I can ask questions about it."
    items = []
    for key, title, description, href in options:
        if key in NEEDS_MCP and mcp is None:
            continue
        item = {"id": key, "title": title, "description": description, "kind": "link"}
        if key == "copy":
            item.update(kind="copy-twin", href=twin_url)
        elif key == "view":
            item["href"] = twin_url
        elif key in ASK:
            item["href"] = ASK[key] + urlencode({"q": prompt}, quote_via=quote)
        elif key == "mcp":
            item.update(kind="copy-text", text=mcp or "")
        elif key == "add-mcp":
            item.update(kind="copy-text", text=f"npx add-mcp {mcp}")
        elif key == "cursor":
            config = base64.b64encode(json.dumps({"url": mcp}).encode()).decode()
            query = urlencode({"name": brand.site_name, "config": config}, quote_via=quote)
            item["href"] = "cursor://anysphere.cursor-deeplink/mcp/install?" + query
        elif key == "vscode":
            spec = {"name": brand.site_name, "type": "http", "url": mcp}
            item["href"] = "vscode:mcp/install?" + quote(json.dumps(spec, separators=(",", ":")))
        else:  # custom: $page (the page's Markdown URL here), $path, $mcp
            item["href"] = (
                href.replace("$page", quote(md, safe=""))
                .replace("$path", quote(url, safe=""))
                .replace("$mcp", quote(mcp or "", safe=""))
            )
        items.append(item)
    return items
