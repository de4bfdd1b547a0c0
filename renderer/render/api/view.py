"""An `Operation` or `SchemaPage` -> the plain dicts the page partials render (anchor ids, type
labels, pills, sanitised description HTML, nested fields, alternatives, examples, playground)."""

from __future__ import annotations

import functools
import itertools
import json
import re
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from renderer.openapi.anchors import Ids, body_id, header_id, param_id, response_id, slugify
from renderer.openapi.examples import example_text, synthesise
from renderer.openapi.model import (
    MediaType,
    Operation,
    Parameter,
    Schema,
    SchemaPage,
    SecurityScheme,
    Server,
)
from renderer.openapi.samples import code_samples
from renderer.render.sanitize import clean_block, markdown

MAX_DEPTH = 10
"""Nesting shown on a page; deeper fields are summarised by their type."""
LOCATION_TITLES = {
    "path": "Path parameters",
    "query": "Query parameters",
    "header": "Headers",
    "cookie": "Cookies",
}
_FLOW_TITLES = {
    "implicit": "Implicit",
    "password": "Password",
    "clientCredentials": "Client credentials",
    "authorizationCode": "Authorization code",
}
MAX_ORIGINS = 16


@functools.lru_cache(maxsize=16384)
def prose(text: str) -> Markup:
    """A spec's CommonMark description as sanitised HTML."""
    if not text.strip():
        return Markup("")
    return Markup(clean_block(markdown().render(text)))  # noqa: S704 - sanitised just above


def type_label(s: Schema) -> str:
    """`string`, `integer<int64>`, `enum<string>`, `object[]`, `string | null`, ..."""
    if s.recursive and not s.types:
        label = s.ref_name or "object"
    elif s.is_array:
        label = (type_label(s.items) if s.items is not None else "any") + "[]"
        if " | " in label:
            label = f"({label[:-2]})[]"
    elif s.alternatives and not s.types:
        label = " | ".join(dict.fromkeys(type_label(a) for a in s.alternatives))
    else:
        base = "/".join(s.types) or ("object" if s.is_object else "any")
        label = f"enum<{base}>" if s.enum else (f"{base}<{s.format}>" if s.format else base)
    if s.content_media_type and not s.format:
        label = "file"
    return f"{label} | null" if s.nullable and "null" not in label else label


def _constraint_facts(s: Schema) -> list[tuple[str, str]]:
    c = dict(s.constraints)
    out = []
    low = c.get("minimum") or (
        c.get("exclusiveMinimum") if c.get("exclusiveMinimum") != "true" else None
    )
    high = c.get("maximum") or (
        c.get("exclusiveMaximum") if c.get("exclusiveMaximum") != "true" else None
    )
    low_op = ">" if "exclusiveMinimum" in c else ">="
    high_op = "<" if "exclusiveMaximum" in c else "<="
    if low is not None and high is not None:
        out.append(("Required range", f"{low} {'<' if low_op == '>' else '<='} x {high_op} {high}"))
    elif low is not None:
        out.append(("Required range", f"x {low_op} {low}"))
    elif high is not None:
        out.append(("Required range", f"x {high_op} {high}"))
    for lo, hi, what in (
        ("minLength", "maxLength", "string length"),
        ("minItems", "maxItems", "array length"),
        ("minProperties", "maxProperties", "properties"),
    ):
        if lo in c or hi in c:
            out.append(
                (f"Required {what}", f"{c.get(lo, '0')} - {c[hi]}" if hi in c else f"x >= {c[lo]}")
            )
    if "pattern" in c:
        out.append(("Pattern", json.loads(c["pattern"])))
    if "multipleOf" in c:
        out.append(("Multiple of", c["multipleOf"]))
    if c.get("uniqueItems") == "true":
        out.append(("Unique items", "yes"))
    return out


def _literal(text: str) -> str:
    """JSON text shown as Mintlify does: strings without their quotes."""
    value = json.loads(text)
    return value if isinstance(value, str) and value != "" else text


