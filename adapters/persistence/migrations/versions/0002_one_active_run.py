"""At most one queued or running sync run per company and kind, enforced by the database.

Two "Sync Now" presses (or two schedulers) racing each other could otherwise both queue a run.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE_RUN = "status IN ('queued', 'running')"


def upgrade() -> None:
    op.create_index(
        "uq_sync_runs_one_active_per_kind",
        "sync_runs",
        ["company_id", "kind"],
        unique=True,
        sqlite_where=sa.text(ACTIVE_RUN),
        postgresql_where=sa.text(ACTIVE_RUN),
    )


def downgrade() -> None:
    op.drop_index("uq_sync_runs_one_active_per_kind", table_name="sync_runs")
