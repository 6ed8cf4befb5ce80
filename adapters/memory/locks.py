"""Per-company locks within one process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class InMemoryCompanyLocks:
    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._held: set[int] = set()

    @contextmanager
    def hold(self, company_id: int, *, ttl_seconds: int | None = None) -> Iterator[bool]:
        with self._guard:
            acquired = company_id not in self._held
            if acquired:
                self._held.add(company_id)
        try:
            yield acquired
        finally:
            if acquired:
                with self._guard:
                    self._held.discard(company_id)
