"""Read-only records the AR flows refer to: currency, subsidiary and sale items."""

from __future__ import annotations

from typing import Any

from netsuite_sandbox.errors import NetSuiteError, not_found
from netsuite_sandbox.records.common import Body, RecordContext, bool_field, drop_none, rest_datetime


class _ReadOnlyRecords:
    name = ""
    table = ""
    where = ""
    writable = False

    @property
    def path_name(self) -> str:
        return self.name.lower()

    def list_ids(self, ctx: RecordContext) -> list[int]:
        rows = ctx.connection.execute(f"SELECT id FROM {self.table} WHERE 1 = 1 {self.where} ORDER BY id")
        return [row[0] for row in rows]

    def exists(self, ctx: RecordContext, record_id: int) -> bool:
        return ctx.scalar(f"SELECT 1 FROM {self.table} WHERE id = ? {self.where}", record_id) is not None

    def find_by_external_id(self, ctx: RecordContext, external_id: str) -> int | None:
        found: int | None = ctx.scalar(
            f"SELECT id FROM {self.table} WHERE externalid = ? {self.where}", external_id
        )
        return found

    def read(self, ctx: RecordContext, record_id: int, expand: bool) -> dict[str, Any]:
        row = ctx.one(f"SELECT * FROM {self.table} WHERE id = ?", record_id)
        assert row is not None
        return drop_none(
            {"links": ctx.self_links(self.path_name, record_id), "id": str(record_id)}
            | self.fields(ctx, dict(row))
        )

    def fields(self, ctx: RecordContext, row: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def read_sublist(self, ctx: RecordContext, record_id: int, sublist: str) -> dict[str, Any]:
        raise not_found(f"Sublist '{sublist}' is not available for {self.name} records.")

    def create(self, ctx: RecordContext, body: Body) -> int:
        raise self._read_only()

    def update(self, ctx: RecordContext, record_id: int, body: Body, replace: set[str]) -> None:
        raise self._read_only()

    def delete(self, ctx: RecordContext, record_id: int) -> None:
        raise self._read_only()

    def _read_only(self) -> NetSuiteError:
        return NetSuiteError(
            405,
            "INVALID_REQUEST",
            f"The NetSuite sandbox serves {self.name} records read-only; "
            "seed them through POST /_sandbox/seed.",
        )


class CurrencyRecords(_ReadOnlyRecords):
    name = "currency"
    table = "currency"

    def fields(self, ctx: RecordContext, row: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": row["name"],
            "symbol": row["symbol"],
            "isBaseCurrency": bool_field(row["isbasecurrency"]),
            "exchangeRate": row["exchangerate"],
            "isInactive": bool_field(row["isinactive"]),
            "externalId": row["externalid"],
        }


class SubsidiaryRecords(_ReadOnlyRecords):
    name = "subsidiary"
    table = "subsidiary"

    def fields(self, ctx: RecordContext, row: dict[str, Any]) -> dict[str, Any]:
        currency = ctx.scalar("SELECT name FROM currency WHERE id = ?", row["currency"])
        return {
            "name": row["name"],
            "currency": ctx.reference("currency", row["currency"], currency),
            "isInactive": bool_field(row["isinactive"]),
            "externalId": row["externalid"],
            "lastModifiedDate": rest_datetime(row["lastmodifieddate"]),
        }


class _ItemRecords(_ReadOnlyRecords):
    table = "item"
    item_type = ""

    @property
    def where(self) -> str:  # type: ignore[override]
        return f"AND itemtype = '{self.item_type}'"

    def read(self, ctx: RecordContext, record_id: int, expand: bool) -> dict[str, Any]:
        if not self.exists(ctx, record_id):
            raise not_found()
        return super().read(ctx, record_id, expand)

    def fields(self, ctx: RecordContext, row: dict[str, Any]) -> dict[str, Any]:
        return {
            "itemId": row["itemid"],
            "displayName": row["displayname"],
            "salesDescription": row["description"],
            "itemType": {"id": row["itemtype"], "refName": row["itemtype"]},
            "isInactive": bool_field(row["isinactive"]),
            "externalId": row["externalid"],
            "lastModifiedDate": rest_datetime(row["lastmodifieddate"]),
        }


class ServiceSaleItemRecords(_ItemRecords):
    name = "serviceSaleItem"
    item_type = "Service"


class NonInventorySaleItemRecords(_ItemRecords):
    name = "nonInventorySaleItem"
    item_type = "NonInvtPart"
