"""Unit-of-work fixtures over every persistence backend: the in-memory fake, SQLite and PostgreSQL.

`uow_factory` runs a test once per backend (memory, sqlite, postgres); `sql_uow_factory` only on the
two SQL ones. PostgreSQL gets one migrated schema per test session (its own name, dropped at the end)
and its tables are emptied before each test; SQLite gets a fresh copy of a migrated file per test.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from adapters.memory import InMemoryStore
from adapters.persistence import SqlUnitOfWorkFactory, create_engine_for, upgrade_database
from adapters.persistence.tables import metadata
from application.ports import UnitOfWorkFactory

_POSTGRES = pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.integration], id="postgres")
ALL_BACKENDS = ["memory", "sqlite", _POSTGRES]
SQL_BACKENDS = ["sqlite", _POSTGRES]


def with_search_path(database_url: str, schema: str) -> str:
    """The URL with PostgreSQL's search_path set to `schema`, so every table lives there."""
    separator = "&" if "?" in database_url else "?"
    return f"{database_url}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per session; tests copy it instead of migrating again."""
    path = tmp_path_factory.mktemp("sqlite-template") / "ledger.db"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(migrated_sqlite_template: Path, tmp_path: Path) -> str:
    """The URL of a migrated SQLite database of this test's own."""
    path = tmp_path / "ledger.db"
    shutil.copyfile(migrated_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def sqlite_uow_factory(sqlite_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    engine = create_engine_for(sqlite_url)
    yield SqlUnitOfWorkFactory(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """A migrated schema of this test session's own in the test database, dropped afterwards."""
    schema = f"test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine_for(postgres_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = with_search_path(postgres_url, schema)
    try:
        upgrade_database(url)
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_engine(postgres_schema_url: str) -> Iterator[Engine]:
    engine = create_engine_for(postgres_schema_url)
    yield engine
    engine.dispose()


def empty_postgres_tables(engine: Engine) -> None:
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture
def postgres_uow_factory(postgres_engine: Engine) -> SqlUnitOfWorkFactory:
    """A unit-of-work factory on the session's PostgreSQL schema, emptied for this test."""
    empty_postgres_tables(postgres_engine)
    return SqlUnitOfWorkFactory(postgres_engine)


@pytest.fixture(params=ALL_BACKENDS)
def persistence_backend(request: pytest.FixtureRequest) -> str:
    """Which backend this run of the test uses: memory, sqlite or postgres."""
    return str(request.param)


@pytest.fixture
def uow_factory(persistence_backend: str, request: pytest.FixtureRequest) -> UnitOfWorkFactory:
    """A UnitOfWorkFactory over an empty ledger, once per backend."""
    if persistence_backend == "memory":
        return InMemoryStore()
    factory: UnitOfWorkFactory = request.getfixturevalue(f"{persistence_backend}_uow_factory")
    return factory


@pytest.fixture(params=SQL_BACKENDS)
def sql_uow_factory(request: pytest.FixtureRequest) -> SqlUnitOfWorkFactory:
    """A SqlUnitOfWorkFactory over an empty ledger, once on SQLite and once on PostgreSQL."""
    factory: SqlUnitOfWorkFactory = request.getfixturevalue(f"{request.param}_uow_factory")
    return factory
