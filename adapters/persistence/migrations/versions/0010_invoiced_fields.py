"""The fields Invoiced's API has on customers, invoices, line items and payments.

Customers gain their address, contact, tax and collection fields; invoices their name, purchase
order, sent/closed flags, AutoPay, ship-to; lines their type, catalog item and discountable/taxable
flags; payments their source; every one of them metadata. `invoices.paid` is derived from the lines
and payments on each write so lists can filter on it; existing rows are brought up to date here.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of adapters.persistence.types.ExactDecimal's storage, so this file never changes.
MONEY = sa.Numeric(20, 6).with_variant(sa.String(40), "sqlite")
CUSTOMER_TEXT = ("attention_to", "address1", "address2", "city", "state", "postal_code", "phone", "notes", "tax_id")


def _metadata() -> sa.Column[object]:
    return sa.Column("metadata", sa.JSON(), nullable=False, server_default="{}")


def _flag(name: str, default: bool) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.true() if default else sa.false())


def upgrade() -> None:
    # Plain ADD COLUMN (every column has a default or is nullable): in SQLite's batch mode a table is
    # copied and dropped, which rows of other tables referring to it would forbid.
    for name in CUSTOMER_TEXT:
        op.add_column("customers", sa.Column(name, sa.Text(), nullable=True))
    op.add_column("customers", sa.Column("country", sa.String(length=2), nullable=True))
    op.add_column("customers", sa.Column("language", sa.String(length=2), nullable=True))
    op.add_column("customers", _flag("autopay", False))
    op.add_column("customers", _flag("taxable", True))
    op.add_column("customers", _flag("chase", True))
    op.add_column("customers", sa.Column("credit_limit", MONEY, nullable=True))
    op.add_column("customers", _metadata())
    op.add_column("invoices", sa.Column("name", sa.Text(), nullable=False, server_default="Invoice"))
    op.add_column("invoices", sa.Column("purchase_order", sa.Text(), nullable=True))
    for name in ("sent", "closed", "paid", "autopay"):
        op.add_column("invoices", _flag(name, False))
    op.add_column("invoices", sa.Column("ship_to", sa.JSON(), nullable=True))
    op.add_column("invoices", _metadata())
    op.add_column("invoice_line_items", sa.Column("type", sa.String(length=32), nullable=True))
    op.add_column("invoice_line_items", sa.Column("catalog_item", sa.Text(), nullable=True))
    op.add_column("invoice_line_items", _flag("discountable", True))
    op.add_column("invoice_line_items", _flag("taxable", True))
    op.add_column("invoice_line_items", _metadata())
    op.add_column("payments", sa.Column("source", sa.String(length=32), nullable=False, server_default="keyed"))
    op.add_column("payments", _metadata())
    op.execute("UPDATE payments SET source = 'accounting_system' WHERE origin = 'netsuite'")
    _mark_paid_invoices()


def _adjustments(value: object) -> Decimal:
    """The sum of a JSON list of discounts or taxes ({"amount": "10.00", ...})."""
    entries = json.loads(value) if isinstance(value, str) else (value or [])
    return sum((Decimal(str(entry["amount"])) for entry in entries), Decimal(0))


def _mark_paid_invoices() -> None:
    """paid = issued, not voided, and the total (lines rounded to cents, less discounts, plus taxes, on
    the invoice and its lines) no more than what was paid and credited."""
    bind = op.get_bind()
    cent = Decimal("0.01")
    totals: dict[int, Decimal] = {}
    for invoice_id, quantity, unit_cost, discounts, taxes in bind.execute(
        sa.text("SELECT invoice_id, quantity, unit_cost, discounts, taxes FROM invoice_line_items")
    ):
        amount = (Decimal(str(quantity)) * Decimal(str(unit_cost))).quantize(cent, rounding=ROUND_HALF_UP)
        amount += _adjustments(taxes) - _adjustments(discounts)
        totals[invoice_id] = totals.get(invoice_id, Decimal(0)) + amount
    paid_ids = [
        invoice_id
        for invoice_id, amount_paid, amount_credited, discounts, taxes in bind.execute(
            sa.text(
                "SELECT id, amount_paid, amount_credited, discounts, taxes FROM invoices "
                "WHERE draft = :no AND voided = :no"
            ),
            {"no": False},
        )
        if totals.get(invoice_id, Decimal(0)) - _adjustments(discounts) + _adjustments(taxes)
        <= Decimal(str(amount_paid)) + Decimal(str(amount_credited))
    ]
    for start in range(0, len(paid_ids), 500):
        bind.execute(
            sa.text("UPDATE invoices SET paid = :yes WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"yes": True, "ids": paid_ids[start : start + 500]},
        )


def downgrade() -> None:
    with op.batch_alter_table("payments") as payments:
        payments.drop_column("metadata")
        payments.drop_column("source")
    with op.batch_alter_table("invoice_line_items") as lines:
        for name in ("metadata", "taxable", "discountable", "catalog_item", "type"):
            lines.drop_column(name)
    with op.batch_alter_table("invoices") as invoices:
        for name in ("metadata", "ship_to", "autopay", "paid", "closed", "sent", "purchase_order", "name"):
            invoices.drop_column(name)
    with op.batch_alter_table("customers") as customers:
        for name in ("metadata", "credit_limit", "chase", "taxable", "autopay", "language", "country"):
            customers.drop_column(name)
        for name in reversed(CUSTOMER_TEXT):
            customers.drop_column(name)
