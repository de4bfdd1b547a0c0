"""OpenAPI specs (3.0, 3.1, Swagger 2.0; JSON or YAML) -> frozen operation and schema records:
found anywhere in the repository, loaded once per build, `$ref`s resolved across files, looked up
from `openapi:` values and docs.json entries. Rendering is renderer/render/api/'s."""
