"""An OpenAPI operation or schema (renderer/openapi/) -> its reference page: HTML through the
`components/openapi/` partials, the Markdown twin, search text and llms lines."""
