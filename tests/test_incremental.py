"""Incremental builds: a fresh process rebuilds only what an edit changed, with the same bytes
as a full build, and leaves every other file untouched."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renderer.build import build
from renderer.config.mkdocs_yml import load_config

from . import search_view

LEAPSOME = "guides/leapsome/link-account/scim-api-token.mdx"


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def contents(folder: Path) -> dict[str, str]:
    """File -> sha256 of its bytes; a search bundle as the pages it answers with (a delta
    bundle after incremental builds, one bundle after a full build)."""
    return search_view.contents(folder)


def test_body_edit_rewrites_only_its_pages_and_the_indexes(project: Path) -> None:
    cfg = project / "mkdocs.yml"
    out, full = project / "out", project / "full"
    first = build(load_config(cfg), out=out, jobs=1)
    assert first.mode == "full"  # a full build
    before = snapshot(out)
    guide = project / LEAPSOME
    guide.write_text(
        guide.read_text().replace("with an admin user.", "with an admin user account.")
    )
    report = build(load_config(cfg), out=out, jobs=1)
    assert report.mode == "incremental"  # the incremental path
    assert {b.brand: b.files for b in report.brands} == {"stackone": 4, "acme": 4, "northwind": 4}
    after = snapshot(out)
    changed = sorted(k for k in after if after.get(k) != before.get(k) and "/pagefind/" not in k)
    page = "connectors/leapsome/guides/link-account/scim-api-token"
    expected = sorted(
        f"{b}/{f}"
        for b in ("stackone", "acme", "northwind")
        for f in (
            f"{page}.html",
            f"{page}.md",
            "llms-full.txt",
            "connectors/leapsome/llms-full.txt",
        )
    )
    assert changed == expected
    for b in ("stackone", "acme", "northwind"):  # the brand was re-indexed for search
        assert any(k.startswith(f"{b}/pagefind/") and k not in before for k in after), b
    build(load_config(cfg), out=full, jobs=1, incremental=False)
    assert contents(out) == contents(full)


def test_structural_edit_falls_back_to_a_full_build(project: Path) -> None:
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    guide = project / LEAPSOME
    guide.write_text(
        guide.read_text().replace(
            "<h2>Generate a SCIM Authentication Token</h2>", "<h2>Create the token</h2>"
        )
    )
    report = build(load_config(cfg), out=out, jobs=1)
    assert report.mode == "full"  # an anchor changed: other pages may link to it
    build(load_config(cfg), out=project / "full", jobs=1, incremental=False)
    assert contents(out) == contents(project / "full")


def test_theme_change_or_missing_output_means_full_build(project: Path) -> None:
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    css = project / "site_template/static/style.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    assert build(load_config(cfg), out=out, jobs=1).mode == "full"
    assert build(load_config(cfg), out=out, jobs=1).mode == "incremental"  # nothing changed since
    import shutil

    shutil.rmtree(out / "acme")
    (project / LEAPSOME).write_text((project / LEAPSOME).read_text() + "\nMore.\n")
    assert build(load_config(cfg), out=out, jobs=1).mode == "full"
    assert (out / "acme/index.html").is_file()


def test_broken_edit_writes_nothing(project: Path) -> None:
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    before = snapshot(out)
    (project / LEAPSOME).write_text((project / LEAPSOME).read_text() + "\n<Steps>\n")
    import pytest

    from renderer.core.errors import GuideError

    with pytest.raises(GuideError):
        build(load_config(cfg), out=out, jobs=1)
    assert snapshot(out) == before


def test_deleted_output_is_rebuilt_even_without_source_changes(project: Path) -> None:
    import shutil

    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    shutil.rmtree(out / "northwind")
    report = build(load_config(cfg), out=out, jobs=1)
    assert report.mode == "full"
    assert (out / "northwind/index.html").is_file()
    assert (
        build(load_config(cfg), out=out, jobs=1).mode == "incremental"
    )  # and then it is current again


def test_shards_together_equal_one_build(project: Path) -> None:
    """The shards partition the brands: disjoint, and together one build, byte for byte."""
    from .conftest import run_cli

    cfg = str(project / "mkdocs.yml")
    assert run_cli("build", "--config", cfg, "--out", str(project / "single")).returncode == 0
    single = contents(project / "single")
    for count in (2, 3):
        seen: list[str] = []
        for index in range(1, count + 1):
            out = project / f"shard-{index}-of-{count}"
            proc = run_cli(
                "build", "--shard", f"{index}/{count}", "--config", cfg, "--out", str(out)
            )
            assert proc.returncode == 0, proc.stderr
            names = sorted(p.name for p in out.iterdir() if p.is_dir())
            assert names, (index, count)
            seen += names
            for name in names:
                assert contents(out / name) == {
                    k.removeprefix(name + "/"): v
                    for k, v in single.items()
                    if k.startswith(name + "/")
                }
        assert sorted(seen) == ["acme", "northwind", "stackone"], (count, seen)  # no overlap
    bad = run_cli("build", "--shard", "3/2", "--config", cfg, "--out", str(project / "x"))
    assert bad.returncode == 1 and "--shard takes I/N" in bad.stderr


def test_editor_save_through_a_rename_stays_incremental(project: Path) -> None:
    """Editors that save atomically (temp file + rename) touch the folder, not its contents."""
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    guide = project / LEAPSOME
    tmp = guide.with_name(".scim-api-token.mdx.swp")
    tmp.write_text(guide.read_text().replace("with an admin user.", "with an admin account."))
    tmp.replace(guide)
    report = build(load_config(cfg), out=out, jobs=1)
    assert report.mode == "incremental"
    assert {b.files for b in report.brands} == {4}
    build(load_config(cfg), out=project / "full", jobs=1, incremental=False)
    assert contents(out) == contents(project / "full")


def test_added_source_or_folder_falls_back_to_a_full_build(project: Path) -> None:
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    new = project / "guides/newtool/link-account/api-key.mdx"
    new.parent.mkdir(parents=True)
    text = (project / LEAPSOME).read_text()
    new.write_text(text.replace("Leapsome", "Newtool").replace("SCIM API Token", "API Key"))
    report = build(load_config(cfg), out=out, jobs=1)
    assert report.mode == "full"
    assert (out / "stackone/connectors/newtool/guides/link-account/api-key.html").is_file()
    new.unlink()
    assert build(load_config(cfg), out=out, jobs=1).mode == "full"
    assert not (out / "stackone/connectors/newtool").exists()
    assert build(load_config(cfg), out=out, jobs=1).mode == "incremental"


def test_hidden_text_edit_rechecks_every_page(project: Path) -> None:
    """Text moved into a hidden block must be leak-checked in every other page's index pieces,
    so such an edit takes the full path (which also catches the leak)."""
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    guide = project / LEAPSOME
    guide.write_text(
        guide.read_text().replace(
            "Use one of the three", "Use one of the three well-documented hub"
        )
    )
    report = build(load_config(cfg), out=out, jobs=1)
    assert report.mode == "full"


def test_watcher_hint_is_kept_until_a_build_succeeds(project: Path) -> None:
    """`hubdocs serve` passes the watcher's changed paths: the whole tree until its first good
    build, then what the watcher named, kept across failed builds."""
    from renderer.core.errors import GuideError, Problem, SourcePos
    from renderer.serve.live import Broker, paths_below, rebuilder

    cfg = load_config(project / "mkdocs.yml")
    out = project / "out"
    build(cfg, out=out, jobs=1)
    seen: list[set[str] | None] = []
    fail = [True]
    versions: list[int] = []
    twin = out / "stackone/connectors/leapsome/guides/link-account/scim-api-token.md"

    def build_once(paths: set[str] | None, pages_ready) -> None:  # noqa: ANN001
        seen.append(None if paths is None else set(paths))
        if fail[0]:
            fail[0] = False
            raise GuideError([Problem(SourcePos("x.mdx", 1, 1), "broken on purpose")])

        def ready() -> None:  # the page is on disk, its index pieces not yet
            if not versions:
                assert "One more line." in twin.read_text()
                assert "One more line." not in (out / "stackone/llms-full.txt").read_text()
            pages_ready()
            versions.append(broker.version)

        hint = paths_below(paths, cfg.guides_dir)
        assert build(cfg, out=out, jobs=1, changed=hint, pages_done=ready).mode == "incremental"

    broker = Broker()
    run = rebuilder(build_once, broker, open("/dev/null", "w"))  # noqa: SIM115
    guide = str((project / LEAPSOME).resolve())
    other = str((project / "guides/slack/link-account/oauth-2-0.mdx").resolve())
    run({guide})
    assert seen[0] is None  # the first rebuild checks the whole tree
    assert broker.problems and broker.problems[0]["message"] == "broken on purpose"
    (project / LEAPSOME).write_text((project / LEAPSOME).read_text() + "\nOne more line.\n")
    run({other})
    assert seen[1] is None and broker.problems == []  # still the whole tree: no good build yet
    assert versions and broker.version == versions[0]  # one reload, sent when the page was ready
    assert "One more line." in (out / "stackone/llms-full.txt").read_text()
    fail[0] = True
    run({guide})
    assert seen[2] == {guide} and broker.problems
    run({other})
    assert seen[3] == {guide, other} and broker.problems == []  # kept across the failure
    run(set())  # an add or delete: no hint, the whole tree is checked
    assert seen[4] is None


def test_index_file_out_of_step_with_the_cache_means_full_build(project: Path) -> None:
    """A splice interrupted after replacing an index file (or a hand edit) leaves it out of
    step with the saved piece sizes: the next build must not splice at stale offsets."""
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    with open(out / "acme/llms-full.txt", "ab") as fh:
        fh.write(b"\nstray\n")
    guide = project / LEAPSOME
    guide.write_text(guide.read_text().replace("with an admin user.", "with an admin login."))
    assert build(load_config(cfg), out=out, jobs=1).mode == "full"
    build(load_config(cfg), out=project / "full", jobs=1, incremental=False)
    assert (out / "acme/llms-full.txt").read_bytes() == (
        project / "full/acme/llms-full.txt"
    ).read_bytes()


def test_same_size_edit_within_one_timestamp_tick_is_seen(project: Path) -> None:
    """A source saved just before the last build stamped it, then saved again with the same
    size inside the same timestamp tick, looks unchanged by (mtime, size): it is re-read."""
    import dataclasses
    import os

    from renderer.build.cache import _dump, _load, cache_dir

    cfg = project / "mkdocs.yml"
    out = project / "out"
    guide = project / LEAPSOME
    build(load_config(cfg), out=out, jobs=1)
    tick = guide.stat().st_mtime_ns + 1_000_000_000
    os.utime(guide, ns=(tick, tick))
    assert build(load_config(cfg), out=out, jobs=1).mode == "incremental"  # records (tick, size)
    path = cache_dir(load_config(cfg), out) / "delta.pickle"
    delta = _load(path)
    assert delta.sources[LEAPSOME.removeprefix("guides/")][0] == tick
    _dump(path, dataclasses.replace(delta, stamped_at=tick + 1_000_000))  # stamped 1 ms later
    size = guide.stat().st_size
    text = guide.read_text()
    assert "admin user." in text
    guide.write_text(text.replace("admin user.", "admin USER."))  # same size
    os.utime(guide, ns=(tick, tick))  # and within the same tick
    assert guide.stat().st_size == size
    assert build(load_config(cfg), out=out, jobs=1).mode == "incremental"
    twin = out / "stackone/connectors/leapsome/guides/link-account/scim-api-token.md"
    assert "admin USER." in twin.read_text()


def test_build_lock_serialises_builds(project: Path) -> None:
    """While one build holds the output folder's lock, a second `hubdocs build` of the same
    folder waits (blocked in flock, seen in /proc/locks) and writes nothing; it finishes once
    the lock is released."""
    import subprocess
    import sys
    import time

    from renderer.build.cache import build_lock

    cfg = load_config(project / "mkdocs.yml")
    out = project / "out"
    with build_lock(cfg, out):
        proc = subprocess.Popen(
            [sys.executable, "-m", "renderer", "build", "--config", str(cfg.config_path),
             "--out", str(out), "--quiet"],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 120
            blocked = False
            while not blocked and proc.poll() is None and time.monotonic() < deadline:
                with open("/proc/locks") as fh:  # a waiter is listed with "->"
                    blocked = any("->" in line and f" {proc.pid} " in line for line in fh)
                time.sleep(0.02)
            assert proc.poll() is None, proc.communicate()  # it did not build past the lock
            assert blocked
            assert not out.exists() or list(out.iterdir()) == []
        finally:
            if not blocked:
                proc.kill()
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["acme", "northwind", "stackone"]


def test_config_edit_invalidates_the_cache(project: Path) -> None:
    """An edit of mkdocs.yml alone (the site name, which a brand without its own shows)
    rebuilds everything: the output equals a full build of the new config."""
    brand = project / "site_template/brands/stackone/brand.yml"
    brand.write_text(brand.read_text().replace("site_name: StackOne Docs\n", ""))
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    assert build(load_config(cfg), out=out, jobs=1).mode == "incremental"  # nothing changed: cached
    assert "StackOne Guides" not in (out / "stackone/index.html").read_text()
    cfg.write_text(
        cfg.read_text().replace("site_name: StackOne Docs", "site_name: StackOne Guides")
    )
    report = build(load_config(cfg), out=out, jobs=1)
    assert report.mode == "full"
    build(load_config(cfg), out=project / "full", jobs=1, incremental=False)
    assert contents(out) == contents(project / "full")
    assert "StackOne Guides" in (out / "stackone/index.html").read_text()


def test_a_full_build_says_why(project: Path) -> None:
    """Each way out of the incremental path names its reason; `hubdocs build` prints it."""
    from tests.conftest import run_cli

    cfg = project / "mkdocs.yml"
    out = project / "out"
    first = build(load_config(cfg), out=out, jobs=1)
    assert (first.mode, first.reason) == ("full", "no complete earlier build in this output folder")
    assert build(load_config(cfg), out=out, jobs=1, incremental=False).reason == ""
    guide = project / LEAPSOME
    guide.write_text(guide.read_text().replace("title: ", "title: Renamed ", 1))
    report = build(load_config(cfg), out=out, jobs=1)
    assert report.reason == (
        "leapsome/link-account/scim-api-token.mdx changed what other pages or the index files "
        "show of it"
    )
    css = project / "site_template/static/style.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    proc = run_cli("build", "--out", str(out), cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert "(full build: the config, theme, brand files or hubdocs changed)" in proc.stdout
    proc = run_cli("build", "--out", str(out), cwd=project)
    assert proc.stdout.rstrip().endswith("(incremental)"), proc.stdout


def test_an_incremental_build_reports_the_warnings_a_full_build_reports(project: Path) -> None:
    """Broken links and anchors are warned about by every build, not only the first: the full
    build's warnings are kept and a changed page's links are checked again."""
    cfg = project / "mkdocs.yml"
    out = project / "out"
    other = project / "guides/guides/accounts-section.mdx"
    other.write_text(other.read_text() + "\nSee [the old page](/guides/nowhere).\n")
    first = build(load_config(cfg), out=out, jobs=1)
    old = [p.message for p in first.problems if p.level == "warning"]
    assert any("/guides/nowhere" in m for m in old), old
    guide = project / LEAPSOME
    guide.write_text(guide.read_text() + "\nAlso read [this](/guides/accounts-section#nope).\n")
    report = build(load_config(cfg), out=out, jobs=1)
    assert report.mode == "incremental"
    got = [(p.pos.path.rsplit("/", 1)[-1], p.message) for p in report.problems]
    assert ("accounts-section.mdx", next(m for m in old if "/guides/nowhere" in m)) in got
    assert any(
        path == "scim-api-token.mdx" and "#nope" in message and "no anchor" in message
        for path, message in got
    ), got
    full = build(load_config(cfg), out=project / "full", jobs=1, incremental=False)
    assert sorted(map(str, report.problems)) == sorted(map(str, full.problems))
    # fixed again: the warning goes with the next incremental build
    guide.write_text(guide.read_text().replace("#nope", "#linking-accounts"))
    again = build(load_config(cfg), out=out, jobs=1)
    assert again.mode == "incremental"
    assert not any("#nope" in p.message for p in again.problems)


SNIPPET_PAGE = """---
title: Uses snippets
description: A page made of a snippet and a template.
---

