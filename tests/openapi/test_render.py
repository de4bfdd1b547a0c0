"""The page as HTML and as Markdown: snapshots of every fixture operation (UPDATE_GOLDEN=1
rewrites them), and the properties that matter checked directly: Mintlify's anchors, native
<details>, radio tabs, sanitised descriptions, no inline style or script, playground modes."""

from __future__ import annotations

import os
import re

import pytest
from bs4 import BeautifulSoup

from renderer.core.errors import SourcePos
from renderer.openapi.lookup import find_schema
from renderer.render.api.html import render_operation, render_schema
from renderer.render.api.markdown import operation_markdown, schema_markdown
from renderer.render.api.text import llms_line, search_text

from .helpers import EXPECTED, env, index, op

CASES = [
    ("specs/store.json", "GET /orders/{orderId}"),
    ("specs/store.json", "POST /orders"),
    ("specs/store.json", "GET /categories"),
    ("specs/store.json", "WEBHOOK orderShipped"),
    ("legacy/swagger.json", "GET /books/{isbn}"),
    ("legacy/swagger.json", "POST /books"),
    ("legacy/swagger.json", "PUT /books/{isbn}/cover"),
    ("notes.yaml", "GET /notes"),
    ("notes.yaml", "PATCH /notes/{id}"),
]


def _name(spec: str, label: str) -> str:
    stem = spec.rpartition("/")[2].rpartition(".")[0]
    return f"{stem}-{re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-')}"


def _snapshot(name: str, text: str) -> None:
    path = EXPECTED / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no snapshot {path.name}: run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.name} differs (UPDATE_GOLDEN=1 rewrites it)"
    )


@pytest.mark.parametrize(("spec", "label"), CASES)
def test_html_snapshot(spec, label):
    _snapshot(_name(spec, label) + ".html", str(render_operation(op(spec, label), env()).html))


@pytest.mark.parametrize(("spec", "label"), CASES)
def test_markdown_snapshot(spec, label):
    text = operation_markdown(op(spec, label))
    _snapshot(_name(spec, label) + ".md", text)
    assert text == operation_markdown(op(spec, label, index()))  # deterministic


def test_schema_page_snapshots():
    page = find_schema(index(), "Category", SourcePos("p.mdx", 1, 1))
    _snapshot("schema-category.html", str(render_schema(page, env())))
    _snapshot("schema-category.md", schema_markdown(page))


def soup(spec: str, label: str, mode: str = "interactive") -> BeautifulSoup:
    return BeautifulSoup(str(render_operation(op(spec, label), env(), mode).html), "html.parser")


def test_anchors_as_mintlify_makes_them():
    page = soup("specs/store.json", "POST /orders")
    ids = {t["id"] for t in page.find_all(id=True)}
    assert {
        "body-customer",
        "body-customer-full-name",
        "body-customer-address-postcode",
        "body-items-sku",
    } <= ids
    assert {
        "response-201",
        "response-201-status",
        "response-201-total-amount",
        "response-201-header-location",
    } <= ids
    assert {
        "response-422-fields-additional-properties",
        "authorization-authorization",
        "authorization-api-key",
    } <= ids
    get = soup("specs/store.json", "GET /orders/{orderId}")
    assert {"param-order-id", "param-expand", "param-x-request-id", "param-session-hint"} <= {
        t["id"] for t in get.find_all(id=True)
    }
    all_ids = [t["id"] for t in page.find_all(id=True)]
    assert len(all_ids) == len(set(all_ids))
    for a in page.select("a.hd-oa-anchor"):
        assert page.find(id=a["href"][1:]) is not None


def test_nested_fields_in_native_details_and_one_of_as_radio_tabs():
    page = soup("specs/store.json", "POST /orders")
    customer = page.find(id="body-customer")
    details = customer.find("details", class_="hd-oa-children", recursive=False)
    assert details.summary.get_text() == "Show child attributes"
    assert (
        details.find(id="body-customer-address")
        .find("details")
        .find(id="body-customer-address-line1")
    )
    payment = page.find(id="body-payment")
    tabs = payment.find(class_="hd-oa-alternatives")
    radios = tabs.find_all("input", type="radio")
    assert [r.get("checked") is not None for r in radios] == [True, False]
    assert len({r["name"] for r in radios}) == 1
    assert [lb.get_text() for lb in tabs.find_all("label")] == ["Card", "Invoice"]
    assert tabs.find(id="body-payment-option1-card-token") is not None
    assert page.find(id="body-id") is None  # read-only: not part of a request
    response = page.find(id="response-201")
    assert response.name == "details" and response.find(id="response-201-id") is not None
    assert response.find(id="response-201-payment-option1-card-token") is None  # write-only


