"""`/invoices`: create with items, list with filters, retrieve, update, issue, void."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from adapters.memory import FixedClock
from tests.api.conftest import Api

JAN_15_2026 = 1768435200  # midnight UTC


def exact(response_text: str) -> Any:
    return json.loads(response_text, parse_float=Decimal)


def test_create_an_invoice_with_items(api: Api, customer: dict[str, Any]) -> None:
    response = api.post(
        "/invoices",
        json={
            "customer": customer["id"],
            "date": JAN_15_2026,
            "items": [
                {"name": "Consulting", "quantity": 3, "unit_cost": 100.10},
                {"name": "Travel", "description": "Train", "unit_cost": "49.95"},
            ],
        },
    )

    assert response.status_code == 201, response.text
    invoice = exact(response.text)
    assert invoice["object"] == "invoice"
    assert invoice["number"] == "INV-00001"
    assert invoice["currency"] == "usd"
    assert invoice["date"] == JAN_15_2026
    assert invoice["due_date"] == JAN_15_2026 + 30 * 86400  # the customer's NET 30
    assert invoice["items"][0]["amount"] == Decimal("300.30")
    assert invoice["items"][1]["quantity"] == 1
    assert invoice["total"] == Decimal("350.25")
    assert invoice["balance"] == Decimal("350.25")
    assert invoice["status"] == "not_sent"
    assert invoice["draft"] is False
    assert invoice["paid"] is False


def test_amounts_never_pass_through_floating_point(api: Api, customer: dict[str, Any]) -> None:
    # 0.1 + 0.2 and 18 significant digits: both come out wrong through a float.
    items = (
        '[{"name": "A", "unit_cost": 0.1}, {"name": "B", "unit_cost": 0.2},'
        ' {"name": "C", "unit_cost": 987654321098.765432}]'
    )
    body = f'{{"customer": {customer["id"]}, "items": {items}}}'
    response = api.post("/invoices", content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 201, response.text
    assert '"total":987654321099.07' in response.text
    assert '"unit_cost":987654321098.765432' in response.text
    assert '"unit_cost":0.1,' in response.text
    assert exact(response.text)["total"] == Decimal("987654321099.07")


def test_retrieve_update_and_issue_a_draft(api: Api, customer: dict[str, Any]) -> None:
    draft = api.ok(
        "POST",
        "/invoices",
        201,
        json={"customer": customer["id"], "draft": True, "items": [{"name": "Widget", "unit_cost": 10}]},
    )
    assert draft["status"] == "draft"

    edited = api.ok(
        "PATCH",
        f"/invoices/{draft['id']}",
        json={"items": [{"name": "Widget", "quantity": 2, "unit_cost": 10}], "notes": "Thanks"},
    )
    assert edited["total"] == 20
    assert edited["notes"] == "Thanks"
    assert edited["draft"] is True

    issued = api.ok("PATCH", f"/invoices/{draft['id']}", json={"draft": False})
    assert issued["draft"] is False
    assert issued["status"] == "not_sent"
    assert api.ok("GET", f"/invoices/{draft['id']}") == issued


def test_an_issued_invoice_cannot_go_back_to_draft(api: Api, invoice: dict[str, Any]) -> None:
    response = api.patch(f"/invoices/{invoice['id']}", json={"draft": True})

    assert response.status_code == 400
    assert response.json()["param"] == "draft"
    assert "already been issued" in response.json()["message"]


def test_void_an_invoice(api: Api, invoice: dict[str, Any]) -> None:
    voided = api.ok("POST", f"/invoices/{invoice['id']}/void")

    assert voided["voided"] is True
    assert voided["status"] == "voided"
    assert voided["balance"] == 0
    again = api.post(f"/invoices/{invoice['id']}/void")
    assert again.status_code == 400
    assert "already voided" in again.json()["message"]


def test_list_filters(api: Api, customer: dict[str, Any], clock: FixedClock) -> None:
    other = api.ok("POST", "/customers", 201, json={"name": "Other"})
    first = api.ok(
        "POST", "/invoices", 201, json={"customer": customer["id"], "items": [{"name": "a", "unit_cost": 1}]}
    )
    clock.advance(hours=1)
    draft = api.ok(
        "POST",
        "/invoices",
        201,
        json={"customer": customer["id"], "draft": True, "items": [{"name": "b", "unit_cost": 1}]},
    )
    theirs = api.ok(
        "POST", "/invoices", 201, json={"customer": other["id"], "items": [{"name": "c", "unit_cost": 1}]}
    )
    api.ok("POST", f"/invoices/{theirs['id']}/void")

    def ids(**params: Any) -> list[int]:
        return [i["id"] for i in api.ok("GET", "/invoices", params=params)]

    assert ids() == [first["id"], draft["id"], theirs["id"]]
    assert ids(customer=customer["id"]) == [first["id"], draft["id"]]
    assert ids(draft="true") == [draft["id"]]
    assert ids(voided="true") == [theirs["id"]]
    assert ids(voided="false", draft="false") == [first["id"]]
    assert ids(origin="invoiced") == [first["id"], draft["id"], theirs["id"]]
    assert ids(origin="netsuite") == []
    assert ids(updated_after=first["updated_at"]) == [draft["id"], theirs["id"]]
    assert api.get("/invoices", params={"customer": customer["id"]}).headers["x-total-count"] == "2"


def test_bad_filters_are_named(api: Api) -> None:
    response = api.get("/invoices", params={"origin": "quickbooks"})

    assert response.status_code == 400
    assert response.json()["param"] == "origin"
    assert api.get("/invoices", params={"page": 0}).json()["param"] == "page"


def test_validation_errors_name_the_parameter(api: Api, customer: dict[str, Any]) -> None:
    cases = [
        ({"items": [{"name": "x", "unit_cost": 1}]}, 400, "customer"),
        ({"customer": customer["id"], "items": []}, 400, "items"),
        (
            {"customer": customer["id"], "items": [{"name": "x", "unit_cost": "ten"}]},
            400,
            "items[0].unit_cost",
        ),
        ({"customer": customer["id"], "items": [{"name": "x"}]}, 400, "items[0].unit_cost"),
        ({"customer": customer["id"], "items": [{"name": "x", "unit_cost": 1, "quantity": 0}]}, 400, "items"),
        ({"customer": 999999, "items": [{"name": "x", "unit_cost": 1}]}, 404, None),
        (
            {"customer": customer["id"], "currency": "xyz", "items": [{"name": "x", "unit_cost": 1}]},
            400,
            "currency",
        ),
    ]
    for body, status, param in cases:
        response = api.post("/invoices", json=body)
        assert response.status_code == status, (body, response.text)
        assert response.json()["param"] == param, body
        assert response.json()["type"] == "invalid_request"


def test_a_taken_number_is_an_invalid_request_naming_the_number(
    api: Api, customer: dict[str, Any], invoice: dict[str, Any]
) -> None:
    response = api.post(
        "/invoices",
        json={
            "customer": customer["id"],
            "number": invoice["number"],
            "items": [{"name": "x", "unit_cost": 1}],
        },
    )

    assert response.status_code == 400
    assert response.json()["type"] == "invalid_request"
    assert response.json()["param"] == "number"


def test_malformed_json_and_non_json_bodies_are_explained(api: Api) -> None:
    broken = api.post("/invoices", content='{"customer": ', headers={"Content-Type": "application/json"})
    form = api.post(
        "/invoices", content="customer=1", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    nan = api.post("/invoices", content='{"customer": NaN}', headers={"Content-Type": "application/json"})

    assert broken.status_code == 400
    assert "not valid JSON" in broken.json()["message"]
    assert form.status_code == 400  # a form body is read like JSON: this one has no items
    assert form.json()["param"] == "items"
    assert nan.status_code == 400
    assert "NaN is not a number JSON allows" in nan.json()["message"]


def test_unknown_invoice_answers_404(api: Api) -> None:
    response = api.get("/invoices/424242")

    assert response.status_code == 404
    assert response.json() == {
        "type": "invalid_request",
        "message": "No invoice with id 424242 in this company.",
        "param": None,
    }
