"""The command line of a new project: `init`, `new`, help texts, `-q`, progress lines,
broken-link warnings on plain builds, and old brand folders pruned."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from renderer.cli import make_parser
from renderer.commands.init import init_project

from .conftest import run_cli

GUIDE = "guides/acmecrm/link-account/api-key.mdx"


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    init_project(tmp_path)
    return tmp_path


def test_init_writes_a_starter_that_builds(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("node_modules/")  # kept; entries appended
    proc = run_cli("init", "docs", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    project = tmp_path / "docs"
    for rel in ("mkdocs.yml", "brands/lumen/brand.yml", "brands/partner/logo.svg", GUIDE):
        assert (project / rel).is_file(), rel
    assert "cd docs && hubdocs check" in proc.stdout
    (project / ".gitignore").write_text("node_modules/")
    init_project_again = run_cli("init", cwd=project)
    assert init_project_again.returncode == 1  # never overwrites
    assert "the hubdocs plugin is already set up here" in init_project_again.stderr
    assert (project / ".gitignore").read_text() == "node_modules/"
    other = tmp_path / "other"
    other.mkdir()
    (other / ".gitignore").write_text("node_modules/")
    assert run_cli("init", cwd=other).returncode == 0
    assert (other / ".gitignore").read_text() == "node_modules/\nsite/\n.hubdocs/\n"
    proc = run_cli("build", "-q", cwd=other)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and proc.stderr == ""  # -q: nothing on success
    assert (other / "site/partner/connectors/acmecrm.html").is_file()


def test_new_guide_passes_check_without_an_accounts_page(starter: Path) -> None:
    (starter / "guides/guides/accounts-section.mdx").unlink()
    (starter / GUIDE).unlink()
    proc = run_cli("new", "shortcut", "link-account", "API Token", cwd=starter)
    assert proc.returncode == 0, proc.stderr
    text = (starter / "guides/shortcut/link-account/api-token.mdx").read_text()
    assert "accounts-section" not in text and "– Lumen Hub" in text
    proc = run_cli("check", "--strict", cwd=starter)
    assert proc.returncode == 0, proc.stdout
    proc = run_cli("new", "jira", "connector-profile", "OAuth 2.0", cwd=starter)
    assert proc.returncode == 0, proc.stderr
    assert run_cli("check", "--strict", cwd=starter).returncode == 0


def test_new_guide_links_the_accounts_page_when_there_is_one(starter: Path) -> None:
    assert run_cli("new", "shortcut", "link-account", "API Token", cwd=starter).returncode == 0
    text = (starter / "guides/shortcut/link-account/api-token.mdx").read_text()
    assert 'href="/guides/accounts-section#linking-accounts"' in text
    assert run_cli("check", "--strict", cwd=starter).returncode == 0


def test_bare_command_prints_help(tmp_path: Path) -> None:
    proc = run_cli(cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.startswith("usage: hubdocs") and "init" in proc.stdout


def test_every_subcommand_and_flag_has_help() -> None:
    parser = make_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    helps = {c.dest: c.help for c in sub._choices_actions}
    assert set(helps) == set(sub.choices) and all(helps.values()), helps
    missing = [
        f"{name} {'/'.join(a.option_strings) or a.dest}"
        for name, sp in [("hubdocs", parser), *sub.choices.items()]
        for a in sp._actions
        if not a.help and not isinstance(a, argparse._SubParsersAction)
    ]
    assert missing == []


def test_plain_build_warns_about_broken_links(starter: Path) -> None:
    accounts = starter / "guides/guides/accounts-section.mdx"
    accounts.write_text(
        accounts.read_text()
        + '\n<div id="extra-notes">\n  Notes\n</div>\n\n<a name="legacy"></a>Old anchors.\n'
    )
    guide = starter / GUIDE
    guide.write_text(
        guide.read_text()
        + "\nSee [logo](/assets/logo.svg), [the notes](/guides/accounts-section#extra-notes),\n"
        + "[legacy](/guides/accounts-section#legacy), [llms](/llms.txt),\n"
        + "[the twin](/connectors/acmecrm/guides/link-account/api-key.md), [gone](/guides/gone),\n"
        + "and [no anchor](/guides/accounts-section#nope).\n\n"
        + "The [Hub part](#linking-the-account-from-the-hub) is a hidden block: branded only;\n"
        + "[this one](#not-here) is on no site.\n"
    )
    proc = run_cli("build", cwd=starter)
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr
    assert f"{GUIDE}:" in err and "warning: broken link to /guides/gone" in err
    assert "warning: broken link to /guides/accounts-section#nope" in err
    assert "has no anchor #nope" in err
    assert "broken link to #not-here" in err
    assert err.count("broken link") == 3, err  # assets, ids, site files and twins are targets
    strict = run_cli("build", "--strict", cwd=starter)
    assert strict.returncode == 1
    assert "broken link to /guides/gone: no page at /guides/gone" in strict.stderr


def test_progress_is_one_line_per_finished_phase_off_a_terminal(starter: Path) -> None:
    proc = run_cli("build", cwd=starter)
    assert proc.returncode == 0, proc.stderr
    import re

    lines = [re.sub(r"\d+ files", "N files", line) for line in proc.stderr.splitlines()]
    assert lines == [
        "hubdocs: parsed 2 sources",
        "hubdocs: built lumen: N files (1/2 brands)",
        "hubdocs: built partner: N files (2/2 brands)",
    ]
    assert "\r" not in proc.stderr and "\033" not in proc.stderr


def test_removed_brand_folder_is_pruned(starter: Path) -> None:
    assert run_cli("build", "-q", cwd=starter).returncode == 0
    mine = starter / "site/handmade"
    mine.mkdir()  # not made by hubdocs: never removed
    (mine / "keep.txt").write_text("keep")
    yml = starter / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("brands: [lumen, partner]", "brands: [lumen]"))
    assert run_cli("build", "-q", cwd=starter).returncode == 0
    assert not (starter / "site/partner").exists()
    assert (starter / "site/lumen/index.html").is_file()
    assert (mine / "keep.txt").read_text() == "keep"
    assert (starter / "site/.hubdocs-brands").read_text() == "lumen\n"


def test_progress_counts_pages_per_brand_on_a_terminal(starter: Path) -> None:
    import os
    import subprocess
    import sys

    from .conftest import ROOT

    gen = subprocess.run(
        [sys.executable, str(ROOT / "bench/generate.py"), "150", str(starter / "guides")],
        capture_output=True,
        timeout=120,
    )
    assert gen.returncode == 0, gen.stderr
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "renderer", "build", "--jobs", "1"],
        cwd=starter,
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=120) == 0
    shown = b"".join(chunks).decode()
    assert "\r\033[K  hubdocs: rendering lumen 64/303…" in shown
    assert "\r\033[K  hubdocs: rendering partner 128/303…" in shown
    assert "hubdocs: built 152 pages × 2 brands" in shown
