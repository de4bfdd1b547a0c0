"""`openapi:` values in every Mintlify form, `openapi-schema:`, the nearest operations on a miss,
a spec URL, docs.json `openapi` sources and generated navigation."""

from __future__ import annotations

import pytest

from renderer.core.errors import GuideError, SourcePos
from renderer.openapi.lookup import (
    find_operation,
    find_schema,
    is_endpoint,
    nav_operations,
    openapi_sources,
    page_path,
)

from .helpers import index

HERE = SourcePos("api/page.mdx", 3, 10)


@pytest.mark.parametrize(
    ("value", "label", "spec"),
    [
        ("GET /orders/{orderId}", "GET /orders/{orderId}", "specs/store.json"),
        ("get /orders/{orderId}", "GET /orders/{orderId}", "specs/store.json"),
        ("specs/store.json POST /orders", "POST /orders", "specs/store.json"),
        ("/specs/store.json post /orders", "POST /orders", "specs/store.json"),
        (
            "legacy/swagger.json PUT /books/{isbn}/cover",
            "PUT /books/{isbn}/cover",
            "legacy/swagger.json",
        ),
        ("PATCH /notes/{id}", "PATCH /notes/{id}", "notes.yaml"),
        ("specs/store.json webhook orderShipped", "WEBHOOK orderShipped", "specs/store.json"),
        ("webhook orderShipped", "WEBHOOK orderShipped", "specs/store.json"),
    ],
)
def test_every_form_of_the_value(value, label, spec):
    found = find_operation(index(), value, HERE)
    assert (found.operation.label, found.spec, found.warnings) == (label, spec, ())


def test_relative_to_the_page_folder_and_docs_json_default():
    found = find_operation(index(), "store.json GET /categories", HERE, page_dir="specs")
    assert found.spec == "specs/store.json"
    found = find_operation(index(), "GET /categories", HERE, default_spec="/specs/store.json")
    assert found.operation.summary == "List categories"


def test_no_match_lists_the_nearest_operations():
    with pytest.raises(GuideError) as err:
        find_operation(index(), "GET /order/{orderId}", HERE, "openapi: GET /order/{orderId}")
    [p] = err.value.problems
    assert p.pos == HERE and p.source_line == "openapi: GET /order/{orderId}"
    assert (
        p.message
        == "openapi: 'GET /order/{orderId}' matches no operation in any of the 3 specs of the repository"
    )
    assert p.hint.startswith("nearest: GET /orders/{orderId}")
    with pytest.raises(GuideError) as err:
        find_operation(index(), "specs/store.json DELETE /orders", HERE)
    assert (
        err.value.problems[0].hint
        == "nearest: POST /orders, GET /orders/{orderId}, GET /categories"
    )


def test_a_spec_url_is_never_fetched():
    with pytest.raises(GuideError) as err:
        find_operation(index(), "https://api.inkwell.test/openapi.json GET /orders", HERE)
    [p] = err.value.problems
    assert (
        p.message
        == "spec https://api.inkwell.test/openapi.json is remote: specs are never fetched at build time"
    )
    assert "curl -o openapi.json" in p.hint and "map the URL to a local file" in p.hint
    mapped = {"https://api.inkwell.test/openapi.json": "specs/store.json"}
    found = find_operation(
        index(), "https://api.inkwell.test/openapi.json POST /orders", HERE, url_map=mapped
    )
    assert found.operation.operation_id == "createOrder"


def test_unknown_spec_and_malformed_value():
    with pytest.raises(GuideError) as err:
        find_operation(index(), "specs/stor.json GET /categories", HERE)
    assert err.value.problems[0].message == "spec 'specs/stor.json' not found"
    assert "specs/store.json" in err.value.problems[0].hint
    with pytest.raises(GuideError) as err:
        find_operation(index(), "the orders endpoint", HERE)
    assert "names no operation" in err.value.problems[0].message


def test_a_match_in_two_specs_warns_and_takes_the_first(tmp_path):
    import shutil

    from .helpers import PROJECT

    shutil.copytree(PROJECT, tmp_path / "p")
    shutil.copy(tmp_path / "p" / "specs" / "store.json", tmp_path / "p" / "a-copy.json")
    from renderer.openapi.index import SpecIndex

    found = find_operation(SpecIndex(tmp_path / "p"), "GET /categories", HERE)
    assert found.spec == "a-copy.json"
    [w] = found.warnings
    assert w.level == "warning" and "also in specs/store.json" in w.message


def test_openapi_schema_pages():
    page = find_schema(index(), "Money", HERE)
    assert page.name == "Money" and [f.name for f in page.schema.properties] == [
        "amount",
        "currency",
    ]
    book = find_schema(index(), "legacy/swagger.json Book", HERE)
    assert book.schema.properties[2].schema.items.ref_name == "Author"
    with pytest.raises(GuideError) as err:
        find_schema(index(), "specs/store.json Mony", HERE)
    assert err.value.problems[0].hint == "nearest: Money"


def test_docs_json_sources_and_generated_navigation():
    assert openapi_sources("openapi.json") == (("openapi.json", "api-reference"),)
    assert openapi_sources(["a.json", {"source": "/b.yaml", "directory": "/users-api/"}]) == (
        ("a.json", "api-reference"),
        ("/b.yaml", "users-api"),
    )
    nav = nav_operations(index(), "specs/store.json")
    assert [(n.operation.label, n.group) for n in nav] == [
        ("GET /orders/{orderId}", "Orders"),
        ("POST /orders", "Orders"),
        ("GET /categories", "catalogue"),
        (
            "GET /categories/legacy",
            "catalogue",
        ),  # x-hidden: a page, kept out of the sidebar by the caller
        ("WEBHOOK orderShipped", ""),
    ]
    assert nav[0].page == "api-reference/orders/get-an-order"
    assert page_path(nav[3].operation, "ref") == "ref/catalogue/get-categories-legacy"


def test_nav_entries_written_as_endpoints():
    assert is_endpoint("GET /users") and is_endpoint("specs/v2.json post /crawl")
    assert is_endpoint("openapi.json webhook orderUpdated")
    assert not is_endpoint("api-reference/introduction") and not is_endpoint("GET")
