"""Payments with their applications to invoices, scoped to their company."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, func, select

from adapters.persistence.errors import written_or_conflict
from adapters.persistence.mappers import payment_from_row, payment_row, write_payment
from adapters.persistence.repositories._base import (
    SqlRepository,
    chunks,
    in_order,
    metadata_matches,
    paged,
    sorted_by_id,
    unsynced,
)
from adapters.persistence.tables import PaymentApplicationRow, PaymentRow
from application.errors import NotFound
from application.ports import PaymentFilter
from domain.payment import Payment
from domain.records import Origin, RecordKind


def _missing(payment: Payment) -> str:
    invoices = ", ".join(str(invoice_id) for invoice_id in payment.invoice_ids) or "none"
    return (
        f"{payment.label} refers to a customer ({payment.customer_id}) or invoices ({invoices}) "
        "that do not exist."
    )


def _conditions(company_id: int, where: PaymentFilter) -> list[ColumnElement[Any]]:
    conditions: list[ColumnElement[Any]] = [PaymentRow.company_id == company_id]
    for column, value in (
        (PaymentRow.customer_id, where.customer_id),
        (PaymentRow.method, where.method),
        (PaymentRow.source, where.source),
        (PaymentRow.currency, where.currency),
        (PaymentRow.voided, where.voided),
        (PaymentRow.origin, where.origin.value if where.origin else None),
    ):
        if value is not None:
            conditions.append(column == value)
    if where.invoice_id is not None:
        applied = select(PaymentApplicationRow.payment_id).where(
            PaymentApplicationRow.invoice_id == where.invoice_id
        )
        conditions.append(PaymentRow.id.in_(applied))
    if where.updated_after is not None:
        conditions.append(PaymentRow.updated_at > where.updated_after)
    if where.date_from is not None:
        conditions.append(PaymentRow.date >= where.date_from)
    if where.date_to is not None:
        conditions.append(PaymentRow.date <= where.date_to)
    if where.unsynced is not None:
        conditions.append(
            unsynced(
                PaymentRow.company_id, PaymentRow.id, PaymentRow.version, RecordKind.PAYMENT, where.unsynced
            )
        )
    conditions.extend(metadata_matches(PaymentRow.metadata_json, where.metadata))
    return conditions


def _combined(
    where: PaymentFilter | None, origin: Origin | None, invoice_id: int | None, voided: bool | None
) -> PaymentFilter:
    """The filter with the keyword shortcuts the sync uses folded in."""
    base = where or PaymentFilter()
    return replace(
        base,
        origin=origin if origin is not None else base.origin,
        invoice_id=invoice_id if invoice_id is not None else base.invoice_id,
        voided=voided if voided is not None else base.voided,
    )


class SqlPaymentRepository(SqlRepository):
    def add(self, payment: Payment) -> Payment:
        row = payment_row(payment)
        with written_or_conflict(self._session, {}, missing=_missing(payment), missing_param="applied_to"):
            self._session.add(row)
            self._session.flush()
        payment.id = row.id
        return payment

    def _row(self, company_id: int, payment_id: int | None) -> PaymentRow | None:
        if payment_id is None:
            return None
        return self._session.scalars(
            select(PaymentRow).where(PaymentRow.company_id == company_id, PaymentRow.id == payment_id)
        ).one_or_none()

    def get(self, company_id: int, payment_id: int) -> Payment | None:
        row = self._row(company_id, payment_id)
        return payment_from_row(row) if row is not None else None

    def update(self, payment: Payment) -> None:
        row = self._row(payment.company_id, payment.id)
        if row is None:
            raise NotFound(f"Payment {payment.id} was not found.")
        with written_or_conflict(self._session, {}, missing=_missing(payment), missing_param="applied_to"):
            write_payment(row, payment)
            self._session.flush()

    def by_ids(self, company_id: int, ids: Collection[int]) -> list[Payment]:
        rows: list[PaymentRow] = []
        for chunk in chunks(ids):
            rows.extend(
                self._session.scalars(
                    select(PaymentRow).where(PaymentRow.company_id == company_id, PaymentRow.id.in_(chunk))
                )
            )
        return [payment_from_row(row) for row in sorted_by_id(rows)]

    def list(
        self,
        company_id: int,
        *,
        origin: Origin | None = None,
        invoice_id: int | None = None,
        voided: bool | None = None,
        where: PaymentFilter | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Payment]:
        combined = _combined(where, origin, invoice_id, voided)
        statement = in_order(
            select(PaymentRow).where(*_conditions(company_id, combined)), PaymentRow, combined.sort
        )
        return [payment_from_row(row) for row in self._session.scalars(paged(statement, offset, limit))]

    def applying_credit_notes(self, company_id: int, credit_note_ids: Collection[int]) -> list[Payment]:
        """The payments with an entry applying one of these credit notes (voided ones too)."""
        rows: list[PaymentRow] = []
        for chunk in chunks(credit_note_ids):
            applying = select(PaymentApplicationRow.payment_id).where(
                PaymentApplicationRow.credit_note_id.in_(chunk)  # type: ignore[union-attr]
            )
            rows.extend(
                self._session.scalars(
                    select(PaymentRow).where(PaymentRow.company_id == company_id, PaymentRow.id.in_(applying))
                )
            )
        return [payment_from_row(row) for row in sorted_by_id(list({row.id: row for row in rows}.values()))]

    def count(self, company_id: int, where: PaymentFilter | None = None) -> int:
        statement = (
            select(func.count())
            .select_from(PaymentRow)
            .where(*_conditions(company_id, where or PaymentFilter()))
        )
        return self._session.scalar(statement) or 0
