"""An `Operation` -> example requests in cURL, Python (requests) and JavaScript (fetch), with
placeholders for credentials, followed by its own `x-codeSamples`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from .examples import synthesise
from .model import CodeSample, MediaType, Operation, Parameter

LANGUAGES = ("curl", "python", "javascript")


@dataclass(frozen=True, slots=True)
class Request:
    """What the generated examples send (credentials as placeholders)."""

    method: str
    url: str
    """Server and path, `{path}` parameters kept as written (as Mintlify shows them)."""
    query: tuple[tuple[str, Any], ...]
    """(name, example value: text, number, list, ...)."""
    headers: tuple[tuple[str, str], ...]
    cookies: tuple[tuple[str, str], ...]
    content_type: str
    body: Any
    """The example body (a JSON value), or None."""


def _value_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _param_value(p: Parameter) -> Any:
    if p.example is not None:
        return json.loads(p.example)
    return synthesise(p.schema, "request")


def _shown(p: Parameter) -> bool:
    return p.required or p.example is not None or p.schema.default is not None


def example_request(op: Operation) -> Request:
    """The request the examples show: first server, required parameters and those with an
    example, the first security requirement's credentials, the first body content type."""
    base = op.servers[0].default_url.rstrip("/") if op.servers else ""
    query = [(p.name, _param_value(p)) for p in op.parameters_in("query") if _shown(p)]
    headers = [
        (p.name, _value_text(_param_value(p))) for p in op.parameters_in("header") if _shown(p)
    ]
    cookies = [
        (p.name, _value_text(_param_value(p))) for p in op.parameters_in("cookie") if _shown(p)
    ]
    for scheme, _scopes in op.security[0].schemes if op.security else ():
        if scheme.kind == "apiKey":
            target = {"query": query, "cookie": cookies}.get(scheme.location, headers)
            target.append((scheme.name, "<api-key>"))
        elif scheme.kind == "http" and scheme.scheme == "basic":
            headers.append(("Authorization", "Basic <encoded-value>"))
        elif scheme.kind in ("http", "oauth2", "openIdConnect"):
            headers.append(("Authorization", "Bearer <token>"))
    content_type, body = "", None
    media = _body_media(op)
    if media is not None:
        content_type = media.content_type
        body = json.loads(media.examples[0].value) if media.examples else None
        headers.append(("Content-Type", content_type))
    return Request(
        op.method.upper(),
        base + op.path,
        tuple(query),
        tuple(headers),
        tuple(cookies),
        content_type,
        body,
    )


def _body_media(op: Operation) -> MediaType | None:
    if op.request_body is None or not op.request_body.contents:
        return None
    return op.request_body.contents[0]


def _full_url(r: Request) -> str:
    if not r.query:
        return r.url
    pairs = [
        (k, _value_text(v)) for k, vs in r.query for v in (vs if isinstance(vs, list) else [vs])
    ]
    return r.url + "?" + urlencode(pairs, safe="<>{}:/,", quote_via=quote)


def _sh(text: str) -> str:
    """Single-quoted for a POSIX shell."""
    return "'" + text.replace("'", "'\\''") + "'"


def curl(r: Request) -> str:
    lines = [f"curl --request {r.method}", f"--url {_sh(_full_url(r))}"]
    lines += [f"--header {_sh(f'{k}: {v}')}" for k, v in r.headers if not _is_multipart(r, k)]
    if r.cookies:
        lines.append(f"--cookie {_sh('; '.join(f'{k}={v}' for k, v in r.cookies))}")
    if r.body is not None:
        if _is_form(r) and isinstance(r.body, dict):
            flag = "--form" if "multipart" in r.content_type else "--data-urlencode"
            lines += [f"{flag} {_sh(f'{k}={_value_text(v)}')}" for k, v in r.body.items()]
        else:
            lines.append(f"--data {_sh(_body_text(r))}")
    return " \\\n  ".join(lines)


def _is_form(r: Request) -> bool:
    return "form" in r.content_type


def _is_multipart(r: Request, header: str) -> bool:
    """curl and requests set a multipart Content-Type (with its boundary) themselves."""
    return header == "Content-Type" and "multipart" in r.content_type


