"""Sync runs (one accounting sync or import) and the per-record sync errors they leave behind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.records import RecordKind


class SyncKind(StrEnum):
    ACCOUNTING_SYNC = "accounting_sync"
    INVOICE_IMPORT = "invoice_import"
    CUSTOMER_IMPORT = "customer_import"
    # One record tried again from Sync Errors: its own kind, so it never blocks (or stands in for) a
    # queued accounting sync.
    RECORD_RETRY = "record_retry"

    @property
    def is_import(self) -> bool:
        return self in (SyncKind.INVOICE_IMPORT, SyncKind.CUSTOMER_IMPORT)


class SyncTrigger(StrEnum):
    AUTO = "auto"
    MANUAL = "manual"
    API = "api"
    CLI = "cli"


class SyncStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    PARTIAL = "partial"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (SyncStatus.SUCCEEDED, SyncStatus.PARTIAL, SyncStatus.FAILED)


class SyncDirection(StrEnum):
    TO_NETSUITE = "to_netsuite"
    FROM_NETSUITE = "from_netsuite"


class SyncErrorStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    IGNORED = "ignored"


@dataclass(slots=True)
class SyncRun:
    """One run of a flow. `counts` holds what moved, per flow (e.g. "invoices_written": 3)."""

    company_id: int
    kind: SyncKind
    trigger: SyncTrigger
    queued_at: datetime
    status: SyncStatus = SyncStatus.QUEUED
    started_at: datetime | None = None
    finished_at: datetime | None = None
    counts: dict[str, int] = field(default_factory=dict)
    error_count: int = 0
    error: str | None = None
    watermark: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        self.kind = SyncKind(self.kind)
        self.trigger = SyncTrigger(self.trigger)
        self.status = SyncStatus(self.status)

    def start(self, now: datetime) -> None:
        if self.status is not SyncStatus.QUEUED:
            raise ValueError(f"Run {self.id} is {self.status.value}, it cannot start again.")
        self.status = SyncStatus.RUNNING
        self.started_at = now

    def count(self, flow: str, by: int = 1) -> None:
        self.counts[flow] = self.counts.get(flow, 0) + by

    def record_error(self) -> None:
        self.error_count += 1

    def finish(self, now: datetime) -> None:
        """Close the run: `partial` when some records failed, otherwise `succeeded`."""
        self.status = SyncStatus.PARTIAL if self.error_count else SyncStatus.SUCCEEDED
        self.finished_at = now

    def fail(self, now: datetime, message: str) -> None:
        """Close the run as failed for a run-level reason (bad credentials, NetSuite unreachable)."""
        self.status = SyncStatus.FAILED
        self.error = message
        self.finished_at = now

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


@dataclass(slots=True)
class SyncError:
    """A record that did not sync: names the record, keeps NetSuite's message and code, says what to do."""

    company_id: int
    run_id: int | None
    record_kind: RecordKind
    record_id: str
    record_label: str
    direction: SyncDirection
    message: str
    code: str
    created_at: datetime
    updated_at: datetime
    netsuite_code: str | None = None
    hint: str | None = None
    status: SyncErrorStatus = SyncErrorStatus.OPEN
    occurrences: int = 1
    id: int | None = None

    def __post_init__(self) -> None:
        self.record_kind = RecordKind(self.record_kind)
        self.direction = SyncDirection(self.direction)
        self.status = SyncErrorStatus(self.status)

    @property
    def is_open(self) -> bool:
        return self.status is SyncErrorStatus.OPEN

    def recur(
        self,
        run_id: int | None,
        now: datetime,
        message: str,
        code: str,
        netsuite_code: str | None,
        hint: str | None,
    ) -> None:
        """The same record failed again: refresh the reason instead of adding a duplicate error."""
        self.run_id = run_id
        self.message, self.code, self.netsuite_code, self.hint = message, code, netsuite_code, hint
        self.occurrences += 1
        self.updated_at = now
        if self.status is SyncErrorStatus.RESOLVED:
            self.status = SyncErrorStatus.OPEN

    def resolve(self, now: datetime) -> None:
        self.status = SyncErrorStatus.RESOLVED
        self.updated_at = now

    def ignore(self, now: datetime) -> None:
        self.status = SyncErrorStatus.IGNORED
        self.updated_at = now

    def reopen(self, now: datetime) -> None:
        self.status = SyncErrorStatus.OPEN
        self.updated_at = now
