"""One sync per company across processes: the company lock in real Redis."""

from __future__ import annotations

import time

import pytest
from redis import Redis

from adapters.redis import RedisCompanyLocks

pytestmark = [pytest.mark.integration, pytest.mark.redis]


def test_a_second_holder_elsewhere_is_refused_until_the_first_lets_go(own_redis_url: str) -> None:
    # Two clients, as two worker processes would have.
    first = RedisCompanyLocks(Redis.from_url(own_redis_url))
    second = RedisCompanyLocks(Redis.from_url(own_redis_url))

    with first.hold(7) as got_first:
        with second.hold(7) as got_second:
            assert (got_first, got_second) == (True, False)
        with second.hold(8) as other_company:
            assert other_company is True
    with second.hold(7) as got_after:
        assert got_after is True


def test_the_lock_is_released_when_the_work_raises(redis_client: Redis) -> None:
    locks = RedisCompanyLocks(redis_client)

    with pytest.raises(RuntimeError), locks.hold(7):
        raise RuntimeError("the sync crashed")

    assert redis_client.exists(locks.key(7)) == 0


def test_a_crashed_holder_frees_the_lock_when_its_ttl_runs_out(redis_client: Redis) -> None:
    locks = RedisCompanyLocks(redis_client)
    # A worker that took the lock and died without releasing it.
    assert redis_client.set(locks.key(7), "token-of-a-dead-worker", nx=True, px=300)

    with locks.hold(7) as got:
        assert got is False
    time.sleep(0.4)
    with locks.hold(7) as got:
        assert got is True
        assert 0 < redis_client.pttl(locks.key(7)) <= 3_600_000


def test_an_expired_holder_never_deletes_the_next_holders_lock(redis_client: Redis) -> None:
    locks = RedisCompanyLocks(redis_client)

    with locks.hold(7, ttl_seconds=1) as got:
        assert got is True
        redis_client.delete(locks.key(7))  # the TTL ran out mid-sync ...
        assert redis_client.set(locks.key(7), "the-next-worker", nx=True)  # ... and another took it

    assert redis_client.get(locks.key(7)) == b"the-next-worker"


def test_a_lock_without_a_ttl_is_refused(redis_client: Redis) -> None:
    with (
        pytest.raises(ValueError, match="positive TTL"),
        RedisCompanyLocks(redis_client).hold(7, ttl_seconds=0),
    ):
        pass


def test_a_live_holder_keeps_its_lock_past_the_ttl(redis_client: Redis) -> None:
    locks = RedisCompanyLocks(redis_client)

    with locks.hold(7, ttl_seconds=1) as got:
        assert got is True
        time.sleep(2.2)  # a sync running longer than the lock's TTL
        with locks.hold(7, ttl_seconds=1) as second:
            assert second is False, "another worker got the company while its sync still ran"

    with locks.hold(7, ttl_seconds=1) as after:
        assert after is True
