"""The accounting sync: Sync Now, auto-sync, and the worker's execution of a queued run."""

from __future__ import annotations

from dataclasses import dataclass, field

from application.errors import ApplicationError, Conflict, NotConnected
from application.integration.context import ProgressCallback
from application.integration.runner import SyncRunner, abandoned
from application.ports import (
    Clock,
    CompanyLocks,
    JobQueue,
    NetSuiteGatewayFactory,
    SecretBox,
    UnitOfWorkFactory,
)
from domain.sync import SyncKind, SyncRun, SyncTrigger

NOT_CONNECTED = "Connect this company to NetSuite first (account ID and token-based-auth credentials)."
INTERRUPTED = "The sync was interrupted (its worker stopped); a new one has been started."


def queue_run(
    uow: UnitOfWorkFactory,
    clock: Clock,
    company_id: int,
    kind: SyncKind,
    trigger: SyncTrigger,
    locks: CompanyLocks | None = None,
) -> tuple[SyncRun, bool]:
    """The company's queued or running run of this kind, or a new queued one (True when new).
    A run abandoned by a dead worker (no live holder of the company lock) is closed as failed and
    replaced, so Sync Now never hands back a run nobody is executing."""
    now = clock.now()
    with uow() as work:
        if work.connections.get(company_id) is None:
            raise NotConnected(NOT_CONNECTED)
        active = work.sync_runs.active(company_id, kind)
    # Asked outside any transaction: on SQLite the lock's own write would wait behind ours.
    if active is not None and not abandoned(active, now, locks):
        return active, False
    with uow() as work:
        current = work.sync_runs.active(company_id, kind)
        if current is not None and (active is None or current.id != active.id):
            return current, False  # another process queued one meanwhile
        if current is not None:
            current.fail(now, INTERRUPTED)
            work.sync_runs.update(current)
        try:
            run = work.sync_runs.add(SyncRun(company_id, kind, trigger, now))
            work.commit()
            return run, True
        except Conflict:
            pass  # another process queued one between our read and our write: hand back theirs
    with uow() as work:
        winner = work.sync_runs.active(company_id, kind)
    if winner is None:
        raise Conflict(f"Could not queue the {kind.value}: try again in a moment.")
    return winner, False


@dataclass
class DueSyncs:
    """What one scheduler tick did: the companies it claimed, their runs (queued now, or already under
    way when a Sync Now beat the scheduler to it), and the companies it could not queue, with why."""

    claimed: list[int] = field(default_factory=list)
    runs: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)


class AccountingSync:
    """Runs the accounting sync of ARCHITECTURE.md: NetSuite payments, then NetSuite's outstanding
    invoices, then Invoiced's customers, invoices and payments to NetSuite, then the run's record."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        gateways: NetSuiteGatewayFactory,
        secrets: SecretBox,
        clock: Clock,
        locks: CompanyLocks,
        queue: JobQueue | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._queue = queue
        self._locks = locks
        self._runner = SyncRunner(uow, gateways, secrets, clock, locks)

    def request_sync(
        self, company_id: int, trigger: SyncTrigger = SyncTrigger.MANUAL, *, enqueue: bool = True
    ) -> SyncRun:
        """Sync Now / auto-sync: queue a run, or return the one already queued or running (one per
        company at a time). The run goes to the job queue when there is one and `enqueue` is set."""
        run, new = queue_run(
            self._uow, self._clock, company_id, SyncKind.ACCOUNTING_SYNC, trigger, self._locks
        )
        if new and enqueue and self._queue is not None and run.id is not None:
            self._queue.enqueue_sync(company_id, run.id)
        return run

    def run_accounting_sync(
        self, company_id: int, run_id: int, on_progress: ProgressCallback | None = None
    ) -> SyncRun:
        """Execute a queued run (the worker's job). Idempotent: a finished run is returned unchanged.
        Raises SyncBusy while another run of the company executes (the job should be retried later)."""
        return self._runner.execute(company_id, run_id, on_progress=on_progress)

    def sync_now(
        self,
        company_id: int,
        trigger: SyncTrigger = SyncTrigger.CLI,
        on_progress: ProgressCallback | None = None,
    ) -> SyncRun:
        """Queue and execute in this process (the CLI without workers). Returns the finished run, or
        the run already in progress elsewhere."""
        run = self.request_sync(company_id, trigger, enqueue=False)
        assert run.id is not None
        return self.run_accounting_sync(company_id, run.id, on_progress)

    def request_due_syncs(self, batch: int = 100) -> DueSyncs:
        """The scheduler's tick: claim every company whose auto-sync is due (atomically, so two
        schedulers never claim the same one), in batches, and queue an automatic sync for each. A
        company that cannot be queued (disconnected since) is reported, not raised."""
        due = DueSyncs()
        while True:
            with self._uow() as uow:
                claimed = uow.connections.claim_due(self._clock.now(), batch)
                uow.commit()
            for connection in claimed:
                due.claimed.append(connection.company_id)
                try:
                    run = self.request_sync(connection.company_id, SyncTrigger.AUTO)
                except ApplicationError as refused:
                    due.failed[connection.company_id] = str(refused)
                    continue
                if run.id is not None:
                    due.runs.append(run.id)
            if len(claimed) < batch:
                return due
