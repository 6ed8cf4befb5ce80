"""The NetSuiteGateway port's writes and NetSuite's accounting rules, as every implementation must
answer them: upserts and deletes by external id, one outcome per record in order, refusals with
NetSuite's code and words (its preamble left out), and one request per record written.

Each test runs on the in-memory fake and on the REST gateway against the sandbox over loopback HTTP.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from domain.address import Address
from domain.netsuite import (
    CustomerRecord,
    InvoiceLineRecord,
    InvoiceRecord,
    PaymentApplicationRecord,
    PaymentRecord,
)
from tests.support.netsuite_user import NetSuiteDouble

D = Decimal
CONSULTING = "201"


def customer_record(number: int, **changes: object) -> CustomerRecord:
    values: dict[str, object] = dict(
        external_id=f"invd-1-cus-{number}",
        name=f"Customer {number} Ltd",
        account_number=f"C{number:05d}",
        email=f"ap{number}@example.com",
        is_person=False,
        currency="usd",
    )
    return CustomerRecord(**(values | changes))  # type: ignore[arg-type]


def invoice_record(number: int, customer_id: str, *amounts: str, **changes: object) -> InvoiceRecord:
    values: dict[str, object] = dict(
        external_id=f"invd-1-inv-{number}",
        customer_internal_id=customer_id,
        tran_id=f"INV-{number}",
        date=dt.date(2026, 1, 5),
        due_date=dt.date(2026, 2, 4),
        currency="usd",
        lines=tuple(
            InvoiceLineRecord(CONSULTING, f"Line {n}", D("1"), D(amount))
            for n, amount in enumerate(amounts or ("100.00",))
        ),
    )
    return InvoiceRecord(**(values | changes))  # type: ignore[arg-type]


def payment_record(number: int, customer_id: str, amount: str, *applied: tuple[str, str]) -> PaymentRecord:
    return PaymentRecord(
        external_id=f"invd-1-pay-{number}",
        customer_internal_id=customer_id,
        date=dt.date(2026, 1, 6),
        currency="usd",
        amount=D(amount),
        applications=tuple(PaymentApplicationRecord(invoice, D(value)) for invoice, value in applied),
    )


def written_invoice(netsuite: NetSuiteDouble, number: int, customer_id: str, *amounts: str) -> str:
    (outcome,) = netsuite.gateway().upsert_invoices([invoice_record(number, customer_id, *amounts)])
    assert outcome.internal_id is not None, outcome.problem
    return outcome.internal_id


# -- upserts by external id ---------------------------------------------------------------------------


def test_upserting_the_same_external_id_twice_changes_the_one_record(netsuite: NetSuiteDouble) -> None:
    gateway = netsuite.gateway()

    (first,) = gateway.upsert_customers([customer_record(1)])
    (second,) = gateway.upsert_customers([customer_record(1, email="new@example.com")])

    assert first.succeeded and second.internal_id == first.internal_id
    (found,) = [c for c in netsuite.user.customers() if c.external_id == "invd-1-cus-1"]
    assert (found.internal_id, found.name, found.email) == (
        first.internal_id,
        "Customer 1 Ltd",
        "new@example.com",
    )


def test_an_invoice_upserted_again_has_the_new_lines_and_total(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    first = written_invoice(netsuite, 1, customer, "100.00", "50.00")

    again = written_invoice(netsuite, 1, customer, "70.00")

    (invoice,) = netsuite.user.invoices()
    assert again == first == invoice.internal_id
    assert (invoice.tran_id, invoice.external_id, invoice.total) == ("INV-1", "invd-1-inv-1", D("70.00"))
    assert [(line.item_id, line.amount) for line in invoice.lines] == [(CONSULTING, D("70.00"))]


def test_each_record_of_a_batch_has_its_own_outcome_in_order(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    records = [
        invoice_record(1, customer),
        invoice_record(2, "999999"),  # no such customer
        invoice_record(3, customer),
    ]
    netsuite.user.reset_counts()

    outcomes = netsuite.gateway().upsert_invoices(records)

    assert [o.external_id for o in outcomes] == ["invd-1-inv-1", "invd-1-inv-2", "invd-1-inv-3"]
    assert [o.succeeded for o in outcomes] == [True, False, True]
    problem = outcomes[1].problem
    assert problem is not None and problem.code == "INVALID_CONTENT" and problem.path == "entity"
    assert problem.message == "You have entered an Invalid Field Value 999999 for the following field: entity"
    assert netsuite.user.requests()["upsert:invoice"] == 3


def test_a_refusal_keeps_netsuites_code_and_words_without_the_preamble(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    netsuite.user.reject("invd-1-inv-1", "The accounting period is closed.")

    (refused,) = netsuite.gateway().upsert_invoices([invoice_record(1, customer)])

    assert refused.problem is not None and not refused.succeeded
    assert (refused.problem.code, refused.problem.message) == (
        "USER_ERROR",
        "The accounting period is closed.",
    )
    assert netsuite.user.invoices() == []
    netsuite.user.stop_rejecting("invd-1-inv-1")
    assert netsuite.gateway().upsert_invoices([invoice_record(1, customer)])[0].succeeded


def test_an_invoice_needs_an_item_the_account_has(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    record = invoice_record(1, customer, lines=(InvoiceLineRecord("999", "Mystery", D("1"), D("5")),))

    (refused,) = netsuite.gateway().upsert_invoices([record])

    assert refused.problem is not None and refused.problem.code == "INVALID_CONTENT"
    assert refused.problem.path == "item.items[0].item"
    assert (
        refused.problem.message == "You have entered an Invalid Field Value 999 for the following field: item"
    )


def test_a_currency_the_account_lacks_is_refused_before_anything_is_sent(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    netsuite.user.reset_counts()

    (refused,) = netsuite.gateway().upsert_invoices([invoice_record(1, customer, currency="gbp")])

    assert refused.problem is not None and "GBP" in refused.problem.message
    assert netsuite.user.requests()["upsert:invoice"] == 0
    assert netsuite.user.invoices() == []


# -- the accounting rules ------------------------------------------------------------------------------


def test_a_payment_applied_to_an_invoice_lowers_what_it_still_owes(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    invoice = written_invoice(netsuite, 1, customer, "100.00")

    (paid,) = netsuite.gateway().upsert_payments([payment_record(1, customer, "40.00", (invoice, "40.00"))])

    assert paid.succeeded, paid.problem
    (read,) = netsuite.user.invoices()
    assert read.amount_remaining == D("60.00")
    (payment,) = netsuite.user.payments()
    assert payment.internal_id == paid.internal_id and payment.external_id == "invd-1-pay-1"
    assert netsuite.user.deposit_account_of(payment.internal_id) is None


def test_a_payment_cannot_apply_more_than_an_invoice_still_owes(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    invoice = written_invoice(netsuite, 1, customer, "100.00")

    (refused,) = netsuite.gateway().upsert_payments(
        [payment_record(1, customer, "150.00", (invoice, "150.00"))]
    )

    assert refused.problem is not None and refused.problem.code == "USER_ERROR"
    assert refused.problem.path == "apply.items[0].amount"
    assert refused.problem.message == (
        f"The amount applied to invoice {invoice} (150.00) exceeds its amount due (100.00)."
    )
    assert netsuite.user.payments() == [] and netsuite.user.invoices()[0].amount_remaining == D("100.00")


def test_a_payment_cannot_apply_more_than_its_amount(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    invoice = written_invoice(netsuite, 1, customer, "100.00")

    (refused,) = netsuite.gateway().upsert_payments(
        [payment_record(1, customer, "30.00", (invoice, "40.00"))]
    )

    assert refused.problem is not None and refused.problem.code == "USER_ERROR"
    assert (refused.problem.path, refused.problem.message) == (
        "apply",
        "The total amount applied (40.00) exceeds the payment amount (30.00).",
    )
    assert netsuite.user.payments() == []


def test_a_payment_cannot_apply_to_another_customers_invoice(netsuite: NetSuiteDouble) -> None:
    hooli = netsuite.user.add_customer("Hooli")
    initech = netsuite.user.add_customer("Initech")
    invoice = written_invoice(netsuite, 1, hooli, "100.00")

    (refused,) = netsuite.gateway().upsert_payments([payment_record(1, initech, "40.00", (invoice, "40.00"))])

    assert refused.problem is not None
    assert (refused.problem.code, refused.problem.path) == ("INVALID_CONTENT", "apply.items[0].doc")
    assert refused.problem.message == (
        f"Invoice {invoice} belongs to another customer ({hooli}) and cannot be applied to a payment of "
        f"customer {initech}."
    )
    assert netsuite.user.payments() == []


def test_an_invoice_cannot_be_cut_below_what_was_paid_on_it(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    invoice = written_invoice(netsuite, 1, customer, "100.00")
    netsuite.user.record_payment(customer, {invoice: D("80.00")})

    (refused,) = netsuite.gateway().upsert_invoices([invoice_record(1, customer, "50.00")])

    assert refused.problem is not None and refused.problem.code == "USER_ERROR"
    assert (
        refused.problem.message
        == "The invoice total (50.00) cannot be less than the amount already paid (80.00)."
    )
    assert netsuite.user.invoices()[0].total == D("100.00")


# -- deletes by external id ------------------------------------------------------------------------------


def test_removing_an_invoice_deletes_it_and_one_already_gone_counts_as_removed(
    netsuite: NetSuiteDouble,
) -> None:
    customer = netsuite.user.add_customer("Hooli")
    written_invoice(netsuite, 1, customer)
    netsuite.user.reset_counts()

    outcomes = netsuite.gateway().remove_invoices(["invd-1-inv-1", "invd-1-inv-9", "invd-1-inv-1"])

    assert [(o.external_id, o.succeeded, o.already_gone) for o in outcomes] == [
        ("invd-1-inv-1", True, False),
        ("invd-1-inv-9", True, True),
        ("invd-1-inv-1", True, False),
    ]
    assert netsuite.user.invoices() == []
    assert netsuite.user.requests()["delete:invoice"] == 2  # one request per external id


def test_an_invoice_with_payments_applied_cannot_be_removed(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    invoice = written_invoice(netsuite, 1, customer)
    netsuite.user.record_payment(customer, {invoice: D("10.00")})

    (refused,) = netsuite.gateway().remove_invoices(["invd-1-inv-1"])

    assert not refused.succeeded and refused.problem is not None
    assert (refused.problem.code, refused.problem.message) == (
        "USER_ERROR",
        "This record cannot be deleted because it has dependent records.",
    )
    assert len(netsuite.user.invoices()) == 1


def test_removing_a_payment_makes_its_invoices_owe_again(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    invoice = written_invoice(netsuite, 1, customer, "100.00")
    gateway = netsuite.gateway()
    gateway.upsert_payments([payment_record(1, customer, "40.00", (invoice, "40.00"))])

    (removed,) = gateway.remove_payments(["invd-1-pay-1"])

    assert removed.succeeded and not removed.already_gone
    assert netsuite.user.payments() == []
    assert netsuite.user.invoices()[0].amount_remaining == D("100.00")
    assert gateway.remove_invoices(["invd-1-inv-1"])[0].succeeded


def test_a_payment_applies_only_to_open_invoices_in_its_currency(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    euro = netsuite.user.add_invoice(customer, "NS-EUR", amount=D("100.00"), currency="eur")
    invoice = written_invoice(netsuite, 1, customer, "100.00")
    gateway = netsuite.gateway()
    (paid,) = gateway.upsert_payments([payment_record(1, customer, "100.00", (invoice, "100.00"))])

    (in_euro,) = gateway.upsert_payments([payment_record(2, customer, "10.00", (euro, "10.00"))])
    (not_open,) = gateway.upsert_payments([payment_record(3, customer, "1.00", (invoice, "1.00"))])
    (resent,) = gateway.upsert_payments([payment_record(1, customer, "100.00", (invoice, "100.00"))])

    assert in_euro.problem is not None and in_euro.problem.path == "apply.items[0].doc"
    assert in_euro.problem.message == (
        f"Invoice {euro} is in another currency than the payment and cannot be applied to it."
    )
    assert not_open.problem is not None and not_open.problem.path == "apply.items[0].doc"
    assert not_open.problem.message == (
        f"Invoice {invoice} is not open (it is paid in full or voided) and cannot be applied to."
    )
    assert resent.internal_id == paid.internal_id and len(netsuite.user.payments()) == 1


def test_a_users_payment_breaking_the_rules_is_refused(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    invoice = netsuite.user.add_invoice(customer, "NS-1", amount=D("100.00"))

    with pytest.raises(ValueError, match=r"exceeds its amount due \(100(\.00)?\)"):
        netsuite.user.record_payment(customer, {invoice: D("101")})
    assert netsuite.user.payments() == []


def test_a_voided_payment_no_longer_holds_its_invoice(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")
    invoice = written_invoice(netsuite, 1, customer)
    payment = netsuite.user.record_payment(customer, {invoice: D("30.00")})
    netsuite.user.void_payment(payment)

    (removed,) = netsuite.gateway().remove_invoices(["invd-1-inv-1"])

    assert removed.succeeded and netsuite.user.invoices() == []


def test_an_invoice_needs_at_least_one_line(netsuite: NetSuiteDouble) -> None:
    customer = netsuite.user.add_customer("Hooli")

    (refused,) = netsuite.gateway().upsert_invoices([invoice_record(1, customer, lines=())])

    assert refused.problem is not None and refused.problem.code == "USER_ERROR"
    assert refused.problem.message == "You must enter at least one line item for this transaction."


def test_a_batch_costs_one_request_per_record_and_one_look_up_that_confirms_them(
    netsuite: NetSuiteDouble,
) -> None:
    customer = netsuite.user.add_customer("Hooli")
    gateway = netsuite.gateway()
    gateway.currencies()
    netsuite.user.reset_counts()

    outcomes = gateway.upsert_invoices([invoice_record(n, customer) for n in range(1, 4)])

    assert all(o.succeeded for o in outcomes)
    assert netsuite.user.requests() == {"upsert:invoice": 3, "query": 1}


def test_a_customers_phone_and_billing_address_go_to_netsuite_and_read_back(netsuite: NetSuiteDouble) -> None:
    address = Address(
        attention_to="Accounts Payable",
        address1="1 Infinite Loop",
        city="Cupertino",
        state="CA",
        postal_code="95014",
        country="US",
    )
    gateway = netsuite.gateway()

    (written,) = gateway.upsert_customers([customer_record(1, phone="+1 408 555 0100", address=address)])

    (read,) = gateway.customers_by_ids([written.internal_id or ""])
    assert read.phone == "+1 408 555 0100"
    assert read.address is not None
    assert (read.address.address1, read.address.city, read.address.postal_code, read.address.country) == (
        "1 Infinite Loop",
        "Cupertino",
        "95014",
        "US",
    )
