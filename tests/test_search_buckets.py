"""The search index in buckets: an edit re-indexes only its page's bucket (same bytes as a full
build), the re-indexed bucket is leak-checked before it is swapped in, and a bucket's glob names
exactly its pages whatever their file names."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from pathlib import Path

from renderer.brand.leaks import LeakChecker, hidden_fragments
from renderer.build import build
from renderer.config.mkdocs_yml import load_config
from renderer.parse.page import parse_guide
from renderer.search.buckets import bucket_name, bucket_of, read_manifest
from renderer.search.index import index_pages, reindex
from renderer.vary.site import collect_site

from .conftest import ROOT

LEAPSOME = "guides/leapsome/link-account/scim-api-token.mdx"
PAGE = "connectors/leapsome/guides/link-account/scim-api-token.html"


def _files(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _text(folder: Path) -> bytes:
    return b"".join(gzip.decompress(p.read_bytes()) for p in folder.rglob("*.pf_fragment"))


def test_edit_reindexes_only_its_bucket(project: Path) -> None:
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), ["stackone", "acme"], out, jobs=1)
    mine = bucket_name(bucket_of(PAGE))
    before = {b: _files(out / b / "pagefind") for b in ("stackone", "acme")}
    for b in before:
        buckets = read_manifest(out / b / "pagefind")
        assert buckets and mine in buckets and len(buckets) > 2, buckets  # several bundles
    guide = project / LEAPSOME
    guide.write_text(guide.read_text().replace("with an admin user.", "with an admin zyxwvu."))
    assert build(load_config(cfg), ["stackone", "acme"], out, jobs=1).site is None
    for b, old in before.items():
        new = _files(out / b / "pagefind")
        redone = {k.split("/")[0] for k in set(new) | set(old) if new.get(k) != old.get(k)}
        assert redone == {mine}, (b, redone)  # the other buckets were not touched
        assert b"zyxwvu" in _text(out / b / "pagefind" / mine)


def _hidden() -> dict[str, frozenset[str]]:
    guides = [
        parse_guide(
            str(p.relative_to(ROOT)), p.read_bytes(), p.relative_to(ROOT / "guides").as_posix()
        )
        for p in sorted((ROOT / "guides").rglob("*.mdx"))
    ]
    return hidden_fragments(collect_site(guides))


def test_reindexed_bucket_is_leak_checked_before_it_is_swapped_in(
    built: Path, tmp_path: Path
) -> None:
    """The branded tree re-indexed as if it were acme's: the new bucket is refused (its hidden
    text named in a Pagefind file) and the live bucket stays as it was."""
    site = tmp_path / "stackone"
    shutil.copytree(built / "stackone", site)
    mine = site / "pagefind" / bucket_name(bucket_of(PAGE))
    before = _files(mine)
    checker = LeakChecker(load_config(ROOT / "mkdocs.yml").brand("acme"), _hidden())
    hits = reindex(site, checker, tmp_path / "trash", [PAGE])
    assert any(f"pagefind/{mine.name}/fragment/" in h and "hidden text" in h for h in hits), hits
    assert _files(mine) == before
    assert not [p for p in (site / "pagefind").iterdir() if p.name.startswith(".")]


def test_a_bucket_glob_names_exactly_its_pages(tmp_path: Path) -> None:
    """File names with the glob's special characters index themselves and nothing else (each
    decoy is what the name would match read as a pattern); a connector's pages are named by
    its folder, where a page without `data-pagefind-body` (a redirect, say) stays out."""
    site = tmp_path / "site"
    pages = {
        "a{b,c}.html": "one", "x[1].html": "two", "q?.html": "three", "s*.html": "four",
        "connectors/c,1/guides/p.html": "nine",
    }  # fmt: skip
    decoys = {
        "ab.html": "five", "x1.html": "six", "qq.html": "seven", "sss.html": "eight",
        "connectors/c1/guides/p.html": "ten",
    }  # fmt: skip
    for name, word in {**pages, **decoys}.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        html = f"<html><body><main data-pagefind-body>word{word}</main></body></html>"
        (site / name).write_text(html)
    (site / "connectors/c,1/old.html").write_text("<html><body>wordeleven</body></html>")
    index_pages(site, sorted(pages), tmp_path / "bundle")
    text = _text(tmp_path / "bundle")
    assert all(f"word{w}".encode() in text for w in pages.values()), text
    assert not [w for w in [*decoys.values(), "eleven"] if f"word{w}".encode() in text]
