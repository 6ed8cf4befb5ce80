"""Read-only views for the dashboard, the HTTP API and the CLI: Recent Syncs, a run, a record's status."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from application.errors import NotFound
from application.ports import UnitOfWorkFactory
from domain.credit_note import CreditNote
from domain.customer import Customer
from domain.invoice import Invoice
from domain.link import Link
from domain.payment import Payment
from domain.policies.labels import netsuite_record_id
from domain.policies.removals import removed_from_netsuite
from domain.records import Origin, RecordKind
from domain.sync import SyncError, SyncErrorStatus, SyncKind, SyncRun, SyncStatus


@dataclass(frozen=True, slots=True)
class RecentSyncs:
    """Recent Syncs: newest run first, and when auto-sync runs next (None when off or not connected)."""

    runs: list[SyncRun]
    connected: bool
    auto_sync: bool
    next_sync_at: datetime | None
    open_errors: int


@dataclass(frozen=True, slots=True)
class ConnectionHealth:
    """Whether NetSuite answers this company's syncs now, and when it last did."""

    last_sync: SyncRun | None  # the newest finished accounting sync, whatever its outcome
    failing_run: SyncRun | None  # the newest finished run of any kind, when it failed after the connect
    last_worked_at: datetime | None  # when NetSuite last answered: a run that did not fail, or the connect

    @property
    def working(self) -> bool:
        return self.failing_run is None


@dataclass(frozen=True, slots=True)
class RunDetails:
    run: SyncRun
    errors: list[SyncError]


@dataclass(frozen=True, slots=True)
class RecordSyncStatus:
    """Where one customer, invoice or payment stands with NetSuite."""

    kind: RecordKind
    local_id: int
    origin: Origin
    synced: bool  # linked, and (for records made on Invoiced) NetSuite has the current version
    netsuite_id: str | None  # once removed from NetSuite: the id the record had there
    first_synced_at: datetime | None
    last_synced_at: datetime | None
    open_error: SyncError | None
    removed_from_netsuite: bool = False  # voided on Invoiced, so deleted from NetSuite
    ignored_error: SyncError | None = None  # an error the user ignored: the record is skipped, not synced


@dataclass(frozen=True, slots=True)
class RecordSyncDetails:
    """A record's own page: where it stands, its unresolved error (open or ignored), the run that last
    synced it (when that run is among the recent ones) and the NetSuite account it is linked in."""

    status: RecordSyncStatus
    error: SyncError | None
    synced_by: SyncRun | None
    account_id: str | None


