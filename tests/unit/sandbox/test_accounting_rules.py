"""The accounting rules NetSuite enforces, checked on the sandbox's record handlers directly."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from netsuite_sandbox.errors import NetSuiteError
from netsuite_sandbox.records import RECORD_TYPES, Body, RecordContext
from netsuite_sandbox.seeds import CONSULTING, EUR, LICENSE, apply_seed
from netsuite_sandbox.store import Store


@pytest.fixture
def store() -> Store:
    store = Store()
    apply_seed(store, "empty")
    return store


def create(store: Store, record_type: str, body: dict[str, Any]) -> int:
    with store.write() as connection:
        return RECORD_TYPES[record_type].create(RecordContext(connection, ""), Body(body))


def update(
    store: Store, record_type: str, record_id: int, body: dict[str, Any], replace: set[str] | None = None
) -> None:
    with store.write() as connection:
        RECORD_TYPES[record_type].update(
            RecordContext(connection, ""), record_id, Body(body), replace or set()
        )


def delete(store: Store, record_type: str, record_id: int) -> None:
    with store.write() as connection:
        RECORD_TYPES[record_type].delete(RecordContext(connection, ""), record_id)


def read(store: Store, record_type: str, record_id: int) -> dict[str, Any]:
    with store.read() as connection:
        return RECORD_TYPES[record_type].read(RecordContext(connection, ""), record_id, expand=True)


def rejection(action: Callable[[], object]) -> NetSuiteError:
    with pytest.raises(NetSuiteError) as caught:
        action()
    return caught.value


def customer(store: Store, name: str = "Acme Logistics Inc.", **extra: Any) -> int:
    return create(store, "customer", {"companyName": name, "subsidiary": {"id": "1"}} | extra)


def invoice(store: Store, customer_id: int, *lines: tuple[int, str, str], **extra: Any) -> int:
    items = [
        {"item": {"id": str(item)}, "quantity": Decimal(q), "rate": Decimal(r)}
        for item, q, r in lines or [(CONSULTING, "2", "50")]
    ]
    return create(store, "invoice", {"entity": {"id": str(customer_id)}, "item": {"items": items}} | extra)


def pay(store: Store, customer_id: int, applications: dict[int, str], **extra: Any) -> int:
    apply = [
        {"doc": {"id": str(doc)}, "apply": True, "amount": Decimal(amount)}
        for doc, amount in applications.items()
    ]
    return create(
        store, "customerpayment", {"customer": {"id": str(customer_id)}, "apply": {"items": apply}} | extra
    )


# ---- invoices ---------------------------------------------------------------------------------


def test_an_invoice_without_lines_is_refused_as_netsuite_words_it(store: Store) -> None:
    error = rejection(lambda: create(store, "invoice", {"entity": {"id": str(customer(store))}}))

    assert (error.status, error.code) == (400, "USER_ERROR")
    assert error.detail == (
        "Error while accessing a resource. You must enter at least one line item for this transaction."
    )


def test_an_invoice_needs_an_existing_customer(store: Store) -> None:
    error = rejection(lambda: invoice(store, 999999))

    assert (error.code, error.error_path) == ("INVALID_CONTENT", "entity")


def test_an_invoice_line_needs_an_existing_item(store: Store) -> None:
    error = rejection(lambda: invoice(store, customer(store), (CONSULTING, "1", "5"), (4242, "1", "5")))

    assert (error.code, error.error_path) == ("INVALID_CONTENT", "item.items[1].item")


def test_line_amounts_are_quantity_times_rate_and_totals_add_up_exactly(store: Store) -> None:
    invoice_id = invoice(store, customer(store), (CONSULTING, "3", "0.10"), (LICENSE, "1", "0.20"))

    record = read(store, "invoice", invoice_id)

    assert [line["amount"] for line in record["item"]["items"]] == [Decimal("0.30"), Decimal("0.20")]
    assert record["total"] == Decimal("0.50")
    assert record["amountRemaining"] == Decimal("0.50")
    assert record["status"] == {"id": "A", "refName": "Open"}


def test_invoice_defaults_come_from_the_customer(store: Store) -> None:
    euro_customer = customer(store, "Duval & Fils SARL", currency={"id": str(EUR)})

    record = read(store, "invoice", invoice(store, euro_customer))

    assert record["currency"]["id"] == str(EUR)
    assert record["subsidiary"]["id"] == "1"
    assert record["exchangeRate"] == Decimal("1.085")


def test_dates_accept_the_iso_datetimes_clients_send(store: Store) -> None:
    invoice_id = invoice(store, customer(store), tranDate="2025-03-04T00:00:00+00:00", dueDate="2025-03-25")

    record = read(store, "invoice", invoice_id)

    assert (record["tranDate"], record["dueDate"]) == ("2025-03-04", "2025-03-25")


def test_a_second_invoice_with_the_same_external_id_already_exists(store: Store) -> None:
    customer_id = customer(store)
    invoice(store, customer_id, externalId="INV-1")

    error = rejection(lambda: invoice(store, customer_id, externalId="INV-1"))

    assert error.code == "USER_ERROR"
    assert error.detail == "Error while accessing a resource. This entity already exists."


def test_replacing_lines_recomputes_totals_and_keeps_what_was_paid(store: Store) -> None:
    customer_id = customer(store)
    invoice_id = invoice(store, customer_id, (CONSULTING, "10", "100"))
    pay(store, customer_id, {invoice_id: "300"})

    update(
        store,
        "invoice",
        invoice_id,
        {"item": {"items": [{"item": {"id": str(LICENSE)}, "quantity": 1, "rate": 500}]}},
        replace={"item"},
    )

    record = read(store, "invoice", invoice_id)
    assert record["total"] == Decimal("500")
    assert record["amountPaid"] == Decimal("300")
    assert record["amountRemaining"] == Decimal("200")
    assert len(record["item"]["items"]) == 1


def test_lines_cannot_shrink_an_invoice_below_what_was_paid(store: Store) -> None:
    customer_id = customer(store)
    invoice_id = invoice(store, customer_id, (CONSULTING, "10", "100"))
    pay(store, customer_id, {invoice_id: "600"})

    error = rejection(
        lambda: update(
            store,
            "invoice",
            invoice_id,
            {"item": {"items": [{"item": {"id": str(CONSULTING)}, "quantity": 1, "rate": 500}]}},
            replace={"item"},
        )
    )

    assert error.code == "USER_ERROR"
    assert read(store, "invoice", invoice_id)["total"] == Decimal("1000")


def test_a_patch_line_without_line_number_is_appended(store: Store) -> None:
    invoice_id = invoice(store, customer(store), (CONSULTING, "1", "100"))

    update(
        store,
        "invoice",
        invoice_id,
        {
            "item": {
                "items": [
                    {"item": {"id": str(LICENSE)}, "quantity": 1, "rate": 50},
                    {"line": 1, "quantity": 2},
                ]
            }
        },
    )

    record = read(store, "invoice", invoice_id)
    assert [(line["line"], line["amount"]) for line in record["item"]["items"]] == [
        (1, Decimal("200")),
        (2, Decimal("50")),
    ]
    assert record["total"] == Decimal("250")


# ---- payments ---------------------------------------------------------------------------------


def test_partial_then_full_payment_moves_the_invoice_from_open_to_paid_in_full(store: Store) -> None:
    customer_id = customer(store)
    invoice_id = invoice(store, customer_id, (CONSULTING, "10", "100"))

    pay(store, customer_id, {invoice_id: "400"})
    partly = read(store, "invoice", invoice_id)
    pay(store, customer_id, {invoice_id: "600"})
    fully = read(store, "invoice", invoice_id)

    assert (partly["amountRemaining"], partly["status"]["id"]) == (Decimal("600"), "A")
    assert (fully["amountRemaining"], fully["status"]) == (
        Decimal("0"),
        {"id": "B", "refName": "Paid In Full"},
    )


def test_a_payment_without_an_amount_pays_what_it_applies(store: Store) -> None:
    customer_id = customer(store)
    payment_id = pay(store, customer_id, {invoice(store, customer_id): "5"})

    record = read(store, "customerpayment", payment_id)

    assert (record["payment"], record["applied"], record["unapplied"]) == (
        Decimal("5"),
        Decimal("5"),
        Decimal("0"),
    )


def test_an_unapplied_remainder_is_allowed(store: Store) -> None:
    customer_id = customer(store)
    payment_id = pay(store, customer_id, {invoice(store, customer_id): "60"}, payment=Decimal("100"))

    record = read(store, "customerpayment", payment_id)

    assert (record["applied"], record["unapplied"]) == (Decimal("60"), Decimal("40"))


def test_applying_more_than_an_invoice_has_remaining_is_refused(store: Store) -> None:
    customer_id = customer(store)
    invoice_id = invoice(store, customer_id, (CONSULTING, "1", "100"))

    error = rejection(lambda: pay(store, customer_id, {invoice_id: "100.01"}))

    assert (error.code, error.error_path) == ("USER_ERROR", "apply.items[0].amount")


def test_applications_cannot_exceed_the_payment_amount(store: Store) -> None:
    customer_id = customer(store)
    first, second = invoice(store, customer_id), invoice(store, customer_id)

    error = rejection(lambda: pay(store, customer_id, {first: "80", second: "80"}, payment=Decimal("150")))

    assert error.code == "USER_ERROR"
    assert "exceeds the payment amount" in error.detail


def test_a_payment_cannot_apply_to_another_customers_invoice(store: Store) -> None:
    someone_else = invoice(store, customer(store, "Other Co"))

    error = rejection(lambda: pay(store, customer(store), {someone_else: "10"}))

    assert (error.code, error.error_path) == ("INVALID_CONTENT", "apply.items[0].doc")


def test_a_payment_cannot_apply_to_an_invoice_in_another_currency(store: Store) -> None:
    customer_id = customer(store)
    euro_invoice = invoice(store, customer_id, currency={"id": str(EUR)})

    error = rejection(lambda: pay(store, customer_id, {euro_invoice: "10"}))

    assert (error.code, error.error_path) == ("INVALID_CONTENT", "apply.items[0].doc")


def test_a_paid_in_full_invoice_cannot_be_paid_again(store: Store) -> None:
    customer_id = customer(store)
    invoice_id = invoice(store, customer_id, (CONSULTING, "1", "100"))
    pay(store, customer_id, {invoice_id: "100"})

    error = rejection(lambda: pay(store, customer_id, {invoice_id: "1"}))

    assert error.error_path == "apply.items[0].doc"


def test_the_payment_currency_must_exist(store: Store) -> None:
    error = rejection(
        lambda: create(
            store,
            "customerpayment",
            {"customer": {"id": str(customer(store))}, "payment": 10, "currency": {"id": "77"}},
        )
    )

    assert (error.code, error.error_path) == ("INVALID_CONTENT", "currency")


def test_a_rejected_payment_leaves_nothing_behind(store: Store) -> None:
    customer_id = customer(store)
    good = invoice(store, customer_id, (CONSULTING, "1", "100"))
    small = invoice(store, customer_id, (CONSULTING, "1", "10"))

    rejection(lambda: pay(store, customer_id, {good: "50", small: "11"}))

    assert read(store, "invoice", good)["amountRemaining"] == Decimal("100")
    with store.read() as connection:
        assert connection.execute("SELECT COUNT(*) FROM NextTransactionLineLink").fetchone()[0] == 0


def test_deleting_a_payment_reopens_its_invoices(store: Store) -> None:
    customer_id = customer(store)
    invoice_id = invoice(store, customer_id, (CONSULTING, "1", "100"))
    payment_id = pay(store, customer_id, {invoice_id: "100"})

    delete(store, "customerpayment", payment_id)

    record = read(store, "invoice", invoice_id)
    assert (record["amountRemaining"], record["status"]["id"]) == (Decimal("100"), "A")


def test_changing_the_apply_list_moves_the_money_between_invoices(store: Store) -> None:
    customer_id = customer(store)
    first = invoice(store, customer_id, (CONSULTING, "1", "100"))
    second = invoice(store, customer_id, (CONSULTING, "1", "100"))
    payment_id = pay(store, customer_id, {first: "100"})

    update(
        store,
        "customerpayment",
        payment_id,
        {
            "apply": {
                "items": [
                    {"doc": {"id": str(first)}, "apply": False},
                    {"doc": {"id": str(second)}, "apply": True, "amount": 40},
                ]
            }
        },
    )

    assert read(store, "invoice", first)["amountRemaining"] == Decimal("100")
    assert read(store, "invoice", second)["amountRemaining"] == Decimal("60")
    assert read(store, "customerpayment", payment_id)["unapplied"] == Decimal("60")


def test_an_invoice_with_payments_cannot_be_deleted(store: Store) -> None:
    customer_id = customer(store)
    invoice_id = invoice(store, customer_id)
    pay(store, customer_id, {invoice_id: "10"})

    error = rejection(lambda: delete(store, "invoice", invoice_id))

    assert error.code == "USER_ERROR"


def test_a_customer_needs_a_subsidiary(store: Store) -> None:
    error = rejection(lambda: create(store, "customer", {"companyName": "No Sub"}))

    assert error.detail == "Error while accessing a resource. Please enter value(s) for: Subsidiary."


def test_customer_balance_is_open_invoices_less_unapplied_payments(store: Store) -> None:
    customer_id = customer(store)
    invoice_id = invoice(store, customer_id, (CONSULTING, "1", "100"))
    pay(store, customer_id, {invoice_id: "30"}, payment=Decimal("50"))

    assert read(store, "customer", customer_id)["balance"] == Decimal("50.00")
