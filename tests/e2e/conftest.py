"""The end-to-end tier: the whole story over real HTTP to the sandbox, on SQLite and on PostgreSQL.

`story_database_url` gives each test a freshly migrated database of its own (a SQLite file, or a
PostgreSQL schema created, migrated and dropped around the test); `netsuite` reads the sandbox back
through SuiteQL with a signed session of the test's own, never through the product's gateway.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from adapters.persistence import create_engine_for, upgrade_database
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings
from netsuite_sandbox import SandboxServer
from tests.cli.conftest import cli  # noqa: F401  (the demo command is driven through the real CLI)
from tests.support.repositories import with_search_path
from tests.support.sandbox import sandbox_session

DATABASES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=DATABASES)
def story_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database migrated to the head revision for this test alone."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ledger.db'}"
        upgrade_database(url)
        yield url
        return
    postgres_url: str = request.getfixturevalue("postgres_url")
    schema = f"e2e_{uuid.uuid4().hex[:12]}"
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


@pytest.fixture
def container(story_database_url: str, tmp_path: Path) -> Iterator[Container]:
    """The production object graph (real SQL, real HTTP gateway) over the test's database."""
    built = build_container(Settings(data_dir=tmp_path / "data", database_url=story_database_url))
    yield built
    built.shutdown_resources()


class NetSuiteReader:
    """Reads the sandbox as any NetSuite client would: signed SuiteQL, amounts as Decimals."""

    def __init__(self, server: SandboxServer) -> None:
        self._server = server
        self._session = sandbox_session(server)

    def rows(self, query: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        offset = 0
        while True:
            answer = self._session.post(
                f"{self._server.base_url}/services/rest/query/v1/suiteql",
                params={"limit": 1000, "offset": offset},
                json={"q": query},
                headers={"Prefer": "transient"},
                timeout=30,
            )
            assert answer.status_code == 200, answer.text
            page = answer.json(parse_float=Decimal)
            found += [{k: v for k, v in row.items() if k != "links"} for row in page["items"]]
            if not page["hasMore"]:
                return found
            offset += 1000

    def close(self) -> None:
        self._session.close()


@pytest.fixture
def netsuite(netsuite_sandbox: SandboxServer) -> Iterator[NetSuiteReader]:
    reader = NetSuiteReader(netsuite_sandbox)
    yield reader
    reader.close()
