"""A parameter or field name and where it stands -> its anchor id, made as Mintlify makes them
(`@sindresorhus/slugify` with `decamelize`): `param-<name>`, `body-<path>`, `response-<code>-<path>`."""

from __future__ import annotations

import functools
import re
import unicodedata

_REPLACE = (("&", " and "), ("🦄", " unicorn "), ("♥", " love "))
_DECAMEL = (
    (re.compile(r"([A-Z]{2,})(\d+)"), r"\1 \2"),
    (re.compile(r"([a-z\d]+)([A-Z]{2,})"), r"\1 \2"),
    (re.compile(r"([a-z\d])([A-Z])"), r"\1 \2"),
    (re.compile(r"([A-Z]+)([A-Z][a-z\d]+)"), r"\1 \2"),
)
_NOT_ALNUM = re.compile(r"[^a-z\d]+")
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """`userId` -> `user-id`, `X-Request-ID` -> `x-request-id`, `items[].tag_name` -> `items-tag-name`."""
    for old, new in _REPLACE:
        text = text.replace(old, new)
    text = unicodedata.normalize("NFKD", text.translate(_GERMAN))
    text = "".join(c for c in text if not unicodedata.combining(c))
    for pattern, repl in _DECAMEL:
        text = pattern.sub(repl, text)
    return _NOT_ALNUM.sub("-", text.lower()).strip("-")


def param_id(name: str) -> str:
    """A path, query, header or cookie parameter: `param-<name>`."""
    return slugify(f"param-{name}")


def body_id(path: tuple[str, ...]) -> str:
    """A request-body field: `body-<parent>-<name>` (`body-user-first-name`)."""
    return slugify("-".join(("body", *path)))


def response_id(status: str, path: tuple[str, ...]) -> str:
    """A field of the response with status `status`: `response-<code>-<parent>-<name>`."""
    return slugify("-".join(("response", status, *path)))


def header_id(status: str, name: str) -> str:
    """A response header: `response-<code>-header-<name>`."""
    return slugify(f"response-{status}-header-{name}")


class Ids:
    """Hands out ids unique within one page (a second `param-id` becomes `param-id-2`)."""

    def __init__(self) -> None:
        self.used: dict[str, int] = {}

    def take(self, wanted: str) -> str:
        n = self.used.get(wanted, 0) + 1
        self.used[wanted] = n
        return wanted if n == 1 else f"{wanted}-{n}"
