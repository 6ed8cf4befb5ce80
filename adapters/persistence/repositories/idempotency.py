"""Idempotency keys, scoped to their company: claimed once, answered once, forgotten after a day."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from adapters.persistence.repositories._base import SqlRepository
from adapters.persistence.tables import IdempotencyKeyRow
from application.ports import StoredRequest


def _stored(row: IdempotencyKeyRow) -> StoredRequest:
    return StoredRequest(
        company_id=row.company_id,
        key=row.key,
        fingerprint=row.fingerprint,
        created_at=row.created_at,
        status=row.status,
        body=row.body,
        content_type=row.content_type,
    )


class SqlIdempotencyKeyRepository(SqlRepository):
    def _row(self, company_id: int, key: str) -> IdempotencyKeyRow | None:
        return self._session.scalars(
            select(IdempotencyKeyRow).where(
                IdempotencyKeyRow.company_id == company_id, IdempotencyKeyRow.key == key
            )
        ).one_or_none()

    def get(self, company_id: int, key: str) -> StoredRequest | None:
        row = self._row(company_id, key)
        return _stored(row) if row is not None else None

    def claim(self, request: StoredRequest, *, expired_before: datetime) -> StoredRequest | None:
        self._session.execute(
            delete(IdempotencyKeyRow).where(
                IdempotencyKeyRow.company_id == request.company_id,
                IdempotencyKeyRow.key == request.key,
                IdempotencyKeyRow.created_at < expired_before,
            )
        )
        existing = self._row(request.company_id, request.key)
        if existing is not None:
            return _stored(existing)
        try:
            # A savepoint: when another process claims the key first, its row is the answer.
            with self._session.begin_nested():
                self._session.add(
                    IdempotencyKeyRow(
                        company_id=request.company_id,
                        key=request.key,
                        fingerprint=request.fingerprint,
                        created_at=request.created_at,
                    )
                )
                self._session.flush()
        except IntegrityError:
            winner = self._row(request.company_id, request.key)
            assert winner is not None, "the unique key was taken, so its row exists"
            return _stored(winner)
        return None

    def record_answer(self, company_id: int, key: str, status: int, body: str, content_type: str) -> None:
        self._session.execute(
            update(IdempotencyKeyRow)
            .where(IdempotencyKeyRow.company_id == company_id, IdempotencyKeyRow.key == key)
            .values(status=status, body=body, content_type=content_type)
        )

    def release(self, company_id: int, key: str) -> None:
        self._session.execute(
            delete(IdempotencyKeyRow).where(
                IdempotencyKeyRow.company_id == company_id, IdempotencyKeyRow.key == key
            )
        )
