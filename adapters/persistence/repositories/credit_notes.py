"""Credit notes, scoped to their company; lines, discounts and taxes travel with the row."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, func, select

from adapters.persistence.errors import written_or_conflict
from adapters.persistence.mappers import credit_note_from_row, credit_note_row, write_credit_note
from adapters.persistence.repositories._base import SqlRepository, chunks, paged, sorted_by_id, unsynced
from adapters.persistence.tables import CreditNoteRow
from application.errors import NotFound
from application.ports import CreditNoteFilter
from domain.credit_note import CreditNote
from domain.records import RecordKind


def _taken(note: CreditNote) -> dict[str, str]:
    return {
        "uq_credit_notes_company_id_number": f"The credit note number {note.number} has already been taken."
    }


def _missing(note: CreditNote) -> str:
    return f"{note.label} is for customer {note.customer_id}, which does not exist."


def _conditions(company_id: int, where: CreditNoteFilter | None) -> list[ColumnElement[Any]]:
    conditions: list[ColumnElement[Any]] = [CreditNoteRow.company_id == company_id]
    if where is None:
        return conditions
    if where.customer_id is not None:
        conditions.append(CreditNoteRow.customer_id == where.customer_id)
    if where.origin is not None:
        conditions.append(CreditNoteRow.origin == where.origin.value)
    if where.draft is not None:
        conditions.append(CreditNoteRow.draft == where.draft)
    if where.voided is not None:
        conditions.append(CreditNoteRow.voided == where.voided)
    if where.number is not None:
        conditions.append(CreditNoteRow.number == where.number)
    if where.updated_after is not None:
        conditions.append(CreditNoteRow.updated_at > where.updated_after)
    if where.date_from is not None:
        conditions.append(CreditNoteRow.date >= where.date_from)
    if where.unsynced is not None:
        conditions.append(
            unsynced(
                CreditNoteRow.company_id,
                CreditNoteRow.id,
                CreditNoteRow.version,
                RecordKind.CREDIT_NOTE,
                where.unsynced,
            )
        )
    return conditions


class SqlCreditNoteRepository(SqlRepository):
    def add(self, note: CreditNote) -> CreditNote:
        row = credit_note_row(note)
        with written_or_conflict(
            self._session, _taken(note), missing=_missing(note), missing_param="customer"
        ):
            self._session.add(row)
            self._session.flush()
        note.id = row.id
        return note

    def _row(self, company_id: int, note_id: int | None) -> CreditNoteRow | None:
        if note_id is None:
            return None
        return self._session.scalars(
            select(CreditNoteRow).where(CreditNoteRow.company_id == company_id, CreditNoteRow.id == note_id)
        ).one_or_none()

    def get(self, company_id: int, note_id: int) -> CreditNote | None:
        row = self._row(company_id, note_id)
        return credit_note_from_row(row) if row is not None else None

    def update(self, note: CreditNote) -> None:
        row = self._row(note.company_id, note.id)
        if row is None:
            raise NotFound(f"Credit note {note.id} was not found.")
        with written_or_conflict(
            self._session, _taken(note), missing=_missing(note), missing_param="customer"
        ):
            write_credit_note(row, note)
            self._session.flush()

    def by_number(self, company_id: int, number: str) -> CreditNote | None:
        row = self._session.scalars(
            select(CreditNoteRow).where(
                CreditNoteRow.company_id == company_id, CreditNoteRow.number == number
            )
        ).one_or_none()
        return credit_note_from_row(row) if row is not None else None

    def by_ids(self, company_id: int, ids: Collection[int]) -> list[CreditNote]:
        rows: list[CreditNoteRow] = []
        for chunk in chunks(ids):
            rows.extend(
                self._session.scalars(
                    select(CreditNoteRow).where(
                        CreditNoteRow.company_id == company_id, CreditNoteRow.id.in_(chunk)
                    )
                )
            )
        return [credit_note_from_row(row) for row in sorted_by_id(rows)]

    def list(
        self,
        company_id: int,
        where: CreditNoteFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[CreditNote]:
        statement = select(CreditNoteRow).where(*_conditions(company_id, where)).order_by(CreditNoteRow.id)
        return [credit_note_from_row(row) for row in self._session.scalars(paged(statement, offset, limit))]

    def count(self, company_id: int, where: CreditNoteFilter | None = None) -> int:
        statement = select(func.count()).select_from(CreditNoteRow).where(*_conditions(company_id, where))
        return self._session.scalar(statement) or 0
