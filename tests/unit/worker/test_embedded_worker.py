"""The embedded worker works the in-memory queue in this process; the setup does the same per process."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import dramatiq
from dramatiq.brokers.stub import StubBroker

from adapters.memory import InMemoryNotifier, InMemoryStore
from adapters.queue import NOTIFY_RUN_FINISHED, RETRY_SYNC_ERROR, RUN_ACCOUNTING_SYNC, RUN_IMPORT
from domain.company import Company
from domain.sync import SyncKind, SyncRun, SyncTrigger
from entrypoints.container import Container
from entrypoints.settings import Settings
from entrypoints.worker.embedded import start_embedded_worker
from entrypoints.worker.main import setup

T0 = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def _finished_import(store: InMemoryStore) -> tuple[int, int]:
    with store() as uow:
        company = uow.companies.add(Company(name="Acme", created_at=T0, email="ar@acme.test"))
        assert company.id is not None
        run = SyncRun(company.id, SyncKind.CUSTOMER_IMPORT, SyncTrigger.MANUAL, queued_at=T0)
        run.start(T0)
        run.count("customers_imported", 4)
        run.finish(T0)
        uow.sync_runs.add(run)
        uow.commit()
    assert run.id is not None
    return company.id, run.id


def test_a_queued_email_is_sent_by_the_embedded_worker(
    container: Container, store: InMemoryStore, notifier: InMemoryNotifier
) -> None:
    company_id, run_id = _finished_import(store)
    worker = start_embedded_worker(container)
    try:
        container.job_queue().enqueue_run_notification(company_id, run_id)
        worker.join(timeout=10)
    finally:
        worker.stop()

    [sent] = notifier.sent
    assert sent.to == "ar@acme.test"
    assert f"https://ar.example.test/dashboard/imports/{run_id}" in sent.text


def test_the_embedded_worker_consumes_the_broker_the_job_queue_sends_to(container: Container) -> None:
    worker = start_embedded_worker(container)
    try:
        assert worker.broker is container.job_queue().broker
        assert isinstance(worker.broker, StubBroker)
        assert set(worker.broker.get_declared_actors()) == {
            RUN_ACCOUNTING_SYNC,
            RUN_IMPORT,
            RETRY_SYNC_ERROR,
            NOTIFY_RUN_FINISHED,
        }
    finally:
        worker.stop()
        worker.stop()  # twice is harmless


def test_a_worker_process_setup_makes_its_broker_global_before_declaring_the_actors(tmp_path: Path) -> None:
    actors = setup(Settings(data_dir=tmp_path))

    broker = dramatiq.get_broker()
    assert actors.run_accounting_sync.broker is broker
    assert broker.get_actor(RUN_IMPORT) is actors.run_import
