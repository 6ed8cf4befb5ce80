"""Engines for the two supported databases: SQLite (the embedded default) and PostgreSQL (psycopg 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

DEFAULT_SQLITE_URL = "sqlite:///./data/invoiced-netsuite.db"

SQLITE_BUSY_TIMEOUT_SECONDS = 30


def create_engine_for(database_url: str, *, echo: bool = False) -> Engine:
    """An engine for `sqlite:///path` or `postgresql[+psycopg]://…`; raises ValueError for anything else.

    SQLite: WAL, foreign keys on, a busy timeout, and every transaction begins IMMEDIATE so writers
    queue for the one write lock instead of failing half-way ("database is locked"). A missing
    parent directory of the database file is created."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, echo=echo)
    if backend in ("postgresql", "postgres"):
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        # hide_parameters: a database error's message never carries row values (sealed credentials,
        # key hashes) into logs.
        return create_engine(url, echo=echo, pool_pre_ping=True, hide_parameters=True)
    raise ValueError(
        f"Unsupported database URL {url.render_as_string(hide_password=True)!r}: use "
        "sqlite:///path/to/file.db or postgresql+psycopg://user:password@host/database."
    )


def _sqlite_engine(url: URL, *, echo: bool) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
    options: dict[str, Any] = {
        "echo": echo,
        "hide_parameters": True,
        "connect_args": {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
    }
    if in_memory:
        options["poolclass"] = StaticPool  # one connection, or each would see its own empty database
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **options)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the sqlite3 module (which skips it before SELECT and SAVEPOINT).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
