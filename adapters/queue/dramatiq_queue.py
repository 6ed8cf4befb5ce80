"""The JobQueue port on Dramatiq: sends messages to the worker actors by name, so this adapter needs the
broker only, never the actors (they live in entrypoints/worker/)."""

from __future__ import annotations

import dramatiq
from dramatiq.broker import Broker

# The contract between the queue and the workers: actor names and the queue they listen on.
QUEUE_NAME = "invoiced-netsuite"
RUN_ACCOUNTING_SYNC = "run_accounting_sync"
RUN_IMPORT = "run_import"
RETRY_SYNC_ERROR = "retry_sync_error"
NOTIFY_RUN_FINISHED = "notify_run_finished"


class DramatiqJobQueue:
    """Each job is a message `(company_id, object_id)`; the actors are idempotent under redelivery."""

    def __init__(self, broker: Broker, queue_name: str = QUEUE_NAME) -> None:
        self.broker = broker
        self.queue_name = queue_name
        # Declaring is idempotent; a process that only enqueues (the HTTP app) declares no actors.
        broker.declare_queue(queue_name)

    def _send(self, actor_name: str, company_id: int, object_id: int) -> None:
        message: dramatiq.Message[object] = dramatiq.Message(
            queue_name=self.queue_name,
            actor_name=actor_name,
            args=(int(company_id), int(object_id)),
            kwargs={},
            options={},
        )
        self.broker.enqueue(message)

    def enqueue_sync(self, company_id: int, run_id: int) -> None:
        self._send(RUN_ACCOUNTING_SYNC, company_id, run_id)

    def enqueue_import(self, company_id: int, run_id: int) -> None:
        self._send(RUN_IMPORT, company_id, run_id)

    def enqueue_error_retry(self, company_id: int, error_id: int) -> None:
        self._send(RETRY_SYNC_ERROR, company_id, error_id)

    def enqueue_run_notification(self, company_id: int, run_id: int) -> None:
        """Email the company about a finished run (a job of its own, so a mail outage retries the email,
        never the run)."""
        self._send(NOTIFY_RUN_FINISHED, company_id, run_id)
