"""The manual importers: outstanding invoices, or the whole customer list, from NetSuite."""

from __future__ import annotations

from typing import TYPE_CHECKING

from application.errors import InvalidInput
from application.integration.context import ProgressCallback
from application.integration.runner import SyncRunner
from application.integration.sync import queue_run
from application.ports import (
    Clock,
    CompanyLocks,
    JobQueue,
    NetSuiteGatewayFactory,
    SecretBox,
    UnitOfWorkFactory,
)
from domain.sync import SyncKind, SyncRun, SyncTrigger

if TYPE_CHECKING:  # only named here; importing it at run time would close a loop through notifications
    from application.notifications import RunNotifications

IMPORT_KINDS = (SyncKind.INVOICE_IMPORT, SyncKind.CUSTOMER_IMPORT)


class NetSuiteImports:
    """Runs the importers as runs of their own kind. With `notifications`, it emails the company when a
    run finishes; the container leaves them out because the worker sends that email as a job of its own."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        gateways: NetSuiteGatewayFactory,
        secrets: SecretBox,
        clock: Clock,
        locks: CompanyLocks,
        queue: JobQueue | None = None,
        notifications: RunNotifications | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._queue = queue
        self._notifications = notifications
        self._locks = locks
        self._runner = SyncRunner(uow, gateways, secrets, clock, locks)

    def request_import(
        self,
        company_id: int,
        kind: SyncKind,
        trigger: SyncTrigger = SyncTrigger.MANUAL,
        *,
        enqueue: bool = True,
    ) -> SyncRun:
        """Queue an import (or return the one of that kind already queued or running)."""
        run, _ = self.start_import(company_id, kind, trigger, enqueue=enqueue)
        return run

    def start_import(
        self,
        company_id: int,
        kind: SyncKind,
        trigger: SyncTrigger = SyncTrigger.MANUAL,
        *,
        enqueue: bool = True,
    ) -> tuple[SyncRun, bool]:
        """Like request_import, and also says whether the run is new (False: one was already running)."""
        if kind not in IMPORT_KINDS:
            raise InvalidInput(
                f"{kind.value} is not an import: choose invoice_import or customer_import.", "kind"
            )
        run, new = queue_run(self._uow, self._clock, company_id, kind, trigger, self._locks)
        if new and enqueue and self._queue is not None and run.id is not None:
            self._queue.enqueue_import(company_id, run.id)
        return run, new

    def run_import(
        self, company_id: int, run_id: int, on_progress: ProgressCallback | None = None
    ) -> SyncRun:
        """Execute a queued import (the worker's job), then email the result. Idempotent."""
        with self._uow() as uow:
            queued = uow.sync_runs.get(company_id, run_id)
        already_finished = queued is not None and queued.status.finished
        run = self._runner.execute(company_id, run_id, on_progress=on_progress)
        if not already_finished and run.status.finished and self._notifications is not None:
            self._notifications.run_finished(company_id, run_id)
        return run

    def import_now(
        self,
        company_id: int,
        kind: SyncKind,
        trigger: SyncTrigger = SyncTrigger.CLI,
        on_progress: ProgressCallback | None = None,
    ) -> SyncRun:
        """Queue and execute in this process (the CLI)."""
        run = self.request_import(company_id, kind, trigger, enqueue=False)
        assert run.id is not None
        return self.run_import(company_id, run.id, on_progress)
