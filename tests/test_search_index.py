"""`renderer/search/index.py` piece by piece, with the real Pagefind binary: bundles made in
memory (the caller's service used and left open; an own service ended), a Pagefind failure
as one located error, every bundle file leak-checked (escaped markup and each page's fragment
against that page's hidden text), entry ids per page, and the delta swap (stale temporary
folders removed, the old delta discarded, `index.json` naming the new one)."""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import pytest

from renderer.brand.leaks import LeakChecker
from renderer.config.mkdocs_yml import load_config
from renderer.core.errors import GuideError
from renderer.search.index import (
    BUNDLE,
    MANIFEST,
    PAGEFIND_ENV,
    SIGNATURE,
    binary,
    build_bundle,
    bundle_files,
    bundle_leaks,
    decoded,
    delta_bundle,
    delta_bundles,
    files_leaks,
    finish,
    fragment_text,
    fragment_url,
    manifest,
    page_ids,
    read_docs,
    reindex,
    search_doc,
    swap_delta,
)
from renderer.search.service import Pagefind

from .conftest import ROOT


def doc(title: str, words: str) -> str:
    return (
        f"<!doctype html><html lang='en'><head><title>{title}</title></head><body>"
        f"<article data-pagefind-body><h1>{title}</h1><p>{words}</p></article></body></html>"
    )


DOCS = {"a.html": doc("Alpha", "apples and oranges"), "b/c.html": doc("Gamma", "grapes")}


def children() -> set[int]:
    """The live child processes of this process (Linux)."""
    out: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        with open(task / "children") as fh:
            out.update(int(x) for x in fh.read().split())
    return out


def test_a_bundle_from_memory_indexes_every_page_and_ends_its_own_service() -> None:
    before = children()
    files = build_bundle(DOCS)
    assert children() == before, "build_bundle left its Pagefind process running"
    assert "pagefind-entry.json" in files and "pagefind.js" in files
    assert sorted(page_ids(files)) == ["a.html", "b/c.html"]
    assert not any(name.startswith("pagefind-ui") for name in files)  # the unused UI is dropped


def test_a_given_service_is_used_and_left_open() -> None:
    with Pagefind() as service:
        first = build_bundle(DOCS, service)
        sent = service.next_id
        assert sent > 0, "the caller's service was not used"
        again = build_bundle(DOCS, service)  # still open: a second bundle from it
        assert service.next_id > sent and service.proc.poll() is None
    assert first == again


def test_a_pagefind_that_fails_is_one_located_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PAGEFIND_ENV, "/bin/false")  # a real binary that stops at once
    with pytest.raises(GuideError) as err:
        build_bundle(DOCS)
    (p,) = err.value.problems
    assert (p.pos.path, p.pos.line, p.pos.col) == (BUNDLE, 1, 1)
    assert p.message.startswith("Pagefind failed: Pagefind stopped"), p.message
    assert "pagefind_bin" in p.hint


def test_page_ids_name_each_pages_fragment() -> None:
    files = build_bundle(DOCS)
    ids = page_ids(files)
    for rel, pid in ids.items():
        fragment = gzip.decompress(files[f"fragment/{pid}.pf_fragment"])
        assert json.loads(fragment[len(SIGNATURE) :])["url"] == "/" + rel


