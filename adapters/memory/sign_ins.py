"""Failed sign-ins counted in this process (the embedded default, and the tests)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence

# Beyond this many subjects the oldest windows are dropped, so a flood of addresses cannot grow memory.
MAX_SUBJECTS = 100_000


class InMemoryFailedSignIns:
    """Satisfies FailedSignIns: at most `limit` failures per subject in a fixed window of
    `window_seconds` that starts with the subject's first failure."""

    def __init__(
        self, *, limit: int, window_seconds: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self._clock = clock
        self._windows: dict[str, tuple[float, int]] = {}  # subject -> (window ends at, failures)
        self._lock = threading.Lock()

    def retry_after(self, subjects: Sequence[str]) -> int | None:
        now = self._clock()
        waits = []
        with self._lock:
            for subject in subjects:
                ends, failures = self._windows.get(subject, (0.0, 0))
                if ends > now and failures >= self.limit:
                    waits.append(max(1, math.ceil(ends - now)))
        return max(waits) if waits else None

    def record_failure(self, subjects: Sequence[str]) -> None:
        now = self._clock()
        with self._lock:
            for subject in subjects:
                ends, failures = self._windows.get(subject, (0.0, 0))
                if ends <= now:
                    ends, failures = now + self.window_seconds, 0
                self._windows.pop(subject, None)  # re-inserted last: the dict stays oldest-first
                self._windows[subject] = (ends, failures + 1)
            while len(self._windows) > MAX_SUBJECTS:
                del self._windows[next(iter(self._windows))]
