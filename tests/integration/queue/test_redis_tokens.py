"""OAuth 2.0 access tokens shared through real Redis: sealed at rest, one minter at a time, and a worker
dropping the token NetSuite refused never drops a newer one."""

from __future__ import annotations

import threading
import time

import pytest
from redis import Redis

from adapters.memory import InMemorySecretBox
from adapters.redis import RedisTokenCache
from adapters.redis.tokens import KEY_PREFIX

pytestmark = [pytest.mark.integration, pytest.mark.redis]


def test_a_token_put_by_one_worker_is_read_by_another_and_sealed_at_rest(own_redis_url: str) -> None:
    box = InMemorySecretBox()
    first, second = (RedisTokenCache(Redis.from_url(own_redis_url), box) for _ in range(2))

    first.put("ACCT:abc", "token-one", 30)

    assert second.get("ACCT:abc") == "token-one"
    stored = Redis.from_url(own_redis_url).get(KEY_PREFIX + "ACCT:abc")
    assert stored is not None and b"token-one" not in stored


def test_a_token_expires_with_its_time_to_live(redis_client: Redis) -> None:
    cache = RedisTokenCache(redis_client, InMemorySecretBox())
    cache.put("ACCT:abc", "short", 0.2)
    time.sleep(0.3)
    assert cache.get("ACCT:abc") is None


def test_discarding_a_refused_token_keeps_a_newer_one(redis_client: Redis) -> None:
    cache = RedisTokenCache(redis_client, InMemorySecretBox())
    cache.put("ACCT:abc", "newer", 30)

    cache.discard("ACCT:abc", "older")
    assert cache.get("ACCT:abc") == "newer"
    cache.discard("ACCT:abc", "newer")
    assert cache.get("ACCT:abc") is None


def test_only_one_worker_mints_while_the_others_wait_for_its_token(own_redis_url: str) -> None:
    box = InMemorySecretBox()
    minted: list[str] = []
    got: list[str] = []

    def worker(name: str) -> None:
        cache = RedisTokenCache(Redis.from_url(own_redis_url), box)
        token = cache.get("ACCT:abc")
        if token is None:
            with cache.minting("ACCT:abc"):
                token = cache.get("ACCT:abc")
                if token is None:
                    time.sleep(0.2)  # the token request
                    minted.append(name)
                    token = f"token-of-{name}"
                    cache.put("ACCT:abc", token, 30)
        got.append(token)

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert len(minted) == 1 and got == [f"token-of-{minted[0]}"] * 4
