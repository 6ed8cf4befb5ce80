"""All sandbox state in one SQLite database whose tables use NetSuite's SuiteQL names.

REST writes and SuiteQL reads go through the same tables, so they can never disagree.
One connection guarded by a lock: every request sees a consistent database.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from netsuite_sandbox.preferences import AccountClock, UserPreferences
from netsuite_sandbox.statuses import CREDIT_MEMO, INVOICE, PAYMENT
from netsuite_sandbox.suiteql_results import ResultSets


class SqlDate(str):
    """A value read from a date column (stored 'YYYY-MM-DD')."""


class SqlDateTime(str):
    """A value read from a datetime column (stored UTC 'YYYY-MM-DD HH:MM:SS')."""


# Declared column types name the converters (the first word) and keep SQLite's affinity right:
# "NSDATE TEXT" has TEXT affinity, "NSNUMBER NUMERIC" numeric affinity, so SQL comparisons and
# ORDER BY behave, while reads come back as SqlDate / Decimal instead of str / float.
DATE = "NSDATE TEXT"
DATETIME = "NSDATETIME TEXT"
NUMBER = "NSNUMBER NUMERIC"

SCHEMA = f"""
CREATE TABLE currency (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    symbol TEXT NOT NULL UNIQUE,
    isbasecurrency TEXT NOT NULL DEFAULT 'F',
    exchangerate {NUMBER} NOT NULL DEFAULT 1,
    isinactive TEXT NOT NULL DEFAULT 'F',
    externalid TEXT UNIQUE,
    lastmodifieddate {DATETIME}
);
CREATE TABLE subsidiary (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    currency INTEGER NOT NULL REFERENCES currency(id),
    isinactive TEXT NOT NULL DEFAULT 'F',
    externalid TEXT UNIQUE,
    lastmodifieddate {DATETIME}
);
CREATE TABLE item (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    itemid TEXT NOT NULL,
    fullname TEXT,
    displayname TEXT,
    itemtype TEXT NOT NULL,
    description TEXT,
    isinactive TEXT NOT NULL DEFAULT 'F',
    externalid TEXT UNIQUE,
    subsidiary INTEGER,
    lastmodifieddate {DATETIME}
);
CREATE TABLE customer (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entityid TEXT,
    companyname TEXT,
    altname TEXT,
    firstname TEXT,
    lastname TEXT,
    isperson TEXT NOT NULL DEFAULT 'F',
    email TEXT,
    phone TEXT,
    externalid TEXT UNIQUE,
    isinactive TEXT NOT NULL DEFAULT 'F',
    currency INTEGER REFERENCES currency(id),
    subsidiary INTEGER REFERENCES subsidiary(id),
    terms INTEGER,
    parent INTEGER,
    comments TEXT,
    datecreated {DATETIME},
    lastmodifieddate {DATETIME}
);
CREATE TABLE "transaction" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tranid TEXT,
    trandate {DATE},
    duedate {DATE},
    type TEXT NOT NULL,
    recordtype TEXT NOT NULL,
    entity INTEGER REFERENCES customer(id),
    status TEXT,
    currency INTEGER REFERENCES currency(id),
    exchangerate {NUMBER},
    foreigntotal {NUMBER},
    foreignamountpaid {NUMBER},
    foreignamountunpaid {NUMBER},
    foreignamountremaining {NUMBER},  -- open question 7: kept equal to foreignamountunpaid
    foreignpaymentamountused {NUMBER},
    foreignpaymentamountunused {NUMBER},
    externalid TEXT,
    transactionnumber TEXT,
    memo TEXT,
    otherrefnum TEXT,
    createddate {DATETIME},
    lastmodifieddate {DATETIME},
    voided TEXT NOT NULL DEFAULT 'F',
    posting TEXT NOT NULL DEFAULT 'T',
    subsidiary INTEGER REFERENCES subsidiary(id),
    account INTEGER,
    UNIQUE (recordtype, externalid)
);
CREATE TABLE transactionline (
    uniquekey INTEGER PRIMARY KEY AUTOINCREMENT,
    "transaction" INTEGER NOT NULL REFERENCES "transaction"(id),
    id INTEGER NOT NULL,
    linesequencenumber INTEGER NOT NULL,
    mainline TEXT NOT NULL,
    taxline TEXT NOT NULL DEFAULT 'F',
    item INTEGER REFERENCES item(id),
    itemtype TEXT,
    quantity {NUMBER},
    rate {NUMBER},
    foreignamount {NUMBER},
    netamount {NUMBER},
    creditforeignamount {NUMBER},
    memo TEXT,
    entity INTEGER,
    subsidiary INTEGER,
    accountinglinetype TEXT,
    linecreateddate {DATETIME},
    linelastmodifieddate {DATETIME},
    UNIQUE ("transaction", id)
);
CREATE TABLE NextTransactionLineLink (
    previousdoc INTEGER NOT NULL,
    previousline INTEGER NOT NULL,
    previoustype TEXT NOT NULL,
    nextdoc INTEGER NOT NULL,
    nextline INTEGER NOT NULL,
    nexttype TEXT NOT NULL,
    linktype TEXT NOT NULL,
    foreignamount {NUMBER} NOT NULL,
    linkdate {DATE},
    lastmodifieddate {DATETIME},
    PRIMARY KEY (previousdoc, previousline, nextdoc, nextline)
);
CREATE TABLE customeraddressbookentityaddress (
    nkey INTEGER PRIMARY KEY AUTOINCREMENT,
    addr1 TEXT,
    addr2 TEXT,
    addr3 TEXT,
    city TEXT,
    state TEXT,
    zip TEXT,
    country TEXT,
    attention TEXT,
    addressee TEXT,
    addrtext TEXT,
    lastmodifieddate {DATETIME}
);
CREATE TABLE customeraddressbook (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entity INTEGER NOT NULL REFERENCES customer(id),
    addressbookaddress INTEGER NOT NULL REFERENCES customeraddressbookentityaddress(nkey),
    defaultbilling TEXT NOT NULL DEFAULT 'F',
    defaultshipping TEXT NOT NULL DEFAULT 'F'
);
-- NetSuite exposes the same line links from the other side; the columns are identical.
CREATE VIEW PreviousTransactionLineLink AS SELECT * FROM NextTransactionLineLink;
"""

# Per-type transaction numbers ('INV12', 'CUSTPYMT48', 'CREDMEM3') as integers.
TRANSACTION_NUMBER_PREFIX = {INVOICE: "INV", PAYMENT: "CUSTPYMT", CREDIT_MEMO: "CREDMEM"}
NUMBER_EXPRESSIONS = {
    kind: f"CAST(SUBSTR(transactionnumber, {len(prefix) + 1}) AS INTEGER)"
    for kind, prefix in TRANSACTION_NUMBER_PREFIX.items()
}

# Every look-up a request makes goes through an index, so a request costs the same in an account of
# 100 records and of 100,000 (created on every start, so older --db files get them too).
INDEXES = """
CREATE INDEX IF NOT EXISTS transaction_entity ON "transaction"(entity);
CREATE INDEX IF NOT EXISTS transaction_lastmodified ON "transaction"(lastmodifieddate, id);
CREATE INDEX IF NOT EXISTS transactionline_transaction ON transactionline("transaction");
CREATE INDEX IF NOT EXISTS link_nextdoc ON NextTransactionLineLink(nextdoc);
CREATE INDEX IF NOT EXISTS customer_lastmodified ON customer(lastmodifieddate, id);
CREATE INDEX IF NOT EXISTS transaction_externalid ON "transaction"(externalid);
CREATE INDEX IF NOT EXISTS customer_company_name ON customer(UPPER(TRIM(companyname)));
CREATE INDEX IF NOT EXISTS customer_alt_name ON customer(UPPER(TRIM(altname)));
""" + "".join(
    # The next transaction number is the highest one + 1: one index entry, not a scan of the type.
    f'CREATE INDEX IF NOT EXISTS transaction_number_{kind.lower()} ON "transaction"({number}) '
    f"WHERE type = '{kind}';\n"
    for kind, number in NUMBER_EXPRESSIONS.items()
)

DATA_TABLES = (
    "NextTransactionLineLink",
    "customeraddressbook",
    "customeraddressbookentityaddress",
    "transactionline",
    '"transaction"',
    "customer",
    "item",
    "subsidiary",
    "currency",
)

# Internal ids start where a real account's might, and far apart per table, so an id used for
# the wrong kind of record (a customer id as an invoice id) is caught instead of matching.
ID_STARTS = {"currency": 0, "subsidiary": 0, "item": 200, "customer": 300, "transaction": 8900}

_converters_registered = False


def _register_converters() -> None:
    global _converters_registered
    if _converters_registered:
        return
    sqlite3.register_converter("NSDATE", lambda raw: SqlDate(raw.decode()))
    sqlite3.register_converter("NSDATETIME", lambda raw: SqlDateTime(raw.decode()))
    # SQLite prints a stored REAL with 15 significant digits, so '4.5' comes back exactly.
    sqlite3.register_converter("NSNUMBER", lambda raw: Decimal(raw.decode()))
    _converters_registered = True


class Store:
    """The sandbox database: one connection, one lock, explicit transactions."""

    def __init__(self, db_path: str | None = None) -> None:
        _register_converters()
        self.db_path = db_path or ":memory:"
        self.lock = threading.RLock()
        self.connection = sqlite3.connect(
            self.db_path,
            check_same_thread=False,
            detect_types=sqlite3.PARSE_DECLTYPES,
            isolation_level=None,
        )
        self.connection.row_factory = sqlite3.Row
        self.connection.execute("PRAGMA foreign_keys = ON")
        if not self._has_schema():
            self.connection.executescript(SCHEMA)
            self._set_id_starts()
        # Oracle's one-row table, for `SELECT CURRENT_TIMESTAMP FROM DUAL`.
        self.connection.execute("CREATE TABLE IF NOT EXISTS dual (dummy TEXT)")
        if self.connection.execute("SELECT COUNT(*) FROM dual").fetchone()[0] != 1:
            self.connection.execute("DELETE FROM dual")
            self.connection.execute("INSERT INTO dual (dummy) VALUES ('X')")
        self.connection.executescript(INDEXES)
        self.preferences = UserPreferences()
        self.clock = AccountClock()
        self.result_sets = ResultSets()

    def _has_schema(self) -> bool:
        row = self.connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'customer'"
        ).fetchone()
        return row is not None

    def _set_id_starts(self) -> None:
        self.connection.execute("DELETE FROM sqlite_sequence")
        self.connection.executemany(
            "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", ID_STARTS.items()
        )

    def now(self) -> str:
        """The account's current time as stored (UTC 'YYYY-MM-DD HH:MM:SS')."""
        return self.clock.now().strftime("%Y-%m-%d %H:%M:%S")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One atomic change: everything inside commits together or not at all."""
        with self.lock:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            yield self.connection

    def wipe(self) -> None:
        """Delete every record and restart the id sequences."""
        with self.write() as connection:
            for table in DATA_TABLES:
                connection.execute(f"DELETE FROM {table}")
            connection.execute("DELETE FROM sqlite_sequence")
            connection.executemany("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", ID_STARTS.items())

    def close(self) -> None:
        with self.lock:
            self.connection.close()
