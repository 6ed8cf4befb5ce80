"""Our API served for real: uvicorn on a free loopback port, over a freshly migrated PostgreSQL schema."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from sqlalchemy import text

from adapters.persistence import create_engine_for, upgrade_database
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings
from tests.support.repositories import with_search_path


@contextmanager
def migrated_schema(postgres_url: str) -> Iterator[str]:
    """A database URL whose search path is a new schema, migrated to the head revision, dropped after."""
    schema = f"api_{uuid.uuid4().hex[:12]}"
    admin = create_engine_for(postgres_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = with_search_path(postgres_url, schema)
        upgrade_database(url)
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def production_container(database_url: str, data_dir: Path, secret_key: str) -> Container:
    return build_container(Settings(data_dir=data_dir, database_url=database_url, secret_key=secret_key))


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """The app behind uvicorn on 127.0.0.1 (a free port) until the block ends; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
