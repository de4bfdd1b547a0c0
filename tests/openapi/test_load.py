"""Loading specs: 3.1 across two files, Swagger 2.0, YAML 3.0; $refs, allOf, oneOf, recursion,
nullable, parameters in every location, every kind of auth; the cache."""

from __future__ import annotations

import os
import shutil

from renderer.openapi.index import SpecIndex
from renderer.openapi.model import Schema

from .helpers import PROJECT, index, op


def field(s: Schema, *names: str) -> Schema:
    for name in names:
        if s.is_array and s.items is not None:
            s = s.items
        s = next(f.schema for f in s.properties if f.name == name)
    return s


def test_discover_finds_every_spec_in_alphabetical_order():
    assert index().discover() == ("legacy/swagger.json", "notes.yaml", "specs/store.json")


def test_operations_and_webhooks_in_spec_order():
    spec = index().load("specs/store.json")
    assert spec.version == "3.1.0" and spec.title == "Inkwell Store API"
    assert [o.label for o in spec.operations] == [
        "GET /orders/{orderId}",
        "POST /orders",
        "GET /categories",
        "GET /categories/legacy",
        "POST /internal/reindex",
    ]
    assert [o.label for o in spec.webhooks] == ["WEBHOOK orderShipped"]
    assert spec.problems == ()
    assert [(t.name, t.group) for t in spec.tags] == [("orders", "Orders"), ("catalogue", "")]


def test_refs_across_two_files_and_back():
    o = op("specs/store.json", "GET /orders/{orderId}")
    order = o.responses[0].contents[0].schema
    assert order.ref_name == "Order"
    total = field(order, "total")  # shared/schemas.json -> ../store.json#/components/schemas/Money
    assert total.ref_name == "Money"
    assert [f.name for f in total.properties] == ["amount", "currency"]
    assert field(order, "customer", "address", "postcode").constraints == (
        ("pattern", '"^[A-Z0-9 ]{3,10}$"'),
    )
    assert field(order, "items", "price").ref_name == "Money"  # nested ref inside an array item


def test_all_of_merged_in_order_with_required_unioned():
    body = op("specs/store.json", "POST /orders").request_body
    assert body.required and body.description == "The order to place."
    s = body.contents[0].schema
    assert [f.name for f in s.properties] == ["customer", "items", "metadata", "payment", "id"]
    assert {f.name for f in s.properties if f.required} == {"customer", "items", "payment"}
    assert field(s, "id").read_only
    assert isinstance(field(s, "metadata").additional, Schema)


def test_one_of_as_alternatives():
    s = op("specs/store.json", "POST /orders").request_body.contents[0].schema
    payment = field(s, "payment")
    assert payment.alternative_kind == "oneOf"
    assert [a.title for a in payment.alternatives] == ["Card", "Invoice"]
    assert field(payment.alternatives[0], "cardToken").write_only
    assert field(payment.alternatives[1], "dueDays").default == "30"


def test_recursion_is_cut_at_the_repeated_schema():
    o = op("specs/store.json", "GET /categories")
    items = o.responses[0].contents[0].schema.items
    assert items.ref_name == "Category" and not items.recursive
    children = field(items, "children")
    assert children.items.recursive and children.items.ref_key == items.ref_key


def test_nullable_in_both_spellings_and_anyof_null():
    store = index().load("specs/store.json")
    order = store.operations[0].responses[0].contents[0].schema
    assert field(order, "note").nullable and field(order, "note").types == (
        "string",
    )  # 3.1 type list
    shipment = store.webhooks[0].request_body.contents[0].schema
    carrier = field(shipment, "carrier")  # anyOf [string, null]
    assert carrier.nullable and carrier.types == ("string",) and not carrier.alternatives
    notes = op("notes.yaml", "GET /notes")
    assert field(notes.responses[0].contents[0].schema, "next").nullable  # 3.0 nullable: true


def test_parameters_in_every_location_path_level_merged():
    o = op("specs/store.json", "GET /orders/{orderId}")
    assert [(p.name, p.location) for p in o.parameters] == [
        ("orderId", "path"),
        ("expand", "query"),
        ("X-Request-ID", "header"),
        ("session_hint", "cookie"),
    ]
    order_id, expand, request_id, cookie = o.parameters
    assert (
        order_id.required
        and order_id.schema.format == "uuid"
        and order_id.example.startswith('"5b1e')
    )
    assert expand.schema.items.enum == ('"customer"', '"items"')
    assert request_id.schema.constraints == (("maxLength", "64"),)
    assert cookie.deprecated
    limit = op("notes.yaml", "GET /notes").parameters[0]
    assert limit.schema.default == "20" and limit.schema.format == "int32"
    cursor = op("notes.yaml", "GET /notes").parameters[1]  # a $ref to components/parameters
    assert cursor.name == "cursor" and "previous page" in cursor.description


