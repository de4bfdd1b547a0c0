"""What a reader or an agent would decode from an output file, for the leak check: escapes in
text (HTML entities, percent-encoding, JSON/JS `\\u0053` `\\x53` `\\u{53}`, CSS `\\53 `),
`data:` URIs, gzip and zip members, PDF streams and strings, image metadata (PNG text chunks,
XMP packets, EXIF) and the text runs of any other binary (UTF-8 and UTF-16).

Everything decompressed counts against one `Budget` per output file: a file whose contents
would pass it (a decompression bomb), nest deeper than MAX_DEPTH, or cannot be read (an
encrypted zip member or PDF, a stream filter the standard library cannot undo) is `Refused`,
which the leak check reports like a leak: it cannot vouch for what it could not read.
"""

from __future__ import annotations

import base64
import binascii
import functools
import html
import html.entities
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import unquote, unquote_to_bytes

MAX_BYTES = 64 * 2**20
"""Bytes one output file may decompress or decode to, in all (its nested contents included)."""
MAX_DEPTH = 4
"""Containers inside containers (a data: URI in a zip member in a gzip file is 3 deep)."""
MAX_MEMBERS = 10_000
"""Members of one zip file."""
JOINED = "\ue000"
"""Stands in a decoded text for a line break an escape swallowed (CSS `\\53\\n`, a line
continuation): the word search reads through it, the line count counts it."""

TEXT_KINDS = frozenset(
    [
        ".html",
        ".htm",
        ".xhtml",
        ".md",
        ".mdx",
        ".txt",
        ".text",
        ".xml",
        ".svg",
        ".css",
        ".scss",
        ".less",
        ".js",
        ".mjs",
        ".cjs",
        ".ts",
        ".jsx",
        ".tsx",
        ".json",
        ".jsonld",
        ".map",
        ".webmanifest",
        ".yml",
        ".yaml",
        ".toml",
        ".csv",
        ".tsv",
        ".ini",
        ".cfg",
        ".conf",
        ".rss",
        ".atom",
        ".vtt",
        ".srt",
        ".ics",
        ".vcf",
        ".tex",
        ".rst",
        ".adoc",
        ".log",
        ".sh",
        ".py",
        ".rb",
        ".go",
        ".rs",
        ".java",
        ".kt",
        ".php",
        ".sql",
        ".pf_fragment",
        "_headers",
        "_redirects",
    ]
)
"""File kinds read as text (anything else is sniffed)."""
JS_KINDS = frozenset(
    [".js", ".mjs", ".cjs", ".ts", ".jsx", ".tsx", ".json", ".jsonld", ".map", ".webmanifest"]
)
CSS_KINDS = frozenset([".css", ".scss", ".less"])


class Refused(Exception):
    """A file the leak check cannot read whole: reported, and the file is not written."""


class Budget:
    """The bytes left to decode for one output file."""

    def __init__(self, limit: int = MAX_BYTES):
        self.left = limit
        self.limit = limit

    def take(self, n: int, what: str) -> None:
        self.left -= n
        if self.left < 0:
            raise Refused(
                f"{what} decodes to more than {self.limit // 2**20} MiB in all: refused as a "
                "possible decompression bomb"
            )


class Piece(NamedTuple):
    """A text found inside a file, to look for words in."""

    label: str
    """Where it was found (`zip member a/b.txt`, `PNG tEXt chunk 'Comment'`)."""
    kind: str
    """Its file kind (`.svg`, `.txt`): how it is decoded further."""
    text: str
    line: int
    """The line of the outer file it is on (a data: URI's); 0 inside a container, where its
    own lines count."""
    data: bytes = b""
    """A binary's bytes (kind `.bin`, no text)."""


def kind_of(path: str) -> str:
    """`.html` for `a/b.HTML`; the whole name for files without a dot (`_headers`)."""
    name = path.rsplit("/", 1)[-1].lower()
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else name


