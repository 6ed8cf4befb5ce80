"""Each company's NetSuite connection and settings, and the scheduler's claim on due auto-syncs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from adapters.persistence.errors import written_or_conflict
from adapters.persistence.mappers import connection_from_row, connection_row, write_connection
from adapters.persistence.repositories._base import SqlRepository
from adapters.persistence.tables import NetSuiteConnectionRow
from domain.integration import NetSuiteConnection


class SqlConnectionRepository(SqlRepository):
    def _row(self, company_id: int) -> NetSuiteConnectionRow | None:
        return self._session.scalars(
            select(NetSuiteConnectionRow).where(NetSuiteConnectionRow.company_id == company_id)
        ).one_or_none()

    def get(self, company_id: int) -> NetSuiteConnection | None:
        row = self._row(company_id)
        return connection_from_row(row) if row is not None else None

    def save(self, connection: NetSuiteConnection) -> NetSuiteConnection:
        """Create the company's connection or replace it (one per company)."""
        row = self._row(connection.company_id)
        with written_or_conflict(
            self._session,
            {"uq_netsuite_connections_company_id": "This company was connected at the same time; try again."},
            missing=f"Company {connection.company_id} does not exist.",
        ):
            if row is None:
                row = connection_row(connection)
                self._session.add(row)
            else:
                write_connection(row, connection)
            self._session.flush()
        connection.id = row.id
        return connection

    def delete(self, company_id: int) -> None:
        row = self._row(company_id)
        if row is not None:
            self._session.delete(row)
            self._session.flush()

    def claim_due(self, now: datetime, limit: int = 100) -> list[NetSuiteConnection]:
        """Take up to `limit` connections whose auto-sync is due and move their next_sync_at on.

        The claim holds until the caller's unit of work commits (the scheduler claims, enqueues, commits):
        on PostgreSQL the rows are locked FOR UPDATE SKIP LOCKED, so a concurrent claimer skips them and,
        once committed, no longer finds them due; on SQLite every transaction begins IMMEDIATE (engine.py),
        so claimers take turns. Rolling back releases the claim."""
        statement = (
            select(NetSuiteConnectionRow)
            .where(
                NetSuiteConnectionRow.auto_sync == True,  # noqa: E712 (SQL, not Python)
                NetSuiteConnectionRow.next_sync_at.is_not(None),
                NetSuiteConnectionRow.next_sync_at <= now,
            )
            .order_by(NetSuiteConnectionRow.next_sync_at, NetSuiteConnectionRow.id)
            .limit(limit)
            .execution_options(populate_existing=True)
        )
        if self._session.get_bind().dialect.name == "postgresql":
            statement = statement.with_for_update(skip_locked=True)
        claimed: list[NetSuiteConnection] = []
        for row in self._session.scalars(statement).all():
            connection = connection_from_row(row)
            connection.schedule_next(now)
            row.next_sync_at = connection.next_sync_at
            claimed.append(connection)
        self._session.flush()
        return claimed
