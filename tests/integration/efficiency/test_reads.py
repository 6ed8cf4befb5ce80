"""Reads never take one request per record: NetSuite is read through SuiteQL in pages of up to 1000
rows, with one query for the lines (or applications) of a whole page."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest

from domain.records import RecordKind
from domain.sync import SyncKind, SyncStatus
from tests.integration.efficiency.conftest import Connected, counting

pytestmark = pytest.mark.integration


def pages(records: int, page_size: int = 1000) -> int:
    return max(1, math.ceil(records / page_size))


@pytest.mark.parametrize(
    ("netsuite_sandbox", "n"), [("bulk:30", 30), ("bulk:1100", 1100)], indirect=["netsuite_sandbox"]
)
def test_importing_n_open_invoices_takes_o_n_over_1000_suiteql_requests(connected: Connected, n: int) -> None:
    run, seen = counting(
        connected.server,
        lambda: connected.services.imports.import_now(connected.company_id, SyncKind.INVOICE_IMPORT),
    )

    assert run.status is SyncStatus.SUCCEEDED
    assert run.counts["invoices_imported"] == n and run.counts["customers_imported"] == n
    # Per page of invoices: the page, its lines, its customers; plus the item names and SuiteQL's
    # clock once.
    assert seen.suiteql <= 3 * pages(n) + 2, seen.by_endpoint
    # Besides SuiteQL only serverTime: the connection check, and NetSuite's time of the read.
    assert seen.total - seen.suiteql == seen.count("GET /system/v1/serverTime") <= 2
    assert seen.record_reads == 0


@pytest.mark.parametrize(("netsuite_sandbox", "n"), [("bulk:1100", 1100)], indirect=["netsuite_sandbox"])
def test_importing_the_customer_list_reads_a_page_per_1000_customers(connected: Connected, n: int) -> None:
    run, seen = counting(
        connected.server,
        lambda: connected.services.imports.import_now(connected.company_id, SyncKind.CUSTOMER_IMPORT),
    )

    assert run.counts == {"customers_imported": n}
    assert seen.suiteql == pages(n) + 1, seen.by_endpoint  # and SuiteQL's clock, once
    assert seen.total - seen.suiteql == seen.count("GET /system/v1/serverTime") <= 2


@pytest.mark.parametrize("suiteql_page_size", [50])
@pytest.mark.parametrize("netsuite_sandbox", ["bulk:400"], indirect=True)
def test_reads_grow_with_pages_not_with_records(connected: Connected) -> None:
    """At 50 rows a page, 400 invoices are 8 pages: the request count follows the pages."""
    run, seen = counting(
        connected.server,
        lambda: connected.services.imports.import_now(connected.company_id, SyncKind.INVOICE_IMPORT),
    )

    assert run.counts["invoices_imported"] == 400
    assert seen.suiteql <= 3 * pages(400, 50) + 2, seen.by_endpoint
    assert seen.record_reads == 0


def netsuite_ids(connected: Connected, kind: RecordKind, records: list[Any]) -> dict[int, str]:
    statuses = connected.services.history.record_statuses(connected.company_id, kind, [r.id for r in records])
    return {local: status.netsuite_id for local, status in statuses.items() if status.netsuite_id}


def test_payments_recorded_in_netsuite_are_read_a_page_at_a_time(connected: Connected) -> None:
    ledger, company = connected.services.ledger, connected.company_id
    invoices = connected.issue_invoices(300, customers=30)
    assert connected.services.accounting_sync.sync_now(company).counts["invoices_written"] == 300
    invoice_ids = netsuite_ids(connected, RecordKind.INVOICE, invoices)
    customer_ids = netsuite_ids(connected, RecordKind.CUSTOMER, ledger.list_customers(company).items)
    connected.server.seed_records(  # 300 customers pay, each recorded in NetSuite
        {
            "customerPayments": [
                {
                    "customer": {"id": customer_ids[invoice.customer_id]},
                    "payment": Decimal("40.00"),
                    "undepFunds": True,
                    "apply": {
                        "items": [{"doc": {"id": invoice_ids[invoice.id or 0]}, "amount": Decimal("40.00")}]
                    },
                }
                for invoice in invoices
            ]
        }
    )

    run, seen = counting(connected.server, lambda: connected.services.accounting_sync.sync_now(company))

    assert run.status is SyncStatus.SUCCEEDED and run.counts == {"payments_imported": 300}
    # serverTime; the payments page and its applications; the changed invoices page and its lines.
    assert seen.total <= 5, seen.by_endpoint
    assert seen.record_reads == 0
    assert {i.balance.amount for i in ledger.list_invoices(company).items} == {Decimal("336.50")}
