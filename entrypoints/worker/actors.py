"""The worker's actors: thin, taking ids, calling one use case, idempotent under redelivery.

Actors are declared on a broker by `declare_actors(broker, container)` (no broker at import), under the
names the job queue adapter sends to (adapters/queue). A message can arrive twice: the use cases leave a
finished run alone, and the email about a run goes out only from the delivery that finished it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import dramatiq
import structlog
from dramatiq.broker import Broker
from dramatiq.threading import Interrupt

from adapters.queue import (
    NOTIFY_RUN_FINISHED,
    QUEUE_NAME,
    RETRY_SYNC_ERROR,
    RUN_ACCOUNTING_SYNC,
    RUN_IMPORT,
)
from application.integration.errors import SyncBusy
from domain.sync import SyncRun
from entrypoints.container import Container

log = structlog.get_logger(__name__)

# Something unexpected (the database went away) is tried a few more times; run-level NetSuite problems
# are not exceptions here, the use case records them on the run.
UNEXPECTED_FAILURE_RETRIES = 3
# While another run of the company holds its lock, the job waits its turn: backoff doubles up to a
# minute, about an hour and a half in all (longer than the lock's TTL).
BUSY_RETRIES = 100

RUN_OPTIONS: dict[str, Any] = {
    "min_backoff": 1_000,
    "max_backoff": 60_000,
    # Below the company lock's TTL (an hour), so a stuck sync is stopped before its lock lapses.
    "time_limit": 55 * 60 * 1000,
}
# A mail server outage is retried for about an hour before the email is given up.
NOTIFY_OPTIONS: dict[str, Any] = {"max_retries": 8, "min_backoff": 5_000, "max_backoff": 900_000}


def should_retry(retries: int, error: BaseException) -> bool:
    """Dramatiq's retry_when: wait for a busy company; never repeat a run that hit its time limit."""
    if isinstance(error, dramatiq.Retry):
        return retries < BUSY_RETRIES
    if isinstance(error, Interrupt):
        return False
    return retries < UNEXPECTED_FAILURE_RETRIES


@contextmanager
def waiting_for_a_busy_company() -> Iterator[None]:
    """SyncBusy (another run holds the company's lock) becomes a quiet retry, not an error."""
    try:
        yield
    except SyncBusy as busy:
        log.info("company_busy_retry_later", reason=str(busy))
        raise dramatiq.Retry(str(busy)) from None


def finished_by_this_delivery(run: SyncRun, delivered_at: datetime) -> bool:
    """True when the run ended during this delivery, not before it (a redelivered finished run)."""
    return run.status.finished and run.finished_at is not None and run.finished_at >= delivered_at


@dataclass(frozen=True)
class WorkerActors:
    queue_name: str
    run_accounting_sync: dramatiq.Actor[Any, Any]
    run_import: dramatiq.Actor[Any, Any]
    retry_sync_error: dramatiq.Actor[Any, Any]
    notify_run_finished: dramatiq.Actor[Any, Any]


def declare_actors(broker: Broker, container: Container, queue_name: str = QUEUE_NAME) -> WorkerActors:
    """Declare (or re-declare) the actors on `broker`, calling the use cases of `container`."""

    def declare(fn: Callable[..., None], name: str, options: dict[str, Any]) -> dramatiq.Actor[Any, Any]:
        actor: dramatiq.Actor[Any, Any] = dramatiq.actor(
            fn, actor_name=name, queue_name=queue_name, broker=broker, **options
        )
        return actor

    def notify_run_finished(company_id: int, run_id: int) -> None:
        with structlog.contextvars.bound_contextvars(company_id=company_id, run_id=run_id):
            container.run_notifications().run_finished(company_id, run_id)

    notify = declare(notify_run_finished, NOTIFY_RUN_FINISHED, NOTIFY_OPTIONS)
    run_options = {**RUN_OPTIONS, "retry_when": should_retry}

    def run_accounting_sync(company_id: int, run_id: int) -> None:
        with structlog.contextvars.bound_contextvars(company_id=company_id, run_id=run_id):
            delivered_at = container.clock().now()
            with waiting_for_a_busy_company():
                run = container.accounting_sync().run_accounting_sync(company_id, run_id)
            log.info("accounting_sync_job_done", status=run.status.value, error_count=run.error_count)
            if finished_by_this_delivery(run, delivered_at):
                notify.send(company_id, run_id)

    def run_import(company_id: int, run_id: int) -> None:
        with structlog.contextvars.bound_contextvars(company_id=company_id, run_id=run_id):
            delivered_at = container.clock().now()
            with waiting_for_a_busy_company():
                run = container.netsuite_imports().run_import(company_id, run_id)
            log.info("import_job_done", kind=run.kind.value, status=run.status.value, counts=run.counts)
            if finished_by_this_delivery(run, delivered_at):
                notify.send(company_id, run_id)

    def retry_sync_error(company_id: int, error_id: int) -> None:
        with (
            structlog.contextvars.bound_contextvars(company_id=company_id, sync_error_id=error_id),
            waiting_for_a_busy_company(),
        ):
            container.sync_errors().retry(company_id, error_id)

    return WorkerActors(
        queue_name=queue_name,
        run_accounting_sync=declare(run_accounting_sync, RUN_ACCOUNTING_SYNC, run_options),
        run_import=declare(run_import, RUN_IMPORT, run_options),
        retry_sync_error=declare(retry_sync_error, RETRY_SYNC_ERROR, run_options),
        notify_run_finished=notify,
    )
