"""OpenAPI specs (3.0, 3.1, Swagger 2.0; JSON or YAML) -> API reference pages: HTML, Markdown
twin, search text and llms lines. The public functions and records are re-exported here."""

from .index import SpecIndex
from .lookup import (
    Found,
    NavOperation,
    OpenapiRef,
    find_operation,
    find_schema,
    is_endpoint,
    nav_operations,
    openapi_sources,
    page_path,
    parse_value,
    spec_path,
)
from .model import Operation, Schema, SchemaPage, Spec

__all__ = [
    "Found",
    "NavOperation",
    "OpenapiRef",
    "Operation",
    "Schema",
    "SchemaPage",
    "Spec",
    "SpecIndex",
    "find_operation",
    "find_schema",
    "is_endpoint",
    "nav_operations",
    "openapi_sources",
    "page_path",
    "parse_value",
    "spec_path",
]
