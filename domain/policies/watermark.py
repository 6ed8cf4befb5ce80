"""Where the next sync starts reading NetSuite's payments from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime


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
