"""What every record type shares: links, reference fields, body parsing, the handler protocol."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, Protocol

from netsuite_sandbox.errors import (
    NetSuiteError,
    invalid_content,
    invalid_reference,
    user_error,
)
from netsuite_sandbox.store import SqlDate, SqlDateTime
from netsuite_sandbox.values import (
    db_datetime,
    iso_utc,
    parse_bool,
    parse_date,
    parse_decimal,
    reference_id,
    utc_now,
)

RECORD_PATH = "/services/rest/record/v1"


@dataclass
class RecordContext:
    """One request's view: the database (inside a transaction for writes) and link base."""

    connection: sqlite3.Connection
    base_url: str
    now: str = field(default_factory=lambda: db_datetime(utc_now()))

    def href(self, record_path: str, *parts: object) -> str:
        suffix = "/".join(str(part) for part in parts)
        return f"{self.base_url}{RECORD_PATH}/{record_path}" + (f"/{suffix}" if suffix else "")

    def self_links(self, record_path: str, *parts: object) -> list[dict[str, str]]:
        return [{"rel": "self", "href": self.href(record_path, *parts)}]

    def reference(self, record_path: str, record_id: object, ref_name: str | None) -> dict[str, Any]:
        value: dict[str, Any] = {
            "links": self.self_links(record_path, record_id),
            "id": str(record_id),
        }
        if ref_name is not None:
            value["refName"] = ref_name
        return value

    def one(self, sql: str, *params: object) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.connection.execute(sql, params).fetchone()
        return row

    def scalar(self, sql: str, *params: object) -> Any:
        row = self.connection.execute(sql, params).fetchone()
        return None if row is None else row[0]


class RecordHandler(Protocol):
    """One REST record type."""

    name: str  # camelCase, as NetSuite's docs spell it
    writable: bool

    @property
    def path_name(self) -> str: ...

    def list_ids(self, ctx: RecordContext) -> list[int]: ...

    def exists(self, ctx: RecordContext, record_id: int) -> bool: ...

    def find_by_external_id(self, ctx: RecordContext, external_id: str) -> int | None: ...

    def read(self, ctx: RecordContext, record_id: int, expand: bool) -> dict[str, Any]: ...

    def read_sublist(self, ctx: RecordContext, record_id: int, sublist: str) -> dict[str, Any]: ...

    def create(self, ctx: RecordContext, body: Body) -> int: ...

    def update(self, ctx: RecordContext, record_id: int, body: Body, replace: set[str]) -> None: ...

    def delete(self, ctx: RecordContext, record_id: int) -> None: ...


class Body:
    """A write body with case-insensitive field names ('tranDate' and 'trandate' alike)."""

    def __init__(self, raw: dict[str, Any], prefix: str = "") -> None:
        self._fields = {key.lower(): value for key, value in raw.items()}
        self._prefix = prefix

    def has(self, name: str) -> bool:
        return name.lower() in self._fields

    def raw(self, name: str) -> Any:
        return self._fields.get(name.lower())

    def path(self, name: str) -> str:
        return f"{self._prefix}{name}"

    def text(self, name: str) -> str | None:
        value = self.raw(name)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            raise invalid_value(self.path(name), value)
        return str(value)

    def decimal(self, name: str) -> Any:
        value = self.raw(name)
        return None if value is None else parse_decimal(value, self.path(name))

    def date(self, name: str) -> str | None:
        value = self.raw(name)
        return None if value is None else stored_date(parse_date(value, self.path(name)))

    def flag(self, name: str) -> str | None:
        value = self.raw(name)
        if value is None:
            return None
        return "T" if parse_bool(value, self.path(name)) else "F"

    def reference(self, name: str) -> int | None:
        return reference_id(self.raw(name), self.path(name))

    def sublist(self, name: str) -> list[dict[str, Any]] | None:
        """The `items` of a sublist; [] for an explicit null; None when the field is absent."""
        if not self.has(name):
            return None
        value = self.raw(name)
        if value is None:
            return []
        if isinstance(value, dict):
            items = {key.lower(): item for key, item in value.items()}.get("items")
            if items is None:
                return []
            if isinstance(items, list) and all(isinstance(item, dict) for item in items):
                return items
        raise invalid_value(self.path(name), value)


def invalid_value(field_path: str, value: object) -> NetSuiteError:
    return invalid_content(f"Invalid value for field {field_path}: {value!r}.", field_path)


def stored_date(iso_day: str) -> str:
    """Dates are stored at midnight so they compare correctly with datetimes in SuiteQL."""
    return f"{iso_day} 00:00:00"


def rest_date(stored: SqlDate | str | None) -> str | None:
    return None if stored is None else str(stored)[:10]


def rest_datetime(stored: SqlDateTime | str | None) -> str | None:
    return iso_utc(str(stored)) if stored is not None else None


def require_row(
    ctx: RecordContext, table: str, record_id: int | None, field_path: str, where: str = ""
) -> sqlite3.Row:
    """The referenced row, or INVALID_CONTENT naming the field, as NetSuite answers a bad id."""
    row = None
    if record_id is not None:
        row = ctx.one(f"SELECT * FROM {table} WHERE id = ? {where}", record_id)
    if row is None:
        raise invalid_reference(field_path, record_id)
    return row


def ensure_external_id_free(
    ctx: RecordContext, table: str, external_id: str | None, own_id: int | None, where: str = ""
) -> None:
    if external_id is None:
        return
    clash = ctx.scalar(
        f"SELECT id FROM {table} WHERE externalid = ? {where} AND id IS NOT ?", external_id, own_id
    )
    if clash is not None:
        raise user_error("This entity already exists.")


def bool_field(flag: str | None) -> bool:
    return flag == "T"


def drop_none(values: dict[str, Any]) -> dict[str, Any]:
    """NetSuite leaves empty fields out of a record's JSON."""
    return {key: value for key, value in values.items() if value is not None}


class TransactionRecords:
    """What every transaction record type shares: its rows live in the one `transaction` table,
    told apart by `type` (CustInvc, CustPymt), and its externalId is unique within that type."""

    transaction_type: str

    def list_ids(self, ctx: RecordContext) -> list[int]:
        rows = ctx.connection.execute(
            'SELECT id FROM "transaction" WHERE type = ? ORDER BY id', (self.transaction_type,)
        )
        return [row[0] for row in rows]

    def find_by_external_id(self, ctx: RecordContext, external_id: str) -> int | None:
        found: int | None = ctx.scalar(
            'SELECT id FROM "transaction" WHERE externalid = ? AND type = ?',
            external_id,
            self.transaction_type,
        )
        return found

    def exists(self, ctx: RecordContext, record_id: int) -> bool:
        return (
            ctx.scalar(
                'SELECT 1 FROM "transaction" WHERE id = ? AND type = ?', record_id, self.transaction_type
            )
            is not None
        )
