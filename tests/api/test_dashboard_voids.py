"""The dashboard after a sync removed a voided invoice from NetSuite: the run says what was removed and
the invoice list says where the invoice stands."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from adapters.memory import InMemoryJobQueue
from application.ledger import LineInput, NewCompany
from tests.api.test_dashboard_netsuite import Dashboard, connected, dashboard  # noqa: F401 (fixtures)


def _sync_now(session: Dashboard) -> str:
    page = session.submit(
        "/dashboard/settings/accounting_sync", "/dashboard/settings/accounting_sync/sync_now"
    ).text
    match = re.search(r"Sync #(\d+) started", page)
    assert match is not None, page
    return match.group(1)


def test_a_voided_invoice_removed_from_netsuite_shows_as_removed(
    connected: Dashboard,  # noqa: F811
    run_jobs_at_once: InMemoryJobQueue,
    container: Any,
    company: NewCompany,
) -> None:
    ledger = container.ledger()
    customer = ledger.create_customer(company.company.id, "Wayne Enterprises")
    invoice = ledger.create_invoice(
        company.company.id, customer.id, [LineInput("Consulting", Decimal(1), Decimal(500))]
    )
    _sync_now(connected)
    ledger.void_invoice(company.company.id, invoice.id)

    run_id = _sync_now(connected)

    assert "1 voided invoice removed from NetSuite" in connected.get("/dashboard/settings/accounting_sync")
    assert "Voided invoices removed from NetSuite" in connected.get(f"/dashboard/syncs/{run_id}")
    assert "Removed from NetSuite" in connected.get("/dashboard/invoices")
