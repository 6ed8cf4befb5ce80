"""A customer's address book, as NetSuite keeps it: `addressbook` on the REST record (each entry with
its `addressbookaddress` subrecord and the defaultBilling/defaultShipping flags, as recorded), and in
SuiteQL the customeraddressbook rows joined to customeraddressbookentityaddress by nkey."""

from __future__ import annotations

from typing import Any

from netsuite_sandbox.records.common import Body, RecordContext

_ADDRESS_FIELDS = ("addr1", "addr2", "addr3", "city", "state", "zip", "country", "attention", "addressee")


def write_address_book(ctx: RecordContext, customer_id: int, body: Body) -> None:
    """An `addressbook` sublist in the body replaces the customer's address book (as an upsert
    states the whole record); without one the address book is left as it is."""
    entries = body.sublist("addressbook")
    if entries is None:
        return
    old = [
        row[0]
        for row in ctx.connection.execute(
            "SELECT addressbookaddress FROM customeraddressbook WHERE entity = ?", (customer_id,)
        )
    ]
    ctx.connection.execute("DELETE FROM customeraddressbook WHERE entity = ?", (customer_id,))
    ctx.connection.executemany(
        "DELETE FROM customeraddressbookentityaddress WHERE nkey = ?", [(k,) for k in old]
    )
    for index, raw in enumerate(entries):
        entry = Body(raw, prefix=f"addressbook.items[{index}].")
        address = entry.raw("addressbookaddress")
        fields = Body(address if isinstance(address, dict) else {}, prefix=entry.path("addressbookaddress."))
        values: dict[str, Any] = {name: fields.text(name) for name in _ADDRESS_FIELDS if fields.has(name)}
        if values.get("country") is not None:
            values["country"] = str(values["country"]).upper()
        values["addrtext"] = ", ".join(
            str(values[name]) for name in ("addr1", "city", "state", "zip", "country") if values.get(name)
        )
        values["lastmodifieddate"] = ctx.now
        cursor = ctx.connection.execute(
            f"INSERT INTO customeraddressbookentityaddress ({', '.join(values)}) "
            f"VALUES ({', '.join('?' for _ in values)})",
            list(values.values()),
        )
        ctx.connection.execute(
            "INSERT INTO customeraddressbook (entity, addressbookaddress, defaultbilling, defaultshipping) "
            "VALUES (?, ?, ?, ?)",
            (
                customer_id,
                cursor.lastrowid,
                entry.flag("defaultbilling") or "F",
                entry.flag("defaultshipping") or "F",
            ),
        )


def delete_address_book(ctx: RecordContext, customer_id: int) -> None:
    write_address_book(ctx, customer_id, Body({"addressbook": {"items": []}}))
