"""The NetSuiteGateway port's credit memos, as every implementation must handle them: upserted by
external id with their whole apply list, read back with their lines and applications, deleted by
external id (the invoices they paid owe again), and how a lost answer is settled by external id.

Each test runs on the in-memory fake and on the REST gateway against the sandbox over loopback HTTP.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from domain.netsuite import CreditMemoRecord, InvoiceLineRecord, PaymentApplicationRecord
from domain.records import RecordKind
from tests.contract.test_gateway_contract_writes import CONSULTING, payment_record, written_invoice
from tests.support.netsuite_user import NetSuiteDouble

D = Decimal


def credit_record(number: int, customer_id: str, amount: str, *applied: tuple[str, str]) -> CreditMemoRecord:
    return CreditMemoRecord(
        external_id=f"invd-1-crn-{number}",
        customer_internal_id=customer_id,
        tran_id=f"CN-{number}",
        date=dt.date(2026, 1, 7),
        currency="usd",
        lines=(InvoiceLineRecord(CONSULTING, "Credit", D("1"), D(amount)),),
        applications=tuple(PaymentApplicationRecord(invoice, D(value)) for invoice, value in applied),
    )


def test_a_credit_memo_applied_to_an_invoice_lowers_what_it_owes_and_reads_back(
    netsuite: NetSuiteDouble,
) -> None:
    customer = netsuite.user.add_customer("Hooli")
    invoice = written_invoice(netsuite, 1, customer, "100.00")
    gateway = netsuite.gateway()

    (first,) = gateway.upsert_credit_memos([credit_record(1, customer, "30.00", (invoice, "25.00"))])
    (again,) = gateway.upsert_credit_memos([credit_record(1, customer, "30.00", (invoice, "25.00"))])

    assert first.succeeded, first.problem
    assert again.internal_id == first.internal_id
    assert netsuite.user.invoices()[0].amount_remaining == D("75.00")
    (memo,) = list(gateway.credit_memos_modified_since(None))
    assert (memo.internal_id, memo.tran_id, memo.customer_internal_id) == (
        first.internal_id,
        "CN-1",
        customer,
    )
    assert (memo.total, memo.unapplied, memo.external_id) == (D("30.00"), D("5.00"), "invd-1-crn-1")
    assert [(a.invoice_internal_id, a.amount) for a in memo.applications] == [(invoice, D("25.00"))]
    assert list(gateway.credit_memos_modified_since(None, not_ours="invd-1-")) == []


def test_a_credit_memo_cannot_apply_more_than_the_invoice_owes(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    invoice = written_invoice(netsuite, 1, customer, "100.00")

    (refused,) = netsuite.gateway().upsert_credit_memos(
        [credit_record(1, customer, "150.00", (invoice, "150.00"))]
    )

    assert refused.problem is not None and refused.problem.code == "USER_ERROR"
    assert netsuite.user.invoices()[0].amount_remaining == D("100.00")


def test_removing_a_credit_memo_makes_its_invoice_owe_again(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    invoice = written_invoice(netsuite, 1, customer, "100.00")
    gateway = netsuite.gateway()
    gateway.upsert_credit_memos([credit_record(1, customer, "30.00", (invoice, "30.00"))])

    removed, gone = gateway.remove_credit_memos(["invd-1-crn-1", "invd-1-crn-9"])

    assert removed.succeeded and not removed.already_gone and gone.already_gone
    assert netsuite.user.invoices()[0].amount_remaining == D("100.00")
    assert list(gateway.credit_memos_modified_since(None)) == []


def test_a_write_whose_answer_was_lost_is_found_by_external_id(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    invoice = written_invoice(netsuite, 1, customer, "100.00")
    gateway = netsuite.gateway()
    (paid,) = gateway.upsert_payments([payment_record(1, customer, "10.00", (invoice, "10.00"))])
    netsuite.user.reset_counts()

    invoices = gateway.ids_by_external_id(RecordKind.INVOICE, ["invd-1-inv-1", "invd-1-inv-2"])
    payments = gateway.ids_by_external_id(RecordKind.PAYMENT, ["invd-1-pay-1"])

    assert invoices == {"invd-1-inv-1": invoice} and payments == {"invd-1-pay-1": paid.internal_id}
    assert netsuite.user.requests() == {"query": 2}
