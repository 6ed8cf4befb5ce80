"""Every input out of range is a 400 that names its parameter, never a 500 (what fuzzing found)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.errors import InvalidMoney
from domain.money import parse_amount
from tests.api.conftest import Api


def _invoice_body(customer: dict[str, Any], unit_cost: str) -> str:
    return f'{{"customer": {customer["id"]}, "items": [{{"name": "x", "unit_cost": {unit_cost}}}]}}'


@pytest.mark.parametrize("unit_cost", ["1e99999999", '"1e3"', '"1_000"', "1000000000000", "0.0000001"])
def test_amounts_out_of_the_one_rule_are_refused_naming_the_field(
    api: Api, customer: dict[str, Any], unit_cost: str
) -> None:
    response = api.post(
        "/invoices", content=_invoice_body(customer, unit_cost), headers={"Content-Type": "application/json"}
    )
    assert (response.status_code, response.json()["param"]) == (400, "items[0].unit_cost"), response.text


def test_the_api_and_the_cli_share_one_rule_for_amounts() -> None:
    assert parse_amount("10.50", "amount") == parse_amount("10.5", "amount")
    for text in ("1e3", "1_000", "1,000", "$10", "NaN", "10 000", "1000000000000"):
        with pytest.raises(InvalidMoney):
            parse_amount(text, "--amount")


def test_nul_characters_are_refused_where_they_are(api: Api, customer: dict[str, Any]) -> None:
    in_body = api.post("/customers", json={"name": "Acme\u0000"})
    in_lines = api.post(
        "/invoices", json={"customer": customer["id"], "items": [{"name": "x\u0000", "unit_cost": 1}]}
    )
    in_query = api.get("/customers?filter[number]=%00")
    in_form = api.post(
        "/customers", content="name=Ac%00me", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert [(r.status_code, r.json()["param"]) for r in (in_body, in_lines, in_query, in_form)] == [
        (400, "name"),
        (400, "items[0].name"),
        (400, "filter[number]"),
        (400, "name"),
    ]


def test_a_line_break_in_an_email_is_refused(api: Api) -> None:
    response = api.post("/customers", json={"name": "Acme", "email": "ap@acme.test\r\nBcc: x@evil.test"})
    assert (response.status_code, response.json()["param"]) == (400, "email")


def test_documents_have_a_sane_number_of_lines_and_never_total_below_zero(
    api: Api, customer: dict[str, Any]
) -> None:
    many = api.post(
        "/invoices", json={"customer": customer["id"], "items": [{"name": "x", "unit_cost": 1}] * 1001}
    )
    negative = api.post(
        "/invoices", json={"customer": customer["id"], "items": [{"name": "x", "unit_cost": -5}]}
    )
    assert [(r.status_code, r.json()["param"]) for r in (many, negative)] == [(400, "items"), (400, "items")]


@pytest.mark.parametrize(
    ("path", "param"),
    [
        (f"/sync_errors/{2**63}/retry", "error_id"),
        (f"/imports/{2**64}", "import_id"),
        (f"/invoices/{2**70}/accounting_sync_status", "record_id"),
        (f"/credit_notes/{2**40}", "credit_note_id"),
        ("/invoices?filter[customer]=99999999999999999999", "filter[customer]"),
        ("/invoices?updated_after=99999999999999999999", "updated_after"),
        ("/credit_notes?customer=-566907392032", "customer"),
    ],
)
def test_ids_beyond_range_are_invalid_requests_naming_them(api: Api, path: str, param: str) -> None:
    method = "POST" if path.endswith("/retry") else "GET"
    response = api.request(method, path)
    assert (response.status_code, response.json()["param"]) == (400, param), response.text
