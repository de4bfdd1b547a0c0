"""The leak check reads every output byte as a reader or an agent would decode it: one test per
encoding and container (the parent's word hidden in it is found and located; the clean
version passes), decompression bombs refused, and look-alike letters from Unicode's
confusables (`renderer/brand/decode.py`, `renderer/brand/confusables.py`)."""

from __future__ import annotations

import base64
import dataclasses
import functools
import gzip
import io
import struct
import zipfile
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renderer.brand import decode
from renderer.brand.leaks import LeakChecker, located_leak_error
from renderer.config.mkdocs_yml import load_config

from .conftest import ROOT, run_cli

WORD = "parent brand word"


@functools.cache
def _acme():  # noqa: ANN202
    return load_config(ROOT / "mkdocs.yml").brand("acme")


def acme(**changes: object):  # noqa: ANN201
    return dataclasses.replace(_acme(), **changes) if changes else _acme()


@pytest.fixture
def checker() -> LeakChecker:
    """A checker per test (one per module would run its constructor in one test only, which
    mutation testing then takes as the only test of it)."""
    return LeakChecker(acme(), {})


def words(hits: list[str]) -> list[str]:
    """The words the hits name."""
    out = []
    for h in hits:
        assert WORD in h, h
        out.append(h.split(WORD, 1)[1].split("'")[1])
    return out


# -- every extension ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "assets/site.webmanifest",
        "assets/notes.txt",
        "assets/page.html",
        "assets/data.json",
        "assets/app.js.map",
        "assets/app.mjs",
        "assets/README",
        "assets/font.unknown-extension",
        "images/diagram.svg",
    ],
)
def test_every_file_kind_is_checked(checker: LeakChecker, name: str) -> None:
    """A theme's `site.webmanifest`, `.txt`, `.html`, `.json`, `.map`, `.mjs` reached every
    white label (only `.css`, `.js`, `.svg` under assets/ were read)."""
    data = b'{\n  "name": "StackOne Docs"\n}\n'
    assert checker.check(name, data) == [f"{name}:2: {WORD} 'StackOne'"]
    assert checker.check(name, data.replace(b"StackOne", b"Acme")) == []


# -- escapes in text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.json", '{"x": 1,\n "name": "\\u0053tack\\u004fne"}'),  # JSON
        ("a.md", 'x\n{"label": "\\u0053tackOne"}'),  # the actions JSON kept in a twin
        ("llms-full.txt", 'x\n"\\u0053tackOne"'),
        ("a.js", "x\nconst a = '\\x53tackOne';"),  # JS hex
        ("a.js", "x\nconst a = `\\u{53}tack\\u{4F}ne`;"),  # JS code point
        ("a.mjs", "x\nconst a = '\\123tackOne';"),  # JS octal (sloppy mode)
        ("a.js", "x\nconst a = '\\uD835\\uDC12tackOne';"),  # a surrogate pair: math bold S
        ("a.css", 'x\n.a::after { content: "\\53 tack\\4f ne"; }'),  # CSS
        ("a.css", 'x\n.a::after { content: "\\000053tackOne"; }'),  # six digits, no space
        ("a.html", "x\n<p>&#83;tack&#x4f;ne</p>"),  # entities
        ("a.html", "x\n<p>&amp;#83;tackOne</p>"),  # two layers: an agent decodes both
        ("a.html", "x\n<p>&#92;u0053tackOne</p>"),  # an entity of a JSON escape
        ("site.webmanifest", 'x\n"%53tack%4Fne"'),  # percent-encoding
        ("a.txt", "x\n%2553tackOne"),  # percent-encoding of percent-encoding
    ],
)
def test_escapes_are_decoded(checker: LeakChecker, name: str, text: str) -> None:
    hits = checker.check(name, text.encode())
    assert [h.split(":")[:2] for h in hits] == [[name, "2"]], hits
    assert words(hits)[0].lower() in ("stackone", "\U0001d412tackone".lower())


def test_escapes_in_clean_files_pass(checker: LeakChecker) -> None:
    for name, text in {
        "a.json": '{"name": "\\u0041cme", "path": "C:\\\\Users\\\\admin"}',
        "a.js": "const re = /\\d+\\s\\x41cme/; const a = '\\u{41}cme \\101cme';",
        "a.css": '.a::after { content: "\\2014 \\41 cme"; } .b { font: 1em/1 "x\\"y"; }',
        "a.md": "Paths like `C:\\new\\table` and regexes `\\bStack\\b`, 100% done.",
        "a.html": "<p>&amp;&lt;&gt; AT&amp;T &copy;2024 a&&b</p>",
    }.items():
        assert checker.check(name, text.encode()) == [], name


