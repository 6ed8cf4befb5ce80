"""Bring a database's schema up to date with the Alembic migrations shipped in this package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from adapters.persistence.engine import create_engine_for

MIGRATIONS = Path(__file__).with_name("migrations")

# Any constant will do: it only has to be the same for every process that migrates this database.
_PG_MIGRATION_LOCK = 4_711_2024


def alembic_config(database_url: str | None = None) -> Config:
    """Alembic's configuration, built in code (no alembic.ini). Handy for `command.revision(...)` too."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if database_url is not None:
        # ConfigParser treats % specially; a password may contain one.
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_database(database_url: str) -> None:
    """Apply every migration not yet applied (a no-op when the schema is current). On PostgreSQL an
    advisory lock makes processes that start together take turns."""
    engine = create_engine_for(database_url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            config = alembic_config(database_url)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()


def current_revision(database_url: str) -> str | None:
    """The revision the database is at; None when it has never been migrated."""
    engine = create_engine_for(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str | None:
    """The newest revision shipped with this code."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
