"""NetSuite's credit memo rules, and what SuiteQL shows of a credit memo and its applications."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from netsuite_sandbox.seeds import CONSULTING, DISCOUNT, EUR, SALES_TAX
from netsuite_sandbox.store import Store
from netsuite_sandbox.suiteql import run_query
from tests.unit.sandbox.test_accounting_rules import (
    create,
    customer,
    delete,
    invoice,
    pay,
    read,
    rejection,
    store,
    update,
)

__all__ = ["store"]  # the fixture


def credit(
    store: Store,
    customer_id: int,
    applications: dict[int, str] | None = None,
    lines: list[tuple[int, str, str]] | None = None,
    **extra: Any,
) -> int:
    items = [
        {"item": {"id": str(item)}, "quantity": Decimal(q), "rate": Decimal(r)}
        for item, q, r in lines or [(CONSULTING, "1", "40")]
    ]
    apply = [
        {"doc": {"id": str(doc)}, "apply": True, "amount": Decimal(amount)}
        for doc, amount in (applications or {}).items()
    ]
    body = {"entity": {"id": str(customer_id)}, "item": {"items": items}, "apply": {"items": apply}}
    return create(store, "creditmemo", body | extra)


def rows(store: Store, q: str) -> list[dict[str, Any]]:
    return run_query(store, q, [], 1000, 0).items


def test_a_credit_memo_applied_in_part_lowers_the_invoice_and_keeps_the_rest(store: Store) -> None:
    acme = customer(store)
    invoice_id = invoice(store, acme)  # 2 × 50 = 100
    credit_id = credit(store, acme, {invoice_id: "30"}, externalId="invd-1-credit_note-5")

    record = read(store, "creditmemo", credit_id)
    assert (record["total"], record["applied"], record["unapplied"]) == (
        Decimal("40"),
        Decimal("30"),
        Decimal("10"),
    )
    assert record["status"] == {"id": "A", "refName": "Open"}
    assert [(line["doc"]["id"], line["amount"]) for line in record["apply"]["items"]] == [
        (str(invoice_id), Decimal("30"))
    ]
    assert read(store, "invoice", invoice_id)["amountRemaining"] == Decimal("70")


def test_a_credit_memo_used_up_is_fully_applied_and_can_pay_an_invoice_off(store: Store) -> None:
    acme = customer(store)
    first, second = invoice(store, acme), invoice(store, acme, (CONSULTING, "1", "10"))
    pay(store, acme, {first: "70"})
    credit_id = credit(store, acme, {first: "30", second: "10"})

    assert read(store, "creditmemo", credit_id)["status"] == {"id": "B", "refName": "Fully Applied"}
    assert read(store, "invoice", first)["status"]["id"] == "B"
    assert read(store, "invoice", second)["amountRemaining"] == Decimal("0")


def test_a_credit_memo_cannot_apply_more_than_its_total(store: Store) -> None:
    acme = customer(store)
    first, second = invoice(store, acme), invoice(store, acme)

    error = rejection(lambda: credit(store, acme, {first: "30", second: "20"}))

    assert (error.code, error.error_path) == ("USER_ERROR", "apply")
    assert "exceeds the amount of the credit memo (40.00)" in error.detail


def test_a_credit_memo_cannot_apply_more_than_an_invoice_has_remaining(store: Store) -> None:
    acme = customer(store)
    invoice_id = invoice(store, acme, (CONSULTING, "1", "25"))

    error = rejection(lambda: credit(store, acme, {invoice_id: "30"}))

    assert (error.code, error.error_path) == ("USER_ERROR", "apply.items[0].amount")


def test_a_credit_memo_cannot_apply_to_another_customers_invoice(store: Store) -> None:
    someone_else = invoice(store, customer(store, "Brightwater Dental Group"))

    error = rejection(lambda: credit(store, customer(store), {someone_else: "5"}))

    assert (error.code, error.error_path) == ("INVALID_CONTENT", "apply.items[0].doc")
    assert "belongs to another customer" in error.detail


def test_a_credit_memo_cannot_apply_to_an_invoice_in_another_currency(store: Store) -> None:
    euro_invoice = invoice(store, customer(store, "Duval & Fils SARL", currency={"id": str(EUR)}))
    duval = int(read(store, "invoice", euro_invoice)["entity"]["id"])

    error = rejection(lambda: credit(store, duval, {euro_invoice: "5"}, currency={"id": "1"}))

    assert error.code == "INVALID_CONTENT"
    assert "another currency" in error.detail


def test_an_upsert_replaces_the_applications_and_deleting_gives_the_invoice_back(store: Store) -> None:
    acme = customer(store)
    first, second = invoice(store, acme), invoice(store, acme)
    credit_id = credit(store, acme, {first: "40"})

    update(
        store,
        "creditmemo",
        credit_id,
        {"apply": {"items": [{"doc": {"id": str(second)}, "amount": Decimal("15")}]}},
        replace={"apply", "item"},
    )
    assert read(store, "invoice", first)["amountRemaining"] == Decimal("100")
    assert read(store, "invoice", second)["amountRemaining"] == Decimal("85")

    error = rejection(lambda: delete(store, "invoice", second))
    assert "dependent records" in error.detail

    delete(store, "creditmemo", credit_id)
    assert read(store, "invoice", second)["amountRemaining"] == Decimal("100")


def test_the_external_id_is_unique_among_credit_memos_only(store: Store) -> None:
    acme = customer(store)
    invoice(store, acme, externalId="invd-1-7")
    credit(store, acme, externalId="invd-1-7")

    error = rejection(lambda: credit(store, acme, externalId="invd-1-7"))

    assert error.detail == "Error while accessing a resource. This entity already exists."


def test_suiteql_shows_the_credit_memo_negative_and_its_applications_as_line_links(store: Store) -> None:
    acme = customer(store)
    invoice_id = invoice(store, acme)
    credit_id = credit(store, acme, {invoice_id: "30"}, tranId="CM-1")

    header = rows(
        store,
        "SELECT id, tranid, foreigntotal, foreignpaymentamountused, foreignpaymentamountunused, "
        "BUILTIN.DF(status) AS status, BUILTIN.CF(status) AS code, recordtype "
        "FROM transaction WHERE type = 'CustCred'",
    )
    assert header == [
        {
            "links": [],
            "id": str(credit_id),
            "tranid": "CM-1",
            "foreigntotal": "-40",
            "foreignpaymentamountused": "30",
            "foreignpaymentamountunused": "10",
            "status": "Credit Memo : Open",
            "code": "CustCred:A",
            "recordtype": "creditmemo",
        }
    ]
    links = rows(
        store,
        "SELECT l.previousdoc, l.nextdoc, l.previoustype, l.nexttype, l.linktype, l.foreignamount "
        "FROM NextTransactionLineLink l JOIN transaction t ON t.id = l.nextdoc "
        "WHERE t.type = 'CustCred'",
    )
    assert links == [
        {
            "links": [],
            "previousdoc": str(invoice_id),
            "nextdoc": str(credit_id),
            "previoustype": "CustInvc",
            "nexttype": "CustCred",
            "linktype": "Payment",
            "foreignamount": "30",
        }
    ]
    lines = rows(
        store,
        "SELECT tl.mainline, tl.quantity, tl.foreignamount FROM transactionline tl "
        f"WHERE tl.transaction = {credit_id} ORDER BY tl.id",
    )
    # A credit memo posts the other way round from an invoice: its item lines are positive.
    assert [(row["mainline"], row.get("quantity"), row["foreignamount"]) for row in lines] == [
        ("T", None, "-40"),
        ("F", "1", "40"),
    ]


def test_discount_and_tax_lines_say_what_they_are(store: Store) -> None:
    acme = customer(store)
    invoice_id = invoice(
        store, acme, (CONSULTING, "2", "50"), (DISCOUNT, "1", "-10"), (SALES_TAX, "1", "7.20")
    )

    assert read(store, "invoice", invoice_id)["total"] == Decimal("97.20")
    lines = rows(
        store,
        "SELECT tl.itemtype, tl.taxline, tl.accountinglinetype, tl.foreignamount FROM transactionline tl "
        f"WHERE tl.transaction = {invoice_id} AND tl.mainline = 'F' ORDER BY tl.id",
    )
    assert [(r["itemtype"], r["taxline"], r["accountinglinetype"], r["foreignamount"]) for r in lines] == [
        ("Service", "F", "INCOME", "-100"),
        ("Discount", "F", "DISCOUNT", "10"),
        ("TaxItem", "T", "TAX", "-7.2"),
    ]
