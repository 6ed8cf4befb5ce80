"""Companies (tenants) and their API keys."""

from __future__ import annotations

from sqlalchemy import select

from adapters.persistence.errors import written_or_conflict
from adapters.persistence.mappers import (
    api_key_row,
    company_from_row,
    company_row,
    write_company,
)
from adapters.persistence.repositories._base import SqlRepository
from adapters.persistence.tables import ApiKeyRow, CompanyRow
from application.errors import NotFound
from domain.company import ApiKey, Company


class SqlCompanyRepository(SqlRepository):
    def add(self, company: Company) -> Company:
        row = company_row(company)
        with written_or_conflict(self._session, {}, missing="The company refers to a missing record."):
            self._session.add(row)
            self._session.flush()
        company.id = row.id
        return company

    def get(self, company_id: int) -> Company | None:
        row = self._session.get(CompanyRow, company_id)
        return company_from_row(row) if row is not None else None

    def update(self, company: Company) -> None:
        row = self._session.get(CompanyRow, company.id) if company.id is not None else None
        if row is None:
            raise NotFound(f"Company {company.id} was not found.")
        with written_or_conflict(self._session, {}, missing="The company refers to a missing record."):
            write_company(row, company)
            self._session.flush()

    def list(self) -> list[Company]:
        rows = self._session.scalars(select(CompanyRow).order_by(CompanyRow.id))
        return [company_from_row(row) for row in rows]

    def add_api_key(self, key: ApiKey) -> ApiKey:
        row = api_key_row(key)
        with written_or_conflict(
            self._session,
            {"uq_api_keys_key_hash": "This API key is already registered; generate a new one."},
            missing=f"Company {key.company_id} does not exist.",
            missing_param="company_id",
        ):
            self._session.add(row)
            self._session.flush()
        key.id = row.id
        return key

    def company_for_key_hash(self, key_hash: str) -> Company | None:
        row = self._session.scalars(
            select(CompanyRow)
            .join(ApiKeyRow, ApiKeyRow.company_id == CompanyRow.id)
            .where(ApiKeyRow.key_hash == key_hash, ApiKeyRow.revoked == False)  # noqa: E712 (SQL, not Python)
        ).first()
        return company_from_row(row) if row is not None else None
