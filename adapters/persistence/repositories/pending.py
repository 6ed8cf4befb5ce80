"""Writes sent to NetSuite whose answer was not settled yet."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select

from adapters.persistence.repositories._base import SqlRepository, chunks
from adapters.persistence.tables import PendingWriteRow
from domain.pending import PendingWrite
from domain.records import RecordKind


class SqlPendingWriteRepository(SqlRepository):
    def add(self, pending: Collection[PendingWrite]) -> None:
        by_key = {(p.company_id, p.kind.value, p.local_id): p for p in pending}
        if not by_key:
            return
        for company_id, kind in {(key[0], key[1]) for key in by_key}:
            ids = [key[2] for key in by_key if key[:2] == (company_id, kind)]
            for batch in chunks(ids):
                noted = self._session.scalars(
                    select(PendingWriteRow.local_id).where(
                        PendingWriteRow.company_id == company_id,
                        PendingWriteRow.kind == kind,
                        PendingWriteRow.local_id.in_(batch),  # type: ignore[attr-defined]
                    )
                ).all()
                for local_id in set(batch) - set(noted):
                    write = by_key[(company_id, kind, local_id)]
                    self._session.add(
                        PendingWriteRow(
                            company_id=company_id, kind=kind, local_id=local_id, sent_at=write.sent_at
                        )
                    )
        self._session.flush()

    def remove(self, company_id: int, kind: RecordKind, local_ids: Collection[int]) -> None:
        for batch in chunks(local_ids):
            self._session.execute(
                delete(PendingWriteRow).where(
                    PendingWriteRow.company_id == company_id,  # type: ignore[arg-type]
                    PendingWriteRow.kind == kind.value,  # type: ignore[arg-type]
                    PendingWriteRow.local_id.in_(batch),  # type: ignore[attr-defined]
                )
            )

    def list(self, company_id: int, kind: RecordKind) -> list[PendingWrite]:
        rows = self._session.scalars(
            select(PendingWriteRow)
            .where(PendingWriteRow.company_id == company_id, PendingWriteRow.kind == kind.value)
            .order_by(PendingWriteRow.local_id)  # type: ignore[arg-type]
        ).all()
        return [PendingWrite(r.company_id, RecordKind(r.kind), r.local_id, r.sent_at) for r in rows]
