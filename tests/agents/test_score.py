"""`hubdocs score`: full marks for every sample brand, offline and over HTTP; one planted fault
per check, each named by the check it breaks, with the file or URL it looked at."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT

from .conftest import BRANDS, SCIM_PAGE, Built
from .serving import agents_serve


def score(target: str | Path):
    from renderer.commands.score import FolderTarget, UrlTarget, run_checks

    t = UrlTarget(target) if str(target).startswith("http") else FolderTarget(Path(target))
    return run_checks(t)


def by_id(report) -> dict:
    return {r.id: r for r in report.results}


@pytest.mark.parametrize("brand", BRANDS)
def test_every_sample_brand_scores_full_marks_offline(agents_built: Built, brand: str) -> None:
    report = score(agents_built.root(brand))
    assert report.score == 100, [(r.id, r.detail) for r in report.results if r.status != "pass"]
    results = by_id(report)
    assert {r.status for r in report.results} == {"pass", "n/a"}
    assert {k for k, r in results.items() if r.status == "n/a"} == {
        "markdown-negotiation", "plaintext-negotiation", "latency", "openapi-spec",
    }  # fmt: skip
    assert len(results) >= 20


def test_a_served_brand_scores_full_marks_over_http(agents_built: Built) -> None:
    with agents_serve(agents_built.root("acme")) as base:
        report = score(base)
    results = by_id(report)
    assert report.score == 100, [(r.id, r.detail) for r in report.results if r.status != "pass"]
    for check in ("markdown-negotiation", "plaintext-negotiation", "latency", "mcp-discoverable",
                  "mcp-tool-count", "link-headers"):  # fmt: skip
        assert results[check].status == "pass", check
        assert results[check].where.startswith(base)
    assert "Acme Connect Docs" in results["mcp-discoverable"].detail


def test_serve_without_the_agents_mount_fails_negotiation_and_mcp(agents_built: Built) -> None:
    with agents_serve(agents_built.root("acme"), mount=False) as base:
        results = by_id(score(base))
    for check in ("markdown-negotiation", "plaintext-negotiation", "mcp-discoverable"):
        assert results[check].status == "fail", check
        assert results[check].fix
    assert results["mcp-tool-count"].status == "skip"
    assert results["markdown-negotiation"].where == base + "/"
    assert "text/html" in results["markdown-negotiation"].detail


def test_a_slow_server_fails_latency(agents_built: Built) -> None:
    from renderer.commands.score import LATENCY

    with agents_serve(agents_built.root("acme"), delay=LATENCY + 0.2) as base:
        from renderer.commands.score import Context, UrlTarget, check_latency

        status, where, detail = check_latency(Context(UrlTarget(base)))
    assert status == "fail" and where == base + "/" and "ms" in detail


def _edit(path: Path, fn: Callable[[str], str]) -> None:
    path.write_text(fn(path.read_text()))


def _remove(root: Path, *rels: str) -> None:
    import shutil

    for rel in rels:
        p = root / rel
        shutil.rmtree(p) if p.is_dir() else p.unlink()


def _drop_twins(root: Path) -> None:
    for rel in ("connectors/7shifts/guides/link-account/api-key.md",
                "connectors/bamboohr/guides/link-account/api-key.md",
                "connectors/jira/guides/link-account/api-token.md"):  # fmt: skip
        (root / rel).unlink()


def _strip_jsonld(root: Path) -> None:
    _edit(
        root / "index.html",
        lambda t: re.sub(r'<script type="application/ld\+json">.*?</script>\n', "", t),
    )


def _strip_link_rules(root: Path) -> None:
    _edit(root / "_headers", lambda t: t[: t.index("# agents:")])


FAULTS: list[tuple[str, Callable[[Path], None], str]] = [
    ("llms-txt-exists", lambda r: _remove(r, "llms.txt", ".well-known/llms.txt"), "llms.txt"),
    ("llms-txt-valid", lambda r: _edit(r / "llms.txt", lambda t: t + "\n## More\n\nplain words\n"),
     "llms.txt"),
    ("llms-txt-size", lambda r: _edit(r / "llms.txt", lambda t: t + "\n" + "x" * 100_000 + "\n"),
     "llms.txt"),
    ("llms-txt-links-resolve", _drop_twins, "llms.txt"),
    ("llms-txt-links-markdown", lambda r: _edit(r / "llms.txt", lambda t: t.replace(".md)", ")")),
     "llms.txt"),
    ("llms-txt-structure",
     lambda r: _edit(r / "llms.txt", lambda t: "\n".join(x for x in t.splitlines() if not x.startswith(">"))),
     "llms.txt"),
    ("llms-txt-directive",
     lambda r: _edit(r / (SCIM_PAGE[1:] + ".md"), lambda t: t[t.index("\n# ") + 1 :]),
     "scim-api-token.md"),
    ("llms-full-exists", lambda r: _remove(r, "llms-full.txt"), "llms-full.txt"),
    ("llms-full-size", lambda r: _edit(r / "llms-full.txt", lambda t: t[:300]), "llms-full.txt"),
    ("llms-full-structure",
     lambda r: _edit(r / "llms-full.txt", lambda t: re.sub(r"(?m)^#+ ", "", t)), "llms-full.txt"),
    ("llms-full-links-resolve",
     lambda r: _edit(r / "llms-full.txt", lambda t: t + "\n[a](/gone-1.md) [b](/gone-2.md)\n"),
     "llms-full.txt"),
    ("skill-md", lambda r: _remove(r, "skill.md", ".well-known/agent-skills"), "skill.md"),
    ("skill-md",
     lambda r: _edit(r / ".well-known/agent-skills/acme-connect-docs/SKILL.md", lambda t: t + "\nextra\n"),
     "SKILL.md"),
    ("mcp-discoverable", lambda r: _remove(r, ".well-known/mcp.json"), "mcp.json"),
    ("mcp-discoverable",
     lambda r: _edit(r / ".well-known/mcp/server-card.json", lambda t: t.replace('"name"', '"nom"')),
     "server-card.json"),
    ("mcp-tool-count", lambda r: _remove(r, "llms.txt"), "acme"),
    ("openapi-spec", lambda r: (r / "openapi.json").write_text("{not json"), "openapi.json"),
    ("openapi-spec", lambda r: (r / "openapi.yaml").write_text("title: no version\n"), "openapi.yaml"),
    ("robots-ai", lambda r: (r / "robots.txt").write_text("User-agent: *\nDisallow: /\n"), "robots.txt"),
    ("robots-ai",
     lambda r: _edit(r / "robots.txt", lambda t: t.replace("User-agent: ClaudeBot\n", "")
                     + "\nUser-agent: ClaudeBot\nDisallow: /\n"),
     "robots.txt"),
    ("sitemap", lambda r: _remove(r, "sitemap.xml"), "sitemap.xml"),
    ("sitemap", lambda r: _edit(r / "sitemap.xml", lambda t: t.replace("</urlset>", "")), "sitemap.xml"),
    ("json-ld", _strip_jsonld, "index.html"),
    ("link-headers", _strip_link_rules, "_headers"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("check", "fault", "where"), FAULTS, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(FAULTS)]
)
def test_a_planted_fault_fails_its_check(
    brand_copy, check: str, fault: Callable[[Path], None], where: str
) -> None:
    root = brand_copy("acme")
    assert by_id(score(root))[check].status in ("pass", "n/a")  # the fault, not the copy, fails it
    fault(root)
    report = score(root)
    result = by_id(report)[check]
    assert result.status == "fail", (result.detail, result.where)
    assert where in result.where, result.where
    assert result.fix and result.detail
    assert report.score < 100


def test_dependent_checks_are_skipped_and_count_as_lost(brand_copy) -> None:
    root = brand_copy("acme")
    _remove(root, "llms.txt", ".well-known/llms.txt")
    report = score(root)
    results = by_id(report)
    for check in ("llms-txt-valid", "llms-txt-size", "llms-txt-links-resolve"):
        assert results[check].status == "skip", check
    lost = sum(r.weight for r in report.results if r.status in ("fail", "skip"))
    total = sum(r.weight for r in report.results if r.status != "n/a")
    assert report.score == round(100 * (total - lost) / total)


def test_a_valid_openapi_spec_passes(brand_copy) -> None:
    root = brand_copy("acme")
    (root / "openapi.json").write_text(json.dumps({"openapi": "3.1.0", "info": {}, "paths": {}}))
    result = by_id(score(root))["openapi-spec"]
    assert result.status == "pass" and "3.1.0" in result.detail


def test_the_command_exits_1_below_min_and_speaks_json(agents_built: Built, brand_copy) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "renderer", "score", *args],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip

    good = run("--out", str(agents_built.out), "--brand", "acme", "--min", "100")
    assert good.returncode == 0, good.stderr
    assert "Acme Connect Docs" in good.stdout and ": 100/100" in good.stdout
    root = brand_copy("acme")
    _remove(root, "sitemap.xml")
    bad = run(str(root), "--min", "100", "--format", "json")
    assert bad.returncode == 1
    data = json.loads(bad.stdout)
    assert data["ok"] is False and data["min"] == 100
    checks = {c["id"]: c for c in data["reports"][0]["checks"]}
    assert checks["sitemap"]["status"] == "fail"
    assert checks["sitemap"]["where"].endswith("sitemap.xml") and checks["sitemap"]["fix"]
    assert run(str(root)).returncode == 0  # no --min: a report, not a verdict
    every = run("--out", str(agents_built.out), "--min", "100")
    assert every.returncode == 0 and every.stdout.count("100/100") == len(BRANDS)
    missing = run("--out", str(agents_built.out), "--brand", "nosuch")
    assert missing.returncode == 1 and "not built" in missing.stderr


def test_score_never_leaves_the_target_origin(agents_built: Built) -> None:
    """llms.txt links name the public site; over HTTP they are fetched on the target."""
    with agents_serve(agents_built.root("acme")) as base:
        results = by_id(score(base))
    assert results["llms-txt-links-resolve"].status == "pass"
    assert "14/14" in results["llms-txt-links-resolve"].detail
    from renderer.commands.score import Context, UrlTarget

    ctx = Context(UrlTarget("http://127.0.0.1:9"))
    ctx.site_base = "https://docs.acme-connect.example"
    assert ctx.local("https://docs.acme-connect.example/a.md") == "/a.md"
    assert ctx.local("https://evil.example/a.md") is None
    assert ctx.local("//evil.example/a.md") is None
