"""A worker killed with SIGKILL in the middle of a sync, on PostgreSQL and Redis: its lock frees itself,
Redis hands its job to another worker, the run is finished there, and NetSuite ends up with every
invoice once, each linked. Lock and heartbeat lifetimes are shortened here to keep the test quick; the
defaults (60 s and 30 s) add up to a recovery well within two minutes."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from redis import Redis
from sqlalchemy import Engine

from adapters.netsuite import RestNetSuiteGatewayFactory, RetryPolicy
from adapters.security.secret_box import generate_key
from application.integration import ConnectRequest, SettingsChange
from application.ledger import LineInput
from application.ports import NetSuiteAccess
from domain.policies.external_ids import external_id_for
from domain.records import RecordKind
from domain.sync import SyncStatus, SyncTrigger
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings
from netsuite_sandbox import SandboxServer
from tests.integration.cluster.test_workers_and_scheduler import Cluster, _tool
from tests.integration.gateway.conftest import credentials_of
from tests.support.repositories import empty_postgres_tables

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.timeout(150),
]

INVOICES = 24
LOCK_TTL_SECONDS = 6
HEARTBEAT_TIMEOUT_SECONDS = 4
RECOVERY_BUDGET_SECONDS = 120


def test_default_lifetimes_recover_a_killed_workers_sync_within_two_minutes() -> None:
    defaults = Settings()
    # Worst case: the lock runs out, then the job waits for a silent worker to be declared dead, then
    # for the busy company's retry (at most a minute between tries).
    worst = defaults.company_lock_ttl_seconds + defaults.worker_heartbeat_timeout_seconds
    assert worst <= 90 < RECOVERY_BUDGET_SECONDS


@pytest.fixture
def slow_sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(account_id="TSTDRV7700088", seed="demo", concurrency=2, latency_ms=120).start()
    yield server
    server.stop()


@pytest.fixture
def redis_of_our_own(redis_url: str) -> Iterator[str]:
    base, _, _ = redis_url.rpartition("/")
    url = f"{base}/{1 + (os.getpid() + 7) % 14}"
    client = Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def settings(
    postgres_schema_url: str, postgres_engine: Engine, redis_of_our_own: str, tmp_path: Path
) -> Settings:
    empty_postgres_tables(postgres_engine)
    return Settings(
        database_url=postgres_schema_url,
        redis_url=redis_of_our_own,
        secret_key=generate_key(),
        data_dir=tmp_path / "data",
        company_lock_ttl_seconds=LOCK_TTL_SECONDS,
        worker_heartbeat_timeout_seconds=HEARTBEAT_TIMEOUT_SECONDS,
    )


@pytest.fixture
def container(settings: Settings) -> Iterator[Container]:
    built = build_container(settings)
    yield built
    built.shutdown_resources()


@pytest.fixture
def workers(settings: Settings, tmp_path: Path) -> Iterator[Cluster]:
    assert settings.secret_key is not None and settings.redis_url is not None
    env = {key: value for key, value in os.environ.items() if key not in ("SMTP_URL", "PUBLIC_URL")}
    env.update(
        DATABASE_URL=settings.database_url,
        REDIS_URL=settings.redis_url,
        DATA_DIR=str(settings.data_dir),
        SECRET_KEY=settings.secret_key.get_secret_value(),
        COMPANY_LOCK_TTL_SECONDS=str(LOCK_TTL_SECONDS),
        WORKER_HEARTBEAT_TIMEOUT_SECONDS=str(HEARTBEAT_TIMEOUT_SECONDS),
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
    )
    running = Cluster(env, tmp_path)
    try:
        yield running
    finally:
        running.stop()


def _wait_for(what: str, done: object, seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if done():  # type: ignore[operator]
            return time.monotonic() - started
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what} after {seconds} s")


def test_a_killed_workers_sync_is_finished_by_another_worker_with_nothing_lost_or_doubled(
    container: Container, workers: Cluster, slow_sandbox: SandboxServer
) -> None:
    ledger, connections = container.ledger(), container.netsuite_connections()
    company = ledger.create_company("Killed Worker Co").company
    assert company.id is not None
    company_id = company.id
    credentials = slow_sandbox.credentials
    connections.connect(
        ConnectRequest(
            company_id,
            slow_sandbox.account_id,
            credentials.consumer_key,
            credentials.consumer_secret,
            credentials.token_id,
            credentials.token_secret,
            base_url=slow_sandbox.base_url,
        )
    )
    connections.configure(company_id, SettingsChange(fallback_item_id="201", concurrency_limit=2))
    customer = ledger.create_customer(company_id, "Killed Worker Customer", currency="usd")
    invoices = [
        ledger.create_invoice(
            company_id,
            customer.id or 0,
            [LineInput("Consulting", Decimal("1"), Decimal("80"))],
            number=f"KW-{n}",
        )
        for n in range(INVOICES)
    ]
    dying = workers.start("dying", _tool("dramatiq"), "entrypoints.worker.main:setup", "-p", "1", "-t", "1")
    run = container.accounting_sync().request_sync(company_id, SyncTrigger.MANUAL)
    assert run.id is not None
    history = container.sync_history()

    def puts() -> int:
        by_endpoint = slow_sandbox.stats()["requests"]["by_endpoint"]
        return sum(sum(s.values()) for e, s in by_endpoint.items() if e.startswith("PUT /record/v1/invoice"))

    _wait_for("the first worker to be writing invoices", lambda: puts() >= 4, 60)
    os.killpg(dying.popen.pid, signal.SIGKILL)
    dying.popen.wait(timeout=10)
    killed_at = time.monotonic()
    assert history.run_details(company_id, run.id).run.status is SyncStatus.RUNNING  # left running
    workers.start("survivor", _tool("dramatiq"), "entrypoints.worker.main:setup", "-p", "1", "-t", "2")

    _wait_for(
        "another worker to finish the run",
        lambda: history.run_details(company_id, run.id or 0).run.status.finished,
        RECOVERY_BUDGET_SECONDS,
    )
    recovered_in = time.monotonic() - killed_at

    finished = history.run_details(company_id, run.id).run
    assert finished.status is SyncStatus.SUCCEEDED, finished.error
    assert recovered_in <= RECOVERY_BUDGET_SECONDS
    access = NetSuiteAccess(
        slow_sandbox.account_id, credentials_of(slow_sandbox), base_url=slow_sandbox.base_url
    )
    with RestNetSuiteGatewayFactory(retry=RetryPolicy(attempts=1))(access) as gateway:
        prefix = f"invd-{company_id}-inv-"
        rows = list(
            gateway.suiteql_rows(
                f"SELECT t.id, t.externalid FROM transaction t WHERE t.externalid LIKE '{prefix}%'"
            )
        )
    held = Counter(row["externalid"] for row in rows)
    assert set(held.values()) == {1} and len(held) == INVOICES  # none doubled, none lost
    ids = {row["externalid"]: row["id"] for row in rows}
    for invoice in invoices:
        status = history.record_status(company_id, RecordKind.INVOICE, invoice.id or 0)
        assert (
            status.netsuite_id
            == ids[external_id_for("invd", company_id, RecordKind.INVOICE, invoice.id or 0)]
        )
