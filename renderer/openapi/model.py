"""The records an OpenAPI operation is read into (frozen; JSON values kept as canonical JSON text)."""

from __future__ import annotations

from dataclasses import dataclass

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
"""HTTP methods of a path item, in the order OpenAPI lists them."""
LOCATIONS = ("path", "query", "header", "cookie")


@dataclass(frozen=True, slots=True)
class Field:
    """One property of an object schema."""

    name: str
    schema: Schema
    required: bool = False


@dataclass(frozen=True, slots=True)
class Schema:
    """A JSON schema as shown: `allOf` already merged, `$ref`s followed (cut where they recur)."""

    types: tuple[str, ...] = ()
    """JSON types (`object`, `array`, `string`, ...); empty when any value is allowed."""
    format: str = ""
    title: str = ""
    description: str = ""
    """CommonMark, as written in the spec."""
    nullable: bool = False
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    default: str | None = None
    """JSON text of the default, or None."""
    const: str | None = None
    enum: tuple[str, ...] = ()
    """JSON text of each allowed value."""
    example: str | None = None
    """JSON text of the schema's own example, or None."""
    constraints: tuple[tuple[str, str], ...] = ()
    """(keyword, JSON text) for minimum, maxLength, pattern, ... in a fixed order."""
    properties: tuple[Field, ...] = ()
    additional: Schema | bool | None = None
    """`additionalProperties`: a schema, False when forbidden, None when not said."""
    items: Schema | None = None
    alternatives: tuple[Schema, ...] = ()
    """`oneOf`/`anyOf` choices (one of them applies)."""
    alternative_kind: str = ""
    """`oneOf` or `anyOf` when there are alternatives."""
    ref_name: str = ""
    """The component's name when the schema came from a `$ref` (`User`)."""
    ref_key: str = ""
    """Where that component stands (file#pointer): the same key on a recursive cut."""
    recursive: bool = False
    """A cut: this schema contains itself here; `ref_key` names the ancestor it repeats."""
    content_media_type: str = ""
    content_encoding: str = ""

    @property
    def is_object(self) -> bool:
        return "object" in self.types or bool(self.properties)

    @property
    def is_array(self) -> bool:
        return "array" in self.types or self.items is not None


@dataclass(frozen=True, slots=True)
class Example:
    """A named example of a body or parameter (`examples`), or the single `example`."""

    name: str
    value: str
    """JSON text (or the text itself for a non-JSON media type)."""
    summary: str = ""
    description: str = ""
    synthesised: bool = False
    """Made from the schema because the spec gives none."""


@dataclass(frozen=True, slots=True)
class Parameter:
    """A path, query, header or cookie parameter (response headers use the same record)."""

    name: str
    location: str
    schema: Schema
    required: bool = False
    deprecated: bool = False
    description: str = ""
    example: str | None = None
    """JSON text of the parameter's example (its own, else its schema's), or None."""
    style: str = ""
    explode: bool | None = None


@dataclass(frozen=True, slots=True)
class MediaType:
    """A body in one content type."""

    content_type: str
    schema: Schema | None
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True, slots=True)
class RequestBody:
    description: str = ""
    required: bool = False
    contents: tuple[MediaType, ...] = ()


@dataclass(frozen=True, slots=True)
class Response:
    status: str
    """`200`, `4XX`, `default`."""
    description: str = ""
    headers: tuple[Parameter, ...] = ()
    contents: tuple[MediaType, ...] = ()


@dataclass(frozen=True, slots=True)
class ServerVariable:
    name: str
    default: str
    enum: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    """As written, with `{variables}`."""
    description: str = ""
    variables: tuple[ServerVariable, ...] = ()

    @property
    def default_url(self) -> str:
        """The URL with every variable at its default."""
        url = self.url
        for v in self.variables:
            url = url.replace("{" + v.name + "}", v.default)
        return url


@dataclass(frozen=True, slots=True)
class OAuthFlow:
    kind: str
    """`implicit`, `password`, `clientCredentials` or `authorizationCode`."""
    authorization_url: str = ""
    token_url: str = ""
    refresh_url: str = ""
    scopes: tuple[tuple[str, str], ...] = ()
    """(scope, description)."""


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    """One way to authenticate, as `components.securitySchemes` defines it."""

    key: str
    """Its name in the spec (`bearerAuth`)."""
    kind: str
    """`http`, `apiKey`, `oauth2`, `openIdConnect` or `mutualTLS`."""
    scheme: str = ""
    """For `http`: `bearer`, `basic`, ... (lower case)."""
    bearer_format: str = ""
    name: str = ""
    """For `apiKey`: the header, query or cookie name."""
    location: str = ""
    """For `apiKey`: `header`, `query` or `cookie`."""
    description: str = ""
    flows: tuple[OAuthFlow, ...] = ()
    openid_url: str = ""
    default: str = ""
    """`x-default`: the value the playground starts with."""


