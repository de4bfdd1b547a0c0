"""An `Operation` (or `SchemaPage`) -> its Markdown for the page's twin and llms-full.txt: method
and path, description, auth, parameters and fields as nested lists, examples as fenced code."""

from __future__ import annotations

import json

from renderer.openapi.examples import example_text, synthesise
from renderer.openapi.model import Operation, Parameter, Schema, SchemaPage, SecurityScheme
from renderer.openapi.samples import code_samples
from renderer.render.api.view import LOCATION_TITLES, MAX_DEPTH, server_urls, type_label
from renderer.render.defang import defang

_FLOW = {
    "implicit": "implicit",
    "password": "password",
    "clientCredentials": "client credentials",
    "authorizationCode": "authorization code",
}


def _fence(code: str, lang: str = "", title: str = "") -> list[str]:
    ticks = "```"
    while ticks in code:
        ticks += "`"
    info = " ".join(p for p in (lang, title) if p)
    return [f"{ticks}{info}", code.rstrip("\n"), ticks, ""]


def _inline(text: str) -> str:
    """A description on one list line (Markdown inside kept; line breaks joined)."""
    return " ".join(text.split())


def _literal(text: str) -> str:
    return f"`{text}`" if "`" not in text else f"``{text}``"


def _facts(s: Schema) -> list[str]:
    out = []
    if s.default is not None:
        out.append(f"default: {_literal(s.default)}")
    if s.const is not None:
        out.append(f"value: {_literal(s.const)}")
    if s.enum:
        out.append("one of: " + ", ".join(_literal(e) for e in s.enum))
    out += [f"{k}: {_literal(v)}" for k, v in s.constraints]
    if s.example is not None:
        out.append(f"example: {_literal(s.example)}")
    return out


def _flags(s: Schema, required: bool, deprecated: bool = False) -> list[str]:
    return [
        f
        for f, on in (
            ("required", required),
            ("read-only", s.read_only),
            ("write-only", s.write_only),
            ("deprecated", deprecated or s.deprecated),
        )
        if on
    ]


def field_lines(
    name: str,
    s: Schema,
    required: bool,
    depth: int,
    direction: str,
    description: str = "",
    deprecated: bool = False,
) -> list[str]:
    """One field as a list item, its facts and children nested under it."""
    pad = "  " * depth
    head = ", ".join([type_label(s), *_flags(s, required, deprecated)])
    text = _inline(description or s.description)
    lines = [f"{pad}- `{name}` ({head}){': ' + text if text else ''}"]
    lines += [f"{pad}  - {fact}" for fact in _facts(s)]
    if s.recursive:
        return [*lines, f"{pad}  - (recursive: the same fields as `{s.ref_name}`)"]
    if depth >= MAX_DEPTH:
        return lines
    target = s
    while target.is_array and target.items is not None and not target.recursive:
        target = target.items
    if target.recursive and target is not s:
        lines.append(f"{pad}  - (recursive: items have the same fields as `{target.ref_name}`)")
    elif target.is_object:
        lines += schema_lines(target, depth + 1, direction)
    if target.alternatives:
        lines += _alternative_lines(target, depth + 1, direction)
    return lines


def _alternative_lines(s: Schema, depth: int, direction: str) -> list[str]:
    pad = "  " * depth
    word = "One of" if s.alternative_kind == "oneOf" else "Any of"
    out = [f"{pad}- {word}:"]
    for n, alt in enumerate(s.alternatives, 1):
        label = alt.title or alt.ref_name or f"Option {n}"
        out.append(f"{pad}  - {label} ({type_label(alt)})")
        if alt.is_object:
            out += schema_lines(alt, depth + 2, direction)
    return out


def _hidden(s: Schema, direction: str) -> bool:
    return (direction == "request" and s.read_only) or (direction == "response" and s.write_only)


def schema_lines(s: Schema, depth: int, direction: str) -> list[str]:
    """An object's fields (or, for any other schema, the value itself as one item)."""
    if not s.is_object or s.is_array:
        if s.alternatives and not s.types:
            return _alternative_lines(s, depth, direction)
        return field_lines("body", s, False, depth, direction)
    out = []
    for f in s.properties:
        if not _hidden(f.schema, direction):
            out += field_lines(f.name, f.schema, f.required, depth, direction)
    if isinstance(s.additional, Schema):
        out += field_lines("{key}", s.additional, False, depth, direction)
    if s.alternatives:
        out += _alternative_lines(s, depth, direction)
    return out


def _param_lines(p: Parameter) -> list[str]:
    lines = field_lines(p.name, p.schema, p.required, 0, "request", p.description, p.deprecated)
    if p.example is not None and p.schema.example is None:
        lines.insert(1, f"  - example: {_literal(p.example)}")
    return lines


