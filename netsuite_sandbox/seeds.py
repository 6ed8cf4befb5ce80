"""Named data sets: `empty` (reference data only), `demo` (a small company), `bulk:N`."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from netsuite_sandbox.records import RECORD_TYPES, Body, RecordContext
from netsuite_sandbox.records.common import stored_date
from netsuite_sandbox.statuses import INVOICE, INVOICE_OPEN
from netsuite_sandbox.store import Store

USD = 1
EUR = 2
SUBSIDIARY = 1
CONSULTING = 201
LICENSE = 202
DISCOUNT = 203
SALES_TAX = 204
SEED_NAMES = ("empty", "demo", "bulk:N")

_CURRENCIES = [
    (USD, "US Dollar", "USD", "T", "1"),
    (EUR, "Euro", "EUR", "F", "1.085"),
]
_SUBSIDIARIES = [(SUBSIDIARY, "Harbor Point Software Inc.", USD)]
_ITEMS = [
    (
        CONSULTING,
        "Consulting Services",
        "Consulting Services",
        "Service",
        "Professional services, billed hourly",
    ),
    (
        LICENSE,
        "Annual Software License",
        "Annual Software License",
        "NonInvtPart",
        "Harbor Point platform, 12-month subscription",
    ),
    (DISCOUNT, "Discount", "Discount", "Discount", "Discounts given on invoices"),
    (SALES_TAX, "Sales Tax", "Sales Tax", "TaxItem", "Sales tax charged on invoices"),
]


def apply_seed(store: Store, name: str) -> None:
    """Add a named data set to what the store holds."""
    bulk = re.fullmatch(r"bulk:(\d+)", name.strip())
    if name == "empty":
        seed_reference_data(store)
    elif name == "demo":
        seed_reference_data(store)
        _seed_demo_company(store)
    elif bulk:
        seed_reference_data(store)
        seed_bulk(store, int(bulk.group(1)))
    else:
        raise ValueError(f"unknown seed {name!r}; use one of {', '.join(SEED_NAMES)}")


def seed_reference_data(store: Store) -> None:
    """Currencies USD (base, id 1) and EUR, one subsidiary, a service and a non-inventory item."""
    now = store.now()
    with store.write() as connection:
        connection.executemany(
            "INSERT OR IGNORE INTO currency (id, name, symbol, isbasecurrency, exchangerate, "
            "lastmodifieddate) VALUES (?, ?, ?, ?, ?, ?)",
            [(*row, now) for row in _CURRENCIES],
        )
        connection.executemany(
            "INSERT OR IGNORE INTO subsidiary (id, name, currency, lastmodifieddate) VALUES (?, ?, ?, ?)",
            [(*row, now) for row in _SUBSIDIARIES],
        )
        connection.executemany(
            "INSERT OR IGNORE INTO item (id, itemid, displayname, itemtype, description, "
            "fullname, lastmodifieddate) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(*row, row[1], now) for row in _ITEMS],
        )


def _seed_demo_company(store: Store) -> None:
    today = store.clock.now().date()

    def day(days_ago: int) -> str:
        return (today - timedelta(days=days_ago)).isoformat()

    customers: dict[str, dict[str, Any]] = {
        "acme": {
            "companyName": "Acme Logistics Inc.",
            "email": "ap@acmelogistics.example",
            "phone": "+1 415 555 0142",
        },
        "brightwater": {
            "companyName": "Brightwater Dental Group",
            "email": "billing@brightwaterdental.example",
        },
        "crescent": {"companyName": "Crescent Peak Outfitters", "email": "accounts@crescentpeak.example"},
        "duval": {
            "companyName": "Duval & Fils SARL",
            "email": "compta@duval-fils.example",
            "currency": {"id": str(EUR)},
        },
        "evergreen": {
            "companyName": "Evergreen Analytics LLC",
            "email": "finance@evergreen-analytics.example",
        },
        "lopez": {
            "isPerson": True,
            "firstName": "Maria",
            "lastName": "Lopez",
            "email": "maria.lopez@example.com",
        },
    }
    invoices = [
        ("acme", day(40), day(10), [(CONSULTING, "10", "150")], "Implementation workshop"),
        ("acme", day(25), day(-5), [(LICENSE, "1", "4800")], "Platform license 2025"),
        ("brightwater", day(35), day(5), [(CONSULTING, "8", "150")], "Onboarding"),
        ("crescent", day(20), day(-10), [(LICENSE, "1", "2400")], None),
        ("duval", day(18), day(-12), [(CONSULTING, "12", "140")], "Migration assistance"),
        ("evergreen", day(12), day(-18), [(CONSULTING, "16", "150"), (LICENSE, "1", "600")], "Q3 advisory"),
        ("lopez", day(6), day(-24), [(CONSULTING, "2", "150")], None),
    ]
    # (customer, invoice index, amount, days ago, deposited?)
    payments = [
        ("acme", 1, "2000", 8, True),
        ("brightwater", 2, "1200", 15, True),
        ("duval", 4, "500", 3, False),
    ]
    with store.write() as connection:
        ctx = RecordContext(connection, base_url="", now=store.now())
        customer_ids = {
            key: RECORD_TYPES["customer"].create(
                ctx, Body({"subsidiary": {"id": "1"}, "entityId": f"CUST{number}"} | body)
            )
            for number, (key, body) in enumerate(customers.items(), start=1001)
        }
        invoice_ids = []
        for number, (customer, tran_date, due_date, lines, memo) in enumerate(invoices, start=10231):
            body: dict[str, Any] = {
                "tranId": f"INV{number}",  # as NetSuite's auto-numbering with an "INV" prefix writes them
                "entity": {"id": str(customer_ids[customer])},
                "tranDate": tran_date,
                "dueDate": due_date,
                "memo": memo,
                "item": {
                    "items": [
                        {"item": {"id": str(item)}, "quantity": Decimal(quantity), "rate": Decimal(rate)}
                        for item, quantity, rate in lines
                    ]
                },
            }
            invoice_ids.append(RECORD_TYPES["invoice"].create(ctx, Body(body)))
        for customer, invoice_index, amount, days_ago, deposited in payments:
            payment: dict[str, Any] = {
                "customer": {"id": str(customer_ids[customer])},
                "payment": Decimal(amount),
                "tranDate": day(days_ago),
                "apply": {
                    "items": [
                        {
                            "doc": {"id": str(invoice_ids[invoice_index])},
                            "apply": True,
                            "amount": Decimal(amount),
                        }
                    ]
                },
            }
            payment["account" if deposited else "undepFunds"] = {"id": "1"} if deposited else True
            RECORD_TYPES["customerpayment"].create(ctx, Body(payment))


def seed_bulk(store: Store, count: int) -> None:
    """`count` customers with one open invoice each, inserted in bulk (5,000 in well under 1 s)."""
    now = store.now()
    with store.write() as connection:
        first_customer = _next_id(connection, "customer")
        first_invoice = _next_id(connection, "transaction")
        first_number = 1 + int(
            connection.execute('SELECT COUNT(*) FROM "transaction" WHERE type = ?', (INVOICE,)).fetchone()[0]
        )
        customers: list[tuple[Any, ...]] = []
        invoices: list[tuple[Any, ...]] = []
        lines: list[tuple[Any, ...]] = []
        start = date(2025, 1, 1)
        for offset in range(count):
            customer_id = first_customer + offset
            invoice_id = first_invoice + offset
            number = first_number + offset
            name = f"Bulk Customer {customer_id:06d}"
            customers.append((customer_id, name, name, name, USD, SUBSIDIARY, now, now))
            amount = Decimal(100 + offset % 900)
            tran_date = stored_date((start + timedelta(days=offset % 365)).isoformat())
            invoices.append(
                (
                    invoice_id,
                    str(number),
                    tran_date,
                    tran_date,
                    INVOICE,
                    "invoice",
                    customer_id,
                    INVOICE_OPEN,
                    USD,
                    "1",
                    str(amount),
                    "0",
                    str(amount),
                    str(amount),
                    f"INV{number}",
                    now,
                    now,
                    SUBSIDIARY,
                    119,
                )
            )
            lines.append(
                (
                    invoice_id,
                    0,
                    0,
                    "T",
                    None,
                    None,
                    None,
                    None,
                    str(amount),
                    str(amount),
                    None,
                    customer_id,
                    SUBSIDIARY,
                    None,
                    now,
                    now,
                )
            )
            lines.append(
                (
                    invoice_id,
                    1,
                    1,
                    "F",
                    CONSULTING,
                    "Service",
                    "-1",
                    str(amount),
                    str(-amount),
                    str(-amount),
                    "Consulting Services",
                    customer_id,
                    SUBSIDIARY,
                    "INCOME",
                    now,
                    now,
                )
            )
        connection.executemany(
            "INSERT INTO customer (id, entityid, companyname, altname, currency, subsidiary, "
            "datecreated, lastmodifieddate) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            customers,
        )
        connection.executemany(
            'INSERT INTO "transaction" (id, tranid, trandate, duedate, type, recordtype, entity, '
            "status, currency, exchangerate, foreigntotal, foreignamountpaid, "
            "foreignamountunpaid, foreignamountremaining, transactionnumber, createddate, "
            "lastmodifieddate, subsidiary, account) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            invoices,
        )
        connection.executemany(
            'INSERT INTO transactionline ("transaction", id, linesequencenumber, mainline, item, '
            "itemtype, quantity, rate, foreignamount, netamount, memo, entity, subsidiary, "
            "accountinglinetype, linecreateddate, linelastmodifieddate) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            lines,
        )


def seed_records(store: Store, data: dict[str, list[dict[str, Any]]]) -> dict[str, list[int]]:
    """Add explicit records: currencies, subsidiaries, items (columns) and customers, invoices,
    customerPayments, creditMemos (REST bodies, checked by the same rules as REST writes). Any row may
    carry an "id" to get that internal id (it must be above the table's highest id)."""
    created: dict[str, list[int]] = {}
    now = store.now()
    with store.write() as connection:
        for key, table, columns in (
            (
                "currencies",
                "currency",
                ("id", "name", "symbol", "isbasecurrency", "exchangerate", "isinactive", "externalid"),
            ),
            ("subsidiaries", "subsidiary", ("id", "name", "currency", "isinactive", "externalid")),
            (
                "items",
                "item",
                (
                    "id",
                    "itemid",
                    "fullname",
                    "displayname",
                    "itemtype",
                    "description",
                    "isinactive",
                    "externalid",
                ),
            ),
        ):
            for row in data.get(key, []):
                values = {name.lower(): value for name, value in row.items()}
                unknown = set(values) - set(columns)
                if unknown:
                    raise ValueError(f"unknown {table} columns: {', '.join(sorted(unknown))}")
                if table == "item":
                    values.setdefault("fullname", values.get("itemid"))
                values["lastmodifieddate"] = now
                values = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}
                cursor = connection.execute(
                    f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
                    list(values.values()),
                )
                created.setdefault(key, []).append(int(cursor.lastrowid or values["id"]))
        ctx = RecordContext(connection, base_url="", now=store.now())
        for key, record_type, table in (
            ("customers", "customer", "customer"),
            ("invoices", "invoice", "transaction"),
            ("customerPayments", "customerpayment", "transaction"),
            ("creditMemos", "creditmemo", "transaction"),
        ):
            for row in data.get(key, []):
                body = dict(row)
                wanted = body.pop("id", None)
                record_id = _create_with_id(
                    ctx, record_type, table, body, int(wanted) if wanted is not None else None
                )
                created.setdefault(key, []).append(record_id)
    return created


def _create_with_id(
    ctx: RecordContext, record_type: str, table: str, body: dict[str, Any], wanted: int | None
) -> int:
    handler = RECORD_TYPES[record_type]
    if wanted is None:
        return handler.create(ctx, Body(body))
    connection = ctx.connection
    highest = connection.execute(f'SELECT MAX(id) FROM "{table}"').fetchone()[0] or 0
    if wanted <= highest:
        raise ValueError(f"id {wanted} is not above the highest {table} id ({highest})")
    sequence = connection.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()[0]
    connection.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (wanted - 1, table))
    record_id = handler.create(ctx, Body(body))
    connection.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (max(sequence, record_id), table))
    return record_id


def _next_id(connection: Any, table: str) -> int:
    sequence = connection.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
    highest = connection.execute(f'SELECT MAX(id) FROM "{table}"').fetchone()[0] or 0
    return max(highest, sequence[0] if sequence else 0) + 1
