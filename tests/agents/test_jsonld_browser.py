"""The JSON-LD element in real Chromium under the site's strict CSP (no 'unsafe-inline'): a
`<script type="application/ld+json">` is a data block, never run, so it raises no CSP
violation, and the browser reads the same graph the build wrote."""

from __future__ import annotations

from playwright.sync_api import Page

from .conftest import SCIM_PAGE, Built
from .serving import agents_serve

VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""


def test_jsonld_raises_no_csp_violation_in_chromium(page: Page, agents_built: Built) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(VIOLATIONS)
    with agents_serve(agents_built.root("acme"), mount=False) as base:
        for path in (SCIM_PAGE, "/", "/connectors/leapsome"):
            response = page.goto(base + path)
            assert response is not None and response.ok
            csp = response.headers["content-security-policy"]
            assert "unsafe-inline" not in csp and "script-src 'self'" in csp
            page.wait_for_load_state("load")
            assert page.evaluate("window.__csp") == [], path
            graphs = page.evaluate(
                "[...document.querySelectorAll('script[type=\"application/ld+json\"]')]"
                ".map(s => JSON.parse(s.textContent))"
            )
            assert len(graphs) == 1, path
            types = [n["@type"] for n in graphs[0]["@graph"]]
            if path == SCIM_PAGE:
                assert types == ["WebSite", "TechArticle", "HowTo", "BreadcrumbList"]
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
