"""NetSuite customer payments: read with SuiteQL (with their applications), written as REST records."""

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
from domain.netsuite import NetSuitePayment, NetSuitePaymentApplication, PaymentRecord
from domain.policies.drift import NetSuitePaymentAmounts

RECORD_TYPE = "customerPayment"

_COLUMNS = (
    "t.id, t.type, t.tranid, t.externalid, t.entity, cu.symbol AS currency, "
    f"{to_char_date('t.trandate')} AS trandate, t.foreigntotal, t.foreignpaymentamountunused, "
    f"t.otherrefnum, t.memo, t.voided, {to_char_timestamp('t.lastmodifieddate')} AS lastmodified"
)
PAYMENT_TYPE = "CustPymt"
CREDIT_MEMO_TYPE = "CustCred"
_SOURCE = "transaction t LEFT JOIN currency cu ON cu.id = t.currency"


def payments_modified_since(since: str | None, not_ours: str | None = None) -> KeysetQuery:
    """Customer payments and credit memos changed since `since`, in the same pages: both pay invoices
    through NextTransactionLineLink, so one applications query serves both, and reading credit
    memos costs no request of its own. `since` is a TO_TIMESTAMP literal on SuiteQL's clock."""
    where = [f"t.type IN ('{PAYMENT_TYPE}', '{CREDIT_MEMO_TYPE}')"]
    if since is not None:
        where.append(f"t.lastmodifieddate >= {since}")
    if not_ours:
        where.append(not_starting_with("t.externalid", not_ours))
    return KeysetQuery(
        name="payments", select=_COLUMNS, source=_SOURCE, key="t.id", key_alias="id", where=tuple(where)
    )


def applications_of(payment_ids: Collection[int]) -> str:
    """Which invoices many payments are applied to, in one query: the line links from each invoice
    (previousdoc) to the payment (nextdoc)."""
    return (
        "SELECT l.nextdoc, l.previousdoc, l.foreignamount FROM NextTransactionLineLink l "
        f"WHERE l.nextdoc IN ({id_list(payment_ids)}) AND l.previoustype = 'CustInvc' "
        "ORDER BY l.nextdoc, l.previousdoc, l.previousline, l.nextline"
    )


def amounts_by_ids(ids: Collection[int]) -> str:
    """What the drift report compares: each payment's amount and its applications, joined in, so one
    page holds about 1000 payments (one row per application, one for a payment applied to nothing)."""
    return (
        "SELECT t.id, t.foreigntotal, t.voided, l.previousdoc, l.foreignamount FROM transaction t "
        "LEFT JOIN NextTransactionLineLink l ON l.nextdoc = t.id AND l.previoustype = 'CustInvc' "
        f"WHERE t.type = '{PAYMENT_TYPE}' AND t.id IN ({id_list(ids)}) ORDER BY t.id, l.previousdoc"
    )


def amounts_from_rows(rows: Iterable[Row]) -> list[NetSuitePaymentAmounts]:
    found: dict[str, tuple[Decimal, bool, dict[str, Decimal]]] = {}
    for row in rows:
        _, _, applied = found.setdefault(
            row.required("id"), (abs(row.required_decimal("foreigntotal")), row.flag("voided"), {})
        )
        invoice = row.text("previousdoc")
        if invoice:  # several line links to one invoice add up; the sign is not documented
            applied[invoice] = applied.get(invoice, Decimal(0)) + abs(row.required_decimal("foreignamount"))
    return [
        NetSuitePaymentAmounts(internal_id, amount, applied, voided)
        for internal_id, (amount, voided, applied) in found.items()
    ]


def ids_by_external_id(external_ids: Collection[str]) -> str:
    return (
        "SELECT t.id, t.externalid FROM transaction t WHERE t.type = 'CustPymt' "
        f"AND t.externalid IN ({sql_strings(external_ids)})"
    )


def group_applications(rows: Iterable[Row]) -> dict[str, list[NetSuitePaymentApplication]]:
    """Applications per payment; several line links to one invoice add up to one application."""
    amounts: dict[str, dict[str, Decimal]] = {}
    for row in rows:
        per_invoice = amounts.setdefault(row.required("nextdoc"), {})
        invoice = row.required("previousdoc")
        # The link amount's sign is not documented; an application is always a positive amount.
        per_invoice[invoice] = per_invoice.get(invoice, Decimal(0)) + abs(
            row.required_decimal("foreignamount")
        )
    return {
        payment: [NetSuitePaymentApplication(invoice, amount) for invoice, amount in per_invoice.items()]
        for payment, per_invoice in amounts.items()
    }


def payment_from_row(row: Row, applications: Iterable[NetSuitePaymentApplication]) -> NetSuitePayment:
    return NetSuitePayment(
        internal_id=row.required("id"),
        customer_internal_id=row.required("entity"),
        currency=row.required("currency").lower(),
        date=row.required_date("trandate"),
        amount=abs(row.required_decimal("foreigntotal")),
        applications=tuple(applications),
        tran_id=row.text("tranid"),
        external_id=row.text("externalid"),
        reference=row.text("otherrefnum"),
        memo=row.text("memo"),
        voided=row.flag("voided"),
        last_modified=row.timestamp("lastmodified"),
    )


def payment_body(record: PaymentRecord, *, currency_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "externalId": record.external_id,
        "customer": {"id": record.customer_internal_id},
        "tranDate": record.date.isoformat(),
        "currency": {"id": currency_id},
        "payment": round_to_cents(record.amount),
        # Only the applications we list: never let NetSuite spread the payment over other invoices.
        "autoApply": False,
        "apply": {
            "items": [
                {
                    "doc": {"id": application.invoice_internal_id},
                    "apply": True,
                    "amount": round_to_cents(application.amount),
                }
                for application in record.applications
            ]
        },
    }
    if record.deposit_account_id:
        body["undepFunds"] = {"id": "F"}
        body["account"] = {"id": record.deposit_account_id}
    else:
        body["undepFunds"] = {"id": "T"}
    if record.reference:
        body["checkNumber"] = record.reference
    if record.memo:
        body["memo"] = record.memo
    return body
