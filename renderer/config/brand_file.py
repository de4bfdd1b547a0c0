"""`brands/<name>/brand.yml` -> a validated Brand, read against one declarative schema (key ->
kind, default, hint); every problem located at its key, all reported at once."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from renderer.config.colors import parse_color
from renderer.config.options import did_you_mean
from renderer.config.schema import (
    BRAND_NAME,
    DEFAULT_ACCENT,
    DEFAULT_PRIMARY,
    HOST,
    LOCAL_URL,
    SAFE_URL,
    Brand,
    one_line,
)
from renderer.config.yaml_files import Collector, read_yaml
from renderer.core.errors import GuideError, Problem, SourcePos

_MAILTO = re.compile(r"^mailto:[^\s\"'<>@]+@[^\s\"'<>]+$")
_ROOT_PATH = re.compile(r"^/(?!/)[A-Za-z0-9/_.-]*$")


@dataclass(frozen=True, slots=True)
class Key:
    """One brand.yml key."""

    kind: str
    """How its value is read (`_READERS`)."""
    help: str
    """What it means (README's table is written from the same words)."""
    hint: str = ""
    """An example, shown with a problem."""


BRAND_KEYS: dict[str, Key] = {
    "name": Key("line", "display name (one line)", "e.g. name: Acme"),
    "site_name": Key("line", "the site's name in titles and llms.txt"),
    "base_url": Key("https", "https URL the site is published at", "e.g. https://docs.acme.com"),
    "domain": Key("host", "bare host name of the site", "e.g. docs.example.com"),
    "whitelabel": Key("bool", "true: hidden blocks are dropped, the parent's words refused"),
    "terms": Key("terms", "parent term -> this brand's term, in text", "e.g. StackOne: Acme"),
    "logo": Key("logo", "an SVG (no scripts or external references) or PNG in the folder"),
    "colors": Key("colors", "primary, light, dark, accent: CSS colours"),
    "support": Key("support", "https or mailto URL"),
    "connect_endpoint": Key("endpoint", "root-relative path or https URL of the connect API"),
    "repo_url": Key("https", "https URL of the guides repository (Edit this page)"),
    "summary": Key("line", "the `> ` line of llms.txt"),
    "allow_words": Key("words", "parent words this brand may show anyway"),
    "embed_hosts": Key(
        "hosts", "hosts whose iframe/video embeds the brand allows", "[fast.wistia.net]"
    ),
    "urls": Key("urls", "parent URL prefix or host -> this brand's"),
    "powered_by": Key(
        "powered",
        'true (or an https URL to link): "Powered by hubdocs" in the footer; off by default',
        "e.g. powered_by: true",
    ),
    "allow_files": Key(
        "globs",
        "output files the leak check may pass unread (archives it cannot open)",
        "[downloads/*.zip]",
    ),
    "mcp_url": Key(
        "mcp",
        "https URL of the brand's MCP server in its discovery files (default: base_url + /mcp); "
        "none: no MCP server",
        "e.g. mcp_url: https://docs.acme.com/mcp, or mcp_url: none",
    ),
    "markdown": Key(
        "markdown",
        "instructions: a line (or a list of lines) of guidance for agents, written into every "
        "Markdown page and llms file",
        'e.g. markdown: {instructions: "Cite the API version."}',
    ),
    "ai_crawlers": Key(
        "crawlers",
        "allow (default) or deny: what robots.txt says to the AI crawlers it names",
        "ai_crawlers: allow, or ai_crawlers: deny",
    ),
}
"""Every key a brand.yml may hold; any other key is an error with a "did you mean" hint."""


class _Reader:
    """Reads one brand.yml's values, reporting problems at their keys."""

    def __init__(self, data: dict[str, Any], col: Collector, folder: Path):
        self.data, self.col, self.folder = data, col, folder

    def get(self, key: str) -> Any:
        spec = BRAND_KEYS[key]
        value = self.data.get(key)
        if value is None or value == "":
            return _EMPTY[spec.kind]
        return _READERS[spec.kind](self, key, value)

    def bad(self, key: str, message: str, got: object = None) -> None:
        hint = BRAND_KEYS[key].hint if key in BRAND_KEYS else ""
        self.col.add(key, message, hint if got is None else f"got {got!r}")

    # -- the kinds ------------------------------------------------------------------

    def line(self, key: str, v: Any) -> str:
        if not one_line(v):
            self.bad(key, f"`{key}` must be a one-line string (no newlines or control characters)")
            return ""
        return v.strip()

    def https(self, key: str, v: Any) -> str:
        v = self.line(key, v)
        if v and not (SAFE_URL.match(v) or LOCAL_URL.match(v)):
            self.bad(key, f"`{key}` must be an https URL", v)
            return ""
        return v.rstrip("/") if key == "base_url" else v

    def support(self, key: str, v: Any) -> str:
        v = self.line(key, v)
        if v and not (SAFE_URL.match(v) or _MAILTO.match(v)):
            self.bad(key, f"`{key}` must be an https or mailto URL", v)
            return ""
        return v

    def endpoint(self, key: str, v: Any) -> str:
        v = self.line(key, v)
        if v and not (SAFE_URL.match(v) or LOCAL_URL.match(v) or _ROOT_PATH.match(v)):
            self.bad(key, f"`{key}` must be an https URL or a root-relative path", v)
            return ""
        return v

    def host(self, key: str, v: Any) -> str:
        v = self.line(key, v)
        if v and not HOST.match(v):
            self.bad(key, f"`{key}` must be a bare host name")
            return ""
        return v

    def flag(self, key: str, v: Any) -> bool:
        if not isinstance(v, bool):
            self.bad(key, f"`{key}` must be true or false")
            return True  # fail closed: a brand that may be white-label is treated as one
        return v

    def powered(self, key: str, v: Any) -> tuple[bool, str]:
        """`powered_by`: true, false, or an https URL the words link to."""
        if isinstance(v, bool):
            return v, ""
        url = self.line(key, v) if isinstance(v, str) else ""
        if url and SAFE_URL.match(url):
            return True, url
        self.bad(key, f"`{key}` must be true, false or an https URL", v)
        return False, ""

    def terms(self, key: str, v: Any) -> tuple[tuple[str, str], ...]:
        if not isinstance(v, dict):
            self.bad(key, "`terms` must map a parent term to this brand's term")
            return ()
        pairs = []
        for a, b in v.items():
            if one_line(a) and one_line(b) and a.strip() and b.strip():
                pairs.append((a, b))
            else:
                self.bad(key, f"term {a!r} -> {b!r}: both must be one-line strings")
        return tuple(sorted(pairs, key=lambda p: -len(p[0])))

    def colors(self, key: str, v: Any) -> dict[str, str]:
        if not isinstance(v, dict):
            self.bad(key, "`colors` must map primary, light, dark or accent to CSS colours")
            return {}
        out = {}
        for name, value in v.items():
            if name not in ("primary", "light", "dark", "accent"):
                self.bad(key, f"unknown colour `{name}`", None)
                continue
            parsed = parse_color(value)
            if parsed is None:
                self.col.add(
                    f"colors.{name}", f"colour `{name}` must be a CSS colour", f"got {value!r}"
                )
            else:
                out[str(name)] = parsed
        return out

    def logo(self, key: str, v: Any) -> str:
        from renderer.config.logo import check_logo

        v = self.line(key, v)
        if v:
            for msg in check_logo(self.folder, v):
                self.col.add(
                    key, msg, "use an SVG without scripts or external references, or a PNG"
                )
        return v

    def words(self, key: str, v: Any) -> tuple[str, ...]:
        if not isinstance(v, list) or not all(isinstance(w, str) for w in v):
            self.bad(key, f"`{key}` must be a list of strings")
            return ()
        return tuple(v)

    def globs(self, key: str, v: Any) -> tuple[str, ...]:
        ok = isinstance(v, list) and all(
            isinstance(g, str)
            and one_line(g)
            and g.strip()
            and not g.startswith("/")
            and ".." not in g.split("/")
            for g in v
        )
        if not ok:
            self.bad(key, f"`{key}` must be a list of output paths relative to the brand's site")
            return ()
        return tuple(g.strip() for g in v)

    def hosts(self, key: str, v: Any) -> tuple[str, ...]:
        if not isinstance(v, list) or not all(isinstance(h, str) and HOST.match(h) for h in v):
            self.bad(key, f"`{key}` must be a list of bare host names")
            return ()
        return tuple(h.lower() for h in v)

    def mcp(self, key: str, v: Any) -> str:
        if v is False or (isinstance(v, str) and v.strip().lower() == "none"):
            return "none"
        if not isinstance(v, str) or not (SAFE_URL.match(v.strip()) or LOCAL_URL.match(v.strip())):
            self.bad(key, f"`{key}` must be an https URL or `none`", v)
            return "none"  # fail closed: no discovery file names a server nobody meant
        return v.strip()

    def markdown(self, key: str, v: Any) -> tuple[str, ...]:
        if not isinstance(v, dict) or set(v) - {"instructions"}:
            self.bad(key, f"`{key}` takes one key, `instructions`")
            return ()
        lines = v.get("instructions") or []
        lines = [lines] if isinstance(lines, str) else lines
        if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            self.bad(key, f"`{key}.instructions` must be a string or a list of strings")
            return ()
        return instruction_lines(lines)

    def crawlers(self, key: str, v: Any) -> bool:
        if v not in ("allow", "deny"):
            self.bad(key, f"`{key}` must be `allow` or `deny`", v)
            return False  # fail closed: an unreadable opt-out still opts out
        return v == "allow"

    def urls(self, key: str, v: Any) -> tuple[tuple[str, str], ...]:
        if not isinstance(v, dict):
            self.bad(key, "`urls` must map a parent URL prefix or host to this brand's")
            return ()
        pairs = []
        for parent, own in v.items():
            pair = url_pair(parent, own)
            if pair is None:
                self.col.add(
                    key,
                    f"`urls`: {parent!r} -> {own!r}: both must be https URL prefixes or bare hosts",
                    "e.g. https://api.stackone.com/connect/: https://connect.acme.example/",
                )
            else:
                pairs.append(pair)
        return tuple(sorted(pairs, key=lambda p: -len(p[0])))


_READERS: dict[str, Callable[[_Reader, str, Any], Any]] = {
    "line": _Reader.line,
    "https": _Reader.https,
    "support": _Reader.support,
    "endpoint": _Reader.endpoint,
    "host": _Reader.host,
    "bool": _Reader.flag,
    "terms": _Reader.terms,
    "colors": _Reader.colors,
    "logo": _Reader.logo,
    "words": _Reader.words,
    "hosts": _Reader.hosts,
    "globs": _Reader.globs,
    "urls": _Reader.urls,
    "mcp": _Reader.mcp,
    "crawlers": _Reader.crawlers,
    "markdown": _Reader.markdown,
    "powered": _Reader.powered,
}
_EMPTY: dict[str, Any] = {
    "line": "", "https": "", "support": "", "endpoint": "", "host": "", "bool": False,
    "terms": (), "colors": {}, "logo": "", "words": (), "hosts": (), "urls": (), "globs": (),
    "mcp": "", "crawlers": True, "markdown": (),
    "powered": (False, ""),
}  # fmt: skip


def instruction_lines(items: list[str]) -> tuple[str, ...]:
    """`markdown.instructions` (a string, or strings joined with line breaks) as its non-blank
    lines, each on one line."""
    return tuple(
        " ".join(line.split()) for item in items for line in item.split("\n") if line.strip()
    )


def url_pair(parent: object, own: object) -> tuple[str, str] | None:
    """A `urls:` entry as (prefix, prefix): https URL prefixes as written, bare hosts as
    `//host` (so `https://host/…` and `http://host/…` both map)."""
    if not (isinstance(parent, str) and isinstance(own, str)):
        return None
    if SAFE_URL.match(parent) and SAFE_URL.match(own):
        return parent, own
    if HOST.match(parent.lower()) and HOST.match(own.lower()):
        return f"//{parent}", f"//{own}"
    return None


def load_brand(brands_dir: Path, key: str, site_name: str, site_url: str) -> Brand:
    """Read and validate `<brands_dir>/<key>/brand.yml`; every problem at once."""
    if not BRAND_NAME.match(key):
        raise GuideError(
            [
                Problem(
                    SourcePos("mkdocs.yml", 1, 1),
                    f"brand name `{key}` is not a folder name",
                    "use lowercase letters, digits, - and _",
                )
            ]
        )
    folder = brands_dir / key
    path = folder / "brand.yml"
    data, text = read_yaml(path)
    col = Collector(path, text)
    for k in sorted(set(data) - set(BRAND_KEYS), key=str):
        col.add(str(k), f"unknown setting `{k}`", did_you_mean(str(k), set(BRAND_KEYS)))
    r = _Reader(data, col, folder)
    v = {k: r.get(k) for k in BRAND_KEYS}
    _cross_checks(v, col, data, site_url)
    colors = v["colors"]
    primary = colors.get("primary", DEFAULT_PRIMARY)
    brand = Brand(
        key=key,
        name=v["name"],
        site_name=v["site_name"] or (f"{v['name']} Docs" if v["whitelabel"] else site_name),
        base_url=v["base_url"] or site_url,
        whitelabel=v["whitelabel"],
        terms=v["terms"],
        folder=folder,
        logo=v["logo"],
        primary=primary,
        accent=colors.get("accent", DEFAULT_ACCENT),
        light=colors.get("light", primary),
        dark=colors.get("dark", primary),
        support=v["support"],
        connect_endpoint=v["connect_endpoint"],
        repo_url=v["repo_url"],
        summary=v["summary"],
        allow_words=v["allow_words"],
        embed_hosts=v["embed_hosts"],
        urls=v["urls"],
        allow_files=v["allow_files"],
        mcp_url=v["mcp_url"],
        ai_crawlers=v["ai_crawlers"],
        instructions=v["markdown"],
        powered_by=v["powered_by"][0],
        powered_by_url=v["powered_by"][1],
        given=tuple(sorted(str(k) for k in data)),
    )
    if col.problems:
        raise GuideError(col.problems)
    return brand


def _cross_checks(v: dict[str, Any], col: Collector, data: dict[str, Any], site_url: str) -> None:
    """What depends on more than one key."""
    if not v["name"] and not data.get("name"):
        col.add("name", "`name` is required", BRAND_KEYS["name"].hint)
    if not v["base_url"] and not site_url and "base_url" not in data:
        col.add("base_url", "`base_url` is required", BRAND_KEYS["base_url"].hint)
    if v["whitelabel"] and not v["base_url"] and "base_url" not in data:
        col.add(
            "name", "a white-label brand needs its own `base_url`", "the site's URL is the parent's"
        )
    if v["whitelabel"] and not v["terms"] and "terms" not in data:
        col.add(
            "whitelabel",
            "a white-label brand needs `terms`: the words that replace the parent brand's",
            "e.g. terms: {StackOne: Acme, StackOne Hub: Acme Connect} — without them every "
            "page that names the parent is a leak",
        )
