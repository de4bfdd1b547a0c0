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
    errors = [_cause(e) for e in errors]
    paths = [tuple(getattr(e, "absolute_path", ()) or ()) for e in errors]
    out: list[Problem] = []
    seen: dict[tuple[str, int, int], int] = {}
    for err, path in zip(errors, paths, strict=True):
        if getattr(err, "validator", None) in ("oneOf", "anyOf") and any(
            len(p) > len(path) and p[: len(path)] == path for p in paths
        ):
            continue  # a combinator failing because of a deeper error: that error is the cause
        file, pointer = _locate(err, path, main, targets)
        also = "; ".join(dict.fromkeys(getattr(err, "hd_also", ())))
        problem = file.problem(
            pointer, f"invalid spec: {_message(err)}", f"also: {also}" if also else ""
        )
        key = (problem.pos.path, problem.pos.line, problem.pos.col)
        if key in seen:  # two complaints about one spot: one cause
            i = seen[key]
            if _message(err)[:20] == out[i].message.removeprefix("invalid spec: ")[:20]:
                continue  # the same complaint from two validators
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
    if path and hasattr(err, "instance"):  # a schema checked on its own: its path is inside it
        for file in (main, *(f for f, _ in targets)):
            found = _search(file.data, path, err.instance)
            if found is not None:
                return file, found + pointer
    mt = _OPERATION.search(str(getattr(err, "message", err)))
    if mt:
        return main, f"/paths/{escape(mt.group(2))}/{mt.group(1)}"
    return main, "/openapi" if "openapi" in main.data else "/swagger"


def _search(data: Any, path: tuple[Any, ...], instance: Any, limit: int = 200_000) -> str | None:
    """The first place (depth first, document order) below which `path` leads to `instance`."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack and limit > 0:
        node, pointer = stack.pop()
        limit -= 1
        if _exists(node, path) and _value_at(node, path) == instance:
            return pointer
        if isinstance(node, dict):
            stack.extend((v, f"{pointer}/{escape(str(k))}") for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((v, f"{pointer}/{n}") for n, v in reversed(list(enumerate(node))))
    return None


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for token in path:
        data = data[str(token)] if isinstance(data, dict) else data[token]
    return data


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


def _leaves(err: Any) -> list[Any]:
    """The innermost errors below a combinator's (`oneOf`/`anyOf`) failure."""
    context = list(getattr(err, "context", None) or ())
    if not context:
        return [err]
    return [leaf for c in context for leaf in _leaves(c)]


def _cause(err: Any) -> Any:
    """The error that says what is wrong: for "not valid under any of the given schemas", the
    deepest rule that failed, not the `$ref` alternative nobody meant."""
    leaves = [
        e for e in _leaves(err) if not (e.validator == "required" and "'$ref'" in str(e.message))
    ]
    if not leaves or leaves == [err]:
        return err
    rank = {v: n for n, v in enumerate(_PREFERRED)}
    best = min(leaves, key=lambda e: (-len(e.absolute_path), rank.get(e.validator, len(rank))))
    if (
        best.validator == "enum"
    ):  # one enum per alternative (`in: path`, `in: query`, ...): all of them
        allowed = [
            v
            for e in leaves
            if e.validator == "enum" and e.absolute_path == best.absolute_path
            for v in e.validator_value
        ]
        best.message = f"{best.instance!r} is not one of {list(dict.fromkeys(allowed))!r}"
    others = [
        e
        for e in leaves
        if e.absolute_path == best.absolute_path and e.validator not in (best.validator, "enum")
    ]
    best.hd_also = [_message(e) for e in others]  # the same spot's other complaints: one cause
    return best


def _message(err: Any) -> str:
    message = str(getattr(err, "message", err))
    instance = getattr(err, "instance", None)
    if isinstance(instance, dict | list):
        shown = repr(instance)
        if shown in message:
            message = message.replace(
                shown, "this object" if isinstance(instance, dict) else "this list"
            )
    return message if len(message) <= 200 else message[:199] + "…"
