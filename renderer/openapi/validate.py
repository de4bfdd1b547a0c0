"""A spec's main file -> one located problem per cause of invalidity against the official
OpenAPI schema of its version (2.0, 3.0, 3.1; the schema files openapi-spec-validator ships,
checked by jsonschema-rs: 0.1 s for 2,000 operations where the pure-Python check takes minutes)."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from renderer.core.errors import Problem

from .source import SpecFile, escape

_PREFERRED = (
    "Enum",
    "Constant",
    "Required",
    "AdditionalProperties",
    "UnevaluatedProperties",
    "Type",
)
MAX_PROBLEMS = 50


@functools.cache
def _validator(version: str) -> Any:
    import jsonschema_rs  # imported on first use

    folder = resources.files("openapi_spec_validator") / "resources" / "schemas" / version
    schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema)


def schema_version(doc: dict[str, Any]) -> str:
    """Which official schema applies: `v2.0`, `v3.0` or `v3.1`."""
    if str(doc.get("swagger", "")).startswith("2"):
        return "v2.0"
    return "v3.0" if str(doc.get("openapi", "")).startswith("3.0") else "v3.1"


def validate(main: SpecFile) -> list[Problem]:
    """Every cause that makes `main` an invalid document of its OpenAPI version, located at
    line:col (a `oneOf` failure is reported by its innermost failing rule, not as itself)."""
    out: list[Problem] = []
    for err in _validator(schema_version(main.data)).iter_errors(main.data):
        cause, also = _cause(err)
        pointer = "".join(f"/{escape(str(p))}" for p in cause.instance_path)
        problem = main.problem(
            pointer, f"invalid spec: {_message(cause)}", f"also: {also}" if also else ""
        )
        out.append(problem)  # (two problems at one spot are one cause: SpecIndex keeps the first)
        if len(out) >= MAX_PROBLEMS:
            break
    return out


def _leaves(err: Any) -> list[Any]:
    context = getattr(err.kind, "context", None) or ()
    if not context:
        return [err]
    return [leaf for branch in context for e in branch for leaf in _leaves(e)]


def _kind(err: Any) -> str:
    return type(err.kind).__name__


def _cause(err: Any) -> tuple[Any, str]:
    """(the innermost failing rule, the same spot's other complaints). The `$ref` alternative
    every object may take is nobody's intent, so its "`$ref` is required" is left out."""
    leaves = [e for e in _leaves(err) if not (_kind(e) == "Required" and '"$ref"' in e.message)]
    if not leaves:
        return err, ""
    rank = {k: n for n, k in enumerate(_PREFERRED)}
    best = min(leaves, key=lambda e: (-len(e.instance_path), rank.get(_kind(e), len(rank))))
    same = [e for e in leaves if e.instance_path == best.instance_path]
    if _kind(best) == "Enum":  # an enum per alternative (`in: path`, `in: query`, ...): all
        allowed = [o for e in same if _kind(e) == "Enum" for o in e.kind.options]
        listed = ", ".join(json.dumps(o) for o in dict.fromkeys(allowed))
        return _Said(best, f"{json.dumps(best.instance)} is not one of {listed}"), ""
    also = "; ".join(dict.fromkeys(_message(e) for e in same if _kind(e) != _kind(best)))
    return best, also


class _Said:
    """An error with a message of ours."""

    def __init__(self, err: Any, message: str):
        self.instance_path, self.instance, self.message = err.instance_path, err.instance, message


def _message(err: Any) -> str:
    message = str(err.message)
    if isinstance(err.instance, dict | list):
        shown = json.dumps(err.instance, separators=(",", ":"), ensure_ascii=False)
        if message.startswith(shown):
            message = ("this object" if isinstance(err.instance, dict) else "this list") + message[
                len(shown) :
            ]
    return message if len(message) <= 200 else message[:199] + "…"
