"""Failed sign-ins through Redis: two HTTP processes (two adapters on one Redis) share one count, the
wait is the window's remaining time, and the subjects are stored hashed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import redis
from cryptography.fernet import Fernet
from redis.backoff import NoBackoff
from redis.retry import Retry

from adapters.redis import RedisFailedSignIns
from entrypoints.container import build_container
from entrypoints.settings import Settings
from entrypoints.worker.wiring import FAILED_SIGN_IN_LIMIT

pytestmark = [pytest.mark.integration, pytest.mark.redis]


def test_every_process_sees_the_failures_of_the_others(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    first = RedisFailedSignIns(client, limit=4, window_seconds=120)
    second = RedisFailedSignIns(redis.Redis.from_url(redis_url), limit=4, window_seconds=120)

    first.record_failure(["client:203.0.113.9", "key:ink_abcdef"])
    second.record_failure(["client:203.0.113.9", "key:ink_abcdef"])
    first.record_failure(["client:203.0.113.9"])
    assert second.retry_after(["client:203.0.113.9"]) is None
    second.record_failure(["client:203.0.113.9"])

    wait = first.retry_after(["client:198.51.100.1", "client:203.0.113.9"])
    assert wait is not None and 110 <= wait <= 120
    assert second.retry_after(["key:ink_abcdef"]) is None, "the prefix failed twice, not four times"
    stored = b" ".join(client.keys("*"))
    assert b"203.0.113.9" not in stored and b"ink_abcdef" not in stored


def test_a_window_ends_by_itself(redis_url: str) -> None:
    sign_ins = RedisFailedSignIns(redis.Redis.from_url(redis_url), limit=1, window_seconds=1)

    sign_ins.record_failure(["client:a"])
    assert sign_ins.retry_after(["client:a"]) == 1
    client = redis.Redis.from_url(redis_url)
    client.pexpire(sign_ins.key("client:a"), 1)
    time.sleep(0.01)
    assert sign_ins.retry_after(["client:a"]) is None


def test_redis_away_lets_sign_ins_through_rather_than_refusing_everyone() -> None:
    sign_ins = RedisFailedSignIns(
        redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=Retry(NoBackoff(), 0)),
        limit=1,
        window_seconds=60,
    )

    sign_ins.record_failure(["client:a"])
    assert sign_ins.retry_after(["client:a"]) is None


def test_a_service_with_redis_counts_failed_sign_ins_there(redis_url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, redis_url=redis_url, secret_key=Fernet.generate_key().decode())
    first, second = build_container(settings), build_container(settings)
    try:
        for _ in range(FAILED_SIGN_IN_LIMIT):
            first.failed_sign_ins().record_failure(["client:203.0.113.9"])

        assert isinstance(second.failed_sign_ins(), RedisFailedSignIns)
        assert second.failed_sign_ins().retry_after(["client:203.0.113.9"]) is not None
    finally:
        first.shutdown_resources()
        second.shutdown_resources()
