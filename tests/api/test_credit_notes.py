"""`/credit_notes` in Invoiced's shape, credit_note entries on `/payments`, discounted and taxed invoices."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.api.conftest import Api
from tests.api.test_integration import CONNECT


def decoded(response: Any) -> Any:
    return json.loads(response.text, parse_float=Decimal)


def credit_note(api: Api, customer: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body = {"customer": customer["id"], "items": [{"name": "Seats returned", "quantity": 2, "unit_cost": 50}]}
    return decoded(api.post("/credit_notes", json=body | extra))


def test_a_taxed_and_discounted_invoice_totals_to_the_cent(api: Api, customer: dict[str, Any]) -> None:
    response = api.post(
        "/invoices",
        json={
            "customer": customer["id"],
            "items": [
                {
                    "name": "Seats",
                    "quantity": 3,
                    "unit_cost": "33.33",
                    "discounts": [{"amount": "4.99", "coupon": "LOYAL"}],
                    "taxes": [{"amount": 7.84, "tax_rate": "CA"}],
                }
            ],
            "discounts": [{"amount": 10}],
            "taxes": [{"amount": "0.01"}],
        },
    )

    assert response.status_code == 201, response.text
    invoice = decoded(response)
    assert (invoice["subtotal"], invoice["total"], invoice["balance"]) == (
        Decimal("99.99"),
        Decimal("92.85"),
        Decimal("92.85"),
    )
    assert invoice["discounts"] == [{"object": "discount", "amount": Decimal("10.00"), "coupon": None}]
    assert invoice["items"][0]["taxes"] == [{"object": "tax", "amount": Decimal("7.84"), "tax_rate": "CA"}]


def test_a_discount_in_fractions_of_a_cent_is_refused_naming_the_field(
    api: Api, customer: dict[str, Any]
) -> None:
    response = api.post(
        "/invoices",
        json={
            "customer": customer["id"],
            "items": [{"name": "Seats", "unit_cost": 10}],
            "discounts": [{"amount": "0.005"}],
        },
    )

    assert response.status_code == 400
    assert response.json()["param"] == "discounts"
    assert "fraction of a cent" in response.json()["message"]


def test_create_list_retrieve_update_and_void_a_credit_note(api: Api, customer: dict[str, Any]) -> None:
    created = credit_note(api, customer, taxes=[{"amount": "8.25", "tax_rate": "CA 8.25%"}])

    assert created["object"] == "credit_note"
    assert (created["number"], created["status"], created["total"], created["balance"]) == (
        "CN-00001",
        "open",
        Decimal("108.25"),
        Decimal("108.25"),
    )
    assert api.ok("GET", f"/credit_notes/{created['id']}")["number"] == "CN-00001"
    listed = api.get("/credit_notes", params={"customer": customer["id"], "voided": "false"})
    assert [n["id"] for n in listed.json()] == [created["id"]]
    assert listed.headers["x-total-count"] == "1"

    updated = api.ok("PATCH", f"/credit_notes/{created['id']}", json={"notes": "Two seats", "taxes": []})
    assert (updated["notes"], updated["total"]) == ("Two seats", 100)

    voided = api.ok("POST", f"/credit_notes/{created['id']}/void")
    assert (voided["status"], voided["balance"]) == ("voided", 0)


def test_a_credit_applied_across_two_invoices_with_a_payment_entry(
    api: Api, customer: dict[str, Any], invoice: dict[str, Any]
) -> None:
    second = api.ok(
        "POST",
        "/invoices",
        201,
        json={"customer": customer["id"], "items": [{"name": "Setup", "unit_cost": 80}]},
    )
    note = credit_note(api, customer)

    response = api.post(
        "/payments",
        json={
            "applied_to": [
                {"type": "credit_note", "credit_note": note["id"], "invoice": invoice["id"], "amount": 60},
                {
                    "type": "credit_note",
                    "credit_note": note["id"],
                    "document_type": "invoice",
                    "invoice": second["id"],
                    "amount": "40",
                },
            ]
        },
    )

    assert response.status_code == 201, response.text
    payment = decoded(response)
    assert (payment["amount"], payment["balance"]) == (0, 0)
    assert payment["applied_to"][0] == {
        "type": "credit_note",
        "invoice": invoice["id"],
        "credit_note": note["id"],
        "document_type": "invoice",
        "amount": Decimal("60.00"),
    }
    first_after = api.ok("GET", f"/invoices/{invoice['id']}")
    assert (first_after["amount_credited"], first_after["balance"]) == (60, 240.30)
    assert api.ok("GET", f"/invoices/{second['id']}")["balance"] == 40
    after = api.ok("GET", f"/credit_notes/{note['id']}")
    assert (after["status"], after["paid"], after["balance"]) == ("paid", True, 0)


def test_credit_errors_say_what_is_wrong(api: Api, customer: dict[str, Any], invoice: dict[str, Any]) -> None:
    note = credit_note(api, customer)

    beyond = api.post(
        "/payments",
        json={
            "applied_to": [
                {"type": "credit_note", "credit_note": note["id"], "invoice": invoice["id"], "amount": 101}
            ]
        },
    )
    no_note = api.post(
        "/payments", json={"applied_to": [{"type": "credit_note", "invoice": invoice["id"], "amount": 1}]}
    )
    api.ok(
        "POST",
        "/payments",
        201,
        json={
            "applied_to": [
                {"type": "credit_note", "credit_note": note["id"], "invoice": invoice["id"], "amount": 1}
            ]
        },
    )
    void_credited = api.post(f"/invoices/{invoice['id']}/void")

    assert beyond.status_code == 400
    assert "more than is left of it: its balance is 100.00 USD" in beyond.json()["message"]
    assert (no_note.status_code, no_note.json()["param"]) == (400, "applied_to[0].credit_note")
    assert void_credited.status_code == 400
    assert "1.00 USD in credit notes applied" in void_credited.json()["message"]


def test_another_companys_credit_note_is_not_found(
    api: Api, other_api: Api, customer: dict[str, Any]
) -> None:
    note = credit_note(api, customer)

    assert other_api.get(f"/credit_notes/{note['id']}").status_code == 404
    assert other_api.get("/credit_notes").json() == []


def test_the_credit_note_settings_are_shown_and_changed(api: Api) -> None:
    settings = {"write_credit_notes": False, "discount_item_id": "203", "tax_item_id": "204"}
    connected = api.post(
        "/integrations/netsuite",
        json={
            **CONNECT,
            "settings": settings,
        },
    )

    assert connected.status_code in (200, 201), connected.text
    shown = api.ok("GET", "/integrations/netsuite")["settings"]
    assert {name: shown[name] for name in settings} == settings
    cleared = api.ok("PATCH", "/integrations/netsuite", json={"tax_item_id": None})
    assert cleared["settings"]["tax_item_id"] is None


def test_a_credit_note_has_an_accounting_sync_status(api: Api, customer: dict[str, Any]) -> None:
    note = credit_note(api, customer)

    status = api.ok("GET", f"/credit_notes/{note['id']}/accounting_sync_status")

    assert (status["synced"], status["accounting_id"], status["source"]) == (False, None, "invoiced")
