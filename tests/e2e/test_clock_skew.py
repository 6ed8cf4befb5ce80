"""This server's clock may be minutes off NetSuite's (token-based auth tolerates five). Whether a
NetSuite payment is already inside an imported invoice's balance is judged on NetSuite's clock alone
(the link keeps NetSuite's server time of the import), so neither skew drops nor doubles a payment."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers

from domain.records import Origin, RecordKind
from domain.sync import SyncKind
from entrypoints.cli.demo import (
    PAID_ON_INVOICED,
    NetSuiteAccount,
    StoryServices,
    connect_to_netsuite,
    netsuite_id_of,
    record_payment_in_netsuite,
)
from entrypoints.container import build_container, prepare_database
from entrypoints.settings import Settings
from netsuite_sandbox import SandboxServer
from tests.e2e.conftest import NetSuiteReader

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.sandbox_seed("demo")]


class SkewedClock:
    """This server's clock, `offset` away from NetSuite's (the sandbox runs on the real one)."""

    def __init__(self, offset: timedelta) -> None:
        self._offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def today(self) -> date:
        return self.now().date()


@pytest.fixture
def services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoryServices]:
    """The use cases on SQLite, with this server's clock `request.param` away from NetSuite's."""
    offset: timedelta = request.param
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'ledger.db'}")
    prepare_database(settings)
    container = build_container(settings)
    container.clock.override(providers.Object(SkewedClock(offset)))
    yield StoryServices.of(container)
    container.shutdown_resources()


def disagreeing(services: StoryServices, company_id: int, netsuite: NetSuiteReader) -> dict[str, Any]:
    """Invoices imported from NetSuite whose balances differ: number → (on Invoiced, in NetSuite)."""
    invoices = [i for i in services.ledger.list_invoices(company_id).items if i.origin is Origin.NETSUITE]
    ids = {
        i.number: netsuite_id_of(services.history, company_id, RecordKind.INVOICE, i.id or 0)
        for i in invoices
    }
    query = (
        f"SELECT t.id, t.foreignamountremaining FROM transaction t WHERE t.id IN ({', '.join(ids.values())})"
    )
    remaining = {row["id"]: Decimal(row["foreignamountremaining"]) for row in netsuite.rows(query)}
    both = {i.number: (i.balance.amount, remaining[ids[i.number]]) for i in invoices}
    return {number: pair for number, pair in both.items() if pair[0] != pair[1]}


@pytest.mark.parametrize("services", [timedelta(minutes=2)], indirect=True, ids=["2 minutes ahead"])
def test_a_payment_recorded_in_netsuite_after_the_import_counts_when_our_clock_runs_ahead(
    services: StoryServices, netsuite_sandbox: SandboxServer, netsuite: NetSuiteReader
) -> None:
    account = NetSuiteAccount.of(netsuite_sandbox)
    company = services.ledger.create_company("Ahead of NetSuite").company.id or 0
    connect_to_netsuite(services.connections, company, account)
    services.imports.import_now(company, SyncKind.INVOICE_IMPORT)
    crescent = next(c for c in services.ledger.list_customers(company).items if c.name == PAID_ON_INVOICED)
    invoice = next(i for i in services.ledger.list_invoices(company).items if i.customer_id == crescent.id)
    record_payment_in_netsuite(
        account,
        customer_netsuite_id=netsuite_id_of(services.history, company, RecordKind.CUSTOMER, crescent.id or 0),
        invoice_netsuite_id=netsuite_id_of(services.history, company, RecordKind.INVOICE, invoice.id or 0),
        amount=Decimal("400.00"),
        on=date.today(),
    )

    run = services.accounting_sync.sync_now(company)

    assert run.counts.get("payments_imported") == 1
    assert disagreeing(services, company, netsuite) == {}


@pytest.mark.parametrize("services", [timedelta(minutes=-2)], indirect=True, ids=["2 minutes behind"])
def test_payments_already_in_the_imported_balance_are_not_applied_again_when_our_clock_runs_behind(
    services: StoryServices, netsuite_sandbox: SandboxServer, netsuite: NetSuiteReader
) -> None:
    company = services.ledger.create_company("Behind NetSuite").company.id or 0
    connect_to_netsuite(services.connections, company, NetSuiteAccount.of(netsuite_sandbox))
    services.imports.import_now(company, SyncKind.INVOICE_IMPORT)

    run = services.accounting_sync.sync_now(company)

    assert run.counts.get("payments_imported") is None, "the seed's payments were in the imported balances"
    assert disagreeing(services, company, netsuite) == {}
