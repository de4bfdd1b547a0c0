"""`make mutation` (templates and scripts): a hand-written mutation list for site_template/
(Jinja: `|safe` on user data, a dropped `hidden`, inverted conditions; JS: markup instead of
text, GET instead of POST, inverted filters) -> one pytest run per mutant in a scratch copy,
with the tests that guard that spot; prints killed/survived and saves
`.mutation/templates.json`.

Usage: `python tests/mutate_templates.py [substring of a mutant's name ...]`. The golden test
is left out of every selection on purpose: it fails on any byte change, so it would "kill"
every mutant without saying whether a test guards what the mutant breaks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation" / "templates"
COPY = ("renderer", "tests", "guides", "site_template", "mkdocs.yml", "pyproject.toml")

ESCAPING = [
    "tests/test_adversarial.py::test_hostile_html_is_neutralised_in_every_output",
    "tests/test_adversarial.py::test_brand_config_values",
]
BROWSER = "tests/test_browser.py"
SEARCH_HOSTILE = ("tests/test_search.py::test_hostile_titles_and_text_show_as_text_in_results",)


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]


def safe(name: str, file: str, expr: str, tests: list[str] = ESCAPING) -> Mutant:  # noqa: B006
    return Mutant(name, file, "{{ " + expr + " }}", "{{ " + expr + "|safe }}", tuple(tests))


def browser(name: str, file: str, old: str, new: str, k: str) -> Mutant:
    return Mutant(name, file, old, new, (BROWSER, "-k", k))


MUTANTS = [
    # `|safe` on a value that comes from a guide or a brand
    safe("connector: guide description", "connector.html", "g.description"),
    safe("connector: guide title", "connector.html", "g.title"),
    safe("connector: page description", "connector.html", "page.description"),
    safe("index: page description", "index.html", "p.description"),
    safe("index: page title", "index.html", "p.title"),
    safe("guide: title", "guide.html", "page.title"),
    safe("page: title", "page.html", "page.title"),
    safe("page: toc entry", "page.html", "item.text"),
    safe("base: head title", "base.html", "page.head_title"),
    safe("base: meta description", "base.html", "page.description"),
    safe("base: site name", "base.html", "brand.site_name"),
    safe("base: logo alt (brand name)", "base.html", "brand.name"),
    safe("steps: step title", "components/steps.html", "s.title"),
    safe("scope selector: action label", "components/scope_selector.html", "a.label"),
    safe("scope selector: action id", "components/scope_selector.html", "a.id"),
    # a control that needs a script loses `hidden` (shown, dead, without JS)
    browser("base: theme toggle not hidden", "base.html",
            'title="Toggle dark mode" hidden>', 'title="Toggle dark mode">', "script_only"),
    browser("base: search button not hidden", "base.html",
            'aria-label="Search (press /)" hidden>', 'aria-label="Search (press /)">', "script_only"),
    browser("page actions: copy button not hidden", "components/page_actions.html",
            'data-twin="{{ page.twin_url }}" hidden>', 'data-twin="{{ page.twin_url }}">',
            "script_only"),
    browser("scope selector: filter not hidden", "components/scope_selector.html",
            '<label class="hd-ss-filter" hidden>', '<label class="hd-ss-filter">', "script_only"),
    browser("scope selector: summary not hidden", "components/scope_selector.html",
            '<div class="hd-ss-summary" hidden>', '<div class="hd-ss-summary">', "script_only"),
    browser("accounts: table not hidden", "accounts.html",
            '<table class="hd-table hd-accounts-table" hidden>',
            '<table class="hd-table hd-accounts-table">', "script_only"),
    # inverted conditions
    Mutant("guide: actions data only without actions", "guide.html",
           '{% if page.actions_json != "[]" %}', '{% if page.actions_json == "[]" %}',
           (BROWSER, "-k", "scope_selector_filters")),
    Mutant("base: noindex inverted", "base.html", "{% if page.noindex %}",
           "{% if not page.noindex %}", ("tests/test_build.py", "-k", "not golden")),
    Mutant("page actions: twin link inverted", "components/page_actions.html",
           "{% if page.twin_url %}", "{% if not page.twin_url %}",
           ("tests/test_build.py", "-k", "every_page_links_twin")),
    Mutant("connect form: required inverted", "components/connect_form.html",
           "{% if f.required %}", "{% if not f.required %}",
           (BROWSER, "-k", "missing_required or connect_form")),
    # scripts
    Mutant("search.js: result title as markup", "static/search.js",
           "strong.textContent = title;", "strong.innerHTML = title;", SEARCH_HOSTILE),
    Mutant("search.js: excerpt text as markup", "static/search.js",
           "out.appendChild(document.createTextNode(decode(part)));",
           'out.insertAdjacentHTML("beforeend", decode(part));', SEARCH_HOSTILE),
    browser("accounts.js: cells as markup", "static/accounts.js",
            "td.textContent = text;", "td.innerHTML = text;", "hostile"),
    browser("connect.js: GET instead of POST", "static/connect.js",
            'method: "POST"', 'method: "GET"', "connect_form or keyboard"),
    browser("guide.js: step filter inverted", "static/guide.js",
            "el.hidden = active && cond.length > 0 && !cond.some(",
            "el.hidden = active && cond.length > 0 && cond.some(", "scope_selector_filters"),
    browser("guide.js: grant list filter inverted", "static/guide.js",
            'li.hidden = active && !scopes.has(li.getAttribute("data-scope"));',
            'li.hidden = active && scopes.has(li.getAttribute("data-scope"));',
            "scope_selector_filters"),
    browser("guide.js: table filter inverted", "static/guide.js",
            "hay.indexOf(q) < 0;", "hay.indexOf(q) >= 0;", "filter_box"),
    browser("theme.js: choice not remembered", "static/theme.js",
            'window.localStorage.setItem("hd-theme", next);', "void next;", "dark_mode"),
]  # fmt: skip


def prepare() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, WORK / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, WORK / name)


def run(mutant: Mutant) -> str:
    """'killed' or 'survived' (or 'not applied' when the text to mutate is gone)."""
    path = WORK / "site_template" / mutant.file
    original = path.read_text()
    if mutant.old not in original:
        return "not applied"
    path.write_text(original.replace(mutant.old, mutant.new, 1))
    try:
        proc = subprocess.run(
            ["nice", "-n", "10", sys.executable, "-m", "pytest", "-q", "-x",
             "-p", "no:cacheprovider", *mutant.tests],
            cwd=WORK, capture_output=True, text=True, check=False,
        )  # fmt: skip
    finally:
        path.write_text(original)
    if proc.returncode == 1:
        return "killed"
    if proc.returncode == 0:
        return "survived"
    return f"error (pytest exit {proc.returncode})"


def main(argv: list[str]) -> int:
    chosen = [m for m in MUTANTS if not argv or any(a in m.name for a in argv)]
    prepare()
    saved = WORK.parent / "templates.json"
    results = json.loads(saved.read_text()) if argv and saved.is_file() else {}  # a re-run
    for mutant in chosen:
        results[mutant.name] = status = run(mutant)
        print(f"{status:>12}  {mutant.name}  ({' '.join(mutant.tests)})", flush=True)
    results = {m.name: results[m.name] for m in MUTANTS if m.name in results}
    killed = sum(s == "killed" for s in results.values())
    print(f"templates: {killed}/{len(results)} killed")
    saved.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
