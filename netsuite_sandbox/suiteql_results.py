"""Result sets kept between the pages of one SuiteQL query, so page k costs what page 1 costs.

NetSuite pages a query by `offset`/`limit` and answers every page from the same query; a client
reading 100 pages of 1,000 rows must not make the sandbox run the query (and fetch up to 100,000
rows) 100 times. A result set is kept under everything that decides its rows: the SQL, its
parameters, the user's preferences (SuiteQL's clock and formats), the account's clock when the query
reads it, and the database's change counter. Any write changes the counter, so a page after a write
is the query run again, exactly what re-running the query for every page would have answered.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

# A few queries paged side by side (a sync reads invoices, payments and credit memos in turn);
# each holds at most 100,000 rows, as many as one page used to fetch before this cache existed.
MAX_RESULT_SETS = 4
# Nothing in NetSuite expires a query's pages; this only frees what a client stopped reading.
IDLE_SECONDS = 300.0


@dataclass(frozen=True)
class ResultSet:
    names: list[str]
    rows: list[sqlite3.Row]


class ResultSets:
    """Result sets by key, least recently used first out; safe across the server's threads."""

    def __init__(
        self,
        capacity: int = MAX_RESULT_SETS,
        idle_seconds: float = IDLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._capacity = capacity
        self._idle_seconds = idle_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._kept: OrderedDict[Hashable, tuple[float, ResultSet]] = OrderedDict()
        self.runs = 0  # queries actually run (a test reads it to prove pages reuse one run)

    def get_or_run(self, key: Hashable, generation: int, run: Callable[[], ResultSet]) -> ResultSet:
        """The result set kept under `key` at this database `generation`, or `run()`'s, kept."""
        full_key = (generation, key)
        now = self._clock()
        with self._lock:
            self._forget(lambda kept_key, used: kept_key[0] != generation or now - used > self._idle_seconds)
            found = self._kept.get(full_key)
            if found is not None:
                self._kept[full_key] = (now, found[1])
                self._kept.move_to_end(full_key)
                return found[1]
        result = run()
        with self._lock:
            self.runs += 1
            self._kept[full_key] = (now, result)
            while len(self._kept) > self._capacity:
                self._kept.popitem(last=False)
        return result

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._kept)

    def _forget(self, stale: Callable[[tuple[int, Hashable], float], bool]) -> None:
        for kept_key in [k for k, (used, _) in self._kept.items() if stale(k, used)]:  # type: ignore[arg-type]
            del self._kept[kept_key]