class FieldViews:
    """Builds the nested field dicts of one page; `ids` keeps anchors unique on it."""

    def __init__(self, ids: Ids, direction: str):
        self.ids = ids
        self.direction = direction
        """`request` hides read-only fields, `response` write-only ones."""

    def hidden(self, s: Schema) -> bool:
        return (self.direction == "request" and s.read_only) or (
            self.direction == "response" and s.write_only
        )

    def fields(
        self, s: Schema, make_id: Any, path: tuple[str, ...], seen: dict[str, str], depth: int = 0
    ) -> list[dict[str, Any]]:
        """The fields of an object schema (its properties, then its additional properties)."""
        if s.ref_key and not s.recursive:
            seen = {**seen, s.ref_key: make_id(path) if path else ""}
        out = [
            self.field(f.name, f.schema, f.required, make_id, (*path, f.name), seen, depth)
            for f in s.properties
            if not self.hidden(f.schema)
        ]
        if isinstance(s.additional, Schema):
            out.append(
                self.field(
                    "{key}",
                    s.additional,
                    False,
                    make_id,
                    (*path, "additionalProperties"),
                    seen,
                    depth,
                    extra=True,
                )
            )
        return out

    def field(
        self,
        name: str,
        s: Schema,
        required: bool,
        make_id: Any,
        path: tuple[str, ...],
        seen: dict[str, str],
        depth: int,
        extra: bool = False,
        description: str = "",
        deprecated: bool = False,
    ) -> dict[str, Any]:
        anchor = self.ids.take(make_id(path))
        view: dict[str, Any] = {
            "id": anchor,
            "name": name,
            "type": type_label(s),
            "required": required,
            "deprecated": deprecated or s.deprecated,
            "pills": _pills(s, extra),
            "description": prose(description or s.description),
            "facts": _facts(s),
            "children": [],
            "children_label": "",
            "alternatives": [],
            "alternative_kind": "",
            "recursive_href": "",
            "recursive_name": "",
            "open": False,
        }
        if s.recursive:
            view["recursive_href"] = "#" + seen[s.ref_key] if seen.get(s.ref_key) else ""
            view["recursive_name"] = s.ref_name
            return view
        if depth >= MAX_DEPTH:
            return view
        if s.ref_key:
            seen = {**seen, s.ref_key: anchor}
        target = s.items if s.is_array and s.items is not None else s
        while target.is_array and target.items is not None and not target.recursive:
            target = target.items  # arrays of arrays: the innermost item's fields
        if target.recursive:
            view["recursive_href"] = "#" + seen[target.ref_key] if seen.get(target.ref_key) else ""
            view["recursive_name"] = target.ref_name
        elif target.is_object:
            view["children"] = self.fields(target, make_id, path, seen, depth + 1)
            view["children_label"] = "child attributes"
        if target.alternatives:
            view["alternatives"] = self.alternatives(target, make_id, path, seen, depth + 1)
            view["alternative_kind"] = target.alternative_kind
        return view

    def alternatives(
        self, s: Schema, make_id: Any, path: tuple[str, ...], seen: dict[str, str], depth: int
    ) -> list[dict[str, Any]]:
        out = []
        for n, alt in enumerate(s.alternatives, 1):
            label = alt.title or alt.ref_name or f"Option {n}"
            fields = (
                self.fields(
                    alt, make_id, (*path, f"option{n}") if path else (f"option{n}",), seen, depth
                )
                if alt.is_object
                else []
            )
            if not fields and not alt.is_object:
                fields = [
                    self.field(label, alt, False, make_id, (*path, f"option{n}"), seen, depth)
                ]
            out.append(
                {
                    "id": self.ids.take(make_id((*path, f"option{n}"))) + "-tab",
                    "label": label,
                    "type": type_label(alt),
                    "description": prose(alt.description) if alt.is_object else Markup(""),
                    "fields": fields,
                }
            )
        return out

    def root(self, s: Schema, make_id: Any, root_name: str = "body") -> dict[str, Any]:
        """A body or response schema: its top-level fields (an object's properties, or one field
        standing for the whole value), and the alternatives when it is a `oneOf`/`anyOf`."""
        if s.is_object and not s.is_array:
            fields = self.fields(s, make_id, (), {})
        else:
            fields = (
                [self.field(root_name, s, False, make_id, (root_name,), {}, 0)]
                if not s.alternatives or s.types
                else []
            )
        alternatives = (
            self.alternatives(s, make_id, (), {}, 1) if s.alternatives and not fields else []
        )
        return {
            "type": type_label(s),
            "description": prose(s.description),
            "fields": fields,
            "alternatives": alternatives,
            "alternative_kind": s.alternative_kind,
        }


