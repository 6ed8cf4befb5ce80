"""Writes to NetSuite run concurrently up to the account's concurrency limit and never above it,
counted at the sandbox with a latency on every answer, so requests really overlap."""

from __future__ import annotations

import pytest

from domain.sync import SyncStatus
from entrypoints.cli.demo import NetSuiteAccount, connect_to_netsuite
from tests.integration.efficiency.conftest import Connected, counting

pytestmark = pytest.mark.integration

LATENCY_MS = 40


@pytest.mark.parametrize(("account_limit", "our_limit"), [(10, 3), (5, 5), (10, 1)])
def test_writes_use_the_whole_concurrency_limit_and_never_more(
    connected: Connected, account_limit: int, our_limit: int
) -> None:
    connected.configure(concurrency_limit=our_limit)
    connected.take_payments(connected.issue_invoices(30, customers=10)[:15])
    connected.server.set_governance(concurrency=account_limit, latency_ms=LATENCY_MS)

    run, seen = counting(
        connected.server, lambda: connected.services.accounting_sync.sync_now(connected.company_id)
    )

    assert run.status is SyncStatus.SUCCEEDED
    assert (
        run.counts["customers_written"],
        run.counts["invoices_written"],
        run.counts["payments_written"],
    ) == (
        10,
        30,
        15,
    )
    assert seen.highest_concurrency == our_limit, "as many at once as allowed, and never more"
    assert seen.refused == 0, "never a 429 CONCURRENCY_LIMIT_EXCEEDED"


def test_connecting_takes_the_account_s_lower_limit_and_writes_within_it(connected: Connected) -> None:
    connected.server.set_governance(concurrency=2)
    connect_to_netsuite(
        connected.services.connections, connected.company_id, NetSuiteAccount.of(connected.server)
    )
    connected.issue_invoices(20, customers=4)
    connected.server.set_governance(latency_ms=LATENCY_MS)

    run, seen = counting(
        connected.server, lambda: connected.services.accounting_sync.sync_now(connected.company_id)
    )

    assert connected.services.connections.connection(connected.company_id).settings.concurrency_limit == 2
    assert run.status is SyncStatus.SUCCEEDED and run.counts["invoices_written"] == 20
    assert seen.highest_concurrency == 2 and seen.refused == 0
