"""Signed-in dashboard sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from adapters.persistence.repositories._base import SqlRepository
from adapters.persistence.tables import DashboardSessionRow
from domain.company import DashboardSession


class SqlDashboardSessionRepository(SqlRepository):
    def add(self, session: DashboardSession) -> None:
        self._session.add(
            DashboardSessionRow(
                token_hash=session.token_hash,
                company_id=session.company_id,
                signed_in_at=session.signed_in_at,
                expires_at=session.expires_at,
            )
        )
        self._session.flush()

    def get(self, token_hash: str) -> DashboardSession | None:
        row = self._session.get(DashboardSessionRow, token_hash)
        if row is None:
            return None
        return DashboardSession(
            token_hash=row.token_hash,
            company_id=row.company_id,
            signed_in_at=row.signed_in_at,
            expires_at=row.expires_at,
        )

    def remove(self, token_hash: str) -> None:
        self._session.execute(delete(DashboardSessionRow).where(DashboardSessionRow.token_hash == token_hash))

    def remove_expired(self, now: datetime) -> int:
        ended = self._session.execute(
            delete(DashboardSessionRow).where(DashboardSessionRow.expires_at <= now)  # type: ignore[arg-type]
        )
        return int(getattr(ended, "rowcount", 0) or 0)