def test_read_docs_skips_missing_and_unsearchable_pages(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(DOCS["a.html"])
    (tmp_path / "plain.html").write_text("<html><body><p>No article.</p></body></html>")
    (tmp_path / "z.html").write_text(DOCS["b/c.html"])
    docs = read_docs(tmp_path, ["gone.html", "a.html", "plain.html", "z.html"])
    assert sorted(docs) == ["a.html", "z.html"]  # after a missing one, the rest still read
    assert "apples" in docs["a.html"]


def _checker(brand: str = "acme", fragments: dict | None = None) -> LeakChecker:
    return LeakChecker(load_config(ROOT / "mkdocs.yml").brand(brand), fragments or {})


def test_hidden_text_with_markup_characters_is_found_in_the_fragment() -> None:
    """Hidden text holding markup characters (`<tenant>`, written `&lt;tenant&gt;` in the page)
    is found in the fragment, where Pagefind writes it as text."""
    hidden = "paste https://x.example/<tenant>/scim into the hub"
    checker = _checker(fragments={"/a": frozenset({hidden})})
    files = build_bundle({"a.html": doc("Alpha", hidden.replace("<", "&lt;").replace(">", "&gt;"))})
    (pid,) = page_ids(files).values()
    fragment = gzip.decompress(files[f"fragment/{pid}.pf_fragment"])
    assert b"/<tenant>/" in fragment  # as Pagefind writes it
    (hit,) = files_leaks(checker, files)
    assert "hidden text" in hit and f"{BUNDLE}/fragment/{pid}.pf_fragment" in hit


@pytest.mark.parametrize(
    "hidden",
    [
        'the "secret" hub token is pasted',
        "a back\\slash in the hub token field",
        "hub token \u2014 paste it",
    ],
)
def test_hidden_text_that_json_escapes_is_found_in_the_fragment(hidden: str) -> None:
    checker = _checker(fragments={"/a": frozenset({hidden})})
    files = build_bundle({"a.html": doc("Alpha", hidden.replace('"', "&quot;"))})
    (hit,) = files_leaks(checker, files)
    assert "hidden text" in hit, hit


def test_each_pages_fragment_is_checked_for_that_pages_hidden_text() -> None:
    hidden = "the secret hub token is pasted here"
    checker = _checker(fragments={"/a": frozenset({hidden}), "/b": frozenset({"other words x"})})
    files = build_bundle(
        {
            "a.html": doc("Alpha", f"Visible, then {hidden}."),
            "b.html": doc("Beta", "other words x and more."),
            "c.html": doc("Gamma", "Nothing hidden."),
        }
    )
    hits = files_leaks(checker, files)
    assert len([h for h in hits if "hidden text" in h]) == 2, hits  # both pages, each found
    assert all(f"{BUNDLE}/fragment/" in h for h in hits)


def test_a_bundle_folder_is_checked_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "pagefind"
    (folder / "fragment").mkdir(parents=True)
    (folder / "fragment/x.pf_fragment").write_bytes(gzip.compress(SIGNATURE + b'{"url":"/x"}'))
    (folder / "deep/er").mkdir(parents=True)
    (folder / "deep/er/f.json").write_bytes(b'{"name": "StackOne"}')
    assert [p for p, _ in bundle_files(folder)] == [
        "pagefind/deep/er/f.json",
        "pagefind/fragment/x.pf_fragment",
    ]
    assert [p for p, _ in bundle_files(folder, "acme/pagefind")][
        0
    ] == "acme/pagefind/deep/er/f.json"
    (hit,) = bundle_leaks(_checker(), folder, "acme/pagefind")
    assert hit.startswith("acme/pagefind/deep/er/f.json:1:"), hit


def _swap(folder: Path, trash: Path, pages: list[str], ids: dict[str, str]) -> list[str]:
    files = build_bundle(read_docs(folder, pages))
    return swap_delta(folder, None, trash, pages, files, ids)


def test_swapping_deltas(tmp_path: Path) -> None:
    site, trash = tmp_path / "site", tmp_path / "trash"
    (site / BUNDLE).mkdir(parents=True)
    trash.mkdir()
    (site / "a.html").write_text(DOCS["a.html"])
    (site / "b").mkdir()
    (site / "b/c.html").write_text(DOCS["b/c.html"])
    stale = site / BUNDLE / ".delta-0123456789.tmp-1-x"  # left by a killed build
    (stale / "sub").mkdir(parents=True)
    (site / BUNDLE / MANIFEST).write_bytes(manifest())
    assert swap_delta(site, None, trash, [], {}, {}) == []
    assert not stale.exists(), "a killed build's temporary delta is removed"
    assert json.loads((site / BUNDLE / MANIFEST).read_text()) == {"delta": None}

    ids = {"a.html": "base_a", "b/c.html": "base_c"}
    assert _swap(site, trash, ["a.html"], ids) == []
    first = json.loads((site / BUNDLE / MANIFEST).read_text())
    assert first["mask"] == ["base_a"] and (site / BUNDLE / first["delta"]).is_dir()
    assert (site / BUNDLE / first["delta"] / "fragment").is_dir()  # nested folders made

    (site / "b/c.html").write_text(doc("Gamma", "grapes and melons"))
    assert _swap(site, trash, ["a.html", "b/c.html"], ids) == []
    second = json.loads((site / BUNDLE / MANIFEST).read_text())
    assert second["mask"] == ["base_a", "base_c"] and second["delta"] != first["delta"]
    assert not (site / BUNDLE / first["delta"]).exists(), "the old delta is discarded"
    left = sorted(p.name for p in (site / BUNDLE).iterdir())
    assert left == sorted([second["delta"], MANIFEST]), left

    # the same pages again: the same delta, nothing rewritten
    mtime = os.stat(site / BUNDLE / second["delta"]).st_mtime_ns
    assert _swap(site, trash, ["a.html", "b/c.html"], ids) == []
    assert os.stat(site / BUNDLE / second["delta"]).st_mtime_ns == mtime


@pytest.mark.parametrize(
    "written",
    [
        b"not json",
        b"[1, 2]",
        b'{"delta": 3}',
        b'{"delta": "../etc"}',
        b'{"delta": "delta-012345678"}',
        b'{"delta": "delta-0123456789x"}',
    ],
)
def test_a_manifest_naming_no_valid_delta_discards_nothing(tmp_path: Path, written: bytes) -> None:
    site, trash = tmp_path / "site", tmp_path / "trash"
    (site / BUNDLE / "keep").mkdir(parents=True)
    trash.mkdir()
    (site / "a.html").write_text(DOCS["a.html"])
    (site / BUNDLE / MANIFEST).write_bytes(written)
    assert _swap(site, trash, ["a.html"], {}) == []
    assert (site / BUNDLE / "keep").is_dir()
    assert json.loads((site / BUNDLE / MANIFEST).read_text())["delta"].startswith("delta-")


def test_the_pagefind_binary_is_found_or_one_located_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import pagefind_bin

    monkeypatch.setenv(PAGEFIND_ENV, "/opt/my/pagefind")
    assert binary("site") == "/opt/my/pagefind"
    monkeypatch.delenv(PAGEFIND_ENV)
    assert binary("site") == str(pagefind_bin.get_executable())  # the wheel's
    # without the wheel: a `pagefind` on PATH, else one error naming what to install
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)
    tool = tmp_path / "pagefind"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert binary("site") == str(tool)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(GuideError) as err:
        binary("acme/pagefind")
    (p,) = err.value.problems
    assert (p.pos.path, p.pos.line, p.pos.col) == ("acme/pagefind", 1, 1)
    assert p.message == "the Pagefind binary is not installed: site search cannot be built"
    assert p.hint == "install it with `pip install 'pagefind[bin]'` (hubdocs depends on it)"