def _scheme_line(scheme: SecurityScheme, scopes: tuple[str, ...]) -> list[str]:
    if scheme.kind == "http" and scheme.scheme == "basic":
        head = "HTTP basic: `Authorization: Basic <encoded-value>` (base64 of `username:password`)"
    elif scheme.kind == "http":
        fmt = f" ({scheme.bearer_format})" if scheme.bearer_format else ""
        head = f"Bearer token{fmt}: `Authorization: Bearer <token>`"
    elif scheme.kind == "apiKey":
        head = f"API key in the `{scheme.name}` {scheme.location or 'header'}"
    elif scheme.kind == "oauth2":
        head = "OAuth 2.0 access token: `Authorization: Bearer <token>`"
    elif scheme.kind == "openIdConnect":
        head = f"OpenID Connect access token: `Authorization: Bearer <token>` (discovery: {scheme.openid_url})"
    else:
        head = scheme.kind
    lines = [f"- {head}" + (f" — {_inline(scheme.description)}" if scheme.description else "")]
    if scopes:
        lines.append("  - scopes needed: " + ", ".join(_literal(s) for s in scopes))
    for f in scheme.flows:
        urls = ", ".join(
            f"{k} {u}"
            for k, u in (("authorization URL", f.authorization_url), ("token URL", f.token_url))
            if u
        )
        lines.append(f"  - {_FLOW.get(f.kind, f.kind)} flow" + (f": {urls}" if urls else ""))
        lines += [f"    - {_literal(n)}" + (f": {_inline(d)}" if d else "") for n, d in f.scopes]
    return lines


def _auth(op: Operation) -> list[str]:
    reqs = [r for r in op.security if r.schemes]
    if not reqs:
        return []
    out = ["## Authorization", ""]
    if any(not r.schemes for r in op.security):
        out += ["Authentication is optional.", ""]
    for n, req in enumerate(reqs):
        if len(reqs) > 1:
            out.append(
                ("Or, " if n else "Either ")
                + " and ".join(f"`{s.key}`" for s, _ in req.schemes)
                + ":"
            )
            out.append("")
        for scheme, scopes in req.schemes:
            out += _scheme_line(scheme, scopes)
        out.append("")
    return out


def _body_md(op: Operation) -> list[str]:
    out: list[str] = []
    body = op.request_body
    for m in body.contents if body is not None else ():
        out += [f"## Request body ({m.content_type}){' — required' if body.required else ''}", ""]
        if body.description.strip():
            out += [body.description.strip(), ""]
        if m.schema is not None:
            out += [*schema_lines(m.schema, 0, "request"), ""]
    return out


def _responses_md(op: Operation) -> list[str]:
    out: list[str] = []
    for r in op.responses:
        types = ", ".join(m.content_type for m in r.contents)
        out += [f"## Response {r.status}" + (f" ({types})" if types else ""), ""]
        if r.description.strip():
            out += [r.description.strip(), ""]
        if r.headers:
            out += ["Headers:", ""]
            for h in r.headers:
                out += field_lines(h.name, h.schema, h.required, 0, "response", h.description)
            out.append("")
        for m in r.contents:
            if m.schema is not None:
                if len(r.contents) > 1:
                    out += [f"`{m.content_type}`:", ""]
                out += [*schema_lines(m.schema, 0, "response"), ""]
    return out


def _examples_md(op: Operation) -> list[str]:
    out = ["## Request examples", ""]
    for c in code_samples(op):
        out += _fence(c.source, c.lang, c.label)
    examples = [(r.status, m, ex) for r in op.responses for m in r.contents for ex in m.examples]
    if examples:
        out += ["## Response examples", ""]
        for status, m, ex in examples:
            title = status + (f" {ex.name}" if len(m.examples) > 1 else "")
            out += _fence(_pretty(ex.value), "json" if "json" in m.content_type else "text", title)
    return out


def operation_markdown(op: Operation) -> str:
    """The whole reference of one operation, as Markdown (the same text for the same spec)."""
    out = [f"`{'WEBHOOK' if op.webhook else op.method.upper()} {op.path}`", ""]
    urls = server_urls(op.servers)
    if urls:
        out += [
            "Base URL" + ("s" if len(urls) > 1 else "") + ": " + ", ".join(f"`{u}`" for u in urls),
            "",
        ]
    if op.deprecated:
        out += ["> **Deprecated.** This endpoint is deprecated.", ""]
    if op.description.strip():
        out += [op.description.strip(), ""]
    out += _auth(op)
    for loc, title in LOCATION_TITLES.items():
        params = op.parameters_in(loc)
        if params:
            out += [f"## {title}", ""]
            for p in params:
                out += _param_lines(p)
            out.append("")
    out += _body_md(op) + _responses_md(op) + _examples_md(op)
    return defang("\n".join(out).rstrip("\n") + "\n")


def _pretty(value: str) -> str:
    try:
        return example_text(json.loads(value))
    except ValueError:
        return value


def schema_markdown(page: SchemaPage) -> str:
    """An `openapi-schema:` page as Markdown: the schema's fields and an example."""
    out = [f"`{page.name}` ({type_label(page.schema)})", ""]
    if page.schema.description.strip():
        out += [page.schema.description.strip(), ""]
    out += [*schema_lines(page.schema, 0, ""), "", "## Example", ""]
    out += _fence(example_text(synthesise(page.schema, "response")), "json")
    return defang("\n".join(out).rstrip("\n") + "\n")