def nature(path: str, data: bytes) -> str:
    """`text`, or the container or image format the bytes are, or `binary`."""
    head = data[:16]
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if kind_of(path) in TEXT_KINDS or looks_text(data):
        return "text"
    return "binary"


def looks_text(data: bytes) -> bool:
    """UTF-8 (or UTF-16 with its BOM) without NUL bytes in its first 8 KB."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # read as a binary: its UTF-16 runs are looked at
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start >= len(head) - 3  # a character cut at the 8 KB mark
    return True


# -- escapes in text ---------------------------------------------------------------------------

_ENTITY = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
"""An entity as `html.unescape` finds them."""
_MARKUP_REFS = (
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", '"'),
    ("&#34;", '"'),
    ("&#x22;", '"'),
    ("&#39;", "'"),
    ("&#x27;", "'"),
)
"""The references written for markup characters: wherever they occur, _ENTITY matches them
exactly and decodes them to a character that starts no further layer, so `str.replace` gives
the same text (a twin's actions JSON holds hundreds of `&#x22;`: one callback each cost 12%
of a white-label build)."""
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_JS = (
    r"\\u\{(?P<cp>[0-9a-fA-F]{1,6})\}|\\u(?P<u4>[0-9a-fA-F]{4})|\\x(?P<x2>[0-9a-fA-F]{2})"
    r"|\\(?P<nl>\r\n|[\n\r\u2028\u2029])"
)
_JS_ONLY = r"|\\(?P<oct>[0-3][0-7]{0,2}|[4-7][0-7]?)|\\(?P<same>[^\n\r\u2028\u20290-9bfnrtuvx])"
_CSS = r"|\\(?P<hex>[0-9a-fA-F]{1,6})(?P<ws>\r\n|[ \t\n\r\f])?"
ESCAPES = {
    "js": re.compile(_JS + _JS_ONLY),
    "css": re.compile(r"\\(?P<nl>\r\n|[\n\r\f])" + _CSS + r"|\\(?P<same>[^\n\r\f0-9a-fA-F])"),
    "any": re.compile(_JS + _CSS),
}
"""Per dialect, its escapes: JavaScript and JSON; CSS; and for any other text both, without
the ones that disagree (JavaScript's octal `\\123` is CSS's `\\123 `, U+0123)."""
_ANY_ESCAPE = re.compile(r"\\(?:[0-9a-fA-F]|u[0-9a-fA-F{]|x[0-9a-fA-F]{2}|\r?\n)")
ANY_ESCAPE_BYTES = re.compile(rb"\\(?:[0-9a-fA-F]|u[0-9a-fA-F{]|x[0-9a-fA-F]{2}|\r?\n)")


def dialect(kind: str) -> str:
    return "js" if kind in JS_KINDS else "css" if kind in CSS_KINDS else "any"


def may_escape(text: str) -> bool:
    """Could `text` hold an escape of one of the dialects (a cheap necessary condition)?"""
    return "\\" in text and bool(_ANY_ESCAPE.search(text))


def _char(cp: int) -> str:
    """A decoded code point as the word search sees it: a line break becomes a space (the
    line count stays that of the file), a surrogate or a value past Unicode U+FFFD."""
    if cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF or cp == 0:
        return "\ufffd"
    c = chr(cp)
    return " " if c in "\n\r\x0b\x0c\x85\u2028\u2029" else c


def _escape(mt: re.Match[str]) -> str:
    g = mt.groupdict()
    for name in ("cp", "u4", "x2", "hex"):
        if g.get(name):
            ws = g.get("ws") or ""
            return _char(int(g[name], 16)) + (JOINED if ws.strip(" \t") else "")
    if g.get("oct"):
        return _char(int(g["oct"], 8))
    if g.get("nl"):
        return JOINED  # a line continuation: the line goes on
    return g.get("same") or ""


def _surrogates(text: str) -> str:
    """JSON's `\\ud83d\\ude00` pairs, decoded one half at a time, joined back."""
    return re.sub(
        r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})",
        lambda mt: chr(
            0x10000 + ((int(mt.group(1), 16) - 0xD800) << 10) + int(mt.group(2), 16) - 0xDC00
        ),
        text,
    )


