"""Guide -> JSON-ready dict with a stable key order (the `hubdocs parse` export format)."""

from __future__ import annotations

import dataclasses
from typing import Any

from . import model as m

_SKIP = {"body", "front_matter", "cuts", "body_line"}


def to_data(obj: Any) -> Any:
    """Dataclass tree -> plain dicts/lists; each node gets `"node"` (its class) first."""
    if isinstance(obj, m.Span):
        return {"line": obj.line, "end_line": obj.end_line, "col": obj.col}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {"node": type(obj).__name__}
        for f in dataclasses.fields(obj):
            if isinstance(obj, m.Guide) and f.name in _SKIP:
                continue
            out[f.name] = to_data(getattr(obj, f.name))
        return out
    if isinstance(obj, (tuple, list)):
        return [to_data(x) for x in obj]
    return obj


def guide_json(guide: m.Guide) -> dict[str, Any]:
    """The export format documented in the README."""
    data = to_data(guide)
    data["format"] = "hubdocs.guide/1"
    return data
