"""OpenAPI specs (3.0, 3.1, Swagger 2.0; JSON or YAML) -> API reference pages: HTML, Markdown
twin, search text and llms lines. The public functions and records are re-exported here."""

from .html import DEFAULT_PLAYGROUND, PLAYGROUND_MODES, ApiHtml, render_operation, render_schema
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
    remote_problem,
    spec_path,
)
from .markdown import operation_markdown, schema_markdown
from .model import Operation, Schema, SchemaPage, Spec, Tag
from .text import llms_line, search_text
from .view import connect_origins

__all__ = [
    "DEFAULT_PLAYGROUND",
    "PLAYGROUND_MODES",
    "ApiHtml",
    "Found",
    "NavOperation",
    "OpenapiRef",
    "Operation",
    "Schema",
    "SchemaPage",
    "Spec",
    "SpecIndex",
    "Tag",
    "connect_origins",
    "find_operation",
    "find_schema",
    "is_endpoint",
    "llms_line",
    "nav_operations",
    "openapi_sources",
    "operation_markdown",
    "page_path",
    "parse_value",
    "remote_problem",
    "render_operation",
    "render_schema",
    "schema_markdown",
    "search_text",
    "spec_path",
]
