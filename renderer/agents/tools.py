"""The MCP tools every brand's server offers, as data: names, descriptions, input schemas and
annotations. The server registers its tools from these; the discovery files (`mcp.json`) list
them without importing the MCP SDK; a test keeps both equal to what `tools/list` returns.
No wording here names a brand or the generator: a white-label server says only what its
site says."""

from __future__ import annotations

from typing import Any

READ_ONLY = {
    "readOnlyHint": True,
    "destructiveHint": False,
    "idempotentHint": True,
    "openWorldHint": False,
}
"""Both tools only read the published pages: safe to run without asking."""

SEARCH = "search"
GET_PAGE = "get_page"
DEFAULT_LIMIT = 8
MAX_LIMIT = 50
MAX_QUERY = 200

SEARCH_DESCRIPTION = (
    "Search these docs. Returns the best-matching sections, best first: the page URL, the anchor "
    "of the nearest heading, a link to that heading, the page's Markdown URL and an excerpt. "
    "Use a few keywords (a product, a credential, an action), then read a page with get_page."
)
GET_PAGE_DESCRIPTION = (
    "Read one page of these docs as Markdown. Give the page URL or its path (as returned by "
    "search, or listed in llms.txt); `.md` and `.html` forms and #anchors are accepted."
)
QUERY_DESCRIPTION = "Keywords to look for, such as 'scim token'."
LIMIT_DESCRIPTION = "How many results to return at most."
PAGE_DESCRIPTION = "The page's URL or path, such as /guides/getting-started."

TOOLS: tuple[dict[str, Any], ...] = (
    {
        "name": SEARCH,
        "title": "Search the docs",
        "description": SEARCH_DESCRIPTION,
        "inputSchema": {
            "type": "object",
            "properties": {
                "query": {
                    "type": "string",
                    "description": QUERY_DESCRIPTION,
                    "minLength": 1,
                    "maxLength": MAX_QUERY,
                },
                "limit": {
                    "type": "integer",
                    "description": LIMIT_DESCRIPTION,
                    "minimum": 1,
                    "maximum": MAX_LIMIT,
                    "default": DEFAULT_LIMIT,
                },
            },
            "required": ["query"],
        },
        "annotations": READ_ONLY,
    },
    {
        "name": GET_PAGE,
        "title": "Read a page",
        "description": GET_PAGE_DESCRIPTION,
        "inputSchema": {
            "type": "object",
            "properties": {
                "page": {"type": "string", "description": PAGE_DESCRIPTION, "minLength": 1},
            },
            "required": ["page"],
        },
        "annotations": READ_ONLY,
    },
)


def instructions(site_name: str) -> str:
    """The server's instructions to the model (the site's own name only)."""
    return (
        f"{site_name}: search with `search`, then read whole pages as Markdown with `get_page`. "
        "The `llms.txt` resource lists every page; `skill.md` says what the docs cover. Cite "
        "page URLs in answers."
    )
