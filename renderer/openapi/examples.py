"""A `Schema` -> an example value made from it, the same every time (for bodies, parameters and
responses that the spec gives no example for)."""

from __future__ import annotations

import json
from typing import Any

from .model import Schema

_FORMATS = {
    "date-time": "2024-01-15T09:30:00Z",
    "date": "2024-01-15",
    "time": "09:30:00",
    "email": "jane@example.com",
    "uuid": "7f3b2c1e-9a4d-4e8b-b6f0-2d5c8a1e4f90",
    "uri": "https://example.com",
    "url": "https://example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "U3dhZ2dlciByb2Nrcw==",
    "binary": "<binary>",
    "password": "<password>",
}
MAX_DEPTH = 8


def synthesise(schema: Schema, direction: str = "response", depth: int = 0) -> Any:
    """An example value for `schema`: its own example, default, const or first enum value, else
    one made from its type. `direction` is `request` (read-only fields left out) or `response`
    (write-only fields left out)."""
    for given in (schema.example, schema.default, schema.const):
        if given is not None:
            return json.loads(given)
    if schema.enum:
        return json.loads(schema.enum[0])
    if schema.recursive or depth > MAX_DEPTH:
        return {} if schema.is_object else None
    if schema.alternatives:
        return synthesise(schema.alternatives[0], direction, depth + 1)
    if schema.is_object:
        return _object(schema, direction, depth)
    if schema.is_array:
        item = synthesise(schema.items, direction, depth + 1) if schema.items else "<any>"
        return [item]
    return _scalar(schema)


def _object(schema: Schema, direction: str, depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in schema.properties:
        s = f.schema
        if (direction == "request" and s.read_only) or (direction == "response" and s.write_only):
            continue
        out[f.name] = synthesise(s, direction, depth + 1)
    if not out and isinstance(schema.additional, Schema):
        out["<key>"] = synthesise(schema.additional, direction, depth + 1)
    return out


def _scalar(schema: Schema) -> Any:
    kind = schema.types[0] if schema.types else ""
    if kind == "string":
        return _FORMATS.get(schema.format, "<string>")
    if kind == "integer":
        return _bounded(schema, 123)
    if kind == "number":
        return _bounded(schema, 123.45)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return "<any>"


def _bounded(schema: Schema, value: float) -> float:
    """`value`, moved inside the schema's minimum/maximum when it lies outside."""
    limits = dict(schema.constraints)
    low, high = limits.get("minimum"), limits.get("maximum")
    if low is not None and value < float(low):
        value = json.loads(low)
    if high is not None and value > float(high):
        value = json.loads(high)
    return value


def example_text(value: Any) -> str:
    """An example as shown: JSON, indented by two."""
    return json.dumps(value, indent=2, ensure_ascii=False)
