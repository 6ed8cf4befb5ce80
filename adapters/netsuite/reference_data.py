"""Currencies, items and subsidiaries: the small lists the sync looks things up in."""

from __future__ import annotations

from adapters.netsuite.suiteql import KeysetQuery, Row
from domain.netsuite import NetSuiteCurrency, NetSuiteItem

CURRENCIES_QUERY = "SELECT cu.id, cu.symbol FROM currency cu ORDER BY cu.id"
# The first active subsidiary is the default for new customers (OneWorld accounts require one).
SUBSIDIARIES_QUERY = "SELECT s.id FROM subsidiary s WHERE s.isinactive = 'F' ORDER BY s.id"

ACTIVE_ITEMS = KeysetQuery(
    name="items",
    select="i.id, i.itemid, i.displayname, i.itemtype",
    source="item i",
    key="i.id",
    key_alias="id",
    where=("i.isinactive = 'F'",),
)


def currency_from_row(row: Row) -> NetSuiteCurrency:
    """NetSuite's currency symbol is the ISO code; the ledger spells it lower-case."""
    return NetSuiteCurrency(internal_id=row.required("id"), code=row.required("symbol").strip().lower())


def item_from_row(row: Row) -> NetSuiteItem:
    return NetSuiteItem(
        internal_id=row.required("id"),
        name=row.text("itemid") or row.text("displayname") or row.required("id"),
        item_type=row.text("itemtype") or "",
    )
