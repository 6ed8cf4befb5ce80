"""Deletes against the sandbox: by external id, a record already gone is done, NetSuite keeps an invoice
that has payments applied, and never more requests in flight than the account allows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.netsuite import (
    CustomerRecord,
    InvoiceLineRecord,
    InvoiceRecord,
    PaymentApplicationRecord,
    PaymentRecord,
    RemovalOutcome,
)
from netsuite_sandbox import SandboxServer
from tests.integration.gateway.conftest import GatewayTo

pytestmark = pytest.mark.integration

D = Decimal


def _invoice_with_payments(gateway_to: GatewayTo, payments: int = 1) -> str:
    """A customer with one invoice of 300.00 and `payments` payments of 10.00 on it; the invoice's id."""
    gateway = gateway_to()
    (customer,) = gateway.upsert_customers(
        [CustomerRecord("invd-1-cus-1", "Hooli", "C-1", None, False, "usd")]
    )
    customer_id = customer.internal_id or ""
    (invoice,) = gateway.upsert_invoices(
        [
            InvoiceRecord(
                "invd-1-inv-1",
                customer_id,
                "INV-1",
                date(2026, 1, 5),
                None,
                "usd",
                (InvoiceLineRecord("201", "Consulting", D("3"), D("100")),),
            )
        ]
    )
    invoice_id = invoice.internal_id or ""
    written = gateway.upsert_payments(
        [
            PaymentRecord(
                f"invd-1-pay-{n}",
                customer_id,
                date(2026, 1, 9),
                "usd",
                D("10"),
                (PaymentApplicationRecord(invoice_id, D("10")),),
            )
            for n in range(1, payments + 1)
        ]
    )
    assert all(outcome.succeeded for outcome in written)
    return invoice_id


def _count(gateway_to: GatewayTo, query: str) -> int:
    (row,) = list(gateway_to().suiteql_rows(query))
    return int(row["n"])


def test_a_delete_whose_answer_is_dropped_is_retried_and_done(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    _invoice_with_payments(gateway_to)
    netsuite_sandbox.set_faults(script=["dropped_connection"])  # carried out, then no answer

    assert gateway_to().remove_payments(["invd-1-pay-1"]) == [
        RemovalOutcome("invd-1-pay-1", already_gone=True)
    ]
    by_status = netsuite_sandbox.stats()["requests"]["by_endpoint"][
        "DELETE /record/v1/customerpayment/eid:{externalId}"
    ]
    assert by_status == {"0": 1, "404": 1}


def test_many_deletes_stay_within_the_concurrency_limit(
    netsuite_sandbox: SandboxServer, gateway_to: GatewayTo
) -> None:
    invoice_id = _invoice_with_payments(gateway_to, payments=12)
    netsuite_sandbox.set_governance(latency_ms=30)
    netsuite_sandbox.request_stats.clear()
    netsuite_sandbox.gate.reset_highest()

    outcomes = gateway_to(limit=3).remove_payments([f"invd-1-pay-{n}" for n in range(1, 13)])

    assert all(outcome.succeeded and not outcome.already_gone for outcome in outcomes)
    stats = netsuite_sandbox.stats()
    assert 1 < stats["highest_concurrency"] <= 3
    assert stats["requests"]["by_status"] == {"204": 12}
    assert gateway_to().invoices_by_ids([invoice_id])[0].amount_remaining == D("300")
