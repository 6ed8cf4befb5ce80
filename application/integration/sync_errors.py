"""Sync errors a user can list, ignore, and retry.

A retry runs a small accounting-sync run of its own, limited to the error's record, through the
very flows a sync uses (so a record behaves the same whether retried or synced). It takes the
company lock like any run: while another run executes, SyncBusy is raised (the error is reopened
if it was ignored, so the running or next sync picks the record up anyway).
"""

from __future__ import annotations

from dataclasses import dataclass

from application.errors import NotFound
from application.integration.context import ProgressCallback, RetryScope
from application.integration.errors import SyncBusy
from application.integration.pending import still_waiting_for_netsuite
from application.integration.runner import SyncRunner
from application.integration.sync import INTERRUPTED
from application.ports import (
    Clock,
    CompanyLocks,
    JobQueue,
    NetSuiteGatewayFactory,
    SecretBox,
    UnitOfWork,
    UnitOfWorkFactory,
)
from domain.policies.labels import netsuite_id_of
from domain.sync import SyncDirection, SyncError, SyncErrorStatus, SyncKind, SyncRun, SyncStatus, SyncTrigger


@dataclass(frozen=True, slots=True)
class RetryOutcome:
    """The error after its retry (resolved, or open with a refreshed reason) and the retry's run."""

    error: SyncError
    run: SyncRun

    @property
    def resolved(self) -> bool:
        return self.error.status is SyncErrorStatus.RESOLVED


def scope_of(error: SyncError) -> RetryScope:
    """The one record a retry of this error is about."""
    if error.direction is SyncDirection.FROM_NETSUITE:
        return RetryScope(error.record_kind, error.direction, netsuite_id=netsuite_id_of(error.record_id))
    return RetryScope(error.record_kind, error.direction, local_id=int(error.record_id))


class SyncErrors:
    """The Sync Errors list: list, ignore (skipped by future syncs until retried), retry."""

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
        self._locks = locks
        self._queue = queue
        self._runner = SyncRunner(uow, gateways, secrets, clock, locks)

    def list(
        self,
        company_id: int,
        *,
        status: SyncErrorStatus | None = SyncErrorStatus.OPEN,
        run_id: int | None = None,
        offset: int = 0,
        limit: int | None = 50,
    ) -> list[SyncError]:
        """Newest first; open ones by default (status=None lists every status)."""
        with self._uow() as uow:
            return uow.sync_errors.list(company_id, status=status, run_id=run_id, offset=offset, limit=limit)

    def get(self, company_id: int, error_id: int) -> SyncError:
        with self._uow() as uow:
            return self._error(uow, company_id, error_id)

    def counts(self, company_id: int) -> dict[SyncErrorStatus, int]:
        """How many errors are open, ignored and resolved (every status is a key, zero included)."""
        with self._uow() as uow:
            errors = uow.sync_errors.list(company_id)
        counted = dict.fromkeys(SyncErrorStatus, 0)
        for error in errors:
            counted[error.status] += 1
        return counted

    def unignore(self, company_id: int, error_id: int) -> SyncError:
        """Take an ignored error back: it is open again, and the next sync tries its record."""
        return self._reopen(company_id, error_id)

    def ignore(self, company_id: int, error_id: int) -> SyncError:
        """Skip this record in future syncs until it is retried."""
        with self._uow() as uow:
            error = self._error(uow, company_id, error_id)
            error.ignore(self._clock.now())
            uow.sync_errors.update(error)
            uow.commit()
        return error

    def request_retry(self, company_id: int, error_id: int) -> SyncError:
        """Reopen the error and hand its retry to the workers (or retry here without a queue)."""
        if self._queue is None:
            return self.retry(company_id, error_id).error
        error = self._reopen(company_id, error_id)
        self._queue.enqueue_error_retry(company_id, error_id)
        return error

    def retry(
        self,
        company_id: int,
        error_id: int,
        trigger: SyncTrigger = SyncTrigger.MANUAL,
        on_progress: ProgressCallback | None = None,
    ) -> RetryOutcome:
        """Try the error's record again now. It resolves when the record syncs, is refreshed when it
        fails again, and resolves too when the record no longer needs syncing (voided, synced meanwhile)."""
        error = self._reopen(company_id, error_id)
        before = error.occurrences
        with self._locks.hold(company_id) as acquired:
            if not acquired:
                raise SyncBusy(company_id)
            with self._uow() as uow:
                leftover = uow.sync_runs.active(company_id, SyncKind.RECORD_RETRY)
                if leftover is not None:  # we hold the lock, so its process is gone
                    leftover.fail(self._clock.now(), INTERRUPTED)
                    uow.sync_runs.update(leftover)
                queued = uow.sync_runs.add(
                    SyncRun(company_id, SyncKind.RECORD_RETRY, trigger, self._clock.now())
                )
                uow.commit()
            assert queued.id is not None
            run = self._runner.execute_holding_lock(
                company_id, queued.id, on_progress=on_progress, scope=scope_of(error)
            )
        with self._uow() as uow:
            error = self._error(uow, company_id, error_id)
            untouched = error.is_open and error.occurrences == before
            if (
                untouched
                and run.status is not SyncStatus.FAILED
                and not still_waiting_for_netsuite(uow, error)
            ):
                error.resolve(self._clock.now())
                uow.sync_errors.update(error)
                uow.commit()
        return RetryOutcome(error, run)

    def _reopen(self, company_id: int, error_id: int) -> SyncError:
        with self._uow() as uow:
            error = self._error(uow, company_id, error_id)
            if error.status is SyncErrorStatus.IGNORED:
                error.reopen(self._clock.now())
                uow.sync_errors.update(error)
                uow.commit()
        return error

    @staticmethod
    def _error(uow: UnitOfWork, company_id: int, error_id: int) -> SyncError:
        error = uow.sync_errors.get(company_id, error_id)
        if error is None:
            raise NotFound(f"Sync error {error_id} does not exist.")
        return error
