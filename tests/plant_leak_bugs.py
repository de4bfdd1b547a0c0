"""Plant each leak-check bug alone (the file restored after), run the tests named for it, and
report CAUGHT or MISSED: `.venv/bin/python tests/plant_leak_bugs.py [name filter]`. The rows
are the planted bugs of tests/SECURITY.md's leak section."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv/bin/python")
L, D, C = "renderer/brand/leaks.py", "renderer/brand/decode.py", "renderer/brand/confusables.py"
T = "tests/test_leak_decode.py"
BUGS = [
    (
        "assets/ read only when .css/.js/.svg",
        L,
        '        if decode.nature(path, data) != "text":',
        '        if path.startswith("assets/") and not path.endswith((".css", ".js", ".svg")):\n            return []\n        if decode.nature(path, data) != "text":',
        [
            f"{T}::test_every_file_kind_is_checked",
            "tests/test_leaks.py::test_every_file_is_read_for_parent_words",
        ],
    ),
    (
        "JS \\x escapes not decoded",
        D,
        r'|\\x(?P<x2>[0-9a-fA-F]{2})"',
        '"',
        [f"{T}::test_escapes_are_decoded"],
    ),
    (
        "CSS hex escapes not decoded",
        D,
        '"css": re.compile(r"\\\\(?P<nl>\\r\\n|[\\n\\r\\f])" + _CSS',
        '"css": re.compile(r"\\\\(?P<nl>\\r\\n|[\\n\\r\\f])"',
        [f"{T}::test_escapes_are_decoded"],
    ),
    (
        "a swallowed line break not counted",
        L,
        "return line + seen.count(decode.JOINED, 0, pos) if joined else line",
        "return line",
        [f"{T}::test_a_line_break_an_escape_swallows_keeps_the_line_count"],
    ),
    (
        "one layer of decoding only",
        D,
        'def unescape(text: str, kind: str = "", rounds: int = 4) -> str:',
        'def unescape(text: str, kind: str = "", rounds: int = 1) -> str:',
        [f"{T}::test_escapes_are_decoded"],
    ),
    (
        "SVG runs not joined",
        L,
        '".svg": _SVG_GAP}',
        "}",
        [f"{T}::test_svg_text_runs_are_joined_across_tspan_and_text"],
    ),
    (
        "data: URIs not read",
        L,
        "        if self.word_re is not None and decode.may_hold_data_uri(data):",
        "        if False:",
        [f"{T}::test_data_uris_are_decoded"],
    ),
    (
        "gzip: first member only",
        D,
        '    while rest[:2] == b"\\x1f\\x8b":  # members one after the other',
        "    for _ in range(1):",
        [f"{T}::test_gzip_members_are_read"],
    ),
    (
        "zip member names not read",
        D,
        '    yield Piece(f"{label} member names".strip(), ".txt", names, 0)',
        "    pass",
        [f"{T}::test_zip_members_names_and_nesting_are_read"],
    ),
    (
        "encrypted zip members read as they are",
        D,
        "        if info.flag_bits & 1:",
        "        if False:",
        [f"{T}::test_unreadable_containers_are_refused_unless_allowed"],
    ),
    (
        "allow_files ignored",
        L,
        "        return any(fnmatchcase(path, pattern) for pattern in self.allow_files)",
        "        return False",
        [f"{T}::test_unreadable_containers_are_refused_unless_allowed"],
    ),
    (
        "no decode budget",
        D,
        "        self.left -= n\n",
        "        pass\n",
        [f"{T}::test_decompression_bombs_are_refused"],
    ),
    (
        "no nesting limit",
        D,
        "    if depth > MAX_DEPTH:",
        "    if False:",
        [f"{T}::test_nesting_deeper_than_the_limit_is_refused"],
    ),
    (
        "PDF text objects not joined",
        D,
        '        return "".join(out)\n\n    texts = [strings(mt.group(1))',
        '        return "\\n".join(out)\n\n    texts = [strings(mt.group(1))',
        [f"{T}::test_pdf_streams_and_strings_are_read"],
    ),
    (
        "PDF ToUnicode CMaps not used",
        D,
        "        if not table:\n            continue",
        "        if True:\n            continue",
        [f"{T}::test_pdf_text_drawn_through_glyph_codes_is_read_with_its_cmap"],
    ),
    (
        "PNG zTXt not inflated",
        D,
        '        text = _inflate(rest[1:], zlib.MAX_WBITS, budget, chunk)[0].decode("latin-1")',
        '        text = rest.decode("latin-1")',
        [f"{T}::test_png_text_chunks_are_read"],
    ),
    (
        "JPEG read as image data only",
        D,
        '    yield from _binary(name, data, budget, depth, label or "the JPEG")',
        "    return\n    yield",
        [f"{T}::test_jpeg_metadata_is_read"],
    ),
    (
        "binary: UTF-16 of ASCII not read",
        L,
        '        for view in (data, data.replace(b"\\0", b"")):',
        "        for view in (data,):",
        [f"{T}::test_binary_strings_are_read"],
    ),
    (
        "binary: look-alikes not folded",
        L,
        "        for text in decode.lookalike_runs(data, self.shortest):",
        "        for text in ():",
        [f"{T}::test_binary_strings_are_read"],
    ),
    (
        "small capitals not folded",
        C,
        "    for entry in FOLD.split():",
        "    for entry in [e for e in FOLD.split() if not 0x1D00 <= int(e.split('=')[0], 16) <= 0x1D2B]:",
        [f"{T}::test_look_alikes_are_caught", "tests/test_confusables.py"],
    ),
    (
        "Lisu not folded",
        C,
        "    for entry in FOLD.split():",
        "    for entry in [e for e in FOLD.split() if not 0xA4D0 <= int(e.split('=')[0], 16) <= 0xA4FF]:",
        [f"{T}::test_look_alikes_are_caught"],
    ),
    (
        "binary source read as text",
        L,
        '    return data.decode("utf-8", errors="replace") if decode.nature(path, data) == "text" else ""',
        '    return data.decode("utf-8", errors="replace")',
        [f"{T}::test_leaks_in_a_copied_file_are_located_at_its_source"],
    ),
    (
        "lower-case prefilter skips İ ı ſ K",
        L,
        "any(c in seen for c in _IGNORECASE_ASCII)",
        "False",
        ["tests/test_leaks.py::test_letters_only_a_case_insensitive_search_folds_are_found"],
    ),
]
only = sys.argv[1:]
for name, rel, old, new, tests in BUGS:
    if only and not any(o in name for o in only):
        continue
    path = ROOT / rel
    backup = path.read_text()
    if backup.count(old) != 1:
        print(f"NOT PLANTED ({backup.count(old)} matches): {name}")
        continue
    try:
        path.write_text(backup.replace(old, new))
        proc = subprocess.run(
            ["nice", PY, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-200:]
        print(f"{'CAUGHT' if proc.returncode else 'MISSED'}: {name}: {last}")
    finally:
        path.write_text(backup)
