"""`hubdocs check`: exactly the seeded problems, located, in text and JSON; `build --strict`."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import run_cli


def seed_problems(project: Path) -> None:
    zendesk = project / "guides/zendesk/link-account/oauth-2-0.mdx"
    zendesk.write_text(
        zendesk.read_text().replace("\n## ", "\nSee [setup](/guides/no-such-page#setup).\n\n## ", 1)
    )
    slack = project / "guides/slack/link-account/oauth-2-0.mdx"
    slack.write_text(
        slack.read_text().replace(
            'data-guide-scopes="users:read.email"', 'data-guide-scopes="users:read.emial"', 1
        )
    )
    hubspot = project / "guides/hubspot/link-account/private-app-access-token.mdx"
    hubspot.write_text(
        hubspot.read_text().replace("hubspot_create_contact", "hubspot_list_contacts", 1)
    )


def test_clean_guides_pass(project: Path) -> None:
    proc = run_cli("check", "--strict", "--config", str(project / "mkdocs.yml"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no problems" in proc.stdout


def test_seeded_problems_are_exactly_reported(project: Path) -> None:
    seed_problems(project)
    proc = run_cli("check", "--config", str(project / "mkdocs.yml"))
    assert proc.returncode == 1
    heads = [
        line
        for line in proc.stdout.splitlines()
        if line.startswith(str(project)) or line.startswith("guides/")
    ]
    assert len(heads) == 3, proc.stdout
    text = "\n".join(heads)
    assert (
        "hubspot/link-account/private-app-access-token.mdx:7:3: error: duplicate action id `hubspot_list_contacts`"
        in text
    )
    assert (
        "slack/link-account/oauth-2-0.mdx:" in text
        and "error: unknown scope `users:read.emial`" in text
    )
    assert "zendesk/link-account/oauth-2-0.mdx:" in text
    assert (
        "error: broken link to /guides/no-such-page#setup: no page at /guides/no-such-page" in text
    )
    assert "hubdocs check: 3 errors, 0 warnings" in proc.stdout

    js = run_cli("check", "--format", "json", "--config", str(project / "mkdocs.yml"))
    assert js.returncode == 1
    doc = json.loads(js.stdout)
    assert doc["errors"] == 3 and len(doc["problems"]) == 3
    assert {"path", "line", "col", "level", "message", "hint"} == set(doc["problems"][0])


def test_link_only_resolving_in_branded_site_is_an_error_for_white_label(project: Path) -> None:
    start = project / "guides/guides/getting-started.mdx"
    start.write_text(
        start.read_text() + "\nRead about [accounts](/guides/accounts-section#linking-accounts).\n"
    )
    proc = run_cli("check", "--config", str(project / "mkdocs.yml"))
    assert proc.returncode == 1
    assert "(in brands acme, northwind)" in proc.stdout
    assert proc.stdout.count("error: broken link") == 1


def test_build_strict_runs_the_checks(project: Path) -> None:
    seed_problems(project)
    proc = run_cli(
        "build", "--strict", "--config", str(project / "mkdocs.yml"), "--out", str(project / "out")
    )
    assert proc.returncode == 1
    assert "unknown scope" in proc.stderr
    assert not (project / "out").exists()


def test_new_then_check_then_build(project: Path) -> None:
    cfg = str(project / "mkdocs.yml")
    made = run_cli(
        "new",
        "acme_crm",
        "link-account",
        "OAuth 2.0 (M2M - Machine to Machine)",
        "--name",
        "Acme CRM",
        "--config",
        cfg,
    )
    assert made.returncode == 0, made.stderr
    path = project / "guides/acme_crm/link-account/oauth-2-0-m2m-machine-to-machine.mdx"
    assert path.is_file()
    assert (
        'title: "Connect Acme CRM with OAuth 2.0 (M2M - Machine to Machine) – StackOne Hub"'
        in path.read_text()
    )
    made = run_cli("new", "acme_crm", "connector-profile", "API Key", "--config", cfg)
    assert made.returncode == 0, made.stderr
    checked = run_cli("check", "--strict", "--config", cfg)
    assert checked.returncode == 0, checked.stdout
    built = run_cli("build", "--strict", "--config", cfg, "--out", str(project / "out"))
    assert built.returncode == 0, built.stderr
    assert (
        project
        / "out/acme/connectors/acme_crm/guides/link-account/oauth-2-0-m2m-machine-to-machine.html"
    ).is_file()
    again = run_cli(
        "new", "acme_crm", "link-account", "OAuth 2.0 (M2M - Machine to Machine)", "--config", cfg
    )
    assert again.returncode == 1 and "a guide already exists here" in again.stderr
    bad = run_cli("new", "Bad Key", "link-accounts", "x", "--config", cfg)
    assert bad.returncode == 1
    assert "connector key 'Bad Key'" in bad.stderr and "guide type 'link-accounts'" in bad.stderr


def test_connector_profile_titles_whose_name_is_not_the_key(project: Path) -> None:
    titles = {
        "employmenthero": "Employment Hero",
        "googledirectory": "Google Directory",
        "entra": "Microsoft Entra ID",
        "outlook": "Microsoft Outlook",
        "oysterhr": "Oyster HR",
    }
    for key, name in titles.items():
        page = project / f"guides/{key}/connector-profile/oauth-2-0.mdx"
        page.parent.mkdir(parents=True)
        page.write_text(
            f"---\ntitle: {name} OAuth 2.0 connector profile – StackOne setup guide\n"
            f"description: Set up {name}.\n---\n\nText.\n"
        )
    proc = run_cli("check", "--strict", "--config", str(project / "mkdocs.yml"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run_cli("parse", str(project / "guides/oysterhr/connector-profile/oauth-2-0.mdx"))
    data = json.loads(proc.stdout)
    assert (data["connector_name"], data["auth_method"]) == ("Oyster HR", "OAuth 2.0")
    assert data["source"] == "oysterhr/connector-profile/oauth-2-0.mdx"


def test_strict_fails_on_warnings_alone(project: Path) -> None:
    """A warning passes `check` and `build` (exit 0) and fails `check --strict` and
    `build --strict` (exit 1, nothing written)."""
    slack = project / "guides/slack/link-account/oauth-2-0.mdx"
    text = slack.read_text()
    slack.write_text(text.replace('title: "Connect Slack with', 'title: "Link Slack with', 1))
    assert slack.read_text() != text
    cfg = str(project / "mkdocs.yml")
    lenient = run_cli("check", "--config", cfg)
    assert lenient.returncode == 0, lenient.stdout
    assert "warning: title does not follow the link-account pattern" in lenient.stdout
    assert "hubdocs check: 0 errors, 1 warning" in lenient.stdout
    strict = run_cli("check", "--strict", "--config", cfg)
    assert strict.returncode == 1, strict.stdout
    assert "error: title does not follow the link-account pattern" in strict.stdout
    assert "hubdocs check: 1 error, 0 warnings" in strict.stdout
    js = run_cli("check", "--strict", "--format", "json", "--config", cfg)
    assert js.returncode == 1 and json.loads(js.stdout)["errors"] == 1
    built = run_cli("build", "--strict", "--config", cfg, "--out", str(project / "out"))
    assert built.returncode == 1 and "title does not follow" in built.stderr
    assert not (project / "out").exists()
    assert run_cli("build", "--config", cfg, "--out", str(project / "out")).returncode == 0


def test_a_missing_image_in_an_mkdocs_project_is_warned_and_strict_fails(project: Path) -> None:
    """Images a guide shows are checked (and copied) in an mkdocs.yml project too: a missing
    one is a warning naming the path as written, an error under --strict."""
    page = project / "guides/guides/accounts-section.mdx"
    (project / "guides/guides/images").mkdir()
    (project / "guides/guides/images/there.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    page.write_text(
        page.read_text()
        + '\n![a chart](images/there.png)\n\n<img src="/images/x.png" alt="x" />\n\n'
        + "![gone](../images/gone.png)\n"
    )
    proc = run_cli("check", "--config", str(project / "mkdocs.yml"))
    assert proc.returncode == 0, proc.stdout
    assert "warning: image /images/x.png not found" in proc.stdout
    assert "warning: image ../images/gone.png not found" in proc.stdout
    assert "there.png" not in proc.stdout
    strict = run_cli("check", "--strict", "--config", str(project / "mkdocs.yml"))
    assert strict.returncode == 1 and "error: image /images/x.png not found" in strict.stdout
    out = project / "out"
    built = run_cli("build", "--config", str(project / "mkdocs.yml"), "--out", str(out))
    assert built.returncode == 0 and "image /images/x.png not found" in built.stderr
    assert (out / "stackone/guides/images/there.png").is_file()
