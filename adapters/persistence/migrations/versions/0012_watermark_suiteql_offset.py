"""Connections remember how far SuiteQL's clock ran ahead of UTC when their watermark was taken.

SuiteQL reads and writes times in the integration user's time zone, so the watermark is sent back on
that clock; knowing its offset then lets a sync see when daylight saving time moved it since.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("netsuite_connections") as connections:
        connections.add_column(sa.Column("watermark_offset_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("netsuite_connections") as connections:
        connections.drop_column("watermark_offset_minutes")
