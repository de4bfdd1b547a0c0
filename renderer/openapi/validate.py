"""A loaded spec -> one located problem per cause of invalidity (openapi-spec-validator does the
checking; this module only picks the cause and finds its line and column)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ..errors import Problem
from .refs import Files
from .source import SpecFile, escape

_OPERATION = re.compile(r"'(\w+)' operation in '([^']+)'")
_PREFERRED = ("enum", "const", "required", "additionalProperties", "unevaluatedProperties", "type")
MAX_PROBLEMS = 50


def _validator_class(doc: dict[str, Any]) -> Any:
    from openapi_spec_validator import (  # imported on first use: it takes a while to load
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

    if str(doc.get("swagger", "")).startswith("2"):
        return OpenAPIV2SpecValidator
    version = str(doc.get("openapi", ""))
    return OpenAPIV30SpecValidator if version.startswith("3.0") else OpenAPIV31SpecValidator


def validate(files: Files, main: SpecFile, targets: list[tuple[SpecFile, str]]) -> list[Problem]:
    """Every cause that makes `main` an invalid spec, located in `main` or in the file a `$ref`
    led to (`targets`: where `$ref`s pointed, in the order they were followed)."""
    cls = _validator_class(main.data)

    def local(uri: str) -> Any:  # `$ref`s are read from the files already loaded, never fetched
        parsed = urlparse(uri)
        path = Path(unquote(parsed.path))
        if parsed.scheme != "file" or not files.inside(path):
            raise ValueError(f"not read: {uri}")
        return files.load(path).data

    class Local(cls):  # type: ignore[misc,valid-type]
        resolver_handlers = {"file": local}

    errors = []
    try:
        for err in Local(main.data, base_uri=main.path.as_uri()).iter_errors():
            errors.append(err)
            if len(errors) >= MAX_PROBLEMS * 2:
                break
    except Exception:  # noqa: S110 - an unresolvable $ref: already reported by the reader
        pass
    return _problems(errors, main, targets)


def _problems(
    errors: list[Any], main: SpecFile, targets: list[tuple[SpecFile, str]]
) -> list[Problem]:
    paths = [tuple(getattr(e, "absolute_path", ()) or ()) for e in errors]
    out: list[Problem] = []
    seen: dict[tuple[str, int, int], int] = {}
    for err, path in zip(errors, paths, strict=True):
        if getattr(err, "validator", None) in ("oneOf", "anyOf") and any(
            len(p) > len(path) and p[: len(path)] == path for p in paths
        ):
            continue  # a combinator failing because of a deeper error: that error is the cause
        file, pointer = _locate(err, path, main, targets)
        problem = file.problem(pointer, f"invalid spec: {_message(err)}")
        key = (problem.pos.path, problem.pos.line, problem.pos.col)
        if (
            key in seen
        ):  # two complaints about one spot (`descriptio` unexpected, `description` missing)
            i = seen[key]
            also = out[i].hint + "; " if out[i].hint else "also: "
            out[i] = Problem(out[i].pos, out[i].message, also + _message(err), out[i].source_line)
            continue
        seen[key] = len(out)
        out.append(problem)
        if len(out) >= MAX_PROBLEMS:
            break
    return out


def _locate(
    err: Any, path: tuple[Any, ...], main: SpecFile, targets: list[tuple[SpecFile, str]]
) -> tuple[SpecFile, str]:
    pointer = "".join(f"/{escape(str(p))}" for p in path)
    if path and _exists(main.data, path):
        return main, pointer
    if path:
        for file, base in targets:  # an error inside a schema another file holds
            value = _walk(file.data, base)
            if value is not None and _exists(value, path):
                return file, base + pointer
    mt = _OPERATION.search(str(getattr(err, "message", err)))
    if mt:
        return main, f"/paths/{escape(mt.group(2))}/{mt.group(1)}"
    return main, "/openapi" if "openapi" in main.data else "/swagger"


def _walk(data: Any, pointer: str) -> Any:
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(data, dict) and token in data:
            data = data[token]
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return None
    return data


def _exists(data: Any, path: tuple[Any, ...]) -> bool:
    for token in path:
        if isinstance(data, dict) and str(token) in data:
            data = data[str(token)]
        elif isinstance(data, list) and isinstance(token, int) and token < len(data):
            data = data[token]
        else:
            return False
    return True


def _message(err: Any) -> str:
    context = list(getattr(err, "context", None) or ())
    if context:  # "not valid under any of the given schemas": say which rule came closest
        err = next((c for v in _PREFERRED for c in context if c.validator == v), context[0])
    message = str(getattr(err, "message", err))
    instance = getattr(err, "instance", None)
    if isinstance(instance, dict | list):
        shown = repr(instance)
        if shown in message:
            message = message.replace(
                shown, "this object" if isinstance(instance, dict) else "this list"
            )
    return message if len(message) <= 200 else message[:199] + "…"