def test_recursion_links_back_to_the_ancestor():
    page = soup("specs/store.json", "GET /categories")
    children = page.find(id="response-200-body-children")
    link = children.find(class_="hd-oa-recursive").a
    assert link["href"] == "#response-200-body" and page.find(id="response-200-body") is not None


def test_descriptions_are_commonmark_and_sanitised():
    page = soup("specs/store.json", "GET /orders/{orderId}")
    desc = page.find(class_="hd-oa-description")
    assert desc.find("a")["href"] == "https://docs.inkwell.test/tracking"
    assert page.find(id="param-order-id").find("strong").get_text() == "id"
    assert "alert(1)" not in str(page)


@pytest.mark.parametrize(("spec", "label"), CASES)
def test_no_inline_style_script_or_handlers(spec, label):
    for mode in ("interactive", "simple", "none"):
        html = str(render_operation(op(spec, label), env(), mode).html)
        page = BeautifulSoup(html, "html.parser")
        assert not page.find_all("script") and not page.find_all("style")
        for tag in page.find_all(True):
            assert "style" not in tag.attrs
            assert not [a for a in tag.attrs if a.lower().startswith("on")]
        assert "javascript:" not in html.lower()


def test_playground_modes():
    o = op("specs/store.json", "POST /orders")
    interactive = render_operation(o, env(), "interactive")
    form = BeautifulSoup(str(interactive.html), "html.parser").find(
        "form", attrs={"data-hd-playground": True}
    )
    assert (
        form["method"] == "dialog" and form["data-method"] == "POST"
    )  # never navigates, even without script
    assert interactive.connect_origins == (
        "https://api.inkwell.test",
        "https://sandbox.inkwell.test",
    )
    assert form["data-origins"] == '["https://api.inkwell.test", "https://sandbox.inkwell.test"]'
    assert [o_["value"] for o_ in form.select("option")] == [
        "https://api.inkwell.test/v1",
        "https://api.inkwell.test/v2",
        "https://sandbox.inkwell.test/v1",
    ]
    assert form.find("button")["type"] == "submit" and form.find("button").has_attr("disabled")
    secret = form.find("input", attrs={"data-auth": "basic-pass"})
    assert secret["type"] == "password" and form["autocomplete"] == "off"
    assert interactive.scripts == ("playground.js",)
    simple = render_operation(o, env(), "simple")
    page = BeautifulSoup(str(simple.html), "html.parser")
    assert page.find("form") is None and page.find(class_="hd-oa-try--simple") is not None
    assert simple.connect_origins == () and simple.scripts == ()
    assert page.find(class_="hd-oa-request-examples") is not None
    none = BeautifulSoup(str(render_operation(o, env(), "none").html), "html.parser")
    assert (
        none.find(class_="hd-oa-try") is None
        and none.find(class_="hd-oa-request-examples") is not None
    )
    relative = render_operation(op("notes.yaml", "GET /notes"), env(), "interactive")
    assert (
        relative.playground == "simple" and relative.connect_origins == ()
    )  # `/api`: nowhere to send
    with pytest.raises(ValueError):
        render_operation(o, env(), "auth")


def test_code_samples_spec_ones_first_then_generated():
    page = soup("specs/store.json", "GET /orders/{orderId}")
    labels = [lb.get_text() for lb in page.select(".hd-oa-request-examples label")]
    assert labels == ["Inkwell CLI", "cURL", "Python", "JavaScript"]
    curl = page.select(".hd-oa-request-examples code")[1].get_text()
    assert "--url https://api.inkwell.test/v1/orders/{orderId}" in curl.replace("'", "")
    assert "Authorization: Bearer <token>" in curl


def test_search_text_and_llms_line():
    o = op("specs/store.json", "GET /orders/{orderId}")
    text = search_text(o)
    assert text.startswith(
        "Get an order GET /orders/{orderId} getOrder orderId expand X-Request-ID session_hint"
    )
    assert "<script>" not in text and "tracking for shipment" in text
    assert (
        llms_line(o, "/api/get-order")
        == "- [Get an order](/api/get-order): Returns one order with its line items."
    )
    assert (
        llms_line(op("specs/store.json", "GET /categories/legacy"), "/x")
        == "- [GET /categories/legacy](/x): GET /categories/legacy"
    )
