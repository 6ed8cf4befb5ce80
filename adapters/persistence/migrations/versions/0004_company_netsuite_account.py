"""Companies remember which NetSuite account their links point into.

NetSuite internal ids mean nothing in another account, so reconnecting a company that has links to a
different account must be refused rather than let its payments be applied to unrelated documents.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("companies") as companies:
        companies.add_column(sa.Column("netsuite_account_id", sa.String(length=32), nullable=True))
    # Companies connected before this revision: their current connection's account is the one.
    op.execute(
        "UPDATE companies SET netsuite_account_id = (SELECT c.account_id FROM netsuite_connections c "
        "WHERE c.company_id = companies.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("companies") as companies:
        companies.drop_column("netsuite_account_id")
