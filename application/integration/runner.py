"""Executes one run — an accounting sync, an import, or a retry's small run — under the company lock.

Run-level failures (NetSuite refusing the credentials, unreachable, answering garbage) end the run
`failed` with a clear message; per-record problems become sync errors and the run ends `partial`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from application.errors import (
    ApplicationError,
    NetSuiteAuthError,
    NetSuiteBadResponse,
    NetSuiteRejected,
    NetSuiteUnavailable,
    NotFound,
)
from application.integration.access import access_for
from application.integration.context import ProgressCallback, RetryScope, RunContext, SyncErrorLog
from application.integration.counts import Stage
from application.integration.errors import SyncBusy
from application.integration.flows.credit_memos_from_netsuite import import_credit_memos
from application.integration.flows.customers_from_netsuite import import_customers
from application.integration.flows.invoices_from_netsuite import import_open_invoices
from application.integration.flows.payments_from_netsuite import sync_payments_from_netsuite
from application.integration.flows.to_netsuite import write_to_netsuite
from application.integration.pending import still_waiting_for_netsuite
from application.ports import (
    Clock,
    CompanyLocks,
    NetSuiteGateway,
    NetSuiteGatewayFactory,
    SecretBox,
    UnitOfWorkFactory,
)
from domain.errors import DomainError
from domain.integration import NetSuiteConnection
from domain.policies.watermark import next_payments_watermark
from domain.sync import SyncDirection, SyncErrorStatus, SyncKind, SyncRun, SyncStatus

# A run queued this long was never picked up (its message was lost): it is replaced.
QUEUED_TOO_LONG_SECONDS = 3600
NOT_CONNECTED = "This company is not connected to NetSuite any more; connect it again, then sync."
UNREADABLE_CREDENTIALS = (
    "The saved NetSuite credentials cannot be read (was the server's SECRET_KEY changed?). "
    "Connect to NetSuite again with the account ID and token credentials."
)
STOPPED = (
    "The sync was stopped before it finished (a time limit or a shutdown). Nothing was half-written; "
    "the next sync picks up where it left off."
)
UNEXPECTED = (
    "The sync stopped on an unexpected error (it has been logged). Nothing was half-written; try again."
)


@dataclass(frozen=True, slots=True)
class Watermark:
    """Where the next incremental read starts, and how far SuiteQL's clock ran ahead of UTC then."""

    moment: datetime | None
    suiteql_offset: timedelta | None


def abandoned(run: SyncRun, now: datetime, locks: CompanyLocks | None = None) -> bool:
    """A run nobody will finish: a running one whose company lock no live holder keeps (its worker
    died), or a queued one whose message was lost. Without `locks`, a running run is judged by age."""
    if run.status is SyncStatus.RUNNING and locks is not None:
        with locks.hold(run.company_id) as free:
            return free
    since = run.started_at if run.status is SyncStatus.RUNNING else run.queued_at
    return since is not None and now - since > timedelta(seconds=QUEUED_TOO_LONG_SECONDS)