def test_a_line_break_an_escape_swallows_keeps_the_line_count(checker: LeakChecker) -> None:
    """CSS `\\53` + newline and a backslash-newline continuation join the word across lines;
    the hit names the line the word starts on, and lines after it stay right."""
    css = b'a\n.b::after { content: "\\53\ntack\\\nOne"; }\n.c { }\n/* StackOne */\n'
    assert checker.check("a.css", css) == [
        f"a.css:2: {WORD} 'StackOne'",
        f"a.css:6: {WORD} 'StackOne'",
    ]
    js = b"a\nconst s = 'Stack\\\nOne';\n// StackOne\n"
    assert checker.check("a.js", js) == [f"a.js:2: {WORD} 'StackOne'", f"a.js:4: {WORD} 'StackOne'"]
    # a decoded line break (`\n`, `&#10;`, `%0A`) never adds a line
    decoded = b'"a\\nb&#10;c%0Ad"\n\\u0053tackOne\n'
    assert checker.check("a.json", decoded) == [f"a.json:2: {WORD} 'StackOne'"]


def test_unescape_dialects() -> None:
    assert decode.unescape("\\53 tack\\4f ne", ".css") == "StackOne"
    assert decode.unescape("\\123tack", ".js") == "Stack"  # octal in JavaScript
    assert decode.unescape("\\123tack", ".css") == "\u0123tack"  # U+0123 in CSS
    assert decode.unescape("\\123tack", ".md") == "\u0123tack"  # no octal outside JS
    assert decode.unescape("\\x53\\u0074\\u{61}ck", ".txt") == "Stack"
    assert decode.unescape("\\S\\t", ".js") == "S\\t"  # an identity escape; `\t` not one
    assert decode.unescape("\\ud83d\\ude00", ".json") == "\U0001f600"
    assert decode.unescape("\\u{110000}\\u0000", ".js") == "\ufffd\ufffd"
    assert decode.unescape("&amp;amp;amp;amp;amp;", ".html", rounds=2) == "&amp;amp;amp;"
    assert decode.unescape("a&&b &copy2024 &nosuch;", ".js") == "a&&b ©2024 &nosuch;"


# -- SVG ----------------------------------------------------------------------------------------

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg">\n'
    '  <text x="0" y="20">S<tspan fill="red">tack</tspan></text>\n'
    '  <text x="38" y="20">One</text>\n'
    "</svg>\n"
)


def test_svg_text_runs_are_joined_across_tspan_and_text(checker: LeakChecker) -> None:
    assert checker.check("assets/logo.svg", SVG.encode()) == [
        f"assets/logo.svg:2: {WORD} 'StackOne' split by markup"
    ]
    clean = SVG.replace("tack", "cme").replace("One", "Co")
    assert checker.check("assets/logo.svg", clean.encode()) == []
    # in a page, an inline <svg>'s <tspan> joins too (block elements still split words)
    page = b"<p>x</p>\n<svg><text>Stack<tspan>One</tspan></text></svg>"
    assert checker.check("a.html", page) == [f"a.html:2: {WORD} 'StackOne' split by markup"]


# -- data: URIs ---------------------------------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.mark.parametrize(
    ("name", "uri", "inside"),
    [
        ("a.md", f"data:text/plain;base64,{b64(b'By StackOne')}", "a data: URI (text/plain)"),
        (
            "assets/s.css",
            f"data:image/svg+xml;base64,{b64(SVG.encode())}",
            "a data: URI (image/svg+xml)",
        ),
        (
            "a.html",
            "data:image/svg+xml,%3Csvg%3E%3Ctext%3EStack%3Ctspan%3EOne%3C/tspan%3E%3C/text%3E%3C/svg%3E",
            "a data: URI (image/svg+xml)",
        ),
        ("llms-full.txt", "data:,%53tackOne", "a data: URI (text/plain)"),
    ],
)
def test_data_uris_are_decoded(checker: LeakChecker, name: str, uri: str, inside: str) -> None:
    text = f"line one\n![logo]({uri}) and url({uri!r})\n"
    hits = checker.check(name, text.encode())
    assert hits and all(h.startswith(f"{name}:2: {WORD} 'StackOne'") for h in hits), hits
    assert any(h.endswith(f" in {inside}") for h in hits), hits
    clean = f"line one\n![logo](data:text/plain;base64,{b64(b'By Acme')})\n"
    assert checker.check(name, clean.encode()) == []


