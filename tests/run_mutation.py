"""`make mutation`: module names -> mutmut 3 run per module in a scratch copy, with a fast test
selection per module; prints and saves (`.mutation/<module>.json`) the score and survivors.

Usage: `python tests/run_mutation.py [leaks vary defang sanitize output fields connect_stub
serve_api headers front_matter serve vary_site search_index mkdocs_plugin hub_heading
mdx_text]`. Slow (minutes per module on two cores); not part of `make test`. Each module runs
in `.mutation/<module>/`, a copy of the sources with its own `setup.cfg`, so the repository's
pyproject needs no mutmut section and one module's run never disturbs another's.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / ".mutation"
MUTMUT = Path(sys.executable).parent / "mutmut"

# The tests that exercise each module in-process (mutmut only runs, per mutant, the tests that
# reached the mutated function while it collected its stats; subprocess runs are not seen).
SELECTION = {
    "leaks": [
        "tests/test_leaks.py",
        "tests/test_leak_decode.py",
        "tests/test_confusables.py",
        "tests/test_adversarial.py::test_leak_check_sees_every_case_spelling",
        "tests/test_adversarial.py::test_leak_check_looks_for_hidden_text_where_it_can_surface",
        "tests/test_adversarial.py::test_leak_canaries",
        "tests/test_fail_closed.py::test_disguised_parent_words_are_leaks",
    ],
    "vary": [
        "tests/test_vary.py",
        "tests/test_build.py::test_white_label_unlinks_hidden_targets_and_swaps_terms",
        "tests/test_adversarial.py::test_links_to_hidden_pages_are_removed_in_every_spelling",
    ],
    "defang": [
        "tests/test_defang.py",
        "tests/test_adversarial.py::test_twins_stay_inert_for_defang_bypasses",
    ],
    "sanitize": [
        "tests/test_sanitize.py",
        "tests/test_inline_fast_path.py",
    ],
    "output": [
        "tests/test_output.py",
        "tests/test_adversarial.py::test_output_paths_never_escape",
    ],
    "fields": [
        "tests/test_serve_fields.py",
        "tests/test_parse.py",
        "tests/test_leaks.py",
        "tests/test_vary.py",
    ],
    "connect_stub": [
        "tests/test_connect_api.py",
        "tests/test_serve_http.py",
    ],
    "serve_api": [
        "tests/test_connect_api.py",
        "tests/test_serve_http.py",
    ],
    "headers": [
        "tests/test_headers.py",
        "tests/test_components_inline.py",
        "tests/test_promises.py::test_frame_src_names_every_host_separated_by_spaces",
        "tests/test_serve_http.py",
    ],
    "front_matter": [
        "tests/test_front_matter.py",
        "tests/test_parse.py",
        "tests/test_parse_fixtures.py",
        "tests/test_fail_closed.py",
        "tests/test_mdx_snippets.py",
    ],
    "serve": [
        "tests/test_serve_http.py",
        "tests/test_serve_agents.py",
        "tests/test_connect_api.py",
        "tests/test_promises.py::test_serve_never_logs_query_strings",
    ],
    "vary_site": [
        "tests/test_vary_site.py",
        "tests/test_vary.py",
        "tests/test_leaks.py",
        "tests/test_search.py",
        "tests/test_llms_groups.py",
        "tests/test_search_delta.py",
    ],
    "search_index": [
        "tests/test_search_index.py",
        "tests/test_search_delta.py::test_search_doc_is_the_title_and_the_searchable_article",
    ],
    "hub_heading": [
        "tests/test_hub_heading.py",
        "tests/test_parse.py",
        "tests/test_vary.py",
    ],
    "mkdocs_plugin": [
        "tests/test_mkdocs_hooks.py",
        "tests/test_mkdocs_plugin.py::test_branded_and_white_label_under_theme[mkdocs]",
        "tests/test_mkdocs_plugin.py::test_white_label_mkdocs_build_fails_on_leaks_naming_the_source",
        "tests/test_mkdocs_plugin.py::test_white_label_mkdocs_build_checks_every_file_in_the_site",
        "tests/test_promises.py::test_a_draft_page_is_not_published_by_the_mkdocs_plugin",
        "tests/test_promises.py::test_a_white_label_mkdocs_site_shows_the_brands_name",
        "tests/test_hub_heading.py::test_pages_built_by_the_mkdocs_plugin",
    ],
    "mdx_text": [
        "tests/test_mdx_text.py",
        "tests/test_mdx_snippets.py",
        "tests/test_jsx_templates.py",
        "tests/test_mdx_differential.py",
        "tests/test_parse.py",
        "tests/test_parse_fixtures.py",
    ],
}
PATHS = {
    "leaks": "brand/leaks.py",
    "vary": "vary/variant.py",
    "defang": "render/defang.py",
    "sanitize": "render/sanitize.py",
    "output": "build/output.py",
    "fields": "parse/fields.py",
    "connect_stub": "serve/connect_store.py",
    "serve_api": "serve/api.py",
    "headers": "render/headers.py",
    "front_matter": "parse/front_matter.py",
    "serve": "serve/server.py",
    "vary_site": "vary/site.py",
    "search_index": "search/index.py",
    "mkdocs_plugin": "mkdocs_plugin.py",
    "hub_heading": "parse/page.py",
    "mdx_text": "parse/mdx_text.py",
}
"""Each module's file under renderer/."""
ONLY = {
    "mkdocs_plugin": [
        f"renderer.mkdocs_plugin.x\u01c1HubdocsPlugin\u01c1{name}__mutmut_*"
        for name in ("on_config", "_check_metadata", "on_post_page", "on_post_build")
    ]
    + ["renderer.mkdocs_plugin.x__check_tree__mutmut_*"],
    "hub_heading": [
        f"renderer.parse.page.x_{name}__mutmut_*"
        for name in (
            "fold_hub_heading",
            "_is_hub_heading",
            "_fold",
            "_fold_inside",
            "_visible",
            "_hidden_labels",
            "route",
            "relative_route",
        )
    ],
    "serve": [
        f"renderer.serve.server.x_{name}__mutmut_*"
        for name in ("resolve", "printable", "twin_of", "content_type")
    ]
    + [
        f"renderer.serve.server.x\u01c1{cls}\u01c1{name}__mutmut_*"
        for cls, names in (
            ("State", ("headers", "default_headers", "csp", "default_csp")),
            (
                "Handler",
                (
                    "log_request",
                    "parse_request",
                    "security_headers",
                    "send",
                    "send_error",
                    "send_json",
                    "refuse_request",
                    "guarded",
                    "log_unexpected",
                    "serve",
                    "send_file",
                ),
            ),
        )
        for name in names
    ],
    "mdx_text": [
        f"renderer.parse.mdx_text.x_{name}__mutmut_*"
        for name in (
            "snippet_hidden",
            "_include",
            "_resolve",
            "_candidate",
            "_inside",
            "_leaves",
            "without_html_comments",
            "fence_step",
            "_fenced_lines",
            "_code_spans",
        )
    ],
}
"""Runs of part of a module (its functions named here): the hide rule's Hub-heading form and
the routes in parse/page.py, without the whole parser each mutant of `parse_guide` would run;
the MkDocs plugin's brand and leak-check hooks (each mutant costs several `mkdocs build`s);
in `serve/server.py` the paths kept inside the site, the security headers on every answer, the
Host rules, logs without query strings or exception messages; in `parse/mdx_text.py` the
parts that carry a README promise (a snippet's `whitelabel_hide`,
its inclusion, paths kept inside the site, no HTML comment in a twin) — its 2,095 mutants take
hours on two cores."""
PREBUILT = {"serve", "serve_api", "connect_stub"}
"""Modules no build runs through: their tests' `built` site is built once, before the run
(`HUBDOCS_TEST_BUILT`), not once per mutant."""
COPY = ("renderer", "tests", "guides", "site_template", "scripts", "mkdocs.yml", "pyproject.toml")


