"""The drift report reads NetSuite in SuiteQL pages, never one request per record: the linked
invoices' amounts a page at a time, the linked payments' amounts with their applications joined in."""

from __future__ import annotations

from decimal import Decimal

import pytest

from application.integration.drift import DriftReports
from domain.records import RecordKind
from domain.sync import SyncKind, SyncStatus
from tests.integration.efficiency.conftest import Connected, counting
from tests.integration.efficiency.test_reads import netsuite_ids, pages

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("suiteql_page_size", [25])
@pytest.mark.parametrize("netsuite_sandbox", ["bulk:60"], indirect=True)
def test_the_report_on_60_invoices_and_60_payments_reads_pages_not_records(connected: Connected) -> None:
    """At 25 rows a page (1000 in NetSuite), 60 invoices are 3 pages and their 60 payments 3 more."""
    company = connected.company_id
    imported = connected.services.imports.import_now(company, SyncKind.INVOICE_IMPORT)
    assert imported.counts["invoices_imported"] == 60
    invoices = connected.services.ledger.list_invoices(company, limit=200).items
    invoice_ids = netsuite_ids(connected, RecordKind.INVOICE, invoices)
    customer_ids = netsuite_ids(
        connected, RecordKind.CUSTOMER, connected.services.ledger.list_customers(company, limit=200).items
    )
    connected.server.seed_records(  # each customer pays 10.00 of its invoice in NetSuite
        {
            "customerPayments": [
                {
                    "customer": {"id": customer_ids[invoice.customer_id]},
                    "payment": Decimal("10.00"),
                    "undepFunds": True,
                    "apply": {
                        "items": [{"doc": {"id": invoice_ids[invoice.id or 0]}, "amount": Decimal("10.00")}]
                    },
                }
                for invoice in invoices
            ]
        }
    )
    synced = connected.services.accounting_sync.sync_now(company)
    assert synced.status is SyncStatus.SUCCEEDED and synced.counts["payments_imported"] == 60
    reports: DriftReports = connected.container.drift_reports()

    verdict, seen = counting(connected.server, lambda: reports.report(company))

    assert verdict.in_agreement, (verdict.differences, verdict.payment_differences)
    assert (verdict.compared, verdict.payments_compared) == (60, 60)
    assert seen.suiteql == pages(60, 25) + pages(60, 25) == 6, seen.by_endpoint
    assert seen.total == seen.suiteql and seen.record_reads == 0
