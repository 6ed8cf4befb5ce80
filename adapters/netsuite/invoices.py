"""NetSuite invoices: how they are read with SuiteQL and written as REST records."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import Any

from adapters.netsuite.suiteql import (
    KeysetQuery,
    Row,
    id_list,
    not_starting_with,
    sql_strings,
    to_char_date,
    to_char_timestamp,
)
from domain.money import round_to_cents
from domain.netsuite import (
    InvoiceRecord,
    NetSuiteInvoice,
    NetSuiteInvoiceLine,
    NetSuiteInvoiceStatus,
    NetSuiteLineKind,
)
from domain.policies.drift import NetSuiteInvoiceAmounts

RECORD_TYPE = "invoice"
# A re-sent invoice's item lines replace the old ones instead of being appended to them.
UPSERT_PARAMS = {"replace": "item"}

_COLUMNS = (
    "t.id, t.tranid, t.entity, cu.symbol AS currency, "
    f"{to_char_date('t.trandate')} AS trandate, {to_char_date('t.duedate')} AS duedate, "
    "t.foreigntotal, t.foreignamountunpaid, BUILTIN.CF(t.status) AS status, t.voided, t.externalid, t.memo, "
    f"{to_char_timestamp('t.lastmodifieddate')} AS lastmodified"
)
_SOURCE = "transaction t LEFT JOIN currency cu ON cu.id = t.currency"


def open_invoices(modified_since: str | None = None, not_ours: str | None = None) -> KeysetQuery:
    """Open invoices; with `modified_since` (a TO_TIMESTAMP literal on SuiteQL's clock), only those
    changed since then (the accounting sync's incremental read, so an unchanged account costs one
    query however many invoices it has)."""
    where = ["t.type = 'CustInvc'", "BUILTIN.CF(t.status) = 'CustInvc:A'"]
    if modified_since is not None:
        where.append(f"t.lastmodifieddate >= {modified_since}")
    if not_ours:
        where.append(not_starting_with("t.externalid", not_ours))
    return KeysetQuery(
        name="open invoices", select=_COLUMNS, source=_SOURCE, key="t.id", key_alias="id", where=tuple(where)
    )


_STATUSES = {
    "CustInvc:A": NetSuiteInvoiceStatus.OPEN,
    "CustInvc:B": NetSuiteInvoiceStatus.PAID_IN_FULL,
    "CustInvc:V": NetSuiteInvoiceStatus.VOIDED,
}


def invoices_by_ids(ids: Collection[int]) -> str:
    return (
        f"SELECT {_COLUMNS} FROM {_SOURCE} WHERE t.type = 'CustInvc' AND t.id IN ({id_list(ids)}) "
        "ORDER BY t.id"
    )


def amounts_by_ids(ids: Collection[int]) -> str:
    """What the drift report compares: total and amount remaining, no lines."""
    return (
        "SELECT t.id, t.foreigntotal, t.foreignamountunpaid, t.voided FROM transaction t "
        f"WHERE t.type = 'CustInvc' AND t.id IN ({id_list(ids)}) ORDER BY t.id"
    )


def amounts_from_row(row: Row) -> NetSuiteInvoiceAmounts:
    total = row.required_decimal("foreigntotal")
    unpaid = row.decimal("foreignamountunpaid")
    return NetSuiteInvoiceAmounts(
        internal_id=row.required("id"),
        total=total,
        amount_remaining=total if unpaid is None else unpaid,
        voided=row.flag("voided"),
    )


def lines_of(invoice_ids: Collection[int]) -> str:
    """The lines of many invoices (or credit memos) in one query: every line but the main line, each
    with what NetSuite says it is (its item type, and whether it is a tax line)."""
    return (
        "SELECT tl.transaction, tl.id, tl.linesequencenumber, tl.item, tl.itemtype, tl.taxline, tl.memo, "
        "tl.quantity, tl.rate, tl.foreignamount FROM transactionline tl "
        f"WHERE tl.transaction IN ({id_list(invoice_ids)}) AND tl.mainline = 'F' "
        "ORDER BY tl.transaction, tl.linesequencenumber, tl.id"
    )


_TAX_ITEM_TYPES = frozenset({"TaxItem", "TaxGroup"})


def line_kind(row: Row) -> NetSuiteLineKind:
    """A tax line (taxline 'T', or on a sales tax item or group), a discount (a Discount item), or an
    item sold."""
    if row.flag("taxline") or (row.text("itemtype") or "") in _TAX_ITEM_TYPES:
        return NetSuiteLineKind.TAX
    if row.text("itemtype") == "Discount":
        return NetSuiteLineKind.DISCOUNT
    return NetSuiteLineKind.ITEM


def ids_by_external_id(external_ids: Collection[str]) -> str:
    return (
        "SELECT t.id, t.externalid FROM transaction t WHERE t.type = 'CustInvc' "
        f"AND t.externalid IN ({sql_strings(external_ids)})"
    )


def line_from_row(row: Row, sign: int = -1) -> NetSuiteInvoiceLine:
    """SuiteQL shows an invoice's income lines from the ledger's side: quantity and amount are
    negative (recorded: quantity -2, rate 50, foreignamount -100); a credit memo's the other way
    round (`sign` 1). The sync wants them as billed: a discount line's amount stays negative."""
    quantity = sign * (row.decimal("quantity") or Decimal(0))
    amount = sign * (row.decimal("foreignamount") or Decimal(0))
    rate = row.decimal("rate")
    if rate is None:
        rate = amount / quantity if quantity else amount
    return NetSuiteInvoiceLine(
        item_id=row.text("item"),
        description=row.text("memo") or "",
        quantity=quantity,
        rate=rate,
        amount=amount,
        kind=line_kind(row),
    )


def group_lines(rows: Iterable[Row], sign: int = -1) -> dict[str, list[NetSuiteInvoiceLine]]:
    lines: dict[str, list[NetSuiteInvoiceLine]] = {}
    for row in rows:
        lines.setdefault(row.required("transaction"), []).append(line_from_row(row, sign))
    return lines


def invoice_from_row(row: Row, lines: Iterable[NetSuiteInvoiceLine]) -> NetSuiteInvoice:
    total = row.required_decimal("foreigntotal")
    status = _STATUSES.get(row.text("status") or "", NetSuiteInvoiceStatus.OTHER)
    if row.flag("voided"):
        status = NetSuiteInvoiceStatus.VOIDED
    unpaid = row.decimal("foreignamountunpaid")
    if unpaid is None:
        unpaid = total if status is NetSuiteInvoiceStatus.OPEN else Decimal(0)
    return NetSuiteInvoice(
        internal_id=row.required("id"),
        tran_id=row.text("tranid") or row.required("id"),
        customer_internal_id=row.required("entity"),
        currency=row.required("currency").lower(),
        date=row.required_date("trandate"),
        due_date=row.date("duedate"),
        lines=tuple(lines),
        total=total,
        amount_remaining=unpaid,
        status=status,
        external_id=row.text("externalid"),
        memo=row.text("memo"),
        last_modified=row.timestamp("lastmodified"),
    )


def invoice_body(record: InvoiceRecord, *, currency_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "externalId": record.external_id,
        "entity": {"id": record.customer_internal_id},
        "tranId": record.tran_id,
        "tranDate": record.date.isoformat(),
        "currency": {"id": currency_id},
        "item": {
            "items": [
                {
                    "item": {"id": line.item_id},
                    "description": line.description,
                    "quantity": line.quantity,
                    "rate": line.rate,
                    "amount": round_to_cents(line.quantity * line.rate),
                }
                for line in record.lines
            ]
        },
    }
    if record.due_date is not None:
        body["dueDate"] = record.due_date.isoformat()
    if record.memo:
        body["memo"] = record.memo
    if record.subsidiary_id:
        body["subsidiary"] = {"id": record.subsidiary_id}
    return body