class SyncHistory:
    """Queries over runs, errors and links."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def recent_runs(self, company_id: int, *, kind: SyncKind | None = None, limit: int = 20) -> RecentSyncs:
        with self._uow() as uow:
            runs = uow.sync_runs.recent(company_id, kind=kind, limit=limit)
            connection = uow.connections.get(company_id)
            open_errors = len(uow.sync_errors.list(company_id, status=SyncErrorStatus.OPEN))
        return RecentSyncs(
            runs=runs,
            connected=connection is not None,
            auto_sync=connection is not None and connection.settings.auto_sync,
            next_sync_at=connection.next_sync_at if connection is not None else None,
            open_errors=open_errors,
        )

    def connection_health(self, company_id: int, *, lookback: int = 50) -> ConnectionHealth:
        """From the newest runs: a run that failed after the last connect means the connection does not
        work now (bad credentials, NetSuite unreachable), until a later run or a new connect works."""
        with self._uow() as uow:
            runs = uow.sync_runs.recent(company_id, limit=lookback)
            connection = uow.connections.get(company_id)
        finished = [run for run in runs if run.status.finished and run.finished_at is not None]
        last_sync = next((run for run in finished if run.kind is SyncKind.ACCOUNTING_SYNC), None)
        connected_at = connection.connected_at if connection is not None else None
        worked = [run.finished_at for run in finished if run.status is not SyncStatus.FAILED]
        if connected_at is not None:
            worked.append(connected_at)
        last_worked_at = max((when for when in worked if when is not None), default=None)
        newest = finished[0] if finished else None
        failing = (
            newest
            if newest is not None
            and newest.status is SyncStatus.FAILED
            and (last_worked_at is None or (newest.finished_at or last_worked_at) >= last_worked_at)
            else None
        )
        return ConnectionHealth(last_sync=last_sync, failing_run=failing, last_worked_at=last_worked_at)

    def linked_count(self, company_id: int) -> int:
        """How many of the company's records are linked to NetSuite records."""
        with self._uow() as uow:
            return uow.links.count(company_id)

    def run_details(self, company_id: int, run_id: int) -> RunDetails:
        """A run and the errors it left (an error seen again by a later run moves to that run)."""
        with self._uow() as uow:
            run = uow.sync_runs.get(company_id, run_id)
            if run is None:
                raise NotFound(f"Sync run {run_id} does not exist.")
            errors = uow.sync_errors.list(company_id, run_id=run_id)
        return RunDetails(run, errors)

    def record_status(self, company_id: int, kind: RecordKind, local_id: int) -> RecordSyncStatus:
        with self._uow() as uow:
            record = {
                RecordKind.CUSTOMER: uow.customers.get,
                RecordKind.INVOICE: uow.invoices.get,
                RecordKind.PAYMENT: uow.payments.get,
                RecordKind.CREDIT_NOTE: uow.credit_notes.get,
            }[RecordKind(kind)](company_id, local_id)
            if record is None:
                raise NotFound(f"{RecordKind(kind).value.capitalize()} {local_id} does not exist.")
            link = uow.links.get(company_id, kind, local_id)
            candidates = [str(local_id)]
            if link is not None:
                candidates.append(netsuite_record_id(link.netsuite_id))
            errors = [uow.sync_errors.for_record(company_id, kind, record_id) for record_id in candidates]
        open_error = next((e for e in errors if e is not None and e.is_open), None)
        ignored = next((e for e in errors if e is not None and e.status is SyncErrorStatus.IGNORED), None)
        return _status_of(RecordKind(kind), local_id, record, link, open_error, ignored)

    def record_details(
        self, company_id: int, kind: RecordKind, local_id: int, *, lookback: int = 200
    ) -> RecordSyncDetails:
        """`record_status`, with the record's unresolved error (ignored ones too) and the run that last
        synced it: the recent run that was under way at the moment of the last sync."""
        status = self.record_status(company_id, kind, local_id)
        with self._uow() as uow:
            runs = uow.sync_runs.recent(company_id, limit=lookback) if status.last_synced_at else []
            company = uow.companies.get(company_id)
        error = status.open_error or status.ignored_error
        synced_at = status.last_synced_at
        synced_by = next(
            (
                run
                for run in runs
                if synced_at is not None
                and run.started_at is not None
                and run.started_at <= synced_at <= (run.finished_at or synced_at)
            ),
            None,
        )
        account = company.netsuite_account_id if company is not None else None
        return RecordSyncDetails(status=status, error=error, synced_by=synced_by, account_id=account)

    def record_statuses(
        self, company_id: int, kind: RecordKind, local_ids: Collection[int]
    ) -> dict[int, RecordSyncStatus]:
        """`record_status` for a page of records at once (a list screen), in a few queries; ids of
        records that do not exist are left out."""
        kind = RecordKind(kind)
        with self._uow() as uow:
            records: Sequence[Customer | Invoice | Payment | CreditNote]
            if kind is RecordKind.CUSTOMER:
                records = uow.customers.by_ids(company_id, local_ids)
            elif kind is RecordKind.INVOICE:
                records = uow.invoices.by_ids(company_id, local_ids)
            elif kind is RecordKind.CREDIT_NOTE:
                records = uow.credit_notes.by_ids(company_id, local_ids)
            else:
                records = uow.payments.by_ids(company_id, local_ids)
            links = uow.links.by_local_ids(company_id, kind, local_ids)
            open_errors = {
                e.record_id: e
                for e in uow.sync_errors.list(company_id, status=SyncErrorStatus.OPEN)
                if e.record_kind is kind
            }
            ignored_errors = {
                e.record_id: e
                for e in uow.sync_errors.list(company_id, status=SyncErrorStatus.IGNORED)
                if e.record_kind is kind
            }
        statuses: dict[int, RecordSyncStatus] = {}
        for record in records:
            assert record.id is not None
            link = links.get(record.id)
            candidates = [str(record.id)] + ([netsuite_record_id(link.netsuite_id)] if link else [])
            open_error = next((open_errors[c] for c in candidates if c in open_errors), None)
            ignored = next((ignored_errors[c] for c in candidates if c in ignored_errors), None)
            statuses[record.id] = _status_of(kind, record.id, record, link, open_error, ignored)
        return statuses


def _status_of(
    kind: RecordKind,
    local_id: int,
    record: Customer | Invoice | Payment | CreditNote,
    link: Link | None,
    open_error: SyncError | None,
    ignored_error: SyncError | None = None,
) -> RecordSyncStatus:
    return RecordSyncStatus(
        kind=kind,
        local_id=local_id,
        origin=record.origin,
        # NetSuite owns what it created (and customers matched by name), so such a record is in step as
        # soon as it is linked: edits on Invoiced are never written over it.
        synced=link is not None
        and (
            record.origin is Origin.NETSUITE
            or link.origin is Origin.NETSUITE
            or not link.is_behind(record.version)
        ),
        netsuite_id=link.netsuite_id if link is not None else None,
        first_synced_at=link.first_synced_at if link is not None else None,
        last_synced_at=link.last_synced_at if link is not None else None,
        open_error=open_error,
        removed_from_netsuite=not isinstance(record, Customer) and removed_from_netsuite(record, link),
        ignored_error=ignored_error if open_error is None else None,
    )
