"""Indexes that let a sync ask the database which records are new or behind their link, so an
unchanged sync reads indexes, not every invoice and its lines.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = (
    ("ix_customers_sync", "customers", ["company_id", "origin", "id", "version"]),
    ("ix_invoices_sync", "invoices", ["company_id", "origin", "voided", "draft", "id", "version", "date"]),
    ("ix_credit_notes_sync", "credit_notes", ["company_id", "origin", "voided", "draft", "id", "version", "date"]),
    ("ix_payments_sync", "payments", ["company_id", "origin", "voided", "id", "version", "date"]),
    ("ix_links_sync", "links", ["company_id", "kind", "local_id", "synced_version"]),
)


def upgrade() -> None:
    for name, table, columns in _INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
