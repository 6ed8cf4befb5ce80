"""Company locks in the database (deployments without Redis): every process sharing the database sees
the same lock, a live holder keeps it, and a dead holder's lock frees itself within its TTL."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from adapters.memory.clock import FixedClock
from adapters.persistence import SqlUnitOfWorkFactory, create_engine_for
from adapters.persistence.locks import SqlCompanyLocks
from application.integration.sync import queue_run
from domain.sync import SyncKind, SyncStatus, SyncTrigger
from tests.integration.persistence import builders as make


def test_one_holder_at_a_time_and_released_when_done(sql_uow_factory: SqlUnitOfWorkFactory) -> None:
    locks = SqlCompanyLocks(sql_uow_factory.engine)
    with locks.hold(1) as first, locks.hold(1) as second, locks.hold(2) as other_company:
        assert first and not second and other_company
    with locks.hold(1) as again:
        assert again


def test_two_processes_on_one_sqlite_file_share_the_lock(sqlite_url: str) -> None:
    # `invoiced-netsuite sync` beside `serve`: two engines (two processes) on the same database.
    cli, server = create_engine_for(sqlite_url), create_engine_for(sqlite_url)
    try:
        with SqlCompanyLocks(cli).hold(7) as by_cli, SqlCompanyLocks(server).hold(7) as by_server:
            assert by_cli and not by_server
    finally:
        cli.dispose()
        server.dispose()


def test_a_dead_holders_lock_is_taken_over_once_its_ttl_has_passed(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    engine = sql_uow_factory.engine
    later = datetime.now(UTC) + timedelta(seconds=61)
    dead_holder, successor = SqlCompanyLocks(engine), SqlCompanyLocks(engine, now=lambda: later)
    # The first holder's heartbeat never comes in time: a minute later the lock is free to take.
    with dead_holder.hold(3, ttl_seconds=60) as dead, successor.hold(3, ttl_seconds=60) as taken_over:
        assert dead and taken_over


def test_a_live_holder_keeps_its_lock_past_the_ttl(sql_uow_factory: SqlUnitOfWorkFactory) -> None:
    locks = SqlCompanyLocks(sql_uow_factory.engine)
    with locks.hold(4, ttl_seconds=1) as held:
        time.sleep(1.5)  # three heartbeats
        with locks.hold(4, ttl_seconds=1) as other:
            assert held and not other


def test_sync_now_beside_a_stuck_run_neither_waits_on_itself_nor_returns_the_stuck_run(
    sql_uow_factory: SqlUnitOfWorkFactory,
) -> None:
    # On SQLite, asking the lock from inside Sync Now's own transaction waited on itself until
    # "database is locked"; and a run nobody executes must be replaced, not handed back.
    with sql_uow_factory() as uow:
        company = uow.companies.add(make.company())
        assert company.id is not None
        uow.connections.save(make.connection(company.id))
        stuck = uow.sync_runs.add(make.sync_run(company.id, status=SyncStatus.RUNNING, started_at=make.NOW))
        uow.commit()
    locks = SqlCompanyLocks(sql_uow_factory.engine)
    clock = FixedClock(make.NOW)
    started = time.monotonic()

    with locks.hold(company.id):  # its executor is alive: the running run is the answer
        alive, new = queue_run(
            sql_uow_factory, clock, company.id, SyncKind.ACCOUNTING_SYNC, SyncTrigger.API, locks
        )
        assert (alive.id, new) == (stuck.id, False)
    fresh, new = queue_run(
        sql_uow_factory, clock, company.id, SyncKind.ACCOUNTING_SYNC, SyncTrigger.API, locks
    )

    assert new and fresh.id != stuck.id and time.monotonic() - started < 5
