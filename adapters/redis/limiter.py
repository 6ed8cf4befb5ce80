"""The NetSuite concurrency budget of one account, shared by every worker process through Redis.

Each request in flight holds a lease: a member of a sorted set scored by when it expires. A Lua script
drops expired leases and adds one only while fewer than `limit` are held, atomically, on Redis's own
clock (so the workers' clocks need not agree). A crashed worker's leases expire by themselves; a live
one's are renewed by a `LeaseKeeper` thread, so a lease can be short while a request runs long."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import structlog
from redis import Redis
from redis.exceptions import RedisError

from application.errors import NetSuiteUnavailable

log = structlog.get_logger(__name__)

KEY_PREFIX = "invoiced-netsuite:netsuite-slots:"

_NOW_MS = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
"""

_ACQUIRE = (
    _NOW_MS
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  return 1
end
return 0
"""
)

# Only a lease that is still held is renewed: one that expired may already count for someone else.
_RENEW = (
    _NOW_MS
    + """
local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
if score and tonumber(score) > now then
  redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
  if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
    redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
  end
  return 1
end
return 0
"""
)

_IN_FLIGHT = (
    _NOW_MS
    + """
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
"""
)


class ConcurrencySlotTimeout(NetSuiteUnavailable):
    """Every request slot of the account stayed taken for longer than we are willing to wait."""


class LeaseKeeper:
    """One thread per process that renews the leases this process holds, every third of a lease."""

    def __init__(self, redis: Redis, lease_seconds: float) -> None:
        self._redis = redis
        self.lease_ms = max(1, int(lease_seconds * 1000))
        self._renew = redis.register_script(_RENEW)
        self._held: dict[str, str] = {}  # token -> key
        self._guard = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def keep(self, key: str, token: str) -> None:
        with self._guard:
            self._held[token] = key
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._run, name="netsuite-lease-keeper", daemon=True)
                self._thread.start()

    def drop(self, token: str) -> None:
        with self._guard:
            self._held.pop(token, None)

    def renew_all(self) -> None:
        with self._guard:
            held = list(self._held.items())
        for token, key in held:
            try:
                if not int(self._renew(keys=[key], args=[self.lease_ms, token])):
                    log.warning("netsuite_slot_lease_lost", key=key)
                    self.drop(token)
            except RedisError as error:
                # Keep trying: the lease outlives a short Redis hiccup.
                log.warning("netsuite_slot_lease_renewal_failed", error=str(error))

    def _run(self) -> None:
        while not self._stop.wait(self.lease_ms / 3000):
            self.renew_all()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


class RedisConcurrencyLimiter:
    """At most `limit` requests in flight to one NetSuite account, however many processes ask.

    With a `keeper`, held leases are renewed while their requests run, so `lease_seconds` only bounds
    how long a crashed worker's slots stay taken. Without one, the lease must outlast the slowest
    request: a lease that runs out while its request is still in flight lets one more request in."""

    def __init__(
        self,
        redis: Redis,
        account_id: str,
        limit: int,
        lease_seconds: float = 30.0,
        *,
        keeper: LeaseKeeper | None = None,
        acquire_timeout: float = 300.0,
        poll_seconds: float = 0.02,
        key_prefix: str = KEY_PREFIX,
    ) -> None:
        if limit < 1:
            raise ValueError(f"A NetSuite concurrency limit must be at least 1, not {limit}.")
        if lease_seconds <= 0 or acquire_timeout <= 0:
            raise ValueError("The lease and the acquire timeout must be positive numbers of seconds.")
        self._redis = redis
        self.account_id = account_id.strip().upper()
        self.limit = limit
        self._keeper = keeper
        self._lease_ms = keeper.lease_ms if keeper is not None else max(1, int(lease_seconds * 1000))
        self._acquire_timeout = acquire_timeout
        self._poll = poll_seconds
        self.key = f"{key_prefix}{self.account_id}"
        self._acquire_script = redis.register_script(_ACQUIRE)
        self._in_flight_script = redis.register_script(_IN_FLIGHT)

    def try_acquire(self) -> str | None:
        """Take a slot if one is free: its token, or None."""
        token = uuid.uuid4().hex
        taken = self._acquire_script(keys=[self.key], args=[self.limit, self._lease_ms, token])
        if int(taken) != 1:
            return None
        if self._keeper is not None:
            self._keeper.keep(self.key, token)
        return token

    def release(self, token: str) -> None:
        if self._keeper is not None:
            self._keeper.drop(token)
        try:
            released = self._redis.zrem(self.key, token)
        except RedisError as trouble:
            # The request itself is done (NetSuite may have taken a write): its lease expires on its own.
            log.warning("netsuite_slot_release_failed", account_id=self.account_id, error=str(trouble))
            return
        if not released:
            log.warning("netsuite_slot_lease_expired", account_id=self.account_id, lease_ms=self._lease_ms)

    def acquire(self) -> str:
        """Wait for a slot (small sleeps with jitter); raise ConcurrencySlotTimeout past the timeout."""
        deadline = time.monotonic() + self._acquire_timeout
        pause = self._poll
        while True:
            token = self.try_acquire()
            if token is not None:
                return token
            if time.monotonic() >= deadline:
                raise ConcurrencySlotTimeout(
                    f"Waited {self._acquire_timeout:g} s for one of the {self.limit} concurrent request "
                    f"slots of NetSuite account {self.account_id}, and they all stayed taken by other "
                    "syncs. Try again later, or raise the concurrency limit in the NetSuite settings if "
                    "the account's governance allows more."
                )
            time.sleep(random.uniform(pause / 2, pause))
            pause = min(pause * 1.5, 0.25)

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the account's request slots for the duration of the block."""
        token = self.acquire()
        try:
            yield
        finally:
            self.release(token)

    def in_flight(self) -> int:
        """How many leases are held right now, across every process."""
        return int(self._in_flight_script(keys=[self.key]))


class RedisLimiters:
    """The gateway factory's `limiter_for`: each account's budget in Redis, shared by every process,
    with this process's leases kept alive by one LeaseKeeper."""

    def __init__(
        self,
        redis: Redis,
        *,
        lease_seconds: float = 30.0,
        acquire_timeout: float = 300.0,
        key_prefix: str = KEY_PREFIX,
    ) -> None:
        self._redis = redis
        self.keeper = LeaseKeeper(redis, lease_seconds)
        self._acquire_timeout = acquire_timeout
        self._key_prefix = key_prefix

    def __call__(self, account_id: str, limit: int) -> RedisConcurrencyLimiter:
        return RedisConcurrencyLimiter(
            self._redis,
            account_id,
            limit,
            keeper=self.keeper,
            acquire_timeout=self._acquire_timeout,
            key_prefix=self._key_prefix,
        )

    def close(self) -> None:
        self.keeper.close()
