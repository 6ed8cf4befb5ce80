"""The SQL side of the UnitOfWork port: SQLModel tables, explicit mappers, repositories, Alembic migrations.

Wiring (entrypoints): `engine = create_engine_for(url)`; `upgrade_database(url)` before first use;
`SqlUnitOfWorkFactory(engine)` is the UnitOfWorkFactory.
"""

from adapters.persistence.engine import DEFAULT_SQLITE_URL, create_engine_for
from adapters.persistence.schema import alembic_config, current_revision, head_revision, upgrade_database
from adapters.persistence.unit_of_work import SqlUnitOfWork, SqlUnitOfWorkFactory

__all__ = [
    "DEFAULT_SQLITE_URL",
    "SqlUnitOfWork",
    "SqlUnitOfWorkFactory",
    "alembic_config",
    "create_engine_for",
    "current_revision",
    "head_revision",
    "upgrade_database",
]
