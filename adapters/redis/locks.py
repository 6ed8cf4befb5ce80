"""One sync per company across every worker process: a Redis lock per company (SET NX PX with a random
token, released by a compare-and-delete script: redis-py's Lock), with a TTL so a crashed worker frees it;
a live holder keeps renewing it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import structlog
from redis import Redis
from redis.exceptions import LockError, RedisError
from redis.lock import Lock

log = structlog.get_logger(__name__)

KEY_PREFIX = "invoiced-netsuite:company-lock:"
# A dead holder's lock frees itself after this long; a live one renews it every third of it.
DEFAULT_TTL_SECONDS = 60


class RedisCompanyLocks:
    def __init__(
        self, redis_client: Redis, *, key_prefix: str = KEY_PREFIX, ttl_seconds: int = DEFAULT_TTL_SECONDS
    ) -> None:
        self._redis = redis_client
        self._prefix = key_prefix
        self._ttl = ttl_seconds

    @staticmethod
    def _keep(lock: Lock, ttl_seconds: int, stop: threading.Event, company_id: int) -> None:
        while not stop.wait(ttl_seconds / 3):
            try:
                lock.extend(ttl_seconds, replace_ttl=True)
            except (LockError, RedisError) as trouble:  # lost it (or Redis is away): the TTL decides
                log.warning("company_lock_not_renewed", company_id=company_id, error=str(trouble))
                return

    def key(self, company_id: int) -> str:
        return f"{self._prefix}{int(company_id)}"

    @contextmanager
    def hold(self, company_id: int, *, ttl_seconds: int | None = None) -> Iterator[bool]:
        """Yields True when this caller got the lock, False when another holder has it. Never waits."""
        ttl_seconds = self._ttl if ttl_seconds is None else ttl_seconds
        if ttl_seconds <= 0:
            raise ValueError("A company lock needs a positive TTL, so a crashed worker cannot keep it.")
        lock = self._redis.lock(self.key(company_id), timeout=ttl_seconds, thread_local=False)
        acquired = lock.acquire(blocking=False)
        keeping = threading.Event()
        if acquired:  # a live holder renews its TTL, so a sync longer than the TTL keeps its lock
            threading.Thread(
                target=self._keep, args=(lock, ttl_seconds, keeping, company_id), daemon=True
            ).start()
        try:
            yield acquired
        finally:
            keeping.set()
            if acquired:
                try:
                    lock.release()
                except LockError:
                    # The TTL ran out before the work did; another worker may hold it now, leave theirs be.
                    log.warning("company_lock_expired", company_id=company_id, ttl_seconds=ttl_seconds)
                except RedisError as trouble:  # the work is done; the lock's TTL frees it in the end
                    log.warning("company_lock_release_failed", company_id=company_id, error=str(trouble))