def _pills(s: Schema, extra: bool) -> list[str]:
    out = []
    if s.read_only:
        out.append("read-only")
    if s.write_only:
        out.append("write-only")
    if extra:
        out.append("additional properties")
    return out


def _facts(s: Schema) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if s.default is not None:
        out.append(("Default", _literal(s.default)))
    if s.const is not None:
        out.append(("Allowed value", _literal(s.const)))
    if s.enum:
        out.append(("Available options", ", ".join(_literal(e) for e in s.enum)))
    out += _constraint_facts(s)
    if s.example is not None:
        out.append(("Example", _literal(s.example)))
    if s.additional is False:
        out.append(("Additional properties", "not allowed"))
    return out


def parameter_view(p: Parameter, ids: Ids, make_id: Any = None) -> dict[str, Any]:
    views = FieldViews(ids, "request")
    make = make_id or (
        lambda path: param_id(path[-1]) if len(path) == 1 else param_id("-".join(path))
    )
    view = views.field(
        p.name,
        p.schema,
        p.required,
        make,
        (p.name,),
        {},
        0,
        description=p.description,
        deprecated=p.deprecated,
    )
    view["location"] = p.location
    if p.example is not None and p.schema.example is None:
        view["facts"].append(("Example", _literal(p.example)))
    return view


def _scheme_view(scheme: SecurityScheme, scopes: tuple[str, ...]) -> dict[str, Any]:
    if scheme.kind == "http" and scheme.scheme == "basic":
        title, where, name = "Basic authentication", "header", "Authorization"
        detail = "Basic authentication header of the form `Basic <encoded-value>`, where `<encoded-value>` is the base64-encoded string `username:password`."
    elif scheme.kind == "http":
        title, where, name = "Bearer token", "header", "Authorization"
        fmt = f" ({scheme.bearer_format})" if scheme.bearer_format else ""
        detail = f"Bearer authentication header of the form `Bearer <token>`, where `<token>` is your auth token{fmt}."
    elif scheme.kind == "apiKey":
        title, where, name = "API key", scheme.location or "header", scheme.name
        detail = f"An API key sent in the `{scheme.name}` {scheme.location or 'header'}."
    elif scheme.kind == "oauth2":
        title, where, name = "OAuth 2.0", "header", "Authorization"
        detail = "An OAuth 2.0 access token sent as `Authorization: Bearer <token>`."
    elif scheme.kind == "openIdConnect":
        title, where, name = "OpenID Connect", "header", "Authorization"
        detail = f"An OpenID Connect access token sent as `Authorization: Bearer <token>` (discovery: {scheme.openid_url})."
    else:
        title, where, name, detail = scheme.kind or "Authentication", "", "", ""
    return {
        "key": scheme.key,
        "kind": scheme.kind,
        "title": title,
        "location": where,
        "name": name,
        "id": slugify(f"authorization-{name or scheme.key}"),
        "detail": prose(detail),
        "description": prose(scheme.description),
        "scopes": list(scopes),
        "flows": [
            {
                "title": _FLOW_TITLES.get(f.kind, f.kind),
                "authorization_url": f.authorization_url,
                "token_url": f.token_url,
                "refresh_url": f.refresh_url,
                "scopes": [
                    {"name": n, "description": d, "needed": n in scopes} for n, d in f.scopes
                ],
            }
            for f in scheme.flows
        ],
    }


