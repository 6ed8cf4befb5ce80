"""Writes sent to NetSuite whose answer was not settled yet.

A sync cut off after sending (a killed worker, an outage mid-batch) used to leave no trace of records
that may now exist in NetSuite, so voiding them on Invoiced never reached NetSuite. Each unlinked
invoice or payment is noted here before it is sent; the next sync looks the leftovers up by external id.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_writes",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("local_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("company_id", "kind", "local_id"),
    )


def downgrade() -> None:
    op.drop_table("pending_writes")