def test_search_doc_is_exactly_the_head_title_and_the_article() -> None:
    html = (
        "<title>Page &amp; more</title><body><nav>Menu</nav>"
        "<article data-pagefind-body><svg><title>Icon</title></svg><p>Caf\xe9</p></article>"
        "<footer>Foot</footer></body>"
    ).encode("latin-1")  # an invalid UTF-8 byte: replaced, never an error
    assert search_doc(html) == (
        '<!doctype html><html lang="en"><head><title>Page &amp; more</title></head><body>'
        "<article data-pagefind-body><svg><title>Icon</title></svg><p>Caf\ufffd</p></article>"
        "</body></html>"
    )
    untitled = b"<body><article data-pagefind-body><svg><title>Icon</title></svg></article>"
    assert search_doc(untitled).startswith('<!doctype html><html lang="en"><head></head><body>')
    assert search_doc(b"<article>no marker</article>") is None
    assert search_doc(b"</article><div data-pagefind-body>after the last article</div>") is None


def test_fragment_url_and_fragment_text() -> None:
    def frag(record: dict, signed: bool = True) -> bytes:
        return (SIGNATURE if signed else b"") + json.dumps(record).encode()

    assert fragment_url(frag({"url": "/a/b.html#x", "meta": {}})) == "/a/b"
    assert fragment_url(frag({"url": "/a.html", "meta": {"url": "/m"}})) == "/m"
    assert fragment_url(frag({"url": "/plain"}, signed=False)) == "/plain"
    assert fragment_url(frag({"meta": {}})) is None
    assert fragment_url(SIGNATURE + b"{broken") is None
    record = {"url": "/a.html", "content": 'Say "hi" \\ now', "meta": {"title": "T"}, "n": 3}
    assert (
        fragment_text(frag(record)) == b'url\n/a.html\ncontent\nSay "hi" \\ now\nmeta\ntitle\nT\nn'
    )
    assert fragment_text(frag(record, signed=False)).startswith(b"url\n/a.html\n")
    assert fragment_text(b"not json") == b"not json"


def test_broken_gzip_files_are_checked_as_they_are() -> None:
    whole = gzip.compress(b"StackOne")
    broken = {
        "truncated": whole[:12],  # EOFError
        "bad-magic-rest": b"\x1f\x8b\x08\x00" + b"\x00" * 6 + b"garbage!",  # zlib.error
        "bad-method": b"\x1f\x8b\x07" + whole[3:],  # BadGzipFile (an OSError)
        "good": whole,
    }
    out = dict(decoded(broken, "p"))
    assert out["p/good"] == b"StackOne"
    for name in ("truncated", "bad-magic-rest", "bad-method"):
        assert out[f"p/{name}"] == broken[name]


def test_finish_drops_the_unused_files_present_and_stabilises() -> None:
    with Pagefind() as service:
        index = service.new_index()
        service.add(index, "/a.html", DOCS["a.html"])
        raw = service.files(index)
    assert "pagefind-ui.js" in raw
    del raw["pagefind-highlight.js"]  # one unused file missing: the others still dropped
    out = finish(raw)
    assert not {"pagefind-ui.js", "pagefind-ui.css"} & set(out) and "pagefind.js" in out


