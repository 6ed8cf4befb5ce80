"""The customer record: companies and persons, with currency and subsidiary."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from netsuite_sandbox.errors import has_dependent_records, missing_values
from netsuite_sandbox.records.address_book import delete_address_book, write_address_book
from netsuite_sandbox.records.common import (
    Body,
    RecordContext,
    bool_field,
    drop_none,
    ensure_external_id_free,
    require_row,
    rest_datetime,
)
from netsuite_sandbox.statuses import CREDIT_MEMO, INVOICE, PAYMENT

_TEXT_FIELDS = ("entityid", "companyname", "firstname", "lastname", "email", "phone", "comments")


class CustomerRecords:
    name = "customer"
    writable = True

    @property
    def path_name(self) -> str:
        return "customer"

    def list_ids(self, ctx: RecordContext) -> list[int]:
        return [row[0] for row in ctx.connection.execute("SELECT id FROM customer ORDER BY id")]

    def find_by_external_id(self, ctx: RecordContext, external_id: str) -> int | None:
        found: int | None = ctx.scalar("SELECT id FROM customer WHERE externalid = ?", external_id)
        return found

    def exists(self, ctx: RecordContext, record_id: int) -> bool:
        return ctx.scalar("SELECT 1 FROM customer WHERE id = ?", record_id) is not None

    def read(self, ctx: RecordContext, record_id: int, expand: bool) -> dict[str, Any]:
        row = ctx.one("SELECT * FROM customer WHERE id = ?", record_id)
        assert row is not None
        currency = ctx.one("SELECT name FROM currency WHERE id = ?", row["currency"])
        subsidiary = ctx.one("SELECT name FROM subsidiary WHERE id = ?", row["subsidiary"])
        parent = ctx.one("SELECT altname FROM customer WHERE id = ?", row["parent"])
        return drop_none(
            {
                "links": ctx.self_links("customer", record_id),
                "altName": row["altname"],
                "balance": self.balance(ctx, record_id),
                "comments": row["comments"],
                "companyName": row["companyname"],
                "currency": currency and ctx.reference("currency", row["currency"], currency[0]),
                "dateCreated": rest_datetime(row["datecreated"]),
                "email": row["email"],
                "entityId": row["entityid"],
                "externalId": row["externalid"],
                "firstName": row["firstname"],
                "id": str(record_id),
                "isInactive": bool_field(row["isinactive"]),
                "isPerson": bool_field(row["isperson"]),
                "lastModifiedDate": rest_datetime(row["lastmodifieddate"]),
                "lastName": row["lastname"],
                "parent": parent and ctx.reference("customer", row["parent"], parent[0]),
                "phone": row["phone"],
                "subsidiary": subsidiary and ctx.reference("subsidiary", row["subsidiary"], subsidiary[0]),
                "terms": row["terms"] and {"id": str(row["terms"])},
            }
        )

    def read_sublist(self, ctx: RecordContext, record_id: int, sublist: str) -> dict[str, Any]:
        from netsuite_sandbox.errors import not_found

        raise not_found(f"Sublist '{sublist}' is not available for customer records.")

    def balance(self, ctx: RecordContext, record_id: int) -> Decimal:
        """Open invoice amounts less unapplied payments and credits, in the customer's currency."""
        owed = ctx.scalar(
            'SELECT TOTAL(foreignamountremaining) FROM "transaction" WHERE entity = ? '
            "AND type = ? AND voided = 'F'",
            record_id,
            INVOICE,
        )
        unapplied = ctx.scalar(
            'SELECT TOTAL(foreignpaymentamountunused) FROM "transaction" WHERE entity = ? '
            "AND type IN (?, ?) AND voided = 'F'",
            record_id,
            PAYMENT,
            CREDIT_MEMO,
        )
        # TOTAL() sums in floating point; round back to cents through the decimal string.
        return (Decimal(repr(owed)) - Decimal(repr(unapplied))).quantize(Decimal("0.01"))

    def create(self, ctx: RecordContext, body: Body) -> int:
        values = self._values(ctx, body, current=None)
        values["datecreated"] = ctx.now
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = ctx.connection.execute(
            f"INSERT INTO customer ({columns}) VALUES ({marks})", list(values.values())
        )
        assert cursor.lastrowid is not None
        write_address_book(ctx, cursor.lastrowid, body)
        return cursor.lastrowid

    def update(self, ctx: RecordContext, record_id: int, body: Body, replace: set[str]) -> None:
        current = ctx.one("SELECT * FROM customer WHERE id = ?", record_id)
        assert current is not None
        values = self._values(ctx, body, current=dict(current))
        assignments = ", ".join(f"{column} = ?" for column in values)
        ctx.connection.execute(
            f"UPDATE customer SET {assignments} WHERE id = ?", [*values.values(), record_id]
        )
        write_address_book(ctx, record_id, body)

    def delete(self, ctx: RecordContext, record_id: int) -> None:
        if ctx.scalar('SELECT 1 FROM "transaction" WHERE entity = ? LIMIT 1', record_id):
            raise has_dependent_records()
        delete_address_book(ctx, record_id)
        ctx.connection.execute("DELETE FROM customer WHERE id = ?", (record_id,))

    def _values(self, ctx: RecordContext, body: Body, current: dict[str, Any] | None) -> dict[str, Any]:
        """The full column set after applying the body onto the current row (or defaults)."""
        row: dict[str, Any] = dict(current or {"isperson": "F", "isinactive": "F"})
        for column in _TEXT_FIELDS:
            if body.has(column):
                row[column] = body.text(column)
        for column in ("isperson", "isinactive"):
            if body.has(column):
                row[column] = body.flag(column) or "F"
        for column in ("currency", "subsidiary", "terms", "parent"):
            if body.has(column):
                row[column] = body.reference(column)
        if body.has("externalid"):
            row["externalid"] = body.text("externalid")

        if row.get("subsidiary") is None:
            raise missing_values("Subsidiary")
        subsidiary = require_row(ctx, "subsidiary", row["subsidiary"], "subsidiary")
        if row.get("currency") is None:
            row["currency"] = subsidiary["currency"]
        require_row(ctx, "currency", row["currency"], "currency")
        if row.get("parent") is not None:
            require_row(ctx, "customer", row["parent"], "parent")
        if row["isperson"] == "T":
            if not (row.get("firstname") or row.get("lastname")):
                raise missing_values("First Name", "Last Name")
            altname = " ".join(part for part in (row.get("firstname"), row.get("lastname")) if part)
        else:
            if not row.get("companyname"):
                raise missing_values("Company Name")
            altname = row["companyname"]
        row["altname"] = altname
        if not row.get("entityid"):
            row["entityid"] = altname  # the account has no auto-numbering for customers
        ensure_external_id_free(ctx, "customer", row.get("externalid"), row.get("id"))
        row["lastmodifieddate"] = ctx.now
        row.pop("id", None)
        return row