def _body_text(r: Request) -> str:
    if isinstance(r.body, str) and "json" not in r.content_type:
        return r.body
    return json.dumps(r.body, indent=2, ensure_ascii=False)


def py_literal(value: Any, indent: int = 0) -> str:
    """A JSON value as a Python literal (`true` -> `True`), indented by four."""
    pad, inner = " " * indent, " " * (indent + 4)
    if isinstance(value, dict):
        if not value:
            return "{}"
        rows = [
            f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {py_literal(v, indent + 4)},"
            for k, v in value.items()
        ]
        return "{\n" + "\n".join(rows) + f"\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        rows = [f"{inner}{py_literal(v, indent + 4)}," for v in value]
        return "[\n" + "\n".join(rows) + f"\n{pad}]"
    if value is None or isinstance(value, bool):
        return {None: "None", True: "True", False: "False"}[value]
    return json.dumps(value, ensure_ascii=False)


def python(r: Request) -> str:
    out = ["import requests", "", f"url = {json.dumps(r.url, ensure_ascii=False)}"]
    args = ["url"]
    if r.query:
        out.append(f"params = {py_literal(dict(r.query))}")
        args.append("params=params")
    if r.body is not None:
        out.append(f"payload = {py_literal(r.body)}")
        if _is_form(r) and isinstance(r.body, dict):
            args.append("files=payload" if "multipart" in r.content_type else "data=payload")
        elif "json" in r.content_type:
            args.append("json=payload")
        else:
            args.append("data=payload")
    headers = [(k, v) for k, v in r.headers if not _is_multipart(r, k)]
    if headers:
        out.append(f"headers = {py_literal(dict(headers))}")
        args.append("headers=headers")
    if r.cookies:
        out.append(f"cookies = {py_literal(dict(r.cookies))}")
        args.append("cookies=cookies")
    out += [
        "",
        f"response = requests.{r.method.lower()}({', '.join(args)})",
        "",
        "print(response.text)",
    ]
    return "\n".join(out)


def _js_key(key: str) -> str:
    return key if key.isidentifier() else json.dumps(key)


def javascript(r: Request) -> str:
    headers = [(k, v) for k, v in r.headers if not _is_multipart(r, k)]
    if r.cookies:
        headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in r.cookies)))
    opts = [f"  method: {json.dumps(r.method)}"]
    if headers:
        rows = ",\n".join(
            f"    {_js_key(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in headers
        )
        opts.append("  headers: {\n" + rows + "\n  }")
    pre: list[str] = []
    if r.body is not None:
        if "multipart" in r.content_type and isinstance(r.body, dict):
            pre = ["const form = new FormData();"]
            pre += [
                f"form.append({json.dumps(k)}, {json.dumps(_value_text(v), ensure_ascii=False)});"
                for k, v in r.body.items()
            ]
            pre.append("")
            opts.append("  body: form")
        elif _is_form(r) and isinstance(r.body, dict):
            literal = json.dumps(
                {k: _value_text(v) for k, v in r.body.items()}, indent=2, ensure_ascii=False
            )
            opts.append("  body: new URLSearchParams(" + literal.replace("\n", "\n  ") + ")")
        else:
            literal = json.dumps(r.body, indent=2, ensure_ascii=False)
            opts.append("  body: JSON.stringify(" + literal.replace("\n", "\n  ") + ")")
    return "\n".join(
        [
            *pre,
            "const options = {",
            ",\n".join(opts),
            "};",
            "",
            f"fetch({json.dumps(_full_url(r), ensure_ascii=False)}, options)",
            "  .then(response => response.text())",
            "  .then(text => console.log(text))",
            "  .catch(err => console.error(err));",
        ]
    )


def code_samples(op: Operation, languages: tuple[str, ...] = LANGUAGES) -> tuple[CodeSample, ...]:
    """The spec's own `x-codeSamples` (an SDK's, usually: shown first), then the generated ones
    in `languages` order."""
    r = example_request(op)
    made = {
        "curl": CodeSample("bash", "cURL", curl(r)),
        "python": CodeSample("python", "Python", python(r)),
        "javascript": CodeSample("javascript", "JavaScript", javascript(r)),
    }
    return (*op.code_samples, *(made[lang] for lang in languages if lang in made))