def auth_view(op: Operation, ids: Ids) -> dict[str, Any]:
    options = []
    for req in op.security:
        schemes = []
        for scheme, scopes in req.schemes:
            view = _scheme_view(scheme, scopes)
            view["id"] = ids.take(view["id"])
            schemes.append(view)
        if schemes:
            options.append({"label": " + ".join(s["title"] for s in schemes), "schemes": schemes})
    optional = any(not req.schemes for req in op.security)
    return {"options": options, "optional": optional and bool(options)}


def _media_view(m: MediaType, views: FieldViews, make_id: Any) -> dict[str, Any]:
    return {
        "content_type": m.content_type,
        "schema": views.root(m.schema, make_id) if m.schema is not None else None,
        "examples": [_example_view(e.name, e.summary, e.value) for e in m.examples],
    }


def _example_view(name: str, summary: str, value: str) -> dict[str, Any]:
    try:
        shown = example_text(json.loads(value))
    except ValueError:
        shown = value
    return {"name": name, "summary": summary, "code": shown}


def server_urls(servers: tuple[Server, ...]) -> list[str]:
    """Every URL the servers can take: defaults first, then each enum combination (capped)."""
    out: list[str] = []
    for s in servers:
        out.append(s.default_url)
        choices = [[(v.name, e) for e in (v.enum or (v.default,))] for v in s.variables]
        for combo in itertools.islice(itertools.product(*choices), 64):
            url = s.url
            for name, value in combo:
                url = url.replace("{" + name + "}", value)
            out.append(url)
    return list(dict.fromkeys(out))[:64]


def connect_origins(op: Operation) -> tuple[str, ...]:
    """The origins the interactive playground may send this operation to (for the page's CSP
    `connect-src`): each absolute http(s) server URL's scheme://host[:port], with server
    variables at their default or enum values; a URL with a variable left open is skipped."""
    out = []
    for url in server_urls(op.servers):
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc and "{" not in parts.netloc:
            out.append(f"{parts.scheme}://{parts.netloc}")
    return tuple(dict.fromkeys(out))[:MAX_ORIGINS]


def playground_view(op: Operation, mode: str, ids: Ids) -> dict[str, Any]:
    """The form's fields: servers the page may reach, credentials, parameters, body."""
    origins = connect_origins(op)
    urls = [
        u
        for u in server_urls(op.servers)
        if f"{urlsplit(u).scheme}://{urlsplit(u).netloc}" in origins
    ]
    if mode == "interactive" and not urls:
        mode = "simple"  # no absolute server: nothing to send to (Mintlify does the same)
    auth = []
    for scheme, _scopes in op.security[0].schemes if op.security else ():
        if scheme.kind == "apiKey" and scheme.location == "cookie":
            continue  # a browser does not let a page set another site's cookies
        kind = (
            "basic"
            if scheme.kind == "http" and scheme.scheme == "basic"
            else ("apikey" if scheme.kind == "apiKey" else "bearer")
        )
        auth.append(
            {
                "kind": kind,
                "name": scheme.name if kind == "apikey" else "Authorization",
                "location": scheme.location or "header",
                "key": scheme.key,
                "default": scheme.default,
            }
        )
    fields = [
        {
            "name": p.name,
            "location": p.location,
            "required": p.required,
            "value": _literal(p.example) if p.example is not None else "",
            "id": ids.take(f"try-{p.location}-{slugify(p.name)}"),
        }
        for p in op.parameters
        if p.location != "cookie"
    ]
    media = op.request_body.contents[0] if op.request_body and op.request_body.contents else None
    return {
        "mode": mode,
        "form_id": ids.take("try-" + slugify(op.label)),
        "method": op.method.upper(),
        "path": op.path,
        "servers": urls,
        "origins": list(origins),
        "origins_json": json.dumps(list(origins)),
        "auth": auth,
        "fields": fields,
        "content_type": media.content_type if media else "",
        "body": _example_view("", "", media.examples[0].value)["code"]
        if media and media.examples
        else "",
    }


