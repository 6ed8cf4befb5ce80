"""The shipped migrations build exactly the schema the tables describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from adapters.persistence import (
    alembic_config,
    create_engine_for,
    current_revision,
    head_revision,
    upgrade_database,
)
from adapters.persistence.tables import metadata
from tests.support.repositories import with_search_path


def _schema_differences(database_url: str) -> list[object]:
    engine = create_engine_for(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


@pytest.fixture
def fresh_sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'nested' / 'ledger.db'}"


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> Iterator[str]:
    schema = f"migrations_{uuid.uuid4().hex[:10]}"
    admin = create_engine_for(postgres_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield with_search_path(postgres_url, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


_URLS = [
    "fresh_sqlite_url",
    pytest.param("fresh_postgres_url", marks=[pytest.mark.postgres, pytest.mark.integration]),
]


@pytest.mark.parametrize("url_fixture", _URLS)
def test_upgrading_builds_the_schema_the_tables_describe(
    url_fixture: str, request: pytest.FixtureRequest
) -> None:
    url: str = request.getfixturevalue(url_fixture)
    assert _schema_differences(url) != []  # an empty database differs, so the comparison can fail
    assert current_revision(url) is None

    upgrade_database(url)

    assert current_revision(url) == head_revision() == "0014"
    assert _schema_differences(url) == []


@pytest.mark.parametrize("url_fixture", _URLS)
def test_upgrading_a_current_database_changes_nothing(
    url_fixture: str, request: pytest.FixtureRequest
) -> None:
    url: str = request.getfixturevalue(url_fixture)
    upgrade_database(url)
    upgrade_database(url)
    assert current_revision(url) == head_revision()
    assert _schema_differences(url) == []


def test_downgrading_to_base_removes_every_table(fresh_sqlite_url: str) -> None:
    upgrade_database(fresh_sqlite_url)
    engine = create_engine_for(fresh_sqlite_url)
    try:
        with engine.begin() as connection:
            config = alembic_config(fresh_sqlite_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    assert current_revision(fresh_sqlite_url) is None


def test_the_migrations_ship_inside_the_package() -> None:
    config = alembic_config()
    location = Path(config.get_main_option("script_location") or "")
    assert (location / "env.py").is_file() and (location / "script.py.mako").is_file()
    assert (location / "versions" / "0001_initial.py").is_file()
    assert location.parent.name == "persistence"


def test_invoices_already_paid_are_marked_paid_by_the_migration_that_adds_the_flag(
    fresh_sqlite_url: str,
) -> None:
    engine = create_engine_for(fresh_sqlite_url)
    try:
        with engine.begin() as connection:
            config = alembic_config(fresh_sqlite_url)
            config.attributes["connection"] = connection
            command.upgrade(config, "0009")
            now = "2026-01-01 00:00:00"
            connection.execute(
                text("INSERT INTO companies (id, name, created_at) VALUES (1, 'Acme', :now)"), {"now": now}
            )
            connection.execute(
                text(
                    "INSERT INTO customers (id, company_id, number, name, type, origin, version, created_at, "
                    "updated_at) VALUES (1, 1, 'C-1', 'Wayne', 'company', 'invoiced', 1, :now, :now)"
                ),
                {"now": now},
            )
            for invoice_id, paid, draft in ((1, "300.50", False), (2, "300.49", False), (3, "0", True)):
                connection.execute(
                    text(
                        "INSERT INTO invoices (id, company_id, customer_id, number, currency, date, draft, "
                        "voided, amount_paid, origin, version, created_at, updated_at) VALUES (:id, 1, 1, "
                        ":number, 'usd', '2026-01-01', :draft, false, :paid, 'invoiced', 1, :now, :now)"
                    ),
                    {
                        "id": invoice_id,
                        "number": f"INV-{invoice_id}",
                        "draft": draft,
                        "paid": paid,
                        "now": now,
                    },
                )
                connection.execute(
                    text(
                        "INSERT INTO invoice_line_items (invoice_id, position, name, description, quantity, "
                        "unit_cost) VALUES (:id, 0, 'Consulting', '', '2', '150.25')"
                    ),
                    {"id": invoice_id},
                )
        upgrade_database(fresh_sqlite_url)
        with engine.connect() as connection:
            paid = connection.execute(text("SELECT id, paid FROM invoices ORDER BY id")).all()
    finally:
        engine.dispose()
    assert [(row[0], bool(row[1])) for row in paid] == [(1, True), (2, False), (3, False)]
