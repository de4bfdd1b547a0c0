"""llms.txt v2 discovery over HTTP: `hubdocs serve` sends each page and Markdown twin a `Link`
header naming the twin and the most specific llms.txt that covers it."""

from __future__ import annotations

import urllib.request

LEAPSOME = "/connectors/leapsome/guides/link-account/scim-api-token"


def _link(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as reply:  # noqa: S310 - our own server
        return reply.headers.get("Link", "")


def test_pages_and_twins_name_their_llms_file(served) -> None:
    base = served("stackone").url
    page = _link(base + LEAPSOME)
    assert f'<{LEAPSOME}.md>; rel="alternate"; type="text/markdown"' in page
    assert '</connectors/leapsome/llms.txt>; rel="describedby"' in page  # the connector's file
    twin = _link(base + LEAPSOME + ".md")
    assert twin == '</connectors/leapsome/llms.txt>; rel="describedby"; type="text/plain"'
    connector = _link(base + "/connectors/leapsome")  # its page, as its <link> says
    assert '</connectors/leapsome/llms.txt>; rel="describedby"' in connector
    docs = _link(base + "/guides/getting-started")
    assert '</llms.txt>; rel="describedby"' in docs  # no closer file: the root one
    assert _link(base + "/llms.txt") == ""  # not a page
