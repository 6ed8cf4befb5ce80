"""The manual importers: outstanding invoices, or the whole customer list, from NetSuite."""

from __future__ import annotations

from application.errors import InvalidInput
from application.integration.context import ProgressCallback
from application.integration.runner import SyncRunner
from application.integration.sync import queue_run
from application.ports import (
    Clock,
    CompanyLocks,
    EmailMessage,
    JobQueue,
    NetSuiteGatewayFactory,
    Notifier,
    SecretBox,
    UnitOfWorkFactory,
)
from domain.sync import SyncErrorStatus, SyncKind, SyncRun, SyncStatus, SyncTrigger

IMPORT_KINDS = (SyncKind.INVOICE_IMPORT, SyncKind.CUSTOMER_IMPORT)
_TITLES = {SyncKind.INVOICE_IMPORT: "invoice import", SyncKind.CUSTOMER_IMPORT: "customer import"}


class NetSuiteImports:
    """Runs the importers as runs of their own kind; emails the company when a run finishes."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        gateways: NetSuiteGatewayFactory,
        secrets: SecretBox,
        clock: Clock,
        locks: CompanyLocks,
        queue: JobQueue | None = None,
        notifier: Notifier | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._queue = queue
        self._notifier = notifier
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
        if kind not in IMPORT_KINDS:
            raise InvalidInput(
                f"{kind.value} is not an import: choose invoice_import or customer_import.", "kind"
            )
        run, new = queue_run(self._uow, self._clock, company_id, kind, trigger)
        if new and enqueue and self._queue is not None and run.id is not None:
            self._queue.enqueue_import(company_id, run.id)
        return run

    def run_import(
        self, company_id: int, run_id: int, on_progress: ProgressCallback | None = None
    ) -> SyncRun:
        """Execute a queued import (the worker's job), then email the result. Idempotent."""
        with self._uow() as uow:
            queued = uow.sync_runs.get(company_id, run_id)
        already_finished = queued is not None and queued.status.finished
        run = self._runner.execute(company_id, run_id, on_progress=on_progress)
        if not already_finished and run.status.finished:
            self._email_result(run)
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

    def _email_result(self, run: SyncRun) -> None:
        if self._notifier is None:
            return
        with self._uow() as uow:
            company = uow.companies.get(run.company_id)
            errors = uow.sync_errors.list(
                run.company_id, run_id=run.id, status=SyncErrorStatus.OPEN, limit=20
            )
        if company is None or not company.email:
            return
        title = _TITLES.get(run.kind, run.kind.value)
        outcome = {
            SyncStatus.SUCCEEDED: "finished",
            SyncStatus.PARTIAL: f"finished with {run.error_count} record(s) that did not import",
            SyncStatus.FAILED: "failed",
        }.get(run.status, run.status.value)
        lines = [f"Your NetSuite {title} {outcome}."]
        lines += [f"- {name.replace('_', ' ')}: {count}" for name, count in sorted(run.counts.items())]
        if run.error:
            lines.append(f"Why it failed: {run.error}")
        if errors:
            lines.append("Records that did not import:")
            lines += [f"- {e.record_label}: {e.message}" + (f" ({e.hint})" if e.hint else "") for e in errors]
        self._notifier.send(
            EmailMessage(
                to=company.email,
                subject=f"NetSuite {title} {outcome.split(' with')[0]}",
                text="\n".join(lines),
            )
        )
