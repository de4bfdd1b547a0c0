"""A generated OpenAPI 3.1 spec of N operations (default 2,000) -> load time, and per-operation
HTML and Markdown render time beside a plain MDX page's parse + render. Usage:

    python bench/openapi_gen.py [--operations 2000] [--runs 3] [--keep DIR]

The spec: N/4 resources, each with list/get/create/delete operations; shared schemas with
`allOf`, a `oneOf`, a recursive schema, enums, nested objects and arrays; every parameter
location; bearer + API-key auth; two servers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLAIN = """---
title: Connect your account
description: How to link an account and check the connection.
---

Connecting takes a few minutes. You need an **admin** account and an API token.

## Before you start

- An admin account on the service
- A token with the `read` scope ([how to make one](https://example.com/tokens))

## Steps

1. Open **Settings → Integrations**.
2. Click **New token** and copy it.
3. Paste the token here and press **Connect**.

<Note>Tokens expire after 90 days; make a new one before then.</Note>

```bash
curl -H "Authorization: Bearer $TOKEN" https://api.example.com/me
```

| Field | Meaning |
| --- | --- |
| `id` | The account id |
| `name` | Its display name |
"""


def schemas() -> dict:
    return {
        "Money": {
            "type": "object",
            "required": ["amount", "currency"],
            "properties": {
                "amount": {"type": "number", "minimum": 0},
                "currency": {"type": "string", "enum": ["EUR", "USD"]},
            },
        },
        "Base": {
            "type": "object",
            "properties": {
                "id": {"type": "string", "format": "uuid", "readOnly": True},
                "created": {"type": "string", "format": "date-time", "readOnly": True},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        },
        "Node": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            },
        },
        "Target": {
            "oneOf": [
                {
                    "title": "Email",
                    "type": "object",
                    "properties": {"email": {"type": "string", "format": "email"}},
                },
                {
                    "title": "Webhook",
                    "type": "object",
                    "properties": {
                        "url": {"type": "string", "format": "uri"},
                        "secret": {"type": "string", "writeOnly": True},
                    },
                },
            ]
        },
        "Error": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "message": {"type": ["string", "null"]}},
        },
    }


def resource(n: int) -> tuple[str, dict]:
    name = f"Thing{n}"
    return name, {
        "allOf": [
            {"$ref": "#/components/schemas/Base"},
            {
                "type": "object",
                "required": ["title"],
                "properties": {
                    "title": {
                        "type": "string",
                        "maxLength": 200,
                        "description": f"The {name}'s title.",
                    },
                    "status": {"type": "string", "enum": ["draft", "live", "archived"]},
                    "price": {"$ref": "#/components/schemas/Money"},
                    "tree": {"$ref": "#/components/schemas/Node"},
                    "notify": {"$ref": "#/components/schemas/Target"},
                    "tags": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"key": {"type": "string"}, "value": {"type": "string"}},
                        },
                    },
                },
            },
        ]
    }


def operations(n: int) -> dict:
    name = f"Thing{n}"
    ref = {"$ref": f"#/components/schemas/{name}"}
    json_of = lambda s: {"application/json": {"schema": s}}  # noqa: E731
    errors = {
        "404": {
            "description": "Not found.",
            "content": json_of({"$ref": "#/components/schemas/Error"}),
        }
    }
    common = [{"name": "X-Trace", "in": "header", "schema": {"type": "string"}}]
    return {
        f"/things{n}": {
            "get": {
                "tags": [f"group{n % 20}"],
                "summary": f"List {name}s",
                "parameters": [
                    *common,
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                    },
                    {
                        "name": "status",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["draft", "live"]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "A page.",
                        "content": json_of({"type": "array", "items": ref}),
                    }
                },
            },
            "post": {
                "tags": [f"group{n % 20}"],
                "summary": f"Create a {name}",
                "description": f"Creates a **{name}**. See [the guide](https://example.com/{n}).",
                "requestBody": {"required": True, "content": json_of(ref)},
                "responses": {
                    "201": {"description": "Created.", "content": json_of(ref)},
                    **errors,
                },
            },
        },
        f"/things{n}/{{id}}": {
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "get": {
                "tags": [f"group{n % 20}"],
                "summary": f"Get a {name}",
                "parameters": [
                    *common,
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "The item.", "content": json_of(ref)},
                    **errors,
                },
            },
            "delete": {
                "tags": [f"group{n % 20}"],
                "summary": f"Delete a {name}",
                "security": [{"key": []}],
                "responses": {"204": {"description": "Deleted."}, **errors},
            },
        },
    }


def generate(count: int) -> dict:
    paths: dict = {}
    comps = schemas()
    for n in range(count // 4):
        name, schema = resource(n)
        comps[name] = schema
        paths.update(operations(n))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Generated", "version": "1"},
        "servers": [
            {"url": "https://api.example.test/v1"},
            {"url": "https://eu.api.example.test/v1"},
        ],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "schemas": comps,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            },
        },
    }


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def stats(xs: list[float], scale: float = 1.0, unit: str = "s") -> str:
    return (
        " / ".join(f"{x * scale:.3f}" for x in (min(xs), statistics.median(xs), max(xs)))
        + f" {unit}"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--operations", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()

    from renderer.openapi.index import SpecIndex
    from renderer.parse.page import parse_guide
    from renderer.render.api.html import render_operation
    from renderer.render.api.markdown import operation_markdown
    from renderer.render.page_html import Components, jinja_env, render_body

    tmp = args.keep or Path(tempfile.mkdtemp(prefix="hd-openapi-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    spec_path = tmp / "openapi.json"
    spec_path.write_text(json.dumps(generate(args.operations), indent=1))
    env = jinja_env([str(ROOT / "site_template")])

    load_check = timed(lambda: SpecIndex(tmp).load("openapi.json"), args.runs)
    load_fast = timed(lambda: SpecIndex(tmp, check=False).load("openapi.json"), args.runs)
    spec = SpecIndex(tmp, check=False).load("openapi.json")
    ops = spec.operations
    render_operation(ops[0], env)  # templates compiled once, as in a build
    html = timed(lambda: [render_operation(o, env) for o in ops], args.runs)
    md = timed(lambda: [operation_markdown(o) for o in ops], args.runs)

    from renderer.parse.embeds import Embeds

    components = Components(env, "", Embeds(frozenset()))
    page = tmp / "plain.mdx"
    page.write_text(PLAIN)
    n_plain = 500

    def plain() -> None:
        for _ in range(n_plain):
            g = parse_guide(str(page), PLAIN, "plain.mdx")
            render_body(components, g)

    plain_t = timed(plain, args.runs)
    per_op = statistics.median(html) / len(ops) * 1000
    per_plain = statistics.median(plain_t) / n_plain * 1000
    size = spec_path.stat().st_size / 1e6
    print(
        f"spec: {len(ops)} operations, {len(spec.schema_names)} schemas, {size:.1f} MB JSON ({tmp})"
    )
    print("| case | min / median / max | per operation |")
    print("|---|---|---|")
    print(
        f"| load + validate (once per build) | {stats(load_check)} | {statistics.median(load_check) / len(ops) * 1000:.2f} ms |"
    )
    print(
        f"| load without validation | {stats(load_fast)} | {statistics.median(load_fast) / len(ops) * 1000:.2f} ms |"
    )
    print(f"| HTML of every operation | {stats(html)} | {per_op:.2f} ms |")
    print(
        f"| Markdown twin of every operation | {stats(md)} | {statistics.median(md) / len(ops) * 1000:.2f} ms |"
    )
    print(
        f"| plain MDX page: parse + body render, {n_plain} times | {stats(plain_t)} | {per_plain:.2f} ms per page |"
    )
    print(
        f"ratio: an operation's HTML costs {per_op / per_plain:.1f}x a plain page's parse + render"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