def test_a_data_uri_holding_an_image_is_read_as_one(checker: LeakChecker) -> None:
    image = png([(b"tEXt", b"Author\x00StackOne")])
    uri = f"data:image/png;base64,{b64(image)}"
    assert checker.check("a.md", f"x\n![]({uri})".encode()) == [
        f"a.md:2: {WORD} 'StackOne' in a data: URI (image/png) tEXt chunk 'Author'"
    ]


# -- containers -----------------------------------------------------------------------------------


def test_gzip_members_are_read(checker: LeakChecker) -> None:
    data = gzip.compress(b"x\ny\nBy StackOne\n")
    assert checker.check("assets/notes.txt.gz", data) == [
        f"assets/notes.txt.gz:1: {WORD} 'StackOne' in gunzipped, line 3"
    ]
    two = gzip.compress(b"clean\n") + gzip.compress(b"StackOne")  # a second member
    assert words(checker.check("a.gz", two)) == ["StackOne"]
    assert checker.check("assets/notes.txt.gz", gzip.compress(b"By Acme\n")) == []


def zipped(files: dict[str, bytes], comment: bytes = b"") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        zf.comment = comment
    return buf.getvalue()


def test_zip_members_names_and_nesting_are_read(checker: LeakChecker) -> None:
    data = zipped({"docs/a.txt": b"clean", "docs/b.md": b"one\nStackOne\n"})
    assert checker.check("assets/docs.zip", data) == [
        f"assets/docs.zip:1: {WORD} 'StackOne' in zip member docs/b.md, line 2"
    ]
    named = zipped({"StackOne/readme.txt": b"clean"})
    assert words(checker.check("a.zip", named)) == ["StackOne"]
    inner = zipped({"deep.txt.gz": gzip.compress(b"StackOne")})
    assert checker.check("a.zip", zipped({"inner.zip": inner})) == [
        f"a.zip:1: {WORD} 'StackOne' in zip member inner.zip member deep.txt.gz gunzipped, line 1"
    ]
    assert words(checker.check("a.zip", zipped({"a": b""}, comment=b"StackOne"))) == ["StackOne"]
    assert checker.check("a.zip", zipped({"a.txt": b"Acme", "b/": b""})) == []


def encrypted(data: bytes) -> bytes:
    """A zip whose member says it is encrypted (the flag in both headers)."""
    out = bytearray(data)
    for sig, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = out.find(sig)
        out[pos + at] |= 1
    return bytes(out)


def test_unreadable_containers_are_refused_unless_allowed(checker: LeakChecker) -> None:
    locked = encrypted(zipped({"a.txt": b"anything"}))
    [hit] = checker.check("assets/locked.zip", locked)
    assert hit.startswith("assets/locked.zip:1: zip member a.txt is encrypted and cannot be")
    assert "refused" in hit and "allow_files" in hit
    allowed = LeakChecker(acme(), {}, allow_files=["assets/*.zip"])
    assert allowed.check("assets/locked.zip", locked) == []
    assert allowed.check("assets/locked.pdf", pdf([], encrypt=True)) != []  # not that path
    [broken] = checker.check("a.zip", b"PK\x03\x04" + b"\x00" * 40)
    assert "cannot be read" in broken
    [bad_gzip] = checker.check("a.gz", b"\x1f\x8b\x08\x00" + b"\xff" * 20)
    assert "cannot be decompressed" in bad_gzip


# -- bombs ----------------------------------------------------------------------------------------

MIB = 2**20


