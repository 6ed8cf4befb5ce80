"""Efficiency is counted at the NetSuite sandbox: requests by endpoint and the highest number in flight.

Each test gets the production object graph (real HTTP gateway, SQLite) and a company connected to the
session's sandbox, reset to the seed the test names (`bulk:N` for N customers with an open invoice each).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers

from adapters.netsuite import RestNetSuiteGatewayFactory, SuiteQLPaging
from application.integration import SettingsChange
from application.ledger import ApplicationInput, LineInput
from domain.invoice import Invoice
from entrypoints.cli.demo import NetSuiteAccount, StoryServices, connect_to_netsuite
from entrypoints.container import build_container, prepare_database
from entrypoints.settings import Settings
from netsuite_sandbox import SandboxServer


@dataclass(frozen=True)
class Requests:
    """What the sandbox saw while a block ran."""

    total: int
    by_endpoint: dict[str, dict[str, int]]
    highest_concurrency: int

    def count(self, endpoint: str) -> int:
        return sum(self.by_endpoint.get(endpoint, {}).values())

    @property
    def suiteql(self) -> int:
        return self.count("POST /query/v1/suiteql")

    @property
    def refused(self) -> int:
        """Answers other than 2xx (429 CONCURRENCY_LIMIT_EXCEEDED above all)."""
        return sum(
            n for statuses in self.by_endpoint.values() for status, n in statuses.items() if status[0] != "2"
        )

    @property
    def record_reads(self) -> int:
        """GETs of single records: what a reader doing one request per record would make."""
        return sum(sum(s.values()) for e, s in self.by_endpoint.items() if e.startswith("GET /record/"))


def counting(server: SandboxServer, action: Callable[[], Any]) -> tuple[Any, Requests]:
    """Run `action` with the sandbox's counters reset; return its result and what NetSuite saw."""
    server.request_stats.clear()
    server.gate.reset_highest()
    result = action()
    stats = server.stats()
    return result, Requests(
        stats["requests"]["total"], stats["requests"]["by_endpoint"], stats["highest_concurrency"]
    )


@dataclass
class Connected:
    """A company connected to the sandbox, and what the tests do with it."""

    services: StoryServices
    server: SandboxServer
    company_id: int
    container: Any = None  # the production object graph, for use cases StoryServices leaves out

    def configure(self, **settings: Any) -> None:
        self.services.connections.configure(self.company_id, SettingsChange(**settings))

    def issue_invoices(self, count: int, *, customers: int | None = None) -> list[Invoice]:
        """`count` invoices on Invoiced spread over `customers` customers (new ones by default)."""
        ledger = self.services.ledger
        pool = [
            ledger.create_customer(self.company_id, f"Invoiced Customer {n:04d}", currency="usd")
            for n in range(customers or count)
        ]
        return [
            ledger.create_invoice(
                self.company_id,
                pool[n % len(pool)].id or 0,
                [LineInput("Consulting", Decimal("3"), Decimal("125.50"))],
            )
            for n in range(count)
        ]

    def take_payments(self, invoices: list[Invoice], amount: str = "100.00") -> None:
        for invoice in invoices:
            assert invoice.id is not None
            self.services.ledger.record_payment(
                self.company_id, applied_to=[ApplicationInput(invoice.id, Decimal(amount))]
            )


@pytest.fixture
def suiteql_page_size() -> int | None:
    """Rows per SuiteQL page (None: NetSuite's 1000). A test may parametrize it smaller, so a few
    hundred records span many pages."""
    return None


@pytest.fixture
def connected(
    netsuite_sandbox: SandboxServer, tmp_path: Path, suiteql_page_size: int | None
) -> Iterator[Connected]:
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'ledger.db'}")
    prepare_database(settings)
    container = build_container(settings)
    if suiteql_page_size is not None:
        container.netsuite_gateways.override(
            providers.Singleton(RestNetSuiteGatewayFactory, paging=SuiteQLPaging(page_size=suiteql_page_size))
        )
    services = StoryServices.of(container)
    company = services.ledger.create_company("Efficient Co").company
    assert company.id is not None
    connect_to_netsuite(services.connections, company.id, NetSuiteAccount.of(netsuite_sandbox))
    yield Connected(services, netsuite_sandbox, company.id, container)
    container.shutdown_resources()