_NAMED = frozenset(html.entities.html5)
_BARE = frozenset(name for name in _NAMED if not name.endswith(";"))


def _is_entity(ref: str) -> bool:
    """Does `&ref` decode (a numeric reference, a named one, or a legacy name without its
    semicolon at its start: `&copy2024`)? Most `&` in code (`a&&b`) are none."""
    if ref[0] == "#" or ref in _NAMED:
        return True
    return any(ref[:n] in _BARE for n in range(2, min(len(ref), 6) + 1))


def unescape(text: str, kind: str = "", rounds: int = 4) -> str:
    """`text` with entities, percent-encoding and the escapes of its kind's dialect decoded,
    layer after layer (`&#92;u0053`, an entity of a JSON escape) up to `rounds` times; line
    breaks stay where they were (a swallowed one becomes JOINED)."""
    escapes = ESCAPES[dialect(kind)]
    again = False

    def keep(out: str) -> str:
        nonlocal again
        again = again or "&" in out or "%" in out or "\\" in out
        return out.replace("\n", " ").replace("\r", " ")

    def entity(mt: re.Match[str]) -> str:
        ref = mt.group(1)
        return keep(html.unescape(mt.group(0))) if _is_entity(ref) else mt.group(0)

    def percent(mt: re.Match[str]) -> str:
        return keep(unquote(mt.group(0), errors="replace"))

    def escape(mt: re.Match[str]) -> str:
        out = _escape(mt)
        return keep(out) if out not in (JOINED, "") else out

    for _ in range(rounds):
        again = False
        if "&" in text:
            for ref, char in _MARKUP_REFS:
                if ref in text:
                    text = text.replace(ref, char)
        if "&" in text:
            text = _ENTITY.sub(entity, text)
        if "%" in text:
            text = _PERCENT.sub(percent, text)
        if "\\" in text:
            if "\\u" in text or "\\U" in text:
                text = _surrogates(text)
            text = escapes.sub(escape, text)
        if not again:
            break
    return text


# -- data: URIs --------------------------------------------------------------------------------

DATA_URI = re.compile(
    r"data:(?P<type>[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+)?(?P<params>(?:;[a-z0-9_.+-]+=[^;,\s\"'()]*)*)"
    r"(?P<b64>;base64)?,(?P<payload>[^\s\"'()<>`]*)",
    re.I,
)
DATA_URI_BYTES = re.compile(rb"(?i)data:[^,\s]{0,200},")


def may_hold_data_uri(data: bytes) -> bool:
    """A cheap necessary condition for a `data:` URI (a case-insensitive search is slow)."""
    return (b"a:" in data or b"A:" in data) and DATA_URI_BYTES.search(data) is not None


_MEDIA_KIND = {
    "image/svg+xml": ".svg",
    "text/html": ".html",
    "text/plain": ".txt",
    "text/css": ".css",
    "text/javascript": ".js",
    "application/javascript": ".js",
    "application/json": ".json",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/pdf": ".pdf",
    "application/gzip": ".gz",
    "application/zip": ".zip",
}


def data_uris(text: str, budget: Budget, depth: int = 0) -> Iterator[Piece]:
    """The texts inside the `data:` URIs of `text` (at their line), decoded as their type."""
    for mt in DATA_URI.finditer(text):
        payload = mt.group("payload")
        if not payload:
            continue
        media = (mt.group("type") or "text/plain").lower()
        try:
            if mt.group("b64"):
                raw = unquote(payload)
                raw = re.sub(r"[^A-Za-z0-9+/_-]", "", raw)
                data = base64.urlsafe_b64decode(raw.replace("+", "-").replace("/", "_") + "===")
            else:
                data = unquote_to_bytes(payload)
        except (binascii.Error, ValueError):
            continue
        budget.take(len(data), "a data: URI")
        line = text.count("\n", 0, mt.start()) + text.count(JOINED, 0, mt.start()) + 1
        label = f"a data: URI ({media})"
        for p in contents(_MEDIA_KIND.get(media, ".bin"), data, budget, depth + 1, label):
            yield p._replace(line=line)