def test_decompression_bombs_are_refused() -> None:
    """Every decompression counts against one budget per output file (MAX_BYTES; here 1 MiB,
    then the real one once): a gzip, a zip member, many members, a PDF stream, nested files."""
    small = LeakChecker(acme(), {}, max_bytes=MIB)
    big = b"\x00" * (MIB + 1)
    [hit] = small.check("assets/bomb.gz", gzip.compress(big))
    assert hit == (
        "assets/bomb.gz:1: the gzip file decodes to more than 1 MiB in all: refused as a "
        "possible decompression bomb (allow it in brand.yml `allow_files` if it is clean)"
    )
    [zhit] = small.check("assets/bomb.zip", zipped({"zeros.bin": big}))
    assert "zip member zeros.bin decodes to more than 1 MiB" in zhit
    half = b"\x00" * (MIB // 2 + 1)  # each member under the limit, both over it
    [many] = small.check("a.zip", zipped({"a": half, "b": half}))
    assert "zip member b decodes to more than 1 MiB" in many
    [phit] = small.check("a.pdf", pdf([(b"<< /Filter /FlateDecode >>", zlib.compress(big))]))
    assert "the PDF stream 1 decodes to more than 1 MiB" in phit
    nested = gzip.compress(zipped({"a.txt": half, "b.gz": gzip.compress(half)}))
    [nhit] = small.check("a.gz", nested)
    assert "more than 1 MiB" in nhit
    [uri] = small.check("a.md", f"![](data:text/plain;base64,{b64(big)})".encode())
    assert uri.startswith("a.md:1: a data: URI decodes to more than 1 MiB in all: refused as a")
    assert uri.endswith("(allow it in brand.yml `allow_files` if it is clean)")
    assert small.check("a.gz", gzip.compress(half)) == []  # under it: read
    real = LeakChecker(acme(), {})
    over = zlib.compressobj(1, zlib.DEFLATED, 31)
    bomb = over.compress(b"\x00" * (decode.MAX_BYTES + 1)) + over.flush()
    [default] = real.check("assets/bomb.gz", bomb)
    assert "decodes to more than 64 MiB in all" in default


def test_nesting_deeper_than_the_limit_is_refused(checker: LeakChecker) -> None:
    data = b"StackOne"
    for _ in range(decode.MAX_DEPTH + 1):
        data = gzip.compress(data)
    [hit] = checker.check("a.gz", data)
    assert f"nests containers more than {decode.MAX_DEPTH} deep" in hit
    ok = b"StackOne"
    for _ in range(decode.MAX_DEPTH):
        ok = gzip.compress(ok)
    assert words(checker.check("a.gz", ok)) == ["StackOne"]


# -- PDF ----------------------------------------------------------------------------------------


def pdf(streams: list[tuple[bytes, bytes]], info: bytes = b"", encrypt: bool = False) -> bytes:
    """A small PDF: each stream with its dictionary, then an Info dictionary."""
    out = b"%PDF-1.7\n"
    for n, (head, body) in enumerate(streams, 1):
        out += b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (n, head, body)
    out += b"9 0 obj\n<< /Producer (hubdocs test) " + info + b" >>\nendobj\n"
    out += b"trailer\n<< /Info 9 0 R" + (b" /Encrypt 8 0 R" if encrypt else b"") + b" >>\n%%EOF\n"
    return out


CONTENT = b"BT /F1 12 Tf 72 700 Td [(Stack) -30 (One)] TJ ET"


@pytest.mark.parametrize(
    ("streams", "info"),
    [
        ([(b"<< /Filter /FlateDecode >>", zlib.compress(CONTENT))], b""),
        (
            [
                (
                    b"<< /Filter [/ASCIIHexDecode /FlateDecode] >>",
                    zlib.compress(CONTENT).hex().encode() + b">",
                )
            ],
            b"",
        ),
        ([(b"<< /Filter /ASCII85Decode >>", base64.a85encode(CONTENT) + b"~>")], b""),
        ([(b"<< /Length 9 >>", b"BT (St) Tj (ackOne) Tj ET")], b""),  # unfiltered, two Tj
        ([], b"/Title (St\\141ck\\117ne)"),  # octal escapes in the document information
        ([], b"/Title <FEFF0053007400610063006B004F006E0065>"),  # UTF-16BE hex string
        (
            [
                (
                    b"<< /Filter /RunLengthDecode >>",
                    bytes([6]) + b"StackOn" + bytes([0]) + b"e" + b"\x80",
                )
            ],
            b"",
        ),
    ],
)
def test_pdf_streams_and_strings_are_read(checker: LeakChecker, streams: list, info: bytes) -> None:
    hits = checker.check("assets/guide.pdf", pdf(streams, info))
    assert hits and set(words(hits)) == {"StackOne"}, hits
    assert all(h.startswith("assets/guide.pdf:1: ") for h in hits)
    assert checker.check("assets/guide.pdf", pdf(streams, info).replace(b"One", b"Cat")) == [] or (
        b"One" not in pdf(streams, info)
    )


CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar
<0003> <0053>
<0010> <004F>
endbfchar
2 beginbfrange
<0004> <0006> <0074>
<0011> <0012> [<006E> <0065>]
endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""


def test_pdf_text_drawn_through_glyph_codes_is_read_with_its_cmap(checker: LeakChecker) -> None:
    """Browsers and office suites draw text with a subset font's glyph codes (Identity-H):
    the string is `<0003000400050006>`, and only the font's ToUnicode CMap says it is text.
    (0004..0006 map to t, u, v by the range; the codes below are chosen to spell the word.)"""
    cmap = b"""begincmap 1 beginbfchar <0003> <0053> <0004> <0074> <0005> <0061> <0006> <0063>
<0007> <006B> <0010> <004F> endbfchar 1 beginbfrange <0011> <0012> [<006E> <0065>]
endbfrange endcmap"""
    content = b"BT /F1 12 Tf <00030004000500060007> Tj [<0010> -20 <00110012>] TJ ET"
    doc = pdf(
        [(b"<< >>", zlib.compress(cmap)), (b"<< /Filter /FlateDecode >>", zlib.compress(content))]
    )
    doc = doc.replace(b"<< >>\nstream", b"<< /Filter /FlateDecode >>\nstream", 1)
    hits = checker.check("assets/guide.pdf", doc)
    assert hits == [
        f"assets/guide.pdf:1: {WORD} 'StackOne' in the PDF stream 2 (its fonts' glyph codes)"
    ]
    clean = content.replace(b"<0010>", b"<0003>")  # `StackSne`
    doc2 = pdf(
        [
            (b"<< /Filter /FlateDecode >>", zlib.compress(cmap)),
            (b"<< /Filter /FlateDecode >>", zlib.compress(clean)),
        ]
    )
    assert checker.check("assets/guide.pdf", doc2) == []
    width, table = decode.parse_cmap(CMAP)
    assert width == 2
    assert {k: table[k] for k in (3, 4, 5, 6, 0x10, 0x11, 0x12)} == {
        3: "S",
        4: "t",
        5: "u",
        6: "v",
        0x10: "O",
        0x11: "n",
        0x12: "e",
    }
    _, huge = decode.parse_cmap(b"beginbfrange <0000> <FFFFFFFF> <0041> endbfrange")
    assert len(huge) <= decode.CMAP_MAX + 1


def test_a_pdf_the_check_cannot_read_is_refused(checker: LeakChecker) -> None:
    [enc] = checker.check("a.pdf", pdf([], encrypt=True))
    assert "the PDF is encrypted and cannot be checked: refused" in enc
    [lzw] = checker.check("a.pdf", pdf([(b"<< /Filter /LZWDecode >>", b"\x80\x0b")]))
    assert "stream 1 uses the LZWDecode filter, which cannot be checked: refused" in lzw
    clean = pdf([(b"<< /Filter /FlateDecode >>", zlib.compress(b"BT (Acme) Tj ET"))])
    assert checker.check("a.pdf", clean) == []
    image = pdf([(b"<< /Filter /DCTDecode >>", b"\xff\xd8\xff\xe0 pixels")])
    assert checker.check("a.pdf", image) == []


# -- images -------------------------------------------------------------------------------------


def png(chunks: list[tuple[bytes, bytes]]) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    head = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    body = b"".join(chunk(k, b) for k, b in chunks)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", head)
        + body
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("chunks", "where"),
    [
        ([(b"tEXt", b"Author\x00By StackOne")], "PNG tEXt chunk 'Author', line 2"),
        (
            [(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"By StackOne"))],
            "PNG zTXt chunk 'Comment', line 2",
        ),
        (
            [(b"iTXt", b"Title\x00\x01\x00en\x00\x00" + zlib.compress("By Ѕtackοne".encode()))],
            "PNG iTXt chunk 'Title', line 4",
        ),
        (
            [
                (
                    b"iTXt",
                    b"XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta>&#83;tackOne</x:xmpmeta>",
                )
            ],
            "PNG iTXt chunk 'XML:com.adobe.xmp', line 4",
        ),
        ([(b"eXIf", b"MM\x00*" + "StackOne".encode("utf-16-le"))], "PNG"),
    ],
)
def test_png_text_chunks_are_read(checker: LeakChecker, chunks: list, where: str) -> None:
    hits = checker.check("assets/logo.png", png(chunks))
    assert hits == [f"assets/logo.png:1: {WORD} '{words(hits)[0]}' in the {where}"], hits
    assert words(hits)[0].lower() == "stackone"
    assert checker.check("assets/logo.png", png([(b"tEXt", b"Author\x00Acme")])) == []


