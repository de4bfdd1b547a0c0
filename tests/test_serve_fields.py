"""Derived credential fields fail closed: secret (a password input, never stored) unless the
label is a known non-secret kind; front matter `secret: false` is the explicit way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from renderer.parse.fields import field_kind
from renderer.parse.page import parse_guide

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
    "ToKen Domain",  # a secret's name split across words is still found
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
    "Callback URI": "url",
    "Your Company Subdomain": "text",
    "Primary Data Center": "text",
    "Admin Email Address": "email",
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
    from renderer.commands.parse import guide_json

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


def test_front_matter_fields_every_problem_reported() -> None:
    from renderer.core.model import Field
    from renderer.parse.fields import fields_from_front_matter

    got: list[tuple[str, str]] = []

    def report(message: str, hint: str) -> None:
        got.append((message, hint))

    assert fields_from_front_matter({"key": "a"}, report) == ()
    assert got == [
        ("`fields` must be a list of mappings", "see GUIDE-FORMAT.md, Credential fields")
    ]
    got.clear()
    raw = [
        "x",
        {"key": "API Key!", "label": "A"},
        {"key": "a" * 65, "label": "A"},
        {"key": "ok", "label": " Okay \t", "options": []},
        {"key": "ok", "label": "Again"},
        {"key": "b", "label": ""},
        {"key": "c", "label": "x\ny"},
        {"key": "d", "label": "D", "type": "dropdown"},
        {"key": "e", "label": "E", "required": "yes", "secret": 1},
        {"key": "f", "label": "F", "options": "eu"},
        {"key": "g", "label": "G", "options": ["eu", 1]},
        {"key": "h", "label": "H", "type": "select"},
        {"key": "i", "label": "I", "x": 1, "y": 2},
        {"key": "j", "label": "J", "type": "password"},
        {"key": "k", "label": "K", "type": "select", "options": ["eu"], "required": False},
        {"key": "a" * 64, "label": "L", "secret": True},
        {"key": "d", "label": "D2"},  # #8 was refused: its key is free
    ]
    assert fields_from_front_matter(raw, report) == (
        Field("ok", "Okay", "text", True, False),
        Field("j", "J", "password", True, True),
        Field("k", "K", "select", False, False, ("eu",)),
        Field("a" * 64, "L", "text", True, True),
        Field("d", "D2", "text", True, False),
    )
    snake = "`key` must be snake_case letters, digits and _"
    assert got == [
        ("field #1 must be a mapping", "give at least key and label"),
        (f"field #2: {snake}", "e.g. api_key"),
        (f"field #3: {snake}", "e.g. api_key"),
        ("field #5: duplicate field key `ok`", "each field needs its own key"),
        ("field #6: `label` must be a one-line string", ""),
        ("field #7: `label` must be a one-line string", ""),
        ("field #8: `type` must be one of text, password, url, email, select", ""),
        ("field #9: `required` must be true or false", ""),
        ("field #9: `secret` must be true or false", ""),
        ("field #10: `options` must be a list of strings", ""),
        ("field #11: `options` must be a list of strings", ""),
        ("field #12: a `select` field needs `options`", ""),
        (
            "field #13: unknown keys ['x', 'y']",
            "allowed: key, label, type, required, secret, options",
        ),
    ]


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("SCIM Authentication Token", "scim_authentication_token"),
        ("123 abc", "field_123_abc"),
        ("", "field_"),
        ("**Bold** key!", "bold_key"),
        ("_x_", "x"),
        ("a" * 80, "a" * 64),
    ],
)
def test_snake_case(label: str, key: str) -> None:
    from renderer.parse.fields import snake_case

    assert snake_case(label) == key


def test_label_words() -> None:
    from renderer.parse.fields import label_words

    assert label_words("AccessToken") == ("access", "token")
    assert label_words("APIKey") == ("api", "key")
    assert label_words("Client_Secret") == ("client", "secret")
    assert label_words("OAuth2 Client") == ("o", "auth", "2", "client")
    assert label_words("") == ()


LINK = "guides/x/link-account/api-key.mdx"


def test_derived_fields_from_the_first_list_after_the_sentence() -> None:
    def ul(*items: str) -> str:
        return "    <ul>\n" + "".join(f"      <li>{i}</li>\n" for i in items) + "    </ul>\n\n"

    step = (
        '<Steps>\n  <Step title="Other">\n    Nothing to fill here.\n\n'
        + ul("<strong>Not a field</strong>")
        + '  </Step>\n  <Step title="Fill">\n    Some words first.\n\n'
        + ul("<strong>Not this list</strong>")
        + "    FILL OUT THE FOLLOWING FIELDS:\n\n    Then a paragraph.\n\n"
        + ul(
            "",  # an empty item
            "<strong>API Key</strong>",
            "no bold label",
            "<strong>Region</strong> (optional)",
            "<strong>API Key</strong> again",
            "**Region ID** (Optional)",
            "<p>A paragraph</p><strong>Inside</strong>",
        )
        + ul("<strong>Second list</strong>")
        + "  </Step>\n</Steps>\n"
    )
    g = parse_guide(LINK, f"---\ntitle: T\ndescription: D\n---\n\n{step}")
    assert [(f.key, f.label, f.type, f.required, f.secret) for f in g.fields] == [
        ("api_key", "API Key", "password", True, True),
        ("region", "Region", "text", False, False),
        ("region_id", "Region ID", "password", False, True),
    ]
    none = '<Steps>\n  <Step title="S">\n    Fill out the following fields:\n  </Step>\n</Steps>\n'
    assert parse_guide(LINK, f"---\ntitle: T\ndescription: D\n---\n\n{none}").fields == ()
