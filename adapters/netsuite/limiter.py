"""How many requests may be in flight to one NetSuite account at once.

NetSuite's concurrency limit is per account and shared by every integration and every worker, so
the budget is held by a limiter keyed by account id. The in-process one shares a semaphore between
all gateways of one process; a Redis-backed one (same protocol) can share it across processes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol


class ConcurrencyLimiter(Protocol):
    """Holds one of the account's request slots while a request is in flight."""

    def slot(self) -> AbstractContextManager[None]:
        """Block until a slot is free, hold it for the `with` block, then give it back."""
        ...


# (account id, limit) -> the limiter every gateway of that account uses.
LimiterFor = Callable[[str, int], ConcurrencyLimiter]


class LocalConcurrencyLimiter:
    """A bounded semaphore: at most `limit` slots held at once within this process."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"A concurrency limit must be at least 1, not {limit}.")
        self.limit = limit
        self._semaphore = threading.BoundedSemaphore(limit)
        self._lock = threading.Lock()
        self._in_flight = 0
        self._peak = 0

    @contextmanager
    def slot(self) -> Iterator[None]:
        self._semaphore.acquire()
        with self._lock:
            self._in_flight += 1
            self._peak = max(self._peak, self._in_flight)
        try:
            yield
        finally:
            with self._lock:
                self._in_flight -= 1
            self._semaphore.release()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @property
    def peak(self) -> int:
        """The most slots ever held at once (for monitoring and tests)."""
        return self._peak


_local_limiters: dict[str, LocalConcurrencyLimiter] = {}
_local_limiters_lock = threading.Lock()


def local_limiter_for(account_id: str, limit: int) -> LocalConcurrencyLimiter:
    """The process-wide limiter of one account. A changed limit (the setting was edited) replaces it;
    requests already holding slots of the old one finish undisturbed."""
    key = account_id.strip().upper()
    with _local_limiters_lock:
        limiter = _local_limiters.get(key)
        if limiter is None or limiter.limit != limit:
            limiter = LocalConcurrencyLimiter(limit)
            _local_limiters[key] = limiter
        return limiter
