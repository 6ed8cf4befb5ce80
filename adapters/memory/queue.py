"""Records enqueued jobs; a test runs them by hand (or through a handler) to see their effect."""

from __future__ import annotations

from collections.abc import Callable


class InMemoryJobQueue:
    def __init__(self) -> None:
        self.jobs: list[tuple[str, int, int]] = []
        self.handlers: dict[str, Callable[[int, int], None]] = {}

    def _put(self, kind: str, company_id: int, object_id: int) -> None:
        self.jobs.append((kind, company_id, object_id))
        handler = self.handlers.get(kind)
        if handler is not None:
            handler(company_id, object_id)

    def enqueue_sync(self, company_id: int, run_id: int) -> None:
        self._put("sync", company_id, run_id)

    def enqueue_import(self, company_id: int, run_id: int) -> None:
        self._put("import", company_id, run_id)

    def enqueue_error_retry(self, company_id: int, error_id: int) -> None:
        self._put("retry", company_id, error_id)
