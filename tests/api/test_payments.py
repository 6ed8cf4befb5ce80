"""`/payments`: record with applied_to, list, retrieve, delete = void."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.api.conftest import Api


def test_record_a_payment_applied_to_an_invoice(
    api: Api, customer: dict[str, Any], invoice: dict[str, Any]
) -> None:
    response = api.post(
        "/payments",
        json={
            "amount": 400,
            "method": "check",
            "reference": "CHK-1001",
            "applied_to": [{"type": "invoice", "invoice": invoice["id"], "amount": 300.30}],
        },
    )

    assert response.status_code == 201, response.text
    payment = json.loads(response.text, parse_float=Decimal)
    assert payment["object"] == "payment"
    assert payment["customer"] == customer["id"]
    assert payment["amount"] == Decimal("400.00")
    assert payment["balance"] == Decimal("99.70")
    assert payment["applied_to"] == [
        {"type": "invoice", "invoice": invoice["id"], "amount": Decimal("300.30")}
    ]
    assert payment["method"] == "check"
    paid = api.ok("GET", f"/invoices/{invoice['id']}")
    assert paid["balance"] == 0
    assert paid["paid"] is True
    assert paid["status"] == "paid"


def test_list_retrieve_and_void(api: Api, invoice: dict[str, Any]) -> None:
    first = api.ok("POST", "/payments", 201, json={"applied_to": [{"invoice": invoice["id"], "amount": 100}]})
    second = api.ok("POST", "/payments", 201, json={"applied_to": [{"invoice": invoice["id"], "amount": 50}]})

    listed = api.get("/payments")
    assert [p["id"] for p in listed.json()] == [first["id"], second["id"]]
    assert listed.headers["x-total-count"] == "2"
    assert [p["id"] for p in api.ok("GET", "/payments", params={"invoice": invoice["id"]})] == [
        first["id"],
        second["id"],
    ]
    assert api.ok("GET", f"/payments/{first['id']}") == first

    voided = api.ok("DELETE", f"/payments/{first['id']}")
    assert voided["voided"] is True
    assert api.ok("GET", f"/invoices/{invoice['id']}")["balance"] == 250.30
    assert api.delete(f"/payments/{first['id']}").status_code == 400


def test_overpaying_an_invoice_is_refused_and_changes_nothing(api: Api, invoice: dict[str, Any]) -> None:
    response = api.post("/payments", json={"applied_to": [{"invoice": invoice["id"], "amount": 1000}]})

    assert response.status_code == 400
    assert response.json()["param"] == "applied_to"
    assert "overpay" in response.json()["message"]
    assert api.ok("GET", "/payments") == []
    assert api.ok("GET", f"/invoices/{invoice['id']}")["balance"] == 300.30


def test_payment_validation(api: Api, invoice: dict[str, Any]) -> None:
    cases = [
        (
            {"applied_to": [{"type": "credit_note", "invoice": invoice["id"], "amount": 1}]},
            400,
            "applied_to[0].credit_note",
        ),
        ({"applied_to": [{"invoice": invoice["id"]}]}, 400, "applied_to[0].amount"),
        ({"amount": 5}, 400, "customer"),
        ({"applied_to": [{"invoice": invoice["id"], "amount": 1}], "method": "barter"}, 400, "method"),
        ({"applied_to": [{"invoice": 987654, "amount": 1}]}, 404, None),
    ]
    for body, status, param in cases:
        response = api.post("/payments", json=body)
        assert response.status_code == status, (body, response.text)
        assert response.json()["param"] == param, (body, response.text)
