"""A sync with nothing changed costs a handful of requests, however many records are linked: the
connection check, a reading of SuiteQL's clock, and one incremental SuiteQL read each for payments
and for outstanding invoices."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from domain.sync import SyncKind, SyncStatus
from tests.integration.efficiency.conftest import Connected, counting

pytestmark = pytest.mark.integration

AT_MOST = 5


def link_everything(connected: Connected, written: int) -> None:
    """Import NetSuite's customers and open invoices, then issue `written` invoices on Invoiced (half of
    them paid) and sync them out: every record on both sides is linked."""
    imports, company = connected.services.imports, connected.company_id
    assert imports.import_now(company, SyncKind.CUSTOMER_IMPORT).status is SyncStatus.SUCCEEDED
    assert imports.import_now(company, SyncKind.INVOICE_IMPORT).status is SyncStatus.SUCCEEDED
    invoices = connected.issue_invoices(written, customers=written // 5)
    connected.take_payments(invoices[: written // 2])
    first = connected.services.accounting_sync.sync_now(company)
    assert first.status is SyncStatus.SUCCEEDED
    assert (first.counts["invoices_written"], first.counts["payments_written"]) == (written, written // 2)


@pytest.mark.parametrize("netsuite_sandbox", ["bulk:40", "bulk:1100"], indirect=True)
def test_a_sync_with_nothing_changed_makes_at_most_5_requests_whatever_the_number_of_records(
    connected: Connected,
) -> None:
    link_everything(connected, written=200)
    sync = connected.services.accounting_sync

    right_after, seen_right_after = counting(connected.server, lambda: sync.sync_now(connected.company_id))
    later, seen_later = counting(connected.server, lambda: sync.sync_now(connected.company_id))

    for run, seen in ((right_after, seen_right_after), (later, seen_later)):
        assert run.status is SyncStatus.SUCCEEDED and run.counts == {}
        assert seen.total <= AT_MOST, seen.by_endpoint
        assert seen.count("GET /system/v1/serverTime") == 1
        assert seen.record_reads == 0 and seen.refused == 0


@pytest.mark.parametrize("suiteql_page_size", [20])
@pytest.mark.parametrize("netsuite_sandbox", ["bulk:200"], indirect=True)
def test_nothing_changed_stays_under_5_requests_when_the_records_span_many_pages(
    connected: Connected,
) -> None:
    """With 20 rows a page, 200 linked invoices from NetSuite and 20 written from Invoiced span 11
    pages: a reader that went through all of them would show here."""
    link_everything(connected, written=20)
    sync = connected.services.accounting_sync

    # Right after the sync that wrote 20 invoices and their payments: what we wrote is filtered out
    # in the queries themselves, so not even one page of our own writes comes back.
    run, seen = counting(connected.server, lambda: sync.sync_now(connected.company_id))

    assert run.status is SyncStatus.SUCCEEDED and run.counts == {}
    assert seen.total <= AT_MOST, seen.by_endpoint
    # SuiteQL's clock, then one empty page of payments and one of open invoices.
    assert seen.suiteql == 3, seen.by_endpoint


def statements_of_an_unchanged_sync(connected: Connected, written: int) -> int:
    """Issue `written` invoices (a fifth of them paid), sync them out, then count the SQL statements
    of a second sync that finds nothing changed."""
    invoices = connected.issue_invoices(written, customers=5)
    connected.take_payments(invoices[: written // 5])
    sync = connected.services.accounting_sync
    assert sync.sync_now(connected.company_id).status is SyncStatus.SUCCEEDED
    statements: list[str] = []
    syncing = threading.get_ident()

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        # The sync's own statements: the company lock's renewer runs in its own thread, on its own
        # clock; and the watermark is saved only when NetSuite's clock has moved on since the last run.
        if threading.get_ident() == syncing and "SET watermark" not in statement:
            statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        run = sync.sync_now(connected.company_id)
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert run.status is SyncStatus.SUCCEEDED and run.counts == {}
    return len(statements)


@pytest.mark.parametrize("netsuite_sandbox", ["empty"], indirect=True)
def test_an_unchanged_sync_asks_the_database_as_much_for_60_linked_invoices_as_for_10(
    connected: Connected,
) -> None:
    """Which records need writing is one query per kind against the links, not a load of every
    invoice: six times the ledger, the same statements."""
    small = statements_of_an_unchanged_sync(connected, written=10)
    larger = statements_of_an_unchanged_sync(connected, written=50)  # 60 linked in all

    assert larger == small, (small, larger)
