"""NetSuite credit memos: written as REST records (lines like an invoice's, an apply list like a
payment's), read with SuiteQL (type CustCred) with their applications from NextTransactionLineLink."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from adapters.netsuite.invoices import invoice_body
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
    CreditMemoRecord,
    InvoiceRecord,
    NetSuiteCreditMemo,
    NetSuiteInvoiceLine,
    NetSuitePaymentApplication,
)

RECORD_TYPE = "creditMemo"
# A re-sent credit memo's lines and applications replace the old ones instead of being added to them.
UPSERT_PARAMS = {"replace": "item,apply"}

_COLUMNS = (
    "t.id, t.tranid, t.externalid, t.entity, cu.symbol AS currency, "
    f"{to_char_date('t.trandate')} AS trandate, t.foreigntotal, t.foreignpaymentamountunused, t.memo, "
    f"t.voided, {to_char_timestamp('t.lastmodifieddate')} AS lastmodified"
)
_SOURCE = "transaction t LEFT JOIN currency cu ON cu.id = t.currency"


def credit_memos_modified_since(since: str | None, not_ours: str | None = None) -> KeysetQuery:
    """Credit memos changed at or after `since`, a TO_TIMESTAMP literal on SuiteQL's clock."""
    where = ["t.type = 'CustCred'"]
    if since is not None:
        where.append(f"t.lastmodifieddate >= {since}")
    if not_ours:
        where.append(not_starting_with("t.externalid", not_ours))
    return KeysetQuery(
        name="credit memos", select=_COLUMNS, source=_SOURCE, key="t.id", key_alias="id", where=tuple(where)
    )


def applications_of(credit_memo_ids: Collection[int]) -> str:
    """Which invoices many credit memos are applied to, in one query (previousdoc = the invoice)."""
    return (
        "SELECT l.nextdoc, l.previousdoc, l.foreignamount FROM NextTransactionLineLink l "
        f"WHERE l.nextdoc IN ({id_list(credit_memo_ids)}) AND l.previoustype = 'CustInvc' "
        "ORDER BY l.nextdoc, l.previousdoc, l.previousline, l.nextline"
    )


def ids_by_external_id(external_ids: Collection[str]) -> str:
    return (
        "SELECT t.id, t.externalid FROM transaction t WHERE t.type = 'CustCred' "
        f"AND t.externalid IN ({sql_strings(external_ids)})"
    )


def credit_memo_from_row(
    row: Row,
    lines: Iterable[NetSuiteInvoiceLine],
    applications: Iterable[NetSuitePaymentApplication],
) -> NetSuiteCreditMemo:
    """SuiteQL shows a credit's total with its posting sign (negative); the sync wants it as issued."""
    total = abs(row.required_decimal("foreigntotal"))
    unused = row.decimal("foreignpaymentamountunused")
    return NetSuiteCreditMemo(
        internal_id=row.required("id"),
        tran_id=row.text("tranid") or row.required("id"),
        customer_internal_id=row.required("entity"),
        currency=row.required("currency").lower(),
        date=row.required_date("trandate"),
        lines=tuple(lines),
        total=total,
        unapplied=abs(unused) if unused is not None else total,
        applications=tuple(applications),
        external_id=row.text("externalid"),
        memo=row.text("memo"),
        voided=row.flag("voided"),
        last_modified=row.timestamp("lastmodified"),
    )


def credit_memo_body(record: CreditMemoRecord, *, currency_id: str) -> dict[str, Any]:
    """The invoice's body shape (entity, tranId, tranDate, currency, item lines), no due date, and the
    apply list naming each invoice and the amount credited to it."""
    body = invoice_body(
        InvoiceRecord(
            external_id=record.external_id,
            customer_internal_id=record.customer_internal_id,
            tran_id=record.tran_id,
            date=record.date,
            due_date=None,
            currency=record.currency,
            lines=record.lines,
            memo=record.memo,
            subsidiary_id=record.subsidiary_id,
        ),
        currency_id=currency_id,
    )
    # Only the applications we list: never let NetSuite spread the credit over other invoices.
    body["autoApply"] = False
    body["apply"] = {
        "items": [
            {
                "doc": {"id": application.invoice_internal_id},
                "apply": True,
                "amount": round_to_cents(application.amount),
            }
            for application in record.applications
        ]
    }
    return body
