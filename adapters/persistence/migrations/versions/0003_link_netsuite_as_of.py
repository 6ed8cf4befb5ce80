"""Links remember NetSuite's clock at the moment a record was imported from there.

Whether a NetSuite payment is already inside an imported invoice's balance was judged by comparing
NetSuite's lastmodifieddate with this server's clock, which may be minutes off.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("links") as links:
        links.add_column(sa.Column("netsuite_as_of", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("links") as links:
        links.drop_column("netsuite_as_of")
