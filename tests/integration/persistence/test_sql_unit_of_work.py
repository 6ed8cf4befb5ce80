"""What only the SQL unit of work has to prove: engines, dangling references, and no N+1 reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from adapters.persistence import DEFAULT_SQLITE_URL, SqlUnitOfWorkFactory, create_engine_for
from application.errors import InvalidInput
from tests.integration.persistence import builders as make


@contextmanager
def counted_selects(factory: SqlUnitOfWorkFactory) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(factory.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(factory.engine, "before_cursor_execute", record)


def _company_and_customer(factory: SqlUnitOfWorkFactory) -> tuple[int, int]:
    with factory() as uow:
        company = uow.companies.add(make.company())
        assert company.id is not None
        customer = uow.customers.add(make.customer(company.id))
        assert customer.id is not None
        uow.commit()
    return company.id, customer.id


def test_listing_invoices_and_payments_reads_their_children_in_one_query(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    company_id, customer_id = _company_and_customer(sql_uow_factory)
    with sql_uow_factory() as uow:
        for n in range(20):
            invoice = uow.invoices.add(
                make.invoice(company_id, customer_id, f"INV-{n}", items=[make.line("A"), make.line("B")])
            )
            assert invoice.id is not None
            uow.payments.add(make.payment(company_id, customer_id, {invoice.id: "1"}))
        uow.commit()
    with sql_uow_factory() as uow, counted_selects(sql_uow_factory) as selects:
        invoices = uow.invoices.list(company_id)
        payments = uow.payments.list(company_id)
        by_ids = uow.invoices.by_ids(company_id, [i.id for i in invoices if i.id is not None])
    assert len(invoices) == len(payments) == len(by_ids) == 20
    assert all(len(invoice.items) == 2 for invoice in invoices)
    assert len(selects) <= 6  # each read: the records, then all their children in one IN query


def test_an_invoice_for_a_customer_that_does_not_exist_is_refused(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    company_id, customer_id = _company_and_customer(sql_uow_factory)
    with sql_uow_factory() as uow:
        with pytest.raises(InvalidInput, match="customer 9999, which does not exist") as refused:
            uow.invoices.add(make.invoice(company_id, 9999, "INV-1"))
        assert refused.value.param == "customer"
        uow.invoices.add(make.invoice(company_id, customer_id, "INV-2"))
        uow.commit()
    with sql_uow_factory() as uow:
        assert [i.number for i in uow.invoices.list(company_id)] == ["INV-2"]


def test_a_payment_applied_to_a_missing_invoice_is_refused(sql_uow_factory: SqlUnitOfWorkFactory) -> None:
    company_id, customer_id = _company_and_customer(sql_uow_factory)
    with sql_uow_factory() as uow, pytest.raises(InvalidInput, match="do not exist"):
        uow.payments.add(make.payment(company_id, customer_id, {4242: "10"}))


def test_a_unit_of_work_opens_once(sql_uow_factory: SqlUnitOfWorkFactory) -> None:
    uow = sql_uow_factory()
    with uow, pytest.raises(RuntimeError, match="already open"):
        uow.__enter__()
    with pytest.raises(RuntimeError, match="Open the unit of work"):
        uow.commit()


def test_sqlite_engines_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "ledger.db"
    engine = create_engine_for(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert path.parent.is_dir()
    finally:
        engine.dispose()


def test_an_in_memory_sqlite_engine_shares_one_database() -> None:
    engine = create_engine_for("sqlite://")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 0
    finally:
        engine.dispose()


def test_postgres_urls_use_psycopg_3() -> None:
    for url in (
        "postgresql://u:p@db/ledger",
        "postgres://u:p@db/ledger",
        "postgresql+psycopg://u:p@db/ledger",
    ):
        engine = create_engine_for(url)
        assert engine.url.drivername == "postgresql+psycopg"
        engine.dispose()


def test_an_unsupported_database_is_refused_without_showing_the_password() -> None:
    with pytest.raises(ValueError, match="Unsupported database URL") as refused:
        create_engine_for("mysql://admin:hunter2@db/ledger")
    assert "hunter2" not in str(refused.value)
    assert "sqlite:///" in str(refused.value)


def test_the_embedded_default_lives_under_data() -> None:
    assert DEFAULT_SQLITE_URL == "sqlite:///./data/invoiced-netsuite.db"


def test_database_errors_never_carry_row_values(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        try:
            connection.execute(text("SELECT * FROM no_such_table WHERE secret = :s"), {"s": "sealed:s3cr3t"})
        except DBAPIError as error:
            assert "s3cr3t" not in str(error)
        else:
            raise AssertionError("the query should have failed")
    engine.dispose()
