"""Sync runs (Recent Syncs) and the per-record sync errors they leave behind."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select

from adapters.persistence.errors import written_or_conflict
from adapters.persistence.mappers import (
    sync_error_from_row,
    sync_error_row,
    sync_run_from_row,
    sync_run_row,
    write_sync_error,
    write_sync_run,
)
from adapters.persistence.repositories._base import SqlRepository, paged
from adapters.persistence.tables import SyncErrorRow, SyncRunRow
from application.errors import NotFound
from domain.records import RecordKind
from domain.sync import SyncError, SyncErrorStatus, SyncKind, SyncRun, SyncStatus

_ACTIVE = (SyncStatus.QUEUED.value, SyncStatus.RUNNING.value)


class SqlSyncRunRepository(SqlRepository):
    def add(self, run: SyncRun) -> SyncRun:
        row = sync_run_row(run)
        taken = {"uq_sync_runs_one_active_per_kind": f"A {run.kind.value} run is already queued or running."}
        with written_or_conflict(self._session, taken, missing=f"Company {run.company_id} does not exist."):
            self._session.add(row)
            self._session.flush()
        run.id = row.id
        return run

    def _row(self, company_id: int, run_id: int | None) -> SyncRunRow | None:
        if run_id is None:
            return None
        return self._session.scalars(
            select(SyncRunRow).where(SyncRunRow.company_id == company_id, SyncRunRow.id == run_id)
        ).one_or_none()

    def get(self, company_id: int, run_id: int) -> SyncRun | None:
        row = self._row(company_id, run_id)
        return sync_run_from_row(row) if row is not None else None

    def update(self, run: SyncRun) -> None:
        row = self._row(run.company_id, run.id)
        if row is None:
            raise NotFound(f"Sync run {run.id} was not found.")
        write_sync_run(row, run)
        self._session.flush()

    def active(self, company_id: int, kind: SyncKind) -> SyncRun | None:
        """The oldest queued or running run of this kind, if any."""
        row = self._session.scalars(
            select(SyncRunRow)
            .where(
                SyncRunRow.company_id == company_id,
                SyncRunRow.kind == kind.value,
                SyncRunRow.status.in_(_ACTIVE),
            )
            .order_by(SyncRunRow.id)
            .limit(1)
        ).first()
        return sync_run_from_row(row) if row is not None else None

    def recent(self, company_id: int, *, kind: SyncKind | None = None, limit: int = 20) -> list[SyncRun]:
        """Newest first."""
        statement = select(SyncRunRow).where(SyncRunRow.company_id == company_id)
        if kind is not None:
            statement = statement.where(SyncRunRow.kind == kind.value)
        rows = self._session.scalars(statement.order_by(SyncRunRow.id.desc()).limit(limit))
        return [sync_run_from_row(row) for row in rows]


class SqlSyncErrorRepository(SqlRepository):
    def add(self, error: SyncError) -> SyncError:
        row = sync_error_row(error)
        with written_or_conflict(
            self._session,
            {},
            missing=f"Company {error.company_id} or sync run {error.run_id} does not exist.",
        ):
            self._session.add(row)
            self._session.flush()
        error.id = row.id
        return error

    def _row(self, company_id: int, error_id: int | None) -> SyncErrorRow | None:
        if error_id is None:
            return None
        return self._session.scalars(
            select(SyncErrorRow).where(SyncErrorRow.company_id == company_id, SyncErrorRow.id == error_id)
        ).one_or_none()

    def get(self, company_id: int, error_id: int) -> SyncError | None:
        row = self._row(company_id, error_id)
        return sync_error_from_row(row) if row is not None else None

    def update(self, error: SyncError) -> None:
        row = self._row(error.company_id, error.id)
        if row is None:
            raise NotFound(f"Sync error {error.id} was not found.")
        with written_or_conflict(
            self._session,
            {},
            missing=f"Company {error.company_id} or sync run {error.run_id} does not exist.",
        ):
            write_sync_error(row, error)
            self._session.flush()

    def for_record(self, company_id: int, kind: RecordKind, record_id: str) -> SyncError | None:
        """The record's newest sync error, whatever its status."""
        row = self._session.scalars(
            select(SyncErrorRow)
            .where(
                SyncErrorRow.company_id == company_id,
                SyncErrorRow.record_kind == kind.value,
                SyncErrorRow.record_id == str(record_id),
            )
            .order_by(SyncErrorRow.id.desc())
            .limit(1)
        ).first()
        return sync_error_from_row(row) if row is not None else None

    def list(
        self,
        company_id: int,
        *,
        status: SyncErrorStatus | None = None,
        run_id: int | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[SyncError]:
        """Newest first."""
        conditions: list[ColumnElement[Any]] = [SyncErrorRow.company_id == company_id]
        if status is not None:
            conditions.append(SyncErrorRow.status == status.value)
        if run_id is not None:
            conditions.append(SyncErrorRow.run_id == run_id)
        statement = select(SyncErrorRow).where(*conditions).order_by(SyncErrorRow.id.desc())
        return [sync_error_from_row(row) for row in self._session.scalars(paged(statement, offset, limit))]