import Intro from "/snippets/intro.mdx"
import { Pill } from "/snippets/pill.jsx"

<Intro who="readers" />

<Pill label="status" />

The end.
"""


def _with_snippets(project: Path) -> None:
    (project / "guides/snippets").mkdir()
    (project / "guides/snippets/intro.mdx").write_text("Hello {who}, welcome to SNIPPET-ONE.\n")
    (project / "guides/snippets/pill.jsx").write_text(
        "export const Pill = ({ label }) => (<strong>{label} TEMPLATE-ONE</strong>)\n"
    )
    (project / "guides/guides/snippets-page.mdx").write_text(SNIPPET_PAGE)


def test_snippets_are_inputs_not_pages(project: Path) -> None:
    _with_snippets(project)
    out = project / "out"
    build(load_config(project / "mkdocs.yml"), out=out, jobs=1)
    assert not list(out.glob("*/snippets/*")), "a snippet is never a page of its own"
    page = (out / "stackone/guides/snippets-page.html").read_text()
    assert "SNIPPET-ONE" in page and "TEMPLATE-ONE" in page


def test_an_edit_to_a_snippet_or_template_rebuilds_the_pages_made_from_it(project: Path) -> None:
    """Snippets and `.jsx` templates are inputs of the pages that import them: an edit to one
    re-renders exactly those pages, with the same bytes as a full build."""
    _with_snippets(project)
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    page = out / "acme/guides/snippets-page.html"
    for name, old, new in (
        ("intro.mdx", "SNIPPET-ONE", "SNIPPET-TWO"),
        ("pill.jsx", "TEMPLATE-ONE", "TEMPLATE-TWO"),
    ):
        path = project / "guides/snippets" / name
        path.write_text(path.read_text().replace(old, new))
        before = snapshot(out)
        report = build(load_config(cfg), out=out, jobs=1)
        assert report.mode == "incremental", report.reason
        assert new in page.read_text() and old not in page.read_text()
        after = snapshot(out)
        changed = {k.split("/", 1)[1] for k in after if after[k] != before.get(k)}
        pages = {k for k in changed if k.endswith((".html", ".md"))}
        assert pages == {"guides/snippets-page.html", "guides/snippets-page.md"}, changed
    build(load_config(cfg), out=project / "full", jobs=1, incremental=False)
    assert contents(out) == contents(project / "full")


def test_a_hide_marker_added_to_a_template_hides_in_white_labels(project: Path) -> None:
    _with_snippets(project)
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    pill = project / "guides/snippets/pill.jsx"
    pill.write_text(
        "export const Pill = ({ label }) => (<div data-whitelabel-hide><p>{label} "
        "TEMPLATE-ONE</p></div>)\n"
    )
    build(load_config(cfg), out=out, jobs=1)
    assert "TEMPLATE-ONE" in (out / "stackone/guides/snippets-page.html").read_text()
    for brand in ("acme", "northwind"):
        for suffix in (".html", ".md"):
            assert "TEMPLATE-ONE" not in (out / f"{brand}/guides/snippets-page{suffix}").read_text()
    build(load_config(cfg), out=project / "full", jobs=1, incremental=False)
    assert contents(out) == contents(project / "full")


EDITS = (
    ("append", "\nAn added paragraph about {word}.\n"),
    ("replace", "{word}"),
    ("hide", "\n<div data-whitelabel-hide>\n\nHidden note about {word}.\n\n</div>\n"),
)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(
                [
                    LEAPSOME,
                    "guides/guides/accounts-section.mdx",
                    "guides/guides/snippets-page.mdx",
                    "guides/snippets/intro.mdx",
                    "guides/snippets/pill.jsx",
                ]
            ),
            st.sampled_from(range(len(EDITS))),
            st.sampled_from(["Zephyr", "StackOne", "quartz", "Acme"]),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_random_edits_to_random_inputs_build_as_a_full_build_would(
    project: Path, steps: list[tuple[str, int, str]]
) -> None:
    """Whatever is edited (a page, a snippet, a template) and however, the incremental output
    equals a full build of the same sources, byte for byte."""
    work = Path(tempfile.mkdtemp(dir=project))  # one folder per example
    shutil.copytree(project / "guides", work / "guides")
    shutil.copytree(project / "site_template", work / "site_template")
    shutil.copy(project / "mkdocs.yml", work / "mkdocs.yml")
    _with_snippets(work)
    cfg = work / "mkdocs.yml"
    out = work / "out"
    build(load_config(cfg), out=out, jobs=1)
    for rel, kind, word in steps:
        path = work / rel
        text = path.read_text()
        name, piece = EDITS[kind]
        if rel.endswith(".jsx"):  # a template stays a template: edit its text only
            text = text.replace("TEMPLATE-ONE", f"TEMPLATE-{word}")
        elif name == "replace":
            text = text.replace("the", word, 1)
        else:
            text += piece.format(word=word)
        path.write_text(text)
        build(load_config(cfg), out=out, jobs=1)
    build(load_config(cfg), out=work / "full", jobs=1, incremental=False)
    assert contents(out) == contents(work / "full")


def test_a_docs_page_re_rendered_alone_keeps_the_site_wide_search_filters(project: Path) -> None:
    """An incremental re-render sees only part of the site: the search dialog's filters (which
    depend on the whole site having guides) are still those of a full build."""
    _with_snippets(project)
    cfg = project / "mkdocs.yml"
    out = project / "out"
    build(load_config(cfg), out=out, jobs=1)
    page = project / "guides/guides/snippets-page.mdx"
    page.write_text(page.read_text() + "\nAn added paragraph.\n")
    assert build(load_config(cfg), out=out, jobs=1).mode == "incremental"
    html = (out / "acme/guides/snippets-page.html").read_text()
    assert 'data-facets="connector type auth"' in html
    build(load_config(cfg), out=project / "full", jobs=1, incremental=False)
    assert contents(out) == contents(project / "full")


def test_changed_hubdocs_code_with_the_same_version_builds_in_full(project: Path) -> None:
    """A checkout (or editable install) whose code changed under the same version number: the
    next build is full, not pieced together with output of the old code."""
    import renderer
    from tests.conftest import run_cli

    code = project / "code"
    shutil.copytree(
        Path(renderer.__file__).parent, code / "renderer", ignore=shutil.ignore_patterns("*.pyc")
    )
    env = {"PYTHONPATH": str(code)}  # the copy comes first on the path: it is what runs
    out = str(project / "out")
    first = run_cli("build", "--out", out, cwd=project, env=env)
    assert first.returncode == 0, first.stderr
    again = run_cli("build", "--out", out, cwd=project, env=env)
    assert again.stdout.rstrip().endswith("(incremental)"), again.stdout
    module = code / "renderer/render/twin.py"
    module.write_text(module.read_text() + "\n# a change in hubdocs itself\n")
    proc = run_cli("build", "--out", out, cwd=project, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "(full build: the config, theme, brand files or hubdocs changed)" in proc.stdout
