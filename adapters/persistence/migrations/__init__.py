"""Alembic migrations of the ledger's schema, applied by adapters.persistence.schema.upgrade_database.

A schema change: edit tables.py, then draft a revision against a database at head with
`alembic.command.revision(alembic_config(url), "what changed", autogenerate=True)`, read it, freeze its
types explicitly (as 0001_initial.py does, never importing the live column types) and keep the
migration test (tables vs migrated schema, on SQLite and PostgreSQL) green.
"""