def operation_view(op: Operation, mode: str = "interactive", title: str = "") -> dict[str, Any]:
    """Everything the operation page's partials show."""
    ids = Ids()
    params = [parameter_view(p, ids) for p in op.parameters]
    groups = [
        {"location": loc, "title": title_, "params": [v for v in params if v["location"] == loc]}
        for loc, title_ in LOCATION_TITLES.items()
    ]
    body = None
    if op.request_body is not None:
        views = FieldViews(ids, "request")
        body = {
            "required": op.request_body.required,
            "description": prose(op.request_body.description),
            "contents": [_media_view(m, views, body_id) for m in op.request_body.contents],
        }
    responses = []
    for r in op.responses:
        views = FieldViews(ids, "response")
        status = r.status

        def make(path: tuple[str, ...], status: str = status) -> str:
            return response_id(status, path)

        responses.append(
            {
                "status": status,
                "id": ids.take(response_id(status, ())),
                "kind": (status[:1] + "xx") if status[:1].isdigit() else "default",
                "description": prose(r.description),
                "headers": [
                    parameter_view(h, ids, lambda path, s=status: header_id(s, "-".join(path)))
                    for h in r.headers
                ],
                "contents": [_media_view(m, views, make) for m in r.contents],
            }
        )
    response_examples = [
        {
            "id": ids.take(f"{r['id']}-example"),
            "label": r["status"]
            + (f" {ex['summary'] or ex['name']}" if len(m["examples"]) > 1 else ""),
            "lang": "json" if "json" in m["content_type"] else "text",
            "code": ex["code"],
        }
        for r in responses
        for m in r["contents"]
        for ex in m["examples"]
    ]
    samples = code_samples(op)
    servers = server_urls(op.servers)
    return {
        "uid": slugify(op.label) or "op",
        "title": title or op.title,
        "method": op.method.upper(),
        "method_class": op.method.lower(),
        "webhook": op.webhook,
        "path": op.path,
        "path_parts": _path_parts(op.path),
        "base_url": op.servers[0].default_url if op.servers else "",
        "servers": [
            {
                "url": s.url,
                "default": s.default_url,
                "description": s.description,
                "variables": [
                    {
                        "name": v.name,
                        "default": v.default,
                        "enum": list(v.enum),
                        "description": v.description,
                    }
                    for v in s.variables
                ],
            }
            for s in op.servers
        ],
        "server_count": len(servers),
        "description": prose(op.description),
        "deprecated": op.deprecated,
        "auth": auth_view(op, ids),
        "groups": [g for g in groups if g["params"]],
        "body": body,
        "responses": responses,
        "response_examples": response_examples,
        "samples": [
            {
                "label": c.label,
                "lang": c.lang,
                "code": c.source,
                "id": ids.take(f"sample-{slugify(c.label) or 'code'}"),
            }
            for c in samples
        ],
        "playground": playground_view(op, mode, ids) if mode in ("interactive", "simple") else None,
    }


def _path_parts(path: str) -> list[dict[str, Any]]:
    """`/users/{id}` -> parts, the `{id}` ones marked (styled as parameters)."""
    return [{"text": t, "param": t.startswith("{")} for t in re.split(r"(\{[^{}/]*\})", path) if t]


def schema_page_view(page: SchemaPage) -> dict[str, Any]:
    """An `openapi-schema:` page: the schema's fields (anchors `schema-<path>`)."""
    ids = Ids()
    views = FieldViews(ids, "")

    def make(path: tuple[str, ...]) -> str:
        return slugify("-".join(("schema", *path)))

    root = views.root(page.schema, make, page.name)
    example = _example_view("", "", json.dumps(synthesise(page.schema, "response")))
    return {"title": page.title, "name": page.name, "root": root, "example": example["code"]}
