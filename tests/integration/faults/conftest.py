"""The fault suite's world: the production object graph (real HTTP gateway, SQLite ledger) and a company
connected to the session's NetSuite sandbox, which injects the faults. What counts is what NetSuite
holds at the end: `NetSuiteSide` reads it back with faults off, through SuiteQL, as an auditor would."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from dependency_injector import providers

from adapters.netsuite import RestNetSuiteGateway, RestNetSuiteGatewayFactory, RetryPolicy
from adapters.netsuite.batch_writes import BatchPolling
from application.ledger import ApplicationInput, LineInput
from application.ports import NetSuiteAccess
from domain.invoice import Invoice
from domain.payment import Payment
from domain.policies.external_ids import external_id_for
from domain.records import RecordKind
from domain.sync import SyncRun, SyncStatus
from entrypoints.cli.demo import NetSuiteAccount, StoryServices, connect_to_netsuite
from entrypoints.container import build_container, prepare_database
from entrypoints.settings import Settings
from netsuite_sandbox import SandboxServer
from tests.integration.gateway.conftest import credentials_of

# The production policy's shape (ten tries, jittered doubling waits) with waits of milliseconds: now and
# then a record meets a longer 429 burst than its tries cover, gets an error and goes on the next sync.
QUICK_RETRY = RetryPolicy(attempts=10, max_elapsed=60.0, first_wait=0.01, max_wait=0.1, max_retry_after=0.1)
QUICK_POLLING = BatchPolling(first_wait=0.02, max_wait=0.2, timeout=30.0)
TRANSACTION_TYPES = {RecordKind.INVOICE: "CustInvc", RecordKind.PAYMENT: "CustPymt"}


@dataclass
class Faulty:
    """A company on Invoiced connected to a sandbox that misbehaves on demand."""

    services: StoryServices
    server: SandboxServer
    company_id: int
    runs: list[SyncRun]

    def issue_invoices(self, count: int) -> list[Invoice]:
        ledger = self.services.ledger
        customers = [ledger.create_customer(self.company_id, f"Faulty Customer {n:03d}") for n in range(10)]
        return [
            ledger.create_invoice(
                self.company_id,
                customers[n % len(customers)].id or 0,
                [LineInput("Consulting", Decimal("2"), Decimal("75.25"))],
            )
            for n in range(count)
        ]

    def take_payments(self, invoices: list[Invoice]) -> list[Payment]:
        return [
            self.services.ledger.record_payment(
                self.company_id, applied_to=[ApplicationInput(i.id or 0, Decimal("50.00"))]
            )
            for i in invoices
        ]

    def sync(self) -> SyncRun:
        run = self.services.accounting_sync.sync_now(self.company_id)
        self.runs.append(run)
        return run

    def sync_until_settled(self, most: int = 3) -> list[SyncRun]:
        """Sync again while the last run left records with errors, as auto-sync would each hour."""
        runs = [self.sync()]
        while runs[-1].status is SyncStatus.PARTIAL and len(runs) < most:
            runs.append(self.sync())
        return runs

    def external_id(self, kind: RecordKind, local_id: int | None) -> str:
        return external_id_for("invd", self.company_id, kind, local_id or 0)

    def linked_to(self, kind: RecordKind, local_id: int | None) -> str | None:
        return self.services.history.record_status(self.company_id, kind, local_id or 0).netsuite_id


class NetSuiteSide:
    """What the sandbox holds, read back over SuiteQL with its faults switched off."""

    def __init__(self, faulty: Faulty) -> None:
        faulty.server.restore_defaults()
        factory = RestNetSuiteGatewayFactory(retry=RetryPolicy(attempts=1), timeout=(5.0, 30.0))
        self._gateway: RestNetSuiteGateway = factory(
            NetSuiteAccess(
                account_id=faulty.server.account_id,
                credentials=credentials_of(faulty.server),
                base_url=faulty.server.base_url,
            )
        )
        self._faulty = faulty

    def close(self) -> None:
        self._gateway.close()

    def ours(self, kind: RecordKind) -> Counter[str]:
        """How many records of this kind carry each of our external ids."""
        prefix = f"invd-{self._faulty.company_id}-"
        query = (
            f"SELECT t.id, t.externalid FROM transaction t WHERE t.type = '{TRANSACTION_TYPES[kind]}' "
            f"AND t.externalid LIKE '{prefix}%'"
        )
        return Counter(row["externalid"] for row in self._gateway.suiteql_rows(query))

    def ids(self, kind: RecordKind) -> dict[str, str]:
        query = f"SELECT t.id, t.externalid FROM transaction t WHERE t.type = '{TRANSACTION_TYPES[kind]}'"
        return {
            row["externalid"]: row["id"] for row in self._gateway.suiteql_rows(query) if "externalid" in row
        }

    def agrees(self, kind: RecordKind, kept: list[int], voided: list[int] = ()) -> None:  # type: ignore[assignment]
        """0 duplicates, 0 lost, 0 ghosts, and every record kept is linked to its own NetSuite twin."""
        held = self.ours(kind)
        assert [eid for eid, n in held.items() if n > 1] == [], "duplicates in NetSuite"
        wanted = {self._faulty.external_id(kind, i) for i in kept}
        assert sorted(wanted - set(held)) == [], "lost: never reached NetSuite"
        assert sorted(set(held) - wanted) == [], "ghosts: in NetSuite though voided or never ours"
        ids = self.ids(kind)
        unlinked = [
            i for i in kept if self._faulty.linked_to(kind, i) != ids[self._faulty.external_id(kind, i)]
        ]
        assert unlinked == [], "records not linked to their NetSuite twin"
        for local_id in voided:
            assert self._faulty.external_id(kind, local_id) not in held


@pytest.fixture
def faulty(
    request: pytest.FixtureRequest, netsuite_sandbox: SandboxServer, tmp_path: Path
) -> Iterator[Faulty]:
    """Synchronous writes; parametrize indirectly with "batch" for asynchronous batch writes."""
    write_mode = getattr(request, "param", "sync")
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'ledger.db'}")
    prepare_database(settings)
    container = build_container(settings)
    container.netsuite_gateways.override(
        providers.Singleton(
            RestNetSuiteGatewayFactory,
            retry=QUICK_RETRY,
            timeout=(5.0, 30.0),
            write_mode=write_mode,
            batch_polling=QUICK_POLLING,
        )
    )
    services = StoryServices.of(container)
    company = services.ledger.create_company("Faulty Co").company
    assert company.id is not None
    connect_to_netsuite(services.connections, company.id, NetSuiteAccount.of(netsuite_sandbox))
    yield Faulty(services, netsuite_sandbox, company.id, [])
    container.shutdown_resources()


@pytest.fixture
def netsuite_side(faulty: Faulty) -> Iterator[Callable[[], NetSuiteSide]]:
    opened: list[NetSuiteSide] = []

    def open_side() -> NetSuiteSide:
        side = NetSuiteSide(faulty)
        opened.append(side)
        return side

    yield open_side
    for side in opened:
        side.close()


def failed_whole(runs: list[SyncRun]) -> list[str]:
    return [run.error or "" for run in runs if run.status is SyncStatus.FAILED]
