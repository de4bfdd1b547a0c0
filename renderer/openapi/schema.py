"""A JSON-schema node of a spec (3.0, 3.1 or Swagger 2.0) -> a `Schema` tree: `$ref`s followed,
`allOf` merged, `oneOf`/`anyOf` as alternatives, nullable read both ways, recursion cut."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from renderer.core.errors import Problem

from .model import Field, Schema
from .refs import Files, RefError, Target, deref
from .source import SpecFile, escape

JSON_TYPES = frozenset({"object", "array", "string", "number", "integer", "boolean", "null"})
MAX_DEPTH = 24
"""Deeper trees are cut (a spec that nests this deep without recursion is not read further)."""
CONSTRAINTS = (
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
)


def json_text(value: Any) -> str:
    """Canonical JSON text of a value (key order kept, non-ASCII kept)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)


@dataclass(frozen=True, slots=True)
class _Bound:
    """A value merged in from another schema (maybe another file), with where it stands."""

    value: Any
    file: SpecFile
    pointer: str


class SchemaReader:
    """Reads schema nodes of one spec; `$ref` problems go to `problems` (each once)."""

    def __init__(self, files: Files, problems: list[Problem]):
        self.files = files
        self.problems = problems
        self._reported: set[str] = set()
        self._memo: dict[tuple[str, tuple[str, ...]], Schema] = {}
        """(component, refs above it) -> the schema read: shared by every operation using it."""

    def problem(self, err: RefError) -> None:
        key = err.problem.format()
        if key not in self._reported:
            self._reported.add(key)
            self.problems.append(err.problem)

    def read(self, node: Any, file: SpecFile, pointer: str, stack: tuple[str, ...] = ()) -> Schema:
        """The schema at `pointer` of `file`; `stack` holds the `$ref`s being read above it."""
        if isinstance(node, _Bound):
            node, file, pointer = node.value, node.file, node.pointer
        if isinstance(node, dict) and "$ref" in node:
            return self._ref(node, file, pointer, stack)
        if not isinstance(node, dict) or len(stack) > MAX_DEPTH:
            return Schema(types=("never",)) if node is False else Schema()
        if "allOf" in node:
            node = self._merge(node, file, pointer, stack)
        return self._plain(node, file, pointer, stack)

    def _ref(
        self, node: dict[str, Any], file: SpecFile, pointer: str, stack: tuple[str, ...]
    ) -> Schema:
        try:
            target = self.files.resolve(node["$ref"], file, pointer)
        except RefError as err:
            self.problem(err)
            return Schema()
        if target.key in stack:
            kinds = _types(target.value)[0] if isinstance(target.value, dict) else ()
            return Schema(types=kinds, ref_name=target.name, ref_key=target.key, recursive=True)
        memo_key = (target.key, stack)
        schema = self._memo.get(memo_key)
        if schema is None:
            schema = self.read(target.value, target.file, target.pointer, (*stack, target.key))
            self._memo[memo_key] = schema
        sibling = node.get("description")  # 3.1 lets a $ref carry its own description
        return dataclasses.replace(
            schema,
            ref_name=schema.ref_name or target.name,
            ref_key=schema.ref_key or target.key,
            description=sibling if isinstance(sibling, str) else schema.description,
        )

    def _merge(
        self, node: dict[str, Any], file: SpecFile, pointer: str, stack: tuple[str, ...]
    ) -> dict[str, Any]:
        """One schema dict from `allOf` parts and the node's own keys (own keys win; properties
        in part order, a later one replacing an earlier one of the same name; required unioned)."""
        out: dict[str, Any] = {}
        props: dict[str, Any] = {}
        required: list[str] = []
        parts: list[Target] = []
        for i, part in enumerate(node.get("allOf") or ()):
            try:
                parts.append(deref(self.files, part, file, f"{pointer}/allOf/{i}"))
            except RefError as err:
                self.problem(err)
        parts.append(Target({k: v for k, v in node.items() if k != "allOf"}, file, pointer))
        for t in parts:
            if not isinstance(t.value, dict) or (t.key in stack and t.pointer != pointer):
                continue
            value = t.value
            if "allOf" in value:
                value = self._merge(value, t.file, t.pointer, (*stack, t.key))
            for name, sub in (value.get("properties") or {}).items():
                props.pop(name, None)
                props[name] = _bind(sub, t.file, f"{t.pointer}/properties/{escape(name)}")
            required += [r for r in value.get("required") or () if isinstance(r, str)]
            for key, sub in value.items():
                if key in ("properties", "required"):
                    continue
                bound = _bind(sub, t.file, f"{t.pointer}/{escape(key)}")
                if t.pointer == pointer and t.file is file:
                    out[key] = bound  # the node's own keys win
                else:
                    out.setdefault(key, bound)
        if props:
            out["properties"] = props
        if required:
            out["required"] = list(dict.fromkeys(required))
        return out

    def _plain(
        self, node: dict[str, Any], file: SpecFile, pointer: str, stack: tuple[str, ...]
    ) -> Schema:
        types, nullable = _types(node)
        for t in types:
            if t not in JSON_TYPES:
                hint = "types: " + ", ".join(sorted(JSON_TYPES))
                self.problem(RefError(file.problem(f"{pointer}/type", f"unknown type {t!r}", hint)))
        alternatives, kind, null_alt = self._alternatives(node, file, pointer, stack)
        if len(alternatives) == 1 and not types and not node.get("properties"):
            only = alternatives[0]  # `anyOf: [X, {type: null}]`: X, nullable
            return dataclasses.replace(
                only,
                nullable=True,
                description=_text(node.get("description")) or only.description,
            )
        properties = self._properties(node, file, pointer, stack)
        items = None
        if "items" in node and isinstance(_unbound(node["items"]), dict):
            items = self.read(node["items"], file, f"{pointer}/items", stack)
        if not types and properties:
            types = ("object",)
        elif not types and items is not None:
            types = ("array",)
        return Schema(
            types=types,
            format=_text(node.get("format")),
            title=_text(node.get("title")),
            description=_text(node.get("description")),
            nullable=nullable or node.get("nullable") is True or null_alt,
            read_only=node.get("readOnly") is True,
            write_only=node.get("writeOnly") is True,
            deprecated=node.get("deprecated") is True,
            default=json_text(_unbound(node["default"])) if "default" in node else None,
            const=json_text(_unbound(node["const"])) if "const" in node else None,
            enum=tuple(json_text(v) for v in _list(node.get("enum"))),
            example=_example(node),
            constraints=tuple(
                (k, json_text(_unbound(node[k])))
                for k in CONSTRAINTS
                if node.get(k) is not None and node.get(k) is not False
            ),
            properties=properties,
            additional=self._additional(node, file, pointer, stack),
            items=items,
            alternatives=alternatives,
            alternative_kind=kind if alternatives else "",
            content_media_type=_text(node.get("contentMediaType")),
            content_encoding=_text(node.get("contentEncoding")),
        )

    def _alternatives(
        self, node: dict[str, Any], file: SpecFile, pointer: str, stack: tuple[str, ...]
    ) -> tuple[tuple[Schema, ...], str, bool]:
        for kind in ("oneOf", "anyOf"):
            raw = node.get(kind)
            if raw is None:
                continue
            choices = _unbound(raw)
            base = raw.pointer if isinstance(raw, _Bound) else f"{pointer}/{kind}"
            base_file = raw.file if isinstance(raw, _Bound) else file
            out = []
            null = False
            for i, choice in enumerate(choices if isinstance(choices, list) else ()):
                if isinstance(choice, dict) and choice.get("type") == "null" and len(choice) == 1:
                    null = True
                    continue
                out.append(self.read(choice, base_file, f"{base}/{i}", stack))
            return tuple(out), kind, null
        return (), "", False

    def _properties(
        self, node: dict[str, Any], file: SpecFile, pointer: str, stack: tuple[str, ...]
    ) -> tuple[Field, ...]:
        raw = node.get("properties")
        props = _unbound(raw)
        if not isinstance(props, dict):
            return ()
        base = raw.pointer if isinstance(raw, _Bound) else f"{pointer}/properties"
        base_file = raw.file if isinstance(raw, _Bound) else file
        required = set(_list(node.get("required")))
        return tuple(
            Field(
                str(name),
                self.read(sub, base_file, f"{base}/{escape(str(name))}", stack),
                name in required,
            )
            for name, sub in props.items()
        )

    def _additional(
        self, node: dict[str, Any], file: SpecFile, pointer: str, stack: tuple[str, ...]
    ) -> Schema | bool | None:
        if "additionalProperties" not in node:
            return None
        raw = node["additionalProperties"]
        value = _unbound(raw)
        if isinstance(value, bool):
            return value
        if isinstance(value, dict):
            return self.read(raw, file, f"{pointer}/additionalProperties", stack)
        return None


def _bind(value: Any, file: SpecFile, pointer: str) -> Any:
    return _Bound(value, file, pointer) if isinstance(value, dict | list) else value


def _unbound(value: Any) -> Any:
    return value.value if isinstance(value, _Bound) else value


def _list(value: Any) -> list[Any]:
    value = _unbound(value)
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _types(node: dict[str, Any]) -> tuple[tuple[str, ...], bool]:
    """(types without "null", was "null" among them)."""
    raw = _unbound(node.get("type"))
    if isinstance(raw, str):
        return ((raw,), False) if raw != "null" else ((), True)
    if isinstance(raw, list):
        kinds = tuple(t for t in raw if isinstance(t, str) and t != "null")
        return kinds, "null" in raw
    return (), False


def _example(node: dict[str, Any]) -> str | None:
    if "example" in node:
        return json_text(_unbound(node["example"]))
    examples = _unbound(node.get("examples"))
    if isinstance(examples, list) and examples:  # 3.1 JSON-schema `examples`: a list
        return json_text(examples[0])
    return None
