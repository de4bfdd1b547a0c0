"""A spec's main file (OpenAPI 3.0/3.1, or Swagger 2.0) -> its `Operation`s and webhooks in spec
order, with parameters, bodies, responses, servers and security resolved."""

from __future__ import annotations

import re
from typing import Any

from renderer.core.errors import Problem

from . import swagger2
from .examples import synthesise
from .model import (
    METHODS,
    CodeSample,
    Example,
    MediaType,
    OAuthFlow,
    Operation,
    Parameter,
    RequestBody,
    Response,
    SchemaPage,
    SecurityRequirement,
    SecurityScheme,
    Server,
    ServerVariable,
    Tag,
)
from .refs import Files, RefError, Target, deref
from .schema import SchemaReader, json_text
from .source import SpecFile, escape

_FLOW_KINDS = ("implicit", "password", "clientCredentials", "authorizationCode")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class SpecReader:
    """Reads one spec: `operations()`, `webhooks()`, `schema_page(name)`; problems collect in
    `problems` (each `$ref` that cannot be followed, each unknown security scheme)."""

    def __init__(self, files: Files, main: SpecFile, problems: list[Problem]):
        self.files, self.main, self.problems = files, main, problems
        self.doc: dict[str, Any] = main.data
        self.v2 = "swagger" in self.doc
        self.schemas = SchemaReader(files, problems)
        self.schemes = self._security_schemes()
        self.servers = swagger2.servers(self.doc) if self.v2 else self._servers(self.doc, "")
        self._operation_ids: dict[str, str] = {}
        self._groups: dict[str, str] | None = None

    def deref(self, value: Any, at: str, file: SpecFile | None = None) -> Target | None:
        try:
            return deref(self.files, value, file or self.main, at)
        except RefError as err:
            self.schemas.problem(err)
            return None

    # -- the spec's parts --------------------------------------------------------------------

    def tags(self) -> tuple[Tag, ...]:
        out = []
        for t in self.doc.get("tags") or ():
            if isinstance(t, dict) and isinstance(t.get("name"), str):
                group = _text(t.get("x-group")) or _text(t.get("x-displayName"))
                out.append(Tag(t["name"], _text(t.get("description")), group))
        return tuple(out)

    def _group(self, tag: str) -> str:
        """A tag's navigation label (its `x-group` or `x-displayName`, else its name)."""
        if self._groups is None:
            self._groups = {t.name: t.group for t in self.tags()}
        return self._groups.get(tag) or tag

    def schema_names(self) -> tuple[str, ...]:
        found = (
            self.doc.get("definitions")
            if self.v2
            else _dict(self.doc.get("components")).get("schemas")
        )
        return tuple(str(k) for k in _dict(found))

    def schema_page(self, name: str) -> SchemaPage | None:
        base = "/definitions" if self.v2 else "/components/schemas"
        holder = (
            self.doc.get("definitions")
            if self.v2
            else _dict(self.doc.get("components")).get("schemas")
        )
        if name not in _dict(holder):
            return None
        pointer = f"{base}/{escape(name)}"
        schema = self.schemas.read({"$ref": f"#{pointer}"}, self.main, pointer)
        return SchemaPage(self.main.shown, name, schema, pointer, schema.description)

    def operations(self) -> tuple[Operation, ...]:
        return self._path_items(_dict(self.doc.get("paths")), "/paths", webhook=False)

    def webhooks(self) -> tuple[Operation, ...]:
        return self._path_items(_dict(self.doc.get("webhooks")), "/webhooks", webhook=True)

    def _path_items(self, items: dict[str, Any], base: str, webhook: bool) -> tuple[Operation, ...]:
        out: list[Operation] = []
        for path, raw in items.items():
            at = f"{base}/{escape(str(path))}"
            target = self.deref(raw, at)
            if target is None or not isinstance(target.value, dict):
                continue
            item = target.value
            for method, op in item.items():
                if method in METHODS and isinstance(op, dict):
                    out.append(self._operation(str(path), method, op, item, target, webhook))
        return tuple(out)

    # -- one operation -----------------------------------------------------------------------

    def _operation(
        self,
        path: str,
        method: str,
        op: dict[str, Any],
        item: dict[str, Any],
        where: Target,
        webhook: bool,
    ) -> Operation:
        file = where.file
        at = f"{where.pointer}/{method}"
        if self.v2:
            parameters, body = swagger2.parameters(self, op, item, at, file)
            responses = swagger2.responses(self, op, at, file)
        else:
            parameters = self._parameters(op, item, where.pointer, at, file)
            body = self._request_body(op.get("requestBody"), f"{at}/requestBody", file)
            responses = self._responses(op, at, file)
        self._check(path, method, op, parameters, where, at, webhook)
        mint = _dict(op.get("x-mint"))
        tags = tuple(t for t in op.get("tags") or () if isinstance(t, str))
        metadata = tuple(
            (str(k), v) for k, v in _dict(mint.get("metadata")).items() if isinstance(v, str)
        )
        return Operation(
            spec=self.main.shown,
            method=method,
            path=path,
            webhook=webhook,
            summary=_text(op.get("summary")).strip(),
            description=_text(op.get("description")),
            operation_id=_text(op.get("operationId")),
            tags=tags,
            group=self._group(tags[0]) if tags else "",
            deprecated=op.get("deprecated") is True,
            servers=self._operation_servers(op, item, at, where.pointer),
            security=self._security(op, at),
            parameters=parameters,
            request_body=body,
            responses=responses,
            code_samples=_code_samples(op),
            hidden=op.get("x-hidden") is True,
            excluded=op.get("x-excluded") is True,
            metadata=metadata,
            content=_text(mint.get("content")),
            href=_text(mint.get("href")),
            pointer=at,
        )

    def _check(
        self,
        path: str,
        method: str,
        op: dict[str, Any],
        parameters: tuple[Parameter, ...],
        where: Target,
        at: str,
        webhook: bool,
    ) -> None:
        """What the OpenAPI schema cannot say: every `{name}` of the path is a path parameter,
        and operation ids are unique."""
        declared = {p.name for p in parameters if p.location == "path"}
        for name in dict.fromkeys(re.findall(r"\{([^{}/]+)\}", path)) if not webhook else ():
            if name not in declared:
                message = f"path parameter {name!r} of {method.upper()} {path} is not defined"
                hint = f"add `{{name: {name}, in: path, required: true}}` to its parameters"
                self.problems.append(where.file.problem(at, message, hint))
        op_id = op.get("operationId")
        if isinstance(op_id, str):
            first = self._operation_ids.setdefault(op_id, f"{method.upper()} {path}")
            if first != f"{method.upper()} {path}":
                message = f"operationId {op_id!r} is also the id of {first}"
                self.problems.append(
                    where.file.problem(f"{at}/operationId", message, "operation ids must be unique")
                )

    def _operation_servers(
        self, op: dict[str, Any], item: dict[str, Any], at: str, item_at: str
    ) -> tuple[Server, ...]:
        if self.v2:
            return swagger2.servers(self.doc, op) if op.get("schemes") else self.servers
        return self._servers(op, at) or self._servers(item, item_at) or self.servers

    def _servers(self, holder: dict[str, Any], at: str) -> tuple[Server, ...]:
        out = []
        for s in holder.get("servers") or ():
            if not isinstance(s, dict) or not isinstance(s.get("url"), str):
                continue
            variables = tuple(
                ServerVariable(
                    str(name),
                    str(v.get("default", "")),
                    tuple(str(e) for e in v.get("enum") or ()),
                    _text(v.get("description")),
                )
                for name, v in _dict(s.get("variables")).items()
                if isinstance(v, dict)
            )
            out.append(Server(s["url"], _text(s.get("description")), variables))
        return tuple(out)

    def _parameters(
        self, op: dict[str, Any], item: dict[str, Any], item_at: str, at: str, file: SpecFile
    ) -> tuple[Parameter, ...]:
        """Path-item parameters, replaced by the operation's of the same name and location."""
        found: dict[tuple[str, str], Parameter] = {}
        for holder, base in ((item, item_at), (op, at)):
            for i, raw in enumerate(holder.get("parameters") or ()):
                target = self.deref(raw, f"{base}/parameters/{i}", file)
                if target is None or not isinstance(target.value, dict):
                    continue
                p = self._parameter(target)
                if p is not None:
                    found[(p.name, p.location)] = p
        return _ordered(found.values())

    def _parameter(self, t: Target) -> Parameter | None:
        node = t.value
        name, location = node.get("name"), node.get("in")
        if not isinstance(name, str) or location not in ("path", "query", "header", "cookie"):
            return None
        schema_at, raw_schema = f"{t.pointer}/schema", node.get("schema")
        if raw_schema is None and isinstance(node.get("content"), dict) and node["content"]:
            media, body = next(iter(node["content"].items()))
            schema_at, raw_schema = (
                f"{t.pointer}/content/{escape(media)}/schema",
                _dict(body).get("schema"),
            )
        schema = self.schemas.read(raw_schema if raw_schema is not None else {}, t.file, schema_at)
        examples = self._examples(node, t.pointer, t.file)
        example = examples[0].value if examples else schema.example
        return Parameter(
            name=name,
            location=location,
            schema=schema,
            required=node.get("required") is True or location == "path",
            deprecated=node.get("deprecated") is True,
            description=_text(node.get("description")),
            example=example,
            style=_text(node.get("style")),
            explode=node.get("explode") if isinstance(node.get("explode"), bool) else None,
        )

    def _examples(self, node: dict[str, Any], at: str, file: SpecFile) -> tuple[Example, ...]:
        """`example` and `examples` of a media type or parameter (as JSON text)."""
        out = []
        if "example" in node:
            out.append(Example("Example", json_text(node["example"])))
        for name, raw in _dict(node.get("examples")).items():
            t = self.deref(raw, f"{at}/examples/{escape(str(name))}", file)
            if t is None or not isinstance(t.value, dict) or "value" not in t.value:
                continue  # externalValue is a URL: never fetched
            ex = t.value
            out.append(
                Example(
                    str(name),
                    json_text(ex["value"]),
                    _text(ex.get("summary")),
                    _text(ex.get("description")),
                )
            )
        return tuple(out)

    def media_types(
        self, content: Any, at: str, file: SpecFile, direction: str
    ) -> tuple[MediaType, ...]:
        out = []
        for media, raw in _dict(content).items():
            body = _dict(raw)
            m_at = f"{at}/{escape(str(media))}"
            schema = (
                self.schemas.read(body["schema"], file, f"{m_at}/schema")
                if "schema" in body
                else None
            )
            examples = self._examples(body, m_at, file)
            if not examples and schema is not None and schema.example is None:
                value = synthesise(schema, direction)
                examples = (Example("Example", json_text(value), synthesised=True),)
            elif not examples and schema is not None:
                examples = (Example("Example", schema.example or "null"),)
            out.append(MediaType(str(media), schema, examples))
        return tuple(out)

    def _request_body(self, raw: Any, at: str, file: SpecFile) -> RequestBody | None:
        if raw is None:
            return None
        t = self.deref(raw, at, file)
        if t is None or not isinstance(t.value, dict):
            return None
        node = t.value
        contents = self.media_types(node.get("content"), f"{t.pointer}/content", t.file, "request")
        return RequestBody(_text(node.get("description")), node.get("required") is True, contents)

    def _responses(self, op: dict[str, Any], at: str, file: SpecFile) -> tuple[Response, ...]:
        out = []
        for status, raw in _dict(op.get("responses")).items():
            t = self.deref(raw, f"{at}/responses/{escape(str(status))}", file)
            if t is None or not isinstance(t.value, dict):
                continue
            node = t.value
            headers = []
            for name, h in _dict(node.get("headers")).items():
                ht = self.deref(h, f"{t.pointer}/headers/{escape(str(name))}", t.file)
                if ht is not None and isinstance(ht.value, dict):
                    p = self._parameter(
                        Target({**ht.value, "name": str(name), "in": "header"}, ht.file, ht.pointer)
                    )
                    if p is not None:
                        headers.append(p)
            contents = self.media_types(
                node.get("content"), f"{t.pointer}/content", t.file, "response"
            )
            out.append(
                Response(str(status), _text(node.get("description")), tuple(headers), contents)
            )
        return tuple(out)

    # -- security ----------------------------------------------------------------------------

    def _security_schemes(self) -> dict[str, SecurityScheme]:
        if self.v2:
            return swagger2.security_schemes(self.doc)
        out = {}
        base = "/components/securitySchemes"
        for key, raw in _dict(_dict(self.doc.get("components")).get("securitySchemes")).items():
            t = self.deref(raw, f"{base}/{escape(str(key))}")
            if t is not None and isinstance(t.value, dict):
                out[str(key)] = scheme_from(str(key), t.value)
        return out

    def _security(self, op: dict[str, Any], at: str) -> tuple[SecurityRequirement, ...]:
        raw, base = (
            (op["security"], f"{at}/security")
            if "security" in op
            else (self.doc.get("security"), "/security")
        )
        out = []
        for i, req in enumerate(raw if isinstance(raw, list) else ()):
            schemes = []
            for key, scopes in _dict(req).items():
                scheme = self.schemes.get(str(key))
                if scheme is None:
                    known = ", ".join(sorted(self.schemes)) or "none"
                    self.problems.append(
                        self.main.problem(
                            f"{base}/{i}/{escape(str(key))}",
                            f"security scheme {key!r} is not defined",
                            f"defined: {known}",
                        )
                    )
                    continue
                schemes.append((scheme, tuple(str(s) for s in scopes or ())))
            if schemes or not req:
                out.append(SecurityRequirement(tuple(schemes)))
        return tuple(out)