def test_every_auth_kind_resolved():
    store = index().load("specs/store.json")
    get, post, categories = store.operations[:3]
    [(oauth, scopes)] = get.security[0].schemes
    assert oauth.kind == "oauth2" and scopes == ("orders:read",)
    assert [f.kind for f in oauth.flows] == ["authorizationCode", "clientCredentials"]
    assert oauth.flows[0].token_url == "https://auth.inkwell.test/token"
    assert ("orders:write", "Place orders") in oauth.flows[0].scopes
    (basic, _), (key, _) = post.security[0].schemes  # both together
    assert (basic.kind, basic.scheme) == ("http", "basic")
    assert (key.kind, key.location, key.name) == ("apiKey", "query", "api_key")
    [(oidc, oidc_scopes)] = post.security[1].schemes
    assert oidc.kind == "openIdConnect" and oidc.openid_url.endswith("openid-configuration")
    [(cookie, _)] = categories.security[0].schemes
    assert (cookie.location, cookie.name) == ("cookie", "inkwell_session")
    hidden = store.operations[3]  # no security of its own: the spec's
    bearer, header_key = (r.schemes[0][0] for r in hidden.security)
    assert (bearer.scheme, bearer.bearer_format) == ("bearer", "JWT")
    assert (header_key.location, header_key.name, header_key.default) == (
        "header",
        "X-API-Key",
        "test-key",
    )


def test_servers_with_variables():
    o = op("specs/store.json", "GET /categories")
    prod, sandbox = o.servers
    assert prod.url == "https://api.inkwell.test/{version}"
    assert prod.default_url == "https://api.inkwell.test/v1"
    assert prod.variables[0].enum == ("v1", "v2")
    assert sandbox.default_url == "https://sandbox.inkwell.test/v1"


def test_extensions_code_samples_hidden_excluded_deprecated():
    store = index().load("specs/store.json")
    get = store.operations[0]
    assert [(c.lang, c.label) for c in get.code_samples] == [("bash", "Inkwell CLI")]
    legacy = store.operations[3]
    assert legacy.hidden and legacy.deprecated and legacy.title == "GET /categories/legacy"
    assert store.operations[4].excluded


def test_swagger_2_read_as_the_same_records():
    spec = index().load("legacy/swagger.json")
    assert spec.version == "2.0" and spec.problems == ()
    get, post, cover = spec.operations
    assert [s.url for s in get.servers] == ["https://legacy.inkwell.test/v0"]
    assert [(p.name, p.location) for p in get.parameters] == [("isbn", "path"), ("format", "query")]
    assert (
        get.parameters[1].schema.enum == ('"short"', '"full"')
        and get.parameters[1].schema.default == '"short"'
    )
    ok = get.responses[0].contents[0]
    assert ok.content_type == "application/json" and ok.schema.ref_name == "Book"
    assert '"Quiet Rivers"' in ok.examples[0].value and not ok.examples[0].synthesised
    assert field(ok.schema, "authors", "born").format == "date"
    [(oauth, scopes)] = get.security[0].schemes
    assert oauth.flows[0].kind == "authorizationCode" and scopes == ("books:read",)
    body = post.request_body
    assert body.required and body.contents[0].schema.ref_name == "Book"
    assert post.security[0].schemes[0][0].scheme == "basic"
    assert post.responses[0].headers[0].name == "Location"
    form = cover.request_body.contents[0]
    assert form.content_type == "multipart/form-data"
    assert field(form.schema, "image").format == "binary"
    assert [f.name for f in form.schema.properties if f.required] == ["image"]


def test_yaml_status_keys_and_dates_become_text():
    spec = index().load("notes.yaml")
    get, patch = spec.operations
    assert get.responses[0].status == "200"
    note = get.responses[0].contents[0].schema
    created = field(note, "data", "created")
    assert created.example == '"2024-03-01T10:00:00Z"'  # as written, not re-formatted
    assert [m.content_type for m in patch.request_body.contents] == [
        "application/json",
        "application/x-www-form-urlencoded",
    ]
    assert patch.request_body.contents[0].examples[0].name == "rename"
    assert [r.status for r in patch.responses] == ["200", "default"]


def test_synthesised_examples_leave_out_read_only_in_requests():
    body = op("specs/store.json", "POST /orders").request_body.contents[0]
    ex = body.examples[0]
    assert ex.synthesised and '"id"' not in ex.value and '"cardToken"' in ex.value
    response = op("specs/store.json", "GET /orders/{orderId}").responses[0].contents[0].examples[0]
    assert '"id"' in response.value and "cardToken" not in response.value


def test_a_spec_is_read_once_until_one_of_its_files_changes(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(PROJECT, root)
    idx = SpecIndex(root)
    first = idx.load("specs/store.json")
    assert idx.load("specs/store.json") is first and idx.loads == 1
    assert [f.rpartition("/p/")[2] for f in idx.files_of("specs/store.json")] == [
        "specs/store.json",
        "specs/shared/schemas.json",
    ]
    shared = root / "specs" / "shared" / "schemas.json"  # a file only a $ref names
    shared.write_text(shared.read_text().replace('"Where the order stands."', '"Its state."'))
    st = shared.stat()
    os.utime(shared, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    again = idx.load("specs/store.json")
    assert again is not first and idx.loads == 2
    assert (
        field(again.operations[0].responses[0].contents[0].schema, "status").description
        == "Its state."
    )
