"""The actors on the in-memory broker, over the integration's use cases on memory adapters: each job
runs its use case once, however often it is delivered, and the email goes out once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from dependency_injector import providers

from adapters.memory import InMemoryNotifier
from adapters.queue import RUN_ACCOUNTING_SYNC, DramatiqJobQueue
from domain.records import RecordKind
from domain.sync import SyncKind, SyncStatus, SyncTrigger
from entrypoints.container import Container
from entrypoints.worker.embedded import EmbeddedWorker, start_embedded_worker
from tests.application.integration.world import World


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def wired(container: Container, world: World) -> Container:
    """The worker's container on the world's memory adapters (the broker stays Dramatiq's stub)."""
    container.uow.override(providers.Object(world.store))
    container.netsuite_gateways.override(providers.Object(world.gateways))
    container.secret_box.override(providers.Object(world.secrets))
    container.clock.override(providers.Object(world.clock))
    container.company_locks.override(providers.Object(world.locks))
    return container


@pytest.fixture
def worker(wired: Container) -> Iterator[EmbeddedWorker]:
    running = start_embedded_worker(wired)
    yield running
    running.stop()


def _queue(container: Container) -> DramatiqJobQueue:
    queue: DramatiqJobQueue = container.job_queue()
    return queue


def _open_netsuite_invoices(world: World, how_many: int) -> None:
    customer = world.netsuite.add_customer("Globex Ltd")
    for n in range(how_many):
        world.netsuite.add_invoice(customer.internal_id, f"NS-{n + 1}", amount=Decimal("120.00"))


def test_a_requested_sync_is_run_by_the_worker(
    wired: Container, world: World, worker: EmbeddedWorker
) -> None:
    company_id = world.connected_company()
    _open_netsuite_invoices(world, 2)

    run = wired.accounting_sync().request_sync(company_id, SyncTrigger.MANUAL)
    worker.join(timeout=10)

    assert run.id is not None
    finished = world.history.run_details(company_id, run.id).run
    assert finished.status is SyncStatus.SUCCEEDED
    assert finished.counts["invoices_imported"] == 2


def test_a_redelivered_sync_runs_once_and_emails_once(
    wired: Container, world: World, worker: EmbeddedWorker, notifier: InMemoryNotifier
) -> None:
    company_id = world.connected_company()
    run = wired.accounting_sync().request_sync(company_id, SyncTrigger.MANUAL, enqueue=False)
    assert run.id is not None
    world.netsuite.fail_auth()  # the sync fails, which is worth an email

    _queue(wired).enqueue_sync(company_id, run.id)
    worker.join(timeout=10)
    requests_after_first = world.netsuite.request_count
    world.clock.advance(minutes=5)
    _queue(wired).enqueue_sync(company_id, run.id)  # the broker delivers the same job again
    worker.join(timeout=10)

    assert world.history.run_details(company_id, run.id).run.status is SyncStatus.FAILED
    assert world.netsuite.request_count == requests_after_first  # nothing was run again
    assert [m.subject for m in notifier.sent] == ["The NetSuite accounting sync failed"]


def test_a_background_import_emails_its_results_with_a_link(
    wired: Container, world: World, worker: EmbeddedWorker, notifier: InMemoryNotifier
) -> None:
    company_id = world.connected_company()
    _open_netsuite_invoices(world, 3)

    run = wired.netsuite_imports().request_import(company_id, SyncKind.INVOICE_IMPORT)
    worker.join(timeout=10)
    world.clock.advance(minutes=1)
    assert run.id is not None
    _queue(wired).enqueue_import(company_id, run.id)  # redelivered: no second email
    worker.join(timeout=10)

    [email] = notifier.sent
    assert email.to == "finance@acme.test"
    assert email.subject == "Your import of invoices from NetSuite finished"
    assert "Imported: 4\n" in email.text  # three invoices and their customer
    assert f"https://ar.example.test/dashboard/imports/{run.id}" in email.text


def test_a_job_for_a_busy_company_waits_its_turn(
    wired: Container, world: World, worker: EmbeddedWorker
) -> None:
    company_id = world.connected_company()
    run = wired.accounting_sync().request_sync(company_id, SyncTrigger.MANUAL, enqueue=False)
    assert run.id is not None

    with world.locks.hold(company_id) as held:  # another run of this company is under way
        assert held
        _queue(wired).enqueue_sync(company_id, run.id)
        time.sleep(0.3)  # delivered, and refused the lock
        assert world.history.run_details(company_id, run.id).run.status is SyncStatus.QUEUED
    worker.join(timeout=15)  # the retry comes after a short backoff

    assert world.history.run_details(company_id, run.id).run.status is SyncStatus.SUCCEEDED


def test_retrying_a_sync_error_runs_the_retry_in_the_worker(
    wired: Container, world: World, worker: EmbeddedWorker
) -> None:
    company_id = world.connected_company()
    customer = world.customer(company_id, "Initech")
    invoice = world.invoice(company_id, customer.id or 0, "INV-1")
    world.netsuite.reject(f"invd-{company_id}-inv-{invoice.id}", "Invalid field value", "INVALID_FLD_VALUE")
    world.run_sync(company_id)
    [error] = world.errors(company_id)
    world.netsuite.stop_rejecting(f"invd-{company_id}-inv-{invoice.id}")

    wired.sync_errors().request_retry(company_id, error.id or 0)
    worker.join(timeout=10)

    assert world.errors(company_id) == []
    assert world.link(company_id, RecordKind.INVOICE, invoice.id) is not None


def test_the_actor_names_are_the_ones_the_job_queue_sends_to(worker: EmbeddedWorker) -> None:
    assert worker.actors.run_accounting_sync.actor_name == RUN_ACCOUNTING_SYNC
    assert worker.actors.run_accounting_sync.options["time_limit"] < timedelta(hours=1).total_seconds() * 1000
