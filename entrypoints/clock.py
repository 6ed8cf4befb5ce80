"""The real clock: timezone-aware UTC, as the Clock port promises."""

from __future__ import annotations

from datetime import UTC, date, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        """Today's date in UTC, the ledger's one calendar."""
        return self.now().date()