# -- containers and binaries --------------------------------------------------------------------


def contents(name: str, data: bytes, budget: Budget, depth: int, label: str) -> Iterator[Piece]:
    """Every text inside `data` (a file called `name`), its containers opened."""
    if depth > MAX_DEPTH:
        raise Refused(f"{label} nests containers more than {MAX_DEPTH} deep: refused")
    how = nature(name, data)
    if how == "text":
        text = data.decode("utf-8", errors="replace")
        yield Piece(label, kind_of(name), text, 0)
        if may_hold_data_uri(data):
            yield from data_uris(text, budget, depth)
        return
    opener = {
        "gzip": _gzip,
        "zip": _zip,
        "pdf": _pdf,
        "png": _png,
        "jpeg": _jpeg,
        "webp": _webp,
        "binary": _binary,
    }[how]
    yield from opener(name, data, budget, depth, label)


def _inflate(data: bytes, wbits: int, budget: Budget, what: str) -> tuple[bytes, bytes]:
    """Decompressed bytes (at most what the budget allows) and the bytes after the stream."""
    d = zlib.decompressobj(wbits)
    try:
        out = d.decompress(data, budget.left + 1)
    except zlib.error as err:
        raise Refused(f"{what} cannot be decompressed ({err}): refused") from err
    budget.take(len(out), what)
    if d.unconsumed_tail:  # more than the budget: take() above has refused already
        budget.take(budget.left + 1, what)
    return out, d.unused_data


def _gzip(name: str, data: bytes, budget: Budget, depth: int, label: str) -> Iterator[Piece]:
    inner = name[:-3] if name.lower().endswith(".gz") else name[:-1] if name.endswith("z") else ""
    what = f"{label} (gzip)" if label else "the gzip file"
    out = b""
    rest = data
    while rest[:2] == b"\x1f\x8b":  # members one after the other
        chunk, rest = _inflate(rest, 16 + zlib.MAX_WBITS, budget, what)
        out += chunk
    yield from contents(
        inner or "gzip-content", out, budget, depth + 1, f"{label} gunzipped".strip()
    )


def _zip(name: str, data: bytes, budget: Budget, depth: int, label: str) -> Iterator[Piece]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise Refused(f"{label or 'the zip file'} cannot be read ({err}): refused") from err
    if len(infos) > MAX_MEMBERS:
        raise Refused(f"{label or 'the zip file'} has over {MAX_MEMBERS} members: refused")
    names = "\n".join(i.filename for i in infos) + "\n" + zf.comment.decode("utf-8", "replace")
    yield Piece(f"{label} member names".strip(), ".txt", names, 0)
    for info in infos:
        where = f"{label} member {info.filename}" if label else f"zip member {info.filename}"
        if info.is_dir():
            continue
        if info.flag_bits & 1:
            raise Refused(f"{where} is encrypted and cannot be checked: refused")
        budget.take(info.file_size, where)  # what it claims, before reading it
        try:
            with zf.open(info) as fh:
                member = fh.read(budget.left + info.file_size + 1)
        except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, zlib.error) as err:
            raise Refused(f"{where} cannot be read ({err}): refused") from err
        budget.take(len(member) - info.file_size, where)  # what it really holds
        yield from contents(info.filename, member, budget, depth + 1, where)


# -- PDF ---------------------------------------------------------------------------------------

