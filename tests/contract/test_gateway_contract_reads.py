"""The NetSuiteGateway port's reads, as every implementation must do them.

Each test runs on the in-memory fake and on the REST gateway against the sandbox over loopback HTTP
(`netsuite` in tests/support/netsuite_user.py): one behaviour, specified once, checked against both.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from domain.netsuite import NetSuiteInvoiceLine, NetSuiteInvoiceStatus
from tests.support.netsuite_user import NetSuiteDouble

D = Decimal
OURS = "invd-1-"


def test_customers_are_the_active_ones_unless_inactive_ones_are_asked_for(netsuite: NetSuiteDouble) -> None:
    user = netsuite.user
    active = user.add_customer("Acme Logistics", email="ap@acme.test")
    dormant = user.add_customer("Dormant Ltd", inactive=True)
    gateway = netsuite.gateway()

    (found,) = list(gateway.customers())
    everyone = {c.internal_id: c for c in gateway.customers(include_inactive=True)}

    assert (found.internal_id, found.name, found.email, found.currency) == (
        active,
        "Acme Logistics",
        "ap@acme.test",
        "usd",
    )
    assert set(everyone) == {active, dormant} and everyone[dormant].inactive


def test_customers_named_match_trimmed_names_of_active_customers_whatever_the_case(
    netsuite: NetSuiteDouble,
) -> None:
    user = netsuite.user
    acme = user.add_customer(" Acme Logistics ")
    user.add_customer("Acme Logistics", inactive=True)
    user.add_customer("Brightwater")
    gateway = netsuite.gateway()

    found = gateway.customers_named(["acme  logistics", "  Nobody  "])

    assert [c.internal_id for c in found] == [acme]


def test_asking_for_no_names_or_ids_costs_no_request(netsuite: NetSuiteDouble) -> None:
    gateway = netsuite.gateway()
    netsuite.user.reset_counts()

    assert gateway.customers_named([]) == [] and gateway.customers_named(["  "]) == []
    assert gateway.customers_by_ids([]) == [] and gateway.invoices_by_ids([]) == []
    assert sum(netsuite.user.requests().values()) == 0


def test_customers_by_ids_reads_the_ones_asked_for(netsuite: NetSuiteDouble) -> None:
    user = netsuite.user
    ids = [user.add_customer(f"Customer {n}") for n in range(3)]

    found = netsuite.gateway().customers_by_ids([ids[0], ids[2], "999999"])

    assert sorted(c.internal_id for c in found) == sorted([ids[0], ids[2]])


def test_open_invoices_come_with_their_lines_and_what_is_still_owed(netsuite: NetSuiteDouble) -> None:
    user = netsuite.user
    customer = user.add_customer("Umbrella")
    lines = [("201", D("3"), D("150.00")), ("202", D("1"), D("50.00"))]
    open_one = user.add_invoice(customer, "NS-1", lines, on=dt.date(2026, 1, 5))
    paid_one = user.add_invoice(customer, "NS-2", amount=D("80.00"))
    user.record_payment(customer, {open_one: D("200.00"), paid_one: D("80.00")})

    (invoice,) = list(netsuite.gateway().open_invoices())

    assert invoice.internal_id == open_one and invoice.tran_id == "NS-1"
    assert invoice.customer_internal_id == customer and invoice.currency == "usd"
    assert invoice.date == dt.date(2026, 1, 5)
    assert (invoice.total, invoice.amount_remaining) == (D("500.00"), D("300.00"))
    assert invoice.status is NetSuiteInvoiceStatus.OPEN
    assert [(line.item_id, line.quantity, line.rate, line.amount) for line in invoice.lines] == [
        ("201", D("3"), D("150.00"), D("450.00")),
        ("202", D("1"), D("50.00"), D("50.00")),
    ]
    assert all(isinstance(line, NetSuiteInvoiceLine) for line in invoice.lines)


def test_what_we_wrote_is_left_out_of_the_reads_of_outstanding_invoices_and_payments(
    netsuite: NetSuiteDouble,
) -> None:
    user = netsuite.user
    customer = user.add_customer("Umbrella")
    theirs = user.add_invoice(customer, "NS-1", amount=D("100.00"))
    user.add_invoice(customer, "INV-1", amount=D("100.00"), external_id=f"{OURS}inv-1")
    user.record_payment(customer, {theirs: D("10.00")})
    gateway = netsuite.gateway()

    assert [i.internal_id for i in gateway.open_invoices(not_ours=OURS)] == [theirs]
    assert len(list(gateway.open_invoices())) == 2
    (payment,) = list(gateway.payments_modified_since(None, not_ours=OURS))
    assert [(a.invoice_internal_id, a.amount) for a in payment.applications] == [(theirs, D("10.00"))]


def test_incremental_reads_return_what_changed_at_or_after_the_moment_given(netsuite: NetSuiteDouble) -> None:
    user = netsuite.user
    customer = user.add_customer("Umbrella")
    invoice = user.add_invoice(customer, "NS-1", amount=D("100.00"))
    user.record_payment(customer, {invoice: D("10.00")})
    gateway = netsuite.gateway()
    now = gateway.server_time()

    assert now.tzinfo is not None and now.utcoffset() == dt.timedelta(0)
    hour = dt.timedelta(hours=1)
    assert len(list(gateway.open_invoices(now - hour))) == 1
    assert list(gateway.open_invoices(now + hour)) == []
    assert len(list(gateway.payments_modified_since(now - hour))) == 1
    assert list(gateway.payments_modified_since(now + hour)) == []


def test_invoices_by_ids_read_paid_ones_too_with_their_status(netsuite: NetSuiteDouble) -> None:
    user = netsuite.user
    customer = user.add_customer("Umbrella")
    paid = user.add_invoice(customer, "NS-1", amount=D("40.00"))
    user.record_payment(customer, {paid: D("40.00")})

    (invoice,) = netsuite.gateway().invoices_by_ids([paid])

    assert invoice.status is NetSuiteInvoiceStatus.PAID_IN_FULL and invoice.amount_remaining == 0


def test_a_payment_voided_in_netsuite_reads_as_voided(netsuite: NetSuiteDouble) -> None:
    user = netsuite.user
    customer = user.add_customer("Umbrella")
    invoice = user.add_invoice(customer, "NS-1", amount=D("100.00"))
    payment = user.record_payment(customer, {invoice: D("60.00")})

    user.void_payment(payment)
    gateway = netsuite.gateway()

    (read,) = list(gateway.payments_modified_since(None))
    assert read.internal_id == payment and read.voided
    (owed,) = gateway.invoices_by_ids([invoice])
    assert owed.amount_remaining == D("100.00")


def test_payments_read_with_every_invoice_they_apply_to(netsuite: NetSuiteDouble) -> None:
    user = netsuite.user
    customer = user.add_customer("Umbrella")
    first = user.add_invoice(customer, "NS-1", amount=D("100.00"))
    second = user.add_invoice(customer, "NS-2", amount=D("50.00"))
    payment = user.record_payment(customer, {first: D("30.00"), second: D("50.00")}, amount=D("90.00"))

    (read,) = list(netsuite.gateway().payments_modified_since(None))

    assert (read.internal_id, read.customer_internal_id, read.currency) == (payment, customer, "usd")
    assert read.amount == D("90.00") and not read.voided
    assert sorted((a.invoice_internal_id, a.amount) for a in read.applications) == sorted(
        [(first, D("30.00")), (second, D("50.00"))]
    )


@pytest.mark.netsuite_page_size(2)
def test_reads_page_through_suiteql_one_request_per_page(netsuite: NetSuiteDouble) -> None:
    user = netsuite.user
    for n in range(5):
        user.add_customer(f"Customer {n}")
    gateway = netsuite.gateway()
    gateway.server_time()  # logged in (an OAuth 2.0 gateway fetches its token first)
    gateway.suiteql_offset()  # SuiteQL's clock is read once per gateway, before the reads it serves
    user.reset_counts()

    found = list(gateway.customers())

    assert len(found) == 5
    assert netsuite.user.requests() == {"query": 3}


def test_the_account_says_its_concurrency_limit_and_its_currencies_and_items(
    netsuite: NetSuiteDouble,
) -> None:
    netsuite.user.allow_concurrent_requests(3)
    gateway = netsuite.gateway()

    assert gateway.concurrency_limit() == 3
    assert {c.code for c in gateway.currencies()} == {"usd", "eur"}
    assert {(i.internal_id, i.item_type) for i in gateway.items()} >= {
        ("201", "Service"),
        ("202", "NonInvtPart"),
    }


def test_look_ups_go_in_batches_of_500_names_or_1000_ids(netsuite: NetSuiteDouble) -> None:
    netsuite.user.add_customer("Customer 7")
    gateway = netsuite.gateway()
    gateway.server_time()  # logged in (an OAuth 2.0 gateway fetches its token first)
    gateway.suiteql_offset()  # SuiteQL's clock is read once per gateway, before the reads it serves
    netsuite.user.reset_counts()

    assert len(gateway.customers_named([f"Customer {n}" for n in range(501)])) == 1
    assert netsuite.user.requests() == {"query": 2}
    netsuite.user.reset_counts()
    assert gateway.customers_by_ids([str(n) for n in range(1, 1002)]) != []
    assert netsuite.user.requests() == {"query": 2}