def scheme_from(key: str, node: dict[str, Any]) -> SecurityScheme:
    """A 3.x security scheme object -> `SecurityScheme`."""
    flows = []
    for kind, raw in _dict(node.get("flows")).items():  # in the spec's order
        f = _dict(raw)
        if kind in _FLOW_KINDS and f:
            flows.append(
                OAuthFlow(
                    kind,
                    _text(f.get("authorizationUrl")),
                    _text(f.get("tokenUrl")),
                    _text(f.get("refreshUrl")),
                    tuple((str(s), _text(d)) for s, d in _dict(f.get("scopes")).items()),
                )
            )
    default = node.get("x-default")
    return SecurityScheme(
        key=key,
        kind=_text(node.get("type")),
        scheme=_text(node.get("scheme")).lower(),
        bearer_format=_text(node.get("bearerFormat")),
        name=_text(node.get("name")),
        location=_text(node.get("in")),
        description=_text(node.get("description")),
        flows=tuple(flows),
        openid_url=_text(node.get("openIdConnectUrl")),
        default=str(default) if isinstance(default, str | int | float) else "",
    )


_LANGS = {
    "shell": "bash",
    "sh": "bash",
    "curl": "bash",
    "js": "javascript",
    "node": "javascript",
    "py": "python",
    "ts": "typescript",
}


def _code_samples(op: dict[str, Any]) -> tuple[CodeSample, ...]:
    out = []
    for raw in op.get("x-codeSamples") or op.get("x-code-samples") or ():
        if isinstance(raw, dict) and isinstance(raw.get("source"), str):
            lang = _text(raw.get("lang")) or "text"
            out.append(
                CodeSample(
                    _LANGS.get(lang.lower(), lang.lower()),
                    _text(raw.get("label")) or lang,
                    raw["source"],
                )
            )
    return tuple(out)


def _ordered(params: Any) -> tuple[Parameter, ...]:
    """Parameters grouped by location (path, query, header, cookie), spec order inside each."""
    order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
    return tuple(sorted(params, key=lambda p: order[p.location]))