def test_manifest_bytes() -> None:
    assert manifest() == b'{"delta":null}'
    assert manifest("delta-0123456789", ["b", "a", "b"]) == (
        b'{"delta":"delta-0123456789","mask":["a","b"]}'
    )


def test_page_ids_of_any_page_name() -> None:
    files = build_bundle({"Xeno.html": doc("X", "x words"), "/a.html": doc("A", "a words")})
    assert sorted(page_ids(files)) == ["Xeno.html", "a.html"]


def test_a_leaking_delta_is_refused_where_it_would_be_written(tmp_path: Path) -> None:
    site, trash = tmp_path / "site", tmp_path / "trash"
    (site / BUNDLE).mkdir(parents=True)
    trash.mkdir()
    (site / BUNDLE / MANIFEST).write_bytes(manifest())
    (site / "a.html").write_text(doc("Alpha", "Made by StackOne."))
    hits = reindex(site, _checker(), trash, ["a.html", "a.md"], {"a.html": "base"})
    assert hits and all(h.startswith(f"{BUNDLE}/delta-") for h in hits), hits
    assert any("parent brand word 'StackOne'" in h for h in hits)
    assert sorted(p.name for p in (site / BUNDLE).iterdir()) == [MANIFEST]  # nothing swapped
    assert json.loads((site / BUNDLE / MANIFEST).read_text()) == {"delta": None}
    (site / "a.html").write_text(doc("Alpha", "Made by us."))
    assert reindex(site, _checker(), trash, ["a.html", "a.md"], {"a.html": "base"}) == []
    assert json.loads((site / BUNDLE / MANIFEST).read_text())["mask"] == ["base"]
    assert reindex(site, _checker(), trash, ["a.md"], {}) == []  # no page: nothing to index


def test_delta_bundles_of_several_folders_are_each_folders_own_bundle(tmp_path: Path) -> None:
    """One Pagefind process for every brand of an incremental build: each folder's bundle has
    the same bytes as a bundle made alone; a folder whose pages are none of them searchable
    gets an empty bundle, one with no page none; the service is ended."""
    one, two, plain, none = (tmp_path / n for n in ("one", "two", "plain", "none"))
    for folder, text in ((one, DOCS["a.html"]), (two, DOCS["b/c.html"]), (plain, "<p>x</p>")):
        folder.mkdir()
        (folder / "p.html").write_text(text)
    before = children()
    got = delta_bundles({one: ["p.html", "p.md"], two: ["p.html"], plain: ["p.html"], none: []})
    assert children() <= before
    assert got[one] == (["p.html"], build_bundle(read_docs(one, ["p.html"])))
    assert got[two] == (["p.html"], build_bundle(read_docs(two, ["p.html"])))
    assert got[one][1] != got[two][1]
    assert got[plain][0] == ["p.html"] and "pagefind-entry.json" in got[plain][1]
    assert got[none] == ([], {})
    assert delta_bundle(two, ["p.html"]) == got[two]


def test_a_delta_is_checked_except_files_the_checked_base_has_byte_for_byte(
    tmp_path: Path,
) -> None:
    """Pagefind's own script and WebAssembly are the same in every bundle: a delta's copy equal
    to the base's (checked when it was written) is not checked again. A file that differs from
    the base, or one the base lacks, is; and a page's fragment always is (its page's hidden
    text may have changed)."""
    site, trash = tmp_path / "site", tmp_path / "trash"
    trash.mkdir()
    (site / "a.html").parent.mkdir(parents=True)
    (site / "a.html").write_text(doc("Alpha", "apples"))
    pages, files = delta_bundle(site, ["a.html"])
    (site / BUNDLE).mkdir()
    (site / BUNDLE / MANIFEST).write_bytes(manifest())
    leaky = {**files, "pagefind.js": b"// StackOne", "extra.js": b"// StackOne"}
    fragment = next(p for p in files if p.startswith("fragment/"))
    for rel in ("pagefind.js", fragment):  # the base holds the same bytes
        (site / BUNDLE / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / BUNDLE / rel).write_bytes(leaky[rel])
    hits = swap_delta(site, _checker(), trash, pages, leaky, {})
    assert [h.split(":")[0].split("/", 2)[-1] for h in hits] == ["extra.js"], hits
    hidden = _checker("acme", {"/a": frozenset({"apples"})})
    hits = swap_delta(site, hidden, trash, pages, files, {})
    assert hits and all(fragment in h for h in hits), hits  # equal to the base, still checked
    (site / BUNDLE / "pagefind.js").write_bytes(b"// older")  # the base's differs: checked
    hits = swap_delta(site, _checker(), trash, pages, leaky, {})
    assert sorted(h.split(":")[0].split("/", 2)[-1] for h in hits) == ["extra.js", "pagefind.js"]
