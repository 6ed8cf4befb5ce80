"""Alembic migrations of the ledger's schema (run through adapters.persistence.schema)."""
