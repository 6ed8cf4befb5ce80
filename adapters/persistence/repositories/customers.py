"""Customers, scoped to their company."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select

from adapters.persistence.errors import written_or_conflict
from adapters.persistence.mappers import customer_from_row, customer_row, write_customer
from adapters.persistence.repositories._base import (
    SqlRepository,
    chunks,
    in_order,
    metadata_matches,
    paged,
    sorted_by_id,
    unsynced,
)
from adapters.persistence.tables import CustomerRow
from application.errors import NotFound
from application.ports import CustomerFilter
from domain.customer import Customer
from domain.records import RecordKind


def _taken(customer: Customer) -> dict[str, str]:
    return {
        "uq_customers_company_id_number": f"The customer number {customer.number} has already been taken."
    }


def _missing(customer: Customer) -> str:
    return f"Company {customer.company_id} does not exist."


def _conditions(company_id: int, where: CustomerFilter | None) -> list[ColumnElement[Any]]:
    conditions: list[ColumnElement[Any]] = [CustomerRow.company_id == company_id]
    if where is None:
        return conditions
    for column, value in (
        (CustomerRow.number, where.number),
        (CustomerRow.name, where.name),
        (CustomerRow.email, where.email),
        (CustomerRow.type, where.type),
        (CustomerRow.currency, where.currency),
        (CustomerRow.origin, where.origin.value if where.origin else None),
    ):
        if value is not None:
            conditions.append(column == value)
    if where.updated_after is not None:
        conditions.append(CustomerRow.updated_at > where.updated_after)
    if where.unsynced is not None:
        conditions.append(
            unsynced(
                CustomerRow.company_id,
                CustomerRow.id,
                CustomerRow.version,
                RecordKind.CUSTOMER,
                where.unsynced,
            )
        )
    conditions.extend(metadata_matches(CustomerRow.metadata_json, where.metadata))
    return conditions


class SqlCustomerRepository(SqlRepository):
    def add(self, customer: Customer) -> Customer:
        row = customer_row(customer)
        with written_or_conflict(self._session, _taken(customer), missing=_missing(customer)):
            self._session.add(row)
            self._session.flush()
        customer.id = row.id
        return customer

    def _row(self, company_id: int, customer_id: int | None) -> CustomerRow | None:
        if customer_id is None:
            return None
        return self._session.scalars(
            select(CustomerRow).where(CustomerRow.company_id == company_id, CustomerRow.id == customer_id)
        ).one_or_none()

    def get(self, company_id: int, customer_id: int) -> Customer | None:
        row = self._row(company_id, customer_id)
        return customer_from_row(row) if row is not None else None

    def update(self, customer: Customer) -> None:
        row = self._row(customer.company_id, customer.id)
        if row is None:
            raise NotFound(f"Customer {customer.id} was not found.")
        with written_or_conflict(self._session, _taken(customer), missing=_missing(customer)):
            write_customer(row, customer)
            self._session.flush()

    def by_number(self, company_id: int, number: str) -> Customer | None:
        row = self._session.scalars(
            select(CustomerRow).where(CustomerRow.company_id == company_id, CustomerRow.number == number)
        ).one_or_none()
        return customer_from_row(row) if row is not None else None

    def by_ids(self, company_id: int, ids: Collection[int]) -> list[Customer]:
        rows: list[CustomerRow] = []
        for chunk in chunks(ids):
            rows.extend(
                self._session.scalars(
                    select(CustomerRow).where(CustomerRow.company_id == company_id, CustomerRow.id.in_(chunk))
                )
            )
        return [customer_from_row(row) for row in sorted_by_id(rows)]

    def list(
        self,
        company_id: int,
        where: CustomerFilter | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Customer]:
        statement = in_order(
            select(CustomerRow).where(*_conditions(company_id, where)),
            CustomerRow,
            (where or CustomerFilter()).sort,
        )
        return [customer_from_row(row) for row in self._session.scalars(paged(statement, offset, limit))]

    def count(self, company_id: int, where: CustomerFilter | None = None) -> int:
        statement = select(func.count()).select_from(CustomerRow).where(*_conditions(company_id, where))
        return self._session.scalar(statement) or 0

    def delete(self, company_id: int, customer_id: int) -> None:
        row = self._row(company_id, customer_id)
        if row is None:
            raise NotFound(f"Customer {customer_id} was not found.")
        self._session.execute(
            delete(CustomerRow).where(CustomerRow.company_id == company_id, CustomerRow.id == customer_id)
        )
        self._session.expunge(row)
