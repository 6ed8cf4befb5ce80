"""The NetSuite concurrency budget shared through real Redis: never more in flight than the limit."""

from __future__ import annotations

import threading
import time

import pytest
from redis import Redis

from adapters.redis import ConcurrencySlotTimeout, RedisConcurrencyLimiter, RedisLimiters
from application.errors import NetSuiteUnavailable

pytestmark = [pytest.mark.integration, pytest.mark.redis]


def test_many_holders_in_separate_clients_never_exceed_the_limit(own_redis_url: str) -> None:
    limit, holders, rounds = 3, 8, 6
    in_flight = peak = 0
    guard = threading.Lock()
    errors: list[BaseException] = []

    def worker() -> None:
        # Its own connection and limiter object, as a separate worker process would have.
        client = Redis.from_url(own_redis_url)
        limiter = RedisConcurrencyLimiter(client, "1234567_SB1", limit, lease_seconds=30)
        nonlocal in_flight, peak
        try:
            for _ in range(rounds):
                with limiter.slot():
                    with guard:
                        in_flight += 1
                        peak = max(peak, in_flight)
                    time.sleep(0.01)
                    with guard:
                        in_flight -= 1
        except BaseException as error:  # surfaced below
            errors.append(error)
        finally:
            client.close()

    threads = [threading.Thread(target=worker) for _ in range(holders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert peak == limit  # the budget was used in full, and never more
    assert RedisConcurrencyLimiter(Redis.from_url(own_redis_url), "1234567_SB1", limit).in_flight() == 0


def test_a_slot_is_given_back_when_the_request_fails(redis_client: Redis) -> None:
    limiter = RedisConcurrencyLimiter(redis_client, "1234567", 1)

    with pytest.raises(RuntimeError), limiter.slot():
        assert limiter.in_flight() == 1
        raise RuntimeError("NetSuite answered 500")

    assert limiter.in_flight() == 0
    with limiter.slot():
        pass


def test_a_crashed_workers_slots_free_themselves_when_their_lease_runs_out(redis_client: Redis) -> None:
    limiter = RedisConcurrencyLimiter(redis_client, "1234567", 2, lease_seconds=0.3, acquire_timeout=5)
    assert limiter.try_acquire() is not None
    assert limiter.try_acquire() is not None  # both taken, never released: the worker "crashed"
    assert limiter.try_acquire() is None

    started = time.monotonic()
    with limiter.slot():
        waited = time.monotonic() - started
    assert 0.1 < waited < 3


def test_waiting_too_long_for_a_slot_is_a_clear_run_level_error(redis_client: Redis) -> None:
    limiter = RedisConcurrencyLimiter(redis_client, "1234567", 1, acquire_timeout=0.3)
    assert limiter.try_acquire() is not None

    with pytest.raises(ConcurrencySlotTimeout) as raised, limiter.slot():
        pass

    assert isinstance(raised.value, NetSuiteUnavailable)
    assert "NetSuite account 1234567" in str(raised.value)
    assert "1 concurrent request slots" in str(raised.value)


def test_each_account_has_its_own_budget_and_account_ids_are_canonical(redis_client: Redis) -> None:
    limiter_for = RedisLimiters(redis_client, acquire_timeout=0.2)
    assert limiter_for("1234567_sb1", 1).try_acquire() is not None

    assert limiter_for("1234567_SB1", 1).try_acquire() is None  # the same account
    assert limiter_for("7654321", 1).try_acquire() is not None  # another account


def test_a_limit_below_one_is_refused(redis_client: Redis) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RedisConcurrencyLimiter(redis_client, "1234567", 0)


def test_a_live_workers_lease_is_renewed_while_its_request_runs_long(own_redis_url: str) -> None:
    mine, theirs = Redis.from_url(own_redis_url), Redis.from_url(own_redis_url)
    limiters = RedisLimiters(mine, lease_seconds=0.3)
    other_process = RedisConcurrencyLimiter(theirs, "1234567", 1, acquire_timeout=0.2)
    try:
        with limiters("1234567", 1).slot():
            time.sleep(1.0)  # three leases long: only renewal keeps the slot
            assert other_process.try_acquire() is None
        assert other_process.try_acquire() is not None
    finally:
        limiters.close()
        mine.close()
        theirs.close()


def test_a_crashed_worker_stops_renewing_and_its_slot_comes_free(own_redis_url: str) -> None:
    crashed = Redis.from_url(own_redis_url)
    limiters = RedisLimiters(crashed, lease_seconds=0.3)
    assert limiters("1234567", 1).try_acquire() is not None
    limiters.close()  # the process died: nobody renews, nobody releases

    survivor = RedisConcurrencyLimiter(Redis.from_url(own_redis_url), "1234567", 1, acquire_timeout=3)
    with survivor.slot():
        pass
    crashed.close()


def test_a_redis_hiccup_while_giving_a_slot_back_does_not_fail_the_finished_request(
    redis_client: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    from redis.exceptions import ConnectionError as RedisConnectionError

    limiter = RedisConcurrencyLimiter(redis_client, "1234567", 1, lease_seconds=1)
    with limiter.slot():

        def refuse(*args: object) -> int:
            raise RedisConnectionError("Redis restarting")

        monkeypatch.setattr(redis_client, "zrem", refuse)
        answered = "NetSuite took the write"
    assert answered  # the slot's exit did not raise; the lease runs out by itself
    monkeypatch.undo()
    time.sleep(1.2)
    assert limiter.in_flight() == 0
