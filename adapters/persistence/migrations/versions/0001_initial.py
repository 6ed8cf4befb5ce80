"""The ledger's first schema: companies, API keys, customers, invoices, payments, links, sync runs and
errors, NetSuite connections.

Revision ID: 0001
Revises:
Create Date: 2024-06-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of adapters.persistence.types, so this file never changes when the code does.
# Money: NUMERIC(20, 6) on PostgreSQL; text on SQLite, whose NUMERIC would go through float.
MONEY = sa.Numeric(20, 6).with_variant(sa.String(40), "sqlite")
UTC_TIME = sa.DateTime(timezone=True)


def _company_id() -> sa.Column:
    return sa.Column("company_id", sa.Integer(), nullable=False)


def _company_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["company_id"], ["companies.id"], name=f"fk_{table}_company_id_companies", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_companies"),
    )

    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        _company_id(),
        sa.Column("key_hash", sa.String(length=128), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_api_keys"),
        _company_fk("api_keys"),
        sa.UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
    )
    op.create_index("ix_api_keys_company_id", "api_keys", ["company_id"])

    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        _company_id(),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("payment_terms", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_customers"),
        _company_fk("customers"),
        sa.UniqueConstraint("company_id", "number", name="uq_customers_company_id_number"),
    )

    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        _company_id(),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("draft", sa.Boolean(), nullable=False),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("amount_paid", MONEY, nullable=False),
        sa.Column("payment_terms", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_invoices"),
        _company_fk("invoices"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name="fk_invoices_customer_id_customers"),
        sa.UniqueConstraint("company_id", "number", name="uq_invoices_company_id_number"),
    )
    op.create_index("ix_invoices_company_id_customer_id", "invoices", ["company_id", "customer_id"])
    op.create_index("ix_invoices_company_id_updated_at", "invoices", ["company_id", "updated_at"])
    op.create_index("ix_invoices_customer_id", "invoices", ["customer_id"])

    op.create_table(
        "invoice_line_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", MONEY, nullable=False),
        sa.Column("unit_cost", MONEY, nullable=False),
        sa.Column("netsuite_item_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_invoice_line_items"),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name="fk_invoice_line_items_invoice_id_invoices", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_invoice_line_items_invoice_id", "invoice_line_items", ["invoice_id"])

    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        _company_id(),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("voided", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_payments"),
        _company_fk("payments"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name="fk_payments_customer_id_customers"),
    )
    op.create_index("ix_payments_company_id_origin", "payments", ["company_id", "origin"])
    op.create_index("ix_payments_customer_id", "payments", ["customer_id"])

    op.create_table(
        "payment_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_payment_applications"),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name="fk_payment_applications_payment_id_payments", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name="fk_payment_applications_invoice_id_invoices"
        ),
    )
    op.create_index("ix_payment_applications_payment_id", "payment_applications", ["payment_id"])
    op.create_index("ix_payment_applications_invoice_id", "payment_applications", ["invoice_id"])

    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), nullable=False),
        _company_id(),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("local_id", sa.Integer(), nullable=False),
        sa.Column("netsuite_id", sa.String(length=64), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("synced_version", sa.Integer(), nullable=False),
        sa.Column("first_synced_at", UTC_TIME, nullable=False),
        sa.Column("last_synced_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_links"),
        _company_fk("links"),
        sa.UniqueConstraint("company_id", "kind", "local_id", name="uq_links_company_id_kind_local_id"),
        sa.UniqueConstraint("company_id", "kind", "netsuite_id", name="uq_links_company_id_kind_netsuite_id"),
    )

    op.create_table(
        "sync_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        _company_id(),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("queued_at", UTC_TIME, nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=True),
        sa.Column("finished_at", UTC_TIME, nullable=True),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("watermark", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sync_runs"),
        _company_fk("sync_runs"),
    )
    op.create_index("ix_sync_runs_company_id_kind_status", "sync_runs", ["company_id", "kind", "status"])

    op.create_table(
        "sync_errors",
        sa.Column("id", sa.Integer(), nullable=False),
        _company_id(),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("record_kind", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("record_label", sa.Text(), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("netsuite_code", sa.String(length=64), nullable=True),
        sa.Column("hint", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_errors"),
        _company_fk("sync_errors"),
        sa.ForeignKeyConstraint(
            ["run_id"], ["sync_runs.id"], name="fk_sync_errors_run_id_sync_runs", ondelete="SET NULL"
        ),
    )
    op.create_index(
        "ix_sync_errors_company_id_record_kind_record_id",
        "sync_errors",
        ["company_id", "record_kind", "record_id"],
    )
    op.create_index("ix_sync_errors_company_id_status", "sync_errors", ["company_id", "status"])
    op.create_index("ix_sync_errors_run_id", "sync_errors", ["run_id"])

    op.create_table(
        "netsuite_connections",
        sa.Column("id", sa.Integer(), nullable=False),
        _company_id(),
        sa.Column("account_id", sa.String(length=32), nullable=False),
        sa.Column("sealed_credentials", sa.Text(), nullable=False),
        sa.Column("connected_at", UTC_TIME, nullable=False),
        sa.Column("base_url", sa.Text(), nullable=True),
        sa.Column("watermark", UTC_TIME, nullable=True),
        sa.Column("next_sync_at", UTC_TIME, nullable=True),
        sa.Column("auto_sync", sa.Boolean(), nullable=False),
        sa.Column("interval_minutes", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("read_invoices", sa.Boolean(), nullable=False),
        sa.Column("read_payments", sa.Boolean(), nullable=False),
        sa.Column("write_invoices", sa.Boolean(), nullable=False),
        sa.Column("write_payments", sa.Boolean(), nullable=False),
        sa.Column("fallback_item_id", sa.String(length=64), nullable=True),
        sa.Column("deposit_account_id", sa.String(length=64), nullable=True),
        sa.Column("subsidiary_id", sa.String(length=64), nullable=True),
        sa.Column("concurrency_limit", sa.Integer(), nullable=False),
        sa.Column("external_id_prefix", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_netsuite_connections"),
        _company_fk("netsuite_connections"),
        sa.UniqueConstraint("company_id", name="uq_netsuite_connections_company_id"),
    )
    op.create_index("ix_netsuite_connections_next_sync_at", "netsuite_connections", ["next_sync_at"])


def downgrade() -> None:
    for table in (
        "netsuite_connections",
        "sync_errors",
        "sync_runs",
        "links",
        "payment_applications",
        "payments",
        "invoice_line_items",
        "invoices",
        "customers",
        "api_keys",
        "companies",
    ):
        op.drop_table(table)
