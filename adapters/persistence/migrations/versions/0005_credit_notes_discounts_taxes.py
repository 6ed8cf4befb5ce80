"""Credit notes, discounts and taxes, and the settings that write them to NetSuite.

Credit notes are applied to invoices through payment applications that name the credit note; an
invoice remembers what credits paid of it; invoices, their lines and credit notes carry discounts
and taxes as amounts. The NetSuite settings gain Invoiced's "write credit notes" toggle and its
default discount and tax items.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of adapters.persistence.types, so this file never changes when the code does.
MONEY = sa.Numeric(20, 6).with_variant(sa.String(40), "sqlite")
UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "credit_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("draft", sa.Boolean(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("amount_applied", MONEY, nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("discounts", sa.JSON(), nullable=False),
        sa.Column("taxes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_credit_notes"),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name="fk_credit_notes_company_id_companies", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name="fk_credit_notes_customer_id_customers"),
        sa.UniqueConstraint("company_id", "number", name="uq_credit_notes_company_id_number"),
    )
    op.create_index("ix_credit_notes_company_id_customer_id", "credit_notes", ["company_id", "customer_id"])
    op.create_index("ix_credit_notes_customer_id", "credit_notes", ["customer_id"])

    with op.batch_alter_table("payment_applications") as applications:
        applications.add_column(sa.Column("credit_note_id", sa.Integer(), nullable=True))
        applications.create_foreign_key(
            "fk_payment_applications_credit_note_id_credit_notes", "credit_notes", ["credit_note_id"], ["id"]
        )
    op.create_index("ix_payment_applications_credit_note_id", "payment_applications", ["credit_note_id"])
    with op.batch_alter_table("invoices") as invoices:
        invoices.add_column(sa.Column("amount_credited", MONEY, nullable=False, server_default="0"))
        invoices.add_column(sa.Column("discounts", sa.JSON(), nullable=False, server_default="[]"))
        invoices.add_column(sa.Column("taxes", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("invoice_line_items") as lines:
        lines.add_column(sa.Column("discounts", sa.JSON(), nullable=False, server_default="[]"))
        lines.add_column(sa.Column("taxes", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("netsuite_connections") as connections:
        connections.add_column(
            sa.Column("write_credit_notes", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        connections.add_column(sa.Column("discount_item_id", sa.String(length=64), nullable=True))
        connections.add_column(sa.Column("tax_item_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("netsuite_connections") as connections:
        connections.drop_column("tax_item_id")
        connections.drop_column("discount_item_id")
        connections.drop_column("write_credit_notes")
    with op.batch_alter_table("invoice_line_items") as lines:
        lines.drop_column("taxes")
        lines.drop_column("discounts")
    with op.batch_alter_table("invoices") as invoices:
        invoices.drop_column("taxes")
        invoices.drop_column("discounts")
        invoices.drop_column("amount_credited")
    op.drop_index("ix_payment_applications_credit_note_id", table_name="payment_applications")
    with op.batch_alter_table("payment_applications") as applications:
        applications.drop_constraint("fk_payment_applications_credit_note_id_credit_notes", type_="foreignkey")
        applications.drop_column("credit_note_id")
    op.drop_index("ix_credit_notes_customer_id", table_name="credit_notes")
    op.drop_index("ix_credit_notes_company_id_customer_id", table_name="credit_notes")
    op.drop_table("credit_notes")