class SyncRunner:
    """Runs any kind of sync run exactly once, one per company at a time (workers may deliver twice)."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        gateways: NetSuiteGatewayFactory,
        secrets: SecretBox,
        clock: Clock,
        locks: CompanyLocks,
    ) -> None:
        self._uow = uow
        self._gateways = gateways
        self._secrets = secrets
        self._clock = clock
        self._locks = locks

    def execute(
        self,
        company_id: int,
        run_id: int,
        *,
        on_progress: ProgressCallback | None = None,
        scope: RetryScope | None = None,
    ) -> SyncRun:
        """Execute a queued run; a finished run is returned as it is. Raises SyncBusy while another
        run of this company holds the lock (the run stays queued)."""
        run = self._run(company_id, run_id)
        if run.status.finished:
            return run
        with self._locks.hold(company_id) as acquired:
            if not acquired:
                raise SyncBusy(company_id)
            return self.execute_holding_lock(company_id, run_id, on_progress=on_progress, scope=scope)

    def _run(self, company_id: int, run_id: int) -> SyncRun:
        with self._uow() as uow:
            run = uow.sync_runs.get(company_id, run_id)
        if run is None:
            raise NotFound(f"Sync run {run_id} does not exist.")
        return run

    def execute_holding_lock(
        self,
        company_id: int,
        run_id: int,
        *,
        on_progress: ProgressCallback | None = None,
        scope: RetryScope | None = None,
    ) -> SyncRun:
        """As `execute`, for a caller that already holds the company lock."""
        now = self._clock.now()
        with self._uow() as uow:
            run = uow.sync_runs.get(company_id, run_id)
            if run is None:
                raise NotFound(f"Sync run {run_id} does not exist.")
            if run.status.finished:
                return run
            if run.status is SyncStatus.QUEUED:
                run.start(now)  # a RUNNING one is resumed: its worker died and the job came back
            connection = uow.connections.get(company_id)
            known_errors = uow.sync_errors.list(
                company_id, status=SyncErrorStatus.OPEN
            ) + uow.sync_errors.list(company_id, status=SyncErrorStatus.IGNORED)
            if connection is None:
                run.fail(now, NOT_CONNECTED)
            uow.sync_runs.update(run)
            uow.commit()
        if connection is None:
            return run
        try:
            access = access_for(connection, self._secrets)
        except (ApplicationError, DomainError, ValueError, KeyError):  # the sealed secrets won't open
            return self._close(run, scope, failure=UNREADABLE_CREDENTIALS)
        try:
            gateway = self._gateways(access)
        except Exception:
            self._close(run, scope, failure=UNEXPECTED)
            raise
        errors = SyncErrorLog(company_id, run, self._uow, self._clock, known_errors)
        ctx = RunContext(
            company_id, run, connection, gateway, self._uow, self._clock, errors, scope, on_progress
        )
        try:
            watermark = self._steps(ctx, gateway, connection)
        except NetSuiteAuthError as refused:
            return self._close(run, scope, failure=str(refused))
        except (NetSuiteUnavailable, NetSuiteBadResponse) as trouble:
            return self._close(run, scope, failure=str(trouble))
        except NetSuiteRejected as refused:
            code = f" ({refused.code})" if refused.code else ""
            return self._close(run, scope, failure=f"NetSuite refused a request: {refused}{code}")
        except Exception:
            self._close(run, scope, failure=UNEXPECTED)
            raise
        except BaseException:  # a worker's time limit or a shutdown: close the run, don't leave it "running"
            self._close(run, scope, failure=STOPPED)
            raise
        return self._close(run, scope, watermark=watermark)

    def _steps(self, ctx: RunContext, gateway: NetSuiteGateway, connection: NetSuiteConnection) -> Watermark:
        """The flows of the run's kind, in ARCHITECTURE.md's order. Returns the new payments watermark."""
        ctx.progress(0, 1, Stage.CONNECTION)
        server_time = gateway.server_time()  # checks the credentials before anything moves
        ctx.progress(1, 1, Stage.CONNECTION)
        settings = connection.settings
        if ctx.scope is not None:  # a retry: every flow, each limited to the one record
            sync_payments_from_netsuite(ctx)
            import_customers(ctx)
            import_open_invoices(ctx, respect_start_date=False)
            write_to_netsuite(ctx, invoices=True, payments=True, credit_notes=True)
            return Watermark(connection.watermark, connection.watermark_suiteql_offset)
        if ctx.run.kind is SyncKind.CUSTOMER_IMPORT:
            import_customers(ctx)
            return Watermark(connection.watermark, connection.watermark_suiteql_offset)
        if ctx.run.kind is SyncKind.INVOICE_IMPORT:
            import_open_invoices(ctx, respect_start_date=False)
            return Watermark(connection.watermark, connection.watermark_suiteql_offset)
        # One watermark for both NetSuite reads: each reads only what changed since the last run, and a
        # record that failed holds it back so it is read again (and its error can clear itself).
        held_back: list[datetime | None] = []
        watermark = Watermark(connection.watermark, connection.watermark_suiteql_offset)
        if settings.read_payments or settings.read_invoices:
            offset_now = ctx.suiteql_offset()  # SuiteQL's clock, read once for every read
            if settings.read_payments:
                held_back += sync_payments_from_netsuite(ctx)
            if settings.read_invoices:
                held_back += import_open_invoices(ctx, respect_start_date=True, incremental=True)
            held_back += import_credit_memos(ctx)  # on the payments' pages: no request of its own
            moment = next_payments_watermark(server_time, connection.watermark, held_back)
            if moment != connection.watermark:  # a new watermark, on today's SuiteQL clock
                watermark = Watermark(moment, offset_now)
        if settings.write_invoices or settings.write_payments or settings.write_credit_notes:
            write_to_netsuite(
                ctx,
                invoices=settings.write_invoices,
                payments=settings.write_payments,
                credit_notes=settings.write_credit_notes,
            )
        self._clear_errors_of_records_gone(ctx)
        return watermark

    def _clear_errors_of_records_gone(self, ctx: RunContext) -> None:
        """An Invoiced record whose write failed and that no longer needs writing (voided since,
        say) takes its error with it, so Sync Errors only lists what still needs attention."""
        stale = [e for e in ctx.errors.untouched_open_errors() if e.direction is SyncDirection.TO_NETSUITE]
        if not stale:
            return
        with self._uow() as uow:
            for error in stale:
                if not still_waiting_for_netsuite(uow, error):
                    ctx.errors.resolve_gone(uow, error)
            uow.commit()

    def _close(
        self,
        run: SyncRun,
        scope: RetryScope | None,
        *,
        failure: str | None = None,
        watermark: Watermark | None = None,
    ) -> SyncRun:
        """Record the run's outcome; an accounting sync also moves the watermark (only on success)
        and schedules the next auto-sync."""
        now = self._clock.now()
        if failure is None:
            run.finish(now)
        else:
            run.fail(now, failure)
        with self._uow() as uow:
            current = uow.connections.get(run.company_id)
            if current is not None and run.kind is SyncKind.ACCOUNTING_SYNC and scope is None:
                if failure is None and watermark is not None:
                    current.watermark = watermark.moment
                    current.watermark_suiteql_offset = watermark.suiteql_offset
                    run.watermark = watermark.moment
                current.schedule_next(now)
                uow.connections.save(current)
            uow.sync_runs.update(run)
            uow.commit()
        return run
