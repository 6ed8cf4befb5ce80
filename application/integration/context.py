"""What every flow of a run shares: the run, the account, the settings, and the sync-error log."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from application.errors import NetSuiteBadResponse
from application.ports import Clock, NetSuiteGateway, UnitOfWork, UnitOfWorkFactory
from domain.integration import IntegrationSettings, NetSuiteConnection
from domain.policies.external_ids import external_id_for, our_external_id_prefix, written_by_us
from domain.policies.labels import netsuite_record_id
from domain.policies.problems import RecordProblem
from domain.policies.watermark import ReadWindow, read_window
from domain.records import RecordKind
from domain.sync import SyncDirection, SyncError, SyncErrorStatus, SyncRun

NO_CURRENCIES = (
    "NetSuite listed no currencies for this account, yet every account has at least its base currency: "
    "the integration's role cannot see them. Give the role the Currency permission (Setup > Users/Roles "
    "> Manage Roles > Permissions > Lists), then sync again."
)

ProgressCallback = Callable[[int, int, str], None]
"""on_progress(done, total, stage): records done of total in the current stage."""


@dataclass(frozen=True, slots=True)
class RecordRef:
    """The record a sync error is about. Records that only exist in NetSuite are keyed `netsuite:<id>`."""

    kind: RecordKind
    record_id: str
    label: str
    direction: SyncDirection

    @classmethod
    def local(cls, kind: RecordKind, local_id: int, label: str) -> RecordRef:
        return cls(kind, str(local_id), label, SyncDirection.TO_NETSUITE)

    @classmethod
    def netsuite(cls, kind: RecordKind, internal_id: str, label: str) -> RecordRef:
        return cls(kind, netsuite_record_id(internal_id), label, SyncDirection.FROM_NETSUITE)

    @property
    def key(self) -> tuple[RecordKind, str]:
        return (self.kind, self.record_id)


@dataclass(frozen=True, slots=True)
class RetryScope:
    """Limits a run to the one record of a sync error (a retry goes through the flows' own code)."""

    kind: RecordKind
    direction: SyncDirection
    local_id: int | None = None
    netsuite_id: str | None = None

    def wants(self, kind: RecordKind, direction: SyncDirection) -> bool:
        return self.kind is kind and self.direction is direction


class SyncErrorLog:
    """Records per-record problems (one error per record, refreshed when it fails again) and clears
    them when the record syncs. Ignored records are skipped until retried."""

    def __init__(
        self,
        company_id: int,
        run: SyncRun,
        uow: UnitOfWorkFactory,
        clock: Clock,
        existing: Collection[SyncError],
    ) -> None:
        self._company_id = company_id
        self._run = run
        self._uow = uow
        self._clock = clock
        self._ignored = {_key(e) for e in existing if e.status is SyncErrorStatus.IGNORED}
        self._open_at_start = [e for e in existing if e.status is SyncErrorStatus.OPEN]
        self._open = {_key(e) for e in self._open_at_start}
        self.touched: set[tuple[RecordKind, str]] = set()

    def is_ignored(self, ref: RecordRef) -> bool:
        return ref.key in self._ignored

    def fail(self, ref: RecordRef, problem: RecordProblem) -> None:
        """Record the problem in its own transaction (the record's own changes were not kept)."""
        with self._uow() as uow:
            self.record(uow, ref, problem)
            uow.commit()

    def record(self, uow: UnitOfWork, ref: RecordRef, problem: RecordProblem) -> None:
        now = self._clock.now()
        existing = uow.sync_errors.for_record(self._company_id, ref.kind, ref.record_id)
        if existing is not None:
            existing.recur(
                self._run.id, now, problem.message, problem.code, problem.netsuite_code, problem.hint
            )
            existing.record_label, existing.direction = ref.label, ref.direction
            if existing.status is SyncErrorStatus.IGNORED:
                existing.reopen(now)
            uow.sync_errors.update(existing)
        else:
            uow.sync_errors.add(
                SyncError(
                    company_id=self._company_id,
                    run_id=self._run.id,
                    record_kind=ref.kind,
                    record_id=ref.record_id,
                    record_label=ref.label,
                    direction=ref.direction,
                    message=problem.message,
                    code=problem.code,
                    created_at=now,
                    updated_at=now,
                    netsuite_code=problem.netsuite_code,
                    hint=problem.hint,
                )
            )
        self._run.record_error()
        self._open.add(ref.key)
        self.touched.add(ref.key)

    def resolve(self, uow: UnitOfWork, ref: RecordRef) -> None:
        """The record synced: its open error (if any) resolves itself, in the record's transaction."""
        self.touched.add(ref.key)
        if ref.key not in self._open:
            return
        existing = uow.sync_errors.for_record(self._company_id, ref.kind, ref.record_id)
        if existing is not None and existing.status is not SyncErrorStatus.RESOLVED:
            existing.resolve(self._clock.now())
            uow.sync_errors.update(existing)
        self._open.discard(ref.key)

    def untouched_open_errors(self) -> list[SyncError]:
        """Errors open when the run began whose record the run neither synced nor failed."""
        return [e for e in self._open_at_start if _key(e) not in self.touched]

    def resolve_gone(self, uow: UnitOfWork, error: SyncError) -> None:
        """Resolve an error whose record no longer needs syncing (voided, synced meanwhile)."""
        error.resolve(self._clock.now())
        uow.sync_errors.update(error)
        self._open.discard(_key(error))


def _key(error: SyncError) -> tuple[RecordKind, str]:
    return (error.record_kind, error.record_id)


@dataclass
class RunContext:
    """One run's shared state. Reads of NetSuite's reference lists happen at most once per run."""

    company_id: int
    run: SyncRun
    connection: NetSuiteConnection
    gateway: NetSuiteGateway
    uow: UnitOfWorkFactory
    clock: Clock
    errors: SyncErrorLog
    scope: RetryScope | None = None
    on_progress: ProgressCallback | None = None
    _currencies: set[str] | None = field(default=None, repr=False)
    _item_names: dict[str, str] | None = field(default=None, repr=False)
    _suiteql_offset: timedelta | None = field(default=None, repr=False)

    @property
    def settings(self) -> IntegrationSettings:
        return self.connection.settings

    def now(self) -> datetime:
        return self.clock.now()

    def external_id(self, kind: RecordKind, local_id: int) -> str:
        return external_id_for(self.settings.external_id_prefix, self.company_id, kind, local_id)

    @property
    def our_prefix(self) -> str:
        """The start of every external id we give this company's records in NetSuite."""
        return our_external_id_prefix(self.settings.external_id_prefix, self.company_id)

    def written_by_us(self, external_id: str | None) -> bool:
        return written_by_us(external_id, self.settings.external_id_prefix, self.company_id)

    def wants_local(self, kind: RecordKind, local_id: int | None, customer_id: int) -> bool:
        """Whether an Invoiced record is part of this run: always, unless the run is a retry of one
        record (a retried customer takes its invoices and payments with it)."""
        scope = self.scope
        if scope is None:
            return True
        if scope.direction is not SyncDirection.TO_NETSUITE:
            return False
        if scope.kind is RecordKind.CUSTOMER:
            return customer_id == scope.local_id
        return scope.kind is kind and scope.local_id == local_id

    def suiteql_offset(self) -> timedelta:
        """How far SuiteQL's clock runs ahead of UTC during this run (measured once)."""
        if self._suiteql_offset is None:
            self._suiteql_offset = self.gateway.suiteql_offset()
        return self._suiteql_offset

    def read_window(self) -> ReadWindow:
        """Where this run's incremental NetSuite reads start, on SuiteQL's clock."""
        connection = self.connection
        if connection.watermark is None:
            return ReadWindow(None, None)
        return read_window(connection.watermark, connection.watermark_suiteql_offset, self.suiteql_offset())

    def netsuite_currencies(self) -> set[str]:
        """The account's currency codes, lower case. None at all is the role's blind spot, not the
        account's (every account has its base currency): a run-level error saying so, rather than
        every record blaming its own currency."""
        if self._currencies is None:
            found = {c.code.lower() for c in self.gateway.currencies()}
            if not found:
                raise NetSuiteBadResponse(NO_CURRENCIES)
            self._currencies = found
        return self._currencies

    def item_names(self) -> dict[str, str]:
        if self._item_names is None:
            self._item_names = {i.internal_id: i.name for i in self.gateway.items()}
        return self._item_names

    def count(self, what: str, by: int = 1) -> None:
        if by:
            self.run.count(str(what), by)

    def progress(self, done: int, total: int, stage: str) -> None:
        if self.on_progress is not None:
            self.on_progress(done, total, stage)
