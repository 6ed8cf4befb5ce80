"""A Redis database of this test session's own, so concurrent test sessions on one server (developers
running the suite side by side) neither see nor flush each other's locks and slots."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from redis import Redis


@pytest.fixture
def own_redis_url(redis_url: str) -> Iterator[str]:
    base, _, _ = redis_url.rpartition("/")
    url = f"{base}/{1 + os.getpid() % 14}"
    client = Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def redis_client(own_redis_url: str) -> Iterator[Redis]:
    client = Redis.from_url(own_redis_url)
    yield client
    client.close()
