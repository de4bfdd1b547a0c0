"""docs.json `contextual.options`: the identifiers hubdocs renders (render/contextual.py) and
those it leaves out; read by the docs.json loader."""

BUILTIN = {
    "copy": ("Copy page", "Copy this page as Markdown for an AI assistant"),
    "view": ("View as Markdown", "Open this page as plain Markdown"),
    "chatgpt": ("Open in ChatGPT", "Ask ChatGPT about this page"),
    "claude": ("Open in Claude", "Ask Claude about this page"),
    "perplexity": ("Open in Perplexity", "Ask Perplexity about this page"),
    "grok": ("Open in Grok", "Ask Grok about this page"),
    "mcp": ("Copy MCP server URL", "Copy the docs' MCP server URL to the clipboard"),
    "add-mcp": ("Copy MCP install command", "Copy the npx add-mcp command"),
    "cursor": ("Connect to Cursor", "Add the docs' MCP server to Cursor"),
    "vscode": ("Connect to VS Code", "Add the docs' MCP server to VS Code"),
}
"""Mintlify's option identifiers hubdocs renders -> (title, description)."""
UNSUPPORTED = frozenset(
    {
        "assistant",
        "download-pdf",
        "aistudio",
        "devin",
        "devin-desktop",
        "devin-mcp",
        "download-spec",
    }
)
"""Mintlify identifiers that need a hosted service hubdocs has not: left out, with a warning."""
