"""Accounting shared by invoices and payments: numbering, applied amounts, invoice status."""

from __future__ import annotations

from decimal import Decimal

from netsuite_sandbox.records.common import RecordContext
from netsuite_sandbox.statuses import (
    INVOICE_OPEN,
    INVOICE_PAID_IN_FULL,
)
from netsuite_sandbox.store import NUMBER_EXPRESSIONS

ZERO = Decimal("0")


def next_number(ctx: RecordContext, transaction_type: str) -> int:
    """The next per-type sequence number (recorded: tranid '48', transactionnumber 'CUSTPYMT48')."""
    # Literal SQL (trusted constants), so SQLite matches the partial index on exactly this expression.
    highest = ctx.scalar(
        f'SELECT MAX({NUMBER_EXPRESSIONS[transaction_type]}) FROM "transaction" '
        f"WHERE type = '{transaction_type}'"
    )
    return int(highest or 0) + 1


def applied_to_invoice(ctx: RecordContext, invoice_id: int) -> Decimal:
    rows = ctx.connection.execute(
        "SELECT foreignamount FROM NextTransactionLineLink WHERE previousdoc = ?", (invoice_id,)
    ).fetchall()
    return sum((row[0] for row in rows), ZERO)


def unapply_all(ctx: RecordContext, doc_id: int) -> None:
    """Take back every application of a payment or credit memo: its links go, its invoices owe again."""
    invoices = [
        row[0]
        for row in ctx.connection.execute(
            "SELECT previousdoc FROM NextTransactionLineLink WHERE nextdoc = ?", (doc_id,)
        )
    ]
    ctx.connection.execute("DELETE FROM NextTransactionLineLink WHERE nextdoc = ?", (doc_id,))
    for invoice_id in invoices:
        refresh_invoice(ctx, invoice_id)


def refresh_invoice(ctx: RecordContext, invoice_id: int) -> None:
    """Recompute paid / remaining / status from the payment and credit memo links (both count as
    paid, as on NetSuite's invoice); bump lastmodifieddate."""
    row = ctx.one(
        'SELECT foreigntotal, foreignamountpaid, status, voided FROM "transaction" WHERE id = ?',
        invoice_id,
    )
    if row is None:
        return
    paid = applied_to_invoice(ctx, invoice_id)
    remaining = row["foreigntotal"] - paid
    status = row["status"]
    if row["voided"] != "T":
        status = INVOICE_PAID_IN_FULL if remaining == ZERO else INVOICE_OPEN
    if paid == row["foreignamountpaid"] and status == row["status"]:
        return
    ctx.connection.execute(
        'UPDATE "transaction" SET foreignamountpaid = ?, foreignamountunpaid = ?, '
        "foreignamountremaining = ?, status = ?, lastmodifieddate = ? WHERE id = ?",
        (str(paid), str(remaining), str(remaining), status, ctx.now, invoice_id),
    )
