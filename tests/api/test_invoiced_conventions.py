"""What a script written for Invoiced's API relies on: its fields accepted and returned, list filters,
sort and expand, read-modify-write of lines, and the endpoints it calls."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from application.idempotency import fingerprint
from application.ports import StoredRequest
from tests.api.conftest import Api


def _invoice(api: Api, customer: dict[str, Any], **fields: Any) -> dict[str, Any]:
    body = {
        "customer": customer["id"],
        "items": [{"name": "Hours", "quantity": 2, "unit_cost": 50}],
        **fields,
    }
    return api.ok("POST", "/invoices", 201, json=body)


def test_customers_take_and_return_invoiceds_fields(api: Api) -> None:
    created = api.ok(
        "POST",
        "/customers",
        201,
        json={
            "name": "Acme",
            "autopay": True,
            "phone": "+1 512 555 0100",
            "address1": "1 Main St",
            "city": "Austin",
            "state": "TX",
            "postal_code": "78701",
            "country": "us",
            "attention_to": "AP",
            "notes": "Net 30",
            "tax_id": "12-3456789",
            "language": "en",
            "taxable": False,
            "credit_limit": "1000.00",
            "chase": False,
            "metadata": {"crm": "A-1"},
        },
    )
    assert (created["country"], created["credit_limit"], created["metadata"]) == ("US", 1000, {"crm": "A-1"})
    updated = api.ok("PATCH", f"/customers/{created['id']}", json={"city": None, "metadata": {"crm": "B"}})
    assert (updated["city"], updated["address1"], updated["metadata"]) == (None, "1 Main St", {"crm": "B"})
    bad = api.post("/customers", json={"name": "X", "country": "USA"})
    assert (bad.status_code, bad.json()["param"]) == (400, "country")


def test_the_outstanding_invoices_of_a_customer_leave_out_paid_closed_and_others(api: Api) -> None:
    mine = api.ok("POST", "/customers", 201, json={"name": "Mine", "number": "CUST-1"})
    other = api.ok("POST", "/customers", 201, json={"name": "Other"})
    outstanding = _invoice(api, mine, metadata={"project": "apollo"})
    paid = _invoice(api, mine)
    api.ok("POST", f"/invoices/{paid['id']}/pay")
    _invoice(api, other)

    found = api.ok(
        "GET",
        "/invoices",
        params={"filter[customer]": mine["id"], "filter[paid]": "False", "filter[closed]": "0"},
    )
    assert [i["id"] for i in found] == [outstanding["id"]]
    assert [c["id"] for c in api.ok("GET", "/customers", params={"filter[number]": "CUST-1"})] == [mine["id"]]
    by_metadata = api.ok("GET", "/invoices", params={"metadata[project]": "apollo", "expand": "customer"})
    assert [(i["id"], i["customer"]["name"]) for i in by_metadata] == [(outstanding["id"], "Mine")]
    newest_first = api.ok("GET", "/invoices", params={"sort": "id DESC"})
    assert [i["id"] for i in newest_first] == sorted((i["id"] for i in newest_first), reverse=True)
    for params, param in (
        ({"filter[custmer]": 1}, "filter[custmer]"),
        ({"sort": "total DESC"}, "sort"),
        ({"expand": "invoice"}, "expand"),
    ):
        refused = api.get("/invoices", params=params)
        assert (refused.status_code, refused.json()["param"]) == (400, param)


def test_lines_come_back_with_ids_and_are_accepted_back_as_they_are(
    api: Api, customer: dict[str, Any]
) -> None:
    invoice = _invoice(api, customer, draft=True)
    line = invoice["items"][0]
    assert (line["object"], line["type"]) == ("line_item", None) and line["id"]

    items = [{**line, "quantity": 3}, {"name": "Travel", "unit_cost": 20, "type": "expense"}]
    edited = api.ok("PATCH", f"/invoices/{invoice['id']}", json={"items": items})
    assert [(i["id"] == line["id"], i["amount"]) for i in edited["items"]] == [(True, 150), (False, 20)]
    foreign = api.patch(f"/invoices/{invoice['id']}", json={"items": [{**line, "id": line["id"] + 1000}]})
    assert (foreign.status_code, foreign.json()["param"]) == (400, "items[0].id")


def test_close_pay_delete_and_balance(api: Api, customer: dict[str, Any]) -> None:
    draft = _invoice(api, customer, draft=True)
    issued = _invoice(api, customer, name="Retainer", purchase_order="PO-1", sent=True)
    assert (issued["status"], issued["closed"], issued["pdf_url"]) == ("sent", False, None)
    balance = api.ok("GET", f"/customers/{customer['id']}/balance")
    assert (balance["total_outstanding"], balance["past_due"]) == (100, False)

    closed = api.ok("PATCH", f"/invoices/{issued['id']}", json={"closed": True})
    assert closed["closed"] is True
    refused = api.post("/payments", json={"applied_to": [{"invoice": issued["id"], "amount": 1}]})
    assert (refused.status_code, refused.json()["param"]) == (400, "applied_to")
    reopened = api.ok("PATCH", f"/invoices/{issued['id']}", json={"closed": False})
    assert api.ok("POST", f"/invoices/{reopened['id']}/pay")["paid"] is True

    assert api.delete(f"/invoices/{draft['id']}").status_code == 204
    assert api.get(f"/invoices/{draft['id']}").status_code == 404
    assert api.get(f"/invoices/{issued['id']}/pdf").status_code == 404
    kept = api.delete(f"/customers/{customer['id']}")
    assert kept.status_code == 400 and "cannot be deleted" in kept.json()["message"]
    lonely = api.ok("POST", "/customers", 201, json={"name": "No documents"})
    assert api.delete(f"/customers/{lonely['id']}").status_code == 204


def test_an_issued_invoice_deleted_is_voided(api: Api, invoice: dict[str, Any]) -> None:
    response = api.delete(f"/invoices/{invoice['id']}")
    assert response.status_code == 200 and response.json()["voided"] is True


def test_payments_take_source_and_metadata_and_can_be_updated(api: Api, invoice: dict[str, Any]) -> None:
    payment = api.ok(
        "POST",
        "/payments",
        201,
        json={"applied_to": [{"invoice": invoice["id"], "amount": 10}], "metadata": {"batch": "7"}},
    )
    assert (payment["source"], payment["matched"], payment["metadata"]) == ("keyed", False, {"batch": "7"})
    updated = api.ok("PATCH", f"/payments/{payment['id']}", json={"reference": "CHK-1", "method": "check"})
    assert (updated["reference"], updated["method"], updated["amount"]) == ("CHK-1", "check", 10)
    assert (
        api.ok("GET", "/payments", params={"filter[customer]": invoice["customer"]})[0]["id"] == payment["id"]
    )


def test_ids_and_pages_beyond_range_are_invalid_requests_naming_them(api: Api) -> None:
    for path, param in (
        (f"/invoices/{2**64}", "invoice_id"),
        (f"/customers/{2**40}", "customer_id"),
        (f"/invoices?page={2**64}", "page"),
    ):
        response = api.get(path)
        assert (response.status_code, response.json()["param"]) == (400, param), path


def test_a_retry_with_the_same_idempotency_key_answers_the_first_answer(api: Api) -> None:
    key = {"Idempotency-Key": "retry-1"}
    first = api.post("/customers", json={"name": "Acme"}, headers=key)
    again = api.post("/customers", json={"name": "Acme"}, headers=key)
    other = api.post("/customers", json={"name": "Globex"}, headers=key)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert (other.status_code, other.json()["param"]) == (400, "Idempotency-Key")
    assert len(api.ok("GET", "/customers")) == 1


def test_a_key_is_the_companys_own_and_a_refused_request_is_remembered_too(api: Api, other_api: Api) -> None:
    key = {"Idempotency-Key": "shared"}
    assert api.post("/customers", json={"name": "Acme"}, headers=key).status_code == 201
    assert other_api.post("/customers", json={"name": "Acme"}, headers=key).status_code == 201
    refused = api.post("/customers", json={"name": " "}, headers={"Idempotency-Key": "bad"})
    assert (
        api.post("/customers", json={"name": " "}, headers={"Idempotency-Key": "bad"}).json()
        == refused.json()
    )


def test_form_encoded_bodies_are_taken_like_json(api: Api, customer: dict[str, Any]) -> None:
    form = (
        f"customer={customer['id']}&items[0][name]=Hours&items[0][quantity]=2&items[0][unit_cost]=75.50"
        "&items[1][name]=Travel&items[1][unit_cost]=10&metadata[project]=apollo&draft=true"
    )
    created = api.post(
        "/invoices", content=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert created.status_code == 201, created.text
    assert (created.json()["total"], created.json()["draft"]) == (161, True)
    assert created.json()["metadata"] == {"project": "apollo"}
    broken = api.post(
        "/invoices", content="items[5][name]=x", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert (broken.status_code, broken.json()["param"]) == (400, "items[5][name]")


def test_credit_notes_carry_metadata(api: Api, customer: dict[str, Any]) -> None:
    note = api.ok(
        "POST",
        "/credit_notes",
        201,
        json={
            "customer": customer["id"],
            "items": [{"name": "Refund", "unit_cost": 5}],
            "metadata": {"rma": "9"},
        },
    )
    assert note["metadata"] == {"rma": "9"}
    updated = api.ok("PATCH", f"/credit_notes/{note['id']}", json={"metadata": {"rma": "10"}})
    assert updated["metadata"] == {"rma": "10"}


def test_a_key_whose_first_request_was_cut_off_says_so_instead_of_doing_it_again(
    api: Api, company: Any, store: Any, clock: Any
) -> None:
    body = json.dumps({"name": "Acme"}).encode()
    assert company.company.id is not None
    store.tables.idempotency_keys[(company.company.id, "cut-off")] = StoredRequest(
        company_id=company.company.id,
        key="cut-off",
        fingerprint=fingerprint("POST", "/customers?", body),
        created_at=clock.now() - timedelta(minutes=30),  # claimed, never answered
    )
    response = api.post(
        "/customers",
        content=body,
        headers={"Idempotency-Key": "cut-off", "Content-Type": "application/json"},
    )
    assert response.status_code == 409 and "never finished" in response.json()["message"]
    assert api.ok("GET", "/customers") == []