def test_png_text_after_its_end_is_read(checker: LeakChecker) -> None:
    data = png([]) + b"StackOne"
    assert checker.check("logo.png", data) == [f"logo.png:1: {WORD} 'StackOne' in the PNG"]


def jpeg(segments: list[tuple[int, bytes]], tail: bytes = b"") -> bytes:
    out = b"\xff\xd8"
    for marker, body in segments:
        out += bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body
    sos = b"\xff\xda" + struct.pack(">H", 8) + b"\x01\x01\x00\x00\x3f\x00"
    return out + sos + b"\x12\x34\x56 entropy" + b"\xff\xd9" + tail


def test_jpeg_metadata_is_read(checker: LeakChecker) -> None:
    xmp = b"http://ns.adobe.com/xap/1.0/\x00<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><dc:title>St&#97;ckOne</dc:title><?xpacket end='w'?>"
    assert words(checker.check("a.jpg", jpeg([(0xE1, xmp)]))) == ["StackOne"]
    exif = b"Exif\x00\x00II*\x00" + "XPTitle StackOne".encode("utf-16-le")
    assert words(checker.check("a.jpg", jpeg([(0xE1, exif)]))) == ["StackOne"]
    assert words(checker.check("a.jpg", jpeg([(0xFE, b"StackOne")]))) == ["StackOne"]
    assert words(checker.check("a.jpg", jpeg([], tail=b"StackOne"))) == ["StackOne"]
    assert checker.check("a.jpg", jpeg([(0xE1, xmp.replace(b"St&#97;ckOne", b"Acme"))])) == []


