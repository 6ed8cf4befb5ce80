"""The account's concurrency limit, the latency of every answer, and request statistics."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from typing import Any


class ConcurrencyGate:
    """Admits at most `limit` requests at once, like NetSuite's per-account limit."""

    def __init__(self, limit: int) -> None:
        self._lock = threading.Lock()
        self.limit = limit
        self.in_flight = 0
        self.highest_seen = 0
        # Counting the requests turned away too: what the clients asked for, which a well-behaved
        # client keeps at or below the limit (highest_seen can never pass it, by construction).
        self.highest_demanded = 0

    def try_enter(self) -> bool:
        with self._lock:
            self.highest_demanded = max(self.highest_demanded, self.in_flight + 1)
            if self.in_flight >= self.limit:
                return False
            self.in_flight += 1
            self.highest_seen = max(self.highest_seen, self.in_flight)
            return True

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def reset_highest(self) -> None:
        with self._lock:
            self.highest_seen = self.in_flight
            self.highest_demanded = self.in_flight


class RequestStats:
    """Counts answers by endpoint (method + path pattern) and status."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: defaultdict[str, Counter[int]] = defaultdict(Counter)

    def record(self, endpoint: str, status: int) -> None:
        with self._lock:
            self._counts[endpoint][status] += 1

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            by_endpoint = {
                endpoint: {str(status): count for status, count in sorted(counter.items())}
                for endpoint, counter in sorted(self._counts.items())
            }
            by_status: Counter[int] = Counter()
            for counter in self._counts.values():
                by_status.update(counter)
        return {
            "total": sum(by_status.values()),
            "by_status": {str(status): count for status, count in sorted(by_status.items())},
            "by_endpoint": by_endpoint,
        }


def endpoint_name(method: str, path: str) -> str:
    """'GET /record/v1/invoice/{id}' — the path with ids replaced, for the statistics."""
    parts = path.rstrip("/").split("/")
    if path.startswith("/services/rest/"):
        parts = parts[3:]  # drop '', 'services', 'rest'
        if len(parts) >= 4 and parts[0] == "async":
            parts[3] = "{id}"  # async/v1/job/{id}/task/{id}/result
            if len(parts) >= 6:
                parts[5] = "{id}"
        if len(parts) >= 3 and parts[0] == "record":
            parts[2] = parts[2].lower()
            if len(parts) >= 4:
                parts[3] = "eid:{externalId}" if parts[3].lower().startswith("eid:") else "{id}"
        return f"{method} /" + "/".join(parts)
    return f"{method} {path}"
