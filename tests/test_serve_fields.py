"""Derived credential fields fail closed: secret (a password input, never stored) unless the
label is a known non-secret kind; front matter `secret: false` is the explicit way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.fields import field_kind
from renderer.parse import parse_guide

from .conftest import LEAPSOME

SECRET = [
    "AccessToken",
    "APIKey",
    "apikey",
    "Client_Secret",
    "client-secret",
    "Passcode",
    "Access Code",
    "PIN",
    "Service Account JSON",
    "SCIM Authentication Token",
    "Harvest API Key",
    "Password",
    "Private Key (PEM)",
    "OTP",
    "Deal Pipeline ID",
    "Client ID",
    "Widget",
    "Secret Domain",
    "Token URL",
    "Company Auth Code",
    "Cookie",
    "Auth Domain",
    "PIN Login",
    "SecretsManagerRegion",
    "apikey host",
    "ÉCLÉ",
]
PLAIN = {
    "Subdomain": "text",
    "Company Subdomain": "text",
    "Company ID": "text",
    "company_id": "text",
    "Organisation Name": "text",
    "Organization ID": "text",
    "Tenant Name": "text",
    "Account ID": "text",
    "Workspace Domain": "text",
    "Region": "text",
    "Data Center": "text",
    "Username": "text",
    "User Name": "text",
    "Login": "text",
    "Instance": "text",
    "Environment": "text",
    "API Version": "text",
    "Email": "email",
    "E-mail": "email",
    "Email Address": "email",
    "Host URL": "url",
    "Site URL": "url",
}


@pytest.mark.parametrize("label", SECRET)
def test_secret_unless_known_plain(label: str) -> None:
    assert field_kind(label) == "password"


@pytest.mark.parametrize(("label", "kind"), PLAIN.items())
def test_known_plain_kinds(label: str, kind: str) -> None:
    assert field_kind(label) == kind


def _guide_with(labels: list[str]) -> str:
    items = "\n".join(f"        <li><strong>{label}</strong></li>" for label in labels)
    text = LEAPSOME.read_text()
    old = "        <li><strong>SCIM Authentication Token</strong></li>"
    assert old in text
    return text.replace(old, items)


def test_derived_fields_in_a_guide_and_its_form(tmp_path: Path) -> None:
    from renderer.jsonout import guide_json

    labels = ["AccessToken", "APIKey", "Client_Secret", "Passcode", "Access Code", "PIN"]
    labels += ["Service Account JSON", "Subdomain", "Company ID", "Email"]
    g = parse_guide("g.mdx", _guide_with(labels), "leapsome/link-account/scim-api-token.mdx")
    kinds = {f.label: (f.type, f.secret) for f in g.fields}
    assert kinds == {
        **{label: ("password", True) for label in labels[:7]},
        "Subdomain": ("text", False),
        "Company ID": ("text", False),
        "Email": ("email", False),
    }
    assert guide_json(g)["fields"][0]["secret"] is True


def test_front_matter_secret_false_is_the_override() -> None:
    text = LEAPSOME.read_text().replace(
        "---\n\n",
        "fields:\n  - key: deal_pipeline_id\n    label: Deal Pipeline ID\n"
        "    type: text\n    secret: false\n---\n\n",
        1,
    )
    g = parse_guide("g.mdx", text, "leapsome/link-account/scim-api-token.mdx")
    assert [(f.key, f.type, f.secret) for f in g.fields] == [("deal_pipeline_id", "text", False)]


def test_built_form_masks_every_secret_field(built: Path) -> None:
    """In the built site, the HubSpot form's optional "Deal Pipeline ID" is a password input
    now (not a known plain kind), and the Workday form's "Tenant Name" stays text."""
    page = built / "stackone/connectors/hubspot/guides/link-account/private-app-access-token.html"
    html = page.read_text()
    assert 'name="deal_pipeline_id" type="password"' in html
    assert 'name="private_app_access_token" type="password"' in html
    workday = (
        built / "stackone/connectors/workday/guides/link-account/service-user.html"
    ).read_text()
    assert 'name="tenant_name" type="text"' in workday
    assert 'name="password" type="password"' in workday
    assert 'name="host_url" type="url"' in workday
