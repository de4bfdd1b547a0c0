"""Deterministic synthetic guides shaped like the real ones: `python bench/generate.py N OUT`."""

from __future__ import annotations

import html
import json
import random
import sys
from pathlib import Path

WORDS = [
    "account",
    "admin",
    "token",
    "workspace",
    "settings",
    "integration",
    "access",
    "scope",
    "permission",
    "user",
    "group",
    "channel",
    "report",
    "export",
    "import",
    "sync",
    "directory",
    "record",
    "field",
    "value",
    "portal",
    "console",
    "profile",
    "security",
    "key",
    "secret",
    "client",
    "redirect",
    "consent",
    "install",
    "approve",
    "review",
    "select",
    "copy",
    "paste",
]
AUTH = [
    "API Key",
    "OAuth 2.0",
    "Basic Auth",
    "Service User",
    "SCIM API Token",
    "Client Credentials",
]


def sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def actions_attr(rng: random.Random, count: int) -> tuple[str, list[str]]:
    scopes = [f"{rng.choice(WORDS)}:{rng.choice(['read', 'write'])}" for _ in range(8)]
    data = [
        {
            "id": f"act_{i}",
            "label": f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {i}",
            "scopes": rng.sample(scopes, rng.randint(1, 3)),
        }
        for i in range(count)
    ]
    return html.escape(json.dumps(data), quote=True).replace("&quot;", "&#x22;"), scopes


def guide(i: int, rng: random.Random, per_connector: int = 1) -> tuple[str, str]:
    """Guide `i`; with `per_connector` > 1 (at most 12), that many guides share a connector,
    each with another auth method or guide type, as in a real hub."""
    k = i // per_connector
    connector = f"tool{k:05d}"
    name = f"Tool {k}"
    auth = rng.choice(AUTH) if per_connector == 1 else AUTH[i % per_connector % len(AUTH)]
    slug = "-".join("".join(c if c.isalnum() else " " for c in auth.lower()).split())
    gtype = "link-account" if i % 4 else "connector-profile"
    if per_connector > 1:
        gtype = ("link-account", "connector-profile")[i % per_connector // len(AUTH)]
    title = (
        f"Connect {name} with {auth} – StackOne Hub"
        if gtype == "link-account"
        else f"{name} {auth} connector profile – StackOne setup guide"
    )
    out = [
        "---",
        f'title: "{title}"',
        f'description: "Link a {name} account in the StackOne Hub using {auth}. {sentence(rng, 8)}"',
        "---",
        "",
        f"<Warning>{sentence(rng, 10)}</Warning>",
        "",
    ]
    scoped = i % 3 == 0
    scopes: list[str] = []
    if scoped:
        attr, scopes = actions_attr(rng, rng.randint(5, 40))
        out += [
            "<Panel>",
            f'  <div className="guides-scope-selector" data-guides-scope-selector data-guide-actions-json="{attr}">',
            "  </div>",
            "</Panel>",
            "",
        ]
    for s in range(rng.randint(1, 3)):
        cond = " ".join(rng.sample(scopes, 1)) if scoped and s else ""
        out += [
            f'<section data-guide-section data-guide-scopes="{cond}">',
            f"  <h2>{sentence(rng, 4)[:-1]} {s}</h2>",
            "",
            f"  <p>{sentence(rng)} Use <code>{rng.choice(WORDS)}</code> here.</p>",
            "",
            "  <Steps>",
        ]
        for t in range(rng.randint(2, 5)):
            display = ",".join(scopes[:2]) if scoped and t == 0 else ""
            out += [
                f'    <Step title="{sentence(rng, 3)[:-1]}">',
                f'      <div data-guide-step data-guide-scopes="" data-guide-display-scopes-list="{display}">',
                f"        <p>{sentence(rng, 18)} Go to <strong>Settings → {rng.choice(WORDS).title()}</strong>.</p>",
                "      </div>",
                "    </Step>",
                "",
            ]
        out += ["  </Steps>", "</section>", ""]
    out += [
        "<div data-whitelabel-hide>",
        "  <h2>Linking the Account from the Hub</h2>",
        "",
        "  <Steps>",
        '    <Step title="Navigate to the Hub">',
        '      Use one of the three <a href="/guides/accounts-section#linking-accounts">Linking Account Methods</a> to access the Hub.',
        "    </Step>",
        "",
        '    <Step title="Fill out the fields">',
        "      Fill out the following fields using details from your provider:",
        "",
        "      <ul>",
        "        <li><strong>API Key</strong></li>",
        "        <li><strong>Region</strong> (Optional)</li>",
        "      </ul>",
        "    </Step>",
        "  </Steps>",
        "</div>",
        "",
    ]
    return f"{connector}/{gtype}/{slug}.mdx", "\n".join(out)


def generate(n: int, out: Path, seed: int = 7, per_connector: int = 1) -> list[Path]:
    """Write n guides plus the accounts page under `out`; same n and seed, same bytes
    (`per_connector`: guides per connector, 1 to 12)."""
    if not 1 <= per_connector <= 2 * len(AUTH):
        raise ValueError("per_connector must be 1 to 12")
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        rel, text = guide(i, rng, per_connector)
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    page = out / "guides" / "accounts-section.mdx"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        "---\ntitle: Accounts\ndescription: The Accounts page.\nwhitelabel_hide: true\n---\n\n"
        "## Linking Accounts\n\nThree methods.\n",
        encoding="utf-8",
    )
    return paths


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
