"""Where the next sync starts reading NetSuite's payments from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

# The largest daylight-saving shift in use (Antarctica/Troll moves two hours; most zones one).
LARGEST_CLOCK_SHIFT = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class ReadWindow:
    """Where an incremental read starts: `since` (UTC), to be written on SuiteQL's clock with
    `suiteql_offset` (the offset SuiteQL's clock had then), or everything when `since` is None."""

    since: datetime | None
    suiteql_offset: timedelta | None


def read_window(
    watermark: datetime | None, watermark_offset: timedelta | None, offset_now: timedelta
) -> ReadWindow:
    """SuiteQL compares times on the integration user's wall clock, so the watermark is written as
    that clock showed it (its offset then), which is exact while the offset stays. When daylight
    saving time moved the clock since, wall-clock times around the change repeat or vanish; the
    window opens earlier by the shift, once, so nothing in the repeated hour is missed. Unchanged
    clocks cost no overlap at all, so a sync with nothing changed reads nothing twice."""
    if watermark is None:
        return ReadWindow(None, None)
    if watermark_offset is None:  # kept before SuiteQL's clock was measured: assume the largest shift
        return ReadWindow(watermark - LARGEST_CLOCK_SHIFT, offset_now)
    shift = abs(offset_now - watermark_offset)
    return ReadWindow(watermark - shift, watermark_offset)


def next_payments_watermark(
    server_time: datetime, previous: datetime | None, failed_changes: Iterable[datetime | None]
) -> datetime | None:
    """The server time at the start of the run, held back to the oldest NetSuite payment that failed
    in it, so a failed payment is read again next time (and its error can clear itself); a failure
    without a modification time keeps the previous watermark."""
    failed = list(failed_changes)
    if not failed:
        return server_time
    if any(moment is None for moment in failed):
        return previous
    return min([server_time, *(moment for moment in failed if moment is not None)])
