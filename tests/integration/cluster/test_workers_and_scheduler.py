"""The production shape, for real: PostgreSQL, Redis, two `dramatiq` worker processes and two scheduler
processes started through their CLI entry points, and the NetSuite sandbox as a real HTTP server.

Twelve companies share one NetSuite account and are all due at once. Every due company is synced
exactly once per interval, no company runs two things at once (an import requested while its sync is
due waits for the company lock), a redelivered job does not run again, and the account never sees
more requests in flight than its concurrency limit: the budget is shared through Redis. Half the
companies log in with OAuth 2.0 client credentials, half with token-based auth: the account mints one
access token, shared by both workers through Redis, not one per worker."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from redis import Redis
from sqlalchemy import Engine

from adapters.queue import DramatiqJobQueue
from adapters.security.secret_box import generate_key
from application.integration import ConnectRequest, SettingsChange
from application.ledger import LineInput
from application.ports import UnitOfWorkFactory
from domain.integration import AuthMethod
from domain.sync import SyncKind, SyncRun, SyncStatus, SyncTrigger
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings
from netsuite_sandbox import SandboxServer
from tests.support.oauth2 import certificate_pem, private_key, private_key_pem
from tests.support.repositories import empty_postgres_tables

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.timeout(150),
]

COMPANIES = 12
INVOICES_PER_COMPANY = 4
LIMIT = 3  # the account's concurrency limit: the sandbox enforces it, every connection is told it
WORKERS = 2
THREADS = 4
SCHEDULERS = 2
WAIT_SECONDS = 45
REPO = Path(__file__).resolve().parents[3]


def _tool(name: str) -> str:
    """A console script of this virtualenv (the real entry points, as an operator runs them)."""
    script = Path(sys.executable).with_name(name)
    if not script.exists():
        pytest.fail(f"{script} is missing: install the project (pip install -e '.[dev]').")
    return str(script)


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class Cluster:
    """Processes of our own, each in its own session so stopping one stops its children too."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self._env = env
        self._logs = logs
        self.processes: list[Process] = []

    def start(self, name: str, *command: str) -> Process:
        log = self._logs / f"{name}.log"
        with log.open("wb") as sink:
            popen = subprocess.Popen(
                command,
                cwd=REPO,
                env=self._env,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def assert_running(self) -> None:
        for process in self.processes:
            if process.popen.poll() is not None:
                pytest.fail(
                    f"{process.name} exited with {process.popen.returncode}:\n{process.output()[-3000:]}"
                )

    def stop(self) -> None:
        for process in self.processes:
            if process.popen.poll() is None:
                os.killpg(process.popen.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes:
            try:
                process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.popen.pid, signal.SIGKILL)
                process.popen.wait(timeout=5)

    def logged_events(self, name: str, event: str) -> list[dict[str, object]]:
        """The JSON log lines of one process that carry this event."""
        found = []
        for process in self.processes:
            if process.name != name:
                continue
            for line in process.output().splitlines():
                if event in line and line.lstrip().startswith("{"):
                    try:
                        found.append(json.loads(line))
                    except json.JSONDecodeError:
                        continue
        return found


KEY = private_key("P-256")


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer(
        account_id="TSTDRV7700077",
        seed="demo",
        concurrency=LIMIT,
        latency_ms=25,
        certificates=[(certificate_pem(KEY), None)],
    ).start()
    yield server
    server.stop()


@pytest.fixture
def cluster_redis_url(redis_url: str) -> Iterator[str]:
    """A Redis database of this test session's own (by process id): the cluster's queue, locks and
    NetSuite budget stay clear of other test sessions on the same server, and of their flushes."""
    base, _, _ = redis_url.rpartition("/")
    url = f"{base}/{1 + os.getpid() % 14}"
    client = Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def settings(
    postgres_schema_url: str, postgres_engine: Engine, cluster_redis_url: str, tmp_path: Path
) -> Settings:
    empty_postgres_tables(postgres_engine)
    return Settings(
        database_url=postgres_schema_url,
        redis_url=cluster_redis_url,
        secret_key=generate_key(),
        data_dir=tmp_path / "data",
        log_format="json",
        log_level="INFO",
    )


@pytest.fixture
def container(settings: Settings) -> Iterator[Container]:
    built = build_container(settings)
    yield built
    built.shutdown_resources()


@pytest.fixture
def cluster(settings: Settings, tmp_path: Path) -> Iterator[Cluster]:
    assert settings.secret_key is not None and settings.redis_url is not None
    env = {key: value for key, value in os.environ.items() if key not in ("SMTP_URL", "PUBLIC_URL")}
    env.update(
        DATABASE_URL=settings.database_url,
        REDIS_URL=settings.redis_url,
        DATA_DIR=str(settings.data_dir),
        SECRET_KEY=settings.secret_key.get_secret_value(),
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
    )
    running = Cluster(env, tmp_path)
    try:
        yield running
    finally:
        running.stop()


def _connected_companies(container: Container, sandbox: SandboxServer) -> list[int]:
    """Companies on one NetSuite account, each with Invoiced invoices waiting to be written to it."""
    ledger, connections = container.ledger(), container.netsuite_connections()
    credentials = sandbox.credentials
    companies = []
    for n in range(1, COMPANIES + 1):
        company = ledger.create_company(f"Cluster Company {n}").company
        assert company.id is not None
        if n % 2:
            request = ConnectRequest(
                company.id,
                sandbox.account_id,
                credentials.consumer_key,
                credentials.consumer_secret,
                credentials.token_id,
                credentials.token_secret,
                base_url=sandbox.base_url,
            )
        else:
            request = ConnectRequest(
                company.id,
                sandbox.account_id,
                base_url=sandbox.base_url,
                auth=AuthMethod.OAUTH2,
                client_id=sandbox.oauth2.client_id,
                certificate_id=sandbox.certificate_ids[0],
                private_key=private_key_pem(KEY),
            )
        connections.connect(request)
        connections.configure(company.id, SettingsChange(fallback_item_id="201", concurrency_limit=LIMIT))
        customer = ledger.create_customer(company.id, f"Cluster Customer {n}", currency="usd")
        assert customer.id is not None
        for i in range(1, INVOICES_PER_COMPANY + 1):
            # Numbers of their own: the companies share one NetSuite account and see each other's.
            line = LineInput("Consulting", Decimal("1"), Decimal("250.00"))
            ledger.create_invoice(company.id, customer.id, [line], number=f"CC{n:02d}-{i}")
        companies.append(company.id)
    return companies


def _make_due(uow: UnitOfWorkFactory, companies: list[int], container: Container) -> None:
    """Bring every company's next auto-sync to now (as an hour passing would)."""
    now = container.clock().now()
    with uow() as work:
        for company_id in companies:
            connection = work.connections.get(company_id)
            assert connection is not None
            connection.next_sync_at = now - timedelta(seconds=1)
            work.connections.save(connection)
        work.commit()


def _runs(uow: UnitOfWorkFactory, company_id: int) -> list[SyncRun]:
    with uow() as work:
        return work.sync_runs.recent(company_id, limit=100)


def _auto_syncs(runs: list[SyncRun]) -> list[SyncRun]:
    return [r for r in runs if r.kind is SyncKind.ACCOUNTING_SYNC and r.trigger is SyncTrigger.AUTO]


def _problems(uow: UnitOfWorkFactory, company_id: int, runs: list[SyncRun]) -> str:
    with uow() as work:
        errors = work.sync_errors.list(company_id)
    described = [f"{r.kind.value} {r.status.value} {r.error or ''} {r.counts}" for r in runs]
    return "\n".join(described + [f"{e.record_label}: {e.message} ({e.code})" for e in errors])


def _wait_until(cluster: Cluster, what: str, done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        cluster.assert_running()
        if done():
            return
        time.sleep(0.25)
    pytest.fail(f"Timed out after {WAIT_SECONDS} s waiting for {what}.")


def test_due_companies_sync_once_per_interval_one_at_a_time_within_the_netsuite_limit(
    container: Container, cluster: Cluster, sandbox: SandboxServer
) -> None:
    uow: UnitOfWorkFactory = container.uow()
    companies = _connected_companies(container, sandbox)
    _make_due(uow, companies, container)
    requests_before = sandbox.stats()["requests"]["by_endpoint"]

    for n in range(1, WORKERS + 1):
        cluster.start(
            f"worker-{n}",
            _tool("dramatiq"),
            "entrypoints.worker.main:setup",
            "--skip-logging",
            "--processes",
            "1",
            "--threads",
            str(THREADS),
        )
    _wait_until(
        cluster,
        "both worker processes to be ready",
        lambda: all(
            cluster.logged_events(f"worker-{n}", "worker_process_ready") for n in range(1, WORKERS + 1)
        ),
    )
    for n in range(1, SCHEDULERS + 1):
        cluster.start(f"scheduler-{n}", _tool("invoiced-netsuite"), "scheduler", "--tick-seconds", "0.5")

    # Interval one: every company's auto-sync runs.
    def each_synced(times: int) -> Callable[[], bool]:
        def check() -> bool:
            return all(
                len([r for r in _auto_syncs(_runs(uow, c)) if r.status.finished]) >= times for c in companies
            )

        return check

    _wait_until(cluster, "the first auto-sync of every company", each_synced(1))
    first_runs = {c: _auto_syncs(_runs(uow, c)) for c in companies}

    # The broker delivers every finished run's job once more: none of them runs again.
    queue = DramatiqJobQueue(container.broker())
    for company_id, runs in first_runs.items():
        for run in runs:
            queue.enqueue_sync(company_id, run.id or 0)

    # Interval two: due again, and each company also asks for an invoice import at the same moment.
    imports = container.netsuite_imports()
    _make_due(uow, companies, container)
    for company_id in companies:
        imports.request_import(company_id, SyncKind.INVOICE_IMPORT, SyncTrigger.MANUAL)

    def all_done() -> bool:
        return each_synced(2)() and all(
            any(r.kind is SyncKind.INVOICE_IMPORT and r.status.finished for r in _runs(uow, c))
            for c in companies
        )

    _wait_until(cluster, "the second auto-sync and the import of every company", all_done)
    time.sleep(2.0)  # a few more scheduler ticks: nothing else may be queued
    cluster.assert_running()

    for company_id in companies:
        runs = _runs(uow, company_id)
        auto = _auto_syncs(runs)
        assert len(auto) == 2, f"company {company_id} had {len(auto)} auto-syncs: {auto}"
        assert [r.kind for r in runs if r.trigger is not SyncTrigger.AUTO] == [SyncKind.INVOICE_IMPORT]
        assert all(r.status is SyncStatus.SUCCEEDED for r in runs), _problems(uow, company_id, runs)
        # Redelivered jobs left the first interval's run as it was.
        [first] = first_runs[company_id]
        assert next(r for r in auto if r.id == first.id).finished_at == first.finished_at
        # One thing at a time per company: the import waited for the sync, or the other way round.
        spans = sorted((r.started_at, r.finished_at) for r in runs)
        for (_, finished), (started, _) in itertools.pairwise(spans):
            assert finished is not None and started is not None
            assert finished <= started, f"company {company_id} ran two things at once: {spans}"

    stats = sandbox.stats()
    assert stats["highest_concurrency_demanded"] <= LIMIT  # what every worker together asked for
    assert "429" not in stats["requests"]["by_status"], stats["requests"]  # never over the limit
    by_endpoint = stats["requests"]["by_endpoint"]
    written = by_endpoint.get("PUT /record/v1/invoice/eid:{externalId}", {})
    before = requests_before.get("PUT /record/v1/invoice/eid:{externalId}", {})
    # Each invoice written exactly once: no company's sync ran twice, however often its job came.
    assert sum(written.values()) - sum(before.values()) == COMPANIES * INVOICES_PER_COMPANY
    # Both methods were used, and the OAuth 2.0 companies of the account shared one token across workers
    # (minted when the first of them connected, kept in Redis).
    assert stats["requests_by_auth"]["tba"] > 0 and stats["requests_by_auth"]["bearer"] > 0
    assert stats["oauth2_tokens_issued"] == 1, stats["requests"]["by_endpoint"].get(
        "POST /auth/oauth2/v1/token"
    )
    # Both worker processes took part.
    for n in range(1, WORKERS + 1):
        assert cluster.logged_events(f"worker-{n}", "accounting_sync_job_done"), f"worker-{n} did no sync"
