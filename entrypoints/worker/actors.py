"""The worker's actors: thin, taking ids, calling one use case, idempotent under redelivery.

Actors are declared on a broker by `declare_actors(broker, container)` (no broker at import), under the
names the job queue adapter sends to (adapters/queue). A message can arrive twice: the use cases leave a
finished run alone, and the email about a run goes out only from the delivery that finished it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dramatiq
import structlog
from dramatiq.broker import Broker

from adapters.queue import (
    NOTIFY_RUN_FINISHED,
    QUEUE_NAME,
    RETRY_SYNC_ERROR,
    RUN_ACCOUNTING_SYNC,
    RUN_IMPORT,
)
from entrypoints.container import Container

log = structlog.get_logger(__name__)

# A run that breaks on something unexpected (the database went away) is tried a few more times, soon;
# run-level NetSuite problems are not exceptions here: the use case records them on the run.
RUN_OPTIONS: dict[str, Any] = {
    "max_retries": 3,
    "min_backoff": 1_000,
    "max_backoff": 300_000,
    # Below the company lock's TTL (an hour), so a stuck sync is stopped before its lock lapses.
    "time_limit": 55 * 60 * 1000,
}
# A mail server outage is retried for about an hour before the email is given up.
NOTIFY_OPTIONS: dict[str, Any] = {"max_retries": 8, "min_backoff": 5_000, "max_backoff": 900_000}


@dataclass(frozen=True)
class WorkerActors:
    queue_name: str
    run_accounting_sync: dramatiq.Actor[Any, Any]
    run_import: dramatiq.Actor[Any, Any]
    retry_sync_error: dramatiq.Actor[Any, Any]
    notify_run_finished: dramatiq.Actor[Any, Any]


def declare_actors(broker: Broker, container: Container, queue_name: str = QUEUE_NAME) -> WorkerActors:
    """Declare (or re-declare) the actors on `broker`, calling the use cases of `container`."""

    def declare(fn: Any, name: str, options: dict[str, Any]) -> dramatiq.Actor[Any, Any]:
        actor: dramatiq.Actor[Any, Any] = dramatiq.actor(
            fn, actor_name=name, queue_name=queue_name, broker=broker, **options
        )
        return actor

    def notify_run_finished(company_id: int, run_id: int) -> None:
        with structlog.contextvars.bound_contextvars(company_id=company_id, run_id=run_id):
            container.run_notifications().run_finished(company_id, run_id)

    notify = declare(notify_run_finished, NOTIFY_RUN_FINISHED, NOTIFY_OPTIONS)

    def run_accounting_sync(company_id: int, run_id: int) -> None:
        with structlog.contextvars.bound_contextvars(company_id=company_id, run_id=run_id):
            if container.accounting_sync().run_accounting_sync(company_id, run_id):
                notify.send(company_id, run_id)

    def run_import(company_id: int, run_id: int) -> None:
        with structlog.contextvars.bound_contextvars(company_id=company_id, run_id=run_id):
            if container.imports().run_import(company_id, run_id):
                notify.send(company_id, run_id)

    def retry_sync_error(company_id: int, error_id: int) -> None:
        with structlog.contextvars.bound_contextvars(company_id=company_id, sync_error_id=error_id):
            container.sync_errors().retry(company_id, error_id)

    return WorkerActors(
        queue_name=queue_name,
        run_accounting_sync=declare(run_accounting_sync, RUN_ACCOUNTING_SYNC, RUN_OPTIONS),
        run_import=declare(run_import, RUN_IMPORT, RUN_OPTIONS),
        retry_sync_error=declare(retry_sync_error, RETRY_SYNC_ERROR, RUN_OPTIONS),
        notify_run_finished=notify,
    )
