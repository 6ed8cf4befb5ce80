"""Invoices with their line items, scoped to their company. Lines load in one IN query per batch."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, not_, or_, select

from adapters.persistence.errors import written_or_conflict
from adapters.persistence.mappers import invoice_from_row, invoice_row, write_invoice
from adapters.persistence.repositories._base import (
    SqlRepository,
    chunks,
    in_order,
    metadata_matches,
    paged,
    sorted_by_id,
    unsynced,
)
from adapters.persistence.tables import InvoiceLineRow, InvoiceRow
from application.errors import NotFound
from application.ports import InvoiceFilter
from domain.invoice import Invoice
from domain.records import RecordKind


def _taken(invoice: Invoice) -> dict[str, str]:
    return {"uq_invoices_company_id_number": f"The invoice number {invoice.number} has already been taken."}


def _missing(invoice: Invoice) -> str:
    return f"{invoice.label} is for customer {invoice.customer_id}, which does not exist."


def _conditions(company_id: int, where: InvoiceFilter | None) -> list[ColumnElement[Any]]:
    conditions: list[ColumnElement[Any]] = [InvoiceRow.company_id == company_id]
    if where is None:
        return conditions
    if where.customer_id is not None:
        conditions.append(InvoiceRow.customer_id == where.customer_id)
    if where.origin is not None:
        conditions.append(InvoiceRow.origin == where.origin.value)
    if where.draft is not None:
        conditions.append(InvoiceRow.draft == where.draft)
    if where.voided is not None:
        conditions.append(InvoiceRow.voided == where.voided)
    if where.number is not None:
        conditions.append(InvoiceRow.number == where.number)
    if where.updated_after is not None:
        conditions.append(InvoiceRow.updated_at > where.updated_after)
    if where.paid is not None:
        conditions.append(InvoiceRow.paid == where.paid)
    if where.sent is not None:
        conditions.append(InvoiceRow.sent == where.sent)
    if where.closed is not None:
        closed = or_(InvoiceRow.closed, InvoiceRow.paid, InvoiceRow.voided)
        conditions.append(closed if where.closed else and_(not_(closed)))
    if where.currency is not None:
        conditions.append(InvoiceRow.currency == where.currency)
    if where.date_from is not None:
        conditions.append(InvoiceRow.date >= where.date_from)
    if where.date_to is not None:
        conditions.append(InvoiceRow.date <= where.date_to)
    if where.unsynced is not None:
        conditions.append(
            unsynced(
                InvoiceRow.company_id, InvoiceRow.id, InvoiceRow.version, RecordKind.INVOICE, where.unsynced
            )
        )
    conditions.extend(metadata_matches(InvoiceRow.metadata_json, where.metadata))
    return conditions


def _take_line_ids(invoice: Invoice, row: InvoiceRow) -> None:
    """Lines written for the first time learn the ids their rows were given."""
    invoice.items = [replace(item, id=line.id) for item, line in zip(invoice.items, row.lines, strict=True)]


class SqlInvoiceRepository(SqlRepository):
    def add(self, invoice: Invoice) -> Invoice:
        row = invoice_row(invoice)
        with written_or_conflict(
            self._session, _taken(invoice), missing=_missing(invoice), missing_param="customer"
        ):
            self._session.add(row)
            self._session.flush()
        invoice.id = row.id
        _take_line_ids(invoice, row)
        return invoice

    def _row(self, company_id: int, invoice_id: int | None) -> InvoiceRow | None:
        if invoice_id is None:
            return None
        return self._session.scalars(
            select(InvoiceRow).where(InvoiceRow.company_id == company_id, InvoiceRow.id == invoice_id)
        ).one_or_none()

    def get(self, company_id: int, invoice_id: int) -> Invoice | None:
        row = self._row(company_id, invoice_id)
        return invoice_from_row(row) if row is not None else None

    def update(self, invoice: Invoice) -> None:
        row = self._row(invoice.company_id, invoice.id)
        if row is None:
            raise NotFound(f"Invoice {invoice.id} was not found.")
        with written_or_conflict(
            self._session, _taken(invoice), missing=_missing(invoice), missing_param="customer"
        ):
            write_invoice(row, invoice)
            self._session.flush()
        _take_line_ids(invoice, row)

    def by_number(self, company_id: int, number: str) -> Invoice | None:
        row = self._session.scalars(
            select(InvoiceRow).where(InvoiceRow.company_id == company_id, InvoiceRow.number == number)
        ).one_or_none()
        return invoice_from_row(row) if row is not None else None

    def by_numbers(self, company_id: int, numbers: Collection[str]) -> list[Invoice]:
        rows: list[InvoiceRow] = []
        for chunk in chunks(numbers):
            rows.extend(
                self._session.scalars(
                    select(InvoiceRow).where(
                        InvoiceRow.company_id == company_id, InvoiceRow.number.in_(chunk)
                    )
                )
            )
        return [invoice_from_row(row) for row in sorted_by_id(rows)]

    def by_ids(self, company_id: int, ids: Collection[int]) -> list[Invoice]:
        rows: list[InvoiceRow] = []
        for chunk in chunks(ids):
            rows.extend(
                self._session.scalars(
                    select(InvoiceRow).where(InvoiceRow.company_id == company_id, InvoiceRow.id.in_(chunk))
                )
            )
        return [invoice_from_row(row) for row in sorted_by_id(rows)]

    def list(
        self,
        company_id: int,
        where: InvoiceFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Invoice]:
        statement = in_order(
            select(InvoiceRow).where(*_conditions(company_id, where)),
            InvoiceRow,
            (where or InvoiceFilter()).sort,
        )
        return [invoice_from_row(row) for row in self._session.scalars(paged(statement, offset, limit))]

    def count(self, company_id: int, where: InvoiceFilter | None = None) -> int:
        statement = select(func.count()).select_from(InvoiceRow).where(*_conditions(company_id, where))
        return self._session.scalar(statement) or 0

    def delete(self, company_id: int, invoice_id: int) -> None:
        row = self._row(company_id, invoice_id)
        if row is None:
            raise NotFound(f"Invoice {invoice_id} was not found.")
        self._session.execute(delete(InvoiceLineRow).where(InvoiceLineRow.invoice_id == invoice_id))
        self._session.execute(
            delete(InvoiceRow).where(InvoiceRow.company_id == company_id, InvoiceRow.id == invoice_id)
        )
        self._session.expunge(row)
