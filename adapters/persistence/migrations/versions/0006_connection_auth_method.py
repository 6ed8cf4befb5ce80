"""Connections say how they log in: token-based auth or OAuth 2.0 client credentials.

NetSuite takes no new token-based-auth integrations from 2027.1, so a connection may log in with a
certificate instead. The method, client id, certificate id and the certificate's expiry are kept beside
the sealed secrets (none of them is a secret) so the settings and the expiry warnings can show them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("netsuite_connections") as connections:
        # Every connection made before this revision used token-based auth.
        connections.add_column(
            sa.Column("auth_method", sa.String(length=16), nullable=False, server_default="tba")
        )
        connections.add_column(sa.Column("oauth2_client_id", sa.String(length=128), nullable=True))
        connections.add_column(sa.Column("certificate_id", sa.String(length=128), nullable=True))
        connections.add_column(sa.Column("certificate_expires_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("netsuite_connections") as connections:
        connections.drop_column("certificate_expires_on")
        connections.drop_column("certificate_id")
        connections.drop_column("oauth2_client_id")
        connections.drop_column("auth_method")
