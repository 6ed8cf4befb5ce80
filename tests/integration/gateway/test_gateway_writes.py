"""Writes against the sandbox: exactly one record per external id whatever happens on the wire, and
never more requests in flight than the account allows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.netsuite import (
    CustomerRecord,
    InvoiceLineRecord,
    InvoiceRecord,
    NetSuiteInvoiceStatus,
    PaymentApplicationRecord,
    PaymentRecord,
)
from domain.records import RecordKind
from netsuite_sandbox import SandboxServer
from tests.integration.gateway.conftest import GatewayTo, statuses

pytestmark = pytest.mark.integration

CONSULTING = "201"


def customer(number: int, **changes: object) -> CustomerRecord:
    values: dict[str, object] = dict(
        external_id=f"invd-1-cus-{number}",
        name=f"Customer {number} Ltd",
        account_number=f"C{number:05d}",
        email=f"ap{number}@example.com",
        is_person=False,
        currency="usd",
    )
    return CustomerRecord(**(values | changes))  # type: ignore[arg-type]


def invoice(number: int, customer_id: str, line_count: int = 2, **changes: object) -> InvoiceRecord:
    values: dict[str, object] = dict(
        external_id=f"invd-1-inv-{number}",
        customer_internal_id=customer_id,
        tran_id=f"INV-{number:05d}",
        date=date(2026, 1, 5),
        due_date=date(2026, 2, 4),
        currency="usd",
        lines=tuple(
            InvoiceLineRecord(CONSULTING, f"Hours, week {week}", Decimal("2.5"), Decimal("99.99"))
            for week in range(1, line_count + 1)
        ),
        memo="Consulting",
    )
    return InvoiceRecord(**(values | changes))  # type: ignore[arg-type]


def count(gateway_rows: list[dict[str, str]]) -> int:
    return int(gateway_rows[0]["n"])


def records_with_external_id(gateway_to: GatewayTo, table: str, external_id: str) -> int:
    rows = list(
        gateway_to().suiteql_rows(f"SELECT COUNT(*) AS n FROM {table} WHERE externalid = '{external_id}'")
    )
    return count(rows)


def test_customer_invoice_and_payment_round_trip(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    gateway = gateway_to()
    (written_customer,) = gateway.upsert_customers([customer(2)])
    customer_id = written_customer.internal_id or ""

    (written_invoice,) = gateway.upsert_invoices([invoice(2, customer_id)])
    (read_back,) = gateway.invoices_by_ids([written_invoice.internal_id or ""])
    # 2.5 × 99.99 = 249.975, sent rounded half up to 249.98 per line.
    assert read_back.total == Decimal("499.96") and read_back.status is NetSuiteInvoiceStatus.OPEN
    assert [(line.quantity, line.rate, line.amount) for line in read_back.lines] == [
        (Decimal("2.5"), Decimal("99.99"), Decimal("249.98"))
    ] * 2

    (written_payment,) = gateway.upsert_payments(
        [
            PaymentRecord(
                external_id="invd-1-pay-2",
                customer_internal_id=customer_id,
                date=date(2026, 1, 20),
                currency="usd",
                amount=Decimal("499.96"),
                applications=(PaymentApplicationRecord(read_back.internal_id, Decimal("499.96")),),
                reference="CHK-2",
                memo="paid in full",
            )
        ]
    )
    assert written_payment.succeeded
    (paid,) = gateway.invoices_by_ids([read_back.internal_id])
    assert (paid.status, paid.amount_remaining) == (NetSuiteInvoiceStatus.PAID_IN_FULL, Decimal("0"))
    (payment,) = [
        found for found in gateway.payments_modified_since(None) if found.external_id == "invd-1-pay-2"
    ]
    assert (payment.amount, payment.reference, payment.memo) == (Decimal("499.96"), "CHK-2", "paid in full")
    assert [
        (application.invoice_internal_id, application.amount) for application in payment.applications
    ] == [(read_back.internal_id, Decimal("499.96"))]


def test_injected_500s_and_dropped_connections_end_as_exactly_one_record(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    gateway = gateway_to()
    customer_id = gateway.upsert_customers([customer(5)])[0].internal_id or ""  # warms the look-up caches
    netsuite_sandbox.set_faults(script=["unexpected_error", "dropped_connection", "dropped_connection"])

    (outcome,) = gateway.upsert_invoices([invoice(5, customer_id)])

    assert outcome.succeeded
    assert netsuite_sandbox.stats()["faults_injected"] == {"unexpected_error": 1, "dropped_connection": 2}
    assert records_with_external_id(gateway_to, "transaction", "invd-1-inv-5") == 1
    (read_back,) = gateway.invoices_by_ids([outcome.internal_id or ""])
    assert len(read_back.lines) == 2  # the resent PUTs replaced the lines, never appended


def test_twenty_parallel_writes_stay_within_a_limit_of_two(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    netsuite_sandbox.set_governance(concurrency=2, latency_ms=20)
    gateway = gateway_to(limit=2)

    outcomes = gateway.upsert_customers([customer(100 + number) for number in range(20)])

    assert all(outcome.succeeded for outcome in outcomes)
    assert len({outcome.internal_id for outcome in outcomes}) == 20
    stats = netsuite_sandbox.stats()
    assert stats["highest_concurrency"] == 2 and stats["highest_concurrency_demanded"] == 2
    assert "429" not in statuses(netsuite_sandbox)


def test_throttling_by_other_integrations_is_retried_not_escaped(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    gateway = gateway_to(limit=2)
    gateway.upsert_customers([customer(200)])
    netsuite_sandbox.set_faults(script=["throttled"] * 4)

    outcomes = gateway.upsert_customers([customer(201 + number) for number in range(10)])

    assert all(outcome.succeeded for outcome in outcomes)
    assert statuses(netsuite_sandbox)["429"] == 4


def test_records_in_doubt_are_found_by_external_id(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    gateway = gateway_to()
    customer_id = gateway.upsert_customers([customer(41)])[0].internal_id or ""
    written = gateway.upsert_invoices([invoice(41, customer_id), invoice(42, customer_id)])

    found = gateway.ids_by_external_id(
        RecordKind.INVOICE, ["invd-1-inv-41", "invd-1-inv-42", "invd-1-inv-43"]
    )

    assert found == {o.external_id: o.internal_id for o in written}
    assert gateway.ids_by_external_id(RecordKind.PAYMENT, ["invd-1-inv-41"]) == {}  # another record type
