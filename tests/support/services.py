"""PostgreSQL and Redis for the integration tier: mandatory under CI=true, skipped visibly elsewhere."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name: str, host: str, port: int) -> None:
    """Skip with a reason when the server is absent; under CI=true its absence is a failure."""
    if _answers(host, port):
        return
    message = f"{name} is not answering on {host}:{port}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; under CI=true the {name} tests are mandatory (.ci/run starts it).")
    pytest.skip(f"{message}; start it to run these tests (they are mandatory under CI=true).")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of the test PostgreSQL database (schema is the test's business)."""
    require_service("PostgreSQL", "127.0.0.1", 5432)
    return POSTGRES_URL


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A Redis database flushed before and after the test."""
    require_service("Redis", "127.0.0.1", 6379)
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()
