"""`<iframe>` and `<video>` embeds: the host allowlist, their safe HTML, and the hosts a page
uses (for the CSP's `frame-src` and `media-src`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from renderer.config.schema import DEFAULT_EMBED_HOSTS
from renderer.core import model as m
from renderer.core.model import walk
from renderer.parse.tags import TagSyntaxError, scan_tag

IFRAME_ALLOW = frozenset(
    {
        "accelerometer",
        "autoplay",
        "clipboard-write",
        "encrypted-media",
        "fullscreen",
        "gyroscope",
        "picture-in-picture",
        "web-share",
    }
)
SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups"
_LOCAL = re.compile(r"^(?:/(?![/\\])|\./|\.\./|[A-Za-z0-9_])[^\s\"'<>`:\\]*$")
"""A same-origin path. A backslash is refused anywhere: browsers read `\\` as `/` in http(s)
URLs, so `/\\evil.example/x` is another origin."""
_EMBED_TAG = re.compile(r"<(iframe|video|source)\b", re.I)


@dataclass(frozen=True, slots=True)
class Embeds:
    """The hosts one brand accepts embeds from."""

    hosts: frozenset[str]


@dataclass(frozen=True, slots=True)
class EmbedUse:
    """What the embeds of some pages need from the CSP."""

    frames: frozenset[str] = frozenset()
    """Origins for `frame-src` (`https://www.youtube.com`)."""
    media: frozenset[str] = frozenset()
    """Sources for `media-src` (`'self'` for local videos, allowlisted origins)."""
    connect: frozenset[str] = frozenset()
    """Origins for `connect-src` (the servers an API playground sends requests to)."""

    def __or__(self, other: EmbedUse) -> EmbedUse:
        return EmbedUse(
            self.frames | other.frames, self.media | other.media, self.connect | other.connect
        )


def embeds_for(brand: Any) -> Embeds:
    """The built-in hosts plus the brand's `embed_hosts` (brand.yml)."""
    return Embeds(frozenset(DEFAULT_EMBED_HOSTS) | frozenset(getattr(brand, "embed_hosts", ())))


def _https_host(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme != "https" or parts.username or parts.password or parts.port:
        return ""
    return (parts.hostname or "").lower()


def embed_allowed(url: str, brand: Any) -> bool:
    """May an `<iframe src=url>` be published for this brand? Only https URLs of an allowlisted
    host (YouTube, youtube-nocookie, Vimeo player, Loom, plus the brand's `embed_hosts`)."""
    return _allowed_frame(url, embeds_for(brand))


def _allowed_frame(url: Any, embeds: Embeds) -> bool:
    return isinstance(url, str) and _https_host(url) in embeds.hosts


def media_source(url: Any, embeds: Embeds) -> str:
    """The `media-src` source a video URL needs (`'self'`, its https origin), or "" when
    refused. A video plays from any https host (a CDN, the product's own site): a video runs
    no script, and the page's CSP names exactly the origins its videos use."""
    if not isinstance(url, str) or not url.strip():
        return ""
    if _LOCAL.match(url.strip()):
        return "'self'"
    host = _https_host(url)
    return f"https://{host}" if host and _HOST.match(host) else ""


_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}\.)*[a-z0-9-]{1,63}$")
"""A host name a CSP source can name as written (no wildcard, no stray character)."""


def video_allowed(url: str, brand: Any) -> bool:
    """May a `<video src=url>` be published: a local file or any https URL."""
    return bool(media_source(url, embeds_for(brand)))


def _flag(attrs: Mapping[str, Any], *names: str) -> bool:
    for n in names:
        v = attrs.get(n)
        if v is True or (isinstance(v, str) and v.lower() in ("", "true", n.lower())):
            return True
    return False


def embed_html(name: str, attrs: Mapping[str, Any], embeds: Embeds) -> Markup:
    """An `<iframe>` (allowlisted hosts only) or a `<video>` (always with controls)."""
    if name == "iframe":
        return _iframe(attrs, embeds)
    return _video(attrs, embeds)


