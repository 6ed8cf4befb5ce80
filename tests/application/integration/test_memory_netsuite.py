"""The fake NetSuite enforces NetSuite's accounting rules, so the sync's tests can trust it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from adapters.memory import InMemoryNetSuite, InMemoryNetSuiteGateway, InMemoryNetSuiteGatewayFactory
from application.errors import NetSuiteAuthError, NetSuiteUnavailable
from application.ports import NetSuiteAccess
from domain.integration import NetSuiteCredentials
from domain.netsuite import (
    CustomerRecord,
    InvoiceLineRecord,
    InvoiceRecord,
    PaymentApplicationRecord,
    PaymentRecord,
)

D = Decimal
DAY = dt.date(2026, 1, 15)


@pytest.fixture
def netsuite() -> InMemoryNetSuite:
    return InMemoryNetSuite()


@pytest.fixture
def gateway(netsuite: InMemoryNetSuite) -> InMemoryNetSuiteGateway:
    return InMemoryNetSuiteGateway(netsuite, NetSuiteAccess(netsuite.account_id, netsuite.credentials))


def _invoice(
    customer: str, eid: str = "x-inv-1", lines: tuple[InvoiceLineRecord, ...] | None = None, **kw: object
) -> InvoiceRecord:
    return InvoiceRecord(
        eid,
        customer,
        "INV-1",
        DAY,
        None,
        kw.pop("currency", "usd"),  # type: ignore[arg-type]
        lines if lines is not None else (InvoiceLineRecord("201", "", D("1"), D("100")),),
    )


def _payment(
    customer: str, applications: dict[str, str], amount: str = "100", eid: str = "x-pay-1", **kw: object
) -> PaymentRecord:
    return PaymentRecord(
        eid,
        customer,
        DAY,
        kw.pop("currency", "usd"),
        D(amount),  # type: ignore[arg-type]
        tuple(PaymentApplicationRecord(i, D(a)) for i, a in applications.items()),
        deposit_account_id=kw.pop("deposit", None),  # type: ignore[arg-type]
    )


def test_wrong_credentials_or_account_are_refused_like_netsuite(netsuite: InMemoryNetSuite) -> None:
    wrong = NetSuiteCredentials("a", "b", "c", "d")
    with pytest.raises(NetSuiteAuthError):
        InMemoryNetSuiteGateway(netsuite, NetSuiteAccess(netsuite.account_id, wrong)).server_time()
    with pytest.raises(NetSuiteAuthError):
        InMemoryNetSuiteGatewayFactory(netsuite)(NetSuiteAccess("999", netsuite.credentials)).server_time()
    assert InMemoryNetSuiteGatewayFactory(netsuite)(
        NetSuiteAccess("1234567", netsuite.credentials)
    ).currencies()


def test_upserts_by_external_id_never_duplicate(
    netsuite: InMemoryNetSuite, gateway: InMemoryNetSuiteGateway
) -> None:
    (first,) = gateway.upsert_customers([CustomerRecord("x-cus-1", "Acme", "C-1", None, False, "usd")])
    (again,) = gateway.upsert_customers([CustomerRecord("x-cus-1", "Acme Inc", "C-1", None, False, "usd")])
    assert first.internal_id == again.internal_id and len(netsuite.all_customers()) == 1
    assert netsuite.customer(first.internal_id or "").name == "Acme Inc"
    assert netsuite.requests["upsert:customer"] == 2


@pytest.mark.parametrize(
    ("record", "code", "words"),
    [
        (_invoice("999"), "INVALID_CONTENT", "field: entity"),
        (_invoice("CUSTOMER", lines=()), "USER_ERROR", "at least one line item"),
        (
            _invoice("CUSTOMER", lines=(InvoiceLineRecord("999", "", D("1"), D("1")),)),
            "INVALID_CONTENT",
            "field: item",
        ),
        (_invoice("CUSTOMER", currency="gbp"), "INVALID_CONTENT", "field: currency"),
    ],
)
def test_invoices_follow_netsuite_s_rules(
    netsuite: InMemoryNetSuite, gateway: InMemoryNetSuiteGateway, record: InvoiceRecord, code: str, words: str
) -> None:
    customer = netsuite.add_customer("Acme").internal_id
    if record.customer_internal_id == "CUSTOMER":
        record = InvoiceRecord(
            record.external_id, customer, record.tran_id, record.date, None, record.currency, record.lines
        )
    (outcome,) = gateway.upsert_invoices([record])
    assert not outcome.succeeded and outcome.problem is not None
    assert outcome.problem.code == code and words in outcome.problem.message


def test_payments_apply_only_to_open_invoices_of_their_customer_within_what_remains(
    netsuite: InMemoryNetSuite, gateway: InMemoryNetSuiteGateway
) -> None:
    acme = netsuite.add_customer("Acme").internal_id
    globex = netsuite.add_customer("Globex").internal_id
    invoice = netsuite.add_invoice(acme, "INV-1", amount=D("100")).internal_id
    euro = netsuite.add_invoice(acme, "INV-2", amount=D("100"), currency="eur").internal_id

    def refused(record: PaymentRecord) -> str:
        (outcome,) = gateway.upsert_payments([record])
        assert outcome.problem is not None, outcome
        return outcome.problem.message

    assert "belongs to another customer" in refused(_payment(globex, {invoice: "10"}, "10"))
    assert "more than its amount remaining (100)" in refused(_payment(acme, {invoice: "150"}, "150"))
    assert "cannot be applied" in refused(_payment(acme, {euro: "10"}, "10"))
    assert "more than the payment amount" in refused(_payment(acme, {invoice: "60"}, "50"))
    assert "field: account" in refused(_payment(acme, {invoice: "10"}, "10", deposit="555"))
    (paid,) = gateway.upsert_payments([_payment(acme, {invoice: "100"})])
    assert paid.succeeded and netsuite.invoice(invoice).amount_remaining == 0
    assert "is not open" in refused(_payment(acme, {invoice: "1"}, "1", eid="x-pay-2"))
    (again,) = gateway.upsert_payments([_payment(acme, {invoice: "100"})])  # the same payment, resent
    assert again.internal_id == paid.internal_id


def test_a_user_payment_breaking_the_rules_is_refused(netsuite: InMemoryNetSuite) -> None:
    acme = netsuite.add_customer("Acme").internal_id
    invoice = netsuite.add_invoice(acme, "INV-1", amount=D("100")).internal_id
    with pytest.raises(ValueError, match="amount remaining"):
        netsuite.record_payment(acme, {invoice: D("101")})


def test_reads_count_pages_and_batches(netsuite: InMemoryNetSuite) -> None:
    netsuite.page_size, netsuite.names_per_query = 2, 2
    gateway = InMemoryNetSuiteGateway(netsuite, NetSuiteAccess(netsuite.account_id, netsuite.credentials))
    for n in range(5):
        netsuite.add_customer(f"Customer {n}")
    assert len(list(gateway.customers())) == 5 and netsuite.requests["query:customers"] == 3
    assert len(gateway.customers_named(["customer 1", "CUSTOMER  2", "Customer 3"])) == 3
    assert netsuite.requests["query:customers_named"] == 2
    assert gateway.customers_named([]) == [] and netsuite.requests["query:customers_named"] == 2


def test_payments_are_read_by_modification_time(
    netsuite: InMemoryNetSuite, gateway: InMemoryNetSuiteGateway
) -> None:
    now = [dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)]
    clocked = InMemoryNetSuite(clock=lambda: now[0])
    gateway = InMemoryNetSuiteGateway(clocked, NetSuiteAccess(clocked.account_id, clocked.credentials))
    acme = clocked.add_customer("Acme").internal_id
    invoice = clocked.add_invoice(acme, "INV-1", amount=D("100")).internal_id
    early = clocked.record_payment(acme, {invoice: D("10")})
    now[0] += dt.timedelta(hours=1)
    late = clocked.record_payment(acme, {invoice: D("10")})
    assert [p.internal_id for p in gateway.payments_modified_since(now[0])] == [late.internal_id]
    now[0] += dt.timedelta(hours=1)
    clocked.void_payment(early.internal_id)
    assert [p.internal_id for p in gateway.payments_modified_since(now[0])] == [early.internal_id]
    assert clocked.invoice(invoice).amount_remaining == D("90")


def test_deletes_by_external_id_free_the_invoice_and_count_one_request_each(
    netsuite: InMemoryNetSuite, gateway: InMemoryNetSuiteGateway
) -> None:
    acme = netsuite.add_customer("Acme").internal_id
    (invoice,) = gateway.upsert_invoices([_invoice(acme)])
    gateway.upsert_payments([_payment(acme, {invoice.internal_id or "": "60"}, "60")])
    assert netsuite.invoice(invoice.internal_id or "").amount_remaining == D("40")

    (removed,) = gateway.remove_payments(["x-pay-1"])
    assert removed.succeeded and not removed.already_gone
    assert (
        netsuite.all_payments() == [] and netsuite.invoice(invoice.internal_id or "").amount_remaining == 100
    )
    (again,) = gateway.remove_payments(["x-pay-1"])  # NetSuite's 404: already gone is what was wanted
    assert again.succeeded and again.already_gone
    assert gateway.remove_invoices(["x-inv-1", "x-inv-1"])[0].succeeded and netsuite.all_invoices() == []
    assert netsuite.requests["delete:customerPayment"] == 2 and netsuite.requests["delete:invoice"] == 1


def test_an_invoice_with_a_payment_applied_cannot_be_deleted(
    netsuite: InMemoryNetSuite, gateway: InMemoryNetSuiteGateway
) -> None:
    acme = netsuite.add_customer("Acme").internal_id
    (invoice,) = gateway.upsert_invoices([_invoice(acme)])
    payment = netsuite.record_payment(acme, {invoice.internal_id or "": D("30")})

    (refused,) = gateway.remove_invoices(["x-inv-1"])
    assert not refused.succeeded and refused.problem is not None
    assert refused.problem.code == "USER_ERROR"
    assert "cannot be deleted because it has dependent records" in refused.problem.message
    assert len(netsuite.all_invoices()) == 1
    netsuite.void_payment(payment.internal_id)  # a voided payment no longer holds it
    assert gateway.remove_invoices(["x-inv-1"])[0].succeeded and netsuite.all_invoices() == []


def test_deletes_fail_like_netsuite(netsuite: InMemoryNetSuite, gateway: InMemoryNetSuiteGateway) -> None:
    netsuite.reject("x-pay-9", "The accounting period is closed.")
    (refused,) = gateway.remove_payments(["x-pay-9"])
    assert refused.problem is not None and "accounting period is closed" in refused.problem.message
    netsuite.go_down()
    with pytest.raises(NetSuiteUnavailable):
        gateway.remove_invoices(["x-inv-1"])
    assert gateway.remove_invoices([]) == []