def prepare(module: str) -> Path:
    """A fresh scratch copy of the project with a setup.cfg for one module's run."""
    work = SCRATCH / module
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, work / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, work / name)
    tests = "\n    ".join(t for t in SELECTION[module] if (ROOT / t.split("::")[0]).is_file())
    (work / "setup.cfg").write_text(
        "[mutmut]\n"
        "source_paths = renderer\n"
        f"only_mutate = renderer/{PATHS[module]}\n"
        f"pytest_add_cli_args_test_selection =\n    {tests}\n"
        "pytest_add_cli_args =\n    -p\n    no:cacheprovider\n    -q\n"
        "also_copy =\n    guides\n    site_template\n    scripts\n    mkdocs.yml\n"
        "use_git_change_detection = false\n"
    )
    return work


def score(work: Path, only: list[str] | None = None) -> dict:
    """Counts by status and the surviving mutants' names, from `mutmut results --all true`
    (`only`: the mutants whose names match one of these patterns)."""
    proc = subprocess.run(
        [str(MUTMUT), "results", "--all", "true"], cwd=work, capture_output=True, text=True
    )
    counts: dict[str, int] = {}
    survivors = []
    for line in proc.stdout.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if not name or (only and not any(fnmatch.fnmatchcase(name, p) for p in only)):
            continue
        counts[status] = counts.get(status, 0) + 1
        if status not in ("killed", "timeout", "segfault"):
            survivors.append(f"{name}: {status}")
    killed = counts.get("killed", 0) + counts.get("timeout", 0) + counts.get("segfault", 0)
    total = sum(counts.values())
    return {"counts": counts, "killed": killed, "total": total, "survivors": survivors}


def main(argv: list[str]) -> int:
    modules = argv or list(SELECTION)
    unknown = [m for m in modules if m not in SELECTION]
    if unknown:
        print(f"unknown module(s): {', '.join(unknown)}; known: {', '.join(SELECTION)}")
        return 1
    env = {**os.environ, "HUBDOCS_CACHE_DIR": str(SCRATCH / "cache")}
    if PREBUILT.intersection(modules):
        site = SCRATCH / "built"
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "renderer",
                "build",
                "--config",
                "mkdocs.yml",
                "--out",
                str(site),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    for module in modules:
        work = prepare(module)
        print(f"== renderer/{PATHS[module]}", flush=True)
        subprocess.run(
            ["nice", "-n", "10", str(MUTMUT), "run", "--max-children", "2", *ONLY.get(module, [])],
            cwd=work,
            env={**env, "HUBDOCS_TEST_BUILT": str(SCRATCH / "built")}
            if module in PREBUILT
            else env,
            stdout=subprocess.DEVNULL,
            check=False,
        )
        result = score(work, ONLY.get(module))
        (SCRATCH / f"{module}.json").write_text(json.dumps(result, indent=1) + "\n")
        diffs = []
        for line in result["survivors"]:
            name = line.rpartition(": ")[0]
            shown = subprocess.run(
                [str(MUTMUT), "show", name], cwd=work, capture_output=True, text=True
            ).stdout
            changed = [
                ln for ln in shown.splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")
            ]
            diffs.append(f"## {line}\n" + "\n".join(changed) + "\n")
        (SCRATCH / f"{module}-survivors.txt").write_text("".join(diffs))
        pct = 100 * result["killed"] / result["total"] if result["total"] else 0.0
        print(f"   {result['killed']}/{result['total']} killed ({pct:.1f}%) {result['counts']}")
        for s in result["survivors"]:
            print(f"   survived: {s}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