def _iframe(attrs: Mapping[str, Any], embeds: Embeds) -> Markup:
    src = attrs.get("src")
    if not _allowed_frame(src, embeds):
        host = _https_host(src) if isinstance(src, str) else ""
        return Markup('<span class="hd-embed-blocked">Embedded content not shown%s.</span>\n') % (
            f": {host} is not an allowed embed host" if host else ""
        )
    title = attrs.get("title") if isinstance(attrs.get("title"), str) else ""
    allow = attrs.get("allow") if isinstance(attrs.get("allow"), str) else ""
    tokens = [t.strip() for t in allow.split(";") if t.strip().split(" ")[0] in IFRAME_ALLOW]
    allow_attr = (
        Markup(' allow="%s"') % "; ".join(t.split(" ")[0] for t in tokens) if tokens else ""
    )
    full = Markup(" allowfullscreen") if _flag(attrs, "allowFullScreen", "allowfullscreen") else ""
    return Markup(
        '<span class="hd-embed"><iframe src="%s" title="%s" loading="lazy" '
        'referrerpolicy="strict-origin-when-cross-origin" sandbox="%s"%s%s></iframe></span>\n'
    ) % (src.strip(), title or "Embedded video", SANDBOX, allow_attr, full)


def _video(attrs: Mapping[str, Any], embeds: Embeds) -> Markup:
    sources: list[tuple[str, str]] = []
    src = attrs.get("src")
    if media_source(src, embeds):
        sources.append((src.strip(), ""))
    for s_src, s_type in attrs.get("sources", ()):
        if media_source(s_src, embeds):
            ok_type = s_type if re.fullmatch(r"video/[a-z0-9.+-]{1,30}", s_type or "") else ""
            sources.append((s_src.strip(), ok_type))
    if not sources:
        return Markup(
            '<span class="hd-embed-blocked">Video not shown: its source is not allowed.</span>\n'
        )
    opts = Markup("")
    for attr, names in (
        ("autoplay", ("autoPlay", "autoplay")),
        ("muted", ("muted",)),
        ("loop", ("loop",)),
        ("playsinline", ("playsInline", "playsinline")),
    ):
        if _flag(attrs, *names):
            opts += Markup(" ") + attr
    poster = attrs.get("poster")
    if isinstance(poster, str) and (poster.startswith("https://") or _LOCAL.match(poster)):
        opts += Markup(' poster="%s"') % poster
    label = attrs.get("title") if isinstance(attrs.get("title"), str) else ""
    if label:
        opts += Markup(' aria-label="%s"') % label
    inner = Markup("").join(
        Markup('<source src="%s"%s>') % (s, Markup(' type="%s"') % t if t else "")
        for s, t in sources
    )
    link = Markup('<a href="%s">Download the video</a>') % sources[0][0]
    return Markup('<video class="hd-video" controls preload="metadata"%s>%s%s</video>\n') % (
        opts,
        inner,
        link,
    )


def _texts(blocks: tuple[m.Block, ...]) -> Iterable[str]:
    for n in walk(blocks):
        if isinstance(n, (m.Paragraph, m.Heading)):
            yield n.text
        elif isinstance(n, m.HtmlBlock):
            yield n.html
        elif isinstance(n, m.MarkdownBlock):
            yield n.source
        elif isinstance(n, m.Element) and n.tag in ("iframe", "video", "source"):
            yield "<{} {}>".format(
                n.tag, " ".join(f'{k}="{v}"' for k, v in n.attrs if '"' not in v)
            )


def _embed_srcs(blocks: tuple[m.Block, ...]) -> Iterable[tuple[str, Any]]:
    """(tag name, src) of every `<iframe>`, `<video>` and `<source>` below `blocks`."""
    for text in _texts(blocks):
        if "<" not in text:
            continue
        for hit in _EMBED_TAG.finditer(text):
            try:
                tag = scan_tag(text, hit.start())
            except TagSyntaxError:
                continue
            if tag is not None and not tag.closing:
                yield tag.name.lower(), tag.get("src")


def page_embeds(blocks: tuple[m.Block, ...], embeds: Embeds) -> EmbedUse:
    """The CSP sources the allowed embeds below `blocks` need (nothing for a page without)."""
    frames: set[str] = set()
    media: set[str] = set()
    for name, src in _embed_srcs(blocks):
        if name == "iframe":
            if _allowed_frame(src, embeds):
                frames.add(f"https://{_https_host(src)}")
        elif source := media_source(src, embeds):
            media.add(source)
    return EmbedUse(frozenset(frames), frozenset(media))


def embed_origins(blocks: tuple[m.Block, ...]) -> list[str]:
    """Sorted `tag host` of every embed (any brand's view): part of a page's summary, so that an
    incremental build falls back to a full one, which rewrites `_headers`, when they change."""
    out = set()
    for name, src in _embed_srcs(blocks):
        host = _https_host(src) if isinstance(src, str) else ""
        out.add(f"{name} {host or ('local' if isinstance(src, str) and _LOCAL.match(src) else '')}")
    return sorted(out)