def test_webp_metadata_is_read(checker: LeakChecker) -> None:
    def webp(chunks: list[tuple[bytes, bytes]]) -> bytes:
        body = b"WEBP" + b"".join(
            k + struct.pack("<I", len(b)) + b + b"\x00" * (len(b) & 1) for k, b in chunks
        )
        return b"RIFF" + struct.pack("<I", len(body)) + body

    hits = checker.check(
        "a.webp", webp([(b"VP8 ", b"\x00" * 10), (b"XMP ", b"<x:xmpmeta>&#83;tackOne</x:xmpmeta>")])
    )
    assert hits == [f"a.webp:1: {WORD} 'StackOne' in the WebP XMP packet, line 1"]
    assert checker.check("a.webp", webp([(b"EXIF", b"Acme")])) == []


# -- any other binary -----------------------------------------------------------------------------

NOISE = bytes(range(256)) * 4


@pytest.mark.parametrize(
    "text",
    [
        b"StackOne",  # ASCII (UTF-8)
        "StackOne".encode("utf-16-le"),
        "StackOne".encode("utf-16-be"),
        b"\x01" + "StackOne".encode("utf-16-le"),  # odd alignment
        "Ѕtаckοnе".encode(),  # Cyrillic and Greek in UTF-8
        "ꓢtackꓳne".encode("utf-16-le"),  # Lisu in UTF-16
        "ꜱᴛᴀᴄᴋᴏɴᴇ".encode("utf-16-be"),  # small capitals
        "Stack\u200bOne".encode(),  # an invisible code point inside
        "\uff33\uff54\uff41\uff43\uff4b\uff2f\uff4e\uff45".encode("utf-16-le"),  # fullwidth
    ],
)
def test_binary_strings_are_read(checker: LeakChecker, text: bytes) -> None:
    hits = checker.check("assets/font.woff2", NOISE + text + NOISE)
    assert hits and all(h.startswith("assets/font.woff2:1: ") for h in hits), hits
    assert {w.lower() for w in words(hits)} == {"stackone"}


def test_binary_noise_is_no_leak(checker: LeakChecker) -> None:
    import random

    rng = random.Random(29)
    for _ in range(20):
        blob = bytes(rng.randrange(256) for _ in range(20_000))
        assert checker.check("assets/blob.bin", blob) == []


