"""The Swagger 2.0 parts that differ from OpenAPI 3 (host/basePath, body and formData parameters,
`produces`, `securityDefinitions`) -> the same records a 3.x spec gives."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import MediaType, OAuthFlow, Parameter, RequestBody, Response, SecurityScheme, Server
from .source import SpecFile, escape

if TYPE_CHECKING:
    from .operations import SpecReader

_FLOWS = {
    "implicit": "implicit",
    "password": "password",
    "application": "clientCredentials",
    "accessCode": "authorizationCode",
}


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def servers(doc: dict[str, Any], op: dict[str, Any] | None = None) -> tuple[Server, ...]:
    """`schemes` x `host` + `basePath` (the operation's `schemes` first)."""
    base = _text(doc.get("basePath"))
    host = _text(doc.get("host"))
    if not host:
        return (Server(base),) if base else ()
    schemes = (op or {}).get("schemes") or doc.get("schemes") or ["https"]
    return tuple(Server(f"{s}://{host}{base}") for s in schemes if s in ("http", "https"))


def security_schemes(doc: dict[str, Any]) -> dict[str, SecurityScheme]:
    out = {}
    for key, node in _dict(doc.get("securityDefinitions")).items():
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        desc = _text(node.get("description"))
        if kind == "basic":
            out[key] = SecurityScheme(key, "http", scheme="basic", description=desc)
        elif kind == "apiKey":
            out[key] = SecurityScheme(
                key,
                "apiKey",
                name=_text(node.get("name")),
                location=_text(node.get("in")),
                description=desc,
            )
        elif kind == "oauth2":
            flow = OAuthFlow(
                _FLOWS.get(_text(node.get("flow")), _text(node.get("flow"))),
                _text(node.get("authorizationUrl")),
                _text(node.get("tokenUrl")),
                "",
                tuple((str(s), _text(d)) for s, d in _dict(node.get("scopes")).items()),
            )
            out[key] = SecurityScheme(key, "oauth2", description=desc, flows=(flow,))
    return out


def _consumes(reader: SpecReader, op: dict[str, Any], key: str) -> list[str]:
    found = op.get(key) or reader.doc.get(key) or ["application/json"]
    return [m for m in found if isinstance(m, str)]


def parameters(
    reader: SpecReader, op: dict[str, Any], item: dict[str, Any], at: str, file: SpecFile
) -> tuple[tuple[Parameter, ...], RequestBody | None]:
    """The operation's parameters (path-item ones replaced by same-named operation ones) and its
    body: the `in: body` parameter, or the `formData` parameters as a form."""
    found: dict[tuple[str, str], tuple[dict[str, Any], SpecFile, str]] = {}
    item_at = at.rpartition("/")[0]
    for holder, base in ((item, item_at), (op, at)):
        for i, raw in enumerate(holder.get("parameters") or ()):
            t = reader.deref(raw, f"{base}/parameters/{i}", file)
            if t is not None and isinstance(t.value, dict) and isinstance(t.value.get("name"), str):
                found[(t.value["name"], _text(t.value.get("in")))] = (t.value, t.file, t.pointer)
    params: list[Parameter] = []
    body: RequestBody | None = None
    form: list[tuple[dict[str, Any], SpecFile, str]] = []
    for (name, location), (node, pfile, pointer) in found.items():
        if location == "body":
            media = reader.media_types(
                {m: {"schema": node.get("schema", {})} for m in _consumes(reader, op, "consumes")},
                f"{pointer}/x-content",
                pfile,
                "request",
            )
            body = RequestBody(_text(node.get("description")), node.get("required") is True, media)
        elif location == "formData":
            form.append((node, pfile, pointer))
        elif location in ("path", "query", "header"):
            schema = reader.schemas.read(_as_schema(node), pfile, pointer)
            params.append(
                Parameter(
                    name=name,
                    location=location,
                    schema=schema,
                    required=node.get("required") is True or location == "path",
                    description=_text(node.get("description")),
                    example=schema.example,
                )
            )
    if form and body is None:
        body = _form_body(reader, op, form)
    order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
    return tuple(sorted(params, key=lambda p: order[p.location])), body


def _as_schema(node: dict[str, Any]) -> dict[str, Any]:
    """A non-body parameter's own type keywords, as a schema (`x-example` as its example)."""
    out = {
        k: v
        for k, v in node.items()
        if k not in ("name", "in", "required", "description", "collectionFormat", "allowEmptyValue")
    }
    if "x-example" in node and "example" not in out:
        out["example"] = node["x-example"]
    return out


def _form_body(
    reader: SpecReader, op: dict[str, Any], form: list[tuple[dict[str, Any], SpecFile, str]]
) -> RequestBody:
    has_file = any(n.get("type") == "file" for n, _, _ in form)
    media_types = [m for m in _consumes(reader, op, "consumes") if "form" in m] or (
        ["multipart/form-data"] if has_file else ["application/x-www-form-urlencoded"]
    )
    node, file, pointer = form[0]
    props = {}
    required = []
    for n, _, _ in form:
        schema = _as_schema(n)
        if schema.get("type") == "file":
            schema = {**schema, "type": "string", "format": "binary"}
        if "description" in n:
            schema["description"] = n["description"]
        props[n["name"]] = schema
        if n.get("required") is True:
            required.append(n["name"])
    schema_node = {"type": "object", "properties": props, "required": required}
    contents = reader.media_types(
        {m: {"schema": schema_node} for m in media_types},
        f"{pointer.rpartition('/')[0]}",
        file,
        "request",
    )
    return RequestBody("", bool(required), contents)


def responses(
    reader: SpecReader, op: dict[str, Any], at: str, file: SpecFile
) -> tuple[Response, ...]:
    out = []
    produces = _consumes(reader, op, "produces")
    for status, raw in _dict(op.get("responses")).items():
        t = reader.deref(raw, f"{at}/responses/{escape(str(status))}", file)
        if t is None or not isinstance(t.value, dict):
            continue
        node = t.value
        headers = []
        for name, h in _dict(node.get("headers")).items():
            if isinstance(h, dict):
                schema = reader.schemas.read(
                    _as_schema(h), t.file, f"{t.pointer}/headers/{escape(str(name))}"
                )
                headers.append(
                    Parameter(str(name), "header", schema, description=_text(h.get("description")))
                )
        contents: tuple[MediaType, ...] = ()
        if "schema" in node:
            given = _dict(node.get("examples"))
            content = {}
            for m in produces:
                entry: dict[str, Any] = {"schema": node["schema"]}
                if m in given:
                    entry["example"] = given[m]
                content[m] = entry
            contents = reader.media_types(content, f"{t.pointer}/x-content", t.file, "response")
        out.append(Response(str(status), _text(node.get("description")), tuple(headers), contents))
    return tuple(out)