@dataclass(frozen=True, slots=True)
class SecurityRequirement:
    """Schemes that are used together (one entry of a `security` list)."""

    schemes: tuple[tuple[SecurityScheme, tuple[str, ...]], ...]
    """(scheme, scopes it needs)."""


@dataclass(frozen=True, slots=True)
class CodeSample:
    """A request example: generated, or given by `x-codeSamples`/`x-code-samples`."""

    lang: str
    """Language for highlighting (`bash`, `python`, `javascript`, ...)."""
    label: str
    source: str


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of a spec (or one webhook), everything a page needs."""

    spec: str
    """The spec file as shown in messages (relative to the working folder)."""
    method: str
    """Lower case (`get`)."""
    path: str
    """The path (`/users/{id}`), or the webhook's name."""
    webhook: bool = False
    summary: str = ""
    description: str = ""
    operation_id: str = ""
    tags: tuple[str, ...] = ()
    group: str = ""
    """The label of its first tag's group (the tag's `x-group`, else `x-displayName`, else its
    name; "" untagged): where the navigation and llms.txt list it."""
    deprecated: bool = False
    servers: tuple[Server, ...] = ()
    security: tuple[SecurityRequirement, ...] = ()
    """Any one of these is enough; an empty requirement in the list makes auth optional."""
    parameters: tuple[Parameter, ...] = ()
    request_body: RequestBody | None = None
    responses: tuple[Response, ...] = ()
    code_samples: tuple[CodeSample, ...] = ()
    """From `x-codeSamples`/`x-code-samples`, as written."""
    hidden: bool = False
    """`x-hidden`: a page, but not in the navigation."""
    excluded: bool = False
    """`x-excluded`: no page at all."""
    metadata: tuple[tuple[str, str], ...] = ()
    """`x-mint.metadata` string values (title, sidebarTitle, description, ...)."""
    content: str = ""
    """`x-mint.content`: MDX shown before the reference."""
    href: str = ""
    """`x-mint.href`: the URL of the generated page."""
    pointer: str = ""
    """Where the operation stands in its spec (a JSON pointer: `/paths/~1users/get`)."""

    @property
    def label(self) -> str:
        """`GET /users/{id}` (`WEBHOOK orderUpdated` for a webhook)."""
        return f"{'WEBHOOK' if self.webhook else self.method.upper()} {self.path}"

    def listing(self) -> ApiListing:
        """What llms.txt needs of it (a page without its body keeps only this)."""
        return ApiListing(self.group, self.label, self.description)

    @property
    def title(self) -> str:
        """What Mintlify titles the page: `x-mint` metadata, the summary, else method and path."""
        meta = dict(self.metadata)
        return meta.get("title") or self.summary or self.label

    def parameters_in(self, location: str) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)


@dataclass(frozen=True, slots=True)
class SchemaPage:
    """One schema of `components.schemas`, for an `openapi-schema:` page."""

    spec: str
    name: str
    schema: Schema
    pointer: str = ""
    description: str = ""

    @property
    def title(self) -> str:
        return self.schema.title or self.name

    def listing(self) -> ApiListing:
        return ApiListing("", "", self.description)


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    description: str = ""
    group: str = ""
    """`x-group` (else `x-displayName`): the navigation label (the name stays the URL
    segment)."""


@dataclass(frozen=True, slots=True)
class Spec:
    """A loaded spec: every operation and webhook in spec order, and what was wrong with it."""

    path: str
    """Relative to the project root, `/`-separated (`specs/v2.json`)."""
    shown: str
    version: str
    """`2.0`, `3.0.3`, `3.1.0`, ..."""
    title: str
    operations: tuple[Operation, ...]
    webhooks: tuple[Operation, ...]
    tags: tuple[Tag, ...]
    schema_names: tuple[str, ...]
    problems: tuple[object, ...] = ()
    """`renderer.errors.Problem`s: one per cause (invalid spec, unresolvable `$ref`, ...)."""


@dataclass(frozen=True, slots=True)
class ApiListing:
    """What the files that list every page (llms.txt) need of an API reference page: a page
    without its body keeps this instead of the whole operation."""

    group: str
    """The operation's tag group ("" untagged, and for a schema page)."""
    label: str
    """`GET /users/{id}` ("" for a schema page)."""
    description: str
    """The operation's description (its first line is what llms.txt shows)."""

    def listing(self) -> ApiListing:
        return self


def listing(api: object) -> ApiListing | None:
    """An API page's listing (None for other pages)."""
    return api.listing() if isinstance(api, (Operation, SchemaPage, ApiListing)) else None