# -- look-alikes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "disguise",
    [
        "ꜱᴛᴀᴄᴋᴏɴᴇ",  # small capitals
        "ꓢtackꓳne",  # Lisu
        "\uff33\uff54\uff41\uff43\uff4b\uff2f\uff4e\uff45",  # fullwidth
        "Ѕtаckоnе",  # Cyrillic
        "ЅТАСКОΝЕ",  # Cyrillic and Greek capitals
        "\U0001d412\U0001d42d\U0001d41a\U0001d41c\U0001d424\U0001d40e\U0001d427\U0001d41e",  # bold
        "\u24c8\u24e3\u24d0\u24d2\u24da\u24c4\u24dd\u24d4",  # circled
        "Stack\u0555ne",  # Armenian capital oh
        "St\u0251ck\u1d0fne",  # Latin alpha, small capital O
        "Stac\u0138One",  # kra: the prototype of small capital K
    ],
)
def test_look_alikes_are_caught(checker: LeakChecker, disguise: str) -> None:
    hits = checker.check("a.html", f"<p>x</p>\n<p>By {disguise}.</p>".encode())
    assert [h.rsplit("'", 2)[0] for h in hits] == [f"a.html:2: {WORD} "], hits
    assert words(hits)[0].lower() == "stackone"


def test_real_words_in_other_scripts_pass(checker: LeakChecker) -> None:
    text = "Café naïve Ελληνικά Русский текст 日本語 “quotes” — ½ ℃ Straße\n"
    assert checker.check("a.md", text.encode()) == []


def test_the_hand_written_look_alike_table_is_gone() -> None:
    source = (ROOT / "renderer/brand/leaks.py").read_text(encoding="utf-8")
    assert "аеорсух" not in source and "maketrans" not in source


# -- locating --------------------------------------------------------------------------------------


def test_leaks_in_a_copied_file_are_located_at_its_source(tmp_path) -> None:  # noqa: ANN001
    """A hit in an asset points at the file it was copied from (its path, and the line when it
    is text); a binary source is read, never a crash."""
    manifest = tmp_path / "theme/static/site.webmanifest"
    manifest.parent.mkdir(parents=True)
    manifest.write_text('{\n  "name": "\\u0053tackOne Docs"\n}\n', encoding="utf-8")
    logo = tmp_path / "theme/static/logo.png"
    logo.write_bytes(png([(b"tEXt", b"Author\x00StackOne")]))
    checker = LeakChecker(acme(), {})
    hits = checker.check("assets/site.webmanifest", manifest.read_bytes())
    hits += checker.check("assets/logo.png", logo.read_bytes())
    err = located_leak_error(
        acme(), hits, {"assets/site.webmanifest": str(manifest), "assets/logo.png": str(logo)}
    )
    got = [(p.pos.path, p.pos.line, p.pos.col) for p in err.problems]
    assert got == [(str(manifest), 2, 12), (str(logo), 1, 1)]
    assert "(would reach acme/assets/logo.png)" in err.problems[1].message
    assert "PNG tEXt chunk 'Author'" in err.problems[1].message


def test_a_real_build_locates_a_theme_files_leak_at_the_file(project) -> None:  # noqa: ANN001
    """The build passes what it copied where to the error: a manifest in the theme's static
    folder is named (its line too), not the output file under site/acme."""
    manifest = project / "site_template/static/site.webmanifest"
    manifest.write_text('{\n  "name": "\\u0053tackOne Docs"\n}\n', encoding="utf-8")
    proc = run_cli("build", "--brand", "acme", "--config", str(project / "mkdocs.yml"),
                   "--out", str(project / "out"))  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert "site_template/static/site.webmanifest:2:" in proc.stderr, proc.stderr
    assert not (project / "out/acme").exists()


_SOUP = ["&lt;", "&gt;", "&quot;", "&#34;", "&#x22;", "&#39;", "&#x27;", "&amp;", "&", "#", "x",
         "22", ";", "lt", "amp", "%41", "\\u0053", "S", " ", "\n", "&#X22;", "&#345;", "&ltx;",
         "&#x27a;", "quot"]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_SOUP), min_size=1, max_size=14), st.sampled_from(["", ".json"]))
def test_the_markup_reference_shortcut_decodes_as_the_entity_pattern_does(
    parts: list[str], kind: str
) -> None:
    """`unescape` replaces `&lt;`, `&#x22;` … with `str.replace` before the entity pattern runs
    (a speed-up): every text decodes exactly as with the pattern alone, layers included."""
    text = "".join(parts)
    fast = decode.unescape(text, kind)
    saved = decode._MARKUP_REFS
    decode._MARKUP_REFS = ()
    try:
        assert fast == decode.unescape(text, kind), text
    finally:
        decode._MARKUP_REFS = saved