_STREAM = re.compile(rb"stream\r?\n")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_PDF_STRING = re.compile(rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|<([0-9A-Fa-f\s]*)>", re.S)
_TEXT_OBJECT = re.compile(rb"\bBT\b(.*?)\bET\b", re.S)
_PDF_ESC = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _run_length(data: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(data):
        n = data[i]
        if n == 128:
            break
        if n < 128:
            out += data[i + 1 : i + 2 + n]
            i += n + 2
        else:
            out += data[i + 1 : i + 2] * (257 - n)
            i += 2
    return bytes(out)


def _unfilter(raw: bytes, filters: list[str], budget: Budget, where: str) -> bytes | None:
    """A PDF stream's bytes through its filters; None for image data (read as a binary)."""
    data = raw
    for f in filters:
        if f in ("FlateDecode", "Fl"):
            data, _ = _inflate(data, zlib.MAX_WBITS, budget, where)
        elif f in ("ASCIIHexDecode", "AHx"):
            hexes = re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">", 1)[0])
            data = bytes.fromhex((hexes + b"0" * (len(hexes) % 2)).decode())
        elif f in ("ASCII85Decode", "A85"):
            body = re.sub(rb"\s", b"", data.split(b"~>", 1)[0]).removeprefix(b"<~")
            try:
                data = base64.a85decode(body)
            except ValueError as err:
                raise Refused(f"{where} cannot be decoded ({err}): refused") from err
        elif f in ("RunLengthDecode", "RL"):
            data = _run_length(data)
            budget.take(len(data), where)
        elif f in ("DCTDecode", "DCT", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode", "CCF"):
            return None  # image data
        else:
            raise Refused(f"{where} uses the {f} filter, which cannot be checked: refused")
    return data


def _pdf_string(token: bytes) -> bytes:
    """A PDF string token's bytes (a literal's escapes or a hex string decoded)."""
    if token.startswith(b"<"):
        hexes = re.sub(rb"\s", b"", token[1:-1])
        return bytes.fromhex((hexes + b"0" * (len(hexes) % 2)).decode())
    body = token[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i : i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        nxt = body[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", body[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(0), 8) & 0xFF)
            i += 1 + len(octal.group(0))
        elif nxt in (b"\n", b"\r"):  # a line continuation
            i += 3 if body[i + 1 : i + 3] == b"\r\n" else 2
        else:
            out += _PDF_ESC.get(nxt, nxt)
            i += 2
    return bytes(out)


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")
CMAP_MAX = 65_536
"""Codes one ToUnicode CMap may map (a range cannot blow up)."""


def _unicode(hexes: bytes) -> str:
    raw = bytes.fromhex((hexes + b"0" * (len(hexes) % 2)).decode())
    return raw.decode("utf-16-be", errors="replace")


def parse_cmap(data: bytes) -> tuple[int, dict[int, str]]:
    """A ToUnicode CMap (a font's glyph codes -> text): (code width in bytes, the map)."""
    out: dict[int, str] = {}
    width = 1
    for block in _BFCHAR.findall(data):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[::2], pairs[1::2], strict=False):
            width = max(width, (len(src) + 1) // 2)
            out[int(src or b"0", 16)] = _unicode(dst)
    for block in _BFRANGE.findall(data):
        for lo, hi, dst in _RANGE.findall(block):
            width = max(width, (len(lo) + 1) // 2)
            first, last = int(lo, 16), int(hi, 16)
            last = min(last, first + CMAP_MAX - len(out))
            if dst.startswith(b"["):
                for code, each in zip(range(first, last + 1), _HEX.findall(dst), strict=False):
                    out[code] = _unicode(each)
            else:
                base = _unicode(dst[1:-1])
                if not base:
                    continue
                for code in range(first, last + 1):
                    out[code] = base[:-1] + chr(min(ord(base[-1]) + code - first, 0x10FFFF))
    return width, out


def _pdf_text(data: bytes, cmap: tuple[int, dict[int, str]] | None = None) -> str:
    """The strings of PDF content: those of one text object (BT … ET) joined, as a reader sees
    them drawn side by side; other strings (the document information) one per line. With a
    font's ToUnicode `cmap`, the strings are read as that font's glyph codes."""

    def strings(chunk: bytes) -> str:
        out = []
        for mt in _PDF_STRING.finditer(chunk):
            raw = _pdf_string(mt.group(0))
            if cmap is not None:
                width, table = cmap
                codes = (
                    int.from_bytes(raw[i : i + width], "big") for i in range(0, len(raw), width)
                )
                out.append("".join(table.get(c, " ") for c in codes))
            elif raw.startswith(b"\xfe\xff"):
                out.append(raw[2:].decode("utf-16-be", errors="replace"))
            else:
                out.append(raw.decode("latin-1"))
        return "".join(out)

    texts = [strings(mt.group(1)) for mt in _TEXT_OBJECT.finditer(data)]
    if cmap is None:
        outside = _TEXT_OBJECT.sub(b"\n", data)
        texts += [strings(mt.group(0)) for mt in _PDF_STRING.finditer(outside)]
    return "\n".join(t for t in texts if t)


def _pdf(name: str, data: bytes, budget: Budget, depth: int, label: str) -> Iterator[Piece]:
    """Every stream decoded through its filters: the strings of its text (once as written,
    once per ToUnicode CMap of the file: text drawn through a font's glyph codes) and its bytes
    as a binary's; then the rest of the file (the document information) the same way."""
    where = label or "the PDF"
    if re.search(rb"/Encrypt\b", data):
        raise Refused(f"{where} is encrypted and cannot be checked: refused")
    outside = bytearray()
    streams: list[tuple[str, bytes]] = []
    pos = 0
    for mt in _STREAM.finditer(data):
        if mt.start() < pos:
            continue
        end = data.find(b"endstream", mt.end())
        if end < 0:
            end = len(data)
        start_dict = data.rfind(b"obj", 0, mt.start())
        head = data[max(start_dict, pos) : mt.start()]
        outside += data[pos : mt.start()]
        raw = data[mt.end() : end].rstrip(b"\r\n")
        pos = end + len(b"endstream")
        found = _FILTER.search(head)
        filters = [f.decode() for f in _NAME.findall(found.group(1))] if found else []
        stream_where = f"{where} stream {len(streams) + 1}"
        decoded = _unfilter(raw, filters, budget, stream_where)
        streams.append((stream_where, raw if decoded is None else decoded))
        if decoded is None:  # image data: only its bytes
            yield from _binary(name, raw, budget, depth, stream_where)
            continue
        yield Piece(stream_where, ".pdf-text", _pdf_text(decoded), 0)
        yield from _binary(name, decoded, budget, depth, stream_where)
    outside += data[pos:]
    yield Piece(where, ".pdf-text", _pdf_text(bytes(outside)), 0)
    yield from _binary(name, bytes(outside), budget, depth, where)
    cmaps = [parse_cmap(d) for _, d in streams if b"begincmap" in d]
    for width, table in cmaps:
        if not table:
            continue
        for stream_where, decoded in streams:
            if b"BT" in decoded:
                text = _pdf_text(decoded, (width, table))
                yield Piece(f"{stream_where} (its fonts' glyph codes)", ".pdf-text", text, 0)


# -- images ------------------------------------------------------------------------------------

_XMP = re.compile(rb"<\?xpacket begin=.*?<\?xpacket end=[^>]*>|<x:xmpmeta\b.*?</x:xmpmeta>", re.S)


def _xmp(data: bytes, label: str) -> Iterator[Piece]:
    for mt in _XMP.finditer(data):
        yield Piece(
            f"{label} XMP packet".strip(), ".xml", mt.group(0).decode("utf-8", "replace"), 0
        )


def _png(name: str, data: bytes, budget: Budget, depth: int, label: str) -> Iterator[Piece]:
    """Its text chunks (tEXt, zTXt, iTXt, decompressed), then every byte but the image data
    (IDAT) as a binary: other chunks, their headers, anything after the end or a broken chunk."""
    where = label or "the PNG"
    rest = bytearray(data[:8])
    pos = 8
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IDAT":
            rest += data[pos : pos + 8] + b"\n"
        else:
            rest += data[pos : pos + 12 + length]
        pos += 12 + length
        if kind in (b"tEXt", b"zTXt", b"iTXt"):
            yield _png_text(kind, body, budget, where)
    rest += data[pos:]
    yield from _binary(name, bytes(rest), budget, depth, where)


def _png_text(kind: bytes, body: bytes, budget: Budget, where: str) -> Piece:
    keyword, _, rest = body.partition(b"\x00")
    kw = keyword.decode("latin-1")
    chunk = f"{where} {kind.decode()} chunk {kw!r}"
    if kind == b"tEXt":
        text = rest.decode("latin-1")
    elif kind == b"zTXt":
        text = _inflate(rest[1:], zlib.MAX_WBITS, budget, chunk)[0].decode("latin-1")
    else:
        flag, method, rest = rest[:1], rest[1:2], rest[2:]
        lang, _, rest = rest.partition(b"\x00")
        translated, _, rest = rest.partition(b"\x00")
        if flag == b"\x01" and method == b"\x00":
            rest = _inflate(rest, zlib.MAX_WBITS, budget, chunk)[0]
        parts = (lang.decode("latin-1"), translated.decode("utf-8", "replace"))
        text = "\n".join((*parts, rest.decode("utf-8", "replace")))
    return Piece(chunk, ".xml" if "xmp" in kw.lower() else ".txt", f"{kw}\n{text}", 0)


def _jpeg(name: str, data: bytes, budget: Budget, depth: int, label: str) -> Iterator[Piece]:
    """Every byte but the image data (from the start of scan to the end marker) as a binary:
    the metadata segments (EXIF, XMP, comments, ICC), anything after the image's end."""
    pos = 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker == 0xDA:  # the image data, up to its end marker
            end = data.rfind(b"\xff\xd9")
            if end > pos:
                data = data[:pos] + b"\n" + data[end:]
            break
        pos += 2 + length
    yield from _binary(name, data, budget, depth, label or "the JPEG")


def _webp(name: str, data: bytes, budget: Budget, depth: int, label: str) -> Iterator[Piece]:
    """Every byte but the image data (VP8, VP8L, ALPH, ANMF chunks) as a binary: EXIF, XMP,
    unknown chunks, anything after the end."""
    rest = bytearray(data[:12])
    pos = 12
    while pos + 8 <= len(data):
        tag = data[pos : pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        size = 8 + length + (length & 1)
        keep = tag not in (b"VP8 ", b"VP8L", b"ANMF", b"ALPH")
        rest += data[pos : pos + size] if keep else data[pos : pos + 8] + b"\n"
        pos += size
    rest += data[pos:]
    yield from _binary(name, bytes(rest), budget, depth, label or "the WebP")


# -- any binary: its text runs -----------------------------------------------------------------


def _binary(name: str, data: bytes, budget: Budget, depth: int, label: str) -> Iterator[Piece]:
    """A binary: its bytes as they are (kind `.bin`: the leak check reads them as UTF-8 and
    UTF-16 text, see `lookalike_windows`), and the XMP packets it holds."""
    if not data:
        return
    yield from _xmp(data, label)
    yield Piece(label or "the file", ".bin", "", 0, data)


@functools.cache
def _lookalike() -> re.Pattern[str]:
    """A code point that may stand for an ASCII letter: a look-alike, a compatibility form or
    an invisible one below U+10000 (generated, see confusables.py), or any code point above."""
    from renderer.brand.confusables_data import LOOKALIKE_BMP

    return re.compile(f"[{LOOKALIKE_BMP}\\U00010000-\\U0010ffff]+")


_SPAN = 64
"""Code points on each side of a look-alike in a binary's UTF-8 reading that a word written
around it may take (a run that reaches the window's edge is cut there)."""


@functools.cache
def _word_runs(shortest: int) -> re.Pattern[str]:
    """Runs of code points that may spell a word: ASCII letters, digits and spaces and the
    code points of `_lookalike`."""
    return re.compile(f"[ A-Za-z0-9{_lookalike().pattern[1:-2]}]{{{shortest},}}")


def lookalike_runs(data: bytes, shortest: int) -> Iterator[str]:
    """The runs of a binary's UTF-8, UTF-16LE and UTF-16BE readings (either byte alignment)
    that may spell a word in look-alikes: at least `shortest` ASCII letters, digits, spaces
    and code points which may stand for an ASCII letter, one of them not ASCII (not yet
    folded; ASCII alone was searched for as it is)."""
    k = max(2, shortest)
    runs = _word_runs(k)
    text = data.decode("utf-8", "ignore")
    windows: list[str] = []
    if len(_lookalike().findall(text)) * _DENSE > len(text):  # everywhere (noise): all of it
        windows.append(text)
    else:  # few, as in most binaries: look only around them
        lo = hi = -1
        for mt in _lookalike().finditer(text):
            a, b = max(0, mt.start() - _SPAN), mt.end() + _SPAN
            if a > hi:
                if hi > lo:
                    windows.append(text[lo:hi])
                lo = a
            hi = b
        if hi > lo:
            windows.append(text[lo:hi])
    found = [r for r in runs.findall("\n".join(windows)) if not r.isascii()]
    if found:
        yield "\n".join(found)
    if len(data) < 4:
        return
    table = _high_bytes()
    even, odd = data[0::2].translate(table), data[1::2].translate(table)
    le: list[str] = []
    be: list[str] = []
    for mask, skip in ((odd, 0), (even, 1)):
        spans = _runs_of_ones(mask, k)
        if len(spans) * _DENSE > len(data):  # candidates everywhere (a wasm file, code): the
            le += runs.findall(data[skip:].decode("utf-16-le", "ignore"))  # whole readings
            be += runs.findall(data[1 - skip :].decode("utf-16-be", "ignore"))
            continue
        for i, j in spans:  # high bytes at odd offsets: LE from an even one, BE from odd
            a, b = (2 * i, 2 * i + 1) if skip == 0 else (max(2 * i - 1, 1), 2 * i)
            le += runs.findall(data[a : a + 2 * (j - i)].decode("utf-16-le", "ignore"))
            be += runs.findall(data[b : b + 2 * (j - i)].decode("utf-16-be", "ignore"))
    for found in (le, be):
        found = [r for r in found if not r.isascii()]
        if found:
            yield "\n".join(found)


_DENSE = 64
"""Bytes per UTF-16 candidate run above which a binary's whole UTF-16 readings are searched
instead (cheaper than thousands of small ones)."""


def _runs_of_ones(mask: bytes, shortest: int) -> list[tuple[int, int]]:
    """The (start, end) of each run of at least `shortest` `1` bytes in `mask` (memory
    searches: a regular expression would step through every byte)."""
    spans = []
    ones = b"1" * shortest
    at = mask.find(ones)
    while at >= 0:
        end = mask.find(b"0", at)
        end = len(mask) if end < 0 else end
        spans.append((at, end))
        at = mask.find(ones, end)
    return spans


@functools.cache
def _high_bytes() -> bytes:
    """A `bytes.translate` table: `1` for a byte that is the high byte of a UTF-16 code unit
    `_lookalike` or ASCII may hold (0, or that of a look-alike), `0` for any other. Runs of
    `1` among a binary's even or odd bytes are where UTF-16 text that folds to a word may be:
    a cheap search (the other bytes are noise)."""
    from renderer.brand.confusables_data import LOOKALIKE_BMP

    highs = {0}
    i = 0
    while i < len(LOOKALIKE_BMP):  # code points, or `a-b` ranges (the class holds no `-`)
        lo = hi = ord(LOOKALIKE_BMP[i])
        if LOOKALIKE_BMP[i + 1 : i + 2] == "-":
            hi = ord(LOOKALIKE_BMP[i + 2])
            i += 2
        highs.update(range(lo >> 8, (hi >> 8) + 1))
        i += 1
    return bytes(0x31 if b in highs else 0x30 for b in range(256))
